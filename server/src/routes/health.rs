//! `GET /health`: public, unlogged, and honest about the database and the cache.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use lattice_shared::api::health::HealthResponse;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::json::Json;
use crate::state::{App, AppState};

/// How long one probe of the database and the cache answers for. `/health` is public and
/// never rate limited, so without this every call would be a query; with it, callers
/// within a quarter second share one probe, and concurrent ones wait for the same probe.
pub const PROBE_FRESH_FOR: Duration = Duration::from_millis(250);

/// Whether the database and the cache answered, and when that was asked.
#[derive(Clone, Copy, Debug)]
struct Checks {
    db: bool,
    cache: bool,
    at: Instant,
}

/// The last probe, and a lock that lets one caller at a time make the next.
#[derive(Default)]
pub struct HealthProbe {
    last: std::sync::Mutex<Option<Checks>>,
    probing: tokio::sync::Mutex<()>,
}

impl HealthProbe {
    fn fresh(&self) -> Option<Checks> {
        let last = *self.last.lock().unwrap_or_else(|p| p.into_inner());
        last.filter(|c| c.at.elapsed() < PROBE_FRESH_FOR)
    }

    async fn checks(&self, app: &App) -> Checks {
        if let Some(checks) = self.fresh() {
            return checks;
        }
        let _probing = self.probing.lock().await;
        // Another caller may have probed while this one waited.
        if let Some(checks) = self.fresh() {
            return checks;
        }
        let (db, cache) = tokio::join!(db_answers(app), cache_answers(app));
        let checks = Checks {
            db,
            cache,
            at: Instant::now(),
        };
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(checks);
        checks
    }
}

async fn db_answers(app: &App) -> bool {
    let query = sqlx::query_scalar!("select 1 as \"one!\"").fetch_one(&app.db);
    matches!(
        tokio::time::timeout(Duration::from_secs(2), query).await,
        Ok(Ok(1))
    )
}

async fn cache_answers(app: &App) -> bool {
    match &app.cache {
        Some(cache) => cache.ping().await,
        None => false,
    }
}

/// Reports `ok` (200) when PostgreSQL answered within two seconds, else `degraded` (503),
/// as of a probe at most [`PROBE_FRESH_FOR`] old.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, body = HealthResponse), (status = 503, body = HealthResponse)))]
pub async fn health(State(app): State<AppState>) -> (StatusCode, Json<HealthResponse>) {
    let Checks { db, cache, .. } = app.health.checks(&app).await;
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
