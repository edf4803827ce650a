//! The kartu card format: what a card says, how it is signed and encoded in a QR code, how keys
//! and revocations are published, and how anyone verifies a card offline.
//!
//! This crate never touches the network, a database, a file or the clock: every input (texts,
//! documents, `now`) comes from the caller. That is what lets a merchant's till, a fuzzer, a
//! benchmark and the service share it. docs/card-format.md is the normative description.

mod card;
mod card_number;
mod document;
mod error;
mod keys;
mod keyset;
mod municipality;
mod name;
pub mod qr;
mod status_list;
mod verify;

pub use card::{
    assemble, decode, encode_unsigned, sign, Claims, DecodeError, DecodedCard, CARD_CONTEXT,
    HEADER_LEN, MAX_TEXT_LEN, PREFIX, SIGNATURE_LEN, VERSION,
};
pub use card_number::{CardNumber, MAX_FAMILY, MAX_MEMBER, MAX_SEQUENCE};
pub use document::{SignedDocument, MAX_DOCUMENT_BYTES};
pub use error::{Error, ParseError};
pub use keys::{KeyId, PublicKey, SigningKey};
pub use keyset::{KeyEntry, KeySet, KEYSET_CONTEXT};
pub use municipality::{Country, Municipality, Role};
pub use name::{transliterate, PersonName, MAX_NAME_BYTES, MAX_NAME_CHARS};
pub use status_list::{
    CardStatus, SignedInfo, StatusBundle, StatusList, StatusLists, MAX_ENTRIES, STATUS_CONTEXT,
};
pub use verify::{verify, verify_with, ClockWarning, ListAge, Outcome, Policy, Reason, Verdict};
