//! SQL for quotes.

use serde_json::Value;
use sqlx::{FromRow, PgConnection, Postgres, QueryBuilder};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A stored quote.
#[derive(Debug, Clone, FromRow)]
pub struct QuoteRow {
    pub quote_id: Uuid,
    pub tenant_id: String,
    pub quote_number: String,
    pub product_code: String,
    pub effective_date: Option<Date>,
    pub term_months: Option<i32>,
    pub state: Option<String>,
    pub payload: Value,
    pub underwriting: Option<Value>,
    pub premium: Option<Value>,
    pub status: String,
    pub progress_step: i32,
    pub rated_at: Option<OffsetDateTime>,
    pub converted_policy_id: Option<Uuid>,
    pub status_history: Value,
    pub step_history: Value,
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

pub async fn insert_quote(conn: &mut PgConnection, q: &QuoteRow) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into quote (quote_id, tenant_id, quote_number, product_code, effective_date,
             term_months, state, payload, underwriting, premium, status, progress_step, rated_at,
             status_history, step_history, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        q.quote_id,
        q.tenant_id,
        q.quote_number,
        q.product_code,
        q.effective_date,
        q.term_months,
        q.state,
        q.payload,
        q.underwriting,
        q.premium,
        q.status,
        q.progress_step,
        q.rated_at,
        q.status_history,
        q.step_history,
        q.created_by,
        q.updated_by,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes back every field a use case may change.
pub async fn update_quote(conn: &mut PgConnection, q: &QuoteRow) -> sqlx::Result<OffsetDateTime> {
    sqlx::query_scalar!(
        "update quote set product_code = $3, effective_date = $4, term_months = $5, state = $6,
             payload = $7, underwriting = $8, premium = $9, status = $10, progress_step = $11,
             rated_at = $12, converted_policy_id = $13, status_history = $14, step_history = $15,
             updated_by = $16
         where tenant_id = $1 and quote_id = $2
         returning updated_at",
        q.tenant_id,
        q.quote_id,
        q.product_code,
        q.effective_date,
        q.term_months,
        q.state,
        q.payload,
        q.underwriting,
        q.premium,
        q.status,
        q.progress_step,
        q.rated_at,
        q.converted_policy_id,
        q.status_history,
        q.step_history,
        q.updated_by,
    )
    .fetch_one(conn)
    .await
}

pub async fn find_quote(
    conn: &mut PgConnection,
    tenant_id: &str,
    quote_id: Uuid,
) -> sqlx::Result<Option<QuoteRow>> {
    sqlx::query_as!(
        QuoteRow,
        "select quote_id, tenant_id, quote_number, product_code, effective_date, term_months, state,
                payload, underwriting, premium, status, progress_step, rated_at, converted_policy_id,
                status_history, step_history, created_at, created_by, updated_at, updated_by
         from quote where tenant_id = $1 and quote_id = $2",
        tenant_id,
        quote_id
    )
    .fetch_optional(conn)
    .await
}

/// As [`find_quote`], locking the row until the transaction ends (binding serialises here).
pub async fn lock_quote(
    conn: &mut PgConnection,
    tenant_id: &str,
    quote_id: Uuid,
) -> sqlx::Result<Option<QuoteRow>> {
    sqlx::query_as!(
        QuoteRow,
        "select quote_id, tenant_id, quote_number, product_code, effective_date, term_months, state,
                payload, underwriting, premium, status, progress_step, rated_at, converted_policy_id,
                status_history, step_history, created_at, created_by, updated_at, updated_by
         from quote where tenant_id = $1 and quote_id = $2 for update",
        tenant_id,
        quote_id
    )
    .fetch_optional(conn)
    .await
}

/// Filters of the quote list, already validated.
#[derive(Debug, Default)]
pub struct QuoteFilter {
    pub q: Option<String>,
    pub products: Vec<String>,
    pub status: Option<String>,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
    /// A whitelisted column.
    pub sort_column: &'static str,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

/// A row of the quote list.
#[derive(Debug, FromRow)]
pub struct QuoteListRow {
    pub quote_id: Uuid,
    pub quote_number: String,
    pub product_code: String,
    pub effective_date: Option<Date>,
    pub status: String,
    pub progress_step: i32,
    pub total_premium: Option<f64>,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

// The list is built at run time: its filters and sort column vary, and only a literal,
// whitelisted column name is ever spliced into the SQL.
fn filtered(select: &str, tenant_id: &str, f: &QuoteFilter) -> QueryBuilder<Postgres> {
    let mut b = QueryBuilder::new(select);
    b.push(" from quote where tenant_id = ")
        .push_bind(tenant_id.to_owned());
    b.push(" and status not in ('Converted', 'Issued')");
    if let Some(q) = &f.q {
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        b.push(" and (lower(quote_number) like ")
            .push_bind(pattern.clone())
            .push(" or quote_id::text like ")
            .push_bind(pattern)
            .push(")");
    }
    if !f.products.is_empty() {
        b.push(" and product_code = any(")
            .push_bind(f.products.clone())
            .push(")");
    }
    if let Some(status) = &f.status {
        b.push(" and lower(status) = lower(")
            .push_bind(status.clone())
            .push(")");
    }
    if let Some(from) = f.effective_from {
        b.push(" and effective_date >= ").push_bind(from);
    }
    if let Some(to) = f.effective_to {
        b.push(" and effective_date <= ").push_bind(to);
    }
    b
}

pub async fn search_quotes(
    conn: &mut PgConnection,
    tenant_id: &str,
    f: &QuoteFilter,
) -> sqlx::Result<(Vec<QuoteListRow>, i64)> {
    let total: i64 = filtered("select count(*)", tenant_id, f)
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await?;
    let mut b = filtered(
        "select quote_id, quote_number, product_code, effective_date, status, progress_step,
                (premium->'total'->>'amount')::float8 as total_premium, updated_at, updated_by",
        tenant_id,
        f,
    );
    b.push(format_args!(
        " order by {} {} nulls last, quote_id limit ",
        f.sort_column,
        if f.descending { "desc" } else { "asc" }
    ));
    b.push_bind(f.limit).push(" offset ").push_bind(f.offset);
    let rows = b.build_query_as().fetch_all(conn).await?;
    Ok((rows, total))
}

/// `%`, `_` and `\` taken literally in a LIKE pattern.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
