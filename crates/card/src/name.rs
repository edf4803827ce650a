//! The holder's name as printed on the card, in its original letters, and its ASCII
//! transliteration (ICAO Doc 9303 part 3 style) for matching against an identity document.

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::ParseError;

/// The longest name a card carries, in characters (Unicode scalar values after NFC).
pub const MAX_NAME_CHARS: usize = 64;

/// The longest name a card carries, in bytes of UTF-8: the card's one-byte length field.
pub const MAX_NAME_BYTES: usize = 255;

/// A holder name: NFC-normalised, trimmed, single spaces, 1 to 64 characters (and at most 255
/// bytes of UTF-8) of letters, spaces, hyphens, apostrophes and full stops.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

fn is_allowed(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, ' ' | '-' | '\'' | '’' | '.')
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

impl PersonName {
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let normalized: String = text.nfc().collect();
        let collapsed = normalized.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(ParseError::NameEmpty);
        }
        if collapsed.chars().count() > MAX_NAME_CHARS {
            return Err(ParseError::NameTooLong(MAX_NAME_CHARS));
        }
        if collapsed.len() > MAX_NAME_BYTES {
            return Err(ParseError::NameTooManyBytes(MAX_NAME_BYTES));
        }
        if let Some(bad) = collapsed.chars().find(|c| !is_allowed(*c)) {
            return Err(ParseError::NameCharacter(bad));
        }
        if !collapsed.chars().any(char::is_alphabetic) {
            return Err(ParseError::NameEmpty);
        }
        Ok(PersonName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// ASCII transliteration: `Žydrūnė Łukaszewicz` → `Zydrune Lukaszewicz`. Letters with a fixed
    /// ICAO spelling (Ä→AE, ß→SS, Ø→OE, …) use it; other Latin letters lose their diacritics;
    /// anything left that is not ASCII becomes `?`.
    pub fn transliterate(&self) -> String {
        transliterate(&self.0)
    }
}

fn icao_special(c: char) -> Option<&'static str> {
    Some(match c {
        'Ä' | 'Æ' => "AE",
        'ä' | 'æ' => "ae",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'ö' | 'ø' | 'œ' => "oe",
        'Ü' => "UE",
        'ü' => "ue",
        'Å' => "AA",
        'å' => "aa",
        'ß' => "ss",
        'ẞ' => "SS",
        'Þ' => "TH",
        'þ' => "th",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ł' => "L",
        'ł' => "l",
        'Đ' | 'Ð' => "D",
        'đ' | 'ð' => "d",
        'Ħ' => "H",
        'ħ' => "h",
        'ı' => "i",
        'Ŀ' => "L",
        'ŀ' => "l",
        '’' => "'",
        _ => return None,
    })
}

/// Transliterates any text the way [`PersonName::transliterate`] does.
pub fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(s) = icao_special(c) {
            out.push_str(s);
        } else {
            let base: String = std::iter::once(c)
                .nfd()
                .filter(|d| !('\u{0300}'..='\u{036F}').contains(d))
                .collect();
            if !base.is_empty() && base.is_ascii() {
                out.push_str(&base);
            } else if !('\u{0300}'..='\u{036F}').contains(&c) {
                out.push('?');
            }
        }
    }
    out
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> Self {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lithuanian_and_polish_letters_transliterate_to_their_base_letters() {
        let cases = [
            ("Žydrūnė Kazlauskienė", "Zydrune Kazlauskiene"),
            ("Ąžuolas Čėsna-Šįųūę", "Azuolas Cesna-Siuue"),
            ("Łucja Źródłowska-Żak", "Lucja Zrodlowska-Zak"),
            ("Ślęczek Ćwikliński Ńó", "Sleczek Cwiklinski No"),
            ("Jürgen Groß", "Juergen Gross"),
            ("O’Brien", "O'Brien"),
        ];
        for (name, ascii) in cases {
            assert_eq!(
                PersonName::parse(name).unwrap().transliterate(),
                ascii,
                "{name}"
            );
        }
    }

    #[test]
    fn white_space_is_trimmed_and_collapsed_and_text_normalised() {
        let decomposed = "Z\u{030C}ydru\u{0304}ne\u{0307}   Petraitė ";
        let name = PersonName::parse(decomposed).unwrap();
        assert_eq!(name.as_str(), "Žydrūnė Petraitė");
    }

    #[test]
    fn sixty_four_characters_fit_and_sixty_five_do_not() {
        let ok = "ą".repeat(64);
        assert_eq!(PersonName::parse(&ok).unwrap().as_str().chars().count(), 64);
        assert_eq!(
            PersonName::parse(&"ą".repeat(65)),
            Err(ParseError::NameTooLong(64))
        );
    }

    #[test]
    fn empty_names_digits_and_control_characters_are_refused() {
        assert_eq!(PersonName::parse("   "), Err(ParseError::NameEmpty));
        assert_eq!(PersonName::parse("--"), Err(ParseError::NameEmpty));
        assert_eq!(
            PersonName::parse("Jonas 2"),
            Err(ParseError::NameCharacter('2'))
        );
        assert!(PersonName::parse("Jo\u{0000}nas").is_err());
        assert!(PersonName::parse("<script>").is_err());
    }

    #[test]
    fn scripts_without_a_latin_form_become_question_marks() {
        assert_eq!(transliterate("Ωmega"), "?mega");
    }
}
