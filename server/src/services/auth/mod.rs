//! Sign-in: tenant resolution, lockout, the password, then the second factor when the
//! account has one or the tenant requires one, and the access token. Every attempt is
//! recorded in the security trail.

pub mod mfa;

use std::net::IpAddr;

use lattice_shared::api::auth::{LoginRequest, LoginResponse, LoginResult, MfaChallenge};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::security::{self, Event, kind};
use crate::auth::extract::{AuthUser, CustomerRef};
use crate::auth::jwt::{Claims, MfaKind};
use crate::auth::password;
use crate::db::{self, Tx};
use crate::error::{Error, Result};
use crate::state::App;

fn invalid_credentials() -> Error {
    Error::api(401, "INVALID_CREDENTIALS", "Invalid username or password")
}

/// 423 `ACCOUNT_LOCKED` with the seconds left.
pub fn locked(until: OffsetDateTime, now: OffsetDateTime) -> Error {
    let seconds = u64::try_from((until - now).whole_seconds())
        .unwrap_or(1)
        .max(1);
    Error::api(
        423,
        "ACCOUNT_LOCKED",
        "Account locked after repeated failed sign-ins; try again later",
    )
    .with_retry_after(seconds)
}

/// Checks the credentials. The tenant comes from the body, else the `X-Tenant` header. A
/// locked account is refused before its password is checked. With a second factor due,
/// the answer is a challenge (or an enrolment) instead of a token.
pub async fn login(
    app: &App,
    request: LoginRequest,
    header_tenant: Option<String>,
    ip: IpAddr,
) -> Result<LoginResult> {
    let present = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let (Some(username), Some(password)) = (present(request.username), present(request.password))
    else {
        return Err(Error::bad_request(
            "INVALID_CREDENTIALS",
            "Username and password are required",
        ));
    };
    let tenant_id = present(request.tenant_id)
        .map(|t| t.trim().to_owned())
        .or(header_tenant)
        .ok_or_else(|| {
            Error::bad_request(
                "TENANT_REQUIRED",
                "Provide tenantId in the body or the X-Tenant header",
            )
        })?;

    let mut tx = db::begin_tenant(&app.db, &tenant_id).await?;
    let settings = db::tenants::find_login_settings(&mut tx, &tenant_id).await?;
    let candidate = match &settings {
        Some(s) if !s.local_auth_enabled => {
            return Err(Error::api(
                403,
                "LOCAL_AUTH_DISABLED",
                "Password login is disabled for this tenant",
            ));
        }
        Some(_) => db::users::find_login_candidate(&mut tx, &tenant_id, username.trim()).await?,
        None => None,
    };
    let failed = |reason: &'static str, subject: Option<Uuid>| Event {
        kind: kind::LOGIN_FAILED,
        actor: None,
        subject,
        username: Some(username.trim()),
        ip: Some(ip),
        details: json!({"reason": reason}),
    };
    let now = OffsetDateTime::now_utc();
    if let Some(c) = &candidate
        && let Some(until) = c.locked_until.filter(|t| *t > now)
    {
        security::record(&mut tx, &tenant_id, failed("locked", Some(c.user_id))).await?;
        tx.commit().await?;
        tracing::warn!(tenant.id = %tenant_id, "login refused: account locked");
        return Err(locked(until, now));
    }
    let local_hash = candidate
        .as_ref()
        .filter(|c| c.auth_provider == "local")
        .map(|c| c.password_hash.clone());
    let matched = password::verify(password, local_hash).await?;
    let Some(user) = candidate else {
        if settings.is_some() {
            security::record(&mut tx, &tenant_id, failed("unknown_user", None)).await?;
            tx.commit().await?;
        }
        tracing::warn!(tenant.id = %tenant_id, "login failed: unknown tenant or user");
        return Err(invalid_credentials());
    };
    if user.auth_provider != "local" {
        return Err(Error::api(
            401,
            "SSO_ACCOUNT",
            "This account signs in with single sign-on",
        ));
    }
    if !matched {
        count_failure(
            &mut tx,
            &tenant_id,
            user.user_id,
            &user.username,
            ip,
            "wrong_password",
        )
        .await?;
        tx.commit().await?;
        tracing::warn!(tenant.id = %tenant_id, user.id = %user.user_id, "login failed: wrong password");
        return Err(invalid_credentials());
    }
    if user.disabled {
        security::record(&mut tx, &tenant_id, failed("disabled", Some(user.user_id))).await?;
        tx.commit().await?;
        tracing::warn!(tenant.id = %tenant_id, user.id = %user.user_id, "login refused: account disabled");
        return Err(invalid_credentials());
    }
    let mfa_required = settings.as_ref().is_some_and(|s| s.mfa_required);
    if user.mfa_enabled {
        let Some(code) = request
            .otp
            .as_deref()
            .map(crate::auth::totp::normalize_code)
        else {
            tx.commit().await?;
            let challenge_token =
                app.mfa
                    .issue(user.user_id, &tenant_id, MfaKind::Challenge, now)?;
            return Ok(LoginResult::Challenge(MfaChallenge {
                mfa_required: true,
                challenge_token,
            }));
        };
        // A code given with the password: checked like a challenge answer.
        let signed_in = mfa::answer(app, tx, &tenant_id, user.user_id, &code, ip).await?;
        return Ok(LoginResult::SignedIn(signed_in));
    }
    if mfa_required {
        let setup =
            mfa::offer_enrolment(app, &mut tx, &tenant_id, user.user_id, &user.username).await?;
        tx.commit().await?;
        return Ok(LoginResult::Setup(setup));
    }
    let response = sign_in(app, &mut tx, &tenant_id, user.user_id, ip, json!({})).await?;
    tx.commit().await?;
    Ok(LoginResult::SignedIn(response))
}

/// Counts a failed sign-in (password or second factor) towards the lockout, and records
/// it, and the lockout if this failure caused one.
pub async fn count_failure(
    tx: &mut Tx,
    tenant_id: &str,
    user_id: Uuid,
    username: &str,
    ip: IpAddr,
    reason: &'static str,
) -> Result<()> {
    let now_locked = db::users::record_failed_login(tx, user_id).await?;
    let event_kind = if reason == "wrong_password" {
        kind::LOGIN_FAILED
    } else {
        kind::MFA_FAILED
    };
    let event = |kind, details| Event {
        kind,
        actor: None,
        subject: Some(user_id),
        username: Some(username),
        ip: Some(ip),
        details,
    };
    security::record(tx, tenant_id, event(event_kind, json!({"reason": reason}))).await?;
    if now_locked {
        security::record(
            tx,
            tenant_id,
            event(kind::ACCOUNT_LOCKED, json!({"minutes": 15})),
        )
        .await?;
    }
    Ok(())
}

/// Completes a sign-in: resets the failure count, records it, and issues the token.
pub async fn sign_in(
    app: &App,
    tx: &mut Tx,
    tenant_id: &str,
    user_id: Uuid,
    ip: IpAddr,
    details: serde_json::Value,
) -> Result<LoginResponse> {
    db::users::record_successful_login(tx, user_id).await?;
    let session = db::users::find_session(tx, tenant_id, user_id)
        .await?
        .filter(|s| !s.disabled)
        .ok_or_else(invalid_credentials)?;
    security::record(
        tx,
        tenant_id,
        Event {
            kind: kind::LOGIN_SUCCEEDED,
            actor: Some(user_id),
            subject: Some(user_id),
            username: Some(&session.username),
            ip: Some(ip),
            details,
        },
    )
    .await?;
    let caller = AuthUser {
        customer: CustomerRef::from_session(&session),
        user_id: session.user_id,
        tenant_id: session.tenant_id,
        username: session.username,
        roles: session.roles,
        permissions: session.permissions.into_iter().collect(),
    };
    let session = caller.session();
    let claims = Claims {
        sub: session.id,
        username: session.username.clone(),
        tenant_id: session.tenant_id.clone(),
        roles: session.roles.clone(),
        permissions: session.permissions.clone(),
        customer_id: session.customer_id,
        customer_key: session.customer_key.clone(),
        customer_name: session.customer_name.clone(),
        iat: 0,
        exp: 0,
    };
    let (token, expires) = app.jwt.issue(claims, OffsetDateTime::now_utc())?;
    tracing::info!(tenant.id = %session.tenant_id, user.id = %session.id, "login succeeded");
    Ok(LoginResponse {
        token,
        expires_at: expires.format(&Rfc3339).unwrap_or_default(),
        user: session,
        recovery_codes: None,
    })
}
