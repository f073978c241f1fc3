//! Writing a lifecycle transaction: the transaction and version rows, the new timeline
//! version with the policy projection, ledger and commission events, and the packet.

use lattice_shared::api::lifecycle::{TransactionPremium, TransactionResult};
use lattice_shared::api::rating::{Decision, Premium, Underwriting};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{Context, Timeline};
use crate::auth::AuthUser;
use crate::db::policies::{NewTransaction, NewVersion, PolicyRow};
use crate::db::timeline::SegmentRow;
use crate::db::{self, Tx};
use crate::documents::packet::Notice;
use crate::error::Result;
use crate::services::bind::{write_risks_and_coverages, write_worksheet};
use crate::services::events::{Handoff, commission_handoff};
use crate::services::referrals::{Gate, Referred, gate};
use crate::services::{documents, rfc3339};

/// The rows of one transaction.
pub struct Record<'a> {
    /// ENDORSE, CANCEL, REINSTATE, RENEW, REWRITE, NON_RENEWAL.
    pub transaction_type: &'static str,
    pub number: &'a str,
    pub effective: Date,
    pub term: Value,
    pub requested_changes: Value,
    /// The payload in force from `effective`.
    pub payload: &'a Value,
    pub changes: Value,
    /// Total, fees and taxes this transaction charges (negative: returns).
    pub amount: (Decimal, Decimal, Decimal),
    /// The version's premium document (`byCoverage`, `calcTrace`...).
    pub premium: Value,
    pub underwriting: Option<&'a Underwriting>,
    /// The approved referral the transaction proceeds under, and its reason.
    pub referral: Option<(Uuid, Option<String>)>,
    pub metadata: Value,
    /// Reason code, cancellation type and return premium of a cancellation.
    pub cancellation: Option<(&'a str, &'a str, Decimal)>,
    /// Whether the transaction writes a new timeline version.
    pub retimes: bool,
}

/// What was written.
pub struct Written {
    pub transaction_id: Uuid,
    pub version_id: Uuid,
    pub processed_at: OffsetDateTime,
}

/// Where underwriting leaves a servicing transaction.
pub enum Cleared {
    /// Proceed, under this approved referral (and its reason) when one was needed.
    Proceed(Option<(Uuid, Option<String>)>),
    /// Stop with this error once the new referral is committed: it is the underwriter's
    /// work item.
    Referred(crate::error::Error),
}

/// Underwriting on the new payload: Decline stops with 400 `UW_DECLINED`; Refer goes
/// through the referral gate for `(policy, label)`.
pub async fn clear_underwriting(
    tx: &mut Tx,
    ctx: &Context,
    user: &AuthUser,
    uw: &Underwriting,
    label: &str,
    effective: Date,
    override_reason: Option<&str>,
) -> Result<Cleared> {
    match uw.decision {
        Decision::Eligible => Ok(Cleared::Proceed(None)),
        Decision::Decline => Err(declined(uw)),
        Decision::Refer => {
            let referred = Referred {
                quote_id: None,
                policy_id: Some(ctx.policy.policy_id),
                transaction_type: label,
                product_code: &ctx.policy.product_code,
                insured_name: &ctx.policy.insured_name,
                effective_date: Some(effective),
                reasons: &uw.reasons,
            };
            Ok(match gate(tx, user, &referred, override_reason).await? {
                Gate::Approved {
                    referral_id,
                    reason,
                } => Cleared::Proceed(Some((referral_id, reason))),
                Gate::Blocked { referral_id } => {
                    Cleared::Referred(referral_required(uw, referral_id))
                }
            })
        }
    }
}

/// 400 `UW_DECLINED` with the reasons.
pub fn declined(uw: &Underwriting) -> crate::error::Error {
    crate::error::Error::bad_request(
        "UW_DECLINED",
        format!(
            "Underwriting decision: Decline. Reasons: {}",
            uw.reasons.join("; ")
        ),
    )
    .with_details(json!({"reasons": uw.reasons}))
}

/// 400 `UW_REFERRAL_REQUIRED` naming the referral to decide.
pub fn referral_required(uw: &Underwriting, referral_id: Uuid) -> crate::error::Error {
    crate::error::Error::bad_request(
        "UW_REFERRAL_REQUIRED",
        format!(
            "Underwriting decision: Refer. Reasons: {}. Referral {referral_id} requires underwriter approval first.",
            uw.reasons.join("; ")
        ),
    )
    .with_details(json!({"referralId": referral_id, "reasons": uw.reasons}))
}

/// The rating worksheet, risk units and coverage rows of a rated version.
pub async fn rated_version(
    tx: &mut Tx,
    ctx: &Context,
    user: &AuthUser,
    written: &Written,
    number: &str,
    payload: &Value,
    premium: &Premium,
) -> Result<()> {
    write_worksheet(
        tx,
        &ctx.policy,
        written.transaction_id,
        written.version_id,
        number,
        payload,
        &json!(premium),
        user.user_id,
    )
    .await?;
    write_risks_and_coverages(
        tx,
        &ctx.policy,
        written.version_id,
        &ctx.product.risk_type,
        payload,
        premium,
    )
    .await
}

/// Inserts the transaction and its version, and links the referral it used.
pub async fn record(
    tx: &mut Tx,
    ctx: &Context,
    user: &AuthUser,
    r: &Record<'_>,
) -> Result<Written> {
    let policy = &ctx.policy;
    let (transaction_id, processed_at) = db::policies::insert_transaction(
        tx,
        &NewTransaction {
            tenant_id: &policy.tenant_id,
            policy_id: policy.policy_id,
            transaction_type: r.transaction_type,
            status: "Issued",
            transaction_number: r.number,
            effective_date: r.effective,
            term: r.term.clone(),
            requested_changes: r.requested_changes.clone(),
            snapshot: r.payload,
            uw: r.underwriting.map(|u| json!(u)),
            metadata: r.metadata.clone(),
            created_by: user.user_id,
        },
    )
    .await?;
    let decision = r.underwriting.map(|u| format!("{:?}", u.decision));
    let (total, fees, taxes) = r.amount;
    let version_id = db::policies::insert_version(
        tx,
        &NewVersion {
            tenant_id: &policy.tenant_id,
            policy_id: policy.policy_id,
            transaction_id,
            transaction_type: r.transaction_type,
            transaction_number: r.number,
            effective_date: r.effective,
            processed_at,
            premium_total: total,
            premium_fees: fees,
            premium_taxes: taxes,
            currency: &policy.currency,
            premium: &r.premium,
            uw_decision: decision.as_deref(),
            uw_override: r.referral.is_some(),
            override_reason: r
                .referral
                .as_ref()
                .and_then(|(_, reason)| reason.as_deref()),
            uw_submitted_by: r.underwriting.map(|_| user.username.as_str()),
            payload: r.payload,
            changes: &r.changes,
            timeline_version: r.retimes.then_some(policy.timeline_version + 1),
            cancellation_reason_code: r.cancellation.map(|c| c.0),
            cancellation_type: r.cancellation.map(|c| c.1),
            return_premium_amount: r.cancellation.map(|c| c.2),
            created_by: user.user_id,
        },
    )
    .await?;
    if let Some((referral_id, _)) = &r.referral {
        db::referrals::link_referral(
            tx,
            &policy.tenant_id,
            *referral_id,
            policy.policy_id,
            transaction_id,
            version_id,
        )
        .await?;
    }
    Ok(Written {
        transaction_id,
        version_id,
        processed_at,
    })
}

/// Stores `timeline` as the policy's next timeline version and makes the segment in force
/// today the policy's premium.
pub async fn retime(tx: &mut Tx, ctx: &mut Context, timeline: &Timeline) -> Result<()> {
    let policy = &mut ctx.policy;
    policy.timeline_version += 1;
    store_timeline(tx, policy, timeline).await?;
    let (_, premium) = timeline.current();
    policy.premium_total = premium.total.amount;
    policy.premium_fees = premium.fees.amount;
    policy.premium_taxes = premium.taxes.amount;
    policy.premium = json!(premium);
    Ok(())
}

/// Stores the segments of `timeline` as the policy's timeline version.
pub async fn store_timeline(tx: &mut Tx, policy: &PolicyRow, timeline: &Timeline) -> Result<()> {
    let rows: Vec<SegmentRow> = timeline
        .segments
        .iter()
        .zip(&timeline.premiums)
        .map(|(s, p)| SegmentRow {
            segment_start: s.start,
            segment_end: s.end,
            source_version_id: s.source,
            in_force: s.in_force,
            payload: s.payload.clone(),
            premium_total: p.total.amount,
            premium_fees: p.fees.amount,
            premium_taxes: p.taxes.amount,
            currency: p.total.currency.clone(),
            premium: json!(p),
        })
        .collect();
    db::timeline::insert_segments(
        tx,
        &policy.tenant_id,
        policy.policy_id,
        policy.timeline_version,
        &rows,
    )
    .await?;
    Ok(())
}

/// The closing writes of a transaction.
pub struct Outcome<'a> {
    /// The ledger event (ENDORSE_ISSUED, CANCELLED...).
    pub event: &'static str,
    pub from_state: String,
    pub to_state: String,
    /// The transaction type in the commission hand-off and the response (Endorse...).
    pub label: &'static str,
    pub premium_impact: Decimal,
    /// What the packet shows: the payload and full-term premium in force from the
    /// effective date, and a notice page if the transaction needs one.
    pub packet_payload: &'a Value,
    pub packet_premium: &'a Premium,
    pub notice: Option<Notice>,
}

/// Saves the policy row, writes the ledger and commission events and the document
/// packet. The caller commits.
pub async fn finish(
    tx: &mut Tx,
    ctx: &mut Context,
    user: &AuthUser,
    r: &Record<'_>,
    written: &Written,
    outcome: Outcome<'_>,
) -> Result<()> {
    let now = rfc3339(OffsetDateTime::now_utc());
    let policy = &mut ctx.policy;
    policy.updated_by = user.username.clone();
    if let Some(lifecycle) = policy.lifecycle.as_object_mut() {
        lifecycle.insert("updatedAt".into(), json!(now));
        lifecycle.insert("updatedBy".into(), json!(user.username));
    }
    if let Some(metadata) = policy.metadata.as_object_mut() {
        metadata.insert("lastTransactionId".into(), json!(written.transaction_id));
        metadata.insert("lastTimelineVersion".into(), json!(policy.timeline_version));
    }
    db::policies::update_policy(tx, policy).await?;
    db::events::insert_event(
        tx,
        db::events::NewEvent {
            tenant_id: &policy.tenant_id,
            entity_type: "Policy",
            entity_id: policy.policy_id,
            event: outcome.event,
            from_state: Some(&outcome.from_state),
            to_state: Some(&outcome.to_state),
            payload: json!({"transactionId": written.transaction_id, "versionId": written.version_id,
                "transactionNumber": r.number, "effectiveDate": r.effective.to_string(),
                "premiumImpact": super::super::money_json(outcome.premium_impact, &policy.currency)}),
            actor: user.user_id,
        },
    )
    .await?;
    commission_handoff(
        tx,
        policy,
        &Handoff {
            source_event: outcome.event,
            transaction_type: outcome.label,
            transaction_id: Some(written.transaction_id),
            transaction_number: r.number,
            effective_date: r.effective.to_string(),
            premium_impact: outcome.premium_impact,
            payload: outcome.packet_payload,
        },
        user.user_id,
    )
    .await?;
    documents::store_packet(
        tx,
        policy,
        &ctx.product,
        documents::PacketFor {
            transaction_id: written.transaction_id,
            version_id: written.version_id,
            transaction_type: r.transaction_type,
            label: outcome.label,
            number: r.number,
            effective: r.effective,
            payload: outcome.packet_payload,
            premium: outcome.packet_premium,
            amount: Some(outcome.premium_impact),
            notice: outcome.notice,
        },
        user.user_id,
    )
    .await?;
    Ok(())
}

/// The response of a lifecycle transaction.
pub fn result(
    ctx: &Context,
    r: &Record<'_>,
    written: &Written,
    label: &str,
    premium: TransactionPremium,
    meta: Value,
) -> TransactionResult {
    TransactionResult {
        policy_id: ctx.policy.policy_id,
        transaction_id: written.transaction_id,
        version_id: written.version_id,
        effective_date: r.effective.to_string(),
        processed_date: rfc3339(written.processed_at),
        transaction_type: label.to_owned(),
        transaction_number: r.number.to_owned(),
        status: ctx.policy.status.clone(),
        premium,
        meta,
    }
}
