//! `/api/v1/products/*`: the catalog as the caller's tenant sells it.

use std::sync::Arc;

use axum::extract::{Path, State};
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::products::{FieldMeta, ProductConfig, ProductForm, ProductSummary};
use lattice_shared::product::Product;

use super::json::Json;
use crate::auth::AuthUser;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Every product on offer.
#[utoipa::path(get, path = "/api/v1/products", tag = "products", security(("bearer" = [])),
    responses((status = 200, body = inline(Page<ProductSummary>))))]
pub async fn list_products(
    State(app): State<AppState>,
    user: AuthUser,
) -> Json<Page<ProductSummary>> {
    let items: Vec<ProductSummary> = app
        .catalog
        .products()
        .filter_map(|p| app.catalog.product(&user.tenant_id, &p.code))
        .map(|p| ProductSummary::from(&*p))
        .collect();
    let total = items.len();
    Json(Page {
        page: 1,
        page_size: u32::try_from(total).unwrap_or(u32::MAX),
        total: total as u64,
        items,
    })
}

/// Coverages with their limit, deductible and percentage options, and the rating keys.
#[utoipa::path(get, path = "/api/v1/products/{code}/config", tag = "products", security(("bearer" = [])),
    params(("code" = String, Path, description = "Product code (case-insensitive)")),
    responses((status = 200, body = ProductConfig), (status = 404, description = "PRODUCT_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get_config(
    State(app): State<AppState>,
    user: AuthUser,
    Path(code): Path<String>,
) -> Result<Json<ProductConfig>> {
    let product = find(&app, &user, &code)?;
    Ok(Json(ProductConfig::from(&*product)))
}

/// The risk entry form: fields with their payload paths, types and options.
#[utoipa::path(get, path = "/api/v1/products/{code}/form", tag = "products", security(("bearer" = [])),
    params(("code" = String, Path, description = "Product code (case-insensitive)")),
    responses((status = 200, body = ProductForm), (status = 404, description = "PRODUCT_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get_form(
    State(app): State<AppState>,
    user: AuthUser,
    Path(code): Path<String>,
) -> Result<Json<ProductForm>> {
    let product = find(&app, &user, &code)?;
    Ok(Json(ProductForm {
        fields: product.form.clone(),
    }))
}

/// The tenant's field metadata for the product, or one derived from the form.
#[utoipa::path(get, path = "/api/v1/products/{code}/field-meta", tag = "products", security(("bearer" = [])),
    params(("code" = String, Path, description = "Product code (case-insensitive)")),
    responses((status = 200, body = FieldMeta), (status = 404, description = "PRODUCT_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get_field_meta(
    State(app): State<AppState>,
    user: AuthUser,
    Path(code): Path<String>,
) -> Result<Json<FieldMeta>> {
    let product = find(&app, &user, &code)?;
    Ok(Json(FieldMeta::for_product(&product)))
}

fn find(app: &AppState, user: &AuthUser, code: &str) -> Result<Arc<Product>> {
    app.catalog
        .product(&user.tenant_id, &code.trim().to_lowercase())
        .ok_or_else(|| Error::not_found("PRODUCT_NOT_FOUND", format!("No product {code}")))
}
