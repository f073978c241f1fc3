//! Which customers a policy belongs to: links made at bind from the quote's insureds, and
//! by an administrator; and the policies of a customer.

use lattice_shared::api::customers::{AssignPolicyRequest, PolicyLinkView};
use serde_json::Value;
use uuid::Uuid;

use super::{load, not_found};
use crate::auth::AuthUser;
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result};
use crate::services::bind::policy_not_found;
use crate::state::App;

pub const ROLES: &[&str] = &[
    "PRIMARY_NAMED_INSURED",
    "SECONDARY_NAMED_INSURED",
    "ADDITIONAL_NAMED_INSURED",
];

/// Links the customers named in a bound quote (`insureds.primary`, `.secondary` and
/// `.additional[]`, by `customerId`). A customer id that is not the tenant's is refused
/// (422 `CUSTOMER_NOT_FOUND`) rather than silently dropped.
pub async fn link_insureds(
    tx: &mut Tx,
    tenant_id: &str,
    policy_id: Uuid,
    payload: &Value,
) -> Result<()> {
    let insureds = payload.get("insureds");
    let id_of = |v: &Value| {
        v.get("customerId")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut named: Vec<(String, &str, bool)> = Vec::new();
    if let Some(id) = insureds.and_then(|i| i.get("primary")).and_then(id_of) {
        named.push((id, ROLES[0], true));
    }
    if let Some(id) = insureds.and_then(|i| i.get("secondary")).and_then(id_of) {
        named.push((id, ROLES[1], true));
    }
    for extra in insureds
        .and_then(|i| i.get("additional"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(id) = id_of(extra) {
            named.push((id, ROLES[2], false));
        }
    }
    for (given, role, primary) in named {
        let customer_id = match Uuid::parse_str(given.trim()) {
            Ok(id)
                if db::customers::load(tx, tenant_id, id, false)
                    .await?
                    .is_some() =>
            {
                id
            }
            _ => {
                return Err(Error::api(
                    422,
                    "CUSTOMER_NOT_FOUND",
                    format!("The quote names customer {given}, which does not exist"),
                ));
            }
        };
        db::links::link(
            tx,
            tenant_id,
            policy_id,
            customer_id,
            role,
            primary,
            "quote",
        )
        .await?;
    }
    Ok(())
}

/// An administrator links a customer to a policy.
pub async fn assign(
    app: &App,
    actor: &AuthUser,
    request: AssignPolicyRequest,
) -> Result<PolicyLinkView> {
    let policy_text = request
        .policy_id
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let policy_id = Uuid::parse_str(policy_text)
        .map_err(|_| Error::bad_request("INVALID_POLICY_ID", "policyId must be a UUID"))?;
    let customer_ref = request
        .customer_id_or_key
        .as_deref()
        .or(request.customer_id.as_deref())
        .or(request.customer_key.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| FieldErrors::single("customerIdOrKey", "is required"))?
        .to_owned();
    let role = request
        .role_code
        .as_deref()
        .map(|r| r.trim().to_ascii_uppercase())
        .unwrap_or_else(|| ROLES[0].to_owned());
    if !ROLES.contains(&role.as_str()) {
        return Err(FieldErrors::single(
            "roleCode",
            &format!("must be one of {}", ROLES.join(", ")),
        ));
    }
    let is_primary = request.is_primary.unwrap_or(role == ROLES[0]);
    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = db::policies::find_policy(&mut tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    let record = load(&mut tx, tenant_id, &customer_ref, false)
        .await
        .map_err(|_| not_found(&customer_ref))?;
    let customer = &record.customer;
    db::links::link(
        &mut tx,
        tenant_id,
        policy_id,
        customer.customer_id,
        &role,
        is_primary,
        "admin_manual",
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %tenant_id, policy.id = %policy_id, customer.id = %customer.customer_id, "customer linked");
    Ok(PolicyLinkView {
        policy_id,
        policy_number: policy.policy_number,
        customer_id: customer.customer_id,
        customer_key: customer.customer_key.clone(),
        customer_name: customer.display_name.clone(),
        role_code: role,
        is_primary,
        source: "admin_manual".into(),
    })
}

/// The policies a customer is linked to, in every role.
pub async fn policies(app: &App, tenant_id: &str, id_or_key: &str) -> Result<Vec<PolicyLinkView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let record = load(&mut tx, tenant_id, id_or_key, false).await?;
    let rows =
        db::links::policies_of(&mut tx, tenant_id, record.customer.customer_id, None).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|p| PolicyLinkView {
            policy_id: p.policy_id,
            policy_number: p.policy_number,
            customer_id: record.customer.customer_id,
            customer_key: record.customer.customer_key.clone(),
            customer_name: record.customer.display_name.clone(),
            role_code: p.role_code,
            is_primary: p.is_primary,
            source: p.source,
        })
        .collect())
}
