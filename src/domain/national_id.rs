//! National ID numbers: the Lithuanian asmens kodas and the Polish PESEL.
//!
//! A [`NationalId`] can only be made by parsing, so one that exists has 11 digits, a right check
//! digit and encodes a real birth date (DOMAIN.md, "Check digits"). The service uses it for one
//! thing: a keyed hash ([`NationalId::keyed_hash`]) that finds a person registered twice.
//!
//! A national ID number must never leave the server: not in a log line, a URL, an API response,
//! an error message or a QR code. So this module never prints the digits: `Debug` is redacted,
//! there is no `Display`, no `Serialize`, no accessor for the digits, and no error carries them.
//! The digits are wiped from memory when a `NationalId` is dropped, and so is the hash secret.

use std::fmt;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use kartu_card::Country;
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::{Date, Month};
use zeroize::{Zeroize, Zeroizing};

/// Separates this hash from any other use of the same secret.
const HASH_CONTEXT: &[u8] = b"KARTU-NID\0";

/// The shortest hash secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

/// SHA-256 works on 64-byte blocks; HMAC pads (or first hashes) its key to one block.
const BLOCK: usize = 64;

const PESEL_WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
const LT_WEIGHTS: [u32; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const LT_WEIGHTS_AGAIN: [u32; 10] = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

/// Why a text is not a national ID number, or a secret is unusable. Never contains the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    #[error("a national ID number must be exactly 11 digits")]
    Shape,
    #[error("the check digit does not match: a digit is mistyped")]
    CheckDigit,
    #[error("an asmens kodas must start with a digit from 1 to 6")]
    CenturyDigit,
    #[error("the number does not encode a real birth date")]
    BirthDate,
    #[error("the number encodes another birth date than the one given")]
    BirthDateMismatch,
    #[error("the ID hash secret must be at least 32 bytes")]
    SecretTooShort,
    #[error("the operating system gave no random bytes for the ID hash secret")]
    Randomness,
}

impl NationalIdError {
    /// A stable code for API errors.
    pub fn code(self) -> &'static str {
        match self {
            NationalIdError::Shape => "not_11_digits",
            NationalIdError::CheckDigit => "wrong_check_digit",
            NationalIdError::CenturyDigit => "wrong_first_digit",
            NationalIdError::BirthDate => "impossible_birth_date",
            NationalIdError::BirthDateMismatch => "birth_date_mismatch",
            NationalIdError::SecretTooShort => "secret_too_short",
            NationalIdError::Randomness => "randomness_unavailable",
        }
    }
}

/// A checked asmens kodas (LT) or PESEL (PL).
#[derive(PartialEq, Eq)]
pub struct NationalId {
    country: Country,
    /// The 11 digits as ASCII, exactly as they are hashed.
    digits: [u8; 11],
    birth_date: Date,
}

impl NationalId {
    /// Trims white space, then requires exactly 11 ASCII digits, the right check digit and an
    /// encoded birth date that is a real date.
    pub fn parse(country: Country, text: &str) -> Result<NationalId, NationalIdError> {
        let text = text.trim();
        let mut digits: [u8; 11] = text
            .as_bytes()
            .try_into()
            .map_err(|_| NationalIdError::Shape)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            digits.zeroize();
            return Err(NationalIdError::Shape);
        }
        let checked = match country {
            Country::Lithuania => asmens_kodas_birth_date(&digits),
            Country::Poland => pesel_birth_date(&digits),
        };
        match checked {
            Ok(birth_date) => Ok(NationalId {
                country,
                digits,
                birth_date,
            }),
            Err(e) => {
                digits.zeroize();
                Err(e)
            }
        }
    }

    /// [`NationalId::parse`], and the birth date the number encodes must be `birth_date`.
    pub fn parse_for(
        country: Country,
        text: &str,
        birth_date: Date,
    ) -> Result<NationalId, NationalIdError> {
        let id = NationalId::parse(country, text)?;
        if id.birth_date != birth_date {
            return Err(NationalIdError::BirthDateMismatch);
        }
        Ok(id)
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// HMAC-SHA256 with the server secret over `b"KARTU-NID\0"`, the country code (`LT`, `PL`)
    /// and the 11 digits in ASCII. Equal for the same person and secret; useless without the
    /// secret, which is what makes storing it acceptable.
    pub fn keyed_hash(&self, secret: &IdHashSecret) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*secret.block).into());
        mac.update(HASH_CONTEXT);
        mac.update(self.country.code().as_bytes());
        mac.update(&self.digits);
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NationalId({}, redacted)", self.country.code())
    }
}

impl Drop for NationalId {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

fn digit(d: u8) -> u32 {
    u32::from(d - b'0')
}

fn weighted_sum(digits: &[u8; 11], weights: &[u32; 10]) -> u32 {
    digits.iter().zip(weights).map(|(&d, w)| digit(d) * w).sum()
}

fn two_digits(digits: &[u8; 11], at: usize) -> u8 {
    (digits[at] - b'0') * 10 + (digits[at + 1] - b'0')
}

fn date(year: i32, month: u8, day: u8) -> Result<Date, NationalIdError> {
    let month = Month::try_from(month).map_err(|_| NationalIdError::BirthDate)?;
    Date::from_calendar_date(year, month, day).map_err(|_| NationalIdError::BirthDate)
}

/// GYYMMDDNNNK. The check digit is tested before anything else, so a mistyped digit is reported
/// as such even where it also breaks the century digit or the date.
fn asmens_kodas_birth_date(digits: &[u8; 11]) -> Result<Date, NationalIdError> {
    let first = weighted_sum(digits, &LT_WEIGHTS) % 11;
    let check = if first != 10 {
        first
    } else {
        match weighted_sum(digits, &LT_WEIGHTS_AGAIN) % 11 {
            10 => 0,
            second => second,
        }
    };
    if check != digit(digits[10]) {
        return Err(NationalIdError::CheckDigit);
    }
    let century = match digits[0] {
        b'1' | b'2' => 1800,
        b'3' | b'4' => 1900,
        b'5' | b'6' => 2000,
        _ => return Err(NationalIdError::CenturyDigit),
    };
    date(
        century + i32::from(two_digits(digits, 1)),
        two_digits(digits, 3),
        two_digits(digits, 5),
    )
}

/// YYMMDDZZZXQ, the century carried in the month.
fn pesel_birth_date(digits: &[u8; 11]) -> Result<Date, NationalIdError> {
    let check = (10 - weighted_sum(digits, &PESEL_WEIGHTS) % 10) % 10;
    if check != digit(digits[10]) {
        return Err(NationalIdError::CheckDigit);
    }
    let coded_month = two_digits(digits, 2);
    let (century, month) = match coded_month {
        81..=92 => (1800, coded_month - 80),
        1..=12 => (1900, coded_month),
        21..=32 => (2000, coded_month - 20),
        41..=52 => (2100, coded_month - 40),
        61..=72 => (2200, coded_month - 60),
        _ => return Err(NationalIdError::BirthDate),
    };
    date(
        century + i32::from(two_digits(digits, 0)),
        month,
        two_digits(digits, 4),
    )
}

/// The server secret of the keyed hash. Losing it makes every stored hash useless for finding
/// duplicates; leaking it lets anyone test guessed numbers against stored hashes.
pub struct IdHashSecret {
    /// The key as HMAC uses it: padded with zeros to one block, or hashed first if longer.
    /// Kept in that form so hashing cannot fail.
    block: Zeroizing<[u8; BLOCK]>,
}

impl IdHashSecret {
    /// At least 32 bytes, best from a random source. The bytes are wiped after use.
    pub fn new(bytes: Vec<u8>) -> Result<IdHashSecret, NationalIdError> {
        let bytes = Zeroizing::new(bytes);
        if bytes.len() < MIN_SECRET_LEN {
            return Err(NationalIdError::SecretTooShort);
        }
        let mut block = Zeroizing::new([0u8; BLOCK]);
        if bytes.len() > BLOCK {
            let digest = Sha256::digest(bytes.as_slice());
            block[..digest.len()].copy_from_slice(&digest);
        } else {
            block[..bytes.len()].copy_from_slice(&bytes);
        }
        Ok(IdHashSecret { block })
    }

    /// 32 fresh bytes from the operating system's random source.
    pub fn generate() -> Result<IdHashSecret, NationalIdError> {
        let mut bytes = vec![0u8; MIN_SECRET_LEN];
        if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
            return Err(NationalIdError::Randomness);
        }
        IdHashSecret::new(bytes)
    }
}

impl fmt::Debug for IdHashSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdHashSecret(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const LT: Country = Country::Lithuania;
    const PL: Country = Country::Poland;

    fn secret(fill: u8) -> IdHashSecret {
        IdHashSecret::new(vec![fill; 32]).unwrap()
    }

    #[test]
    fn the_examples_of_domain_md_parse_with_their_birth_dates() {
        let cases = [
            (PL, "44051401359", date!(1944 - 05 - 14)),
            (PL, "15230901236", date!(2015 - 03 - 09)),
            (LT, "38703181745", date!(1987 - 03 - 18)),
            (LT, "51503091238", date!(2015 - 03 - 09)),
        ];
        for (country, text, birth) in cases {
            let id = NationalId::parse(country, text).unwrap();

            assert_eq!(id.country(), country, "{text}");
            assert_eq!(id.birth_date(), birth, "{text}");
            assert!(
                NationalId::parse_for(country, text, birth).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn surrounding_white_space_is_trimmed() {
        let id = NationalId::parse(PL, " \t15230901236\n").unwrap();

        assert_eq!(id.birth_date(), date!(2015 - 03 - 09));
    }

    #[test]
    fn malformed_numbers_are_refused_with_the_reason() {
        let cases = [
            (PL, "4405140135", NationalIdError::Shape),
            (PL, "440514013590", NationalIdError::Shape),
            (LT, "3870318174", NationalIdError::Shape),
            (LT, "387031817450", NationalIdError::Shape),
            (PL, "4405140135X", NationalIdError::Shape),
            (LT, "387O3181745", NationalIdError::Shape),
            (LT, "38703 81745", NationalIdError::Shape),
            (PL, "", NationalIdError::Shape),
            // Non-ASCII digits are not digits here.
            (PL, "４4051401359", NationalIdError::Shape),
            // Month 13 of the 1900s, and 30 February 2015, each with a right check digit.
            (PL, "44131401350", NationalIdError::BirthDate),
            (PL, "15223001239", NationalIdError::BirthDate),
            (LT, "38713181749", NationalIdError::BirthDate),
            (LT, "51502301232", NationalIdError::BirthDate),
            // Month 00 and 19 (no century in PESEL), day 00.
            (PL, "44001401354", NationalIdError::BirthDate),
            (PL, "44191401356", NationalIdError::BirthDate),
            (PL, "44050001352", NationalIdError::BirthDate),
            // An asmens kodas whose first digit names no century, with a right check digit.
            (LT, "08703181742", NationalIdError::CenturyDigit),
            (LT, "78703181749", NationalIdError::CenturyDigit),
            (LT, "98703181740", NationalIdError::CenturyDigit),
        ];
        for (country, text, expected) in cases {
            let result = NationalId::parse(country, text);

            assert_eq!(result.err(), Some(expected), "{country:?} {text}");
        }
    }

    #[test]
    fn every_single_digit_change_of_a_pesel_breaks_its_check_digit() {
        for valid in ["44051401359", "15230901236"] {
            for (position, changed) in single_digit_changes(valid) {
                let result = NationalId::parse(PL, &changed);

                assert_eq!(
                    result.err(),
                    Some(NationalIdError::CheckDigit),
                    "digit {position} of {valid}"
                );
            }
        }
    }

    #[test]
    fn every_single_digit_change_of_an_asmens_kodas_is_refused_given_the_birth_date() {
        // The asmens kodas check digit misses a change that lands in its second round: 38703181745
        // with 8 changed to 5 is another valid number (born 1957). The birth date catches it.
        let cases = [
            ("38703181745", date!(1987 - 03 - 18), vec!["35703181745"]),
            ("51503091238", date!(2015 - 03 - 09), vec![]),
        ];
        for (valid, birth, still_valid) in cases {
            for (position, changed) in single_digit_changes(valid) {
                let parsed = NationalId::parse(LT, &changed);
                let for_birth = NationalId::parse_for(LT, &changed, birth);

                if still_valid.contains(&changed.as_str()) {
                    assert!(parsed.is_ok(), "{changed}");
                    assert_eq!(for_birth.err(), Some(NationalIdError::BirthDateMismatch));
                } else {
                    let expected = Some(NationalIdError::CheckDigit);
                    assert_eq!(parsed.err(), expected, "digit {position} of {valid}");
                }
            }
        }
    }

    fn single_digit_changes(valid: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for position in 0..valid.len() {
            for d in b'0'..=b'9' {
                let mut bytes = valid.as_bytes().to_vec();
                if bytes[position] != d {
                    bytes[position] = d;
                    out.push((position, String::from_utf8(bytes).unwrap()));
                }
            }
        }
        out
    }

    #[test]
    fn an_asmens_kodas_whose_first_round_gives_ten_uses_the_second_weights() {
        // 5150309009: S = 98 with weights 1..9,1, and 98 mod 11 = 10; second round S = 118, K = 8.
        // 5150309034: both rounds give 10, so K = 0.
        let cases = [("51503090098", true), ("51503090097", false)];
        let zero = [("51503090340", true), ("51503090341", false)];
        for (text, valid) in cases.into_iter().chain(zero) {
            let result = NationalId::parse(LT, text);

            assert_eq!(result.is_ok(), valid, "{text}");
        }
        assert_eq!(weighted_sum(b"51503090098", &LT_WEIGHTS) % 11, 10);
        assert_eq!(weighted_sum(b"51503090340", &LT_WEIGHTS) % 11, 10);
        assert_eq!(weighted_sum(b"51503090340", &LT_WEIGHTS_AGAIN) % 11, 10);
    }

    #[test]
    fn pesel_months_carry_every_century() {
        let cases = [
            ("02822801234", date!(1802 - 02 - 28)),
            ("02022801230", date!(1902 - 02 - 28)),
            ("00222901239", date!(2000 - 02 - 29)),
            ("02422801232", date!(2102 - 02 - 28)),
            ("02622801238", date!(2202 - 02 - 28)),
        ];
        for (text, birth) in cases {
            let id = NationalId::parse(PL, text);

            assert_eq!(id.map(|i| i.birth_date()), Ok(birth), "{text}");
        }
    }

    #[test]
    fn a_29_february_in_a_year_that_has_none_is_not_a_birth_date() {
        let result = NationalId::parse(PL, "01222901236");

        assert_eq!(result.err(), Some(NationalIdError::BirthDate));
    }

    #[test]
    fn a_number_for_another_birth_date_is_refused() {
        let result = NationalId::parse_for(LT, "51503091238", date!(2015 - 03 - 10));

        assert_eq!(result.err(), Some(NationalIdError::BirthDateMismatch));
    }

    #[test]
    fn a_valid_asmens_kodas_is_not_a_pesel() {
        // Same digits, other country: the check digit of the other algorithm does not fit.
        assert!(NationalId::parse(PL, "38703181745").is_err());
        assert!(NationalId::parse(LT, "44051401359").is_err());
    }

    #[test]
    fn the_keyed_hash_is_stable_and_matches_a_reference_hmac() {
        // Reference values from Python's hmac module, key = bytes 0..32.
        let key = IdHashSecret::new((0..32).collect()).unwrap();
        let lt = NationalId::parse(LT, "38703181745").unwrap();
        let pl = NationalId::parse(PL, "44051401359").unwrap();

        assert_eq!(
            hex::encode(lt.keyed_hash(&key)),
            "ed7d3c3f36969aaddc29282245b306e157ac88be8175c8df34fbb434f8812f25"
        );
        assert_eq!(
            hex::encode(pl.keyed_hash(&key)),
            "b670136544da7f26af225b905aa266342ca7ae424ea01bcc686456ae467a5ec7"
        );
        assert_eq!(lt.keyed_hash(&key), lt.keyed_hash(&key));
    }

    #[test]
    fn the_keyed_hash_differs_between_secrets_and_between_countries() {
        // 44051401359 is no asmens kodas, so compare one number's hash with a hand-made twin.
        let pl = NationalId::parse(PL, "44051401359").unwrap();
        let lt_twin = NationalId {
            country: LT,
            digits: *b"44051401359",
            birth_date: pl.birth_date(),
        };

        assert_ne!(pl.keyed_hash(&secret(1)), pl.keyed_hash(&secret(2)));
        assert_ne!(pl.keyed_hash(&secret(1)), lt_twin.keyed_hash(&secret(1)));
    }

    #[test]
    fn a_long_secret_is_hashed_to_one_block_as_hmac_does() {
        for len in [32, 64, 65, 200] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let id = NationalId::parse(LT, "51503091238").unwrap();
            let mut reference = <Hmac<Sha256> as Mac>::new_from_slice(&bytes).unwrap();
            reference.update(b"KARTU-NID\0LT51503091238");

            let ours = id.keyed_hash(&IdHashSecret::new(bytes).unwrap());

            assert_eq!(
                ours,
                <[u8; 32]>::from(reference.finalize().into_bytes()),
                "{len}"
            );
        }
    }

    #[test]
    fn a_secret_shorter_than_32_bytes_is_refused() {
        let result = IdHashSecret::new(vec![7; 31]);

        assert_eq!(result.err(), Some(NationalIdError::SecretTooShort));
    }

    #[test]
    fn generated_secrets_differ() {
        let id = NationalId::parse(PL, "15230901236").unwrap();

        let a = IdHashSecret::generate().unwrap();
        let b = IdHashSecret::generate().unwrap();

        assert_ne!(id.keyed_hash(&a), id.keyed_hash(&b));
    }

    #[test]
    fn debug_output_shows_no_digits() {
        let id = NationalId::parse(LT, "38703181745").unwrap();

        let shown = format!("{id:?} {:?} {:#?}", secret(3), Ok::<_, ()>(&id));

        assert_eq!(format!("{id:?}"), "NationalId(LT, redacted)");
        assert!(!shown.chars().any(|c| c.is_ascii_digit()), "{shown}");
    }

    #[test]
    fn errors_have_distinct_stable_codes() {
        let all = [
            NationalIdError::Shape,
            NationalIdError::CheckDigit,
            NationalIdError::CenturyDigit,
            NationalIdError::BirthDate,
            NationalIdError::BirthDateMismatch,
            NationalIdError::SecretTooShort,
            NationalIdError::Randomness,
        ];

        let mut codes: Vec<_> = all.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();

        assert_eq!(codes.len(), all.len());
        for code in codes {
            assert!(code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        }
    }

    #[test]
    fn an_error_never_repeats_the_number() {
        let cases = [
            (PL, "44051401358"),
            (LT, "38713181749"),
            (LT, "98703181740"),
            (PL, "4405140135"),
        ];
        for (country, text) in cases {
            let e = NationalId::parse(country, text).unwrap_err();

            let shown = format!("{e} {e:?} {}", e.code());

            assert!(!shown.contains(text), "{shown}");
            assert!(!shown.contains(&text[..6]), "{shown}");
        }
    }
}
