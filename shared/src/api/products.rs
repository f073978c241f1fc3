//! Product catalog views: the list, a product's configuration, its entry form and the
//! tenant's field metadata.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::product::{Availability, FormField, Product};

/// One product of `GET /api/v1/products`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductSummary {
    pub code: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub currency: String,
    pub risk_type: String,
}

/// `GET /api/v1/products/{code}/config`: what can be selected and how it is rated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductConfig {
    pub product: String,
    pub name: String,
    pub version: String,
    pub currency: String,
    pub coverages: Vec<CoverageConfig>,
    /// Policy-level deductible options by kind (e.g. `allPeril`).
    pub deductibles: serde_json::Map<String, Value>,
    /// The names of the rating factors, in the order they apply.
    pub rating_keys: Vec<String>,
    pub availability: Option<Availability>,
    pub risk_type: String,
}

/// A coverage as offered for selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CoverageConfig {
    pub code: String,
    pub name: String,
    pub selectable: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deductibles: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub percent_options: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_as_percent_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_type: Option<String>,
}

/// `GET /api/v1/products/{code}/form`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductForm {
    pub fields: Vec<FormField>,
}

/// `GET /api/v1/products/{code}/field-meta`: UI metadata per payload path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldMeta {
    pub fields: Vec<Value>,
}

impl From<&Product> for ProductSummary {
    fn from(p: &Product) -> Self {
        Self {
            code: p.code.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
            description: p.description.clone(),
            currency: p.currency.clone(),
            risk_type: p.risk_type.clone(),
        }
    }
}

impl From<&Product> for ProductConfig {
    fn from(p: &Product) -> Self {
        Self {
            product: p.code.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
            currency: p.currency.clone(),
            coverages: p
                .coverages
                .iter()
                .map(|c| CoverageConfig {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    selectable: c.selectable,
                    limits: c.limits.clone(),
                    deductibles: c.deductibles.clone(),
                    percent_options: c.percent_options.clone(),
                    limit_as_percent_of: c.limit_as_percent_of.clone(),
                    limit_type: c.limit_type.clone(),
                })
                .collect(),
            deductibles: p
                .deductibles
                .iter()
                .map(|(k, v)| (k.clone(), Value::Array(v.clone())))
                .collect(),
            rating_keys: p.factors.iter().map(|f| f.name.clone()).collect(),
            availability: p.availability.clone(),
            risk_type: p.risk_type.clone(),
        }
    }
}

impl FieldMeta {
    /// The tenant's metadata, or one derived from the entry form: type, options,
    /// required, label and help, grouped under the product name in form order.
    pub fn for_product(p: &Product) -> Self {
        if !p.field_meta.is_empty() {
            return Self {
                fields: p.field_meta.clone(),
            };
        }
        let fields = p
            .form
            .iter()
            .zip(1..)
            .map(|(f, i)| {
                let kind = match f.kind.as_str() {
                    "number" => "number",
                    "select" => "enum",
                    _ => "string",
                };
                let mut meta = serde_json::json!({
                    "path": f.path, "type": kind, "required": f.required, "label": f.label,
                    "ui": {"group": f.group.clone().unwrap_or_else(|| p.name.clone()), "order": i * 10},
                });
                if !f.options.is_empty() {
                    meta["enum"] = serde_json::json!(f.options);
                }
                if let Some(help) = &f.help {
                    meta["help"] = Value::String(help.clone());
                }
                meta
            })
            .collect();
        Self { fields }
    }
}
