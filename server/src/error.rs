//! The server's one error type. Client-facing failures carry a status, a stable code and a
//! message; database and internal failures are logged and never shown to the client.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Value, json};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A failure the client caused or may act on (4xx, and 503 for known outages).
    #[error("{0}")]
    Api(Box<ApiError>),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// A client-facing error: HTTP status, stable `code`, human `message`, optional `details`.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    /// Sent as `Retry-After` (429, 423, 409 while processing).
    pub retry_after_secs: Option<u64>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl Error {
    pub fn api(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Error::Api(Box::new(ApiError {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after_secs: None,
        }))
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::api(400, code, message)
    }

    /// 401 `UNAUTHENTICATED`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::api(401, "UNAUTHENTICATED", message)
    }

    /// 403 `FORBIDDEN`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::api(403, "FORBIDDEN", message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::api(404, code, message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::api(409, code, message)
    }

    /// 429 `RATE_LIMITED` with a `Retry-After`.
    pub fn rate_limited(message: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::api(429, "RATE_LIMITED", message).with_retry_after(retry_after_secs)
    }

    /// Attaches `details` to a client-facing error (other variants are returned unchanged).
    pub fn with_details(mut self, details: Value) -> Self {
        if let Error::Api(e) = &mut self {
            e.details = Some(details);
        }
        self
    }

    pub fn with_retry_after(mut self, secs: u64) -> Self {
        if let Error::Api(e) = &mut self {
            e.retry_after_secs = Some(secs);
        }
        self
    }

    /// The error code, for tests and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Api(e) => e.code,
            Error::Database(_) | Error::Internal(_) => "INTERNAL_ERROR",
        }
    }
}

/// Field-level validation failures, rendered as 422 `VALIDATION_ERROR` with
/// `details: {fieldErrors: {field: [messages]}, formErrors: []}`.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_default().push(message.into());
    }

    /// A single field error, ready to return.
    pub fn single(field: &str, message: &str) -> Error {
        let mut errors = Self::new();
        errors.add(field, message);
        errors.into()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was added, else the 422 error.
    pub fn into_result(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.into())
        }
    }
}

impl From<FieldErrors> for Error {
    fn from(errors: FieldErrors) -> Self {
        Error::api(422, "VALIDATION_ERROR", "Validation failed")
            .with_details(json!({ "fieldErrors": errors.0, "formErrors": [] }))
    }
}

/// Maps named constraint violations to client errors, e.g. a unique username.
pub trait ResultExt<T> {
    fn on_constraint(self, name: &str, f: impl FnOnce() -> Error) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn on_constraint(self, name: &str, f: impl FnOnce() -> Error) -> Result<T> {
        self.map_err(|e| match e.into() {
            Error::Database(sqlx::Error::Database(db)) if db.constraint() == Some(name) => f(),
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_become_a_validation_error() {
        let mut errors = FieldErrors::new();
        errors.add("username", "is required");
        errors.add("username", "must be short");
        let Err(Error::Api(e)) = errors.into_result() else {
            panic!("expected a client error");
        };
        assert_eq!((e.status, e.code), (422, "VALIDATION_ERROR"));
        assert_eq!(
            e.details,
            Some(
                json!({"fieldErrors": {"username": ["is required", "must be short"]}, "formErrors": []})
            )
        );
    }

    #[test]
    fn no_field_errors_is_ok() {
        assert!(FieldErrors::new().into_result().is_ok());
    }
}
