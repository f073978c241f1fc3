//! `GET /api/v1/me`: the caller's session as the server sees it now.

use lattice_shared::ApiErrorBody;
use lattice_shared::api::auth::SessionUser;

use super::json::Json;
use crate::auth::AuthUser;

/// The signed-in user with the roles and permissions in force right now.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = SessionUser), (status = 401, body = ApiErrorBody)))]
pub async fn get_me(user: AuthUser) -> Json<SessionUser> {
    Json(user.session())
}
