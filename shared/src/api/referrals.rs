//! Underwriting referral queue types.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// A referral: a quote or transaction that needs an underwriter's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReferralView {
    pub referral_id: Uuid,
    pub quote_id: Option<Uuid>,
    pub policy_id: Option<Uuid>,
    pub policy_number: Option<String>,
    pub transaction_id: Option<Uuid>,
    pub version_id: Option<Uuid>,
    pub product_code: String,
    pub insured_name: String,
    pub effective_date: Option<String>,
    /// `NewBusiness`, `Endorse`, `Renew` or `Rewrite`.
    pub transaction_type: String,
    /// `Open`, `Approved`, `Declined`, `InfoRequested` or `Withdrawn`.
    pub status: String,
    pub priority: String,
    pub reasons: Vec<String>,
    pub assigned_to: Option<Uuid>,
    /// `[{by, text, at, decision?}]`
    pub comments: Vec<Value>,
    pub decision: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET /api/v1/uw/referrals` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct ReferralSearch {
    pub status: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignRequest {
    #[serde(default)]
    pub assigned_to: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentRequest {
    #[serde(default)]
    pub text: Option<String>,
}

/// `{decision: Approved | Declined | InfoRequested, reason?}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecideRequest {
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}
