//! Customer portal API types: exactly what a policyholder may see, and nothing internal
//! (no payloads, metadata, lifecycle, storage addresses or internal document fields).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::policies::Term;
use super::rating::Money;

/// Admins may look at the portal as a given customer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PortalQuery {
    pub customer_id: Option<String>,
    pub customer_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalCustomer {
    pub customer_id: Uuid,
    pub customer_key: String,
    pub customer_name: String,
    pub entity_type: String,
}

/// A policy in the portal list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalPolicy {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub product_code: String,
    /// Issued, In Force (Inforced), Expired or Cancelled.
    pub status: String,
    pub term: Term,
    /// The current full-term premium.
    pub premium: Money,
    pub created_at: String,
    pub updated_at: String,
}

/// `GET /api/v1/customer-portal/summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalSummary {
    pub customer: PortalCustomer,
    pub policies: Vec<PortalPolicy>,
}

/// The transaction that last changed the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalTransaction {
    pub version_id: Uuid,
    pub transaction_number: String,
    pub transaction_type: String,
    pub transaction_effective_date: String,
    pub processed_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalCoverage {
    pub code: String,
    pub label: String,
    pub selected: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub limit: Option<Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub deductible: Option<Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub percent: Option<Value>,
    pub premium: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Declarations {
    pub policy_number: String,
    pub product_code: String,
    pub product_name: String,
    pub status: String,
    pub named_insured: String,
    pub customer_key: String,
    pub term: Term,
    pub premium: Money,
    pub fees: Money,
    pub taxes: Money,
    pub transaction: Option<PortalTransaction>,
    pub coverages: Vec<PortalCoverage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    pub index: usize,
    pub year: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub vin: Option<String>,
}

/// Auto ID card data (personal auto only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdCard {
    pub available: bool,
    pub policy_number: String,
    pub named_insured: String,
    pub term: Term,
    pub vehicles: Vec<Vehicle>,
    pub state: Option<String>,
}

/// `GET /api/v1/customer-portal/policies/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalPolicyDetail {
    pub policy: PortalPolicy,
    pub declarations: Declarations,
    pub id_card: IdCard,
}

/// A document a customer may download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalDocument {
    pub document_id: Uuid,
    pub display_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub generated_at: String,
    pub transaction_type: Option<String>,
    pub transaction_number: Option<String>,
    /// The sha256 of the file.
    pub content_id: String,
    pub byte_size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortalDocuments {
    pub documents: Vec<PortalDocument>,
}
