//! Two-factor sign-in: enrolment, challenges, replay and skew, recovery codes, lockout,
//! rate limits, administrator reset, and the security trail that records it all.

use lattice_server::auth::totp::{STEP, code_at, secret_from_manual_key};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

const TENANT: &str = "sample-carrier";

fn now() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).expect("after 1970")
}

/// The code of `secret` `offset` steps from now.
fn code(secret: &[u8], offset: i64) -> String {
    let at = now().saturating_add_signed(offset * i64::try_from(STEP).expect("small"));
    code_at(secret, at, 6)
}

/// Makes the demo tenant require MFA; returns an admin token issued before it did.
pub(crate) async fn require_mfa(app: &TestApp) -> String {
    let admin = app.demo_token("admin").await;
    let response = app
        .patch_json(
            "/api/v1/admin/tenant",
            Some(&admin),
            &json!({"mfaRequired": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    admin
}

async fn login_json(app: &TestApp, username: &str, extra: Value) -> (StatusCode, Value) {
    let mut body = json!({"tenantId": TENANT, "username": username, "password": "password"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let response = app.post_json("/auth/login", None, &body).await;
    let status = response.status();
    (status, response.json().await.expect("json"))
}

/// Enrols `username` and returns its secret and the enrolment's answer.
pub(crate) async fn enrol(app: &TestApp, username: &str) -> (Vec<u8>, Value) {
    let (status, setup) = login_json(app, username, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let secret = secret_from_manual_key(setup["manualKey"].as_str().expect("manualKey"))
        .expect("base32 key");
    let response = app
        .post_json(
            "/auth/mfa/setup/confirm",
            None,
            &json!({"setupToken": setup["setupToken"], "otp": code(&secret, 0)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "enrolled");
    (secret, response.json().await.expect("json"))
}

async fn verify(app: &TestApp, body: &Value) -> reqwest::Response {
    app.post_json("/auth/mfa/verify", None, body).await
}

async fn challenge(app: &TestApp, username: &str) -> String {
    let (status, body) = login_json(app, username, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["mfaRequired"], true, "{body}");
    body["challengeToken"]
        .as_str()
        .expect("challengeToken")
        .to_owned()
}

#[sqlx::test(migrations = false)]
async fn enrolment_challenges_and_codes_that_work_only_once(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    require_mfa(&app).await;

    let (status, setup) = login_json(&app, "agent1", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(setup["mfaRequired"], true);
    assert_eq!(setup["setupRequired"], true);
    assert!(
        setup.get("token").is_none(),
        "no token before the second factor"
    );
    let uri = setup["otpAuthUri"].as_str().expect("uri");
    assert!(uri.starts_with("otpauth://totp/LatticePolicy%3Aagent1%40sample-carrier?secret="));
    assert!(uri.contains("&issuer=LatticePolicy&algorithm=SHA1&digits=6&period=30"));
    let secret = secret_from_manual_key(setup["manualKey"].as_str().expect("key")).expect("key");
    let wrong = app
        .post_json(
            "/auth/mfa/setup/confirm",
            None,
            &json!({"setupToken": setup["setupToken"], "otp": code(&secret, 3)}),
        )
        .await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "INVALID_OTP").await;
    let confirmed: Value = app
        .post_json(
            "/auth/mfa/setup/confirm",
            None,
            &json!({"setupToken": setup["setupToken"], "otp": code(&secret, 0)}),
        )
        .await
        .json()
        .await
        .expect("json");
    let token = confirmed["token"].as_str().expect("token");
    let recovery: Vec<String> = confirmed["recoveryCodes"]
        .as_array()
        .expect("recovery codes")
        .iter()
        .map(|c| c.as_str().expect("code").to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    assert_eq!(
        app.get("/api/v1/me", Some(token)).await.status(),
        StatusCode::OK
    );

    // The secret is stored encrypted.
    let stored: String =
        sqlx::query_scalar("select mfa_secret from app_user where username = 'agent1'")
            .fetch_one(&pool)
            .await
            .expect("secret");
    assert!(stored.starts_with("v1."), "{stored}");
    let key = setup["manualKey"].as_str().expect("key");
    assert!(!stored.contains(key));

    // A challenge: the next step's code works (one step of skew), once.
    let first = challenge(&app, "agent1").await;
    let next = code(&secret, 1);
    let accepted = verify(&app, &json!({"challengeToken": first, "otp": next})).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let second = challenge(&app, "agent1").await;
    let replayed = verify(&app, &json!({"challengeToken": second, "otp": next})).await;
    let body = assert_error(replayed, StatusCode::UNAUTHORIZED, "INVALID_OTP").await;
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("already been used"))
    );
    for offset in [-2, 3] {
        let far = verify(
            &app,
            &json!({"challengeToken": second, "otp": code(&secret, offset)}),
        )
        .await;
        assert_error(far, StatusCode::UNAUTHORIZED, "INVALID_OTP").await;
    }
    let short = verify(&app, &json!({"challengeToken": second, "otp": "12345"})).await;
    assert_error(short, StatusCode::BAD_REQUEST, "INVALID_OTP").await;

    // A recovery code works once.
    let with_recovery = verify(
        &app,
        &json!({"challengeToken": second, "recoveryCode": recovery[0].to_lowercase()}),
    )
    .await;
    assert_eq!(with_recovery.status(), StatusCode::OK);
    let again = verify(
        &app,
        &json!({"challengeToken": second, "recoveryCode": recovery[0]}),
    )
    .await;
    assert_error(again, StatusCode::UNAUTHORIZED, "INVALID_RECOVERY_CODE").await;
}

#[sqlx::test(migrations = false)]
async fn a_code_given_with_the_password_signs_in_at_once(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    require_mfa(&app).await;
    let (secret, _) = enrol(&app, "uw1").await;

    let (wrong_status, wrong) = login_json(&app, "uw1", json!({"otp": code(&secret, 3)})).await;
    let spaced = code(&secret, 1);
    let (status, body) = login_json(
        &app,
        "uw1",
        json!({"otp": format!("{} {}", &spaced[..3], &spaced[3..])}),
    )
    .await;

    assert_eq!(wrong_status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong["code"], "INVALID_OTP");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["token"].is_string());
    assert_eq!(body["user"]["username"], "uw1");
}

#[sqlx::test(migrations = false)]
async fn a_challenge_token_is_not_an_access_token_and_expires_with_its_kind(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    require_mfa(&app).await;
    let (_, setup) = login_json(&app, "uw1", json!({})).await;
    let setup_token = setup["setupToken"].as_str().expect("token");

    let as_bearer = app.get("/api/v1/me", Some(setup_token)).await;
    let as_challenge = verify(
        &app,
        &json!({"challengeToken": setup_token, "otp": "123456"}),
    )
    .await;
    let garbage = verify(&app, &json!({"challengeToken": "x.y.z", "otp": "123456"})).await;

    assert_error(as_bearer, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
    assert_error(
        as_challenge,
        StatusCode::UNAUTHORIZED,
        "INVALID_MFA_CHALLENGE",
    )
    .await;
    assert_error(garbage, StatusCode::UNAUTHORIZED, "INVALID_MFA_CHALLENGE").await;
}

#[sqlx::test(migrations = false)]
async fn wrong_codes_lock_the_account_like_wrong_passwords(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = require_mfa(&app).await;
    let (secret, _) = enrol(&app, "uw1").await;
    let token = challenge(&app, "uw1").await;
    let wrong = if code(&secret, 0) == "000000" {
        "111111"
    } else {
        "000000"
    };

    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            verify(&app, &json!({"challengeToken": token, "otp": wrong}))
                .await
                .status(),
        );
    }
    let right_code = verify(
        &app,
        &json!({"challengeToken": token, "otp": code(&secret, 1)}),
    )
    .await;
    let (password_status, _) = login_json(&app, "uw1", json!({})).await;

    assert_eq!(statuses, vec![StatusCode::UNAUTHORIZED; 5]);
    assert_error(right_code, StatusCode::LOCKED, "ACCOUNT_LOCKED").await;
    assert_eq!(password_status, StatusCode::LOCKED);
    let events = app
        .get_json("/api/v1/admin/security/events?pageSize=50", &admin)
        .await;
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["username"] == "uw1")
        .filter_map(|e| e["eventType"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "MFA_FAILED").count(), 5);
    assert!(kinds.contains(&"ACCOUNT_LOCKED"));
    assert!(kinds.contains(&"MFA_ENROLLED"));
}

#[sqlx::test(migrations = false)]
async fn the_mfa_routes_are_rate_limited_per_client(pool: PgPool) {
    let app = TestApp::spawn_with(pool, &[("MFA_RATE_LIMIT_MAX", "3")]).await;
    let body = json!({"challengeToken": "x", "otp": "123456"});

    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(verify(&app, &body).await.status());
    }
    let limited = verify(&app, &body).await;

    assert_eq!(statuses, vec![StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
}

#[sqlx::test(migrations = false)]
async fn an_administrator_resets_a_lost_second_factor(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    require_mfa(&app).await;
    let (_, enrolled) = enrol(&app, "agent1").await;
    let user_id = enrolled["user"]["id"].as_str().expect("id").to_owned();
    let (_, admin_setup) = login_json(&app, "admin", json!({})).await;
    let admin_secret =
        secret_from_manual_key(admin_setup["manualKey"].as_str().expect("key")).expect("key");
    let admin: Value = app
        .post_json(
            "/auth/mfa/setup/confirm",
            None,
            &json!({"setupToken": admin_setup["setupToken"], "otp": code(&admin_secret, 0)}),
        )
        .await
        .json()
        .await
        .expect("json");
    let admin = admin["token"].as_str().expect("token").to_owned();
    let agent = enrolled["token"].as_str().expect("token");
    let path = format!("/api/v1/admin/users/{user_id}/mfa/reset");

    let forbidden = app.post_json(&path, Some(agent), &json!({})).await;
    let unknown = app
        .post_json(
            "/api/v1/admin/users/6f1c1a5e-0000-4000-8000-000000000000/mfa/reset",
            Some(&admin),
            &json!({}),
        )
        .await;
    let reset = app.post_json(&path, Some(&admin), &json!({})).await;
    let (_, after) = login_json(&app, "agent1", json!({})).await;

    assert_error(forbidden, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "USER_NOT_FOUND").await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(after["setupRequired"], true, "enrols again: {after}");
    let events = app
        .get_json(
            &format!("/api/v1/admin/security/events?eventType=MFA_RESET&userId={user_id}"),
            &admin,
        )
        .await;
    assert_eq!(events["total"], 1);
    assert_eq!(events["items"][0]["actorUsername"], "admin");
}

#[sqlx::test(migrations = false)]
async fn the_security_trail_records_sign_ins_and_is_for_security_readers(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let wrong = app.login(TENANT, "agent1", "not-the-password").await;
    let ghost = app.login(TENANT, "ghost", "whatever").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ghost.status(), StatusCode::UNAUTHORIZED);
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;

    let failures = app
        .get_json(
            "/api/v1/admin/security/events?eventType=LOGIN_FAILED",
            &admin,
        )
        .await;
    let successes = app
        .get_json(
            "/api/v1/admin/security/events?eventType=LOGIN_SUCCEEDED",
            &admin,
        )
        .await;
    let as_agent = app.get("/api/v1/admin/security/events", Some(&agent)).await;
    let bad_type = app
        .get("/api/v1/admin/security/events?eventType=NOPE", Some(&admin))
        .await;

    let reasons: Vec<(String, String)> = failures["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            (
                e["username"].as_str().unwrap_or_default().to_owned(),
                e["details"]["reason"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("ghost".to_owned(), "unknown_user".to_owned()),
            ("agent1".to_owned(), "wrong_password".to_owned()),
        ]
    );
    assert_eq!(successes["total"], 2);
    assert!(
        failures["items"][0]["clientIp"]
            .as_str()
            .is_some_and(|ip| ip == "127.0.0.1")
    );
    assert_error(as_agent, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_error(
        bad_type,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
}
