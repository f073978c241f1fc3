//! The named scenarios: what one iteration of each sends, and what answer counts as a
//! success. Every answer's status is checked; a flow fails at its first wrong answer.

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use hyper::StatusCode;
use serde_json::{Value, json};
use time::{Date, Duration};

use crate::client::{Call, Connection};
use crate::runner::Scenario;

/// A personal auto quote in California, effective `effective`: accepted by underwriting,
/// so it binds without a referral.
pub fn auto_quote(effective: Date, n: u64) -> Value {
    json!({
        "productCode": "personal-auto", "effectiveDate": effective.to_string(), "termMonths": 12,
        "state": "CA",
        "applicant": {"firstName": "Load", "lastName": format!("Driver{n}"), "email": "load@example.org"},
        "uwAnswers": {"driverAge": 30 + n % 40},
        "risks": [{"type": "autoVehicle", "year": 2018 + (n % 7), "make": "Subaru", "model": "Outback",
                   "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 6000 + (n % 50) * 100}],
        "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                      {"code": "PD", "selected": true, "limit": 50000}]
    })
}

fn bytes(value: &Value) -> Bytes {
    Bytes::from(value.to_string())
}

/// `GET /health`: the load balancer's probe.
pub struct Health;

impl Scenario for Health {
    async fn once(&self, conn: &mut Connection, _: u64) -> anyhow::Result<()> {
        conn.send(Call::get("/health", None))
            .await?
            .expect(StatusCode::OK)
    }
}

/// `POST /auth/login` with a password (Argon2id: deliberately expensive).
pub struct Login {
    pub body: Bytes,
}

impl Login {
    pub fn new(tenant: &str, username: &str, password: &str) -> Self {
        Self {
            body: bytes(&json!({"tenantId": tenant, "username": username, "password": password})),
        }
    }
}

impl Scenario for Login {
    async fn once(&self, conn: &mut Connection, _: u64) -> anyhow::Result<()> {
        let answer = conn
            .send(Call::post("/auth/login", None, self.body.clone()))
            .await?
            .json_if(StatusCode::OK)?;
        answer["token"].as_str().context("no token")?;
        Ok(())
    }
}

/// `GET` of a path from a list, round robin (one policy after another, say).
pub struct GetEach {
    pub token: String,
    pub paths: Vec<String>,
}

impl Scenario for GetEach {
    async fn once(&self, conn: &mut Connection, n: u64) -> anyhow::Result<()> {
        let path = &self.paths[(n % self.paths.len() as u64) as usize];
        conn.send(Call::get(path, Some(&self.token)))
            .await?
            .expect(StatusCode::OK)
    }
}

/// `POST /api/v1/quotes`: a new quote, validated, rated and underwritten.
pub struct QuoteRate {
    pub token: String,
    pub effective: Date,
}

impl Scenario for QuoteRate {
    async fn once(&self, conn: &mut Connection, n: u64) -> anyhow::Result<()> {
        let quote = rate_quote(conn, &self.token, self.effective, n).await?;
        anyhow::ensure!(quote["status"] == "Rated", "quote not rated: {quote}");
        Ok(())
    }
}

async fn rate_quote(
    conn: &mut Connection,
    token: &str,
    effective: Date,
    n: u64,
) -> anyhow::Result<Value> {
    let body = bytes(&auto_quote(effective, n));
    conn.send(Call::post("/api/v1/quotes", Some(token), body))
        .await?
        .json_if(StatusCode::OK)
}

/// Quote, bind (with an idempotency key, as the UI sends it) and issue: one policy.
pub struct QuoteToIssue {
    pub token: String,
    pub effective: Date,
}

impl QuoteToIssue {
    /// Runs the flow; returns the issued policy's id.
    pub async fn flow(&self, conn: &mut Connection, n: u64) -> anyhow::Result<String> {
        let quote = rate_quote(conn, &self.token, self.effective, n).await?;
        let quote_id = quote["quoteId"].as_str().context("no quoteId")?;
        let key = format!("load-bind-{quote_id}");
        let bind_path = format!("/api/v1/quotes/{quote_id}/bind");
        let mut bind = Call::post(&bind_path, Some(&self.token), Bytes::from_static(b"{}"));
        bind.idempotency_key = Some(&key);
        let bound = conn.send(bind).await?.json_if(StatusCode::CREATED)?;
        let policy_id = bound["policyId"]
            .as_str()
            .context("no policyId")?
            .to_owned();
        let issue_path = format!("/api/v1/policies/{policy_id}/issue");
        let issued = conn
            .send(Call::post(
                &issue_path,
                Some(&self.token),
                Bytes::from_static(b"{}"),
            ))
            .await?
            .json_if(StatusCode::OK)?;
        anyhow::ensure!(issued["status"] == "Issued", "not issued: {issued}");
        Ok(policy_id)
    }
}

impl Scenario for QuoteToIssue {
    async fn once(&self, conn: &mut Connection, n: u64) -> anyhow::Result<()> {
        self.flow(conn, n).await.map(drop)
    }
}

/// `POST /api/v1/policies/{id}/endorse`: a mileage change a month into the term, round
/// robin over issued policies (each endorsement re-rates the policy's timeline).
pub struct Endorse {
    pub token: String,
    pub policies: Arc<Vec<String>>,
    pub effective: Date,
}

impl Scenario for Endorse {
    async fn once(&self, conn: &mut Connection, n: u64) -> anyhow::Result<()> {
        let count = self.policies.len() as u64;
        let policy = &self.policies[(n % count) as usize];
        // Each round over the policies sets a mileage the previous rounds did not.
        let miles = 5000 + (n / count % 200) * 50;
        let date = self.effective + Duration::days(30 + (n % 60) as i64);
        let body = bytes(&json!({
            "effectiveDate": date.to_string(),
            "changes": [{"op": "replace", "path": "/risks/0/annualMiles", "value": miles}]
        }));
        let path = format!("/api/v1/policies/{policy}/endorse");
        conn.send(Call::post(&path, Some(&self.token), body))
            .await?
            .expect(StatusCode::CREATED)
    }
}
