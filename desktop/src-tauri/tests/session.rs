//! The session commands against a real HTTP server on loopback, with the in-memory secret
//! store: sign-in keeps the token out of the UI's hands, requests carry it, sign-out and
//! a 401 forget it.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use lattice_desktop::secrets::{MemoryStore, SecretStore};
use lattice_desktop::server_url;
use lattice_desktop::session::{ApiRequest, Session};
use serde_json::{Value, json};

const TOKEN: &str = "eyJ.signed.token";

/// A stand-in API: `/auth/login` signs in, `/api/v1/me` needs the token, `/api/v1/gone`
/// answers 401 as an expired session does. It records the Authorization headers seen.
async fn api() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let me_seen = seen.clone();
    let router = Router::new()
        .route(
            "/auth/login",
            post(move |headers: HeaderMap, Json(body): Json<Value>| {
                let record = record.clone();
                async move {
                    record.lock().expect("lock").push(authorization(&headers));
                    if body["password"] == "password" {
                        (
                            StatusCode::OK,
                            Json(json!({"token": TOKEN, "expiresAt": "2030-01-01T00:00:00Z",
                            "user": {"username": "uw1", "tenantId": "sample-carrier"}})),
                        )
                    } else {
                        (
                            StatusCode::UNAUTHORIZED,
                            Json(json!({"code": "INVALID_CREDENTIALS",
                            "message": "Invalid username or password"})),
                        )
                    }
                }
            }),
        )
        .route(
            "/api/v1/me",
            get(move |headers: HeaderMap| {
                let seen = me_seen.clone();
                async move {
                    let auth = authorization(&headers);
                    seen.lock().expect("lock").push(auth.clone());
                    if auth.as_deref() == Some(&format!("Bearer {TOKEN}")) {
                        (StatusCode::OK, Json(json!({"username": "uw1"})))
                    } else {
                        (
                            StatusCode::UNAUTHORIZED,
                            Json(json!({"code": "UNAUTHENTICATED"})),
                        )
                    }
                }
            }),
        )
        .route(
            "/api/v1/gone",
            get(|| async {
                (
                    StatusCode::UNAUTHORIZED,
                    Json(json!({"code": "UNAUTHENTICATED"})),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (address, seen)
}

fn authorization(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn request(method: &str, path: &str, body: Option<Value>) -> ApiRequest {
    serde_json::from_value(json!({
        "method": method, "path": path,
        "headers": [["Content-Type", "application/json"], ["Authorization", "Bearer forged"]],
        "body": body.map(|b| b.to_string()),
    }))
    .expect("request")
}

async fn signed_in() -> (Session, Arc<MemoryStore>, Arc<Mutex<Vec<Option<String>>>>) {
    let (address, seen) = api().await;
    let store = Arc::new(MemoryStore::default());
    let session = Session::new(
        store.clone(),
        Some(server_url::parse(&address).expect("url")),
    );
    let answer = session
        .request(request(
            "POST",
            "/auth/login",
            Some(json!({"username": "uw1", "password": "password"})),
        ))
        .await
        .expect("answered");
    assert_eq!(answer.status, 200);
    let body = answer.json().expect("json");
    assert_eq!(body["token"], "", "the UI never sees the token");
    assert_eq!(body["user"]["username"], "uw1");
    (session, store, seen)
}

fn stored_token(store: &MemoryStore, session: &Session) -> Option<String> {
    let account = format!(
        "session:{}",
        session
            .server()
            .expect("server")
            .as_str()
            .trim_end_matches('/')
    );
    store
        .get(&account)
        .expect("store")
        .map(|text| serde_json::from_str::<Value>(&text).expect("json")["token"].to_string())
}

#[tokio::test]
async fn sign_in_stores_the_token_and_requests_carry_it() {
    let (session, store, seen) = signed_in().await;

    assert_eq!(
        stored_token(&store, &session).as_deref(),
        Some("\"eyJ.signed.token\"")
    );
    let me = session
        .request(request("GET", "/api/v1/me", None))
        .await
        .expect("answered");

    assert_eq!(me.status, 200);
    let headers = seen.lock().expect("lock").clone();
    assert_eq!(
        headers,
        vec![None, Some(format!("Bearer {TOKEN}"))],
        "no forged header passes; the stored token is sent"
    );
    assert_eq!(
        session.restore().expect("restore").expect("user")["username"],
        "uw1"
    );
}

#[tokio::test]
async fn sign_out_clears_the_keychain_entry() {
    let (session, store, _) = signed_in().await;

    session.sign_out().expect("signed out");

    assert_eq!(stored_token(&store, &session), None);
    assert!(session.restore().expect("restore").is_none());
    let me = session
        .request(request("GET", "/api/v1/me", None))
        .await
        .expect("answered");
    assert_eq!(me.status, 401, "no token is sent any more");
}

#[tokio::test]
async fn a_401_from_the_api_ends_the_session() {
    let (session, store, _) = signed_in().await;

    let gone = session
        .request(request("GET", "/api/v1/gone", None))
        .await
        .expect("answered");

    assert_eq!(gone.status, 401);
    assert_eq!(stored_token(&store, &session), None);
    assert!(session.restore().expect("restore").is_none());
}

#[tokio::test]
async fn a_refused_sign_in_stores_nothing() {
    let (address, _) = api().await;
    let store = Arc::new(MemoryStore::default());
    let session = Session::new(
        store.clone(),
        Some(server_url::parse(&address).expect("url")),
    );

    let refused = session
        .request(request(
            "POST",
            "/auth/login",
            Some(json!({"username": "uw1", "password": "wrong"})),
        ))
        .await
        .expect("answered");

    assert_eq!(refused.status, 401);
    assert_eq!(refused.json().expect("json")["code"], "INVALID_CREDENTIALS");
    assert!(session.restore().expect("restore").is_none());
}

#[tokio::test]
async fn without_a_server_requests_are_refused_clearly() {
    let session = Session::new(Arc::new(MemoryStore::default()), None);

    let error = session
        .request(request("GET", "/api/v1/me", None))
        .await
        .expect_err("refused");

    assert_eq!(error.to_string(), "Set the server address first");
}
