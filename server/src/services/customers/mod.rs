//! The customer master: create (validated, checked for duplicates, keyed
//! `CUST-YYYY-NNNNNN`), read (masked), update (optimistic version check; contact-only
//! staff cannot touch identity), search, reveal of one sensitive field for a reason, and
//! the audit trail of every change.

pub mod links;
pub mod pii;

use lattice_shared::api::customers::{
    Address, CompanyView, ContactPoint, CustomerAuditView, CustomerListItem, CustomerPayload,
    CustomerSearch, CustomerView, IdentityView, PersonView, PotentialMatch, RevealRequest,
    RevealResponse,
};
use lattice_shared::customer::{
    DOB_MASK, MATCH_THRESHOLD, OnFile, display_name, fein_mask, score, ssn_mask, validate,
};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use self::pii::{RawIds, company_row, facts_of, facts_to_store, person_row};
use super::rfc3339;
use super::security::{self, Event, kind};
use crate::auth::AuthUser;
use crate::db::customers::{
    AddressRow, ContactRow, CustomerRecord, CustomerRow, NewAudit, Probe, Search,
};
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

pub const READ: &str = "admin.customers.read";
pub const MANAGE: &str = "admin.customers.manage";
pub const CONTACT_MANAGE: &str = "admin.customers.contact.manage";
pub const PII_REVEAL: &str = "admin.customers.pii_reveal";

pub fn not_found(id_or_key: &str) -> Error {
    Error::not_found(
        "CUSTOMER_NOT_FOUND",
        format!("Customer {id_or_key} not found"),
    )
}

/// Creates a customer. Likely duplicates stop it (409 `POTENTIAL_DUPLICATE`) unless
/// `createAnyway` is set.
pub async fn create(app: &App, actor: &AuthUser, payload: CustomerPayload) -> Result<CustomerView> {
    check(&payload, OnFile::default())?;
    let tenant_id = actor.tenant_id.as_str();
    let customer_id = Uuid::new_v4();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let now = OffsetDateTime::now_utc();
    let entity = payload.entity_type.clone().unwrap_or_default();
    let mut record = CustomerRecord {
        customer: CustomerRow {
            customer_id,
            tenant_id: tenant_id.to_owned(),
            customer_key: String::new(),
            entity_type: entity,
            status: "ACTIVE".into(),
            display_name: String::new(),
            version: 1,
            metadata: payload.metadata.clone().unwrap_or_else(|| json!({})),
            created_at: now,
            created_by: actor.username.clone(),
            updated_at: now,
            updated_by: actor.username.clone(),
        },
        person: None,
        company: None,
        contacts: Vec::new(),
        addresses: Vec::new(),
    };
    apply(app, &mut record, &payload, false);
    if !payload.create_anyway {
        refuse_duplicates(app, &mut tx, &record, &payload).await?;
    }
    let year = now.year();
    let number = db::customers::next_key_number(&mut tx, tenant_id, year).await?;
    record.customer.customer_key = format!("CUST-{year}-{number:06}");
    db::customers::insert_customer(&mut tx, &record.customer).await?;
    write_details(&mut tx, &record).await?;
    let record = reload(&mut tx, &record).await?;
    let view = view(&record);
    audit(
        &mut tx,
        &record,
        actor,
        "CREATED",
        payload.reason.as_deref(),
        None,
        Some(&view),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %tenant_id, customer.id = %customer_id, "customer created");
    Ok(view)
}

/// The customer, masked.
pub async fn get(app: &App, tenant_id: &str, id_or_key: &str) -> Result<CustomerView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let record = load(&mut tx, tenant_id, id_or_key, false).await?;
    tx.commit().await?;
    Ok(view(&record))
}

/// Updates a customer read at `expectedVersion`. Sections left out are kept; SSN, FEIN
/// and date of birth left out are kept, and `null` clears them.
pub async fn update(
    app: &App,
    actor: &AuthUser,
    id_or_key: &str,
    payload: CustomerPayload,
) -> Result<CustomerView> {
    let Some(expected) = payload.expected_version else {
        return Err(Error::bad_request(
            "EXPECTED_VERSION_REQUIRED",
            "Send expectedVersion: the version you read",
        ));
    };
    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let mut record = load(&mut tx, tenant_id, id_or_key, true).await?;
    if record.customer.version != expected {
        return Err(version_mismatch(record.customer.version, expected));
    }
    let contact_only = !actor.has(MANAGE);
    if contact_only && touches_identity(&payload, &record) {
        return Err(Error::api(
            403,
            "IDENTITY_EDIT_FORBIDDEN",
            "Your role may change contacts and addresses only",
        ));
    }
    let mut merged = payload.clone();
    if merged.entity_type.is_none() {
        merged.entity_type = Some(record.customer.entity_type.clone());
    }
    let on_file = OnFile {
        dob: record
            .person
            .as_ref()
            .is_some_and(|p| p.dob_encrypted.is_some()),
        ssn: record
            .person
            .as_ref()
            .is_some_and(|p| p.ssn_encrypted.is_some()),
        fein: record
            .company
            .as_ref()
            .is_some_and(|c| c.fein_encrypted.is_some()),
    };
    let before = view(&record);
    fill_untouched(&mut merged, &before);
    check(&merged, on_file)?;
    apply(app, &mut record, &merged, true);
    if !payload.create_anyway {
        refuse_duplicates(app, &mut tx, &record, &merged).await?;
    }
    record.customer.updated_by = actor.username.clone();
    let version = db::customers::update_customer(&mut tx, &record.customer, expected)
        .await?
        .ok_or_else(|| version_mismatch(expected + 1, expected))?;
    record.customer.version = version;
    write_details(&mut tx, &record).await?;
    let record = reload(&mut tx, &record).await?;
    let after = view(&record);
    audit(
        &mut tx,
        &record,
        actor,
        "UPDATED",
        payload.reason.as_deref(),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Customers by name or key, email, phone, SSN/FEIN or status.
pub async fn search(
    app: &App,
    tenant_id: &str,
    s: &CustomerSearch,
) -> Result<Vec<CustomerListItem>> {
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let tax_indexes: Vec<String> = clean(&s.tax_id)
        .map(|t| {
            let mut all = app
                .cipher
                .blind_indexes(pii::SSN, &pii::normal_form(pii::SSN, &t));
            all.extend(
                app.cipher
                    .blind_indexes(pii::FEIN, &pii::normal_form(pii::FEIN, &t)),
            );
            all
        })
        .unwrap_or_default();
    let email = clean(&s.email).map(|e| pii::normalized_contact("EMAIL", &e));
    let phone = clean(&s.phone).map(|p| pii::normalized_contact("PHONE", &p));
    let text = clean(&s.q);
    let status = clean(&s.status).map(|st| st.to_ascii_uppercase());
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let rows = db::customers::search(
        &mut tx,
        tenant_id,
        &Search {
            text: text.as_deref(),
            email: email.as_deref(),
            phone: phone.as_deref(),
            tax_indexes: &tax_indexes,
            status: status.as_deref(),
            limit: i64::from(s.limit.unwrap_or(25).clamp(1, 200)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerListItem {
            customer_id: r.customer_id,
            customer_key: r.customer_key,
            entity_type: r.entity_type,
            status: r.status,
            display_name: r.display_name,
            updated_at: rfc3339(r.updated_at),
        })
        .collect())
}

/// Decrypts one sensitive field for a stated reason; the reveal is audited twice (the
/// customer's trail and the security trail) and logged.
pub async fn reveal(
    app: &App,
    actor: &AuthUser,
    id_or_key: &str,
    request: RevealRequest,
) -> Result<RevealResponse> {
    let field = match request.field.as_deref().map(str::trim) {
        Some("ssn") => pii::SSN,
        Some("fein") => pii::FEIN,
        Some("dob") => pii::DOB,
        _ => {
            return Err(Error::bad_request(
                "INVALID_FIELD",
                "field must be ssn, fein or dob",
            ));
        }
    };
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| Error::bad_request("REASON_REQUIRED", "Give the reason for the reveal"))?;
    let tenant_id = actor.tenant_id.as_str();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let record = load(&mut tx, tenant_id, id_or_key, false).await?;
    let value = pii::reveal(&app.cipher, &record, field)
        .map_err(|e| anyhow::anyhow!("reveal {field} of {}: {e}", record.customer.customer_id))?;
    db::customers::insert_audit(
        &mut tx,
        NewAudit {
            tenant_id,
            customer_id: record.customer.customer_id,
            event_type: "PII_REVEAL",
            actor: &actor.username,
            reason: Some(reason),
            before: None,
            after: None,
            field_diffs: json!([field]),
        },
    )
    .await?;
    security::record(
        &mut tx,
        tenant_id,
        Event {
            kind: kind::PII_REVEALED,
            actor: Some(actor.user_id),
            subject: None,
            username: Some(&actor.username),
            ip: None,
            details: json!({"customerId": record.customer.customer_id, "field": field, "reason": reason}),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(audit = "sensitive_data_access", tenant.id = %tenant_id, user.id = %actor.user_id,
        customer.id = %record.customer.customer_id, field, "sensitive data revealed");
    Ok(RevealResponse {
        field: field.to_owned(),
        value,
    })
}

/// The customer's audit trail, newest first.
pub async fn audit_trail(
    app: &App,
    tenant_id: &str,
    id_or_key: &str,
    limit: Option<u32>,
) -> Result<Vec<CustomerAuditView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let record = load(&mut tx, tenant_id, id_or_key, false).await?;
    let rows = db::customers::list_audit(
        &mut tx,
        tenant_id,
        record.customer.customer_id,
        i64::from(limit.unwrap_or(100).clamp(1, 1000)),
    )
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerAuditView {
            event_id: r.event_id,
            event_type: r.event_type,
            actor: r.actor,
            reason: r.reason,
            before: r.before_json,
            after: r.after_json,
            field_diffs: serde_json::from_value(r.field_diffs).unwrap_or_default(),
            created_at: rfc3339(r.created_at),
        })
        .collect())
}

pub async fn load(
    tx: &mut Tx,
    tenant_id: &str,
    id_or_key: &str,
    lock: bool,
) -> Result<CustomerRecord> {
    let id = db::customers::resolve(tx, tenant_id, id_or_key)
        .await?
        .ok_or_else(|| not_found(id_or_key))?;
    db::customers::load(tx, tenant_id, id, lock)
        .await?
        .ok_or_else(|| not_found(id_or_key))
}

/// The record as the database now holds it (with its timestamps).
async fn reload(tx: &mut Tx, record: &CustomerRecord) -> Result<CustomerRecord> {
    let c = &record.customer;
    db::customers::load(tx, &c.tenant_id, c.customer_id, false)
        .await?
        .ok_or_else(|| not_found(&c.customer_id.to_string()))
}

fn version_mismatch(current: i32, expected: i32) -> Error {
    Error::conflict(
        "VERSION_MISMATCH",
        format!("The customer changed since you read it (version {current}, you sent {expected}); reload and try again"),
    )
    .with_details(json!({"currentVersion": current, "expectedVersion": expected}))
}

/// 422 `INVALID_CUSTOMER` listing every rule broken.
fn check(payload: &CustomerPayload, on_file: OnFile) -> Result<()> {
    let validation = validate(payload, on_file, OffsetDateTime::now_utc().date());
    if validation.errors.is_empty() {
        return Ok(());
    }
    Err(
        Error::api(422, "INVALID_CUSTOMER", validation.errors.join("; "))
            .with_details(json!({"errors": validation.errors, "warnings": validation.warnings})),
    )
}

/// Whether an update would change the entity type, names or identifiers.
fn touches_identity(payload: &CustomerPayload, record: &CustomerRecord) -> bool {
    payload
        .entity_type
        .as_ref()
        .is_some_and(|e| *e != record.customer.entity_type)
        || payload.identity.person.is_some()
        || payload.identity.company.is_some()
}

/// On update, sections the payload leaves out stay as they are.
fn fill_untouched(payload: &mut CustomerPayload, current: &CustomerView) {
    if payload.contact_points.is_none() {
        payload.contact_points = Some(current.contact_points.clone());
    }
    if payload.addresses.is_none() {
        payload.addresses = Some(current.addresses.clone());
    }
    if payload.identity.person.is_none()
        && let Some(p) = &current.identity.person
    {
        payload.identity.person = Some(lattice_shared::api::customers::PersonPayload {
            first_name: p.first_name.clone(),
            middle_name: p.middle_name.clone(),
            last_name: p.last_name.clone(),
            suffix: p.suffix.clone(),
            preferred_name: p.preferred_name.clone(),
            gender: p.gender.clone(),
            marital_status: p.marital_status.clone(),
            driver_license_no: p.driver_license_no.clone(),
            driver_license_state: p.driver_license_state.clone(),
            dob: None,
            ssn: None,
        });
    }
    if payload.identity.company.is_none()
        && let Some(c) = &current.identity.company
    {
        payload.identity.company = Some(lattice_shared::api::customers::CompanyPayload {
            legal_name: c.legal_name.clone(),
            dba_name: c.dba_name.clone(),
            entity_legal_type: c.entity_legal_type.clone(),
            incorporation_state: c.incorporation_state.clone(),
            incorporation_country: c.incorporation_country.clone(),
            naics: c.naics.clone(),
            website: c.website.clone(),
            fein: None,
        });
    }
    if payload.metadata.is_none() {
        payload.metadata = Some(current.metadata.clone());
    }
}

/// Puts the payload into the record, sealing sensitive values. With `keep`, the
/// sensitive values the payload omits stay as they are.
fn apply(app: &App, record: &mut CustomerRecord, payload: &CustomerPayload, keep: bool) {
    let tenant_id = record.customer.tenant_id.clone();
    let id = record.customer.customer_id;
    let entity = payload.entity_type.clone().unwrap_or_default();
    let person = payload
        .identity
        .person
        .as_ref()
        .filter(|_| entity != "COMPANY")
        .map(|p| {
            person_row(
                &app.cipher,
                &tenant_id,
                id,
                p,
                record.person.as_ref().filter(|_| keep),
            )
        });
    let company = payload
        .identity
        .company
        .as_ref()
        .filter(|_| entity != "INDIVIDUAL")
        .map(|c| {
            company_row(
                &app.cipher,
                &tenant_id,
                id,
                c,
                record.company.as_ref().filter(|_| keep),
            )
        });
    record.customer.display_name = display_name(
        &entity,
        payload.identity.person.as_ref(),
        company.as_ref().and_then(|c| c.legal_name.as_deref()),
    );
    record.customer.entity_type = entity;
    if let Some(metadata) = &payload.metadata {
        record.customer.metadata = metadata.clone();
    }
    record.person = person;
    record.company = company;
    record.contacts = payload
        .contact_points
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let kind = c.contact_type.trim().to_ascii_uppercase();
            ContactRow {
                normalized_value: pii::normalized_contact(&kind, &c.value),
                contact_type: kind,
                sub_type: c.sub_type.clone(),
                value: c.value.trim().to_owned(),
                preferred: c.preferred,
                verified: c.verified,
            }
        })
        .collect();
    record.addresses = payload
        .addresses
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|a| AddressRow {
            address_type: a
                .address_type
                .as_deref()
                .unwrap_or("MAILING")
                .trim()
                .to_ascii_uppercase(),
            line1: a.line1.trim().to_owned(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            state: a.state.as_deref().map(|s| s.trim().to_ascii_uppercase()),
            postal_code: a.postal_code.as_deref().map(|p| p.trim().to_owned()),
            country: a.country.clone().unwrap_or_else(|| "US".to_owned()),
            primary_flag: a.primary,
        })
        .collect();
}

async fn write_details(tx: &mut Tx, record: &CustomerRecord) -> Result<()> {
    let (tenant_id, id) = (&record.customer.tenant_id, record.customer.customer_id);
    db::customers::put_person(tx, tenant_id, id, record.person.as_ref()).await?;
    db::customers::put_company(tx, tenant_id, id, record.company.as_ref()).await?;
    db::customers::put_contacts_and_addresses(
        tx,
        tenant_id,
        id,
        &record.contacts,
        &record.addresses,
    )
    .await?;
    Ok(())
}

/// 409 `POTENTIAL_DUPLICATE` with the likely matches, if any score high enough.
async fn refuse_duplicates(
    app: &App,
    tx: &mut Tx,
    record: &CustomerRecord,
    payload: &CustomerPayload,
) -> Result<()> {
    let person = payload.identity.person.as_ref();
    let raw = RawIds {
        dob: person.and_then(|p| p.dob.clone().flatten()),
        ssn: person.and_then(|p| p.ssn.clone().flatten()),
        fein: payload
            .identity
            .company
            .as_ref()
            .and_then(|c| c.fein.clone().flatten()),
    };
    let facts = facts_to_store(&app.cipher, record, &raw);
    let last_name = record.person.as_ref().and_then(|p| p.last_name.clone());
    let ids = db::customers::candidates(
        tx,
        &record.customer.tenant_id,
        &Probe {
            last_name: last_name.as_deref(),
            dob_indexes: &facts.dob_indexes,
            ssn_indexes: &facts.ssn_indexes,
            ssn_last4: facts.ssn_last4.as_deref(),
            postal_codes: &facts.postal_codes,
            emails: &facts.emails,
            phones: &facts.phones,
            legal_name: facts.legal_name.as_deref(),
            fein_indexes: &facts.fein_indexes,
            fein_last4: facts.fein_last4.as_deref(),
            exclude: Some(record.customer.customer_id),
        },
    )
    .await?;
    let mut matches = Vec::new();
    for id in ids {
        let Some(other) = db::customers::load(tx, &record.customer.tenant_id, id, false).await?
        else {
            continue;
        };
        let (points, reasons) = score(&facts, &facts_of(&other));
        if points >= MATCH_THRESHOLD {
            matches.push(PotentialMatch {
                customer_id: other.customer.customer_id,
                customer_key: other.customer.customer_key,
                display_name: other.customer.display_name,
                score: points,
                reasons: reasons.into_iter().map(str::to_owned).collect(),
            });
        }
    }
    if matches.is_empty() {
        return Ok(());
    }
    matches.sort_by_key(|m| std::cmp::Reverse(m.score));
    Err(Error::conflict(
        "POTENTIAL_DUPLICATE",
        format!(
            "{} existing customer(s) look like this one; review them, or send createAnyway",
            matches.len()
        ),
    )
    .with_details(json!({"potentialMatches": matches})))
}

async fn audit(
    tx: &mut Tx,
    record: &CustomerRecord,
    actor: &AuthUser,
    event_type: &str,
    reason: Option<&str>,
    before: Option<&CustomerView>,
    after: Option<&CustomerView>,
) -> Result<()> {
    let before_json = before.map(|v| json!(v));
    let after_json = after.map(|v| json!(v));
    let mut diffs = Vec::new();
    super::policies::diff(
        "",
        before_json.as_ref().unwrap_or(&Value::Null),
        after_json.as_ref().unwrap_or(&Value::Null),
        &mut diffs,
    );
    let paths: Vec<Value> = diffs
        .iter()
        .filter_map(|d| d.get("path").cloned())
        .filter(|p| !matches!(p.as_str(), Some("/version" | "/updatedAt")))
        .collect();
    db::customers::insert_audit(
        tx,
        NewAudit {
            tenant_id: &record.customer.tenant_id,
            customer_id: record.customer.customer_id,
            event_type,
            actor: &actor.username,
            reason,
            before: before_json,
            after: after_json,
            field_diffs: Value::Array(paths),
        },
    )
    .await?;
    Ok(())
}

/// The masked view of a customer.
pub fn view(record: &CustomerRecord) -> CustomerView {
    let c = &record.customer;
    CustomerView {
        customer_id: c.customer_id,
        customer_key: c.customer_key.clone(),
        entity_type: c.entity_type.clone(),
        status: c.status.clone(),
        display_name: c.display_name.clone(),
        version: c.version,
        identity: IdentityView {
            person: record.person.as_ref().map(|p| PersonView {
                first_name: p.first_name.clone(),
                middle_name: p.middle_name.clone(),
                last_name: p.last_name.clone(),
                suffix: p.suffix.clone(),
                preferred_name: p.preferred_name.clone(),
                gender: p.gender.clone(),
                marital_status: p.marital_status.clone(),
                driver_license_no: p.driver_license_no.clone(),
                driver_license_state: p.driver_license_state.clone(),
                dob_masked: p.dob_encrypted.as_ref().map(|_| DOB_MASK.to_owned()),
                ssn_masked: p.ssn_last4.as_deref().map(ssn_mask),
                ssn_last4: p.ssn_last4.clone(),
            }),
            company: record.company.as_ref().map(|co| CompanyView {
                legal_name: co.legal_name.clone(),
                dba_name: co.dba_name.clone(),
                entity_legal_type: co.entity_legal_type.clone(),
                incorporation_state: co.incorporation_state.clone(),
                incorporation_country: co.incorporation_country.clone(),
                naics: co.naics.clone(),
                website: co.website.clone(),
                fein_masked: co.fein_last4.as_deref().map(fein_mask),
                fein_last4: co.fein_last4.clone(),
            }),
        },
        contact_points: record
            .contacts
            .iter()
            .map(|k| ContactPoint {
                contact_type: k.contact_type.clone(),
                sub_type: k.sub_type.clone(),
                value: k.value.clone(),
                preferred: k.preferred,
                verified: k.verified,
            })
            .collect(),
        addresses: record
            .addresses
            .iter()
            .map(|a| Address {
                address_type: Some(a.address_type.clone()),
                line1: a.line1.clone(),
                line2: a.line2.clone(),
                city: a.city.clone(),
                state: a.state.clone(),
                postal_code: a.postal_code.clone(),
                country: Some(a.country.clone()),
                primary: a.primary_flag,
            })
            .collect(),
        metadata: c.metadata.clone(),
        created_at: rfc3339(c.created_at),
        updated_at: rfc3339(c.updated_at),
        updated_by: c.updated_by.clone(),
    }
}

/// Guards the field-level rules of a request body that reaches no validation otherwise.
pub fn require_text(field: &str, value: Option<&str>) -> Result<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| FieldErrors::single(field, "is required"))
}
