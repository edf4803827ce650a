//! The envelope of every signed JSON document (key set, status list):
//! `{"payload": base64url(JSON bytes), "signature": base64url(Ed25519 over context ‖ JSON bytes)}`.
//!
//! The signature covers the exact payload bytes, so a verifier in any language needs no JSON
//! canonicalisation: check the signature over the bytes, then parse them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::keys::{PublicKey, SigningKey};

/// Documents larger than this are refused before any work is done on them.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedDocument {
    pub payload: String,
    pub signature: String,
}

impl SignedDocument {
    pub fn sign<T: Serialize>(
        context: &[u8],
        body: &T,
        key: &SigningKey,
    ) -> Result<SignedDocument, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Document(e.to_string()))?;
        let signature = key.sign(&[context, &bytes].concat());
        Ok(SignedDocument {
            payload: URL_SAFE_NO_PAD.encode(&bytes),
            signature: URL_SAFE_NO_PAD.encode(signature),
        })
    }

    pub fn from_json(text: &str) -> Result<SignedDocument, Error> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::Document(format!(
                "larger than {MAX_DOCUMENT_BYTES} bytes"
            )));
        }
        serde_json::from_str(text).map_err(|e| Error::Document(e.to_string()))
    }

    pub fn to_json(&self) -> String {
        // Two string fields cannot fail to serialise.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The payload bytes, not yet authenticated: only for finding which key to check them with.
    pub fn unverified_payload<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let bytes = decode(&self.payload, "payload")?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Document(e.to_string()))
    }

    /// Checks the signature with `key` and only then parses the payload.
    pub fn open<T: DeserializeOwned>(
        &self,
        context: &[u8],
        key: &PublicKey,
        key_name: &str,
    ) -> Result<T, Error> {
        let bytes = decode(&self.payload, "payload")?;
        let sig = decode(&self.signature, "signature")?;
        let sig: [u8; 64] = sig
            .try_into()
            .map_err(|_| Error::Document("signature must be 64 bytes".into()))?;
        if !key.verify_strict(&[context, &bytes].concat(), &sig) {
            return Err(Error::DocumentSignature(key_name.to_string()));
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::Document(e.to_string()))
    }
}

fn decode(text: &str, what: &str) -> Result<Vec<u8>, Error> {
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|e| Error::Document(format!("{what} is not unpadded base64url: {e}")))
}
