//! A sample book of business for the demo tenant, written once through the same services
//! the API uses: issued policies, an open quote, a referral waiting for an underwriter,
//! and a customer (`customer1`) with a portal account and a policy.

use anyhow::{Context, anyhow, bail};
use lattice_shared::api::customers::{AssignPolicyRequest, CustomerPayload};
use lattice_shared::api::quotes::BindRequest;
use serde_json::{Value, json};

use super::demo::{DEMO_PASSWORD, DEMO_TENANT};
use crate::auth::extract::{AuthUser, CustomerRef};
use crate::auth::password;
use crate::db;
use crate::services::{bind, customers, quotes};
use crate::state::App;

/// The demo customer's portal username.
pub const DEMO_CUSTOMER_USER: &str = "customer1";

/// Writes the sample book unless the demo tenant already holds policies.
pub async fn ensure_sample_book(app: &App) -> anyhow::Result<()> {
    let mut tx = db::begin_tenant(&app.db, DEMO_TENANT).await?;
    let existing: i64 = sqlx::query_scalar("select count(*) from policy where tenant_id = $1")
        .bind(DEMO_TENANT)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    if existing > 0 {
        return Ok(());
    }
    let agent = acting_as(app, "agent1").await?;
    let admin = acting_as(app, "admin").await?;

    let mut issued = Vec::new();
    for payload in [
        auto("Ada", "Lovelace", "CA", "94105", 35),
        home("Grace", "Hopper", "TX"),
        auto("Alan", "Turing", "NY", "10001", 42),
        home("Edsger", "Dijkstra", "FL"),
    ] {
        let quote = quotes::rate_quote(app, &agent, payload).await?;
        let bound =
            bind::bind_quote(app, &agent, quote.quote_id, BindRequest::default(), None).await?;
        bind::issue_policy(app, &agent, bound.policy_id).await?;
        issued.push(bound.policy_id);
    }
    // A quote still open, and one referred to underwriting (a driver under 18).
    quotes::rate_quote(app, &agent, auto("Barbara", "Liskov", "WA", "98101", 30)).await?;
    let referred =
        quotes::rate_quote(app, &agent, auto("Katherine", "Johnson", "VA", "23219", 17)).await?;
    match bind::bind_quote(app, &agent, referred.quote_id, BindRequest::default(), None).await {
        Err(e) if e.code() == "UW_REFERRAL_REQUIRED" => {}
        Err(e) => return Err(e.into()),
        Ok(_) => bail!("the sample referral was bound without a referral"),
    }

    let customer = customers::create(app, &admin, customer_payload()?).await?;
    customers::links::assign(
        app,
        &admin,
        AssignPolicyRequest {
            policy_id: Some(issued[0].to_string()),
            customer_id_or_key: Some(customer.customer_key.clone()),
            ..AssignPolicyRequest::default()
        },
    )
    .await?;
    let mut tx = db::begin_tenant(&app.db, DEMO_TENANT).await?;
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let user_id = db::users::insert_user(&mut tx, DEMO_TENANT, DEMO_CUSTOMER_USER, &hash).await?;
    db::users::grant_roles(&mut tx, DEMO_TENANT, user_id, &["customer".to_owned()]).await?;
    db::users::update_user(
        &mut tx,
        DEMO_TENANT,
        user_id,
        None,
        None,
        Some(Some(customer.customer_id)),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        tenant.id = DEMO_TENANT,
        policies = issued.len(),
        "sample book written"
    );
    Ok(())
}

/// The demo user `username` as the services see a signed-in user.
async fn acting_as(app: &App, username: &str) -> anyhow::Result<AuthUser> {
    let mut tx = db::begin_tenant(&app.db, DEMO_TENANT).await?;
    let user_id = db::users::find_user_id(&mut tx, DEMO_TENANT, username)
        .await?
        .ok_or_else(|| anyhow!("demo user {username} is missing"))?;
    let session = db::users::find_session(&mut tx, DEMO_TENANT, user_id)
        .await?
        .ok_or_else(|| anyhow!("demo user {username} has no session"))?;
    tx.commit().await?;
    Ok(AuthUser {
        customer: CustomerRef::from_session(&session),
        user_id: session.user_id,
        tenant_id: session.tenant_id,
        username: session.username,
        roles: session.roles,
        permissions: session.permissions.into_iter().collect(),
    })
}

fn auto(first: &str, last: &str, state: &str, zip: &str, driver_age: i64) -> Value {
    json!({
        "productCode": "personal-auto", "effectiveDate": "2026-07-01", "termMonths": 12,
        "state": state,
        "applicant": {"firstName": first, "lastName": last},
        "uwAnswers": {"driverAge": driver_age},
        "risks": [{"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
                   "garagingZip": zip, "symbol": "A", "usage": "commute", "annualMiles": 9000}],
        "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                      {"code": "PD", "selected": true, "limit": 50000}]
    })
}

fn home(first: &str, last: &str, state: &str) -> Value {
    json!({
        "productCode": "homeowners", "effectiveDate": "2026-07-01", "termMonths": 12,
        "state": state,
        "applicant": {"firstName": first, "lastName": last},
        "risks": [{"type": "dwelling", "address": "9 Elm Row", "construction": "frame",
                   "yearBuilt": 1990, "protectionClass": 4, "roofAgeYears": 8}],
        "coverages": [{"code": "A", "selected": true, "limit": 350000}]
    })
}

fn customer_payload() -> anyhow::Result<CustomerPayload> {
    serde_json::from_value(json!({
        "entityType": "INDIVIDUAL",
        "identity": {"person": {"firstName": "Ada", "lastName": "Lovelace", "dob": "1985-12-10"}},
        "contactPoints": [{"contactType": "EMAIL", "value": "ada@example.org", "preferred": true}],
        "addresses": [{"addressType": "MAILING", "line1": "12 Analytical Way",
                       "city": "San Francisco", "state": "CA", "postalCode": "94105",
                       "primary": true}]
    }))
    .context("the demo customer payload")
}
