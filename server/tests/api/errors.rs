//! The cross-cutting contract: error envelope, request ids, headers, limits, CORS, 500s.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn unknown_routes_and_methods_get_the_envelope(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    assert_error(
        app.get("/api/v1/nothing-here", None).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    assert_error(
        app.get("/auth/login", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn request_ids_are_echoed_or_generated(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let echoed = app
        .request(Method::GET, "/api/v1/me", None)
        .header("x-request-id", "client-trace.42")
        .send()
        .await
        .expect("sent");
    assert_eq!(echoed.headers()["x-request-id"], "client-trace.42");
    let body: Value = echoed.json().await.expect("json");
    assert_eq!(body["traceId"], "client-trace.42");

    let replaced = app
        .request(Method::GET, "/health", None)
        .header("x-request-id", "not acceptable <script>")
        .send()
        .await
        .expect("sent");
    let id = replaced.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "a fresh UUID replaces a malformed id: {id}"
    );

    let a = app.get("/health", None).await.headers()["x-request-id"].clone();
    let b = app.get("/health", None).await.headers()["x-request-id"].clone();
    assert_ne!(a, b);
}

#[sqlx::test(migrations = false)]
async fn responses_carry_security_headers(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let response = app.get("/api/v1/me", Some(&admin)).await;

    let headers = response.headers();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .expect("csp")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(
        !headers.contains_key("strict-transport-security"),
        "HSTS only in production"
    );
}

#[sqlx::test(migrations = false)]
async fn production_adds_hsts_and_allows_only_listed_origins(pool: PgPool) {
    let app = TestApp::spawn_with(
        pool,
        &[
            ("NODE_ENV", "production"),
            ("DATABASE_URL", "postgres://unused-by-this-test/lattice"),
            (
                "JWT_SECRET",
                "dGhpcnR5LXR3by1ieXRlcy1vZi1yYW5kb20tand0LWtleQ",
            ),
            (
                "CUSTOMER_DATA_KEY",
                "Y3VzdG9tZXItZGF0YS1rZXktdGhhdC1pcy1yYW5kb20tMzI",
            ),
            (
                "MFA_TOKEN_SECRET",
                "bWZhLXRva2VuLXNlY3JldC10aGF0LWlzLXJhbmRvbS02NA",
            ),
            ("ALLOWED_ORIGINS", "https://portal.example.com"),
        ],
    )
    .await;

    let health = app.get("/health", None).await;
    assert!(
        health.headers()["strict-transport-security"]
            .to_str()
            .expect("hsts")
            .contains("max-age=")
    );

    let preflight = |origin: &'static str| {
        app.request(Method::OPTIONS, "/api/v1/me", None)
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization,x-tenant")
            .send()
    };
    let allowed = preflight("https://portal.example.com").await.expect("sent");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://portal.example.com"
    );
    assert_eq!(
        allowed.headers()["access-control-allow-credentials"],
        "true"
    );
    let refused = preflight("https://evil.example.net").await.expect("sent");
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[sqlx::test(migrations = false)]
async fn bodies_over_25_megabytes_are_refused(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let padding = "x".repeat(26 * 1024 * 1024);

    let response = app
        .post_json(
            "/auth/login",
            None,
            &json!({"username": "admin", "password": padding}),
        )
        .await;

    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE").await;
}

/// Malformed, deeply nested, non-UTF-8, out-of-range and mistyped bodies: each a 4xx with
/// the envelope, never a 500, and the server keeps answering.
#[sqlx::test(migrations = false)]
async fn hostile_bodies_get_a_4xx_with_the_envelope(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let token = app.demo_token("agent1").await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(5_000), "}".repeat(5_000));
    let bodies: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            br#"{"productCode": "personal-auto", "#.to_vec(),
            "application/json",
        ),
        ("nested arrays", deep.into_bytes(), "application/json"),
        (
            "nested objects",
            deep_object.into_bytes(),
            "application/json",
        ),
        (
            "not UTF-8",
            vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
            "application/json",
        ),
        (
            "huge number",
            br#"{"termMonths": 1e999999}"#.to_vec(),
            "application/json",
        ),
        ("a list", b"[1, 2, 3]".to_vec(), "application/json"),
        (
            "not JSON at all",
            b"productCode=personal-auto".to_vec(),
            "text/plain",
        ),
        ("empty", Vec::new(), "application/json"),
    ];

    for (what, body, content_type) in bodies {
        let response = app
            .request(Method::POST, "/api/v1/quotes", Some(&token))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
        let status = response.status();
        let envelope: Value = response.json().await.expect("a JSON envelope");
        assert!(status.is_client_error(), "{what}: {status} {envelope}");
        for field in ["code", "message", "traceId"] {
            assert!(
                envelope[field].is_string(),
                "{what}: no {field} in {envelope}"
            );
        }
    }
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), StatusCode::OK, "still serving");
}

/// A NUL character, which PostgreSQL cannot store in text, anywhere a string goes in:
/// 400 INVALID_TEXT, not a 500 (found by schemathesis).
#[sqlx::test(migrations = false)]
async fn nul_characters_in_text_get_a_400(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let calls = [
        app.get("/api/v1/quotes?q=%00", Some(&admin)).await,
        app.get("/api/v1/policies?q=a%00b", Some(&admin)).await,
        app.get("/api/v1/admin/customers/%00", Some(&admin)).await,
        app.post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&admin),
            &json!({"name": "a\u{0}b", "productCode": "homeowners", "state": "CA", "country": "US"}),
        )
        .await,
        app.post_json(
            "/auth/login",
            None,
            &json!({"tenantId": "sample-carrier", "username": "ad\u{0}min", "password": "x"}),
        )
        .await,
    ];
    for response in calls {
        assert_error(response, StatusCode::BAD_REQUEST, "INVALID_TEXT").await;
    }
}

#[sqlx::test(migrations = false)]
async fn internal_errors_reveal_nothing_of_their_cause(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    sqlx::query("alter table app_user drop column locked_until")
        .execute(&app.pool)
        .await
        .expect("break the schema");

    let response = app.login("sample-carrier", "admin", "password").await;

    let body = assert_error(
        response,
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
    )
    .await;
    assert_eq!(body["message"], "Internal server error");
    let text = body.to_string().to_lowercase();
    for leak in ["locked_until", "column", "sqlx", "postgres", "select"] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
    assert!(body.get("details").is_none());
}

/// A server posing as the Sentry host of a DSN; returns the DSN and what it received.
async fn sentry_host() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::body::Bytes;
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = received.clone();
    let app = axum::Router::new().fallback(move |body: Bytes| {
        let log = log.clone();
        async move {
            log.lock()
                .expect("log")
                .push(String::from_utf8_lossy(&body).into_owned());
            "{}"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let dsn = format!(
        "http://0123456789abcdef@{}/42",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (dsn, received)
}

#[sqlx::test(migrations = false)]
async fn a_server_error_reaches_the_error_tracker_with_its_trace_id(pool: PgPool) {
    let (dsn, received) = sentry_host().await;
    let app = TestApp::spawn_with(pool.clone(), &[("SENTRY_DSN", dsn.as_str())]).await;
    let agent = app.demo_token("agent1").await;
    for sql in [
        "create function refuse_quote() returns trigger language plpgsql as
             $$ begin raise exception 'injected quote failure'; end $$",
        "create trigger refuse_quote before insert on quote for each row execute function refuse_quote()",
    ] {
        sqlx::query(sql).execute(&pool).await.expect("trigger");
    }

    let response = app
        .post_json(
            "/api/v1/quotes",
            Some(&agent),
            &crate::helpers::auto_quote(35),
        )
        .await;
    let trace_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("request id")
        .to_owned();
    assert_error(
        response,
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
    )
    .await;
    let mut event = None;
    for _ in 0..100 {
        event = received
            .lock()
            .expect("log")
            .iter()
            .find(|body| body.contains(&trace_id))
            .cloned();
        if event.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let event = event.expect("the tracker received an event with the trace id");
    assert!(event.contains("500 POST /api/v1/quotes"), "{event}");
    assert!(
        event.contains("injected quote failure"),
        "the cause is reported: {event}"
    );
    assert!(
        !event.contains("Lovelace"),
        "no request data is sent: {event}"
    );
}
