//! Reading a QR code out of a PNG image (a scan or a screenshot), with rqrr. Used by
//! `kartu verify --image` and by the checker's photo fallback, each within a [`Budget`] of
//! pixels checked before anything is allocated.

use std::io::Cursor;

use thiserror::Error;

/// How large an image may be: its longer side, and the bytes its decoded pixels take (checked
/// from the header, before they are allocated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_side: u32,
    pub max_bytes: usize,
}

impl Budget {
    /// The operator's own scans at the command line.
    pub const COMMAND_LINE: Budget = Budget {
        max_side: 8192,
        max_bytes: 64 * 1024 * 1024,
    };
    /// A photo sent by anyone to `/check/photo`: the page sends at most 1280 px; 1600 px of
    /// RGBA is 10 MB.
    pub const PHOTO: Budget = Budget {
        max_side: 1600,
        max_bytes: 1600 * 1600 * 4,
    };
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum QrImageError {
    #[error("not a readable PNG image: {0}")]
    Png(String),
    #[error("the image is larger than {0}×{0} pixels; send a smaller one")]
    TooLarge(u32),
    #[error("no QR code found in the image")]
    NoCode,
    #[error("a QR code was found but could not be read: {0}")]
    Unreadable(String),
}

/// Greyscale pixels of a PNG, any colour type, composited on white.
fn luma(bytes: &[u8], budget: Budget) -> Result<(usize, usize, Vec<u8>), QrImageError> {
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: budget.max_bytes,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| QrImageError::Png(e.to_string()))?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w > budget.max_side || h > budget.max_side || reader.output_buffer_size() > budget.max_bytes
    {
        return Err(QrImageError::TooLarge(budget.max_side));
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| QrImageError::Png(e.to_string()))?;
    let (color, _) = reader.output_color_type();
    let channels = color.samples();
    let data = &buf[..frame.buffer_size()];
    let (w, h) = (w as usize, h as usize);
    let stride = frame.line_size;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = &data[y * stride..(y + 1) * stride];
        for x in 0..w {
            let px = &row[x * channels..(x + 1) * channels];
            let (value, alpha) = match channels {
                1 => (u32::from(px[0]), 255),
                2 => (u32::from(px[0]), u32::from(px[1])),
                3 => (
                    (299 * u32::from(px[0]) + 587 * u32::from(px[1]) + 114 * u32::from(px[2]))
                        / 1000,
                    255,
                ),
                _ => (
                    (299 * u32::from(px[0]) + 587 * u32::from(px[1]) + 114 * u32::from(px[2]))
                        / 1000,
                    u32::from(px[3]),
                ),
            };
            // Transparent pixels read as white paper.
            let composited = (value * alpha + 255 * (255 - alpha)) / 255;
            out.push(u8::try_from(composited).unwrap_or(u8::MAX));
        }
    }
    Ok((w, h, out))
}

/// The text of the first readable QR code in a PNG image within `budget`.
pub fn decode_png(bytes: &[u8], budget: Budget) -> Result<String, QrImageError> {
    let (w, h, pixels) = luma(bytes, budget)?;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    let mut last_error = None;
    for grid in grids {
        match grid.decode() {
            Ok((_, text)) => return Ok(text),
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    Err(last_error.map_or(QrImageError::NoCode, QrImageError::Unreadable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kartu_card::qr::{render_png, Correction};

    #[test]
    fn a_rendered_code_reads_back_to_its_text() {
        let text = "KARTU1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4_QA";
        let png = render_png(text, Correction::M, 4).unwrap();
        assert_eq!(decode_png(&png, Budget::PHOTO).unwrap(), text);
    }

    #[test]
    fn an_image_without_a_code_and_a_non_image_are_told_apart() {
        let mut blank = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut blank, 64, 64);
            enc.set_color(png::ColorType::Grayscale);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[255u8; 64 * 64]).unwrap();
        }
        assert_eq!(decode_png(&blank, Budget::PHOTO), Err(QrImageError::NoCode));
        assert!(matches!(
            decode_png(b"GIF89a", Budget::PHOTO),
            Err(QrImageError::Png(_))
        ));
    }

    #[test]
    fn an_image_over_the_budget_is_refused_from_its_header() {
        let png_of = |w: u32, h: u32, color: png::ColorType| {
            let mut bytes = Vec::new();
            {
                let mut enc = png::Encoder::new(&mut bytes, w, h);
                enc.set_color(color);
                let mut out = enc.write_header().unwrap();
                let size = usize::try_from(w * h).unwrap() * color.samples();
                out.write_image_data(&vec![255u8; size]).unwrap();
            }
            bytes
        };
        let long = png_of(1601, 10, png::ColorType::Grayscale);
        assert_eq!(
            decode_png(&long, Budget::PHOTO),
            Err(QrImageError::TooLarge(1600))
        );
        // Short enough, but its pixels would take more bytes than the budget has.
        let small = Budget {
            max_side: 100,
            max_bytes: 100 * 100,
        };
        let colourful = png_of(100, 100, png::ColorType::Rgb);
        assert_eq!(
            decode_png(&colourful, small),
            Err(QrImageError::TooLarge(100))
        );
        let grey = png_of(100, 100, png::ColorType::Grayscale);
        assert_eq!(decode_png(&grey, small), Err(QrImageError::NoCode));
    }
}
