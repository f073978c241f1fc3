//! SQL for user accounts, their login counters and their roles.

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// Consecutive failed logins that lock an account.
pub const LOCKOUT_THRESHOLD: i32 = 5;

/// What login needs to know about an account.
pub struct LoginCandidate {
    pub user_id: Uuid,
    pub username: String,
    pub password_hash: String,
    pub disabled: bool,
    pub locked_until: Option<OffsetDateTime>,
    pub auth_provider: String,
    pub mfa_enabled: bool,
}

/// A user's identity with the roles and permissions in force right now.
pub struct SessionRow {
    pub user_id: Uuid,
    pub tenant_id: String,
    pub username: String,
    pub disabled: bool,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    /// The customer a portal user acts for.
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
}

pub async fn find_login_candidate(
    conn: &mut PgConnection,
    tenant_id: &str,
    username: &str,
) -> sqlx::Result<Option<LoginCandidate>> {
    sqlx::query_as!(
        LoginCandidate,
        "select user_id, username, password_hash, disabled, locked_until, auth_provider, mfa_enabled
         from app_user where tenant_id = $1 and lower(username) = lower($2)",
        tenant_id,
        username
    )
    .fetch_optional(conn)
    .await
}

/// Counts a failed login; the [`LOCKOUT_THRESHOLD`]th in a row locks the account for
/// 15 minutes and resets the count. Returns whether this failure locked it.
pub async fn record_failed_login(conn: &mut PgConnection, user_id: Uuid) -> sqlx::Result<bool> {
    let locked = sqlx::query_scalar!(
        r#"update app_user set
               failed_login_attempts = case when failed_login_attempts + 1 >= $2 then 0
                                            else failed_login_attempts + 1 end,
               locked_until = case when failed_login_attempts + 1 >= $2
                                   then now() + interval '15 minutes' else locked_until end
           where user_id = $1
           returning locked_until is not null and locked_until > now() as "locked!""#,
        user_id,
        LOCKOUT_THRESHOLD
    )
    .fetch_one(conn)
    .await?;
    Ok(locked)
}

pub async fn record_successful_login(conn: &mut PgConnection, user_id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update app_user set failed_login_attempts = 0, locked_until = null
         where user_id = $1 and (failed_login_attempts <> 0 or locked_until is not null)",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The user with their active roles and those roles' permissions.
pub async fn find_session(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as!(
        SessionRow,
        r#"select u.user_id, u.tenant_id, u.username, u.disabled,
                  coalesce(array(
                      select ur.role_code from user_role ur
                      join rbac_role r on r.tenant_id = ur.tenant_id and r.role_code = ur.role_code
                      where ur.tenant_id = u.tenant_id and ur.user_id = u.user_id and r.active
                      order by ur.role_code), '{}') as "roles!",
                  coalesce(array(
                      select distinct rp.permission_code from user_role ur
                      join rbac_role r on r.tenant_id = ur.tenant_id and r.role_code = ur.role_code
                      join rbac_role_permission rp
                          on rp.tenant_id = r.tenant_id and rp.role_code = r.role_code
                      where ur.tenant_id = u.tenant_id and ur.user_id = u.user_id and r.active
                      order by rp.permission_code), '{}') as "permissions!",
                  u.customer_id, c.customer_key as "customer_key?", c.display_name as "customer_name?"
           from app_user u
           left join customer c on c.tenant_id = u.tenant_id and c.customer_id = u.customer_id
           where u.tenant_id = $1 and u.user_id = $2"#,
        tenant_id,
        user_id
    )
    .fetch_optional(conn)
    .await
}

pub async fn insert_user(
    conn: &mut PgConnection,
    tenant_id: &str,
    username: &str,
    password_hash: &str,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        "insert into app_user (tenant_id, username, password_hash)
         values ($1, $2, $3) returning user_id",
        tenant_id,
        username,
        password_hash
    )
    .fetch_one(conn)
    .await
}

pub async fn grant_roles(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
    roles: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into user_role (tenant_id, user_id, role_code)
         select $1, $2, unnest($3::text[]) on conflict do nothing",
        tenant_id,
        user_id,
        roles
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Which of `usernames` already exist in the tenant (compared case-insensitively).
pub async fn existing_usernames(
    conn: &mut PgConnection,
    tenant_id: &str,
    usernames: &[String],
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        "select lower(username) as \"username!\" from app_user
         where tenant_id = $1 and lower(username) = any($2)",
        tenant_id,
        usernames
    )
    .fetch_all(conn)
    .await
}

pub async fn find_user_id(
    conn: &mut PgConnection,
    tenant_id: &str,
    username: &str,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "select user_id from app_user where tenant_id = $1 and lower(username) = lower($2)",
        tenant_id,
        username
    )
    .fetch_optional(conn)
    .await
}

/// A user as the admin list shows it.
pub struct UserListRow {
    pub user_id: Uuid,
    pub username: String,
    pub tenant_id: String,
    pub disabled: bool,
    pub mfa_enabled: bool,
    pub roles: Vec<String>,
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
}

pub async fn count_users(conn: &mut PgConnection, tenant_id: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from app_user where tenant_id = $1"#,
        tenant_id
    )
    .fetch_one(conn)
    .await
}

pub async fn list_users(
    conn: &mut PgConnection,
    tenant_id: &str,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<UserListRow>> {
    sqlx::query_as!(
        UserListRow,
        r#"select u.user_id, u.username, u.tenant_id, u.disabled, u.mfa_enabled,
                  coalesce(array(select ur.role_code from user_role ur
                                 where ur.tenant_id = u.tenant_id and ur.user_id = u.user_id
                                 order by ur.role_code), '{}') as "roles!",
                  u.customer_id, c.customer_key as "customer_key?", c.display_name as "customer_name?"
           from app_user u
           left join customer c on c.tenant_id = u.tenant_id and c.customer_id = u.customer_id
           where u.tenant_id = $1
           order by lower(u.username)
           limit $2 offset $3"#,
        tenant_id,
        limit,
        offset
    )
    .fetch_all(conn)
    .await
}

/// One user as the admin list shows it.
pub async fn find_user(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<Option<UserListRow>> {
    sqlx::query_as!(
        UserListRow,
        r#"select u.user_id, u.username, u.tenant_id, u.disabled, u.mfa_enabled,
                  coalesce(array(select ur.role_code from user_role ur
                                 where ur.tenant_id = u.tenant_id and ur.user_id = u.user_id
                                 order by ur.role_code), '{}') as "roles!",
                  u.customer_id, c.customer_key as "customer_key?", c.display_name as "customer_name?"
           from app_user u
           left join customer c on c.tenant_id = u.tenant_id and c.customer_id = u.customer_id
           where u.tenant_id = $1 and u.user_id = $2"#,
        tenant_id,
        user_id
    )
    .fetch_optional(conn)
    .await
}

/// Changes what an administrator may change on an account; `None` keeps a value.
pub async fn update_user(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
    password_hash: Option<&str>,
    disabled: Option<bool>,
    customer_id: Option<Option<Uuid>>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update app_user set
             password_hash = coalesce($3, password_hash),
             password_updated_at = case when $3::text is null then password_updated_at else now() end,
             disabled = coalesce($4, disabled),
             customer_id = case when $5 then $6 else customer_id end
         where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id,
        password_hash,
        disabled,
        customer_id.is_some(),
        customer_id.flatten()
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the user's roles.
pub async fn replace_roles(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
    roles: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from user_role where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id
    )
    .execute(&mut *conn)
    .await?;
    grant_roles(conn, tenant_id, user_id, roles).await
}

pub async fn delete_user(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<bool> {
    let deleted = sqlx::query!(
        "delete from app_user where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(deleted == 1)
}
