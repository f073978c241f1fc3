//! Reference data and tenant settings types.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancellationReason {
    pub reason_code: String,
    pub description: String,
    /// INSURED, CARRIER or MUTUAL.
    pub initiator: String,
    pub cancellation_type: String,
    pub notice_days: i32,
    /// FLAT, NONE, PRO_RATA or SHORT_RATE.
    pub return_premium: String,
    pub is_system: bool,
}

/// `GET /api/v1/reference/state-eligibility`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    pub eligible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /api/v1/admin/compliance/eligibility`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EligibilityRequest {
    pub product_code: String,
    pub state_code: String,
    /// ACTIVE (default), SUSPENDED, CLOSED or FILING_PENDING.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnderwritingCompany {
    pub company_id: Uuid,
    pub name: String,
    pub product_code: String,
    pub country: String,
    /// A state code or `ALL`.
    pub state: String,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// Create (all fields) or update (any subset) an underwriting company.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompanyRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// `GET /api/v1/tenant/preferences`: what every user's UI needs to format dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantPreferences {
    pub tenant_id: String,
    pub default_country: String,
    pub date_formats_by_country: Value,
    pub date_format: String,
    pub ai_ml_config: Value,
}

/// `GET/PATCH /api/v1/admin/tenant`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantSettingsView {
    pub tenant_id: String,
    pub name: String,
    pub default_country: String,
    pub date_formats_by_country: Value,
    /// Product code (or `*`) -> template such as `PC-{ID8}`.
    pub policy_number_formats_by_product: Value,
    pub mfa_required: bool,
    pub ai_ml_config: Value,
    pub local_auth_enabled: bool,
    /// Days a rated quote stays bindable.
    pub quote_validity_days: i32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantSettingsPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub default_country: Option<String>,
    #[serde(default)]
    pub date_formats_by_country: Option<Value>,
    #[serde(default)]
    pub policy_number_formats_by_product: Option<Value>,
    #[serde(default)]
    pub mfa_required: Option<bool>,
    #[serde(default)]
    pub ai_ml_config: Option<Value>,
    #[serde(default)]
    pub local_auth_enabled: Option<bool>,
    #[serde(default)]
    pub quote_validity_days: Option<i32>,
}
