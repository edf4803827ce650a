//! The merchant checker (`/check`): open to everyone, no sign-in.
//!
//! The page verifies cards in the browser (`static/check.js` with `static/kartu-verify.js`),
//! against the anchor-signed key set and the status lists it fetches from `/.well-known/kartu/`
//! and keeps on the device, so it goes on working offline. The anchor's public key is rendered
//! into the page; the page trusts nothing it has not checked against it. A check sends nothing
//! about the card to the server, except through the photo fallback (`POST /check/photo`,
//! `web::api::verify::photo`), for browsers that cannot read a QR code themselves: the server
//! reads the photo with rqrr and answers the same verdict as `POST /api/v1/verify`. Nothing about
//! the card is ever logged.
//!
//! Every sentence the script shows is rendered here from `locales/*/check.ftl` and `core.ftl`,
//! so the script holds no text of its own.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::checkout::{self, Checker};
use crate::app::error::Error;
use crate::web::act;
use crate::web::auth::TILL_COOKIE;
use crate::web::error::ApiError;
use crate::web::pages::{Page, PageError};
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

/// The messages the script shows, by key: every reason and outcome, the names it puts beside a
/// card, and the checker's own sentences.
const SCRIPT_MESSAGES: &[&str] = &[
    "outcome-valid",
    "outcome-invalid",
    "outcome-cannot_confirm",
    "reason-valid",
    "reason-not_a_card",
    "reason-unsupported_version",
    "reason-malformed",
    "reason-unknown_key",
    "reason-key_not_allowed",
    "reason-bad_signature",
    "reason-not_yet_valid",
    "reason-expired",
    "reason-revoked",
    "reason-suspended",
    "reason-key_set_stale",
    "reason-status_list_stale",
    "reason-status_unknown",
    "role-parent",
    "role-child",
    "municipality-ALY",
    "municipality-VAR",
    "municipality-ELK",
    "list-stale",
    "list-not-checked",
    "clock-behind",
    "check-empty",
    "check-camera-failed",
    "check-photo-reading",
    "check-photo-no-code",
    "check-photo-unreadable",
    "check-photo-too-large",
    "check-photo-failed",
    "check-photo-checked",
    "check-lists-loading",
    "check-lists-online",
    "check-lists-offline",
    "check-lists-refused",
    "check-lists-none",
    "check-no-lists-verdict",
    "check-offer-applies",
    "check-offer-none",
    "check-offer-dates",
    "check-offer-role-parent",
    "check-offer-role-child",
    "check-use-counted",
    "check-use-queued",
    "lang-lt",
    "lang-pl",
    "lang-en",
];

/// Messages with one argument, rendered with a `{name}` placeholder the script fills in.
const SCRIPT_TEMPLATES: &[(&str, &str)] = &[
    ("check-holder-ascii", "name"),
    ("check-list-issued", "date"),
    ("check-partner-as", "partner"),
    ("check-partner-location", "address"),
    ("check-partner-offline", "date"),
    ("check-offer-municipality", "municipalities"),
    ("check-offer-role", "roles"),
    ("check-offer-lang", "lang"),
];

/// Messages that count, rendered once per CLDR category with a `{count}` placeholder; the
/// script picks the variant with `Intl.PluralRules`.
const SCRIPT_COUNTS: &[&str] = &[
    "check-age-minutes",
    "check-age-hours",
    "check-age-days",
    "check-clock-off",
    "check-use-waiting",
];

const CATEGORIES: [&str; 4] = ["one", "few", "many", "other"];

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    page: Page,
    /// The trust anchor's public key, base64url: the one thing the page is configured with.
    anchor: String,
    clock_skew: i64,
    max_age: i64,
    /// (key, text) for the script: `data-key` of each hidden message element.
    messages: Vec<(String, String)>,
}

fn script_messages(page: &Page) -> Vec<(String, String)> {
    let t = &page.state().translations;
    let mut out: Vec<(String, String)> = SCRIPT_MESSAGES
        .iter()
        .map(|key| (key.to_string(), page.t(key)))
        .collect();
    for (key, arg) in SCRIPT_TEMPLATES {
        let text = t.get_args(page.lang, key, &[(arg, format!("{{{arg}}}"))]);
        out.push((key.to_string(), text));
    }
    for key in SCRIPT_COUNTS {
        for category in CATEGORIES {
            let text = t.get_args(
                page.lang,
                key,
                &[
                    ("count", "{count}".to_string()),
                    ("category", category.to_string()),
                ],
            );
            out.push((format!("{key}.{category}"), text));
        }
    }
    out
}

/// The checker page.
pub async fn check(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let view = CheckPage {
        anchor: state.kartu.trust.keyring().anchor_public().to_base64url(),
        clock_skew: state.kartu.verify_policy.clock_skew,
        max_age: state.kartu.verify_policy.max_age,
        messages: script_messages(&page),
        page,
    };
    view.page.ok(&view)
}

/// A till link, `/check/till/<token>`: sets this browser's checker up as the link's partner and
/// location (a cookie holding the token), then opens the checker. A revoked or unknown link is
/// the friendly "not found" page.
pub async fn till(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let token = token.into_inner();
    let probe = token.clone();
    act(&state, move |k| {
        checkout::context(k, Checker::Till(&probe)).map(|_| ())
    })
    .await
    .map_err(|e| match e {
        Error::Unauthenticated => page.error(ApiError::NotFound("till link")),
        other => page.error(other),
    })?;
    let cookie = Cookie::build(TILL_COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(state.auth.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::days(400))
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", format!("/check?lang={}", page.lang_code())))
        .insert_header(("Cache-Control", "no-store"))
        .cookie(cookie)
        .finish())
}

/// Stops checking as a till link's partner (from the checker's own button).
pub async fn forget_till(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    if is_cross_site(&req) {
        return Err(page.error(ApiError::Forbidden("send this request from another site")));
    }
    let mut gone = Cookie::build(TILL_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", format!("/check?lang={}", page.lang_code())))
        .cookie(gone)
        .finish())
}

/// The service worker that lets the checker open again with no connection. Served from the root
/// so that its scope may be `/check` itself.
pub async fn service_worker(req: HttpRequest) -> HttpResponse {
    crate::web::pages::assets::OFFLINE_SW.serve(&req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Translations};

    #[test]
    fn every_script_message_exists_in_every_language() {
        let t = Translations::load().unwrap();
        for lang in Lang::ALL {
            let keys = SCRIPT_MESSAGES
                .iter()
                .chain(SCRIPT_COUNTS)
                .chain(SCRIPT_TEMPLATES.iter().map(|(k, _)| k));
            for key in keys {
                assert_ne!(t.get(lang, key), *key, "{lang} lacks {key}");
            }
        }
    }

    #[test]
    fn counted_messages_keep_a_placeholder_in_every_category() {
        let t = Translations::load().unwrap();
        for lang in Lang::ALL {
            for key in SCRIPT_COUNTS {
                for category in CATEGORIES {
                    let text = t.get_args(
                        lang,
                        key,
                        &[
                            ("count", "{count}".to_string()),
                            ("category", category.to_string()),
                        ],
                    );
                    assert!(text.contains("{count}"), "{lang} {key} {category}: {text}");
                }
            }
        }
        let pl = |category: &str| {
            t.get_args(
                Lang::Pl,
                "check-age-minutes",
                &[
                    ("count", "{count}".to_string()),
                    ("category", category.to_string()),
                ],
            )
        };
        assert_eq!(pl("few"), "sprzed {count} minut");
        assert_eq!(pl("one"), "sprzed {count} minuty");
    }
}
