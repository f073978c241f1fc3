//! The quote contract: a JSON Schema (draft 2020-12) for the quote envelope, with each
//! risk checked against its own product's risk schema from the pack. Built once from the
//! catalog, so a new pack brings its own contract.

use std::collections::HashMap;

use anyhow::Context;
use jsonschema::{Draft, Validator};
use lattice_shared::product::Catalog;
use serde_json::{Value, json};

use crate::error::Error;

/// Compiled validators: one for the envelope, one per product's risks.
pub struct QuoteContract {
    envelope: Validator,
    risks: HashMap<String, Validator>,
}

/// One way a payload breaks the contract.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// JSON Pointer to the offending value (`/risks/0/year`).
    pub path: String,
    /// The schema keyword that failed (`type`, `required`, `enum`, ...).
    pub keyword: String,
    pub message: String,
}

impl QuoteContract {
    pub fn new(catalog: &Catalog) -> anyhow::Result<Self> {
        let codes: Vec<&str> = catalog.products().map(|p| p.code.as_str()).collect();
        let envelope = compile(&envelope_schema(&codes)).context("compiling the quote contract")?;
        let mut risks = HashMap::new();
        for product in catalog.products() {
            let validator = compile(&product.risk_schema).with_context(|| {
                format!(
                    "the risk schema of product {} is not valid JSON Schema",
                    product.code
                )
            })?;
            risks.insert(product.code.clone(), validator);
        }
        Ok(Self { envelope, risks })
    }

    /// Every violation of the contract, envelope first, then each risk.
    pub fn violations(&self, payload: &Value) -> Vec<Violation> {
        let mut found: Vec<Violation> = self
            .envelope
            .iter_errors(payload)
            .map(|e| violation(&e, ""))
            .collect();
        let product = payload.get("productCode").and_then(Value::as_str);
        if let (Some(validator), Some(risks)) = (
            product.and_then(|p| self.risks.get(p)),
            payload.get("risks").and_then(Value::as_array),
        ) {
            for (i, risk) in risks.iter().enumerate() {
                let prefix = format!("/risks/{i}");
                found.extend(validator.iter_errors(risk).map(|e| violation(&e, &prefix)));
            }
        }
        found
    }

    /// 422 `INVALID_QUOTE` listing the violations, or `Ok`.
    pub fn check(&self, payload: &Value) -> Result<(), Error> {
        let errors = self.violations(payload);
        if errors.is_empty() {
            return Ok(());
        }
        let summary = format!(
            "The quote does not match the contract ({} problem(s))",
            errors.len()
        );
        Err(Error::api(422, "INVALID_QUOTE", summary.clone())
            .with_details(json!({"message": summary, "errors": errors})))
    }
}

fn compile(schema: &Value) -> anyhow::Result<Validator> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn violation(error: &jsonschema::ValidationError<'_>, prefix: &str) -> Violation {
    Violation {
        path: format!("{prefix}{}", error.instance_path()),
        keyword: error.kind().keyword().to_owned(),
        message: error.masked().to_string(),
    }
}

/// The envelope of every quote: product, dates, term, applicant, answers, risks, coverages.
fn envelope_schema(product_codes: &[&str]) -> Value {
    let amount = json!({"type": ["number", "string", "object", "null"]});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "QuoteRequest",
        "type": "object",
        "required": ["productCode", "effectiveDate", "termMonths", "applicant", "risks", "coverages"],
        "properties": {
            "tenantId": {"type": "string"},
            "productCode": {"type": "string", "enum": product_codes},
            "effectiveDate": {"type": "string", "format": "date"},
            "termMonths": {"type": "integer", "enum": [6, 12]},
            "state": {"type": "string", "minLength": 2, "maxLength": 2},
            "applicant": {
                "type": "object",
                "required": ["firstName", "lastName"],
                "properties": {
                    "firstName": {"type": "string"},
                    "lastName": {"type": "string"},
                    "email": {"type": "string", "format": "email"}
                }
            },
            "uwAnswers": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
            "risks": {"type": "array", "minItems": 1, "items": {"type": "object"}},
            "coverages": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["code", "selected"],
                    "properties": {
                        "code": {"type": "string"},
                        "selected": {"type": "boolean"},
                        "limit": amount,
                        "deductible": amount,
                        "percent": {"type": ["number", "string", "null"]}
                    }
                }
            }
        }
    })
}
