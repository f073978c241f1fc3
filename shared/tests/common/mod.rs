//! Helpers shared by the rating tests: the built-in catalog and payload builders.

#![allow(dead_code, reason = "each test binary uses a different subset")]
#![expect(
    clippy::needless_pass_by_value,
    reason = "payload builders take JSON by value so call sites read as data"
)]

use std::sync::{Arc, LazyLock};

use lattice_shared::api::rating::{Decision, Premium, Underwriting};
use lattice_shared::product::{Catalog, Product};
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use rust_decimal::Decimal;
use serde_json::{Value, json};

pub static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::builtin().expect("built-in packs load"));

/// The product as a tenant sells it (`acme` has no overrides).
pub fn product(tenant: &str, code: &str) -> Arc<Product> {
    CATALOG.product(tenant, code).expect("product exists")
}

pub fn premium(tenant: &str, payload: &Value) -> Premium {
    let code = payload["productCode"].as_str().expect("productCode");
    rate(&product(tenant, code), payload).expect("rates")
}

pub fn uw(tenant: &str, payload: &Value) -> Underwriting {
    let code = payload["productCode"].as_str().expect("productCode");
    underwrite(&product(tenant, code), payload)
}

/// The amount of the line `code`.
pub fn line(p: &Premium, code: &str) -> Decimal {
    p.by_coverage
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no line {code}"))
        .amount
        .amount
}

/// `(line amounts in order, taxes, total)` as text, for compact assertions.
pub fn summary(p: &Premium) -> (Vec<String>, String, String) {
    (
        p.by_coverage
            .iter()
            .map(|l| format!("{} {}", l.code, l.amount.amount))
            .collect(),
        p.taxes.amount.to_string(),
        p.total.amount.to_string(),
    )
}

pub fn eligible() -> Underwriting {
    Underwriting {
        decision: Decision::Eligible,
        reasons: vec![],
    }
}

/// A personal-auto quote; `risk` and `extra` are merged over the defaults.
pub fn personal_auto(driver_age: Value, risk: Value, coverages: Value) -> Value {
    let mut base_risk = json!({"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
        "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 12000});
    merge(&mut base_risk, risk);
    json!({"productCode": "personal-auto", "effectiveDate": "2026-07-01", "termMonths": 12,
        "applicant": {"firstName": "Ada", "lastName": "Lovelace"},
        "uwAnswers": {"driverAge": driver_age}, "risks": [base_risk], "coverages": coverages})
}

/// Merges the keys of `extra` into `target` (shallow).
pub fn merge(target: &mut Value, extra: Value) {
    if let (Some(t), Value::Object(e)) = (target.as_object_mut(), extra) {
        t.extend(e);
    }
}

/// A quote for `product` with `risk` (its `type` added) and `coverages`.
pub fn quote(product: &str, risk_type: &str, state: &str, risk: Value, coverages: Value) -> Value {
    let mut full_risk = json!({"type": risk_type});
    merge(&mut full_risk, risk);
    json!({"productCode": product, "effectiveDate": "2026-07-01", "termMonths": 12, "state": state,
        "applicant": {"firstName": "Grace", "lastName": "Hopper"}, "risks": [full_risk], "coverages": coverages})
}

pub fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}
