//! `GET /health`.

use serde::{Deserialize, Serialize};

/// Liveness and dependency status. `status` is `ok` when the database answers, else `degraded`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    pub status: String,
    pub db: bool,
    pub cache: bool,
    /// RFC 3339 UTC time of the check.
    pub ts: String,
}
