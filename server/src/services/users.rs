//! Administering user accounts.

use lattice_shared::api::Page;
use lattice_shared::api::admin::{CreateUserRequest, UserView};
use lattice_shared::api::page::PageQuery;

use serde_json::json;

use super::security::{self, Event, kind};
use super::tenants::check_password_policy;
use crate::auth::{AuthUser, password};
use crate::db;
use crate::error::{Error, FieldErrors, Result, ResultExt};
use crate::state::App;

pub async fn list_users(app: &App, tenant_id: &str, page: PageQuery) -> Result<Page<UserView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let total = db::users::count_users(&mut tx, tenant_id).await?;
    let offset = i64::try_from(page.offset()).unwrap_or(i64::MAX);
    let rows =
        db::users::list_users(&mut tx, tenant_id, i64::from(page.page_size()), offset).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| UserView {
                id: r.user_id,
                username: r.username,
                tenant_id: r.tenant_id,
                roles: r.roles,
                disabled: r.disabled,
                mfa_enabled: false,
                customer_id: None,
            })
            .collect(),
        page: page.page(),
        page_size: page.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Creates a user in the caller's tenant.
pub async fn create_user(
    app: &App,
    actor: &AuthUser,
    request: CreateUserRequest,
) -> Result<UserView> {
    let username = request.username.trim().to_owned();
    let mut roles: Vec<String> = request.roles.iter().map(|r| r.trim().to_owned()).collect();
    roles.sort();
    roles.dedup();
    let mut fields = FieldErrors::new();
    if username.is_empty() || username.chars().count() > 254 {
        fields.add("username", "must be 1 to 254 characters");
    }
    if roles.is_empty() || roles.iter().any(String::is_empty) {
        fields.add("roles", "must name at least one role");
    }
    fields.into_result()?;
    check_password_policy(&request.password)?;

    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let active = db::rbac::find_active_roles(&mut tx, tenant_id, &roles).await?;
    let unknown: Vec<&str> = roles
        .iter()
        .filter(|r| !active.contains(r))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(Error::bad_request(
            "INVALID_ROLE",
            format!("Unknown or inactive role(s): {}", unknown.join(", ")),
        ));
    }
    let hash = password::hash(request.password).await?;
    let user_id = db::users::insert_user(&mut tx, tenant_id, &username, &hash)
        .await
        .on_constraint("app_user_tenant_username_key", || {
            Error::conflict(
                "USERNAME_EXISTS",
                format!("Username {username} is already taken"),
            )
        })?;
    db::users::grant_roles(&mut tx, tenant_id, user_id, &roles).await?;
    security::record(
        &mut tx,
        tenant_id,
        Event {
            kind: kind::USER_CREATED,
            actor: Some(actor.user_id),
            subject: Some(user_id),
            username: Some(&username),
            ip: None,
            details: json!({"roles": roles}),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %tenant_id, user.id = %user_id, actor.id = %actor.user_id, "user created");
    Ok(UserView {
        id: user_id,
        username,
        tenant_id: tenant_id.to_owned(),
        roles,
        disabled: false,
        mfa_enabled: false,
        customer_id: None,
    })
}
