//! The human-readable card number printed on every card, e.g. `ALY-004217-03-01-7`.
//!
//! Layout: municipality code, family number (6 digits), member number (2 digits), reissue
//! sequence (2 digits), Damm check digit. The check digit is computed over the municipality's
//! wire digit followed by the ten number digits, so it covers the municipality too. Damm catches
//! every single wrong digit and every swap of two neighbouring digits; the municipality codes
//! differ pairwise in at least two letters, and a letter swapped with a digit breaks the shape,
//! so any single mistyped character or neighbour swap anywhere is refused.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParseError;
use crate::municipality::Municipality;

pub const MAX_FAMILY: u32 = 999_999;
pub const MAX_MEMBER: u8 = 99;
pub const MAX_SEQUENCE: u8 = 99;

/// A valid card number. It can only be built from parts in range or parsed with a correct check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CardNumber {
    municipality: Municipality,
    family: u32,
    member: u8,
    sequence: u8,
}

// The Damm quasigroup of order 10 (Damm 2004), weakly totally anti-symmetric.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: impl IntoIterator<Item = u8>) -> u8 {
    digits
        .into_iter()
        .fold(0, |interim, d| DAMM[usize::from(interim)][usize::from(d)])
}

impl CardNumber {
    pub fn new(
        municipality: Municipality,
        family: u32,
        member: u8,
        sequence: u8,
    ) -> Result<Self, ParseError> {
        if !(1..=MAX_FAMILY).contains(&family) {
            return Err(ParseError::CardNumberOutOfRange("family"));
        }
        if !(1..=MAX_MEMBER).contains(&member) {
            return Err(ParseError::CardNumberOutOfRange("member"));
        }
        if !(1..=MAX_SEQUENCE).contains(&sequence) {
            return Err(ParseError::CardNumberOutOfRange("sequence"));
        }
        Ok(CardNumber {
            municipality,
            family,
            member,
            sequence,
        })
    }

    pub fn municipality(&self) -> Municipality {
        self.municipality
    }
    pub fn family(&self) -> u32 {
        self.family
    }
    pub fn member(&self) -> u8 {
        self.member
    }
    pub fn sequence(&self) -> u8 {
        self.sequence
    }

    /// The same person's card one reissue later.
    pub fn next_sequence(&self) -> Result<Self, ParseError> {
        CardNumber::new(
            self.municipality,
            self.family,
            self.member,
            self.sequence.saturating_add(1),
        )
    }

    fn body_digits(&self) -> [u8; 10] {
        let text = format!("{:06}{:02}{:02}", self.family, self.member, self.sequence);
        let mut out = [0u8; 10];
        for (slot, b) in out.iter_mut().zip(text.bytes()) {
            *slot = b - b'0';
        }
        out
    }

    pub fn check_digit(&self) -> u8 {
        damm(std::iter::once(self.municipality.wire()).chain(self.body_digits()))
    }

    /// Parses a printed number. Hyphens and spaces are ignored and letters may be in any case,
    /// so `aly 004217 03 01 7` reads the same as `ALY-004217-03-01-7`.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let compact: String = text
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect();
        if compact.len() != 14 || !compact.is_ascii() {
            return Err(ParseError::CardNumberShape);
        }
        let (code, digits) = compact.split_at(3);
        if !code.bytes().all(|b| b.is_ascii_alphabetic())
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ParseError::CardNumberShape);
        }
        let municipality = Municipality::parse(code)?;
        let d: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        if damm(std::iter::once(municipality.wire()).chain(d.iter().copied())) != 0 {
            return Err(ParseError::CardNumberCheckDigit);
        }
        let num = |range: std::ops::Range<usize>| {
            d[range]
                .iter()
                .fold(0u32, |acc, x| acc * 10 + u32::from(*x))
        };
        let member = u8::try_from(num(6..8)).map_err(|_| ParseError::CardNumberShape)?;
        let sequence = u8::try_from(num(8..10)).map_err(|_| ParseError::CardNumberShape)?;
        CardNumber::new(municipality, num(0..6), member, sequence)
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:06}-{:02}-{:02}-{}",
            self.municipality.code(),
            self.family,
            self.member,
            self.sequence,
            self.check_digit()
        )
    }
}

impl FromStr for CardNumber {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CardNumber::parse(s)
    }
}

impl TryFrom<String> for CardNumber {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CardNumber::parse(&value)
    }
}

impl From<CardNumber> for String {
    fn from(n: CardNumber) -> Self {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    fn samples() -> Vec<CardNumber> {
        let mut out = Vec::new();
        for m in Municipality::ALL {
            for (f, mem, s) in [
                (1, 1, 1),
                (4217, 3, 1),
                (999_999, 99, 99),
                (120_034, 10, 2),
                (707_070, 7, 70),
            ] {
                out.push(CardNumber::new(m, f, mem, s).unwrap());
            }
        }
        out
    }

    #[test]
    fn a_printed_number_parses_back_to_itself() {
        for n in samples() {
            assert_eq!(CardNumber::parse(&n.to_string()).unwrap(), n);
        }
        let n = CardNumber::new(Municipality::Aly, 4217, 3, 1).unwrap();
        let printed = n.to_string();
        assert!(printed.starts_with("ALY-004217-03-01-"), "{printed}");
        assert_eq!(
            CardNumber::parse(&printed.to_lowercase().replace('-', " ")).unwrap(),
            n
        );
    }

    #[test]
    fn every_single_mistyped_character_is_refused() {
        for n in samples() {
            let text: Vec<u8> = n.to_string().replace('-', "").into_bytes();
            for i in 0..text.len() {
                for &c in ALPHABET {
                    if c == text[i] {
                        continue;
                    }
                    let mut typo = text.clone();
                    typo[i] = c;
                    let typo = String::from_utf8(typo).unwrap();
                    assert!(
                        CardNumber::parse(&typo).is_err(),
                        "{typo} was accepted for {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_swap_of_two_neighbouring_characters_is_refused() {
        for n in samples() {
            let text: Vec<u8> = n.to_string().replace('-', "").into_bytes();
            for i in 0..text.len() - 1 {
                if text[i] == text[i + 1] {
                    continue;
                }
                let mut swapped = text.clone();
                swapped.swap(i, i + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                assert!(
                    CardNumber::parse(&swapped).is_err(),
                    "{swapped} was accepted for {n}"
                );
            }
        }
    }

    #[test]
    fn parts_out_of_range_are_refused() {
        assert!(CardNumber::new(Municipality::Elk, 0, 1, 1).is_err());
        assert!(CardNumber::new(Municipality::Elk, 1_000_000, 1, 1).is_err());
        assert!(CardNumber::new(Municipality::Elk, 1, 0, 1).is_err());
        assert!(CardNumber::new(Municipality::Elk, 1, 100, 1).is_err());
        assert!(CardNumber::new(Municipality::Elk, 1, 1, 0).is_err());
        assert!(CardNumber::new(Municipality::Elk, 1, 1, 99)
            .unwrap()
            .next_sequence()
            .is_err());
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        for text in [
            "",
            "ALY",
            "ALY-0042170301",
            "ALY-004217-03-01-55",
            "ĄLY-004217-03-01-5",
            "123-004217-03-01-5",
        ] {
            assert!(CardNumber::parse(text).is_err(), "{text}");
        }
    }
}
