//! Policy lifecycle API types: endorse, cancel, reinstate, renew, rewrite, non-renew, the
//! previews, reserved transaction numbers, the as-of state and documents.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::rating::{Money, Premium, Underwriting};
use crate::policy::patch::Change;

/// `POST /policies/{id}/endorse` and its preview: either `changes` or a whole `payload`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EndorseRequest {
    /// `YYYY-MM-DD` within the term; the term's start when absent.
    pub effective_date: Option<String>,
    pub changes: Option<Vec<Change>>,
    /// The whole payload as it should be from the effective date.
    pub payload: Option<Value>,
    pub reason: Option<String>,
    pub notes: Option<String>,
    /// An underwriter's reason for approving a referral on the spot.
    pub override_reason: Option<String>,
    /// A number from reserve-number (one is generated when absent).
    pub transaction_number: Option<String>,
}

/// `POST /policies/{id}/cancel`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    /// Required, `YYYY-MM-DD` within the term.
    pub effective_date: Option<String>,
    /// A code of `/reference/cancellation-reason-codes`; decides the return-premium method.
    pub cancellation_reason_code: Option<String>,
    /// Accepted as the reason code when `cancellationReasonCode` is absent.
    pub reason_code: Option<String>,
    pub reason: Option<String>,
    pub transaction_number: Option<String>,
}

/// `POST /policies/{id}/reinstate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReinstateRequest {
    /// Required, `YYYY-MM-DD`, on or after the cancellation's effective date.
    pub effective_date: Option<String>,
    pub reason: Option<String>,
    pub transaction_number: Option<String>,
}

/// `POST /policies/{id}/renew` and `/rewrite`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RenewRequest {
    /// The new term's start: for a renewal the current expiration, for a rewrite today.
    pub effective_date: Option<String>,
    /// The payload to write; the payload in force at the end of the term when absent.
    pub payload: Option<Value>,
    pub override_reason: Option<String>,
    pub transaction_number: Option<String>,
}

/// `POST /policies/{id}/non-renew`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NonRenewRequest {
    pub reason_code: Option<String>,
    pub reason_description: Option<String>,
    /// When the notice is sent (`YYYY-MM-DD`); today when absent.
    pub notice_date: Option<String>,
}

/// `POST /policies/{id}/non-renew` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NonRenewResponse {
    pub ok: bool,
    pub policy_id: Uuid,
    pub transaction_number: String,
    /// The term expiration: the policy ends then.
    pub non_renewed_at: String,
    pub notice_date: String,
    pub reason_code: Option<String>,
    pub message: String,
}

/// `POST /policies/{id}/transactions/reserve-number`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReserveNumberRequest {
    /// endorse, cancel, reinstate, rewrite or renew.
    pub mode: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReservedNumber {
    pub transaction_number: String,
}

/// What a lifecycle transaction did: the version it wrote and, in `meta`, the details of
/// the transaction (change set, retro adjustment, refund, rebased transactions...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransactionResult {
    pub policy_id: Uuid,
    pub transaction_id: Uuid,
    pub version_id: Uuid,
    pub effective_date: String,
    pub processed_date: String,
    /// Endorse, Cancel, Reinstate, Renew or Rewrite.
    pub transaction_type: String,
    pub transaction_number: String,
    /// The policy's persisted status afterwards.
    pub status: String,
    /// What this transaction charged (negative: returned), with the coverage lines.
    pub premium: TransactionPremium,
    pub meta: Value,
}

/// The premium of a transaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TransactionPremium {
    pub by_coverage: Vec<Value>,
    pub fees: Money,
    pub taxes: Money,
    pub total: Money,
}

/// The full-term premiums at the endorsement's effective date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FullTerm {
    pub old: Money,
    pub new: Money,
    pub delta: Money,
}

/// The premium change over the rest of the term, stretch by stretch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RetroAdjustment {
    pub total_delta: Money,
    pub fees_delta: Money,
    pub taxes_delta: Money,
    pub impacted_segments: Vec<ImpactedSegment>,
}

/// A stretch of the term whose premium changed, and by how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImpactedSegment {
    pub from: String,
    /// Inclusive.
    pub to: String,
    pub total_delta: Money,
    pub fees_delta: Money,
    pub taxes_delta: Money,
}

/// Whether the endorsement lands before transactions already on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Rebase {
    pub would_rebase: bool,
    pub rebased_transactions: Vec<RebasedTransaction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RebasedTransaction {
    pub version_id: Uuid,
    pub transaction_id: Uuid,
    pub transaction_type: String,
    pub transaction_number: String,
    pub effective_date: String,
}

/// `POST /policies/{id}/endorse/preview`: the endorsement's numbers, nothing saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EndorsePreview {
    pub effective_date: String,
    pub underwriting: Underwriting,
    /// The charged delta.
    pub premium: TransactionPremium,
    pub full_term: FullTerm,
    pub retro_adjustment: RetroAdjustment,
    pub timeline: Rebase,
    /// The change set the endorsement records.
    pub changes: Vec<Change>,
}

/// `POST /policies/{id}/renew/preview`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RenewPreview {
    pub underwriting: Underwriting,
    pub premium: Premium,
    pub next_effective_date: String,
    pub next_expiration_date: String,
}

/// `GET /policies/{id}/state` query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct StateQuery {
    /// `YYYY-MM-DD`; today when absent. Clamped into the term.
    pub as_of: Option<String>,
}

/// `GET /policies/{id}/state?asOf=`: the policy as it stands on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyState {
    pub policy_id: Uuid,
    pub policy_number: String,
    /// The date asked about, clamped into the term.
    pub as_of: String,
    pub timeline_version: i32,
    pub segment_start: String,
    pub segment_end: String,
    /// False after a cancellation (until a reinstatement).
    pub in_force: bool,
    pub payload: Value,
    /// The full-term premium of that payload.
    pub premium: Value,
}

/// `GET /policies/{id}/documents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DocumentList {
    pub documents: Vec<DocumentItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DocumentItem {
    pub document_id: Uuid,
    /// POLICY_PACKET or RATING_WORKSHEET.
    #[serde(rename = "type")]
    pub kind: String,
    pub display_name: String,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: Option<String>,
    pub transaction_number: Option<String>,
    /// sha256 of the artifact (of the snapshot, for worksheets).
    pub content_hash: String,
    pub content_type: Option<String>,
    /// `None` when there is no artifact to download.
    pub byte_size: Option<i64>,
    pub customer_safe: bool,
    pub generated_at: String,
}
