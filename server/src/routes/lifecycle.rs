//! `/api/v1/policies/{id}/...` lifecycle transactions, their previews, reserved numbers,
//! the as-of state and the policy's documents.

use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::lifecycle::{
    CancelRequest, DocumentItem, DocumentList, EndorsePreview, EndorseRequest, NonRenewRequest,
    NonRenewResponse, PolicyState, ReinstateRequest, RenewPreview, RenewRequest,
    ReserveNumberRequest, ReservedNumber, StateQuery, TransactionResult,
};
use uuid::Uuid;

use lattice_shared::api::notifications::NotificationView;
use lattice_shared::api::portal::PortalQuery;

use super::json::Json;
use super::portal::{PORTAL, document_id, file_response};
use super::query::Query;
use crate::auth::AuthUser;
use crate::db::idempotency::HeldKey;
use crate::error::{Error, Result};
use crate::services;
use crate::services::lifecycle::{self, cancel, endorse, non_renew, renew};
use crate::state::AppState;

/// Servicing a policy happens in the transaction wizard.
const SERVICE: &str = "page.wizard.view";
const VIEW: &str = "page.policy.view";

fn policy_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("POLICY_NOT_FOUND", format!("Policy {text} not found")))
}

fn body<T: Default>(body: Option<Json<T>>) -> T {
    body.map(|Json(b)| b).unwrap_or_default()
}

type Created = (StatusCode, Json<TransactionResult>);

/// The Idempotency-Key this request holds, if it carries one.
fn held(key: Option<Extension<HeldKey>>) -> Option<HeldKey> {
    key.map(|Extension(k)| k)
}

/// What an endorsement would charge, and whether it lands before later transactions.
#[utoipa::path(post, path = "/api/v1/policies/{id}/endorse/preview", tag = "lifecycle", security(("bearer" = [])),
    request_body = EndorseRequest,
    responses((status = 200, body = EndorsePreview),
        (status = 400, description = "INVALID_STATE", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR, INVALID_CHANGES, NO_CHANGES, EFFECTIVE_DATE_OUT_OF_TERM, INVALID_QUOTE", body = ApiErrorBody)))]
pub async fn endorse_preview(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    request: Option<Json<EndorseRequest>>,
) -> Result<Json<EndorsePreview>> {
    user.require(SERVICE)?;
    endorse::preview(&app, &user, policy_id(&id)?, &body(request))
        .await
        .map(Json)
}

/// Endorses the policy from a date in its term.
#[utoipa::path(post, path = "/api/v1/policies/{id}/endorse", tag = "lifecycle", security(("bearer" = [])),
    request_body = EndorseRequest,
    responses((status = 201, body = TransactionResult),
        (status = 400, description = "INVALID_STATE, UW_DECLINED, UW_REFERRAL_REQUIRED", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR, INVALID_CHANGES, NO_CHANGES, EFFECTIVE_DATE_OUT_OF_TERM", body = ApiErrorBody)))]
pub async fn endorse(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<EndorseRequest>>,
) -> Result<Created> {
    user.require(SERVICE)?;
    let done = endorse::endorse(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Cancels the policy; the reason code decides the return premium.
#[utoipa::path(post, path = "/api/v1/policies/{id}/cancel", tag = "lifecycle", security(("bearer" = [])),
    request_body = CancelRequest,
    responses((status = 201, body = TransactionResult),
        (status = 400, description = "INVALID_STATE", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR, UNKNOWN_REASON_CODE, EFFECTIVE_DATE_OUT_OF_TERM", body = ApiErrorBody)))]
pub async fn cancel(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<CancelRequest>>,
) -> Result<Created> {
    user.require(SERVICE)?;
    let done = cancel::cancel(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Reinstates a cancelled policy.
#[utoipa::path(post, path = "/api/v1/policies/{id}/reinstate", tag = "lifecycle", security(("bearer" = [])),
    request_body = ReinstateRequest,
    responses((status = 201, body = TransactionResult),
        (status = 400, description = "INVALID_STATE", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "VALIDATION_ERROR, EFFECTIVE_DATE_BEFORE_CANCELLATION", body = ApiErrorBody)))]
pub async fn reinstate(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<ReinstateRequest>>,
) -> Result<Created> {
    user.require(SERVICE)?;
    let done = cancel::reinstate(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// The next term's dates and premium.
#[utoipa::path(post, path = "/api/v1/policies/{id}/renew/preview", tag = "lifecycle", security(("bearer" = [])),
    responses((status = 200, body = RenewPreview), (status = 404, body = ApiErrorBody)))]
pub async fn renew_preview(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<RenewPreview>> {
    user.require(SERVICE)?;
    renew::preview(&app, &user, policy_id(&id)?).await.map(Json)
}

/// Renews the policy into its next term.
#[utoipa::path(post, path = "/api/v1/policies/{id}/renew", tag = "lifecycle", security(("bearer" = [])),
    request_body = RenewRequest,
    responses((status = 201, body = TransactionResult),
        (status = 400, description = "INVALID_STATE, UW_DECLINED, UW_REFERRAL_REQUIRED", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "INVALID_RENEWAL_DATE, INVALID_QUOTE", body = ApiErrorBody)))]
pub async fn renew(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<RenewRequest>>,
) -> Result<Created> {
    user.require(SERVICE)?;
    let done = renew::renew(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Rewrites a cancelled policy into a new term.
#[utoipa::path(post, path = "/api/v1/policies/{id}/rewrite", tag = "lifecycle", security(("bearer" = [])),
    request_body = RenewRequest,
    responses((status = 201, body = TransactionResult),
        (status = 400, description = "INVALID_STATE, UW_DECLINED, UW_REFERRAL_REQUIRED", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 422, description = "EFFECTIVE_DATE_BEFORE_CANCELLATION, INVALID_QUOTE", body = ApiErrorBody)))]
pub async fn rewrite(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<RenewRequest>>,
) -> Result<Created> {
    user.require(SERVICE)?;
    let done = renew::rewrite(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Gives notice that the policy will not renew.
#[utoipa::path(post, path = "/api/v1/policies/{id}/non-renew", tag = "lifecycle", security(("bearer" = [])),
    request_body = NonRenewRequest,
    responses((status = 201, body = NonRenewResponse),
        (status = 400, description = "INVALID_STATE", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND", body = ApiErrorBody),
        (status = 409, description = "ALREADY_NON_RENEWED", body = ApiErrorBody)))]
pub async fn non_renew(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    key: Option<Extension<HeldKey>>,
    request: Option<Json<NonRenewRequest>>,
) -> Result<(StatusCode, Json<NonRenewResponse>)> {
    user.require(SERVICE)?;
    let done = non_renew::non_renew(
        &app,
        &user,
        policy_id(&id)?,
        body(request),
        held(key).as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// Reserves an endorsement number.
#[utoipa::path(post, path = "/api/v1/policies/{id}/endorse/reserve-number", tag = "lifecycle", security(("bearer" = [])),
    responses((status = 200, body = ReservedNumber), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn reserve_endorse_number(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<ReservedNumber>> {
    user.require(SERVICE)?;
    let number =
        lifecycle::reserve_number(&app, &user.tenant_id, policy_id(&id)?, Some("endorse")).await?;
    Ok(Json(ReservedNumber {
        transaction_number: number,
    }))
}

/// Reserves a transaction number for a mode (endorse, cancel, reinstate, rewrite, renew).
#[utoipa::path(post, path = "/api/v1/policies/{id}/transactions/reserve-number", tag = "lifecycle", security(("bearer" = [])),
    request_body = ReserveNumberRequest,
    responses((status = 200, body = ReservedNumber),
        (status = 400, description = "INVALID_MODE or INVALID_STATE", body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
pub async fn reserve_number(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    request: Option<Json<ReserveNumberRequest>>,
) -> Result<Json<ReservedNumber>> {
    user.require(SERVICE)?;
    let request = body(request);
    let number = lifecycle::reserve_number(
        &app,
        &user.tenant_id,
        policy_id(&id)?,
        request.mode.as_deref(),
    )
    .await?;
    Ok(Json(ReservedNumber {
        transaction_number: number,
    }))
}

/// The policy as it stands on a date.
#[utoipa::path(get, path = "/api/v1/policies/{id}/state", tag = "lifecycle", security(("bearer" = [])), params(StateQuery),
    responses((status = 200, body = PolicyState), (status = 404, body = ApiErrorBody)))]
pub async fn state(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(query): Query<StateQuery>,
) -> Result<Json<PolicyState>> {
    user.require(VIEW)?;
    lifecycle::state::state(
        &app,
        &user.tenant_id,
        policy_id(&id)?,
        query.as_of.as_deref(),
    )
    .await
    .map(Json)
}

/// The policy's documents. A customer sees only the customer-safe ones of their own
/// policies.
#[utoipa::path(get, path = "/api/v1/policies/{id}/documents", tag = "lifecycle", security(("bearer" = [])),
    responses((status = 200, body = DocumentList), (status = 404, body = ApiErrorBody)))]
pub async fn documents(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<DocumentList>> {
    let policy = policy_id(&id)?;
    if !user.has(VIEW) {
        user.require_any(&[VIEW, PORTAL])?;
        let safe =
            services::portal::documents(&app, &user, policy, &PortalQuery::default()).await?;
        let all = services::documents::list(&app, &user.tenant_id, policy).await?;
        let allowed: Vec<Uuid> = safe.documents.iter().map(|d| d.document_id).collect();
        return Ok(Json(DocumentList {
            documents: all
                .documents
                .into_iter()
                .filter(|d| allowed.contains(&d.document_id))
                .map(|d| DocumentItem {
                    transaction_id: None,
                    ..d
                })
                .collect(),
        }));
    }
    services::documents::list(&app, &user.tenant_id, policy)
        .await
        .map(Json)
}

/// A document's file (the PDF packet), never cached. Customers may fetch the
/// customer-safe documents of their own policies (403 for an internal one).
#[utoipa::path(get, path = "/api/v1/policies/{id}/documents/{docId}/content", tag = "lifecycle", security(("bearer" = [])),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 403, description = "Document is not customer-safe", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND, DOCUMENT_NOT_FOUND, ARTIFACT_NOT_FOUND", body = ApiErrorBody)))]
pub async fn document_content(
    State(app): State<AppState>,
    user: AuthUser,
    Path((id, doc)): Path<(String, String)>,
) -> Result<impl IntoResponse> {
    let (policy, document) = (policy_id(&id)?, document_id(&doc)?);
    let file = if user.has(VIEW) {
        services::documents::content(&app, &user.tenant_id, policy, document).await?
    } else {
        user.require_any(&[VIEW, PORTAL])?;
        services::portal::document_content(&app, &user, policy, document).await?
    };
    Ok(file_response(file))
}

/// The policy's notifications (queued for the outbox, or suppressed without an email).
#[utoipa::path(get, path = "/api/v1/policies/{id}/notifications", tag = "lifecycle", security(("bearer" = [])),
    responses((status = 200, body = Vec<NotificationView>), (status = 404, body = ApiErrorBody)))]
pub async fn notifications(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<NotificationView>>> {
    user.require(VIEW)?;
    services::outbox_admin::policy_notifications(&app, &user.tenant_id, policy_id(&id)?)
        .await
        .map(Json)
}
