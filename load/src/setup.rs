//! Before the scenarios: sign-ins, the source policies (one per product, quoted, bound and
//! issued through the API), the cloned book, and the policies the endorse scenario uses.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use hyper::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use time::Date;

use crate::client::{Call, Connection};
use crate::scenarios::QuoteToIssue;
use crate::seed;

pub const TENANT: &str = "sample-carrier";
pub const SMALL_TENANT: &str = "small-book";
pub const DEMO_PASSWORD: &str = "password";
/// The small tenant's administrator's password (it must meet the password policy).
pub const SMALL_PASSWORD: &str = "Orchard-Lantern-2047!";

/// Signs `username` in; returns the bearer token.
pub async fn token(
    conn: &mut Connection,
    tenant: &str,
    username: &str,
    password: &str,
) -> anyhow::Result<String> {
    let body = json!({"tenantId": tenant, "username": username, "password": password});
    let answer = conn
        .send(Call::post(
            "/auth/login",
            None,
            Bytes::from(body.to_string()),
        ))
        .await?
        .json_if(StatusCode::OK)
        .with_context(|| format!("signing in {username} of {tenant}"))?;
    Ok(answer["token"].as_str().context("no token")?.to_owned())
}

/// One quote per built-in product that underwriting accepts, effective `effective`.
fn source_quotes(effective: Date) -> Vec<Value> {
    let common = |product: &str, state: &str, risk: Value, coverages: Value| {
        json!({"productCode": product, "effectiveDate": effective.to_string(), "termMonths": 12,
               "state": state, "applicant": {"firstName": "Source", "lastName": product},
               "risks": [risk], "coverages": coverages})
    };
    vec![
        crate::scenarios::auto_quote(effective, 0),
        common(
            "homeowners",
            "TX",
            json!({"type": "dwelling", "address": "9 Elm Row", "construction": "frame",
                   "yearBuilt": 1990, "protectionClass": 4, "roofAgeYears": 8}),
            json!([{"code": "A", "selected": true, "limit": 350000}]),
        ),
        common(
            "commercial-auto",
            "CA",
            json!({"type": "commercialAutoFleet", "vehicleCount": 8, "driverCount": 12,
                   "radiusClass": "intermediate", "vehicleType": "box-truck",
                   "useClass": "retail-delivery", "gvwClass": "medium", "annualMileage": 30000,
                   "yearsInBusiness": 3, "priorLossesCount": 1, "garagingZip": "94105"}),
            json!([{"code": "AUTO_LIAB", "selected": true, "limit": 1000000},
                   {"code": "COMP", "selected": true, "deductible": 1000}]),
        ),
        common(
            "cyber",
            "NY",
            json!({"type": "cyberProfile", "industry": "technology", "annualRevenue": 1000000,
                   "employeeCount": 25, "recordsCount": 10000, "mfaEnabled": true,
                   "endpointProtection": true, "backups": "daily", "priorIncidents": 0,
                   "publicFacingApps": 1}),
            json!([{"code": "CYB_LIAB", "selected": true, "limit": 1000000, "deductible": 5000}]),
        ),
        common(
            "professional-liability",
            "FL",
            json!({"type": "professionalLiabilityProfile", "industry": "consulting",
                   "annualRevenue": 2000000, "employeeCount": 12, "yearsInBusiness": 10,
                   "largestContractValue": 250000, "subcontractorPct": 10,
                   "writtenContracts": true, "qualityControl": "formal", "retroactiveYears": 5,
                   "priorClaimsCount": 0}),
            json!([{"code": "PROF_LIAB", "selected": true, "limit": 1000000, "deductible": 5000},
                   {"code": "DEF_REIMB", "selected": true, "limit": 50000, "deductible": 1000}]),
        ),
    ]
}

/// Quotes, binds and issues `payload`; returns the policy id.
async fn issue(conn: &mut Connection, token: &str, payload: &Value) -> anyhow::Result<String> {
    let quote = conn
        .send(Call::post(
            "/api/v1/quotes",
            Some(token),
            Bytes::from(payload.to_string()),
        ))
        .await?
        .json_if(StatusCode::OK)
        .with_context(|| format!("quoting {}", payload["productCode"]))?;
    anyhow::ensure!(
        quote["underwriting"]["decision"] == "Eligible",
        "underwriting did not accept {}: {}",
        payload["productCode"],
        quote["underwriting"]
    );
    let quote_id = quote["quoteId"].as_str().context("no quoteId")?;
    let bound = conn
        .send(Call::post(
            &format!("/api/v1/quotes/{quote_id}/bind"),
            Some(token),
            Bytes::from_static(b"{}"),
        ))
        .await?
        .json_if(StatusCode::CREATED)?;
    let policy_id = bound["policyId"]
        .as_str()
        .context("no policyId")?
        .to_owned();
    conn.send(Call::post(
        &format!("/api/v1/policies/{policy_id}/issue"),
        Some(token),
        Bytes::from_static(b"{}"),
    ))
    .await?
    .expect(StatusCode::OK)?;
    Ok(policy_id)
}

/// Writes the book: `policies` clones in [`TENANT`], spread evenly over the five
/// products, and `small` personal auto clones in [`SMALL_TENANT`].
pub async fn book(
    conn: &mut Connection,
    pool: &PgPool,
    agent: &str,
    effective: Date,
    policies: i64,
    small: i64,
) -> anyhow::Result<()> {
    let mut sources = Vec::new();
    for payload in source_quotes(effective) {
        sources.push(issue(conn, agent, &payload).await?);
    }
    let per_product = policies / sources.len() as i64;
    for (i, source) in sources.iter().enumerate() {
        // The remainder goes to the first product, so the book holds exactly `policies`.
        let count = if i == 0 {
            policies - per_product * (sources.len() as i64 - 1)
        } else {
            per_product
        };
        seed::clone_policy(pool, source, TENANT, TENANT, 1, count).await?;
    }
    seed::clone_policy(pool, &sources[0], TENANT, SMALL_TENANT, 1, small).await?;
    seed::settle(pool).await
}

/// `count` paths `/api/v1/policies/{id}` of random policies of `tenant`.
pub async fn policy_paths(pool: &PgPool, tenant: &str, count: i64) -> anyhow::Result<Vec<String>> {
    let ids: Vec<String> = sqlx::query_scalar(
        "select policy_id::text from policy where tenant_id = $1 order by random() limit $2",
    )
    .bind(tenant)
    .bind(count)
    .fetch_all(pool)
    .await?;
    anyhow::ensure!(!ids.is_empty(), "tenant {tenant} has no policies");
    Ok(ids
        .into_iter()
        .map(|id| format!("/api/v1/policies/{id}"))
        .collect())
}

/// Issues `count` personal auto policies through the API over four connections.
pub async fn issued_policies(
    addr: SocketAddr,
    flow: Arc<QuoteToIssue>,
    count: u64,
) -> anyhow::Result<Vec<String>> {
    let lanes = 4;
    let tasks: Vec<_> = (0..lanes)
        .map(|lane| {
            let flow = flow.clone();
            tokio::spawn(async move {
                let mut conn = Connection::new(addr);
                let mut ids = Vec::new();
                for n in (lane..count).step_by(lanes as usize) {
                    ids.push(flow.flow(&mut conn, 1_000_000 + n).await?);
                }
                anyhow::Ok(ids)
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    Ok(all)
}

/// The total of a search, as the scenario table reports it.
pub async fn search_total(conn: &mut Connection, token: &str, path: &str) -> anyhow::Result<u64> {
    let page = conn
        .send(Call::get(path, Some(token)))
        .await?
        .json_if(StatusCode::OK)?;
    page["total"].as_u64().context("no total")
}
