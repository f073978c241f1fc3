//! Renders every error as `{code, message, traceId, details?}`. Internal failures are
//! logged once, with their cause, and reach the client only as `INTERNAL_ERROR`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lattice_shared::ApiErrorBody;

use super::middleware::current_request_id;
use crate::error::Error;
use crate::error_tracking::ErrorCause;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Error::Api(e) => {
                let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
                let mut response = body(status, e.code, e.message, e.details);
                if let Some(secs) = e.retry_after_secs {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
                }
                response
            }
            Error::Database(e) if is_outage(&e) => {
                tracing::error!(error = %e, "database unavailable");
                let mut response = body(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "DATABASE_UNAVAILABLE",
                    "The database is unavailable; please retry shortly".into(),
                    None,
                );
                response
                    .extensions_mut()
                    .insert(ErrorCause(format!("database unavailable: {e}")));
                response
            }
            Error::Database(e) if is_unstorable_text(&e) => body(
                StatusCode::BAD_REQUEST,
                "INVALID_TEXT",
                "Text may not contain NUL characters (U+0000)".into(),
                None,
            ),
            Error::Database(e) => internal(&e),
            Error::Internal(e) => internal(&*e),
        }
    }
}

/// A 500 whose cause goes to the log and the error tracker, never to the client.
pub fn internal(cause: &dyn std::fmt::Debug) -> Response {
    tracing::error!(error = ?cause, "internal error");
    let mut response = body(
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "Internal server error".into(),
        None,
    );
    response
        .extensions_mut()
        .insert(ErrorCause(format!("{cause:?}")));
    response
}

/// The error envelope with the current request id as `traceId`.
pub fn body(
    status: StatusCode,
    code: &str,
    message: String,
    details: Option<serde_json::Value>,
) -> Response {
    let body = ApiErrorBody {
        code: code.to_owned(),
        message,
        trace_id: current_request_id(),
        details,
    };
    (status, axum::Json(body)).into_response()
}

/// Whether `e` says the database could not be reached or went away (connection failures,
/// and the SQLSTATEs of a server shutting down or starting up), not that a query failed.
fn is_outage(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now.
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

/// Whether PostgreSQL refused a text value it cannot store (a NUL character, SQLSTATE
/// 22021, or one its encoding lacks, 22P05): the client's input, not a server fault.
fn is_unstorable_text(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db)
        if db.code().is_some_and(|code| matches!(&*code, "22021" | "22P05")))
}
