//! Binding a rated quote into a policy, all in one database transaction, and issuing it.

use lattice_shared::api::policies::IssueResponse;
use lattice_shared::api::quotes::{BindRequest, BindResponse};
use lattice_shared::api::rating::{Decision, Premium, Underwriting};
use lattice_shared::policy::numbering::{
    default_template, policy_number, transaction_number, with_collision_suffix,
};
use lattice_shared::policy::status::{Action, check_action};
use lattice_shared::policy::term::add_months;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::documents::{self, PacketFor};
use super::events::{Handoff, commission_handoff, status_change};
use super::lifecycle::Timeline;
use super::lifecycle::write::store_timeline;
use super::quotes::{quote_not_found, refuse_converted, upsert_history};
use super::referrals::{Gate, Referred, gate};
use super::rfc3339;
use crate::auth::AuthUser;
use crate::db::events::NewDocument;
use crate::db::idempotency::HeldKey;
use crate::db::policies::{CoverageLine, NewTransaction, NewVersion, PolicyRow};
use crate::db::{self, Tx};
use crate::error::{Error, Result};
use crate::state::App;

/// How many `-n` suffixes to try when a policy number is taken.
const NUMBER_ATTEMPTS: u32 = 24;

/// Binds the quote: underwriting gate, then policy, NB transaction and version, rating
/// worksheet, risks, coverages and ledger events; the quote becomes Converted. Two binds
/// of one quote serialise on the quote row: the second gets 409 `QUOTE_CONVERTED`. With
/// `held` (the request's Idempotency-Key), the 201 answer is stored in the same transaction.
pub async fn bind_quote(
    app: &App,
    user: &AuthUser,
    quote_id: Uuid,
    request: BindRequest,
    held: Option<&HeldKey>,
) -> Result<BindResponse> {
    let now = OffsetDateTime::now_utc();
    let tenant_id = user.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let mut quote = db::quotes::lock_quote(&mut tx, tenant_id, quote_id)
        .await?
        .ok_or_else(|| quote_not_found(quote_id))?;
    refuse_converted(&quote)?;
    let (Some(premium_json), Some(uw_json), Some(rated_at), Some(effective), Some(term_months)) = (
        quote.premium.clone(),
        quote.underwriting.clone(),
        quote.rated_at,
        quote.effective_date,
        quote.term_months,
    ) else {
        return Err(Error::api(
            422,
            "QUOTE_NOT_RATED",
            format!(
                "Quote {} must be rated before it is bound",
                quote.quote_number
            ),
        ));
    };
    let settings = db::tenants::find_settings(&mut tx, tenant_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("tenant {tenant_id} has no settings row"))?;
    let expires = rated_at + Duration::days(i64::from(settings.quote_validity_days));
    if expires < now {
        return Err(Error::api(
            422,
            "QUOTE_EXPIRED",
            format!(
                "Quote {} expired on {}; rate it again before binding",
                quote.quote_number,
                rfc3339(expires)
            ),
        )
        .with_details(json!({"expiredAt": rfc3339(expires)})));
    }
    let premium: Premium =
        serde_json::from_value(premium_json.clone()).map_err(anyhow::Error::from)?;
    let uw: Underwriting = serde_json::from_value(uw_json.clone()).map_err(anyhow::Error::from)?;
    let insured = insured_name(&quote.payload);
    let mut referral_id = None;
    let mut override_reason = None;
    match uw.decision {
        Decision::Decline => {
            return Err(Error::bad_request(
                "UW_DECLINED",
                format!(
                    "Underwriting decision: Decline. Reasons: {}",
                    uw.reasons.join("; ")
                ),
            )
            .with_details(json!({"reasons": uw.reasons})));
        }
        Decision::Refer => {
            let referred = Referred {
                quote_id: Some(quote_id),
                policy_id: None,
                transaction_type: "NewBusiness",
                product_code: &quote.product_code,
                insured_name: &insured,
                effective_date: Some(effective),
                reasons: &uw.reasons,
            };
            match gate(&mut tx, user, &referred, request.override_reason.as_deref()).await? {
                Gate::Approved {
                    referral_id: id,
                    reason,
                } => {
                    referral_id = Some(id);
                    override_reason = reason;
                }
                Gate::Blocked { referral_id: id } => {
                    // The referral is kept: it is the underwriter's work item.
                    tx.commit().await?;
                    return Err(Error::bad_request(
                        "UW_REFERRAL_REQUIRED",
                        format!(
                            "Underwriting decision: Refer. Reasons: {}. Referral {id} requires underwriter approval before bind.",
                            uw.reasons.join("; ")
                        ),
                    )
                    .with_details(json!({"referralId": id, "reasons": uw.reasons})));
                }
            }
        }
        Decision::Eligible => {}
    }
    let product = app
        .catalog
        .product(tenant_id, &quote.product_code)
        .ok_or_else(|| {
            Error::api(
                422,
                "PRODUCT_NOT_FOUND",
                format!("Product {} is no longer offered", quote.product_code),
            )
        })?;

    let policy_id = Uuid::new_v4();
    let number = free_policy_number(
        &mut tx,
        tenant_id,
        &settings.policy_number_formats_by_product,
        &quote.product_code,
        policy_id,
        now,
    )
    .await?;
    let expiration = add_months(effective, term_months);
    let nb_number = transaction_number("NB", now.date(), &rand::random::<[u8; 4]>());
    let policy = PolicyRow {
        policy_id,
        tenant_id: tenant_id.to_owned(),
        policy_number: number.clone(),
        product_code: quote.product_code.clone(),
        product_version: product.version.clone(),
        status: "Bound".into(),
        term_effective_date: effective,
        term_expiration_date: expiration,
        term_months,
        term_count: 1,
        currency: premium.total.currency.clone(),
        state: quote.state.clone(),
        insured_name: insured.clone(),
        agent_name: agent_name(&quote.payload),
        premium_total: premium.total.amount,
        premium_fees: premium.fees.amount,
        premium_taxes: premium.taxes.amount,
        premium: premium_json.clone(),
        lifecycle: json!({"createdAt": rfc3339(now), "createdBy": user.username, "boundAt": rfc3339(now)}),
        metadata: json!({"sourceQuoteId": quote_id, "quoteNumber": quote.quote_number,
                         "transactionNumber": nb_number, "uwReferralId": referral_id}),
        source_quote_id: Some(quote_id),
        non_renewed_at: None,
        non_renewal_reason: None,
        timeline_version: 1,
        created_at: now,
        created_by: user.username.clone(),
        updated_at: now,
        updated_by: user.username.clone(),
    };
    db::policies::insert_policy(&mut tx, &policy).await?;
    super::customers::links::link_insureds(&mut tx, tenant_id, policy_id, &quote.payload).await?;
    let term = json!({"effectiveDate": effective.to_string(), "expirationDate": expiration.to_string(), "termMonths": term_months});
    let (transaction_id, processed_at) = db::policies::insert_transaction(
        &mut tx,
        &NewTransaction {
            tenant_id,
            policy_id,
            transaction_type: "NB",
            status: "Bound",
            transaction_number: &nb_number,
            effective_date: effective,
            term,
            requested_changes: json!([]),
            snapshot: &quote.payload,
            uw: Some(uw_json),
            metadata: json!({"quoteId": quote_id, "uwReferralId": referral_id, "transactionNumber": nb_number}),
            created_by: user.user_id,
        },
    )
    .await?;
    let decision = format!("{:?}", uw.decision);
    let version_id = db::policies::insert_version(
        &mut tx,
        &NewVersion {
            tenant_id,
            policy_id,
            transaction_id,
            transaction_type: "NB",
            transaction_number: &nb_number,
            effective_date: effective,
            processed_at,
            premium_total: premium.total.amount,
            premium_fees: premium.fees.amount,
            premium_taxes: premium.taxes.amount,
            currency: &premium.total.currency,
            premium: &premium_json,
            uw_decision: Some(&decision),
            uw_override: referral_id.is_some(),
            override_reason: override_reason.as_deref(),
            uw_submitted_by: Some(&user.username),
            payload: &quote.payload,
            changes: &json!([]),
            timeline_version: None,
            cancellation_reason_code: None,
            cancellation_type: None,
            return_premium_amount: None,
            created_by: user.user_id,
        },
    )
    .await?;
    if let Some(id) = referral_id {
        db::referrals::link_referral(
            &mut tx,
            tenant_id,
            id,
            policy_id,
            transaction_id,
            version_id,
        )
        .await?;
    }
    write_worksheet(
        &mut tx,
        &policy,
        transaction_id,
        version_id,
        &nb_number,
        &quote.payload,
        &premium_json,
        user.user_id,
    )
    .await?;
    write_risks_and_coverages(
        &mut tx,
        &policy,
        version_id,
        &product.risk_type,
        &quote.payload,
        &premium,
    )
    .await?;
    let timeline = Timeline::whole_term(
        quote.payload.clone(),
        premium.clone(),
        version_id,
        (effective, expiration),
    );
    store_timeline(&mut tx, &policy, &timeline).await?;
    documents::store_packet(
        &mut tx,
        &policy,
        &product,
        PacketFor {
            transaction_id,
            version_id,
            transaction_type: "NB",
            label: "New Business",
            number: &nb_number,
            effective,
            payload: &quote.payload,
            premium: &premium,
            amount: Some(premium.total.amount),
            notice: None,
        },
        user.user_id,
    )
    .await?;
    status_change(
        &mut tx,
        &policy,
        "Quote",
        "Bound",
        json!({"transactionId": transaction_id, "quoteId": quote_id}),
        user.user_id,
    )
    .await?;
    commission_handoff(
        &mut tx,
        &policy,
        &Handoff {
            source_event: "STATUS_CHANGE",
            transaction_type: "QuoteBind",
            transaction_id: Some(transaction_id),
            transaction_number: &nb_number,
            effective_date: effective.to_string(),
            premium_impact: premium.total.amount,
            payload: &quote.payload,
        },
        user.user_id,
    )
    .await?;

    quote.status = "Converted".into();
    quote.converted_policy_id = Some(policy_id);
    quote.updated_by = user.username.clone();
    upsert_history(
        &mut quote.status_history,
        json!("Converted"),
        now,
        &user.username,
    );
    db::quotes::update_quote(&mut tx, &quote).await?;
    let bound = BindResponse {
        policy_id,
        policy_number: number,
        status: "Bound".into(),
    };
    super::store_answer(&mut tx, held, &bound).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %tenant_id, policy.id = %policy_id, quote.id = %quote_id, "quote bound");
    Ok(bound)
}

/// Issues a bound policy: status Issued, its NB transaction Issued, ledger events.
/// Issuing an issued policy again changes nothing and returns the original issue time.
pub async fn issue_policy(app: &App, user: &AuthUser, policy_id: Uuid) -> Result<IssueResponse> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut policy = db::policies::lock_policy(&mut tx, &user.tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    check_action(Action::Issue, &policy.status)
        .map_err(|m| Error::bad_request("INVALID_STATE", m))?;
    if policy.status == "Issued" {
        let issued_at = policy
            .lifecycle
            .get("issuedAt")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        tx.commit().await?;
        return Ok(IssueResponse {
            policy_id,
            policy_number: policy.policy_number,
            status: "Issued".into(),
            issued_at,
        });
    }
    let issued_at = rfc3339(now);
    let from = policy.status.clone();
    policy.status = "Issued".into();
    policy.updated_by = user.username.clone();
    if let Some(lifecycle) = policy.lifecycle.as_object_mut() {
        lifecycle.insert("issuedAt".into(), json!(issued_at));
        lifecycle.insert("updatedAt".into(), json!(issued_at));
        lifecycle.insert("updatedBy".into(), json!(user.username));
    }
    db::policies::update_policy(&mut tx, &policy).await?;
    db::policies::set_transactions_status(&mut tx, &user.tenant_id, policy_id, "NB", "Issued")
        .await?;
    status_change(
        &mut tx,
        &policy,
        &from,
        "Issued",
        json!({"issuedAt": issued_at}),
        user.user_id,
    )
    .await?;
    let payload = latest_payload(&mut tx, &user.tenant_id, policy_id).await?;
    let number = policy
        .metadata
        .get("transactionNumber")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    commission_handoff(
        &mut tx,
        &policy,
        &Handoff {
            source_event: "STATUS_CHANGE",
            transaction_type: "Issue",
            transaction_id: None,
            transaction_number: &number,
            effective_date: policy.term_effective_date.to_string(),
            premium_impact: policy.premium_total,
            payload: &payload,
        },
        user.user_id,
    )
    .await?;
    super::notifications::notify(
        &mut tx,
        &policy,
        super::notifications::Notification {
            event_type: "POLICY_ISSUED",
            transaction_id: None,
            transaction_type: "Issue",
            transaction_number: &number,
            effective_date: policy.term_effective_date.to_string(),
            notice_date: None,
            reason: None,
            premium_impact: Some(super::money_json(policy.premium_total, &policy.currency)),
            payload: &payload,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %user.tenant_id, policy.id = %policy_id, "policy issued");
    Ok(IssueResponse {
        policy_id,
        policy_number: policy.policy_number,
        status: "Issued".into(),
        issued_at,
    })
}

pub fn policy_not_found(id: Uuid) -> Error {
    Error::not_found("POLICY_NOT_FOUND", format!("Policy {id} not found"))
}

async fn latest_payload(tx: &mut Tx, tenant_id: &str, policy_id: Uuid) -> Result<Value> {
    let versions = db::policies::list_versions(tx, tenant_id, policy_id).await?;
    Ok(versions
        .into_iter()
        .last()
        .map(|v| v.payload)
        .unwrap_or_default())
}

/// The first free number from the tenant's template for the product (or `*`, or the
/// built-in default), adding `-2`, `-3`, ... on collision.
async fn free_policy_number(
    tx: &mut Tx,
    tenant_id: &str,
    formats: &Value,
    product_code: &str,
    policy_id: Uuid,
    now: OffsetDateTime,
) -> Result<String> {
    let template = formats
        .get(product_code)
        .or_else(|| formats.get("*"))
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_template(product_code));
    let base = policy_number(
        template,
        product_code,
        policy_id,
        now.date(),
        &rand::random::<[u8; 8]>(),
    );
    let base = if base.is_empty() {
        policy_number(
            default_template(product_code),
            product_code,
            policy_id,
            now.date(),
            b"0",
        )
    } else {
        base
    };
    for attempt in 0..NUMBER_ATTEMPTS {
        let candidate = with_collision_suffix(&base, attempt);
        if !db::policies::policy_number_taken(tx, tenant_id, &candidate).await? {
            return Ok(candidate);
        }
    }
    Err(Error::conflict(
        "POLICY_NUMBER_EXHAUSTED",
        format!("No free policy number from template {template}"),
    ))
}

/// The named insured's display name: insureds.primary, else the applicant, else a business.
pub fn insured_name(payload: &Value) -> String {
    let person = |v: &Value| {
        v.get("displayName")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                let first = v
                    .get("firstName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let last = v
                    .get("lastName")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let name = format!("{first} {last}").trim().to_owned();
                (!name.is_empty()).then_some(name)
            })
    };
    payload
        .pointer("/insureds/primary")
        .and_then(person)
        .or_else(|| payload.get("applicant").and_then(person))
        .or_else(|| {
            payload
                .pointer("/risks/0/businessName")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

fn agent_name(payload: &Value) -> Option<String> {
    ["producer", "agent", "broker"]
        .iter()
        .filter_map(|k| payload.get(*k))
        .find_map(|p| {
            p.get("name")
                .or_else(|| p.get("producerName"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
}

/// The rating worksheet of a version: the payload, premium and trace as rated.
#[expect(
    clippy::too_many_arguments,
    reason = "a worksheet records each of these facts"
)]
pub async fn write_worksheet(
    tx: &mut Tx,
    policy: &PolicyRow,
    transaction_id: Uuid,
    version_id: Uuid,
    transaction_number: &str,
    payload: &Value,
    premium: &Value,
    actor: Uuid,
) -> Result<()> {
    let metadata = json!({
        "payload": payload,
        "premium": premium,
        "ratingInputs": premium.get("calcTrace").and_then(|t| t.get("factors")).cloned().unwrap_or_default(),
        "context": {"policyNumber": policy.policy_number, "transactionNumber": transaction_number,
                    "productCode": policy.product_code, "productVersion": policy.product_version,
                    "effectiveDate": policy.term_effective_date.to_string(),
                    "expirationDate": policy.term_expiration_date.to_string()},
    });
    let hash = documents::hex(&Sha256::digest(
        serde_json::to_vec(&metadata).map_err(anyhow::Error::from)?,
    ));
    let uri = format!("worksheet://{}/{}", policy.policy_id, version_id);
    db::events::insert_document(
        tx,
        NewDocument {
            tenant_id: &policy.tenant_id,
            policy_id: policy.policy_id,
            transaction_id: Some(transaction_id),
            version_id: Some(version_id),
            document_type: "RATING_WORKSHEET",
            uri: &uri,
            content_hash: &hash,
            content_type: None,
            content: None,
            customer_safe: false,
            metadata,
            created_by: actor,
        },
    )
    .await?;
    Ok(())
}

/// One risk unit per risk and one coverage row per submitted coverage (with its premium).
pub async fn write_risks_and_coverages(
    tx: &mut Tx,
    policy: &PolicyRow,
    version_id: Uuid,
    risk_type: &str,
    payload: &Value,
    premium: &Premium,
) -> Result<()> {
    let risks = payload
        .get("risks")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    db::policies::insert_risk_units(
        tx,
        &policy.tenant_id,
        policy.policy_id,
        version_id,
        risk_type,
        &risks,
        (policy.term_effective_date, policy.term_expiration_date),
    )
    .await?;
    let mut priced = premium.by_coverage.iter();
    let lines: Vec<CoverageLine> = payload
        .get("coverages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.is_object())
        .map(|c| {
            let selected = c.get("selected") != Some(&Value::Bool(false));
            let code = c
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_uppercase();
            CoverageLine {
                premium: if selected {
                    priced.next().map(|p| p.amount.amount)
                } else {
                    None
                },
                code,
                selected,
                limit: c.get("limit").cloned(),
                deductible: c.get("deductible").cloned(),
                percent: c.get("percent").cloned(),
            }
        })
        .collect();
    db::policies::insert_coverages(tx, &policy.tenant_id, policy.policy_id, version_id, &lines)
        .await?;
    Ok(())
}
