//! Cancellation and reinstatement. A cancellation switches cover off from its date and
//! returns premium by its reason code's method (flat, none, pro rata, or the tenant's
//! short-rate table); a reinstatement switches it back on and charges pro rata from its
//! date. Both are slotted into the timeline by date like any other transaction.

use lattice_shared::api::lifecycle::{CancelRequest, ReinstateRequest, TransactionResult};
use lattice_shared::money::round2;
use lattice_shared::policy::proration::{ReturnMethod, ShortRateBand, pro_rata_factor, refund};
use lattice_shared::policy::status::Action;
use lattice_shared::policy::timeline::Kind;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::write::{Outcome, Record, finish, record, result, retime};
use super::{
    Context, Timeline, number_for, pending, remove_field, required_date, set_field,
    transaction_premium, within_term,
};
use crate::auth::AuthUser;
use crate::db::idempotency::HeldKey;
use crate::db::{self, Tx};
use crate::documents::packet::{self, Notice};
use crate::error::{Error, Result};
use crate::services::notifications::{Notification, notify};
use crate::services::rfc3339;
use crate::state::App;

/// Cancels the policy on the requested date.
pub async fn cancel(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: CancelRequest,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let effective = required_date("effectiveDate", request.effective_date.as_deref())?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    ctx.check(Action::Cancel)?;
    within_term(&ctx, effective)?;
    let code = request
        .cancellation_reason_code
        .as_deref()
        .or(request.reason_code.as_deref())
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    let reason = match &code {
        Some(code) => Some(
            db::reference::find_cancellation_reason(&mut tx, code)
                .await?
                .ok_or_else(|| {
                    Error::api(
                        422,
                        "UNKNOWN_REASON_CODE",
                        format!("{code} is not a cancellation reason code; see /api/v1/reference/cancellation-reason-codes"),
                    )
                    .with_details(json!({"cancellationReasonCode": code}))
                })?,
        ),
        None => None,
    };
    let method = reason
        .as_ref()
        .and_then(|r| ReturnMethod::parse(&r.return_premium))
        .unwrap_or(ReturnMethod::ProRata);
    let old = ctx.timeline()?;
    let (segment, full) = old.at(effective);
    let (payload, full) = (segment.payload.clone(), full.clone());
    let bands = match method {
        ReturnMethod::ShortRate => short_rate_bands(&mut tx, &ctx).await?,
        _ => None,
    };
    let (term_effective, term_expiration) = ctx.term();
    let returned = refund(
        full.total.amount,
        method,
        effective,
        term_effective,
        term_expiration,
        bands.as_deref(),
    );
    let mut entries = ctx.entries();
    entries.push(pending(Kind::Cancel, effective, None, Vec::new()));
    let mut new = Timeline::build(&ctx.product, &entries, ctx.term())?;
    let retro = old.retro_to(&new, effective);
    let rebased = ctx.rebased_after(effective);
    let number = number_for("CN", request.transaction_number.as_deref())?;
    let currency = ctx.policy.currency.clone();
    let cancellation_type = reason
        .as_ref()
        .map_or_else(|| "PRO_RATA".to_owned(), |r| r.cancellation_type.clone());
    let method_name = json!(returned.method);
    let meta = json!({
        "reason": request.reason,
        "refund": super::super::money_json(returned.amount, &currency),
        "cancellationReasonCode": code,
        "cancellationType": cancellation_type,
        "returnPremiumMethod": method_name,
        "earnedPercent": returned.earned_pct.map(lattice_shared::expr::decimal_json),
        "fullTermPremium": super::super::money_json(full.total.amount, &currency),
        "transactionNumber": number,
        "outOfSequence": !rebased.is_empty(),
        "rebasedTransactions": rebased,
        "retroAdjustment": {"totalDelta": super::super::money_json(retro.total, &currency)},
    });
    let r = Record {
        transaction_type: "CANCEL",
        number: &number,
        effective,
        term: json!({"effectiveDate": term_effective.to_string(), "expirationDate": term_expiration.to_string(),
                     "cancelDate": effective.to_string()}),
        requested_changes: json!([]),
        payload: &payload,
        changes: json!([]),
        amount: (-returned.amount, Decimal::ZERO, Decimal::ZERO),
        premium: json!({"byCoverage": [], "fees": super::super::money_json(Decimal::ZERO, &currency),
                        "taxes": super::super::money_json(Decimal::ZERO, &currency),
                        "total": super::super::money_json(-returned.amount, &currency)}),
        underwriting: None,
        referral: None,
        metadata: meta.clone(),
        cancellation: Some((
            code.as_deref().unwrap_or(""),
            &cancellation_type,
            returned.amount,
        )),
        retimes: true,
    };
    let written = record(&mut tx, &ctx, user, &r).await?;
    new.settle(written.version_id);
    retime(&mut tx, &mut ctx, &new).await?;
    let from = std::mem::replace(&mut ctx.policy.status, "Cancelled".into());
    let now = rfc3339(time::OffsetDateTime::now_utc());
    set_field(&mut ctx.policy.lifecycle, "cancelledAt", json!(now));
    set_field(
        &mut ctx.policy.metadata,
        "cancelReason",
        json!(
            reason
                .as_ref()
                .map(|r| r.description.clone())
                .or(request.reason.clone())
                .or(code.clone())
        ),
    );
    let mut facts = vec![
        (
            "Cancellation effective".to_owned(),
            format!("{effective} at 12:01 a.m."),
        ),
        (
            "Reason".to_owned(),
            reason
                .as_ref()
                .map(|r| r.description.clone())
                .or_else(|| request.reason.clone())
                .unwrap_or_else(|| "Not stated".to_owned()),
        ),
        (
            "Return premium method".to_owned(),
            method_label(returned.method).to_owned(),
        ),
        ("Return premium".to_owned(), packet::money(returned.amount)),
    ];
    if let Some(pct) = returned.earned_pct {
        facts.push(("Premium earned".to_owned(), format!("{pct}%")));
    }
    finish(
        &mut tx,
        &mut ctx,
        user,
        &r,
        &written,
        Outcome {
            event: "CANCELLED",
            from_state: from,
            to_state: "Cancelled".into(),
            label: "Cancel",
            premium_impact: -returned.amount,
            packet_payload: &payload,
            packet_premium: &full,
            notice: Some(Notice {
                title: "Notice of Cancellation".into(),
                facts,
                body: vec![
                    "This policy is cancelled as of the date and time shown above.".into(),
                    "No coverage is provided for losses that occur after that time.".into(),
                ],
            }),
        },
    )
    .await?;
    notify(
        &mut tx,
        &ctx.policy,
        Notification {
            event_type: "POLICY_CANCELLED",
            transaction_id: Some(written.transaction_id),
            transaction_type: "Cancel",
            transaction_number: &number,
            effective_date: effective.to_string(),
            notice_date: None,
            reason: reason
                .as_ref()
                .map(|r| r.description.clone())
                .or_else(|| request.reason.clone())
                .or_else(|| code.clone()),
            premium_impact: Some(super::super::money_json(-returned.amount, &currency)),
            payload: &payload,
        },
    )
    .await?;
    let premium = transaction_premium(
        Vec::new(),
        (-returned.amount, Decimal::ZERO, Decimal::ZERO),
        &currency,
    );
    let done = result(&ctx, &r, &written, "Cancel", premium, meta);
    crate::services::store_answer(&mut tx, held, &done).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %policy_id, transaction.number = %number, "policy cancelled");
    Ok(done)
}

/// Reinstates a cancelled policy from the requested date (on or after the cancellation).
pub async fn reinstate(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: ReinstateRequest,
    held: Option<&HeldKey>,
) -> Result<TransactionResult> {
    let effective = required_date("effectiveDate", request.effective_date.as_deref())?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    ctx.check(Action::Reinstate)?;
    within_term(&ctx, effective)?;
    if let Some(cancelled) = ctx.last_cancellation()
        && effective < cancelled.effective_date
    {
        return Err(Error::api(
            422,
            "EFFECTIVE_DATE_BEFORE_CANCELLATION",
            format!(
                "A reinstatement takes effect on or after the cancellation date {}",
                cancelled.effective_date
            ),
        ));
    }
    let old = ctx.timeline()?;
    let (segment, full) = old.at(effective);
    let (payload, full) = (segment.payload.clone(), full.clone());
    let (term_effective, term_expiration) = ctx.term();
    let charge =
        round2(full.total.amount * pro_rata_factor(effective, term_effective, term_expiration));
    let mut entries = ctx.entries();
    entries.push(pending(Kind::Reinstate, effective, None, Vec::new()));
    let mut new = Timeline::build(&ctx.product, &entries, ctx.term())?;
    let rebased = ctx.rebased_after(effective);
    let number = number_for("RI", request.transaction_number.as_deref())?;
    let currency = ctx.policy.currency.clone();
    let meta = json!({
        "reason": request.reason,
        "charge": super::super::money_json(charge, &currency),
        "fullTermPremium": super::super::money_json(full.total.amount, &currency),
        "transactionNumber": number,
        "outOfSequence": !rebased.is_empty(),
        "rebasedTransactions": rebased,
    });
    let r = Record {
        transaction_type: "REINSTATE",
        number: &number,
        effective,
        term: json!({"effectiveDate": term_effective.to_string(), "expirationDate": term_expiration.to_string(),
                     "reinstateDate": effective.to_string()}),
        requested_changes: json!([]),
        payload: &payload,
        changes: json!([]),
        amount: (charge, Decimal::ZERO, Decimal::ZERO),
        premium: json!({"byCoverage": [], "fees": super::super::money_json(Decimal::ZERO, &currency),
                        "taxes": super::super::money_json(Decimal::ZERO, &currency),
                        "total": super::super::money_json(charge, &currency)}),
        underwriting: None,
        referral: None,
        metadata: meta.clone(),
        cancellation: None,
        retimes: true,
    };
    let written = record(&mut tx, &ctx, user, &r).await?;
    new.settle(written.version_id);
    retime(&mut tx, &mut ctx, &new).await?;
    let from = std::mem::replace(&mut ctx.policy.status, "Issued".into());
    let now = rfc3339(time::OffsetDateTime::now_utc());
    set_field(&mut ctx.policy.lifecycle, "reinstatedAt", json!(now));
    remove_field(&mut ctx.policy.lifecycle, "cancelledAt");
    remove_field(&mut ctx.policy.metadata, "cancelReason");
    finish(
        &mut tx,
        &mut ctx,
        user,
        &r,
        &written,
        Outcome {
            event: "REINSTATED",
            from_state: from,
            to_state: "Issued".into(),
            label: "Reinstate",
            premium_impact: charge,
            packet_payload: &payload,
            packet_premium: &full,
            notice: Some(Notice {
                title: "Notice of Reinstatement".into(),
                facts: vec![
                    (
                        "Reinstated effective".to_owned(),
                        format!("{effective} at 12:01 a.m."),
                    ),
                    ("Premium charged".to_owned(), packet::money(charge)),
                ],
                body: vec![
                    "Coverage under this policy is reinstated as of the date shown above.".into(),
                ],
            }),
        },
    )
    .await?;
    let premium = transaction_premium(
        Vec::new(),
        (charge, Decimal::ZERO, Decimal::ZERO),
        &currency,
    );
    let done = result(&ctx, &r, &written, "Reinstate", premium, meta);
    crate::services::store_answer(&mut tx, held, &done).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %policy_id, transaction.number = %number, "policy reinstated");
    Ok(done)
}

/// The tenant's short-rate table for the policy, if it has one.
async fn short_rate_bands(tx: &mut Tx, ctx: &Context) -> Result<Option<Vec<ShortRateBand>>> {
    let bands = db::timeline::find_short_rate_bands(
        tx,
        &ctx.policy.tenant_id,
        &ctx.policy.product_code,
        ctx.policy.state.as_deref(),
    )
    .await?;
    Ok(bands
        .map(|b| serde_json::from_value(b).map_err(anyhow::Error::from))
        .transpose()?)
}

fn method_label(method: ReturnMethod) -> &'static str {
    match method {
        ReturnMethod::Flat => "Flat (full return)",
        ReturnMethod::None => "None (fully earned)",
        ReturnMethod::ProRata => "Pro rata",
        ReturnMethod::ShortRate => "Short rate",
    }
}
