//! Console pages for supervisors and admins: the audit trail (filtered, paginated, exported as
//! CSV through the API's own endpoint) and, for admins, accounts and API tokens. A generated
//! password or a new token is shown once, on the page that answers the form.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::auth::Permission;
use crate::error::{ApiError, FieldError};
use crate::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::pages::{Page, PageError};
use crate::routes::accounts::{
    all_accounts, all_tokens, end_token, new_account, new_token, set_disabled, AccountView,
    NewAccountBody, NewTokenBody, TokenView,
};
use crate::routes::audit::{search, AuditQuery, AuditView};
use crate::state::AppState;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(audit)
        .service(accounts_list)
        .service(create_account)
        .service(account_state)
        .service(create_token)
        .service(revoke_token);
}

#[derive(Debug, Default, Deserialize)]
struct AuditFilterQuery {
    card: Option<String>,
    family: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<i64>,
}

impl AuditFilterQuery {
    fn non_empty(v: &Option<String>) -> Option<String> {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    fn to_query(&self) -> AuditQuery {
        AuditQuery {
            card: Self::non_empty(&self.card),
            family: Self::non_empty(&self.family),
            actor: Self::non_empty(&self.actor),
            from: Self::non_empty(&self.from),
            until: Self::non_empty(&self.until),
            page: self.page,
            per_page: Some(50),
        }
    }

    /// The filter as a query string, for the CSV link and the page links.
    fn query_string(&self, page: Option<i64>) -> String {
        let q = self.to_query();
        let mut pairs: Vec<(&str, String)> = [
            ("card", q.card),
            ("family", q.family),
            ("actor", q.actor),
            ("from", q.from),
            ("until", q.until),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
        if let Some(p) = page {
            pairs.push(("page", p.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    page: Page,
    filter: AuditFilterQuery,
    items: Vec<AuditView>,
    total: u64,
    current: i64,
    pages: i64,
    problem: Option<String>,
}

impl AuditPage {
    fn value(&self, v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }

    fn csv_link(&self) -> String {
        format!("/api/v1/audit.csv?{}", self.filter.query_string(None))
    }

    fn page_link(&self, page: i64) -> String {
        format!("/console/audit?{}", self.filter.query_string(Some(page)))
    }

    /// The record's reason, when the act had one, for the table.
    fn reason_of(&self, e: &AuditView) -> String {
        e.after
            .as_ref()
            .and_then(|a| a.get("reason"))
            .and_then(|r| r.as_str())
            .unwrap_or("")
            .to_string()
    }
}

#[get("/console/audit")]
async fn audit(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<AuditFilterQuery>,
) -> Result<HttpResponse, PageError> {
    let (clerk, page) = user.allowed(Permission::ReadAudit)?;
    let filter = query.into_inner();
    let (items, total, current, pages, problem) =
        match search(&state, clerk, &filter.to_query()).await {
            Ok(found) => {
                let pages = (found.total + found.per_page - 1) / found.per_page;
                (
                    found.items,
                    u64::try_from(found.total).unwrap_or(0),
                    found.page,
                    pages.max(1),
                    None,
                )
            }
            Err(ApiError::Validation(errors)) => {
                let message = errors
                    .first()
                    .map(|e: &FieldError| page.t(&format!("field-{}", e.code)));
                (Vec::new(), 0, 1, 1, message)
            }
            Err(other) => return Err(page.error(other)),
        };
    let view = AuditPage {
        page,
        filter,
        items,
        total,
        current,
        pages,
        problem,
    };
    view.page.ok(&view)
}

#[derive(Template)]
#[template(path = "console/accounts.html")]
struct AccountsPage {
    page: Page,
    accounts: Vec<AccountView>,
    tokens: Vec<TokenView>,
    /// A secret shown once: (message key, the secret).
    secret: Option<(String, String)>,
    errors: Vec<FieldError>,
}

impl AccountsPage {
    fn errors_of(&self, field: &str) -> Vec<String> {
        self.page.field_errors(&self.errors, field)
    }
}

async fn accounts_page(
    state: &web::Data<AppState>,
    page: Page,
    status: StatusCode,
    secret: Option<(String, String)>,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, PageError> {
    let accounts = all_accounts(state).await.map_err(|e| page.error(e))?;
    let tokens = all_tokens(state).await.map_err(|e| page.error(e))?;
    let view = AccountsPage {
        page,
        accounts,
        tokens,
        secret,
        errors,
    };
    view.page.respond(status, &view)
}

#[get("/console/accounts")]
async fn accounts_list(
    state: web::Data<AppState>,
    user: ConsoleUser,
) -> Result<HttpResponse, PageError> {
    let (_, page) = user.allowed(Permission::ManageAccounts)?;
    accounts_page(&state, page, StatusCode::OK, None, Vec::new()).await
}

/// Field problems go back to the form; anything else is an error page.
async fn answer(
    state: &web::Data<AppState>,
    page: Page,
    result: Result<Option<(String, String)>, ApiError>,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(None) => Ok(see_other("/console/accounts")),
        Ok(Some(secret)) => {
            accounts_page(state, page, StatusCode::OK, Some(secret), Vec::new()).await
        }
        Err(ApiError::Validation(errors)) => {
            accounts_page(state, page, StatusCode::UNPROCESSABLE_ENTITY, None, errors).await
        }
        Err(ApiError::Conflict { code, .. }) => {
            let errors = vec![FieldError::new("form", format!("conflict_{code}"), "")];
            accounts_page(state, page, StatusCode::CONFLICT, None, errors).await
        }
        Err(other) => Err(page.error(other)),
    }
}

#[post("/console/accounts")]
async fn create_account(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let body = NewAccountBody {
        username: form.get("username").to_string(),
        municipality: form.get("municipality").to_string(),
        role: form.get("role").to_string(),
        password: Some(form.get("password").to_string()).filter(|p| !p.is_empty()),
    };
    let (clerk, page) = form.user.allowed(Permission::ManageAccounts)?;
    let result = new_account(&state, clerk, body).await.map(|view| {
        view.password
            .map(|p| ("accounts-password-once".to_string(), p))
    });
    answer(&state, page, result).await
}

#[post("/console/accounts/{id}/{state}")]
async fn account_state(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, wanted) = path.into_inner();
    let (clerk, page) = (form.user.clerk, form.user.page);
    let disable = match wanted.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(page.error(ApiError::NotFound("page"))),
    };
    let result = set_disabled(&state, clerk, id, disable).await.map(|_| None);
    answer(&state, page, result).await
}

#[post("/console/tokens")]
async fn create_token(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let body = NewTokenBody {
        label: form.get("label").to_string(),
        municipality: form.get("municipality").to_string(),
        role: form.get("role").to_string(),
        valid_days: form.get("valid_days").parse().unwrap_or(0),
    };
    let (clerk, page) = form.user.allowed(Permission::ManageAccounts)?;
    let result = new_token(&state, clerk, body)
        .await
        .map(|view| view.token.map(|t| ("tokens-token-once".to_string(), t)));
    answer(&state, page, result).await
}

#[post("/console/tokens/{id}/revoke")]
async fn revoke_token(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (clerk, page) = (form.user.clerk, form.user.page);
    let result = end_token(&state, clerk, path.into_inner())
        .await
        .map(|_| None);
    answer(&state, page, result).await
}
