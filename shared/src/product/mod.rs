//! Products as data. A product pack (TOML) declares coverages, the base premium, factor
//! tables, coverage multipliers, fees, taxes, underwriting rules, the risk schema and the
//! entry form; [`load`] checks it and [`crate::rating`] prices quotes with it.

mod bands;
mod catalog;
pub mod file;
mod load;
mod overrides;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

pub use bands::Band;
pub use catalog::{Catalog, CatalogBuilder};
pub use file::{Basis, CurveKind};
pub use load::{PackError, load_overrides, load_pack};
pub use overrides::ProductOverrides;

use crate::api::rating::Decision;
use crate::expr::Expr;

/// A checked product, ready to rate and underwrite.
#[derive(Debug, Clone)]
pub struct Product {
    pub code: String,
    pub name: String,
    pub version: String,
    pub currency: String,
    pub description: String,
    pub pricing: Pricing,
    pub factors: Vec<Factor>,
    pub coverages: Vec<Coverage>,
    pub unknown_coverage: UnknownCoverage,
    pub deductibles: IndexMap<String, Vec<Value>>,
    pub rules: Vec<Rule>,
    pub risk_type: String,
    pub risk_schema: Value,
    pub form: Vec<FormField>,
    pub availability: Option<Availability>,
    /// Tenant-specific field metadata (empty for the pack itself).
    pub field_meta: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pricing {
    pub base: Decimal,
    pub fee: Decimal,
    pub tax_rate: Decimal,
}

/// A policy-level multiplier of the base premium.
#[derive(Debug, Clone)]
pub struct Factor {
    pub name: String,
    pub description: String,
    pub input: Expr,
    pub input_text: String,
    pub lookup: FactorLookup,
    /// Applies when the input is missing or matches nothing.
    pub default: Decimal,
}

#[derive(Debug, Clone)]
pub enum FactorLookup {
    Named(IndexMap<String, Decimal>),
    /// Bands in order, each with the key it was written as.
    Bands(Vec<(Band, String, Decimal)>),
    Boolean {
        when_true: Decimal,
        when_false: Decimal,
    },
    Loading {
        step: Decimal,
        cap: Decimal,
    },
    Formula,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub code: String,
    pub name: String,
    pub selectable: bool,
    pub limits: Vec<Value>,
    pub deductibles: Vec<Value>,
    pub percent_options: Vec<Value>,
    pub limit_as_percent_of: Option<String>,
    pub limit_type: Option<String>,
    /// Uppercased words that identify this coverage inside a longer code.
    pub aliases: Vec<String>,
    pub weight: Decimal,
    pub curves: Vec<Curve>,
}

#[derive(Debug, Clone)]
pub struct UnknownCoverage {
    pub weight_share: Decimal,
    pub curves: Vec<Curve>,
}

/// A coverage multiplier; see [`CurveKind`].
#[derive(Debug, Clone)]
pub struct Curve {
    pub kind: CurveKind,
    pub of: Basis,
    pub base: Decimal,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub floor: Decimal,
    pub default: Option<Decimal>,
    pub table: IndexMap<String, Decimal>,
}

/// An underwriting rule: when the condition holds, the decision and reason apply.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub when: Expr,
    pub when_text: String,
    pub decision: Decision,
    pub reason: String,
    pub group: Option<String>,
}

/// One entry field of the product's risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FormField {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub path: String,
    pub required: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    pub country: String,
    pub states: Vec<String>,
}

impl Product {
    /// The coverage with exactly this code.
    pub fn coverage(&self, code: &str) -> Option<&Coverage> {
        self.coverages.iter().find(|c| c.code == code)
    }

    pub fn factor(&self, name: &str) -> Option<&Factor> {
        self.factors.iter().find(|f| f.name == name)
    }
}
