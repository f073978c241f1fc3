//! Provisioning a carrier: the tenant row, its system roles and its first administrator.

use lattice_shared::password::policy_violations;
use lattice_shared::rbac::ADMIN_ROLE;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password;
use crate::db;
pub use crate::db::tenants::is_valid_tenant_id;
use crate::db::timeline::standard_short_rate_json;
use crate::error::{Error, FieldErrors, Result};

/// What `lattice-server tenant create` asks for.
pub struct NewTenant {
    pub tenant_id: String,
    pub name: String,
    pub admin_username: String,
    pub admin_password: String,
}

/// 400 `WEAK_PASSWORD` listing every broken rule, or `Ok`.
pub fn check_password_policy(password: &str) -> Result<()> {
    let problems = policy_violations(password);
    if problems.is_empty() {
        return Ok(());
    }
    Err(
        Error::bad_request("WEAK_PASSWORD", format!("Password {}", problems.join("; ")))
            .with_details(json!({ "violations": problems })),
    )
}

/// Creates the tenant, its system roles and its first admin, all or nothing.
pub async fn create_tenant(pool: &PgPool, new: NewTenant) -> Result<Uuid> {
    let mut fields = FieldErrors::new();
    if !is_valid_tenant_id(&new.tenant_id) {
        fields.add(
            "tenantId",
            "must be 2-63 lowercase letters, digits or '-', starting with a letter or digit",
        );
    }
    if new.name.trim().is_empty() {
        fields.add("name", "must not be empty");
    }
    if new.admin_username.trim().is_empty() {
        fields.add("adminUsername", "must not be empty");
    }
    fields.into_result()?;
    check_password_policy(&new.admin_password)?;

    let hash = password::hash(new.admin_password).await?;
    let mut tx = db::begin_tenant(pool, &new.tenant_id).await?;
    if db::tenants::tenant_exists(&mut tx, &new.tenant_id).await? {
        return Err(Error::conflict(
            "TENANT_EXISTS",
            format!("Tenant {} already exists", new.tenant_id),
        ));
    }
    db::tenants::insert_tenant(&mut tx, &new.tenant_id, new.name.trim()).await?;
    db::rbac::ensure_system_roles(&mut tx, &new.tenant_id).await?;
    db::timeline::ensure_short_rate_table(&mut tx, &new.tenant_id, &standard_short_rate_json())
        .await?;
    let user_id =
        db::users::insert_user(&mut tx, &new.tenant_id, new.admin_username.trim(), &hash).await?;
    db::users::grant_roles(&mut tx, &new.tenant_id, user_id, &[ADMIN_ROLE.to_owned()]).await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %new.tenant_id, user.id = %user_id, "tenant created");
    Ok(user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_are_slugs() {
        for good in ["acme", "sample-carrier", "c9"] {
            assert!(is_valid_tenant_id(good), "{good}");
        }
        for bad in [
            "a",
            "-acme",
            "Acme",
            "acme corp",
            "acme_corp",
            &"x".repeat(64),
        ] {
            assert!(!is_valid_tenant_id(bad), "{bad}");
        }
    }
}
