//! SQL for TOTP enrolment, the last accepted step, and recovery codes.

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// A user's second factor, read under a row lock so concurrent verifications serialise.
pub struct MfaState {
    pub user_id: Uuid,
    pub username: String,
    pub disabled: bool,
    pub locked_until: Option<OffsetDateTime>,
    pub mfa_enabled: bool,
    pub mfa_secret: Option<String>,
    pub mfa_pending_secret: Option<String>,
    pub mfa_last_step: Option<i64>,
}

pub async fn lock_state(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<Option<MfaState>> {
    sqlx::query_as!(
        MfaState,
        "select user_id, username, disabled, locked_until, mfa_enabled, mfa_secret,
                mfa_pending_secret, mfa_last_step
         from app_user where tenant_id = $1 and user_id = $2 for update",
        tenant_id,
        user_id
    )
    .fetch_optional(conn)
    .await
}

/// Keeps the secret offered at enrolment until the user confirms it.
pub async fn set_pending_secret(
    conn: &mut PgConnection,
    user_id: Uuid,
    secret: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update app_user set mfa_pending_secret = $2 where user_id = $1",
        user_id,
        secret
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns the second factor on with `secret`, remembering the step just used.
pub async fn enrol(
    conn: &mut PgConnection,
    user_id: Uuid,
    secret: &str,
    step: i64,
) -> sqlx::Result<()> {
    sqlx::query!(
        "update app_user set mfa_enabled = true, mfa_secret = $2, mfa_pending_secret = null,
             mfa_last_step = $3
         where user_id = $1",
        user_id,
        secret,
        step
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_last_step(conn: &mut PgConnection, user_id: Uuid, step: i64) -> sqlx::Result<()> {
    sqlx::query!(
        "update app_user set mfa_last_step = $2 where user_id = $1",
        user_id,
        step
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Clears the second factor and its recovery codes: the next sign-in enrols again.
pub async fn reset(conn: &mut PgConnection, tenant_id: &str, user_id: Uuid) -> sqlx::Result<bool> {
    let updated = sqlx::query!(
        "update app_user set mfa_enabled = false, mfa_secret = null, mfa_pending_secret = null,
             mfa_last_step = null
         where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query!(
        "delete from mfa_recovery_code where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id
    )
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Replaces the user's recovery codes.
pub async fn replace_recovery_codes(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
    indexes: &[String],
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from mfa_recovery_code where tenant_id = $1 and user_id = $2",
        tenant_id,
        user_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into mfa_recovery_code (tenant_id, user_id, code_index)
         select $1, $2, unnest($3::text[])",
        tenant_id,
        user_id,
        indexes
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses up an unused recovery code whose index is one of `indexes`; whether one was.
pub async fn use_recovery_code(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
    indexes: &[String],
) -> sqlx::Result<bool> {
    let used = sqlx::query_scalar!(
        "update mfa_recovery_code set used_at = now()
         where tenant_id = $1 and user_id = $2 and code_index = any($3) and used_at is null
         returning code_index",
        tenant_id,
        user_id,
        indexes
    )
    .fetch_optional(conn)
    .await?;
    Ok(used.is_some())
}

pub async fn unused_recovery_codes(
    conn: &mut PgConnection,
    tenant_id: &str,
    user_id: Uuid,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"select count(*) as "count!" from mfa_recovery_code
           where tenant_id = $1 and user_id = $2 and used_at is null"#,
        tenant_id,
        user_id
    )
    .fetch_one(conn)
    .await
}
