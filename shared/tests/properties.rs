//! Properties over random quotes for every built-in product: premiums are never negative,
//! totals add up, and a larger limit (or smaller deductible) never lowers a line whose
//! curve is monotone.

mod common;

use common::{CATALOG, product};
use lattice_shared::product::{Basis, Coverage, CurveKind, Product};
use lattice_shared::rating::rate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A value a user might type into any field: numbers (negative too), numeric text, words,
/// booleans, nothing.
fn any_input() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-1_000i64..10_000_000).prop_map(Value::from),
        (-10.0f64..1e9).prop_map(|f| json!(f)),
        (0u32..200).prop_map(|n| json!(n.to_string())),
        "[a-z-]{0,12}".prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..20_000_000).prop_map(Value::from),
        (0u64..20_000_000).prop_map(|n| json!(format!("{n}/{}", n * 2))),
        Just(Value::Null),
    ]
}

/// A random quote for `product`: every form field and rating input gets a random value,
/// and a random subset of coverages (plus sometimes an unknown code) is selected.
fn quote_for(product: &'static Product) -> impl Strategy<Value = Value> {
    let fields: Vec<String> = product.form.iter().map(|f| f.key.clone()).collect();
    let coverages: Vec<String> = product
        .coverages
        .iter()
        .map(|c| c.code.clone())
        .chain(["UNKNOWN_X".to_owned()])
        .collect();
    let field_count = fields.len();
    let coverage_count = coverages.len();
    (
        proptest::collection::vec(any_input(), field_count),
        proptest::collection::vec(
            (any::<bool>(), amount(), amount(), amount()),
            coverage_count,
        ),
        any_input(),
        prop_oneof![Just(6u32), Just(12u32)],
        prop_oneof![Just("NY"), Just("CA"), Just("ZZ"), Just("tx")],
    )
        .prop_map(move |(values, selections, driver_age, term, state)| {
            let mut risk = serde_json::Map::new();
            for (key, value) in fields.iter().zip(values) {
                risk.insert(key.clone(), value);
            }
            let coverages: Vec<Value> = coverages
                .iter()
                .zip(selections)
                .map(|(code, (selected, limit, deductible, percent))| {
                    json!({"code": code, "selected": selected, "limit": limit,
                           "deductible": deductible, "percent": percent})
                })
                .collect();
            json!({"productCode": product.code, "termMonths": term, "state": state,
                   "uwAnswers": {"driverAge": driver_age}, "risks": [risk], "coverages": coverages})
        })
}

fn products() -> Vec<&'static Product> {
    CATALOG.products().map(|p| &**p).collect()
}

/// A random quote of a random product among those `keep` accepts.
fn quote_of(keep: fn(&Product) -> bool) -> impl Strategy<Value = (&'static Product, Value)> {
    let eligible: Vec<_> = products().into_iter().filter(|p| keep(p)).collect();
    proptest::sample::select(eligible).prop_flat_map(|p| quote_for(p).prop_map(move |q| (p, q)))
}

fn any_product_quote() -> impl Strategy<Value = (&'static Product, Value)> {
    quote_of(|_| true)
}

fn has_limit_curve(c: &Coverage) -> bool {
    c.curves
        .iter()
        .any(|k| k.of == Basis::Limit && k.kind == CurveKind::SqrtRatio)
}

fn has_deductible_curve(c: &Coverage) -> bool {
    c.curves.iter().any(|k| k.of == Basis::Deductible)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn premiums_are_never_negative_and_totals_add_up((product, payload) in any_product_quote()) {
        let premium = rate(product, &payload).expect("every generated quote rates");
        let lines: Decimal = premium.by_coverage.iter().map(|l| l.amount.amount).sum();
        prop_assert!(premium.by_coverage.iter().all(|l| l.amount.amount >= Decimal::ZERO));
        prop_assert!(premium.taxes.amount >= Decimal::ZERO);
        prop_assert_eq!(premium.calc_trace.subtotal, lines);
        prop_assert_eq!(premium.total.amount, lines + premium.fees.amount + premium.taxes.amount);
        prop_assert_eq!(premium.total.amount.scale(), 2);
    }

    #[test]
    fn a_larger_limit_never_lowers_its_line(
        (product, payload) in quote_of(|p| p.coverages.iter().any(has_limit_curve)),
        pick in any::<prop::sample::Index>(),
        low in 1u64..5_000_000,
        extra in 0u64..5_000_000,
    ) {
        // Coverages whose limit curves are monotone increasing (sqrt_ratio on the limit).
        let candidates: Vec<_> = product.coverages.iter().filter(|c| has_limit_curve(c)).collect();
        let coverage = candidates[pick.index(candidates.len())];
        let line_for = |limit: u64| {
            let mut quote = payload.clone();
            quote["coverages"] = json!([{"code": coverage.code, "selected": true, "limit": limit, "deductible": 5000, "percent": 20}]);
            rate(product, &quote).expect("rates").by_coverage[0].amount.amount
        };
        prop_assert!(line_for(low + extra) >= line_for(low));
    }

    #[test]
    fn a_larger_deductible_never_raises_its_line(
        (product, payload) in quote_of(|p| p.coverages.iter().any(has_deductible_curve)),
        pick in any::<prop::sample::Index>(),
        low in 0u64..50_000,
        extra in 0u64..50_000,
    ) {
        let candidates: Vec<_> = product.coverages.iter().filter(|c| has_deductible_curve(c)).collect();
        let coverage = candidates[pick.index(candidates.len())];
        let line_for = |deductible: u64| {
            let mut quote = payload.clone();
            quote["coverages"] = json!([{"code": coverage.code, "selected": true, "limit": 1000000, "deductible": deductible}]);
            rate(product, &quote).expect("rates").by_coverage[0].amount.amount
        };
        prop_assert!(line_for(low + extra) <= line_for(low));
    }
}

#[test]
fn the_generators_reach_every_product() {
    assert_eq!(products().len(), 6);
    assert!(product("acme", "cyber").form.len() >= 10);
}
