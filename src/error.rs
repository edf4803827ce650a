//! Errors, by layer:
//! - `kartu_card::Error` / `ParseError`: the card library (values and documents).
//! - `KeyringError` (keyring.rs), `DbError` (db.rs): infrastructure at start-up.
//! - [`ApiError`]: everything a handler can answer with. It is mapped to HTTP exactly once, in
//!   `impl ResponseError`, as RFC 9457 `application/problem+json`. Database and internal
//!   failures are logged with their detail and answered without it.

use actix_web::http::header::ContentType;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's path in the request, e.g. `members[2].birth_date`.
    pub field: String,
    /// A stable code, e.g. `check_digit`, `unknown_municipality`.
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:kartu:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("requests must be application/json")]
    UnsupportedMediaType,
    #[error("sign in, or send an API token as `Authorization: Bearer …`")]
    Unauthorized,
    #[error("your role may not {0}")]
    Forbidden(&'static str),
    #[error("too many attempts; try again in {0} seconds")]
    TooManyRequests(u64),
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation",
            ApiError::BadRequest { code, .. } | ApiError::Conflict { code, .. } => code,
            ApiError::NotFound(_) => "not_found",
            ApiError::TooLarge(_) => "too_large",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::TooManyRequests(_) => "too_many_requests",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "Invalid request",
            ApiError::BadRequest { .. } => "Bad request",
            ApiError::NotFound(_) => "Not found",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::TooLarge(_) => "Request too large",
            ApiError::Unauthorized => "Not signed in",
            ApiError::Forbidden(_) => "Not allowed",
            ApiError::TooManyRequests(_) => "Too many requests",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::Unavailable(_) => "Service unavailable",
            ApiError::Internal(_) => "Internal error",
        }
    }

    pub fn problem(&self) -> Problem {
        let detail = match self {
            ApiError::Internal(_) => {
                "Something went wrong on our side; nothing was changed.".to_string()
            }
            ApiError::Unavailable(_) => {
                "The service cannot reach its database right now; try again shortly.".to_string()
            }
            other => other.to_string(),
        };
        Problem {
            kind: format!("urn:kartu:problem:{}", self.code()),
            title: self.title().to_string(),
            status: self.status_code().as_u16(),
            detail,
            code: self.code().to_string(),
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(detail) | ApiError::Unavailable(detail) = self {
            tracing::error!(error = %detail, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header(ContentType(mime_problem()));
        match self {
            ApiError::TooManyRequests(seconds) => {
                response.insert_header(("Retry-After", seconds.to_string()));
            }
            ApiError::Unauthorized => {
                response.insert_header(("WWW-Authenticate", "Bearer realm=\"kartu\""));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

fn mime_problem() -> mime::Mime {
    "application/problem+json"
        .parse()
        .unwrap_or(mime::APPLICATION_JSON)
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::NotFound("record"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => ApiError::Conflict {
                code: "conflict",
                detail: format!(
                    "this would duplicate an existing record ({})",
                    info.constraint_name().unwrap_or("unique")
                ),
            },
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                ApiError::Unavailable(e.to_string())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        ApiError::Unavailable(e.to_string())
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        ApiError::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<kartu_card::Error> for ApiError {
    fn from(e: kartu_card::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}
