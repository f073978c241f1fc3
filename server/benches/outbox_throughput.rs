//! Outbox delivery throughput: fills a fresh database with outbox messages spread over
//! many policies (streams), then lets the real push worker deliver them to a webhook
//! receiver on loopback and measures messages delivered per second.
//!
//! Run on a release build: `cargo bench -p lattice-server --bench outbox_throughput`
//! (`MESSAGES=20000`, `STREAMS=2000`, `BATCH=100`; `DATABASE_URL` picks the server).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::{Json, Router};
use lattice_server::config::Config;
use lattice_server::outbox::Worker;
use lattice_server::{db, services};
use serde_json::Value;

const DATABASE: &str = "lattice_bench_outbox";

/// The webhook receiver's tally: every delivery, and those that arrived before an earlier
/// message of their stream or twice (message `n` belongs to stream `n % streams`).
struct Receiver {
    streams: i64,
    received: AtomicUsize,
    out_of_order: AtomicUsize,
    last_per_stream: Mutex<HashMap<i64, i64>>,
}

impl Receiver {
    fn new(streams: i64) -> Self {
        Self {
            streams,
            received: AtomicUsize::new(0),
            out_of_order: AtomicUsize::new(0),
            last_per_stream: Mutex::new(HashMap::new()),
        }
    }

    fn receive(&self, envelope: &Value) {
        self.received.fetch_add(1, Ordering::Relaxed);
        let n = envelope["payload"]["n"].as_i64().unwrap_or(-1);
        let mut last = self.last_per_stream.lock().expect("receiver lock");
        let previous = last.insert(n.rem_euclid(self.streams), n);
        if previous.is_some_and(|p| p >= n) {
            self.out_of_order.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let messages = setting("MESSAGES", 20_000);
    let streams = setting("STREAMS", 2_000);
    let batch = setting("BATCH", 100);
    let admin = db::connect(&base, 1, Duration::from_secs(10)).await?;
    for sql in [
        format!("drop database if exists {DATABASE} with (force)"),
        format!("create database {DATABASE}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&admin)
            .await?;
    }
    let (server, _) = base.rsplit_once('/').expect("a database path");
    let pool = db::connect(&format!("{server}/{DATABASE}"), 16, Duration::from_secs(10)).await?;
    db::migrate::migrate(&pool).await?;
    services::demo::ensure_demo_tenant(&pool).await?;
    sqlx::query(
        "insert into outbox_message (tenant_id, source_table, source_id, topic, ordering_key, payload)
         select 'sample-carrier', 'bench', gen_random_uuid(), 'ledger.bench',
                'Policy:' || (n % $2), jsonb_build_object('n', n, 'note', repeat('x', 400))
         from generate_series(1, $1) as n",
    )
    .bind(messages)
    .bind(streams)
    .execute(&pool)
    .await?;
    sqlx::raw_sql("vacuum analyze outbox_message")
        .execute(&pool)
        .await?;

    let receiver_state = Arc::new(Receiver::new(streams));
    let state = receiver_state.clone();
    let receiver = Router::new().route(
        "/hook",
        post(move |Json(envelope): Json<Value>| {
            let state = state.clone();
            async move {
                state.receive(&envelope);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let batch_text = batch.to_string();
    let vars: HashMap<String, String> = [
        ("ASYNC_PUSH_WEBHOOK_URL", url.as_str()),
        (
            "ASYNC_PUSH_SIGNING_SECRET",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ),
        ("ASYNC_PUSH_BATCH_SIZE", batch_text.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let worker = Worker::new(pool.clone(), Config::from_map(&vars)?.async_push)?;
    let started = Instant::now();
    let mut rounds = 0;
    loop {
        let claimed = worker.run_once().await?;
        rounds += 1;
        if claimed == 0 {
            break;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let sent: i64 = sqlx::query_scalar("select count(*) from outbox_message where status = 'Sent'")
        .fetch_one(&pool)
        .await?;
    println!(
        "{sent} of {messages} messages over {streams} streams delivered (receiver counted {}, \
         {} out of order or repeated) in {seconds:.2} s, {rounds} batches of up to {batch}: \
         {:.0} messages/s",
        receiver_state.received.load(Ordering::Relaxed),
        receiver_state.out_of_order.load(Ordering::Relaxed),
        f64::from(u32::try_from(sent).unwrap_or(u32::MAX)) / seconds
    );
    pool.close().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "drop database if exists {DATABASE} with (force)"
    )))
    .execute(&admin)
    .await?;
    Ok(())
}
