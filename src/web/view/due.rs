//! What is due, as the API answers it (JSON) and as both the API and the console export it
//! (CSV for mailing, its header and reasons in the reader's language). Made from
//! `app::due::DueList`. Names are the clerk's own register; a national ID never appears.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::due::{DueEntry, DueList};
use crate::domain::spreadsheet::safe_cell;
use crate::i18n::{Lang, Translations};

/// The console page of a family.
pub fn family_path(id: &str) -> String {
    format!("/console/families/{id}")
}

/// `ALY-000042`: the family's number as clerks say it.
pub fn family_label(e: &DueEntry, list: &DueList) -> String {
    format!("{}-{:06}", list.municipality.code(), e.family_number)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueEntryView {
    /// `card_ends`, `turns_18`, `education_ends`, `disability_ends`, `school_leaver` or
    /// `family_stops_qualifying`.
    pub kind: String,
    /// The reason in the language asked for.
    pub reason: String,
    /// `YYYY-MM-DD`, the municipality's local date: the card's last valid day; the 18th
    /// birthday; the proof's last day; the first day a school leaver no longer counts
    /// (1 September); the first day the family no longer qualifies.
    pub date: String,
    pub family_id: String,
    pub family_number: i32,
    /// `ALY-000042`.
    pub family_label: String,
    pub reference: String,
    /// The family's page in the console.
    pub family_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_number: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueListView {
    pub municipality: String,
    pub days: i64,
    /// The first and last day of the window (local dates, both included).
    pub from: String,
    pub until: String,
    pub entries: Vec<DueEntryView>,
}

impl DueListView {
    pub fn new(list: &DueList, lang: Lang, t: &Translations) -> DueListView {
        DueListView {
            municipality: list.municipality.code().to_string(),
            days: list.days,
            from: list.from.to_string(),
            until: list.until.to_string(),
            entries: list
                .entries
                .iter()
                .map(|e| DueEntryView {
                    kind: e.kind.code().to_string(),
                    reason: reason(e, lang, t),
                    date: e.date.to_string(),
                    family_id: e.family_id.0.clone(),
                    family_number: e.family_number,
                    family_label: family_label(e, list),
                    reference: e.reference.clone(),
                    family_url: family_path(&e.family_id.0),
                    member_number: e.member_number,
                    member_name: e.member_name.clone(),
                    card_number: e.card_number.map(|n| n.to_string()),
                })
                .collect(),
        }
    }
}

/// The entry's reason in words: `due-kind-<code>`.
pub fn reason(e: &DueEntry, lang: Lang, t: &Translations) -> String {
    t.get(lang, &format!("due-kind-{}", e.kind.code()))
}

/// The list as CSV in `lang`: date, reason, family, reference, member number, name, card number
/// and the family's console page (`origin` + path, e.g. `https://kartu.alytus.lt`).
pub fn csv(list: &DueList, lang: Lang, t: &Translations, origin: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "due-csv-date",
        "due-csv-reason",
        "due-csv-family",
        "due-csv-reference",
        "due-csv-member-number",
        "due-csv-member-name",
        "due-csv-card",
        "due-csv-link",
    ]
    .map(|key| t.get(lang, key));
    out.write_record(&header)?;
    for e in &list.entries {
        let row = [
            e.date.to_string(),
            reason(e, lang, t),
            family_label(e, list),
            e.reference.clone(),
            e.member_number.map(|n| n.to_string()).unwrap_or_default(),
            e.member_name.clone().unwrap_or_default(),
            e.card_number.map(|n| n.to_string()).unwrap_or_default(),
            format!("{origin}{}", family_path(&e.family_id.0)),
        ];
        out.write_record(row.iter().map(|c| safe_cell(c)))?;
    }
    Ok(out.into_inner()?)
}
