//! `/api/v1/admin/customers/*`: the customer master (masked reads, audited writes, PII
//! reveal for a reason) and policy links.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::customers::{
    AssignPolicyRequest, CustomerAuditView, CustomerListItem, CustomerPayload, CustomerSearch,
    CustomerView, PolicyLinkView, RevealRequest, RevealResponse,
};
use lattice_shared::rbac::perm;
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::Result;
use crate::routes::json::Json;
use crate::routes::query::Query;
use crate::services::customers::{self, CONTACT_MANAGE, MANAGE, PII_REVEAL, READ, links};
use crate::state::AppState;

fn can_read(user: &AuthUser) -> Result<()> {
    user.require(perm::MENU_ADMIN_VIEW)?;
    user.require(READ)
}

/// Creates a customer; likely duplicates answer 409 unless `createAnyway` is sent.
#[utoipa::path(post, path = "/api/v1/admin/customers", tag = "customers", request_body = CustomerPayload,
    security(("bearer" = [])),
    responses((status = 201, body = CustomerView),
        (status = 409, description = "POTENTIAL_DUPLICATE (details.potentialMatches)", body = ApiErrorBody),
        (status = 422, description = "INVALID_CUSTOMER (details.errors)", body = ApiErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    user: AuthUser,
    Json(payload): Json<CustomerPayload>,
) -> Result<(StatusCode, Json<CustomerView>)> {
    can_read(&user)?;
    user.require(MANAGE)?;
    let created = customers::create(&app, &user, payload).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Customers by name or key, email, phone, SSN/FEIN or status.
#[utoipa::path(get, path = "/api/v1/admin/customers/search", tag = "customers", params(CustomerSearch),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<CustomerListItem>)))]
pub async fn search(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<CustomerSearch>,
) -> Result<Json<Vec<CustomerListItem>>> {
    can_read(&user)?;
    customers::search(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}

/// A customer, with SSN, FEIN and date of birth masked.
#[utoipa::path(get, path = "/api/v1/admin/customers/{idOrKey}", tag = "customers",
    security(("bearer" = [])),
    responses((status = 200, body = CustomerView), (status = 404, description = "CUSTOMER_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<CustomerView>> {
    can_read(&user)?;
    customers::get(&app, &user.tenant_id, &id).await.map(Json)
}

/// Updates a customer read at `expectedVersion`.
#[utoipa::path(patch, path = "/api/v1/admin/customers/{idOrKey}", tag = "customers", request_body = CustomerPayload,
    security(("bearer" = [])),
    responses((status = 200, body = CustomerView),
        (status = 400, description = "EXPECTED_VERSION_REQUIRED", body = ApiErrorBody),
        (status = 403, description = "IDENTITY_EDIT_FORBIDDEN", body = ApiErrorBody),
        (status = 409, description = "VERSION_MISMATCH or POTENTIAL_DUPLICATE", body = ApiErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(payload): Json<CustomerPayload>,
) -> Result<Json<CustomerView>> {
    can_read(&user)?;
    user.require_any(&[MANAGE, CONTACT_MANAGE])?;
    customers::update(&app, &user, &id, payload).await.map(Json)
}

/// Decrypts one of SSN, FEIN or date of birth, for a reason that is audited.
#[utoipa::path(post, path = "/api/v1/admin/customers/{idOrKey}/reveal", tag = "customers", request_body = RevealRequest,
    security(("bearer" = [])),
    responses((status = 200, body = RevealResponse),
        (status = 400, description = "INVALID_FIELD or REASON_REQUIRED", body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn reveal(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<RevealRequest>,
) -> Result<Json<RevealResponse>> {
    can_read(&user)?;
    user.require(PII_REVEAL)?;
    customers::reveal(&app, &user, &id, request).await.map(Json)
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// 1 to 1000 (100).
    limit: Option<u32>,
}

/// The customer's audit trail (masked snapshots), newest first.
#[utoipa::path(get, path = "/api/v1/admin/customers/{idOrKey}/audit", tag = "customers", params(AuditQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<CustomerAuditView>), (status = 404, body = ApiErrorBody)))]
pub async fn audit(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<CustomerAuditView>>> {
    can_read(&user)?;
    customers::audit_trail(&app, &user.tenant_id, &id, query.limit)
        .await
        .map(Json)
}

/// The policies linked to a customer.
#[utoipa::path(get, path = "/api/v1/admin/customers/{idOrKey}/policies", tag = "customers",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<PolicyLinkView>), (status = 404, body = ApiErrorBody)))]
pub async fn policies(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<PolicyLinkView>>> {
    can_read(&user)?;
    links::policies(&app, &user.tenant_id, &id).await.map(Json)
}

/// Links a customer to a policy (named insured).
#[utoipa::path(post, path = "/api/v1/admin/customers/policy-links/assign", tag = "customers",
    request_body = AssignPolicyRequest, security(("bearer" = [])),
    responses((status = 200, body = PolicyLinkView),
        (status = 400, description = "INVALID_POLICY_ID", body = ApiErrorBody),
        (status = 404, description = "POLICY_NOT_FOUND or CUSTOMER_NOT_FOUND", body = ApiErrorBody)))]
pub async fn assign_policy(
    State(app): State<AppState>,
    user: AuthUser,
    Json(request): Json<AssignPolicyRequest>,
) -> Result<Json<PolicyLinkView>> {
    can_read(&user)?;
    user.require(MANAGE)?;
    links::assign(&app, &user, request).await.map(Json)
}
