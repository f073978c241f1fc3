//! Homeowners, derived by hand from the factor tables (tenant `acme` has no overrides).
//! Base 700 x construction x protection class x roof age; A/E/F and END_WB scale with
//! sqrt(limit/base), B/C/D with percent/base; fee 35; tax 2 %.

mod common;

use common::{d, premium, quote, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn dwelling(risk: Value, coverages: Value) -> Value {
    let mut full = json!({"address": "9 Elm Row", "construction": "frame", "yearBuilt": 1990});
    common::merge(&mut full, risk);
    quote("homeowners", "dwelling", "CA", full, coverages)
}

#[test]
fn every_coverage_with_masonry_class_seven_and_a_fifteen_year_roof() {
    // 700 x 0.95 x 1.00 x 1.05 = 698.25
    let payload = dwelling(
        json!({"construction": "masonry", "protectionClass": 7, "roofAgeYears": 15}),
        json!([{"code": "A", "selected": true, "limit": 200000},
               {"code": "B", "selected": true, "percent": 20},
               {"code": "C", "selected": true, "percent": 70},
               {"code": "D", "selected": true, "percent": 30},
               {"code": "E", "selected": true, "limit": 500000},
               {"code": "F", "selected": true, "limit": 1000},
               {"code": "END_WB", "selected": true, "limit": 10000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        [
            "A 296.46",
            "B 111.72",
            "C 146.63",
            "D 83.79",
            "E 108.17",
            "F 24.44",
            "END_WB 49.37"
        ]
    );
    assert_eq!((p.taxes.amount, p.total.amount), (d("16.41"), d("871.99")));
}

#[test]
fn other_construction_class_ten_and_an_old_roof_take_the_top_factors() {
    // 700 x 1.05 x 1.15 x 1.15 = 972.0375
    let payload = dwelling(
        json!({"construction": "other", "protectionClass": 10, "roofAgeYears": 25}),
        json!([{"code": "A", "selected": true, "limit": 300000},
               {"code": "E", "selected": true, "limit": 100000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["A 505.46", "E 81.65"]);
    assert_eq!(p.total.amount, d("633.85"));
}

#[test]
fn every_multiplier_clamps_at_its_edges() {
    let high = dwelling(
        json!({}),
        json!([{"code": "A", "selected": true, "limit": 2000000},
               {"code": "B", "selected": true, "percent": 2},
               {"code": "C", "selected": true, "percent": 150},
               {"code": "E", "selected": true, "limit": 30000},
               {"code": "F", "selected": true, "limit": 50000}]),
    );
    let low = dwelling(
        json!({}),
        json!([{"code": "A", "selected": true, "limit": 50000}]),
    );

    // A 1.85 (cap), B 0.5 (floor), C 2.2 (cap), E 0.7 (floor), F 1.8 (cap); A low 0.6.
    assert_eq!(
        summary(&premium("acme", &high)).0,
        ["A 673.40", "B 28.00", "C 231.00", "E 58.80", "F 63.00"]
    );
    assert_eq!(premium("acme", &high).total.amount, d("1110.28"));
    assert_eq!(summary(&premium("acme", &low)).0, ["A 218.40"]);
}

#[test]
fn protection_class_and_roof_age_count_only_as_numbers_and_construction_ignores_case() {
    let payload = dwelling(
        json!({"construction": "FRAME", "protectionClass": "4", "roofAgeYears": "25"}),
        json!([{"code": "A", "selected": true, "limit": 300000}]),
    );
    let unknown = dwelling(
        json!({"construction": "log", "protectionClass": null}),
        json!([{"code": "A", "selected": true, "limit": 300000}]),
    );

    // Every factor stays at 1: 700 x 0.52 = 364.00
    assert_eq!(summary(&premium("acme", &payload)).0, ["A 364.00"]);
    assert_eq!(premium("acme", &payload).total.amount, d("406.28"));
    assert_eq!(summary(&premium("acme", &unknown)).0, ["A 364.00"]);
}

#[test]
fn unknown_coverages_take_six_percent_shared_and_water_backup_has_an_alias() {
    let unknown = dwelling(
        json!({"protectionClass": 3}),
        json!([{"code": "A", "selected": true, "limit": 300000},
               {"code": "G", "selected": true, "limit": 20000}]),
    );
    let alias = dwelling(
        json!({"protectionClass": 3}),
        json!([{"code": "Water Backup Endorsement", "selected": true, "limit": 2500}]),
    );

    // G: 665 x 0.06/2 x min(sqrt(4), 1.8) = 35.91
    assert_eq!(
        summary(&premium("acme", &unknown)).0,
        ["A 345.80", "G 35.91"]
    );
    assert_eq!(premium("acme", &unknown).total.amount, d("424.34"));
    // END_WB: 665 x 0.05 x sqrt(0.5) = 23.51
    assert_eq!(
        summary(&premium("acme", &alias)).0,
        ["WATER BACKUP ENDORSEMENT 23.51"]
    );
    assert_eq!(premium("acme", &alias).total.amount, d("58.98"));
}

#[test]
fn no_selected_coverage_rates_the_base() {
    let payload = dwelling(
        json!({"construction": "other", "roofAgeYears": 22}),
        json!([{"code": "A", "selected": false, "limit": 300000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["BASE 845.25"]);
    assert_eq!(p.total.amount, d("897.16"));
}

#[test]
fn missing_percentages_default_to_the_base_percent() {
    // A fractional roof age above 20 is in the top band: 700 x 1.15 = 805.
    let payload = dwelling(
        json!({"roofAgeYears": 20.5}),
        json!([{"code": "B", "selected": true}, {"code": "C", "selected": true}, {"code": "D", "selected": true}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["B 64.40", "C 120.75", "D 64.40"]);
    assert_eq!(p.total.amount, d("289.54"));
}

#[test]
fn sample_carrier_overrides_apply_only_to_sample_carrier() {
    let payload = dwelling(json!({"roofAgeYears": 26}), json!([]));

    let acme = uw("acme", &payload);
    let sample = uw("sample-carrier", &payload);

    assert_eq!(acme.reasons, ["Roof age 20-30 (refer)"]);
    assert_eq!(
        sample.reasons,
        ["Roof age 20-30 (refer)", "Roof age > 25 (refer)"]
    );
    assert_eq!(sample.decision, Decision::Refer);
}

#[test]
fn every_underwriting_reason() {
    let cases: [(Value, Decision, &[&str]); 5] = [
        (
            json!({"roofAgeYears": 31}),
            Decision::Decline,
            &["Roof age > 30 (decline)", "Roof age > 25 (refer)"],
        ),
        (
            json!({"roofAgeYears": 20}),
            Decision::Refer,
            &["Roof age 20-30 (refer)"],
        ),
        (
            json!({"protectionClass": 9}),
            Decision::Decline,
            &["Protection class 9-10 (decline)"],
        ),
        (
            json!({"protectionClass": "7"}),
            Decision::Refer,
            &["Protection class 7-8 (refer)"],
        ),
        (
            json!({"roofAgeYears": 19, "protectionClass": 6}),
            Decision::Eligible,
            &[],
        ),
    ];
    for (risk, decision, reasons) in cases {
        let result = uw("sample-carrier", &dwelling(risk.clone(), json!([])));
        assert_eq!(result.decision, decision, "{risk}");
        assert_eq!(result.reasons, reasons, "{risk}");
    }
}
