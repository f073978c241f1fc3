//! A tenant's adjustments to a product: pricing values, factor-table entries (merged one
//! level deep), extra or replacement underwriting rules, and field metadata.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde_json::Value;

use super::bands::Band;
use super::file::PricingOverridesFile;
use super::load::PackError;
use super::{FactorLookup, Product, Rule};

/// The overrides of one product for one tenant.
#[derive(Debug, Clone, Default)]
pub struct ProductOverrides {
    /// The file they came from, for error messages.
    pub source: String,
    pub pricing: PricingOverrides,
    pub factors: IndexMap<String, IndexMap<String, Decimal>>,
    pub rules: Vec<Rule>,
    pub field_meta: Vec<Value>,
}

pub type PricingOverrides = PricingOverridesFile;

impl Product {
    /// This product with `overrides` applied. Unknown factor names and unusable entries are
    /// errors, so a typo in a tenant file cannot silently leave the base rate in force.
    pub fn with_overrides(&self, overrides: &ProductOverrides) -> Result<Product, PackError> {
        let fail = |message: String| PackError {
            source: overrides.source.clone(),
            line: None,
            message: format!("product {}: {message}", self.code),
        };
        let mut product = self.clone();
        let p = &overrides.pricing;
        product.pricing.base = p.base.unwrap_or(product.pricing.base);
        product.pricing.fee = p.fee.unwrap_or(product.pricing.fee);
        product.pricing.tax_rate = p.tax_rate.unwrap_or(product.pricing.tax_rate);

        for (name, entries) in &overrides.factors {
            let factor = product
                .factors
                .iter_mut()
                .find(|f| &f.name == name)
                .ok_or_else(|| fail(format!("has no factor {name:?}")))?;
            for (key, value) in entries {
                match &mut factor.lookup {
                    FactorLookup::Named(table) => {
                        table.insert(key.clone(), *value);
                    }
                    FactorLookup::Bands(bands) => {
                        let band = Band::parse(key).ok_or_else(|| {
                            fail(format!("factor {name:?}: band {key:?} is not valid"))
                        })?;
                        match bands.iter_mut().find(|(_, k, _)| k == key) {
                            Some(entry) => entry.2 = *value,
                            None => bands.push((band, key.clone(), *value)),
                        }
                    }
                    FactorLookup::Boolean {
                        when_true,
                        when_false,
                    } => match key.as_str() {
                        "true" => *when_true = *value,
                        "false" => *when_false = *value,
                        _ => {
                            return Err(fail(format!("factor {name:?} takes only true and false")));
                        }
                    },
                    FactorLookup::Loading { step, cap } => match key.as_str() {
                        "step" => *step = *value,
                        "cap" => *cap = *value,
                        _ => return Err(fail(format!("factor {name:?} takes only step and cap"))),
                    },
                    FactorLookup::Formula => match key.as_str() {
                        "default" => factor.default = *value,
                        _ => return Err(fail(format!("factor {name:?} takes only default"))),
                    },
                }
            }
        }
        for rule in &overrides.rules {
            match product.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(existing) => *existing = rule.clone(),
                None => product.rules.push(rule.clone()),
            }
        }
        if !overrides.field_meta.is_empty() {
            product.field_meta.clone_from(&overrides.field_meta);
        }
        Ok(product)
    }
}
