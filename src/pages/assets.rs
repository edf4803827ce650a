//! The pages' own stylesheet and scripts, embedded in the binary and served from it: no CDN, no
//! build step. Each file is served with an ETag so a browser revalidates cheaply.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Every static file: name under `/static/`, content type, content.
const FILES: &[(&str, &str, &str)] = &[
    (
        "kartu.css",
        "text/css; charset=utf-8",
        include_str!("../../static/kartu.css"),
    ),
    (
        "card-print.css",
        "text/css; charset=utf-8",
        include_str!("../../static/card-print.css"),
    ),
    (
        "kartu-verify.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/kartu-verify.js"),
    ),
    (
        "family.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/family.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_str!("../../static/icon.svg"),
    ),
    (
        "check.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/check.js"),
    ),
];

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(file);
}

/// The content type and content of a static file.
pub fn find(name: &str) -> Option<(&'static str, &'static str)> {
    FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, kind, body)| (*kind, *body))
}

/// Serves `body` with a strong ETag, answering 304 when the browser has it already.
pub fn serve(req: &HttpRequest, kind: &str, body: &'static str) -> HttpResponse {
    let digest = Sha256::digest(body.as_bytes());
    let etag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{etag}\"");
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    if matches {
        return response.finish();
    }
    response.content_type(kind).body(body)
}

#[get("/static/{name}")]
async fn file(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (kind, body) = find(&name).ok_or(ApiError::NotFound("file"))?;
    Ok(serve(&req, kind, body))
}

#[cfg(test)]
mod tests {
    use super::find;

    /// A colour variable of kartu.css, as linear-light sRGB channels.
    fn colour(css: &str, name: &str) -> [f64; 3] {
        let start = css
            .find(&format!("--{name}:"))
            .unwrap_or_else(|| panic!("--{name}"));
        let hex = css[start..].split('#').nth(1).unwrap();
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        [channel(0), channel(2), channel(4)]
    }

    /// The WCAG 2 contrast ratio of two colours.
    fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
        let l = |c: [f64; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        let (x, y) = (l(a), l(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_text_colour_pair_of_the_stylesheet_meets_wcag_aa() {
        let (_, css) = find("kartu.css").unwrap();
        // (text, background) as the stylesheet pairs them.
        let pairs = [
            ("ink", "bg"),
            ("ink", "soft"),
            ("muted", "bg"),
            ("muted", "soft"),
            ("brand", "bg"),
            ("brand-ink", "brand"),
            ("ok", "ok-bg"),
            ("bad", "bad-bg"),
            ("warn", "warn-bg"),
            ("bg", "ok"),
            ("bg", "bad"),
            ("bg", "warn"),
            ("ink", "focus"),
        ];
        // The measure tells a faint border colour from text colours.
        assert!(contrast(colour(css, "line"), colour(css, "bg")) < 3.0);
        for (text, background) in pairs {
            let ratio = contrast(colour(css, text), colour(css, background));
            assert!(ratio >= 4.5, "--{text} on --{background}: {ratio:.2} < 4.5");
        }
    }
}
