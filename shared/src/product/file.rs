//! The TOML shape of a product pack and of a tenant's overrides, as written by people.
//! [`super::load`] turns these into the checked, ready-to-rate [`super::Product`].

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::api::rating::Decision;

/// One product pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub code: String,
    pub name: String,
    pub version: String,
    #[serde(default = "usd")]
    pub currency: String,
    #[serde(default)]
    pub description: String,
    pub pricing: PricingFile,
    #[serde(default)]
    pub factors: Vec<Spanned<FactorFile>>,
    pub coverages: Vec<Spanned<CoverageFile>>,
    #[serde(default)]
    pub unknown_coverage: UnknownCoverageFile,
    /// Policy-level deductible options shown to the user (e.g. all-peril).
    #[serde(default)]
    pub deductibles: IndexMap<String, Vec<toml::Value>>,
    #[serde(default)]
    pub underwriting: UnderwritingFile,
    pub risk: RiskFile,
    #[serde(default)]
    pub form: FormFile,
    #[serde(default)]
    pub availability: Option<AvailabilityFile>,
}

fn usd() -> String {
    "USD".to_owned()
}

fn one() -> Decimal {
    Decimal::ONE
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingFile {
    /// The base premium before factors.
    pub base: Decimal,
    /// The policy fee, added after tax is computed (fees are not taxed).
    pub fee: Decimal,
    /// Tax on the coverage subtotal.
    pub tax_rate: Decimal,
}

/// How a factor turns its input into a multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lookup {
    /// `table` maps the input (as text) to a factor.
    Named,
    /// `table` maps bands (`<N`, `<=N`, `>N`, `>=N`, `A-B`, `N+`) to factors; first match wins.
    Bands,
    /// `when_true` / `when_false` by the truthiness of the input.
    Boolean,
    /// `1 + min(n, cap) × step` for a count `n`.
    Loading,
    /// The input expression is the factor itself.
    Formula,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// An expression over the payload (`risk` is `risks[0]`).
    pub input: Spanned<String>,
    pub lookup: Lookup,
    /// The factor when the input is missing or matches nothing.
    #[serde(default = "one")]
    pub default: Decimal,
    /// Keys keep their position so a bad band is reported on its own line.
    #[serde(default)]
    pub table: IndexMap<Spanned<String>, Decimal>,
    pub when_true: Option<Decimal>,
    pub when_false: Option<Decimal>,
    pub step: Option<Decimal>,
    pub cap: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageFile {
    pub code: String,
    pub name: String,
    #[serde(default = "yes")]
    pub selectable: bool,
    #[serde(default)]
    pub limits: Vec<toml::Value>,
    #[serde(default)]
    pub deductibles: Vec<toml::Value>,
    #[serde(default)]
    pub percent_options: Vec<toml::Value>,
    pub limit_as_percent_of: Option<String>,
    pub limit_type: Option<String>,
    /// Words that, found in a submitted coverage code, mean this coverage.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub weight: Decimal,
    #[serde(default)]
    pub curves: Vec<CurveFile>,
}

/// Coverages a quote names that the pack does not know.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnknownCoverageFile {
    /// Weight = share / number of selected coverages.
    #[serde(default = "one")]
    pub weight_share: Decimal,
    #[serde(default)]
    pub curves: Vec<CurveFile>,
}

impl Default for UnknownCoverageFile {
    fn default() -> Self {
        Self {
            weight_share: Decimal::ONE,
            curves: Vec::new(),
        }
    }
}

/// The shape of a coverage multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CurveKind {
    /// `clamp(sqrt(x / base), min, max)`.
    SqrtRatio,
    /// `clamp(sqrt(base / max(floor, x)), min, max)`.
    InverseSqrt,
    /// `clamp(x / base, min, max)`.
    Ratio,
    /// `table[x]`, else `default`.
    Table,
}

/// What a curve reads from the coverage selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Limit,
    Deductible,
    Percent,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurveFile {
    pub kind: CurveKind,
    pub of: Basis,
    pub base: Option<Decimal>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub floor: Option<Decimal>,
    /// For `table`, the factor when nothing matches; otherwise the value of `x` when the
    /// selection gives none.
    pub default: Option<Decimal>,
    #[serde(default)]
    pub table: IndexMap<String, Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnderwritingFile {
    #[serde(default)]
    pub rules: Vec<Spanned<RuleFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub id: String,
    /// A condition over the payload; the rule fires when it is true.
    pub when: Spanned<String>,
    pub decision: Decision,
    /// The reason shown to users, verbatim.
    pub reason: String,
    /// Within a group only the first rule that fires counts (an if / else-if chain).
    pub group: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskFile {
    /// The `type` value of this product's risks.
    #[serde(rename = "type")]
    pub kind: String,
    /// A JSON Schema (draft 2020-12) for one risk.
    pub schema: toml::Table,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormFile {
    #[serde(default)]
    pub fields: Vec<FormFieldFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormFieldFile {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Where the value goes in the payload; default `risks.0.<key>`.
    pub path: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<String>,
    pub help: Option<String>,
    pub group: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityFile {
    pub country: String,
    #[serde(default)]
    pub states: Vec<String>,
}

/// A tenant's adjustments to the built-in products.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverridesFile {
    pub tenant: String,
    #[serde(default)]
    pub products: IndexMap<String, ProductOverridesFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductOverridesFile {
    #[serde(default)]
    pub pricing: PricingOverridesFile,
    /// Entries merged into the named factor's table (one level deep).
    #[serde(default)]
    pub factors: IndexMap<String, IndexMap<String, Decimal>>,
    /// Extra rules; a rule with an existing id replaces it.
    #[serde(default)]
    pub rules: Vec<Spanned<RuleFile>>,
    /// Per-field UI metadata for this tenant (`GET /products/{code}/field-meta`).
    #[serde(default)]
    pub field_meta: Vec<toml::Table>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingOverridesFile {
    pub base: Option<Decimal>,
    pub fee: Option<Decimal>,
    pub tax_rate: Option<Decimal>,
}
