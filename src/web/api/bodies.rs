//! Request bodies of the JSON API, each turned into an act's input with `From`. What the answers
//! hold is `web::view`.

use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::app::applications::ApplicationInput;
use crate::app::families::FamilyInput;
use crate::app::members::{MemberInput, MemberPatch};

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

impl From<NewMemberBody> for MemberInput {
    fn from(b: NewMemberBody) -> MemberInput {
        MemberInput {
            name: b.name,
            role: b.role,
            birth_date: b.birth_date,
            national_id: b.national_id,
            education_until: b.education_until,
            disability_until: b.disability_until,
        }
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

impl From<CreateFamilyBody> for FamilyInput {
    fn from(b: CreateFamilyBody) -> FamilyInput {
        FamilyInput {
            municipality: b.municipality,
            reference: b.reference,
            members: b.members.into_iter().map(MemberInput::from).collect(),
        }
    }
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

impl From<MemberPatchBody> for MemberPatch {
    fn from(b: MemberPatchBody) -> MemberPatch {
        MemberPatch {
            name: b.name,
            education_until: b.education_until,
            disability_until: b.disability_until,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why, in the clerk's words (1–500 characters). Recorded with the act.
    #[schema(example = "reported lost by the holder")]
    pub reason: String,
}

/// An application to join the programme, as an integration sends it (the public form's fields).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationBody {
    /// Where the head office is: `ALY`, `VAR` or `ELK`.
    #[schema(example = "ELK")]
    pub municipality: String,
    #[schema(example = "Kino Jezioro")]
    pub name: String,
    /// Lithuanian company code (9 digits) or Polish NIP (10 digits), by the head office's
    /// country; the check digit is checked.
    #[schema(example = "1234563218")]
    pub legal_id: String,
    /// One of the ten categories, e.g. `culture`.
    #[schema(example = "culture")]
    pub category: String,
    /// Where the card would be accepted.
    #[schema(example = "ul. Wojska Polskiego 1, Ełk")]
    pub address: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub phone: String,
    #[schema(example = "kino@example.pl")]
    pub email: String,
    pub contact_name: String,
    #[serde(default)]
    pub message: String,
    /// The language to answer in: `lt`, `pl` or `en` (default: `Accept-Language`).
    pub lang: Option<String>,
    /// Leave empty. (The form's honeypot: an application that fills it in is not stored.)
    #[serde(default)]
    pub company_website_2: String,
}

impl ApplicationBody {
    /// The act's input, in `lang` unless the body names its own language.
    pub fn input(self, lang: &str) -> ApplicationInput {
        ApplicationInput {
            municipality: self.municipality,
            name: self.name,
            legal_id: self.legal_id,
            category: self.category,
            address: self.address,
            website: self.website,
            phone: self.phone,
            email: self.email,
            contact_name: self.contact_name,
            message: self.message,
            lang: self.lang.unwrap_or_else(|| lang.to_string()),
        }
    }
}
