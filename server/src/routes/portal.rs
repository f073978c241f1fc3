//! `/api/v1/customer-portal/*`: what a policyholder sees of their own policies.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::portal::{
    PortalDocuments, PortalPolicyDetail, PortalQuery, PortalSummary,
};
use uuid::Uuid;

use super::json::Json;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::services;
use crate::state::AppState;

pub const PORTAL: &str = "customer.portal.read";

fn policy_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("POLICY_NOT_FOUND", format!("Policy {text} not found")))
}

/// The customer and their policies.
#[utoipa::path(get, path = "/api/v1/customer-portal/summary", tag = "portal", params(PortalQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PortalSummary),
        (status = 403, description = "FORBIDDEN or CUSTOMER_LINK_REQUIRED", body = ApiErrorBody)))]
pub async fn summary(
    State(app): State<AppState>,
    user: AuthUser,
    Query(query): Query<PortalQuery>,
) -> Result<Json<PortalSummary>> {
    user.require(PORTAL)?;
    services::portal::summary(&app, &user, &query)
        .await
        .map(Json)
}

/// Declarations and ID card of one of the customer's policies.
#[utoipa::path(get, path = "/api/v1/customer-portal/policies/{id}", tag = "portal", params(PortalQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PortalPolicyDetail),
        (status = 404, description = "POLICY_NOT_FOUND (also for other customers' policies)", body = ApiErrorBody)))]
pub async fn policy(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(query): Query<PortalQuery>,
) -> Result<Json<PortalPolicyDetail>> {
    user.require(PORTAL)?;
    services::portal::policy(&app, &user, policy_id(&id)?, &query)
        .await
        .map(Json)
}

/// The policy's customer-safe documents.
#[utoipa::path(get, path = "/api/v1/customer-portal/policies/{id}/documents", tag = "portal", params(PortalQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PortalDocuments), (status = 404, body = ApiErrorBody)))]
pub async fn documents(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(query): Query<PortalQuery>,
) -> Result<Json<PortalDocuments>> {
    user.require(PORTAL)?;
    services::portal::documents(&app, &user, policy_id(&id)?, &query)
        .await
        .map(Json)
}

/// Downloads a customer-safe document.
#[utoipa::path(get, path = "/api/v1/customer-portal/policies/{id}/documents/{docId}/content", tag = "portal",
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 403, description = "Document is not customer-safe", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
pub async fn document_content(
    State(app): State<AppState>,
    user: AuthUser,
    Path((id, doc)): Path<(String, String)>,
) -> Result<impl IntoResponse> {
    user.require(PORTAL)?;
    let document_id = document_id(&doc)?;
    let file =
        services::portal::document_content(&app, &user, policy_id(&id)?, document_id).await?;
    Ok(file_response(file))
}

pub fn document_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("DOCUMENT_NOT_FOUND", format!("Document {text} not found")))
}

/// A stored file, shown inline and never cached.
pub fn file_response(
    (content_type, filename, bytes): (String, String, Vec<u8>),
) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
}
