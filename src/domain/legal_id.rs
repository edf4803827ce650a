//! The legal identifier of a partner (a business or public body): the Lithuanian company code
//! (juridinio asmens kodas, 9 digits) or the Polish NIP (10 digits), each with its check digit.
//! A [`LegalId`] can only be made by parsing, so one that exists has the right check digit for
//! its country.
//!
//! Where the rules come from:
//! - NIP: weights 6, 5, 7, 2, 3, 4, 5, 6, 7 on the first nine digits; the sum mod 11 is the tenth
//!   digit, and a sum mod 11 of 10 is never a valid NIP (the Polish Ministry of Finance's rule,
//!   as DOMAIN.md gives it). `1234563218` passes.
//! - Lithuanian company code: the last digit is a mod-11 check digit of the first eight with
//!   weights 1…8; when that gives 10, weights 3, 4, 5, 6, 7, 8, 9, 1; when 10 again, 0. This is
//!   the scheme of the personal code (asmens kodas) applied to eight digits, which DOMAIN.md
//!   states and the VAT-code checks of public validators (jsvat's `lithunia.js`) use for the
//!   9-digit codes of legal persons. It was confirmed against published company codes of
//!   well-known Lithuanian companies, which the tests below hold: Maxima LT 123033512, Telia
//!   Lietuva 121215434, Lietuvos geležinkeliai 110053842, Swedbank 112029651, Lietuvos paštas
//!   121215587, Ignitis grupė 301844044 (all on the first weights; none of them needs the second
//!   round, whose rule is then DOMAIN.md's alone).

use std::fmt;

use kartu_card::Country;

/// Why a text is not a legal identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LegalIdError {
    #[error("a Lithuanian company code has exactly 9 digits")]
    CompanyCodeShape,
    #[error("a Polish NIP has exactly 10 digits")]
    NipShape,
    #[error("the check digit does not match: a digit is mistyped")]
    CheckDigit,
}

impl LegalIdError {
    /// A stable code for the field error.
    pub fn code(self) -> &'static str {
        match self {
            LegalIdError::CompanyCodeShape | LegalIdError::NipShape => "legal_id_shape",
            LegalIdError::CheckDigit => "legal_id_check_digit",
        }
    }
}

/// A company code or a NIP, as digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalId {
    country: Country,
    digits: String,
}

const NIP_WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const LT_WEIGHTS: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
const LT_WEIGHTS_AGAIN: [u32; 8] = [3, 4, 5, 6, 7, 8, 9, 1];

fn weighted(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

impl LegalId {
    /// Parses the identifier of a partner whose head office is in `country`. Spaces, dashes and
    /// a leading country prefix (`PL`, `LT`) are ignored, as people write them.
    pub fn parse(country: Country, text: &str) -> Result<LegalId, LegalIdError> {
        let cleaned: String = text
            .trim()
            .trim_start_matches(['P', 'L', 'T', 'p', 'l', 't'])
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let (len, shape) = match country {
            Country::Lithuania => (9, LegalIdError::CompanyCodeShape),
            Country::Poland => (10, LegalIdError::NipShape),
        };
        if cleaned.len() != len || !cleaned.bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape);
        }
        let digits: Vec<u32> = cleaned.bytes().map(|b| u32::from(b - b'0')).collect();
        let (body, check) = digits.split_at(len - 1);
        let expected = match country {
            Country::Poland => match weighted(body, &NIP_WEIGHTS) % 11 {
                10 => return Err(LegalIdError::CheckDigit),
                k => k,
            },
            Country::Lithuania => match weighted(body, &LT_WEIGHTS) % 11 {
                10 => match weighted(body, &LT_WEIGHTS_AGAIN) % 11 {
                    10 => 0,
                    k => k,
                },
                k => k,
            },
        };
        if check[0] != expected {
            return Err(LegalIdError::CheckDigit);
        }
        Ok(LegalId {
            country,
            digits: cleaned,
        })
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// The digits, as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.digits
    }
}

impl fmt::Display for LegalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LT: Country = Country::Lithuania;
    const PL: Country = Country::Poland;

    #[test]
    fn published_lithuanian_company_codes_pass() {
        for code in [
            "123033512",
            "121215434",
            "110053842",
            "112029651",
            "121215587",
            "301844044",
        ] {
            assert_eq!(LegalId::parse(LT, code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn a_mistyped_company_code_is_refused_by_its_check_digit() {
        assert_eq!(
            LegalId::parse(LT, "123033513"),
            Err(LegalIdError::CheckDigit)
        );
        assert_eq!(
            LegalId::parse(LT, "123303512"),
            Err(LegalIdError::CheckDigit),
            "two digits swapped"
        );
        assert_eq!(
            LegalId::parse(LT, "12303351"),
            Err(LegalIdError::CompanyCodeShape)
        );
        assert_eq!(
            LegalId::parse(LT, "1234563218"),
            Err(LegalIdError::CompanyCodeShape),
            "a NIP is not a company code"
        );
    }

    #[test]
    fn the_second_round_of_weights_decides_when_the_first_gives_ten() {
        // Some eight digits give 10 with the first weights: then the second round decides.
        let body = (0..100_000_000u32)
            .step_by(7919)
            .map(|n| format!("{n:08}"))
            .find(|b| {
                let d: Vec<u32> = b.bytes().map(|x| u32::from(x - b'0')).collect();
                weighted(&d, &LT_WEIGHTS) % 11 == 10
            })
            .unwrap();
        let d: Vec<u32> = body.bytes().map(|x| u32::from(x - b'0')).collect();
        let second = weighted(&d, &LT_WEIGHTS_AGAIN) % 11;
        let check = if second == 10 { 0 } else { second };
        assert!(
            LegalId::parse(LT, &format!("{body}{check}")).is_ok(),
            "{body}{check}"
        );
        assert!(LegalId::parse(LT, &format!("{body}{}", (check + 1) % 10)).is_err());
    }

    #[test]
    fn the_nip_of_domain_md_passes_and_its_neighbours_do_not() {
        assert_eq!(
            LegalId::parse(PL, "1234563218").unwrap().as_str(),
            "1234563218"
        );
        assert_eq!(
            LegalId::parse(PL, "PL 123-456-32-18").unwrap().as_str(),
            "1234563218",
            "as people write it"
        );
        assert_eq!(
            LegalId::parse(PL, "1234563219"),
            Err(LegalIdError::CheckDigit)
        );
        assert_eq!(LegalId::parse(PL, "123456321"), Err(LegalIdError::NipShape));
        assert_eq!(
            LegalId::parse(PL, "12345632x8"),
            Err(LegalIdError::NipShape)
        );
    }

    #[test]
    fn a_nip_whose_sum_gives_ten_is_never_valid() {
        // Nine digits whose weighted sum is 10 mod 11: no tenth digit makes them a NIP.
        let body = (0..1_000_000_000u64)
            .step_by(104_729)
            .map(|n| format!("{n:09}"))
            .find(|b| {
                let d: Vec<u32> = b.bytes().map(|x| u32::from(x - b'0')).collect();
                weighted(&d, &NIP_WEIGHTS) % 11 == 10
            })
            .unwrap();
        for last in 0..10 {
            assert!(LegalId::parse(PL, &format!("{body}{last}")).is_err());
        }
    }
}
