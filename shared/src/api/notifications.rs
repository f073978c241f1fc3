//! Notification and outbox API types: templates, intents, and messages as administrators
//! see them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `PUT /api/v1/admin/notification-templates`: the template of an event (and product).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TemplateRequest {
    /// POLICY_ISSUED, POLICY_CANCELLED or POLICY_NON_RENEWAL.
    pub event_type: String,
    /// A product code; absent for every product.
    pub product_code: Option<String>,
    /// With `{{path}}` merge fields: policyNumber, effectiveDate, expirationDate, reason,
    /// noticeDate, transactionNumber, recipient.name, payload.* ...
    pub subject: String,
    pub body: String,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    pub template_id: Uuid,
    pub event_type: String,
    pub channel: String,
    pub product_code: Option<String>,
    pub subject: String,
    pub body: String,
    pub active: bool,
    pub updated_at: String,
    pub updated_by: String,
}

/// A notification of a policy: queued for delivery through the outbox, or suppressed
/// for want of an email address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub intent_id: Uuid,
    pub event_type: String,
    pub recipient_email: Option<String>,
    pub subject: String,
    pub body: String,
    /// Queued or Suppressed.
    pub status: String,
    pub created_at: String,
}

/// `GET /api/v1/admin/outbox` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct OutboxSearch {
    /// Pending, Processing, Retry, Sent or Failed.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// An outbox message as administrators see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessageView {
    pub message_id: Uuid,
    pub topic: String,
    /// Messages with one key are delivered in order (`Policy:<id>`).
    pub ordering_key: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: String,
    pub last_attempt_at: Option<String>,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
}
