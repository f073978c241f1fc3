//! `POST /auth/login` and the second factor: `POST /auth/mfa/verify`,
//! `POST /auth/mfa/setup/confirm`.

use axum::extract::State;
use axum::http::HeaderMap;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::auth::{
    LoginRequest, LoginResponse, LoginResult, MfaSetupConfirmRequest, MfaVerifyRequest,
};

use super::json::Json;
use super::middleware::ClientIp;
use crate::auth::extract::header_tenant;
use crate::error::{Error, Result};
use crate::services;
use crate::state::AppState;

/// Signs in with a username and password and returns a bearer token (8 hours), or, when
/// a second factor is due, a challenge or an enrolment to complete first.
///
/// The tenant comes from `tenantId` or the `X-Tenant` header. Five failures in a row
/// (passwords or codes) lock the account for 15 minutes; each IP may try 20 times per
/// 15 minutes.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResult),
        (status = 400, description = "TENANT_REQUIRED or INVALID_CREDENTIALS", body = ApiErrorBody),
        (status = 401, description = "INVALID_CREDENTIALS or INVALID_OTP", body = ApiErrorBody),
        (status = 423, description = "ACCOUNT_LOCKED", body = ApiErrorBody),
        (status = 429, description = "RATE_LIMITED", body = ApiErrorBody)))]
pub async fn login(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResult>> {
    if let Err(retry_after) = app.login_limiter.check(ip) {
        return Err(Error::rate_limited(
            "Too many login attempts, please try again later",
            retry_after,
        ));
    }
    services::auth::login(&app, request, header_tenant(&headers), ip)
        .await
        .map(Json)
}

fn mfa_limit(app: &AppState, ip: std::net::IpAddr) -> Result<()> {
    app.mfa_limiter.check(ip).map_err(|retry_after| {
        Error::rate_limited(
            "Too many verification attempts, please try again later",
            retry_after,
        )
    })
}

/// Answers a sign-in challenge with a 6-digit code or a one-time recovery code.
#[utoipa::path(post, path = "/auth/mfa/verify", tag = "auth", request_body = MfaVerifyRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, description = "INVALID_OTP (not 6 digits) or MFA_NOT_ENROLLED", body = ApiErrorBody),
        (status = 401, description = "INVALID_MFA_CHALLENGE, INVALID_OTP or INVALID_RECOVERY_CODE", body = ApiErrorBody),
        (status = 423, description = "ACCOUNT_LOCKED", body = ApiErrorBody),
        (status = 429, description = "RATE_LIMITED", body = ApiErrorBody)))]
pub async fn mfa_verify(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<MfaVerifyRequest>,
) -> Result<Json<LoginResponse>> {
    mfa_limit(&app, ip)?;
    services::auth::mfa::verify(&app, request, ip)
        .await
        .map(Json)
}

/// Completes enrolment with a first code; the answer carries the recovery codes, once.
#[utoipa::path(post, path = "/auth/mfa/setup/confirm", tag = "auth", request_body = MfaSetupConfirmRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, description = "INVALID_OTP (not 6 digits)", body = ApiErrorBody),
        (status = 401, description = "INVALID_MFA_SETUP or INVALID_OTP", body = ApiErrorBody),
        (status = 429, description = "RATE_LIMITED", body = ApiErrorBody)))]
pub async fn mfa_setup_confirm(
    State(app): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<MfaSetupConfirmRequest>,
) -> Result<Json<LoginResponse>> {
    mfa_limit(&app, ip)?;
    services::auth::mfa::confirm_setup(&app, request, ip)
        .await
        .map(Json)
}
