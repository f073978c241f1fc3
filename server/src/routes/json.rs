//! `Json<T>`: axum's JSON extractor with the error contract: a malformed body is a 400
//! `INVALID_JSON`, a body of the wrong shape a 422 `VALIDATION_ERROR` naming the field.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, OptionalFromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, FieldErrors};

/// Extracts a JSON request body, or serialises a JSON response.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Error::api(
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                "Send the request body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| match rejection {
                BytesRejection::FailedToBufferBody(_) if is_too_large(&rejection) => Error::api(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "The request body exceeds the 25 MB limit",
                ),
                _ => Error::bad_request("INVALID_BODY", "The request body could not be read"),
            })?;
        parse(&bytes).map(Json)
    }
}

/// `Option<Json<T>>`: no body (or only whitespace) is `None`; anything else must be JSON.
impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Error> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| {
                Error::api(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "The request body exceeds the 25 MB limit",
                )
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        <Json<T> as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

/// A JSON body extracted but not yet judged. A handler that authorizes first takes this
/// and calls [`Checked::parse`] after its permission checks, so a caller without them
/// hears 403, not what the body should have held.
pub struct Checked<T>(Result<T, Error>);

impl<T> Checked<T> {
    /// The body, or the error [`Json`] would have answered for it.
    pub fn parse(self) -> Result<T, Error> {
        self.0
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Checked<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        Ok(Self(
            <Json<T> as FromRequest<S>>::from_request(req, state)
                .await
                .map(|Json(body)| body),
        ))
    }
}

fn is_too_large(rejection: &BytesRejection) -> bool {
    rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
}

/// Deserialises `bytes`, reporting the path of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner = e.inner();
        if inner.is_data() {
            let mut fields = FieldErrors::new();
            let path = e.path().to_string();
            fields.add(
                if path == "." { String::new() } else { path },
                strip_position(&inner.to_string()),
            );
            fields.into()
        } else {
            invalid_json(inner)
        }
    })?;
    deserializer.end().map_err(|e| invalid_json(&e))?;
    Ok(value)
}

fn invalid_json(e: &serde_json::Error) -> Error {
    Error::bad_request(
        "INVALID_JSON",
        format!(
            "The request body is not valid JSON: {}",
            strip_position(&e.to_string())
        ),
    )
}

/// serde_json appends " at line L column C"; field errors read better without it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialisation is under test")]
    struct Login {
        username: String,
        roles: Vec<String>,
    }

    fn code(result: Result<Login, Error>) -> (&'static str, Option<serde_json::Value>) {
        match result {
            Err(Error::Api(e)) => (e.code, e.details),
            other => panic!("expected a client error, got {other:?}"),
        }
    }

    #[test]
    fn wrong_types_name_the_field() {
        let (code, details) = code(parse(br#"{"username": "a", "roles": [1]}"#));
        assert_eq!(code, "VALIDATION_ERROR");
        let details = details.expect("details");
        assert_eq!(
            details["fieldErrors"]["roles[0]"][0],
            "invalid type: integer `1`, expected a string"
        );
    }

    #[test]
    fn missing_fields_are_validation_errors() {
        let (code, details) = code(parse(br#"{"roles": []}"#));
        assert_eq!(code, "VALIDATION_ERROR");
        assert_eq!(
            details.expect("details")["fieldErrors"][""][0],
            "missing field `username`"
        );
    }

    #[test]
    fn broken_json_is_a_bad_request() {
        assert_eq!(code(parse(br#"{"username": "#)).0, "INVALID_JSON");
        assert_eq!(
            code(parse(br#"{"username": "a", "roles": []} trailing"#)).0,
            "INVALID_JSON"
        );
    }
}
