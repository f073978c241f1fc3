//! Personal auto, derived by hand from the factor tables (tenant `acme` has no overrides).
//! Base 500 x territory x age x symbol; BI/PD clamp(sqrt(limit/base), 0.8, 1.9); COMP/COLL
//! clamp(sqrt(500/max(50, deductible)), 0.65, 1.6); fee 25; tax 3 % of the subtotal.

mod common;

use common::{d, personal_auto, premium, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn lines(p: &lattice_shared::api::rating::Premium) -> Vec<String> {
    summary(p).0
}

#[test]
fn every_factor_above_one_and_all_four_coverages() {
    // 500 x 1.15 (ZIP 10001) x 1.30 (age 20) x 1.10 (symbol C) = 822.25
    let payload = personal_auto(
        json!(20),
        json!({"garagingZip": "10001", "symbol": "C"}),
        json!([{"code": "BI", "selected": true, "limit": "25000/50000"},
               {"code": "PD", "selected": true, "limit": 25000},
               {"code": "COMP", "selected": true, "deductible": 250},
               {"code": "COLL", "selected": true, "deductible": 1000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        lines(&p),
        ["BI 279.57", "PD 260.02", "COMP 232.57", "COLL 151.17"]
    );
    assert_eq!((p.taxes.amount, p.total.amount), (d("27.70"), d("976.03")));
}

#[test]
fn senior_driver_low_territory_and_both_deductible_clamps() {
    // 500 x 0.95 (ZIP 73301) x 1.10 (age 70) x 1.00 (symbol B) = 522.50;
    // COMP deductible 50: sqrt(10) clamps to 1.6; COLL 5000: sqrt(0.1) clamps to 0.65.
    let payload = personal_auto(
        json!(70),
        json!({"garagingZip": "73301", "symbol": "B"}),
        json!([{"code": "BI", "selected": true, "limit": "50000/100000"},
               {"code": "PD", "selected": true, "limit": 10000},
               {"code": "COMP", "selected": true, "deductible": 50},
               {"code": "COLL", "selected": true, "deductible": 5000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        lines(&p),
        ["BI 251.24", "PD 104.50", "COMP 167.20", "COLL 88.30"]
    );
    assert_eq!(p.total.amount, d("654.58"));
}

#[test]
fn liability_limits_below_the_base_clamp_at_point_eight() {
    let payload = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 10000},
               {"code": "PD", "selected": true, "limit": 5000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(lines(&p), ["BI 129.20", "PD 76.00"]);
    assert_eq!(p.total.amount, d("236.36"));
}

#[test]
fn driver_age_counts_only_as_a_json_number() {
    let coverages = json!([{"code": "BI", "selected": true, "limit": 100000}]);
    let as_text = personal_auto(json!("35"), json!({"symbol": "c"}), coverages.clone());
    let as_number = personal_auto(json!(35), json!({"symbol": "c"}), coverages);

    // sample-carrier's 25-64 factor is 0.98; text skips the factor (1.00).
    let text = premium("sample-carrier", &as_text);
    let number = premium("sample-carrier", &as_number);

    assert_eq!(lines(&text), ["BI 355.30"]);
    assert_eq!(text.total.amount, d("390.96"));
    assert_eq!(lines(&number), ["BI 348.19"]);
    assert_eq!(number.total.amount, d("383.64"));
    let age = number
        .calc_trace
        .factors
        .iter()
        .find(|f| f.name == "driverAge")
        .expect("trace");
    assert_eq!(
        (age.matched.as_deref(), age.factor),
        (Some("<65"), d("0.98"))
    );
}

#[test]
fn no_selected_coverage_rates_one_base_line() {
    let payload = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": false, "limit": 100000}]),
    );

    let p = premium("acme", &payload);

    // 500 x 0.95 (symbol A) = 475.00
    assert_eq!(lines(&p), ["BASE 475.00"]);
    assert_eq!((p.taxes.amount, p.total.amount), (d("14.25"), d("514.25")));
}

#[test]
fn unselected_coverages_are_left_out() {
    let payload = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 50000},
               {"code": "PD", "selected": false, "limit": 50000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(lines(&p), ["BI 228.40"]);
    assert_eq!(p.total.amount, d("260.25"));
}

#[test]
fn unknown_codes_share_equally_and_aliases_resolve() {
    let unknown = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 100000}, {"code": "towing", "selected": true}]),
    );
    let aliases = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "PA.LIAB.BI", "selected": true, "limit": 100000},
               {"code": "Property Damage", "selected": true, "limit": 25000},
               {"code": "comprehensive", "selected": true, "deductible": 1000}]),
    );

    let u = premium("acme", &unknown);
    let a = premium("acme", &aliases);

    // An unknown code weighs 1/n of the base: 475 / 2 = 237.50.
    assert_eq!(lines(&u), ["BI 306.85", "TOWING 237.50"]);
    assert_eq!(u.total.amount, d("585.68"));
    assert_eq!(u.calc_trace.coverages[1].resolved, None);
    // Codes are kept as submitted (uppercased) but priced as BI, PD and COMP.
    assert_eq!(
        lines(&a),
        [
            "PA.LIAB.BI 306.85",
            "PROPERTY DAMAGE 150.21",
            "COMPREHENSIVE 67.18"
        ]
    );
    assert_eq!(a.total.amount, d("564.97"));
}

#[test]
fn limits_parse_from_text_objects_and_zero() {
    let parsed = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": "100,000/300,000"},
               {"code": "PD", "selected": true, "limit": {"amount": 50000}}]),
    );
    let zero = personal_auto(
        json!(40),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 0}]),
    );

    assert_eq!(lines(&premium("acme", &parsed)), ["BI 306.85", "PD 180.50"]);
    assert_eq!(premium("acme", &parsed).total.amount, d("526.97"));
    // A limit of 0 behaves like 1: sqrt(1/25000) clamps to 0.8.
    assert_eq!(lines(&premium("acme", &zero)), ["BI 129.20"]);
}

#[test]
fn missing_inputs_leave_factors_at_one() {
    let mut payload = personal_auto(
        json!(null),
        json!({}),
        json!([{"code": "BI", "selected": true}]),
    );
    payload["uwAnswers"] = Value::Null;
    payload["risks"][0]["symbol"] = Value::Null;

    let p = premium("acme", &payload);

    // 500 x 1 x 1 x 1 x 0.34 x 1 (no limit: the base limit) = 170.00
    assert_eq!(lines(&p), ["BI 170.00"]);
    assert_eq!(p.total.amount, d("200.10"));
    assert!(p.calc_trace.factors.iter().all(|f| f.factor == d("1.00")));
}

#[test]
fn the_trace_explains_the_premium() {
    let payload = personal_auto(
        json!(20),
        json!({"garagingZip": "10001", "symbol": "C"}),
        json!([{"code": "COMP", "selected": true, "deductible": 250}]),
    );

    let trace = premium("acme", &payload).calc_trace;

    assert_eq!(trace.source, "pack:personal-auto@1.0.0");
    let factors: Vec<_> = trace
        .factors
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.matched.clone().unwrap_or_default(),
                f.factor,
            )
        })
        .collect();
    assert_eq!(
        factors,
        [
            ("territory", "10001".to_owned(), d("1.15")),
            ("driverAge", "<25".to_owned(), d("1.30")),
            ("vehicleSymbol", "C".to_owned(), d("1.10"))
        ]
    );
    assert_eq!(trace.adjusted_base, d("822.25"));
    assert_eq!(trace.coverages[0].weight, d("0.20"));
    assert_eq!(trace.coverages[0].curves[0].value, d("250"));
}

#[test]
fn every_underwriting_reason() {
    let base = |age: Value, risk: Value| personal_auto(age, risk, json!([]));
    let cases: [(Value, Decision, &[&str]); 8] = [
        (
            base(json!(15), json!({})),
            Decision::Decline,
            &["Driver age under 16 (decline)"],
        ),
        (
            base(json!(17), json!({})),
            Decision::Refer,
            &["Driver age under 18 (refer)"],
        ),
        (
            base(json!(null), json!({"driverAge": 15})),
            Decision::Decline,
            &["Driver age under 16 (decline)"],
        ),
        (
            base(json!(30), json!({"garagingZip": "9410"})),
            Decision::Refer,
            &["Invalid garaging ZIP (refer)"],
        ),
        (
            base(json!(30), json!({"annualMiles": 40000})),
            Decision::Refer,
            &["Annual miles > 35k (refer)"],
        ),
        (
            base(json!(30), json!({"usage": "Rideshare"})),
            Decision::Refer,
            &["Commercial/rideshare use (refer)"],
        ),
        (
            base(json!(30), json!({"symbol": "supercar"})),
            Decision::Refer,
            &["High-performance symbol (refer)"],
        ),
        (
            base(
                json!(15),
                json!({"garagingZip": null, "annualMiles": 36000}),
            ),
            Decision::Decline,
            &[
                "Driver age under 16 (decline)",
                "Invalid garaging ZIP (refer)",
                "Annual miles > 35k (refer)",
            ],
        ),
    ];
    for (payload, decision, reasons) in cases {
        let result = uw("acme", &payload);
        assert_eq!(result.decision, decision, "{payload}");
        assert_eq!(result.reasons, reasons, "{payload}");
    }
}
