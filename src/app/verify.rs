//! Online verification, as a till asks for it: any text in, a verdict out, against the key set
//! and the status lists held in memory (never a database query). Only the count of each reason
//! is kept; nothing about the card is recorded or logged.

use kartu_card::Verdict;

use crate::app::error::{Context, Error};
use crate::app::qr_image::{self, QrImageError};
use crate::app::Kartu;

/// The verdict on a QR text now.
pub fn verify(k: &Kartu, text: &str) -> Result<Verdict, Error> {
    let now = k.now();
    let current = k.trust.key_set(now).context("loading the key set")?;
    let verdict = k
        .trust
        .with_lists(|lists| {
            kartu_card::verify_with(text, &current.0, Some(lists), now, &k.verify_policy)
        })
        .context("reading the status lists")?;
    k.verify_counts.record(verdict.reason);
    Ok(verdict)
}

/// The verdict on the QR code in a PNG photo (the checker's fallback for browsers that cannot
/// read one). Neither the image nor the code's text is kept.
pub fn verify_photo(k: &Kartu, png: &[u8]) -> Result<Verdict, Error> {
    let text = qr_image::decode_png(png).map_err(photo_error)?;
    verify(k, &text)
}

/// What went wrong with a photo, as a problem the page can tell apart by its code.
fn photo_error(e: QrImageError) -> Error {
    match e {
        QrImageError::Png(detail) => Error::Refused {
            code: "unreadable_image",
            detail: format!("the body is not a readable PNG image: {detail}"),
        },
        QrImageError::TooLarge => Error::Refused {
            code: "image_too_large",
            detail: e.to_string(),
        },
        QrImageError::NoCode => Error::field("image", "no_qr_code", e.to_string()),
        QrImageError::Unreadable(_) => Error::field("image", "unreadable_qr_code", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_problems_are_told_apart_by_code() {
        let code = |e: QrImageError| match photo_error(e) {
            Error::Refused { code, .. } => code.to_string(),
            Error::Invalid(fields) => fields[0].code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code(QrImageError::Png("x".into())), "unreadable_image");
        assert_eq!(code(QrImageError::TooLarge), "image_too_large");
        assert_eq!(code(QrImageError::NoCode), "no_qr_code");
        assert_eq!(
            code(QrImageError::Unreadable("x".into())),
            "unreadable_qr_code"
        );
    }
}
