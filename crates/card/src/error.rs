//! Errors of the card library. `ParseError` is for values that cannot exist (a bad card number,
//! an unknown municipality); `Error` is for building and reading keys and signed documents.
//! A card that fails verification is not an error: it is a [`crate::Verdict`] with a reason.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("unknown municipality code {0:?}; expected ALY, VAR or ELK")]
    UnknownMunicipality(String),
    #[error("unknown role {0:?}; expected parent or child")]
    UnknownRole(String),
    #[error("a card number looks like ALY-004217-03-01-7")]
    CardNumberShape,
    #[error(
        "the card number's check digit does not match; a character is mistyped or two are swapped"
    )]
    CardNumberCheckDigit,
    #[error("the card number's {0} part is out of range")]
    CardNumberOutOfRange(&'static str),
    #[error("the name is empty")]
    NameEmpty,
    #[error("the name is longer than {0} characters")]
    NameTooLong(usize),
    #[error("the name is longer than {0} bytes of UTF-8")]
    NameTooManyBytes(usize),
    #[error("the name contains {0:?}; only letters, spaces, hyphens, apostrophes and full stops are allowed")]
    NameCharacter(char),
}

#[derive(Debug, Error)]
pub enum Error {
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error("the card's {0} is outside the range the format can carry")]
    OutOfRange(&'static str),
    #[error("valid_from is after valid_until")]
    InvertedValidity,
    #[error("key {kid} belongs to {key}, not to the card's municipality {card}")]
    WrongMunicipality {
        kid: String,
        key: String,
        card: String,
    },
    #[error("key {0} may not sign at this time: outside its validity window or retired")]
    OutsideKeyWindow(String),
    #[error("private key: {0}")]
    PrivateKey(String),
    #[error("public key: {0}")]
    PublicKey(String),
    #[error("signed document is malformed: {0}")]
    Document(String),
    #[error("signed document's signature does not verify against {0}")]
    DocumentSignature(String),
    #[error("signed document names key {0}, which is not in the key set")]
    DocumentKeyUnknown(String),
    #[error("QR code: {0}")]
    Qr(String),
}
