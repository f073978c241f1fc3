//! Customer master API types: the customer as submitted and as shown (masked), searches,
//! PII reveal, audit events and policy links.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// A customer as submitted on create and update.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerPayload {
    /// INDIVIDUAL, COMPANY or BOTH.
    pub entity_type: Option<String>,
    #[serde(default)]
    pub identity: IdentityPayload,
    pub contact_points: Option<Vec<ContactPoint>>,
    pub addresses: Option<Vec<Address>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<Value>,
    /// Create even though possible duplicates were found.
    #[serde(default)]
    pub create_anyway: bool,
    /// The version read; required on update.
    pub expected_version: Option<i32>,
    /// Why the change is made (kept in the audit trail).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentityPayload {
    pub person: Option<PersonPayload>,
    pub company: Option<CompanyPayload>,
}

/// A person. On update an absent sensitive field is kept and `null` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonPayload {
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub suffix: Option<String>,
    pub preferred_name: Option<String>,
    pub gender: Option<String>,
    pub marital_status: Option<String>,
    pub driver_license_no: Option<String>,
    pub driver_license_state: Option<String>,
    /// `YYYY-MM-DD`; stored encrypted.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub dob: Option<Option<String>>,
    /// Stored encrypted.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ssn: Option<Option<String>>,
}

/// A company. On update an absent FEIN is kept and `null` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompanyPayload {
    pub legal_name: Option<String>,
    pub dba_name: Option<String>,
    pub entity_legal_type: Option<String>,
    pub incorporation_state: Option<String>,
    pub incorporation_country: Option<String>,
    pub naics: Option<String>,
    pub website: Option<String>,
    /// Stored encrypted.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub fein: Option<Option<String>>,
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ContactPoint {
    /// PHONE or EMAIL.
    pub contact_type: String,
    pub sub_type: Option<String>,
    pub value: String,
    #[serde(default)]
    pub preferred: bool,
    #[serde(default)]
    pub verified: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// MAILING, RESIDENCE, BILLING...
    pub address_type: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    #[serde(default)]
    pub primary: bool,
}

/// A customer as staff see it: SSN, FEIN and date of birth masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub customer_id: Uuid,
    pub customer_key: String,
    pub entity_type: String,
    pub status: String,
    pub display_name: String,
    pub version: i32,
    pub identity: IdentityView,
    pub contact_points: Vec<ContactPoint>,
    pub addresses: Vec<Address>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IdentityView {
    pub person: Option<PersonView>,
    pub company: Option<CompanyView>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub suffix: Option<String>,
    pub preferred_name: Option<String>,
    pub gender: Option<String>,
    pub marital_status: Option<String>,
    pub driver_license_no: Option<String>,
    pub driver_license_state: Option<String>,
    /// `***-**-****` when a date of birth is on file.
    pub dob_masked: Option<String>,
    /// `***-**-1234`.
    pub ssn_masked: Option<String>,
    pub ssn_last4: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompanyView {
    pub legal_name: Option<String>,
    pub dba_name: Option<String>,
    pub entity_legal_type: Option<String>,
    pub incorporation_state: Option<String>,
    pub incorporation_country: Option<String>,
    pub naics: Option<String>,
    pub website: Option<String>,
    /// `**-***1234`.
    pub fein_masked: Option<String>,
    pub fein_last4: Option<String>,
}

/// A likely duplicate found while creating or updating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PotentialMatch {
    pub customer_id: Uuid,
    pub customer_key: String,
    pub display_name: String,
    pub score: u32,
    /// Why: `name+dob`, `ssn`, `email`...
    pub reasons: Vec<String>,
}

/// `GET /api/v1/admin/customers/search`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct CustomerSearch {
    /// Part of the name or the customer key.
    pub q: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A full SSN or FEIN (matched by blind index, never stored in clear).
    pub tax_id: Option<String>,
    pub status: Option<String>,
    pub limit: Option<u32>,
}

/// A row of a customer search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerListItem {
    pub customer_id: Uuid,
    pub customer_key: String,
    pub entity_type: String,
    pub status: String,
    pub display_name: String,
    pub updated_at: String,
}

/// `POST /api/v1/admin/customers/{idOrKey}/reveal`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RevealRequest {
    /// ssn, fein or dob.
    pub field: Option<String>,
    /// Required: kept in the audit trail.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RevealResponse {
    pub field: String,
    pub value: Option<String>,
}

/// One entry of a customer's audit trail (masked snapshots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomerAuditView {
    pub event_id: Uuid,
    pub event_type: String,
    pub actor: String,
    pub reason: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<Value>,
    /// JSON Pointer paths that changed.
    pub field_diffs: Vec<String>,
    pub created_at: String,
}

/// `POST /api/v1/admin/customers/policy-links/assign`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AssignPolicyRequest {
    pub policy_id: Option<String>,
    /// A customer id or key.
    pub customer_id_or_key: Option<String>,
    pub customer_id: Option<String>,
    pub customer_key: Option<String>,
    /// PRIMARY_NAMED_INSURED (default), SECONDARY_NAMED_INSURED, ADDITIONAL_NAMED_INSURED.
    pub role_code: Option<String>,
    /// Defaults to true for the primary named insured.
    pub is_primary: Option<bool>,
}

/// A policy linked to a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyLinkView {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub customer_id: Uuid,
    pub customer_key: String,
    pub customer_name: String,
    pub role_code: String,
    pub is_primary: bool,
    pub source: String,
}
