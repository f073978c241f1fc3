//! The product catalog and rating preview over HTTP, including a product added from a
//! pack file without any code change.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error};

fn personal_auto_quote() -> Value {
    json!({
        "productCode": "personal-auto", "effectiveDate": "2026-07-01", "termMonths": 12,
        "applicant": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.org"},
        "uwAnswers": {"driverAge": 35},
        "risks": [{"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
                   "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 9000}],
        "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                      {"code": "PD", "selected": true, "limit": 50000}]
    })
}

#[sqlx::test(migrations = false)]
async fn the_catalog_lists_six_products_and_their_configuration(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let list: Value = app
        .get("/api/v1/products", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let config: Value = app
        .get("/api/v1/products/Personal-Auto/config", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let homeowners: Value = app
        .get("/api/v1/products/homeowners/config", Some(&agent))
        .await
        .json()
        .await
        .expect("json");

    let codes: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["code"].as_str().expect("code"))
        .collect();
    assert_eq!(
        codes,
        [
            "personal-auto",
            "homeowners",
            "commercial-auto",
            "cyber",
            "professional-liability",
            "identity-protection"
        ]
    );
    assert_eq!(list["total"], 6);
    assert_eq!(config["coverages"][0]["code"], "BI");
    assert_eq!(
        config["coverages"][0]["limits"],
        json!(["25000/50000", "50000/100000", "100000/300000"])
    );
    assert_eq!(
        config["ratingKeys"],
        json!(["territory", "driverAge", "vehicleSymbol"])
    );
    assert_eq!(
        homeowners["coverages"][1]["percentOptions"],
        json!([10, 20])
    );
    assert_eq!(homeowners["coverages"][1]["limitAsPercentOf"], "A");
    assert_eq!(
        homeowners["deductibles"]["allPeril"],
        json!([500, 1000, 2500])
    );
    assert_error(
        app.get("/api/v1/products/boats/config", Some(&agent)).await,
        StatusCode::NOT_FOUND,
        "PRODUCT_NOT_FOUND",
    )
    .await;
    assert_error(
        app.get("/api/v1/products", None).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn forms_and_field_metadata(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let sample = app.demo_token("agent1").await;
    let acme = app.new_tenant("acme").await;

    let form: Value = app
        .get("/api/v1/products/personal-auto/form", Some(&sample))
        .await
        .json()
        .await
        .expect("json");
    let sample_meta: Value = app
        .get("/api/v1/products/homeowners/field-meta", Some(&sample))
        .await
        .json()
        .await
        .expect("json");
    let acme_meta: Value = app
        .get("/api/v1/products/homeowners/field-meta", Some(&acme))
        .await
        .json()
        .await
        .expect("json");

    let fields = form["fields"].as_array().expect("fields");
    assert_eq!(fields.len(), 8);
    assert_eq!(
        fields[0],
        json!({"key": "garagingZip", "label": "Garaging ZIP", "type": "text",
                                 "path": "risks.0.garagingZip", "required": true, "help": "5-digit ZIP"})
    );
    assert_eq!(fields[1]["path"], "uwAnswers.driverAge");
    // sample-carrier has its own metadata with role visibility; acme gets the derived one.
    assert_eq!(sample_meta["fields"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        sample_meta["fields"][0]["visibleTo"],
        json!(["Agent", "Underwriter"])
    );
    assert_eq!(acme_meta["fields"][0]["path"], "risks.0.construction");
    assert_eq!(
        acme_meta["fields"][0]["enum"],
        json!(["frame", "masonry", "other"])
    );
    assert!(acme_meta["fields"][0].get("visibleTo").is_none());
}

#[sqlx::test(migrations = false)]
async fn a_preview_prices_the_worked_example_to_the_cent(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let response = app
        .post_json(
            "/api/v1/rating/preview",
            Some(&agent),
            &personal_auto_quote(),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    let premium = &body["premium"];
    assert_eq!(
        premium["byCoverage"][0],
        json!({"code": "BI", "selected": true, "limit": 100000,
                                                 "amount": {"amount": 300.71, "currency": "USD"}})
    );
    assert_eq!(premium["byCoverage"][1]["amount"]["amount"], json!(176.89));
    assert_eq!(premium["fees"], json!({"amount": 25.0, "currency": "USD"}));
    assert_eq!(premium["taxes"]["amount"], json!(14.33));
    assert_eq!(premium["total"]["amount"], json!(516.93));
    assert_eq!(premium["calcTrace"]["source"], "pack:personal-auto@1.0.0");
    assert_eq!(premium["calcTrace"]["factors"][1]["factor"], json!(0.98));
    assert_eq!(
        body["underwriting"],
        json!({"decision": "Eligible", "reasons": []})
    );

    // The same quote for a tenant without overrides uses the pack's age factor (1.00).
    let acme = app.new_tenant("acme").await;
    let plain: Value = app
        .post_json(
            "/api/v1/rating/preview",
            Some(&acme),
            &personal_auto_quote(),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(plain["premium"]["total"]["amount"], json!(526.97));
}

#[sqlx::test(migrations = false)]
async fn a_preview_reports_referrals_and_defaults_the_effective_date(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let mut quote = personal_auto_quote();
    quote["uwAnswers"]["driverAge"] = json!(17);
    quote
        .as_object_mut()
        .expect("object")
        .remove("effectiveDate");

    let body: Value = app
        .post_json("/api/v1/rating/preview", Some(&agent), &quote)
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(
        body["underwriting"],
        json!({"decision": "Refer", "reasons": ["Driver age under 18 (refer)"]})
    );
    assert!(
        body["premium"]["total"]["amount"]
            .as_f64()
            .is_some_and(|t| t > 0.0)
    );
}

#[sqlx::test(migrations = false)]
async fn a_quote_that_breaks_the_contract_gets_invalid_quote_with_each_error(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let mut quote = personal_auto_quote();
    quote["termMonths"] = json!(7);
    quote["effectiveDate"] = json!("first of July");
    quote["risks"][0]["year"] = json!("2022");
    quote["applicant"]
        .as_object_mut()
        .expect("applicant")
        .remove("lastName");
    quote["coverages"] = json!([]);

    let response = app
        .post_json("/api/v1/rating/preview", Some(&agent), &quote)
        .await;

    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_QUOTE").await;
    let mut errors: Vec<(String, String)> = body["details"]["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().expect("path").to_owned(),
                e["keyword"].as_str().expect("keyword").to_owned(),
            )
        })
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            ("/applicant".to_owned(), "required".to_owned()),
            ("/coverages".to_owned(), "minItems".to_owned()),
            ("/effectiveDate".to_owned(), "format".to_owned()),
            ("/risks/0/year".to_owned(), "type".to_owned()),
            ("/termMonths".to_owned(), "enum".to_owned()),
        ]
    );
    assert!(
        body["details"]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );

    let mut unknown = personal_auto_quote();
    unknown["productCode"] = json!("boats");
    let body = assert_error(
        app.post_json("/api/v1/rating/preview", Some(&agent), &unknown)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_QUOTE",
    )
    .await;
    assert_eq!(body["details"]["errors"][0]["path"], "/productCode");

    let body = assert_error(
        app.post_json("/api/v1/rating/preview", Some(&agent), &json!([1, 2]))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_QUOTE",
    )
    .await;
    assert_eq!(body["details"]["errors"][0]["keyword"], "type");
}

#[sqlx::test(migrations = false)]
async fn previews_need_the_quote_wizard_permission(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let (customer, _) = app.portal_user(&admin, "portal-person").await;
    let actuary = app.demo_token("actuary1").await;

    for token in [&customer, &actuary] {
        let body = assert_error(
            app.post_json(
                "/api/v1/rating/preview",
                Some(token),
                &personal_auto_quote(),
            )
            .await,
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
        )
        .await;
        assert_eq!(body["message"], "Permission required: page.wizard.view");
    }
    assert_error(
        app.post_json("/api/v1/rating/preview", None, &personal_auto_quote())
            .await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;
}

const PET_PACK: &str = include_str!("../../../shared/tests/fixtures/pet-health.toml");

#[sqlx::test(migrations = false)]
async fn a_sixth_product_from_a_pack_file_is_quotable_without_code_changes(pool: PgPool) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("pet-health.toml"), PET_PACK).expect("write pack");
    std::fs::create_dir(dir.path().join("tenants")).expect("tenants dir");
    std::fs::write(
        dir.path().join("tenants/sample-carrier.toml"),
        "tenant = \"sample-carrier\"\n[products.pet-health.factors.species]\ncat = 0.7\n",
    )
    .expect("write overrides");
    let products_dir = dir.path().display().to_string();
    let app = TestApp::spawn_with(pool, &[("PRODUCTS_DIR", products_dir.as_str())]).await;
    let agent = app.demo_token("agent1").await;
    let quote = json!({"productCode": "pet-health", "effectiveDate": "2026-07-01", "termMonths": 12,
                       "applicant": {"firstName": "Tom", "lastName": "Kitten"},
                       "risks": [{"type": "pet", "species": "cat", "ageYears": 9}],
                       "coverages": [{"code": "VET", "selected": true, "limit": 5000}]});

    let list: Value = app
        .get("/api/v1/products", Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    let preview: Value = app
        .post_json("/api/v1/rating/preview", Some(&agent), &quote)
        .await
        .json()
        .await
        .expect("json");
    let mut bad = quote.clone();
    bad["risks"][0]["ageYears"] = json!(-1);
    let refused = app
        .post_json("/api/v1/rating/preview", Some(&agent), &bad)
        .await;

    assert_eq!(list["total"], 7);
    assert_eq!(list["items"][6]["code"], "pet-health");
    // 200 x 0.7 (sample-carrier's cat factor) x 1.5 (age 9) x sqrt(2.5) = 332.04; 5 % tax.
    assert_eq!(
        preview["premium"]["byCoverage"][0]["amount"]["amount"],
        json!(332.04)
    );
    assert_eq!(preview["premium"]["total"]["amount"], json!(353.64));
    // The pack's own risk schema is part of the contract.
    let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_QUOTE").await;
    assert_eq!(body["details"]["errors"][0]["path"], "/risks/0/ageYears");
    assert_eq!(body["details"]["errors"][0]["keyword"], "minimum");
}
