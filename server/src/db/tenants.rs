//! SQL for the tenant registry.

use sqlx::PgConnection;

/// Whether `id` is a tenant slug: 2 to 63 of `a-z0-9-`, starting with a letter or digit.
pub fn is_valid_tenant_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (2..=63).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

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

/// The tenant settings quoting and binding read.
pub struct TenantSettings {
    pub tenant_id: String,
    pub name: String,
    pub default_country_code: String,
    pub date_formats_by_country: serde_json::Value,
    pub policy_number_formats_by_product: serde_json::Value,
    pub mfa_required: bool,
    pub local_auth_enabled: bool,
    pub quote_validity_days: i32,
    pub ai_ml_config: serde_json::Value,
}

pub async fn find_settings(
    conn: &mut PgConnection,
    tenant_id: &str,
) -> sqlx::Result<Option<TenantSettings>> {
    sqlx::query_as!(
        TenantSettings,
        r#"select tenant_id, name, default_country_code as "default_country_code!",
                  date_formats_by_country, policy_number_formats_by_product, mfa_required,
                  local_auth_enabled, quote_validity_days, ai_ml_config
           from tenant where tenant_id = $1"#,
        tenant_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn update_settings(conn: &mut PgConnection, s: &TenantSettings) -> sqlx::Result<()> {
    sqlx::query!(
        "update tenant set name = $2, default_country_code = $3, date_formats_by_country = $4,
             policy_number_formats_by_product = $5, mfa_required = $6, local_auth_enabled = $7,
             quote_validity_days = $8, ai_ml_config = $9
         where tenant_id = $1",
        s.tenant_id,
        s.name,
        s.default_country_code,
        s.date_formats_by_country,
        s.policy_number_formats_by_product,
        s.mfa_required,
        s.local_auth_enabled,
        s.quote_validity_days,
        s.ai_ml_config
    )
    .execute(conn)
    .await?;
    Ok(())
}
