//! Customer PII at rest: SSN, FEIN and date of birth become ciphertexts bound to their
//! tenant, customer and field, with last-four digits and keyed blind indexes for
//! matching; reveals decrypt one field for a stated reason; `reencrypt` moves every
//! stored secret to the current key.

use lattice_shared::api::customers::{CompanyPayload, PersonPayload};
use lattice_shared::customer::{
    MatchFacts, last4, normalize_email, normalize_phone, normalize_tax_id,
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::crypto::{Binding, CryptoError, FieldCipher};
use crate::db;
use crate::db::customers::{CompanyRow, CustomerRecord, PersonRow};
use crate::services::auth::mfa::{PENDING_FIELD, SECRET_FIELD};

pub const SSN: &str = "ssn";
pub const DOB: &str = "dob";
pub const FEIN: &str = "fein";

/// A sensitive value as stored: ciphertext, last four (not for dates) and blind index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sealed {
    pub encrypted: Option<String>,
    pub last4: Option<String>,
    pub index: Option<String>,
}

/// The normal form that is encrypted and indexed: digits for tax ids, the date for a
/// date of birth.
pub fn normal_form(field: &str, value: &str) -> String {
    if field == DOB {
        value.trim().to_owned()
    } else {
        normalize_tax_id(value)
    }
}

/// Seals `value` for the customer's `field`.
pub fn seal(
    cipher: &FieldCipher,
    tenant_id: &str,
    customer_id: Uuid,
    field: &'static str,
    value: &str,
) -> Sealed {
    let normal = normal_form(field, value);
    Sealed {
        encrypted: Some(cipher.encrypt(binding(tenant_id, customer_id, field), &normal)),
        last4: (field != DOB).then(|| last4(&normal)),
        index: Some(cipher.blind_index(field, &normal)),
    }
}

pub fn binding<'a>(tenant_id: &'a str, customer_id: Uuid, field: &'static str) -> Binding<'a> {
    Binding {
        tenant_id,
        record_id: customer_id,
        field,
    }
}

/// The new sealed value of a field: absent keeps `kept`, `null` or blank clears it.
fn next(
    cipher: &FieldCipher,
    tenant_id: &str,
    customer_id: Uuid,
    field: &'static str,
    given: Option<&Option<String>>,
    kept: Sealed,
) -> Sealed {
    match given {
        None => kept,
        Some(None) => Sealed::default(),
        Some(Some(v)) if v.trim().is_empty() => Sealed::default(),
        Some(Some(v)) => seal(cipher, tenant_id, customer_id, field, v),
    }
}

fn trimmed(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The person row for `p`, keeping the sensitive values of `existing` that `p` omits.
pub fn person_row(
    cipher: &FieldCipher,
    tenant_id: &str,
    customer_id: Uuid,
    p: &PersonPayload,
    existing: Option<&PersonRow>,
) -> PersonRow {
    let old = existing.cloned().unwrap_or_default();
    let dob = next(
        cipher,
        tenant_id,
        customer_id,
        DOB,
        p.dob.as_ref(),
        Sealed {
            encrypted: old.dob_encrypted,
            last4: None,
            index: old.dob_index,
        },
    );
    let ssn = next(
        cipher,
        tenant_id,
        customer_id,
        SSN,
        p.ssn.as_ref(),
        Sealed {
            encrypted: old.ssn_encrypted,
            last4: old.ssn_last4,
            index: old.ssn_index,
        },
    );
    PersonRow {
        first_name: trimmed(p.first_name.as_ref()),
        middle_name: trimmed(p.middle_name.as_ref()),
        last_name: trimmed(p.last_name.as_ref()),
        suffix: trimmed(p.suffix.as_ref()),
        preferred_name: trimmed(p.preferred_name.as_ref()),
        gender: trimmed(p.gender.as_ref()),
        marital_status: trimmed(p.marital_status.as_ref()),
        driver_license_no: trimmed(p.driver_license_no.as_ref()),
        driver_license_state: trimmed(p.driver_license_state.as_ref()),
        dob_encrypted: dob.encrypted,
        dob_index: dob.index,
        ssn_encrypted: ssn.encrypted,
        ssn_last4: ssn.last4,
        ssn_index: ssn.index,
    }
}

/// The company row for `c`, keeping the FEIN of `existing` when `c` omits it.
pub fn company_row(
    cipher: &FieldCipher,
    tenant_id: &str,
    customer_id: Uuid,
    c: &CompanyPayload,
    existing: Option<&CompanyRow>,
) -> CompanyRow {
    let old = existing.cloned().unwrap_or_default();
    let fein = next(
        cipher,
        tenant_id,
        customer_id,
        FEIN,
        c.fein.as_ref(),
        Sealed {
            encrypted: old.fein_encrypted,
            last4: old.fein_last4,
            index: old.fein_index,
        },
    );
    CompanyRow {
        legal_name: trimmed(c.legal_name.as_ref()),
        dba_name: trimmed(c.dba_name.as_ref()),
        entity_legal_type: trimmed(c.entity_legal_type.as_ref()),
        incorporation_state: trimmed(c.incorporation_state.as_ref()),
        incorporation_country: trimmed(c.incorporation_country.as_ref()),
        naics: trimmed(c.naics.as_ref()),
        website: trimmed(c.website.as_ref()),
        fein_encrypted: fein.encrypted,
        fein_last4: fein.last4,
        fein_index: fein.index,
    }
}

/// What duplicate detection compares for a stored customer.
pub fn facts_of(record: &CustomerRecord) -> MatchFacts {
    let person = record.person.as_ref();
    let company = record.company.as_ref();
    let contacts = |kind: &str| {
        record
            .contacts
            .iter()
            .filter(|c| c.contact_type == kind)
            .map(|c| c.normalized_value.clone())
            .collect()
    };
    MatchFacts {
        person_name: person
            .and_then(|p| person_key(p.first_name.as_deref(), p.last_name.as_deref())),
        dob_indexes: person
            .and_then(|p| p.dob_index.clone())
            .into_iter()
            .collect(),
        ssn_indexes: person
            .and_then(|p| p.ssn_index.clone())
            .into_iter()
            .collect(),
        ssn_last4: person.and_then(|p| p.ssn_last4.clone()),
        postal_codes: record
            .addresses
            .iter()
            .filter_map(|a| a.postal_code.clone())
            .collect(),
        emails: contacts("EMAIL"),
        phones: contacts("PHONE"),
        legal_name: company.and_then(|c| legal_key(c.legal_name.as_deref())),
        fein_indexes: company
            .and_then(|c| c.fein_index.clone())
            .into_iter()
            .collect(),
        fein_last4: company.and_then(|c| c.fein_last4.clone()),
    }
}

/// The facts of a customer about to be written, with blind indexes under every key so
/// rows not yet re-encrypted still match.
pub fn facts_to_store(cipher: &FieldCipher, record: &CustomerRecord, raw: &RawIds) -> MatchFacts {
    let mut facts = facts_of(record);
    let all = |field: &'static str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| cipher.blind_indexes(field, &normal_form(field, v)))
    };
    if let Some(indexes) = all(DOB, &raw.dob) {
        facts.dob_indexes = indexes;
    }
    if let Some(indexes) = all(SSN, &raw.ssn) {
        facts.ssn_indexes = indexes;
    }
    if let Some(indexes) = all(FEIN, &raw.fein) {
        facts.fein_indexes = indexes;
    }
    facts
}

/// Plain values given in the request, for matching under every key.
#[derive(Debug, Default)]
pub struct RawIds {
    pub dob: Option<String>,
    pub ssn: Option<String>,
    pub fein: Option<String>,
}

pub fn person_key(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = format!(
        "{} {}",
        first.unwrap_or_default().trim(),
        last.unwrap_or_default().trim()
    )
    .trim()
    .to_lowercase();
    (!name.is_empty()).then_some(name)
}

pub fn legal_key(name: Option<&str>) -> Option<String> {
    let key = name?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// Normal forms of contact values.
pub fn normalized_contact(contact_type: &str, value: &str) -> String {
    if contact_type == "EMAIL" {
        normalize_email(value)
    } else {
        normalize_phone(value)
    }
}

/// Decrypts one field of a customer.
pub fn reveal(
    cipher: &FieldCipher,
    record: &CustomerRecord,
    field: &'static str,
) -> Result<Option<String>, CryptoError> {
    let stored = match field {
        SSN => record.person.as_ref().and_then(|p| p.ssn_encrypted.clone()),
        DOB => record.person.as_ref().and_then(|p| p.dob_encrypted.clone()),
        _ => record
            .company
            .as_ref()
            .and_then(|c| c.fein_encrypted.clone()),
    };
    stored
        .map(|s| {
            cipher.decrypt(
                binding(
                    &record.customer.tenant_id,
                    record.customer.customer_id,
                    field,
                ),
                &s,
            )
        })
        .transpose()
}

/// How many stored secrets `reencrypt` moved to the current key.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reencrypted {
    pub tenants: usize,
    pub values: usize,
}

/// Re-encrypts, under the current key, every customer secret and MFA secret written
/// under an older one, recomputing blind indexes; one transaction per tenant. Run it after
/// rotating `CUSTOMER_DATA_KEY` (with the old key in `CUSTOMER_DATA_PREVIOUS_KEYS`).
pub async fn reencrypt(pool: &PgPool, cipher: &FieldCipher) -> anyhow::Result<Reencrypted> {
    let tenants: Vec<String> =
        sqlx::query_scalar!("select tenant_id from tenant order by tenant_id")
            .fetch_all(pool)
            .await?;
    let mut report = Reencrypted::default();
    for tenant_id in &tenants {
        let mut tx = db::begin_tenant(pool, tenant_id).await?;
        report.values += rotate_customers(&mut tx, cipher, tenant_id).await?;
        report.values += rotate_mfa(&mut tx, cipher, tenant_id).await?;
        tx.commit().await?;
        report.tenants += 1;
    }
    Ok(report)
}

/// Decrypts `stored` and seals it again under the current key, when it is stale.
fn refreshed(
    cipher: &FieldCipher,
    tenant_id: &str,
    customer_id: Uuid,
    field: &'static str,
    stored: Option<&str>,
) -> anyhow::Result<Option<Sealed>> {
    let Some(stored) = stored.filter(|s| cipher.is_stale(s)) else {
        return Ok(None);
    };
    let plain = cipher
        .decrypt(binding(tenant_id, customer_id, field), stored)
        .map_err(|e| anyhow::anyhow!("customer {customer_id} {field}: {e}"))?;
    Ok(Some(seal(cipher, tenant_id, customer_id, field, &plain)))
}

async fn rotate_customers(
    tx: &mut db::Tx,
    cipher: &FieldCipher,
    tenant_id: &str,
) -> anyhow::Result<usize> {
    let mut moved = 0;
    let people = sqlx::query!(
        "select customer_id, dob_encrypted, ssn_encrypted from customer_person where tenant_id = $1",
        tenant_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for p in people {
        let dob = refreshed(
            cipher,
            tenant_id,
            p.customer_id,
            DOB,
            p.dob_encrypted.as_deref(),
        )?;
        let ssn = refreshed(
            cipher,
            tenant_id,
            p.customer_id,
            SSN,
            p.ssn_encrypted.as_deref(),
        )?;
        if dob.is_none() && ssn.is_none() {
            continue;
        }
        moved += usize::from(dob.is_some()) + usize::from(ssn.is_some());
        let (dob, ssn) = (dob.unwrap_or_default(), ssn.unwrap_or_default());
        sqlx::query!(
            "update customer_person set dob_encrypted = coalesce($3, dob_encrypted),
                 dob_index = coalesce($4, dob_index), ssn_encrypted = coalesce($5, ssn_encrypted),
                 ssn_index = coalesce($6, ssn_index)
             where tenant_id = $1 and customer_id = $2",
            tenant_id,
            p.customer_id,
            dob.encrypted,
            dob.index,
            ssn.encrypted,
            ssn.index
        )
        .execute(&mut **tx)
        .await?;
    }
    let companies = sqlx::query!(
        "select customer_id, fein_encrypted from customer_company where tenant_id = $1",
        tenant_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for c in companies {
        if let Some(s) = refreshed(
            cipher,
            tenant_id,
            c.customer_id,
            FEIN,
            c.fein_encrypted.as_deref(),
        )? {
            sqlx::query!(
                "update customer_company set fein_encrypted = $3, fein_index = $4
                 where tenant_id = $1 and customer_id = $2",
                tenant_id,
                c.customer_id,
                s.encrypted,
                s.index
            )
            .execute(&mut **tx)
            .await?;
            moved += 1;
        }
    }
    Ok(moved)
}

async fn rotate_mfa(
    tx: &mut db::Tx,
    cipher: &FieldCipher,
    tenant_id: &str,
) -> anyhow::Result<usize> {
    let users = sqlx::query!(
        "select user_id, mfa_secret, mfa_pending_secret from app_user
         where tenant_id = $1 and (mfa_secret is not null or mfa_pending_secret is not null)",
        tenant_id
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut moved = 0;
    for u in users {
        for (field, stored) in [
            (SECRET_FIELD, u.mfa_secret.as_deref()),
            (PENDING_FIELD, u.mfa_pending_secret.as_deref()),
        ] {
            let Some(stored) = stored.filter(|s| cipher.is_stale(s)) else {
                continue;
            };
            let b = Binding {
                tenant_id,
                record_id: u.user_id,
                field,
            };
            let plain = cipher
                .decrypt(b, stored)
                .map_err(|e| anyhow::anyhow!("user {} {field}: {e}", u.user_id))?;
            let fresh = cipher.encrypt(b, &plain);
            if field == SECRET_FIELD {
                sqlx::query!(
                    "update app_user set mfa_secret = $2 where user_id = $1",
                    u.user_id,
                    fresh
                )
                .execute(&mut **tx)
                .await?;
            } else {
                sqlx::query!(
                    "update app_user set mfa_pending_secret = $2 where user_id = $1",
                    u.user_id,
                    fresh
                )
                .execute(&mut **tx)
                .await?;
            }
            moved += 1;
        }
    }
    Ok(moved)
}
