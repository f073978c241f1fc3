//! Underwriting referrals: the gate that stops a referred bind until an underwriter
//! approves, and the queue where underwriters assign, comment and decide.

use lattice_shared::api::Page;
use lattice_shared::api::page::PageQuery;
use lattice_shared::api::referrals::{
    AssignRequest, CommentRequest, DecideRequest, ReferralSearch, ReferralView,
};
use lattice_shared::rbac::ADMIN_ROLE;
use serde_json::{Value, json};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::rfc3339;
use crate::auth::AuthUser;
use crate::db::referrals::{NewReferral, ReferralRow};
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

const STATUSES: &[&str] = &["Open", "Approved", "Declined", "InfoRequested", "Withdrawn"];

/// Whether the caller may decide referrals (and so approve one while binding).
pub fn is_underwriter(user: &AuthUser) -> bool {
    user.roles
        .iter()
        .any(|r| r == "underwriter" || r == ADMIN_ROLE)
        || user.has("uw.referrals.decide")
}

/// What a referred transaction is about.
pub struct Referred<'a> {
    pub quote_id: Option<Uuid>,
    pub policy_id: Option<Uuid>,
    pub transaction_type: &'a str,
    pub product_code: &'a str,
    pub insured_name: &'a str,
    pub effective_date: Option<Date>,
    pub reasons: &'a [String],
}

/// The outcome of the referral gate.
#[derive(Debug)]
pub enum Gate {
    /// The transaction may proceed under this approved referral.
    Approved {
        referral_id: Uuid,
        reason: Option<String>,
    },
    /// It must wait for an underwriter's decision on this referral.
    Blocked { referral_id: Uuid },
}

/// The latest referral decides: for a quote, its latest referral; for a policy, its latest
/// referral of the transaction type that is waiting or approved and unused. Approved
/// proceeds; Open or InfoRequested blocks; none, Declined or Withdrawn raises a new Open
/// referral and blocks. An underwriter who gives a reason approves a blocking referral on
/// the spot. Whoever proceeds links the referral to its transaction, which uses it up.
pub async fn gate(
    tx: &mut Tx,
    user: &AuthUser,
    referred: &Referred<'_>,
    override_reason: Option<&str>,
) -> Result<Gate> {
    let tenant_id = user.tenant_id.as_str();
    let latest = match (referred.quote_id, referred.policy_id) {
        (Some(quote_id), _) => db::referrals::latest_for_quote(tx, tenant_id, quote_id).await?,
        (None, Some(policy_id)) => {
            db::referrals::latest_for_policy(tx, tenant_id, policy_id, referred.transaction_type)
                .await?
        }
        (None, None) => None,
    };
    let blocking = match latest {
        Some(r) if r.status == "Approved" => {
            return Ok(Gate::Approved {
                referral_id: r.referral_id,
                reason: r.decision_reason,
            });
        }
        Some(r) if r.status == "Open" || r.status == "InfoRequested" => r.referral_id,
        _ => {
            db::referrals::insert_referral(
                tx,
                NewReferral {
                    tenant_id,
                    quote_id: referred.quote_id,
                    policy_id: referred.policy_id,
                    product_code: referred.product_code,
                    insured_name: referred.insured_name,
                    effective_date: referred.effective_date,
                    transaction_type: referred.transaction_type,
                    reasons: referred.reasons,
                    created_by: user.user_id,
                },
            )
            .await?
        }
    };
    let reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
    match reason {
        Some(reason) if is_underwriter(user) => {
            let mut referral = db::referrals::find_referral(tx, tenant_id, blocking)
                .await?
                .ok_or_else(|| referral_not_found(blocking))?;
            decide_row(
                &mut referral,
                user,
                "Approved",
                Some(reason),
                OffsetDateTime::now_utc(),
            );
            db::referrals::update_referral(tx, &referral).await?;
            tracing::info!(referral.id = %blocking, user.id = %user.user_id, "referral approved at bind");
            Ok(Gate::Approved {
                referral_id: blocking,
                reason: Some(reason.to_owned()),
            })
        }
        _ => Ok(Gate::Blocked {
            referral_id: blocking,
        }),
    }
}

pub async fn list(
    app: &App,
    tenant_id: &str,
    search: &ReferralSearch,
) -> Result<Page<ReferralView>> {
    let status = search
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if status.is_some_and(|s| !STATUSES.contains(&s)) {
        return Err(FieldErrors::single(
            "status",
            "must be Open, Approved, Declined, InfoRequested or Withdrawn",
        ));
    }
    let paging = PageQuery {
        page: search.page,
        page_size: search.page_size,
    };
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, total) = db::referrals::list_referrals(
        &mut tx,
        tenant_id,
        status,
        i64::from(paging.page_size()),
        i64::try_from(paging.offset()).unwrap_or(0),
    )
    .await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.into_iter().map(view).collect(),
        page: paging.page(),
        page_size: paging.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}

pub async fn get(app: &App, tenant_id: &str, referral_id: Uuid) -> Result<ReferralView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let row = db::referrals::find_referral(&mut tx, tenant_id, referral_id)
        .await?
        .ok_or_else(|| referral_not_found(referral_id))?;
    tx.commit().await?;
    Ok(view(row))
}

pub async fn assign(
    app: &App,
    user: &AuthUser,
    referral_id: Uuid,
    request: AssignRequest,
) -> Result<ReferralView> {
    let assignee = request
        .assigned_to
        .as_deref()
        .and_then(|a| Uuid::parse_str(a.trim()).ok())
        .ok_or_else(|| {
            Error::bad_request("ASSIGNED_TO_REQUIRED", "assignedTo must be a user id")
        })?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut referral = load_locked(&mut tx, &user.tenant_id, referral_id).await?;
    if !db::referrals::user_exists(&mut tx, &user.tenant_id, assignee).await? {
        return Err(Error::bad_request(
            "ASSIGNEE_NOT_FOUND",
            "assignedTo is not a user of this tenant",
        ));
    }
    referral.assigned_to = Some(assignee);
    save(tx, user, referral).await
}

pub async fn comment(
    app: &App,
    user: &AuthUser,
    referral_id: Uuid,
    request: CommentRequest,
) -> Result<ReferralView> {
    let text = request
        .text
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::bad_request("COMMENT_REQUIRED", "text is required"))?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut referral = load_locked(&mut tx, &user.tenant_id, referral_id).await?;
    let at = rfc3339(OffsetDateTime::now_utc());
    push_comment(
        &mut referral,
        json!({"by": user.username, "text": text, "at": at}),
    );
    save(tx, user, referral).await
}

/// Approved, Declined or InfoRequested; only Open and InfoRequested referrals are decidable.
pub async fn decide(
    app: &App,
    user: &AuthUser,
    referral_id: Uuid,
    request: DecideRequest,
) -> Result<ReferralView> {
    let decision = request
        .decision
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if !matches!(decision.as_str(), "Approved" | "Declined" | "InfoRequested") {
        return Err(Error::bad_request(
            "INVALID_DECISION",
            "decision must be Approved, Declined or InfoRequested",
        ));
    }
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut referral = load_locked(&mut tx, &user.tenant_id, referral_id).await?;
    if !matches!(referral.status.as_str(), "Open" | "InfoRequested") {
        return Err(Error::bad_request(
            "REFERRAL_NOT_DECIDABLE",
            format!(
                "Referral is {} and can no longer be decided",
                referral.status
            ),
        ));
    }
    decide_row(
        &mut referral,
        user,
        &decision,
        reason.as_deref(),
        OffsetDateTime::now_utc(),
    );
    save(tx, user, referral).await
}

/// The referral, locked until the transaction ends.
async fn load_locked(tx: &mut Tx, tenant_id: &str, referral_id: Uuid) -> Result<ReferralRow> {
    if !db::referrals::lock_referral(tx, tenant_id, referral_id).await? {
        return Err(referral_not_found(referral_id));
    }
    db::referrals::find_referral(tx, tenant_id, referral_id)
        .await?
        .ok_or_else(|| referral_not_found(referral_id))
}

async fn save(mut tx: Tx, user: &AuthUser, referral: ReferralRow) -> Result<ReferralView> {
    db::referrals::update_referral(&mut tx, &referral).await?;
    let saved = db::referrals::find_referral(&mut tx, &user.tenant_id, referral.referral_id)
        .await?
        .ok_or_else(|| referral_not_found(referral.referral_id))?;
    tx.commit().await?;
    tracing::info!(referral.id = %saved.referral_id, user.id = %user.user_id, status = %saved.status, "referral updated");
    Ok(view(saved))
}

fn decide_row(
    referral: &mut ReferralRow,
    user: &AuthUser,
    decision: &str,
    reason: Option<&str>,
    at: OffsetDateTime,
) {
    referral.status = decision.to_owned();
    referral.decision = Some(decision.to_owned());
    referral.decided_by = Some(user.user_id);
    referral.decided_at = Some(at);
    referral.decision_reason = reason.map(str::to_owned);
    if let Some(text) = reason {
        push_comment(
            referral,
            json!({"by": user.username, "text": text, "at": rfc3339(at), "decision": decision}),
        );
    }
}

fn push_comment(referral: &mut ReferralRow, comment: Value) {
    if let Some(items) = referral.comments.as_array_mut() {
        items.push(comment);
    } else {
        referral.comments = json!([comment]);
    }
}

fn referral_not_found(id: Uuid) -> Error {
    Error::not_found("REFERRAL_NOT_FOUND", format!("Referral {id} not found"))
}

pub fn view(r: ReferralRow) -> ReferralView {
    ReferralView {
        referral_id: r.referral_id,
        quote_id: r.quote_id,
        policy_id: r.policy_id,
        policy_number: r.policy_number,
        transaction_id: r.transaction_id,
        version_id: r.version_id,
        product_code: r.product_code,
        insured_name: r.insured_name,
        effective_date: r.effective_date.map(|d| d.to_string()),
        transaction_type: r.transaction_type,
        status: r.status,
        priority: r.priority,
        reasons: r.reasons,
        assigned_to: r.assigned_to,
        comments: r.comments.as_array().cloned().unwrap_or_default(),
        decision: r.decision,
        decided_by: r.decided_by,
        decided_at: r.decided_at.map(rfc3339),
        decision_reason: r.decision_reason,
        created_by: r.created_by,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}
