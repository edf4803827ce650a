//! The one error type of the application layer and the domain rules it applies.
//!
//! Errors, by layer:
//! - `kartu_card::Error` / `ParseError`: the card library (values and documents).
//! - the domain's small errors (`NationalIdError`, `TransitionError`, `PasswordProblem`): a rule
//!   said no; the acts turn them into an [`Error`] with the field or the conflict they concern.
//! - `KeyringError` (store::keyring) and `DbError` (store): infrastructure.
//! - [`Error`]: what an act answers. The web maps it exactly once to problem+json
//!   (`web::error`) and once to a page's message key (`web::pages`); the CLI prints it.
//!   Unexpected failures keep their cause as an `anyhow` chain with the step that failed
//!   (`.context("…")`), logged by the adapter and never shown to the caller.

/// One problem with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path in the input, e.g. `members[2].birth_date`.
    pub field: String,
    /// A stable code, e.g. `check_digit`, `unknown_municipality`.
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has fields that are not what the act needs; every problem at once.
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// The act cannot be asked this way (e.g. logging out an API token).
    #[error("{detail}")]
    Refused { code: &'static str, detail: String },
    /// Nothing by that id in the caller's scope.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The state of things does not allow the act now.
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("sign in, or send an API token as `Authorization: Bearer …`")]
    Unauthenticated,
    #[error("your role may not {0}")]
    Forbidden(&'static str),
    #[error("too many attempts; try again in {0} seconds")]
    TooManyAttempts(u64),
    /// The database cannot be reached or cannot take the work now.
    #[error("the database is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// Something that should not happen did; the chain says where.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl Error {
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid(vec![FieldError::new(field, code, message)])
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Error {
        Error::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// An internal error from a message, for a state that the code rules out.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::Internal(anyhow::anyhow!(message.into()))
    }

    /// Adds the step that failed to an unexpected error's chain; other errors pass unchanged.
    pub fn context(self, what: &'static str) -> Error {
        match self {
            Error::Internal(e) => Error::Internal(e.context(what)),
            Error::Unavailable(e) => Error::Unavailable(e.context(what)),
            other => other,
        }
    }
}

/// `.context("…")` on any fallible step of an act: the error is classified ([`From`] below) and
/// an unexpected one gets the step in its chain.
pub trait Context<T> {
    fn context(self, what: &'static str) -> Result<T, Error>;
}

impl<T, E: Into<Error>> Context<T> for Result<T, E> {
    fn context(self, what: &'static str) -> Result<T, Error> {
        self.map_err(|e| e.into().context(what))
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Db};
        match e {
            Db::NotFound => Error::NotFound("record"),
            Db::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => Error::Conflict {
                code: "conflict",
                detail: format!(
                    "this would duplicate an existing record ({})",
                    info.constraint_name().unwrap_or("unique")
                ),
            },
            Db::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::ReadOnlyTransaction,
                _,
            ) => Error::Unavailable(anyhow::Error::new(e)),
            Db::DatabaseError(_, ref info) if is_storage_fault(info.message()) => {
                Error::Unavailable(anyhow::Error::new(e))
            }
            other => Error::Internal(anyhow::Error::new(other)),
        }
    }
}

/// Whether a database error is a fault of the storage, not of the request or the code: a full
/// disk, an I/O error, a read-only file or server, a lost connection (SQLite's and PostgreSQL's
/// words for them; diesel gives no code for these). Such an act is answered 503: it may work
/// once the operator has made room.
fn is_storage_fault(message: &str) -> bool {
    const FAULTS: [&str; 10] = [
        // SQLite: SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_BUSY.
        "database or disk is full",
        "disk I/O error",
        "attempt to write a readonly database",
        "unable to open database file",
        "database is locked",
        // PostgreSQL: 53100 disk_full, 58030 io_error, 57P01 admin_shutdown, 57P03 and the
        // connection's own words.
        "No space left on device",
        "could not extend file",
        "terminating connection",
        "the database system is",
        "server closed the connection",
    ];
    FAULTS.iter().any(|f| message.contains(f))
}

impl From<crate::store::DbError> for Error {
    fn from(e: crate::store::DbError) -> Self {
        Error::Unavailable(anyhow::Error::new(e))
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::Unavailable(anyhow::Error::new(e))
    }
}

impl From<kartu_card::Error> for Error {
    fn from(e: kartu_card::Error) -> Self {
        Error::Internal(anyhow::Error::new(e))
    }
}

impl From<kartu_card::ParseError> for Error {
    fn from(e: kartu_card::ParseError) -> Self {
        Error::Internal(anyhow::Error::new(e))
    }
}

/// A stored number that does not fit where it must go (a status index, a family number).
impl From<std::num::TryFromIntError> for Error {
    fn from(e: std::num::TryFromIntError) -> Self {
        Error::Internal(anyhow::Error::new(e))
    }
}

impl From<crate::store::keyring::KeyringError> for Error {
    fn from(e: crate::store::keyring::KeyringError) -> Self {
        Error::Internal(anyhow::Error::new(e))
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Internal(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unexpected_error_keeps_its_cause_and_the_steps_that_led_to_it() {
        let failed: Result<(), diesel::result::Error> = Err(
            diesel::result::Error::QueryBuilderError("no columns".into()),
        );
        let error = failed.context("storing the card").unwrap_err();
        let Error::Internal(chain) = &error else {
            panic!("{error:?}")
        };
        let causes: Vec<String> = chain.chain().map(ToString::to_string).collect();
        assert_eq!(causes[0], "storing the card");
        assert!(causes[1].contains("no columns"), "{causes:?}");
    }

    #[test]
    fn an_expected_error_passes_context_unchanged() {
        let missing: Result<(), diesel::result::Error> = Err(diesel::result::Error::NotFound);
        assert!(matches!(
            missing.context("loading the family"),
            Err(Error::NotFound("record"))
        ));
    }
}
