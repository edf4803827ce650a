//! The usage statistics in the console (supervisors and admins): uses per partner and month,
//! and per card municipality × location municipality × month with the cross-border rows
//! marked, a bar chart of the cross-border uses per month (an SVG the template draws), and the
//! same report as CSV. A withheld cell (`Cell::Withheld`, fewer than five uses) reads "fewer
//! than 5", never a number; the chart adds up only the cells that are shown. The act is
//! `app::usage::report`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::error::{Error, FieldError};
use crate::app::usage::{self, Cell, UsageReport, MIN_CELL};
use crate::domain::spreadsheet::safe_cell;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::ConsoleUser;
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct UsageQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

impl UsageQuery {
    fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [("from", self.from.trim()), ("until", self.until.trim())]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// One month's bar of the chart, in the SVG's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub month: String,
    /// The sum of the month's cross-border cells that are shown.
    pub uses: i64,
    /// Some cross-border cells of the month are withheld (and not in `uses`).
    pub partial: bool,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Where the month's label sits (its middle).
    pub middle: f64,
    /// Whether the month is labelled (every one, or every few when there are many).
    pub labelled: bool,
    /// The month's label: `01` to `12`.
    pub label: String,
    /// The year, under the first month and each January.
    pub year: Option<String>,
}

/// The chart's size and margins, in the SVG's units.
pub const CHART_WIDTH: f64 = 480.0;
pub const CHART_HEIGHT: f64 = 220.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 44.0;

/// The months from `from` to `until` (`YYYY-MM`), at most 120.
fn months(from: &str, until: &str) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, m) = m.split_once('-')?;
        Some((y.parse().ok()?, m.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(from), parse(until)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 120 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The bars of the cross-border uses per month.
pub fn bars(report: &UsageReport) -> Vec<Bar> {
    let months = months(&report.from, &report.until);
    let sums: Vec<(i64, bool)> = months
        .iter()
        .map(|month| {
            report
                .by_border
                .iter()
                .filter(|c| &c.month == month && c.crosses_the_border())
                .fold((0, false), |(sum, partial), c| match c.uses {
                    Cell::Shown(n) => (sum + n, partial),
                    Cell::Withheld => (sum, true),
                })
        })
        .collect();
    let highest = sums.iter().map(|(s, _)| *s).max().unwrap_or(0).max(1) as f64;
    let slot = (CHART_WIDTH - LEFT - RIGHT) / months.len().max(1) as f64;
    let every = months.len().div_ceil(12).max(1);
    let plot = CHART_HEIGHT - TOP - BOTTOM;
    months
        .into_iter()
        .zip(sums)
        .enumerate()
        .map(|(i, (month, (uses, partial)))| {
            let height = plot * uses as f64 / highest;
            let x = LEFT + slot * i as f64;
            let (year, number) = month.split_once('-').unwrap_or(("", ""));
            Bar {
                label: number.to_string(),
                year: (i == 0 || number == "01").then(|| year.to_string()),
                month,
                uses,
                partial,
                x: x + slot * 0.15,
                y: TOP + plot - height,
                width: slot * 0.7,
                height,
                middle: x + slot / 2.0,
                labelled: i % every == 0,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "console/usage.html")]
struct UsagePage {
    page: Page,
    query: UsageQuery,
    report: Option<UsageReport>,
    errors: Vec<FieldError>,
}

impl UsagePage {
    fn cell(&self, cell: &Cell) -> String {
        match cell {
            Cell::Shown(n) => n.to_string(),
            Cell::Withheld => self.page.t("usage-withheld"),
        }
    }

    fn withheld(&self, cell: &Cell) -> bool {
        *cell == Cell::Withheld
    }

    fn bars(&self) -> Vec<Bar> {
        self.report.as_ref().map(bars).unwrap_or_default()
    }

    fn any_partial(&self) -> bool {
        self.bars().iter().any(|b| b.partial)
    }

    fn err(&self, field: &str) -> Vec<String> {
        self.page.field_errors(&self.errors, field)
    }

    fn csv_link(&self) -> String {
        format!("/console/usage.csv?{}", self.query.query_string())
    }

    fn min_cell(&self) -> String {
        MIN_CELL.to_string()
    }

    /// The bottom of the plot, where the bars stand.
    fn baseline(&self) -> f64 {
        CHART_HEIGHT - BOTTOM
    }

    fn chart_width(&self) -> f64 {
        CHART_WIDTH
    }

    fn chart_height(&self) -> f64 {
        CHART_HEIGHT
    }

    fn label_y(&self) -> f64 {
        CHART_HEIGHT - BOTTOM + 17.0
    }

    fn year_y(&self) -> f64 {
        CHART_HEIGHT - BOTTOM + 34.0
    }
}

pub async fn page(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<UsageQuery>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (user.actor, user.page);
    let query = query.into_inner();
    let (from, until) = (query.from.clone(), query.until.clone());
    let result = act(&state, move |k| usage::report(k, &actor, &from, &until)).await;
    let (status, report, errors) = match result {
        Ok(report) => (StatusCode::OK, Some(report), Vec::new()),
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
        Err(other) => return Err(page.error(other)),
    };
    let query = match &report {
        // The months the report covers, when the form left them empty.
        Some(r) => UsageQuery {
            from: r.from.clone(),
            until: r.until.clone(),
        },
        None => query,
    };
    let view = UsagePage {
        page,
        query,
        report,
        errors,
    };
    view.page.respond(status, &view)
}

/// The same report as CSV: both tables in one, told apart by the `table` column; a withheld
/// cell's `uses` is empty and its `note` says why.
pub async fn csv(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<UsageQuery>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (user.actor, user.page);
    let UsageQuery { from, until } = query.into_inner();
    let report = act(&state, move |k| usage::report(k, &actor, &from, &until))
        .await
        .map_err(|e| page.error(e))?;
    let bytes = csv_of(&report, &page.t("usage-withheld"))
        .map_err(|e| page.error(ApiError::Internal(e.context("writing the CSV"))))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"kartu-usage.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

fn csv_of(report: &UsageReport, withheld: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "table",
        "month",
        "partner_id",
        "partner",
        "card_municipality",
        "location_municipality",
        "cross_border",
        "uses",
        "note",
    ])?;
    let shown = |c: Cell| match c {
        Cell::Shown(n) => (n.to_string(), String::new()),
        Cell::Withheld => (String::new(), withheld.to_string()),
    };
    for c in &report.by_partner {
        let (uses, note) = shown(c.uses);
        out.write_record([
            "partner",
            &c.month,
            &c.partner.0,
            &safe_cell(&c.partner_name),
            "",
            "",
            "",
            &uses,
            &note,
        ])?;
    }
    for c in &report.by_border {
        let (uses, note) = shown(c.uses);
        out.write_record([
            "border",
            &c.month,
            "",
            "",
            c.card_municipality.code(),
            c.location_municipality.code(),
            if c.crosses_the_border() { "yes" } else { "no" },
            &uses,
            &note,
        ])?;
    }
    Ok(out.into_inner()?)
}

#[cfg(test)]
mod tests {
    use kartu_card::Municipality;

    use super::*;
    use crate::app::usage::BorderMonth;

    fn border(card: Municipality, at: Municipality, month: &str, uses: Cell) -> BorderMonth {
        BorderMonth {
            card_municipality: card,
            location_municipality: at,
            month: month.into(),
            uses,
        }
    }

    #[test]
    fn the_chart_adds_up_only_shown_cross_border_cells_month_by_month() {
        use Municipality::*;
        let report = UsageReport {
            from: "2027-11".into(),
            until: "2028-02".into(),
            by_partner: Vec::new(),
            by_border: vec![
                border(Aly, Elk, "2027-11", Cell::Shown(7)),
                border(Var, Elk, "2027-11", Cell::Withheld),
                border(Elk, Elk, "2027-11", Cell::Shown(50)),
                border(Elk, Aly, "2028-01", Cell::Shown(14)),
            ],
        };
        let bars = bars(&report);
        let months: Vec<&str> = bars.iter().map(|b| b.month.as_str()).collect();
        assert_eq!(months, ["2027-11", "2027-12", "2028-01", "2028-02"]);
        let labels: Vec<(&str, Option<&str>)> = bars
            .iter()
            .map(|b| (b.label.as_str(), b.year.as_deref()))
            .collect();
        assert_eq!(
            labels,
            [
                ("11", Some("2027")),
                ("12", None),
                ("01", Some("2028")),
                ("02", None)
            ],
            "the year under the first month and each January"
        );
        let uses: Vec<(i64, bool)> = bars.iter().map(|b| (b.uses, b.partial)).collect();
        assert_eq!(uses, [(7, true), (0, false), (14, false), (0, false)]);
        assert!((bars[2].height - (CHART_HEIGHT - TOP - BOTTOM)).abs() < 1e-9);
        assert!((bars[0].height * 2.0 - bars[2].height).abs() < 1e-9);
        assert!(bars
            .iter()
            .all(|b| b.y + b.height <= CHART_HEIGHT - BOTTOM + 1e-9));
    }

    #[test]
    fn a_withheld_cell_is_empty_in_the_csv_with_a_note() {
        let report = UsageReport {
            from: "2027-01".into(),
            until: "2027-01".into(),
            by_partner: Vec::new(),
            by_border: vec![border(
                Municipality::Aly,
                Municipality::Elk,
                "2027-01",
                Cell::Withheld,
            )],
        };
        let text = String::from_utf8(csv_of(&report, "fewer than 5").unwrap()).unwrap();
        assert_eq!(
            text.lines().nth(1),
            Some("border,2027-01,,,ALY,ELK,yes,,fewer than 5")
        );
    }
}
