//! SQL for reference data: state eligibility, underwriting companies, cancellation reasons.

use sqlx::{FromRow, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

/// The eligibility status of `product` in `state`, if configured.
pub async fn find_eligibility(
    conn: &mut PgConnection,
    tenant_id: &str,
    product_code: &str,
    state_code: &str,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "select status from product_state_eligibility
         where tenant_id = $1 and product_code = $2 and state_code = $3",
        tenant_id,
        product_code,
        state_code
    )
    .fetch_optional(conn)
    .await
}

/// Marks every `product` x `state` pair ACTIVE unless already configured.
pub async fn seed_eligibility(
    conn: &mut PgConnection,
    tenant_id: &str,
    products: &[String],
    states: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into product_state_eligibility (tenant_id, product_code, state_code)
         select $1, p, s from unnest($2::text[]) p cross join unnest($3::text[]) s
         on conflict on constraint product_state_eligibility_key do nothing",
        tenant_id,
        products,
        states
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Creates or replaces the eligibility of `product` in `state`.
pub async fn upsert_eligibility(
    conn: &mut PgConnection,
    tenant_id: &str,
    product_code: &str,
    state_code: &str,
    status: &str,
    notes: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into product_state_eligibility (tenant_id, product_code, state_code, status, notes)
         values ($1, $2, $3, $4, $5)
         on conflict on constraint product_state_eligibility_key
         do update set status = excluded.status, notes = excluded.notes",
        tenant_id,
        product_code,
        state_code,
        status,
        notes
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct CancellationReasonRow {
    pub reason_code: String,
    pub description: String,
    pub initiator: String,
    pub cancellation_type: String,
    pub notice_days: i32,
    pub return_premium: String,
    pub is_system: bool,
}

pub async fn list_cancellation_reasons(
    conn: &mut PgConnection,
) -> sqlx::Result<Vec<CancellationReasonRow>> {
    sqlx::query_as!(
        CancellationReasonRow,
        "select reason_code, description, initiator, cancellation_type, notice_days, return_premium, is_system
         from cancellation_reason_code order by reason_code"
    )
    .fetch_all(conn)
    .await
}

/// One cancellation reason code (codes are matched exactly, upper case).
pub async fn find_cancellation_reason(
    conn: &mut PgConnection,
    code: &str,
) -> sqlx::Result<Option<CancellationReasonRow>> {
    sqlx::query_as!(
        CancellationReasonRow,
        "select reason_code, description, initiator, cancellation_type, notice_days, return_premium, is_system
         from cancellation_reason_code where reason_code = $1",
        code
    )
    .fetch_optional(conn)
    .await
}

#[derive(Debug, FromRow)]
pub struct CompanyRow {
    pub company_id: Uuid,
    pub name: String,
    pub product_code: String,
    pub country_code: String,
    pub state_code: String,
    pub active: bool,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Companies matching the optional filters; a company for state `ALL` matches any state.
pub async fn find_companies(
    conn: &mut PgConnection,
    tenant_id: &str,
    product_code: Option<&str>,
    country_code: Option<&str>,
    state_code: Option<&str>,
    include_inactive: bool,
) -> sqlx::Result<Vec<CompanyRow>> {
    sqlx::query_as!(
        CompanyRow,
        "select company_id, name, product_code, country_code, state_code, active, created_at, updated_at
         from underwriting_company
         where tenant_id = $1
           and ($2::text is null or product_code = $2)
           and ($3::text is null or upper(country_code) = upper($3))
           and ($4::text is null or upper(state_code) in (upper($4), 'ALL'))
           and (active or $5)
         order by name, product_code, state_code",
        tenant_id,
        product_code,
        country_code,
        state_code,
        include_inactive
    )
    .fetch_all(conn)
    .await
}

pub async fn insert_company(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
    product_code: &str,
    country_code: &str,
    state_code: &str,
    active: bool,
) -> sqlx::Result<CompanyRow> {
    sqlx::query_as!(
        CompanyRow,
        "insert into underwriting_company (tenant_id, name, product_code, country_code, state_code, active)
         values ($1, $2, $3, $4, $5, $6)
         returning company_id, name, product_code, country_code, state_code, active, created_at, updated_at",
        tenant_id,
        name,
        product_code,
        country_code,
        state_code,
        active
    )
    .fetch_one(conn)
    .await
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of the row"
)]
pub async fn update_company(
    conn: &mut PgConnection,
    tenant_id: &str,
    company_id: Uuid,
    name: &str,
    product_code: &str,
    country_code: &str,
    state_code: &str,
    active: bool,
) -> sqlx::Result<Option<CompanyRow>> {
    sqlx::query_as!(
        CompanyRow,
        "update underwriting_company set name = $3, product_code = $4, country_code = $5,
             state_code = $6, active = $7
         where tenant_id = $1 and company_id = $2
         returning company_id, name, product_code, country_code, state_code, active, created_at, updated_at",
        tenant_id,
        company_id,
        name,
        product_code,
        country_code,
        state_code,
        active
    )
    .fetch_optional(conn)
    .await
}

pub async fn find_company(
    conn: &mut PgConnection,
    tenant_id: &str,
    company_id: Uuid,
) -> sqlx::Result<Option<CompanyRow>> {
    sqlx::query_as!(
        CompanyRow,
        "select company_id, name, product_code, country_code, state_code, active, created_at, updated_at
         from underwriting_company where tenant_id = $1 and company_id = $2",
        tenant_id,
        company_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn delete_company(
    conn: &mut PgConnection,
    tenant_id: &str,
    company_id: Uuid,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "delete from underwriting_company where tenant_id = $1 and company_id = $2",
        tenant_id,
        company_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
