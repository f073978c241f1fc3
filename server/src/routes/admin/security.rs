//! `/api/v1/admin/security/*`: the permission catalog, the tenant's roles and the
//! security event trail.

use axum::extract::State;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::admin::{
    PermissionView, RoleView, SecurityEventSearch, SecurityEventView,
};
use lattice_shared::rbac::perm;

use crate::auth::AuthUser;
use crate::db;
use crate::error::Result;
use crate::routes::json::Json;
use crate::routes::query::Query;
use crate::services;
use crate::state::AppState;

/// The permission catalog (one page holding every entry).
#[utoipa::path(get, path = "/api/v1/admin/security/permissions", tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = inline(Page<PermissionView>)), (status = 403, body = ApiErrorBody)))]
pub async fn list_permissions(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<Page<PermissionView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_SECURITY_READ)?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let items = db::rbac::list_permissions(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(whole_page(items)))
}

/// The tenant's roles with their permissions and user counts.
#[utoipa::path(get, path = "/api/v1/admin/security/roles", tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = inline(Page<RoleView>)), (status = 403, body = ApiErrorBody)))]
pub async fn list_roles(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<Page<RoleView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require_any(&[
        perm::ADMIN_SECURITY_READ,
        perm::ADMIN_USERS_READ,
        perm::ADMIN_USERS_MANAGE,
    ])?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let rows = db::rbac::list_roles(&mut tx, &user.tenant_id).await?;
    tx.commit().await?;
    let items = rows
        .into_iter()
        .map(|r| RoleView {
            role_code: r.role_code,
            role_name: r.role_name,
            description: r.description,
            is_system: r.is_system,
            active: r.active,
            permission_codes: r.permission_codes,
            user_count: r.user_count,
        })
        .collect();
    Ok(Json(whole_page(items)))
}

/// A complete, unpaged list in the list envelope.
fn whole_page<T>(items: Vec<T>) -> Page<T> {
    let total = items.len() as u64;
    Page {
        page: 1,
        page_size: u32::try_from(items.len()).unwrap_or(u32::MAX),
        total,
        items,
    }
}

/// The security trail: sign-ins, failures, lockouts, MFA changes, reveals, account
/// changes; newest first.
#[utoipa::path(get, path = "/api/v1/admin/security/events", tag = "admin",
    security(("bearer" = [])), params(SecurityEventSearch),
    responses((status = 200, body = inline(Page<SecurityEventView>)), (status = 403, body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR", body = ApiErrorBody)))]
pub async fn list_events(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<SecurityEventSearch>,
) -> Result<Json<Page<SecurityEventView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_SECURITY_READ)?;
    services::security::list(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}
