//! Coverage lines: matching submitted codes to pack coverages, reading limits, deductibles
//! and percentages, and computing multiplier curves.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::expr::{json_number, sqrt};
use crate::product::{Basis, Coverage, Curve, CurveKind, Product};

/// The pack coverage a submitted code means: the exact code, else the last segment of a
/// dotted code (`PA.LIAB.BI`), else the first coverage whose alias appears in the code.
pub fn resolve<'p>(product: &'p Product, submitted: &str) -> Option<&'p Coverage> {
    let upper = submitted.trim().to_uppercase();
    if let Some(c) = product.coverages.iter().find(|c| c.code == upper) {
        return Some(c);
    }
    if let Some((_, last)) = upper.rsplit_once('.')
        && let Some(c) = product.coverages.iter().find(|c| c.code == last)
    {
        return Some(c);
    }
    product
        .coverages
        .iter()
        .find(|c| c.aliases.iter().any(|alias| upper.contains(alias.as_str())))
}

/// A limit, deductible or percentage as submitted: a number (at least 1), text such as
/// `"100,000/300,000"` (the part before `/`), or an object with `amount`, `value` or
/// `limit`. Anything else is `None` and the curve's default applies.
pub fn amount_of(value: Option<&Value>) -> Option<Decimal> {
    let parsed = match value? {
        Value::Number(n) => json_number(n)?,
        Value::String(s) => {
            let first = s.split('/').next().unwrap_or_default();
            let cleaned: String = first
                .chars()
                .filter(|c| *c != ',' && !c.is_whitespace())
                .collect();
            Decimal::from_str(&cleaned).ok()?
        }
        Value::Object(map) => {
            return ["amount", "value", "limit"]
                .iter()
                .find_map(|key| map.get(*key))
                .and_then(|inner| amount_of(Some(inner)));
        }
        _ => return None,
    };
    Some(parsed.max(Decimal::ONE))
}

/// The multiplier of `curve` for the selection's value `x` (already parsed).
pub fn curve_factor(curve: &Curve, x: Option<Decimal>) -> (Decimal, Decimal) {
    if curve.kind == CurveKind::Table {
        let key = x.map(|v| v.normalize().to_string());
        let factor = key
            .and_then(|k| curve.table.get(&k).copied())
            .or(curve.default)
            .unwrap_or(Decimal::ONE);
        return (x.unwrap_or_default(), factor);
    }
    let x = x.or(curve.default).unwrap_or(curve.base);
    let raw = match curve.kind {
        CurveKind::SqrtRatio => sqrt(x / curve.base),
        CurveKind::InverseSqrt => {
            let denominator = x.max(curve.floor);
            if denominator.is_zero() {
                None
            } else {
                sqrt(curve.base / denominator)
            }
        }
        CurveKind::Ratio => Some(x / curve.base),
        CurveKind::Table => None,
    }
    .unwrap_or(Decimal::ONE);
    let clamped = curve.min.map_or(raw, |m| raw.max(m));
    (x, curve.max.map_or(clamped, |m| clamped.min(m)))
}

pub fn basis_name(basis: Basis) -> &'static str {
    match basis {
        Basis::Limit => "limit",
        Basis::Deductible => "deductible",
        Basis::Percent => "percent",
    }
}

pub fn kind_name(kind: CurveKind) -> &'static str {
    match kind {
        CurveKind::SqrtRatio => "sqrt_ratio",
        CurveKind::InverseSqrt => "inverse_sqrt",
        CurveKind::Ratio => "ratio",
        CurveKind::Table => "table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn limits_parse_like_the_reference() {
        assert_eq!(amount_of(Some(&json!(100000))), Some(dec!(100000)));
        assert_eq!(
            amount_of(Some(&json!("100,000/300,000"))),
            Some(dec!(100000))
        );
        assert_eq!(
            amount_of(Some(&json!({"amount": "25000"}))),
            Some(dec!(25000))
        );
        assert_eq!(amount_of(Some(&json!({"value": 5000}))), Some(dec!(5000)));
        assert_eq!(
            amount_of(Some(&json!(0))),
            Some(dec!(1)),
            "zero behaves like 1"
        );
        assert_eq!(amount_of(Some(&json!("unlimited"))), None);
        assert_eq!(amount_of(Some(&json!(null))), None);
        assert_eq!(amount_of(None), None);
    }
}
