//! Faults: a server killed with SIGKILL in the middle of binds loses nothing it
//! acknowledged, leaves no half-written policy, binds each quote exactly once, and answers
//! the clients' retries with the same Idempotency-Key at once (the dead process's claims are
//! taken over as soon as its liveness lock is gone, not after they go stale). A bind that
//! committed just before the kill replays its 201: the bind stores its answer in its own
//! transaction.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use lattice_server::db::idempotency::{Claim, Reservation, reserve};
use lattice_server::db::{self, begin_tenant};
use lattice_server::liveness::OWNER_LOCK_CLASS;
use lattice_server::services::demo::ensure_demo_tenant;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection, PgPool};

use crate::binary::command;
use crate::helpers::{auto_quote, database_url, free_port, healthy_within};

const TENANT: &str = "sample-carrier";

async fn reserve_as(pool: &PgPool, owner: i32) -> Reservation {
    let mut tx = begin_tenant(pool, TENANT).await.expect("tx");
    let claim = Claim {
        tenant_id: TENANT,
        key: "bind-once",
        method: "POST",
        path: "/api/v1/quotes/q/bind",
        hash: "same-request",
        owner: Some(owner),
    };
    let reservation = reserve(&mut tx, claim).await.expect("reserve");
    tx.commit().await.expect("commit");
    reservation
}

#[sqlx::test(migrations = false)]
async fn a_claim_is_taken_over_once_its_process_is_gone(pool: PgPool) {
    db::migrate::migrate(&pool).await.expect("migrate");
    ensure_demo_tenant(&pool).await.expect("tenant");
    // Two server processes, each with its liveness lock on a session of its own.
    let mut first = PgConnection::connect(&database_url(&pool))
        .await
        .expect("connect");
    let mut second = PgConnection::connect(&database_url(&pool))
        .await
        .expect("connect");
    for (conn, key) in [(&mut first, 4242), (&mut second, 7)] {
        sqlx::query("select pg_advisory_lock($1, $2)")
            .bind(OWNER_LOCK_CLASS)
            .bind(key)
            .execute(conn)
            .await
            .expect("lock");
    }

    assert_eq!(reserve_as(&pool, 4242).await, Reservation::Reserved);
    assert_eq!(
        reserve_as(&pool, 7).await,
        Reservation::Processing,
        "a live claimant keeps its key"
    );

    first.close().await.expect("the first process goes away");
    assert_eq!(
        reserve_as(&pool, 7).await,
        Reservation::Reserved,
        "taken over at once"
    );
    let owner: Option<i32> =
        sqlx::query_scalar("select owner from idempotency_key where idempotency_key = 'bind-once'")
            .fetch_one(&pool)
            .await
            .expect("row");
    assert_eq!(owner, Some(7));
    assert_eq!(
        reserve_as(&pool, 9).await,
        Reservation::Processing,
        "the new claimant is alive: its key stays with it"
    );
    second.close().await.expect("closed");
}

/// A server process, killed (SIGKILL) when dropped, so a failing test leaves none behind.
struct Server(Child);

impl Server {
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The server binary on `port` against `url`; returns once `/health` answers.
async fn start(url: &str, port: &str) -> Server {
    let server = Server(
        command(
            &["serve"],
            &[
                ("DATABASE_URL", url),
                ("HOST", "127.0.0.1"),
                ("PORT", port),
                ("LOG_LEVEL", "error"),
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts"),
    );
    let base = format!("http://127.0.0.1:{port}");
    assert!(
        healthy_within(&reqwest::Client::new(), &base, Duration::from_secs(30)).await,
        "the server did not answer /health within 30 s"
    );
    server
}

async fn bind(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    quote: &str,
) -> reqwest::Result<(StatusCode, Value)> {
    let response = client
        .post(format!("{base}/api/v1/quotes/{quote}/bind"))
        .bearer_auth(token)
        .header("idempotency-key", format!("bind-{quote}"))
        .json(&json!({}))
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[sqlx::test(migrations = false)]
async fn sigkill_mid_bind_loses_nothing_and_each_retry_completes_once(pool: PgPool) {
    db::migrate::migrate(&pool).await.expect("migrate");
    let url = database_url(&pool);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    lattice_server::telemetry::install_crypto_provider();
    let client = reqwest::Client::new();

    let mut server = start(&url, &port).await;
    let login = json!({"tenantId": TENANT, "username": "agent1", "password": "password"});
    let signed_in: Value = client
        .post(format!("{base}/auth/login"))
        .json(&login)
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = signed_in["token"].as_str().expect("token").to_owned();
    let mut quotes = Vec::new();
    for _ in 0..12 {
        let quote: Value = client
            .post(format!("{base}/api/v1/quotes"))
            .bearer_auth(&token)
            .json(&auto_quote(35))
            .send()
            .await
            .expect("quote")
            .json()
            .await
            .expect("json");
        quotes.push(quote["quoteId"].as_str().expect("quote id").to_owned());
    }

    // Twelve binds at once; the server dies under them.
    let attempts: Vec<_> = quotes
        .iter()
        .map(|quote| {
            let (client, base, token, quote) =
                (client.clone(), base.clone(), token.clone(), quote.clone());
            tokio::spawn(async move { bind(&client, &base, &token, &quote).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(40)).await;
    server.kill();
    let mut acknowledged = Vec::new();
    for (quote, attempt) in quotes.iter().zip(attempts) {
        if let Ok(Ok((StatusCode::CREATED, body))) = attempt.await {
            acknowledged.push((quote.clone(), body["policyId"].clone()));
        }
    }

    let mut server = start(&url, &port).await;
    for quote in &quotes {
        let started = Instant::now();
        let (status, body) = bind(&client, &base, &token, quote).await.expect("retry");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the retry did not wait for a dead claim to go stale"
        );
        if let Some((_, policy)) = acknowledged.iter().find(|(q, _)| q == quote) {
            assert_eq!(status, StatusCode::CREATED, "an acknowledged bind replays");
            assert_eq!(&body["policyId"], policy, "an acknowledged bind replays");
            continue;
        }
        assert_eq!(status, StatusCode::CREATED, "retry of {quote}: {body}");
        let policy = &body["policyId"];
        let bound: Option<uuid::Uuid> = sqlx::query_scalar(
            "select policy_id from policy where tenant_id = $1 and source_quote_id = $2::uuid",
        )
        .bind(TENANT)
        .bind(quote)
        .fetch_optional(&pool)
        .await
        .expect("policy");
        assert_eq!(
            bound.map(|id| id.to_string()),
            policy.as_str().map(String::from),
            "the answer names the quote's one policy"
        );
    }
    let policies: i64 = sqlx::query_scalar(
        "select count(*) from policy where tenant_id = $1 and source_quote_id = any($2::uuid[])",
    )
    .bind(TENANT)
    .bind(&quotes)
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(policies, 12, "one policy per quote, exactly");
    let half_written: i64 = sqlx::query_scalar(
        "select count(*) from policy p where not exists
             (select 1 from policy_version v where v.policy_id = p.policy_id)",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(half_written, 0, "no policy without its version");
    server.kill();
}
