//! The offline premium preview: the quote being edited, rated on this machine with the
//! shared rating engine and the built-in product packs. A preview only: the server's
//! rating (with the carrier's own packs and eligibility) is the one that counts.

use std::sync::OnceLock;

use lattice_shared::api::rating::Decision;
use lattice_shared::product::Catalog;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// What the wizard shows beside the quote being edited.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OfflinePreview {
    /// The premium with fees and taxes: a JSON number with at most two decimals.
    #[serde(with = "rust_decimal::serde::float")]
    #[specta(type = f64)]
    pub total: Decimal,
    pub currency: String,
    /// `Eligible`, `Refer` or `Decline`, as the server's underwriting says it.
    #[specta(type = String)]
    pub decision: Decision,
    pub reasons: Vec<String>,
}

fn catalog() -> Result<&'static Catalog, String> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().map_err(|e| format!("the product packs: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// Rates `payload` (a quote payload, as the wizard sends it) for `tenant`.
pub fn preview(tenant: &str, payload: &Value) -> Result<OfflinePreview, String> {
    let code = payload
        .get("productCode")
        .and_then(Value::as_str)
        .ok_or("Choose a product first")?;
    let product = catalog()?
        .product(tenant, code)
        .ok_or_else(|| format!("No product {code} is known offline"))?;
    let premium = rate(&product, payload).map_err(|e| format!("Not rateable yet: {e}"))?;
    let underwriting = underwrite(&product, payload);
    Ok(OfflinePreview {
        total: premium.total.amount,
        currency: premium.total.currency,
        decision: underwriting.decision,
        reasons: underwriting.reasons,
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

        let json = serde_json::to_value(&preview).expect("json");
        assert_eq!(preview.total.to_string(), "516.93");
        assert_eq!(json["total"], json!(516.93));
        assert_eq!(json["currency"], "USD");
        assert_eq!(json["decision"], "Eligible");
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
