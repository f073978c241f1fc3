//! `TestApp`: a running server with its database, and helpers to call it.

use std::collections::HashMap;

use lattice_server::config::Config;
use lattice_server::services::demo::{DEMO_PASSWORD, DEMO_TENANT};
use lattice_server::services::tenants::{NewTenant, create_tenant};
use lattice_server::startup::Application;
use lattice_server::{db, services};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

/// The password of users the tests create.
pub const TEST_PASSWORD: &str = "Orchard-Lantern-2047!";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: PgPool,
}

impl TestApp {
    /// Migrates the database, ensures the demo tenant and starts the server.
    pub async fn spawn(pool: PgPool) -> Self {
        Self::spawn_with(pool, &[]).await
    }

    /// As [`TestApp::spawn`], with extra environment variables for the configuration.
    pub async fn spawn_with(pool: PgPool, env: &[(&str, &str)]) -> Self {
        db::migrate::migrate(&pool).await.expect("migrations apply");
        services::demo::ensure_demo_tenant(&pool)
            .await
            .expect("demo tenant");
        Self::start(pool, env).await
    }

    /// Starts a server on an already prepared database. `TEST_LOG=<level>` prints the
    /// server's logs (run with `--nocapture`) when a test needs explaining.
    pub async fn start(pool: PgPool, env: &[(&str, &str)]) -> Self {
        lattice_server::telemetry::install_crypto_provider();
        if let Ok(level) = std::env::var("TEST_LOG") {
            lattice_server::telemetry::init(&level);
        }
        let mut vars: HashMap<String, String> = [
            ("HOST", "127.0.0.1"),
            ("PORT", "0"),
            ("RATE_LIMIT_MAX", "0"),
            ("LOGIN_RATE_LIMIT_MAX", "0"),
            ("CACHE_ENABLED", "0"),
            // Outbox tests run their own worker.
            ("ASYNC_PUSH_ENABLED", "0"),
            ("LOG_LEVEL", "error"),
        ]
        .into_iter()
        .chain(env.iter().copied())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        vars.retain(|_, v| !v.is_empty());
        let config = Config::from_map(&vars).expect("test configuration is valid");
        let app = Application::build(config, pool.clone())
            .await
            .expect("server builds");
        let address = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until(std::future::pending()));
        Self {
            address,
            client: reqwest::Client::new(),
            pool,
        }
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{path}", self.address));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn login(&self, tenant: &str, username: &str, password: &str) -> Response {
        self.post_json(
            "/auth/login",
            None,
            &json!({"tenantId": tenant, "username": username, "password": password}),
        )
        .await
    }

    /// Logs in and returns the bearer token, failing the test otherwise.
    pub async fn token(&self, tenant: &str, username: &str, password: &str) -> String {
        let response = self.login(tenant, username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        let body: Value = response.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A token of a demo user of `sample-carrier`.
    pub async fn demo_token(&self, username: &str) -> String {
        self.token(DEMO_TENANT, username, DEMO_PASSWORD).await
    }

    /// Provisions a tenant whose admin is `admin` / [`TEST_PASSWORD`]; returns its token.
    pub async fn new_tenant(&self, tenant_id: &str) -> String {
        create_tenant(
            &self.pool,
            NewTenant {
                tenant_id: tenant_id.to_owned(),
                name: format!("Tenant {tenant_id}"),
                admin_username: "admin".to_owned(),
                admin_password: TEST_PASSWORD.to_owned(),
            },
        )
        .await
        .expect("tenant created");
        self.token(tenant_id, "admin", TEST_PASSWORD).await
    }

    /// Creates a user through the admin API; returns the created user.
    pub async fn create_user(&self, admin_token: &str, username: &str, roles: &[&str]) -> Value {
        let response = self
            .post_json(
                "/api/v1/admin/users",
                Some(admin_token),
                &json!({"username": username, "password": TEST_PASSWORD, "roles": roles}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "user {username} created"
        );
        response.json().await.expect("json")
    }
}

/// Asserts the error envelope and returns its body.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status for {code}");
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("x-request-id header");
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["code"], code, "body: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message: {body}"
    );
    assert_eq!(
        body["traceId"],
        request_id.as_str(),
        "traceId is the request id"
    );
    body
}

/// A port nobody listens on right now (for the server binary).
pub fn free_port() -> String {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
        .to_string()
}

/// Whether a server at `base` answers `/health` with 200 within `limit`.
pub async fn healthy_within(
    client: &reqwest::Client,
    base: &str,
    limit: std::time::Duration,
) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        let health = client.get(format!("{base}/health")).send().await;
        if health.is_ok_and(|r| r.status() == StatusCode::OK) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// A connection URL for the database behind `pool` (for the server binary).
pub fn database_url(pool: &PgPool) -> String {
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL is set for tests");
    let database = pool
        .connect_options()
        .get_database()
        .expect("test database name")
        .to_owned();
    let (server, _) = base
        .rsplit_once('/')
        .expect("DATABASE_URL has a database part");
    format!("{server}/{database}")
}

impl TestApp {
    pub async fn patch_json(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::PATCH, path, token)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Rates `payload` as a new quote and returns the quote view.
    pub async fn rated_quote(&self, token: &str, payload: &Value) -> Value {
        let response = self.post_json("/api/v1/quotes", Some(token), payload).await;
        assert_eq!(response.status(), StatusCode::OK, "quote rated");
        response.json().await.expect("json")
    }

    pub async fn bind(&self, token: &str, quote_id: &str, body: &Value) -> Response {
        self.post_json(
            &format!("/api/v1/quotes/{quote_id}/bind"),
            Some(token),
            body,
        )
        .await
    }

    /// Rates and binds `payload`; returns the bind response.
    pub async fn bound_policy(&self, token: &str, payload: &Value) -> Value {
        let quote = self.rated_quote(token, payload).await;
        let response = self
            .bind(token, quote["quoteId"].as_str().expect("id"), &json!({}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "bound");
        response.json().await.expect("json")
    }
}

/// The personal-auto worked example (516.93 for sample-carrier) with a driver age.
pub fn auto_quote(driver_age: i64) -> Value {
    json!({
        "productCode": "personal-auto", "effectiveDate": "2026-07-01", "termMonths": 12, "state": "CA",
        "applicant": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.org"},
        "uwAnswers": {"driverAge": driver_age},
        "risks": [{"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
                   "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 9000}],
        "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                      {"code": "PD", "selected": true, "limit": 50000}]
    })
}

/// A homeowners quote for a named insured.
pub fn home_quote(first: &str, last: &str) -> Value {
    json!({
        "productCode": "homeowners", "effectiveDate": "2026-07-01", "termMonths": 12, "state": "TX",
        "applicant": {"firstName": first, "lastName": last},
        "risks": [{"type": "dwelling", "address": "9 Elm Row", "construction": "frame", "yearBuilt": 1990,
                   "protectionClass": 4, "roofAgeYears": 8}],
        "coverages": [{"code": "A", "selected": true, "limit": 350000}]
    })
}

/// How many rows of `table` the tenant has (read as the owner, across RLS).
pub async fn count(pool: &PgPool, table: &str, tenant: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "select count(*) from {table} where tenant_id = $1"
    )))
    .bind(tenant)
    .fetch_one(pool)
    .await
    .expect("count")
}

const FLAT_COVER: &str = include_str!("fixtures/flat-cover.toml");

impl TestApp {
    /// A server whose catalog adds `flat-cover` (1000 a year, no fee, no tax).
    pub async fn spawn_with_flat_cover(pool: PgPool) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("flat-cover.toml"), FLAT_COVER).expect("write pack");
        let products_dir = dir.path().display().to_string();
        // The catalog is read while the server is built, so the directory may go after.
        Self::spawn_with(pool, &[("PRODUCTS_DIR", products_dir.as_str())]).await
    }

    /// Binds and issues `payload`; returns the policy id.
    pub async fn issued_policy(&self, token: &str, payload: &Value) -> String {
        let bound = self.bound_policy(token, payload).await;
        let id = bound["policyId"].as_str().expect("policyId").to_owned();
        let issued = self
            .post_json(
                &format!("/api/v1/policies/{id}/issue"),
                Some(token),
                &json!({}),
            )
            .await;
        assert_eq!(issued.status(), StatusCode::OK, "issued");
        id
    }

    /// Posts a lifecycle transaction (`endorse`, `cancel`...) and returns the response.
    pub async fn transact(
        &self,
        token: &str,
        policy_id: &str,
        action: &str,
        body: &Value,
    ) -> Response {
        self.post_json(
            &format!("/api/v1/policies/{policy_id}/{action}"),
            Some(token),
            body,
        )
        .await
    }

    /// As [`TestApp::transact`], expecting 201 and returning the body.
    pub async fn transacted(
        &self,
        token: &str,
        policy_id: &str,
        action: &str,
        body: &Value,
    ) -> Value {
        let response = self.transact(token, policy_id, action, body).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "{action}: {body}");
        body
    }

    /// `GET` returning JSON, expecting 200.
    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        let response = self.get(path, Some(token)).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// The policy as it stands on `date`.
    pub async fn state_on(&self, token: &str, policy_id: &str, date: &str) -> Value {
        self.get_json(
            &format!("/api/v1/policies/{policy_id}/state?asOf={date}"),
            token,
        )
        .await
    }
}

/// A `flat-cover` quote for the term starting `effective`.
pub fn flat_quote(effective: &str, tier: &str) -> Value {
    json!({
        "productCode": "flat-cover", "effectiveDate": effective, "termMonths": 12,
        "applicant": {"firstName": "Grace", "lastName": "Hopper"},
        "risks": [{"type": "thing", "tier": tier}],
        "coverages": [{"code": "COVER", "selected": true, "limit": 10000}]
    })
}

/// A `replace` change.
pub fn replace(path: &str, value: Value) -> Value {
    let mut change = json!({"op": "replace", "path": path});
    change["value"] = value;
    change
}

/// An individual customer with an SSN and a date of birth.
pub fn person(first: &str, last: &str, ssn: &str, dob: &str, email: &str) -> Value {
    json!({
        "entityType": "INDIVIDUAL",
        "identity": {"person": {"firstName": first, "lastName": last, "ssn": ssn, "dob": dob}},
        "contactPoints": [{"contactType": "EMAIL", "value": email, "preferred": true}],
        "addresses": [{"addressType": "MAILING", "line1": "12 Analytical Way", "city": "London",
                       "state": "CA", "postalCode": "94105", "primary": true}]
    })
}

impl TestApp {
    /// Creates a customer through the admin API; returns the customer view.
    pub async fn create_customer(&self, admin_token: &str, payload: &Value) -> Value {
        let response = self
            .post_json("/api/v1/admin/customers", Some(admin_token), payload)
            .await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "customer created: {body}");
        body
    }

    /// A portal user acting for a new customer; returns its token and the customer.
    pub async fn portal_user(&self, admin_token: &str, username: &str) -> (String, Value) {
        let customer = self
            .create_customer(
                admin_token,
                &person(
                    username,
                    "Portal",
                    "",
                    "1980-01-01",
                    &format!("{username}@example.org"),
                ),
            )
            .await;
        let response = self
            .post_json(
                "/api/v1/admin/users",
                Some(admin_token),
                &json!({"username": username, "password": TEST_PASSWORD, "roles": ["customer"],
                        "customerRef": customer["customerKey"]}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "portal user created"
        );
        let token = self.token(DEMO_TENANT, username, TEST_PASSWORD).await;
        (token, customer)
    }
}
