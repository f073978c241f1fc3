//! Endorsements: a change set (or a whole payload, diffed into one) effective on a date in
//! the term. The change set is slotted into the timeline by its effective date, so an
//! endorsement dated before ones already processed flows into every later segment; the
//! charge is the retro delta over the rest of the term.

use lattice_shared::api::lifecycle::{
    EndorsePreview, EndorseRequest, FullTerm, ImpactedSegment, Rebase, RebasedTransaction,
    RetroAdjustment, TransactionPremium, TransactionResult,
};
use lattice_shared::api::rating::{Premium, Underwriting};
use lattice_shared::policy::patch::{Change, apply, diff, validate};
use lattice_shared::policy::proration::pro_rata_factor;
use lattice_shared::policy::status::Action;
use lattice_shared::policy::timeline::{Kind, Retro};
use lattice_shared::underwriting::underwrite;
use serde_json::{Value, json};
use time::Date;
use uuid::Uuid;

use super::write::{
    Cleared, Outcome, Record, clear_underwriting, finish, rated_version, record, result, retime,
};
use super::{
    Context, Timeline, coverage_deltas, money, number_for, parse_date, pending,
    transaction_premium, within_term,
};
use crate::auth::AuthUser;
use crate::db;
use crate::db::idempotency::HeldKey;
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

/// Everything an endorsement would do, worked out without writing.
struct Plan {
    effective: Date,
    changes: Vec<Change>,
    payload: Value,
    underwriting: Underwriting,
    new: Timeline,
    retro: Retro,
    old_premium: Premium,
    new_premium: Premium,
    by_coverage: Vec<Value>,
    rebased: Vec<RebasedTransaction>,
}

/// The endorsement's numbers; nothing is saved.
pub async fn preview(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: &EndorseRequest,
) -> Result<EndorsePreview> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, false).await?;
    tx.commit().await?;
    ctx.check(Action::Endorse)?;
    let plan = plan(app, &ctx, request)?;
    let currency = ctx.policy.currency.clone();
    Ok(EndorsePreview {
        effective_date: plan.effective.to_string(),
        premium: charged(&plan, &currency),
        full_term: full_term(&plan),
        retro_adjustment: retro_adjustment(&plan.retro, &currency),
        timeline: Rebase {
            would_rebase: !plan.rebased.is_empty(),
            rebased_transactions: plan.rebased,
        },
        underwriting: plan.underwriting,
        changes: plan.changes,
    })
}

/// Endorses the policy: state check, underwriting and the referral gate, then the
/// transaction, version, worksheet, risks, coverages, timeline, events and packet.
pub async fn endorse(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: EndorseRequest,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    // The reference checked the state on preview only; a cancelled policy is not endorsed.
    ctx.check(Action::Endorse)?;
    let mut plan = plan(app, &ctx, &request)?;
    let cleared = clear_underwriting(
        &mut tx,
        &ctx,
        user,
        &plan.underwriting,
        "Endorse",
        plan.effective,
        request.override_reason.as_deref(),
    )
    .await?;
    let referral = match cleared {
        Cleared::Proceed(referral) => referral,
        Cleared::Referred(error) => {
            tx.commit().await?;
            return Err(error);
        }
    };
    let number = number_for("EN", request.transaction_number.as_deref())?;
    let currency = ctx.policy.currency.clone();
    let retro = retro_adjustment(&plan.retro, &currency);
    let meta = json!({
        "changes": plan.changes,
        "uwDecision": plan.underwriting.decision,
        "uwReasons": plan.underwriting.reasons,
        "uwOverride": referral.is_some(),
        "uwReferralId": referral.as_ref().map(|r| r.0),
        "reason": request.reason,
        "notes": request.notes,
        "submittedBy": user.username,
        "transactionNumber": number,
        "coveragePremiumDelta": plan.by_coverage,
        "proRataFactor": lattice_shared::expr::decimal_json(pro_rata_factor(plan.effective, ctx.policy.term_effective_date, ctx.policy.term_expiration_date).round_dp(6)),
        "baseTimelineVersion": ctx.policy.timeline_version,
        "timelineVersion": ctx.policy.timeline_version + 1,
        "outOfSequence": !plan.rebased.is_empty(),
        "rebasedTransactions": plan.rebased,
        "retroAdjustment": retro,
        "fullTerm": full_term(&plan),
    });
    let premium = charged(&plan, &currency);
    let mut version_premium = json!(premium);
    version_premium["calcTrace"] = json!(plan.new_premium.calc_trace);
    let r = Record {
        transaction_type: "ENDORSE",
        number: &number,
        effective: plan.effective,
        term: json!({"effectiveDate": plan.effective.to_string(),
                     "expirationDate": ctx.policy.term_expiration_date.to_string()}),
        requested_changes: json!(plan.changes.iter().map(|c| &c.path).collect::<Vec<_>>()),
        payload: &plan.payload,
        changes: json!(plan.changes),
        amount: (plan.retro.total, plan.retro.fees, plan.retro.taxes),
        premium: version_premium,
        underwriting: Some(&plan.underwriting),
        referral,
        metadata: meta.clone(),
        cancellation: None,
        retimes: true,
    };
    let written = record(&mut tx, &ctx, user, &r).await?;
    rated_version(
        &mut tx,
        &ctx,
        user,
        &written,
        &number,
        &plan.payload,
        &plan.new_premium,
    )
    .await?;
    plan.new.settle(written.version_id);
    retime(&mut tx, &mut ctx, &plan.new).await?;
    let status = ctx.policy.status.clone();
    finish(
        &mut tx,
        &mut ctx,
        user,
        &r,
        &written,
        Outcome {
            event: "ENDORSE_ISSUED",
            from_state: status.clone(),
            to_state: status,
            label: "Endorse",
            premium_impact: plan.retro.total,
            packet_payload: &plan.payload,
            packet_premium: &plan.new_premium,
            notice: None,
        },
    )
    .await?;
    let done = result(&ctx, &r, &written, "Endorse", premium, meta);
    crate::services::store_answer(&mut tx, held, &done).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %policy_id, transaction.number = %number, "policy endorsed");
    Ok(done)
}

fn plan(app: &App, ctx: &Context, request: &EndorseRequest) -> Result<Plan> {
    let effective = parse_date("effectiveDate", request.effective_date.as_deref())?
        .unwrap_or(ctx.policy.term_effective_date);
    within_term(ctx, effective)?;
    let entries = ctx.entries();
    let old = Timeline::build(&ctx.product, &entries, ctx.term())?;
    let (segment, old_premium) = old.at(effective);
    let previous = segment.payload.clone();
    let changes = change_set(&previous, request)?;
    let mut payload = previous.clone();
    apply(&mut payload, &changes);
    if payload == previous {
        return Err(Error::api(
            422,
            "NO_CHANGES",
            "The endorsement changes nothing in the policy",
        ));
    }
    if payload.get("productCode") != Some(&json!(ctx.policy.product_code)) {
        return Err(FieldErrors::single(
            "changes",
            "an endorsement cannot change the product; rewrite the policy instead",
        ));
    }
    app.contract.check(&payload)?;
    let mut with_endorsement = entries;
    with_endorsement.push(pending(Kind::Endorse, effective, None, changes.clone()));
    let new = Timeline::build(&ctx.product, &with_endorsement, ctx.term())?;
    let new_premium = new.at(effective).1.clone();
    let retro = old.retro_to(&new, effective);
    let factor = pro_rata_factor(
        effective,
        ctx.policy.term_effective_date,
        ctx.policy.term_expiration_date,
    );
    Ok(Plan {
        effective,
        underwriting: underwrite(&ctx.product, &payload),
        by_coverage: coverage_deltas(old_premium, &new_premium, factor),
        old_premium: old_premium.clone(),
        rebased: ctx.rebased_after(effective),
        changes,
        payload,
        new,
        retro,
        new_premium,
    })
}

/// The request's change set, checked, or the difference between the payload in force and
/// the requested payload.
fn change_set(previous: &Value, request: &EndorseRequest) -> Result<Vec<Change>> {
    let changes = match (&request.changes, &request.payload) {
        (Some(_), Some(_)) => {
            return Err(FieldErrors::single(
                "changes",
                "send either changes or payload, not both",
            ));
        }
        (None, None) => {
            return Err(FieldErrors::single(
                "changes",
                "is required (or send the whole payload)",
            ));
        }
        (Some(changes), None) => {
            validate(changes).map_err(|e| {
                Error::api(
                    422,
                    "INVALID_CHANGES",
                    format!("Change {} is invalid: {}", e.index, e.message),
                )
                .with_details(json!({"index": e.index, "message": e.message}))
            })?;
            changes.clone()
        }
        (None, Some(payload)) if payload.is_object() => diff(previous, payload),
        (None, Some(_)) => {
            return Err(FieldErrors::single("payload", "must be a JSON object"));
        }
    };
    Ok(changes)
}

fn charged(plan: &Plan, currency: &str) -> TransactionPremium {
    transaction_premium(
        plan.by_coverage.clone(),
        (plan.retro.total, plan.retro.fees, plan.retro.taxes),
        currency,
    )
}

fn full_term(plan: &Plan) -> FullTerm {
    let currency = &plan.new_premium.total.currency;
    let (old, new) = (plan.old_premium.total.amount, plan.new_premium.total.amount);
    FullTerm {
        old: money(old, currency),
        new: money(new, currency),
        delta: money(new - old, currency),
    }
}

fn retro_adjustment(retro: &Retro, currency: &str) -> RetroAdjustment {
    RetroAdjustment {
        total_delta: money(retro.total, currency),
        fees_delta: money(retro.fees, currency),
        taxes_delta: money(retro.taxes, currency),
        impacted_segments: retro
            .impacted
            .iter()
            .map(|i| ImpactedSegment {
                from: i.from.to_string(),
                to: i.to.to_string(),
                total_delta: money(i.total, currency),
                fees_delta: money(i.fees, currency),
                taxes_delta: money(i.taxes, currency),
            })
            .collect(),
    }
}
