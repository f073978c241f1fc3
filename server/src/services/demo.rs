//! The demo tenant `sample-carrier`, ensured at start-up outside production.

use lattice_shared::rbac::ADMIN_ROLE;
use sqlx::PgPool;

use crate::auth::password;
use crate::db;

pub const DEMO_TENANT: &str = "sample-carrier";
/// The demo password of every demo user. Never created in production.
pub const DEMO_PASSWORD: &str = "password";
/// Demo users and their role.
pub const DEMO_USERS: &[(&str, &str)] = &[
    ("admin", ADMIN_ROLE),
    ("uw1", "underwriter"),
    ("agent1", "agent"),
    ("actuary1", "actuary"),
];

/// Creates whatever is missing of the demo tenant and its users. Existing users keep
/// their passwords; missing roles are granted again.
pub async fn ensure_demo_tenant(pool: &PgPool) -> anyhow::Result<()> {
    let mut tx = db::begin_tenant(pool, DEMO_TENANT).await?;
    if !db::tenants::tenant_exists(&mut tx, DEMO_TENANT).await? {
        db::tenants::insert_tenant(&mut tx, DEMO_TENANT, "Sample Carrier").await?;
    }
    db::rbac::ensure_system_roles(&mut tx, DEMO_TENANT).await?;
    for (username, role) in DEMO_USERS {
        let user_id = match db::users::find_user_id(&mut tx, DEMO_TENANT, username).await? {
            Some(id) => id,
            None => {
                let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
                db::users::insert_user(&mut tx, DEMO_TENANT, username, &hash).await?
            }
        };
        db::users::grant_roles(&mut tx, DEMO_TENANT, user_id, &[(*role).to_owned()]).await?;
    }
    tx.commit().await?;
    tracing::info!(tenant.id = DEMO_TENANT, "demo tenant ready");
    Ok(())
}
