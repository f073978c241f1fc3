//! `/api/v1/admin/outbox` and `/api/v1/admin/notification-templates`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::notifications::{
    OutboxMessageView, OutboxSearch, TemplateRequest, TemplateView,
};
use lattice_shared::rbac::perm;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::routes::json::{Checked, Json};
use crate::routes::query::Query;
use crate::services;
use crate::state::AppState;

/// Outbox messages, newest first (`?status=Failed` for the ones that need attention).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", params(OutboxSearch),
    security(("bearer" = [])),
    responses((status = 200, body = inline(Page<OutboxMessageView>)), (status = 403, body = ApiErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<OutboxSearch>,
) -> Result<Json<Page<OutboxMessageView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require("admin.jobs.read")?;
    services::outbox_admin::list(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}

/// Retries a message that failed every attempt.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin",
    security(("bearer" = [])),
    responses((status = 204), (status = 404, description = "OUTBOX_MESSAGE_NOT_FOUND", body = ApiErrorBody),
        (status = 409, description = "OUTBOX_NOT_FAILED", body = ApiErrorBody)))]
pub async fn retry(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require("admin.jobs.manage")?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| {
        Error::not_found(
            "OUTBOX_MESSAGE_NOT_FOUND",
            format!("Message {id} not found"),
        )
    })?;
    services::outbox_admin::retry(&app, &user.tenant_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's notification templates.
#[utoipa::path(get, path = "/api/v1/admin/notification-templates", tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<TemplateView>), (status = 403, body = ApiErrorBody)))]
pub async fn templates(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<TemplateView>>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require("admin.notifications.read")?;
    services::notifications::list_templates(&app, &user.tenant_id)
        .await
        .map(Json)
}

/// Creates or replaces the template of an event (and product).
#[utoipa::path(put, path = "/api/v1/admin/notification-templates", tag = "admin",
    request_body = TemplateRequest, security(("bearer" = [])),
    responses((status = 200, body = TemplateView), (status = 422, body = ApiErrorBody)))]
pub async fn put_template(
    State(app): State<AppState>,
    user: AuthUser,
    body: Checked<TemplateRequest>,
) -> Result<Json<TemplateView>> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require("admin.notifications.manage")?;
    let request = body.parse()?;
    services::notifications::put_template(&app, &user, request)
        .await
        .map(Json)
}
