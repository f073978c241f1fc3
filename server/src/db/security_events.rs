//! SQL for the security event trail.

use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

/// One security event.
pub struct NewSecurityEvent<'a> {
    pub tenant_id: &'a str,
    pub event_type: &'a str,
    pub actor_user_id: Option<Uuid>,
    pub subject_user_id: Option<Uuid>,
    pub username: Option<&'a str>,
    pub client_ip: Option<String>,
    pub details: Value,
}

pub async fn insert(conn: &mut PgConnection, e: NewSecurityEvent<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into security_event (tenant_id, event_type, actor_user_id, subject_user_id,
             username, client_ip, details)
         values ($1, $2, $3, $4, $5, $6, $7)",
        e.tenant_id,
        e.event_type,
        e.actor_user_id,
        e.subject_user_id,
        e.username,
        e.client_ip,
        e.details
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct SecurityEventRow {
    pub event_id: Uuid,
    pub event_type: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_username: Option<String>,
    pub subject_user_id: Option<Uuid>,
    pub username: Option<String>,
    pub client_ip: Option<String>,
    pub details: Value,
    pub occurred_at: OffsetDateTime,
}

/// Events newest first, optionally of one type or about one user; with the total.
pub async fn list(
    conn: &mut PgConnection,
    tenant_id: &str,
    event_type: Option<&str>,
    subject: Option<Uuid>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<SecurityEventRow>, i64)> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "count!" from security_event
           where tenant_id = $1 and ($2::text is null or event_type = $2)
             and ($3::uuid is null or subject_user_id = $3)"#,
        tenant_id,
        event_type,
        subject
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query_as!(
        SecurityEventRow,
        r#"select e.event_id, e.event_type, e.actor_user_id, a.username as "actor_username?",
                  e.subject_user_id, e.username, e.client_ip, e.details, e.occurred_at
           from security_event e
           left join app_user a on a.tenant_id = e.tenant_id and a.user_id = e.actor_user_id
           where e.tenant_id = $1 and ($2::text is null or e.event_type = $2)
             and ($3::uuid is null or e.subject_user_id = $3)
           order by e.seq desc
           limit $4 offset $5"#,
        tenant_id,
        event_type,
        subject,
        limit,
        offset
    )
    .fetch_all(conn)
    .await?;
    Ok((rows, total))
}
