//! Control characters are refused where input comes in, before any act or database sees them
//! (PostgreSQL cannot store U+0000 and answered 500): in the path and the query (a middleware
//! over the whole app), in JSON bodies (`ApiJson`) and in form bodies (the console's and the
//! public forms). Each refusal is a 422 naming the field, a problem for the API and a page in
//! the visitor's language for people.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use percent_encoding::percent_decode_str;

use crate::app::input::{control_character, has_refused_control};
use crate::web::error::ApiError;
use crate::web::pages;

/// The field of the path or the query that holds a refused control character: `path`, or the
/// query parameter's name.
fn control_in_target(path: &str, query: &str) -> Option<String> {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    if has_refused_control(&decoded) {
        return Some("path".into());
    }
    if query.is_empty() {
        return None;
    }
    match serde_urlencoded::from_str::<Vec<(String, String)>>(query) {
        Ok(pairs) => control_in_fields(&pairs),
        // Not decodable as pairs: the raw text is checked, and the extractor refuses the rest.
        Err(_) => has_refused_control(&percent_decode_str(query).decode_utf8_lossy())
            .then(|| "query".to_string()),
    }
}

/// The first field of a form or a query whose name or value holds a refused control character.
pub fn control_in_fields(pairs: &[(String, String)]) -> Option<String> {
    pairs
        .iter()
        .find(|(k, v)| has_refused_control(k) || has_refused_control(v))
        .map(|(k, _)| {
            if has_refused_control(k) {
                "query".to_string()
            } else {
                k.clone()
            }
        })
}

/// The refusal of a field with a control character.
pub fn refusal(field: impl Into<String>) -> ApiError {
    ApiError::Validation(vec![control_character(field)])
}

/// Middleware: a path or a query with a refused control character is answered 422 before any
/// handler runs.
pub async fn refuse_in_target<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if let Some(field) = control_in_target(req.uri().path(), req.query_string()) {
        let err = pages::answer_error(req.request(), refusal(field));
        return Ok(req.error_response(err).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Whether a JSON text holds a refused control character in any string: written as an escape
/// (`\u0000`, `\b`, `\f`) or raw (DEL, a C1 control in UTF-8). A cheap scan of the bytes; raw
/// C0 controls are already a syntax error.
pub fn json_has_control(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => {
                match body.get(i + 1) {
                    Some(b'b' | b'f') => return true,
                    Some(b'u') => {
                        let hex = body
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        if let Some(c) = hex
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                        {
                            if crate::app::input::is_refused_control(c) {
                                return true;
                            }
                        }
                    }
                    _ => {}
                }
                i += 2;
            }
            0x7f => return true,
            0xc2 if body.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => return true,
            _ => i += 1,
        }
    }
    false
}

/// The path (`members[0].name`, `reason`, `.` for a key) of the first string in `value` with a
/// refused control character.
pub fn json_control_at(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, at: &str) -> Option<String> {
        match value {
            serde_json::Value::String(s) => has_refused_control(s).then(|| at.to_string()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{at}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                if has_refused_control(k) {
                    Some(if at.is_empty() { ".".into() } else { at.into() })
                } else {
                    walk(v, &here)
                }
            }),
            _ => None,
        }
    }
    walk(value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_and_raw_controls_are_found_and_escaped_backslashes_are_not() {
        for body in [
            r#"{"reason":"a\u0000b"}"#,
            r#"{"reason":"\u001F"}"#,
            r#"{"reason":"\u007f"}"#,
            r#"{"reason":"\b"}"#,
            "{\"reason\":\"\u{7f}\"}",
            "{\"reason\":\"\u{85}\"}",
        ] {
            assert!(json_has_control(body.as_bytes()), "{body}");
        }
        for body in [
            r#"{"reason":"a\\u0000b"}"#,
            r#"{"reason":"line\nnext\tcell\r"}"#,
            r#"{"name":"Žydrūnė \u00e9"}"#,
            "{\"name\":\"Ełk\"}",
        ] {
            assert!(!json_has_control(body.as_bytes()), "{body}");
        }
    }

    #[test]
    fn the_path_of_a_control_character_is_named() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"members":[{"name":"ok"},{"name":"x\u0000"}]}"#).unwrap();
        assert_eq!(json_control_at(&v).as_deref(), Some("members[1].name"));
        assert_eq!(
            control_in_target("/api/v1/cards/a%00b", ""),
            Some("path".into())
        );
        assert_eq!(
            control_in_target("/api/v1/families", "q=ona&actor=%00"),
            Some("actor".into())
        );
        assert_eq!(control_in_target("/api/v1/families", "q=%C5%BD%0A"), None);
    }
}
