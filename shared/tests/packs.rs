//! Pack files: a bad pack is refused with its file, line and problem; a new product is
//! only a new file; tenant overrides are checked too.

use lattice_shared::product::{CatalogBuilder, load_pack};
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::json;

/// A small, valid pack to vary (shared with the server's API tests).
const PET: &str = include_str!("fixtures/pet-health.toml");

#[test]
fn a_new_product_is_just_a_pack() {
    let mut builder = CatalogBuilder::with_builtins().expect("built-ins");
    builder
        .add_pack("pet-health.toml", PET)
        .expect("valid pack");
    let catalog = builder.build().expect("catalog");
    let product = catalog
        .product("acme", "pet-health")
        .expect("the new product");
    let payload = json!({"productCode": "pet-health", "risks": [{"type": "pet", "species": "Cat", "ageYears": 9}],
                         "coverages": [{"code": "VET", "selected": true, "limit": 5000}]});

    let premium = rate(&product, &payload).expect("rates");

    // 200 x 0.8 x 1.5 x 1 x sqrt(2.5) = 379.47; tax 18.97; + fee 5
    assert_eq!(premium.by_coverage[0].amount.amount.to_string(), "379.47");
    assert_eq!(premium.total.amount.to_string(), "403.44");
    let old = json!({"risks": [{"type": "pet", "species": "dog", "ageYears": 13}]});
    assert_eq!(
        underwrite(&product, &old).reasons,
        ["Pet older than 12 (decline)"]
    );
    assert_eq!(catalog.products().count(), 7);
}

/// The 1-based line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}

fn error_of(text: &str) -> String {
    load_pack("pet-health.toml", text)
        .expect_err("refused")
        .to_string()
}

#[test]
fn syntax_and_shape_errors_name_the_file_and_line() {
    let broken = PET.replacen("fee = 5", "fee = = 5", 1);
    let at = format!("pet-health.toml:{}: ", line_of(&broken, "fee = = 5"));
    assert!(error_of(&broken).starts_with(&at), "{}", error_of(&broken));

    let unknown_field = PET.replacen("fee = 5", "fee = 5\ndiscount = 1", 1);
    let message = error_of(&unknown_field);
    let at = format!("pet-health.toml:{}: ", line_of(&unknown_field, "discount"));
    assert!(message.starts_with(&at), "{message}");
    assert!(message.contains("discount"), "{message}");

    let missing = PET.replacen("tax_rate = 0.05\n", "", 1);
    assert!(
        error_of(&missing).contains("tax_rate"),
        "{}",
        error_of(&missing)
    );
}

#[test]
fn bad_expressions_bands_and_curves_are_located() {
    let expression = PET.replacen("lower(risk.species)", "lower(risk.species", 1);
    let message = error_of(&expression);
    let at = format!(
        "pet-health.toml:{}: ",
        line_of(&expression, "lower(risk.species")
    );
    assert!(message.starts_with(&at), "{message}");
    assert!(message.contains("factor \"species\" input"), "{message}");

    let band = PET.replacen("\"3-7\"", "\"3~7\"", 1);
    let message = error_of(&band);
    let at = format!("pet-health.toml:{}: ", line_of(&band, "3~7"));
    assert!(message.starts_with(&at), "{message}");
    assert!(message.contains("band \"3~7\""), "{message}");

    let curve = PET.replacen("base = 2000, min = 1, max = 2", "base = 0", 1);
    assert!(
        error_of(&curve).contains("coverage VET"),
        "{}",
        error_of(&curve)
    );

    let rule = PET.replacen("num(risk.ageYears) > 12", "risk.ageYears >> 12", 1);
    let message = error_of(&rule);
    assert!(message.starts_with("pet-health.toml:"), "{message}");
    assert!(message.contains("rule \"PET-OLD\""), "{message}");
}

#[test]
fn semantic_rules_are_checked() {
    assert!(
        error_of(&PET.replacen("code = \"VET\"", "code = \"vet\"", 1))
            .contains("must be uppercase")
    );
    assert!(error_of(&PET.replacen("tax_rate = 0.05", "tax_rate = 1.5", 1)).contains("tax_rate"));
    assert!(
        error_of(&PET.replacen("lookup = \"named\"", "lookup = \"boolean\"", 1))
            .contains("when_true")
    );
    assert!(
        error_of(&PET.replacen("type = \"object\"", "type = \"array\"", 1)).contains("risk.schema")
    );
    let twice = PET.replacen(
        "[[underwriting.rules]]",
        "[[coverages]]\ncode = \"VET\"\nname = \"x\"\nweight = 1\n\n[[underwriting.rules]]",
        1,
    );
    assert!(error_of(&twice).contains("coverage VET is defined twice"));
}

#[test]
fn overrides_must_fit_the_product() {
    let mut unknown_factor = CatalogBuilder::with_builtins().expect("built-ins");
    unknown_factor
        .add_overrides(
            "tenants/acme.toml",
            "tenant = \"acme\"\n[products.personal-auto.factors.driverAgee]\n\"<25\" = 1.2\n",
        )
        .expect("parses");
    let message = unknown_factor.build().expect_err("refused").to_string();
    assert_eq!(
        message,
        "tenants/acme.toml: product personal-auto: has no factor \"driverAgee\""
    );

    let mut unknown_product = CatalogBuilder::with_builtins().expect("built-ins");
    unknown_product
        .add_overrides(
            "tenants/acme.toml",
            "tenant = \"acme\"\n[products.boats.pricing]\nfee = 1\n",
        )
        .expect("parses");
    assert!(
        unknown_product
            .build()
            .expect_err("refused")
            .to_string()
            .contains("unknown product \"boats\"")
    );

    let mut bad_band = CatalogBuilder::with_builtins().expect("built-ins");
    bad_band
        .add_overrides(
            "tenants/acme.toml",
            "tenant = \"acme\"\n[products.personal-auto.factors.driverAge]\n\"young\" = 1.2\n",
        )
        .expect("parses");
    assert!(
        bad_band
            .build()
            .expect_err("refused")
            .to_string()
            .contains("band \"young\"")
    );
}

#[test]
fn pricing_overrides_and_replacement_rules_apply() {
    let mut builder = CatalogBuilder::with_builtins().expect("built-ins");
    builder
        .add_overrides(
            "tenants/acme.toml",
            r#"tenant = "acme"
[products.personal-auto.pricing]
fee = 30
[[products.personal-auto.rules]]
id = "PA-ANNUAL-MILES"
when = "num(risk.annualMiles) > 20000"
decision = "Refer"
reason = "Annual miles > 20k (refer)"
"#,
        )
        .expect("parses");
    let catalog = builder.build().expect("catalog");
    let acme = catalog.product("acme", "personal-auto").expect("product");
    let other = catalog.product("other", "personal-auto").expect("product");
    let payload = json!({"uwAnswers": {"driverAge": 30}, "risks": [{"garagingZip": "94105", "annualMiles": 25000}], "coverages": []});

    assert_eq!(
        rate(&acme, &payload)
            .expect("rates")
            .fees
            .amount
            .to_string(),
        "30.00"
    );
    assert_eq!(
        rate(&other, &payload)
            .expect("rates")
            .fees
            .amount
            .to_string(),
        "25.00"
    );
    assert_eq!(
        underwrite(&acme, &payload).reasons,
        ["Annual miles > 20k (refer)"]
    );
    assert!(underwrite(&other, &payload).reasons.is_empty());
    assert_eq!(
        acme.rules.len(),
        other.rules.len(),
        "a rule with an existing id replaces it"
    );
}
