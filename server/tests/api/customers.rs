//! The customer master: masked reads, searches by blind index, duplicates, versioned
//! updates that keep secrets, contact-only roles, audited reveals, key rotation, and no
//! plaintext PII anywhere in a full database dump.

use std::process::Command;

use lattice_server::crypto::FieldCipher;
use lattice_server::services::customers::pii::reencrypt;
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, database_url, person};

fn ada() -> Value {
    person(
        "Ada",
        "Lovelace",
        "123-45-6789",
        "1990-12-10",
        "ada@example.org",
    )
}

fn globex() -> Value {
    json!({
        "entityType": "COMPANY",
        "identity": {"company": {"legalName": "Globex  Corporation", "fein": "98-7654321",
                                 "incorporationState": "DE"}},
        "contactPoints": [{"contactType": "PHONE", "value": "+1 (415) 555-0100", "preferred": true}]
    })
}

#[sqlx::test(migrations = false)]
async fn customers_are_keyed_masked_and_found_by_blind_index(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let created = app.create_customer(&admin, &ada()).await;
    let company = app.create_customer(&admin, &globex()).await;
    let key = created["customerKey"].as_str().expect("key");
    let year = time::OffsetDateTime::now_utc().year();

    assert_eq!(key, format!("CUST-{year}-000001"));
    assert_eq!(company["customerKey"], format!("CUST-{year}-000002"));
    assert_eq!(created["displayName"], "Ada Lovelace");
    assert_eq!(created["version"], 1);
    let person = &created["identity"]["person"];
    assert_eq!(person["ssnMasked"], "***-**-6789");
    assert_eq!(person["ssnLast4"], "6789");
    assert_eq!(person["dobMasked"], "***-**-****");
    assert_eq!(company["identity"]["company"]["feinMasked"], "**-***4321");
    assert_eq!(company["displayName"], "Globex  Corporation");
    let text = created.to_string() + &company.to_string();
    for secret in [
        "123456789",
        "123-45-6789",
        "1990-12-10",
        "98-7654321",
        "987654321",
        "v1.",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }

    let by = async |query: &str| {
        app.get_json(&format!("/api/v1/admin/customers/search?{query}"), &admin)
            .await
    };
    let ssn = by("taxId=123456789").await;
    let fein = by("taxId=98-7654321").await;
    let email = by("email=ADA@example.org").await;
    let phone = by("phone=%2B1%20415%20555%200100").await;
    let partial_phone = by("phone=4155550100").await;
    let name = by("q=love").await;
    let none = by("taxId=999999999").await;
    assert_eq!(ssn[0]["customerKey"], key);
    assert_eq!(ssn.as_array().map(Vec::len), Some(1));
    assert_eq!(fein[0]["customerKey"], company["customerKey"]);
    assert_eq!(email[0]["customerKey"], key);
    assert_eq!(phone[0]["customerKey"], company["customerKey"]);
    assert_eq!(partial_phone, json!([]), "phone numbers match whole");
    assert_eq!(name[0]["customerKey"], key);
    assert_eq!(none, json!([]));
    let by_key = app
        .get_json(&format!("/api/v1/admin/customers/{key}"), &admin)
        .await;
    assert_eq!(by_key, created);
}

#[sqlx::test(migrations = false)]
async fn likely_duplicates_are_refused_unless_created_anyway(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let original = app.create_customer(&admin, &ada()).await;

    let same_ssn = person(
        "Augusta",
        "King",
        "123456789",
        "1815-12-10",
        "augusta@example.org",
    );
    let same_name_and_dob = person("ada", "LOVELACE", "", "1990-12-10", "other@example.org");
    let same_email = person("Byron", "Noel", "", "1980-01-01", "Ada@Example.org");
    let mut results = Vec::new();
    for payload in [&same_ssn, &same_name_and_dob, &same_email] {
        let response = app
            .post_json("/api/v1/admin/customers", Some(&admin), payload)
            .await;
        let body = assert_error(response, StatusCode::CONFLICT, "POTENTIAL_DUPLICATE").await;
        let first = &body["details"]["potentialMatches"][0];
        assert_eq!(first["customerId"], original["customerId"]);
        results.push((first["score"].clone(), first["reasons"].clone()));
    }
    let mut anyway = same_ssn.clone();
    anyway["createAnyway"] = json!(true);
    let forced = app.create_customer(&admin, &anyway).await;

    assert_eq!(
        results,
        vec![
            (json!(95), json!(["ssn", "ssn last4+postal code"])),
            (json!(75), json!(["name+dob"])),
            (json!(60), json!(["email"])),
        ]
    );
    assert_eq!(forced["identity"]["person"]["ssnLast4"], "6789");
}

#[sqlx::test(migrations = false)]
async fn invalid_customers_are_refused_with_every_reason(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let response = app
        .post_json(
            "/api/v1/admin/customers",
            Some(&admin),
            &json!({"entityType": "INDIVIDUAL",
                    "identity": {"person": {"firstName": "Ada", "ssn": "12345"}},
                    "contactPoints": [{"contactType": "EMAIL", "value": "nope"}]}),
        )
        .await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_CUSTOMER",
    )
    .await;
    assert_eq!(
        body["details"]["errors"],
        json!([
            "Individual requires first name and last name",
            "SSN must have 9 digits",
            "contactPoints[0]: not an email address"
        ])
    );
    let bad_type = app
        .post_json(
            "/api/v1/admin/customers",
            Some(&admin),
            &json!({"entityType": "ROBOT"}),
        )
        .await;
    assert_error(
        bad_type,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_CUSTOMER",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn updates_are_versioned_keep_omitted_secrets_and_respect_contact_only_roles(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let created = app.create_customer(&admin, &ada()).await;
    let path = format!(
        "/api/v1/admin/customers/{}",
        created["customerId"].as_str().expect("id")
    );
    let new_email =
        json!([{"contactType": "EMAIL", "value": "countess@example.org", "preferred": true}]);

    let unversioned = app
        .patch_json(&path, Some(&admin), &json!({"contactPoints": new_email}))
        .await;
    let stale = app
        .patch_json(
            &path,
            Some(&admin),
            &json!({"expectedVersion": 7, "contactPoints": new_email}),
        )
        .await;
    let updated: Value = app
        .patch_json(
            &path,
            Some(&admin),
            &json!({"expectedVersion": 1, "reason": "New address",
                    "identity": {"person": {"firstName": "Ada", "lastName": "King"}},
                    "contactPoints": new_email}),
        )
        .await
        .json()
        .await
        .expect("json");
    let ssn: Value = app
        .post_json(
            &format!("{path}/reveal"),
            Some(&admin),
            &json!({"field": "ssn", "reason": "verify identity"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let cleared: Value = app
        .patch_json(
            &path,
            Some(&admin),
            &json!({"expectedVersion": 2,
                    "identity": {"person": {"firstName": "Ada", "lastName": "King", "ssn": null}}}),
        )
        .await
        .json()
        .await
        .expect("json");

    assert_error(
        unversioned,
        StatusCode::BAD_REQUEST,
        "EXPECTED_VERSION_REQUIRED",
    )
    .await;
    let body = assert_error(stale, StatusCode::CONFLICT, "VERSION_MISMATCH").await;
    assert_eq!(body["details"]["currentVersion"], 1);
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["displayName"], "Ada King");
    assert_eq!(updated["contactPoints"][0]["value"], "countess@example.org");
    assert_eq!(
        updated["addresses"], created["addresses"],
        "omitted sections stay"
    );
    assert_eq!(
        updated["identity"]["person"]["ssnMasked"], "***-**-6789",
        "omitted SSN stays"
    );
    assert_eq!(ssn, json!({"field": "ssn", "value": "123456789"}));
    assert_eq!(cleared["version"], 3);
    assert_eq!(cleared["identity"]["person"]["ssnMasked"], Value::Null);
    assert_eq!(cleared["identity"]["person"]["dobMasked"], "***-**-****");

    let service = {
        app.create_user(&admin, "desk", &["customer_service"]).await;
        app.token("sample-carrier", "desk", crate::helpers::TEST_PASSWORD)
            .await
    };
    let identity = app
        .patch_json(
            &path,
            Some(&service),
            &json!({"expectedVersion": 3, "identity": {"person": {"firstName": "Eve", "lastName": "King"}}}),
        )
        .await;
    let contact = app
        .patch_json(
            &path,
            Some(&service),
            &json!({"expectedVersion": 3, "contactPoints": [
                {"contactType": "PHONE", "value": "020 7946 0000", "preferred": true}]}),
        )
        .await;
    let reveal = app
        .post_json(
            &format!("{path}/reveal"),
            Some(&service),
            &json!({"field": "dob", "reason": "x"}),
        )
        .await;
    assert_error(identity, StatusCode::FORBIDDEN, "IDENTITY_EDIT_FORBIDDEN").await;
    assert_eq!(contact.status(), StatusCode::OK);
    assert_error(reveal, StatusCode::FORBIDDEN, "FORBIDDEN").await;

    let audit = app.get_json(&format!("{path}/audit"), &admin).await;
    let kinds: Vec<&str> = audit
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["eventType"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["UPDATED", "UPDATED", "PII_REVEAL", "UPDATED", "CREATED"]
    );
    let first_update = &audit[3];
    assert_eq!(first_update["actor"], "admin");
    assert_eq!(first_update["reason"], "New address");
    assert!(
        first_update["fieldDiffs"]
            .as_array()
            .expect("diffs")
            .contains(&json!("/identity/person/lastName"))
    );
    assert!(!audit.to_string().contains("123456789"));
}

#[sqlx::test(migrations = false)]
async fn reveals_need_the_permission_a_reason_and_leave_a_trail(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let created = app.create_customer(&admin, &ada()).await;
    let path = format!(
        "/api/v1/admin/customers/{}/reveal",
        created["customerKey"].as_str().expect("key")
    );
    app.create_user(&admin, "pii", &["restricted_pii"]).await;
    app.create_user(&admin, "custadmin", &["customer_admin"])
        .await;
    let pii = app
        .token("sample-carrier", "pii", crate::helpers::TEST_PASSWORD)
        .await;
    let custadmin = app
        .token("sample-carrier", "custadmin", crate::helpers::TEST_PASSWORD)
        .await;

    let no_reason = app
        .post_json(&path, Some(&pii), &json!({"field": "dob"}))
        .await;
    let bad_field = app
        .post_json(&path, Some(&pii), &json!({"field": "name", "reason": "x"}))
        .await;
    let without_permission = app
        .post_json(
            &path,
            Some(&custadmin),
            &json!({"field": "dob", "reason": "x"}),
        )
        .await;
    let dob: Value = app
        .post_json(
            &path,
            Some(&pii),
            &json!({"field": "dob", "reason": "claim 42"}),
        )
        .await
        .json()
        .await
        .expect("json");

    assert_error(no_reason, StatusCode::BAD_REQUEST, "REASON_REQUIRED").await;
    assert_error(bad_field, StatusCode::BAD_REQUEST, "INVALID_FIELD").await;
    assert_error(without_permission, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_eq!(dob, json!({"field": "dob", "value": "1990-12-10"}));
    let events = app
        .get_json(
            "/api/v1/admin/security/events?eventType=PII_REVEALED",
            &admin,
        )
        .await;
    assert_eq!(events["total"], 1);
    assert_eq!(events["items"][0]["username"], "pii");
    assert_eq!(events["items"][0]["details"]["reason"], "claim 42");
    assert_eq!(events["items"][0]["details"]["field"], "dob");
}

#[sqlx::test(migrations = false)]
async fn rotating_the_key_keeps_old_rows_readable_and_reencrypt_moves_them(pool: PgPool) {
    let old = "old-customer-data-key-0123456789abcdef";
    let new = "new-customer-data-key-0123456789abcdef";
    let before = TestApp::spawn_with(pool.clone(), &[("CUSTOMER_DATA_KEY", old)]).await;
    let admin = before.demo_token("admin").await;
    let created = before.create_customer(&admin, &ada()).await;
    let key = created["customerKey"].as_str().expect("key").to_owned();
    let path = format!("/api/v1/admin/customers/{key}/reveal");
    let reveal = async |app: &TestApp, token: &str| {
        app.post_json(
            &path,
            Some(token),
            &json!({"field": "ssn", "reason": "rotation check"}),
        )
        .await
    };
    let stored = || async {
        sqlx::query_scalar::<_, String>("select ssn_encrypted from customer_person")
            .fetch_one(&pool)
            .await
            .expect("row")
    };
    let under_old = stored().await;

    let rotated = TestApp::start(
        pool.clone(),
        &[
            ("CUSTOMER_DATA_KEY", new),
            ("CUSTOMER_DATA_PREVIOUS_KEYS", old),
        ],
    )
    .await;
    let admin = rotated.demo_token("admin").await;
    let read_during: Value = reveal(&rotated, &admin).await.json().await.expect("json");
    let found_during = rotated
        .get_json("/api/v1/admin/customers/search?taxId=123-45-6789", &admin)
        .await;
    let cipher = FieldCipher::new(&SecretString::from(new), &[SecretString::from(old)]);
    let report = reencrypt(&pool, &cipher).await.expect("reencrypt");
    let under_new = stored().await;

    let forgotten = TestApp::start(pool.clone(), &[("CUSTOMER_DATA_KEY", new)]).await;
    let admin = forgotten.demo_token("admin").await;
    let read_after: Value = reveal(&forgotten, &admin).await.json().await.expect("json");
    let found_after = forgotten
        .get_json("/api/v1/admin/customers/search?taxId=123456789", &admin)
        .await;

    assert_eq!(read_during["value"], "123456789");
    assert_eq!(found_during.as_array().map(Vec::len), Some(1));
    assert!(report.values >= 2, "ssn and dob moved: {report:?}");
    assert_ne!(under_old, under_new);
    assert_eq!(
        under_old.split('.').nth(1),
        Some(FieldCipher::new(&SecretString::from(old), &[]).current_key_id())
    );
    assert_eq!(under_new.split('.').nth(1), Some(cipher.current_key_id()));
    assert_eq!(read_after["value"], "123456789");
    assert_eq!(found_after.as_array().map(Vec::len), Some(1));
    assert_eq!(
        reencrypt(&pool, &cipher).await.expect("again").values,
        0,
        "nothing left to move"
    );
}

#[sqlx::test(migrations = false)]
async fn a_full_database_dump_holds_no_plaintext_ssn_dob_fein_or_mfa_secret(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let admin = app.demo_token("admin").await;
    app.create_customer(&admin, &ada()).await;
    app.create_customer(&admin, &globex()).await;
    // An MFA enrolment, so a TOTP secret is stored too.
    app.patch_json(
        "/api/v1/admin/tenant",
        Some(&admin),
        &json!({"mfaRequired": true}),
    )
    .await;
    let setup: Value = app
        .login("sample-carrier", "agent1", "password")
        .await
        .json()
        .await
        .expect("json");
    let manual_key = setup["manualKey"].as_str().expect("key").to_owned();
    let secret = lattice_server::auth::totp::secret_from_manual_key(&manual_key).expect("key");
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();

    let dump = Command::new("pg_dump")
        .arg("--data-only")
        .arg(format!("--dbname={}", database_url(&pool)))
        .output()
        .expect("pg_dump runs");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let text = String::from_utf8_lossy(&dump.stdout);

    assert!(text.contains("Lovelace"), "the dump has the customer rows");
    assert!(
        text.contains("6789"),
        "last four digits are kept for matching"
    );
    for plain in [
        "123456789",
        "123-45-6789",
        "1990-12-10",
        "98-7654321",
        "987654321",
        manual_key.as_str(),
        hex.as_str(),
    ] {
        assert!(!text.contains(plain), "{plain} appears in the dump");
    }
}

#[sqlx::test(migrations = false)]
async fn administrators_link_customers_to_policies(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    let customer = app.create_customer(&admin, &ada()).await;
    let key = customer["customerKey"].as_str().expect("key").to_owned();
    let bound = app
        .bound_policy(&agent, &crate::helpers::auto_quote(35))
        .await;
    let policy_id = bound["policyId"].as_str().expect("id").to_owned();
    let assign = async |body: Value| {
        app.post_json(
            "/api/v1/admin/customers/policy-links/assign",
            Some(&admin),
            &body,
        )
        .await
    };

    let linked: Value = assign(json!({"policyId": policy_id, "customerIdOrKey": key}))
        .await
        .json()
        .await
        .expect("json");
    let secondary = assign(json!({"policyId": policy_id, "customerKey": key,
                                  "roleCode": "secondary_named_insured", "isPrimary": false}))
    .await;
    let bad_policy = assign(json!({"policyId": "nope", "customerIdOrKey": key})).await;
    let unknown_policy = assign(json!({"policyId": "6f1c1a5e-0000-4000-8000-000000000000",
                                       "customerIdOrKey": key}))
    .await;
    let unknown_customer =
        assign(json!({"policyId": policy_id, "customerIdOrKey": "CUST-1900-000009"})).await;
    let bad_role =
        assign(json!({"policyId": policy_id, "customerIdOrKey": key, "roleCode": "PAYER"})).await;
    let as_agent = app
        .post_json(
            "/api/v1/admin/customers/policy-links/assign",
            Some(&agent),
            &json!({"policyId": policy_id, "customerIdOrKey": key}),
        )
        .await;
    let policies = app
        .get_json(&format!("/api/v1/admin/customers/{key}/policies"), &admin)
        .await;

    assert_eq!(linked["policyNumber"], bound["policyNumber"]);
    assert_eq!(linked["roleCode"], "PRIMARY_NAMED_INSURED");
    assert_eq!(linked["isPrimary"], true);
    assert_eq!(linked["customerName"], "Ada Lovelace");
    assert_eq!(secondary.status(), StatusCode::OK);
    assert_error(bad_policy, StatusCode::BAD_REQUEST, "INVALID_POLICY_ID").await;
    assert_error(unknown_policy, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
    assert_error(
        unknown_customer,
        StatusCode::NOT_FOUND,
        "CUSTOMER_NOT_FOUND",
    )
    .await;
    assert_error(
        bad_role,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(as_agent, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_eq!(
        policies.as_array().map(Vec::len),
        Some(1),
        "one policy, listed once"
    );
    assert_eq!(policies[0]["policyId"], json!(policy_id));
}
