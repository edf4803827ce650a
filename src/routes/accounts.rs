//! Accounts and API tokens, managed by admins. A generated password and a new token are shown
//! once, in the answer that creates them, and never again.

use actix_web::{delete, get, post, web, HttpResponse};
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::audit::{self, Entry, Who};
use crate::auth::{self, Clerk, Permission, Role};
use crate::error::{ApiError, FieldError};
use crate::extract::ApiJson;
use crate::models::account::{self, Account};
use crate::models::api_token::{self, ApiToken};
use crate::models::{from_unix, new_id, session, to_unix};
use crate::routes::with_db;
use crate::state::AppState;
use crate::verdict::rfc3339;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountBody {
    /// 3–64 characters: lower-case letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// `ALY`, `VAR` or `ELK`.
    pub municipality: String,
    /// `clerk`, `supervisor` or `admin`.
    pub role: String,
    /// At least 12 characters. Without it a password is generated and returned once.
    pub password: Option<String>,
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
    fn of(a: &Account) -> AccountView {
        AccountView {
            id: a.id.clone(),
            username: a.username.clone(),
            municipality: a.municipality.clone(),
            role: a.role.clone(),
            disabled: a.disabled_at.is_some(),
            created_at: rfc3339(to_unix(a.created_at)),
            password: None,
        }
    }
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({"username": a.username, "municipality": a.municipality, "role": a.role, "disabled": a.disabled_at.is_some()})
}

pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

fn parse_scope_fields(municipality: &str, role: &str) -> Result<(Municipality, Role), ApiError> {
    let mut errors = Vec::new();
    let m = Municipality::parse(municipality.trim());
    if m.is_err() {
        errors.push(FieldError::new(
            "municipality",
            "unknown_municipality",
            "use ALY, VAR or ELK",
        ));
    }
    let r = Role::parse(role.trim());
    if r.is_none() {
        errors.push(FieldError::new(
            "role",
            "unknown_role",
            "use clerk, supervisor or admin",
        ));
    }
    match (m, r) {
        (Ok(m), Some(r)) => Ok((m, r)),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Creates an account in its own transaction with its audit record. Used by the API and by
/// `kartu admin create`.
pub fn create_account(
    conn: &mut crate::db::DbConnection,
    who: Who<'_>,
    username: &str,
    municipality: Municipality,
    role: Role,
    password_hash: String,
    now: i64,
) -> Result<Account, ApiError> {
    let row = Account {
        id: new_id(),
        username: username.to_string(),
        municipality: municipality.code().to_string(),
        role: role.code().to_string(),
        password_hash,
        disabled_at: None,
        created_at: from_unix(now),
        updated_at: from_unix(now),
    };
    crate::db::write(conn, |tx| {
        match account::insert(tx, &row) {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(ApiError::field(
                    "username",
                    "taken",
                    "this username is taken",
                ));
            }
            other => other?,
        }
        audit::record(
            tx,
            who,
            now,
            Entry {
                municipality: Some(row.municipality.clone()),
                action: "account.create",
                subject_id: Some(row.id.clone()),
                after: Some(account_json(&row)),
                ..Entry::default()
            },
        )
    })?;
    Ok(row)
}

/// Create an account (admins).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccountBody,
    responses((status = 201, body = AccountView), (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/api/v1/accounts")]
pub async fn create(
    state: web::Data<AppState>,
    clerk: Clerk,
    body: ApiJson<NewAccountBody>,
) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    let view = new_account(&state, clerk, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Checks and creates an account; a generated password is in the answer, once (the caller
/// checks the permission).
pub async fn new_account(
    state: &web::Data<AppState>,
    clerk: Clerk,
    body: NewAccountBody,
) -> Result<AccountView, ApiError> {
    let username = body.username.trim().to_lowercase();
    if !valid_username(&username) {
        return Err(ApiError::field(
            "username",
            "invalid",
            "3–64 characters: a–z, 0–9, '.', '_', '-'",
        ));
    }
    let (municipality, role) = parse_scope_fields(&body.municipality, &body.role)?;
    let (password, generated) = match body.password {
        Some(p) => (p, false),
        None => (auth::generate_password(), true),
    };
    auth::check_new_password(&password)?;
    let hash = {
        let password = password.clone();
        web::block(move || auth::hash_password(&password)).await??
    };
    let row = with_db(state, move |conn, _| {
        let who = clerk.who();
        create_account(
            conn,
            who,
            &username,
            municipality,
            role,
            hash,
            crate::commands::unix_now(),
        )
    })
    .await?;
    let mut view = AccountView::of(&row);
    if generated {
        view.password = Some(password);
    }
    Ok(view)
}

/// Every account (admins).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = Vec<AccountView>), (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/api/v1/accounts")]
pub async fn list(state: web::Data<AppState>, clerk: Clerk) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    Ok(HttpResponse::Ok().json(all_accounts(&state).await?))
}

/// Every account, for an admin.
pub async fn all_accounts(state: &web::Data<AppState>) -> Result<Vec<AccountView>, ApiError> {
    let rows = with_db(state, |conn, _| Ok(account::all(conn)?)).await?;
    Ok(rows.iter().map(AccountView::of).collect())
}

/// Disables or enables an account; a disabled account's sessions end (admins only).
pub async fn set_disabled(
    state: &web::Data<AppState>,
    clerk: Clerk,
    id: String,
    disable: bool,
) -> Result<AccountView, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    if disable && id == clerk.id {
        return Err(ApiError::Conflict {
            code: "own_account",
            detail: "you cannot disable your own account".into(),
        });
    }
    with_db(state, move |conn, _| {
        let now = crate::commands::unix_now();
        crate::db::write(conn, |tx| {
            let before = account::find(tx, &id)?.ok_or(ApiError::NotFound("account"))?;
            account::set_disabled(tx, &id, disable.then(|| from_unix(now)), from_unix(now))?;
            if disable {
                session::delete_of_account(tx, &id)?;
            }
            let after = account::find(tx, &id)?.ok_or(ApiError::NotFound("account"))?;
            audit::record(
                tx,
                clerk.who(),
                now,
                Entry {
                    municipality: Some(after.municipality.clone()),
                    action: if disable {
                        "account.disable"
                    } else {
                        "account.enable"
                    },
                    subject_id: Some(id.clone()),
                    before: Some(account_json(&before)),
                    after: Some(account_json(&after)),
                    ..Entry::default()
                },
            )?;
            Ok(AccountView::of(&after))
        })
    })
    .await
}

/// Disable an account: refused from its very next request, and its sessions end (admins).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/disable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/api/v1/accounts/{id}/disable")]
pub async fn disable_account(
    state: web::Data<AppState>,
    clerk: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = set_disabled(&state, clerk, path.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Enable a disabled account again (admins).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/enable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/api/v1/accounts/{id}/enable")]
pub async fn enable_account(
    state: web::Data<AppState>,
    clerk: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = set_disabled(&state, clerk, path.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    /// What the token is for, e.g. `till 3, Maxima Alytus`.
    pub label: String,
    pub municipality: String,
    pub role: String,
    /// 1–730 days.
    pub valid_days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub label: String,
    pub municipality: String,
    pub role: String,
    pub expires_at: String,
    pub revoked: bool,
    /// Only in the answer that created it: send as `Authorization: Bearer <token>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl TokenView {
    fn of(t: &ApiToken) -> TokenView {
        TokenView {
            id: t.id.clone(),
            label: t.label.clone(),
            municipality: t.municipality.clone(),
            role: t.role.clone(),
            expires_at: rfc3339(to_unix(t.expires_at)),
            revoked: t.revoked_at.is_some(),
            token: None,
        }
    }
}

fn token_json(t: &ApiToken) -> serde_json::Value {
    json!({"label": t.label, "municipality": t.municipality, "role": t.role,
           "expires_at": rfc3339(to_unix(t.expires_at)), "revoked": t.revoked_at.is_some()})
}

/// Create an API token; the token is in this answer only (admins).
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenBody,
    responses((status = 201, body = TokenView), (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/api/v1/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    clerk: Clerk,
    body: ApiJson<NewTokenBody>,
) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    let view = new_token(&state, clerk, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Checks and creates an API token; the token is in the answer, once (the caller checks the
/// permission).
pub async fn new_token(
    state: &web::Data<AppState>,
    clerk: Clerk,
    body: NewTokenBody,
) -> Result<TokenView, ApiError> {
    let label = body.label.trim().to_string();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(ApiError::field(
            "label",
            "invalid",
            "a label has 1–100 characters",
        ));
    }
    if !(1..=730).contains(&body.valid_days) {
        return Err(ApiError::field(
            "valid_days",
            "out_of_range",
            "a token is valid for 1–730 days",
        ));
    }
    let (municipality, role) = parse_scope_fields(&body.municipality, &body.role)?;
    let secret = auth::new_api_token();
    let hash = auth::secret_hash(&secret);
    let row = with_db(state, move |conn, _| {
        let now = crate::commands::unix_now();
        let row = ApiToken {
            id: new_id(),
            label,
            municipality: municipality.code().to_string(),
            role: role.code().to_string(),
            token_hash: hash,
            expires_at: from_unix(now + body.valid_days * 86_400),
            revoked_at: None,
            created_by: clerk.id.clone(),
            created_at: from_unix(now),
        };
        crate::db::write(conn, |tx| {
            api_token::insert(tx, &row)?;
            audit::record(
                tx,
                clerk.who(),
                now,
                Entry {
                    municipality: Some(row.municipality.clone()),
                    action: "token.create",
                    subject_id: Some(row.id.clone()),
                    after: Some(token_json(&row)),
                    ..Entry::default()
                },
            )
        })?;
        Ok(row)
    })
    .await?;
    let mut view = TokenView::of(&row);
    view.token = Some(secret);
    Ok(view)
}

/// Every API token, without the secrets (admins).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenView>), (status = 403, body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/api/v1/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    clerk: Clerk,
) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    Ok(HttpResponse::Ok().json(all_tokens(&state).await?))
}

/// Every API token, without the secrets.
pub async fn all_tokens(state: &web::Data<AppState>) -> Result<Vec<TokenView>, ApiError> {
    let rows = with_db(state, |conn, _| Ok(api_token::all(conn)?)).await?;
    Ok(rows.iter().map(TokenView::of).collect())
}

/// Revoke an API token: refused from its next request (admins).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = TokenView), (status = 404, body = crate::error::Problem, content_type = "application/problem+json")))]
#[delete("/api/v1/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    clerk: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let view = end_token(&state, clerk, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Revokes an API token (admins only).
pub async fn end_token(
    state: &web::Data<AppState>,
    clerk: Clerk,
    id: String,
) -> Result<TokenView, ApiError> {
    clerk.require(Permission::ManageAccounts)?;
    with_db(state, move |conn, _| {
        let now = crate::commands::unix_now();
        crate::db::write(conn, |tx| {
            let before = api_token::find(tx, &id)?.ok_or(ApiError::NotFound("token"))?;
            api_token::revoke(tx, &id, from_unix(now))?;
            let after = api_token::find(tx, &id)?.ok_or(ApiError::NotFound("token"))?;
            audit::record(
                tx,
                clerk.who(),
                now,
                Entry {
                    municipality: Some(after.municipality.clone()),
                    action: "token.revoke",
                    subject_id: Some(id.clone()),
                    before: Some(token_json(&before)),
                    after: Some(token_json(&after)),
                    ..Entry::default()
                },
            )?;
            Ok(TokenView::of(&after))
        })
    })
    .await
}
