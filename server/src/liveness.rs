//! This process's liveness as PostgreSQL sees it: a session advisory lock on a key of its
//! own, held on a dedicated connection for the life of the process. Work the process claims
//! (an idempotency key) records that key; another process finding the lock free knows the
//! claimant is gone (PostgreSQL drops a dead session's locks) and may take the work over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::{Connection, PgConnection, PgPool};

/// The advisory-lock class of owner keys (two-key form: it never meets the migration lock).
pub const OWNER_LOCK_CLASS: i32 = 0x4C50_4F57;

/// How often the holder checks that its session is still there.
const CHECK_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct Liveness {
    key: i32,
    held: Arc<AtomicBool>,
}

impl Liveness {
    /// Starts holding a new random key (when called inside a Tokio runtime; otherwise the
    /// process never claims ownership, and claims only expire).
    pub fn start(db: &PgPool) -> Self {
        let liveness = Self {
            key: rand::random::<i32>(),
            held: Arc::new(AtomicBool::new(false)),
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let options = db.connect_options().as_ref().clone();
            runtime.spawn(hold(options, liveness.key, Arc::clone(&liveness.held)));
        }
        liveness
    }

    /// The key to record on claimed work, while the lock is known to be held.
    pub fn owner(&self) -> Option<i32> {
        self.held.load(Ordering::Acquire).then_some(self.key)
    }
}

/// Takes the lock on a connection of its own and keeps it; after a lost connection (a
/// database restart) takes it again.
async fn hold(options: sqlx::postgres::PgConnectOptions, key: i32, held: Arc<AtomicBool>) {
    loop {
        if let Ok(mut conn) = PgConnection::connect_with(&options).await {
            let locked = sqlx::query("select pg_advisory_lock($1, $2)")
                .bind(OWNER_LOCK_CLASS)
                .bind(key)
                .execute(&mut conn)
                .await;
            if locked.is_ok() {
                held.store(true, Ordering::Release);
                while conn.ping().await.is_ok() {
                    tokio::time::sleep(CHECK_EVERY).await;
                }
                held.store(false, Ordering::Release);
                tracing::warn!("lost the liveness lock's connection; taking it again");
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
