//! `AuthUser`: the authenticated caller of a request, with the tenant resolved and the
//! roles and permissions read from the database, or from the session cache, which
//! PostgreSQL's notifications keep current (`sessions`), so changes apply at once.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{FromRequestParts, Query};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use lattice_shared::api::auth::SessionUser;
use lattice_shared::rbac::ADMIN_ROLE;
use uuid::Uuid;

use crate::db;
use crate::error::{Error, Result};
use crate::state::{App, AppState};

/// The caller of an authenticated route.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub tenant_id: String,
    pub username: String,
    pub roles: Vec<String>,
    pub permissions: BTreeSet<String>,
    /// The customer a portal user acts for (id, key, name).
    pub customer: Option<CustomerRef>,
}

/// The customer linked to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRef {
    pub id: Uuid,
    pub key: String,
    pub name: String,
}

impl CustomerRef {
    /// The link as a session row holds it, when complete.
    pub fn from_session(row: &db::users::SessionRow) -> Option<Self> {
        Some(Self {
            id: row.customer_id?,
            key: row.customer_key.clone()?,
            name: row.customer_name.clone()?,
        })
    }
}

impl AuthUser {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == ADMIN_ROLE)
    }

    /// Whether the caller holds `permission` (the admin role holds them all).
    pub fn has(&self, permission: &str) -> bool {
        self.is_admin() || self.permissions.contains(permission)
    }

    /// 403 `FORBIDDEN` unless the caller holds `permission`.
    pub fn require(&self, permission: &str) -> Result<()> {
        self.require_any(&[permission])
    }

    /// 403 `FORBIDDEN` unless the caller holds at least one of `permissions`.
    pub fn require_any(&self, permissions: &[&str]) -> Result<()> {
        if permissions.iter().any(|p| self.has(p)) {
            Ok(())
        } else {
            Err(Error::forbidden(format!(
                "Permission required: {}",
                permissions.join(" or ")
            )))
        }
    }

    /// The session view returned by login and `GET /api/v1/me`.
    pub fn session(&self) -> SessionUser {
        SessionUser {
            id: self.user_id,
            username: self.username.clone(),
            tenant_id: self.tenant_id.clone(),
            roles: self.roles.clone(),
            permissions: self.permissions.iter().cloned().collect(),
            customer_id: self.customer.as_ref().map(|c| c.id),
            customer_key: self.customer.as_ref().map(|c| c.key.clone()),
            customer_name: self.customer.as_ref().map(|c| c.name.clone()),
        }
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self> {
        let token =
            bearer_token(&parts.headers).ok_or_else(|| Error::unauthenticated("Login required"))?;
        authenticate(app, token, requested_tenant(parts).as_deref()).await
    }
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The tenant a request names: the `X-Tenant` header, else the `tenant` query parameter.
pub fn requested_tenant(parts: &Parts) -> Option<String> {
    header_tenant(&parts.headers).or_else(|| {
        Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|Query(q)| q.get("tenant").cloned())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    })
}

/// The `X-Tenant` header, trimmed; `None` when absent or blank.
pub fn header_tenant(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-tenant")
        .and_then(|v| v.to_str().ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Verifies `token`, checks it against the tenant the request names, and loads the
/// account's current roles and permissions. Disabled or deleted accounts are refused.
pub async fn authenticate(
    app: &App,
    token: &str,
    requested_tenant: Option<&str>,
) -> Result<AuthUser> {
    let claims = app
        .jwt
        .verify(token)
        .ok_or_else(|| Error::unauthenticated("Invalid or expired token"))?;
    if requested_tenant.is_some_and(|t| t != claims.tenant_id) {
        return Err(Error::api(
            403,
            "TENANT_MISMATCH",
            "The requested tenant does not match the signed-in tenant",
        ));
    }
    let ticket = match app.sessions.lookup(&claims.tenant_id, claims.sub) {
        Ok(user) => return Ok(user),
        Err(ticket) => ticket,
    };
    let mut tx = db::begin_tenant(&app.db, &claims.tenant_id).await?;
    let session = db::users::find_session(&mut tx, &claims.tenant_id, claims.sub).await?;
    tx.commit().await?;
    let session = session
        .filter(|s| !s.disabled)
        .ok_or_else(|| Error::unauthenticated("The account is disabled or no longer exists"))?;
    let user = AuthUser {
        customer: CustomerRef::from_session(&session),
        user_id: session.user_id,
        tenant_id: session.tenant_id,
        username: session.username,
        roles: session.roles,
        permissions: session.permissions.into_iter().collect(),
    };
    app.sessions.store(&user, ticket);
    Ok(user)
}
