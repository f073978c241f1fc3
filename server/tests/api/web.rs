//! The web build served beside the API (`WEB_ROOT`): files, the single-page fallback,
//! cache headers, and API paths that never fall through to the app.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

const INDEX: &str = "<!doctype html><title>LatticePolicy</title><div id=root></div>";
const SCRIPT: &str = "console.log('app')";

/// A directory shaped like `vite build` output.
fn web_build() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("assets")).expect("assets dir");
    std::fs::write(dir.path().join("index.html"), INDEX).expect("index");
    std::fs::write(dir.path().join("assets/index-1a2b3c.js"), SCRIPT).expect("script");
    std::fs::write(dir.path().join("favicon.svg"), "<svg/>").expect("icon");
    dir
}

async fn text(response: reqwest::Response) -> String {
    response.text().await.expect("body")
}

#[sqlx::test(migrations = false)]
async fn pages_get_the_app_and_files_are_served_as_they_are(pool: PgPool) {
    let build = web_build();
    let root = build.path().to_str().expect("utf-8 path");
    let app = TestApp::spawn_with(pool, &[("WEB_ROOT", root)]).await;

    for page in [
        "/",
        "/login",
        "/policies/6b1f0a0e-1111-4111-8111-000000000001",
        "/admin/users",
    ] {
        let response = app.get(page, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{page}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/html")
        );
        assert_eq!(text(response).await, INDEX, "{page}");
    }

    let script = app.get("/assets/index-1a2b3c.js", None).await;
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(
        script.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        script.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .contains("default-src 'self'")
    );
    assert_eq!(text(script).await, SCRIPT);

    let icon = app.get("/favicon.svg", None).await;
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["cache-control"], "no-cache");
}

#[sqlx::test(migrations = false)]
async fn missing_files_and_api_paths_are_not_the_app(pool: PgPool) {
    let build = web_build();
    let root = build.path().to_str().expect("utf-8 path");
    let app = TestApp::spawn_with(pool, &[("WEB_ROOT", root)]).await;

    let missing = app.get("/assets/gone-0000.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(text(missing).await, INDEX);

    for path in ["/api/v1/no-such-thing", "/api/other", "/auth/nope"] {
        let response = app.get(path, None).await;
        assert_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), StatusCode::OK);
    let body: Value = health.json().await.expect("json");
    assert_eq!(body["status"], "ok");

    let post = app.post_json("/some/page", None, &json!({})).await;
    assert_error(post, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED").await;
}

#[sqlx::test(migrations = false)]
async fn without_a_web_build_pages_are_the_json_404(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let response = app.get("/login", None).await;

    assert_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[test]
fn a_web_root_without_index_html_is_refused_at_start() {
    let empty = tempfile::tempdir().expect("temp dir");
    let error = lattice_server::routes::web::WebApp::new(empty.path())
        .err()
        .expect("refused");
    assert!(error.to_string().contains("no index.html"), "{error}");
}

#[sqlx::test(migrations = false)]
async fn the_web_build_does_not_use_up_the_api_rate_limit(pool: PgPool) {
    let build = web_build();
    let root = build.path().to_str().expect("utf-8 path");
    let app = TestApp::spawn_with(pool, &[("WEB_ROOT", root), ("RATE_LIMIT_MAX", "2")]).await;

    for _ in 0..10 {
        assert_eq!(app.get("/search", None).await.status(), StatusCode::OK);
        assert_eq!(
            app.get("/assets/index-1a2b3c.js", None).await.status(),
            StatusCode::OK
        );
    }
    let token = app.demo_token("agent1").await; // API request 1
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status(),
        StatusCode::OK
    );
    let limited = app.get("/api/v1/me", Some(&token)).await;
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
}
