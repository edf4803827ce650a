//! Reading an act's input: text as a person or a program typed it becomes domain values, and
//! every problem is collected with the field it belongs to, so one answer lists them all.

use kartu_card::{Municipality, PersonName, Role};
use time::macros::format_description;
use time::Date;

use crate::app::error::{Error, FieldError};

/// A character no text field takes: the C0 controls except tab, line feed and carriage return,
/// DEL and the C1 controls. PostgreSQL cannot store U+0000 at all; the rest have no business in
/// a name, a reason or an id either.
pub fn is_refused_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// Whether `text` holds a refused control character.
pub fn has_refused_control(text: &str) -> bool {
    text.chars().any(is_refused_control)
}

/// The field error for a refused control character in `field`.
pub fn control_character(field: impl Into<String>) -> FieldError {
    FieldError::new(
        field,
        "control_character",
        "control characters (such as U+0000) are not accepted in text",
    )
}

/// Collects field errors so one answer lists every problem of an input.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn push(
        &mut self,
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Ok when no field had a problem.
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }

    pub fn date(&mut self, field: &str, text: &str) -> Option<Date> {
        match Date::parse(text.trim(), format_description!("[year]-[month]-[day]")) {
            Ok(date) => Some(date),
            Err(time::error::Parse::TryFromParsed(_)) => {
                self.push(
                    field,
                    "impossible_date",
                    format!("{text:?} is not a day that exists"),
                );
                None
            }
            Err(_) => {
                self.push(field, "date_format", "write dates as YYYY-MM-DD");
                None
            }
        }
    }

    /// A date that may be left empty.
    pub fn optional_date(&mut self, field: &str, text: Option<&str>) -> Option<Date> {
        text.filter(|t| !t.trim().is_empty())
            .and_then(|t| self.date(field, t))
    }

    pub fn municipality(&mut self, field: &str, text: &str) -> Option<Municipality> {
        match Municipality::parse(text) {
            Ok(m) => Some(m),
            Err(e) => {
                self.push(field, "unknown_municipality", e.to_string());
                None
            }
        }
    }

    pub fn name(&mut self, field: &str, text: &str) -> Option<PersonName> {
        match PersonName::parse(text) {
            Ok(n) => Some(n),
            Err(e) => {
                self.push(field, "invalid_name", e.to_string());
                None
            }
        }
    }

    pub fn role(&mut self, field: &str, text: &str) -> Option<Role> {
        match Role::parse(text) {
            Ok(r) => Some(r),
            Err(e) => {
                self.push(field, "unknown_role", e.to_string());
                None
            }
        }
    }

    /// Text of 1 to `max` characters after trimming, or a field error with `code`.
    pub fn text(
        &mut self,
        field: &str,
        text: &str,
        max: usize,
        code: &str,
        message: &str,
    ) -> Option<String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.chars().count() > max {
            self.push(field, code, message);
            return None;
        }
        Some(trimmed.to_string())
    }
}

/// A reason a clerk gives for an act (on a card, an offer, an application): 1 to 500
/// characters, without control characters (which are never meant, and PostgreSQL refuses a NUL).
pub fn reason(text: &str) -> Result<String, Error> {
    if text.chars().any(char::is_control) {
        return Err(Error::field(
            "reason",
            "control_character",
            "remove the invisible control characters",
        ));
    }
    let mut fields = Fields::default();
    let reason = fields.text(
        "reason",
        text,
        500,
        "invalid_reason",
        "give a reason of 1 to 500 characters",
    );
    fields.finish()?;
    reason.ok_or_else(|| Error::internal("a reason was refused without a field error"))
}
