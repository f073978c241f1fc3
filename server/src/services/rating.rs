//! Rating previews: normalise a quote payload, check it against the contract, then rate
//! and underwrite it with the tenant's version of the product. Nothing is saved.

use lattice_shared::api::rating::RatingPreview;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::Value;
use time::{Date, OffsetDateTime, format_description::well_known::Iso8601};

use crate::error::{Error, Result};
use crate::state::App;

/// Rates `payload` for `tenant` without saving it and without the state-eligibility check.
pub fn preview(app: &App, tenant: &str, mut payload: Value) -> Result<RatingPreview> {
    normalize(&mut payload, OffsetDateTime::now_utc().date());
    app.contract.check(&payload)?;
    let code = payload
        .get("productCode")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let product = app
        .catalog
        .product(tenant, code)
        .ok_or_else(|| Error::not_found("PRODUCT_NOT_FOUND", format!("No product {code}")))?;
    let premium = rate(&product, &payload).map_err(|e| {
        Error::api(
            422,
            "RATING_FAILED",
            format!("The quote cannot be rated: {e}"),
        )
    })?;
    let underwriting = underwrite(&product, &payload);
    Ok(RatingPreview {
        premium,
        underwriting,
    })
}

/// The effective date is `effectiveDate`, else `transactionEffectiveDate`, else `today`,
/// as `YYYY-MM-DD` (a timestamp keeps its date); the same value becomes the transaction
/// effective date. Text that is not a date is left for the contract to reject.
pub fn normalize(payload: &mut Value, today: Date) {
    let Some(object) = payload.as_object_mut() else {
        return;
    };
    let given = ["effectiveDate", "transactionEffectiveDate"]
        .iter()
        .find_map(|k| {
            object
                .get(*k)
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
        })
        .map(str::to_owned);
    let date = match given {
        Some(text) => match parse_date(&text) {
            Some(date) => date,
            None => return,
        },
        None => today,
    };
    let text = Value::String(date.to_string());
    object.insert("effectiveDate".to_owned(), text.clone());
    object.insert("transactionEffectiveDate".to_owned(), text);
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let day = text.get(..10).unwrap_or(text);
    Date::parse(day, &Iso8601::DATE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::date;

    #[test]
    fn effective_dates_are_normalised() {
        let today = date!(2026 - 11 - 27);
        let mut missing = json!({});
        normalize(&mut missing, today);
        assert_eq!(missing["effectiveDate"], "2026-11-27");
        assert_eq!(missing["transactionEffectiveDate"], "2026-11-27");

        let mut stamp = json!({"effectiveDate": "2026-07-01T09:30:00Z"});
        normalize(&mut stamp, today);
        assert_eq!(stamp["effectiveDate"], "2026-07-01");

        let mut from_transaction = json!({"transactionEffectiveDate": "2027-01-15"});
        normalize(&mut from_transaction, today);
        assert_eq!(from_transaction["effectiveDate"], "2027-01-15");

        let mut junk = json!({"effectiveDate": "soon"});
        normalize(&mut junk, today);
        assert_eq!(
            junk["effectiveDate"], "soon",
            "left for the contract to reject"
        );
    }
}
