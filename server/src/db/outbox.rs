//! SQL for the outbox: claiming due messages (the head of each entity's stream only, so
//! one entity's messages go out in order), recording outcomes, reclaiming expired claims,
//! and the administrators' view.

use serde_json::Value;
use sqlx::{FromRow, PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::Tx;

/// The role of the push worker's transactions (migration 0012): row-level security lets
/// it read and update every tenant's outbox messages, and it may touch nothing else.
pub const WORKER_ROLE: &str = "lattice_outbox_worker";

/// Begins a transaction of the push worker, as [`WORKER_ROLE`].
pub async fn begin_worker(pool: &PgPool) -> sqlx::Result<Tx> {
    pool.begin_with(sqlx::AssertSqlSafe(format!(
        "begin; set local role {WORKER_ROLE}"
    )))
    .await
}

/// A message taken for delivery.
#[derive(Debug, Clone, FromRow)]
pub struct Claimed {
    pub message_id: Uuid,
    pub tenant_id: String,
    pub topic: String,
    /// This delivery's number, from 1.
    pub attempts: i32,
    pub payload: Value,
    pub created_at: OffsetDateTime,
}

/// Claims up to `limit` due messages for `visibility_secs`: Pending or Retry, due, and
/// with no earlier message of the same stream still undelivered.
pub async fn claim(
    conn: &mut PgConnection,
    limit: i64,
    visibility_secs: f64,
) -> sqlx::Result<Vec<Claimed>> {
    sqlx::query_as!(
        Claimed,
        r#"with due as (
               select m.message_id from outbox_message m
               where m.status in ('Pending', 'Retry') and m.next_attempt_at <= now()
                 and not exists (
                     select 1 from outbox_message e
                     where e.tenant_id = m.tenant_id and e.ordering_key = m.ordering_key
                       and e.seq < m.seq and e.status <> 'Sent')
               order by m.seq
               limit $1
               for update skip locked)
           update outbox_message o
           set status = 'Processing', attempts = o.attempts + 1, last_attempt_at = now(),
               locked_until = now() + make_interval(secs => $2)
           from due where o.message_id = due.message_id
           returning o.message_id, o.tenant_id, o.topic, o.attempts, o.payload, o.created_at"#,
        limit,
        visibility_secs
    )
    .fetch_all(conn)
    .await
}

/// Claims whose worker vanished (crashed, killed) go back to Retry, or to Failed when
/// they used their last attempt. Returns how many.
pub async fn reclaim_expired(conn: &mut PgConnection, max_attempts: i32) -> sqlx::Result<u64> {
    Ok(sqlx::query!(
        "update outbox_message
         set status = case when attempts >= $1 then 'Failed' else 'Retry' end,
             locked_until = null, next_attempt_at = now(),
             last_error = 'the delivery did not finish within the visibility window'
         where status = 'Processing' and locked_until < now()",
        max_attempts
    )
    .execute(conn)
    .await?
    .rows_affected())
}

/// Records successful deliveries (still held by this claim).
pub async fn mark_sent(conn: &mut PgConnection, message_ids: &[Uuid]) -> sqlx::Result<()> {
    sqlx::query!(
        "update outbox_message set status = 'Sent', sent_at = now(), locked_until = null,
             last_error = null
         where message_id = any($1) and status = 'Processing'",
        message_ids
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed delivery: Failed after the last attempt, else Retry after `delay`.
pub async fn mark_failed(
    conn: &mut PgConnection,
    message_id: Uuid,
    error: &str,
    max_attempts: i32,
    delay_secs: f64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update outbox_message
         set status = case when attempts >= $3 then 'Failed' else 'Retry' end,
             next_attempt_at = now() + make_interval(secs => $4), locked_until = null,
             last_error = $2
         where message_id = $1 and status = 'Processing'",
        message_id,
        error,
        max_attempts,
        delay_secs
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct MessageRow {
    pub message_id: Uuid,
    pub topic: String,
    pub ordering_key: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: OffsetDateTime,
    pub last_attempt_at: Option<OffsetDateTime>,
    pub sent_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub payload: Value,
}

/// The tenant's messages, newest first, optionally of one status; with the total.
pub async fn list(
    conn: &mut PgConnection,
    tenant_id: &str,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<MessageRow>, i64)> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "count!" from outbox_message
           where tenant_id = $1 and ($2::text is null or status = $2)"#,
        tenant_id,
        status
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query_as!(
        MessageRow,
        "select message_id, topic, ordering_key, status, attempts, next_attempt_at, last_attempt_at,
                sent_at, last_error, created_at, payload
         from outbox_message where tenant_id = $1 and ($2::text is null or status = $2)
         order by seq desc limit $3 offset $4",
        tenant_id,
        status,
        limit,
        offset
    )
    .fetch_all(conn)
    .await?;
    Ok((rows, total))
}

/// Puts a Failed message back in line with a fresh set of attempts; its status before.
pub async fn retry(
    conn: &mut PgConnection,
    tenant_id: &str,
    message_id: Uuid,
) -> sqlx::Result<Option<String>> {
    let before = sqlx::query_scalar!(
        "select status from outbox_message where tenant_id = $1 and message_id = $2 for update",
        tenant_id,
        message_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if before.as_deref() == Some("Failed") {
        sqlx::query!(
            "update outbox_message set status = 'Retry', attempts = 0, next_attempt_at = now(),
                 last_error = null
             where tenant_id = $1 and message_id = $2",
            tenant_id,
            message_id
        )
        .execute(conn)
        .await?;
    }
    Ok(before)
}
