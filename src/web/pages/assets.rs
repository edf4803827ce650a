//! The pages' own stylesheet and scripts, embedded in the binary and served from it: no CDN, no
//! build step. Each file is served with an ETag so a browser revalidates cheaply. The one
//! third-party library is Leaflet 1.9.4 (the catalogue's map), its `dist/leaflet.js` and
//! `dist/leaflet.css` copied unchanged from the npm package into `static/leaflet/` with its
//! LICENSE; the map draws circle markers only, so the images its stylesheet names are left out.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::trust::content_tag;
use crate::web::error::ApiError;
use crate::web::request::etag_matches;

/// An embedded file with its content type; its ETag is computed on first use, once.
#[derive(Debug)]
pub struct Asset {
    name: &'static str,
    kind: &'static str,
    body: &'static str,
    etag: OnceLock<String>,
}

impl Asset {
    const fn new(name: &'static str, kind: &'static str, body: &'static str) -> Asset {
        Asset {
            name,
            kind,
            body,
            etag: OnceLock::new(),
        }
    }

    fn etag(&self) -> &str {
        self.etag.get_or_init(|| content_tag(self.body.as_bytes()))
    }

    /// The file with its strong ETag, or 304 when the browser has it already.
    pub fn serve(&self, req: &HttpRequest) -> HttpResponse {
        let etag = self.etag();
        let fresh = etag_matches(req, etag);
        let mut response = if fresh {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "no-cache"));
        if fresh {
            return response.finish();
        }
        response.content_type(self.kind).body(self.body)
    }
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// An embedded file of `static/`, by its path there.
macro_rules! embedded {
    ($name:literal, $kind:expr) => {
        Asset::new(
            $name,
            $kind,
            include_str!(concat!("../../../static/", $name)),
        )
    };
}

/// Every file under `/static/`, by its path there (`verify/…` under `/static/verify/`).
static FILES: [Asset; 23] = [
    embedded!("kartu.css", CSS),
    embedded!("card-print.css", CSS),
    embedded!("kartu-verify.js", JS),
    embedded!("family.js", JS),
    embedded!("icon.svg", "image/svg+xml"),
    embedded!("check.js", JS),
    embedded!("check-partner.js", JS),
    embedded!("catalogue.js", JS),
    // Leaflet, under /static/leaflet/.
    embedded!("leaflet/leaflet.js", JS),
    embedded!("leaflet/leaflet.css", CSS),
    embedded!("leaflet/LICENSE", "text/plain; charset=utf-8"),
    // The modules behind kartu-verify.js, which imports them relatively.
    embedded!("verify/error.js", JS),
    embedded!("verify/bytes.js", JS),
    embedded!("verify/json.js", JS),
    embedded!("verify/municipality.js", JS),
    embedded!("verify/keys.js", JS),
    embedded!("verify/document.js", JS),
    embedded!("verify/keyset.js", JS),
    embedded!("verify/status_list.js", JS),
    embedded!("verify/card_number.js", JS),
    embedded!("verify/name.js", JS),
    embedded!("verify/card.js", JS),
    embedded!("verify/verify.js", JS),
];

/// The pages' service worker, served where its scope needs it (`/family/sw.js`, `/check-sw.js`,
/// `/partners-sw.js`).
pub static OFFLINE_SW: Asset = embedded!("offline-sw.js", JS);

/// A file under `/static/`.
pub fn find(name: &str) -> Option<&'static Asset> {
    FILES.iter().find(|a| a.name == name)
}

pub async fn file(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(find(&name).ok_or(ApiError::NotFound("file"))?.serve(&req))
}

/// A module of the card verifier, under `/static/verify/` (`{name}` is one path segment).
pub async fn verify_file(
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asset = find(&format!("verify/{name}")).ok_or(ApiError::NotFound("file"))?;
    Ok(asset.serve(&req))
}

/// A file of Leaflet, under `/static/leaflet/` (`{name}` is one path segment).
pub async fn leaflet_file(
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asset = find(&format!("leaflet/{name}")).ok_or(ApiError::NotFound("file"))?;
    Ok(asset.serve(&req))
}

#[cfg(test)]
mod tests {
    use super::{find, FILES, JS};

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
        let css = find("kartu.css").unwrap().body;
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

    /// Every module in static/verify/ is embedded, and every import of an embedded script names
    /// an embedded file: a module left out would only show as a checker that never loads.
    #[test]
    fn every_verifier_module_and_every_import_of_a_script_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static/verify");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let path = format!("verify/{name}");
            assert!(find(&path).is_some(), "static/{path} is not in FILES");
        }
        let mut imports = 0;
        for script in FILES.iter().filter(|a| a.kind == JS) {
            let folder = script
                .name
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder);
            for line in script.body.lines() {
                let statement = line.starts_with("import ") || line.starts_with("export {");
                let Some((_, target)) = line.split_once(" from '").filter(|_| statement) else {
                    continue;
                };
                let target = target.split('\'').next().unwrap();
                let relative = target.strip_prefix("./").unwrap_or_else(|| {
                    panic!("{}: import {target:?} is not ./-relative", script.name)
                });
                let path = [folder, relative].join("/");
                let path = path.trim_start_matches('/');
                assert!(
                    find(path).is_some(),
                    "{} imports {target}: not embedded",
                    script.name
                );
                imports += 1;
            }
        }
        assert!(
            imports > 20,
            "only {imports} imports found: is the scan broken?"
        );
    }
}
