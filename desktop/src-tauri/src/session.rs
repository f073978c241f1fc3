//! The signed-in session: every API request of the UI goes through here, so the token
//! never reaches JavaScript. Sign-in answers are intercepted: their token goes to the
//! secret store and the UI gets the answer without it. A 401 ends the session.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use crate::secrets::{SecretError, SecretStore};
use crate::server_url;

/// The endpoints whose successful answer starts a session.
const SIGN_IN_PATHS: &[&str] = &["/auth/login", "/auth/mfa/verify", "/auth/mfa/setup/confirm"];
/// Response headers the UI may read.
const PASSED_HEADERS: &[&str] = &[
    "content-type",
    "content-disposition",
    "x-request-id",
    "retry-after",
];

/// A request from the UI (the platform adapter's `ApiRequest`).
#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiRequest {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// The answer handed back to the UI; the body is base64 so PDFs pass unharmed.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body_base64: String,
}

impl ApiResponse {
    fn body(&self) -> Vec<u8> {
        BASE64.decode(&self.body_base64).unwrap_or_default()
    }

    /// The body as JSON, for tests and callers that expect JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body()).ok()
    }
}

/// What is kept in the secret store for a server: the token and the user it belongs to.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    token: String,
    user: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("Set the server address first")]
    NoServer,
    #[error("{0}")]
    BadRequest(String),
    #[error("The server could not be reached: {0}")]
    Unreachable(String),
    #[error(transparent)]
    Secrets(#[from] crate::secrets::SecretError),
}

pub struct Session {
    store: Arc<dyn SecretStore>,
    http: reqwest::Client,
    server: RwLock<Option<Url>>,
}

impl Session {
    pub fn new(store: Arc<dyn SecretStore>, server: Option<Url>) -> Self {
        // reqwest is built without a default TLS provider: use ring, as the server does.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("lattice-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            store,
            http,
            server: RwLock::new(server),
        }
    }

    pub fn server(&self) -> Option<Url> {
        self.server
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Points the app at another server; a session with the previous one is kept for
    /// when the user comes back to it.
    pub fn set_server(&self, url: Url) {
        *self
            .server
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(url);
    }

    pub fn store_description(&self) -> &'static str {
        self.store.describe()
    }

    /// The keychain account of a server's session.
    fn account(server: &Url) -> String {
        format!("session:{}", server.as_str().trim_end_matches('/'))
    }

    fn stored(&self, server: &Url) -> Result<Option<Stored>, SessionError> {
        Ok(self
            .store
            .get(&Self::account(server))?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Runs a keychain call off the async workers: the Secret Service client blocks.
    async fn with_store<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn SecretStore) -> Result<T, SecretError> + Send + 'static,
    ) -> Result<T, SessionError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || call(store.as_ref()))
            .await
            .map_err(|e| SecretError(format!("the keychain call stopped: {e}")))?
            .map_err(SessionError::from)
    }

    /// The user of the session with the current server, if one survives.
    pub fn restore(&self) -> Result<Option<Value>, SessionError> {
        let Some(server) = self.server() else {
            return Ok(None);
        };
        Ok(self.stored(&server)?.map(|s| s.user))
    }

    /// Forgets the session with the current server.
    pub fn sign_out(&self) -> Result<(), SessionError> {
        if let Some(server) = self.server() {
            self.store.delete(&Self::account(&server))?;
        }
        Ok(())
    }

    /// Sends a UI request to the server with the session's token.
    pub async fn request(&self, request: ApiRequest) -> Result<ApiResponse, SessionError> {
        let server = self.server().ok_or(SessionError::NoServer)?;
        let url = server_url::join(&server, &request.path).map_err(SessionError::BadRequest)?;
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| SessionError::BadRequest(format!("{} is not a method", request.method)))?;
        let account = Self::account(&server);
        let token = self
            .with_store(move |store| store.get(&account))
            .await?
            .and_then(|text| serde_json::from_str::<Stored>(&text).ok())
            .map(|s| s.token);
        let mut builder = self.http.request(method, url);
        for (name, value) in &request.headers {
            // The token is ours to add; the UI never has one to send.
            if !name.eq_ignore_ascii_case("authorization") {
                builder = builder.header(name, value);
            }
        }
        if let Some(token) = &token {
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| SessionError::Unreachable(e.to_string()))?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = PASSED_HEADERS
            .iter()
            .filter_map(|name| {
                let value = response.headers().get(*name)?.to_str().ok()?;
                Some(((*name).to_owned(), value.to_owned()))
            })
            .collect();
        let mut body = response
            .bytes()
            .await
            .map_err(|e| SessionError::Unreachable(e.to_string()))?
            .to_vec();

        let path = request.path.split('?').next().unwrap_or_default();
        let account = Self::account(&server);
        if status == 200 && SIGN_IN_PATHS.contains(&path) {
            if let Some((stored, without_token)) = take_token(&body) {
                self.with_store(move |store| store.set(&account, &stored))
                    .await?;
                body = without_token;
            }
        } else if status == 401 && token.is_some() {
            self.with_store(move |store| store.delete(&account)).await?;
        }
        Ok(ApiResponse {
            status,
            headers,
            body_base64: BASE64.encode(body),
        })
    }
}

/// Splits a sign-in answer into what is stored (token and user) and the answer the UI
/// gets (the same, with an empty token). Answers without a token (an MFA challenge) give
/// `None` and pass unchanged.
fn take_token(body: &[u8]) -> Option<(String, Vec<u8>)> {
    let Ok(Value::Object(mut answer)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    let Some(Value::String(token)) = answer.remove("token") else {
        return None;
    };
    let user = answer.get("user").cloned().unwrap_or(Value::Null);
    let stored = serde_json::to_string(&Stored { token, user }).ok()?;
    // The UI's sign-in code expects the field; it gets no secret in it.
    answer.insert("token".into(), Value::String(String::new()));
    Some((stored, serde_json::to_vec(&answer).ok()?))
}
