//! The transactional outbox against a real webhook receiver on loopback: envelopes and
//! headers, retries until the receiver recovers (in order per policy), Failed after the
//! last attempt with an admin retry, a worker killed mid-batch, and notifications.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::post;
use lattice_server::config::{AsyncPush, Config};
use lattice_server::outbox::{Worker, signature};
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, flat_quote};

/// How the receiver answers.
#[derive(Clone, Copy)]
enum Mood {
    Healthy,
    /// 503 for the first `n` requests, then 200.
    FailFirst(usize),
    AlwaysFail,
    /// The first request never gets an answer.
    HangFirst,
    /// Every request answered 200 after this many milliseconds.
    Slow(u64),
}

#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: Value,
    raw: Vec<u8>,
    accepted: bool,
}

#[derive(Clone)]
struct Receiver {
    mood: Mood,
    log: Arc<Mutex<Vec<Received>>>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> AxumStatus {
    let n = r.log.lock().expect("log").len();
    let accepted = match r.mood {
        Mood::Healthy => true,
        Mood::FailFirst(k) => n >= k,
        Mood::AlwaysFail => false,
        Mood::HangFirst => n > 0,
        Mood::Slow(_) => true,
    };
    r.log.lock().expect("log").push(Received {
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        raw: body.to_vec(),
        accepted,
    });
    if matches!(r.mood, Mood::HangFirst) && n == 0 {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    if let Mood::Slow(ms) = r.mood {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if accepted {
        AxumStatus::OK
    } else {
        AxumStatus::SERVICE_UNAVAILABLE
    }
}

/// Starts a receiver; returns its URL and its log.
async fn receiver(mood: Mood) -> (String, Arc<Mutex<Vec<Received>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new()
        .route("/hook", post(receive))
        .with_state(Receiver {
            mood,
            log: log.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, log)
}

fn settings(url: &str, extra: &[(&str, &str)]) -> AsyncPush {
    let mut vars: HashMap<String, String> = [
        ("ASYNC_PUSH_WEBHOOK_URL", url),
        ("ASYNC_PUSH_AUTH_HEADER", "Bearer receiver-token"),
        (
            "ASYNC_PUSH_SIGNING_SECRET",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        ("ASYNC_PUSH_BASE_BACKOFF_SECONDS", "0"),
        ("ASYNC_PUSH_MAX_BACKOFF_SECONDS", "0"),
        ("ASYNC_PUSH_TIMEOUT_MS", "3000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Config::from_map(&vars).expect("config").async_push
}

async fn undelivered(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from outbox_message where status in ('Pending', 'Retry', 'Processing')",
    )
    .fetch_one(pool)
    .await
    .expect("count")
}

/// Runs batches until nothing is left to deliver (or `rounds` runs out).
async fn drain(worker: &Worker, pool: &PgPool, rounds: usize) {
    for _ in 0..rounds {
        worker.run_once().await.expect("batch");
        if undelivered(pool).await == 0 {
            return;
        }
    }
}

/// Messages as stored: (id, ordering key, topic, status, attempts), in creation order.
async fn stored(pool: &PgPool) -> Vec<(String, String, String, String, i32)> {
    sqlx::query_as(
        "select message_id::text, ordering_key, topic, status, attempts from outbox_message order by seq",
    )
    .fetch_all(pool)
    .await
    .expect("messages")
}

#[sqlx::test(migrations = false)]
async fn every_event_is_delivered_with_its_envelope_and_headers(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    app.issued_policy(&agent, &auto_quote(35)).await;
    let (url, log) = receiver(Mood::Healthy).await;
    let worker = Worker::new(pool.clone(), settings(&url, &[])).expect("worker");

    drain(&worker, &pool, 10).await;

    let messages = stored(&pool).await;
    let topics: Vec<&str> = messages.iter().map(|m| m.2.as_str()).collect();
    assert_eq!(
        topics,
        [
            "ledger.status_change",
            "ledger.commission_handoff",
            "ledger.status_change",
            "ledger.commission_handoff",
            "notification.policy_issued"
        ]
    );
    assert!(
        messages.iter().all(|m| m.3 == "Sent" && m.4 == 1),
        "{messages:?}"
    );
    let received = log.lock().expect("log").clone();
    assert_eq!(received.len(), 5);
    let secret = SecretString::from("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    for (r, m) in received.iter().zip(&messages) {
        assert_eq!(r.headers["authorization"], "Bearer receiver-token");
        assert_eq!(r.headers["content-type"], "application/json");
        assert_eq!(r.headers["webhook-id"], m.0);
        let timestamp: i64 = r.headers["webhook-timestamp"].parse().expect("timestamp");
        assert_eq!(
            r.headers["webhook-signature"],
            signature(&secret, &m.0, timestamp, &r.raw),
            "the signature covers id, timestamp and body"
        );
        assert_eq!(r.body["messageId"], json!(m.0));
        assert_eq!(r.body["tenantId"], "sample-carrier");
        assert_eq!(r.body["topic"], json!(m.2));
        assert_eq!(r.body["attempt"], 1);
        assert!(
            r.body["createdAt"]
                .as_str()
                .is_some_and(|t| t.ends_with('Z'))
        );
    }
    let issued = &received[2].body["payload"];
    assert_eq!(issued["event"], "STATUS_CHANGE");
    assert_eq!(issued["toState"], "Issued");
    assert_eq!(
        received[1].body["payload"]["payload"]["schemaVersion"],
        "commission-handoff.v1"
    );
    let notice = &received[4].body["payload"];
    assert_eq!(notice["recipient"]["email"], "ada@example.org");
    assert!(
        notice["subject"]
            .as_str()
            .is_some_and(|s| s.starts_with("Policy PC-") && s.ends_with(" issued"))
    );
}

#[sqlx::test(migrations = false)]
async fn a_receiver_that_recovers_gets_everything_in_order_per_policy(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    let first = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    let second = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "plus"))
        .await;
    app.transacted(
        &agent,
        &first,
        "cancel",
        &json!({"effectiveDate": "2026-06-01"}),
    )
    .await;
    let (url, log) = receiver(Mood::FailFirst(4)).await;
    let worker = Worker::new(pool.clone(), settings(&url, &[])).expect("worker");

    drain(&worker, &pool, 30).await;

    let messages = stored(&pool).await;
    assert!(messages.iter().all(|m| m.3 == "Sent"), "{messages:?}");
    assert!(messages.iter().any(|m| m.4 > 1), "some were retried");
    let accepted: Vec<Value> = log
        .lock()
        .expect("log")
        .iter()
        .filter(|r| r.accepted)
        .map(|r| r.body.clone())
        .collect();
    let ids: HashSet<&str> = accepted
        .iter()
        .filter_map(|b| b["messageId"].as_str())
        .collect();
    assert_eq!(ids.len(), messages.len(), "every message delivered");
    for policy in [&first, &second] {
        let key = format!("Policy:{policy}");
        let expected: Vec<&str> = messages
            .iter()
            .filter(|m| m.1 == key)
            .map(|m| m.0.as_str())
            .collect();
        let delivered: Vec<&str> = accepted
            .iter()
            .filter(|b| {
                b["payload"]["entityId"] == json!(policy)
                    || b["payload"]["policyId"] == json!(policy)
            })
            .filter_map(|b| b["messageId"].as_str())
            .collect();
        assert_eq!(delivered, expected, "policy {policy} in order");
    }
}

#[sqlx::test(migrations = false)]
async fn a_receiver_that_never_recovers_leaves_the_message_failed_for_an_admin_retry(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    let admin = app.demo_token("admin").await;
    app.bound_policy(&agent, &auto_quote(35)).await;
    let (url, log) = receiver(Mood::AlwaysFail).await;
    let worker = Worker::new(pool.clone(), settings(&url, &[])).expect("worker");

    for _ in 0..12 {
        worker.run_once().await.expect("batch");
    }

    let messages = stored(&pool).await;
    assert_eq!(
        messages
            .iter()
            .map(|m| (m.3.as_str(), m.4))
            .collect::<Vec<_>>(),
        [("Failed", 8), ("Pending", 0)],
        "the first fails after 8 attempts; the policy's next message waits behind it"
    );
    let attempts: Vec<i64> = log
        .lock()
        .expect("log")
        .iter()
        .filter_map(|r| r.body["attempt"].as_i64())
        .collect();
    assert_eq!(attempts, (1..=8).collect::<Vec<_>>());
    let failed = app
        .get_json("/api/v1/admin/outbox?status=Failed", &admin)
        .await;
    assert_eq!(failed["total"], 1);
    assert!(
        failed["items"][0]["lastError"]
            .as_str()
            .is_some_and(|e| e.starts_with("webhook returned 503"))
    );
    let failed_id = failed["items"][0]["messageId"]
        .as_str()
        .expect("id")
        .to_owned();
    let pending_id = messages[1].0.clone();

    let not_failed = app
        .post_json(
            &format!("/api/v1/admin/outbox/{pending_id}/retry"),
            Some(&admin),
            &json!({}),
        )
        .await;
    let as_agent = app
        .post_json(
            &format!("/api/v1/admin/outbox/{failed_id}/retry"),
            Some(&agent),
            &json!({}),
        )
        .await;
    let retried = app
        .post_json(
            &format!("/api/v1/admin/outbox/{failed_id}/retry"),
            Some(&admin),
            &json!({}),
        )
        .await;

    assert_error(not_failed, StatusCode::CONFLICT, "OUTBOX_NOT_FAILED").await;
    assert_error(as_agent, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_eq!(retried.status(), StatusCode::NO_CONTENT);
    let healthy = Worker::new(
        pool.clone(),
        settings(&receiver(Mood::Healthy).await.0, &[]),
    )
    .expect("worker");
    drain(&healthy, &pool, 10).await;
    assert!(stored(&pool).await.iter().all(|m| m.3 == "Sent"));
}

#[sqlx::test(migrations = false)]
async fn a_worker_killed_mid_batch_loses_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    app.issued_policy(&agent, &auto_quote(35)).await;
    app.issued_policy(&agent, &auto_quote(40)).await;
    let (url, log) = receiver(Mood::HangFirst).await;
    let short = settings(
        &url,
        &[
            ("ASYNC_PUSH_VISIBILITY_SECONDS", "1"),
            ("ASYNC_PUSH_TIMEOUT_MS", "30000"),
        ],
    );
    let doomed = Worker::new(pool.clone(), short.clone()).expect("worker");

    let batch = tokio::spawn(async move { doomed.run_once().await });
    while log.lock().expect("log").is_empty() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    batch.abort();
    let in_flight: i64 =
        sqlx::query_scalar("select count(*) from outbox_message where status = 'Processing'")
            .fetch_one(&pool)
            .await
            .expect("count");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let survivor = Worker::new(pool.clone(), short).expect("worker");
    drain(&survivor, &pool, 20).await;

    assert!(in_flight >= 1, "the killed worker held claims");
    let messages = stored(&pool).await;
    assert!(messages.iter().all(|m| m.3 == "Sent"), "{messages:?}");
    let seen: HashSet<String> = log
        .lock()
        .expect("log")
        .iter()
        .filter(|r| r.accepted)
        .filter_map(|r| r.body["messageId"].as_str().map(str::to_owned))
        .collect();
    let all: HashSet<String> = messages.iter().map(|m| m.0.clone()).collect();
    assert_eq!(
        seen, all,
        "every message reached the receiver, which dedupes on messageId"
    );
}

#[sqlx::test(migrations = false)]
async fn a_worker_killed_again_and_again_delivers_every_event_in_order_per_policy(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    for tier in ["standard", "plus", "standard", "plus"] {
        let policy = app
            .issued_policy(&agent, &flat_quote("2026-01-01", tier))
            .await;
        app.transacted(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-06-01"}),
        )
        .await;
    }
    let messages = stored(&pool).await;
    let (url, log) = receiver(Mood::Slow(40)).await;
    let short = settings(
        &url,
        &[
            ("ASYNC_PUSH_VISIBILITY_SECONDS", "1"),
            ("ASYNC_PUSH_BATCH_SIZE", "3"),
            ("ASYNC_PUSH_POLL_MS", "50"),
        ],
    );

    // Twelve workers in turn, each killed (its task dropped, as a process dies) after
    // 30 to 250 ms, most of them mid-delivery; then one left to finish.
    let mut kills = 0;
    for round in 0..12u64 {
        let worker = Worker::new(pool.clone(), short.clone()).expect("worker");
        let (_stop, stop_rx) = tokio::sync::watch::channel(false);
        let running = tokio::spawn(worker.run(stop_rx));
        tokio::time::sleep(Duration::from_millis(30 + (round * 71) % 220)).await;
        running.abort();
        let _ = running.await;
        kills += 1;
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let survivor = Worker::new(pool.clone(), short).expect("worker");
    drain(&survivor, &pool, 60).await;

    assert_eq!(kills, 12);
    let after = stored(&pool).await;
    assert!(after.iter().all(|m| m.3 == "Sent"), "{after:?}");
    assert!(
        after.iter().any(|m| m.4 > 1),
        "some claims died with their worker and were taken over: {after:?}"
    );
    let stream_of: HashMap<&str, &str> = messages
        .iter()
        .map(|m| (m.0.as_str(), m.1.as_str()))
        .collect();
    // The first accepted delivery of each message, in arrival order.
    let mut first_seen: Vec<String> = Vec::new();
    for r in log.lock().expect("log").iter().filter(|r| r.accepted) {
        let id = r.body["messageId"].as_str().expect("id").to_owned();
        if !first_seen.contains(&id) {
            first_seen.push(id);
        }
    }
    assert_eq!(first_seen.len(), messages.len(), "every event delivered");
    for stream in messages
        .iter()
        .map(|m| m.1.as_str())
        .collect::<HashSet<_>>()
    {
        let created: Vec<&str> = messages
            .iter()
            .filter(|m| m.1 == stream)
            .map(|m| m.0.as_str())
            .collect();
        let delivered: Vec<&str> = first_seen
            .iter()
            .map(String::as_str)
            .filter(|id| stream_of[id] == stream)
            .collect();
        assert_eq!(delivered, created, "stream {stream} in order");
    }
}

#[sqlx::test(migrations = false)]
async fn notifications_use_the_tenant_template_or_are_suppressed_without_an_email(pool: PgPool) {
    let app = TestApp::spawn_with_flat_cover(pool.clone()).await;
    let agent = app.demo_token("agent1").await;
    let admin = app.demo_token("admin").await;
    let template = app
        .request(reqwest::Method::PUT, "/api/v1/admin/notification-templates", Some(&admin))
        .json(&json!({"eventType": "POLICY_CANCELLED",
                      "subject": "{{policyNumber}} cancelled",
                      "body": "Dear {{recipient.name}}, cover ends {{effectiveDate}} ({{reason}}); {{premiumImpact}} returned."}))
        .send()
        .await
        .expect("sent");
    assert_eq!(template.status(), StatusCode::OK);
    let mut with_email = flat_quote("2026-01-01", "standard");
    with_email["applicant"]["email"] = json!("Grace@Example.org");
    let emailed = app.issued_policy(&agent, &with_email).await;
    let silent = app
        .issued_policy(&agent, &flat_quote("2026-01-01", "standard"))
        .await;
    for policy in [&emailed, &silent] {
        app.transacted(
            &agent,
            policy,
            "cancel",
            &json!({"effectiveDate": "2026-04-01", "cancellationReasonCode": "NON_PAYMENT"}),
        )
        .await;
    }

    let notices = app
        .get_json(&format!("/api/v1/policies/{emailed}/notifications"), &agent)
        .await;
    let none = app
        .get_json(&format!("/api/v1/policies/{silent}/notifications"), &agent)
        .await;
    let number = app
        .get_json(&format!("/api/v1/policies/{emailed}"), &agent)
        .await["policyNumber"]
        .as_str()
        .expect("number")
        .to_owned();

    assert_eq!(notices[0]["eventType"], "POLICY_ISSUED");
    assert_eq!(notices[0]["status"], "Queued");
    assert_eq!(notices[1]["subject"], format!("{number} cancelled"));
    assert_eq!(
        notices[1]["body"],
        "Dear Grace Hopper, cover ends 2026-04-01 (Non-payment of premium); -753.42 returned."
    );
    assert_eq!(notices[1]["recipientEmail"], "grace@example.org");
    assert_eq!(
        none.as_array()
            .expect("list")
            .iter()
            .map(|n| n["status"].clone())
            .collect::<Vec<_>>(),
        [json!("Suppressed"), json!("Suppressed")]
    );
    let topics: Vec<String> = sqlx::query_scalar(
        "select topic from outbox_message where topic like 'notification.%' order by seq",
    )
    .fetch_all(&pool)
    .await
    .expect("topics");
    assert_eq!(
        topics,
        [
            "notification.policy_issued",
            "notification.policy_cancelled"
        ]
    );
    let templates = app
        .get_json("/api/v1/admin/notification-templates", &admin)
        .await;
    assert_eq!(templates[0]["eventType"], "POLICY_CANCELLED");
    assert_eq!(templates[0]["updatedBy"], "admin");
}
