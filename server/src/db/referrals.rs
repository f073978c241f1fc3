//! SQL for underwriting referrals.

use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, Clone, FromRow)]
pub struct ReferralRow {
    pub referral_id: Uuid,
    pub tenant_id: String,
    pub quote_id: Option<Uuid>,
    pub policy_id: Option<Uuid>,
    pub transaction_id: Option<Uuid>,
    pub version_id: Option<Uuid>,
    pub product_code: String,
    pub insured_name: String,
    pub effective_date: Option<Date>,
    pub transaction_type: String,
    pub status: String,
    pub priority: String,
    pub reasons: Vec<String>,
    pub assigned_to: Option<Uuid>,
    pub comments: Value,
    pub decision: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub policy_number: Option<String>,
}

/// What a new referral records.
pub struct NewReferral<'a> {
    pub tenant_id: &'a str,
    pub quote_id: Option<Uuid>,
    pub policy_id: Option<Uuid>,
    pub product_code: &'a str,
    pub insured_name: &'a str,
    pub effective_date: Option<Date>,
    pub transaction_type: &'a str,
    pub reasons: &'a [String],
    pub created_by: Uuid,
}

pub async fn insert_referral(conn: &mut PgConnection, r: NewReferral<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into underwriting_referral (tenant_id, quote_id, policy_id, product_code, insured_name,
             effective_date, transaction_type, reasons, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning referral_id",
        r.tenant_id,
        r.quote_id,
        r.policy_id,
        r.product_code,
        r.insured_name,
        r.effective_date,
        r.transaction_type,
        r.reasons,
        r.created_by
    )
    .fetch_one(conn)
    .await
}

/// The most recent referral raised for a quote, whatever its status.
pub async fn latest_for_quote(
    conn: &mut PgConnection,
    tenant_id: &str,
    quote_id: Uuid,
) -> sqlx::Result<Option<ReferralRow>> {
    sqlx::query_as!(
        ReferralRow,
        r#"select r.*, p.policy_number as "policy_number?"
           from underwriting_referral r
           left join policy p on p.tenant_id = r.tenant_id and p.policy_id = r.policy_id
           where r.tenant_id = $1 and r.quote_id = $2
           order by r.created_at desc, r.referral_id desc limit 1"#,
        tenant_id,
        quote_id
    )
    .fetch_optional(conn)
    .await
}

/// The referral that decides a servicing transaction of a policy: the latest one still
/// waiting (Open, InfoRequested) or approved and not yet used by a transaction.
pub async fn latest_for_policy(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    transaction_type: &str,
) -> sqlx::Result<Option<ReferralRow>> {
    sqlx::query_as!(
        ReferralRow,
        r#"select r.*, p.policy_number as "policy_number?"
           from underwriting_referral r
           left join policy p on p.tenant_id = r.tenant_id and p.policy_id = r.policy_id
           where r.tenant_id = $1 and r.policy_id = $2 and r.transaction_type = $3
             and (r.status in ('Open', 'InfoRequested')
                  or (r.status = 'Approved' and r.transaction_id is null))
           order by r.created_at desc, r.referral_id desc limit 1"#,
        tenant_id,
        policy_id,
        transaction_type
    )
    .fetch_optional(conn)
    .await
}

pub async fn find_referral(
    conn: &mut PgConnection,
    tenant_id: &str,
    referral_id: Uuid,
) -> sqlx::Result<Option<ReferralRow>> {
    sqlx::query_as!(
        ReferralRow,
        r#"select r.*, p.policy_number as "policy_number?"
           from underwriting_referral r
           left join policy p on p.tenant_id = r.tenant_id and p.policy_id = r.policy_id
           where r.tenant_id = $1 and r.referral_id = $2"#,
        tenant_id,
        referral_id
    )
    .fetch_optional(conn)
    .await
}

/// Locks a referral for a decision.
pub async fn lock_referral(
    conn: &mut PgConnection,
    tenant_id: &str,
    referral_id: Uuid,
) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!(
        "select referral_id from underwriting_referral where tenant_id = $1 and referral_id = $2 for update",
        tenant_id,
        referral_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

/// Writes back the workflow fields of a referral.
pub async fn update_referral(conn: &mut PgConnection, r: &ReferralRow) -> sqlx::Result<()> {
    sqlx::query!(
        "update underwriting_referral set status = $3, assigned_to = $4, comments = $5, decision = $6,
             decided_by = $7, decided_at = $8, decision_reason = $9
         where tenant_id = $1 and referral_id = $2",
        r.tenant_id,
        r.referral_id,
        r.status,
        r.assigned_to,
        r.comments,
        r.decision,
        r.decided_by,
        r.decided_at,
        r.decision_reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Ties a referral to what was bound under it.
pub async fn link_referral(
    conn: &mut PgConnection,
    tenant_id: &str,
    referral_id: Uuid,
    policy_id: Uuid,
    transaction_id: Uuid,
    version_id: Uuid,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update underwriting_referral set policy_id = $3, transaction_id = $4, version_id = $5
         where tenant_id = $1 and referral_id = $2",
        tenant_id,
        referral_id,
        policy_id,
        transaction_id,
        version_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Referrals, newest first, optionally of one status.
pub async fn list_referrals(
    conn: &mut PgConnection,
    tenant_id: &str,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(Vec<ReferralRow>, i64)> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "count!" from underwriting_referral
           where tenant_id = $1 and ($2::text is null or status = $2)"#,
        tenant_id,
        status
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query_as!(
        ReferralRow,
        r#"select r.*, p.policy_number as "policy_number?"
           from underwriting_referral r
           left join policy p on p.tenant_id = r.tenant_id and p.policy_id = r.policy_id
           where r.tenant_id = $1 and ($2::text is null or r.status = $2)
           order by r.created_at desc, r.referral_id desc
           limit $3 offset $4"#,
        tenant_id,
        status,
        limit,
        offset
    )
    .fetch_all(conn)
    .await?;
    Ok((rows, total))
}

pub async fn user_exists(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from app_user where tenant_id = $1 and user_id = $2) as "exists!""#,
        tenant_id,
        user_id
    )
    .fetch_one(conn)
    .await
}
