//! Cross-cutting request handling: request ids, the access log, client IPs, the global
//! rate limit, panics, and the not-found and method-not-allowed answers.

use std::any::Any;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::error;
use crate::error::Error;
use crate::state::AppState;

tokio::task_local! {
    static REQUEST_ID: String;
}

const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the request being served (empty outside a request).
pub fn current_request_id() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_default()
}

/// Echoes a well-formed inbound `x-request-id` or makes one, and serves the request with
/// it in scope, so error bodies carry it as `traceId`.
pub async fn request_id(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| Uuid::new_v4().to_string(), str::to_owned);
    let mut response = REQUEST_ID.scope(id.clone(), next.run(req)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// One structured log line per request (not for `/health`): route, status, latency.
/// Never headers, bodies or query strings, which may hold secrets or personal data.
pub async fn access_log(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "<unmatched>".to_owned(), |p| p.as_str().to_owned());
    if route == "/health" {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let request_id = current_request_id();
    macro_rules! log {
        ($level:ident) => {
            tracing::$level!(
                http.method = %method, http.route = %route, http.status = status,
                latency_ms, request.id = %request_id, "request"
            )
        };
    }
    match status {
        500.. => log!(error),
        400..=499 => log!(warn),
        _ => log!(info),
    }
    response
}

/// The client's address: the connection's peer, or with `TRUST_PROXY` the address the
/// (one) trusted proxy appended to `X-Forwarded-For`.
pub fn client_ip(headers: &HeaderMap, extensions: &Extensions, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for")?.to_str().ok())
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    forwarded
        .or_else(|| {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        })
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The caller's IP address, as an extractor.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Error> {
        Ok(ClientIp(client_ip(
            &parts.headers,
            &parts.extensions,
            app.config.trust_proxy,
        )))
    }
}

/// `RATE_LIMIT_MAX` API requests per IP and window. `/health` is exempt (load balancers
/// poll it), and so are the web build's files.
pub async fn global_rate_limit(State(app): State<AppState>, req: Request, next: Next) -> Response {
    // Only API calls count: `/health` never, nor the web build's pages and assets.
    let path = req.uri().path();
    let counted =
        path.starts_with("/api/") || path.starts_with("/auth/") || path == "/openapi.json";
    if counted {
        let ip = client_ip(req.headers(), req.extensions(), app.config.trust_proxy);
        if let Err(retry_after) = app.global_limiter.check(ip) {
            return Error::rate_limited("Too many requests, please try again later", retry_after)
                .into_response();
        }
    }
    next.run(req).await
}

/// A panic in a handler becomes a logged 500 with the usual envelope.
#[expect(
    clippy::needless_pass_by_value,
    reason = "CatchPanicLayer hands over the payload by value"
)]
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    error::internal(&format_args!("handler panicked: {message}"))
}

pub async fn not_found() -> Error {
    Error::not_found("NOT_FOUND", "No such route")
}

pub async fn method_not_allowed() -> Response {
    error::body(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "This route does not accept that method".into(),
        None,
    )
}

/// A successful write may change the tenant's dashboard counts: its cached summary is
/// dropped once the response is ready (the write is committed by then). A successful
/// administrative write (users, roles, customers) also drops the tenant's cached sessions
/// in this process at once; other processes hear of it from PostgreSQL.
pub async fn forget_caches_after_writes(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let write = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path(), |uri| uri.path());
    let admin = path.starts_with("/api/v1/admin/");
    let tenant = write
        .then(|| crate::auth::extract::bearer_token(request.headers()))
        .flatten()
        .and_then(|token| app.jwt.verify(token))
        .map(|claims| claims.tenant_id);
    let response = next.run(request).await;
    let Some(tenant) = tenant.filter(|_| response.status().is_success()) else {
        return response;
    };
    if admin {
        app.sessions.evict_tenant(&tenant);
    }
    if let Some(cache) = &app.cache {
        cache
            .delete(&[crate::services::search::dashboard_key(&tenant)])
            .await;
    }
    response
}

/// Reports every 5xx answer to the error tracker, with the request id as trace id.
pub async fn report_server_errors(
    State(app): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let Some(tracker) = &app.error_tracker else {
        return next.run(req).await;
    };
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "<unmatched>".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().clone();
    let response = next.run(req).await;
    if response.status().is_server_error() {
        let cause = response
            .extensions()
            .get::<crate::error_tracking::ErrorCause>()
            .map(|c| c.0.clone());
        tracker.report(&crate::error_tracking::Failure {
            status: response.status().as_u16(),
            method: method.as_str(),
            route: &route,
            trace_id: &current_request_id(),
            cause: cause.as_deref(),
        });
    }
    response
}
