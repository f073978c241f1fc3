//! Renewal and rewrite: a new term on the same policy, re-rated with the current product.
//! A renewal starts when the current term ends (or later); a rewrite restarts a cancelled
//! policy from a date on or after its cancellation.

use lattice_shared::api::lifecycle::{RenewPreview, RenewRequest, TransactionResult};
use lattice_shared::api::rating::{Premium, Underwriting};
use lattice_shared::policy::status::Action;
use lattice_shared::policy::term::{add_months, day_before};
use lattice_shared::policy::timeline::Kind;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::{Value, json};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::write::{
    Cleared, Outcome, Record, clear_underwriting, finish, rated_version, record, result, retime,
};
use super::{
    Context, Timeline, number_for, parse_date, pending, remove_field, set_field,
    transaction_premium,
};
use crate::auth::AuthUser;
use crate::db;
use crate::db::idempotency::HeldKey;
use crate::error::{Error, FieldErrors, Result};
use crate::services::rfc3339;
use crate::state::App;

/// A new term, rated.
struct TermPlan {
    effective: Date,
    expiration: Date,
    months: i32,
    payload: Value,
    premium: Premium,
    underwriting: Underwriting,
}

/// The next term's dates, premium and underwriting; nothing is saved.
pub async fn preview(app: &App, user: &AuthUser, policy_id: Uuid) -> Result<RenewPreview> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, false).await?;
    tx.commit().await?;
    let plan = renewal_plan(app, &ctx, &RenewRequest::default())?;
    Ok(RenewPreview {
        underwriting: plan.underwriting,
        premium: plan.premium,
        next_effective_date: plan.effective.to_string(),
        next_expiration_date: plan.expiration.to_string(),
    })
}

/// Renews the policy into its next term.
pub async fn renew(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: RenewRequest,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    ctx.check(Action::Renew)?;
    if let Some(date) = ctx.policy.non_renewed_at {
        return Err(Error::bad_request(
            "INVALID_STATE",
            format!("Policy was non-renewed (it ends on {date}) and cannot be renewed"),
        ));
    }
    let plan = renewal_plan(app, &ctx, &request)?;
    write_term(tx, ctx, user, &request, plan, "RENEW", held).await
}

/// Rewrites a cancelled policy into a new term.
pub async fn rewrite(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: RenewRequest,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    ctx.check(Action::Rewrite)?;
    let given_payload_date = request
        .payload
        .as_ref()
        .and_then(|p| p.get("effectiveDate"))
        .and_then(Value::as_str);
    let effective = match parse_date("effectiveDate", request.effective_date.as_deref())? {
        Some(date) => date,
        None => parse_date("payload.effectiveDate", given_payload_date)?
            .unwrap_or_else(|| OffsetDateTime::now_utc().date()),
    };
    let cancelled = ctx.last_cancellation().map(|v| v.effective_date);
    if let Some(cancelled) = cancelled
        && effective < cancelled
    {
        return Err(Error::api(
            422,
            "EFFECTIVE_DATE_BEFORE_CANCELLATION",
            format!("A rewrite takes effect on or after the cancellation date {cancelled}"),
        ));
    }
    let months = match request.payload.as_ref().and_then(|p| p.get("termMonths")) {
        None | Some(Value::Null) => ctx.policy.term_months,
        Some(v) => match v.as_i64() {
            Some(m @ (6 | 12)) => i32::try_from(m).unwrap_or(12),
            _ => return Err(FieldErrors::single("payload.termMonths", "must be 6 or 12")),
        },
    };
    let base = match &request.payload {
        Some(payload) => payload.clone(),
        None => {
            let timeline = ctx.timeline()?;
            let date = cancelled.unwrap_or_else(|| day_before(ctx.policy.term_expiration_date));
            timeline.at(date).0.payload.clone()
        }
    };
    let plan = term_plan(app, &ctx, base, effective, months)?;
    write_term(tx, ctx, user, &request, plan, "REWRITE", held).await
}

fn renewal_plan(app: &App, ctx: &Context, request: &RenewRequest) -> Result<TermPlan> {
    let expiration = ctx.policy.term_expiration_date;
    let effective =
        parse_date("effectiveDate", request.effective_date.as_deref())?.unwrap_or(expiration);
    if effective < expiration {
        return Err(Error::api(
            422,
            "INVALID_RENEWAL_DATE",
            format!("A renewal starts on or after the current term's expiration {expiration}"),
        ));
    }
    let base = match &request.payload {
        Some(payload) => payload.clone(),
        None => ctx.timeline()?.at(day_before(expiration)).0.payload.clone(),
    };
    term_plan(app, ctx, base, effective, ctx.policy.term_months)
}

fn term_plan(
    app: &App,
    ctx: &Context,
    mut payload: Value,
    effective: Date,
    months: i32,
) -> Result<TermPlan> {
    let Some(object) = payload.as_object_mut() else {
        return Err(FieldErrors::single("payload", "must be a JSON object"));
    };
    let date = json!(effective.to_string());
    object.insert("effectiveDate".into(), date.clone());
    object.insert("transactionEffectiveDate".into(), date);
    object.insert("termMonths".into(), json!(months));
    object.insert("productCode".into(), json!(ctx.policy.product_code));
    app.contract.check(&payload)?;
    let premium = rate(&ctx.product, &payload).map_err(|e| {
        Error::api(
            422,
            "RATING_FAILED",
            format!("The policy cannot be rated: {e}"),
        )
    })?;
    Ok(TermPlan {
        effective,
        expiration: add_months(effective, months),
        months,
        underwriting: underwrite(&ctx.product, &payload),
        payload,
        premium,
    })
}

/// Writes a renewal or rewrite: underwriting gate, transaction, version, worksheet,
/// risks, coverages, the new term's timeline, the policy, events and packet.
async fn write_term(
    mut tx: crate::db::Tx,
    mut ctx: Context,
    user: &AuthUser,
    request: &RenewRequest,
    plan: TermPlan,
    transaction_type: &'static str,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let rewrite = transaction_type == "REWRITE";
    let (label, prefix, event) = if rewrite {
        ("Rewrite", "RW", "REWRITTEN")
    } else {
        ("Renew", "RN", "RENEWED")
    };
    let cleared = clear_underwriting(
        &mut tx,
        &ctx,
        user,
        &plan.underwriting,
        label,
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
    let number = number_for(prefix, request.transaction_number.as_deref())?;
    let currency = ctx.policy.currency.clone();
    let amounts = (
        plan.premium.total.amount,
        plan.premium.fees.amount,
        plan.premium.taxes.amount,
    );
    let meta = json!({
        "rewrite": rewrite,
        "uwDecision": plan.underwriting.decision,
        "uwReasons": plan.underwriting.reasons,
        "uwOverride": referral.is_some(),
        "uwReferralId": referral.as_ref().map(|r| r.0),
        "transactionNumber": number,
        "previousTerm": {"effectiveDate": ctx.policy.term_effective_date.to_string(),
                         "expirationDate": ctx.policy.term_expiration_date.to_string()},
        "term": {"effectiveDate": plan.effective.to_string(), "expirationDate": plan.expiration.to_string(),
                 "termMonths": plan.months},
    });
    let r = Record {
        transaction_type,
        number: &number,
        effective: plan.effective,
        term: json!({"effectiveDate": plan.effective.to_string(),
                     "expirationDate": plan.expiration.to_string(), "termMonths": plan.months}),
        requested_changes: json!([]),
        payload: &plan.payload,
        changes: json!([]),
        amount: amounts,
        premium: json!(plan.premium),
        underwriting: Some(&plan.underwriting),
        referral,
        metadata: meta.clone(),
        cancellation: None,
        retimes: true,
    };
    let written = record(&mut tx, &ctx, user, &r).await?;
    let from = ctx.policy.status.clone();
    let now = rfc3339(OffsetDateTime::now_utc());
    {
        let policy = &mut ctx.policy;
        policy.term_effective_date = plan.effective;
        policy.term_expiration_date = plan.expiration;
        policy.term_months = plan.months;
        if rewrite {
            policy.status = "Issued".into();
            policy.non_renewed_at = None;
            policy.non_renewal_reason = None;
            set_field(&mut policy.lifecycle, "rewrittenAt", json!(now));
            remove_field(&mut policy.lifecycle, "cancelledAt");
            remove_field(&mut policy.metadata, "cancelReason");
            set_field(
                &mut policy.metadata,
                "rewriteEffective",
                json!(plan.effective.to_string()),
            );
        } else {
            policy.term_count += 1;
            set_field(&mut policy.lifecycle, "renewedAt", json!(now));
        }
    }
    rated_version(
        &mut tx,
        &ctx,
        user,
        &written,
        &number,
        &plan.payload,
        &plan.premium,
    )
    .await?;
    let mut entries = ctx.entries();
    entries.push(pending(
        Kind::Start,
        plan.effective,
        Some(plan.payload.clone()),
        Vec::new(),
    ));
    let mut timeline = Timeline::build(&ctx.product, &entries, ctx.term())?;
    timeline.settle(written.version_id);
    retime(&mut tx, &mut ctx, &timeline).await?;
    let to = ctx.policy.status.clone();
    finish(
        &mut tx,
        &mut ctx,
        user,
        &r,
        &written,
        Outcome {
            event,
            from_state: from,
            to_state: to,
            label,
            premium_impact: plan.premium.total.amount,
            packet_payload: &plan.payload,
            packet_premium: &plan.premium,
            notice: None,
        },
    )
    .await?;
    let by_coverage = plan.premium.by_coverage.iter().map(|c| json!(c)).collect();
    let premium = transaction_premium(by_coverage, amounts, &currency);
    let done = result(&ctx, &r, &written, label, premium, meta);
    crate::services::store_answer(&mut tx, held, &done).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %ctx.policy.policy_id, transaction.number = %number, "new term written");
    Ok(done)
}
