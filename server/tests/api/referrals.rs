//! The underwriting referral queue: list, read, assign, comment, decide.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote};

/// Raises a referral by binding a referred quote; returns its id.
async fn referral(app: &TestApp, agent: &str, age: i64) -> String {
    let quote = app.rated_quote(agent, &auto_quote(age)).await;
    let body: Value = app
        .bind(agent, quote["quoteId"].as_str().expect("id"), &json!({}))
        .await
        .json()
        .await
        .expect("json");
    body["details"]["referralId"]
        .as_str()
        .expect("referral")
        .to_owned()
}

#[sqlx::test(migrations = false)]
async fn the_queue_lists_filters_and_pages_newest_first(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let uw = app.demo_token("uw1").await;
    let first = referral(&app, &agent, 17).await;
    let second = referral(&app, &agent, 16).await;
    app.patch_json(
        &format!("/api/v1/uw/referrals/{first}/decline"),
        Some(&uw),
        &json!({"reason": "No"}),
    )
    .await;

    let all: Value = app
        .get("/api/v1/uw/referrals?pageSize=1", Some(&uw))
        .await
        .json()
        .await
        .expect("json");
    let open: Value = app
        .get("/api/v1/uw/referrals?status=Open", Some(&uw))
        .await
        .json()
        .await
        .expect("json");
    let declined: Value = app
        .get("/api/v1/uw/referrals?status=Declined", Some(&uw))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(
        (all["total"].clone(), all["items"][0]["referralId"].clone()),
        (json!(2), json!(second))
    );
    assert_eq!(open["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(declined["items"][0]["referralId"], json!(first));
    assert_eq!(declined["items"][0]["decisionReason"], "No");
    assert_error(
        app.get("/api/v1/uw/referrals?status=Maybe", Some(&uw))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        app.get("/api/v1/uw/referrals", Some(&agent)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_error(
        app.get(
            "/api/v1/uw/referrals/2a7d4b9e-9a7a-4d8e-8a39-5d0c8a1e0b11",
            Some(&uw),
        )
        .await,
        StatusCode::NOT_FOUND,
        "REFERRAL_NOT_FOUND",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn assign_comment_and_decide(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let uw = app.demo_token("uw1").await;
    let id = referral(&app, &agent, 17).await;
    let me: Value = app
        .get("/api/v1/me", Some(&uw))
        .await
        .json()
        .await
        .expect("json");
    let path = |action: &str| format!("/api/v1/uw/referrals/{id}/{action}");

    assert_error(
        app.patch_json(&path("assign"), Some(&uw), &json!({})).await,
        StatusCode::BAD_REQUEST,
        "ASSIGNED_TO_REQUIRED",
    )
    .await;
    assert_error(
        app.patch_json(
            &path("assign"),
            Some(&uw),
            &json!({"assignedTo": "9f8a7b6c-1d2e-4f30-8a4b-5c6d7e8f9a0b"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "ASSIGNEE_NOT_FOUND",
    )
    .await;
    let assigned: Value = app
        .patch_json(&path("assign"), Some(&uw), &json!({"assignedTo": me["id"]}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(assigned["assignedTo"], me["id"]);

    assert_error(
        app.post_json(&path("comments"), Some(&uw), &json!({"text": "  "}))
            .await,
        StatusCode::BAD_REQUEST,
        "COMMENT_REQUIRED",
    )
    .await;
    let commented: Value = app
        .post_json(&path("comments"), Some(&uw), &json!({"text": "Need MVR"}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(commented["comments"][0]["by"], "uw1");
    assert_eq!(commented["comments"][0]["text"], "Need MVR");

    assert_error(
        app.patch_json(&path("decide"), Some(&uw), &json!({"decision": "Maybe"}))
            .await,
        StatusCode::BAD_REQUEST,
        "INVALID_DECISION",
    )
    .await;
    assert_error(
        app.patch_json(
            &path("decide"),
            Some(&agent),
            &json!({"decision": "Approved"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    let info: Value = app
        .patch_json(
            &path("decide"),
            Some(&uw),
            &json!({"decision": "InfoRequested"}),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(info["status"], "InfoRequested");
    let approved: Value = app
        .patch_json(&path("approve"), Some(&uw), &json!({}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(approved["status"], "Approved");
    assert_eq!(approved["decidedBy"], me["id"]);
    assert!(approved["decidedAt"].is_string());
    let body = assert_error(
        app.patch_json(
            &path("decline"),
            Some(&uw),
            &json!({"reason": "changed my mind"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "REFERRAL_NOT_DECIDABLE",
    )
    .await;
    assert_eq!(
        body["message"],
        "Referral is Approved and can no longer be decided"
    );
}

#[sqlx::test(migrations = false)]
async fn a_declined_referral_is_raised_again_on_the_next_bind(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let uw = app.demo_token("uw1").await;
    let quote = app.rated_quote(&agent, &auto_quote(17)).await;
    let quote_id = quote["quoteId"].as_str().expect("id");
    let first: Value = app
        .bind(&agent, quote_id, &json!({}))
        .await
        .json()
        .await
        .expect("json");
    let first_id = first["details"]["referralId"].as_str().expect("id");
    app.patch_json(
        &format!("/api/v1/uw/referrals/{first_id}/decline"),
        Some(&uw),
        &json!({}),
    )
    .await;

    let second = assert_error(
        app.bind(&agent, quote_id, &json!({})).await,
        StatusCode::BAD_REQUEST,
        "UW_REFERRAL_REQUIRED",
    )
    .await;

    assert_ne!(second["details"]["referralId"], json!(first_id));
    let open: Value = app
        .get("/api/v1/uw/referrals?status=Open", Some(&uw))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(open["total"], 1);
}
