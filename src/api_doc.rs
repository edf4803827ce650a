//! The OpenAPI document (`/api/openapi.json`, Swagger UI at `/api/docs/`). Every route is listed
//! here; a test checks that the document and the router agree.

use utoipa::OpenApi;

use crate::routes::{accounts, audit, cards, dto, families, health, session, verify, well_known};

#[derive(Debug, OpenApi)]
#[openapi(
    info(title = "kartu", description = "Large-family discount card of Alytus, Varėna and Ełk. Errors are RFC 9457 application/problem+json."),
    paths(
        health::healthz, health::readyz, well_known::keys, well_known::status, verify::verify,
        families::search, families::create, families::get, families::add_member, families::change_member,
        families::remove_member, families::issue, cards::get, cards::qr_png, cards::qr_svg, cards::renew,
        cards::reissue, cards::revoke, cards::suspend, cards::reinstate,
        session::login, session::current, session::logout, accounts::create, accounts::list,
        accounts::disable_account, accounts::enable_account, accounts::create_token, accounts::list_tokens,
        accounts::revoke_token, audit::list, audit::export_csv, crate::pages::check::photo,
    ),
    components(schemas(
        crate::error::Problem, crate::error::FieldError, verify::VerifyRequest, crate::verdict::VerdictView,
        crate::verdict::CardView, crate::verdict::ListAgeView, dto::CreateFamilyBody, dto::NewMemberBody,
        dto::MemberPatchBody, dto::ReasonBody, dto::FamilyView, dto::MemberView, dto::CardView, dto::FamilyPage,
        dto::FamilySummary, dto::IssueResponse, dto::SkippedMember, dto::CardDetail, dto::CardEventView,
        dto::ReissueResponse, dto::EligibilityView, dto::FamilyEligibilityView,
        session::LoginBody, session::SessionView, accounts::NewAccountBody, accounts::AccountView,
        accounts::NewTokenBody, accounts::TokenView, audit::AuditView, audit::AuditPage,
    )),
    tags(
        (name = "verify", description = "Online verification for tills"),
        (name = "publish", description = "Signed key set and status lists for offline verification"),
        (name = "families", description = "Families and members (clerks)"),
        (name = "cards", description = "Issuing and managing cards (clerks)"),
        (name = "health", description = "Probes"),
        (name = "session", description = "Console sign-in"),
        (name = "accounts", description = "Accounts and API tokens (admins)"),
        (name = "audit", description = "The audit trail (supervisors, admins)"),
    )
)]
pub struct ApiDoc;
