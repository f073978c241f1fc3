//! The optional Redis cache. It fails open: an unreachable Redis never fails a request.

use std::time::Duration;

use anyhow::Context;

/// A handle on Redis; connections are opened on demand.
pub struct Cache {
    client: redis::Client,
}

impl Cache {
    /// Validates `url`; does not connect.
    pub fn open(url: &str) -> anyhow::Result<Self> {
        let client = redis::Client::open(url).context("REDIS_URL is not a valid Redis URL")?;
        Ok(Self { client })
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
