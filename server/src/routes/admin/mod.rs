//! `/api/v1/admin/*`: every admin route first requires `menu.admin.view`.

pub mod customers;
pub mod outbox;
pub mod security;
pub mod users;

use axum::Router;
use axum::routing::{get, patch, post};

use super::reference;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(users::list_users).post(users::create_user))
        .route(
            "/users/{id}",
            patch(users::update_user).delete(users::delete_user),
        )
        .route("/users/{id}/mfa/reset", post(users::reset_mfa))
        .route("/customers", post(customers::create))
        .route("/customers/search", get(customers::search))
        .route(
            "/customers/policy-links/assign",
            post(customers::assign_policy),
        )
        .route(
            "/customers/{id}",
            get(customers::get).patch(customers::update),
        )
        .route("/customers/{id}/reveal", post(customers::reveal))
        .route("/customers/{id}/audit", get(customers::audit))
        .route("/customers/{id}/policies", get(customers::policies))
        .route("/outbox", get(outbox::list))
        .route("/outbox/{id}/retry", post(outbox::retry))
        .route(
            "/notification-templates",
            get(outbox::templates).put(outbox::put_template),
        )
        .route("/security/permissions", get(security::list_permissions))
        .route("/security/events", get(security::list_events))
        .route("/security/roles", get(security::list_roles))
        .route(
            "/tenant",
            get(reference::tenant_settings).patch(reference::update_tenant_settings),
        )
        .route(
            "/underwriting-companies",
            get(reference::admin_companies).post(reference::create_company),
        )
        .route(
            "/underwriting-companies/{id}",
            patch(reference::update_company).delete(reference::delete_company),
        )
        .route("/compliance/eligibility", post(reference::set_eligibility))
}
