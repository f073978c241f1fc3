//! Reading and checking pack files. Every problem is reported with the file, the line
//! and what is wrong, so a bad pack is refused at start-up rather than at quote time.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde_json::Value;
use toml::Spanned;

use super::bands::Band;
use super::file::{
    CoverageFile, CurveFile, CurveKind, FactorFile, Lookup, OverridesFile, PackFile, RuleFile,
};
use super::overrides::ProductOverrides;
use super::{
    Availability, Coverage, Curve, Factor, FactorLookup, FormField, Pricing, Product, Rule,
    UnknownCoverage,
};
use crate::expr::{self, Expr};

/// A pack or overrides file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The file (or other source) name.
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.source, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for PackError {}

/// Locates problems in one source text.
pub(super) struct Ctx<'a> {
    source: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    pub(super) fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> PackError {
        PackError {
            source: self.source.to_owned(),
            line: span.map(|s| {
                self.text[..s.start.min(self.text.len())]
                    .matches('\n')
                    .count()
                    + 1
            }),
            message: message.into(),
        }
    }
}

/// Parses and checks a product pack.
pub fn load_pack(source: &str, text: &str) -> Result<Product, PackError> {
    let ctx = Ctx { source, text };
    let file: PackFile =
        toml::from_str(text).map_err(|e| ctx.error(e.span(), e.message().trim().to_owned()))?;
    build_product(&ctx, file)
}

/// Parses and checks a tenant's overrides file (products are matched later).
pub fn load_overrides(
    source: &str,
    text: &str,
) -> Result<(String, IndexMap<String, ProductOverrides>), PackError> {
    let ctx = Ctx { source, text };
    let file: OverridesFile =
        toml::from_str(text).map_err(|e| ctx.error(e.span(), e.message().trim().to_owned()))?;
    let mut products = IndexMap::new();
    for (code, o) in file.products {
        let rules = o
            .rules
            .into_iter()
            .map(|r| build_rule(&ctx, r))
            .collect::<Result<Vec<_>, _>>()?;
        products.insert(
            code,
            ProductOverrides {
                source: source.to_owned(),
                pricing: o.pricing,
                factors: o.factors,
                rules,
                field_meta: o.field_meta.into_iter().map(table_json).collect(),
            },
        );
    }
    Ok((file.tenant, products))
}

fn build_product(ctx: &Ctx<'_>, file: PackFile) -> Result<Product, PackError> {
    let slug = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !slug(&file.code) {
        return Err(ctx.error(
            None,
            format!(
                "code {:?} must be lowercase letters, digits and '-'",
                file.code
            ),
        ));
    }
    let pricing = Pricing {
        base: file.pricing.base,
        fee: file.pricing.fee,
        tax_rate: file.pricing.tax_rate,
    };
    if pricing.base.is_sign_negative() || pricing.fee.is_sign_negative() {
        return Err(ctx.error(None, "pricing.base and pricing.fee must not be negative"));
    }
    if pricing.tax_rate.is_sign_negative() || pricing.tax_rate >= Decimal::ONE {
        return Err(ctx.error(None, "pricing.tax_rate must be at least 0 and below 1"));
    }

    let mut names = HashSet::new();
    let mut factors = Vec::new();
    for spanned in file.factors {
        let span = spanned.span();
        let factor = build_factor(ctx, spanned.into_inner(), span.clone())?;
        if !names.insert(factor.name.clone()) {
            return Err(ctx.error(
                Some(span),
                format!("factor {:?} is defined twice", factor.name),
            ));
        }
        factors.push(factor);
    }

    let mut codes = HashSet::new();
    let mut coverages = Vec::new();
    for spanned in file.coverages {
        let span = spanned.span();
        let coverage = build_coverage(ctx, spanned.into_inner(), span.clone())?;
        if !codes.insert(coverage.code.clone()) {
            return Err(ctx.error(
                Some(span),
                format!("coverage {} is defined twice", coverage.code),
            ));
        }
        coverages.push(coverage);
    }
    if coverages.is_empty() {
        return Err(ctx.error(None, "a product needs at least one coverage"));
    }
    let unknown_coverage = UnknownCoverage {
        weight_share: file.unknown_coverage.weight_share,
        curves: build_curves(ctx, file.unknown_coverage.curves, None, "unknown_coverage")?,
    };

    let mut rule_ids = HashSet::new();
    let mut rules = Vec::new();
    for spanned in file.underwriting.rules {
        let span = spanned.span();
        let rule = build_rule(ctx, spanned)?;
        if !rule_ids.insert(rule.id.clone()) {
            return Err(ctx.error(Some(span), format!("rule {:?} is defined twice", rule.id)));
        }
        rules.push(rule);
    }

    let risk_schema = table_json(file.risk.schema);
    if risk_schema.get("type").and_then(Value::as_str) != Some("object") {
        return Err(ctx.error(
            None,
            "risk.schema must describe an object (type = \"object\")",
        ));
    }
    let form = file
        .form
        .fields
        .into_iter()
        .map(|f| FormField {
            path: f.path.unwrap_or_else(|| format!("risks.0.{}", f.key)),
            key: f.key,
            label: f.label,
            kind: f.kind,
            required: f.required,
            options: f.options,
            help: f.help,
            group: f.group,
        })
        .collect();

    Ok(Product {
        code: file.code,
        name: file.name,
        version: file.version,
        currency: file.currency,
        description: file.description,
        pricing,
        factors,
        coverages,
        unknown_coverage,
        deductibles: file
            .deductibles
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(toml_json).collect()))
            .collect(),
        rules,
        risk_type: file.risk.kind,
        risk_schema,
        form,
        availability: file.availability.map(|a| Availability {
            country: a.country,
            states: a.states,
        }),
        field_meta: Vec::new(),
    })
}

fn parse_expr(ctx: &Ctx<'_>, text: &Spanned<String>, what: &str) -> Result<Expr, PackError> {
    expr::parse(text.get_ref()).map_err(|e| {
        ctx.error(
            Some(text.span()),
            format!("{what}: {e} in {:?}", text.get_ref()),
        )
    })
}

fn build_factor(ctx: &Ctx<'_>, f: FactorFile, span: Range<usize>) -> Result<Factor, PackError> {
    let what = format!("factor {:?}", f.name);
    let input = parse_expr(ctx, &f.input, &format!("{what} input"))?;
    let missing = |field: &str| {
        ctx.error(
            Some(span.clone()),
            format!("{what}: lookup {:?} needs {field}", f.lookup),
        )
    };
    let lookup = match f.lookup {
        Lookup::Named if f.table.is_empty() => return Err(missing("a table")),
        Lookup::Named => FactorLookup::Named(
            f.table
                .into_iter()
                .map(|(k, v)| (k.into_inner(), v))
                .collect(),
        ),
        Lookup::Bands if f.table.is_empty() => return Err(missing("a table")),
        Lookup::Bands => FactorLookup::Bands(
            f.table
                .into_iter()
                .map(|(key, factor)| match Band::parse(key.get_ref()) {
                    Some(band) => Ok((band, key.into_inner(), factor)),
                    None => Err(ctx.error(
                        Some(key.span()),
                        format!(
                            "{what}: band {:?} is not <N, <=N, >N, >=N, A-B or N+",
                            key.get_ref()
                        ),
                    )),
                })
                .collect::<Result<_, _>>()?,
        ),
        Lookup::Boolean => FactorLookup::Boolean {
            when_true: f.when_true.ok_or_else(|| missing("when_true"))?,
            when_false: f.when_false.ok_or_else(|| missing("when_false"))?,
        },
        Lookup::Loading => FactorLookup::Loading {
            step: f.step.ok_or_else(|| missing("step"))?,
            cap: f.cap.ok_or_else(|| missing("cap"))?,
        },
        Lookup::Formula => FactorLookup::Formula,
    };
    Ok(Factor {
        name: f.name,
        description: f.description,
        input,
        input_text: f.input.into_inner(),
        lookup,
        default: f.default,
    })
}

fn build_coverage(
    ctx: &Ctx<'_>,
    c: CoverageFile,
    span: Range<usize>,
) -> Result<Coverage, PackError> {
    if c.code.is_empty() || c.code != c.code.to_uppercase() {
        return Err(ctx.error(
            Some(span),
            format!("coverage code {:?} must be uppercase", c.code),
        ));
    }
    if c.weight.is_sign_negative() {
        return Err(ctx.error(
            Some(span),
            format!("coverage {}: weight must not be negative", c.code),
        ));
    }
    let what = format!("coverage {}", c.code);
    Ok(Coverage {
        curves: build_curves(ctx, c.curves, Some(&span), &what)?,
        aliases: c.aliases.iter().map(|a| a.to_uppercase()).collect(),
        limits: c.limits.into_iter().map(toml_json).collect(),
        deductibles: c.deductibles.into_iter().map(toml_json).collect(),
        percent_options: c.percent_options.into_iter().map(toml_json).collect(),
        code: c.code,
        name: c.name,
        selectable: c.selectable,
        limit_as_percent_of: c.limit_as_percent_of,
        limit_type: c.limit_type,
        weight: c.weight,
    })
}

fn build_curves(
    ctx: &Ctx<'_>,
    curves: Vec<CurveFile>,
    span: Option<&Range<usize>>,
    what: &str,
) -> Result<Vec<Curve>, PackError> {
    curves
        .into_iter()
        .map(|c| {
            let fail =
                |m: &str| ctx.error(span.cloned(), format!("{what}: {:?} curve {m}", c.kind));
            let base = match c.kind {
                CurveKind::Table if c.table.is_empty() => return Err(fail("needs a table")),
                CurveKind::Table => Decimal::ONE,
                _ => match c.base {
                    Some(b) if b > Decimal::ZERO => b,
                    _ => return Err(fail("needs a base above 0")),
                },
            };
            if let (Some(min), Some(max)) = (c.min, c.max)
                && min > max
            {
                return Err(fail("has min above max"));
            }
            Ok(Curve {
                kind: c.kind,
                of: c.of,
                base,
                min: c.min,
                max: c.max,
                floor: c.floor.unwrap_or(Decimal::ZERO),
                default: c.default,
                table: c.table,
            })
        })
        .collect()
}

pub(super) fn build_rule(ctx: &Ctx<'_>, spanned: Spanned<RuleFile>) -> Result<Rule, PackError> {
    let span = spanned.span();
    let r = spanned.into_inner();
    if r.reason.trim().is_empty() {
        return Err(ctx.error(Some(span), format!("rule {:?} needs a reason", r.id)));
    }
    let when = parse_expr(ctx, &r.when, &format!("rule {:?}", r.id))?;
    Ok(Rule {
        id: r.id,
        when,
        when_text: r.when.into_inner(),
        decision: r.decision,
        reason: r.reason,
        group: r.group,
    })
}

/// TOML values as JSON (dates become strings).
pub(super) fn toml_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_json).collect()),
        toml::Value::Table(table) => table_json(table),
    }
}

pub(super) fn table_json(table: toml::Table) -> Value {
    Value::Object(table.into_iter().map(|(k, v)| (k, toml_json(v))).collect())
}
