//! SQL for idempotency keys: one row per (tenant, key) holding the request's hash and,
//! once it succeeded, the exact response to replay.

use sqlx::PgConnection;

use crate::liveness::OWNER_LOCK_CLASS;

/// What a key's row says about a new request carrying it.
#[derive(Debug, PartialEq, Eq)]
pub enum Reservation {
    /// This request owns the key now and must run.
    Reserved,
    /// The key belongs to a different request.
    Conflict,
    /// The first request is still running.
    Processing,
    /// The first request succeeded: replay its response.
    Completed {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
}

/// Keys older than this are forgotten and may be reused.
pub const TTL_HOURS: i32 = 24;
/// A request that has held its key this long without finishing is presumed dead.
pub const STALE_SECONDS: i32 = 60;

/// The request a key is being reserved for.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub tenant_id: &'a str,
    pub key: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub hash: &'a str,
    /// This process's liveness key (see `liveness`), when it holds its lock.
    pub owner: Option<i32>,
}

/// Claims the key for a request, or reports why it cannot run. A key left `processing` by
/// a process that is gone (its liveness lock is free), or for longer than
/// [`STALE_SECONDS`], is taken over.
pub async fn reserve(conn: &mut PgConnection, claim: Claim<'_>) -> sqlx::Result<Reservation> {
    let Claim {
        tenant_id,
        key,
        method,
        path,
        hash,
        owner,
    } = claim;
    let inserted = sqlx::query_scalar!(
        "insert into idempotency_key (tenant_id, idempotency_key, method, path, request_hash, status, owner)
         values ($1, $2, $3, $4, $5, 'processing', $6)
         on conflict (tenant_id, idempotency_key) do nothing
         returning idempotency_key",
        tenant_id,
        key,
        method,
        path,
        hash,
        owner
    )
    .fetch_optional(&mut *conn)
    .await?;
    if inserted.is_some() {
        return Ok(Reservation::Reserved);
    }
    let row = sqlx::query!(
        r#"select request_hash, status, status_code, content_type, response_body,
                  created_at < now() - make_interval(hours => $3) as "expired!",
                  updated_at < now() - make_interval(secs => $4) as "stale!",
                  coalesce(owner is not null and pg_try_advisory_xact_lock($5, owner), false)
                      as "owner_gone!"
           from idempotency_key where tenant_id = $1 and idempotency_key = $2 for update"#,
        tenant_id,
        key,
        TTL_HOURS,
        f64::from(STALE_SECONDS),
        OWNER_LOCK_CLASS
    )
    .fetch_one(&mut *conn)
    .await?;
    let reclaim = row.expired
        || (row.request_hash == hash
            && (row.status == "failed"
                || (row.status == "processing" && (row.stale || row.owner_gone))));
    if reclaim {
        sqlx::query!(
            "update idempotency_key set method = $3, path = $4, request_hash = $5, status = 'processing',
                 status_code = null, content_type = null, response_body = null, owner = $7,
                 created_at = case when $6 then now() else created_at end, updated_at = now()
             where tenant_id = $1 and idempotency_key = $2",
            tenant_id,
            key,
            method,
            path,
            hash,
            row.expired,
            owner
        )
        .execute(&mut *conn)
        .await?;
        return Ok(Reservation::Reserved);
    }
    if row.request_hash != hash {
        return Ok(Reservation::Conflict);
    }
    Ok(match (row.status.as_str(), row.status_code) {
        ("completed", Some(code)) => Reservation::Completed {
            status: u16::try_from(code).unwrap_or(200),
            content_type: row.content_type,
            body: row.response_body.unwrap_or_default(),
        },
        _ => Reservation::Processing,
    })
}

/// Stores the successful response to replay.
pub async fn complete(
    conn: &mut PgConnection,
    tenant_id: &str,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> sqlx::Result<()> {
    sqlx::query!(
        "update idempotency_key set status = 'completed', status_code = $3, content_type = $4,
             response_body = $5, updated_at = now()
         where tenant_id = $1 and idempotency_key = $2",
        tenant_id,
        key,
        i32::from(status),
        content_type,
        body
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The key a request holds while it runs, handed to its handler as a request extension. A
/// handler whose work is one transaction stores its response in that same transaction
/// ([`HeldKey::complete_with`]), so a process that dies between its commit and the
/// middleware's own `complete` still leaves a response to replay, never a done but
/// unanswered request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldKey {
    pub tenant_id: String,
    pub key: String,
}

impl HeldKey {
    /// Stores `body` (JSON) as the response to replay, inside the caller's transaction.
    pub async fn complete_with(
        &self,
        conn: &mut PgConnection,
        status: u16,
        body: &[u8],
    ) -> sqlx::Result<()> {
        complete(
            conn,
            &self.tenant_id,
            &self.key,
            status,
            Some("application/json"),
            body,
        )
        .await
    }
}

/// Marks the key free to retry (the request did not succeed).
pub async fn fail(conn: &mut PgConnection, tenant_id: &str, key: &str) -> sqlx::Result<()> {
    sqlx::query!(
        "update idempotency_key set status = 'failed', updated_at = now()
         where tenant_id = $1 and idempotency_key = $2",
        tenant_id,
        key
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets the tenant's keys older than the TTL.
pub async fn purge_expired(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<u64> {
    let done = sqlx::query!(
        "delete from idempotency_key where tenant_id = $1 and created_at < now() - make_interval(hours => $2)",
        tenant_id,
        TTL_HOURS
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
