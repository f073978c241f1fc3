//! `/api/v1/admin/users`: list, create, update, delete, and MFA reset.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::admin::{CreateUserRequest, UpdateUserRequest, UserView};
use lattice_shared::api::page::PageQuery;
use lattice_shared::rbac::perm;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::routes::json::{Checked, Json};
use crate::routes::middleware::ClientIp;
use crate::routes::query::Query;
use crate::services;
use crate::state::AppState;

/// Lists the tenant's users by username.
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", params(PageQuery),
    security(("bearer" = [])),
    responses((status = 200, body = inline(Page<UserView>)), (status = 403, body = ApiErrorBody)))]
pub async fn list_users(
    State(app): State<AppState>,
    user: AuthUser,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<UserView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_READ)?;
    services::users::list_users(&app, &user.tenant_id, page)
        .await
        .map(Json)
}

/// Creates a user with a policy-compliant password and existing, active roles.
#[utoipa::path(post, path = "/api/v1/admin/users", tag = "admin", request_body = CreateUserRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, body = UserView),
        (status = 400, description = "WEAK_PASSWORD or INVALID_ROLE", body = ApiErrorBody),
        (status = 409, description = "USERNAME_EXISTS", body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR", body = ApiErrorBody)))]
pub async fn create_user(
    State(app): State<AppState>,
    user: AuthUser,
    body: Checked<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>)> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_MANAGE)?;
    let request = body.parse()?;
    let created = services::users::create_user(&app, &user, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Clears a user's second factor (a lost device); they enrol again at their next sign-in.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/mfa/reset", tag = "admin",
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorBody),
        (status = 404, description = "USER_NOT_FOUND", body = ApiErrorBody)))]
pub async fn reset_mfa(
    State(app): State<AppState>,
    user: AuthUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_MANAGE)?;
    services::auth::mfa::reset(&app, &user, user_id(&id)?, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn user_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("USER_NOT_FOUND", format!("User {text} not found")))
}

/// Changes a user's password, roles, disabled flag or customer link.
#[utoipa::path(patch, path = "/api/v1/admin/users/{id}", tag = "admin", request_body = UpdateUserRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, body = UserView),
        (status = 400, description = "WEAK_PASSWORD, INVALID_ROLE, CUSTOMER_NOT_FOUND, CUSTOMER_LINK_REQUIRED", body = ApiErrorBody),
        (status = 404, description = "USER_NOT_FOUND", body = ApiErrorBody)))]
pub async fn update_user(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<UpdateUserRequest>,
) -> Result<Json<UserView>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_MANAGE)?;
    services::users::update_user(&app, &user, user_id(&id)?, request)
        .await
        .map(Json)
}

/// Deletes a user (not yourself).
#[utoipa::path(delete, path = "/api/v1/admin/users/{id}", tag = "admin",
    security(("bearer" = [])),
    responses((status = 204), (status = 400, description = "CANNOT_DELETE_SELF", body = ApiErrorBody),
        (status = 404, description = "USER_NOT_FOUND", body = ApiErrorBody)))]
pub async fn delete_user(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_MANAGE)?;
    services::users::delete_user(&app, &user, user_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
