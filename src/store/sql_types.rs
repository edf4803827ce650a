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
    AuditAction
);

impl TextCode for Municipality {
    const WHAT: &'static str = "municipality";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        Municipality::parse(code).ok()
    }
}

impl TextCode for Role {
    const WHAT: &'static str = "holder role";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        Role::parse(code).ok()
    }
}

impl TextCode for CardNumber {
    const WHAT: &'static str = "card number";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Owned(self.to_string())
    }
    fn from_code(code: &str) -> Option<Self> {
        CardNumber::parse(code).ok()
    }
}

impl TextCode for CardState {
    const WHAT: &'static str = "card state";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        CardState::parse(code)
    }
}

impl TextCode for CardEventKind {
    const WHAT: &'static str = "card event";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        CardEventKind::parse(code)
    }
}

impl TextCode for AccountRole {
    const WHAT: &'static str = "account role";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        AccountRole::parse(code)
    }
}

impl TextCode for AuditAction {
    const WHAT: &'static str = "audit action";
    fn to_code(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.code())
    }
    fn from_code(code: &str) -> Option<Self> {
        AuditAction::parse(code)
    }
}
