//! Request and response bodies of the JSON API, and the parsing of request fields into domain
//! types. Every parse failure names its field. Responses never carry a national ID.

use kartu_card::{Municipality, PersonName, Role};
use serde::{Deserialize, Deserializer, Serialize};
use time::macros::format_description;
use time::Date;
use utoipa::ToSchema;

use crate::eligibility::{FamilyAssessment, MemberAssessment};
use crate::error::{ApiError, FieldError};
use crate::issuance::NewMember;
use crate::models::card::Card;
use crate::models::card_event::CardEvent;
use crate::models::family::Family;
use crate::models::member::Member;
use crate::models::to_unix;
use crate::national_id::NationalId;
use crate::verdict::rfc3339;

/// Collects field errors so one answer lists every problem of a request.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn push(
        &mut self,
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }

    pub fn date(&mut self, field: &str, text: &str) -> Option<Date> {
        match Date::parse(text.trim(), format_description!("[year]-[month]-[day]")) {
            Ok(date) => Some(date),
            Err(time::error::Parse::TryFromParsed(_)) => {
                self.push(
                    field,
                    "impossible_date",
                    format!("{text:?} is not a day that exists"),
                );
                None
            }
            Err(_) => {
                self.push(field, "date_format", "write dates as YYYY-MM-DD");
                None
            }
        }
    }

    pub fn optional_date(&mut self, field: &str, text: Option<&str>) -> Option<Date> {
        text.filter(|t| !t.trim().is_empty())
            .and_then(|t| self.date(field, t))
    }

    pub fn municipality(&mut self, field: &str, text: &str) -> Option<Municipality> {
        match Municipality::parse(text) {
            Ok(m) => Some(m),
            Err(e) => {
                self.push(field, "unknown_municipality", e.to_string());
                None
            }
        }
    }

    pub fn name(&mut self, field: &str, text: &str) -> Option<PersonName> {
        match PersonName::parse(text) {
            Ok(n) => Some(n),
            Err(e) => {
                self.push(field, "invalid_name", e.to_string());
                None
            }
        }
    }

    pub fn role(&mut self, field: &str, text: &str) -> Option<Role> {
        match Role::parse(text) {
            Ok(r) => Some(r),
            Err(e) => {
                self.push(field, "unknown_role", e.to_string());
                None
            }
        }
    }
}

/// A member as the API receives it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMemberBody {
    /// Full name in its original letters, 1–64 characters.
    #[schema(example = "Žydrūnė Kazlauskienė")]
    pub name: String,
    /// `parent` or `child`.
    #[schema(example = "child")]
    pub role: String,
    #[schema(example = "2015-03-09")]
    pub birth_date: String,
    /// Asmens kodas (ALY, VAR) or PESEL (ELK). Checked, hashed, never stored or returned.
    #[schema(example = "51503091238")]
    pub national_id: String,
    /// Last day of full-time education, if the member is in education.
    pub education_until: Option<String>,
    /// Last day of a disability certificate, if any.
    pub disability_until: Option<String>,
}

impl NewMemberBody {
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFamilyBody {
    /// `ALY`, `VAR` or `ELK`.
    #[schema(example = "ALY")]
    pub municipality: String,
    /// The clerk's case reference, for finding the family again.
    #[serde(default)]
    pub reference: String,
    pub members: Vec<NewMemberBody>,
}

/// Absent: leave as is. `null` or `""`: clear. A date: set.
fn double_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberPatchBody {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub education_until: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub disability_until: Option<Option<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why, in the clerk's words (1–500 characters). Recorded with the act.
    #[schema(example = "reported lost by the holder")]
    pub reason: String,
}

impl ReasonBody {
    pub fn parse(&self) -> Result<String, ApiError> {
        let reason = self.reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(ApiError::field(
                "reason",
                "invalid_reason",
                "give a reason of 1 to 500 characters",
            ));
        }
        Ok(reason.to_string())
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityView {
    pub qualifies: bool,
    /// Stable code of the reason, e.g. `child_under_18`.
    pub reason: String,
    /// The reason in words a clerk can read.
    pub message: String,
    /// Last day a card issued today may be valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_until: Option<String>,
}

impl EligibilityView {
    fn member(a: &MemberAssessment) -> EligibilityView {
        EligibilityView {
            qualifies: a.qualifies,
            reason: a.reason.code().to_string(),
            message: a.reason.to_string(),
            card_until: a.card_until.map(|d| d.to_string()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyEligibilityView {
    pub qualifies: bool,
    pub qualifying_children: usize,
    /// Last day the family qualifies, when its country's rules set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal_message: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub id: String,
    pub member_number: i32,
    pub name: String,
    pub name_ascii: String,
    pub role: String,
    pub birth_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disability_until: Option<String>,
    pub eligibility: EligibilityView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardView {
    pub id: String,
    pub number: String,
    pub member_id: String,
    pub family_id: String,
    pub municipality: String,
    pub sequence: i32,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    pub expired: bool,
    pub valid_from: String,
    pub valid_until: String,
    pub kid: String,
    /// The signed QR text.
    pub qr_text: String,
    pub qr_png: String,
    pub qr_svg: String,
}

impl CardView {
    /// The status a person reads: `expired` for an active card past its last day, else the
    /// stored status (`active`, `suspended`, `revoked`).
    pub fn shown_status(&self) -> &str {
        if self.expired && self.status == crate::models::card::ACTIVE {
            "expired"
        } else {
            &self.status
        }
    }

    pub fn new(c: &Card, now: i64) -> CardView {
        CardView {
            id: c.id.0.clone(),
            number: c.number.clone(),
            member_id: c.member_id.0.clone(),
            family_id: c.family_id.0.clone(),
            municipality: c.municipality.clone(),
            sequence: c.sequence,
            status: c.status.clone(),
            expired: to_unix(c.valid_until) < now,
            valid_from: rfc3339(to_unix(c.valid_from)),
            valid_until: rfc3339(to_unix(c.valid_until)),
            kid: c.kid.clone(),
            qr_text: c.qr_text.clone(),
            qr_png: format!("/api/v1/cards/{}/qr.png", c.id.0),
            qr_svg: format!("/api/v1/cards/{}/qr.svg", c.id.0),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyView {
    pub id: String,
    pub municipality: String,
    pub family_number: i32,
    pub reference: String,
    pub eligibility: FamilyEligibilityView,
    pub members: Vec<MemberView>,
    pub cards: Vec<CardView>,
    pub created_at: String,
    pub updated_at: String,
}

impl FamilyView {
    pub fn new(
        f: &Family,
        members: &[Member],
        assessment: &FamilyAssessment,
        cards: &[Card],
        now: i64,
    ) -> FamilyView {
        FamilyView {
            id: f.id.0.clone(),
            municipality: f.municipality.clone(),
            family_number: f.family_number,
            reference: f.reference.clone(),
            eligibility: FamilyEligibilityView {
                qualifies: assessment.qualifies,
                qualifying_children: assessment.qualifying_children,
                family_until: assessment.family_until.map(|d| d.to_string()),
                refusal: assessment.refusal.as_ref().map(|r| r.code().to_string()),
                refusal_message: assessment.refusal.as_ref().map(|r| r.to_string()),
            },
            members: members
                .iter()
                .zip(&assessment.members)
                .map(|(m, a)| MemberView {
                    id: m.id.0.clone(),
                    member_number: m.member_number,
                    name: m.name.clone(),
                    name_ascii: kartu_card::transliterate(&m.name),
                    role: m.role.clone(),
                    birth_date: m.birth_date.to_string(),
                    education_until: m.education_until.map(|d| d.to_string()),
                    disability_until: m.disability_until.map(|d| d.to_string()),
                    eligibility: EligibilityView::member(a),
                })
                .collect(),
            cards: cards.iter().map(|c| CardView::new(c, now)).collect(),
            created_at: rfc3339(to_unix(f.created_at)),
            updated_at: rfc3339(to_unix(f.updated_at)),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilySummary {
    pub id: String,
    pub municipality: String,
    pub family_number: i32,
    pub reference: String,
    pub created_at: String,
}

impl FamilySummary {
    /// `ALY-000042`: the family's number as clerks say it.
    pub fn label(&self) -> String {
        format!("{}-{:06}", self.municipality, self.family_number)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyPage {
    pub items: Vec<FamilySummary>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedMember {
    pub member_id: String,
    pub reason: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueResponse {
    pub issued: Vec<CardView>,
    pub skipped: Vec<SkippedMember>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardEventView {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub actor: String,
    pub at: String,
}

impl From<&CardEvent> for CardEventView {
    fn from(e: &CardEvent) -> Self {
        CardEventView {
            kind: e.kind.clone(),
            reason: e.reason.clone(),
            actor: e.actor.clone(),
            at: rfc3339(to_unix(e.at)),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardDetail {
    pub card: CardView,
    pub holder: String,
    pub holder_ascii: String,
    pub role: String,
    pub events: Vec<CardEventView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReissueResponse {
    pub old: CardView,
    pub new: CardView,
}
