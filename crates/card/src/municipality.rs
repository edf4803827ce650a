//! The three issuing municipalities, their countries, and the holder's role.
//!
//! The one-byte codes are part of the card format (docs/card-format.md); never renumber them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;

/// An issuing municipality of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Municipality {
    /// Alytaus miesto savivaldybė (Alytus city), Lithuania.
    Aly,
    /// Varėnos rajono savivaldybė (Varėna district), Lithuania.
    Var,
    /// Miasto Ełk (Ełk city), Poland.
    Elk,
}

/// The country whose eligibility rules and national ID apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    #[serde(rename = "LT")]
    Lithuania,
    #[serde(rename = "PL")]
    Poland,
}

impl Municipality {
    pub const ALL: [Municipality; 3] = [Municipality::Aly, Municipality::Var, Municipality::Elk];

    /// The three-letter code printed on cards and used in the API: `ALY`, `VAR`, `ELK`.
    pub fn code(self) -> &'static str {
        match self {
            Municipality::Aly => "ALY",
            Municipality::Var => "VAR",
            Municipality::Elk => "ELK",
        }
    }

    /// The byte stored in the card payload and the digit that leads the card number's checksum.
    pub fn wire(self) -> u8 {
        match self {
            Municipality::Aly => 1,
            Municipality::Var => 2,
            Municipality::Elk => 3,
        }
    }

    pub fn from_wire(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(Municipality::Aly),
            2 => Some(Municipality::Var),
            3 => Some(Municipality::Elk),
            _ => None,
        }
    }

    pub fn country(self) -> Country {
        match self {
            Municipality::Aly | Municipality::Var => Country::Lithuania,
            Municipality::Elk => Country::Poland,
        }
    }

    /// Parses a code, ignoring ASCII case and surrounding white space.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let code = text.trim();
        Municipality::ALL
            .into_iter()
            .find(|m| m.code().eq_ignore_ascii_case(code))
            .ok_or_else(|| ParseError::UnknownMunicipality(code.chars().take(16).collect()))
    }
}

impl Country {
    /// ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        match self {
            Country::Lithuania => "LT",
            Country::Poland => "PL",
        }
    }
}

impl fmt::Display for Municipality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Municipality {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Municipality::parse(s)
    }
}

impl TryFrom<String> for Municipality {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Municipality::parse(&value)
    }
}

impl From<Municipality> for &'static str {
    fn from(m: Municipality) -> Self {
        m.code()
    }
}

/// Whether the holder is a parent (or guardian) or a child of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Parent,
    Child,
}

impl Role {
    pub fn wire(self) -> u8 {
        match self {
            Role::Parent => 1,
            Role::Child => 2,
        }
    }

    pub fn from_wire(byte: u8) -> Option<Self> {
        match byte {
            1 => Some(Role::Parent),
            2 => Some(Role::Child),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Parent => "parent",
            Role::Child => "child",
        }
    }

    pub fn parse(text: &str) -> Result<Self, ParseError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "parent" => Ok(Role::Parent),
            "child" => Ok(Role::Child),
            other => Err(ParseError::UnknownRole(other.chars().take(16).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_in_any_case_and_round_trip() {
        for m in Municipality::ALL {
            assert_eq!(Municipality::parse(m.code()).unwrap(), m);
            assert_eq!(Municipality::parse(&m.code().to_lowercase()).unwrap(), m);
            assert_eq!(Municipality::from_wire(m.wire()), Some(m));
        }
        assert!(Municipality::parse("VNO").is_err());
        assert_eq!(Municipality::from_wire(0), None);
        assert_eq!(Municipality::from_wire(4), None);
    }

    #[test]
    fn elk_is_polish_and_the_others_lithuanian() {
        assert_eq!(Municipality::Elk.country(), Country::Poland);
        assert_eq!(Municipality::Aly.country(), Country::Lithuania);
        assert_eq!(Municipality::Var.country(), Country::Lithuania);
    }

    #[test]
    fn any_two_codes_differ_in_at_least_two_letters() {
        // The card number relies on this: one mistyped letter never turns one valid code into another.
        for a in Municipality::ALL {
            for b in Municipality::ALL {
                if a != b {
                    let diff = a
                        .code()
                        .bytes()
                        .zip(b.code().bytes())
                        .filter(|(x, y)| x != y)
                        .count();
                    assert!(diff >= 2, "{a} and {b}");
                }
            }
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::Parent, Role::Child] {
            assert_eq!(Role::from_wire(r.wire()), Some(r));
            assert_eq!(Role::parse(r.code()).unwrap(), r);
        }
        assert!(Role::parse("uncle").is_err());
        assert_eq!(Role::from_wire(3), None);
    }
}
