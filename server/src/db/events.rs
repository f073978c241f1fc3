//! SQL for the ledger of domain events and for policy documents.

use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

/// An event about an entity, written in the same transaction as the change it records.
pub struct NewEvent<'a> {
    pub tenant_id: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    pub event: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub payload: Value,
    pub actor: Uuid,
}

pub async fn insert_event(conn: &mut PgConnection, e: NewEvent<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into ledger_event (tenant_id, entity_type, entity_id, event, from_state, to_state, payload, actor)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning event_id",
        e.tenant_id,
        e.entity_type,
        e.entity_id,
        e.event,
        e.from_state,
        e.to_state,
        e.payload,
        e.actor
    )
    .fetch_one(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct EventRow {
    pub event_id: Uuid,
    pub event: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub payload: Value,
    pub occurred_at: OffsetDateTime,
    pub actor_name: Option<String>,
}

pub async fn list_events(
    conn: &mut PgConnection,
    tenant_id: &str,
    entity_id: Uuid,
) -> sqlx::Result<Vec<EventRow>> {
    sqlx::query_as!(
        EventRow,
        r#"select e.event_id, e.event, e.from_state, e.to_state, e.payload, e.occurred_at,
                  u.username as "actor_name?"
           from ledger_event e
           left join app_user u on u.tenant_id = e.tenant_id and u.user_id = e.actor
           where e.tenant_id = $1 and e.entity_id = $2
           order by e.seq"#,
        tenant_id,
        entity_id
    )
    .fetch_all(conn)
    .await
}

/// A document of a policy. Generated artifacts carry their bytes; worksheets are
/// metadata only.
pub struct NewDocument<'a> {
    pub tenant_id: &'a str,
    pub policy_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub version_id: Option<Uuid>,
    pub document_type: &'a str,
    pub uri: &'a str,
    pub content_hash: &'a str,
    pub content_type: Option<&'a str>,
    pub content: Option<&'a [u8]>,
    pub customer_safe: bool,
    pub metadata: Value,
    pub created_by: Uuid,
}

pub async fn insert_document(conn: &mut PgConnection, d: NewDocument<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into document (tenant_id, policy_id, transaction_id, version_id, document_type, uri,
             content_hash, content_type, content, customer_safe, metadata, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning document_id",
        d.tenant_id,
        d.policy_id,
        d.transaction_id,
        d.version_id,
        d.document_type,
        d.uri,
        d.content_hash,
        d.content_type,
        d.content,
        d.customer_safe,
        d.metadata,
        d.created_by
    )
    .fetch_one(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct DocumentRow {
    pub document_id: Uuid,
    pub transaction_id: Option<Uuid>,
    pub version_id: Option<Uuid>,
    pub document_type: String,
    pub uri: String,
    pub content_hash: String,
    pub content_type: Option<String>,
    /// The artifact's size; `None` when the document has no artifact.
    pub byte_size: Option<i32>,
    pub customer_safe: bool,
    pub metadata: Value,
    pub created_at: OffsetDateTime,
    pub created_by_name: Option<String>,
}

pub async fn list_documents(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Vec<DocumentRow>> {
    sqlx::query_as!(
        DocumentRow,
        r#"select d.document_id, d.transaction_id, d.version_id, d.document_type, d.uri, d.content_hash,
                  d.content_type, octet_length(d.content) as byte_size, d.customer_safe,
                  d.metadata, d.created_at, u.username as "created_by_name?"
           from document d
           left join app_user u on u.tenant_id = d.tenant_id and u.user_id = d.created_by
           where d.tenant_id = $1 and d.policy_id = $2
           order by d.created_at, d.document_id"#,
        tenant_id,
        policy_id
    )
    .fetch_all(conn)
    .await
}

/// A document's artifact.
#[derive(Debug, FromRow)]
pub struct DocumentContent {
    pub document_type: String,
    pub content_type: Option<String>,
    pub content: Option<Vec<u8>>,
    pub customer_safe: bool,
}

pub async fn find_document_content(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    document_id: Uuid,
) -> sqlx::Result<Option<DocumentContent>> {
    sqlx::query_as!(
        DocumentContent,
        "select document_type, content_type, content, customer_safe from document
         where tenant_id = $1 and policy_id = $2 and document_id = $3",
        tenant_id,
        policy_id,
        document_id
    )
    .fetch_optional(conn)
    .await
}
