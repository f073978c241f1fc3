//! `POST /api/v1/rating/preview`.

use axum::extract::State;
use lattice_shared::ApiErrorBody;
use lattice_shared::api::rating::RatingPreview;
use serde_json::Value;

use super::json::Json;
use crate::auth::AuthUser;
use crate::error::Result;
use crate::services;
use crate::state::AppState;

/// Rates a quote payload without saving it (and without the state-eligibility check):
/// the premium by coverage with fees, taxes, total and the calculation trace, and the
/// underwriting decision with its reasons.
#[utoipa::path(post, path = "/api/v1/rating/preview", tag = "rating", security(("bearer" = [])),
    request_body(content = Object, description = "A quote payload (productCode, effectiveDate, termMonths, applicant, risks, coverages, uwAnswers, state)"),
    responses(
        (status = 200, body = RatingPreview),
        (status = 403, body = ApiErrorBody),
        (status = 422, description = "INVALID_QUOTE with details.errors[{path, keyword, message}]", body = ApiErrorBody)))]
pub async fn preview(
    State(app): State<AppState>,
    user: AuthUser,
    Json(payload): Json<Value>,
) -> Result<Json<RatingPreview>> {
    user.require("page.wizard.view")?;
    services::rating::preview(&app, &user.tenant_id, payload).map(Json)
}
