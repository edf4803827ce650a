//! What the service answers about families, cards, accounts, tokens, the audit trail and the
//! usage statistics: the JSON views of the API, which the console's pages show too. Each is
//! made from an act's result. A view never carries a national ID number. The public
//! catalogue's answers are in [`catalogue`].

pub mod catalogue;
pub mod due;
pub mod export;

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::accounts::TokenEntry;
use crate::app::cards::{CardFile, Issued};
use crate::app::families::{FamilyFile, FamilyPage as Found};
use crate::app::usage::{UsageReport, MIN_CELL};
use crate::domain::calendar::rfc3339;
use crate::domain::card_state::CardState;
use crate::domain::eligibility::MemberAssessment;
use crate::store::account::Account;
use crate::store::audit_event::AuditEvent;
use crate::store::card::Card;
use crate::store::card_event::CardEvent;
use crate::store::family::Family;
use crate::store::to_unix;

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
    /// The status a person reads (`domain::card_state::CardState::shown`).
    pub fn shown_status(&self) -> &'static str {
        CardState::parse(&self.status).map_or("revoked", |s| s.shown(self.expired).code())
    }

    pub fn new(c: &Card, now: i64) -> CardView {
        CardView {
            id: c.id.0.clone(),
            number: c.number.to_string(),
            member_id: c.member_id.0.clone(),
            family_id: c.family_id.0.clone(),
            municipality: c.municipality.code().to_string(),
            sequence: c.sequence,
            status: c.status.code().to_string(),
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
    /// When the retention rule erased the family's personal data; its members are gone then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<String>,
}

impl FamilyView {
    pub fn new(file: &FamilyFile, now: i64) -> FamilyView {
        let (f, assessment) = (&file.family, &file.assessment);
        FamilyView {
            id: f.id.0.clone(),
            municipality: f.municipality.code().to_string(),
            family_number: f.family_number,
            reference: f.reference.clone(),
            eligibility: FamilyEligibilityView {
                qualifies: assessment.qualifies,
                qualifying_children: assessment.qualifying_children,
                family_until: assessment.family_until.map(|d| d.to_string()),
                refusal: assessment.refusal.as_ref().map(|r| r.code().to_string()),
                refusal_message: assessment.refusal.as_ref().map(|r| r.to_string()),
            },
            members: file
                .members
                .iter()
                .zip(&assessment.members)
                .map(|(m, a)| MemberView {
                    id: m.id.0.clone(),
                    member_number: m.member_number,
                    name: m.name.clone(),
                    name_ascii: kartu_card::transliterate(&m.name),
                    role: m.role.code().to_string(),
                    birth_date: m.birth_date.to_string(),
                    education_until: m.education_until.map(|d| d.to_string()),
                    disability_until: m.disability_until.map(|d| d.to_string()),
                    eligibility: EligibilityView::member(a),
                })
                .collect(),
            cards: file.cards.iter().map(|c| CardView::new(c, now)).collect(),
            created_at: rfc3339(to_unix(f.created_at)),
            updated_at: rfc3339(to_unix(f.updated_at)),
            erased_at: f.erased_at.map(|t| rfc3339(to_unix(t))),
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
    pub fn new(f: &Family) -> FamilySummary {
        FamilySummary {
            id: f.id.0.clone(),
            municipality: f.municipality.code().to_string(),
            family_number: f.family_number,
            reference: f.reference.clone(),
            created_at: rfc3339(to_unix(f.created_at)),
        }
    }

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
    /// How many families match, counted up to 1,000.
    pub total: i64,
    /// More families match than `total` says (1,000): narrow the search.
    pub more: bool,
}

impl FamilyPage {
    pub fn new(found: &Found) -> FamilyPage {
        FamilyPage {
            items: found.items.iter().map(FamilySummary::new).collect(),
            page: found.page,
            per_page: found.per_page,
            total: found.total,
            more: found.more,
        }
    }
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

impl IssueResponse {
    pub fn new(result: &Issued, now: i64) -> IssueResponse {
        IssueResponse {
            issued: result
                .issued
                .iter()
                .map(|c| CardView::new(c, now))
                .collect(),
            skipped: result
                .skipped
                .iter()
                .map(|s| SkippedMember {
                    member_id: s.member.0.clone(),
                    reason: s.code.clone(),
                    message: s.message.clone(),
                })
                .collect(),
        }
    }
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
            kind: e.kind.code().to_string(),
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

impl CardDetail {
    pub fn new(file: &CardFile, now: i64) -> CardDetail {
        CardDetail {
            card: CardView::new(&file.card, now),
            holder_ascii: kartu_card::transliterate(&file.holder.name),
            holder: file.holder.name.clone(),
            role: file.holder.role.code().to_string(),
            events: file.events.iter().map(CardEventView::from).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReissueResponse {
    pub old: CardView,
    pub new: CardView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: String,
    pub username: String,
    pub municipality: String,
    pub role: String,
    pub disabled: bool,
    pub created_at: String,
    /// Only in the answer that created the account, when the password was generated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl AccountView {
    pub fn of(a: &Account) -> AccountView {
        AccountView {
            id: a.id.0.clone(),
            username: a.username.clone(),
            municipality: a.municipality.code().to_string(),
            role: a.role.code().to_string(),
            disabled: a.disabled_at.is_some(),
            created_at: rfc3339(to_unix(a.created_at)),
            password: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub label: String,
    pub municipality: String,
    pub role: String,
    pub expires_at: String,
    pub revoked: bool,
    /// Who made it: an account's username, `token:<label>` for a token, or the command line.
    /// Disabling that account (or revoking that token) revokes this token too.
    pub created_by: String,
    /// Only in the answer that created it: send as `Authorization: Bearer <token>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl TokenView {
    pub fn of(entry: &TokenEntry) -> TokenView {
        let t = &entry.token;
        TokenView {
            id: t.id.0.clone(),
            label: t.label.clone(),
            municipality: t.municipality.code().to_string(),
            role: t.role.code().to_string(),
            expires_at: rfc3339(to_unix(t.expires_at)),
            revoked: t.revoked_at.is_some(),
            created_by: entry.made_by.clone(),
            token: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<String>,
    pub actor: String,
    pub municipality: Option<String>,
    pub action: String,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl AuditView {
    pub fn of(e: AuditEvent) -> AuditView {
        let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
        AuditView {
            id: e.id,
            at: rfc3339(to_unix(e.at)),
            actor_id: e.actor_id,
            actor: e.actor,
            municipality: e.municipality,
            action: e.action,
            family_id: e.family_id,
            card_id: e.card_id,
            subject_id: e.subject_id,
            before: parse(e.before),
            after: parse(e.after),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditView>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// The statistics of the card's uses, as `GET /api/v1/usage` answers them. A cell of fewer
/// than `min_cell` uses is withheld: its `uses` is null, never a number.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsageView {
    /// The first month, `YYYY-MM`.
    pub from: String,
    /// The last month, `YYYY-MM`, inclusive.
    pub until: String,
    /// The fewest uses a cell shows.
    pub min_cell: i64,
    /// Uses per partner and month.
    pub by_partner: Vec<PartnerUsageView>,
    /// Uses per card municipality, location municipality and month.
    pub by_border: Vec<BorderUsageView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerUsageView {
    pub partner_id: String,
    pub partner_name: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Null when fewer than `min_cell`.
    #[schema(required = true)]
    pub uses: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BorderUsageView {
    /// The municipality that issued the cards (`ALY`, `VAR`, `ELK`).
    pub card_municipality: String,
    /// The municipality of the partner's location where they were used.
    pub location_municipality: String,
    /// `YYYY-MM`.
    pub month: String,
    /// A card of one municipality used in another.
    pub cross_border: bool,
    /// Null when fewer than `min_cell`.
    #[schema(required = true)]
    pub uses: Option<i64>,
}

impl UsageView {
    pub fn of(r: &UsageReport) -> UsageView {
        UsageView {
            from: r.from.clone(),
            until: r.until.clone(),
            min_cell: MIN_CELL,
            by_partner: r
                .by_partner
                .iter()
                .map(|c| PartnerUsageView {
                    partner_id: c.partner.0.clone(),
                    partner_name: c.partner_name.clone(),
                    month: c.month.clone(),
                    uses: c.uses.shown(),
                })
                .collect(),
            by_border: r
                .by_border
                .iter()
                .map(|c| BorderUsageView {
                    card_municipality: c.card_municipality.code().to_string(),
                    location_municipality: c.location_municipality.code().to_string(),
                    month: c.month.clone(),
                    cross_border: c.crosses_the_border(),
                    uses: c.uses.shown(),
                })
                .collect(),
        }
    }
}
