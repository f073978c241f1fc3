//! Non-renewal: the carrier's notice that the policy ends at its term expiration. Cover
//! within the term is untouched; a second non-renewal is refused.

use lattice_shared::api::lifecycle::{NonRenewRequest, NonRenewResponse};
use lattice_shared::policy::status::Action;
use lattice_shared::policy::term::day_before;
use rust_decimal::Decimal;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::write::{Outcome, Record, finish, record};
use super::{Context, number_for, parse_date, set_field};
use crate::auth::AuthUser;
use crate::db;
use crate::db::idempotency::HeldKey;
use crate::documents::packet::Notice;
use crate::error::{Error, Result};
use crate::services::notifications::{Notification, notify};
use crate::services::rfc3339;
use crate::state::App;

pub async fn non_renew(
    app: &App,
    user: &AuthUser,
    policy_id: Uuid,
    request: NonRenewRequest,
    held: Option<&HeldKey>,
) -> Result<NonRenewResponse> {
    let notice_date = parse_date("noticeDate", request.notice_date.as_deref())?
        .unwrap_or_else(|| OffsetDateTime::now_utc().date());
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut ctx = Context::load(app, &mut tx, &user.tenant_id, policy_id, true).await?;
    ctx.check(Action::NonRenew)?;
    if let Some(date) = ctx.policy.non_renewed_at {
        return Err(Error::conflict(
            "ALREADY_NON_RENEWED",
            format!(
                "Policy {} is already non-renewed as of {date}",
                ctx.policy.policy_number
            ),
        ));
    }
    let expiration = ctx.policy.term_expiration_date;
    let timeline = ctx.timeline()?;
    let (segment, premium) = timeline.at(day_before(expiration));
    let (payload, premium) = (segment.payload.clone(), premium.clone());
    let reason_code = trimmed(request.reason_code.as_deref());
    let description = trimmed(request.reason_description.as_deref());
    let reason = description.clone().or_else(|| reason_code.clone());
    let number = number_for("NR", None)?;
    let currency = ctx.policy.currency.clone();
    let zero = super::super::money_json(Decimal::ZERO, &currency);
    let meta = json!({"reasonCode": reason_code, "reasonDescription": description,
                      "noticeDate": notice_date.to_string(), "nonRenewedAt": expiration.to_string(),
                      "transactionNumber": number});
    let r = Record {
        transaction_type: "NON_RENEWAL",
        number: &number,
        effective: expiration,
        term: json!({"effectiveDate": ctx.policy.term_effective_date.to_string(),
                     "expirationDate": expiration.to_string()}),
        requested_changes: json!([]),
        payload: &payload,
        changes: json!([]),
        amount: (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
        premium: json!({"byCoverage": [], "fees": zero, "taxes": zero, "total": zero}),
        underwriting: None,
        referral: None,
        metadata: meta,
        cancellation: None,
        retimes: false,
    };
    let written = record(&mut tx, &ctx, user, &r).await?;
    ctx.policy.non_renewed_at = Some(expiration);
    ctx.policy.non_renewal_reason = reason.clone();
    set_field(
        &mut ctx.policy.lifecycle,
        "nonRenewedAt",
        json!(rfc3339(OffsetDateTime::now_utc())),
    );
    let from = ctx.policy.status.clone();
    finish(
        &mut tx,
        &mut ctx,
        user,
        &r,
        &written,
        Outcome {
            event: "NON_RENEWAL_ISSUED",
            from_state: from,
            to_state: "NonRenewed".into(),
            label: "NonRenewal",
            premium_impact: Decimal::ZERO,
            packet_payload: &payload,
            packet_premium: &premium,
            notice: Some(Notice {
                title: "Notice of Non-Renewal".into(),
                facts: vec![
                    (
                        "Policy ends".to_owned(),
                        format!("{expiration} at 12:01 a.m."),
                    ),
                    (
                        "Reason".to_owned(),
                        reason.clone().unwrap_or_else(|| "Not stated".to_owned()),
                    ),
                    ("Notice date".to_owned(), notice_date.to_string()),
                ],
                body: vec![
                    "This policy will not be renewed. Coverage continues until the date above."
                        .into(),
                ],
            }),
        },
    )
    .await?;
    notify(
        &mut tx,
        &ctx.policy,
        Notification {
            event_type: "POLICY_NON_RENEWAL",
            transaction_id: Some(written.transaction_id),
            transaction_type: "NonRenewal",
            transaction_number: &number,
            effective_date: expiration.to_string(),
            notice_date: Some(notice_date.to_string()),
            reason: reason.clone(),
            premium_impact: None,
            payload: &payload,
        },
    )
    .await?;
    let done = NonRenewResponse {
        ok: true,
        policy_id,
        transaction_number: number,
        non_renewed_at: expiration.to_string(),
        notice_date: notice_date.to_string(),
        reason_code,
        message: format!(
            "Policy {} will not renew; it ends on {expiration}",
            ctx.policy.policy_number
        ),
    };
    crate::services::store_answer(&mut tx, held, &done).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %policy_id, transaction.number = %done.transaction_number, "policy non-renewed");
    Ok(done)
}

fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
