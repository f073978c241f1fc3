//! The offline premium preview: the quote being edited, rated on this machine with the
//! shared rating engine and the built-in product packs. A preview only: the server's
//! rating (with the carrier's own packs and eligibility) is the one that counts.

use std::sync::OnceLock;

use lattice_shared::api::rating::RatingPreview;
use lattice_shared::product::Catalog;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::Value;

fn catalog() -> Result<&'static Catalog, String> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().map_err(|e| format!("the product packs: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// Rates `payload` (a quote payload, as the wizard sends it) for `tenant`.
pub fn preview(tenant: &str, payload: &Value) -> Result<RatingPreview, String> {
    let code = payload
        .get("productCode")
        .and_then(Value::as_str)
        .ok_or("Choose a product first")?;
    let product = catalog()?
        .product(tenant, code)
        .ok_or_else(|| format!("No product {code} is known offline"))?;
    let premium = rate(&product, payload).map_err(|e| format!("Not rateable yet: {e}"))?;
    Ok(RatingPreview {
        premium,
        underwriting: underwrite(&product, payload),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The personal-auto worked example the server's tests pin: 516.93 for the sample
    /// carrier.
    #[test]
    fn rates_the_worked_example_to_the_cent() {
        let payload = json!({
            "productCode": "personal-auto", "effectiveDate": "2026-07-01", "termMonths": 12,
            "state": "CA", "uwAnswers": {"driverAge": 35},
            "risks": [{"type": "autoVehicle", "year": 2022, "make": "Subaru", "model": "Outback",
                       "garagingZip": "94105", "symbol": "A", "usage": "commute", "annualMiles": 9000}],
            "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                          {"code": "PD", "selected": true, "limit": 50000}]
        });

        let preview = preview("sample-carrier", &payload).expect("rated");

        assert_eq!(preview.premium.total.amount.to_string(), "516.93");
        assert_eq!(
            serde_json::to_value(&preview.underwriting).expect("json")["decision"],
            "Eligible"
        );
    }

    #[test]
    fn explains_what_is_missing() {
        assert_eq!(
            preview("sample-carrier", &json!({})).err().as_deref(),
            Some("Choose a product first")
        );
        assert!(
            preview("sample-carrier", &json!({"productCode": "submarine"}))
                .err()
                .is_some_and(|e| e.contains("submarine"))
        );
    }
}
