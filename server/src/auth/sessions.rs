//! Sessions a process has read (account, roles, permissions), kept for reuse so that an
//! authenticated request needs no database round trips to know its caller.
//!
//! PostgreSQL keeps the cache honest: triggers on everything a session is read from notify
//! channel [`CHANNEL`] with the tenant (migration 0011), and a listener per process drops
//! that tenant's sessions. The cache serves only while its listener is connected, and is
//! emptied whenever the listener reconnects (notifications sent meanwhile are lost). A
//! read that began before an eviction never stores its (maybe stale) result: each
//! eviction moves a generation counter, and a store must name the generation its read
//! began in. Entries also expire after `SESSION_CACHE_SECONDS`, a bound on any
//! notification that might still go missing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use uuid::Uuid;

use super::AuthUser;

/// The notification channel of session changes; the payload is the tenant id.
pub const CHANNEL: &str = "lattice_session";

/// Sessions kept at most; past this the cache starts afresh (a bound, not a policy).
const MAX_ENTRIES: usize = 50_000;

/// How long the listener waits before connecting again after a failure.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

pub struct SessionCache {
    ttl: Duration,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Whether the listener is connected: only then may sessions be served or stored.
    live: bool,
    generation: u64,
    entries: HashMap<(String, Uuid), (AuthUser, Instant)>,
}

/// Where a read began: hand it back to [`SessionCache::store`].
#[derive(Clone, Copy, Debug)]
pub struct Ticket(u64);

impl SessionCache {
    /// A cache whose entries live for `ttl`; zero turns it off.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            inner: Mutex::default(),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached session of `user_id` in `tenant_id`, if fresh; otherwise a ticket for
    /// storing the session once read.
    pub fn lookup(&self, tenant_id: &str, user_id: Uuid) -> Result<AuthUser, Ticket> {
        let inner = self.inner();
        let key = (tenant_id.to_owned(), user_id);
        match inner.entries.get(&key) {
            Some((user, at)) if inner.live && at.elapsed() < self.ttl => Ok(user.clone()),
            _ => Err(Ticket(inner.generation)),
        }
    }

    /// Keeps `user` unless something was evicted since `ticket`'s read began.
    pub fn store(&self, user: &AuthUser, ticket: Ticket) {
        let mut inner = self.inner();
        if !inner.live || inner.generation != ticket.0 || self.ttl.is_zero() {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES {
            inner.entries.clear();
        }
        inner.entries.insert(
            (user.tenant_id.clone(), user.user_id),
            (user.clone(), Instant::now()),
        );
    }

    /// Drops every session of `tenant_id`.
    pub fn evict_tenant(&self, tenant_id: &str) {
        let mut inner = self.inner();
        inner.generation += 1;
        inner.entries.retain(|(tenant, _), _| tenant != tenant_id);
    }

    /// Empties the cache and says whether it may serve from now on.
    fn reset(&self, live: bool) {
        let mut inner = self.inner();
        inner.generation += 1;
        inner.entries.clear();
        inner.live = live;
    }

    /// Starts the listener (inside a Tokio runtime, when the cache is on) on a connection
    /// of its own made with `db`'s options.
    pub fn start(self: &Arc<Self>, db: &PgPool) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // A one-connection pool: the listener must not hold one of the request pool's.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(db.connect_options().as_ref().clone());
        runtime.spawn(listen(Arc::clone(self), pool));
    }
}

async fn listen(cache: Arc<SessionCache>, pool: PgPool) {
    loop {
        let mut listener = match subscribe(&pool).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "session listener cannot connect; sessions are read from the database meanwhile");
                tokio::time::sleep(RECONNECT_AFTER).await;
                continue;
            }
        };
        cache.reset(true);
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => cache.evict_tenant(notification.payload()),
                // The connection was lost and made again: what was sent meanwhile is gone.
                Ok(None) => cache.reset(true),
                Err(e) => {
                    tracing::warn!(error = %e, "session listener lost its connection");
                    break;
                }
            }
        }
        cache.reset(false);
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

async fn subscribe(pool: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn user(tenant: &str) -> AuthUser {
        AuthUser {
            user_id: Uuid::new_v4(),
            tenant_id: tenant.to_owned(),
            username: "u".to_owned(),
            roles: vec!["agent".to_owned()],
            permissions: BTreeSet::from(["quotes.read".to_owned()]),
            customer: None,
        }
    }

    fn live_cache(ttl: Duration) -> SessionCache {
        let cache = SessionCache::new(ttl);
        cache.reset(true);
        cache
    }

    #[test]
    fn a_stored_session_is_served_until_its_tenant_is_evicted() {
        let cache = live_cache(Duration::from_secs(60));
        let (a, b) = (user("acme"), user("globex"));
        for u in [&a, &b] {
            let ticket = cache.lookup(&u.tenant_id, u.user_id).expect_err("not yet");
            cache.store(u, ticket);
        }
        assert_eq!(
            cache.lookup("acme", a.user_id).expect("cached").username,
            "u"
        );
        cache.evict_tenant("acme");
        assert!(cache.lookup("acme", a.user_id).is_err(), "acme evicted");
        assert!(cache.lookup("globex", b.user_id).is_ok(), "globex kept");
        assert!(
            cache.lookup("globex", a.user_id).is_err(),
            "keyed by tenant too"
        );
    }

    #[test]
    fn a_read_begun_before_an_eviction_is_not_stored() {
        let cache = live_cache(Duration::from_secs(60));
        let a = user("acme");
        let ticket = cache.lookup("acme", a.user_id).expect_err("miss");
        // The session changes (and is evicted) while the request reads it.
        cache.evict_tenant("acme");
        cache.store(&a, ticket);
        assert!(cache.lookup("acme", a.user_id).is_err());
    }

    #[test]
    fn nothing_is_served_or_kept_without_a_listener_or_past_the_ttl() {
        let offline = SessionCache::new(Duration::from_secs(60));
        let a = user("acme");
        let ticket = offline.lookup("acme", a.user_id).expect_err("miss");
        offline.store(&a, ticket);
        assert!(offline.lookup("acme", a.user_id).is_err(), "not live");

        let cache = live_cache(Duration::from_millis(30));
        let ticket = cache.lookup("acme", a.user_id).expect_err("miss");
        cache.store(&a, ticket);
        assert!(cache.lookup("acme", a.user_id).is_ok());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.lookup("acme", a.user_id).is_err(), "expired");

        cache.reset(false);
        let ticket = cache.lookup("acme", a.user_id).expect_err("miss");
        cache.store(&a, ticket);
        assert!(cache.lookup("acme", a.user_id).is_err(), "listener gone");
    }
}
