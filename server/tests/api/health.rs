//! `GET /health` with the database up, with Redis, and with the database stopped.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use lattice_server::db;
use lattice_server::embedded_pg::EmbeddedPostgres;
use lattice_server::routes::health::PROBE_FRESH_FOR;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn health_is_ok_with_the_database_up_and_needs_no_token(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app.get("/health", None).await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["db"], true);
    assert_eq!(body["cache"], false, "no cache is configured");
    let ts = body["ts"].as_str().expect("ts");
    assert!(
        time::OffsetDateTime::parse(ts, &time::format_description::well_known::Rfc3339).is_ok()
    );
}

#[sqlx::test(migrations = false)]
async fn health_reports_the_cache_when_redis_answers(pool: PgPool) {
    let app = TestApp::spawn_with(
        pool,
        &[
            ("CACHE_ENABLED", "1"),
            ("REDIS_URL", "redis://127.0.0.1:6379"),
        ],
    )
    .await;

    let body: Value = app.get("/health", None).await.json().await.expect("json");

    assert_eq!(body["cache"], true);
}

#[sqlx::test(migrations = false)]
async fn health_reports_no_cache_when_redis_is_unreachable(pool: PgPool) {
    // Nothing listens on port 1: the cache is down, the service is still healthy.
    let app = TestApp::spawn_with(
        pool,
        &[("CACHE_ENABLED", "1"), ("REDIS_URL", "redis://127.0.0.1:1")],
    )
    .await;

    let response = app.get("/health", None).await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        (body["db"].clone(), body["cache"].clone()),
        (Value::Bool(true), Value::Bool(false))
    );
}

/// Transactions committed in the test's database so far, as PostgreSQL's statistics say
/// (a backend reports them within a second of going idle).
async fn commits(pool: &PgPool) -> i64 {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query_scalar(
        "select xact_commit from pg_stat_database where datname = current_database()",
    )
    .fetch_one(pool)
    .await
    .expect("statistics")
}

#[sqlx::test(migrations = false)]
async fn a_thousand_health_checks_share_a_few_probes(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let before = commits(&pool).await;
    let started = std::time::Instant::now();
    for _ in 0..1000 {
        assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
    }
    let elapsed = started.elapsed();
    let committed = commits(&pool).await - before;
    // One probe per quarter second at most, plus the one the burst started with, plus
    // what else commits meanwhile (autovacuum, the liveness lock, the statistics query).
    let allowed = 1 + (elapsed.as_millis() / PROBE_FRESH_FOR.as_millis()) as i64 + 15;
    assert!(
        committed <= allowed,
        "{committed} transactions for 1000 health checks in {elapsed:?}"
    );
}

/// A private embedded PostgreSQL is stopped under a running server and started again.
#[tokio::test]
async fn health_is_degraded_while_the_database_is_stopped_and_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    // As root, the postgres account must be able to reach the data directory.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let data = dir.path().join("pgdata");
    let pg = EmbeddedPostgres::start(&data, None)
        .await
        .expect("embedded PostgreSQL starts");
    let port = pg.port();
    pg.ensure_database("lattice").await.expect("database");
    let pool = db::connect(&pg.url("lattice"), 4, Duration::from_secs(10))
        .await
        .expect("pool");
    let app = TestApp::spawn(pool).await;
    let token = app.demo_token("admin").await;
    assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);

    pg.stop().await.expect("PostgreSQL stops");
    // Health answers from a probe at most a quarter second old: the outage shows by then.
    tokio::time::sleep(PROBE_FRESH_FOR).await;
    let response = app.get("/health", None).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["db"], false);
    // API routes answer with a clear 503 rather than hanging or a bare 500.
    assert_error(
        app.get("/api/v1/me", Some(&token)).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "DATABASE_UNAVAILABLE",
    )
    .await;

    let pg = EmbeddedPostgres::start(&data, Some(port))
        .await
        .expect("PostgreSQL restarts");
    let mut recovered = false;
    for _ in 0..40 {
        if app.get("/health", None).await.status() == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "health recovers once the database is back");
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );
    pg.stop().await.expect("PostgreSQL stops");
}
