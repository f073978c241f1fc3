//! `/api/v1/policies/*` reads and issue, and the dashboard summary.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::policies::{
    DashboardSummary, IssueResponse, PolicyListItem, PolicySearch, PolicyView, TimelineView,
    VersionDetails, VersionView, WorksheetView,
};
use serde_json::Value;
use uuid::Uuid;

use super::json::Json;
use super::query::Query;
use super::quotes::csv_response;
use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::services;
use crate::state::AppState;

const SEARCH: &[&str] = &["page.search.view", "page.policy.view"];
const VIEW: &str = "page.policy.view";

fn policy_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("POLICY_NOT_FOUND", format!("Policy {text} not found")))
}

fn version_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("VERSION_NOT_FOUND", format!("Version {text} not found")))
}

/// Policies matching a search, with their workflow status, a page at a time.
#[utoipa::path(get, path = "/api/v1/policies", tag = "policies", security(("bearer" = [])), params(PolicySearch),
    responses((status = 200, body = inline(Page<PolicyListItem>))))]
pub async fn list_policies(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<PolicySearch>,
) -> Result<Json<Page<PolicyListItem>>> {
    user.require_any(SEARCH)?;
    services::search::search(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}

/// The policy list as CSV, with each policy's latest underwriting decision.
#[utoipa::path(get, path = "/api/v1/policies/export", tag = "policies", security(("bearer" = [])), params(PolicySearch),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn export_policies(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<PolicySearch>,
) -> Result<impl IntoResponse> {
    user.require_any(SEARCH)?;
    let csv = services::search::export_csv(&app, &user.tenant_id, &search).await?;
    Ok(csv_response(csv, "policies-export.csv"))
}

/// One policy with its versions.
#[utoipa::path(get, path = "/api/v1/policies/{id}", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = PolicyView), (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get_policy(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<PolicyView>> {
    user.require(VIEW)?;
    services::policies::get_policy(&app, &user.tenant_id, policy_id(&id)?)
        .await
        .map(Json)
}

/// The payload of the latest version.
#[utoipa::path(get, path = "/api/v1/policies/{id}/full", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
pub async fn get_full(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    user.require(VIEW)?;
    services::policies::full_payload(&app, &user.tenant_id, policy_id(&id)?)
        .await
        .map(Json)
}

/// Every version, oldest processed first.
#[utoipa::path(get, path = "/api/v1/policies/{id}/versions", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = inline(Page<VersionView>)), (status = 404, body = ApiErrorBody)))]
pub async fn list_versions(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Page<VersionView>>> {
    user.require(VIEW)?;
    let items = services::policies::versions(&app, &user.tenant_id, policy_id(&id)?).await?;
    let total = items.len();
    Ok(Json(Page {
        page: 1,
        page_size: u32::try_from(total).unwrap_or(u32::MAX),
        total: total as u64,
        items,
    }))
}

/// A version's payload, risks, coverages and differences from the previous version.
#[utoipa::path(get, path = "/api/v1/policies/{id}/versions/{vid}/details", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = VersionDetails), (status = 404, body = ApiErrorBody)))]
pub async fn version_details(
    State(app): State<AppState>,
    user: AuthUser,
    Path((id, vid)): Path<(String, String)>,
) -> Result<Json<VersionDetails>> {
    user.require(VIEW)?;
    services::policies::version_details(&app, &user.tenant_id, policy_id(&id)?, version_id(&vid)?)
        .await
        .map(Json)
}

/// The rating worksheet of a version.
#[utoipa::path(get, path = "/api/v1/policies/{id}/versions/{vid}/rating-worksheet", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = WorksheetView), (status = 404, description = "DOCUMENT_NOT_FOUND", body = ApiErrorBody)))]
pub async fn rating_worksheet(
    State(app): State<AppState>,
    user: AuthUser,
    Path((id, vid)): Path<(String, String)>,
) -> Result<Json<WorksheetView>> {
    user.require(VIEW)?;
    services::policies::rating_worksheet(&app, &user.tenant_id, policy_id(&id)?, version_id(&vid)?)
        .await
        .map(Json)
}

/// Transactions with their ratings, ledger events and documents.
#[utoipa::path(get, path = "/api/v1/policies/{id}/timeline", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = TimelineView), (status = 404, body = ApiErrorBody)))]
pub async fn timeline(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<TimelineView>> {
    user.require(VIEW)?;
    services::policies::timeline(&app, &user.tenant_id, policy_id(&id)?)
        .await
        .map(Json)
}

/// Issues a bound policy.
#[utoipa::path(post, path = "/api/v1/policies/{id}/issue", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = IssueResponse),
        (status = 400, description = "INVALID_STATE", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody)))]
pub async fn issue(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<IssueResponse>> {
    user.require_any(&["page.wizard.view", "page.policy.view"])?;
    services::bind::issue_policy(&app, &user, policy_id(&id)?)
        .await
        .map(Json)
}

/// Counts for the dashboard.
#[utoipa::path(get, path = "/api/v1/dashboard/summary", tag = "policies", security(("bearer" = [])),
    responses((status = 200, body = DashboardSummary)))]
pub async fn dashboard(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<DashboardSummary>> {
    user.require_any(SEARCH)?;
    services::search::dashboard(&app, &user.tenant_id)
        .await
        .map(Json)
}
