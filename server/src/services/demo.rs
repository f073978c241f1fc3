//! The demo tenant `sample-carrier`, ensured at start-up outside production.

use lattice_shared::rbac::ADMIN_ROLE;
use sqlx::PgPool;

use crate::auth::password;
use crate::db;
use crate::db::timeline::standard_short_rate_json;

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

/// The products the demo tenant may write in every state.
const DEMO_PRODUCTS: &[&str] = &[
    "personal-auto",
    "homeowners",
    "commercial-auto",
    "cyber",
    "professional-liability",
];
/// The fifty states (not DC), as the reference seeds them.
pub const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY",
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
    // The reference products are open for business in the fifty states.
    let products: Vec<String> = DEMO_PRODUCTS.iter().map(|p| (*p).to_owned()).collect();
    let states: Vec<String> = US_STATES.iter().map(|s| (*s).to_owned()).collect();
    db::reference::seed_eligibility(&mut tx, DEMO_TENANT, &products, &states).await?;
    db::timeline::ensure_short_rate_table(&mut tx, DEMO_TENANT, &standard_short_rate_json())
        .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = DEMO_TENANT, "demo tenant ready");
    Ok(())
}
