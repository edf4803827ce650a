//! Console pages for supervisors and admins: the audit trail (filtered, paginated, exported as
//! CSV through the API's own endpoint) and, for admins, accounts and API tokens. A generated
//! password or a new token is shown once, on the page that answers the form.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::accounts::{self, AccountInput, TokenInput};
use crate::app::actor::Actor;
use crate::app::audit_trail::{self, AuditQuery};
use crate::app::error::{Error, FieldError};
use crate::domain::access::Permission;
use crate::store::account::AccountId;
use crate::store::api_token::TokenId;
use crate::web::act;
use crate::web::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;
use crate::web::view::{AccountView, AuditView, TokenView};

/// Records on one page of the audit trail.
const AUDIT_PER_PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct AuditFilterQuery {
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

pub async fn audit(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<AuditFilterQuery>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ReadAudit)?;
    let filter = query.into_inner();
    let (wanted, number) = (filter.to_query(), filter.page.unwrap_or(1));
    let found = act(&state, move |k| {
        audit_trail::search(&k.db, &actor, &wanted, number, AUDIT_PER_PAGE)
    })
    .await;
    let (items, total, current, pages, problem) = match found {
        Ok(found) => {
            let pages = (found.total + found.per_page - 1) / found.per_page;
            (
                found.items.into_iter().map(AuditView::of).collect(),
                u64::try_from(found.total).unwrap_or(0),
                found.page,
                pages.max(1),
                None,
            )
        }
        Err(Error::Invalid(errors)) => {
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
    actor: Actor,
    page: Page,
    status: StatusCode,
    secret: Option<(String, String)>,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, PageError> {
    let (accounts, tokens) = act(state, move |k| {
        Ok((
            accounts::accounts(&k.db, &actor)?,
            accounts::tokens(&k.db, &actor)?,
        ))
    })
    .await
    .map_err(|e| page.error(e))?;
    let view = AccountsPage {
        page,
        accounts: accounts.iter().map(AccountView::of).collect(),
        tokens: tokens.iter().map(TokenView::of).collect(),
        secret,
        errors,
    };
    view.page.respond(status, &view)
}

pub async fn accounts_list(
    state: web::Data<AppState>,
    user: ConsoleUser,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ManageAccounts)?;
    accounts_page(&state, actor, page, StatusCode::OK, None, Vec::new()).await
}

/// Field problems go back to the form; anything else is an error page.
async fn answer(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    result: Result<Option<(String, String)>, Error>,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(None) => Ok(see_other("/console/accounts")),
        Ok(Some(secret)) => {
            accounts_page(state, actor, page, StatusCode::OK, Some(secret), Vec::new()).await
        }
        Err(Error::Invalid(errors)) => {
            accounts_page(
                state,
                actor,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                errors,
            )
            .await
        }
        Err(Error::Conflict { code, .. }) => {
            let errors = vec![FieldError::new("form", format!("conflict_{code}"), "")];
            accounts_page(state, actor, page, StatusCode::CONFLICT, None, errors).await
        }
        Err(other) => Err(page.error(other)),
    }
}

pub async fn create_account(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let input = AccountInput {
        username: form.get("username").to_string(),
        municipality: form.get("municipality").to_string(),
        role: form.get("role").to_string(),
        password: Some(form.get("password").to_string()).filter(|p| !p.is_empty()),
    };
    let (actor, page) = form.user.allowed(Permission::ManageAccounts)?;
    let by = actor.clone();
    let result = act(&state, move |k| {
        accounts::create_account(&k.db, &by, &input)
    })
    .await
    .map(|(_, password)| password.map(|p| ("accounts-password-once".to_string(), p)));
    answer(&state, actor, page, result).await
}

pub async fn account_state(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, wanted) = path.into_inner();
    let (actor, page) = (form.user.actor, form.user.page);
    let disable = match wanted.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(page.error(Error::NotFound("page"))),
    };
    let (by, id) = (actor.clone(), AccountId(id));
    let result = act(&state, move |k| {
        accounts::set_disabled(&k.db, &by, &id, disable)
    })
    .await
    .map(|_| None);
    answer(&state, actor, page, result).await
}

pub async fn create_token(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let input = TokenInput {
        label: form.get("label").to_string(),
        municipality: form.get("municipality").to_string(),
        role: form.get("role").to_string(),
        valid_days: form.get("valid_days").parse().unwrap_or(0),
    };
    let (actor, page) = form.user.allowed(Permission::ManageAccounts)?;
    let by = actor.clone();
    let result = act(&state, move |k| accounts::create_token(&k.db, &by, &input))
        .await
        .map(|(_, token)| Some(("tokens-token-once".to_string(), token)));
    answer(&state, actor, page, result).await
}

pub async fn revoke_token(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (form.user.actor, form.user.page);
    let (by, id) = (actor.clone(), TokenId(path.into_inner()));
    let result = act(&state, move |k| accounts::revoke_token(&k.db, &by, &id))
        .await
        .map(|_| None);
    answer(&state, actor, page, result).await
}
