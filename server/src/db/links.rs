//! SQL for the links between policies and their customers (named insureds).

use rust_decimal::Decimal;
use sqlx::{FromRow, PgConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Links `customer_id` to the policy in `role_code`. A primary link demotes the role's
/// other primary customer. Linking again updates the link.
pub async fn link(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    customer_id: Uuid,
    role_code: &str,
    is_primary: bool,
    source: &str,
) -> sqlx::Result<()> {
    if is_primary {
        sqlx::query!(
            "update policy_customer_link set is_primary = false
             where tenant_id = $1 and policy_id = $2 and role_code = $3 and customer_id <> $4
               and is_primary",
            tenant_id,
            policy_id,
            role_code,
            customer_id
        )
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query!(
        "insert into policy_customer_link (tenant_id, policy_id, customer_id, role_code,
             is_primary, source)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, policy_id, customer_id, role_code)
             do update set is_primary = excluded.is_primary, source = excluded.source",
        tenant_id,
        policy_id,
        customer_id,
        role_code,
        is_primary,
        source
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the customer is linked to the policy in any role.
pub async fn is_linked(
    conn: &mut PgConnection,
    tenant_id: &str,
    policy_id: Uuid,
    customer_id: Uuid,
) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from policy_customer_link
           where tenant_id = $1 and policy_id = $2 and customer_id = $3) as "linked!""#,
        tenant_id,
        policy_id,
        customer_id
    )
    .fetch_one(conn)
    .await
}

/// A policy as its customer's lists show it.
#[derive(Debug, FromRow)]
pub struct LinkedPolicy {
    pub policy_id: Uuid,
    pub policy_number: String,
    pub product_code: String,
    pub status: String,
    pub term_effective_date: Date,
    pub term_expiration_date: Date,
    pub premium_total: Decimal,
    pub currency: String,
    pub role_code: String,
    pub is_primary: bool,
    pub source: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The customer's policies (once each), newest term first; `statuses` limits the
/// persisted statuses when given.
pub async fn policies_of(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    statuses: Option<&[String]>,
) -> sqlx::Result<Vec<LinkedPolicy>> {
    sqlx::query_as!(
        LinkedPolicy,
        r#"select distinct on (p.term_effective_date, p.policy_id)
                  p.policy_id, p.policy_number, p.product_code, p.status, p.term_effective_date,
                  p.term_expiration_date, p.premium_total, p.currency as "currency!", l.role_code,
                  l.is_primary, l.source, p.created_at, p.updated_at
           from policy_customer_link l
           join policy p on p.tenant_id = l.tenant_id and p.policy_id = l.policy_id
           where l.tenant_id = $1 and l.customer_id = $2
             and ($3::text[] is null or p.status = any($3))
           order by p.term_effective_date desc, p.policy_id, l.is_primary desc"#,
        tenant_id,
        customer_id,
        statuses
    )
    .fetch_all(conn)
    .await
}

/// The customer of a portal user.
#[derive(Debug, FromRow)]
pub struct PortalCustomer {
    pub customer_id: Uuid,
    pub customer_key: String,
    pub display_name: String,
    pub entity_type: String,
}

pub async fn customer_of_user(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<Option<PortalCustomer>> {
    sqlx::query_as!(
        PortalCustomer,
        "select c.customer_id, c.customer_key, c.display_name, c.entity_type
         from app_user u join customer c on c.tenant_id = u.tenant_id and c.customer_id = u.customer_id
         where u.tenant_id = $1 and u.user_id = $2",
        tenant_id,
        user_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn find_portal_customer(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
) -> sqlx::Result<Option<PortalCustomer>> {
    sqlx::query_as!(
        PortalCustomer,
        "select customer_id, customer_key, display_name, entity_type from customer
         where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .fetch_optional(conn)
    .await
}
