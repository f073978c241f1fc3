//! Reference data (cancellation reasons, state eligibility, underwriting companies) and
//! the tenant's settings.

use lattice_shared::api::reference::{
    CancellationReason, CompanyRequest, Eligibility, EligibilityRequest, TenantPreferences,
    TenantSettingsPatch, TenantSettingsView, UnderwritingCompany,
};
use std::time::Duration;

use serde_json::Value;
use uuid::Uuid;

use super::rfc3339;
use crate::cache;
use crate::db::reference::CompanyRow;
use crate::db::tenants::TenantSettings;
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result, ResultExt};
use crate::state::App;

const ELIGIBILITY_STATUSES: &[&str] = &["ACTIVE", "SUSPENDED", "CLOSED", "FILING_PENDING"];

pub async fn cancellation_reasons(app: &App, tenant_id: &str) -> Result<Vec<CancellationReason>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let rows = db::reference::list_cancellation_reasons(&mut tx).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| CancellationReason {
            reason_code: r.reason_code,
            description: r.description,
            initiator: r.initiator,
            cancellation_type: r.cancellation_type,
            notice_days: r.notice_days,
            return_premium: r.return_premium,
            is_system: r.is_system,
        })
        .collect())
}

pub async fn eligibility(
    app: &App,
    tenant_id: &str,
    product: &str,
    state: &str,
) -> Result<Eligibility> {
    let (product, state) = (product.trim().to_lowercase(), state.trim().to_uppercase());
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let status = db::reference::find_eligibility(&mut tx, tenant_id, &product, &state).await?;
    tx.commit().await?;
    Ok(match status {
        Some(s) if s == "ACTIVE" => Eligibility {
            eligible: true,
            status: Some(s),
            reason: None,
        },
        Some(s) => Eligibility {
            eligible: false,
            reason: Some(format!(
                "'{product}' is {} in '{state}'",
                s.to_lowercase().replace('_', " ")
            )),
            status: Some(s),
        },
        None => Eligibility {
            eligible: false,
            status: None,
            reason: Some(format!(
                "Product '{product}' is not configured for state '{state}'."
            )),
        },
    })
}

pub async fn set_eligibility(
    app: &App,
    tenant_id: &str,
    r: EligibilityRequest,
) -> Result<Eligibility> {
    let product = r.product_code.trim().to_lowercase();
    let state = r.state_code.trim().to_uppercase();
    let status = r
        .status
        .as_deref()
        .map_or("ACTIVE", str::trim)
        .to_uppercase();
    let mut fields = FieldErrors::new();
    if app.catalog.product(tenant_id, &product).is_none() {
        fields.add("productCode", format!("unknown product {product}"));
    }
    if state.len() != 2 || !state.bytes().all(|b| b.is_ascii_uppercase()) {
        fields.add("stateCode", "must be a two-letter state code");
    }
    if !ELIGIBILITY_STATUSES.contains(&status.as_str()) {
        fields.add(
            "status",
            "must be ACTIVE, SUSPENDED, CLOSED or FILING_PENDING",
        );
    }
    fields.into_result()?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    db::reference::upsert_eligibility(
        &mut tx,
        tenant_id,
        &product,
        &state,
        &status,
        r.notes.as_deref(),
    )
    .await?;
    tx.commit().await?;
    eligibility(app, tenant_id, &product, &state).await
}

/// How long cached companies and preferences live (writes invalidate them sooner).
const COMPANIES_TTL: Duration = Duration::from_secs(180);
const PREFERENCES_TTL: Duration = Duration::from_secs(300);

fn companies_prefix(tenant_id: &str) -> String {
    format!("{}:", cache::key(&["uw-companies", tenant_id]))
}

fn preferences_key(tenant_id: &str) -> String {
    cache::key(&["tenant-preferences", tenant_id])
}

/// Companies matching the filters; the active ones are read through the cache.
pub async fn companies(
    app: &App,
    tenant_id: &str,
    product: Option<&str>,
    country: Option<&str>,
    state: Option<&str>,
    include_inactive: bool,
) -> Result<Vec<UnderwritingCompany>> {
    if include_inactive {
        return load_companies(app, tenant_id, product, country, state, true).await;
    }
    let key = format!(
        "{}{}",
        companies_prefix(tenant_id),
        cache::key(&[
            product.unwrap_or("all"),
            country.unwrap_or("all"),
            state.unwrap_or("all")
        ])
    );
    cache::read_through(app.cache.as_ref(), &key, COMPANIES_TTL, || {
        load_companies(app, tenant_id, product, country, state, false)
    })
    .await
}

async fn load_companies(
    app: &App,
    tenant_id: &str,
    product: Option<&str>,
    country: Option<&str>,
    state: Option<&str>,
    include_inactive: bool,
) -> Result<Vec<UnderwritingCompany>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let rows = db::reference::find_companies(
        &mut tx,
        tenant_id,
        product,
        country,
        state,
        include_inactive,
    )
    .await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(company).collect())
}

pub async fn create_company(
    app: &App,
    tenant_id: &str,
    r: CompanyRequest,
) -> Result<UnderwritingCompany> {
    let mut fields = FieldErrors::new();
    let mut required = |name: &str, value: &Option<String>| {
        let v = value
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        if v.is_empty() {
            fields.add(name, "is required");
        }
        v
    };
    let name = required("name", &r.name);
    let product = required("productCode", &r.product_code).to_lowercase();
    let country = required("country", &r.country).to_uppercase();
    let state = required("state", &r.state).to_uppercase();
    fields.into_result()?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let row = db::reference::insert_company(
        &mut tx,
        tenant_id,
        &name,
        &product,
        &country,
        &state,
        r.active.unwrap_or(true),
    )
    .await
    .on_constraint("underwriting_company_key", duplicate_company)?;
    tx.commit().await?;
    forget_companies(app, tenant_id).await;
    Ok(company(row))
}

pub async fn update_company(
    app: &App,
    tenant_id: &str,
    id: Uuid,
    r: CompanyRequest,
) -> Result<UnderwritingCompany> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let current = db::reference::find_company(&mut tx, tenant_id, id)
        .await?
        .ok_or_else(|| company_not_found(id))?;
    let pick = |new: Option<String>, old: String| {
        new.map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .unwrap_or(old)
    };
    let row = db::reference::update_company(
        &mut tx,
        tenant_id,
        id,
        &pick(r.name, current.name),
        &pick(r.product_code, current.product_code).to_lowercase(),
        &pick(r.country, current.country_code).to_uppercase(),
        &pick(r.state, current.state_code).to_uppercase(),
        r.active.unwrap_or(current.active),
    )
    .await
    .on_constraint("underwriting_company_key", duplicate_company)?
    .ok_or_else(|| company_not_found(id))?;
    tx.commit().await?;
    forget_companies(app, tenant_id).await;
    Ok(company(row))
}

pub async fn delete_company(app: &App, tenant_id: &str, id: Uuid) -> Result<()> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let deleted = db::reference::delete_company(&mut tx, tenant_id, id).await?;
    tx.commit().await?;
    forget_companies(app, tenant_id).await;
    if deleted {
        Ok(())
    } else {
        Err(company_not_found(id))
    }
}

fn duplicate_company() -> Error {
    Error::conflict(
        "DUPLICATE",
        "Duplicate combination not allowed for this company, product, country, and state/province",
    )
}

fn company_not_found(id: Uuid) -> Error {
    Error::not_found("NOT_FOUND", format!("Underwriting company {id} not found"))
}

fn company(r: CompanyRow) -> UnderwritingCompany {
    UnderwritingCompany {
        company_id: r.company_id,
        name: r.name,
        product_code: r.product_code,
        country: r.country_code,
        state: r.state_code,
        active: r.active,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

/// The tenant's display preferences, read through the cache.
pub async fn preferences(app: &App, tenant_id: &str) -> Result<TenantPreferences> {
    cache::read_through(
        app.cache.as_ref(),
        &preferences_key(tenant_id),
        PREFERENCES_TTL,
        || load_preferences(app, tenant_id),
    )
    .await
}

async fn load_preferences(app: &App, tenant_id: &str) -> Result<TenantPreferences> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let s = settings(&mut tx, tenant_id).await?;
    tx.commit().await?;
    let date_format = s
        .date_formats_by_country
        .get(&s.default_country_code)
        .and_then(Value::as_str)
        .unwrap_or("MM-DD-YYYY")
        .to_owned();
    Ok(TenantPreferences {
        tenant_id: s.tenant_id,
        default_country: s.default_country_code,
        date_formats_by_country: s.date_formats_by_country,
        date_format,
        ai_ml_config: s.ai_ml_config,
    })
}

pub async fn tenant_settings(app: &App, tenant_id: &str) -> Result<TenantSettingsView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let s = settings(&mut tx, tenant_id).await?;
    tx.commit().await?;
    Ok(settings_view(s))
}

/// Applies the fields given; each is checked before anything is saved.
pub async fn update_tenant_settings(
    app: &App,
    tenant_id: &str,
    patch: TenantSettingsPatch,
) -> Result<TenantSettingsView> {
    let mut fields = FieldErrors::new();
    let object_of_strings = |v: &Value, max: usize| {
        v.as_object().is_some_and(|o| {
            o.values()
                .all(|x| x.as_str().is_some_and(|s| s.chars().count() <= max))
        })
    };
    if patch.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        fields.add("name", "must not be empty");
    }
    if patch
        .default_country
        .as_deref()
        .is_some_and(|c| c.trim().len() != 2)
    {
        fields.add("defaultCountry", "must be a two-letter country code");
    }
    if patch
        .date_formats_by_country
        .as_ref()
        .is_some_and(|v| !object_of_strings(v, 20))
    {
        fields.add("dateFormatsByCountry", "must map country codes to formats");
    }
    if patch
        .policy_number_formats_by_product
        .as_ref()
        .is_some_and(|v| !object_of_strings(v, 80))
    {
        fields.add(
            "policyNumberFormatsByProduct",
            "must map product codes to templates of at most 80 characters",
        );
    }
    if patch.ai_ml_config.as_ref().is_some_and(|v| !v.is_object()) {
        fields.add("aiMlConfig", "must be an object");
    }
    if patch
        .quote_validity_days
        .is_some_and(|d| !(1..=3650).contains(&d))
    {
        fields.add("quoteValidityDays", "must be between 1 and 3650");
    }
    fields.into_result()?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let mut s = settings(&mut tx, tenant_id).await?;
    if let Some(name) = patch.name {
        s.name = name.trim().to_owned();
    }
    if let Some(country) = patch.default_country {
        s.default_country_code = country.trim().to_uppercase();
    }
    s.date_formats_by_country = patch
        .date_formats_by_country
        .unwrap_or(s.date_formats_by_country);
    s.policy_number_formats_by_product = patch
        .policy_number_formats_by_product
        .unwrap_or(s.policy_number_formats_by_product);
    s.mfa_required = patch.mfa_required.unwrap_or(s.mfa_required);
    s.ai_ml_config = patch.ai_ml_config.unwrap_or(s.ai_ml_config);
    s.local_auth_enabled = patch.local_auth_enabled.unwrap_or(s.local_auth_enabled);
    s.quote_validity_days = patch.quote_validity_days.unwrap_or(s.quote_validity_days);
    db::tenants::update_settings(&mut tx, &s).await?;
    tx.commit().await?;
    if let Some(cache) = &app.cache {
        cache.delete(&[preferences_key(tenant_id)]).await;
    }
    Ok(settings_view(s))
}

/// Drops every cached company list of the tenant (after a committed change).
async fn forget_companies(app: &App, tenant_id: &str) {
    if let Some(cache) = &app.cache {
        cache.delete_prefix(&companies_prefix(tenant_id)).await;
    }
}

async fn settings(tx: &mut Tx, tenant_id: &str) -> Result<TenantSettings> {
    db::tenants::find_settings(tx, tenant_id)
        .await?
        .ok_or_else(|| {
            Error::not_found("TENANT_NOT_FOUND", format!("Tenant {tenant_id} not found"))
        })
}

fn settings_view(s: TenantSettings) -> TenantSettingsView {
    TenantSettingsView {
        tenant_id: s.tenant_id,
        name: s.name,
        default_country: s.default_country_code,
        date_formats_by_country: s.date_formats_by_country,
        policy_number_formats_by_product: s.policy_number_formats_by_product,
        mfa_required: s.mfa_required,
        ai_ml_config: s.ai_ml_config,
        local_auth_enabled: s.local_auth_enabled,
        quote_validity_days: s.quote_validity_days,
    }
}
