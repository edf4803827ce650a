//! Console pages for families: register one (every problem shown next to its field), see its
//! members with the eligibility reason of each, and issue its cards.
//!
//! A national ID number goes from the form to the same parser, hasher and audit trail the API
//! uses; it is never shown again, not even when the form comes back with an error.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::cards;
use crate::app::error::{Error, FieldError};
use crate::app::families::{self, FamilyInput};
use crate::app::members::MemberInput;
use crate::domain::access::Permission;
use crate::domain::calendar::human_time;
use crate::store::family::FamilyId;
use crate::web::act;
use crate::web::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;
use crate::web::view::{CardView, FamilyView};

/// Member rows on a new form; `?rows=` asks for more, up to [`MAX_ROWS`].
const DEFAULT_ROWS: usize = 6;
const MAX_ROWS: usize = 16;
const MEMBER_FIELDS: [&str; 6] = [
    "name",
    "role",
    "birth_date",
    "national_id",
    "education_until",
    "disability_until",
];

/// One member row of the form as typed (the national ID is never sent back).
#[derive(Debug, Default, Clone)]
pub struct MemberRow {
    pub name: String,
    pub role: String,
    pub birth_date: String,
    pub education_until: String,
    pub disability_until: String,
}

#[derive(Template)]
#[template(path = "console/family_new.html")]
struct NewFamilyPage {
    page: Page,
    reference: String,
    rows: Vec<MemberRow>,
    errors: Vec<FieldError>,
    /// A problem with the whole family (e.g. a person already registered), as a message key.
    problem: Option<String>,
}

impl NewFamilyPage {
    /// The translated problems of one field, e.g. `members[2].national_id`.
    fn errors_of(&self, field: &str) -> Vec<String> {
        self.page.field_errors(&self.errors, field)
    }

    fn row_errors(&self, row: &usize, name: &str) -> Vec<String> {
        self.errors_of(&format!("members[{row}].{name}"))
    }

    fn input_id(&self, row: &usize, name: &str) -> String {
        format!("m{row}-{name}")
    }

    fn error_count(&self) -> u64 {
        self.errors.len() as u64
    }

    fn more_rows(&self) -> usize {
        (self.rows.len() + 4).min(MAX_ROWS)
    }
}

#[derive(Debug, Deserialize)]
pub struct RowsQuery {
    rows: Option<usize>,
}

pub async fn new_form(
    user: ConsoleUser,
    query: web::Query<RowsQuery>,
) -> Result<HttpResponse, PageError> {
    let (_, page) = user.allowed(Permission::HandleFamilies)?;
    let rows = query.rows.unwrap_or(DEFAULT_ROWS).clamp(1, MAX_ROWS);
    let view = NewFamilyPage {
        page,
        reference: String::new(),
        rows: vec![MemberRow::default(); rows],
        errors: Vec::new(),
        problem: None,
    };
    view.page.ok(&view)
}

pub async fn create(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let ConsoleForm {
        user, fields: form, ..
    } = form;
    let (actor, page) = user.allowed(Permission::HandleFamilies)?;
    // A row counts when any of its fields is filled, so nothing typed is dropped unseen.
    let row_count = (0..MAX_ROWS)
        .rev()
        .find(|i| {
            MEMBER_FIELDS
                .iter()
                .any(|f| !form.get(&format!("members[{i}].{f}")).is_empty())
        })
        .map_or(DEFAULT_ROWS, |last| (last + 1).max(DEFAULT_ROWS));
    let mut rows = Vec::new();
    let mut members = Vec::new();
    // The body's member k is the form's row `filled[k]`.
    let mut filled = Vec::new();
    for i in 0..row_count {
        let value = |name: &str| form.get(&format!("members[{i}].{name}")).to_string();
        let row = MemberRow {
            name: value("name"),
            role: value("role"),
            birth_date: value("birth_date"),
            education_until: value("education_until"),
            disability_until: value("disability_until"),
        };
        let blank = MEMBER_FIELDS.iter().all(|f| value(f).is_empty());
        if !blank {
            filled.push(i);
            members.push(MemberInput {
                name: row.name.clone(),
                role: row.role.clone(),
                birth_date: row.birth_date.clone(),
                national_id: value("national_id"),
                education_until: Some(row.education_until.clone()).filter(|s| !s.is_empty()),
                disability_until: Some(row.disability_until.clone()).filter(|s| !s.is_empty()),
            });
        }
        rows.push(row);
    }
    // "More members" sends the form back with more empty rows; nothing is registered.
    let more = form.get("more_rows").parse::<usize>().ok();
    if let Some(more) = more {
        rows.resize(more.clamp(rows.len(), MAX_ROWS), MemberRow::default());
    }
    let reference = form.get("reference").to_string();
    let input = FamilyInput {
        municipality: actor.home.map_or("", |m| m.code()).to_string(),
        reference: reference.clone(),
        members,
    };
    let again = |errors: Vec<FieldError>, problem: Option<String>, status: StatusCode| {
        let view = NewFamilyPage {
            page: page.clone(),
            reference: reference.clone(),
            rows: rows.clone(),
            errors,
            problem,
        };
        view.page.respond(status, &view)
    };
    if more.is_some() {
        return again(Vec::new(), None, StatusCode::OK);
    }
    match act(&state, move |k| families::register(k, &actor, &input)).await {
        Ok(file) => Ok(see_other(&format!(
            "/console/families/{}",
            file.family.id.0
        ))),
        Err(Error::Invalid(errors)) => {
            let errors = errors
                .into_iter()
                .map(|e| FieldError {
                    field: row_field(&e.field, &filled),
                    ..e
                })
                .collect();
            again(errors, None, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(Error::Conflict { code, .. }) => again(
            Vec::new(),
            Some(format!("conflict-{code}")),
            StatusCode::CONFLICT,
        ),
        Err(other) => Err(page.error(other)),
    }
}

/// `members[k].x` of the body as `members[row].x` of the form.
fn row_field(field: &str, filled: &[usize]) -> String {
    let Some(rest) = field.strip_prefix("members[") else {
        return field.to_string();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return field.to_string();
    };
    match index.parse::<usize>().ok().and_then(|k| filled.get(k)) {
        Some(row) => format!("members[{row}]{tail}"),
        None => field.to_string(),
    }
}

#[derive(Template)]
#[template(path = "console/family.html")]
struct FamilyPage {
    page: Page,
    family: FamilyView,
    notice: Option<String>,
    /// Since when the family's page link is in use, if it has one.
    link_since: Option<String>,
    /// Whether the reader may download the family's data (supervisors).
    may_export: bool,
}

impl FamilyPage {
    fn qualifying_count(&self) -> u64 {
        self.family.eligibility.qualifying_children as u64
    }

    fn member_count(&self) -> u64 {
        self.family.members.len() as u64
    }

    fn card_count(&self) -> u64 {
        self.family.cards.len() as u64
    }

    fn label(&self) -> String {
        format!(
            "{}-{:06}",
            self.family.municipality, self.family.family_number
        )
    }

    /// The newest card of a member, if any.
    fn card_of(&self, member_id: &str) -> Option<&CardView> {
        self.family
            .cards
            .iter()
            .filter(|c| c.member_id == member_id)
            .max_by_key(|c| c.sequence)
    }

    fn day<'a>(&self, rfc3339: &'a str) -> &'a str {
        crate::web::pages::console::cards::day(rfc3339)
    }

    /// The family's own language, for its printable data export.
    fn family_lang(&self) -> &'static str {
        match self.family.municipality.as_str() {
            "ELK" => "pl",
            _ => "lt",
        }
    }

    fn holder_of(&self, member_id: &str) -> String {
        self.family
            .members
            .iter()
            .find(|m| m.id == member_id)
            .map_or_else(String::new, |m| m.name.clone())
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    issued: Option<u64>,
    link: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (user.actor, user.page);
    let may_export = actor.may(Permission::ExportFamilyData);
    let id = FamilyId(path.into_inner());
    let file = act(&state, move |k| families::view(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    let notice = match (query.issued, query.link.as_deref()) {
        (Some(n), _) => Some(page.count("issued-count", n)),
        (None, Some("revoked")) => Some(page.t("link-revoked")),
        _ => None,
    };
    let view = FamilyPage {
        page,
        family: FamilyView::new(&file, state.kartu.now()),
        notice,
        link_since: file.link_since.map(human_time),
        may_export,
    };
    view.page.ok(&view)
}

pub async fn issue(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (form.user.actor, form.user.page);
    let id = path.into_inner();
    let family = FamilyId(id.clone());
    let result = act(&state, move |k| cards::issue(k, &actor, &family))
        .await
        .map_err(|e| page.error(e))?;
    Ok(see_other(&format!(
        "/console/families/{id}?issued={}",
        result.issued.len()
    )))
}

#[cfg(test)]
mod tests {
    use super::row_field;

    #[test]
    fn a_members_error_names_the_form_row_it_came_from() {
        let filled = [0, 1, 3];
        assert_eq!(
            row_field("members[2].national_id", &filled),
            "members[3].national_id"
        );
        assert_eq!(row_field("members[0].name", &filled), "members[0].name");
        assert_eq!(row_field("reference", &filled), "reference");
        assert_eq!(row_field("members[9].name", &filled), "members[9].name");
    }
}
