//! The eligibility rules as a table of cases, one row per edge DOMAIN.md names.
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
