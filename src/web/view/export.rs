//! A family's data export (GDPR Art. 15) as JSON: what `app::privacy::export_family` read,
//! field by field. The API, the console's download and its printable page all render this one
//! view, so the three cannot disagree about what is handed over.
//!
//! It never carries a national ID number (the service does not have one) nor its keyed hash,
//! nor a family page token's hash: [`NATIONAL_ID_NOTE`] says so in the export itself.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::app::privacy::FamilyExport;
use crate::domain::calendar::rfc3339;
use crate::store::to_unix;

/// The export's format, for whoever reads the file years later.
pub const FORMAT: &str = "kartu-family-export/1";

/// What the export says in place of the national ID numbers.
pub const NATIONAL_ID_NOTE: &str = "The national ID number is not held by the service: only a \
    keyed hash of it, a pseudonym for finding a person registered twice. That hash is held as a \
    keyed hash, not exportable.";

fn time(t: time::PrimitiveDateTime) -> String {
    rfc3339(to_unix(t))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyExportView {
    /// `kartu-family-export/1`.
    pub format: String,
    pub exported_at: String,
    pub exported_by: String,
    /// Where the national ID numbers would be: why they are not.
    pub national_id: String,
    pub family: ExportedFamily,
    /// Every member the family ever had, removed ones too.
    pub members: Vec<ExportedMember>,
    pub cards: Vec<ExportedCard>,
    pub card_events: Vec<ExportedCardEvent>,
    /// The family page links, by their dates (the token itself is never held).
    pub links: Vec<ExportedLink>,
    /// The audit records about the family, oldest first.
    pub audit: Vec<ExportedAuditRecord>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedFamily {
    pub id: String,
    pub municipality: String,
    pub family_number: i32,
    pub reference: String,
    pub created_at: String,
    pub updated_at: String,
    pub erased_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedMember {
    pub id: String,
    pub member_number: i32,
    pub name: String,
    pub name_ascii: String,
    pub role: String,
    pub birth_date: String,
    pub education_until: Option<String>,
    pub disability_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub removed_at: Option<String>,
    pub erased_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCard {
    pub id: String,
    pub member_id: String,
    pub number: String,
    pub sequence: i32,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    pub valid_from: String,
    pub valid_until: String,
    /// The key that signed it.
    pub kid: String,
    /// The signed QR text: the card itself.
    pub qr_text: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCardEvent {
    pub card_id: String,
    pub kind: String,
    pub reason: Option<String>,
    pub actor: String,
    pub at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedLink {
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAuditRecord {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    /// The state before the act, as recorded.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The state after the act, as recorded.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

/// A stored snapshot as JSON; a text that is not JSON (none is written so) as a JSON string.
fn snapshot(text: &Option<String>) -> Option<Value> {
    text.as_deref()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())))
}

impl FamilyExportView {
    pub fn new(e: &FamilyExport) -> FamilyExportView {
        let f = &e.family;
        FamilyExportView {
            format: FORMAT.into(),
            exported_at: rfc3339(e.exported_at),
            exported_by: e.exported_by.clone(),
            national_id: NATIONAL_ID_NOTE.into(),
            family: ExportedFamily {
                id: f.id.0.clone(),
                municipality: f.municipality.code().into(),
                family_number: f.family_number,
                reference: f.reference.clone(),
                created_at: time(f.created_at),
                updated_at: time(f.updated_at),
                erased_at: f.erased_at.map(time),
            },
            members: e
                .members
                .iter()
                .map(|m| ExportedMember {
                    id: m.id.0.clone(),
                    member_number: m.member_number,
                    name: m.name.clone(),
                    name_ascii: kartu_card::transliterate(&m.name),
                    role: m.role.code().into(),
                    birth_date: m.birth_date.to_string(),
                    education_until: m.education_until.map(|d| d.to_string()),
                    disability_until: m.disability_until.map(|d| d.to_string()),
                    created_at: time(m.created_at),
                    updated_at: time(m.updated_at),
                    removed_at: m.removed_at.map(time),
                    erased_at: m.erased_at.map(time),
                })
                .collect(),
            cards: e
                .cards
                .iter()
                .map(|c| ExportedCard {
                    id: c.id.0.clone(),
                    member_id: c.member_id.0.clone(),
                    number: c.number.to_string(),
                    sequence: c.sequence,
                    status: c.status.code().into(),
                    valid_from: time(c.valid_from),
                    valid_until: time(c.valid_until),
                    kid: c.kid.clone(),
                    qr_text: c.qr_text.clone(),
                    created_at: time(c.created_at),
                    updated_at: time(c.updated_at),
                })
                .collect(),
            card_events: e
                .events
                .iter()
                .map(|ev| ExportedCardEvent {
                    card_id: ev.card_id.0.clone(),
                    kind: ev.kind.code().into(),
                    reason: ev.reason.clone(),
                    actor: ev.actor.clone(),
                    at: time(ev.at),
                })
                .collect(),
            links: e
                .links
                .iter()
                .map(|l| ExportedLink {
                    created_at: time(l.created_at),
                    revoked_at: l.revoked_at.map(time),
                })
                .collect(),
            audit: e
                .audit
                .iter()
                .map(|r| ExportedAuditRecord {
                    id: r.id,
                    at: time(r.at),
                    actor: r.actor.clone(),
                    action: r.action.clone(),
                    card_id: r.card_id.clone(),
                    subject_id: r.subject_id.clone(),
                    before: snapshot(&r.before),
                    after: snapshot(&r.after),
                })
                .collect(),
        }
    }

    /// `ALY-000042`: the family's number as clerks say it.
    pub fn label(&self) -> String {
        format!(
            "{}-{:06}",
            self.family.municipality, self.family.family_number
        )
    }
}
