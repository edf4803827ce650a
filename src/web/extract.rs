//! Request extractors: [`ApiJson`], a JSON body whose errors name the field. Who is calling is
//! the `Clerk` extractor in `auth`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;

use crate::app::error::FieldError;
use crate::web::control;
use crate::web::error::ApiError;

/// The largest JSON body any endpoint accepts.
pub const DEFAULT_JSON_LIMIT: usize = 64 * 1024;

/// The body limit in bytes, set once for the app (`--body-limit-kb`).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body. Malformed JSON answers 400; a wrong type, a missing field or a control
/// character in a string answers 422 with the field's path (never with the value sent); a body
/// over the limit answers 413; a body that is not `application/json` or `…+json` answers 415.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|m| is_json_type(&m));
        let limit = req
            .app_data::<BodyLimit>()
            .map_or(DEFAULT_JSON_LIMIT, |l| l.0);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let body =
                bytes
                    .await
                    .map_err(|e| match e.as_response_error().status_code().as_u16() {
                        413 => ApiError::TooLarge(limit),
                        _ => ApiError::BadRequest {
                            code: "unreadable_body",
                            detail: e.to_string(),
                        },
                    })?;
            if body.len() > limit {
                return Err(ApiError::TooLarge(limit));
            }
            let mut de = serde_json::Deserializer::from_slice(&body);
            if control::json_has_control(&body) {
                let field = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| control::json_control_at(&v))
                    .unwrap_or_else(|| ".".into());
                return Err(control::refusal(field));
            }
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(value) => Ok(ApiJson(value)),
                Err(err) => {
                    let path = err.path().to_string();
                    let inner = err.into_inner();
                    if inner.is_syntax() || inner.is_eof() {
                        return Err(ApiError::BadRequest {
                            code: "malformed_json",
                            detail: format!(
                                "the body is not valid JSON (line {}, column {})",
                                inner.line(),
                                inner.column()
                            ),
                        });
                    }
                    let message = inner.to_string();
                    let field = match missing_field(&message) {
                        Some(name) if path == "." => name,
                        Some(name) => format!("{path}.{name}"),
                        None => path,
                    };
                    Err(ApiError::Validation(vec![FieldError::new(
                        field,
                        "invalid",
                        without_value(&message),
                    )]))
                }
            }
        })
    }
}

/// `application/json`, or a type with the `+json` suffix (`application/problem+json`), whatever
/// its parameters; nothing else, however its parameters are spelled.
fn is_json_type(m: &mime::Mime) -> bool {
    m.type_() == mime::APPLICATION && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
}

/// What serde says is wrong, without the value that was sent: a national ID sent as a number
/// must not come back in the answer. Only what was expected, a missing field's name or an
/// unknown field's name is kept.
fn without_value(message: &str) -> String {
    let message = strip_position(message);
    if message.starts_with("missing field `") || message.starts_with("unknown field `") {
        return message;
    }
    match message.find("expected ") {
        Some(i) => format!("a wrong type or value: {}", &message[i..]),
        None => "a wrong type or value".into(),
    }
}

/// serde reports a missing field at the parent path; the field's name is in the message.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next().map(str::to_string)
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
