//! SQL for the policy list, its export and the dashboard counts.

use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection, Postgres, QueryBuilder};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::quotes::escape_like;
use lattice_shared::policy::status::StatusFilter;

/// Filters of the policy list, already validated.
#[derive(Debug)]
pub struct PolicyFilter {
    pub q: Option<String>,
    pub products: Vec<String>,
    pub status: Option<StatusFilter>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    pub today: Date,
    /// A whitelisted column.
    pub sort_column: &'static str,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, FromRow)]
pub struct PolicyListRow {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub product_code: String,
    pub status: String,
    pub term_effective_date: Date,
    pub term_expiration_date: Date,
    pub term_count: i32,
    pub insured_name: String,
    pub state: Option<String>,
    pub agent_name: Option<String>,
    pub premium_total: Decimal,
    pub currency: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

// Built at run time because filters and the sort column vary; only whitelisted column
// names are spliced in, every value is a bind parameter.
fn filtered(select: &str, tenant_id: &str, f: &PolicyFilter) -> QueryBuilder<Postgres> {
    let mut b = QueryBuilder::new(select);
    b.push(" from policy where tenant_id = ")
        .push_bind(tenant_id.to_owned());
    if let Some(q) = &f.q {
        // search_text holds number, id and insured name in lower case, under a trigram index.
        b.push(" and search_text like ")
            .push_bind(format!("%{}%", escape_like(&q.to_lowercase())));
    }
    if !f.products.is_empty() {
        b.push(" and product_code = any(")
            .push_bind(f.products.clone())
            .push(")");
    }
    if let Some(status) = f.status {
        // Mirrors derive_workflow_status exactly.
        let today = f.today;
        match status {
            StatusFilter::Cancelled => {
                b.push(" and status = 'Cancelled'");
            }
            StatusFilter::Expired => {
                b.push(" and status <> 'Cancelled' and term_expiration_date < ")
                    .push_bind(today);
            }
            StatusFilter::Bind => {
                b.push(" and status = 'Bound' and term_expiration_date >= ")
                    .push_bind(today);
            }
            StatusFilter::Issued => {
                b.push(" and status = 'Issued' and term_expiration_date >= ")
                    .push_bind(today)
                    .push(" and term_effective_date > ")
                    .push_bind(today);
            }
            StatusFilter::Inforced => {
                b.push(" and status = 'Issued' and term_expiration_date >= ")
                    .push_bind(today)
                    .push(" and term_effective_date <= ")
                    .push_bind(today);
            }
            StatusFilter::Draft | StatusFilter::Rated => {
                b.push(" and false");
            }
        }
    }
    if let Some(from) = f.effective_from {
        b.push(" and term_effective_date >= ").push_bind(from);
    }
    if let Some(to) = f.effective_to {
        b.push(" and term_effective_date <= ").push_bind(to);
    }
    b
}

pub async fn search_policies(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &PolicyFilter,
    with_total: bool,
) -> sqlx::Result<(Vec<PolicyListRow>, i64)> {
    let total: i64 = if with_total {
        filtered("select count(*)", tenant_id, f)
            .build_query_scalar()
            .fetch_one(&mut *conn)
            .await?
    } else {
        0
    };
    let mut b = filtered(
        "select policy_id, policy_number, product_code, status, term_effective_date, term_expiration_date,
                term_count, insured_name, state, agent_name, premium_total, currency::text as currency,
                created_at, updated_at, updated_by",
        tenant_id,
        f,
    );
    b.push(format_args!(
        " order by {} {}, policy_id limit ",
        f.sort_column,
        if f.descending { "desc" } else { "asc" }
    ));
    b.push_bind(f.limit).push(" offset ").push_bind(f.offset);
    let rows = b.build_query_as().fetch_all(conn).await?;
    Ok((rows, total))
}

/// The underwriting decision of each policy's latest version, for the export.
pub async fn latest_uw(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_ids: &[Uuid],
) -> sqlx::Result<Vec<(Uuid, Option<String>, bool)>> {
    let rows = sqlx::query!(
        r#"select distinct on (policy_id) policy_id, uw_decision, uw_override
           from policy_version where tenant_id = $1 and policy_id = any($2)
           order by policy_id, processed_at desc"#,
        tenant_id,
        policy_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.policy_id, r.uw_decision, r.uw_override))
        .collect())
}

/// `(derived status, product, count)` over all policies of the tenant.
pub async fn status_and_product_counts(
    conn: &mut PgConnection,
    tenant_id: &str,
    today: Date,
) -> sqlx::Result<Vec<(String, String, i64)>> {
    let rows = sqlx::query!(
        r#"select case
                    when status = 'Cancelled' then 'Cancelled'
                    when term_expiration_date < $2 then 'Expired'
                    when status = 'Bound' then 'Bind'
                    when status = 'Issued' and term_effective_date <= $2 then 'Inforced'
                    else 'Issued'
                  end as "status!",
                  product_code, count(*) as "count!"
           from policy where tenant_id = $1 group by 1, 2"#,
        tenant_id,
        today
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.status, r.product_code, r.count))
        .collect())
}

/// Per month since `since`: new policies, their premium, and new quotes.
pub async fn monthly_trend(
    conn: &mut PgConnection,
    tenant_id: &str,
    since: OffsetDateTime,
) -> sqlx::Result<Vec<(String, i64, Decimal, i64)>> {
    let rows = sqlx::query!(
        r#"with p as (
               select to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM') as month,
                      count(*) as policies, sum(premium_total) as premium
               from policy where tenant_id = $1 and created_at >= $2 group by 1),
           q as (
               select to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM') as month,
                      count(*) as quotes
               from quote where tenant_id = $1 and created_at >= $2 group by 1)
           select coalesce(p.month, q.month) as "month!", coalesce(p.policies, 0) as "policies!",
                  coalesce(p.premium, 0) as "premium!", coalesce(q.quotes, 0) as "quotes!"
           from p full join q on q.month = p.month"#,
        tenant_id,
        since
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.month, r.policies, r.premium, r.quotes))
        .collect())
}

pub async fn open_counts(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"select (select count(*) from quote where tenant_id = $1 and status not in ('Converted', 'Issued')) as "quotes!",
                  (select count(*) from underwriting_referral where tenant_id = $1 and status in ('Open', 'InfoRequested')) as "referrals!""#,
        tenant_id
    )
    .fetch_one(conn)
    .await?;
    Ok((row.quotes, row.referrals))
}
