//! The customer portal and its scoping: a customer sees their own issued policies, with
//! the current premium, their ID card and their customer-safe documents, and nothing of
//! anyone else's; the customer role is refused on every internal route.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, replace};

/// Two customers with portal users, each with an issued policy; customer A also has a
/// policy only bound (not yet visible).
pub struct World {
    pub app: TestApp,
    pub agent: String,
    pub customer_a: String,
    pub customer_b: String,
    pub other_admin: String,
    pub policy_a: String,
    pub number_a: String,
    pub policy_b: String,
    pub bound_only_a: String,
    pub quote_a: String,
}

async fn quote_for(app: &TestApp, token: &str, customer_id: &Value, age: i64) -> Value {
    let mut payload = auto_quote(age);
    payload["insureds"] = json!({"primary": {"customerId": customer_id, "firstName": "Ada",
                                             "lastName": "Lovelace"}});
    app.rated_quote(token, &payload).await
}

pub async fn world(pool: PgPool) -> World {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    let (customer_a, a) = app.portal_user(&admin, "portal-a").await;
    let (customer_b, b) = app.portal_user(&admin, "portal-b").await;
    let other_admin = app.new_tenant("acme").await;

    let quote = quote_for(&app, &agent, &a["customerId"], 35).await;
    let quote_a = quote["quoteId"].as_str().expect("id").to_owned();
    let bound: Value = app
        .bind(&agent, &quote_a, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let policy_a = bound["policyId"].as_str().expect("id").to_owned();
    let number_a = bound["policyNumber"].as_str().expect("number").to_owned();
    app.post_json(
        &format!("/api/v1/policies/{policy_a}/issue"),
        Some(&agent),
        &json!({}),
    )
    .await;
    let quote_b = quote_for(&app, &agent, &b["customerId"], 40).await;
    let bound_b: Value = app
        .bind(&agent, quote_b["quoteId"].as_str().expect("id"), &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let policy_b = bound_b["policyId"].as_str().expect("id").to_owned();
    app.post_json(
        &format!("/api/v1/policies/{policy_b}/issue"),
        Some(&agent),
        &json!({}),
    )
    .await;
    let quote_c = quote_for(&app, &agent, &a["customerId"], 50).await;
    let bound_c: Value = app
        .bind(&agent, quote_c["quoteId"].as_str().expect("id"), &json!({}))
        .await
        .json()
        .await
        .expect("json");
    World {
        bound_only_a: bound_c["policyId"].as_str().expect("id").to_owned(),
        app,
        agent,
        customer_a,
        customer_b,
        other_admin,
        policy_a,
        number_a,
        policy_b,
        quote_a,
    }
}

#[sqlx::test(migrations = false)]
async fn a_customer_sees_their_issued_policies_at_the_current_premium(pool: PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    app.transacted(
        &w.agent,
        &w.policy_a,
        "endorse",
        &json!({"effectiveDate": "2026-10-01", "changes": [replace("/uwAnswers/driverAge", json!(22))]}),
    )
    .await;

    let summary_a = app
        .get_json("/api/v1/customer-portal/summary", &w.customer_a)
        .await;
    let summary_b = app
        .get_json("/api/v1/customer-portal/summary", &w.customer_b)
        .await;
    let admin = app.demo_token("admin").await;
    let as_a = app
        .get_json(
            &format!(
                "/api/v1/customer-portal/summary?customerKey={}",
                summary_a["customer"]["customerKey"].as_str().expect("key")
            ),
            &admin,
        )
        .await;
    let detail = app
        .get_json(
            &format!("/api/v1/customer-portal/policies/{}", w.policy_a),
            &w.customer_a,
        )
        .await;

    assert_eq!(summary_a["customer"]["customerName"], "portal-a Portal");
    let ids: Vec<&str> = summary_a["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .filter_map(|p| p["policyId"].as_str())
        .collect();
    assert_eq!(
        ids,
        [w.policy_a.as_str()],
        "the bound-only policy is hidden"
    );
    assert_eq!(summary_a["policies"][0]["premium"]["amount"], json!(652.47));
    assert_eq!(summary_b["policies"][0]["policyId"], json!(w.policy_b));
    assert_eq!(summary_b["policies"].as_array().map(Vec::len), Some(1));
    assert_eq!(as_a, summary_a, "an administrator may look as a customer");

    let declarations = &detail["declarations"];
    assert_eq!(declarations["policyNumber"], json!(w.number_a));
    assert_eq!(
        declarations["premium"]["amount"],
        json!(652.47),
        "the full-term premium, not the delta"
    );
    assert_eq!(declarations["transaction"]["transactionType"], "ENDORSE");
    assert_eq!(
        declarations["coverages"][0]["label"],
        "Bodily Injury Liability"
    );
    assert_eq!(declarations["coverages"][0]["limit"], json!(100000));
    assert_eq!(detail["idCard"]["available"], true);
    assert_eq!(
        detail["idCard"]["vehicles"][0],
        json!({"index": 1, "year": "2022", "make": "Subaru", "model": "Outback", "vin": null})
    );
    let text = detail.to_string() + &summary_a.to_string();
    for internal in [
        "payload",
        "metadata",
        "lifecycle",
        "premiumSummary",
        "calcTrace",
        "uri",
        "db://",
        "tenantId",
    ] {
        assert!(
            !text.contains(internal),
            "{internal} leaks into the portal: {text}"
        );
    }
}

#[sqlx::test(migrations = false)]
async fn a_customer_downloads_only_their_customer_safe_documents(pool: PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    let internal = app
        .get_json(
            &format!("/api/v1/policies/{}/documents", w.policy_a),
            &w.agent,
        )
        .await;
    let worksheet = internal["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["type"] == "RATING_WORKSHEET")
        .and_then(|d| d["documentId"].as_str())
        .expect("worksheet")
        .to_owned();

    let portal = app
        .get_json(
            &format!("/api/v1/customer-portal/policies/{}/documents", w.policy_a),
            &w.customer_a,
        )
        .await;
    let via_policies = app
        .get_json(
            &format!("/api/v1/policies/{}/documents", w.policy_a),
            &w.customer_a,
        )
        .await;
    let packet = portal["documents"][0]["documentId"]
        .as_str()
        .expect("id")
        .to_owned();
    let download = app
        .get(
            &format!(
                "/api/v1/customer-portal/policies/{}/documents/{packet}/content",
                w.policy_a
            ),
            Some(&w.customer_a),
        )
        .await;
    let internal_doc = app
        .get(
            &format!(
                "/api/v1/policies/{}/documents/{worksheet}/content",
                w.policy_a
            ),
            Some(&w.customer_a),
        )
        .await;
    let other_customer = app
        .get(
            &format!(
                "/api/v1/customer-portal/policies/{}/documents/{packet}/content",
                w.policy_a
            ),
            Some(&w.customer_b),
        )
        .await;

    assert_eq!(portal["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(portal["documents"][0]["type"], "POLICY_PACKET");
    assert!(
        portal["documents"][0]["contentId"]
            .as_str()
            .is_some_and(|h| h.len() == 64)
    );
    assert_eq!(via_policies["documents"].as_array().map(Vec::len), Some(1));
    assert_eq!(via_policies["documents"][0]["transactionId"], Value::Null);
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    assert!(
        download
            .bytes()
            .await
            .expect("bytes")
            .starts_with(b"%PDF-1.4")
    );
    assert_error(internal_doc, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_error(other_customer, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
}

#[sqlx::test(migrations = false)]
async fn every_route_answers_each_party_exactly_as_expected(pool: PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    let (a, b, agent, other) = (&w.customer_a, &w.customer_b, &w.agent, &w.other_admin);
    let pa = &w.policy_a;
    let customer_key =
        app.get_json("/api/v1/customer-portal/summary", a).await["customer"]["customerKey"]
            .as_str()
            .expect("key")
            .to_owned();
    use StatusCode as S;
    // (method, path, [customer A, customer B, agent of the tenant, admin of another tenant])
    let cases: Vec<(Method, String, [S; 4])> = vec![
        (
            Method::GET,
            "/api/v1/customer-portal/summary".into(),
            [S::OK, S::OK, S::FORBIDDEN, S::FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/customer-portal/policies/{pa}"),
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/customer-portal/policies/{}", w.bound_only_a),
            [S::NOT_FOUND, S::NOT_FOUND, S::FORBIDDEN, S::FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/customer-portal/policies/{pa}/documents"),
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::FORBIDDEN],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}/documents"),
            [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            "/api/v1/policies".into(),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}/versions"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}/timeline"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}/state"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/policies/{pa}/full"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::POST,
            format!("/api/v1/policies/{pa}/endorse/preview"),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            format!("/api/v1/quotes/{}", w.quote_a),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        (
            Method::GET,
            "/api/v1/quotes".into(),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK],
        ),
        (
            Method::GET,
            "/api/v1/uw/referrals".into(),
            [S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::OK],
        ),
        (
            Method::GET,
            format!("/api/v1/admin/customers/{customer_key}"),
            [S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::NOT_FOUND],
        ),
        (
            Method::GET,
            "/api/v1/admin/users".into(),
            [S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, S::OK],
        ),
        (
            Method::GET,
            "/api/v1/dashboard/summary".into(),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK],
        ),
    ];
    let preview = json!({"effectiveDate": "2026-10-01", "changes": [replace("/uwAnswers/driverAge", json!(30))]});
    let mut failures = Vec::new();
    for (method, path, expected) in &cases {
        for (party, (token, want)) in ["customer A", "customer B", "agent", "other tenant's admin"]
            .iter()
            .zip([a, b, agent, other].into_iter().zip(expected))
        {
            let request = app.request(method.clone(), path, Some(token));
            let request = if *method == Method::POST {
                request.json(&preview)
            } else {
                request
            };
            let response = request.send().await.expect("request sent");
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            if status != *want {
                failures.push(format!(
                    "{method} {path} as {party}: {status}, expected {want}"
                ));
            }
            // Nobody but the owner and the tenant's staff ever sees policy A's number.
            let may_see_a = matches!(*party, "customer A" | "agent");
            if !may_see_a && body.contains(&w.number_a) {
                failures.push(format!("{method} {path} as {party} shows policy A"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[sqlx::test(migrations = false)]
async fn portal_users_must_be_linked_and_unknown_insureds_stop_a_bind(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    let unlinked = app
        .post_json(
            "/api/v1/admin/users",
            Some(&admin),
            &json!({"username": "nobody", "password": crate::helpers::TEST_PASSWORD, "roles": ["customer"]}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/admin/users",
            Some(&admin),
            &json!({"username": "nobody", "password": crate::helpers::TEST_PASSWORD,
                    "roles": ["customer"], "customerRef": "CUST-1999-000001"}),
        )
        .await;
    let mut payload = auto_quote(35);
    payload["insureds"] =
        json!({"primary": {"customerId": "6f1c1a5e-0000-4000-8000-000000000000"}});
    let quote = app.rated_quote(&agent, &payload).await;
    let bind = app
        .bind(&agent, quote["quoteId"].as_str().expect("id"), &json!({}))
        .await;

    assert_error(unlinked, StatusCode::BAD_REQUEST, "CUSTOMER_LINK_REQUIRED").await;
    assert_error(unknown, StatusCode::BAD_REQUEST, "CUSTOMER_NOT_FOUND").await;
    assert_error(bind, StatusCode::UNPROCESSABLE_ENTITY, "CUSTOMER_NOT_FOUND").await;
}
