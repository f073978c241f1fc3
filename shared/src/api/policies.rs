//! Policy API types: the policy, its versions and timeline, search rows, and the dashboard.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::rating::Money;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Term {
    pub effective_date: String,
    pub expiration_date: String,
}

/// `GET /api/v1/policies/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyView {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub tenant_id: String,
    pub product_code: String,
    pub product_version: String,
    /// The workflow status (Bind, Issued, Inforced, Expired, Cancelled).
    pub status: String,
    /// The persisted status (Bound, Issued, Cancelled).
    pub internal_status: String,
    pub term: Term,
    pub term_months: i32,
    pub term_count: i32,
    pub state: Option<String>,
    pub insured_name: String,
    pub customer: Option<Value>,
    /// The current full-term premium.
    pub premium: Value,
    pub lifecycle: Value,
    pub metadata: Value,
    pub versions: Vec<VersionView>,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// A version: the policy as a transaction left it, with that transaction's premium.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VersionView {
    pub version_id: Uuid,
    pub transaction_id: Uuid,
    pub effective_date: String,
    pub policy_effective_date: String,
    pub expiration_date: String,
    pub created_date: String,
    pub processed_date: String,
    pub updated_user: Option<String>,
    /// NB, ENDORSE, CANCEL, REINSTATE, REWRITE, RENEW, NON_RENEWAL.
    pub transaction_type: String,
    pub transaction_number: String,
    pub uw_decision: Option<String>,
    pub uw_override: bool,
    pub override_reason: Option<String>,
    pub uw_submitted_by: Option<String>,
    /// `{byCoverage, fees, taxes, total, calcTrace}`: the amount of this transaction.
    pub premium: Value,
}

/// `GET /api/v1/policies/{id}/versions/{vid}/details`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VersionDetails {
    pub version: VersionView,
    pub payload: Value,
    pub risks: Vec<Value>,
    pub coverages: Vec<Value>,
    /// JSON Pointer paths that differ from the previous version.
    pub changes: Vec<String>,
    /// `[{path, old, new}]`
    pub diffs: Vec<Value>,
}

/// The rating worksheet of a version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorksheetView {
    pub document_id: Uuid,
    #[serde(rename = "type")]
    pub kind: String,
    pub uri: String,
    pub hash: String,
    pub created_at: String,
    pub created_by: Option<String>,
    /// `{payload, premium, ratingInputs, context}`.
    pub metadata: Value,
}

/// `GET /api/v1/policies/{id}/timeline`: transactions, ledger events and documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimelineView {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub product_code: String,
    pub status: String,
    pub term_effective_date: String,
    pub term_expiration_date: String,
    pub currency_code: String,
    pub transactions: Vec<Value>,
    pub ledger: Vec<Value>,
    pub documents: Vec<Value>,
}

/// `POST /api/v1/policies/{id}/issue`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IssueResponse {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub status: String,
    pub issued_at: String,
}

/// A row of `GET /api/v1/policies`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyListItem {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub product_code: String,
    pub status: String,
    pub internal_status: String,
    pub term: Term,
    pub term_count: i32,
    pub insured_name: String,
    pub state: Option<String>,
    pub agent_name: Option<String>,
    pub annual_premium: Money,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// `GET /api/v1/policies` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PolicySearch {
    /// Part of the policy number, policy id or insured name (any case).
    pub q: Option<String>,
    /// One product code or several, comma separated.
    pub product: Option<String>,
    /// Bind, Issued, Inforced (In Force), Expired, Cancelled and their aliases.
    pub status: Option<String>,
    pub effective_from: Option<String>,
    pub effective_to: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    /// effectiveDate | expirationDate | policyNumber | productCode | status | createdAt | updatedAt | updatedBy
    pub sort_by: Option<String>,
    pub sort_dir: Option<String>,
}

/// `GET /api/v1/dashboard/summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardSummary {
    pub total_policies: i64,
    pub in_force_policies: i64,
    pub open_quotes: i64,
    pub open_referrals: i64,
    pub customers: i64,
    /// Derived status -> count.
    pub status_distribution: serde_json::Map<String, Value>,
    /// Product code -> count.
    pub product_mix: serde_json::Map<String, Value>,
    /// The last six calendar months (UTC), oldest first.
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub new_policies: i64,
    pub written_premium: f64,
    pub new_quotes: i64,
}
