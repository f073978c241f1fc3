//! Schema migrations, run under a PostgreSQL advisory lock so that several replicas (or
//! a release job and a replica) can start at once, plus the catalog data that follows them.

use anyhow::Context;
use sqlx::PgPool;
use sqlx::migrate::Migrator;

use super::rbac;

/// The SQL migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// An arbitrary, fixed key for `pg_advisory_lock` ("LATTICE" in ASCII).
const MIGRATION_LOCK_KEY: i64 = 0x004C_4154_5449_4345;

/// Applies pending migrations, then brings the permission catalog and every tenant's
/// system roles up to date. Safe to run concurrently and repeatedly.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await.context("connecting to migrate")?;
    sqlx::query!("select pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        .fetch_one(&mut *conn)
        .await
        .context("taking the migration lock")?;
    let outcome = async {
        MIGRATOR
            .run(&mut *conn)
            .await
            .context("applying migrations")?;
        rbac::sync_permission_catalog(&mut conn).await?;
        rbac::ensure_system_roles_for_all_tenants(pool).await
    }
    .await;
    sqlx::query!("select pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
        .fetch_one(&mut *conn)
        .await
        .context("releasing the migration lock")?;
    outcome
}

/// How many embedded migrations the database has not applied yet.
pub async fn pending_migrations(pool: &PgPool) -> anyhow::Result<usize> {
    let exists =
        sqlx::query_scalar!(r#"select to_regclass('_sqlx_migrations') is not null as "exists!""#)
            .fetch_one(pool)
            .await?;
    if !exists {
        return Ok(MIGRATOR.iter().count());
    }
    let applied: Vec<i64> =
        sqlx::query_scalar!("select version from _sqlx_migrations where success")
            .fetch_all(pool)
            .await?;
    Ok(MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration() && !applied.contains(&m.version))
        .count())
}
