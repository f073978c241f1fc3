//! `/api/v1/admin/users`.

use axum::extract::State;
use axum::http::StatusCode;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::admin::{CreateUserRequest, UserView};
use lattice_shared::api::page::PageQuery;
use lattice_shared::rbac::perm;

use crate::auth::AuthUser;
use crate::error::Result;
use crate::routes::json::Json;
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
    Json(request): Json<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserView>)> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(perm::ADMIN_USERS_MANAGE)?;
    let created = services::users::create_user(&app, &user, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}
