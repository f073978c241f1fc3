//! `/api/v1/quotes/*`: drafts, rating, reading, copying, listing, export and binding.

use axum::extract::{Extension, Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::Page;
use lattice_shared::api::quotes::{
    BindRequest, BindResponse, DraftRequest, QuoteListItem, QuoteSearch, QuoteView,
};
use serde_json::Value;
use uuid::Uuid;

use super::json::Json;
use super::query::Query;
use crate::auth::AuthUser;
use crate::db::idempotency::HeldKey;
use crate::error::{Error, Result};
use crate::services;
use crate::state::AppState;

const WIZARD: &str = "page.wizard.view";
const READ: &[&str] = &["page.wizard.view", "page.search.view", "page.policy.view"];

/// A malformed id names nothing: 404 with the resource's code.
pub fn quote_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim())
        .map_err(|_| Error::not_found("QUOTE_NOT_FOUND", format!("Quote {text} not found")))
}

/// Rates a full quote payload and saves it as a Rated quote (`quoteId` re-rates one).
#[utoipa::path(post, path = "/api/v1/quotes", tag = "quotes", security(("bearer" = [])),
    request_body(content = Object, description = "A quote payload, optionally with quoteId"),
    responses((status = 200, body = QuoteView),
        (status = 400, description = "STATE_NOT_ELIGIBLE", body = ApiErrorBody),
        (status = 404, description = "QUOTE_NOT_FOUND", body = ApiErrorBody),
        (status = 409, description = "QUOTE_CONVERTED", body = ApiErrorBody),
        (status = 422, description = "INVALID_QUOTE", body = ApiErrorBody)))]
pub async fn rate_quote(
    State(app): State<AppState>,
    user: AuthUser,
    Json(payload): Json<Value>,
) -> Result<Json<QuoteView>> {
    user.require(WIZARD)?;
    services::quotes::rate_quote(&app, &user, payload)
        .await
        .map(Json)
}

/// Starts a draft quote.
#[utoipa::path(post, path = "/api/v1/quotes/draft", tag = "quotes", security(("bearer" = [])),
    request_body = DraftRequest, responses((status = 201, body = QuoteView), (status = 422, body = ApiErrorBody)))]
pub async fn create_draft(
    State(app): State<AppState>,
    user: AuthUser,
    Json(request): Json<DraftRequest>,
) -> Result<(StatusCode, Json<QuoteView>)> {
    user.require(WIZARD)?;
    let view = services::quotes::create_draft(&app, &user, request).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Saves draft progress: payload (when not empty), status, step, dates.
#[utoipa::path(patch, path = "/api/v1/quotes/{id}/draft", tag = "quotes", security(("bearer" = [])),
    request_body = DraftRequest, responses((status = 200, body = QuoteView), (status = 404, body = ApiErrorBody)))]
pub async fn update_draft(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(request): Json<DraftRequest>,
) -> Result<Json<QuoteView>> {
    user.require(WIZARD)?;
    services::quotes::update_draft(&app, &user, quote_id(&id)?, request)
        .await
        .map(Json)
}

/// One quote.
#[utoipa::path(get, path = "/api/v1/quotes/{id}", tag = "quotes", security(("bearer" = [])),
    responses((status = 200, body = QuoteView), (status = 404, description = "QUOTE_NOT_FOUND", body = ApiErrorBody)))]
pub async fn get_quote(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<QuoteView>> {
    user.require_any(READ)?;
    services::quotes::get_quote(&app, &user.tenant_id, quote_id(&id)?)
        .await
        .map(Json)
}

/// A new draft with the same product, dates and payload.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/copy", tag = "quotes", security(("bearer" = [])),
    responses((status = 201, body = QuoteView), (status = 404, body = ApiErrorBody)))]
pub async fn copy_quote(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<QuoteView>)> {
    user.require(WIZARD)?;
    let view = services::quotes::copy_quote(&app, &user, quote_id(&id)?).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Open quotes (bound ones are hidden), filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/quotes", tag = "quotes", security(("bearer" = [])), params(QuoteSearch),
    responses((status = 200, body = inline(Page<QuoteListItem>))))]
pub async fn list_quotes(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<QuoteSearch>,
) -> Result<Json<Page<QuoteListItem>>> {
    user.require_any(READ)?;
    services::quotes::search(&app, &user.tenant_id, &search)
        .await
        .map(Json)
}

/// The quote list as CSV.
#[utoipa::path(get, path = "/api/v1/quotes/export", tag = "quotes", security(("bearer" = [])), params(QuoteSearch),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn export_quotes(
    State(app): State<AppState>,
    user: AuthUser,
    Query(search): Query<QuoteSearch>,
) -> Result<impl IntoResponse> {
    user.require_any(READ)?;
    let csv = services::quotes::export_csv(&app, &user.tenant_id, &search).await?;
    Ok(csv_response(csv, "quotes-export.csv"))
}

/// Binds a rated quote into a policy (Bound).
#[utoipa::path(post, path = "/api/v1/quotes/{id}/bind", tag = "quotes", security(("bearer" = [])),
    request_body = BindRequest,
    responses((status = 201, body = BindResponse),
        (status = 400, description = "UW_DECLINED or UW_REFERRAL_REQUIRED", body = ApiErrorBody),
        (status = 404, description = "QUOTE_NOT_FOUND", body = ApiErrorBody),
        (status = 409, description = "QUOTE_CONVERTED", body = ApiErrorBody),
        (status = 422, description = "QUOTE_EXPIRED or QUOTE_NOT_RATED", body = ApiErrorBody)))]
pub async fn bind_quote(
    State(app): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    held: Option<Extension<HeldKey>>,
    body: Option<Json<BindRequest>>,
) -> Result<(StatusCode, Json<BindResponse>)> {
    user.require(WIZARD)?;
    // The body is optional: none binds without an override reason.
    let request = body.map(|Json(b)| b).unwrap_or_default();
    let held = held.map(|Extension(k)| k);
    let bound =
        services::bind::bind_quote(&app, &user, quote_id(&id)?, request, held.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(bound)))
}

/// A CSV attachment.
pub fn csv_response(csv: String, filename: &str) -> impl IntoResponse + use<> {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
}
