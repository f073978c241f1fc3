//! `/api/v1/admin/*`: every admin route first requires `menu.admin.view`.

pub mod security;
pub mod users;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(users::list_users).post(users::create_user))
        .route("/security/permissions", get(security::list_permissions))
        .route("/security/roles", get(security::list_roles))
}
