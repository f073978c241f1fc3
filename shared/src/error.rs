//! The one error body every API failure uses.

use serde::{Deserialize, Serialize};

/// `{code, message, traceId, details?}`: the body of every non-2xx API response.
///
/// `code` is a stable machine-readable string (`UNAUTHENTICATED`, `VALIDATION_ERROR`, ...);
/// `traceId` is the request id, also sent as the `x-request-id` response header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiErrorBody {
    pub code: String,
    pub message: String,
    pub trace_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}
