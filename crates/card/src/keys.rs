//! Ed25519 keys: the wrapper types, key ids, and PKCS#8 PEM text.
//!
//! A [`SigningKey`] never prints, logs or serialises its secret: `Debug` is redacted and there is
//! no `Serialize`. The only way out is [`SigningKey::to_pkcs8_pem`], which hands back a zeroizing
//! string for the caller to write to a file of mode 0600. This module reads and writes no files.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::Signer;
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::Error;
use crate::municipality::Municipality;

/// Domain separator for key ids of municipal signing keys.
pub const KID_CONTEXT: &[u8] = b"KARTU-KID\0";
/// Domain separator for the anchor's key id.
pub const ANCHOR_KID_CONTEXT: &[u8] = b"KARTU-ANCHOR\0";

/// The first 8 bytes of a SHA-256 over the key's public key, municipality and validity window.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// The key id of a municipal card key. Changing any input gives another id, so a key set
    /// cannot attach a known id to another key, municipality or window.
    pub fn derive(
        public_key: &PublicKey,
        municipality: Municipality,
        not_before: i64,
        not_after: i64,
    ) -> KeyId {
        let mut h = Sha256::new();
        h.update(KID_CONTEXT);
        h.update(municipality.code().as_bytes());
        h.update(not_before.to_be_bytes());
        h.update(not_after.to_be_bytes());
        h.update(public_key.as_bytes());
        KeyId::from_digest(&h.finalize())
    }

    /// The key id of a trust anchor.
    pub fn derive_anchor(public_key: &PublicKey) -> KeyId {
        let mut h = Sha256::new();
        h.update(ANCHOR_KID_CONTEXT);
        h.update(public_key.as_bytes());
        KeyId::from_digest(&h.finalize())
    }

    fn from_digest(digest: &[u8]) -> KeyId {
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    /// Lower-case hex, 16 characters.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn parse_hex(text: &str) -> Result<KeyId, Error> {
        let bytes = text.as_bytes();
        if bytes.len() != 16
            || !text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(Error::Document(format!(
                "key id must be 16 lower-case hex digits, got {:?}",
                truncate(text)
            )));
        }
        let mut id = [0u8; 8];
        for (i, slot) in id.iter_mut().enumerate() {
            let pair = std::str::from_utf8(&bytes[2 * i..2 * i + 2])
                .map_err(|e| Error::Document(e.to_string()))?;
            *slot = u8::from_str_radix(pair, 16).map_err(|e| Error::Document(e.to_string()))?;
        }
        Ok(KeyId(id))
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.to_hex())
    }
}

impl TryFrom<String> for KeyId {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        KeyId::parse_hex(&value)
    }
}

impl From<KeyId> for String {
    fn from(k: KeyId) -> Self {
        k.to_hex()
    }
}

/// An Ed25519 public key. Small-order ("weak") keys cannot be constructed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, Error> {
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::PublicKey(format!("expected 32 bytes, got {}", bytes.len())))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&array)
            .map_err(|_| Error::PublicKey("not a point on the curve".into()))?;
        if key.is_weak() {
            return Err(Error::PublicKey("small-order key refused".into()));
        }
        Ok(PublicKey(key))
    }

    /// Reads the unpadded base64url form used in documents and on the command line.
    pub fn from_base64url(text: &str) -> Result<PublicKey, Error> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|e| Error::PublicKey(format!("not unpadded base64url: {e}")))?;
        PublicKey::from_bytes(&bytes)
    }

    pub fn from_public_key_pem(pem: &str) -> Result<PublicKey, Error> {
        let key = ed25519_dalek::VerifyingKey::from_public_key_pem(pem)
            .map_err(|e| Error::PublicKey(e.to_string()))?;
        PublicKey::from_bytes(key.as_bytes())
    }

    /// Either form: a PEM `PUBLIC KEY` block or unpadded base64url.
    pub fn parse(text: &str) -> Result<PublicKey, Error> {
        if text.contains("-----BEGIN") {
            PublicKey::from_public_key_pem(text)
        } else {
            PublicKey::from_base64url(text)
        }
    }

    pub fn to_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_bytes())
    }

    pub fn to_public_key_pem(&self) -> Result<String, Error> {
        self.0
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .map_err(|e| Error::PublicKey(e.to_string()))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// Strict Ed25519 verification (`verify_strict`): refuses non-canonical S, small-order
    /// components and weak keys.
    pub fn verify_strict(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(message, &sig).is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_base64url())
    }
}

/// An Ed25519 private key. Its `Debug` never shows the secret.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::generate(&mut OsRng))
    }

    /// A key from a 32-byte seed. For test vectors and fixtures only: production keys come from
    /// [`SigningKey::generate`].
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    pub fn from_pkcs8_pem(pem: &str) -> Result<SigningKey, Error> {
        ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
            .map(SigningKey)
            .map_err(|e| Error::PrivateKey(format!("not an Ed25519 PKCS#8 PEM private key ({e})")))
    }

    /// The PKCS#8 PEM text. It is wiped from memory when dropped.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, Error> {
        self.0
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .map(|pem| Zeroizing::new(pem.to_string()))
            .map_err(|e| Error::PrivateKey(e.to_string()))
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SigningKey(public {}, secret redacted)",
            self.public_key().to_base64url()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // No key material is committed here: the key comes from a fixed test seed at run time.
    #[test]
    fn debug_output_never_contains_the_secret() {
        let key = SigningKey::from_seed(&[7u8; 32]);
        let debug = format!("{key:?}");
        let pem = key.to_pkcs8_pem().unwrap();
        let secret_b64 = URL_SAFE_NO_PAD.encode([7u8; 32]);
        assert!(!debug.contains(&secret_b64));
        assert!(debug.contains("redacted"));
        // The PEM does hold the secret (as PKCS#8, which the decoder checks by its label).
        let back = SigningKey::from_pkcs8_pem(&pem).unwrap();
        assert_eq!(back.public_key(), key.public_key());
    }

    #[test]
    fn pem_round_trips_for_private_and_public_keys() {
        let key = SigningKey::generate();
        let back = SigningKey::from_pkcs8_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        let pub_pem = key.public_key().to_public_key_pem().unwrap();
        assert_eq!(PublicKey::parse(&pub_pem).unwrap(), key.public_key());
        assert_eq!(
            PublicKey::parse(&key.public_key().to_base64url()).unwrap(),
            key.public_key()
        );
    }

    #[test]
    fn small_order_and_malformed_public_keys_are_refused() {
        // The identity point (y = 1) has order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(PublicKey::from_bytes(&identity).is_err());
        assert!(PublicKey::from_bytes(&[0u8; 31]).is_err());
        assert!(PublicKey::from_base64url("not base64!").is_err());
    }

    #[test]
    fn key_ids_change_with_every_input() {
        let pk = SigningKey::from_seed(&[1u8; 32]).public_key();
        let other = SigningKey::from_seed(&[2u8; 32]).public_key();
        let base = KeyId::derive(&pk, Municipality::Aly, 100, 200);
        assert_ne!(base, KeyId::derive(&other, Municipality::Aly, 100, 200));
        assert_ne!(base, KeyId::derive(&pk, Municipality::Var, 100, 200));
        assert_ne!(base, KeyId::derive(&pk, Municipality::Aly, 101, 200));
        assert_ne!(base, KeyId::derive(&pk, Municipality::Aly, 100, 201));
        assert_ne!(base, KeyId::derive_anchor(&pk));
        assert_eq!(KeyId::parse_hex(&base.to_hex()).unwrap(), base);
        assert!(KeyId::parse_hex("ABCDEF0123456789").is_err());
        assert!(KeyId::parse_hex("abc").is_err());
    }
}
