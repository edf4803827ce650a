//! Passwords: the policy a new one must meet, argon2id hashing, and generated passwords.
//! A password is never stored, logged or compared in any other way than through [`verify`].

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 256 characters")]
    TooLong,
}

impl PasswordProblem {
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
        }
    }
}

/// A new password's problem, if any.
pub fn check_new(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    Ok(())
}

/// A password as an argon2id PHC string (the crate's defaults: 19 MiB, 2 passes).
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
}

/// Checks a password against a stored hash. A malformed hash never matches.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A generated password: 20 characters from an alphabet without look-alikes.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify("correct horse battery", &hash));
        assert!(!verify("correct horse batterY", &hash));
        assert!(!verify("correct horse battery", "not a hash"));
    }

    #[test]
    fn passwords_shorter_than_twelve_characters_are_refused() {
        assert_eq!(check_new("elevenchars"), Err(PasswordProblem::TooShort));
        assert!(check_new("twelve chars").is_ok());
        assert_eq!(check_new(&"x".repeat(257)), Err(PasswordProblem::TooLong));
        assert_eq!(generate().len(), 20);
        assert_ne!(generate(), generate());
    }
}
