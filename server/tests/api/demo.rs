//! The demo tenant's sample book: written once through the services, visible to each
//! demo user as their role allows.

use std::collections::HashMap;

use lattice_server::config::Config;
use lattice_server::services::demo_book::ensure_sample_book;
use lattice_server::state::App;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::TestApp;

async fn json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app.get(path, Some(token)).await;
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.expect("json")
}

#[sqlx::test(migrations = false)]
async fn the_sample_book_is_written_once_and_serves_every_role(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let state = App::new(Config::from_map(&HashMap::new()).expect("config"), pool).expect("app");

    ensure_sample_book(&state).await.expect("written");
    ensure_sample_book(&state)
        .await
        .expect("second run is a no-op");

    let agent = app.demo_token("agent1").await;
    let policies = json(&app, "/api/v1/policies", &agent).await;
    assert_eq!(policies["total"], 4);
    let quotes = json(&app, "/api/v1/quotes?status=Rated", &agent).await;
    assert!(quotes["total"].as_i64().expect("total") >= 1, "{quotes}");

    let uw = app.demo_token("uw1").await;
    let referrals = json(&app, "/api/v1/uw/referrals?status=Open", &uw).await;
    assert_eq!(referrals["total"], 1, "{referrals}");

    let customer = app.demo_token("customer1").await;
    let portal = json(&app, "/api/v1/customer-portal/summary", &customer).await;
    let owned = portal["policies"].as_array().expect("policies");
    assert_eq!(owned.len(), 1, "{portal}");
}
