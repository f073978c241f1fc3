//! Quote API types: drafts, rated quotes, lists, binding.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::rating::{Premium, Underwriting};

/// One entry of a quote's status or step history. Re-entering a value replaces its entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub value: Value,
    pub updated_at: String,
    pub updated_by: String,
}

/// A quote with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
    pub quote_id: Uuid,
    pub quote_number: String,
    pub product_code: String,
    pub effective_date: Option<String>,
    pub term_months: Option<i32>,
    pub state: Option<String>,
    pub payload: Value,
    pub underwriting: Option<Underwriting>,
    pub premium: Option<Premium>,
    /// `Draft`, `Rated` or `Converted`.
    pub status: String,
    pub progress_step: i32,
    pub rated_at: Option<String>,
    /// When a rated quote can no longer be bound without re-rating.
    pub expires_at: Option<String>,
    pub converted_policy_id: Option<Uuid>,
    pub status_history: Vec<HistoryEntry>,
    pub step_history: Vec<HistoryEntry>,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A row of `GET /api/v1/quotes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuoteListItem {
    pub quote_id: Uuid,
    pub quote_number: String,
    pub product_code: String,
    pub effective_date: Option<String>,
    pub status: String,
    pub progress_step: i32,
    pub total_premium: Option<f64>,
    pub updated_at: String,
    pub updated_by: String,
}

/// `POST /api/v1/quotes/draft` and `PATCH /api/v1/quotes/{id}/draft`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DraftRequest {
    #[serde(default)]
    pub payload: Option<Value>,
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(default)]
    pub effective_date: Option<String>,
    #[serde(default)]
    pub term_months: Option<i32>,
    #[serde(default)]
    pub state: Option<String>,
    /// 0 to 20; stored clamped to 1..7.
    #[serde(default)]
    pub progress_step: Option<i32>,
    #[serde(default)]
    pub status: Option<String>,
}

/// `GET /api/v1/quotes` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct QuoteSearch {
    /// Part of the quote number or id.
    pub q: Option<String>,
    /// One product code or several, comma separated.
    pub product: Option<String>,
    pub status: Option<String>,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// effectiveDate | quoteNumber | updatedAt | productCode | status
    pub sort_by: Option<String>,
    /// asc | desc (default)
    pub sort_dir: Option<String>,
}

/// `POST /api/v1/quotes/{id}/bind`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BindRequest {
    /// An underwriter's reason to approve a referral while binding.
    #[serde(default)]
    pub override_reason: Option<String>,
    #[serde(default)]
    pub uw_override: Option<bool>,
    #[serde(default)]
    pub agent_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BindResponse {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub status: String,
}
