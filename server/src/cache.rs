//! The optional Redis read-through cache. It fails open: an unreachable or failing Redis
//! never fails a request, it only makes it read the database. After a failure the cache
//! stays out of the way for a few seconds instead of slowing every request down.

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::OnceCell;

/// The longest a cache operation may take before the request goes on without it.
const OP_TIMEOUT: Duration = Duration::from_millis(300);
/// How long the cache is skipped after a failure.
const BACK_OFF: Duration = Duration::from_secs(5);

/// A handle on Redis; the connection is opened on first use and re-established by the
/// connection manager.
pub struct Cache {
    client: redis::Client,
    prefix: String,
    connection: OnceCell<ConnectionManager>,
    failed_at: Mutex<Option<Instant>>,
}

/// A cache key's parts are trimmed; whitespace and `:` inside a part become `_`, and an
/// empty part is `na`, so no part can forge another key.
pub fn key(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            let p = p.trim();
            if p.is_empty() {
                "na".to_owned()
            } else {
                p.chars()
                    .map(|c| {
                        if c == ':' || c.is_whitespace() {
                            '_'
                        } else {
                            c
                        }
                    })
                    .collect()
            }
        })
        .collect::<Vec<_>>()
        .join(":")
}

impl Cache {
    /// Validates `url`; does not connect.
    pub fn open(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).context("REDIS_URL is not a valid Redis URL")?;
        Ok(Self {
            client,
            prefix: prefix.to_owned(),
            connection: OnceCell::new(),
            failed_at: Mutex::new(None),
        })
    }

    fn resting(&self) -> bool {
        self.failed_at
            .lock()
            .map(|f| f.is_some_and(|at| at.elapsed() < BACK_OFF))
            .unwrap_or(false)
    }

    fn failed(&self, operation: &str, error: &str) {
        if let Ok(mut at) = self.failed_at.lock() {
            *at = Some(Instant::now());
        }
        tracing::warn!(
            operation,
            error,
            "cache unavailable; reading from the database"
        );
    }

    async fn connection(&self) -> Option<ConnectionManager> {
        if self.resting() {
            return None;
        }
        let opened = tokio::time::timeout(
            OP_TIMEOUT,
            self.connection
                .get_or_try_init(|| ConnectionManager::new(self.client.clone())),
        )
        .await;
        match opened {
            Ok(Ok(c)) => Some(c.clone()),
            Ok(Err(e)) => {
                self.failed("connect", &e.to_string());
                None
            }
            Err(_) => {
                self.failed("connect", "timed out");
                None
            }
        }
    }

    /// Runs `op` within the time limit; `None` (and a pause) on any failure.
    async fn run<T, F, Fut>(&self, name: &str, op: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        let connection = self.connection().await?;
        match tokio::time::timeout(OP_TIMEOUT, op(connection)).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(e)) => {
                self.failed(name, &e.to_string());
                None
            }
            Err(_) => {
                self.failed(name, "timed out");
                None
            }
        }
    }

    fn full(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let full = self.full(key);
        let text: Option<String> = self
            .run("get", |mut c| async move { c.get(full).await })
            .await
            .flatten();
        text.and_then(|t| serde_json::from_str(&t).ok())
    }

    pub async fn set_json<T: Serialize>(&self, key: &str, value: &T, ttl: Duration) {
        let Ok(text) = serde_json::to_string(value) else {
            return;
        };
        let full = self.full(key);
        let seconds = ttl.as_secs().max(1);
        let _: Option<()> = self
            .run(
                "set",
                |mut c| async move { c.set_ex(full, text, seconds).await },
            )
            .await;
    }

    /// Deletes keys (fail-open: a key left behind expires with its TTL).
    pub async fn delete(&self, keys: &[String]) {
        let full: Vec<String> = keys.iter().map(|k| self.full(k)).collect();
        if full.is_empty() {
            return;
        }
        let _: Option<()> = self
            .run("delete", |mut c| async move { c.del(full).await })
            .await;
    }

    /// Deletes every key starting with `prefix`.
    pub async fn delete_prefix(&self, prefix: &str) {
        let pattern = format!("{}*", self.full(prefix));
        let keys: Option<Vec<String>> = self
            .run("scan", |mut c| async move {
                let mut found = Vec::new();
                let mut cursor: u64 = 0;
                loop {
                    let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                        .arg(cursor)
                        .arg("MATCH")
                        .arg(&pattern)
                        .arg("COUNT")
                        .arg(200)
                        .query_async(&mut c)
                        .await?;
                    found.extend(batch);
                    if next == 0 {
                        return Ok(found);
                    }
                    cursor = next;
                }
            })
            .await;
        if let Some(keys) = keys.filter(|k| !k.is_empty()) {
            let _: Option<()> = self
                .run("delete", |mut c| async move { c.del(keys).await })
                .await;
        }
    }

    /// Whether Redis answers `PING` within a second.
    pub async fn ping(&self) -> bool {
        let attempt = async {
            let mut conn = self.client.get_multiplexed_async_connection().await?;
            redis::cmd("PING").query_async::<String>(&mut conn).await
        };
        matches!(
            tokio::time::timeout(Duration::from_secs(1), attempt).await,
            Ok(Ok(reply)) if reply == "PONG"
        )
    }
}

/// Reads `key` from the cache, or computes the value, stores it for `ttl` and returns it.
/// Without a cache (or with a failing one) it simply computes.
pub async fn read_through<T, F, Fut>(
    cache: Option<&Cache>,
    key: &str,
    ttl: Duration,
    compute: F,
) -> crate::error::Result<T>
where
    T: Serialize + DeserializeOwned,
    F: FnOnce() -> Fut,
    Fut: Future<Output = crate::error::Result<T>>,
{
    let Some(cache) = cache else {
        return compute().await;
    };
    if let Some(hit) = cache.get_json(key).await {
        return Ok(hit);
    }
    let value = compute().await?;
    cache.set_json(key, &value, ttl).await;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_parts_cannot_forge_other_keys() {
        assert_eq!(
            key(&["uw-companies", "acme", " ", "US"]),
            "uw-companies:acme:na:US"
        );
        assert_eq!(key(&["t", "a:b c"]), "t:a_b_c");
    }
}
