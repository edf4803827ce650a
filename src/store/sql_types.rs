//! Domain values in text columns: a municipality, a holder's role, a card's state and number,
//! an account's role, a card event's kind, an audit action. Each is written as its code and
//! read back through its parser, so a row that holds an unknown code fails to load (a 500 with
//! the column's name in the log) instead of passing on a string nobody checked.
//!
//! A row field of such a type is declared with
//! `#[diesel(deserialize_as = Stored<T>, serialize_as = Stored<T>)]`: [`Stored`] is the one
//! type that carries the column mapping, for the domain's own types and the card library's
//! alike (the card library knows nothing of databases, and Rust's orphan rule would not let
//! this crate implement diesel's traits for its types directly).

use std::borrow::Cow;

use diesel::backend::Backend;
use diesel::deserialize::FromSqlRow;
use diesel::deserialize::{self, FromSql};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use kartu_card::{CardNumber, Municipality, Role};

use crate::domain::access::AccountRole;
use crate::domain::audit_action::AuditAction;
use crate::domain::card_state::{CardEventKind, CardState};
use crate::domain::offer::OfferRoles;
use crate::domain::partner::{ApplicationStatus, Category, OfferStatus, PartnerStatus};

/// A value kept in a text column as its code.
pub trait TextCode: Sized {
    /// What the column holds, for the error about a code that is none of these.
    const WHAT: &'static str;
    fn to_code(&self) -> Cow<'static, str>;
    fn from_code(code: &str) -> Option<Self>;
}

/// A domain value on its way to or from a text column.
#[derive(Debug, Clone, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Stored<T> {
    value: T,
    code: Cow<'static, str>,
}

impl<T: TextCode> From<T> for Stored<T> {
    fn from(value: T) -> Stored<T> {
        Stored {
            code: value.to_code(),
            value,
        }
    }
}

impl<T, DB> ToSql<Text, DB> for Stored<T>
where
    T: TextCode + std::fmt::Debug,
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.code.as_ref().to_sql(out)
    }
}

impl<T, DB> FromSql<Text, DB> for Stored<T>
where
    T: TextCode,
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let code = String::from_sql(bytes)?;
        match T::from_code(&code) {
            Some(value) => Ok(Stored {
                value,
                code: Cow::Owned(code),
            }),
            None => Err(format!("{code:?} is not a known {}", T::WHAT).into()),
        }
    }
}

/// Implements the conversion out of [`Stored`] for one type (a generic impl would break the
/// orphan rule for the card library's types).
macro_rules! unstored {
    ($($t:ty),*) => {$(
        impl From<Stored<$t>> for $t {
            fn from(stored: Stored<$t>) -> $t {
                stored.value
            }
        }
    )*};
}
unstored!(
    Municipality,
    Role,
    CardNumber,
    CardState,
    CardEventKind,
    AccountRole,
    AuditAction,
    Category,
    PartnerStatus,
    OfferStatus,
    OfferRoles,
    ApplicationStatus
);

/// Implements [`TextCode`] for a type with a `&'static str` code and a parser.
macro_rules! text_code {
    ($($t:ty, $what:literal, $parse:expr;)*) => {$(
        impl TextCode for $t {
            const WHAT: &'static str = $what;
            fn to_code(&self) -> Cow<'static, str> {
                Cow::Borrowed(self.code())
            }
            fn from_code(code: &str) -> Option<Self> {
                $parse(code)
            }
        }
    )*};
}
text_code!(
    Municipality, "municipality", |c| Municipality::parse(c).ok();
    Role, "holder role", |c| Role::parse(c).ok();
    CardState, "card state", CardState::parse;
    CardEventKind, "card event", CardEventKind::parse;
    AccountRole, "account role", AccountRole::parse;
    AuditAction, "audit action", AuditAction::parse;
    Category, "partner category", Category::parse;
    PartnerStatus, "partner status", PartnerStatus::parse;
    OfferStatus, "offer status", OfferStatus::parse;
    OfferRoles, "offer roles", OfferRoles::parse;
    ApplicationStatus, "application status", ApplicationStatus::parse;
);

/// A card number is kept as it is printed, `ALY-004217-03-01-7`.
impl TextCode for CardNumber {
    const WHAT: &'static str = "card number";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Owned(self.to_string())
    }
    fn from_code(code: &str) -> Option<Self> {
        CardNumber::parse(code).ok()
    }
}

#[cfg(test)]
mod tests {
    use diesel::{Connection, QueryResult, RunQueryDsl, SqliteConnection};

    use super::*;

    #[derive(Debug, diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text, deserialize_as = Stored<CardState>)]
        status: CardState,
        #[diesel(sql_type = Text, deserialize_as = Stored<CardNumber>)]
        number: CardNumber,
    }

    fn read(conn: &mut SqliteConnection, status: &str, number: &str) -> QueryResult<Row> {
        diesel::sql_query("SELECT ? AS status, ? AS number")
            .bind::<Text, _>(status)
            .bind::<Text, _>(number)
            .get_result(conn)
    }

    #[test]
    fn a_value_is_written_as_its_code_and_read_back_through_its_parser() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let number = CardNumber::parse("ALY-004217-03-01-7").unwrap();
        let row: Row = diesel::sql_query("SELECT ? AS status, ? AS number")
            .bind::<Text, _>(Stored::from(CardState::Suspended))
            .bind::<Text, _>(Stored::from(number))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(row.status, CardState::Suspended);
        assert_eq!(row.number, number);
        assert_eq!(
            read(&mut conn, "revoked", "ALY-004217-03-01-7")
                .unwrap()
                .status,
            CardState::Revoked
        );
    }

    #[test]
    fn a_row_with_an_unknown_code_does_not_load() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let error = read(&mut conn, "lost", "ALY-004217-03-01-7").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("\"lost\" is not a known card state"),
            "{error}"
        );
        let error = read(&mut conn, "active", "ALY-004217-03-01-8").unwrap_err();
        assert!(
            error.to_string().contains("is not a known card number"),
            "{error}"
        );
    }
}
