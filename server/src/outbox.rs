//! The push worker: claims due outbox messages across tenants, POSTs each as an envelope
//! `{messageId, tenantId, topic, attempt, createdAt, payload}` to the webhook (with the
//! configured `Authorization` verbatim and, when a signing secret is set, Standard Webhooks
//! signature headers), and records the outcome: Sent, Retry after an exponential backoff,
//! or Failed after the last attempt. Delivery is at least once; receivers dedupe on
//! `messageId` (also the `webhook-id` header).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use sha2::Sha256;
use sqlx::PgPool;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::AsyncPush;
use crate::db::outbox::{self, Claimed};
use crate::services::rfc3339;

/// Pause between batches while there is work, so a backlog does not starve the database.
const BUSY_PAUSE: Duration = Duration::from_millis(25);
/// How much of a failing receiver's answer is kept.
const ERROR_BODY_CHARS: usize = 500;

/// Delivers outbox messages until stopped.
#[derive(Clone)]
pub struct Worker {
    pool: PgPool,
    settings: AsyncPush,
    client: reqwest::Client,
}

impl Worker {
    pub fn new(pool: PgPool, settings: AsyncPush) -> anyhow::Result<Self> {
        crate::telemetry::install_crypto_provider();
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()?;
        Ok(Self {
            pool,
            settings,
            client,
        })
    }

    /// Runs batches until `stop` turns true, waiting `poll` while there is nothing to do.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(
            webhook = self.settings.webhook_url.is_some(),
            "outbox worker started"
        );
        while !*stop.borrow() {
            let pause = match self.run_once().await {
                Ok(0) => self.settings.poll,
                Ok(_) => BUSY_PAUSE,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox batch failed; retrying");
                    self.settings.poll
                }
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// Reclaims expired claims, claims one batch and delivers it. Returns how many
    /// messages were claimed.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let max_attempts = i32::try_from(self.settings.max_attempts).unwrap_or(8);
        let mut tx = outbox::begin_worker(&self.pool).await?;
        let reclaimed = outbox::reclaim_expired(&mut tx, max_attempts).await?;
        let batch = outbox::claim(
            &mut tx,
            i64::from(self.settings.batch_size),
            self.settings.visibility.as_secs_f64(),
        )
        .await?;
        tx.commit().await?;
        if reclaimed > 0 {
            tracing::warn!(reclaimed, "outbox claims expired and were put back in line");
        }
        let claimed = batch.len();
        // Each message is the head of its own stream, so they may go out together.
        let mut deliveries = JoinSet::new();
        for message in batch {
            let worker = self.clone();
            deliveries.spawn(async move {
                let outcome = worker.deliver(&message).await;
                (message, outcome)
            });
        }
        let mut sent = Vec::with_capacity(claimed);
        let mut failed = Vec::new();
        while let Some(done) = deliveries.join_next().await {
            match done {
                Ok((message, Ok(()))) => sent.push(message.message_id),
                Ok((message, Err(error))) => failed.push((message, error)),
                // A panicked delivery keeps its claim, which expires and is retried.
                Err(e) => tracing::warn!(error = %e, "an outbox delivery task failed"),
            }
        }
        self.record(&sent, &failed).await?;
        Ok(claimed)
    }

    /// POSTs one message; `Err` holds why it failed.
    async fn deliver(&self, m: &Claimed) -> Result<(), String> {
        let Some(url) = &self.settings.webhook_url else {
            tracing::info!(message.id = %m.message_id, topic = %m.topic, tenant.id = %m.tenant_id,
                "no webhook configured; outbox message logged as delivered");
            return Ok(());
        };
        let body = serde_json::to_vec(&json!({
            "messageId": m.message_id,
            "tenantId": m.tenant_id,
            "topic": m.topic,
            "attempt": m.attempts,
            "createdAt": rfc3339(m.created_at),
            "payload": m.payload,
        }))
        .map_err(|e| e.to_string())?;
        let mut request = self
            .client
            .post(url.expose_secret())
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(auth) = &self.settings.auth_header {
            request = request.header(reqwest::header::AUTHORIZATION, auth.expose_secret());
        }
        if let Some(secret) = &self.settings.signing_secret {
            let id = m.message_id.to_string();
            let timestamp = OffsetDateTime::now_utc().unix_timestamp();
            request = request
                .header("webhook-id", &id)
                .header("webhook-timestamp", timestamp.to_string())
                .header(
                    "webhook-signature",
                    signature(secret, &id, timestamp, &body),
                );
        }
        let response = request.body(body).send().await.map_err(|e| {
            let reason = if e.is_timeout() {
                "timed out"
            } else {
                "failed"
            };
            format!("webhook request {reason}: {e}")
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.text().await.unwrap_or_default();
        let text: String = text.chars().take(ERROR_BODY_CHARS).collect();
        Err(format!("webhook returned {status}: {text}"))
    }

    /// Records a batch's outcomes in one transaction.
    async fn record(
        &self,
        sent: &[uuid::Uuid],
        failed: &[(Claimed, String)],
    ) -> anyhow::Result<()> {
        let mut tx = outbox::begin_worker(&self.pool).await?;
        if !sent.is_empty() {
            outbox::mark_sent(&mut tx, sent).await?;
        }
        let max = i32::try_from(self.settings.max_attempts).unwrap_or(8);
        for (m, error) in failed {
            let delay = backoff(
                u32::try_from(m.attempts).unwrap_or(1),
                self.settings.base_backoff,
                self.settings.max_backoff,
            );
            tracing::warn!(message.id = %m.message_id, topic = %m.topic, attempt = m.attempts,
                final_attempt = m.attempts >= max, error = %error, "outbox delivery failed");
            let error: String = error.chars().take(3000).collect();
            outbox::mark_failed(&mut tx, m.message_id, &error, max, delay.as_secs_f64()).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The wait after failed attempt `attempt` (from 1): `base x 2^(attempt-1)`, at most `max`.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
    base.saturating_mul(factor).min(max)
}

/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, per Standard Webhooks. A
/// `whsec_` secret is base64 after its prefix; any other secret is used as its bytes.
pub fn signature(secret: &SecretString, id: &str, timestamp: i64, body: &[u8]) -> String {
    let secret = secret.expose_secret();
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|b64| STANDARD.decode(b64).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_from_the_base_up_to_the_cap() {
        let waits: Vec<u64> = (1..=8)
            .map(|a| backoff(a, Duration::from_secs(10), Duration::from_secs(600)).as_secs())
            .collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 600, 600]);
        assert_eq!(
            backoff(100, Duration::from_secs(10), Duration::from_secs(600)),
            Duration::from_secs(600)
        );
    }

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification.
        let secret = SecretString::from("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }
}
