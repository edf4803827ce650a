//! The OpenAPI document (`/api/openapi.json`, Swagger UI at `/api/docs/`). Every route is listed
//! here; a test checks that the document and the router agree.

use utoipa::OpenApi;

use crate::web::api::{
    accounts, audit, bodies, cards, catalogue, checkout, due, families, health, privacy, session,
    usage, verify, well_known,
};
use crate::web::view;

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
        accounts::revoke_token, audit::list, audit::export_csv, usage::report, verify::photo,
        checkout::context, checkout::record_use,
        catalogue::search, catalogue::get, catalogue::export_csv, catalogue::export_geojson,
        catalogue::apply, privacy::export_family, due::get, due::export_csv,
    ),
    components(schemas(
        crate::web::error::Problem, crate::web::error::FieldProblem, verify::VerifyRequest,
        crate::i18n::verdict::VerdictView, crate::i18n::verdict::CardView, crate::i18n::verdict::ListAgeView,
        bodies::CreateFamilyBody, bodies::NewMemberBody, bodies::MemberPatchBody, bodies::ReasonBody,
        view::FamilyView, view::MemberView, view::CardView, view::FamilyPage, view::FamilySummary,
        view::IssueResponse, view::SkippedMember, view::CardDetail, view::CardEventView,
        view::ReissueResponse, view::EligibilityView, view::FamilyEligibilityView,
        session::LoginBody, session::SessionView, accounts::NewAccountBody, view::AccountView,
        accounts::NewTokenBody, view::TokenView, view::AuditView, view::AuditPage,
        checkout::CheckerView, checkout::CheckerPartner, checkout::CheckerLocation, checkout::CheckerOffer,
        checkout::UseBody,
        bodies::ApplicationBody, view::catalogue::PartnerList, view::catalogue::PartnerView,
        view::catalogue::LocationView, view::catalogue::OfferView, view::catalogue::DescriptionsView,
        view::catalogue::ShownView,
        view::UsageView, view::PartnerUsageView, view::BorderUsageView,
        view::due::DueListView, view::due::DueEntryView,
        view::export::FamilyExportView, view::export::ExportedFamily, view::export::ExportedMember,
        view::export::ExportedCard, view::export::ExportedCardEvent, view::export::ExportedLink,
        view::export::ExportedAuditRecord,
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
        (name = "checker", description = "The checker at a partner's till: its offers, and the uses it counts"),
        (name = "catalogue", description = "The public catalogue of partners, its open data, and applications to join"),
        (name = "usage", description = "Statistics of the card's uses, small counts withheld (supervisors, admins)"),
        (name = "due", description = "What is due in the clerk's municipality: cards that end, children who turn 18, proofs that end, families that stop qualifying (clerks)"),
    )
)]
pub struct ApiDoc;
