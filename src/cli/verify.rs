//! `kartu verify`: the offline check a till runs, from the command line.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use kartu_card::{verify_with, KeySet, Policy, PublicKey, Reason, StatusLists};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::app::clock::Clock;
use crate::app::qr_image;
use crate::cli::VerifyArgs;
use crate::i18n::verdict::VerdictView;
use crate::i18n::Translations;

/// Exit code when the input cannot be read (missing file, no QR code in the image).
pub const EXIT_INPUT: u8 = 3;
/// Exit code when the key set or status lists are refused (bad anchor signature, malformed).
pub const EXIT_TRUST: u8 = 4;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
   0  valid
   2  usage error
   3  input unreadable (file, standard input, or no QR code in the image)
   4  key set or status lists refused (wrong anchor, bad signature, malformed)
  10  not_a_card            11  unsupported_version   12  malformed
  13  unknown_key           14  key_not_allowed       15  bad_signature
  16  not_yet_valid         17  expired               18  revoked
  19  suspended             20  key_set_stale         21  status_list_stale
  22  status_unknown";

/// The documented exit code of each reason.
pub fn exit_code(reason: Reason) -> u8 {
    match reason {
        Reason::Valid => 0,
        Reason::NotACard => 10,
        Reason::UnsupportedVersion => 11,
        Reason::Malformed => 12,
        Reason::UnknownKey => 13,
        Reason::KeyNotAllowed => 14,
        Reason::BadSignature => 15,
        Reason::NotYetValid => 16,
        Reason::Expired => 17,
        Reason::Revoked => 18,
        Reason::Suspended => 19,
        Reason::KeySetStale => 20,
        Reason::StatusListStale => 21,
        Reason::StatusUnknown => 22,
    }
}

/// An error with the exit code it should end the process with.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub error: anyhow::Error,
}

fn fail(code: u8) -> impl FnOnce(anyhow::Error) -> Failure {
    move |error| Failure { code, error }
}

fn parse_now(text: &str) -> anyhow::Result<i64> {
    if let Ok(seconds) = text.trim().parse::<i64>() {
        return Ok(seconds);
    }
    let t = OffsetDateTime::parse(text.trim(), &Rfc3339)
        .with_context(|| format!("--now {text:?} is neither Unix seconds nor RFC 3339"))?;
    Ok(t.unix_timestamp())
}

fn read_anchor(value: &str) -> anyhow::Result<PublicKey> {
    let path = Path::new(value);
    let text = if path.is_file() {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
    } else {
        value.to_string()
    };
    PublicKey::parse(&text).context("--anchor is not an Ed25519 public key (base64url or PEM)")
}

fn read_text(args: &VerifyArgs) -> anyhow::Result<String> {
    if let Some(path) = &args.image {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        return qr_image::decode_png(&bytes, qr_image::Budget::COMMAND_LINE)
            .with_context(|| format!("reading a QR code from {}", path.display()));
    }
    match args.text.as_deref() {
        Some("-") | None => {
            let mut text = String::new();
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .context("reading standard input")?;
            Ok(text)
        }
        Some(text) => Ok(text.to_string()),
    }
}

/// Runs the check and prints the verdict; returns the exit code.
pub fn run(args: &VerifyArgs) -> Result<u8, Failure> {
    let t = Translations::load().map_err(fail(1))?;
    let now = match &args.now {
        Some(text) => parse_now(text).map_err(fail(2))?,
        None => Clock::system().now(),
    };
    let text = read_text(args).map_err(fail(EXIT_INPUT))?;
    let anchor = read_anchor(&args.anchor).map_err(fail(EXIT_TRUST))?;
    let keys_json = std::fs::read_to_string(&args.keys)
        .with_context(|| format!("reading {}", args.keys.display()))
        .map_err(fail(EXIT_INPUT))?;
    let keys = KeySet::from_json(&keys_json, &anchor)
        .with_context(|| format!("the key set {} is refused", args.keys.display()))
        .map_err(fail(EXIT_TRUST))?;
    let status = match &args.status {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))
                .map_err(fail(EXIT_INPUT))?;
            Some(
                StatusLists::from_json(&json, &keys)
                    .with_context(|| format!("the status lists {} are refused", path.display()))
                    .map_err(fail(EXIT_TRUST))?,
            )
        }
        None => None,
    };
    let policy = Policy {
        clock_skew: args.clock_skew,
        max_age: args.max_age,
    };
    let verdict = verify_with(&text, &keys, status.as_ref(), now, &policy);
    let view = VerdictView::new(&verdict, args.lang, &t);
    if args.json {
        let json = serde_json::to_string_pretty(&view)
            .context("serialising the verdict")
            .map_err(fail(1))?;
        println!("{json}");
    } else {
        print!("{}", view.to_text(&verdict, args.lang, &t));
    }
    Ok(exit_code(verdict.reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_its_own_exit_code_and_only_valid_is_zero() {
        let mut codes: Vec<u8> = Reason::ALL.iter().map(|r| exit_code(*r)).collect();
        assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1);
        assert_eq!(exit_code(Reason::Valid), 0);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Reason::ALL.len());
        for reason in Reason::ALL {
            let code = exit_code(reason);
            assert!(
                EXIT_CODES_HELP.contains(&format!("{code}  {}", reason.code())),
                "{reason:?} not documented"
            );
        }
    }

    #[test]
    fn now_reads_unix_seconds_and_rfc3339() {
        assert_eq!(parse_now("1767225600").unwrap(), 1_767_225_600);
        assert_eq!(parse_now("2026-01-01T00:00:00Z").unwrap(), 1_767_225_600);
        assert!(parse_now("yesterday").is_err());
    }
}
