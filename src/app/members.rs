//! Members of a family: reading a member from the input, storing them (one person, one
//! registration), and their eligibility today.

use kartu_card::{Municipality, PersonName, Role};
use time::{Date, PrimitiveDateTime};

use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::domain::calendar;
use crate::domain::eligibility::{self, FamilyAssessment, MemberAssessment, MemberFacts, Rules};
use crate::domain::national_id::{IdHashSecret, NationalId};
use crate::store::family::FamilyId;
use crate::store::member::{self, Member, MemberId};
use crate::store::{new_id, DbConnection};

/// A member as a clerk typed them.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    /// Full name in its original letters.
    pub name: String,
    /// `parent` or `child`.
    pub role: String,
    pub birth_date: String,
    /// Asmens kodas (ALY, VAR) or PESEL (ELK): checked, hashed, never stored or shown.
    pub national_id: String,
    /// Last day of full-time education, if any.
    pub education_until: Option<String>,
    /// Last day of a disability certificate, if any.
    pub disability_until: Option<String>,
}

/// A member as registered, parsed.
#[derive(Debug)]
pub struct NewMember {
    pub name: PersonName,
    pub role: Role,
    pub birth_date: Date,
    pub education_until: Option<Date>,
    pub disability_until: Option<Date>,
    pub national_id: NationalId,
}

impl MemberInput {
    /// The member, with each problem in `fields` under `prefix` (`members[2].`); the national ID
    /// is checked by the rules of `municipality`'s country and against the birth date.
    pub fn parse(
        &self,
        municipality: Municipality,
        prefix: &str,
        fields: &mut Fields,
    ) -> Option<NewMember> {
        let f = |name: &str| format!("{prefix}{name}");
        let name = fields.name(&f("name"), &self.name);
        let role = fields.role(&f("role"), &self.role);
        let birth_date = fields.date(&f("birth_date"), &self.birth_date);
        let education_until =
            fields.optional_date(&f("education_until"), self.education_until.as_deref());
        let disability_until =
            fields.optional_date(&f("disability_until"), self.disability_until.as_deref());
        let national_id = birth_date.and_then(|b| {
            match NationalId::parse_for(municipality.country(), &self.national_id, b) {
                Ok(id) => Some(id),
                Err(e) => {
                    fields.push(f("national_id"), e.code(), e.to_string());
                    None
                }
            }
        });
        Some(NewMember {
            name: name?,
            role: role?,
            birth_date: birth_date?,
            education_until,
            disability_until,
            national_id: national_id?,
        })
    }
}

/// What a clerk may change about a member: `None` leaves a field as it is; for the dates,
/// `Some(None)` or `Some(Some(""))` clears it.
#[derive(Debug, Clone, Default)]
pub struct MemberPatch {
    pub name: Option<String>,
    pub education_until: Option<Option<String>>,
    pub disability_until: Option<Option<String>>,
}

/// Inserts a member; a person registered elsewhere gives a field error under `field`.
pub fn insert(
    conn: &mut DbConnection,
    family: &FamilyId,
    new: &NewMember,
    secret: &IdHashSecret,
    field: String,
    at: PrimitiveDateTime,
) -> Result<MemberId, Error> {
    let number = member::next_number(conn, family).context("numbering the member")?;
    if number > i32::from(kartu_card::MAX_MEMBER) {
        return Err(Error::field(
            field,
            "too_many_members",
            "a family can have at most 99 members over its lifetime",
        ));
    }
    let id = MemberId(new_id());
    let row = Member {
        id: id.clone(),
        family_id: family.clone(),
        member_number: number,
        name: new.name.to_string(),
        name_ascii: new.name.transliterate().to_lowercase(),
        role: new.role,
        birth_date: new.birth_date,
        education_until: new.education_until,
        disability_until: new.disability_until,
        national_id_hash: new.national_id.keyed_hash(secret).to_vec(),
        removed_at: None,
        created_at: at,
        updated_at: at,
        erased_at: None,
    };
    match member::insert(conn, row) {
        Ok(()) => Ok(id),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(Error::field(
            field,
            "already_registered",
            "this person is already registered in a family; find that family instead",
        )),
        Err(e) => Err(Error::from(e).context("storing the member")),
    }
}

/// What the eligibility rules know of a member.
pub fn facts(m: &Member) -> MemberFacts {
    MemberFacts {
        role: m.role,
        birth_date: m.birth_date,
        education_until: m.education_until,
        disability_until: m.disability_until,
    }
}

/// The family's eligibility at `now`, in its municipality's local date.
pub fn assess(
    members: &[Member],
    municipality: Municipality,
    rules: &Rules,
    now: i64,
) -> FamilyAssessment {
    assess_on(
        members,
        municipality,
        rules,
        calendar::local_today(municipality, now),
    )
}

/// The family's eligibility on `day`, a local date of its municipality (today or later: what
/// is due asks about days to come).
pub fn assess_on(
    members: &[Member],
    municipality: Municipality,
    rules: &Rules,
    day: Date,
) -> FamilyAssessment {
    let facts: Vec<MemberFacts> = members.iter().map(facts).collect();
    eligibility::assess(municipality.country(), &facts, day, rules)
}

/// The last day a card issued to `member` at `now` may be valid, or why none may be.
pub fn card_until(
    conn: &mut DbConnection,
    rules: &Rules,
    municipality: Municipality,
    member: &Member,
    now: i64,
) -> Result<Date, Error> {
    let members = member::of_family(conn, &member.family_id).context("loading the family")?;
    let assessment = assess(&members, municipality, rules, now);
    let a: &MemberAssessment = members
        .iter()
        .zip(&assessment.members)
        .find(|(m, _)| m.id == member.id)
        .map(|(_, a)| a)
        .ok_or(Error::NotFound("member"))?;
    match a.card_until.filter(|_| a.qualifies) {
        Some(until) => Ok(until),
        None => Err(Error::conflict(
            "not_eligible",
            format!(
                "{} no longer qualifies ({}): {}",
                member.name,
                a.reason.code(),
                a.reason
            ),
        )),
    }
}
