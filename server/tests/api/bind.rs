//! Binding and issuing: the underwriting gate, one policy per quote, expiry, numbering.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, count};

fn id(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_owned()
}

#[sqlx::test(migrations = false)]
async fn binding_creates_the_policy_with_its_transaction_version_worksheet_and_events(
    pool: PgPool,
) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let quote = app.rated_quote(&agent, &auto_quote(35)).await;

    let response = app.bind(&agent, &id(&quote, "quoteId"), &json!({})).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let bound: Value = response.json().await.expect("json");
    let policy_id = id(&bound, "policyId");
    let expected_number = format!("PC-{}", policy_id.replace('-', "")[..8].to_uppercase());
    assert_eq!(
        bound,
        json!({"policyId": policy_id, "policyNumber": expected_number, "status": "Bound"})
    );

    let policy: Value = app
        .get(&format!("/api/v1/policies/{policy_id}"), Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(policy["status"], "Bind");
    assert_eq!(policy["internalStatus"], "Bound");
    assert_eq!(
        policy["term"],
        json!({"effectiveDate": "2026-07-01", "expirationDate": "2027-07-01"})
    );
    assert_eq!(policy["insuredName"], "Ada Lovelace");
    assert_eq!(policy["premium"]["total"]["amount"], json!(516.93));
    let versions = policy["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0]["transactionType"], "NB");
    assert!(
        versions[0]["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("NB-") && n.len() == 16)
    );
    assert_eq!(versions[0]["premium"]["total"]["amount"], json!(516.93));

    let quote_after: Value = app
        .get(
            &format!("/api/v1/quotes/{}", id(&quote, "quoteId")),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(quote_after["status"], "Converted");
    assert_eq!(quote_after["convertedPolicyId"], json!(policy_id));

    let version_id = id(&versions[0], "versionId");
    let worksheet: Value = app
        .get(
            &format!("/api/v1/policies/{policy_id}/versions/{version_id}/rating-worksheet"),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(worksheet["type"], "RATING_WORKSHEET");
    assert_eq!(
        worksheet["metadata"]["premium"]["total"]["amount"],
        json!(516.93)
    );
    assert_eq!(
        worksheet["metadata"]["ratingInputs"][1]["name"],
        "driverAge"
    );
    assert_eq!(worksheet["hash"].as_str().map(str::len), Some(64));

    let details: Value = app
        .get(
            &format!("/api/v1/policies/{policy_id}/versions/{version_id}/details"),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(details["risks"][0]["kind"], "autoVehicle");
    assert_eq!(details["coverages"][0]["code"], "BI");
    assert_eq!(details["coverages"][0]["premium"]["amount"], json!(300.71));
    assert_eq!(details["changes"], json!([]));

    let timeline: Value = app
        .get(
            &format!("/api/v1/policies/{policy_id}/timeline"),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let events: Vec<&str> = timeline["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .map(|e| e["event"].as_str().expect("event"))
        .collect();
    assert_eq!(events, ["STATUS_CHANGE", "COMMISSION_HANDOFF"]);
    let handoff = &timeline["ledger"][1]["payload"];
    assert_eq!(handoff["schemaVersion"], "commission-handoff.v1");
    assert_eq!(handoff["transaction"]["transactionType"], "QuoteBind");
    assert_eq!(handoff["premiumImpact"]["amount"], json!(516.93));
    assert_eq!(timeline["transactions"][0]["status"], "Bound");
    assert_eq!(
        timeline["transactions"][0]["rating"]["total"]["amount"],
        json!(516.93)
    );

    let full: Value = app
        .get(&format!("/api/v1/policies/{policy_id}/full"), Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(full["uwAnswers"]["driverAge"], 35);

    let again = app.bind(&agent, &id(&quote, "quoteId"), &json!({})).await;
    let body = assert_error(again, StatusCode::CONFLICT, "QUOTE_CONVERTED").await;
    assert_eq!(body["details"]["policyId"], json!(policy_id));
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 1);
}

#[sqlx::test(migrations = false)]
async fn concurrent_binds_of_one_quote_make_exactly_one_policy(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let quote = app.rated_quote(&agent, &auto_quote(35)).await;
    let quote_id = id(&quote, "quoteId");

    let empty = json!({});
    let attempts = (0..10).map(|_| app.bind(&agent, &quote_id, &empty));
    let statuses: Vec<StatusCode> = futures_join(attempts).await;

    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        9,
        "{statuses:?}"
    );
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 1);
    assert_eq!(
        count(&app.pool, "policy_version", "sample-carrier").await,
        1
    );
}

async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = reqwest::Response>,
{
    let handles: Vec<_> = futures.collect();
    let mut out = Vec::new();
    for response in join_all(handles).await {
        out.push(response.status());
    }
    out
}

/// Polls every future to completion concurrently (a small join_all).
async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(|r| r.expect("ready")).collect()
}

#[sqlx::test(migrations = false)]
async fn a_referred_quote_waits_for_an_underwriter(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let underwriter = app.demo_token("uw1").await;
    let quote = app.rated_quote(&agent, &auto_quote(17)).await;
    assert_eq!(quote["underwriting"]["decision"], "Refer");
    let quote_id = id(&quote, "quoteId");

    let first = assert_error(
        app.bind(&agent, &quote_id, &json!({})).await,
        StatusCode::BAD_REQUEST,
        "UW_REFERRAL_REQUIRED",
    )
    .await;
    let referral_id = first["details"]["referralId"]
        .as_str()
        .expect("referral")
        .to_owned();
    assert!(
        first["message"]
            .as_str()
            .expect("message")
            .contains(&referral_id)
    );
    // An agent's override reason counts for nothing; the same referral stays open.
    let second = assert_error(
        app.bind(
            &agent,
            &quote_id,
            &json!({"overrideReason": "I vouch for them"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "UW_REFERRAL_REQUIRED",
    )
    .await;
    assert_eq!(second["details"]["referralId"], json!(referral_id));
    assert_eq!(
        count(&app.pool, "underwriting_referral", "sample-carrier").await,
        1
    );
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 0);

    let queue: Value = app
        .get("/api/v1/uw/referrals?status=Open", Some(&underwriter))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(queue["total"], 1);
    assert_eq!(
        queue["items"][0]["reasons"],
        json!(["Driver age under 18 (refer)"])
    );
    assert_eq!(queue["items"][0]["transactionType"], "NewBusiness");
    assert_eq!(queue["items"][0]["insuredName"], "Ada Lovelace");

    let decided = app
        .patch_json(
            &format!("/api/v1/uw/referrals/{referral_id}/decide"),
            Some(&underwriter),
            &json!({"decision": "Approved", "reason": "Good student, garaged"}),
        )
        .await;
    assert_eq!(decided.status(), StatusCode::OK);
    let bound = app.bind(&agent, &quote_id, &json!({})).await;
    assert_eq!(bound.status(), StatusCode::CREATED);
    let bound: Value = bound.json().await.expect("json");

    let referral: Value = app
        .get(
            &format!("/api/v1/uw/referrals/{referral_id}"),
            Some(&underwriter),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(referral["policyNumber"], bound["policyNumber"]);
    assert_eq!(referral["policyId"], bound["policyId"]);
    let policy: Value = app
        .get(
            &format!("/api/v1/policies/{}", id(&bound, "policyId")),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(policy["versions"][0]["uwDecision"], "Refer");
    assert_eq!(policy["versions"][0]["uwOverride"], true);
    assert_eq!(
        policy["versions"][0]["overrideReason"],
        "Good student, garaged"
    );
}

#[sqlx::test(migrations = false)]
async fn an_underwriter_may_approve_while_binding_with_a_reason(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let underwriter = app.demo_token("uw1").await;
    let quote = app.rated_quote(&underwriter, &auto_quote(17)).await;
    let quote_id = id(&quote, "quoteId");

    assert_error(
        app.bind(&underwriter, &quote_id, &json!({})).await,
        StatusCode::BAD_REQUEST,
        "UW_REFERRAL_REQUIRED",
    )
    .await;
    let bound = app
        .bind(
            &underwriter,
            &quote_id,
            &json!({"overrideReason": "Reviewed the driving record"}),
        )
        .await;

    assert_eq!(bound.status(), StatusCode::CREATED);
    let referrals: Value = app
        .get("/api/v1/uw/referrals", Some(&underwriter))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        referrals["total"], 1,
        "the open referral was approved, not duplicated"
    );
    assert_eq!(referrals["items"][0]["status"], "Approved");
    assert_eq!(
        referrals["items"][0]["comments"][0]["text"],
        "Reviewed the driving record"
    );
    assert_eq!(referrals["items"][0]["comments"][0]["decision"], "Approved");
}

#[sqlx::test(migrations = false)]
async fn a_declined_quote_is_never_bound(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let underwriter = app.demo_token("uw1").await;
    let quote = app.rated_quote(&agent, &auto_quote(15)).await;
    let quote_id = id(&quote, "quoteId");

    let body = assert_error(
        app.bind(&agent, &quote_id, &json!({})).await,
        StatusCode::BAD_REQUEST,
        "UW_DECLINED",
    )
    .await;
    assert_eq!(
        body["message"],
        "Underwriting decision: Decline. Reasons: Driver age under 16 (decline)"
    );
    assert_error(
        app.bind(
            &underwriter,
            &quote_id,
            &json!({"overrideReason": "please"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "UW_DECLINED",
    )
    .await;
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 0);
    assert_eq!(
        count(&app.pool, "underwriting_referral", "sample-carrier").await,
        0
    );
}

#[sqlx::test(migrations = false)]
async fn a_quote_expires_after_the_tenants_validity_but_back_dated_terms_bind(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let admin = app.demo_token("admin").await;
    let mut old_term = auto_quote(35);
    old_term["effectiveDate"] = json!("2025-01-01");
    let quote = app.rated_quote(&agent, &old_term).await;
    let quote_id = id(&quote, "quoteId");
    sqlx::query("update quote set rated_at = now() - interval '61 days'")
        .execute(&app.pool)
        .await
        .expect("age the quote");

    let body = assert_error(
        app.bind(&agent, &quote_id, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "QUOTE_EXPIRED",
    )
    .await;
    assert!(body["details"]["expiredAt"].is_string());

    let patched = app
        .patch_json(
            "/api/v1/admin/tenant",
            Some(&admin),
            &json!({"quoteValidityDays": 90}),
        )
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    let bound = app.bind(&agent, &quote_id, &json!({})).await;
    assert_eq!(
        bound.status(),
        StatusCode::CREATED,
        "a back-dated term binds once the quote is valid"
    );

    let draft: Value = app
        .post_json(
            "/api/v1/quotes/draft",
            Some(&agent),
            &json!({"productCode": "cyber"}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_error(
        app.bind(&agent, &id(&draft, "quoteId"), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "QUOTE_NOT_RATED",
    )
    .await;
    assert_error(
        app.bind(&agent, "nope", &json!({})).await,
        StatusCode::NOT_FOUND,
        "QUOTE_NOT_FOUND",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn policy_numbers_follow_the_tenants_templates(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    app.patch_json(
        "/api/v1/admin/tenant",
        Some(&admin),
        &json!({"policyNumberFormatsByProduct": {"personal-auto": "auto/{YYYY}/{ID6}", "*": "X-{PRODUCT}"}}),
    )
    .await;

    let auto = app.bound_policy(&agent, &auto_quote(35)).await;
    let home_one = app
        .bound_policy(&agent, &crate::helpers::home_quote("A", "B"))
        .await;
    let home_two = app
        .bound_policy(&agent, &crate::helpers::home_quote("C", "D"))
        .await;

    let year = time::OffsetDateTime::now_utc().year();
    let id6 = id(&auto, "policyId").replace('-', "")[..6].to_uppercase();
    assert_eq!(auto["policyNumber"], format!("AUTO-{year}-{id6}"));
    assert_eq!(home_one["policyNumber"], "X-HOMEOWNERS");
    assert_eq!(
        home_two["policyNumber"], "X-HOMEOWNERS-2",
        "a collision takes a suffix"
    );
}

#[sqlx::test(migrations = false)]
async fn issuing_moves_a_bound_policy_into_force(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let mut current = auto_quote(35);
    let today = time::OffsetDateTime::now_utc().date();
    current["effectiveDate"] = json!(today.to_string());
    let bound = app.bound_policy(&agent, &current).await;
    let policy_id = id(&bound, "policyId");

    let issued = app
        .post_json(
            &format!("/api/v1/policies/{policy_id}/issue"),
            Some(&agent),
            &json!({}),
        )
        .await;
    assert_eq!(issued.status(), StatusCode::OK);
    let issued: Value = issued.json().await.expect("json");
    assert_eq!(issued["status"], "Issued");
    let again: Value = app
        .post_json(
            &format!("/api/v1/policies/{policy_id}/issue"),
            Some(&agent),
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        again["issuedAt"], issued["issuedAt"],
        "issuing twice changes nothing"
    );

    let policy: Value = app
        .get(&format!("/api/v1/policies/{policy_id}"), Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(policy["status"], "Inforced");
    let timeline: Value = app
        .get(
            &format!("/api/v1/policies/{policy_id}/timeline"),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(timeline["transactions"][0]["status"], "Issued");
    let events: Vec<&str> = timeline["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .map(|e| e["event"].as_str().expect("e"))
        .collect();
    assert_eq!(
        events,
        [
            "STATUS_CHANGE",
            "COMMISSION_HANDOFF",
            "STATUS_CHANGE",
            "COMMISSION_HANDOFF"
        ]
    );
    assert_eq!(timeline["ledger"][2]["toState"], "Issued");

    sqlx::query("update policy set status = 'Cancelled'")
        .execute(&app.pool)
        .await
        .expect("cancel");
    let body = assert_error(
        app.post_json(
            &format!("/api/v1/policies/{policy_id}/issue"),
            Some(&agent),
            &json!({}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "INVALID_STATE",
    )
    .await;
    assert_eq!(body["message"], "Policy is cancelled");
    assert_error(
        app.post_json(
            "/api/v1/policies/7c9e6679-7425-40de-944b-e07fc1f90ae7/issue",
            Some(&agent),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "POLICY_NOT_FOUND",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn other_tenants_and_customers_see_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let admin = app.demo_token("admin").await;
    let bound = app.bound_policy(&agent, &auto_quote(35)).await;
    let policy_id = id(&bound, "policyId");
    let acme = app.new_tenant("acme").await;
    let (customer, _) = app.portal_user(&admin, "portal-person").await;

    for path in [
        format!("/api/v1/policies/{policy_id}"),
        format!("/api/v1/policies/{policy_id}/timeline"),
    ] {
        assert_error(
            app.get(&path, Some(&acme)).await,
            StatusCode::NOT_FOUND,
            "POLICY_NOT_FOUND",
        )
        .await;
        assert_error(
            app.get(&path, Some(&customer)).await,
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
        )
        .await;
    }
    let acme_list: Value = app
        .get("/api/v1/policies", Some(&acme))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(acme_list["total"], 0);
    assert_error(
        app.get("/api/v1/policies", Some(&customer)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_error(
        app.get("/api/v1/quotes", Some(&customer)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
}
