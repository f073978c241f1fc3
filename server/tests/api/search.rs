//! The policy list: text search over number, id and insured, filters, sort, paging,
//! export, and the dashboard counts.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, home_quote};

async fn three_policies(app: &TestApp, token: &str) -> Vec<Value> {
    let mut cyber = json!({"productCode": "cyber", "effectiveDate": "2026-07-01", "termMonths": 12, "state": "NY",
        "applicant": {"firstName": "Grace", "lastName": "Hopper"},
        "risks": [{"type": "cyberProfile", "industry": "technology", "mfaEnabled": true, "backups": "daily"}],
        "coverages": [{"code": "CYB_LIAB", "selected": true, "limit": 1000000}]});
    cyber["insureds"] = json!({"primary": {"displayName": "Hopper Analytics LLC"}});
    vec![
        app.bound_policy(token, &auto_quote(35)).await,
        app.bound_policy(token, &home_quote("Bo", "Diddley")).await,
        app.bound_policy(token, &cyber).await,
    ]
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["policyNumber"].as_str().expect("n").to_owned())
        .collect()
}

#[sqlx::test(migrations = false)]
async fn text_search_matches_number_id_and_insured_name(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policies = three_policies(&app, &agent).await;
    let auto_number = policies[0]["policyNumber"].as_str().expect("n");
    let home_id = policies[1]["policyId"].as_str().expect("id");

    let by_name: Value = app
        .get("/api/v1/policies?q=diddLEY", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let by_company: Value = app
        .get("/api/v1/policies?q=hopper%20analytics", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let by_number: Value = app
        .get(
            &format!("/api/v1/policies?q={}", auto_number.to_lowercase()),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let by_id: Value = app
        .get(
            &format!("/api/v1/policies?q={}", &home_id[9..18]),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let wildcard: Value = app
        .get("/api/v1/policies?q=%25", Some(&agent))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(by_name["total"], 1);
    assert_eq!(by_name["items"][0]["insuredName"], "Bo Diddley");
    assert_eq!(by_company["items"][0]["productCode"], "cyber");
    assert_eq!(numbers(&by_number), [auto_number]);
    assert_eq!(by_id["items"][0]["policyId"], json!(home_id));
    assert_eq!(wildcard["total"], 0, "% is a literal, not a wildcard");
}

#[sqlx::test(migrations = false)]
async fn filters_sorting_and_paging(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policies = three_policies(&app, &agent).await;
    let home_id = policies[1]["policyId"].as_str().expect("id");
    app.post_json(
        &format!("/api/v1/policies/{home_id}/issue"),
        Some(&agent),
        &json!({}),
    )
    .await;

    let products: Value = app
        .get(
            "/api/v1/policies?product=cyber,homeowners&sortBy=productCode&sortDir=asc",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let bound: Value = app
        .get("/api/v1/policies?status=bound", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let issued: Value = app
        .get("/api/v1/policies?status=Issued", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let in_force: Value = app
        .get("/api/v1/policies?status=In%20Force", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let ignored: Value = app
        .get("/api/v1/policies?status=sparkly", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let dated: Value = app
        .get(
            "/api/v1/policies?effectiveFrom=2026-07-01&effectiveTo=2026-07-01",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let page: Value = app
        .get(
            "/api/v1/policies?sortBy=policyNumber&sortDir=asc&page=2&pageSize=2",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");

    let codes: Vec<&str> = products["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["productCode"].as_str().expect("c"))
        .collect();
    assert_eq!(codes, ["cyber", "homeowners"]);
    assert_eq!(bound["total"], 2);
    // The home policy starts 2026-07-01; before then it is Issued, after it In Force.
    let today = time::OffsetDateTime::now_utc().date();
    let started = today >= time::macros::date!(2026 - 07 - 01);
    assert_eq!(issued["total"], if started { 0 } else { 1 });
    assert_eq!(in_force["total"], if started { 1 } else { 0 });
    assert_eq!(ignored["total"], 3, "unknown status filters are ignored");
    assert_eq!(dated["total"], 3);
    let mut sorted = policies
        .iter()
        .map(|p| p["policyNumber"].as_str().expect("n").to_owned())
        .collect::<Vec<_>>();
    sorted.sort();
    assert_eq!(numbers(&page), [sorted[2].clone()]);
    assert_eq!(
        (
            page["page"].clone(),
            page["pageSize"].clone(),
            page["total"].clone()
        ),
        (json!(2), json!(2), json!(3))
    );
    let item = &products["items"][1];
    assert_eq!(
        item["annualPremium"],
        json!({"amount": 415.98, "currency": "USD"})
    );
    assert_eq!(item["termCount"], 1);
    assert_eq!(item["state"], "TX");

    assert_error(
        app.get("/api/v1/policies?effectiveFrom=soon", Some(&agent))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        app.get("/api/v1/policies?sortBy=random", Some(&agent))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn the_export_lists_every_match_with_its_underwriting(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    three_policies(&app, &agent).await;

    let response = app
        .get(
            "/api/v1/policies/export?sortBy=productCode&sortDir=asc",
            Some(&agent),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("policies-export.csv")
    );
    let csv = response.text().await.expect("text");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "policyNumber,policyId,productCode,status,effectiveDate,expirationDate,uwDecision,uwOverride"
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].contains(",cyber,Bind,2026-07-01,2027-07-01,Eligible,false"),
        "{}",
        lines[1]
    );
}

#[sqlx::test(migrations = false)]
async fn the_dashboard_counts_policies_quotes_and_referrals(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    three_policies(&app, &agent).await;
    app.rated_quote(&agent, &auto_quote(40)).await;
    let referred = app.rated_quote(&agent, &auto_quote(17)).await;
    app.bind(
        &agent,
        referred["quoteId"].as_str().expect("id"),
        &json!({}),
    )
    .await;

    let summary: Value = app
        .get("/api/v1/dashboard/summary", Some(&agent))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(summary["totalPolicies"], 3);
    assert_eq!(summary["openQuotes"], 2);
    assert_eq!(summary["openReferrals"], 1);
    assert_eq!(summary["statusDistribution"], json!({"Bind": 3}));
    assert_eq!(
        summary["productMix"],
        json!({"cyber": 1, "homeowners": 1, "personal-auto": 1})
    );
    let trend = summary["trend"].as_array().expect("trend");
    assert_eq!(trend.len(), 6);
    assert_eq!(trend[5]["newPolicies"], 3);
    assert_eq!(trend[5]["newQuotes"], 5);
    assert!(
        trend[5]["writtenPremium"]
            .as_f64()
            .is_some_and(|p| p > 1000.0)
    );
}

#[sqlx::test(migrations = false)]
async fn unknown_versions_and_worksheets_are_404(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let bound = app.bound_policy(&agent, &auto_quote(35)).await;
    let policy = bound["policyId"].as_str().expect("id");
    let stranger = "0e6bd2f0-4b1c-4f7a-9d3e-2a1b3c4d5e6f";

    assert_error(
        app.get(
            &format!("/api/v1/policies/{policy}/versions/{stranger}/details"),
            Some(&agent),
        )
        .await,
        StatusCode::NOT_FOUND,
        "VERSION_NOT_FOUND",
    )
    .await;
    assert_error(
        app.get(
            &format!("/api/v1/policies/{policy}/versions/{stranger}/rating-worksheet"),
            Some(&agent),
        )
        .await,
        StatusCode::NOT_FOUND,
        "DOCUMENT_NOT_FOUND",
    )
    .await;
    assert_error(
        app.get(
            &format!("/api/v1/policies/{policy}/versions/x/details"),
            Some(&agent),
        )
        .await,
        StatusCode::NOT_FOUND,
        "VERSION_NOT_FOUND",
    )
    .await;
    assert_error(
        app.get("/api/v1/policies/not-an-id/full", Some(&agent))
            .await,
        StatusCode::NOT_FOUND,
        "POLICY_NOT_FOUND",
    )
    .await;
}
