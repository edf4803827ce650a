//! Secrets the service hands out (API tokens, session keys, family page tokens) and what it
//! keeps of them: only a SHA-256, since each is 256 random bits and a fast hash is enough.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Prefix of every API token, so a leaked one is easy to recognise in a scan.
pub const TOKEN_PREFIX: &str = "kartu_";

/// 256 random bits, base64url.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token or session key.
pub fn secret_hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_secret())
}

/// Constant-time comparison of an expected secret (a CSRF token) with what was sent. An empty
/// expectation never matches.
pub fn matches(expected: &str, sent: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
}

/// Whether a text has the shape [`random_secret`] gives a secret; anything else is not looked up.
pub fn plausible(text: &str) -> bool {
    (20..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abc", "ab"));
        assert!(!matches("", ""));
    }

    #[test]
    fn only_secret_shaped_text_is_plausible() {
        assert!(plausible(&random_secret()));
        assert!(!plausible("sw.js"));
        assert!(!plausible("short"));
        assert!(!plausible(&"a".repeat(65)));
        assert!(!plausible("aaaaaaaaaaaaaaaaaaaaaaaa/../../etc"));
    }

    #[test]
    fn a_token_is_prefixed_and_only_its_hash_is_kept() {
        let token = new_api_token();
        assert!(token.starts_with(TOKEN_PREFIX));
        assert_eq!(secret_hash(&token).len(), 32);
        assert_ne!(secret_hash(&token), secret_hash(&new_api_token()));
    }
}
