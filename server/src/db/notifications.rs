//! SQL for notification templates and intents.

use sqlx::{FromRow, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, FromRow)]
pub struct TemplateRow {
    pub template_id: Uuid,
    pub event_type: String,
    pub channel: String,
    pub product_code: Option<String>,
    pub subject: String,
    pub body: String,
    pub active: bool,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

/// The active template for an event: the product's own before the tenant-wide one.
pub async fn find_template(
    conn: &mut PgConnection,
    tenant_id: &str,
    event_type: &str,
    product_code: &str,
) -> sqlx::Result<Option<TemplateRow>> {
    sqlx::query_as!(
        TemplateRow,
        "select template_id, event_type, channel, product_code, subject, body, active, updated_at,
                updated_by
         from notification_template
         where tenant_id = $1 and event_type = $2 and channel = 'EMAIL' and active
           and (product_code is null or product_code = $3)
         order by (product_code is not null) desc
         limit 1",
        tenant_id,
        event_type,
        product_code
    )
    .fetch_optional(conn)
    .await
}

pub async fn list_templates(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> sqlx::Result<Vec<TemplateRow>> {
    sqlx::query_as!(
        TemplateRow,
        "select template_id, event_type, channel, product_code, subject, body, active, updated_at,
                updated_by
         from notification_template where tenant_id = $1
         order by event_type, product_code nulls first",
        tenant_id
    )
    .fetch_all(conn)
    .await
}

/// Creates or replaces the template of (event, product).
pub async fn upsert_template(
    conn: &mut PgConnection,
    tenant_id: &str,
    t: &TemplateRow,
) -> sqlx::Result<TemplateRow> {
    sqlx::query_as!(
        TemplateRow,
        "insert into notification_template (tenant_id, event_type, channel, product_code, subject,
             body, active, updated_by)
         values ($1, $2, 'EMAIL', $3, $4, $5, $6, $7)
         on conflict on constraint notification_template_key do update
             set subject = excluded.subject, body = excluded.body, active = excluded.active,
                 updated_by = excluded.updated_by
         returning template_id, event_type, channel, product_code, subject, body, active,
                   updated_at, updated_by",
        tenant_id,
        t.event_type,
        t.product_code,
        t.subject,
        t.body,
        t.active,
        t.updated_by
    )
    .fetch_one(conn)
    .await
}

/// A notification to queue (or record as suppressed).
pub struct NewIntent<'a> {
    pub tenant_id: &'a str,
    pub event_type: &'a str,
    pub policy_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub recipient_email: Option<&'a str>,
    pub recipient_name: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
    pub status: &'a str,
    pub template_id: Option<Uuid>,
}

pub async fn insert_intent(conn: &mut PgConnection, n: NewIntent<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into notification_intent (tenant_id, event_type, policy_id, transaction_id,
             recipient_email, recipient_name, subject, body, status, template_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning intent_id",
        n.tenant_id,
        n.event_type,
        n.policy_id,
        n.transaction_id,
        n.recipient_email,
        n.recipient_name,
        n.subject,
        n.body,
        n.status,
        n.template_id
    )
    .fetch_one(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct IntentRow {
    pub intent_id: Uuid,
    pub event_type: String,
    pub recipient_email: Option<String>,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub created_at: OffsetDateTime,
}

pub async fn list_intents(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Vec<IntentRow>> {
    sqlx::query_as!(
        IntentRow,
        "select intent_id, event_type, recipient_email, subject, body, status, created_at
         from notification_intent where tenant_id = $1 and policy_id = $2 order by created_at",
        tenant_id,
        policy_id
    )
    .fetch_all(conn)
    .await
}
