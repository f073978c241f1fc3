//! `POST /auth/login`.

use axum::extract::State;
use axum::http::HeaderMap;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::auth::{LoginRequest, LoginResponse};

use super::json::Json;
use super::middleware::ClientIp;
use crate::auth::extract::header_tenant;
use crate::error::{Error, Result};
use crate::services;
use crate::state::AppState;

/// Signs in with a username and password and returns a bearer token (8 hours).
///
/// The tenant comes from `tenantId` or the `X-Tenant` header. Five wrong passwords in a
/// row lock the account for 15 minutes; each IP may try 20 times per 15 minutes.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, description = "TENANT_REQUIRED or INVALID_CREDENTIALS", body = ApiErrorBody),
        (status = 401, description = "INVALID_CREDENTIALS", body = ApiErrorBody),
        (status = 423, description = "ACCOUNT_LOCKED", body = ApiErrorBody),
        (status = 429, description = "RATE_LIMITED", body = ApiErrorBody)))]
pub async fn login(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResponse>> {
    if let Err(retry_after) = app.login_limiter.check(ip) {
        return Err(Error::rate_limited(
            "Too many login attempts, please try again later",
            retry_after,
        ));
    }
    services::auth::login(&app, request, header_tenant(&headers))
        .await
        .map(Json)
}
