//! Who qualifies for a large-family card, and until when: the rules of DOMAIN.md ("Existing
//! national schemes", "Rules this service follows") as one pure function, [`assess`].
//!
//! This module never reads the clock, a file or the database: `today` (the local date of the
//! issuing municipality) and every fact come from the caller, so a result can always be
//! reproduced. It never sees a national ID number either.
//!
//! # The rules as implemented
//! - A child counts on `today` on any of these grounds; the member's own end is the latest end
//!   among the grounds that hold today:
//!   - under 18: the last day is the day before the 18th birthday;
//!   - in education (`education_until >= today`) and under 25 (PL) or under 24 (LT): until the
//!     earlier of `education_until` and the day before that birthday;
//!   - LT school leavers: a child whose `education_until` falls in January–August counts until
//!     31 August of that year (DOMAIN.md: "until 1 September of their leaving year"; we read 1
//!     September as the first day that no longer counts), never past the day before the 24th
//!     birthday. Any education may be the "school": the service is not told which kind it is;
//!   - a disability certificate valid today (`disability_until >= today`): at any age, until the
//!     certificate's last day.
//! - LT also requires children over 18 to be unmarried and childless; the service does not record
//!   either, so the clerk checks it and this module assumes it.
//! - A birthday on 29 February falls on 28 February in a year without one (the end-of-month rule
//!   of Lithuanian and Polish civil law), so such a child's last day under 18 is 27 February.
//! - A family qualifies while at least 3 of its children count. LT's other route ("families
//!   caring for a disabled person") is covered only through a disabled child, who counts at any
//!   age; a family with fewer than 3 children does not qualify here.
//! - PL (Karta Dużej Rodziny): parents have no end of their own and the family's count is checked
//!   only when it applies, so nothing caps a PL card but the member's own end and the maximum
//!   card lifetime; `family_until` is `None`. Renewal re-assesses the family.
//! - LT (Šeimos kortelė): the family qualifies until its count of qualifying children drops below
//!   3, which on today's facts is the 3rd-latest own end among its qualifying children. Every LT
//!   card, a parent's or a child's, ends no later than that day.
//! - Parents qualify when the family qualifies; a child when it counts itself and the family
//!   qualifies. A child that counts but whose family does not is refused with its own reason code.
//! - A card issued today is valid at most `max_card_days` calendar days including today (at
//!   least today itself, whatever the configuration says).

use std::fmt;

use kartu_card::{Country, Role};
use time::{Date, Month};

/// The fewest qualifying children a family needs.
pub const MIN_CHILDREN: usize = 3;

/// Age limits, in years: a child counts until the day before these birthdays.
const CHILD_AGE: i32 = 18;
const EDUCATION_AGE_LT: i32 = 24;
const EDUCATION_AGE_PL: i32 = 25;

/// What the service knows about one member of a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberFacts {
    pub role: Role,
    pub birth_date: Date,
    /// Last day of (full-time) education, if the member is or was in education.
    pub education_until: Option<Date>,
    /// Last day of a disability certificate, if the member holds or held one.
    pub disability_until: Option<Date>,
}

/// Configuration of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The longest a card may be valid, in calendar days including the day of issue.
    pub max_card_days: i64,
}

/// The verdict on a family on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAssessment {
    pub qualifies: bool,
    pub qualifying_children: usize,
    /// Last day the family qualifies (inclusive); None when it has no end under the country's
    /// rules (PL), or when it does not qualify.
    pub family_until: Option<Date>,
    /// Why the family does not qualify; None when it does.
    pub refusal: Option<FamilyRefusal>,
    /// One per member, in the order of the input.
    pub members: Vec<MemberAssessment>,
}

/// The verdict on one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberAssessment {
    pub qualifies: bool,
    /// Last day (inclusive) this member counts on their own; None for parents (no own end) and for
    /// children who do not count.
    pub own_until: Option<Date>,
    /// Last day (inclusive) a card issued today may be valid: the earliest of `own_until`, the
    /// family's end where it applies (LT), and the maximum card lifetime. None when not qualifying.
    pub card_until: Option<Date>,
    pub reason: MemberReason,
}

/// Why a member qualifies or not. `Display` is a sentence a clerk can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberReason {
    ChildUnder18 {
        until: Date,
    },
    ChildInEducation {
        until: Date,
    },
    ChildSchoolLeaver {
        until: Date,
    },
    ChildDisabilityCertificate {
        until: Date,
    },
    /// The child counts, but the family has too few children that do.
    ChildFamilyNotQualifying,
    ChildTooOld {
        turned_18: Date,
    },
    ChildEducationEnded {
        ended: Date,
    },
    ChildEducationPastAgeLimit {
        age: i32,
        birthday: Date,
    },
    DisabilityCertificateExpired {
        ended: Date,
    },
    NotBornYet {
        birth_date: Date,
    },
    ParentOfQualifyingFamily,
    ParentFamilyNotQualifying,
}

impl MemberReason {
    /// A stable code for API answers.
    pub fn code(&self) -> &'static str {
        match self {
            MemberReason::ChildUnder18 { .. } => "child_under_18",
            MemberReason::ChildInEducation { .. } => "child_in_education",
            MemberReason::ChildSchoolLeaver { .. } => "child_school_leaver",
            MemberReason::ChildDisabilityCertificate { .. } => "child_disability_certificate",
            MemberReason::ChildFamilyNotQualifying => "child_family_not_qualifying",
            MemberReason::ChildTooOld { .. } => "child_too_old",
            MemberReason::ChildEducationEnded { .. } => "child_education_ended",
            MemberReason::ChildEducationPastAgeLimit { .. } => "child_education_past_age_limit",
            MemberReason::DisabilityCertificateExpired { .. } => "disability_certificate_expired",
            MemberReason::NotBornYet { .. } => "not_born_yet",
            MemberReason::ParentOfQualifyingFamily => "parent_of_qualifying_family",
            MemberReason::ParentFamilyNotQualifying => "parent_family_not_qualifying",
        }
    }
}

impl fmt::Display for MemberReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemberReason::ChildUnder18 { until } => {
                write!(f, "counts until the day before their 18th birthday, {until}")
            }
            MemberReason::ChildInEducation { until } => {
                write!(f, "counts while in education, until {until}")
            }
            MemberReason::ChildSchoolLeaver { until } => write!(
                f,
                "counts as a school leaver until {until} (31 August of the leaving year at the latest)"
            ),
            MemberReason::ChildDisabilityCertificate { until } => write!(
                f,
                "counts while their disability certificate is valid, until {until}"
            ),
            MemberReason::ChildFamilyNotQualifying => write!(
                f,
                "counts as a child, but the family has fewer than {MIN_CHILDREN} children who do"
            ),
            MemberReason::ChildTooOld { turned_18 } => write!(
                f,
                "turned 18 on {turned_18}, is not in education and holds no valid disability certificate"
            ),
            MemberReason::ChildEducationEnded { ended } => {
                write!(f, "is 18 or older and their education ended on {ended}")
            }
            MemberReason::ChildEducationPastAgeLimit { age, birthday } => write!(
                f,
                "is in education but turned {age} on {birthday}, the age limit for children in education"
            ),
            MemberReason::DisabilityCertificateExpired { ended } => {
                write!(f, "is 18 or older and their disability certificate ended on {ended}")
            }
            MemberReason::NotBornYet { birth_date } => {
                write!(f, "is not born yet: the birth date {birth_date} is after today")
            }
            MemberReason::ParentOfQualifyingFamily => write!(
                f,
                "parent of a family with at least {MIN_CHILDREN} qualifying children"
            ),
            MemberReason::ParentFamilyNotQualifying => write!(
                f,
                "parent of a family with fewer than {MIN_CHILDREN} qualifying children"
            ),
        }
    }
}

/// Why a family does not qualify. `Display` is a sentence a clerk can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyRefusal {
    NoChildren,
    TooFewChildren { qualifying: usize },
}

impl FamilyRefusal {
    /// A stable code for API answers.
    pub fn code(&self) -> &'static str {
        match self {
            FamilyRefusal::NoChildren => "family_no_children",
            FamilyRefusal::TooFewChildren { .. } => "family_too_few_children",
        }
    }
}

impl fmt::Display for FamilyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FamilyRefusal::NoChildren => write!(
                f,
                "the family has no children registered; it needs at least {MIN_CHILDREN} qualifying children"
            ),
            FamilyRefusal::TooFewChildren { qualifying: 0 } => write!(
                f,
                "none of the children qualifies; a family needs at least {MIN_CHILDREN}"
            ),
            FamilyRefusal::TooFewChildren { qualifying: 1 } => write!(
                f,
                "only 1 child qualifies; a family needs at least {MIN_CHILDREN}"
            ),
            FamilyRefusal::TooFewChildren { qualifying } => write!(
                f,
                "only {qualifying} children qualify; a family needs at least {MIN_CHILDREN}"
            ),
        }
    }
}

/// Assesses a family on `today`, the local date of its municipality.
pub fn assess(
    country: Country,
    members: &[MemberFacts],
    today: Date,
    rules: &Rules,
) -> FamilyAssessment {
    let own: Vec<Own> = members
        .iter()
        .map(|m| match m.role {
            Role::Child => child(country, m, today),
            Role::Parent => Own::Parent,
        })
        .collect();
    let mut child_ends: Vec<Date> = own
        .iter()
        .filter_map(|o| match o {
            Own::Counts { until, .. } => Some(*until),
            _ => None,
        })
        .collect();
    let qualifying_children = child_ends.len();
    let qualifies = qualifying_children >= MIN_CHILDREN;
    let refusal = if qualifies {
        None
    } else if members.iter().all(|m| m.role != Role::Child) {
        Some(FamilyRefusal::NoChildren)
    } else {
        Some(FamilyRefusal::TooFewChildren {
            qualifying: qualifying_children,
        })
    };
    let family_until = match country {
        Country::Lithuania if qualifies => {
            child_ends.sort_unstable_by(|a, b| b.cmp(a));
            child_ends.get(MIN_CHILDREN - 1).copied()
        }
        _ => None,
    };
    let last_card_day = last_card_day(today, rules);
    let card_until = |own_until: Option<Date>| {
        [own_until, family_until]
            .into_iter()
            .flatten()
            .fold(last_card_day, Date::min)
    };
    let members = own
        .into_iter()
        .map(|o| match o {
            Own::Parent if qualifies => MemberAssessment {
                qualifies: true,
                own_until: None,
                card_until: Some(card_until(None)),
                reason: MemberReason::ParentOfQualifyingFamily,
            },
            Own::Parent => refused(None, MemberReason::ParentFamilyNotQualifying),
            Own::Counts { until, reason } if qualifies => MemberAssessment {
                qualifies: true,
                own_until: Some(until),
                card_until: Some(card_until(Some(until))),
                reason,
            },
            Own::Counts { until, .. } => {
                refused(Some(until), MemberReason::ChildFamilyNotQualifying)
            }
            Own::DoesNotCount(reason) => refused(None, reason),
        })
        .collect();
    FamilyAssessment {
        qualifies,
        qualifying_children,
        family_until,
        refusal,
        members,
    }
}

fn refused(own_until: Option<Date>, reason: MemberReason) -> MemberAssessment {
    MemberAssessment {
        qualifies: false,
        own_until,
        card_until: None,
        reason,
    }
}

/// A member on their own, before the family is counted.
enum Own {
    Parent,
    Counts { until: Date, reason: MemberReason },
    DoesNotCount(MemberReason),
}

fn child(country: Country, m: &MemberFacts, today: Date) -> Own {
    if m.birth_date > today {
        return Own::DoesNotCount(MemberReason::NotBornYet {
            birth_date: m.birth_date,
        });
    }
    let (education_age, school_leavers) = match country {
        Country::Lithuania => (EDUCATION_AGE_LT, true),
        Country::Poland => (EDUCATION_AGE_PL, false),
    };
    let education_limit = last_day_under(m.birth_date, education_age);
    let under_18 = last_day_under(m.birth_date, CHILD_AGE);
    let education = m.education_until.map(|ended| {
        // LT school leavers: the summer after leaving extends the education's end.
        let summer = school_leavers
            .then(|| end_of_leaving_summer(ended))
            .flatten();
        let until = summer.map_or(ended, |s| s.max(ended)).min(education_limit);
        if until > ended {
            (until, MemberReason::ChildSchoolLeaver { until })
        } else {
            (until, MemberReason::ChildInEducation { until })
        }
    });
    let disability = m
        .disability_until
        .map(|until| (until, MemberReason::ChildDisabilityCertificate { until }));
    let grounds = [
        Some((under_18, MemberReason::ChildUnder18 { until: under_18 })),
        education,
        disability,
    ];
    // The latest end that holds today. `max_by_key` keeps the last of equals, so, reversed, the
    // first ground named above explains a tie.
    let best = grounds
        .into_iter()
        .flatten()
        .filter(|(until, _)| *until >= today)
        .rev()
        .max_by_key(|(until, _)| *until);
    match best {
        Some((until, reason)) => Own::Counts { until, reason },
        None => Own::DoesNotCount(why_not(m, today, education_age, education_limit)),
    }
}

/// Why a child born on or before `today` counts on no ground: they are 18 or older by then.
fn why_not(
    m: &MemberFacts,
    today: Date,
    education_age: i32,
    education_limit: Date,
) -> MemberReason {
    if m.education_until.is_some_and(|e| e >= today) {
        return MemberReason::ChildEducationPastAgeLimit {
            age: education_age,
            birthday: education_limit.next_day().unwrap_or(Date::MAX),
        };
    }
    // Of an ended education and an expired certificate, name the one that ended last.
    match (m.education_until, m.disability_until) {
        (Some(e), Some(d)) if e > d => MemberReason::ChildEducationEnded { ended: e },
        (_, Some(d)) => MemberReason::DisabilityCertificateExpired { ended: d },
        (Some(e), None) => MemberReason::ChildEducationEnded { ended: e },
        (None, None) => MemberReason::ChildTooOld {
            turned_18: birthday(m.birth_date, CHILD_AGE),
        },
    }
}

/// The `years`th birthday; 29 February becomes 28 February in a year without it.
fn birthday(birth: Date, years: i32) -> Date {
    let year = birth.year().saturating_add(years);
    let day = birth.day().min(birth.month().length(year));
    Date::from_calendar_date(year, birth.month(), day).unwrap_or(Date::MAX)
}

/// The last day someone born on `birth` is younger than `years`.
fn last_day_under(birth: Date, years: i32) -> Date {
    let day = birthday(birth, years);
    day.previous_day().unwrap_or(day)
}

/// 31 August of the year education ended in, if it ended in January–August (LT school leavers).
fn end_of_leaving_summer(ended: Date) -> Option<Date> {
    if u8::from(ended.month()) > u8::from(Month::August) {
        return None;
    }
    Date::from_calendar_date(ended.year(), Month::August, 31).ok()
}

/// The last day of a card issued today: `max_card_days` calendar days counting today.
fn last_card_day(today: Date, rules: &Rules) -> Date {
    let extra = rules
        .max_card_days
        .clamp(1, i64::from(i32::MAX / 2))
        .saturating_sub(1);
    let extra = i32::try_from(extra).unwrap_or(i32::MAX / 2);
    Date::from_julian_day(today.to_julian_day().saturating_add(extra)).unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const LT: Country = Country::Lithuania;
    const PL: Country = Country::Poland;
    const BOTH: &[Country] = &[LT, PL];
    const LT_ONLY: &[Country] = &[LT];
    const PL_ONLY: &[Country] = &[PL];
    const RULES: Rules = Rules { max_card_days: 730 };
    /// Most rows are assessed on this day; a card issued then lasts until `LAST_CARD_DAY`.
    const TODAY: Date = date!(2026 - 06 - 15);
    const LAST_CARD_DAY: Date = date!(2028 - 06 - 13);

    fn facts(role: Role, birth_date: Date) -> MemberFacts {
        MemberFacts {
            role,
            birth_date,
            education_until: None,
            disability_until: None,
        }
    }

    fn parent() -> MemberFacts {
        facts(Role::Parent, date!(1980 - 01 - 01))
    }

    fn child(birth: Date) -> MemberFacts {
        facts(Role::Child, birth)
    }

    /// A child that counts well beyond any card's lifetime.
    fn toddler() -> MemberFacts {
        child(date!(2024 - 01 - 01))
    }

    fn in_education(birth: Date, until: Date) -> MemberFacts {
        MemberFacts {
            education_until: Some(until),
            ..child(birth)
        }
    }

    fn disabled(birth: Date, until: Date) -> MemberFacts {
        MemberFacts {
            disability_until: Some(until),
            ..child(birth)
        }
    }

    /// A parent, the child under test (index 1) and two toddlers.
    fn siblings(subject: MemberFacts) -> Vec<MemberFacts> {
        vec![parent(), subject, toddler(), toddler()]
    }

    fn toddlers(count: usize) -> Vec<MemberFacts> {
        std::iter::once(parent())
            .chain(std::iter::repeat_n(toddler(), count))
            .collect()
    }

    /// Four children whose own ends are 2027-01-10, 2027-04-30, 2027-12-31 and 2029-01-31.
    fn staggered() -> Vec<MemberFacts> {
        vec![
            parent(),
            child(date!(2009 - 01 - 11)),
            child(date!(2009 - 05 - 01)),
            child(date!(2010 - 01 - 01)),
            child(date!(2011 - 02 - 01)),
        ]
    }

    /// (case, countries, today, family, member under test, qualifies, card_until, reason)
    type Row = (
        &'static str,
        &'static [Country],
        Date,
        Vec<MemberFacts>,
        usize,
        bool,
        Option<Date>,
        &'static str,
    );

    #[test]
    fn members_qualify_until_the_earliest_end_that_applies() {
        #[rustfmt::skip]
        let rows: Vec<Row> = vec![
            ("an 18th birthday today ends the count as a child",
             BOTH, TODAY, siblings(child(date!(2008-06-15))), 1, false, None, "child_too_old"),
            ("an 18th birthday today still counts while in education",
             BOTH, TODAY, siblings(in_education(date!(2008-06-15), date!(2026-12-22))), 1, true, Some(date!(2026-12-22)), "child_in_education"),
            ("the day before the 18th birthday is the last day",
             BOTH, TODAY, siblings(child(date!(2008-06-16))), 1, true, Some(TODAY), "child_under_18"),
            ("born on 29 February, 27 February of a non-leap year is the last day under 18",
             BOTH, date!(2026-02-27), siblings(child(date!(2008-02-29))), 1, true, Some(date!(2026-02-27)), "child_under_18"),
            ("born on 29 February, one turns 18 on 28 February of a non-leap year",
             BOTH, date!(2026-02-28), siblings(child(date!(2008-02-29))), 1, false, None, "child_too_old"),
            ("an LT school leaver who finished in June counts until 31 August",
             LT_ONLY, date!(2026-07-10), siblings(in_education(date!(2008-03-01), date!(2026-06-19))), 1, true, Some(date!(2026-08-31)), "child_school_leaver"),
            ("an LT school leaver's card already runs to 31 August before leaving",
             LT_ONLY, date!(2026-05-04), siblings(in_education(date!(2008-03-01), date!(2026-06-19))), 1, true, Some(date!(2026-08-31)), "child_school_leaver"),
            ("an LT school leaver no longer counts on 1 September",
             LT_ONLY, date!(2026-09-01), siblings(in_education(date!(2008-03-01), date!(2026-06-19))), 1, false, None, "child_education_ended"),
            ("an LT school leaver stops counting the day before their 24th birthday",
             LT_ONLY, date!(2026-07-10), siblings(in_education(date!(2002-07-20), date!(2026-06-19))), 1, true, Some(date!(2026-07-19)), "child_school_leaver"),
            ("in PL, a child over 18 stops counting when education ends in June",
             PL_ONLY, date!(2026-07-10), siblings(in_education(date!(2008-03-01), date!(2026-06-19))), 1, false, None, "child_education_ended"),
            ("in LT, a child in education counts the day before their 24th birthday",
             LT_ONLY, TODAY, siblings(in_education(date!(2002-06-16), date!(2026-12-22))), 1, true, Some(TODAY), "child_in_education"),
            ("in LT, a child in education no longer counts on their 24th birthday",
             LT_ONLY, TODAY, siblings(in_education(date!(2002-06-15), date!(2026-12-22))), 1, false, None, "child_education_past_age_limit"),
            ("in PL, a child in education counts at 24, until the day before their 25th birthday",
             PL_ONLY, TODAY, siblings(in_education(date!(2002-06-15), date!(2027-12-22))), 1, true, Some(date!(2027-06-14)), "child_in_education"),
            ("in PL, a child in education counts the day before their 25th birthday",
             PL_ONLY, TODAY, siblings(in_education(date!(2001-06-16), date!(2026-12-22))), 1, true, Some(TODAY), "child_in_education"),
            ("in PL, a child in education no longer counts on their 25th birthday",
             PL_ONLY, TODAY, siblings(in_education(date!(2001-06-15), date!(2026-12-22))), 1, false, None, "child_education_past_age_limit"),
            ("a disability certificate counts at 30, until it ends",
             BOTH, TODAY, siblings(disabled(date!(1996-01-10), date!(2027-03-31))), 1, true, Some(date!(2027-03-31)), "child_disability_certificate"),
            ("a disability certificate counts on its last day",
             BOTH, TODAY, siblings(disabled(date!(1996-01-10), TODAY)), 1, true, Some(TODAY), "child_disability_certificate"),
            ("an expired disability certificate does not count",
             BOTH, TODAY, siblings(disabled(date!(1996-01-10), date!(2026-06-14))), 1, false, None, "disability_certificate_expired"),
            ("a disability certificate beyond the card lifetime is capped by it",
             BOTH, TODAY, siblings(disabled(date!(1996-01-10), date!(2030-12-31))), 1, true, Some(LAST_CARD_DAY), "child_disability_certificate"),
            ("a certificate outlasting the 18th birthday explains the card's end",
             BOTH, TODAY, siblings(disabled(date!(2010-01-10), date!(2028-01-31))), 1, true, Some(date!(2028-01-31)), "child_disability_certificate"),
            ("a child born after today does not count",
             BOTH, TODAY, siblings(child(date!(2026-07-01))), 1, false, None, "not_born_yet"),
            ("with exactly three qualifying children, a PL parent's card runs the full lifetime",
             PL_ONLY, TODAY, toddlers(3), 0, true, Some(LAST_CARD_DAY), "parent_of_qualifying_family"),
            ("with exactly three young children, an LT parent's card runs the full lifetime",
             LT_ONLY, TODAY, toddlers(3), 0, true, Some(LAST_CARD_DAY), "parent_of_qualifying_family"),
            ("with two qualifying children, a parent is refused",
             BOTH, TODAY, toddlers(2), 0, false, None, "parent_family_not_qualifying"),
            ("with two qualifying children, a child that counts is refused too",
             BOTH, TODAY, toddlers(2), 1, false, None, "child_family_not_qualifying"),
            ("three children of whom one is too old make no large family",
             BOTH, TODAY, siblings(child(date!(2000-01-01))), 0, false, None, "parent_family_not_qualifying"),
            ("in LT, a parent's card ends with the 3rd-latest child's end",
             LT_ONLY, TODAY, staggered(), 0, true, Some(date!(2027-04-30)), "parent_of_qualifying_family"),
            ("in LT, a child's card ends with the family too",
             LT_ONLY, TODAY, staggered(), 3, true, Some(date!(2027-04-30)), "child_under_18"),
            ("in LT, a child whose count ends before the family's keeps its own end",
             LT_ONLY, TODAY, staggered(), 1, true, Some(date!(2027-01-10)), "child_under_18"),
            ("in PL, the family's count caps no parent",
             PL_ONLY, TODAY, staggered(), 0, true, Some(LAST_CARD_DAY), "parent_of_qualifying_family"),
            ("in PL, the family's count caps no child",
             PL_ONLY, TODAY, staggered(), 3, true, Some(date!(2027-12-31)), "child_under_18"),
        ];
        for (case, countries, today, family, subject, qualifies, card_until, reason) in rows {
            for &country in countries {
                let assessment = assess(country, &family, today, &RULES);

                let member = &assessment.members[subject];
                let got = (member.qualifies, member.card_until, member.reason.code());
                assert_eq!(got, (qualifies, card_until, reason), "{country:?}: {case}");
            }
        }
    }

    #[test]
    fn an_lt_family_qualifies_until_its_third_latest_child_end_and_a_pl_family_without_end() {
        let family = staggered();

        let lt = assess(LT, &family, TODAY, &RULES);
        let pl = assess(PL, &family, TODAY, &RULES);

        assert!(lt.qualifies && pl.qualifies);
        assert_eq!(lt.qualifying_children, 4);
        assert_eq!(lt.family_until, Some(date!(2027 - 04 - 30)));
        assert_eq!(pl.family_until, None);
        assert_eq!(lt.refusal, None);
        assert_eq!(lt.members[0].own_until, None);
        assert_eq!(lt.members[4].own_until, Some(date!(2029 - 01 - 31)));
    }

    #[test]
    fn a_family_with_two_qualifying_children_is_refused_with_a_readable_reason() {
        let family = siblings(child(date!(2000 - 01 - 01)));

        let assessment = assess(PL, &family, TODAY, &RULES);

        assert!(!assessment.qualifies);
        assert_eq!(assessment.qualifying_children, 2);
        assert_eq!(assessment.family_until, None);
        let refusal = assessment.refusal.unwrap();
        assert_eq!(refusal.code(), "family_too_few_children");
        assert_eq!(
            refusal.to_string(),
            "only 2 children qualify; a family needs at least 3"
        );
        assert_eq!(assessment.members[2].own_until, Some(date!(2041 - 12 - 31)));
    }

    #[test]
    fn a_family_without_children_is_refused_as_such() {
        let assessment = assess(LT, &[parent(), parent()], TODAY, &RULES);

        assert_eq!(
            assessment.refusal.map(|r| r.code()),
            Some("family_no_children")
        );
        assert!(assessment.members.iter().all(|m| !m.qualifies));
    }

    #[test]
    fn a_card_lifetime_of_n_days_counts_today_as_the_first() {
        let family = toddlers(3);
        let cases = [
            (1, TODAY),
            (2, date!(2026 - 06 - 16)),
            (0, TODAY),
            (-5, TODAY),
        ];
        for (max_card_days, expected) in cases {
            let rules = Rules { max_card_days };

            let assessment = assess(PL, &family, TODAY, &rules);

            assert_eq!(
                assessment.members[0].card_until,
                Some(expected),
                "{max_card_days}"
            );
        }
        let huge = assess(
            PL,
            &family,
            TODAY,
            &Rules {
                max_card_days: i64::MAX,
            },
        );
        assert_eq!(huge.members[0].card_until, Some(Date::MAX));
    }

    #[test]
    fn reasons_read_as_sentences_with_their_dates() {
        let assessment = assess(LT, &staggered(), date!(2027 - 01 - 01), &RULES);

        let reason = assessment.members[1].reason;

        assert_eq!(
            reason.to_string(),
            "counts until the day before their 18th birthday, 2027-01-10"
        );
    }

    #[test]
    fn every_reason_has_its_own_snake_case_code() {
        let d = TODAY;
        let reasons = [
            MemberReason::ChildUnder18 { until: d },
            MemberReason::ChildInEducation { until: d },
            MemberReason::ChildSchoolLeaver { until: d },
            MemberReason::ChildDisabilityCertificate { until: d },
            MemberReason::ChildFamilyNotQualifying,
            MemberReason::ChildTooOld { turned_18: d },
            MemberReason::ChildEducationEnded { ended: d },
            MemberReason::ChildEducationPastAgeLimit {
                age: 24,
                birthday: d,
            },
            MemberReason::DisabilityCertificateExpired { ended: d },
            MemberReason::NotBornYet { birth_date: d },
            MemberReason::ParentOfQualifyingFamily,
            MemberReason::ParentFamilyNotQualifying,
        ];

        let mut codes: Vec<_> = reasons.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();

        assert_eq!(codes.len(), reasons.len());
        for code in codes {
            assert!(code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
        for r in reasons {
            assert!(r.to_string().len() > 20, "{r:?}");
        }
    }
}
