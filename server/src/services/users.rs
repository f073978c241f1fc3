//! Administering user accounts: list, create (policy-compliant password, active roles, a
//! linked customer for portal users), update and delete. Every change is in the security
//! trail.

use lattice_shared::api::Page;
use lattice_shared::api::admin::{CreateUserRequest, UpdateUserRequest, UserView};
use lattice_shared::api::page::PageQuery;
use serde_json::json;
use uuid::Uuid;

use super::security::{self, Event, kind};
use super::tenants::check_password_policy;
use crate::auth::{AuthUser, password};
use crate::db::users::UserListRow;
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result, ResultExt};
use crate::state::App;

/// The role whose users act for a customer in the portal.
pub const CUSTOMER_ROLE: &str = "customer";

fn view(r: UserListRow) -> UserView {
    UserView {
        id: r.user_id,
        username: r.username,
        tenant_id: r.tenant_id,
        roles: r.roles,
        disabled: r.disabled,
        mfa_enabled: r.mfa_enabled,
        customer_id: r.customer_id,
        customer_key: r.customer_key,
        customer_name: r.customer_name,
    }
}

fn user_not_found(id: Uuid) -> Error {
    Error::not_found("USER_NOT_FOUND", format!("User {id} not found"))
}

pub async fn list_users(app: &App, tenant_id: &str, page: PageQuery) -> Result<Page<UserView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let total = db::users::count_users(&mut tx, tenant_id).await?;
    let offset = i64::try_from(page.offset()).unwrap_or(i64::MAX);
    let rows =
        db::users::list_users(&mut tx, tenant_id, i64::from(page.page_size()), offset).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.into_iter().map(view).collect(),
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
    let mut fields = FieldErrors::new();
    if username.is_empty() || username.chars().count() > 254 {
        fields.add("username", "must be 1 to 254 characters");
    }
    let roles = clean_roles(&request.roles, &mut fields);
    fields.into_result()?;
    check_password_policy(&request.password)?;

    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    check_roles(&mut tx, tenant_id, &roles).await?;
    let customer_id =
        customer_link(&mut tx, tenant_id, &roles, request.customer_ref.as_deref()).await?;
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
    if customer_id.is_some() {
        db::users::update_user(&mut tx, tenant_id, user_id, None, None, Some(customer_id)).await?;
    }
    record(
        &mut tx,
        actor,
        kind::USER_CREATED,
        user_id,
        &username,
        json!({"roles": roles, "customerId": customer_id}),
    )
    .await?;
    let created = db::users::find_user(&mut tx, tenant_id, user_id)
        .await?
        .ok_or_else(|| user_not_found(user_id))?;
    tx.commit().await?;
    tracing::info!(tenant.id = %tenant_id, user.id = %user_id, actor.id = %actor.user_id, "user created");
    Ok(view(created))
}

/// Changes a user's password, roles, disabled flag or customer link.
pub async fn update_user(
    app: &App,
    actor: &AuthUser,
    user_id: Uuid,
    request: UpdateUserRequest,
) -> Result<UserView> {
    let mut fields = FieldErrors::new();
    let roles = request.roles.as_ref().map(|r| clean_roles(r, &mut fields));
    fields.into_result()?;
    if let Some(password) = &request.password {
        check_password_policy(password)?;
    }
    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let current = db::users::find_user(&mut tx, tenant_id, user_id)
        .await?
        .ok_or_else(|| user_not_found(user_id))?;
    if user_id == actor.user_id && request.disabled == Some(true) {
        return Err(Error::bad_request(
            "CANNOT_DISABLE_SELF",
            "You cannot disable your own account",
        ));
    }
    let effective_roles = roles.clone().unwrap_or_else(|| current.roles.clone());
    if let Some(roles) = &roles {
        check_roles(&mut tx, tenant_id, roles).await?;
    }
    let customer = match &request.customer_ref {
        None => current.customer_id,
        Some(None) => None,
        Some(Some(reference)) => Some(resolve_customer(&mut tx, tenant_id, reference).await?),
    };
    if effective_roles.iter().any(|r| r == CUSTOMER_ROLE) && customer.is_none() {
        return Err(link_required());
    }
    let hash = match request.password {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };
    db::users::update_user(
        &mut tx,
        tenant_id,
        user_id,
        hash.as_deref(),
        request.disabled,
        request.customer_ref.as_ref().map(|_| customer),
    )
    .await?;
    if let Some(roles) = &roles {
        db::users::replace_roles(&mut tx, tenant_id, user_id, roles).await?;
        if *roles != current.roles {
            record(
                &mut tx,
                actor,
                kind::ROLES_CHANGED,
                user_id,
                &current.username,
                json!({"before": current.roles, "after": roles}),
            )
            .await?;
        }
    }
    let changed: Vec<&str> = [
        ("password", hash.is_some()),
        (
            "disabled",
            request.disabled.is_some_and(|d| d != current.disabled),
        ),
        ("customer", customer != current.customer_id),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect();
    if !changed.is_empty() {
        record(
            &mut tx,
            actor,
            kind::USER_UPDATED,
            user_id,
            &current.username,
            json!({"changed": changed, "disabled": request.disabled}),
        )
        .await?;
    }
    let updated = db::users::find_user(&mut tx, tenant_id, user_id)
        .await?
        .ok_or_else(|| user_not_found(user_id))?;
    tx.commit().await?;
    Ok(view(updated))
}

pub async fn delete_user(app: &App, actor: &AuthUser, user_id: Uuid) -> Result<()> {
    if user_id == actor.user_id {
        return Err(Error::bad_request(
            "CANNOT_DELETE_SELF",
            "You cannot delete your own account",
        ));
    }
    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let current = db::users::find_user(&mut tx, tenant_id, user_id)
        .await?
        .ok_or_else(|| user_not_found(user_id))?;
    db::users::delete_user(&mut tx, tenant_id, user_id).await?;
    record(
        &mut tx,
        actor,
        kind::USER_DELETED,
        user_id,
        &current.username,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn clean_roles(given: &[String], fields: &mut FieldErrors) -> Vec<String> {
    let mut roles: Vec<String> = given.iter().map(|r| r.trim().to_owned()).collect();
    roles.sort();
    roles.dedup();
    if roles.is_empty() || roles.iter().any(String::is_empty) {
        fields.add("roles", "must name at least one role");
    }
    roles
}

/// 400 `INVALID_ROLE` unless every role exists and is active.
async fn check_roles(tx: &mut Tx, tenant_id: &str, roles: &[String]) -> Result<()> {
    let active = db::rbac::find_active_roles(tx, tenant_id, roles).await?;
    let unknown: Vec<&str> = roles
        .iter()
        .filter(|r| !active.contains(r))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Error::bad_request(
        "INVALID_ROLE",
        format!("Unknown or inactive role(s): {}", unknown.join(", ")),
    ))
}

fn link_required() -> Error {
    Error::bad_request(
        "CUSTOMER_LINK_REQUIRED",
        "A user with the customer role must be linked to a customer (customerRef)",
    )
}

/// The customer a new user is linked to: required for portal users.
async fn customer_link(
    tx: &mut Tx,
    tenant_id: &str,
    roles: &[String],
    reference: Option<&str>,
) -> Result<Option<Uuid>> {
    match reference.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => Ok(Some(resolve_customer(tx, tenant_id, reference).await?)),
        None if roles.iter().any(|r| r == CUSTOMER_ROLE) => Err(link_required()),
        None => Ok(None),
    }
}

async fn resolve_customer(tx: &mut Tx, tenant_id: &str, reference: &str) -> Result<Uuid> {
    db::customers::resolve(tx, tenant_id, reference)
        .await?
        .ok_or_else(|| {
            Error::bad_request(
                "CUSTOMER_NOT_FOUND",
                format!("Customer {reference} not found"),
            )
        })
}

async fn record(
    tx: &mut Tx,
    actor: &AuthUser,
    event: &'static str,
    subject: Uuid,
    username: &str,
    details: serde_json::Value,
) -> Result<()> {
    security::record(
        tx,
        &actor.tenant_id,
        Event {
            kind: event,
            actor: Some(actor.user_id),
            subject: Some(subject),
            username: Some(username),
            ip: None,
            details,
        },
    )
    .await
}
