//! `lattice-server smoke`: the post-deployment checks of the release flow (health, staff
//! sign-in, search, a rated quote, the customer portal) against any running deployment,
//! one PASS/FAIL line per step. It needs no configuration of its own beyond its flags.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, anyhow, bail, ensure};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::auth::totp;

/// Who the checks sign in as, and where.
#[derive(Debug, Clone)]
pub struct SmokeTarget {
    /// The deployment's public address, e.g. `https://policy.example.com`.
    pub base_url: String,
    pub tenant: String,
    pub username: String,
    pub password: String,
    /// The staff user's authenticator key (base32), when the tenant requires MFA.
    pub totp_secret: Option<String>,
    /// Where the smoke quote (personal auto) is written: the product must be open there.
    pub state: String,
    /// A portal user, for the customer-portal step; without one, that step checks that the
    /// web UI answers instead.
    pub customer: Option<(String, String)>,
}

/// How one step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass(String),
    Fail(String),
    Skip(String),
}

/// One line of the report.
#[derive(Debug, Clone)]
pub struct StepReport {
    pub step: &'static str,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

/// Runs every step in order, printing each line as it finishes; later steps that need a
/// session are skipped when sign-in failed. Returns the whole report.
pub async fn run(target: &SmokeTarget, mut print: impl FnMut(&StepReport)) -> Vec<StepReport> {
    let smoke = Smoke::new(target);
    let mut report = Vec::new();
    let mut record = |step, started: Instant, outcome| {
        let line = StepReport {
            step,
            outcome,
            elapsed: started.elapsed(),
        };
        print(&line);
        report.push(line);
    };

    let started = Instant::now();
    record("health", started, outcome(smoke.health().await));

    let started = Instant::now();
    let token = smoke.staff_token().await;
    let signed_in = match &token {
        Ok(_) => Outcome::Pass("staff user signed in".into()),
        Err(e) => Outcome::Fail(format!("{e:#}")),
    };
    record("login", started, signed_in);

    match &token {
        Ok(token) => {
            let started = Instant::now();
            record("search", started, outcome(smoke.search(token).await));
            let started = Instant::now();
            record("quote workflow", started, outcome(smoke.quote(token).await));
        }
        Err(_) => {
            for step in ["search", "quote workflow"] {
                record(step, Instant::now(), Outcome::Skip("no session".into()));
            }
        }
    }

    let started = Instant::now();
    record("portal", started, outcome(smoke.portal().await));
    report
}

/// True when no step failed.
pub fn passed(report: &[StepReport]) -> bool {
    !report
        .iter()
        .any(|line| matches!(line.outcome, Outcome::Fail(_)))
}

fn outcome(result: anyhow::Result<String>) -> Outcome {
    match result {
        Ok(detail) => Outcome::Pass(detail),
        Err(e) => Outcome::Fail(format!("{e:#}")),
    }
}

/// A request answered with an unexpected status (and the error envelope's code, if any).
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: {status} {code}")]
struct Refused {
    method: Method,
    path: String,
    status: StatusCode,
    code: String,
}

struct Smoke<'a> {
    target: &'a SmokeTarget,
    http: Client,
}

impl<'a> Smoke<'a> {
    fn new(target: &'a SmokeTarget) -> Self {
        let http = Client::builder()
            .timeout(Duration::from_secs(15))
            .user_agent("lattice-smoke")
            .build()
            .unwrap_or_default();
        Self { target, http }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.target.base_url.trim_end_matches('/'))
    }

    /// Sends a request and reads a JSON answer, failing on any status but `expect`.
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        expect: &[StatusCode],
    ) -> anyhow::Result<Value> {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {path}: no answer"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if !expect.contains(&status) {
            let code = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v["code"].as_str().map(String::from))
                .unwrap_or_default();
            return Err(Refused {
                method,
                path: path.to_owned(),
                status,
                code,
            }
            .into());
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path}: not JSON"))
    }

    async fn health(&self) -> anyhow::Result<String> {
        let body = self
            .call(Method::GET, "/health", None, None, &[StatusCode::OK])
            .await?;
        ensure!(body["status"] == "ok", "status is {}", body["status"]);
        Ok(format!(
            "database up, cache {}",
            if body["cache"] == true { "up" } else { "off" }
        ))
    }

    /// Signs in, answering an MFA challenge with the configured authenticator key.
    async fn sign_in(&self, username: &str, password: &str) -> anyhow::Result<String> {
        let login =
            json!({"tenantId": self.target.tenant, "username": username, "password": password});
        let answer = self
            .call(
                Method::POST,
                "/auth/login",
                None,
                Some(&login),
                &[StatusCode::OK],
            )
            .await?;
        if let Some(token) = answer["token"].as_str() {
            return Ok(token.to_owned());
        }
        if answer["setupRequired"] == true {
            bail!("{username} must enrol in MFA first: sign in once in the app");
        }
        let challenge = answer["challengeToken"]
            .as_str()
            .ok_or_else(|| anyhow!("the login answer has neither a token nor a challenge"))?;
        let key = self
            .target
            .totp_secret
            .as_deref()
            .ok_or_else(|| anyhow!("{username} has MFA: give --totp-secret"))?;
        let secret = totp::secret_from_manual_key(key)
            .ok_or_else(|| anyhow!("the TOTP secret is not base32"))?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        // A code works once: when this step's was just used (a run moments ago, an
        // enrolment), the next step's is still inside the server's allowed clock skew.
        let mut answer = Err(anyhow!("no code tried"));
        for at in [now, now + totp::STEP] {
            let verify = json!({"challengeToken": challenge, "otp": totp::code_at(&secret, at, 6)});
            answer = self
                .call(
                    Method::POST,
                    "/auth/mfa/verify",
                    None,
                    Some(&verify),
                    &[StatusCode::OK],
                )
                .await;
            let code_already_used = answer
                .as_ref()
                .err()
                .and_then(|e| e.downcast_ref::<Refused>())
                .is_some_and(|refused| refused.code == "INVALID_OTP");
            if !code_already_used {
                break;
            }
        }
        answer?["token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| anyhow!("the MFA answer has no token"))
    }

    async fn staff_token(&self) -> anyhow::Result<String> {
        self.sign_in(&self.target.username, &self.target.password)
            .await
    }

    async fn search(&self, token: &str) -> anyhow::Result<String> {
        let policies = self
            .call(
                Method::GET,
                "/api/v1/policies?page=1&pageSize=5",
                Some(token),
                None,
                &[StatusCode::OK],
            )
            .await?;
        self.call(
            Method::GET,
            "/api/v1/dashboard/summary",
            Some(token),
            None,
            &[StatusCode::OK],
        )
        .await?;
        Ok(format!(
            "{} policies, dashboard answers",
            policies["total"].as_i64().unwrap_or(0)
        ))
    }

    /// Rates a personal-auto quote effective today and reads it back. It stays a quote:
    /// nothing is bound or issued.
    async fn quote(&self, token: &str) -> anyhow::Result<String> {
        let today = OffsetDateTime::now_utc().date();
        let payload = json!({
            "productCode": "personal-auto", "effectiveDate": today.to_string(), "termMonths": 12,
            "state": self.target.state,
            "applicant": {"firstName": "Smoke", "lastName": "Test", "email": "smoke@example.invalid"},
            "uwAnswers": {"driverAge": 40},
            "risks": [{"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
                       "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 9000}],
            "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                          {"code": "PD", "selected": true, "limit": 50000}]
        });
        let quote = self
            .call(
                Method::POST,
                "/api/v1/quotes",
                Some(token),
                Some(&payload),
                &[StatusCode::OK, StatusCode::CREATED],
            )
            .await?;
        let total = quote["premium"]["total"]["amount"]
            .as_f64()
            .ok_or_else(|| anyhow!("the quote has no premium"))?;
        ensure!(total > 0.0, "the premium is {total}");
        let id = quote["quoteId"]
            .as_str()
            .ok_or_else(|| anyhow!("the quote has no id"))?;
        let read = self
            .call(
                Method::GET,
                &format!("/api/v1/quotes/{id}"),
                Some(token),
                None,
                &[StatusCode::OK],
            )
            .await?;
        ensure!(
            read["quoteId"] == quote["quoteId"],
            "the quote reads back differently"
        );
        Ok(format!(
            "{} rated at {total:.2} {}",
            quote["quoteNumber"].as_str().unwrap_or("quote"),
            quote["premium"]["total"]["currency"].as_str().unwrap_or("")
        ))
    }

    /// With a portal user: their summary. Without: the web UI's portal page answers.
    async fn portal(&self) -> anyhow::Result<String> {
        if let Some((username, password)) = &self.target.customer {
            let token = self.sign_in(username, password).await?;
            let summary = self
                .call(
                    Method::GET,
                    "/api/v1/customer-portal/summary",
                    Some(&token),
                    None,
                    &[StatusCode::OK],
                )
                .await?;
            let policies = summary["policies"].as_array().map_or(0, Vec::len);
            return Ok(format!("customer sees {policies} policies"));
        }
        let response = self
            .http
            .get(self.url("/portal"))
            .send()
            .await
            .context("GET /portal: no answer")?;
        let status = response.status();
        let html = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        ensure!(
            status == StatusCode::OK && html,
            "GET /portal: {status} (no web UI here; give a portal user to check the API)"
        );
        Ok("web UI serves the portal page".into())
    }
}

/// `lattice-server healthcheck`: exits 0 when this container's server answers `/health`
/// with 200 (for image HEALTHCHECKs, where no curl is installed).
pub async fn healthcheck(port: u16) -> anyhow::Result<()> {
    let response = Client::builder()
        .timeout(Duration::from_secs(3))
        .build()?
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .context("no answer on /health")?;
    ensure!(
        response.status() == StatusCode::OK,
        "/health answered {}",
        response.status()
    );
    Ok(())
}
