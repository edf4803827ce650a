//! Loading a municipality's existing register (`kartu import`, the console's upload): every row
//! is checked by the same rules as a clerk's registration, a family with a bad row is refused
//! whole while the rest go in, and a family whose reference is already registered is left as it
//! is, so running the same file again adds nothing.
//!
//! Families are written in batches (`import_batch`), one transaction each, because one
//! transaction per member would not load a register of 10,000 families in half a minute. The
//! report names rows by their line in the file and never holds a national ID number.

use std::collections::HashMap;

use kartu_card::Municipality;

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::families::MAX_MEMBERS;
use crate::app::import_batch::{self, Planned, PlannedMember};
use crate::app::input::Fields;
use crate::app::members::MemberInput;
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::register_csv::{RegisterFile, RegisterRow};
use crate::domain::spreadsheet::safe_cell;

/// Families written per transaction.
pub const BATCH_FAMILIES: usize = 250;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check everything and change nothing.
    pub dry_run: bool,
    /// Also issue the cards of every family that qualifies.
    pub issue: bool,
}

/// One problem of one row: the line in the file, the family's reference, the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub reference: String,
    pub field: String,
    /// A stable code: a field rule's (`wrong_check_digit`), an eligibility reason's
    /// (`family_too_few_children`) or the import's own (`family_refused`, `duplicate_in_file`).
    pub code: String,
    /// In English; adapters translate `code` where they can.
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub rows: usize,
    pub families: usize,
    pub registered: usize,
    pub already_present: usize,
    pub refused: usize,
    pub cards_issued: usize,
    /// Registered families of which no member got a card (they do not qualify now).
    pub without_cards: usize,
}

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub counts: ImportCounts,
    /// Every row of a refused family: its own problems, or `family_refused` for the others.
    pub refused: Vec<Problem>,
    /// The references already registered, left as they are.
    pub already_present: Vec<String>,
    /// Registered families that got no card, with the eligibility reason (with `--issue`).
    pub without_cards: Vec<Problem>,
}

impl ImportReport {
    fn refuse(&mut self, family: &Family<'_>, problems: Vec<Problem>) {
        self.counts.refused += 1;
        for row in &family.rows {
            let own: Vec<&Problem> = problems.iter().filter(|p| p.line == row.line).collect();
            if own.is_empty() {
                self.refused.push(Problem {
                    line: row.line,
                    reference: family.reference.clone(),
                    field: String::new(),
                    code: "family_refused".into(),
                    message: "refused with its family, because of another row".into(),
                });
            } else {
                self.refused.extend(own.into_iter().cloned());
            }
        }
        // Problems of the whole family (no row of its own) come first in their family.
        self.refused
            .extend(problems.into_iter().filter(|p| p.line == 0));
    }
}

/// The rows of one reference, in file order.
#[derive(Debug)]
struct Family<'a> {
    reference: String,
    rows: Vec<&'a RegisterRow>,
}

/// Groups rows by reference in the order references first appear; a row without one is refused.
fn group<'a>(rows: &'a [RegisterRow], report: &mut ImportReport) -> Vec<Family<'a>> {
    let mut order: Vec<Family<'a>> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let reference = row.reference.trim();
        if reference.is_empty() {
            report.refused.push(Problem {
                line: row.line,
                reference: String::new(),
                field: "reference".into(),
                code: "required".into(),
                message: "every row names its family's reference".into(),
            });
            continue;
        }
        match at.get(reference) {
            Some(&i) => order[i].rows.push(row),
            None => {
                at.insert(reference, order.len());
                order.push(Family {
                    reference: reference.to_string(),
                    rows: vec![row],
                });
            }
        }
    }
    order
}

fn problem(line: u64, reference: &str, field: &str, code: &str, message: &str) -> Problem {
    Problem {
        line,
        reference: reference.to_string(),
        field: field.to_string(),
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// A family's rows checked by the registration rules: its members ready to store, or every
/// problem found.
fn check_family(
    k: &Kartu,
    municipality: Municipality,
    family: &Family<'_>,
) -> Result<Planned, Vec<Problem>> {
    let reference = &family.reference;
    let mut problems = Vec::new();
    if reference.chars().count() > 100 {
        problems.push(problem(
            0,
            reference,
            "reference",
            "too_long",
            "a reference has at most 100 characters",
        ));
    }
    if reference.chars().any(char::is_control) {
        problems.push(problem(
            0,
            reference,
            "reference",
            "control_character",
            "remove the invisible control characters",
        ));
    }
    if family.rows.len() > MAX_MEMBERS {
        problems.push(problem(
            0,
            reference,
            "members",
            "member_count",
            "a family is registered with 1 to 40 members",
        ));
    }
    let mut members = Vec::new();
    for row in &family.rows {
        let mut fields = Fields::default();
        if row.name.chars().any(char::is_control) {
            fields.push(
                "name",
                "control_character",
                "remove the invisible control characters",
            );
        }
        let input = MemberInput {
            name: row.name.clone(),
            role: row.role.clone(),
            birth_date: row.birth_date.clone(),
            national_id: row.national_id.clone(),
            education_until: row.education_until.clone(),
            disability_until: row.disability_until.clone(),
        };
        let parsed = input.parse(municipality, "", &mut fields);
        match fields.finish() {
            Ok(()) => match parsed {
                Some(new) => members.push(PlannedMember {
                    line: row.line,
                    id_hash: new.national_id.keyed_hash(&k.id_secret).to_vec(),
                    new,
                }),
                None => problems.push(problem(
                    row.line,
                    reference,
                    "",
                    "invalid",
                    "the row could not be read",
                )),
            },
            Err(Error::Invalid(errors)) => {
                problems.extend(errors.into_iter().map(|e| Problem {
                    line: row.line,
                    reference: reference.clone(),
                    field: e.field,
                    code: e.code,
                    message: e.message,
                }));
            }
            Err(other) => {
                return Err(vec![problem(
                    row.line,
                    reference,
                    "",
                    "invalid",
                    &other.to_string(),
                )])
            }
        }
    }
    if problems.is_empty() {
        Ok(Planned {
            reference: reference.clone(),
            members,
        })
    } else {
        Err(problems)
    }
}

/// Refuses, with their families, the people who appear more than once in the file: which of
/// the rows is right is for a clerk to decide.
fn refuse_duplicates(
    planned: Vec<(usize, Planned)>,
    families: &[Family<'_>],
    report: &mut ImportReport,
) -> Vec<(usize, Planned)> {
    let mut lines_of: HashMap<&[u8], Vec<u64>> = HashMap::new();
    for (_, p) in &planned {
        for m in &p.members {
            lines_of.entry(&m.id_hash).or_default().push(m.line);
        }
    }
    let twice: HashMap<Vec<u8>, Vec<u64>> = lines_of
        .into_iter()
        .filter(|(_, lines)| lines.len() > 1)
        .map(|(hash, lines)| (hash.to_vec(), lines))
        .collect();
    if twice.is_empty() {
        return planned;
    }
    let mut kept = Vec::new();
    for (i, p) in planned {
        let problems: Vec<Problem> = p
            .members
            .iter()
            .filter_map(|m| {
                twice.get(&m.id_hash).map(|lines| {
                    let others: Vec<String> = lines
                        .iter()
                        .filter(|&&l| l != m.line)
                        .map(u64::to_string)
                        .collect();
                    problem(
                        m.line,
                        &p.reference,
                        "national_id",
                        "duplicate_in_file",
                        &format!("the same person is on line {} too", others.join(", ")),
                    )
                })
            })
            .collect();
        if problems.is_empty() {
            kept.push((i, p));
        } else {
            report.refuse(&families[i], problems);
        }
    }
    kept
}

/// Loads a register into the actor's own municipality. `progress` is told the families done
/// and the total after each batch.
pub fn import_register(
    k: &Kartu,
    actor: &Actor,
    file: &RegisterFile,
    file_name: &str,
    options: ImportOptions,
    progress: &mut dyn FnMut(&ImportCounts, usize),
) -> Result<ImportReport, Error> {
    actor.require(Permission::ImportRegister)?;
    let municipality = actor.home.ok_or(Error::Forbidden(
        "import a register without a municipality of one's own",
    ))?;
    let mut report = ImportReport::default();
    report.counts.rows = file.rows.len();
    let families = group(&file.rows, &mut report);
    report.counts.families = families.len();
    let mut planned = Vec::new();
    for (i, family) in families.iter().enumerate() {
        match check_family(k, municipality, family) {
            Ok(p) => planned.push((i, p)),
            Err(problems) => report.refuse(family, problems),
        }
    }
    let planned = refuse_duplicates(planned, &families, &mut report);
    let total = families.len();
    let refused_before = report.counts.refused;
    progress(&report.counts, refused_before);
    let act = Act::new(actor, k.now());
    let mut done = refused_before;
    for batch in planned.chunks(BATCH_FAMILIES) {
        let outcome = import_batch::write(k, act, municipality, batch, options)?;
        for (i, refusal) in outcome.refused {
            report.refuse(&families[i], refusal);
        }
        report.counts.registered += outcome.registered;
        report.counts.cards_issued += outcome.cards_issued;
        report.counts.already_present += outcome.already_present.len();
        report.already_present.extend(outcome.already_present);
        report.counts.without_cards += outcome.without_cards.len();
        report.without_cards.extend(outcome.without_cards);
        done += batch.len();
        progress(&report.counts, done.min(total));
    }
    report.refused.sort_by_key(|p| p.line);
    if !options.dry_run {
        let c = report.counts;
        let mut entry = Entry::new(AuditAction::RegisterImport, Some(municipality));
        entry.after = Some(serde_json::json!({
            "file": file_name,
            "encoding": file.encoding.to_string(),
            "issue": options.issue,
            "rows": c.rows,
            "families": c.families,
            "registered": c.registered,
            "already_present": c.already_present,
            "refused": c.refused,
            "refused_rows": report.refused.len(),
            "cards_issued": c.cards_issued,
        }));
        k.db.write(|tx| act.record(tx, entry))
            .context("recording the import")?;
    }
    Ok(report)
}

/// The columns of a report, in the adapter's language: line, reference, field, problem, message.
pub type ReportHeader = [String; 5];

impl ImportReport {
    /// The report as CSV: the refused rows, then the references already present, then the
    /// families registered without cards. `explain(code, english)` gives a problem's words.
    /// Cells that a spreadsheet would run as a formula are quoted with `'`.
    pub fn to_csv(
        &self,
        header: &ReportHeader,
        explain: &dyn Fn(&str, &str) -> String,
    ) -> Result<String, Error> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(header)
            .map_err(|e| Error::internal(e.to_string()))?;
        let present: Vec<Problem> = self
            .already_present
            .iter()
            .map(|r| {
                problem(
                    0,
                    r,
                    "reference",
                    "already_present",
                    "this reference is registered already; its family was left as it is",
                )
            })
            .collect();
        for p in self
            .refused
            .iter()
            .chain(&present)
            .chain(&self.without_cards)
        {
            let line = if p.line == 0 {
                String::new()
            } else {
                p.line.to_string()
            };
            out.write_record([
                line,
                safe_cell(&p.reference),
                p.field.clone(),
                p.code.clone(),
                safe_cell(&explain(&p.code, &p.message)),
            ])
            .map_err(|e| Error::internal(e.to_string()))?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::internal(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| Error::internal(e.to_string()))
    }
}
