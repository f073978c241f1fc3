//! Reference data, tenant preferences and the admin routes that maintain them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::reference::{
    CancellationReason, CompanyRequest, Eligibility, EligibilityRequest, TenantPreferences,
    TenantSettingsPatch, TenantSettingsView, UnderwritingCompany,
};
use serde::Deserialize;
use uuid::Uuid;

use super::json::{Checked, Json};
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::services::reference as service;
use crate::state::AppState;

const STAFF: &[&str] = &["page.wizard.view", "page.policy.view"];
const ADMIN_MENU: &str = "menu.admin.view";

fn whole<T>(items: Vec<T>) -> Page<T> {
    let total = items.len();
    Page {
        page: 1,
        page_size: u32::try_from(total).unwrap_or(u32::MAX),
        total: total as u64,
        items,
    }
}

/// The cancellation reasons and how each returns premium.
#[utoipa::path(get, path = "/api/v1/reference/cancellation-reason-codes", tag = "reference", security(("bearer" = [])),
    responses((status = 200, body = inline(Page<CancellationReason>))))]
pub async fn cancellation_reasons(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<Page<CancellationReason>>> {
    user.require_any(STAFF)?;
    Ok(Json(whole(
        service::cancellation_reasons(&app, &user.tenant_id).await?,
    )))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct EligibilityQuery {
    product_code: Option<String>,
    state_code: Option<String>,
}

/// Whether the tenant writes a product in a state.
#[utoipa::path(get, path = "/api/v1/reference/state-eligibility", tag = "reference", security(("bearer" = [])),
    params(EligibilityQuery),
    responses((status = 200, body = Eligibility), (status = 400, description = "MISSING_PARAMS", body = ApiErrorBody)))]
pub async fn state_eligibility(
    State(app): State<AppState>,
    user: AuthUser,
    Query(q): Query<EligibilityQuery>,
) -> Result<Json<Eligibility>> {
    user.require_any(STAFF)?;
    let (Some(product), Some(state)) = (q.product_code, q.state_code) else {
        return Err(Error::bad_request(
            "MISSING_PARAMS",
            "productCode and stateCode are required",
        ));
    };
    service::eligibility(&app, &user.tenant_id, &product, &state)
        .await
        .map(Json)
}

/// Opens, suspends or closes a product in a state.
#[utoipa::path(post, path = "/api/v1/admin/compliance/eligibility", tag = "admin", security(("bearer" = [])),
    request_body = EligibilityRequest, responses((status = 201, body = Eligibility), (status = 422, body = ApiErrorBody)))]
pub async fn set_eligibility(
    State(app): State<AppState>,
    user: AuthUser,
    body: Checked<EligibilityRequest>,
) -> Result<(StatusCode, Json<Eligibility>)> {
    user.require(ADMIN_MENU)?;
    user.require("admin.compliance.manage")?;
    let request = body.parse()?;
    let result = service::set_eligibility(&app, &user.tenant_id, request).await?;
    Ok((StatusCode::CREATED, Json(result)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct CompanyQuery {
    product_code: Option<String>,
    country: Option<String>,
    state: Option<String>,
    include_inactive: Option<bool>,
}

/// Active underwriting companies for a product, country and state (`ALL` matches any).
#[utoipa::path(get, path = "/api/v1/underwriting-companies", tag = "reference", security(("bearer" = [])),
    params(CompanyQuery), responses((status = 200, body = inline(Page<UnderwritingCompany>))))]
pub async fn companies(
    State(app): State<AppState>,
    user: AuthUser,
    Query(q): Query<CompanyQuery>,
) -> Result<Json<Page<UnderwritingCompany>>> {
    user.require_any(STAFF)?;
    let list = service::companies(
        &app,
        &user.tenant_id,
        q.product_code.as_deref(),
        q.country.as_deref(),
        q.state.as_deref(),
        false,
    )
    .await?;
    Ok(Json(whole(list)))
}

/// Every underwriting company, inactive ones on request.
#[utoipa::path(get, path = "/api/v1/admin/underwriting-companies", tag = "admin", security(("bearer" = [])),
    params(CompanyQuery), responses((status = 200, body = inline(Page<UnderwritingCompany>))))]
pub async fn admin_companies(
    State(app): State<AppState>,
    user: AuthUser,
    Query(q): Query<CompanyQuery>,
) -> Result<Json<Page<UnderwritingCompany>>> {
    user.require(ADMIN_MENU)?;
    user.require("admin.uw_company.read")?;
    let list = service::companies(
        &app,
        &user.tenant_id,
        q.product_code.as_deref(),
        q.country.as_deref(),
        q.state.as_deref(),
        q.include_inactive.unwrap_or(false),
    )
    .await?;
    Ok(Json(whole(list)))
}

#[utoipa::path(post, path = "/api/v1/admin/underwriting-companies", tag = "admin", security(("bearer" = [])),
    request_body = CompanyRequest,
    responses((status = 201, body = UnderwritingCompany), (status = 409, description = "DUPLICATE", body = ApiErrorBody)))]
pub async fn create_company(
    State(app): State<AppState>,
    user: AuthUser,
    Json(request): Json<CompanyRequest>,
) -> Result<(StatusCode, Json<UnderwritingCompany>)> {
    user.require(ADMIN_MENU)?;
    user.require("admin.uw_company.manage")?;
    let company = service::create_company(&app, &user.tenant_id, request).await?;
    Ok((StatusCode::CREATED, Json(company)))
}

fn company_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| {
        Error::not_found(
            "NOT_FOUND",
            format!("Underwriting company {text} not found"),
        )
    })
}

#[utoipa::path(patch, path = "/api/v1/admin/underwriting-companies/{id}", tag = "admin", security(("bearer" = [])),
    request_body = CompanyRequest, responses((status = 200, body = UnderwritingCompany), (status = 404, body = ApiErrorBody)))]
pub async fn update_company(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<CompanyRequest>,
) -> Result<Json<UnderwritingCompany>> {
    user.require(ADMIN_MENU)?;
    user.require("admin.uw_company.manage")?;
    service::update_company(&app, &user.tenant_id, company_id(&id)?, request)
        .await
        .map(Json)
}

#[utoipa::path(delete, path = "/api/v1/admin/underwriting-companies/{id}", tag = "admin", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
pub async fn delete_company(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    user.require(ADMIN_MENU)?;
    user.require("admin.uw_company.manage")?;
    service::delete_company(&app, &user.tenant_id, company_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Date formats and defaults every signed-in user's UI needs.
#[utoipa::path(get, path = "/api/v1/tenant/preferences", tag = "tenant", security(("bearer" = [])),
    responses((status = 200, body = TenantPreferences)))]
pub async fn preferences(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<TenantPreferences>> {
    service::preferences(&app, &user.tenant_id).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/tenant", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = TenantSettingsView)))]
pub async fn tenant_settings(
    State(app): State<AppState>,
    user: AuthUser,
) -> Result<Json<TenantSettingsView>> {
    user.require(ADMIN_MENU)?;
    user.require("admin.tenant.read")?;
    service::tenant_settings(&app, &user.tenant_id)
        .await
        .map(Json)
}

/// Changes any of the tenant's settings (including policy number templates).
#[utoipa::path(patch, path = "/api/v1/admin/tenant", tag = "admin", security(("bearer" = [])),
    request_body = TenantSettingsPatch, responses((status = 200, body = TenantSettingsView), (status = 422, body = ApiErrorBody)))]
pub async fn update_tenant_settings(
    State(app): State<AppState>,
    user: AuthUser,
    Json(patch): Json<TenantSettingsPatch>,
) -> Result<Json<TenantSettingsView>> {
    user.require(ADMIN_MENU)?;
    user.require("admin.tenant.manage")?;
    service::update_tenant_settings(&app, &user.tenant_id, patch)
        .await
        .map(Json)
}
