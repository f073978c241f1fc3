//! PostgreSQL access: the pool, tenant-scoped transactions, migrations, and the SQL of
//! each area. Functions take `&mut PgConnection` so they work in or out of a transaction.

pub mod customers;
pub mod events;
pub mod idempotency;
pub mod links;
pub mod mfa;
pub mod migrate;
pub mod notifications;
pub mod outbox;
pub mod policies;
pub mod quotes;
pub mod rbac;
pub mod reference;
pub mod referrals;
pub mod search;
pub mod security_events;
pub mod tenants;
pub mod timeline;
pub mod users;

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

/// A transaction whose role and tenant are set, so row-level security applies.
pub type Tx = sqlx::Transaction<'static, Postgres>;

/// The role every tenant transaction runs as (created by the first migration).
pub const APP_ROLE: &str = "lattice_app";

/// Opens a pool, retrying for up to `wait` while the database starts up.
pub async fn connect(url: &str, pool_size: u32, wait: Duration) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = url
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL URL")?;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let attempt = PgPoolOptions::new()
            .max_connections(pool_size)
            // Fail fast when the database is down, so requests get a 503 instead of hanging.
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options.clone())
            .await;
        match attempt {
            Ok(pool) => return Ok(pool),
            Err(e) if tokio::time::Instant::now() < deadline => {
                tracing::warn!(error = %e, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => return Err(e).context("could not connect to the database"),
        }
    }
}

/// Begins a transaction as [`APP_ROLE`] with `app.tenant_id` set: every row-level security
/// policy then limits it to `tenant_id`, whatever the query's own filters say.
///
/// One round trip: `BEGIN` and both settings go as one simple query. That puts the tenant
/// id into the SQL text, so only a well-formed id (a slug: `a-z`, `0-9` and `-`, which
/// nothing in a quoted literal can escape) takes that way; anything else (a mistyped
/// tenant at login, say) is passed as a bind parameter in a second round trip, and then
/// matches no row.
pub async fn begin_tenant(pool: &PgPool, tenant_id: &str) -> Result<Tx, sqlx::Error> {
    if tenants::is_valid_tenant_id(tenant_id) {
        return pool
            .begin_with(sqlx::AssertSqlSafe(format!(
                "begin; set local role {APP_ROLE}; set local app.tenant_id = '{tenant_id}'"
            )))
            .await;
    }
    let mut tx = pool.begin().await?;
    sqlx::query!(
        r#"select set_config('role', 'lattice_app', true) as "role!",
                  set_config('app.tenant_id', $1, true) as "tenant!""#,
        tenant_id
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(tx)
}
