//! Premiums, underwriting decisions and the calculation trace that explains them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The underwriting outcome. Ordered: a rule can raise the decision, never lower it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Decision {
    Eligible,
    Refer,
    Decline,
}

/// `{decision, reasons}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Underwriting {
    pub decision: Decision,
    pub reasons: Vec<String>,
}

/// An amount of money: `amount` is a JSON number with at most two decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Decimal,
    pub currency: String,
}

/// One rated coverage line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoveragePremium {
    /// The submitted code, uppercased (`BASE` when no coverage was selected).
    pub code: String,
    pub selected: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deductible: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Value>,
    pub amount: Money,
}

/// A rated premium: lines, fees, taxes and total, with the trace that produced them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Premium {
    pub by_coverage: Vec<CoveragePremium>,
    pub fees: Money,
    pub taxes: Money,
    pub total: Money,
    pub calc_trace: CalcTrace,
}

/// The rating worksheet: every factor and multiplier applied, with its input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CalcTrace {
    /// `pack:<code>@<version>`.
    pub source: String,
    pub product_code: String,
    pub product_version: String,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub base: Decimal,
    pub factors: Vec<FactorTrace>,
    /// The base after every factor, before coverage weights.
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub adjusted_base: Decimal,
    pub coverages: Vec<CoverageTrace>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub subtotal: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub fee: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub tax_rate: Decimal,
}

/// One policy-level factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorTrace {
    pub name: String,
    /// The value the factor's input expression produced.
    pub input: Value,
    /// The table key or band that matched; `null` when the default applied.
    pub matched: Option<String>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub factor: Decimal,
}

/// How one coverage line was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CoverageTrace {
    pub code: String,
    /// The pack coverage the code resolved to (`null`: priced as an unknown coverage).
    pub resolved: Option<String>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub weight: Decimal,
    pub curves: Vec<CurveTrace>,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub amount: Decimal,
}

/// One coverage multiplier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurveTrace {
    pub kind: String,
    pub of: String,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub value: Decimal,
    #[serde(with = "rust_decimal::serde::float")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub factor: Decimal,
}

/// `POST /api/v1/rating/preview`: the premium and the underwriting decision, unsaved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingPreview {
    pub premium: Premium,
    pub underwriting: Underwriting,
}
