//! Online verification, as a till asks for it: any text in, a verdict out, against the key set
//! and the status lists held in memory (never a database query). Only the count of each reason
//! is kept; nothing about the card is recorded or logged.

use std::time::Duration;

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
    let text = read_photo(k, png.to_vec())?;
    verify(k, &text)
}

/// Photos read at once: each may take a core for as long as rqrr needs.
pub const PHOTOS_AT_ONCE: usize = 2;

/// How long a request waits for a photo to be read.
pub const PHOTO_DEADLINE: Duration = Duration::from_secs(3);

/// The QR text of a photo, read on a thread of its own within [`qr_image::Budget::PHOTO`]: at
/// most [`PHOTOS_AT_ONCE`] at a time (503 when they are taken), and the answer comes within
/// [`PHOTO_DEADLINE`]. rqrr cannot be stopped, so a photo that takes longer (one tiled with
/// finder patterns) is answered 422 while its thread finishes, holding its place until then.
fn read_photo(k: &Kartu, png: Vec<u8>) -> Result<String, Error> {
    let Some(pass) = k.photo_reads.enter(Duration::ZERO) else {
        return Err(Error::Unavailable(anyhow::anyhow!(
            "the photo reader is busy; try again in a moment"
        )));
    };
    let (sender, answer) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("kartu-photo".into())
        .spawn(move || {
            let read = qr_image::decode_png(&png, qr_image::Budget::PHOTO);
            drop(pass);
            let _ = sender.send(read);
        })
        .map_err(|e| Error::internal(format!("starting the photo reader: {e}")))?;
    match answer.recv_timeout(PHOTO_DEADLINE) {
        Ok(read) => read.map_err(photo_error),
        Err(_) => Err(Error::field(
            "image",
            "image_too_complex",
            "the image took too long to read; photograph the card's QR code alone",
        )),
    }
}

/// What went wrong with a photo, as a problem the page can tell apart by its code.
fn photo_error(e: QrImageError) -> Error {
    match e {
        QrImageError::Png(detail) => Error::Refused {
            code: "unreadable_image",
            detail: format!("the body is not a readable PNG image: {detail}"),
        },
        QrImageError::TooLarge(_) => Error::Refused {
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
        assert_eq!(code(QrImageError::TooLarge(1600)), "image_too_large");
        assert_eq!(code(QrImageError::NoCode), "no_qr_code");
        assert_eq!(
            code(QrImageError::Unreadable("x".into())),
            "unreadable_qr_code"
        );
    }
}
