//! Cancellation and reinstatement: the reference's cancellation example, every short-rate
//! bracket, flat cancellation, reinstatement charges, lapses, and bad requests.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, flat_quote};

/// Cancels and returns the response.
async fn cancel(app: &TestApp, token: &str, policy: &str, body: Value) -> Value {
    app.transacted(token, policy, "cancel", &body).await
}

fn refund(body: &Value) -> Value {
    body["meta"]["refund"]["amount"].clone()
}

#[sqlx::test(migrations = false)]
async fn pro_rata_returns_match_the_reference_example(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let april = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let july = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;

    // No reason code: pro rata. 1000 x 275/365 = 753.42.
    let first = cancel(&app, &agent, &april, json!({"effectiveDate": "2026-04-01"})).await;
    // NON_PAYMENT returns pro rata: 1000 x 184/365 = 504.11.
    let second = cancel(
        &app,
        &agent,
        &july,
        json!({"effectiveDate": "2026-07-01", "cancellationReasonCode": "NON_PAYMENT"}),
    )
    .await;

    assert_eq!(refund(&first), json!(753.42));
    assert_eq!(first["premium"]["total"]["amount"], json!(-753.42));
    assert_eq!(first["transactionType"], "Cancel");
    assert_eq!(first["status"], "Cancelled");
    assert_eq!(first["meta"]["returnPremiumMethod"], "PRO_RATA");
    assert!(
        first["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("CN-"))
    );
    assert_eq!(refund(&second), json!(504.11));
    assert_eq!(second["meta"]["cancellationType"], "NON_PAYMENT");

    let view = app
        .get_json(&format!("/api/v1/policies/{april}"), &agent)
        .await;
    assert_eq!(view["status"], "Cancelled");
    assert_eq!(
        view["versions"][1]["premium"]["total"]["amount"],
        json!(-753.42)
    );
    let before = app.state_on(&agent, &april, "2026-03-31").await;
    let after = app.state_on(&agent, &april, "2026-04-01").await;
    assert_eq!(before["inForce"], true);
    assert_eq!(after["inForce"], false);
    assert_eq!(after["segmentStart"], "2026-04-01");
    let timeline = app
        .get_json(&format!("/api/v1/policies/{april}/timeline"), &agent)
        .await;
    let events: Vec<&str> = timeline["ledger"]
        .as_array()
        .expect("ledger")
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert_eq!(
        &events[events.len() - 2..],
        ["CANCELLED", "COMMISSION_HANDOFF"]
    );
    let handoff = &timeline["ledger"][events.len() - 1]["payload"];
    assert_eq!(handoff["premiumImpact"]["amount"], json!(-753.42));
    assert_eq!(handoff["transaction"]["transactionType"], "Cancel");
}

#[sqlx::test(migrations = false)]
async fn short_rate_returns_follow_every_bracket_of_the_seeded_table(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    // (date, days in force, percent earned): the refund is 1000 less the earned share.
    let brackets = [
        ("2026-01-01", 0, 25),
        ("2026-01-08", 7, 25),
        ("2026-01-09", 8, 35),
        ("2026-01-31", 30, 35),
        ("2026-02-01", 31, 44),
        ("2026-03-02", 60, 44),
        ("2026-03-03", 61, 52),
        ("2026-04-01", 90, 52),
        ("2026-04-02", 91, 59),
        ("2026-05-31", 150, 65),
        ("2026-06-30", 180, 70),
        ("2026-07-01", 181, 75),
        ("2026-08-29", 240, 80),
        ("2026-09-28", 270, 84),
        ("2026-10-28", 300, 88),
        ("2026-11-27", 330, 91),
        ("2026-11-28", 331, 95),
        ("2026-12-31", 364, 95),
    ];
    for (date, days, earned) in brackets {
        let cancelled = cancel(
            &app,
            &agent,
            &policy,
            json!({"effectiveDate": date, "cancellationReasonCode": "INSURED_REQUEST"}),
        )
        .await;
        assert_eq!(
            refund(&cancelled),
            json!(f64::from(1000 - 10 * earned)),
            "{date}: {days} days in force earn {earned} %"
        );
        assert_eq!(cancelled["meta"]["returnPremiumMethod"], "SHORT_RATE");
        assert_eq!(cancelled["meta"]["earnedPercent"], json!(f64::from(earned)));
        app.transacted(
            &agent,
            &policy,
            "reinstate",
            &json!({"effectiveDate": date}),
        )
        .await;
    }
}

#[sqlx::test(migrations = false)]
async fn a_flat_cancellation_returns_everything(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "plus"))
        .await;

    let cancelled = cancel(
        &app,
        &agent,
        &policy,
        json!({"effectiveDate": "2026-01-01", "reasonCode": "flat_cancel", "reason": "Rescinded"}),
    )
    .await;

    assert_eq!(refund(&cancelled), json!(1500.0));
    assert_eq!(cancelled["meta"]["cancellationReasonCode"], "FLAT_CANCEL");
    assert_eq!(cancelled["meta"]["returnPremiumMethod"], "FLAT");
}

#[sqlx::test(migrations = false)]
async fn reinstatement_charges_pro_rata_and_restores_cover(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let same_day = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let lapsed = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    for policy in [&same_day, &lapsed] {
        cancel(&app, &agent, policy, json!({"effectiveDate": "2026-04-01"})).await;
    }

    let restored = app
        .transacted(
            &agent,
            &same_day,
            "reinstate",
            &json!({"effectiveDate": "2026-04-01"}),
        )
        .await;
    let late = app
        .transacted(
            &agent,
            &lapsed,
            "reinstate",
            &json!({"effectiveDate": "2026-07-01"}),
        )
        .await;

    // The charge is pro rata from the reinstatement date: 753.42 and 504.11.
    assert_eq!(restored["premium"]["total"]["amount"], json!(753.42));
    assert_eq!(restored["transactionType"], "Reinstate");
    assert_eq!(restored["status"], "Issued");
    assert!(
        restored["transactionNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("RI-"))
    );
    assert_eq!(late["premium"]["total"]["amount"], json!(504.11));
    let whole = app.state_on(&agent, &same_day, "2026-05-01").await;
    assert_eq!(whole["inForce"], true);
    assert_eq!(whole["premium"]["total"]["amount"], json!(1000.0));
    // A reinstatement after a gap leaves the gap uncovered.
    let gap = app.state_on(&agent, &lapsed, "2026-05-01").await;
    let back = app.state_on(&agent, &lapsed, "2026-07-01").await;
    assert_eq!(gap["inForce"], false);
    assert_eq!(
        (gap["segmentStart"].clone(), gap["segmentEnd"].clone()),
        (json!("2026-04-01"), json!("2026-06-30"))
    );
    assert_eq!(back["inForce"], true);
    let view = app
        .get_json(&format!("/api/v1/policies/{same_day}"), &agent)
        .await;
    assert_eq!(view["internalStatus"], "Issued");
    assert!(view["lifecycle"].get("cancelledAt").is_none());
    assert!(view["lifecycle"]["reinstatedAt"].is_string());
}

#[sqlx::test(migrations = false)]
async fn bad_cancellations_and_reinstatements_are_refused(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;

    let missing_date = app.transact(&agent, &policy, "cancel", &json!({})).await;
    let unknown_code = app
        .transact(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-04-01", "cancellationReasonCode": "BORED"}),
        )
        .await;
    let outside = app
        .transact(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2027-02-01"}),
        )
        .await;
    let not_cancelled = app
        .transact(
            &agent,
            &policy,
            "reinstate",
            &json!({"effectiveDate": "2026-04-01"}),
        )
        .await;
    cancel(
        &app,
        &agent,
        &policy,
        json!({"effectiveDate": "2026-04-01"}),
    )
    .await;
    let twice = app
        .transact(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-05-01"}),
        )
        .await;
    let too_early = app
        .transact(
            &agent,
            &policy,
            "reinstate",
            &json!({"effectiveDate": "2026-03-01"}),
        )
        .await;

    let body = assert_error(
        missing_date,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(
        body["details"]["fieldErrors"]["effectiveDate"],
        json!(["is required"])
    );
    assert_error(
        unknown_code,
        StatusCode::UNPROCESSABLE_ENTITY,
        "UNKNOWN_REASON_CODE",
    )
    .await;
    assert_error(
        outside,
        StatusCode::UNPROCESSABLE_ENTITY,
        "EFFECTIVE_DATE_OUT_OF_TERM",
    )
    .await;
    let body = assert_error(not_cancelled, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(body["message"], "Policy is not cancelled");
    let body = assert_error(twice, StatusCode::BAD_REQUEST, "INVALID_STATE").await;
    assert_eq!(body["message"], "Policy already cancelled");
    assert_error(
        too_early,
        StatusCode::UNPROCESSABLE_ENTITY,
        "EFFECTIVE_DATE_BEFORE_CANCELLATION",
    )
    .await;
}
