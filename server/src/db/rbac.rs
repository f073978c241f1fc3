//! SQL for roles and permissions.

use anyhow::Context;
use lattice_shared::rbac::{self, SYSTEM_ROLES};
use sqlx::{PgConnection, PgPool};

use super::begin_tenant;

/// Makes `rbac_permission` equal to the catalog compiled into this server.
pub async fn sync_permission_catalog(conn: &mut PgConnection) -> anyhow::Result<()> {
    let catalog = rbac::catalog();
    let column = |f: fn(&rbac::PermissionDef) -> String| catalog.iter().map(f).collect::<Vec<_>>();
    let codes = column(|p| p.code.clone());
    sqlx::query!(
        "insert into rbac_permission
             (permission_code, scope, resource_key, action_key, label, description, sort_order)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
         on conflict (permission_code) do update set
             scope = excluded.scope, resource_key = excluded.resource_key,
             action_key = excluded.action_key, label = excluded.label,
             description = excluded.description, sort_order = excluded.sort_order",
        &codes,
        &column(|p| p.scope.to_owned()),
        &column(|p| p.resource_key.clone()),
        &column(|p| p.action_key.clone()),
        &column(|p| p.label.clone()),
        &column(|p| p.description.clone()),
        &catalog.iter().map(|p| p.sort_order).collect::<Vec<_>>(),
    )
    .execute(&mut *conn)
    .await
    .context("updating the permission catalog")?;
    sqlx::query!(
        "delete from rbac_permission where permission_code <> all($1)",
        &codes
    )
    .execute(&mut *conn)
    .await
    .context("removing retired permissions")?;
    Ok(())
}

/// Creates any missing system role of `tenant_id`. A role gets its default permissions only
/// when it has none, so an administrator's edits to a system role survive upgrades.
pub async fn ensure_system_roles(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<()> {
    let codes: Vec<&str> = SYSTEM_ROLES.iter().map(|r| r.code).collect();
    let names: Vec<&str> = SYSTEM_ROLES.iter().map(|r| r.name).collect();
    let descriptions: Vec<&str> = SYSTEM_ROLES.iter().map(|r| r.description).collect();
    sqlx::query!(
        "insert into rbac_role (tenant_id, role_code, role_name, description, is_system)
         select $1, code, name, description, true
         from unnest($2::text[], $3::text[], $4::text[]) as r(code, name, description)
         on conflict (tenant_id, role_code) do update set is_system = true",
        tenant_id,
        &codes as &[&str],
        &names as &[&str],
        &descriptions as &[&str],
    )
    .execute(&mut *conn)
    .await?;

    let (roles, permissions): (Vec<&str>, Vec<&str>) = SYSTEM_ROLES
        .iter()
        .flat_map(|role| {
            rbac::default_permissions(role)
                .into_iter()
                .map(move |p| (role.code, p))
        })
        .unzip();
    sqlx::query!(
        "insert into rbac_role_permission (tenant_id, role_code, permission_code)
         select $1, d.role_code, d.permission_code
         from unnest($2::text[], $3::text[]) as d(role_code, permission_code)
         where not exists (
             select 1 from rbac_role_permission p
             where p.tenant_id = $1 and p.role_code = d.role_code)
         on conflict do nothing",
        tenant_id,
        &roles as &[&str],
        &permissions as &[&str],
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Runs [`ensure_system_roles`] for every tenant, each in its own tenant transaction.
pub async fn ensure_system_roles_for_all_tenants(pool: &PgPool) -> anyhow::Result<()> {
    let tenants = sqlx::query_scalar!("select tenant_id from tenant order by tenant_id")
        .fetch_all(pool)
        .await?;
    for tenant_id in tenants {
        let mut tx = begin_tenant(pool, &tenant_id).await?;
        ensure_system_roles(&mut tx, &tenant_id)
            .await
            .with_context(|| format!("seeding system roles of tenant {tenant_id}"))?;
        tx.commit().await?;
    }
    Ok(())
}

/// The active role codes among `codes` that exist in the tenant.
pub async fn find_active_roles(
    conn: &mut PgConnection,
    tenant_id: &str,
    codes: &[String],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select role_code from rbac_role
         where tenant_id = $1 and role_code = any($2) and active",
        tenant_id,
        codes
    )
    .fetch_all(conn)
    .await
}

/// A role with its permissions and how many users hold it.
pub struct RoleRow {
    pub role_code: String,
    pub role_name: String,
    pub description: String,
    pub is_system: bool,
    pub active: bool,
    pub permission_codes: Vec<String>,
    pub user_count: i64,
}

pub async fn list_roles(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<Vec<RoleRow>> {
    sqlx::query_as!(
        RoleRow,
        r#"select r.role_code, r.role_name, r.description, r.is_system, r.active,
                  coalesce(array(select p.permission_code from rbac_role_permission p
                                 where p.tenant_id = r.tenant_id and p.role_code = r.role_code
                                 order by p.permission_code), '{}') as "permission_codes!",
                  (select count(*) from user_role u
                   where u.tenant_id = r.tenant_id and u.role_code = r.role_code) as "user_count!"
           from rbac_role r
           where r.tenant_id = $1
           order by r.is_system desc, r.role_code"#,
        tenant_id
    )
    .fetch_all(conn)
    .await
}

/// The permission catalog in display order.
pub async fn list_permissions(
    conn: &mut PgConnection,
) -> sqlx::Result<Vec<lattice_shared::api::admin::PermissionView>> {
    sqlx::query_as!(
        lattice_shared::api::admin::PermissionView,
        "select permission_code, scope, resource_key, action_key, label, description, sort_order
         from rbac_permission order by sort_order"
    )
    .fetch_all(conn)
    .await
}
