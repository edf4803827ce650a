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

/// The birthdays on which a child may stop counting: 18, and the education age limits (24 in
/// LT, 25 in PL). What is due looks for children near them.
pub const AGE_LIMITS: [i32; 3] = [CHILD_AGE, EDUCATION_AGE_LT, EDUCATION_AGE_PL];

/// The day someone born on `birth` turns 18 (29 February: 28 February in a common year).
pub fn eighteenth_birthday(birth: Date) -> Date {
    birthday(birth, CHILD_AGE)
}

/// A child on their own on `today`, before the family is counted: the last day they count and
/// on which ground; None when they count on none (or are a parent, who has no own end).
pub fn counts_until(
    country: Country,
    m: &MemberFacts,
    today: Date,
) -> Option<(Date, MemberReason)> {
    match m.role {
        Role::Child => match child(country, m, today) {
            Own::Counts { until, reason } => Some((until, reason)),
            _ => None,
        },
        Role::Parent => None,
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
mod tests;
