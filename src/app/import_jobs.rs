//! An import started from the console runs after the upload's request has answered: it is a row
//! of `imports` that the running import updates after each batch, so that any instance can show
//! its progress and, once done, its report. The report is kept as CSV in the language of the
//! supervisor who started it; it names rows by line and holds no national ID number.

use crate::app::actor::Actor;
use crate::app::error::{Context, Error};
use crate::app::import::{ImportCounts, ImportOptions};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::store::import::{self, Import, Progress};
use crate::store::{from_unix, new_id};

/// An import still `running` this long after it started was cut off (its process stopped).
const ABANDONED_AFTER_SECONDS: i64 = 3600;

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Records that the actor starts importing `file_name` into their municipality.
pub fn start(
    k: &Kartu,
    actor: &Actor,
    file_name: &str,
    options: ImportOptions,
) -> Result<Import, Error> {
    actor.require(Permission::ImportRegister)?;
    let municipality = actor.home.ok_or(Error::Forbidden(
        "import a register without a municipality of one's own",
    ))?;
    let name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let row = Import {
        id: new_id(),
        municipality,
        actor: actor.name.clone(),
        file_name: name,
        dry_run: options.dry_run,
        issue_cards: options.issue,
        status: "running".into(),
        families_total: 0,
        families_done: 0,
        registered: 0,
        already_present: 0,
        refused: 0,
        cards_issued: 0,
        report: String::new(),
        error: None,
        started_at: from_unix(k.now()),
        finished_at: None,
    };
    k.db.write(|tx| import::insert(tx, row.clone()).context("recording the import"))?;
    Ok(row)
}

/// The counts of a running import so far.
pub fn progress(k: &Kartu, id: &str, counts: &ImportCounts, done: usize) -> Result<(), Error> {
    let p = Progress {
        families_total: count(counts.families),
        families_done: count(done),
        registered: count(counts.registered),
        already_present: count(counts.already_present),
        refused: count(counts.refused),
        cards_issued: count(counts.cards_issued),
    };
    k.db.write(|tx| import::progress(tx, id, p).context("recording the import's progress"))
}

/// Ends an import: done with its report (as CSV), or failed with what went wrong.
pub fn finish(k: &Kartu, id: &str, outcome: Result<String, String>) -> Result<(), Error> {
    let at = from_unix(k.now());
    k.db.write(|tx| {
        match &outcome {
            Ok(report) => import::finish(tx, id, "done", report, None, at),
            Err(why) => import::finish(tx, id, "failed", "", Some(why), at),
        }
        .context("recording the import's end")
    })
}

/// An import of the actor's municipality.
pub fn find(k: &Kartu, actor: &Actor, id: &str) -> Result<Import, Error> {
    actor.require(Permission::ImportRegister)?;
    k.db.read(|conn| {
        import::find(conn, id, actor.scope())
            .context("loading the import")?
            .ok_or(Error::NotFound("import"))
    })
}

/// The latest imports of the actor's municipality; those cut off by a stop are marked failed.
pub fn recent(k: &Kartu, actor: &Actor) -> Result<Vec<Import>, Error> {
    actor.require(Permission::ImportRegister)?;
    let now = k.now();
    k.db.write(|tx| {
        import::fail_abandoned(tx, from_unix(now - ABANDONED_AFTER_SECONDS), from_unix(now))
            .context("closing abandoned imports")?;
        import::recent(tx, actor.scope(), 20).context("loading the imports")
    })
}
