//! Lifecycle writes are all or nothing: a failure injected part-way through (a trigger
//! that raises on one of the later inserts) leaves no transaction, version, segment,
//! document or event behind, and the policy as it was.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, flat_quote, replace};

/// Makes inserts into `table` fail when `condition` (on `new`) holds.
async fn inject_failure(pool: &PgPool, table: &str, condition: &str) {
    let statements = [
        format!(
            "create or replace function fail_{table}() returns trigger language plpgsql as $$
             begin
                 if {condition} then raise exception 'injected failure'; end if;
                 return new;
             end $$"
        ),
        format!(
            "create trigger fail_{table} before insert on {table}
             for each row execute function fail_{table}()"
        ),
    ];
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(pool)
            .await
            .expect("trigger installed");
    }
}

/// Counts of everything a lifecycle transaction writes for the policy.
async fn footprint(pool: &PgPool, policy: &str) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "policy_transaction",
        "policy_version",
        "policy_timeline_segment",
        "document",
        "ledger_event",
        "risk_unit",
        "coverage_selection",
    ] {
        let column = if table == "ledger_event" {
            "entity_id"
        } else {
            "policy_id"
        };
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from {table} where {column} = $1::uuid"
        )))
        .bind(policy)
        .fetch_one(pool)
        .await
        .expect("count");
        counts.push(n);
    }
    counts
}

#[sqlx::test(migrations = false)]
async fn a_failure_mid_transaction_leaves_no_partial_rows(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    let policy = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let before = footprint(&pool, &policy).await;
    let view_before = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    // The packet is written after the transaction, version, worksheet, risks, segments,
    // policy row and events; the ledger event of a cancellation comes after its segments.
    inject_failure(&pool, "document", "new.document_type = 'POLICY_PACKET'").await;
    inject_failure(&pool, "ledger_event", "new.event = 'CANCELLED'").await;

    let endorse = app
        .transact(
            &agent,
            &policy,
            "endorse",
            &json!({"effectiveDate": "2026-06-01", "changes": [replace("/risks/0/tier", json!("plus"))]}),
        )
        .await;
    let cancel = app
        .transact(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-06-01"}),
        )
        .await;
    let renew = app.transact(&agent, &policy, "renew", &json!({})).await;

    for response in [endorse, cancel, renew] {
        let body = assert_error(
            response,
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
        )
        .await;
        assert!(
            !body["message"]
                .as_str()
                .unwrap_or_default()
                .contains("injected"),
            "database errors are not shown: {body}"
        );
    }
    assert_eq!(footprint(&pool, &policy).await, before);
    let view_after: Value = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(view_after, view_before);
}
