//! Password login: tenant resolution, lockout, verification and token issue.

use lattice_shared::api::auth::{LoginRequest, LoginResponse};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::auth::extract::AuthUser;
use crate::auth::jwt::Claims;
use crate::auth::password;
use crate::db;
use crate::error::{Error, Result};
use crate::state::App;

fn invalid_credentials() -> Error {
    Error::api(401, "INVALID_CREDENTIALS", "Invalid username or password")
}

/// Checks the credentials and issues a token. The tenant comes from the body, else the
/// `X-Tenant` header. A locked account is refused before its password is checked.
pub async fn login(
    app: &App,
    request: LoginRequest,
    header_tenant: Option<String>,
) -> Result<LoginResponse> {
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
    let now = OffsetDateTime::now_utc();
    if let Some(locked_until) = candidate
        .as_ref()
        .and_then(|c| c.locked_until)
        .filter(|t| *t > now)
    {
        tracing::warn!(tenant.id = %tenant_id, "login refused: account locked");
        let seconds = u64::try_from((locked_until - now).whole_seconds())
            .unwrap_or(1)
            .max(1);
        return Err(Error::api(
            423,
            "ACCOUNT_LOCKED",
            "Account locked after repeated failed logins; try again later",
        )
        .with_retry_after(seconds));
    }
    let local_hash = candidate
        .as_ref()
        .filter(|c| c.auth_provider == "local")
        .map(|c| c.password_hash.clone());
    let matched = password::verify(password, local_hash).await?;
    let Some(user) = candidate else {
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
        let locked = db::users::record_failed_login(&mut tx, user.user_id).await?;
        tx.commit().await?;
        tracing::warn!(tenant.id = %tenant_id, user.id = %user.user_id, locked, "login failed: wrong password");
        return Err(invalid_credentials());
    }
    if user.disabled {
        tracing::warn!(tenant.id = %tenant_id, user.id = %user.user_id, "login refused: account disabled");
        return Err(invalid_credentials());
    }
    db::users::record_successful_login(&mut tx, user.user_id).await?;
    let session = db::users::find_session(&mut tx, &tenant_id, user.user_id)
        .await?
        .ok_or_else(invalid_credentials)?;
    tx.commit().await?;

    let caller = AuthUser {
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
    let (token, expires) = app.jwt.issue(claims, now)?;
    tracing::info!(tenant.id = %session.tenant_id, user.id = %session.id, "login succeeded");
    Ok(LoginResponse {
        token,
        expires_at: expires.format(&Rfc3339).unwrap_or_default(),
        user: session,
    })
}
