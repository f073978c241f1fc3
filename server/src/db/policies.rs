//! SQL for policies, their transactions, versions, risk units and coverage selections.

use rust_decimal::Decimal;
use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A policy row (the projection of its current term).
#[derive(Debug, Clone, FromRow)]
pub struct PolicyRow {
    pub policy_id: Uuid,
    pub tenant_id: String,
    pub policy_number: String,
    pub product_code: String,
    pub product_version: String,
    pub status: String,
    pub term_effective_date: Date,
    pub term_expiration_date: Date,
    pub term_months: i32,
    pub term_count: i32,
    pub currency: String,
    pub state: Option<String>,
    pub insured_name: String,
    pub agent_name: Option<String>,
    pub premium_total: Decimal,
    pub premium_fees: Decimal,
    pub premium_taxes: Decimal,
    pub premium: Value,
    pub lifecycle: Value,
    pub metadata: Value,
    pub source_quote_id: Option<Uuid>,
    pub non_renewed_at: Option<Date>,
    pub non_renewal_reason: Option<String>,
    pub timeline_version: i32,
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

pub async fn insert_policy(conn: &mut PgConnection, p: &PolicyRow) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into policy (policy_id, tenant_id, policy_number, product_code, product_version, status,
             term_effective_date, term_expiration_date, term_months, term_count, currency, state,
             insured_name, agent_name, premium_total, premium_fees, premium_taxes, premium, lifecycle,
             metadata, source_quote_id, timeline_version, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 $20, $21, $22, $23, $24)",
        p.policy_id,
        p.tenant_id,
        p.policy_number,
        p.product_code,
        p.product_version,
        p.status,
        p.term_effective_date,
        p.term_expiration_date,
        p.term_months,
        p.term_count,
        p.currency,
        p.state,
        p.insured_name,
        p.agent_name,
        p.premium_total,
        p.premium_fees,
        p.premium_taxes,
        p.premium,
        p.lifecycle,
        p.metadata,
        p.source_quote_id,
        p.timeline_version,
        p.created_by,
        p.updated_by,
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn policy_number_taken(
    conn: &mut PgConnection,
    tenant_id: &str,
    number: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from policy where tenant_id = $1 and policy_number = $2) as "taken!""#,
        tenant_id,
        number
    )
    .fetch_one(conn)
    .await
}

pub async fn find_policy(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Option<PolicyRow>> {
    sqlx::query_as!(
        PolicyRow,
        r#"select policy_id, tenant_id, policy_number, product_code, product_version, status,
                  term_effective_date, term_expiration_date, term_months, term_count,
                  currency as "currency!", state, insured_name, agent_name, premium_total,
                  premium_fees, premium_taxes, premium, lifecycle, metadata, source_quote_id,
                  non_renewed_at, non_renewal_reason, timeline_version,
                  created_at, created_by, updated_at, updated_by
           from policy where tenant_id = $1 and policy_id = $2"#,
        tenant_id,
        policy_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn lock_policy(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Option<PolicyRow>> {
    sqlx::query_as!(
        PolicyRow,
        r#"select policy_id, tenant_id, policy_number, product_code, product_version, status,
                  term_effective_date, term_expiration_date, term_months, term_count,
                  currency as "currency!", state, insured_name, agent_name, premium_total,
                  premium_fees, premium_taxes, premium, lifecycle, metadata, source_quote_id,
                  non_renewed_at, non_renewal_reason, timeline_version,
                  created_at, created_by, updated_at, updated_by
           from policy where tenant_id = $1 and policy_id = $2 for update"#,
        tenant_id,
        policy_id
    )
    .fetch_optional(conn)
    .await
}

/// Writes back everything a lifecycle transaction may change on the policy row.
pub async fn update_policy(conn: &mut PgConnection, p: &PolicyRow) -> sqlx::Result<()> {
    sqlx::query!(
        "update policy set status = $3, term_effective_date = $4, term_expiration_date = $5,
             term_months = $6, term_count = $7, premium_total = $8, premium_fees = $9,
             premium_taxes = $10, premium = $11, lifecycle = $12, metadata = $13,
             non_renewed_at = $14, non_renewal_reason = $15, timeline_version = $16, updated_by = $17
         where tenant_id = $1 and policy_id = $2",
        p.tenant_id,
        p.policy_id,
        p.status,
        p.term_effective_date,
        p.term_expiration_date,
        p.term_months,
        p.term_count,
        p.premium_total,
        p.premium_fees,
        p.premium_taxes,
        p.premium,
        p.lifecycle,
        p.metadata,
        p.non_renewed_at,
        p.non_renewal_reason,
        p.timeline_version,
        p.updated_by
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A new transaction of a policy.
pub struct NewTransaction<'a> {
    pub tenant_id: &'a str,
    pub policy_id: Uuid,
    pub transaction_type: &'a str,
    pub status: &'a str,
    pub transaction_number: &'a str,
    pub effective_date: Date,
    pub term: Value,
    pub requested_changes: Value,
    pub snapshot: &'a Value,
    pub uw: Option<Value>,
    pub metadata: Value,
    pub created_by: Uuid,
}

pub async fn insert_transaction(
    conn: &mut PgConnection,
    t: &NewTransaction<'_>,
) -> sqlx::Result<(Uuid, OffsetDateTime)> {
    let row = sqlx::query!(
        "insert into policy_transaction (tenant_id, policy_id, transaction_type, status, transaction_number,
             effective_date, term, requested_changes, snapshot, uw, metadata, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         returning transaction_id, processed_at",
        t.tenant_id,
        t.policy_id,
        t.transaction_type,
        t.status,
        t.transaction_number,
        t.effective_date,
        t.term,
        t.requested_changes,
        t.snapshot,
        t.uw,
        t.metadata,
        t.created_by
    )
    .fetch_one(conn)
    .await?;
    Ok((row.transaction_id, row.processed_at))
}

pub async fn set_transactions_status(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    transaction_type: &str,
    status: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update policy_transaction set status = $4
         where tenant_id = $1 and policy_id = $2 and transaction_type = $3",
        tenant_id,
        policy_id,
        transaction_type,
        status
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A new version (the policy as of a transaction).
pub struct NewVersion<'a> {
    pub tenant_id: &'a str,
    pub policy_id: Uuid,
    pub transaction_id: Uuid,
    pub transaction_type: &'a str,
    pub transaction_number: &'a str,
    pub effective_date: Date,
    pub processed_at: OffsetDateTime,
    pub premium_total: Decimal,
    pub premium_fees: Decimal,
    pub premium_taxes: Decimal,
    pub currency: &'a str,
    pub premium: &'a Value,
    pub uw_decision: Option<&'a str>,
    pub uw_override: bool,
    pub override_reason: Option<&'a str>,
    pub uw_submitted_by: Option<&'a str>,
    pub payload: &'a Value,
    pub changes: &'a Value,
    pub timeline_version: Option<i32>,
    pub cancellation_reason_code: Option<&'a str>,
    pub cancellation_type: Option<&'a str>,
    pub return_premium_amount: Option<Decimal>,
    pub created_by: Uuid,
}

pub async fn insert_version(conn: &mut PgConnection, v: &NewVersion<'_>) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into policy_version (tenant_id, policy_id, transaction_id, transaction_type,
             transaction_number, effective_date, processed_at, premium_total, premium_fees,
             premium_taxes, currency, premium, uw_decision, uw_override, override_reason,
             uw_submitted_by, payload, changes, timeline_version, cancellation_reason_code,
             cancellation_type, return_premium_amount, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23)
         returning version_id",
        v.tenant_id,
        v.policy_id,
        v.transaction_id,
        v.transaction_type,
        v.transaction_number,
        v.effective_date,
        v.processed_at,
        v.premium_total,
        v.premium_fees,
        v.premium_taxes,
        v.currency,
        v.premium,
        v.uw_decision,
        v.uw_override,
        v.override_reason,
        v.uw_submitted_by,
        v.payload,
        v.changes,
        v.timeline_version,
        v.cancellation_reason_code,
        v.cancellation_type,
        v.return_premium_amount,
        v.created_by
    )
    .fetch_one(conn)
    .await
}

/// One risk of a version.
pub async fn insert_risk_units(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    version_id: Uuid,
    kind: &str,
    risks: &[Value],
    term: (Date, Date),
) -> sqlx::Result<()> {
    // One JSON array parameter keeps the statement checked; jsonb_array_elements unpacks it.
    let risks = Value::Array(risks.to_vec());
    sqlx::query!(
        "insert into risk_unit (tenant_id, policy_id, version_id, position, kind, attributes,
             effective_date, expiration_date)
         select $1, $2, $3, (r.n - 1)::int, $4, r.a, $6, $7
         from jsonb_array_elements($5::jsonb) with ordinality as r(a, n)",
        tenant_id,
        policy_id,
        version_id,
        kind,
        risks,
        term.0,
        term.1
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The coverage lines of a version, with each line's premium.
pub struct CoverageLine {
    pub code: String,
    pub selected: bool,
    pub limit: Option<Value>,
    pub deductible: Option<Value>,
    pub percent: Option<Value>,
    pub premium: Option<Decimal>,
}

pub async fn insert_coverages(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    version_id: Uuid,
    lines: &[CoverageLine],
) -> sqlx::Result<()> {
    // The lines travel as one JSON array; premiums as text keep their exact decimals.
    let rows: Vec<Value> = lines
        .iter()
        .map(|l| {
            serde_json::json!({"code": l.code, "selected": l.selected, "limit": l.limit,
                "deductible": l.deductible, "percent": l.percent,
                "premium": l.premium.map(|p| p.to_string())})
        })
        .collect();
    sqlx::query!(
        "insert into coverage_selection (tenant_id, policy_id, version_id, line_no, coverage_code,
             selected, limit_value, deductible, percent, premium)
         select $1, $2, $3, r.n::int, r.e->>'code', (r.e->>'selected')::bool,
                nullif(r.e->'limit', 'null'::jsonb), nullif(r.e->'deductible', 'null'::jsonb),
                nullif(r.e->'percent', 'null'::jsonb), (r.e->>'premium')::numeric
         from jsonb_array_elements($4::jsonb) with ordinality as r(e, n)",
        tenant_id,
        policy_id,
        version_id,
        Value::Array(rows),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A version as the reads show it.
#[derive(Debug, FromRow)]
pub struct VersionRow {
    pub version_id: Uuid,
    pub transaction_id: Uuid,
    pub transaction_type: String,
    pub transaction_number: String,
    pub effective_date: Date,
    pub processed_at: OffsetDateTime,
    pub premium_total: Decimal,
    pub premium_fees: Decimal,
    pub premium_taxes: Decimal,
    pub currency: String,
    pub premium: Value,
    pub uw_decision: Option<String>,
    pub uw_override: bool,
    pub override_reason: Option<String>,
    pub uw_submitted_by: Option<String>,
    pub payload: Value,
    pub seq: i64,
    pub changes: Value,
    pub cancellation_reason_code: Option<String>,
    pub return_premium_amount: Option<Decimal>,
    pub created_at: OffsetDateTime,
    pub created_by_name: Option<String>,
}

/// Every version of a policy, oldest processed first.
pub async fn list_versions(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as!(
        VersionRow,
        r#"select v.version_id, v.transaction_id, v.transaction_type, v.transaction_number,
                  v.effective_date, v.processed_at, v.premium_total, v.premium_fees, v.premium_taxes,
                  v.currency as "currency!", v.premium, v.uw_decision, v.uw_override, v.override_reason,
                  v.uw_submitted_by, v.payload, v.seq, v.changes, v.cancellation_reason_code,
                  v.return_premium_amount, v.created_at, u.username as "created_by_name?"
           from policy_version v
           left join app_user u on u.tenant_id = v.tenant_id and u.user_id = v.created_by
           where v.tenant_id = $1 and v.policy_id = $2
           order by v.seq"#,
        tenant_id,
        policy_id
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct CoverageRow {
    pub line_no: i32,
    pub coverage_code: String,
    pub selected: bool,
    pub limit_value: Option<Value>,
    pub deductible: Option<Value>,
    pub percent: Option<Value>,
    pub premium: Option<Decimal>,
}

pub async fn list_coverages(
    conn: &mut PgConnection,
    tenant_id: &str,
    version_id: Uuid,
) -> sqlx::Result<Vec<CoverageRow>> {
    sqlx::query_as!(
        CoverageRow,
        "select line_no, coverage_code, selected, limit_value, deductible, percent, premium
         from coverage_selection where tenant_id = $1 and version_id = $2 order by line_no",
        tenant_id,
        version_id
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct RiskRow {
    pub position: i32,
    pub kind: String,
    pub attributes: Value,
}

pub async fn list_risks(
    conn: &mut PgConnection,
    tenant_id: &str,
    version_id: Uuid,
) -> sqlx::Result<Vec<RiskRow>> {
    sqlx::query_as!(
        RiskRow,
        "select position, kind, attributes from risk_unit
         where tenant_id = $1 and version_id = $2 order by position",
        tenant_id,
        version_id
    )
    .fetch_all(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct TransactionRow {
    pub transaction_id: Uuid,
    pub transaction_type: String,
    pub status: String,
    pub transaction_number: String,
    pub effective_date: Date,
    pub term: Value,
    pub requested_changes: Value,
    pub uw: Option<Value>,
    pub metadata: Value,
    pub processed_at: OffsetDateTime,
    pub created_by_name: Option<String>,
}

pub async fn list_transactions(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
) -> sqlx::Result<Vec<TransactionRow>> {
    sqlx::query_as!(
        TransactionRow,
        r#"select t.transaction_id, t.transaction_type, t.status, t.transaction_number, t.effective_date,
                  t.term, t.requested_changes, t.uw, t.metadata, t.processed_at,
                  u.username as "created_by_name?"
           from policy_transaction t
           left join app_user u on u.tenant_id = t.tenant_id and u.user_id = t.created_by
           where t.tenant_id = $1 and t.policy_id = $2
           order by t.processed_at, t.transaction_id"#,
        tenant_id,
        policy_id
    )
    .fetch_all(conn)
    .await
}
