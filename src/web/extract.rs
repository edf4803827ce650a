//! Request extractors: [`ApiJson`], a JSON body whose errors name the field. Who is calling is
//! the `Clerk` extractor in `auth`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::app::error::FieldError;
use crate::web::error::ApiError;

/// The largest JSON body any endpoint accepts.
pub const DEFAULT_JSON_LIMIT: usize = 64 * 1024;

/// The body limit in bytes, set once for the app (`--body-limit-kb`).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body. Malformed JSON, a wrong type or a missing field answers 400/422 with the
/// field's path; a body over the limit answers 413; a body that is not JSON answers 415.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.starts_with("application/json")
                    || (v.starts_with("application/") && v.contains("+json"))
            });
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
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(value) => Ok(ApiJson(value)),
                Err(err) => {
                    let path = err.path().to_string();
                    let inner = err.into_inner();
                    if inner.is_syntax() || inner.is_eof() {
                        return Err(ApiError::BadRequest {
                            code: "malformed_json",
                            detail: format!("the body is not valid JSON: {inner}"),
                        });
                    }
                    let field = match missing_field(&inner.to_string()) {
                        Some(name) if path == "." => name,
                        Some(name) => format!("{path}.{name}"),
                        None => path,
                    };
                    Err(ApiError::Validation(vec![FieldError::new(
                        field,
                        "invalid",
                        strip_position(&inner.to_string()),
                    )]))
                }
            }
        })
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
