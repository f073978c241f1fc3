//! The security event trail: who signed in, who failed and why, lockouts, MFA changes,
//! PII reveals and account changes. Written in the transaction of the change it records;
//! readable by security administrators.

use std::net::IpAddr;

use lattice_shared::api::Page;
use lattice_shared::api::admin::{SecurityEventSearch, SecurityEventView};
use lattice_shared::api::page::PageQuery;
use serde_json::Value;
use uuid::Uuid;

use super::rfc3339;
use crate::db::security_events::NewSecurityEvent;
use crate::db::{self, Tx};
use crate::error::{FieldErrors, Result};
use crate::state::App;

/// The kinds of event.
pub mod kind {
    pub const LOGIN_SUCCEEDED: &str = "LOGIN_SUCCEEDED";
    pub const LOGIN_FAILED: &str = "LOGIN_FAILED";
    pub const ACCOUNT_LOCKED: &str = "ACCOUNT_LOCKED";
    pub const MFA_FAILED: &str = "MFA_FAILED";
    pub const MFA_ENROLLED: &str = "MFA_ENROLLED";
    pub const MFA_RECOVERY_CODE_USED: &str = "MFA_RECOVERY_CODE_USED";
    pub const MFA_RESET: &str = "MFA_RESET";
    pub const PII_REVEALED: &str = "PII_REVEALED";
    pub const USER_CREATED: &str = "USER_CREATED";
    pub const USER_UPDATED: &str = "USER_UPDATED";
    pub const USER_DELETED: &str = "USER_DELETED";
    pub const ROLES_CHANGED: &str = "ROLES_CHANGED";

    pub const ALL: &[&str] = &[
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        ACCOUNT_LOCKED,
        MFA_FAILED,
        MFA_ENROLLED,
        MFA_RECOVERY_CODE_USED,
        MFA_RESET,
        PII_REVEALED,
        USER_CREATED,
        USER_UPDATED,
        USER_DELETED,
        ROLES_CHANGED,
    ];
}

/// One event to record.
pub struct Event<'a> {
    pub kind: &'static str,
    pub actor: Option<Uuid>,
    pub subject: Option<Uuid>,
    pub username: Option<&'a str>,
    pub ip: Option<IpAddr>,
    pub details: Value,
}

pub async fn record(tx: &mut Tx, tenant_id: &str, e: Event<'_>) -> Result<()> {
    db::security_events::insert(
        tx,
        NewSecurityEvent {
            tenant_id,
            event_type: e.kind,
            actor_user_id: e.actor,
            subject_user_id: e.subject,
            username: e.username,
            client_ip: e.ip.map(|ip| ip.to_string()),
            details: e.details,
        },
    )
    .await?;
    Ok(())
}

/// The trail, newest first.
pub async fn list(
    app: &App,
    tenant_id: &str,
    search: &SecurityEventSearch,
) -> Result<Page<SecurityEventView>> {
    let kind = search
        .event_type
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(k) = kind
        && !kind::ALL.contains(&k)
    {
        return Err(FieldErrors::single(
            "eventType",
            &format!("must be one of {}", kind::ALL.join(", ")),
        ));
    }
    let paging = PageQuery {
        page: search.page,
        page_size: search.page_size,
    };
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, total) = db::security_events::list(
        &mut tx,
        tenant_id,
        kind,
        search.user_id,
        i64::from(paging.page_size()),
        i64::try_from(paging.offset()).unwrap_or(i64::MAX),
    )
    .await?;
    tx.commit().await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| SecurityEventView {
                event_id: r.event_id,
                event_type: r.event_type,
                actor_user_id: r.actor_user_id,
                actor_username: r.actor_username,
                subject_user_id: r.subject_user_id,
                username: r.username,
                client_ip: r.client_ip,
                details: r.details,
                occurred_at: rfc3339(r.occurred_at),
            })
            .collect(),
        page: paging.page(),
        page_size: paging.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}
