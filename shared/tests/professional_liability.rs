//! Professional liability, derived by hand from the factor tables (tenant `acme`). Base
//! 2400 x term x state x industry x revenue x employees x years x largest contract x
//! subcontracting x contracts x QC x retro x claims; lines x clamp(sqrt(limit/base), 0.65,
//! 2.5) x clamp(sqrt(default ded/max(floor, ded)), 0.55, 1.65); fee 85; tax 2.5 %.

mod common;

use common::{d, premium, quote, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn firm(state: &str, risk: Value, coverages: Value) -> Value {
    quote(
        "professional-liability",
        "professionalLiabilityProfile",
        state,
        risk,
        coverages,
    )
}

#[test]
fn a_risky_new_york_law_firm() {
    // 2400 x 1.22 (NY) x 1.22 (legal) x 1.15 (8M) x 1.12 (40) x 1.25 (2 years) x 1.22 (2M)
    // x 1.10 (30 %) x 1.12 (contracts "no") x 1.12 (limited QC) x 1.18 (retro 0) x 1.48 (3)
    // PROF_LIAB 3M, deductible 25,000 clamps at 0.55; SUBPOENA deductible 0 floors: 1.65.
    let payload = firm(
        "NY",
        json!({"industry": "legal-services", "annualRevenue": 8000000, "employeeCount": 40,
               "yearsInBusiness": 2, "largestContractValue": 2000000, "subcontractorPct": 30,
               "writtenContracts": "no", "qualityControl": "limited", "retroactiveYears": 0,
               "priorClaimsCount": 3}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 3000000, "deductible": 25000},
               {"code": "SUBPOENA", "selected": true, "limit": 100000, "deductible": 0}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["PROF_LIAB 9986.29", "SUBPOENA 3905.72"]);
    assert_eq!(
        (p.taxes.amount, p.total.amount),
        (d("347.30"), d("14324.31"))
    );
}

#[test]
fn missing_inputs_take_the_documented_defaults() {
    // unknown state 1; unknown industry 1.08; revenue and staff missing 1; 5 years 1.12;
    // largest contract 100,000 0.90; 10 % subcontracted 0.95; contracts missing 1.12;
    // QC missing 1; retro 3 years 1.06; no claims 1.
    let payload = firm(
        "ZZ",
        json!({"industry": "astrology"}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 1000000, "deductible": 5000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["PROF_LIAB 1826.98"]);
    assert_eq!(p.total.amount, d("1957.65"));
}

#[test]
fn bands_caps_and_clamps_at_their_edges() {
    // six months 0.60; CA 1.20; accounting 1.05; 200k 0.75; 3 staff 0.85; 30 years 0.90;
    // 6M contract 1.35; 150 % subcontracted clamps to 100: 1.38; contracts "Yes" 0.92;
    // standard QC 1; retro 12: 0.95; 8 claims capped at 5: 1.80. PROF_LIAB 10M caps at 2.5,
    // deductible 1000 at 1.65.
    let mut payload = firm(
        "CA",
        json!({"industry": "accounting", "annualRevenue": 200000, "employeeCount": 3,
               "yearsInBusiness": 30, "largestContractValue": 6000000, "subcontractorPct": 150,
               "writtenContracts": "Yes", "qualityControl": "standard", "retroactiveYears": 12,
               "priorClaimsCount": 8}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 10000000, "deductible": 1000},
               {"code": "DEF_REIMB", "selected": true, "limit": 25000, "deductible": 2500}]),
    );
    payload["termMonths"] = json!(6);

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["PROF_LIAB 7803.12", "DEF_REIMB 122.80"]);
    assert_eq!(p.total.amount, d("8209.07"));
}

#[test]
fn the_smaller_coverages_and_their_deductible_floors() {
    // FL 1.16; consulting, 3M, 10 staff, 8 years, 300k contract: 1; 5 % subcontracted 0.95;
    // contracts 0.92; formal QC 0.90; retro 4 years 1.06.
    let payload = firm(
        "FL",
        json!({"industry": "consulting", "annualRevenue": 3000000, "employeeCount": 10,
               "yearsInBusiness": 8, "largestContractValue": 300000, "subcontractorPct": 5,
               "writtenContracts": true, "qualityControl": "formal", "retroactiveYears": 4}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 100000, "deductible": 50000},
               {"code": "CRISIS_PR", "selected": true, "limit": 250000, "deductible": 0},
               {"code": "MEDIATION", "selected": true, "limit": 10000, "deductible": 1000},
               {"code": "DISCIP", "selected": true, "limit": 50000, "deductible": 500}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        [
            "PROF_LIAB 514.51",
            "CRISIS_PR 685.15",
            "MEDIATION 74.68",
            "DISCIP 229.80"
        ]
    );
    assert_eq!(p.total.amount, d("1626.74"));
}

#[test]
fn no_selected_coverage_rates_the_base_and_unknown_codes_share_it() {
    let base = firm("ZZ", json!({"industry": "astrology"}), json!([]));
    let unknown = firm(
        "ZZ",
        json!({"industry": "astrology"}),
        json!([{"code": "Errors & Omissions", "selected": true, "limit": 1000000, "deductible": 5000},
               {"code": "CYBER_ADDON", "selected": true, "limit": 400000}]),
    );

    assert_eq!(summary(&premium("acme", &base)).0, ["BASE 2946.75"]);
    assert_eq!(premium("acme", &base).total.amount, d("3105.42"));
    assert_eq!(
        summary(&premium("acme", &unknown)).0,
        ["ERRORS & OMISSIONS 1826.98", "CYBER_ADDON 2946.75"]
    );
    assert_eq!(premium("acme", &unknown).total.amount, d("4978.07"));
}

#[test]
fn a_large_staffing_firm_in_the_district_of_columbia() {
    // DC 1.18; staffing 1.16; 25,000,001 revenue 1.50; 600 staff 1.45; 15 years 0.94;
    // 750k contract 1.10; 60 % 1.22; contracts 1 (true) 0.92; standard QC 1; retro 7 1.00;
    // one claim 1.16. DISCIP with deductible 0: sqrt(500/100) caps at 1.65.
    let payload = firm(
        "DC",
        json!({"industry": "staffing", "annualRevenue": 25000001, "employeeCount": 600,
               "yearsInBusiness": 15, "largestContractValue": 750000, "subcontractorPct": 60,
               "writtenContracts": 1, "qualityControl": "standard", "retroactiveYears": 7,
               "priorClaimsCount": 1}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 2000000, "deductible": 2500},
               {"code": "DISCIP", "selected": true, "limit": 10000, "deductible": 0}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["PROF_LIAB 11927.75", "DISCIP 722.16"]);
    assert_eq!(
        (p.taxes.amount, p.total.amount),
        (d("316.25"), d("13051.16"))
    );
}

#[test]
fn negative_subcontracting_clamps_to_zero() {
    let negative = firm("ZZ", json!({"subcontractorPct": -5}), json!([]));
    let zero = firm("ZZ", json!({"subcontractorPct": 0}), json!([]));

    assert_eq!(
        premium("acme", &negative).total.amount,
        premium("acme", &zero).total.amount
    );
}

#[test]
fn every_underwriting_reason() {
    let good = json!({"industry": "consulting", "annualRevenue": 2000000, "yearsInBusiness": 10,
                      "largestContractValue": 250000, "subcontractorPct": 10, "writtenContracts": true,
                      "qualityControl": "formal", "retroactiveYears": 5, "priorClaimsCount": 0});
    let with = |extra: Value| {
        let mut risk = good.clone();
        common::merge(&mut risk, extra);
        firm("FL", risk, json!([]))
    };
    let cases: [(Value, Decision, &[&str]); 9] = [
        (
            with(json!({"priorClaimsCount": 4})),
            Decision::Decline,
            &["4+ prior professional liability claims (decline)"],
        ),
        (
            with(json!({"priorClaimsCount": 2})),
            Decision::Refer,
            &["Multiple prior professional liability claims (refer)"],
        ),
        (
            with(json!({"yearsInBusiness": 0})),
            Decision::Refer,
            &["Startup or new venture with less than 1 year operations (refer)"],
        ),
        (
            with(json!({"annualRevenue": 60000000})),
            Decision::Refer,
            &["Revenue profile > $50M (refer)"],
        ),
        (
            with(json!({"subcontractorPct": 80})),
            Decision::Refer,
            &["Subcontracted work exceeds 75% of revenue (refer)"],
        ),
        (
            with(json!({"writtenContracts": "sometimes"})),
            Decision::Refer,
            &["Written engagement contracts not consistently used (refer)"],
        ),
        (
            with(json!({"qualityControl": "Limited"})),
            Decision::Refer,
            &["Limited QA / peer review controls (refer)"],
        ),
        (
            with(json!({"retroactiveYears": 0})),
            Decision::Refer,
            &["No prior acts / retroactive coverage history (refer)"],
        ),
        (
            with(json!({"largestContractValue": 900000})),
            Decision::Refer,
            &["High single-client / contract concentration (refer)"],
        ),
    ];
    assert_eq!(uw("acme", &with(json!({}))).decision, Decision::Eligible);
    for (payload, decision, reasons) in cases {
        let result = uw("acme", &payload);
        assert_eq!(result.decision, decision, "{payload}");
        assert_eq!(result.reasons, reasons, "{payload}");
    }
}
