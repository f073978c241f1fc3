//! Rating: a quote payload priced with a [`Product`]. The base premium is multiplied by
//! each factor; each selected coverage takes its weight of that and its curves; lines,
//! subtotal, taxes and total are rounded to cents half-up, taxes on the subtotal only.

mod coverage;

use rust_decimal::Decimal;
use serde_json::Value;

pub use coverage::{amount_of, resolve};

use crate::api::rating::{
    CalcTrace, CoveragePremium, CoverageTrace, CurveTrace, FactorTrace, Money, Premium,
};
use crate::expr::{Scope, Val, truthy};
use crate::money::round2;
use crate::product::{Basis, Curve, Factor, FactorLookup, Product, ProductOverrides};

/// Why a payload could not be priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RatingError {
    /// An intermediate amount left the range of exact decimal arithmetic.
    OutOfRange(String),
    /// The overrides do not fit the product.
    Overrides(String),
}

impl std::fmt::Display for RatingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RatingError::OutOfRange(what) => write!(f, "{what} is out of range"),
            RatingError::Overrides(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for RatingError {}

/// Prices `payload` with `product` as given.
pub fn rate(product: &Product, payload: &Value) -> Result<Premium, RatingError> {
    let scope = Scope::new(payload);
    let mut adjusted = product.pricing.base;
    let mut factors = Vec::with_capacity(product.factors.len());
    for factor in &product.factors {
        let trace = apply_factor(factor, &scope);
        adjusted = mul(adjusted, trace.factor, "the adjusted base")?;
        factors.push(trace);
    }

    let selections: Vec<&Value> = payload
        .get("coverages")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter(|c| c.is_object() && c.get("selected") != Some(&Value::Bool(false)))
                .collect()
        })
        .unwrap_or_default();
    let mut lines = Vec::with_capacity(selections.len().max(1));
    let mut traces = Vec::with_capacity(selections.len());
    if selections.is_empty() {
        lines.push(CoveragePremium {
            code: "BASE".to_owned(),
            selected: true,
            limit: None,
            deductible: None,
            percent: None,
            amount: money(round2(adjusted), product),
        });
    }
    let count = Decimal::from(selections.len().max(1));
    for selection in &selections {
        let code = match selection.get("code") {
            Some(Value::String(s)) => s.trim().to_uppercase(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let resolved = resolve(product, &code);
        let (weight, curves) = match resolved {
            Some(c) => (c.weight, &c.curves),
            None => (
                product.unknown_coverage.weight_share / count,
                &product.unknown_coverage.curves,
            ),
        };
        let mut amount = mul(adjusted, weight, "a coverage line")?;
        let mut curve_traces = Vec::with_capacity(curves.len());
        for curve in curves {
            let trace = apply_curve(curve, selection);
            amount = mul(amount, trace.factor, "a coverage line")?;
            curve_traces.push(trace);
        }
        let amount = round2(amount);
        let field = |name: &str| selection.get(name).filter(|v| !v.is_null()).cloned();
        lines.push(CoveragePremium {
            code: code.clone(),
            selected: true,
            limit: field("limit"),
            deductible: field("deductible"),
            percent: field("percent"),
            amount: money(amount, product),
        });
        traces.push(CoverageTrace {
            code,
            resolved: resolved.map(|c| c.code.clone()),
            weight,
            curves: curve_traces,
            amount,
        });
    }

    let subtotal = round2(
        lines
            .iter()
            .try_fold(Decimal::ZERO, |sum, l| sum.checked_add(l.amount.amount))
            .ok_or_else(|| RatingError::OutOfRange("the subtotal".into()))?,
    );
    let pricing = product.pricing;
    let taxes = round2(mul(subtotal, pricing.tax_rate, "the tax")?);
    let total = round2(subtotal + pricing.fee + taxes);
    Ok(Premium {
        by_coverage: lines,
        fees: money(round2(pricing.fee), product),
        taxes: money(taxes, product),
        total: money(total, product),
        calc_trace: CalcTrace {
            source: format!("pack:{}@{}", product.code, product.version),
            product_code: product.code.clone(),
            product_version: product.version.clone(),
            base: pricing.base,
            factors,
            adjusted_base: adjusted,
            coverages: traces,
            subtotal,
            fee: pricing.fee,
            tax_rate: pricing.tax_rate,
        },
    })
}

/// Applies `overrides` to `product`, then rates (for callers without a resolved catalog).
pub fn rate_with_overrides(
    product: &Product,
    overrides: Option<&ProductOverrides>,
    payload: &Value,
) -> Result<Premium, RatingError> {
    match overrides {
        Some(o) => {
            let merged = product
                .with_overrides(o)
                .map_err(|e| RatingError::Overrides(e.to_string()))?;
            rate(&merged, payload)
        }
        None => rate(product, payload),
    }
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, RatingError> {
    a.checked_mul(b)
        .ok_or_else(|| RatingError::OutOfRange(what.to_owned()))
}

fn money(amount: Decimal, product: &Product) -> Money {
    Money {
        amount,
        currency: product.currency.clone(),
    }
}

fn apply_factor(factor: &Factor, scope: &Scope<'_>) -> FactorTrace {
    let input = scope.eval(&factor.input);
    let found: Option<(Option<String>, Decimal)> = match &factor.lookup {
        FactorLookup::Named(table) => key_text(&input)
            .and_then(|key| table.get_key_value(key.as_str()))
            .map(|(k, f)| (Some(k.clone()), *f)),
        FactorLookup::Bands(bands) => input.as_num().and_then(|x| {
            bands
                .iter()
                .find(|(band, _, _)| band.contains(x))
                .map(|(_, key, f)| (Some(key.clone()), *f))
        }),
        FactorLookup::Boolean {
            when_true,
            when_false,
        } => Some(if truthy(&input) {
            (Some("true".to_owned()), *when_true)
        } else {
            (Some("false".to_owned()), *when_false)
        }),
        FactorLookup::Loading { step, cap } => {
            // A negative count is nonsense input; it never earns a discount.
            let n = input.as_num().unwrap_or_default().max(Decimal::ZERO);
            Some((
                Some(n.normalize().to_string()),
                Decimal::ONE + n.min(*cap) * step,
            ))
        }
        FactorLookup::Formula => input.as_num().map(|f| (None, f)),
    };
    let (matched, value) = found.unwrap_or((None, factor.default));
    FactorTrace {
        name: factor.name.clone(),
        input: input.to_json(),
        matched,
        factor: value,
    }
}

fn key_text(value: &Val<'_>) -> Option<String> {
    match value {
        Val::Str(s) => Some(s.to_string()),
        Val::Num(n) => Some(n.normalize().to_string()),
        Val::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn apply_curve(curve: &Curve, selection: &Value) -> CurveTrace {
    let field = match curve.of {
        Basis::Limit => "limit",
        Basis::Deductible => "deductible",
        Basis::Percent => "percent",
    };
    let (value, factor) = coverage::curve_factor(curve, amount_of(selection.get(field)));
    CurveTrace {
        kind: coverage::kind_name(curve.kind).to_owned(),
        of: coverage::basis_name(curve.of).to_owned(),
        value,
        factor,
    }
}
