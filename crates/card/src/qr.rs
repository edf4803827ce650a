//! Drawing a card's QR text as SVG or PNG, in memory, with a four-module quiet zone. The qrcode
//! crate picks the segment modes; a card text (mixed-case base64url) ends up in byte mode.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode, Version};

use crate::error::Error;

/// Error correction level; `M` is the default for cards, `Q` for worn prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    L,
    M,
    Q,
    H,
}

impl From<Correction> for EcLevel {
    fn from(c: Correction) -> EcLevel {
        match c {
            Correction::L => EcLevel::L,
            Correction::M => EcLevel::M,
            Correction::Q => EcLevel::Q,
            Correction::H => EcLevel::H,
        }
    }
}

const QUIET_ZONE: usize = 4;

fn code(text: &str, correction: Correction) -> Result<QrCode, Error> {
    QrCode::with_error_correction_level(text.as_bytes(), correction.into())
        .map_err(|e| Error::Qr(e.to_string()))
}

/// The smallest QR version (1–40) that holds `text` at `correction`.
pub fn version(text: &str, correction: Correction) -> Result<i16, Error> {
    match code(text, correction)?.version() {
        Version::Normal(v) => Ok(v),
        Version::Micro(v) => Ok(v),
    }
}

/// An SVG document, `module_px` user units a module.
pub fn render_svg(text: &str, correction: Correction, module_px: u32) -> Result<String, Error> {
    Ok(code(text, correction)?
        .render::<svg::Color<'_>>()
        .module_dimensions(module_px, module_px)
        .quiet_zone(true)
        .build())
}

/// A greyscale PNG, `module_px` pixels a module.
pub fn render_png(text: &str, correction: Correction, module_px: u32) -> Result<Vec<u8>, Error> {
    let qr = code(text, correction)?;
    let modules = qr.width();
    let scale = module_px.max(1) as usize;
    let side = (modules + 2 * QUIET_ZONE) * scale;
    let colors = qr.to_colors();
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (mx, my) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let side32 = u32::try_from(side).map_err(|_| Error::Qr("image too large".into()))?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side32, side32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| Error::Qr(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| Error::Qr(e.to_string()))?;
    writer.finish().map_err(|e| Error::Qr(e.to_string()))?;
    Ok(out)
}
