//! The customer portal: a customer user sees the policies linked to their customer that
//! are issued, cancelled or expired (never one only bound), with declarations at the
//! current full-term premium, the ID card for personal auto, and the customer-safe
//! documents. Another customer's policy is "not found", never "forbidden", so policy ids
//! cannot be probed.

use lattice_shared::api::lifecycle::DocumentItem;
use lattice_shared::api::policies::Term;
use lattice_shared::api::portal::{
    Declarations, IdCard, PortalCoverage, PortalCustomer, PortalDocument, PortalDocuments,
    PortalPolicy, PortalPolicyDetail, PortalQuery, PortalSummary, PortalTransaction, Vehicle,
};
use lattice_shared::api::rating::{Money, Premium};
use lattice_shared::policy::status::derive_workflow_status;
use lattice_shared::policy::term::day_before;
use lattice_shared::policy::timeline::at;
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

use super::bind::policy_not_found;
use super::rfc3339;
use crate::auth::AuthUser;
use crate::db::links::PortalCustomer as CustomerRow;
use crate::db::policies::PolicyRow;
use crate::db::{self, Tx};
use crate::error::{Error, Result};
use crate::state::App;

/// Persisted statuses a customer sees.
const VISIBLE: &[&str] = &["Issued", "Cancelled", "Expired"];

fn visible() -> Vec<String> {
    VISIBLE.iter().map(|s| (*s).to_owned()).collect()
}

/// The customer the caller acts for: their own; an administrator may name one.
async fn customer_of(tx: &mut Tx, user: &AuthUser, query: &PortalQuery) -> Result<CustomerRow> {
    let named = query
        .customer_id
        .as_deref()
        .or(query.customer_key.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(reference) = named.filter(|_| user.is_admin()) {
        let id = db::customers::resolve(tx, &user.tenant_id, reference)
            .await?
            .ok_or_else(|| super::customers::not_found(reference))?;
        return db::links::find_portal_customer(tx, &user.tenant_id, id)
            .await?
            .ok_or_else(|| super::customers::not_found(reference));
    }
    db::links::customer_of_user(tx, &user.tenant_id, user.user_id)
        .await?
        .ok_or_else(|| {
            Error::api(
                403,
                "CUSTOMER_LINK_REQUIRED",
                "This account is not linked to a customer",
            )
        })
}

pub async fn summary(app: &App, user: &AuthUser, query: &PortalQuery) -> Result<PortalSummary> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let customer = customer_of(&mut tx, user, query).await?;
    let rows = db::links::policies_of(
        &mut tx,
        &user.tenant_id,
        customer.customer_id,
        Some(&visible()),
    )
    .await?;
    tx.commit().await?;
    let today = OffsetDateTime::now_utc().date();
    Ok(PortalSummary {
        customer: portal_customer(&customer),
        policies: rows
            .into_iter()
            .map(|p| PortalPolicy {
                status: derive_workflow_status(
                    &p.status,
                    p.term_effective_date,
                    p.term_expiration_date,
                    today,
                ),
                term: Term {
                    effective_date: p.term_effective_date.to_string(),
                    expiration_date: p.term_expiration_date.to_string(),
                },
                premium: Money {
                    amount: p.premium_total,
                    currency: p.currency,
                },
                policy_id: p.policy_id,
                policy_number: p.policy_number,
                product_code: p.product_code,
                created_at: rfc3339(p.created_at),
                updated_at: rfc3339(p.updated_at),
            })
            .collect(),
    })
}

/// The policy if the customer may see it; 404 `POLICY_NOT_FOUND` otherwise.
async fn visible_policy(
    tx: &mut Tx,
    tenant_id: &str,
    customer_id: Uuid,
    policy_id: Uuid,
) -> Result<PolicyRow> {
    let policy = db::policies::find_policy(tx, tenant_id, policy_id)
        .await?
        .filter(|p| VISIBLE.contains(&p.status.as_str()));
    match policy {
        Some(p) if db::links::is_linked(tx, tenant_id, policy_id, customer_id).await? => Ok(p),
        _ => Err(policy_not_found(policy_id)),
    }
}

/// Declarations and ID card of one of the customer's policies.
pub async fn policy(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    query: &PortalQuery,
) -> Result<PortalPolicyDetail> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let customer = customer_of(&mut tx, user, query).await?;
    let policy = visible_policy(&mut tx, &user.tenant_id, customer.customer_id, policy_id).await?;
    let segments =
        db::timeline::list_segments(&mut tx, &user.tenant_id, policy_id, policy.timeline_version)
            .await?;
    let versions = db::policies::list_versions(&mut tx, &user.tenant_id, policy_id).await?;
    tx.commit().await?;
    let today = OffsetDateTime::now_utc().date();
    let last_day = day_before(policy.term_expiration_date).max(policy.term_effective_date);
    let on = today.clamp(policy.term_effective_date, last_day);
    let (payload, premium) = match at(&segments, on, |s| s.segment_start) {
        Some(s) => (s.payload.clone(), s.premium.clone()),
        None => (
            versions
                .last()
                .map(|v| v.payload.clone())
                .unwrap_or_default(),
            policy.premium.clone(),
        ),
    };
    let premium: Premium = serde_json::from_value(premium).map_err(anyhow::Error::from)?;
    let product = app.catalog.product(&user.tenant_id, &policy.product_code);
    let label = |code: &str| {
        product
            .as_ref()
            .and_then(|p| {
                p.coverages
                    .iter()
                    .find(|c| c.code.eq_ignore_ascii_case(code))
            })
            .map_or_else(|| title_case(code), |c| c.name.clone())
    };
    let term = Term {
        effective_date: policy.term_effective_date.to_string(),
        expiration_date: policy.term_expiration_date.to_string(),
    };
    let status = derive_workflow_status(
        &policy.status,
        policy.term_effective_date,
        policy.term_expiration_date,
        today,
    );
    let summary = PortalPolicy {
        policy_id,
        policy_number: policy.policy_number.clone(),
        product_code: policy.product_code.clone(),
        status: status.clone(),
        term: term.clone(),
        premium: premium.total.clone(),
        created_at: rfc3339(policy.created_at),
        updated_at: rfc3339(policy.updated_at),
    };
    let declarations = Declarations {
        policy_number: policy.policy_number.clone(),
        product_code: policy.product_code.clone(),
        product_name: product
            .as_ref()
            .map_or_else(|| policy.product_code.clone(), |p| p.name.clone()),
        status,
        named_insured: policy.insured_name.clone(),
        customer_key: customer.customer_key.clone(),
        term: term.clone(),
        premium: premium.total.clone(),
        fees: premium.fees.clone(),
        taxes: premium.taxes.clone(),
        transaction: versions.last().map(|v| PortalTransaction {
            version_id: v.version_id,
            transaction_number: v.transaction_number.clone(),
            transaction_type: v.transaction_type.clone(),
            transaction_effective_date: v.effective_date.to_string(),
            processed_at: rfc3339(v.processed_at),
        }),
        coverages: premium
            .by_coverage
            .iter()
            .filter(|c| c.selected)
            .map(|c| PortalCoverage {
                label: label(&c.code),
                code: c.code.clone(),
                selected: c.selected,
                limit: c.limit.clone(),
                deductible: c.deductible.clone(),
                percent: c.percent.clone(),
                premium: c.amount.clone(),
            })
            .collect(),
    };
    let id_card = IdCard {
        available: policy.product_code == "personal-auto",
        policy_number: policy.policy_number.clone(),
        named_insured: policy.insured_name.clone(),
        term,
        vehicles: if policy.product_code == "personal-auto" {
            vehicles(&payload)
        } else {
            Vec::new()
        },
        state: policy.state.clone(),
    };
    Ok(PortalPolicyDetail {
        policy: summary,
        declarations,
        id_card,
    })
}

/// The customer-safe documents of one of the customer's policies.
pub async fn documents(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    query: &PortalQuery,
) -> Result<PortalDocuments> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let customer = customer_of(&mut tx, user, query).await?;
    visible_policy(&mut tx, &user.tenant_id, customer.customer_id, policy_id).await?;
    tx.commit().await?;
    let all = super::documents::list(app, &user.tenant_id, policy_id).await?;
    Ok(PortalDocuments {
        documents: all
            .documents
            .into_iter()
            .filter(|d| d.customer_safe && d.byte_size.is_some())
            .map(portal_document)
            .collect(),
    })
}

/// A customer-safe document's file; 403 for an internal one.
pub async fn document_content(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    document_id: Uuid,
) -> Result<(String, String, Vec<u8>)> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let customer = customer_of(&mut tx, user, &PortalQuery::default()).await?;
    visible_policy(&mut tx, &user.tenant_id, customer.customer_id, policy_id).await?;
    let doc = db::events::find_document_content(&mut tx, &user.tenant_id, policy_id, document_id)
        .await?
        .ok_or_else(|| {
            Error::not_found(
                "DOCUMENT_NOT_FOUND",
                format!("Document {document_id} not found"),
            )
        })?;
    tx.commit().await?;
    if !doc.customer_safe {
        return Err(Error::forbidden("Document is not customer-safe"));
    }
    super::documents::content(app, &user.tenant_id, policy_id, document_id).await
}

fn portal_document(d: DocumentItem) -> PortalDocument {
    PortalDocument {
        document_id: d.document_id,
        display_name: d.display_name,
        kind: d.kind,
        generated_at: d.generated_at,
        transaction_type: d.transaction_type,
        transaction_number: d.transaction_number,
        content_id: d.content_hash,
        byte_size: d.byte_size,
    }
}

fn portal_customer(c: &CustomerRow) -> PortalCustomer {
    PortalCustomer {
        customer_id: c.customer_id,
        customer_key: c.customer_key.clone(),
        customer_name: c.display_name.clone(),
        entity_type: c.entity_type.clone(),
    }
}

fn vehicles(payload: &Value) -> Vec<Vehicle> {
    let text = |v: &Value, key: &str| match v.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    payload
        .get("risks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| Vehicle {
            index: i + 1,
            year: text(v, "year"),
            make: text(v, "make"),
            model: text(v, "model"),
            vin: text(v, "vin"),
        })
        .collect()
}

fn title_case(code: &str) -> String {
    code.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}
