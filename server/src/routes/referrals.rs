//! `/api/v1/uw/referrals/*`: the underwriting referral queue.

use axum::extract::{Path, State};
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::referrals::{
    AssignRequest, CommentRequest, DecideRequest, ReferralSearch, ReferralView,
};
use uuid::Uuid;

use super::json::Json;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::services::referrals as service;
use crate::state::AppState;

const READ: &str = "uw.referrals.read";
const DECIDE: &str = "uw.referrals.decide";

fn referral_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("REFERRAL_NOT_FOUND", format!("Referral {text} not found")))
}

/// Referrals, newest first, optionally of one status.
#[utoipa::path(get, path = "/api/v1/uw/referrals", tag = "underwriting", security(("bearer" = [])), params(ReferralSearch),
    responses((status = 200, body = inline(Page<ReferralView>)), (status = 403, body = ApiErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<ReferralSearch>,
) -> Result<Json<Page<ReferralView>>> {
    user.require(READ)?;
    service::list(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/uw/referrals/{id}", tag = "underwriting", security(("bearer" = [])),
    responses((status = 200, body = ReferralView), (status = 404, description = "REFERRAL_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<ReferralView>> {
    user.require(READ)?;
    service::get(&app, &user.tenant_id, referral_id(&id)?)
        .await
        .map(Json)
}

/// Assigns the referral to a user of the tenant.
#[utoipa::path(patch, path = "/api/v1/uw/referrals/{id}/assign", tag = "underwriting", security(("bearer" = [])),
    request_body = AssignRequest,
    responses((status = 200, body = ReferralView), (status = 400, description = "ASSIGNED_TO_REQUIRED", body = ApiErrorBody)))]
pub async fn assign(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<AssignRequest>,
) -> Result<Json<ReferralView>> {
    user.require(DECIDE)?;
    service::assign(&app, &user, referral_id(&id)?, request)
        .await
        .map(Json)
}

/// Adds a comment.
#[utoipa::path(post, path = "/api/v1/uw/referrals/{id}/comments", tag = "underwriting", security(("bearer" = [])),
    request_body = CommentRequest,
    responses((status = 200, body = ReferralView), (status = 400, description = "COMMENT_REQUIRED", body = ApiErrorBody)))]
pub async fn comment(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<CommentRequest>,
) -> Result<Json<ReferralView>> {
    user.require(READ)?;
    service::comment(&app, &user, referral_id(&id)?, request)
        .await
        .map(Json)
}

/// Approves, declines or asks for information.
#[utoipa::path(patch, path = "/api/v1/uw/referrals/{id}/decide", tag = "underwriting", security(("bearer" = [])),
    request_body = DecideRequest,
    responses((status = 200, body = ReferralView),
        (status = 400, description = "INVALID_DECISION or REFERRAL_NOT_DECIDABLE", body = ApiErrorBody)))]
pub async fn decide(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<DecideRequest>,
) -> Result<Json<ReferralView>> {
    user.require(DECIDE)?;
    service::decide(&app, &user, referral_id(&id)?, request)
        .await
        .map(Json)
}

/// `decide` with Approved.
#[utoipa::path(patch, path = "/api/v1/uw/referrals/{id}/approve", tag = "underwriting", security(("bearer" = [])),
    request_body = DecideRequest, responses((status = 200, body = ReferralView)))]
pub async fn approve(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Option<Json<DecideRequest>>,
) -> Result<Json<ReferralView>> {
    decide_as(app, user, id, body, "Approved").await
}

/// `decide` with Declined.
#[utoipa::path(patch, path = "/api/v1/uw/referrals/{id}/decline", tag = "underwriting", security(("bearer" = [])),
    request_body = DecideRequest, responses((status = 200, body = ReferralView)))]
pub async fn decline(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    body: Option<Json<DecideRequest>>,
) -> Result<Json<ReferralView>> {
    decide_as(app, user, id, body, "Declined").await
}

async fn decide_as(
    app: AppState,
    user: AuthUser,
    id: String,
    body: Option<Json<DecideRequest>>,
    decision: &str,
) -> Result<Json<ReferralView>> {
    user.require(DECIDE)?;
    let reason = body.and_then(|Json(b)| b.reason);
    let request = DecideRequest {
        decision: Some(decision.to_owned()),
        reason,
    };
    service::decide(&app, &user, referral_id(&id)?, request)
        .await
        .map(Json)
}
