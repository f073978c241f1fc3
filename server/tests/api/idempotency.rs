//! `Idempotency-Key`: replays are byte-identical and create nothing, also under load.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, count, replace};

async fn post_with_key(
    app: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    app.request(Method::POST, path, Some(token))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("sent")
}

#[sqlx::test(migrations = false)]
async fn a_replay_returns_the_same_bytes_and_creates_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let first = post_with_key(&app, &agent, "/api/v1/quotes", "quote-1", &auto_quote(35)).await;
    let first_status = first.status();
    let first_body = first.bytes().await.expect("body");
    // Key order in the body does not make it a different request.
    let reordered: Value = serde_json::from_str(&auto_quote(35).to_string()).expect("json");
    let second = post_with_key(&app, &agent, "/api/v1/quotes", "quote-1", &reordered).await;

    assert_eq!(first_status, StatusCode::OK);
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    assert_eq!(second.bytes().await.expect("body"), first_body);
    assert_eq!(count(&app.pool, "quote", "sample-carrier").await, 1);

    let conflict = post_with_key(&app, &agent, "/api/v1/quotes", "quote-1", &auto_quote(40)).await;
    assert_error(conflict, StatusCode::CONFLICT, "IDEMPOTENCY_KEY_CONFLICT").await;
    assert_eq!(count(&app.pool, "quote", "sample-carrier").await, 1);
}

#[sqlx::test(migrations = false)]
async fn twenty_concurrent_duplicates_bind_once_and_all_get_the_same_body(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let quote = app.rated_quote(&agent, &auto_quote(35)).await;
    let path = format!(
        "/api/v1/quotes/{}/bind",
        quote["quoteId"].as_str().expect("id")
    );

    let requests: Vec<_> = (0..20)
        .map(|_| {
            let app = &app;
            let agent = agent.clone();
            let path = path.clone();
            async move {
                let response = post_with_key(app, &agent, &path, "bind-once", &json!({})).await;
                (response.status(), response.bytes().await.expect("body"))
            }
        })
        .collect();
    let results = join_all(requests).await;

    let bodies: std::collections::HashSet<_> = results.iter().map(|(_, b)| b.clone()).collect();
    assert!(
        results.iter().all(|(s, _)| *s == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert_eq!(
        bodies.len(),
        1,
        "every duplicate got the identical response"
    );
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 1);
    assert_eq!(count(&app.pool, "ledger_event", "sample-carrier").await, 2);
}

async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut results = Vec::new();
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut outputs: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        outputs[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.extend(outputs.into_iter().map(|o| o.expect("ready")));
    results
}

/// Makes the middleware's own store of a response fail: a trigger refuses to complete a
/// key in any transaction that wrote no policy row. That stands in for a process dying
/// between a write's commit and the middleware's store, the case a write must cover by
/// storing its answer in its own transaction.
async fn refuse_answers_stored_apart_from_the_write(pool: &PgPool) {
    sqlx::raw_sql(
        r#"create function refuse_completion_without_policy() returns trigger
               language plpgsql security definer as $$
           begin
             if new.status = 'completed' and not exists
                  (select 1 from policy where xmin::text = pg_current_xact_id()::text) then
               raise exception 'test: no answer may be stored apart from its write';
             end if;
             return new;
           end $$;
           create trigger refuse_completion_without_policy before update on idempotency_key
             for each row execute function refuse_completion_without_policy();"#,
    )
    .execute(pool)
    .await
    .expect("trigger");
}

/// Posts twice with one key: the second must replay the first byte for byte.
async fn replayed_once(app: &TestApp, token: &str, path: &str, key: &str, body: &Value) {
    let first = post_with_key(app, token, path, key, body).await;
    assert_eq!(first.status(), StatusCode::CREATED, "{path}");
    let first_body = first.bytes().await.expect("body");
    let retry = post_with_key(app, token, path, key, body).await;

    assert_eq!(retry.status(), StatusCode::CREATED, "{path}");
    assert_eq!(retry.headers()["idempotent-replayed"], "true", "{path}");
    assert_eq!(retry.bytes().await.expect("body"), first_body, "{path}");
}

#[sqlx::test(migrations = false)]
async fn a_bind_and_an_endorsement_store_their_answers_with_their_writes(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let quote = app.rated_quote(&agent, &auto_quote(35)).await;
    let issued = app.issued_policy(&agent, &auto_quote(40)).await;
    refuse_answers_stored_apart_from_the_write(&app.pool).await;
    let bind = format!(
        "/api/v1/quotes/{}/bind",
        quote["quoteId"].as_str().expect("id")
    );
    let endorse = format!("/api/v1/policies/{issued}/endorse");
    let endorsement = json!({"effectiveDate": "2026-10-01",
        "changes": [replace("/uwAnswers/driverAge", json!(22))]});

    replayed_once(&app, &agent, &bind, "bind-stored", &json!({})).await;
    replayed_once(&app, &agent, &endorse, "endorse-stored", &endorsement).await;

    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 2);
    let endorsements: i64 = sqlx::query_scalar(
        "select count(*) from policy_transaction where policy_id = $1::uuid and transaction_type = 'ENDORSE'",
    )
    .bind(&issued)
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(endorsements, 1);
}

#[sqlx::test(migrations = false)]
async fn a_failed_request_may_be_retried_with_its_key(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let uw = app.demo_token("uw1").await;
    let quote = app.rated_quote(&agent, &auto_quote(17)).await;
    let path = format!(
        "/api/v1/quotes/{}/bind",
        quote["quoteId"].as_str().expect("id")
    );

    let refused = post_with_key(&app, &agent, &path, "bind-after-approval", &json!({})).await;
    let body = assert_error(refused, StatusCode::BAD_REQUEST, "UW_REFERRAL_REQUIRED").await;
    let referral = body["details"]["referralId"].as_str().expect("id");
    app.patch_json(
        &format!("/api/v1/uw/referrals/{referral}/approve"),
        Some(&uw),
        &json!({}),
    )
    .await;
    let retried = post_with_key(&app, &agent, &path, "bind-after-approval", &json!({})).await;

    assert_eq!(retried.status(), StatusCode::CREATED);
    assert_eq!(count(&app.pool, "policy", "sample-carrier").await, 1);
}

#[sqlx::test(migrations = false)]
async fn keys_belong_to_a_tenant_and_expire_after_a_day(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let sample = app.demo_token("agent1").await;
    let acme = app.new_tenant("acme").await;
    let draft = json!({"productCode": "cyber"});

    let a = post_with_key(&app, &sample, "/api/v1/quotes/draft", "shared-key", &draft).await;
    let b = post_with_key(
        &app,
        &acme,
        "/api/v1/quotes/draft",
        "shared-key",
        &json!({"productCode": "homeowners"}),
    )
    .await;
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );

    sqlx::query("update idempotency_key set created_at = now() - interval '25 hours' where tenant_id = 'sample-carrier'")
        .execute(&app.pool)
        .await
        .expect("age the key");
    let reused = post_with_key(
        &app,
        &sample,
        "/api/v1/quotes/draft",
        "shared-key",
        &json!({"productCode": "homeowners"}),
    )
    .await;
    assert_eq!(
        reused.status(),
        StatusCode::CREATED,
        "an expired key is free again"
    );
    assert_eq!(count(&app.pool, "quote", "sample-carrier").await, 2);

    let long_key = "k".repeat(256);
    let refused = post_with_key(&app, &sample, "/api/v1/quotes/draft", &long_key, &draft).await;
    assert_error(refused, StatusCode::BAD_REQUEST, "INVALID_IDEMPOTENCY_KEY").await;
}

#[sqlx::test(migrations = false)]
async fn a_request_still_in_flight_makes_its_duplicate_wait_then_409(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let body = json!({"productCode": "cyber"});
    let hash = lattice_server::routes::idempotency::request_hash(
        "POST",
        "/api/v1/quotes/draft",
        &axum::body::Bytes::from(body.to_string()),
    );
    // Another replica holds the key and has not finished.
    sqlx::query(
        "insert into idempotency_key (tenant_id, idempotency_key, method, path, request_hash, status)
         values ('sample-carrier', 'in-flight', 'POST', '/api/v1/quotes/draft', $1, 'processing')",
    )
    .bind(&hash)
    .execute(&app.pool)
    .await
    .expect("insert");

    let started = std::time::Instant::now();
    let response = post_with_key(&app, &agent, "/api/v1/quotes/draft", "in-flight", &body).await;

    assert!(
        started.elapsed() >= std::time::Duration::from_secs(9),
        "the duplicate waited for the first"
    );
    assert_eq!(response.headers()["retry-after"], "1");
    assert_error(response, StatusCode::CONFLICT, "IDEMPOTENCY_KEY_PROCESSING").await;
    assert_eq!(count(&app.pool, "quote", "sample-carrier").await, 0);
}
