//! Families and their members.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{Clerk, Permission};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::issuance::{self, municipality_of, Act, IssueResult};
use crate::models::card::{self, CardId};
use crate::models::family::{self, FamilyId};
use crate::models::member::{self, MemberChanges, MemberId};
use crate::routes::dto::{
    CardView, CreateFamilyBody, FamilyPage, FamilySummary, FamilyView, Fields, IssueResponse,
    MemberPatchBody, NewMemberBody, SkippedMember,
};
use crate::routes::with_db;
use crate::state::AppState;
use crate::verdict::rfc3339;

type Problem = crate::error::Problem;

/// Loads a family the actor may see, with everything a view needs.
pub fn load_view(
    conn: &mut DbConnection,
    state: &AppState,
    id: &FamilyId,
    scope: &[&str],
    now: i64,
) -> Result<FamilyView, ApiError> {
    let f = family::find(conn, id, scope)?.ok_or(ApiError::NotFound("family"))?;
    let members = member::of_family(conn, &f.id)?;
    let assessment = issuance::assess_family(
        &members,
        municipality_of(&f.municipality)?,
        &state.rules,
        now,
    )?;
    let cards = card::of_family(conn, &f.id)?;
    Ok(FamilyView::new(&f, &members, &assessment, &cards, now))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// A card number, part of a member's name (any letters), or the start of a reference.
    #[serde(default)]
    pub q: String,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<i64>,
}

/// Find families by card number, name or reference.
#[utoipa::path(get, path = "/api/v1/families", tag = "families", params(SearchQuery),
    responses((status = 200, body = FamilyPage), (status = 400, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/families")]
pub async fn search(
    state: web::Data<AppState>,
    actor: Clerk,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(20);
    if page < 1 || !(1..=100).contains(&per_page) {
        return Err(ApiError::field(
            "per_page",
            "out_of_range",
            "page must be at least 1 and per_page between 1 and 100",
        ));
    }
    let found = find_families(&state, actor, query.q.trim().to_string(), page, per_page).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// One page of the families the actor may see that match a card number, a name or a reference.
pub async fn find_families(
    state: &web::Data<AppState>,
    actor: Clerk,
    text: String,
    page: i64,
    per_page: i64,
) -> Result<FamilyPage, ApiError> {
    if text.chars().count() > 100 {
        return Err(ApiError::field(
            "q",
            "too_long",
            "search for at most 100 characters",
        ));
    }
    let result = with_db(state, move |conn, _| {
        let scope = actor.scope();
        if let Ok(number) = kartu_card::CardNumber::parse(&text) {
            let found = card::find_by_number(conn, &number.to_string(), &scope)?;
            let families = match found {
                Some(c) => family::find(conn, &c.family_id, &scope)?
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            };
            let total = i64::try_from(families.len()).unwrap_or(0);
            return Ok((families, total));
        }
        let needle = kartu_card::transliterate(&text).to_lowercase();
        Ok(family::search(conn, &scope, &needle, page, per_page)?)
    })
    .await?;
    let items = result
        .0
        .iter()
        .map(|f| FamilySummary {
            id: f.id.0.clone(),
            municipality: f.municipality.clone(),
            family_number: f.family_number,
            reference: f.reference.clone(),
            created_at: rfc3339(crate::models::to_unix(f.created_at)),
        })
        .collect();
    Ok(FamilyPage {
        items,
        page,
        per_page,
        total: result.1,
    })
}

/// Register a family with its members. The answer includes the eligibility verdict.
#[utoipa::path(post, path = "/api/v1/families", tag = "families", request_body = CreateFamilyBody,
    responses((status = 201, body = FamilyView), (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/families")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Clerk,
    body: ApiJson<CreateFamilyBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let view = register(&state, actor, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/families/{}", view.id)))
        .json(view))
}

/// Checks and registers a family in the actor's municipality: every field's problem at once.
pub async fn register(
    state: &web::Data<AppState>,
    actor: Clerk,
    body: CreateFamilyBody,
) -> Result<FamilyView, ApiError> {
    let mut fields = Fields::default();
    let municipality = fields.municipality("municipality", &body.municipality);
    if body.members.is_empty() || body.members.len() > 40 {
        fields.push(
            "members",
            "member_count",
            "a family is registered with 1 to 40 members",
        );
    }
    if body.reference.chars().count() > 100 {
        fields.push(
            "reference",
            "too_long",
            "a reference has at most 100 characters",
        );
    }
    let members: Vec<_> = match municipality {
        Some(m) => body
            .members
            .iter()
            .enumerate()
            .map(|(i, b)| b.parse(m, &format!("members[{i}]."), &mut fields))
            .collect(),
        None => Vec::new(),
    };
    fields.finish()?;
    let (Some(municipality), Some(members)) = (
        municipality,
        members.into_iter().collect::<Option<Vec<_>>>(),
    ) else {
        return Err(ApiError::Internal(
            "a parsed field was missing without an error".into(),
        ));
    };
    if !actor.may_act_for(municipality) {
        return Err(ApiError::field(
            "municipality",
            "outside_scope",
            "you may register families only in your own municipality",
        ));
    }
    let reference = body.reference.trim().to_string();
    with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let act = Act::by(&actor, now);
        let id = db::write(conn, |c| {
            issuance::register_family(c, municipality, &reference, &members, &state.id_secret, act)
        })?;
        load_view(conn, state, &id, &actor.scope(), now)
    })
    .await
}

/// Get a family with its members, eligibility and cards.
#[utoipa::path(get, path = "/api/v1/families/{id}", tag = "families", params(("id" = String, Path)),
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/families/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let id = FamilyId(path.into_inner());
    let view = with_db(&state, move |conn, state| {
        load_view(
            conn,
            state,
            &id,
            &actor.scope(),
            crate::commands::unix_now(),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Add a member to a family.
#[utoipa::path(post, path = "/api/v1/families/{id}/members", tag = "families", params(("id" = String, Path)), request_body = NewMemberBody,
    responses((status = 201, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/families/{id}/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
    body: ApiJson<NewMemberBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let id = FamilyId(path.into_inner());
    let view = with_db(&state, move |conn, state| {
        let now = crate::commands::unix_now();
        let scope = actor.scope();
        let f = family::find(conn, &id, &scope)?.ok_or(ApiError::NotFound("family"))?;
        let mut fields = Fields::default();
        let new = body
            .0
            .parse(municipality_of(&f.municipality)?, "", &mut fields);
        fields.finish()?;
        let new = new.ok_or_else(|| {
            ApiError::Internal("a parsed field was missing without an error".into())
        })?;
        let act = Act::by(&actor, now);
        db::write(conn, |c| {
            issuance::add_member(c, &id, &new, &state.id_secret, act)
        })?;
        load_view(conn, state, &id, &scope, now)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Change a member's name, education or disability certificate dates.
#[utoipa::path(patch, path = "/api/v1/families/{id}/members/{member_id}", tag = "families",
    params(("id" = String, Path), ("member_id" = String, Path)), request_body = MemberPatchBody,
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
#[patch("/api/v1/families/{id}/members/{member_id}")]
pub async fn change_member(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<(String, String)>,
    body: ApiJson<MemberPatchBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let (id, member_id) = path.into_inner();
    let (id, member_id) = (FamilyId(id), MemberId(member_id));
    let body = body.0;
    let mut fields = Fields::default();
    let name = body.name.as_deref().and_then(|n| fields.name("name", n));
    let education_until = body
        .education_until
        .as_ref()
        .map(|d| fields.optional_date("education_until", d.as_deref()));
    let disability_until = body
        .disability_until
        .as_ref()
        .map(|d| fields.optional_date("disability_until", d.as_deref()));
    fields.finish()?;
    let view = with_db(&state, move |conn, state| {
        let now = crate::commands::unix_now();
        let scope = actor.scope();
        family::find(conn, &id, &scope)?.ok_or(ApiError::NotFound("family"))?;
        let changes = MemberChanges {
            name_ascii: name.as_ref().map(|n| n.transliterate().to_lowercase()),
            name: name.map(|n| n.to_string()),
            education_until,
            disability_until,
            updated_at: crate::models::from_unix(now),
        };
        let act = Act::by(&actor, now);
        db::write(conn, |c| {
            issuance::change_member(c, &id, &member_id, changes, act)
        })?;
        load_view(conn, state, &id, &scope, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Remove a member; their current card is revoked in the same transaction.
#[utoipa::path(delete, path = "/api/v1/families/{id}/members/{member_id}", tag = "families",
    params(("id" = String, Path), ("member_id" = String, Path)),
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[delete("/api/v1/families/{id}/members/{member_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let (id, member_id) = path.into_inner();
    let (id, member_id) = (FamilyId(id), MemberId(member_id));
    let view = with_db(&state, move |conn, state| {
        let now = crate::commands::unix_now();
        let scope = actor.scope();
        family::find(conn, &id, &scope)?.ok_or(ApiError::NotFound("family"))?;
        let act = Act::by(&actor, now);
        let changes = db::write(conn, |c| issuance::remove_member(c, &id, &member_id, act))?;
        for (m, index, status) in changes {
            state
                .trust
                .set_status(m, index, status)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        }
        load_view(conn, state, &id, &scope, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Issue cards: one for each qualifying member that holds none.
#[utoipa::path(post, path = "/api/v1/families/{id}/cards", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = IssueResponse), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/families/{id}/cards")]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let response = issue_for(&state, actor, FamilyId(path.into_inner())).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// Issues a card to each qualifying member of a family the actor may see who holds none.
pub async fn issue_for(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: FamilyId,
) -> Result<IssueResponse, ApiError> {
    with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let scope = actor.scope();
        let f = family::find(conn, &id, &scope)?.ok_or(ApiError::NotFound("family"))?;
        let act = Act::by(&actor, now);
        let results = db::write(conn, |c| {
            issuance::issue_cards(c, &state.trust, &state.rules, &f, act)
        })?;
        let mut response = IssueResponse {
            issued: Vec::new(),
            skipped: Vec::new(),
        };
        for r in results {
            match r {
                IssueResult::Issued(card_id) => {
                    let c =
                        card::find(conn, &card_id, &scope)?.ok_or(ApiError::NotFound("card"))?;
                    response.issued.push(CardView::new(&c, now));
                }
                IssueResult::Skipped {
                    member,
                    code,
                    message,
                } => {
                    response.skipped.push(SkippedMember {
                        member_id: member.0,
                        reason: code,
                        message,
                    });
                }
            }
        }
        Ok(response)
    })
    .await
}

/// A card the actor may see, or 404.
pub fn find_card(
    conn: &mut DbConnection,
    id: &CardId,
    actor: &Clerk,
) -> Result<crate::models::card::Card, ApiError> {
    card::find(conn, id, &actor.scope())?.ok_or(ApiError::NotFound("card"))
}
