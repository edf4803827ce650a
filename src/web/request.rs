//! What a request says about its sender: their address, their language, whether they already
//! hold a document (a conditional GET), and whether the browser says it comes from another site.

use std::net::IpAddr;

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::i18n::Lang;
use crate::web::state::AuthSettings;

/// The client's address: the peer, or behind a trusted reverse proxy the address the proxy
/// appended to `X-Forwarded-For` (the last one: earlier ones are whatever the client sent).
pub fn client_addr(req: &HttpRequest, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// The language asked for with `?lang=`, if any.
pub fn picked_lang(req: &HttpRequest) -> Option<Lang> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| v.parse().ok())
}

/// The language of `Accept-Language`, else English.
pub fn accepted_lang(req: &HttpRequest) -> Lang {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language)
}

/// The language of an API answer: `?lang=`, else `Accept-Language`, else English. (Pages also
/// remember a language in a cookie: `pages::Page`.)
pub fn api_lang(req: &HttpRequest) -> Lang {
    picked_lang(req).unwrap_or_else(|| accepted_lang(req))
}

/// The origin of the absolute links an answer writes (`https://kartu.alytus.lt`): `--public-url`
/// when it is set; else the request's own `Host`, and only behind a trusted proxy its
/// `Forwarded` / `X-Forwarded-Host` and `-Proto` (anyone can send those, and a slip's link must
/// not lead elsewhere).
pub fn origin(req: &HttpRequest, auth: &AuthSettings) -> String {
    if let Some(url) = &auth.public_url {
        return url.clone();
    }
    if auth.trust_forwarded_for {
        let info = req.connection_info();
        return format!("{}://{}", info.scheme(), info.host());
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty())
        .map_or_else(|| req.app_config().host().to_string(), str::to_string);
    format!(
        "{}://{host}",
        if req.app_config().secure() {
            "https"
        } else {
            "http"
        }
    )
}

/// Whether a conditional GET's `If-None-Match` names `etag` (or `*`): the answer is then 304.
pub fn etag_matches(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        })
}

/// True when the browser says the request comes from another site (`Sec-Fetch-Site`), or its
/// `Origin` names another host than the one it was sent to.
pub fn is_cross_site(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    match (header("origin"), header("host")) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin_host != host
        }
        _ => false,
    }
}
