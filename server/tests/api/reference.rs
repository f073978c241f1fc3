//! Reference data, tenant preferences and admin tenant settings.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn cancellation_reasons_and_preferences(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let reasons: Value = app
        .get("/api/v1/reference/cancellation-reason-codes", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let prefs: Value = app
        .get("/api/v1/tenant/preferences", Some(&agent))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(reasons["total"], 12);
    let flat = reasons["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| r["reasonCode"] == "FLAT_CANCEL")
        .expect("flat");
    assert_eq!(flat["returnPremium"], "FLAT");
    assert_eq!(flat["initiator"], "CARRIER");
    assert_eq!(prefs["tenantId"], "sample-carrier");
    assert_eq!(prefs["defaultCountry"], "US");
    assert_eq!(prefs["dateFormat"], "MM-DD-YYYY");
    assert_eq!(
        prefs["aiMlConfig"]["thresholds"]["riskReferral"],
        json!(0.72)
    );
}

#[sqlx::test(migrations = false)]
async fn admins_read_and_change_tenant_settings(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;

    let before: Value = app
        .get("/api/v1/admin/tenant", Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        before["policyNumberFormatsByProduct"]["homeowners"],
        "HO-{ID8}"
    );
    assert_eq!(before["quoteValidityDays"], 60);

    let after: Value = app
        .patch_json("/api/v1/admin/tenant", Some(&admin),
                    &json!({"name": "Sample Mutual", "defaultCountry": "ca", "dateFormatsByCountry": {"CA": "YYYY-MM-DD"}}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(after["name"], "Sample Mutual");
    assert_eq!(after["defaultCountry"], "CA");
    let prefs: Value = app
        .get("/api/v1/tenant/preferences", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(prefs["dateFormat"], "YYYY-MM-DD");

    let invalid = app
        .patch_json("/api/v1/admin/tenant", Some(&admin),
                    &json!({"name": " ", "quoteValidityDays": 0, "policyNumberFormatsByProduct": {"cyber": 5}}))
        .await;
    let body = assert_error(
        invalid,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    let fields = body["details"]["fieldErrors"].as_object().expect("fields");
    assert!(
        fields.contains_key("name")
            && fields.contains_key("quoteValidityDays")
            && fields.contains_key("policyNumberFormatsByProduct")
    );
    assert_error(
        app.get("/api/v1/admin/tenant", Some(&agent)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn underwriting_companies_crud_and_lookup(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;
    let company = json!({"name": "Keystone Mutual", "productCode": "homeowners", "country": "us", "state": "ALL"});

    let created = app
        .post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&admin),
            &company,
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("json");
    let id = created["companyId"].as_str().expect("id").to_owned();
    let body = assert_error(
        app.post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&admin),
            &company,
        )
        .await,
        StatusCode::CONFLICT,
        "DUPLICATE",
    )
    .await;
    assert_eq!(
        body["message"],
        "Duplicate combination not allowed for this company, product, country, and state/province"
    );
    app.post_json("/api/v1/admin/underwriting-companies", Some(&admin),
                  &json!({"name": "Gulf Specialty", "productCode": "homeowners", "country": "US", "state": "FL"})).await;

    let texas: Value = app
        .get(
            "/api/v1/underwriting-companies?productCode=homeowners&state=TX",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let florida: Value = app
        .get(
            "/api/v1/underwriting-companies?productCode=homeowners&state=fl",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(texas["total"], 1, "ALL matches any state");
    assert_eq!(florida["total"], 2);

    let path = format!("/api/v1/admin/underwriting-companies/{id}");
    let updated: Value = app
        .patch_json(&path, Some(&admin), &json!({"active": false}))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        (updated["active"].clone(), updated["name"].clone()),
        (json!(false), json!("Keystone Mutual"))
    );
    let active: Value = app
        .get(
            "/api/v1/underwriting-companies?productCode=homeowners&state=TX",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(active["total"], 0);
    let with_inactive: Value = app
        .get(
            "/api/v1/admin/underwriting-companies?includeInactive=true",
            Some(&admin),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(with_inactive["total"], 2);

    let deleted = app
        .request(Method::DELETE, &path, Some(&admin))
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let again = app
        .request(Method::DELETE, &path, Some(&admin))
        .send()
        .await
        .expect("sent");
    assert_error(again, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let missing = app
        .post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&admin),
            &json!({"name": "X"}),
        )
        .await;
    assert_error(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        app.post_json(
            "/api/v1/admin/underwriting-companies",
            Some(&agent),
            &company,
        )
        .await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
}
