//! The card itself: its claims, the version 1 binary layout, and the QR text.
//!
//! ```text
//! KARTU1:<base64url, no padding, of>
//! offset size  field
//!      0    1  version (1)
//!      1    8  key id
//!      9    1  municipality (1 ALY, 2 VAR, 3 ELK)
//!     10    1  role (1 parent, 2 child)
//!     11    4  family number, big-endian
//!     15    1  member number
//!     16    1  reissue sequence
//!     17    4  valid_from, Unix seconds, big-endian
//!     21    4  valid_until, Unix seconds, big-endian
//!     25    4  status index, big-endian
//!     29    1  name length n in bytes
//!     30    n  holder name, UTF-8, NFC
//!   30+n   64  Ed25519 signature over "KARTU-CARD\0" ‖ bytes 0 .. 30+n
//! ```
//! docs/card-format.md is the normative description.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::card_number::CardNumber;
use crate::error::Error;
use crate::keys::{KeyId, SigningKey};
use crate::keyset::KeyEntry;
use crate::municipality::{Municipality, Role};
use crate::name::PersonName;

pub const VERSION: u8 = 1;
/// What every version 1 QR text starts with.
pub const PREFIX: &str = "KARTU1:";
/// Every version's prefix is this stem, a decimal version, then `:`.
pub const PREFIX_STEM: &str = "KARTU";
pub const CARD_CONTEXT: &[u8] = b"KARTU-CARD\0";
pub const HEADER_LEN: usize = 30;
pub const SIGNATURE_LEN: usize = 64;
/// The longest base64url body (the text after the prefix) decoding looks at. A version 1 card is
/// at most 349 bytes, 466 characters; a longer body is refused as malformed before decoding.
pub const MAX_TEXT_LEN: usize = 512;

/// What a card says about its holder. Nothing else goes on a card: no national ID, no birth
/// date, no address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub number: CardNumber,
    pub holder: PersonName,
    pub role: Role,
    pub valid_from: i64,
    pub valid_until: i64,
    pub status_index: u32,
}

impl Claims {
    pub fn municipality(&self) -> Municipality {
        self.number.municipality()
    }
}

/// A card read from its QR text; its signature is not checked yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedCard {
    pub version: u8,
    pub kid: KeyId,
    pub claims: Claims,
    signed: Vec<u8>,
    signature: [u8; SIGNATURE_LEN],
}

impl DecodedCard {
    /// The exact bytes the signature covers: the context string, then bytes 0 .. 30+n.
    pub fn signing_input(&self) -> Vec<u8> {
        [CARD_CONTEXT, &self.signed].concat()
    }

    pub fn signature(&self) -> &[u8; SIGNATURE_LEN] {
        &self.signature
    }
}

/// Why a text could not be read as a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not ours at all: any other QR code.
    NotACard,
    /// Ours, but a version this library does not know.
    UnsupportedVersion,
    /// Ours and version 1, but broken: bad base64, wrong length, impossible field values.
    Malformed,
}

fn to_u32(value: i64, what: &'static str) -> Result<u32, Error> {
    u32::try_from(value).map_err(|_| Error::OutOfRange(what))
}

/// The bytes a signature covers, without the context: version, key id and claims.
pub fn encode_unsigned(kid: KeyId, claims: &Claims) -> Result<Vec<u8>, Error> {
    if claims.valid_from > claims.valid_until {
        return Err(Error::InvertedValidity);
    }
    let name = claims.holder.as_str().as_bytes();
    let name_len = u8::try_from(name.len()).map_err(|_| Error::OutOfRange("holder name"))?;
    let mut out = Vec::with_capacity(HEADER_LEN + name.len() + SIGNATURE_LEN);
    out.push(VERSION);
    out.extend_from_slice(&kid.0);
    out.push(claims.number.municipality().wire());
    out.push(claims.role.wire());
    out.extend_from_slice(&claims.number.family().to_be_bytes());
    out.push(claims.number.member());
    out.push(claims.number.sequence());
    out.extend_from_slice(&to_u32(claims.valid_from, "valid_from")?.to_be_bytes());
    out.extend_from_slice(&to_u32(claims.valid_until, "valid_until")?.to_be_bytes());
    out.extend_from_slice(&claims.status_index.to_be_bytes());
    out.push(name_len);
    out.extend_from_slice(name);
    Ok(out)
}

/// Signs claims with a municipal key and returns the QR text. Refuses a key of another
/// municipality and a card that starts outside the key's window, exactly as a verifier would.
pub fn sign(claims: &Claims, entry: &KeyEntry, key: &SigningKey) -> Result<String, Error> {
    if entry.municipality != claims.municipality() {
        return Err(Error::WrongMunicipality {
            kid: entry.kid.to_hex(),
            key: entry.municipality.to_string(),
            card: claims.municipality().to_string(),
        });
    }
    if !entry.may_sign_at(claims.valid_from) {
        return Err(Error::OutsideKeyWindow(entry.kid.to_hex()));
    }
    if entry.public_key != key.public_key() {
        return Err(Error::PrivateKey(format!(
            "the private key does not belong to key {}",
            entry.kid
        )));
    }
    let mut bytes = encode_unsigned(entry.kid, claims)?;
    let signature = key.sign(&[CARD_CONTEXT, &bytes].concat());
    bytes.extend_from_slice(&signature);
    Ok(assemble(&bytes))
}

/// `KARTU1:` followed by the unpadded base64url of the bytes.
pub fn assemble(bytes: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Classifies the prefix and returns the base64url part of a version 1 text.
fn strip_prefix(text: &str) -> Result<&str, DecodeError> {
    if let Some(rest) = text.strip_prefix(PREFIX) {
        return Ok(rest);
    }
    let Some(rest) = text.strip_prefix(PREFIX_STEM) else {
        return Err(DecodeError::NotACard);
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest.as_bytes().get(digits) == Some(&b':') {
        Err(DecodeError::UnsupportedVersion)
    } else {
        Err(DecodeError::NotACard)
    }
}

/// Reads a QR text. Leading and trailing white space (a scanner's Enter) is ignored.
pub fn decode(text: &str) -> Result<DecodedCard, DecodeError> {
    let body = strip_prefix(text.trim())?;
    if body.len() > MAX_TEXT_LEN {
        return Err(DecodeError::Malformed);
    }
    // The standard engine is strict: no padding, no stray bits in the last character.
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| DecodeError::Malformed)?;
    decode_bytes(&bytes)
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn decode_bytes(bytes: &[u8]) -> Result<DecodedCard, DecodeError> {
    let version = *bytes.first().ok_or(DecodeError::Malformed)?;
    if version != VERSION {
        return Err(DecodeError::UnsupportedVersion);
    }
    if bytes.len() < HEADER_LEN + SIGNATURE_LEN {
        return Err(DecodeError::Malformed);
    }
    let name_len = usize::from(bytes[29]);
    if bytes.len() != HEADER_LEN + name_len + SIGNATURE_LEN {
        return Err(DecodeError::Malformed);
    }
    let mut kid = [0u8; 8];
    kid.copy_from_slice(&bytes[1..9]);
    let municipality = Municipality::from_wire(bytes[9]).ok_or(DecodeError::Malformed)?;
    let role = Role::from_wire(bytes[10]).ok_or(DecodeError::Malformed)?;
    let number = CardNumber::new(municipality, be_u32(bytes, 11), bytes[15], bytes[16])
        .map_err(|_| DecodeError::Malformed)?;
    let valid_from = i64::from(be_u32(bytes, 17));
    let valid_until = i64::from(be_u32(bytes, 21));
    if valid_from > valid_until {
        return Err(DecodeError::Malformed);
    }
    let status_index = be_u32(bytes, 25);
    let name_bytes = &bytes[HEADER_LEN..HEADER_LEN + name_len];
    let name_text = std::str::from_utf8(name_bytes).map_err(|_| DecodeError::Malformed)?;
    let holder = PersonName::parse(name_text).map_err(|_| DecodeError::Malformed)?;
    // One card, one encoding: a name that is not already in normal form is refused.
    if holder.as_str() != name_text {
        return Err(DecodeError::Malformed);
    }
    let mut signature = [0u8; SIGNATURE_LEN];
    signature.copy_from_slice(&bytes[HEADER_LEN + name_len..]);
    Ok(DecodedCard {
        version,
        kid: KeyId(kid),
        claims: Claims {
            number,
            holder,
            role,
            valid_from,
            valid_until,
            status_index,
        },
        signed: bytes[..HEADER_LEN + name_len].to_vec(),
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Claims, KeyEntry, SigningKey) {
        let key = SigningKey::from_seed(&[3u8; 32]);
        let entry = KeyEntry::new(
            Municipality::Var,
            key.public_key(),
            1_700_000_000,
            1_900_000_000,
        );
        let claims = Claims {
            number: CardNumber::new(Municipality::Var, 42, 2, 1).unwrap(),
            holder: PersonName::parse("Gražina Žemaitytė-Ona").unwrap(),
            role: Role::Child,
            valid_from: 1_760_000_000,
            valid_until: 1_800_000_000,
            status_index: 123_456,
        };
        (claims, entry, key)
    }

    #[test]
    fn a_signed_card_decodes_to_the_same_claims() {
        let (claims, entry, key) = sample();
        let text = sign(&claims, &entry, &key).unwrap();
        assert!(text.starts_with("KARTU1:"));
        assert!(text.bytes().all(|b| b.is_ascii_graphic()), "{text}");
        let card = decode(&format!("{text}\r\n")).unwrap();
        assert_eq!(card.claims, claims);
        assert_eq!(card.kid, entry.kid);
        assert!(entry
            .public_key
            .verify_strict(&card.signing_input(), card.signature()));
    }

    #[test]
    fn signing_with_a_key_of_another_municipality_or_outside_its_window_is_refused() {
        let (claims, _, key) = sample();
        let elk = KeyEntry::new(
            Municipality::Elk,
            key.public_key(),
            1_700_000_000,
            1_900_000_000,
        );
        assert!(matches!(
            sign(&claims, &elk, &key),
            Err(Error::WrongMunicipality { .. })
        ));
        let late = KeyEntry::new(
            Municipality::Var,
            key.public_key(),
            1_770_000_000,
            1_900_000_000,
        );
        assert!(matches!(
            sign(&claims, &late, &key),
            Err(Error::OutsideKeyWindow(_))
        ));
    }

    #[test]
    fn prefixes_are_classified() {
        assert_eq!(
            decode("https://example.com").unwrap_err(),
            DecodeError::NotACard
        );
        assert_eq!(decode("KARTU").unwrap_err(), DecodeError::NotACard);
        assert_eq!(decode("KARTUX:abc").unwrap_err(), DecodeError::NotACard);
        assert_eq!(
            decode("KARTU2:AAAA").unwrap_err(),
            DecodeError::UnsupportedVersion
        );
        assert_eq!(
            decode("KARTU10:AAAA").unwrap_err(),
            DecodeError::UnsupportedVersion
        );
        assert_eq!(decode("KARTU1:").unwrap_err(), DecodeError::Malformed);
        assert_eq!(decode("KARTU1:!!!").unwrap_err(), DecodeError::Malformed);
    }

    #[test]
    fn a_version_byte_other_than_one_is_unsupported() {
        let (claims, entry, key) = sample();
        let text = sign(&claims, &entry, &key).unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(&text[PREFIX.len()..]).unwrap();
        bytes[0] = 2;
        assert_eq!(
            decode(&assemble(&bytes)).unwrap_err(),
            DecodeError::UnsupportedVersion
        );
    }

    #[test]
    fn padding_and_non_canonical_base64_are_malformed() {
        let (claims, entry, key) = sample();
        let text = sign(&claims, &entry, &key).unwrap();
        let body = &text[PREFIX.len()..];
        // 30 + 24 + 64 = 118 bytes: the last base64 character carries 4 unused bits.
        assert_eq!(URL_SAFE_NO_PAD.decode(body).unwrap().len() % 3, 1);
        assert_eq!(
            decode(&format!("{text}==")).unwrap_err(),
            DecodeError::Malformed
        );
        let last = body.chars().last().unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let pos = alphabet.find(last).unwrap();
        let sibling = alphabet.as_bytes()[pos ^ 1] as char;
        let tampered = format!("{}{}{}", PREFIX, &body[..body.len() - 1], sibling);
        assert_eq!(
            decode(&tampered).unwrap_err(),
            DecodeError::Malformed,
            "non-canonical trailing bits"
        );
        let standard = text.replace('-', "+").replace('_', "/");
        if standard != text {
            assert_eq!(decode(&standard).unwrap_err(), DecodeError::Malformed);
        }
    }
}
