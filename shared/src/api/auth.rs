//! `POST /auth/login` and the session user it returns.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Password login. The tenant comes from `tenantId` here or from the `X-Tenant` header.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// A TOTP code, for tenants that require MFA.
    #[serde(default)]
    pub otp: Option<String>,
}

/// The signed-in user as the token describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionUser {
    pub id: Uuid,
    pub username: String,
    pub tenant_id: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
}

/// A successful login: a bearer token (HS256 JWT, 8 hours) and the user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    pub token: String,
    /// RFC 3339 UTC expiry of `token`.
    pub expires_at: String,
    pub user: SessionUser,
}
