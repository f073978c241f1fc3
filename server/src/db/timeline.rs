//! SQL for the persisted timeline (segments per timeline version) and short-rate tables.

use rust_decimal::Decimal;
use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::Date;
use uuid::Uuid;

/// One segment of a timeline version, as stored.
#[derive(Debug, Clone, FromRow)]
pub struct SegmentRow {
    pub segment_start: Date,
    pub segment_end: Date,
    pub source_version_id: Uuid,
    pub in_force: bool,
    pub payload: Value,
    pub premium_total: Decimal,
    pub premium_fees: Decimal,
    pub premium_taxes: Decimal,
    pub currency: String,
    pub premium: Value,
}

/// Stores the segments of timeline version `timeline_version`. Earlier versions stay, so
/// the history of how the timeline looked is kept.
pub async fn insert_segments(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    timeline_version: i32,
    segments: &[SegmentRow],
) -> sqlx::Result<()> {
    for s in segments {
        sqlx::query!(
            "insert into policy_timeline_segment (tenant_id, policy_id, timeline_version,
                 segment_start, segment_end, source_version_id, in_force, payload, premium_total,
                 premium_fees, premium_taxes, currency, premium)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            tenant_id,
            policy_id,
            timeline_version,
            s.segment_start,
            s.segment_end,
            s.source_version_id,
            s.in_force,
            s.payload,
            s.premium_total,
            s.premium_fees,
            s.premium_taxes,
            s.currency,
            s.premium
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The segments of one timeline version, in date order.
pub async fn list_segments(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    timeline_version: i32,
) -> sqlx::Result<Vec<SegmentRow>> {
    sqlx::query_as!(
        SegmentRow,
        r#"select segment_start, segment_end, source_version_id, in_force, payload, premium_total,
                  premium_fees, premium_taxes, currency as "currency!", premium
           from policy_timeline_segment
           where tenant_id = $1 and policy_id = $2 and timeline_version = $3
           order by segment_start"#,
        tenant_id,
        policy_id,
        timeline_version
    )
    .fetch_all(conn)
    .await
}

/// The tenant's short-rate bands for a policy: the most specific active table wins
/// (product and state, then product, then state, then the tenant-wide table).
pub async fn find_short_rate_bands(
    conn: &mut PgConnection,
    tenant_id: &str,
    product_code: &str,
    state: Option<&str>,
) -> sqlx::Result<Option<Value>> {
    sqlx::query_scalar!(
        "select bands from short_rate_table
         where tenant_id = $1 and active
           and (product_code is null or product_code = $2)
           and (state_code is null or state_code = upper($3))
         order by (product_code is not null) desc, (state_code is not null) desc
         limit 1",
        tenant_id,
        product_code,
        state
    )
    .fetch_optional(conn)
    .await
}

/// Gives the tenant a tenant-wide short-rate table unless it already has one.
pub async fn ensure_short_rate_table(
    conn: &mut PgConnection,
    tenant_id: &str,
    bands: &Value,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into short_rate_table (tenant_id, product_code, state_code, bands)
         values ($1, null, null, $2)
         on conflict on constraint short_rate_table_key do nothing",
        tenant_id,
        bands
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The standard short-rate table every tenant starts with, as stored.
pub fn standard_short_rate_json() -> Value {
    serde_json::to_value(lattice_shared::policy::proration::standard_short_rate_table())
        .unwrap_or_default()
}
