//! Admin API types: users, roles and the permission catalog.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user as administrators see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub tenant_id: String,
    pub roles: Vec<String>,
    pub disabled: bool,
    pub mfa_enabled: bool,
    /// The customer a portal user acts for.
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
}

/// `POST /api/v1/admin/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateUserRequest {
    pub username: String,
    pub password: String,
    pub roles: Vec<String>,
    /// The customer (id or key) a portal user acts for; required with the customer role.
    #[serde(default)]
    pub customer_ref: Option<String>,
}

/// `PATCH /api/v1/admin/users/{id}`: what is given changes, the rest stays.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserRequest {
    pub password: Option<String>,
    pub roles: Option<Vec<String>>,
    pub disabled: Option<bool>,
    /// A customer id or key; `null` removes the link.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub customer_ref: Option<Option<String>>,
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// One entry of the permission catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PermissionView {
    pub permission_code: String,
    pub scope: String,
    pub resource_key: String,
    pub action_key: String,
    pub label: String,
    pub description: String,
    pub sort_order: i32,
}

/// A tenant role with its permissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    pub role_code: String,
    pub role_name: String,
    pub description: String,
    pub is_system: bool,
    pub active: bool,
    pub permission_codes: Vec<String>,
    pub user_count: i64,
}

/// `GET /api/v1/admin/security/events` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct SecurityEventSearch {
    /// LOGIN_SUCCEEDED, LOGIN_FAILED, ACCOUNT_LOCKED, MFA_FAILED, MFA_ENROLLED,
    /// MFA_RECOVERY_CODE_USED, MFA_RESET, PII_REVEALED, USER_CREATED, USER_UPDATED,
    /// USER_DELETED, ROLES_CHANGED.
    pub event_type: Option<String>,
    /// Events about this user.
    pub user_id: Option<Uuid>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// One security event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecurityEventView {
    pub event_id: Uuid,
    pub event_type: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub subject_user_id: Option<Uuid>,
    /// The account concerned (for failed sign-ins, the name that was tried).
    pub username: Option<String>,
    pub client_ip: Option<String>,
    /// The reason of a failure, the field of a reveal, the roles of a change...
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    pub occurred_at: String,
}
