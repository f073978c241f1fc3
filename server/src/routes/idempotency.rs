//! `Idempotency-Key` on mutating `/api/v1` requests: the first request with a key runs and
//! its successful response is stored; a retry with the same key and the same request gets
//! that exact response back and changes nothing; the same key on a different request is a
//! 409. A duplicate arriving while the first still runs waits for it (up to ten seconds);
//! a retry whose first attempt died with its server process takes the key over at once.
//! The handler gets the key it holds as a [`HeldKey`] extension, to store its response in
//! its own transaction where it can.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::BODY_LIMIT_BYTES;
use crate::auth::extract::{bearer_token, header_tenant};
use crate::db::idempotency::{self, Claim, HeldKey, Reservation};
use crate::db::{self};
use crate::error::Error;
use crate::state::AppState;

const HEADER: &str = "idempotency-key";
const MAX_KEY_LENGTH: usize = 255;
/// How long a duplicate waits for the first request to finish.
const WAIT: Duration = Duration::from_secs(10);

pub async fn idempotency(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if !matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return next.run(req).await;
    }
    let Some(key) = req
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().map(|s| s.trim().to_owned()))
    else {
        return next.run(req).await;
    };
    let key = match key {
        Ok(k) if !k.is_empty() && k.len() <= MAX_KEY_LENGTH => k,
        _ => {
            return Error::bad_request(
                "INVALID_IDEMPOTENCY_KEY",
                "Idempotency-Key must be 1 to 255 visible characters",
            )
            .into_response();
        }
    };
    // Keys are per tenant. Without a valid token the handler answers 401 (or 403) itself.
    let Some(claims) = bearer_token(req.headers()).and_then(|t| app.jwt.verify(t)) else {
        return next.run(req).await;
    };
    if header_tenant(req.headers()).is_some_and(|t| t != claims.tenant_id) {
        return next.run(req).await;
    }
    let tenant = claims.tenant_id;
    let method = req.method().to_string();
    // Inside the nested /api/v1 router the URI is stripped; the original one is the request's.
    let uri = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().clone(), |o| o.0.clone());
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned());
    let (mut parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return Error::api(
                413,
                "PAYLOAD_TOO_LARGE",
                "The request body exceeds the 25 MB limit",
            )
            .into_response();
        }
    };
    let hash = request_hash(&method, &path, &bytes);

    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let reservation = async {
            let mut tx = db::begin_tenant(&app.db, &tenant).await?;
            let claim = Claim {
                tenant_id: &tenant,
                key: &key,
                method: &method,
                path: &path,
                hash: &hash,
                owner: app.liveness.owner(),
            };
            let r = idempotency::reserve(&mut tx, claim).await?;
            if r == Reservation::Reserved && rand::random::<u8>() < 5 {
                idempotency::purge_expired(&mut tx, &tenant).await?;
            }
            tx.commit().await?;
            Ok::<_, Error>(r)
        }
        .await;
        match reservation {
            Err(e) => return e.into_response(),
            Ok(Reservation::Conflict) => {
                return Error::conflict(
                    "IDEMPOTENCY_KEY_CONFLICT",
                    "Idempotency-Key was already used with a different request",
                )
                .into_response();
            }
            Ok(Reservation::Completed {
                status,
                content_type,
                body,
            }) => {
                return replay(status, content_type.as_deref(), body);
            }
            Ok(Reservation::Processing) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Ok(Reservation::Processing) => {
                return Error::conflict(
                    "IDEMPOTENCY_KEY_PROCESSING",
                    "A request with this Idempotency-Key is still being processed",
                )
                .with_retry_after(1)
                .into_response();
            }
            Ok(Reservation::Reserved) => break,
        }
    }
    parts.extensions.insert(HeldKey {
        tenant_id: tenant.clone(),
        key: key.clone(),
    });

    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status();
    let (mut head, body) = response.into_parts();
    let body = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            forget(&app, &tenant, &key).await;
            return Error::Internal(anyhow::anyhow!("reading the response to store it: {e}"))
                .into_response();
        }
    };
    if status.is_success() {
        let content_type = head
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let stored = async {
            let mut tx = db::begin_tenant(&app.db, &tenant).await?;
            idempotency::complete(
                &mut tx,
                &tenant,
                &key,
                status.as_u16(),
                content_type.as_deref(),
                &body,
            )
            .await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = stored {
            tracing::error!(error = %e, "storing an idempotent response failed");
        }
    } else {
        forget(&app, &tenant, &key).await;
    }
    head.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(head, Body::from(body))
}

async fn forget(app: &AppState, tenant: &str, key: &str) {
    let result = async {
        let mut tx = db::begin_tenant(&app.db, tenant).await?;
        idempotency::fail(&mut tx, tenant, key).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "releasing an idempotency key failed");
    }
}

fn replay(status: u16, content_type: Option<&str>, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(value) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// sha256 over the method, path with query, and the body (JSON with keys sorted, so
/// key order does not matter; anything else byte for byte).
pub fn request_hash(method: &str, path: &str, body: &Bytes) -> String {
    let body = serde_json::from_slice::<Value>(body)
        .map(|v| canonical(&v))
        .unwrap_or_else(|_| String::from_utf8_lossy(body).into_owned());
    let digest = Sha256::digest(format!("{method}\n{path}\n{body}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(canonical).collect::<Vec<_>>().join(",")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_does_not_change_the_hash_but_content_does() {
        let a = request_hash(
            "POST",
            "/api/v1/quotes",
            &Bytes::from(r#"{"a":1,"b":{"y":2,"x":3}}"#),
        );
        let b = request_hash(
            "POST",
            "/api/v1/quotes",
            &Bytes::from(r#"{"b":{"x":3,"y":2},"a":1}"#),
        );
        let c = request_hash(
            "POST",
            "/api/v1/quotes",
            &Bytes::from(r#"{"a":2,"b":{"x":3,"y":2}}"#),
        );
        let d = request_hash(
            "POST",
            "/api/v1/quotes?x=1",
            &Bytes::from(r#"{"a":1,"b":{"y":2,"x":3}}"#),
        );
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
