//! SQL for the tenant registry.

use sqlx::PgConnection;

/// The settings of a tenant that login needs.
pub struct TenantLoginSettings {
    pub tenant_id: String,
    pub local_auth_enabled: bool,
    pub mfa_required: bool,
}

pub async fn insert_tenant(
    conn: &mut PgConnection,
    tenant_id: &str,
    name: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into tenant (tenant_id, name) values ($1, $2)",
        tenant_id,
        name
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn tenant_exists(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from tenant where tenant_id = $1) as "exists!""#,
        tenant_id
    )
    .fetch_one(conn)
    .await
}

pub async fn find_login_settings(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> sqlx::Result<Option<TenantLoginSettings>> {
    sqlx::query_as!(
        TenantLoginSettings,
        "select tenant_id, local_auth_enabled, mfa_required from tenant where tenant_id = $1",
        tenant_id
    )
    .fetch_optional(conn)
    .await
}
