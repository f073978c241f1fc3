//! Outages of the services under the server, on loopback, while clients keep calling:
//! PostgreSQL restarted in the middle of writes (nothing acknowledged is lost, every
//! failure is a clean 503, and the same server process carries on once it is back), and
//! Redis stopped and started under reads (no request fails, and the cache fills again).
//! Each test runs its own PostgreSQL or Redis, so the shared ones are left alone.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lattice_server::db;
use lattice_server::embedded_pg::EmbeddedPostgres;
use redis::AsyncCommands;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, auto_quote, free_port};

/// One answer a client got: when the request was sent (from the start), its status,
/// its error code, and the quote id when one was created.
#[derive(Debug, Clone)]
struct Answer {
    sent: Duration,
    status: StatusCode,
    code: Option<String>,
    quote_id: Option<String>,
}

/// Clients calling `call` in a loop until stopped.
struct Clients {
    stop: Arc<AtomicBool>,
    answers: Arc<Mutex<Vec<Answer>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Clients {
    fn start<F, Fut>(count: usize, started: Instant, call: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + Clone + 'static,
        Fut: Future<Output = Option<(StatusCode, Value)>> + Send,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let answers = Arc::new(Mutex::new(Vec::new()));
        let tasks = (0..count)
            .map(|_| {
                let (stop, answers, call) = (stop.clone(), answers.clone(), call.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let sent = started.elapsed();
                        let answer = match call().await {
                            Some((status, body)) => Answer {
                                sent,
                                status,
                                code: body["code"].as_str().map(str::to_owned),
                                quote_id: body["quoteId"].as_str().map(str::to_owned),
                            },
                            // No answer at all (timed out or the connection failed).
                            None => Answer {
                                sent,
                                status: StatusCode::REQUEST_TIMEOUT,
                                code: Some("NO_ANSWER".into()),
                                quote_id: None,
                            },
                        };
                        answers.lock().expect("answers").push(answer);
                    }
                })
            })
            .collect();
        Self {
            stop,
            answers,
            tasks,
        }
    }

    async fn finish(self) -> Vec<Answer> {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await.expect("client task");
        }
        let mut answers = self.answers.lock().expect("answers").clone();
        answers.sort_by_key(|a| a.sent);
        answers
    }
}

async fn send(request: reqwest::RequestBuilder) -> Option<(StatusCode, Value)> {
    let response = request.timeout(Duration::from_secs(15)).send().await.ok()?;
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    Some((status, body))
}

/// A PostgreSQL of the test's own under /tmp (reachable by the `postgres` account when
/// the tests run as root), removed afterwards.
struct PrivatePostgres {
    dir: PathBuf,
    server: Option<EmbeddedPostgres>,
}

impl PrivatePostgres {
    async fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("lattice-outage-pg-{}", Uuid::new_v4()));
        let server = EmbeddedPostgres::start(&dir, None)
            .await
            .expect("a private PostgreSQL starts");
        Self {
            dir,
            server: Some(server),
        }
    }

    fn server(&self) -> &EmbeddedPostgres {
        self.server.as_ref().expect("running")
    }

    /// Stops the server (fast shutdown: sessions are cut, open transactions roll back)
    /// and starts it again on the same port.
    async fn restart(&mut self) {
        let port = self.server().port();
        self.server
            .take()
            .expect("running")
            .stop()
            .await
            .expect("stopped");
        self.server = Some(
            EmbeddedPostgres::start(&self.dir, Some(port))
                .await
                .expect("started again"),
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        drop(self.server.take());
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn postgres_restarted_mid_writes_loses_no_acknowledged_write_and_the_server_carries_on() {
    let mut pg = PrivatePostgres::start().await;
    pg.server()
        .ensure_database("lattice")
        .await
        .expect("database");
    let pool: PgPool = db::connect(&pg.server().url("lattice"), 10, Duration::from_secs(10))
        .await
        .expect("pool");
    let app = Arc::new(TestApp::spawn(pool.clone()).await);
    let agent = app.demo_token("agent1").await;
    let started = Instant::now();
    let clients = {
        let app = app.clone();
        Clients::start(6, started, move || {
            let (app, agent) = (app.clone(), agent.clone());
            async move {
                let request = app
                    .request(reqwest::Method::POST, "/api/v1/quotes", Some(&agent))
                    .json(&auto_quote(35));
                send(request).await
            }
        })
    };

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let outage_from = started.elapsed();
    pg.restart().await;
    let outage_to = started.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let answers = clients.finish().await;

    let created: Vec<&Answer> = answers.iter().filter(|a| a.status.is_success()).collect();
    let failed: Vec<&Answer> = answers.iter().filter(|a| !a.status.is_success()).collect();
    let unclean: Vec<&&Answer> = failed
        .iter()
        .filter(|a| {
            !(a.status == StatusCode::SERVICE_UNAVAILABLE
                && a.code.as_deref() == Some("DATABASE_UNAVAILABLE"))
        })
        .collect();
    assert!(
        unclean.is_empty(),
        "every failure is a 503 DATABASE_UNAVAILABLE; {} were not, the first: {:?}",
        unclean.len(),
        unclean.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        created.iter().any(|a| a.sent < outage_from),
        "writes succeeded before the restart"
    );
    assert!(
        created.iter().any(|a| a.sent > outage_to),
        "writes succeed again after the restart, without restarting the server \
         ({} answers, {} failed; outage {outage_from:?}..{outage_to:?})",
        answers.len(),
        failed.len()
    );
    // Once it is back it stays back: the last two seconds are all successes.
    let settled = started.elapsed() - Duration::from_secs(2);
    let late_failures: Vec<&&Answer> = failed.iter().filter(|a| a.sent > settled).collect();
    assert!(
        late_failures.is_empty(),
        "{} failures in the last two seconds, the first: {:?}",
        late_failures.len(),
        late_failures.iter().take(5).collect::<Vec<_>>()
    );

    let ids: Vec<Uuid> = created
        .iter()
        .map(|a| a.quote_id.as_deref().expect("a created quote has an id"))
        .map(|id| id.parse().expect("uuid"))
        .collect();
    let stored: i64 = sqlx::query_scalar("select count(*) from quote where quote_id = any($1)")
        .bind(&ids)
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(
        stored,
        i64::try_from(ids.len()).expect("count"),
        "every acknowledged quote is stored"
    );
    pool.close().await;
}

/// A Redis of the test's own, with nothing persisted.
struct PrivateRedis {
    port: String,
    process: Option<Child>,
}

impl PrivateRedis {
    fn start(port: &str) -> Self {
        let process = Command::new("redis-server")
            .args([
                "--port",
                port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (scripts/ensure-services installs it)");
        Self {
            port: port.to_owned(),
            process: Some(process),
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    async fn connection(&self) -> redis::aio::MultiplexedConnection {
        let client = redis::Client::open(self.url()).expect("url");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match client.get_multiplexed_async_connection().await {
                Ok(c) => return c,
                Err(e) if Instant::now() > deadline => panic!("redis never answered: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

#[sqlx::test(migrations = false)]
async fn redis_stopped_and_started_under_reads_fails_no_request_and_the_cache_fills_again(
    pool: PgPool,
) {
    let port = free_port();
    let mut redis = PrivateRedis::start(&port);
    let mut connection = redis.connection().await;
    let app = Arc::new(
        TestApp::spawn_with(
            pool,
            &[
                ("CACHE_ENABLED", "1"),
                ("REDIS_URL", &redis.url()),
                ("CACHE_PREFIX", "outage:"),
            ],
        )
        .await,
    );
    let agent = app.demo_token("agent1").await;
    let key = "outage:tenant-preferences:sample-carrier";
    let started = Instant::now();
    let clients = {
        let app = app.clone();
        Clients::start(8, started, move || {
            let (app, agent) = (app.clone(), agent.clone());
            async move {
                send(app.request(
                    reqwest::Method::GET,
                    "/api/v1/tenant/preferences",
                    Some(&agent),
                ))
                .await
            }
        })
    };

    wait_for_key(&mut connection, key, "the cache fills").await;
    redis.kill();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let redis = PrivateRedis::start(&port);
    let mut connection = redis.connection().await;
    let empty: Option<String> = connection.get(key).await.expect("get");
    assert!(empty.is_none(), "the new Redis starts empty");
    wait_for_key(&mut connection, key, "the cache fills again").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let answers = clients.finish().await;

    let failed: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status != StatusCode::OK)
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} reads failed: {:?}",
        failed.len(),
        answers.len(),
        failed.iter().take(5).collect::<Vec<_>>()
    );
    assert!(answers.len() > 100, "{} reads", answers.len());
}

async fn wait_for_key(connection: &mut redis::aio::MultiplexedConnection, key: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value: Option<String> = connection.get(key).await.expect("get");
        if value.is_some() {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {key} never appeared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
