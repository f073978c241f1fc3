//! The administrators' view of the outbox: messages by status, and a retry for the ones
//! that failed every attempt.

use lattice_shared::api::Page;
use lattice_shared::api::notifications::{NotificationView, OutboxMessageView, OutboxSearch};
use lattice_shared::api::page::PageQuery;
use uuid::Uuid;

use super::bind::policy_not_found;
use super::rfc3339;
use crate::db;
use crate::db::outbox::MessageRow;
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

const STATUSES: &[&str] = &["Pending", "Processing", "Retry", "Sent", "Failed"];

fn view(m: MessageRow) -> OutboxMessageView {
    OutboxMessageView {
        message_id: m.message_id,
        topic: m.topic,
        ordering_key: m.ordering_key,
        status: m.status,
        attempts: m.attempts,
        next_attempt_at: rfc3339(m.next_attempt_at),
        last_attempt_at: m.last_attempt_at.map(rfc3339),
        sent_at: m.sent_at.map(rfc3339),
        last_error: m.last_error,
        created_at: rfc3339(m.created_at),
        payload: m.payload,
    }
}

pub async fn list(
    app: &App,
    tenant_id: &str,
    search: &OutboxSearch,
) -> Result<Page<OutboxMessageView>> {
    let status = search
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if status.is_some_and(|s| !STATUSES.contains(&s)) {
        return Err(FieldErrors::single(
            "status",
            "must be Pending, Processing, Retry, Sent or Failed",
        ));
    }
    let paging = PageQuery {
        page: search.page,
        page_size: search.page_size,
    };
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, total) = db::outbox::list(
        &mut tx,
        tenant_id,
        status,
        i64::from(paging.page_size()),
        i64::try_from(paging.offset()).unwrap_or(i64::MAX),
    )
    .await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.into_iter().map(view).collect(),
        page: paging.page(),
        page_size: paging.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Puts a Failed message back in line with a fresh set of attempts.
pub async fn retry(app: &App, tenant_id: &str, message_id: Uuid) -> Result<()> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let before = db::outbox::retry(&mut tx, tenant_id, message_id).await?;
    tx.commit().await?;
    match before.as_deref() {
        Some("Failed") => {
            tracing::info!(tenant.id = %tenant_id, message.id = %message_id, "outbox message retried");
            Ok(())
        }
        Some(status) => Err(Error::conflict(
            "OUTBOX_NOT_FAILED",
            format!("Message {message_id} is {status}; only Failed messages are retried"),
        )),
        None => Err(Error::not_found(
            "OUTBOX_MESSAGE_NOT_FOUND",
            format!("Message {message_id} not found"),
        )),
    }
}

/// The notifications of a policy, oldest first.
pub async fn policy_notifications(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
) -> Result<Vec<NotificationView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    db::policies::find_policy(&mut tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    let rows = db::notifications::list_intents(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| NotificationView {
            intent_id: r.intent_id,
            event_type: r.event_type,
            recipient_email: r.recipient_email,
            subject: r.subject,
            body: r.body,
            status: r.status,
            created_at: rfc3339(r.created_at),
        })
        .collect())
}
