//! Reading policies: the policy with its versions, the payload in force, version details
//! with diffs, rating worksheets and the transaction timeline.

use lattice_shared::api::policies::{
    PolicyView, Term, TimelineView, VersionDetails, VersionView, WorksheetView,
};
use lattice_shared::policy::status::derive_workflow_status;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use super::bind::policy_not_found;
use super::{money_json, rfc3339};
use crate::db::policies::{PolicyRow, VersionRow};
use crate::db::{self, Tx};
use crate::error::{Error, Result};
use crate::state::App;

pub async fn get_policy(app: &App, tenant_id: &str, policy_id: Uuid) -> Result<PolicyView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = load(&mut tx, tenant_id, policy_id).await?;
    let versions = db::policies::list_versions(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    let today = OffsetDateTime::now_utc().date();
    Ok(PolicyView {
        status: derive_workflow_status(
            &policy.status,
            policy.term_effective_date,
            policy.term_expiration_date,
            today,
        ),
        versions: versions.iter().map(|v| version_view(&policy, v)).collect(),
        policy_id: policy.policy_id,
        policy_number: policy.policy_number,
        tenant_id: policy.tenant_id,
        product_code: policy.product_code,
        product_version: policy.product_version,
        internal_status: policy.status,
        term: Term {
            effective_date: policy.term_effective_date.to_string(),
            expiration_date: policy.term_expiration_date.to_string(),
        },
        term_months: policy.term_months,
        term_count: policy.term_count,
        state: policy.state,
        insured_name: policy.insured_name,
        customer: None,
        premium: policy.premium,
        lifecycle: policy.lifecycle,
        metadata: policy.metadata,
        created_at: rfc3339(policy.created_at),
        updated_at: rfc3339(policy.updated_at),
        updated_by: policy.updated_by,
    })
}

/// The payload of the latest version.
pub async fn full_payload(app: &App, tenant_id: &str, policy_id: Uuid) -> Result<Value> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    load(&mut tx, tenant_id, policy_id).await?;
    let versions = db::policies::list_versions(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    Ok(versions
        .into_iter()
        .last()
        .map(|v| v.payload)
        .unwrap_or_default())
}

pub async fn versions(app: &App, tenant_id: &str, policy_id: Uuid) -> Result<Vec<VersionView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = load(&mut tx, tenant_id, policy_id).await?;
    let versions = db::policies::list_versions(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    Ok(versions.iter().map(|v| version_view(&policy, v)).collect())
}

/// A version's payload, risks and coverage rows, and its differences from the version
/// processed before it.
pub async fn version_details(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
    version_id: Uuid,
) -> Result<VersionDetails> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = load(&mut tx, tenant_id, policy_id).await?;
    let versions = db::policies::list_versions(&mut tx, tenant_id, policy_id).await?;
    let index = versions
        .iter()
        .position(|v| v.version_id == version_id)
        .ok_or_else(|| version_not_found(version_id))?;
    let risks = db::policies::list_risks(&mut tx, tenant_id, version_id).await?;
    let coverages = db::policies::list_coverages(&mut tx, tenant_id, version_id).await?;
    tx.commit().await?;
    let version = &versions[index];
    let mut diffs = Vec::new();
    if let Some(previous) = index.checked_sub(1).map(|i| &versions[i]) {
        diff("", &previous.payload, &version.payload, &mut diffs);
    }
    Ok(VersionDetails {
        version: version_view(&policy, version),
        payload: version.payload.clone(),
        risks: risks
            .into_iter()
            .map(|r| json!({"position": r.position, "kind": r.kind, "attributes": r.attributes}))
            .collect(),
        coverages: coverages
            .into_iter()
            .map(|c| {
                json!({"lineNo": c.line_no, "code": c.coverage_code, "selected": c.selected,
                       "limit": c.limit_value, "deductible": c.deductible, "percent": c.percent,
                       "premium": c.premium.map(|p| money_json(p, &policy.currency))})
            })
            .collect(),
        changes: diffs
            .iter()
            .filter_map(|d| d.get("path").and_then(Value::as_str).map(str::to_owned))
            .collect(),
        diffs,
    })
}

pub async fn rating_worksheet(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
    version_id: Uuid,
) -> Result<WorksheetView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    load(&mut tx, tenant_id, policy_id).await?;
    let documents = db::events::list_documents(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    let doc = documents
        .into_iter()
        .find(|d| d.version_id == Some(version_id) && d.document_type == "RATING_WORKSHEET")
        .ok_or_else(|| {
            Error::not_found(
                "DOCUMENT_NOT_FOUND",
                format!("No rating worksheet for version {version_id}"),
            )
        })?;
    Ok(WorksheetView {
        document_id: doc.document_id,
        kind: doc.document_type,
        uri: doc.uri,
        hash: doc.content_hash,
        created_at: rfc3339(doc.created_at),
        created_by: doc.created_by_name,
        metadata: doc.metadata,
    })
}

/// Every transaction with its rating, the ledger events and the documents.
pub async fn timeline(app: &App, tenant_id: &str, policy_id: Uuid) -> Result<TimelineView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = load(&mut tx, tenant_id, policy_id).await?;
    let transactions = db::policies::list_transactions(&mut tx, tenant_id, policy_id).await?;
    let versions = db::policies::list_versions(&mut tx, tenant_id, policy_id).await?;
    let events = db::events::list_events(&mut tx, tenant_id, policy_id).await?;
    let documents = db::events::list_documents(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    let document_json = |d: &db::events::DocumentRow| {
        json!({"documentId": d.document_id, "type": d.document_type, "hash": d.content_hash,
               "transactionId": d.transaction_id, "versionId": d.version_id,
               "createdAt": rfc3339(d.created_at), "createdBy": d.created_by_name})
    };
    Ok(TimelineView {
        policy_id: policy.policy_id,
        policy_number: policy.policy_number.clone(),
        product_code: policy.product_code.clone(),
        status: policy.status.clone(),
        term_effective_date: policy.term_effective_date.to_string(),
        term_expiration_date: policy.term_expiration_date.to_string(),
        currency_code: policy.currency.clone(),
        transactions: transactions
            .iter()
            .map(|t| {
                let version = versions.iter().find(|v| v.transaction_id == t.transaction_id);
                json!({
                    "transactionId": t.transaction_id, "type": t.transaction_type, "status": t.status,
                    "transactionNumber": t.transaction_number, "effectiveDate": t.effective_date.to_string(),
                    "term": t.term, "requestedChanges": t.requested_changes, "uw": t.uw, "metadata": t.metadata,
                    "createdAt": rfc3339(t.processed_at), "createdBy": t.created_by_name,
                    "rating": version.map(|v| json!({"versionId": v.version_id,
                        "total": money_json(v.premium_total, &v.currency),
                        "fees": money_json(v.premium_fees, &v.currency),
                        "taxes": money_json(v.premium_taxes, &v.currency), "currencyCode": v.currency,
                        "components": v.premium.get("byCoverage"), "calcTrace": v.premium.get("calcTrace")})),
                    "documents": documents.iter().filter(|d| d.transaction_id == Some(t.transaction_id)).map(document_json).collect::<Vec<_>>(),
                })
            })
            .collect(),
        ledger: events
            .iter()
            .map(|e| {
                json!({"eventId": e.event_id, "event": e.event, "fromState": e.from_state, "toState": e.to_state,
                       "payload": e.payload, "occurredAt": rfc3339(e.occurred_at), "actor": e.actor_name})
            })
            .collect(),
        documents: documents.iter().map(document_json).collect(),
    })
}

async fn load(tx: &mut Tx, tenant_id: &str, policy_id: Uuid) -> Result<PolicyRow> {
    db::policies::find_policy(tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))
}

fn version_not_found(id: Uuid) -> Error {
    Error::not_found("VERSION_NOT_FOUND", format!("Version {id} not found"))
}

fn version_view(policy: &PolicyRow, v: &VersionRow) -> VersionView {
    let mut premium = v.premium.clone();
    if let Some(object) = premium.as_object_mut() {
        // The stored premium may be the full-term rating; the version's amounts are what
        // this transaction charged.
        object.insert("total".into(), money_json(v.premium_total, &v.currency));
        object.insert("fees".into(), money_json(v.premium_fees, &v.currency));
        object.insert("taxes".into(), money_json(v.premium_taxes, &v.currency));
    }
    VersionView {
        version_id: v.version_id,
        transaction_id: v.transaction_id,
        effective_date: v.effective_date.to_string(),
        policy_effective_date: policy.term_effective_date.to_string(),
        expiration_date: policy.term_expiration_date.to_string(),
        created_date: rfc3339(v.created_at),
        processed_date: rfc3339(v.processed_at),
        updated_user: v.created_by_name.clone(),
        transaction_type: v.transaction_type.clone(),
        transaction_number: v.transaction_number.clone(),
        uw_decision: v.uw_decision.clone(),
        uw_override: v.uw_override,
        override_reason: v.override_reason.clone(),
        uw_submitted_by: v.uw_submitted_by.clone(),
        premium,
    }
}

/// Appends `{path, old, new}` for every difference; objects are compared key by key,
/// anything else (arrays included) as a whole.
pub fn diff(path: &str, old: &Value, new: &Value, out: &mut Vec<Value>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a
                .keys()
                .chain(b.keys().filter(|k| !a.contains_key(*k)))
                .collect();
            keys.dedup();
            for key in keys {
                let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                diff(
                    &child,
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        _ if old != new => out.push(
            json!({"path": if path.is_empty() { "/" } else { path }, "old": old, "new": new}),
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_walk_objects_and_compare_arrays_whole() {
        let old = json!({"a": 1, "b": {"c": "x", "d": [1, 2]}, "gone": true});
        let new = json!({"a": 1, "b": {"c": "y", "d": [1, 3]}, "added/key": 5});
        let mut out = Vec::new();
        diff("", &old, &new, &mut out);
        assert_eq!(
            out,
            vec![
                json!({"path": "/b/c", "old": "x", "new": "y"}),
                json!({"path": "/b/d", "old": [1, 2], "new": [1, 3]}),
                json!({"path": "/gone", "old": true, "new": null}),
                json!({"path": "/added~1key", "old": null, "new": 5}),
            ]
        );
    }
}
