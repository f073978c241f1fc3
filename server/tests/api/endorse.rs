//! Endorsements: the reference's worked example to the cent, previews, full-payload
//! endorsements, out-of-sequence rebasing, the referral gate, state checks and bad input.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, flat_quote, replace};

fn driver_age_22() -> Value {
    json!({"effectiveDate": "2026-10-01",
           "changes": [replace("/uwAnswers/driverAge", json!(22))]})
}

#[sqlx::test(migrations = false)]
async fn the_reference_endorsement_example_to_the_cent(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app.issued_policy(&agent, &auto_quote(35)).await;

    let preview = app
        .post_json(
            &format!("/api/v1/policies/{policy}/endorse/preview"),
            Some(&agent),
            &driver_age_22(),
        )
        .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: Value = preview.json().await.expect("json");
    let done = app
        .transacted(&agent, &policy, "endorse", &driver_age_22())
        .await;

    // (652.47 - 516.93) x 273/365 = 101.38; taxes (18.28 - 14.33) x 273/365 = 2.95.
    for body in [&preview, &done] {
        assert_eq!(body["premium"]["total"]["amount"], json!(101.38), "{body}");
        assert_eq!(body["premium"]["taxes"]["amount"], json!(2.95));
        assert_eq!(body["premium"]["fees"]["amount"], json!(0.0));
    }
    assert_eq!(
        preview["fullTerm"],
        json!({"old": {"amount": 516.93, "currency": "USD"},
               "new": {"amount": 652.47, "currency": "USD"},
               "delta": {"amount": 135.54, "currency": "USD"}})
    );
    assert_eq!(
        preview["retroAdjustment"]["impactedSegments"],
        json!([{"from": "2026-10-01", "to": "2027-06-30",
                "totalDelta": {"amount": 101.38, "currency": "USD"},
                "feesDelta": {"amount": 0.0, "currency": "USD"},
                "taxesDelta": {"amount": 2.95, "currency": "USD"}}])
    );
    assert_eq!(
        preview["timeline"],
        json!({"wouldRebase": false, "rebasedTransactions": []})
    );
    assert_eq!(preview["underwriting"]["decision"], "Eligible");
    assert_eq!(done["transactionType"], "Endorse");
    assert_eq!(done["effectiveDate"], "2026-10-01");
    assert!(
        done["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("EN-") && n.len() == 16)
    );
    assert_eq!(done["meta"]["timelineVersion"], 2);
    assert_eq!(done["meta"]["outOfSequence"], false);
    let bi = &done["premium"]["byCoverage"][0];
    assert_eq!(bi["code"], "BI");
    assert_eq!(bi["deltaType"], "ADD");

    let before = app.state_on(&agent, &policy, "2026-09-30").await;
    let after = app.state_on(&agent, &policy, "2026-10-01").await;
    assert_eq!(before["payload"]["uwAnswers"]["driverAge"], 35);
    assert_eq!(before["premium"]["total"]["amount"], json!(516.93));
    assert_eq!(
        (before["segmentStart"].clone(), before["segmentEnd"].clone()),
        (json!("2026-07-01"), json!("2026-09-30"))
    );
    assert_eq!(after["payload"]["uwAnswers"]["driverAge"], 22);
    assert_eq!(after["premium"]["total"]["amount"], json!(652.47));
    assert_eq!(after["timelineVersion"], 2);

    let view = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    // Today (after 2026-10-01) the endorsed premium is in force.
    assert_eq!(view["premium"]["total"]["amount"], json!(652.47));
    let versions = view["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["transactionType"], "ENDORSE");
    assert_eq!(versions[1]["premium"]["total"]["amount"], json!(101.38));
}

#[sqlx::test(migrations = false)]
async fn a_whole_payload_is_diffed_into_the_change_set(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app.issued_policy(&agent, &auto_quote(35)).await;
    let mut payload = app
        .get_json(&format!("/api/v1/policies/{policy}/full"), &agent)
        .await;
    payload["uwAnswers"]["driverAge"] = json!(22);

    let done = app
        .transacted(
            &agent,
            &policy,
            "endorse",
            &json!({"effectiveDate": "2026-10-01", "payload": payload}),
        )
        .await;

    assert_eq!(
        done["meta"]["changes"],
        json!([replace("/uwAnswers/driverAge", json!(22))])
    );
    assert_eq!(done["premium"]["total"]["amount"], json!(101.38));
}

/// Endorses `policy` from `date` with `changes`; returns the response.
async fn endorse(app: &TestApp, token: &str, policy: &str, date: &str, changes: Value) -> Value {
    app.transacted(
        token,
        policy,
        "endorse",
        &json!({"effectiveDate": date, "changes": changes}),
    )
    .await
}

#[sqlx::test(migrations = false)]
async fn an_earlier_endorsement_processed_later_flows_into_the_later_segments(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let plus = json!([replace("/risks/0/tier", json!("plus"))]);
    let extras = json!([replace("/risks/0/extras", json!(2))]);
    let out_of_order = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let in_order = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;

    // A (tier plus from 09-01) first, then B (two extras from 05-01).
    let a = endorse(&app, &agent, &out_of_order, "2026-09-01", plus.clone()).await;
    let preview: Value = app
        .post_json(
            &format!("/api/v1/policies/{out_of_order}/endorse/preview"),
            Some(&agent),
            &json!({"effectiveDate": "2026-05-01", "changes": extras}),
        )
        .await
        .json()
        .await
        .expect("json");
    let b = endorse(&app, &agent, &out_of_order, "2026-05-01", extras.clone()).await;
    // The same two endorsements in date order.
    let b_first = endorse(&app, &agent, &in_order, "2026-05-01", extras).await;
    let a_second = endorse(&app, &agent, &in_order, "2026-09-01", plus).await;

    // A: (1500 - 1000) x 122/365. B: 200 x 123/365 (05-01..08-31) + 300 x 122/365.
    assert_eq!(a["premium"]["total"]["amount"], json!(167.12));
    assert_eq!(b["premium"]["total"]["amount"], json!(167.67));
    assert_eq!(preview["timeline"]["wouldRebase"], true);
    assert_eq!(b["meta"]["outOfSequence"], true);
    let rebased = b["meta"]["rebasedTransactions"].as_array().expect("list");
    assert_eq!(rebased.len(), 1);
    assert_eq!(rebased[0]["transactionNumber"], a["transactionNumber"]);
    assert_eq!(
        b["premium"]["byCoverage"][0]["amount"]["amount"],
        json!(134.25),
        "the line delta measures B's date only: (1200 - 1000) x 245/365"
    );
    // In date order: B = 200 x 245/365, then A = 600 x 122/365.
    assert_eq!(b_first["premium"]["total"]["amount"], json!(134.25));
    assert_eq!(a_second["premium"]["total"]["amount"], json!(200.55));
    assert_eq!(b_first["meta"]["outOfSequence"], false);

    for (date, start, end, tier, extras, premium) in [
        (
            "2026-02-01",
            "2026-01-01",
            "2026-04-30",
            "standard",
            Value::Null,
            1000.0,
        ),
        (
            "2026-06-01",
            "2026-05-01",
            "2026-08-31",
            "standard",
            json!(2),
            1200.0,
        ),
        (
            "2026-10-01",
            "2026-09-01",
            "2026-12-31",
            "plus",
            json!(2),
            1800.0,
        ),
    ] {
        let oos = app.state_on(&agent, &out_of_order, date).await;
        let ordered = app.state_on(&agent, &in_order, date).await;
        for state in [&oos, &ordered] {
            assert_eq!(state["segmentStart"], start, "{date}");
            assert_eq!(state["segmentEnd"], end, "{date}");
            assert_eq!(state["payload"]["risks"][0]["tier"], tier, "{date}");
            assert_eq!(state["payload"]["risks"][0]["extras"], extras, "{date}");
            assert_eq!(
                state["premium"]["total"]["amount"],
                json!(premium),
                "{date}"
            );
        }
        assert_eq!(oos["payload"], ordered["payload"], "{date}");
    }
}

#[sqlx::test(migrations = false)]
async fn a_referred_endorsement_waits_for_an_underwriter_then_proceeds(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let underwriter = app.demo_token("uw1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let hazard = json!({"effectiveDate": "2026-06-01",
                        "changes": [{"op": "add", "path": "/risks/0/hazard", "value": true}]});

    let blocked = app.transact(&agent, &policy, "endorse", &hazard).await;
    let body = assert_error(blocked, StatusCode::BAD_REQUEST, "UW_REFERRAL_REQUIRED").await;
    let referral_id = body["details"]["referralId"]
        .as_str()
        .expect("referralId")
        .to_owned();
    let referral = app
        .get_json(&format!("/api/v1/uw/referrals/{referral_id}"), &underwriter)
        .await;
    let approved = app
        .patch_json(
            &format!("/api/v1/uw/referrals/{referral_id}/approve"),
            Some(&underwriter),
            &json!({"reason": "Inspected"}),
        )
        .await;
    let done = app.transacted(&agent, &policy, "endorse", &hazard).await;
    // Any later change to the hazardous risk is referred again.
    let plus = json!({"effectiveDate": "2026-08-01", "changes": [replace("/risks/0/tier", json!("plus"))]});
    let again = app.transact(&agent, &policy, "endorse", &plus).await;

    assert_eq!(referral["status"], "Open");
    assert_eq!(referral["transactionType"], "Endorse");
    assert_eq!(referral["reasons"], json!(["Hazard declared (refer)"]));
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(done["meta"]["uwOverride"], true);
    assert_eq!(done["meta"]["uwReferralId"], json!(referral_id));
    // The approval was used up: the next referred endorsement needs a new one.
    let body = assert_error(again, StatusCode::BAD_REQUEST, "UW_REFERRAL_REQUIRED").await;
    assert_ne!(body["details"]["referralId"], json!(referral_id));
}

#[sqlx::test(migrations = false)]
async fn an_underwriter_approves_a_referred_endorsement_with_a_reason(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let underwriter = app.demo_token("uw1").await;
    let policy = app
        .issued_policy(&underwriter, &flat_quote("2026-01-01", "standard"))
        .await;

    let done = app
        .transacted(
            &underwriter,
            &policy,
            "endorse",
            &json!({"effectiveDate": "2026-06-01", "overrideReason": "Known risk",
                    "changes": [{"op": "add", "path": "/risks/0/hazard", "value": true}]}),
        )
        .await;

    assert_eq!(done["meta"]["uwOverride"], true);
    assert_eq!(done["meta"]["uwDecision"], "Refer");
}

#[sqlx::test(migrations = false)]
async fn bad_endorsements_are_refused_with_clear_errors(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let plus = json!([replace("/risks/0/tier", json!("plus"))]);
    let cases = [
        (
            json!({"effectiveDate": "2027-01-01", "changes": plus}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "EFFECTIVE_DATE_OUT_OF_TERM",
        ),
        (
            json!({"effectiveDate": "2026-13-01", "changes": plus}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
        (
            json!({"changes": [{"op": "move", "path": "/risks/0/tier", "value": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_CHANGES",
        ),
        (
            json!({"changes": [{"op": "replace", "path": "/__proto__/x", "value": 1}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_CHANGES",
        ),
        (
            json!({}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
        (
            json!({"changes": plus, "payload": {}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
        (
            json!({"changes": [replace("/risks/0/tier", json!("standard"))]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "NO_CHANGES",
        ),
        (
            json!({"changes": [replace("/productCode", json!("cyber"))]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
        (
            json!({"changes": [{"op": "remove", "path": "/risks/0/tier"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "INVALID_QUOTE",
        ),
        (
            json!({"changes": plus, "transactionNumber": "EN 1; drop"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        ),
    ];
    for (body, status, code) in cases {
        let response = app.transact(&agent, &policy, "endorse", &body).await;
        assert_error(response, status, code).await;
    }
    let unknown = app
        .transact(
            &agent,
            "6f1c1a5e-0000-4000-8000-000000000000",
            "endorse",
            &json!({"changes": plus}),
        )
        .await;
    assert_error(unknown, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;

    // Nothing was written by any of them.
    let view = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(view["versions"].as_array().map(Vec::len), Some(1));
}

#[sqlx::test(migrations = false)]
async fn a_cancelled_policy_is_not_endorsed(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    app.transacted(
        &agent,
        &policy,
        "cancel",
        &json!({"effectiveDate": "2026-04-01"}),
    )
    .await;
    let body = json!({"changes": [replace("/risks/0/tier", json!("plus"))]});

    let preview = app
        .post_json(
            &format!("/api/v1/policies/{policy}/endorse/preview"),
            Some(&agent),
            &body,
        )
        .await;
    let execute = app.transact(&agent, &policy, "endorse", &body).await;

    let message = assert_error(preview, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(message["message"], "Policy is cancelled");
    assert_error(execute, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
}

#[sqlx::test(migrations = false)]
async fn reserved_numbers_follow_the_state_rules_and_are_used_as_given(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let read_only = {
        let admin = app.demo_token("admin").await;
        app.create_user(&admin, "reader", &["read_only"]).await;
        app.token("sample-carrier", "reader", crate::helpers::TEST_PASSWORD)
            .await
    };
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let path = format!("/api/v1/policies/{policy}/transactions/reserve-number");
    let reserve = async |mode: &str| {
        app.post_json(&path, Some(&agent), &json!({"mode": mode}))
            .await
    };

    let endorse_number: Value = reserve("endorse").await.json().await.expect("json");
    let cancel_number: Value = reserve("cancel").await.json().await.expect("json");
    let bogus = reserve("bogus").await;
    let reinstate = reserve("reinstate").await;
    let legacy: Value = app
        .post_json(
            &format!("/api/v1/policies/{policy}/endorse/reserve-number"),
            Some(&agent),
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("json");
    let forbidden = app
        .transact(
            &read_only,
            &policy,
            "endorse",
            &json!({"changes": [replace("/risks/0/tier", json!("plus"))]}),
        )
        .await;

    let number = endorse_number["transactionNumber"]
        .as_str()
        .expect("number");
    assert!(number.starts_with("EN-") && number.len() == 16, "{number}");
    assert!(
        cancel_number["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("CN-"))
    );
    assert!(
        legacy["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("EN-"))
    );
    assert_error(bogus, StatusCode::BAD_REQUEST, "INVALID_MODE").await;
    let body = assert_error(reinstate, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(body["message"], "Policy is not cancelled");
    assert_error(forbidden, StatusCode::FORBIDDEN, "FORBIDDEN").await;

    let done = app
        .transacted(
            &agent,
            &policy,
            "endorse",
            &json!({"transactionNumber": number, "changes": [replace("/risks/0/tier", json!("plus"))]}),
        )
        .await;
    assert_eq!(done["transactionNumber"], number);
    // From the term start: the whole year's difference.
    assert_eq!(done["premium"]["total"]["amount"], json!(500.0));
}
