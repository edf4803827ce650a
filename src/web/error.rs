//! The web's errors, mapped to HTTP exactly once, in `impl ResponseError for ApiError`: RFC 9457
//! `application/problem+json` with field errors. An act's [`app::error::Error`] becomes an
//! [`ApiError`] through `From`, in one `match`; the pages turn an `ApiError` into their friendly
//! page (`pages::Page::error`). Database and internal failures are logged with their cause chain
//! and answered without it.

use actix_web::http::header::ContentType;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::{Error as AppError, FieldError};

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldProblem {
    /// The field's path in the request, e.g. `members[2].birth_date`.
    pub field: String,
    /// A stable code, e.g. `check_digit`, `unknown_municipality`.
    pub code: String,
    pub message: String,
}

impl From<&FieldError> for FieldProblem {
    fn from(e: &FieldError) -> FieldProblem {
        FieldProblem {
            field: e.field.clone(),
            code: e.code.clone(),
            message: e.message.clone(),
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
    pub errors: Vec<FieldProblem>,
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
    #[error("the database is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        match e {
            AppError::Invalid(errors) => ApiError::Validation(errors),
            AppError::Refused { code, detail } => ApiError::BadRequest { code, detail },
            AppError::NotFound(what) => ApiError::NotFound(what),
            AppError::Conflict { code, detail } => ApiError::Conflict { code, detail },
            AppError::Unauthenticated => ApiError::Unauthorized,
            AppError::Forbidden(verb) => ApiError::Forbidden(verb),
            AppError::TooManyAttempts(seconds) => ApiError::TooManyRequests(seconds),
            AppError::Unavailable(cause) => ApiError::Unavailable(cause),
            AppError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl ApiError {
    pub fn field(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::Internal(anyhow::anyhow!(message.into()))
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
                ApiError::Validation(errors) => errors.iter().map(FieldProblem::from).collect(),
                _ => Vec::new(),
            },
        }
    }

    /// Logs a failure of the service's own (with its cause chain); a caller's mistake is not
    /// logged.
    pub fn log(&self) {
        if let ApiError::Internal(cause) | ApiError::Unavailable(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
    }
}

/// Seconds a caller is asked to wait when the database is away or cannot take writes.
const RETRY_UNAVAILABLE: &str = "5";

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
        self.log();
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header(ContentType(mime_problem()));
        match self {
            ApiError::TooManyRequests(seconds) => {
                response.insert_header(("Retry-After", seconds.to_string()));
            }
            ApiError::Unavailable(_) => {
                response.insert_header(("Retry-After", RETRY_UNAVAILABLE));
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

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("the blocking thread pool: {e}"))
    }
}
