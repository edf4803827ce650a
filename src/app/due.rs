//! What is due: for the clerk's municipality and the next days, the cards that end, the
//! children who turn 18, the education and disability proofs that end, the LT school leavers
//! who stop counting on 1 September, and the families that stop qualifying when a child ages
//! out; and, for the family page, the notice of a card that ends within 30 days.
//!
//! The work is bounded by the window, not by the register: the candidates come from date ranges
//! on indexed columns (`store::due`), and only their families are assessed, with the rules of
//! `domain::eligibility` at the days to come. Nothing here changes anything, so nothing is
//! audited: it is a reading, as a family's file is.

use std::collections::{HashMap, HashSet};

use kartu_card::{CardNumber, Country, Municipality, Role};
use time::{Date, Duration, Month, PrimitiveDateTime};

use crate::app::actor::Actor;
use crate::app::error::{Context, Error};
use crate::app::members;
use crate::app::Kartu;
use crate::domain::access::{Permission, Scope};
use crate::domain::calendar;
use crate::domain::card_state::CardState;
use crate::domain::eligibility::{self, MemberReason, Rules, AGE_LIMITS};
use crate::store::card::Card;
use crate::store::due::{self, EndingCard};
use crate::store::family::{Family, FamilyId};
use crate::store::member::Member;
use crate::store::{from_unix, to_unix, DbConnection};

/// The window when none is asked for, in days.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest window, in days.
pub const MAX_DAYS: i64 = 366;
/// From how many days before its end the family page tells about a card.
pub const NOTICE_DAYS: i64 = 30;

/// Why an entry is due. The entry's date means, per kind: the card's last valid day; the 18th
/// birthday; the proof's last day; the first day a school leaver no longer counts (1 September);
/// the first day the family no longer qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DueKind {
    CardEnds,
    Turns18,
    EducationEnds,
    DisabilityEnds,
    SchoolLeaver,
    FamilyStopsQualifying,
}

impl DueKind {
    pub const ALL: [DueKind; 6] = [
        DueKind::CardEnds,
        DueKind::Turns18,
        DueKind::EducationEnds,
        DueKind::DisabilityEnds,
        DueKind::SchoolLeaver,
        DueKind::FamilyStopsQualifying,
    ];

    /// A stable code for the API and the message keys (`due-kind-<code>`).
    pub fn code(self) -> &'static str {
        match self {
            DueKind::CardEnds => "card_ends",
            DueKind::Turns18 => "turns_18",
            DueKind::EducationEnds => "education_ends",
            DueKind::DisabilityEnds => "disability_ends",
            DueKind::SchoolLeaver => "school_leaver",
            DueKind::FamilyStopsQualifying => "family_stops_qualifying",
        }
    }
}

/// One thing that is due. Names are the clerk's own register; a national ID never appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEntry {
    pub kind: DueKind,
    pub date: Date,
    pub family_id: FamilyId,
    pub family_number: i32,
    pub reference: String,
    /// The member it is about; for a family that stops qualifying, the child whose end makes it
    /// stop.
    pub member_number: Option<i32>,
    pub member_name: Option<String>,
    /// The card that ends (`card_ends` only).
    pub card_number: Option<CardNumber>,
}

/// What is due in one municipality from `from` to `until` (local dates, both included).
#[derive(Debug, Clone)]
pub struct DueList {
    pub municipality: Municipality,
    pub days: i64,
    pub from: Date,
    pub until: Date,
    /// Sorted by date, then family and member number.
    pub entries: Vec<DueEntry>,
}

/// The window a caller typed: a whole number of days, else [`DEFAULT_DAYS`] when empty.
pub fn days(text: Option<&str>) -> Result<i64, Error> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(DEFAULT_DAYS),
        Some(t) => t.parse().map_err(|_| {
            Error::field(
                "days",
                "out_of_range",
                format!("days is a whole number between 1 and {MAX_DAYS}"),
            )
        }),
    }
}

/// What is due in the actor's municipality in the next `days` days (1 to 366), today included.
pub fn due(k: &Kartu, actor: &Actor, days: i64) -> Result<DueList, Error> {
    actor.require(Permission::HandleFamilies)?;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::field(
            "days",
            "out_of_range",
            format!("days must be between 1 and {MAX_DAYS}"),
        ));
    }
    let municipality = match actor.scope() {
        Scope::One(m) => m,
        Scope::All => {
            return Err(Error::conflict(
                "one_municipality",
                "what is due is listed for one municipality: ask as one of its clerks",
            ))
        }
    };
    let now = k.now();
    let from = calendar::local_today(municipality, now);
    let until = from.saturating_add(Duration::days(days));
    let mut entries = k.db.read(|conn| {
        let window = Window {
            municipality,
            now,
            from,
            until,
        };
        list(conn, &k.rules, &window)
    })?;
    entries.sort_by(|a, b| {
        (a.date, a.family_number, a.member_number, a.kind).cmp(&(
            b.date,
            b.family_number,
            b.member_number,
            b.kind,
        ))
    });
    Ok(DueList {
        municipality,
        days,
        from,
        until,
        entries,
    })
}

/// The municipality, the time of the question, and the local dates asked about.
struct Window {
    municipality: Municipality,
    now: i64,
    from: Date,
    until: Date,
}

impl Window {
    fn holds(&self, day: Date) -> bool {
        (self.from..=self.until).contains(&day)
    }
}

fn list(conn: &mut DbConnection, rules: &Rules, w: &Window) -> Result<Vec<DueEntry>, Error> {
    let m = w.municipality;
    let cards = due::cards_ending(
        conn,
        m,
        from_unix(w.now),
        from_unix(calendar::end_of_day(m, w.until)),
    )
    .context("finding the cards that end")?;
    let ids = candidates(conn, w, &cards)?;
    let families = due::families(conn, m, &ids).context("loading the families")?;
    let mut members: HashMap<FamilyId, Vec<Member>> = HashMap::new();
    for member in due::members_of(conn, &ids).context("loading the members")? {
        members
            .entry(member.family_id.clone())
            .or_default()
            .push(member);
    }
    let by_id: HashMap<&FamilyId, &Family> = families.iter().map(|f| (&f.id, f)).collect();
    let mut entries = Vec::new();
    for c in &cards {
        let Some(f) = by_id.get(&c.family_id) else {
            continue;
        };
        let holder = members
            .get(&c.family_id)
            .and_then(|ms| ms.iter().find(|x| x.id == c.member_id));
        let mut e = entry(
            DueKind::CardEnds,
            local_day(c.municipality, c.valid_until),
            f,
            holder,
        );
        e.card_number = Some(c.number);
        entries.push(e);
    }
    for f in &families {
        let of_family = members.get(&f.id).map_or(&[][..], Vec::as_slice);
        entries.extend(of_members(f, of_family, w));
        entries.extend(stops_qualifying(f, of_family, rules, w));
    }
    Ok(entries)
}

/// The families that something may happen to in the window: those of the cards that end, and
/// those with a child near an age limit or a proof that ends.
fn candidates(
    conn: &mut DbConnection,
    w: &Window,
    cards: &[EndingCard],
) -> Result<Vec<FamilyId>, Error> {
    let m = w.municipality;
    let mut ids: HashSet<FamilyId> = cards.iter().map(|c| c.family_id.clone()).collect();
    for age in AGE_LIMITS {
        // A day wider on each side: 29 February birthdays fall on 28 February.
        let born_from = years_before(w.from, age).saturating_sub(Duration::DAY);
        let born_until = years_before(w.until, age).saturating_add(Duration::DAY);
        ids.extend(
            due::families_with_child_born(conn, m, born_from, born_until)
                .context("finding the children near an age limit")?,
        );
    }
    let mut education = vec![(w.from, w.until)];
    if m.country() == Country::Lithuania {
        // LT school leavers count until 1 September of the year they left (domain::eligibility):
        // for each 1 September in the window, whoever left school in January–August before it.
        for year in w.from.year()..=w.until.year() {
            let (Ok(january), Ok(september)) = (
                Date::from_calendar_date(year, Month::January, 1),
                Date::from_calendar_date(year, Month::September, 1),
            ) else {
                continue;
            };
            if w.holds(september) {
                education.push((january, september.saturating_sub(Duration::DAY)));
            }
        }
    }
    for (from, until) in education {
        ids.extend(
            due::families_with_education_ending(conn, m, from, until)
                .context("finding the educations that end")?,
        );
    }
    ids.extend(
        due::families_with_disability_ending(conn, m, w.from, w.until)
            .context("finding the disability certificates that end")?,
    );
    let mut ids: Vec<FamilyId> = ids.into_iter().collect();
    ids.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(ids)
}

/// The same day `years` earlier; 29 February becomes 28 February.
fn years_before(day: Date, years: i32) -> Date {
    let year = day.year().saturating_sub(years);
    let d = day.day().min(day.month().length(year));
    Date::from_calendar_date(year, day.month(), d).unwrap_or(Date::MIN)
}

/// The local day of a stored time (a card's last valid moment) in the municipality.
fn local_day(municipality: Municipality, at: PrimitiveDateTime) -> Date {
    calendar::local_today(municipality, to_unix(at))
}

fn entry(kind: DueKind, date: Date, f: &Family, member: Option<&Member>) -> DueEntry {
    DueEntry {
        kind,
        date,
        family_id: f.id.clone(),
        family_number: f.family_number,
        reference: f.reference.clone(),
        member_number: member.map(|m| m.member_number),
        member_name: member.map(|m| m.name.clone()),
        card_number: None,
    }
}

/// What happens to each member in the window: an 18th birthday, a proof that ends, the end of a
/// school leaver's summer.
fn of_members(f: &Family, members: &[Member], w: &Window) -> Vec<DueEntry> {
    let country = f.municipality.country();
    let mut out = Vec::new();
    for m in members {
        if m.role == Role::Child {
            let birthday = eligibility::eighteenth_birthday(m.birth_date);
            if w.holds(birthday) {
                out.push(entry(DueKind::Turns18, birthday, f, Some(m)));
            }
        }
        if let Some(day) = m.education_until.filter(|d| w.holds(*d)) {
            out.push(entry(DueKind::EducationEnds, day, f, Some(m)));
        }
        if let Some(day) = m.disability_until.filter(|d| w.holds(*d)) {
            out.push(entry(DueKind::DisabilityEnds, day, f, Some(m)));
        }
        let leaver = eligibility::counts_until(country, &members::facts(m), w.from);
        if let Some((last, MemberReason::ChildSchoolLeaver { .. })) = leaver {
            let first_day_out = last.saturating_add(Duration::DAY);
            if w.holds(first_day_out) {
                out.push(entry(DueKind::SchoolLeaver, first_day_out, f, Some(m)));
            }
        }
    }
    out
}

/// The first day in the window the family no longer qualifies, if it qualifies today: the
/// family is assessed again on the day after each of its counting children's own end.
fn stops_qualifying(f: &Family, members: &[Member], rules: &Rules, w: &Window) -> Option<DueEntry> {
    let today = members::assess_on(members, f.municipality, rules, w.from);
    if !today.qualifies {
        return None;
    }
    let mut ends: Vec<(Date, &Member)> = members
        .iter()
        .zip(&today.members)
        .filter_map(|(m, a)| Some((a.own_until?.saturating_add(Duration::DAY), m)))
        .filter(|(day, _)| w.holds(*day))
        .collect();
    ends.sort_by_key(|(day, m)| (*day, m.member_number));
    ends.into_iter().find_map(|(day, child)| {
        let then = members::assess_on(members, f.municipality, rules, day);
        (!then.qualifies).then(|| entry(DueKind::FamilyStopsQualifying, day, f, Some(child)))
    })
}

/// What the family page advises about a card that ends soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// The holder turns 18 or their education ends: bring proof of studies.
    ProofOfStudies,
    /// Their disability certificate ends: bring the new one.
    DisabilityCertificate,
    /// Anything else: renew at the office.
    Renew,
}

impl Advice {
    pub fn code(self) -> &'static str {
        match self {
            Advice::ProofOfStudies => "studies",
            Advice::DisabilityCertificate => "disability",
            Advice::Renew => "renew",
        }
    }
}

/// A card of the family page that ends within [`NOTICE_DAYS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNotice {
    pub number: CardNumber,
    pub holder: String,
    /// The card's last valid day.
    pub ends: Date,
    pub advice: Advice,
}

/// The notices of the family page: each active card whose last day is at most [`NOTICE_DAYS`]
/// days away, with what to bring. The ground the holder counts on on the card's last day tells
/// why it ends then.
pub fn card_notices(k: &Kartu, cards: &[(Member, Card)]) -> Vec<CardNotice> {
    let now = k.now();
    cards
        .iter()
        .filter(|(_, c)| c.status == CardState::Active && to_unix(c.valid_until) >= now)
        .filter_map(|(m, c)| {
            let ends = local_day(c.municipality, c.valid_until);
            let today = calendar::local_today(c.municipality, now);
            if (ends - today).whole_days() > NOTICE_DAYS {
                return None;
            }
            let country = c.municipality.country();
            let ground = eligibility::counts_until(country, &members::facts(m), ends)
                .filter(|(last, _)| *last == ends)
                .map(|(_, reason)| reason);
            let advice = match ground {
                Some(
                    MemberReason::ChildUnder18 { .. }
                    | MemberReason::ChildInEducation { .. }
                    | MemberReason::ChildSchoolLeaver { .. },
                ) => Advice::ProofOfStudies,
                Some(MemberReason::ChildDisabilityCertificate { .. }) => {
                    Advice::DisabilityCertificate
                }
                _ => Advice::Renew,
            };
            Some(CardNotice {
                number: c.number,
                holder: m.name.clone(),
                ends,
                advice,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_year_back_from_29_february_is_28_february() {
        assert_eq!(
            years_before(date!(2028 - 02 - 29), 18),
            date!(2010 - 02 - 28)
        );
        assert_eq!(
            years_before(date!(2027 - 06 - 15), 24),
            date!(2003 - 06 - 15)
        );
    }

    #[test]
    fn every_kind_has_its_own_code() {
        let codes: HashSet<&str> = DueKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), DueKind::ALL.len());
    }
}
