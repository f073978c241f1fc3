//! The Redis read-through cache against a real Redis: hits equal misses, reads really
//! come from the cache, writes invalidate, and with Redis unreachable every endpoint
//! still answers correctly.

use redis::AsyncCommands;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, auto_quote};

const REDIS: &str = "redis://127.0.0.1:6379";

async fn redis() -> redis::aio::MultiplexedConnection {
    redis::Client::open(REDIS)
        .expect("url")
        .get_multiplexed_async_connection()
        .await
        .expect("redis is running (scripts/ensure-services)")
}

async fn cached_app(pool: PgPool, redis_url: &str) -> (TestApp, String) {
    let prefix = format!("test-{}:", Uuid::new_v4());
    let app = TestApp::spawn_with(
        pool,
        &[
            ("CACHE_ENABLED", "1"),
            ("REDIS_URL", redis_url),
            ("CACHE_PREFIX", prefix.as_str()),
        ],
    )
    .await;
    (app, prefix)
}

#[sqlx::test(migrations = false)]
async fn reads_come_through_the_cache_and_writes_invalidate(pool: PgPool) {
    let (app, prefix) = cached_app(pool, REDIS).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    let mut r = redis().await;
    let preferences_key = format!("{prefix}tenant-preferences:sample-carrier");

    let miss = app.get_json("/api/v1/tenant/preferences", &agent).await;
    let stored: Option<String> = r.get(&preferences_key).await.expect("get");
    let hit = app.get_json("/api/v1/tenant/preferences", &agent).await;
    // Prove the next read is served from Redis: change the cached copy behind its back.
    let mut planted = miss.clone();
    planted["defaultCountry"] = json!("ZZ");
    let () = r
        .set(&preferences_key, planted.to_string())
        .await
        .expect("set");
    let from_cache = app.get_json("/api/v1/tenant/preferences", &agent).await;
    let patched = app
        .patch_json(
            "/api/v1/admin/tenant",
            Some(&admin),
            &json!({"defaultCountry": "CA"}),
        )
        .await;
    let after_write = app.get_json("/api/v1/tenant/preferences", &agent).await;

    assert!(stored.is_some(), "the miss filled the cache");
    assert_eq!(hit, miss, "a hit returns the same body as the miss");
    assert_eq!(from_cache["defaultCountry"], "ZZ");
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(
        after_write["defaultCountry"], "CA",
        "the write dropped the cached copy"
    );

    let companies = "/api/v1/underwriting-companies?productCode=personal-auto";
    let before = app.get_json(companies, &agent).await;
    let created = app
        .post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&admin),
            &json!({"name": "Cached Mutual", "productCode": "personal-auto", "country": "US", "state": "CA"}),
        )
        .await;
    let after = app.get_json(companies, &agent).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|c| c["name"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(!names(&before).contains(&"Cached Mutual".to_owned()));
    assert!(
        names(&after).contains(&"Cached Mutual".to_owned()),
        "a new company shows at once"
    );
    assert_eq!(after["total"], before["total"].as_u64().expect("total") + 1);

    let empty = app.get_json("/api/v1/dashboard/summary", &agent).await;
    let again = app.get_json("/api/v1/dashboard/summary", &agent).await;
    app.bound_policy(&agent, &auto_quote(35)).await;
    let one = app.get_json("/api/v1/dashboard/summary", &agent).await;
    assert_eq!(again, empty);
    assert_eq!(empty["totalPolicies"], 0);
    assert_eq!(one["totalPolicies"], 1, "a bind drops the cached dashboard");
    let keys: Vec<String> = r.keys(format!("{prefix}*")).await.expect("keys");
    assert!(
        keys.iter().any(|k| k.ends_with("dashboard:sample-carrier")),
        "{keys:?}"
    );
}

#[sqlx::test(migrations = false)]
async fn with_redis_unreachable_every_endpoint_still_answers(pool: PgPool) {
    let (app, _) = cached_app(pool, "redis://127.0.0.1:1").await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;

    let health: Value = app.get("/health", None).await.json().await.expect("json");
    let preferences = app.get_json("/api/v1/tenant/preferences", &agent).await;
    let patched = app
        .patch_json(
            "/api/v1/admin/tenant",
            Some(&admin),
            &json!({"defaultCountry": "CA"}),
        )
        .await;
    let after = app.get_json("/api/v1/tenant/preferences", &agent).await;
    let companies = app.get_json("/api/v1/underwriting-companies", &agent).await;
    app.bound_policy(&agent, &auto_quote(35)).await;
    let dashboard = app.get_json("/api/v1/dashboard/summary", &agent).await;

    assert_eq!(health["status"], "ok");
    assert_eq!(health["cache"], false);
    assert_eq!(preferences["tenantId"], "sample-carrier");
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(after["defaultCountry"], "CA");
    assert!(companies["items"].is_array());
    assert_eq!(dashboard["totalPolicies"], 1);
}
