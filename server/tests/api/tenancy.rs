//! Tenant resolution and isolation at the API: `X-Tenant`, `?tenant=`, the token's tenant.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn a_request_naming_another_tenant_is_refused(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.new_tenant("acme").await;
    let token = app.demo_token("admin").await;

    let by_header = app
        .request(Method::GET, "/api/v1/me", Some(&token))
        .header("X-Tenant", "acme")
        .send()
        .await
        .expect("sent");
    assert_error(by_header, StatusCode::FORBIDDEN, "TENANT_MISMATCH").await;

    let by_query = app
        .get("/api/v1/admin/users?tenant=acme", Some(&token))
        .await;
    assert_error(by_query, StatusCode::FORBIDDEN, "TENANT_MISMATCH").await;

    let own = app
        .request(Method::GET, "/api/v1/me", Some(&token))
        .header("X-Tenant", "sample-carrier")
        .send()
        .await
        .expect("sent");
    assert_eq!(own.status(), StatusCode::OK);
}

#[sqlx::test(migrations = false)]
async fn each_tenant_sees_only_its_own_users(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let acme = app.new_tenant("acme").await;
    app.create_user(&acme, "acme-agent", &["agent"]).await;
    let sample = app.demo_token("admin").await;

    let acme_users: Value = app
        .get("/api/v1/admin/users", Some(&acme))
        .await
        .json()
        .await
        .expect("json");
    let sample_users: Value = app
        .get("/api/v1/admin/users", Some(&sample))
        .await
        .json()
        .await
        .expect("json");

    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|u| u["username"].as_str().expect("username").to_owned())
            .collect()
    };
    assert_eq!(names(&acme_users), ["acme-agent", "admin"]);
    assert_eq!(acme_users["total"], 2);
    assert_eq!(names(&sample_users), ["actuary1", "admin", "agent1", "uw1"]);
    assert!(
        sample_users["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|u| u["tenantId"] == "sample-carrier")
    );
}

#[sqlx::test(migrations = false)]
async fn a_user_cannot_sign_in_through_another_tenant(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.new_tenant("acme").await;

    // acme's admin and sample-carrier's admin share a username but nothing else.
    assert_error(
        app.login("sample-carrier", "admin", TEST_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
    assert_error(
        app.login("acme", "agent1", "password").await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
    let acme = app.token("acme", "admin", TEST_PASSWORD).await;
    let me: Value = app
        .get("/api/v1/me", Some(&acme))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["tenantId"], "acme");
}
