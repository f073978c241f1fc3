//! New terms and their end: renewal (and its preview), rewrite after cancellation, and
//! non-renewal.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, flat_quote, replace};

fn events(timeline: &Value) -> Vec<String> {
    timeline["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .filter_map(|e| e["event"].as_str().map(str::to_owned))
        .collect()
}

#[sqlx::test(migrations = false)]
async fn renewal_rates_the_payload_in_force_at_the_end_of_the_term(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    // Plus tier from September: the renewal carries it into the whole next term.
    app.transacted(
        &agent,
        &policy,
        "endorse",
        &json!({"effectiveDate": "2026-09-01", "changes": [replace("/risks/0/tier", json!("plus"))]}),
    )
    .await;

    let preview = app
        .post_json(
            &format!("/api/v1/policies/{policy}/renew/preview"),
            Some(&agent),
            &json!({}),
        )
        .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: Value = preview.json().await.expect("json");
    let renewed = app.transacted(&agent, &policy, "renew", &json!({})).await;

    assert_eq!(preview["nextEffectiveDate"], "2027-01-01");
    assert_eq!(preview["nextExpirationDate"], "2028-01-01");
    assert_eq!(preview["premium"]["total"]["amount"], json!(1500.0));
    assert_eq!(preview["underwriting"]["decision"], "Eligible");
    assert_eq!(renewed["transactionType"], "Renew");
    assert_eq!(renewed["premium"]["total"]["amount"], json!(1500.0));
    assert_eq!(renewed["effectiveDate"], "2027-01-01");
    assert!(
        renewed["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("RN-"))
    );
    let view = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(
        view["term"],
        json!({"effectiveDate": "2027-01-01", "expirationDate": "2028-01-01"})
    );
    assert_eq!(view["termCount"], 2);
    assert_eq!(view["internalStatus"], "Issued");
    let next = app.state_on(&agent, &policy, "2027-03-01").await;
    assert_eq!(next["segmentStart"], "2027-01-01");
    assert_eq!(next["segmentEnd"], "2027-12-31");
    assert_eq!(next["payload"]["effectiveDate"], "2027-01-01");
    assert_eq!(next["premium"]["total"]["amount"], json!(1500.0));
    let timeline = app
        .get_json(&format!("/api/v1/policies/{policy}/timeline"), &agent)
        .await;
    let names = events(&timeline);
    assert_eq!(&names[names.len() - 2..], ["RENEWED", "COMMISSION_HANDOFF"]);
    // The renewal of the renewal starts where the new term ends.
    let again: Value = app
        .post_json(
            &format!("/api/v1/policies/{policy}/renew/preview"),
            Some(&agent),
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["nextEffectiveDate"], "2028-01-01");
}

#[sqlx::test(migrations = false)]
async fn a_renewal_takes_a_caller_number_and_refuses_an_early_start(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;

    let early = app
        .transact(
            &agent,
            &policy,
            "renew",
            &json!({"effectiveDate": "2026-12-01"}),
        )
        .await;
    let renewed = app
        .transacted(
            &agent,
            &policy,
            "renew",
            &json!({"transactionNumber": "RN-CALLER-0001"}),
        )
        .await;

    assert_error(
        early,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_RENEWAL_DATE",
    )
    .await;
    assert_eq!(renewed["transactionNumber"], "RN-CALLER-0001");
}

#[sqlx::test(migrations = false)]
async fn a_cancelled_policy_is_rewritten_into_a_new_term(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;

    let not_cancelled = app.transact(&agent, &policy, "rewrite", &json!({})).await;
    app.transacted(
        &agent,
        &policy,
        "cancel",
        &json!({"effectiveDate": "2026-04-01"}),
    )
    .await;
    let before_cancel = app
        .transact(
            &agent,
            &policy,
            "rewrite",
            &json!({"effectiveDate": "2026-03-01"}),
        )
        .await;
    let rewritten = app
        .transacted(
            &agent,
            &policy,
            "rewrite",
            &json!({"effectiveDate": "2026-04-01"}),
        )
        .await;

    let body = assert_error(not_cancelled, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(body["message"], "Policy must be cancelled to rewrite");
    assert_error(
        before_cancel,
        StatusCode::UNPROCESSABLE_ENTITY,
        "EFFECTIVE_DATE_BEFORE_CANCELLATION",
    )
    .await;
    assert_eq!(rewritten["transactionType"], "Rewrite");
    assert_eq!(rewritten["status"], "Issued");
    assert_eq!(rewritten["premium"]["total"]["amount"], json!(1000.0));
    assert_eq!(rewritten["meta"]["rewrite"], true);
    assert!(
        rewritten["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("RW-"))
    );
    let view = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(
        view["term"],
        json!({"effectiveDate": "2026-04-01", "expirationDate": "2027-04-01"})
    );
    assert_eq!(view["internalStatus"], "Issued");
    assert_eq!(view["metadata"]["rewriteEffective"], "2026-04-01");
    let state = app.state_on(&agent, &policy, "2026-06-01").await;
    assert_eq!(state["inForce"], true);
    assert_eq!(state["segmentStart"], "2026-04-01");
    let timeline = app
        .get_json(&format!("/api/v1/policies/{policy}/timeline"), &agent)
        .await;
    assert!(events(&timeline).contains(&"REWRITTEN".to_owned()));
}

#[sqlx::test(migrations = false)]
async fn non_renewal_is_recorded_once_and_blocks_renewal(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let cancelled = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    app.transacted(
        &agent,
        &cancelled,
        "cancel",
        &json!({"effectiveDate": "2026-04-01"}),
    )
    .await;

    let notice = app
        .transacted(
            &agent,
            &policy,
            "non-renew",
            &json!({"reasonCode": "Market Exit", "reasonDescription": "Leaving the line", "noticeDate": "2026-10-01"}),
        )
        .await;
    let twice = app.transact(&agent, &policy, "non-renew", &json!({})).await;
    let renew = app.transact(&agent, &policy, "renew", &json!({})).await;
    let of_cancelled = app
        .transact(&agent, &cancelled, "non-renew", &json!({}))
        .await;

    assert_eq!(notice["ok"], true);
    assert_eq!(notice["nonRenewedAt"], "2027-01-01");
    assert_eq!(notice["noticeDate"], "2026-10-01");
    assert_eq!(notice["reasonCode"], "Market Exit");
    assert!(
        notice["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("NR-"))
    );
    assert_error(twice, StatusCode::CONFLICT, "ALREADY_NON_RENEWED").await;
    assert_error(renew, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    let body = assert_error(of_cancelled, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(body["message"], "Cannot non-renew a cancelled policy.");
    let view = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(view["internalStatus"], "Issued");
    let versions = view["versions"].as_array().expect("versions");
    assert_eq!(
        versions.last().map(|v| v["transactionType"].clone()),
        Some(json!("NON_RENEWAL"))
    );
    assert_eq!(
        versions.last().map(|v| v["effectiveDate"].clone()),
        Some(json!("2027-01-01"))
    );
    // Cover within the term is untouched.
    let state = app.state_on(&agent, &policy, "2026-12-31").await;
    assert_eq!(state["inForce"], true);
    let timeline = app
        .get_json(&format!("/api/v1/policies/{policy}/timeline"), &agent)
        .await;
    let names = events(&timeline);
    assert_eq!(
        &names[names.len() - 2..],
        ["NON_RENEWAL_ISSUED", "COMMISSION_HANDOFF"]
    );
}
