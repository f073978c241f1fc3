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
    pub customer_id: Option<Uuid>,
}

/// `POST /api/v1/admin/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateUserRequest {
    pub username: String,
    pub password: String,
    pub roles: Vec<String>,
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
