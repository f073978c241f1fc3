//! SQL for the customer master: customers with their person and company details,
//! contacts and addresses, key sequences, duplicate candidates and the audit trail.

use serde_json::Value;
use sqlx::{FromRow, PgConnection};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone, FromRow)]
pub struct CustomerRow {
    pub customer_id: Uuid,
    pub tenant_id: String,
    pub customer_key: String,
    pub entity_type: String,
    pub status: String,
    pub display_name: String,
    pub version: i32,
    pub metadata: Value,
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub updated_at: OffsetDateTime,
    pub updated_by: String,
}

/// A person's details; sensitive values only as ciphertexts, last four and blind indexes.
#[derive(Debug, Clone, Default, FromRow)]
pub struct PersonRow {
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub suffix: Option<String>,
    pub preferred_name: Option<String>,
    pub gender: Option<String>,
    pub marital_status: Option<String>,
    pub driver_license_no: Option<String>,
    pub driver_license_state: Option<String>,
    pub dob_encrypted: Option<String>,
    pub dob_index: Option<String>,
    pub ssn_encrypted: Option<String>,
    pub ssn_last4: Option<String>,
    pub ssn_index: Option<String>,
}

#[derive(Debug, Clone, Default, FromRow)]
pub struct CompanyRow {
    pub legal_name: Option<String>,
    pub dba_name: Option<String>,
    pub entity_legal_type: Option<String>,
    pub incorporation_state: Option<String>,
    pub incorporation_country: Option<String>,
    pub naics: Option<String>,
    pub website: Option<String>,
    pub fein_encrypted: Option<String>,
    pub fein_last4: Option<String>,
    pub fein_index: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ContactRow {
    pub contact_type: String,
    pub sub_type: Option<String>,
    pub value: String,
    pub normalized_value: String,
    pub preferred: bool,
    pub verified: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct AddressRow {
    pub address_type: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: String,
    pub primary_flag: bool,
}

/// A customer with everything that belongs to it.
#[derive(Debug, Clone)]
pub struct CustomerRecord {
    pub customer: CustomerRow,
    pub person: Option<PersonRow>,
    pub company: Option<CompanyRow>,
    pub contacts: Vec<ContactRow>,
    pub addresses: Vec<AddressRow>,
}

/// The next number of the tenant's customer keys for `year`.
pub async fn next_key_number(
    conn: &mut PgConnection,
    tenant_id: &str,
    year: i32,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        "insert into customer_key_sequence (tenant_id, sequence_year, last_value) values ($1, $2, 1)
         on conflict (tenant_id, sequence_year)
             do update set last_value = customer_key_sequence.last_value + 1
         returning last_value",
        tenant_id,
        year
    )
    .fetch_one(conn)
    .await
}

pub async fn insert_customer(conn: &mut PgConnection, c: &CustomerRow) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into customer (customer_id, tenant_id, customer_key, entity_type, status,
             display_name, version, metadata, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        c.customer_id,
        c.tenant_id,
        c.customer_key,
        c.entity_type,
        c.status,
        c.display_name,
        c.version,
        c.metadata,
        c.created_by,
        c.updated_by
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the customer row if it is still at `expected_version`; the new version, or
/// `None` when someone else changed it first.
pub async fn update_customer(
    conn: &mut PgConnection,
    c: &CustomerRow,
    expected_version: i32,
) -> sqlx::Result<Option<i32>> {
    sqlx::query_scalar!(
        "update customer set entity_type = $4, status = $5, display_name = $6, metadata = $7,
             updated_by = $8, version = version + 1
         where tenant_id = $1 and customer_id = $2 and version = $3
         returning version",
        c.tenant_id,
        c.customer_id,
        expected_version,
        c.entity_type,
        c.status,
        c.display_name,
        c.metadata,
        c.updated_by
    )
    .fetch_optional(conn)
    .await
}

/// Replaces the person details (`None` removes them).
pub async fn put_person(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    p: Option<&PersonRow>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from customer_person where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .execute(&mut *conn)
    .await?;
    let Some(p) = p else { return Ok(()) };
    sqlx::query!(
        "insert into customer_person (tenant_id, customer_id, first_name, middle_name, last_name,
             suffix, preferred_name, gender, marital_status, driver_license_no, driver_license_state,
             dob_encrypted, dob_index, ssn_encrypted, ssn_last4, ssn_index)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        tenant_id,
        customer_id,
        p.first_name,
        p.middle_name,
        p.last_name,
        p.suffix,
        p.preferred_name,
        p.gender,
        p.marital_status,
        p.driver_license_no,
        p.driver_license_state,
        p.dob_encrypted,
        p.dob_index,
        p.ssn_encrypted,
        p.ssn_last4,
        p.ssn_index
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the company details (`None` removes them).
pub async fn put_company(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    c: Option<&CompanyRow>,
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from customer_company where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .execute(&mut *conn)
    .await?;
    let Some(c) = c else { return Ok(()) };
    sqlx::query!(
        "insert into customer_company (tenant_id, customer_id, legal_name, dba_name,
             entity_legal_type, incorporation_state, incorporation_country, naics, website,
             fein_encrypted, fein_last4, fein_index)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        tenant_id,
        customer_id,
        c.legal_name,
        c.dba_name,
        c.entity_legal_type,
        c.incorporation_state,
        c.incorporation_country,
        c.naics,
        c.website,
        c.fein_encrypted,
        c.fein_last4,
        c.fein_index
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the contacts and addresses.
pub async fn put_contacts_and_addresses(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    contacts: &[ContactRow],
    addresses: &[AddressRow],
) -> sqlx::Result<()> {
    sqlx::query!(
        "delete from customer_contact_point where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "delete from customer_address where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .execute(&mut *conn)
    .await?;
    for (position, c) in (0i32..).zip(contacts) {
        sqlx::query!(
            "insert into customer_contact_point (tenant_id, customer_id, position, contact_type,
                 sub_type, value, normalized_value, preferred, verified)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            tenant_id,
            customer_id,
            position,
            c.contact_type,
            c.sub_type,
            c.value,
            c.normalized_value,
            c.preferred,
            c.verified
        )
        .execute(&mut *conn)
        .await?;
    }
    for (position, a) in (0i32..).zip(addresses) {
        sqlx::query!(
            "insert into customer_address (tenant_id, customer_id, position, address_type, line1,
                 line2, city, state, postal_code, country, primary_flag)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            tenant_id,
            customer_id,
            position,
            a.address_type,
            a.line1,
            a.line2,
            a.city,
            a.state,
            a.postal_code,
            a.country,
            a.primary_flag
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The customer named by its id or its key.
pub async fn resolve(
    conn: &mut PgConnection,
    tenant_id: &str,
    id_or_key: &str,
) -> sqlx::Result<Option<Uuid>> {
    let id = Uuid::parse_str(id_or_key.trim()).ok();
    sqlx::query_scalar!(
        "select customer_id from customer
         where tenant_id = $1 and (customer_id = $2 or upper(customer_key) = upper($3))",
        tenant_id,
        id,
        id_or_key.trim()
    )
    .fetch_optional(conn)
    .await
}

/// The customer with its details; `lock` takes a row lock for an update.
pub async fn load(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    lock: bool,
) -> sqlx::Result<Option<CustomerRecord>> {
    let customer = if lock {
        sqlx::query_as!(
            CustomerRow,
            "select customer_id, tenant_id, customer_key, entity_type, status, display_name, version,
                    metadata, created_at, created_by, updated_at, updated_by
             from customer where tenant_id = $1 and customer_id = $2 for update",
            tenant_id,
            customer_id
        )
        .fetch_optional(&mut *conn)
        .await?
    } else {
        sqlx::query_as!(
            CustomerRow,
            "select customer_id, tenant_id, customer_key, entity_type, status, display_name, version,
                    metadata, created_at, created_by, updated_at, updated_by
             from customer where tenant_id = $1 and customer_id = $2",
            tenant_id,
            customer_id
        )
        .fetch_optional(&mut *conn)
        .await?
    };
    let Some(customer) = customer else {
        return Ok(None);
    };
    let person = sqlx::query_as!(
        PersonRow,
        "select first_name, middle_name, last_name, suffix, preferred_name, gender, marital_status,
                driver_license_no, driver_license_state, dob_encrypted, dob_index, ssn_encrypted,
                ssn_last4, ssn_index
         from customer_person where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let company = sqlx::query_as!(
        CompanyRow,
        "select legal_name, dba_name, entity_legal_type, incorporation_state, incorporation_country,
                naics, website, fein_encrypted, fein_last4, fein_index
         from customer_company where tenant_id = $1 and customer_id = $2",
        tenant_id,
        customer_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let contacts = sqlx::query_as!(
        ContactRow,
        "select contact_type, sub_type, value, normalized_value, preferred, verified
         from customer_contact_point where tenant_id = $1 and customer_id = $2 order by position",
        tenant_id,
        customer_id
    )
    .fetch_all(&mut *conn)
    .await?;
    let addresses = sqlx::query_as!(
        AddressRow,
        "select address_type, line1, line2, city, state, postal_code, country, primary_flag
         from customer_address where tenant_id = $1 and customer_id = $2 order by position",
        tenant_id,
        customer_id
    )
    .fetch_all(conn)
    .await?;
    Ok(Some(CustomerRecord {
        customer,
        person,
        company,
        contacts,
        addresses,
    }))
}

/// What a duplicate search looks for.
pub struct Probe<'a> {
    pub last_name: Option<&'a str>,
    pub dob_indexes: &'a [String],
    pub ssn_indexes: &'a [String],
    pub ssn_last4: Option<&'a str>,
    pub postal_codes: &'a [String],
    pub emails: &'a [String],
    pub phones: &'a [String],
    pub legal_name: Option<&'a str>,
    pub fein_indexes: &'a [String],
    pub fein_last4: Option<&'a str>,
    pub exclude: Option<Uuid>,
}

/// Customers sharing any identifying fact with the probe (at most 25).
pub async fn candidates(
    conn: &mut PgConnection,
    tenant_id: &str,
    p: &Probe<'_>,
) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"select c.customer_id as "customer_id!" from customer c
           left join customer_person pe on pe.tenant_id = c.tenant_id and pe.customer_id = c.customer_id
           left join customer_company co on co.tenant_id = c.tenant_id and co.customer_id = c.customer_id
           where c.tenant_id = $1 and c.status <> 'MERGED'
             and ($11::uuid is null or c.customer_id <> $11)
             and ((pe.dob_index = any($3) and lower(pe.last_name) = lower($2))
                  or pe.ssn_index = any($4)
                  or (pe.ssn_last4 = $5 and exists (select 1 from customer_address a
                        where a.tenant_id = c.tenant_id and a.customer_id = c.customer_id
                          and a.postal_code = any($6)))
                  or exists (select 1 from customer_contact_point k
                        where k.tenant_id = c.tenant_id and k.customer_id = c.customer_id
                          and ((k.contact_type = 'EMAIL' and k.normalized_value = any($7))
                               or (k.contact_type = 'PHONE' and k.normalized_value = any($8))))
                  or lower(regexp_replace(co.legal_name, '\s+', ' ', 'g')) = $9
                  or co.fein_index = any($10)
                  or co.fein_last4 = $12)
           order by c.created_at limit 25"#,
        tenant_id,
        p.last_name,
        p.dob_indexes,
        p.ssn_indexes,
        p.ssn_last4,
        p.postal_codes,
        p.emails,
        p.phones,
        p.legal_name,
        p.fein_indexes,
        p.exclude,
        p.fein_last4
    )
    .fetch_all(conn)
    .await
}

/// Customers by name or key fragment, contact, tax-id index or status.
pub struct Search<'a> {
    pub text: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub tax_indexes: &'a [String],
    pub status: Option<&'a str>,
    pub limit: i64,
}

pub async fn search(
    conn: &mut PgConnection,
    tenant_id: &str,
    s: &Search<'_>,
) -> sqlx::Result<Vec<CustomerRow>> {
    sqlx::query_as!(
        CustomerRow,
        r#"select c.customer_id, c.tenant_id, c.customer_key, c.entity_type, c.status,
                  c.display_name, c.version, c.metadata, c.created_at, c.created_by, c.updated_at,
                  c.updated_by
           from customer c
           where c.tenant_id = $1
             and ($2::text is null or c.display_name ilike '%' || $2 || '%'
                  or c.customer_key ilike '%' || $2 || '%')
             and ($3::text is null or exists (select 1 from customer_contact_point k
                  where k.tenant_id = c.tenant_id and k.customer_id = c.customer_id
                    and k.contact_type = 'EMAIL' and k.normalized_value = $3))
             and ($4::text is null or exists (select 1 from customer_contact_point k
                  where k.tenant_id = c.tenant_id and k.customer_id = c.customer_id
                    and k.contact_type = 'PHONE' and k.normalized_value = $4))
             and (cardinality($5::text[]) = 0
                  or exists (select 1 from customer_person pe where pe.tenant_id = c.tenant_id
                             and pe.customer_id = c.customer_id and pe.ssn_index = any($5))
                  or exists (select 1 from customer_company co where co.tenant_id = c.tenant_id
                             and co.customer_id = c.customer_id and co.fein_index = any($5)))
             and ($6::text is null or c.status = $6)
           order by lower(c.display_name), c.customer_key
           limit $7"#,
        tenant_id,
        s.text,
        s.email,
        s.phone,
        s.tax_indexes,
        s.status,
        s.limit
    )
    .fetch_all(conn)
    .await
}

/// An entry of a customer's audit trail.
pub struct NewAudit<'a> {
    pub tenant_id: &'a str,
    pub customer_id: Uuid,
    pub event_type: &'a str,
    pub actor: &'a str,
    pub reason: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub field_diffs: Value,
}

pub async fn insert_audit(conn: &mut PgConnection, a: NewAudit<'_>) -> sqlx::Result<()> {
    sqlx::query!(
        "insert into customer_audit_event (tenant_id, customer_id, event_type, actor, reason,
             before_json, after_json, field_diffs)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        a.tenant_id,
        a.customer_id,
        a.event_type,
        a.actor,
        a.reason,
        a.before,
        a.after,
        a.field_diffs
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow)]
pub struct AuditRow {
    pub event_id: Uuid,
    pub event_type: String,
    pub actor: String,
    pub reason: Option<String>,
    pub before_json: Option<Value>,
    pub after_json: Option<Value>,
    pub field_diffs: Value,
    pub created_at: OffsetDateTime,
}

pub async fn list_audit(
    conn: &mut PgConnection,
    tenant_id: &str,
    customer_id: Uuid,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as!(
        AuditRow,
        "select event_id, event_type, actor, reason, before_json, after_json, field_diffs, created_at
         from customer_audit_event where tenant_id = $1 and customer_id = $2
         order by seq desc limit $3",
        tenant_id,
        customer_id,
        limit
    )
    .fetch_all(conn)
    .await
}
