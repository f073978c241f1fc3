//! `POST /auth/login`: tokens, error codes, lockout and rate limits.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn login_returns_a_token_and_the_user_with_fresh_permissions(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app.login("sample-carrier", "uw1", "password").await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["token"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
    assert_eq!(body["user"]["username"], "uw1");
    assert_eq!(body["user"]["tenantId"], "sample-carrier");
    assert_eq!(body["user"]["roles"], json!(["underwriter"]));
    let permissions = body["user"]["permissions"].as_array().expect("permissions");
    assert!(permissions.contains(&json!("uw.referrals.decide")));
    assert_eq!(permissions.len(), 12);
    assert_eq!(body["user"]["customerId"], Value::Null);
    let expires = body["expiresAt"].as_str().expect("expiresAt");
    let expires =
        time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339)
            .expect("rfc3339");
    let hours = (expires - time::OffsetDateTime::now_utc()).whole_minutes();
    assert!(
        (479..=480).contains(&hours),
        "token lasts 8 hours, got {hours} minutes"
    );

    let token = body["token"].as_str().expect("token");
    let me: Value = app
        .get("/api/v1/me", Some(token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["username"], "uw1");
}

#[sqlx::test(migrations = false)]
async fn the_tenant_may_come_from_the_header_and_usernames_ignore_case(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app
        .client
        .post(format!("{}/auth/login", app.address))
        .header("X-Tenant", "sample-carrier")
        .json(&json!({"username": "ADMIN", "password": "password"}))
        .send()
        .await
        .expect("sent");

    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["user"]["username"], "admin");
    assert_eq!(
        body["user"]["permissions"].as_array().map(Vec::len),
        Some(90)
    );
}

#[sqlx::test(migrations = false)]
async fn login_errors_use_the_reference_codes(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let no_tenant = app
        .post_json(
            "/auth/login",
            None,
            &json!({"username": "admin", "password": "password"}),
        )
        .await;
    assert_error(no_tenant, StatusCode::BAD_REQUEST, "TENANT_REQUIRED").await;

    let no_password = app
        .post_json(
            "/auth/login",
            None,
            &json!({"tenantId": "sample-carrier", "username": "admin"}),
        )
        .await;
    assert_error(no_password, StatusCode::BAD_REQUEST, "INVALID_CREDENTIALS").await;

    let wrong = assert_error(
        app.login("sample-carrier", "admin", "not-the-password")
            .await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
    let unknown_user = assert_error(
        app.login("sample-carrier", "nobody", "password").await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
    let unknown_tenant = assert_error(
        app.login("no-such-carrier", "admin", "password").await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
    // The three failures are indistinguishable to the caller.
    assert_eq!(wrong["message"], unknown_user["message"]);
    assert_eq!(wrong["message"], unknown_tenant["message"]);
}

#[sqlx::test(migrations = false)]
async fn passwords_are_stored_as_argon2id_hashes(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let hash: String =
        sqlx::query_scalar("select password_hash from app_user where username = 'admin'")
            .fetch_one(&app.pool)
            .await
            .expect("hash");

    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("password"));
}

#[sqlx::test(migrations = false)]
async fn five_failures_lock_the_account_even_against_the_right_password(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    for _ in 0..5 {
        let response = app
            .login("sample-carrier", "agent1", "wrong-password")
            .await;
        assert_error(response, StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS").await;
    }

    let locked = app.login("sample-carrier", "agent1", "password").await;

    let retry_after: u64 = locked
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=900).contains(&retry_after));
    assert_error(locked, StatusCode::LOCKED, "ACCOUNT_LOCKED").await;
    // Other accounts are unaffected.
    assert_eq!(
        app.login("sample-carrier", "uw1", "password")
            .await
            .status(),
        StatusCode::OK
    );

    // Fifteen minutes later (moved into the past here) the right password works again.
    sqlx::query(
        "update app_user set locked_until = now() - interval '1 second' where username = 'agent1'",
    )
    .execute(&app.pool)
    .await
    .expect("unlock");
    assert_eq!(
        app.login("sample-carrier", "agent1", "password")
            .await
            .status(),
        StatusCode::OK
    );
    let (attempts, locked_until): (i32, Option<time::OffsetDateTime>) = sqlx::query_as(
        "select failed_login_attempts, locked_until from app_user where username = 'agent1'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counters");
    assert_eq!((attempts, locked_until), (0, None));
}

#[sqlx::test(migrations = false)]
async fn a_success_resets_the_failure_count(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    for _ in 0..4 {
        app.login("sample-carrier", "agent1", "wrong-password")
            .await;
    }
    assert_eq!(
        app.login("sample-carrier", "agent1", "password")
            .await
            .status(),
        StatusCode::OK
    );

    for _ in 0..4 {
        app.login("sample-carrier", "agent1", "wrong-password")
            .await;
    }

    assert_eq!(
        app.login("sample-carrier", "agent1", "password")
            .await
            .status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrations = false)]
async fn login_attempts_are_rate_limited_per_ip(pool: PgPool) {
    let app = TestApp::spawn_with(pool, &[("LOGIN_RATE_LIMIT_MAX", "3")]).await;
    for _ in 0..3 {
        assert_ne!(
            app.login("sample-carrier", "admin", "password")
                .await
                .status(),
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    let limited = app.login("sample-carrier", "admin", "password").await;

    assert!(limited.headers().contains_key("retry-after"));
    let body = assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    assert_eq!(
        body["message"],
        "Too many login attempts, please try again later"
    );
}

#[sqlx::test(migrations = false)]
async fn every_route_but_health_is_rate_limited_per_ip(pool: PgPool) {
    let app = TestApp::spawn_with(pool, &[("RATE_LIMIT_MAX", "4")]).await;
    let token = app.demo_token("admin").await; // request 1
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status(),
            StatusCode::OK
        );
    }

    let limited = app.get("/api/v1/me", Some(&token)).await;

    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    for _ in 0..10 {
        assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
    }
}

#[sqlx::test(migrations = false)]
async fn an_account_disabled_by_an_admin_loses_access_on_its_next_request(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    crate::sessions::listening(&app).await;
    let admin = app.demo_token("admin").await;
    let token = app.demo_token("agent1").await;
    // Twice: the second answer comes from the session cache.
    for _ in 0..2 {
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status(),
            StatusCode::OK
        );
    }
    let agent = crate::sessions::user_id(&app, "agent1").await;
    let disabled = app
        .patch_json(
            &format!("/api/v1/admin/users/{agent}"),
            Some(&admin),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::OK);

    assert_error(
        app.get("/api/v1/me", Some(&token)).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;
    assert_error(
        app.login("sample-carrier", "agent1", "password").await,
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIALS",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn tokens_of_other_secrets_or_garbage_are_unauthenticated(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let other = TestApp::start(pool, &[("JWT_SECRET", "a-completely-different-secret")]).await;
    let foreign = other.demo_token("admin").await;

    for token in [foreign.as_str(), "garbage", "a.b.c"] {
        let body = assert_error(
            app.get("/api/v1/me", Some(token)).await,
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
        )
        .await;
        assert_eq!(body["message"], "Invalid or expired token");
    }
    let body = assert_error(
        app.get("/api/v1/me", None).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;
    assert_eq!(body["message"], "Login required");
}

#[sqlx::test(migrations = false)]
async fn local_login_can_be_disabled_per_tenant(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.new_tenant("sso-only").await;
    sqlx::query("update tenant set local_auth_enabled = false where tenant_id = 'sso-only'")
        .execute(&app.pool)
        .await
        .expect("update");

    assert_error(
        app.login("sso-only", "admin", TEST_PASSWORD).await,
        StatusCode::FORBIDDEN,
        "LOCAL_AUTH_DISABLED",
    )
    .await;
    assert_eq!(
        app.login("sample-carrier", "admin", "password")
            .await
            .status(),
        StatusCode::OK
    );
}
