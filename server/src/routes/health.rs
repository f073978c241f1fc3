//! `GET /health`: public, unlogged, and honest about the database and the cache.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use lattice_shared::api::health::HealthResponse;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::json::Json;
use crate::state::AppState;

/// Reports `ok` (200) when PostgreSQL answers within two seconds, else `degraded` (503).
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, body = HealthResponse), (status = 503, body = HealthResponse)))]
pub async fn health(State(app): State<AppState>) -> (StatusCode, Json<HealthResponse>) {
    let db_check = async {
        let query = sqlx::query_scalar!("select 1 as \"one!\"").fetch_one(&app.db);
        matches!(
            tokio::time::timeout(Duration::from_secs(2), query).await,
            Ok(Ok(1))
        )
    };
    let cache_check = async {
        match &app.cache {
            Some(cache) => cache.ping().await,
            None => false,
        }
    };
    let (db, cache) = tokio::join!(db_check, cache_check);
    let status = if db {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = HealthResponse {
        status: if db { "ok" } else { "degraded" }.to_owned(),
        db,
        cache,
        ts: OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default(),
    };
    (status, Json(body))
}
