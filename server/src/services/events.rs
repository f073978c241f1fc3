//! Domain events written to the ledger in the same transaction as the change: status
//! changes and the commission hand-off to the downstream commission system.

use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::rfc3339;
use crate::db::events::{NewEvent, insert_event};
use crate::db::policies::PolicyRow;
use crate::db::{self, Tx};
use crate::error::Result;

/// The transaction a hand-off is about.
pub struct Handoff<'a> {
    /// The event that caused it (`STATUS_CHANGE`, `ENDORSE_ISSUED`, ...).
    pub source_event: &'a str,
    /// QuoteBind, Issue, Endorse, Cancel, Reinstate, Rewrite, Renew, NonRenewal.
    pub transaction_type: &'a str,
    pub transaction_id: Option<Uuid>,
    pub transaction_number: &'a str,
    pub effective_date: String,
    pub premium_impact: Decimal,
    /// The payload in force, for the producer and agency.
    pub payload: &'a Value,
}

/// Writes a `STATUS_CHANGE` event for a policy.
pub async fn status_change(
    tx: &mut Tx,
    policy: &PolicyRow,
    from: &str,
    to: &str,
    payload: Value,
    actor: Uuid,
) -> Result<()> {
    insert_event(
        tx,
        NewEvent {
            tenant_id: &policy.tenant_id,
            entity_type: "Policy",
            entity_id: policy.policy_id,
            event: "STATUS_CHANGE",
            from_state: Some(from),
            to_state: Some(to),
            payload,
            actor,
        },
    )
    .await?;
    Ok(())
}

/// Writes a `COMMISSION_HANDOFF` event (`commission-handoff.v1`). Commission itself is
/// computed downstream; the idempotency key lets that system ignore repeats.
pub async fn commission_handoff(
    tx: &mut Tx,
    policy: &PolicyRow,
    h: &Handoff<'_>,
    actor: Uuid,
) -> Result<()> {
    let transaction_ref = h
        .transaction_id
        .map_or_else(|| h.transaction_number.to_owned(), |id| id.to_string());
    let producer = h
        .payload
        .get("producer")
        .or_else(|| h.payload.get("agent"))
        .or_else(|| h.payload.get("broker"))
        .cloned()
        .unwrap_or(Value::Null);
    let payload = json!({
        "schemaVersion": "commission-handoff.v1",
        "eventType": "COMMISSION_HANDOFF",
        "sourceEvent": h.source_event,
        "idempotencyKey": format!("{}:{}:{}:{}", policy.tenant_id, policy.policy_id, transaction_ref, h.transaction_type),
        "correlationId": h.transaction_number,
        "tenantId": policy.tenant_id,
        "policy": {
            "policyId": policy.policy_id,
            "policyNumber": policy.policy_number,
            "productCode": policy.product_code,
            "state": policy.state,
            "effectiveDate": policy.term_effective_date.to_string(),
            "expirationDate": policy.term_expiration_date.to_string(),
        },
        "transaction": {
            "transactionId": h.transaction_id,
            "transactionNumber": h.transaction_number,
            "transactionType": h.transaction_type,
            "effectiveDate": h.effective_date,
            "processedAt": rfc3339(OffsetDateTime::now_utc()),
        },
        "producer": producer,
        "agency": h.payload.get("agency").cloned().unwrap_or(Value::Null),
        "premiumImpact": super::money_json(h.premium_impact, &policy.currency),
        "accountingBoundary": {
            "latticePolicyOwns": ["policy transaction", "premium impact"],
            "externalCommissionSystemOwns": ["commission rates", "commission amounts", "payables"],
        },
    });
    db::events::insert_event(
        tx,
        NewEvent {
            tenant_id: &policy.tenant_id,
            entity_type: "Policy",
            entity_id: policy.policy_id,
            event: "COMMISSION_HANDOFF",
            from_state: None,
            to_state: None,
            payload,
            actor,
        },
    )
    .await?;
    Ok(())
}
