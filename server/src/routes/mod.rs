//! The HTTP edge: the router, its layers, and one module per area converting between
//! HTTP and the services.

pub mod admin;
pub mod auth;
pub mod error;
pub mod health;
pub mod idempotency;
pub mod json;
pub mod lifecycle;
pub mod me;
pub mod middleware;
pub mod openapi;
mod openapi_complete;
pub mod policies;
pub mod portal;
pub mod products;
pub mod query;
pub mod quotes;
pub mod rating;
pub mod reference;
pub mod referrals;
pub mod table;
pub mod web;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::state::AppState;

/// The largest request body accepted.
pub const BODY_LIMIT_BYTES: usize = 25 * 1024 * 1024;

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let api = table::api()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::idempotency,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::forget_caches_after_writes,
        ));
    let config = &state.config;
    let layers = ServiceBuilder::new()
        .layer(axum::middleware::from_fn(middleware::request_id))
        .layer(axum::middleware::from_fn(middleware::access_log))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::report_server_errors,
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .option_layer(cors(config))
        .layer(header_layer("content-security-policy", CSP))
        .layer(header_layer("x-content-type-options", "nosniff"))
        .layer(header_layer("x-frame-options", "DENY"))
        .layer(header_layer(
            "referrer-policy",
            "strict-origin-when-cross-origin",
        ))
        .layer(header_layer("cross-origin-opener-policy", "same-origin"))
        .option_layer(config.production.then(|| {
            header_layer(
                "strict-transport-security",
                "max-age=15552000; includeSubDomains",
            )
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::global_rate_limit,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES));
    let router = table::public().nest(table::API_PREFIX, api);
    let router = match state.web.clone() {
        Some(web) => router.fallback(move |request| web.serve(request)),
        None => router.fallback(middleware::not_found),
    };
    router
        .method_not_allowed_fallback(middleware::method_not_allowed)
        .layer(layers)
        .with_state(state)
}

/// The page policy, also of the web build: everything from this origin, except that the
/// UI may report errors to Sentry's ingest hosts (`VITE_SENTRY_DSN`).
const CSP: &str = "default-src 'self'; connect-src 'self' https://*.sentry.io; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

fn header_layer(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// Cross-origin access: the `ALLOWED_ORIGINS` list; outside production an empty list
/// allows any origin (local development), in production it means same-origin only.
fn cors(config: &Config) -> Option<CorsLayer> {
    let origin = if !config.allowed_origins.is_empty() {
        AllowOrigin::list(
            config
                .allowed_origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        )
    } else if !config.production {
        AllowOrigin::mirror_request()
    } else {
        return None;
    };
    Some(
        CorsLayer::new()
            .allow_origin(origin)
            .allow_credentials(true)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("x-tenant"),
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static("x-request-id"),
                HeaderName::from_static("x-api-version"),
            ])
            .expose_headers([HeaderName::from_static("x-request-id"), header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}
