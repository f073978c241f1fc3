//! Cyber, derived by hand from the factor tables (tenant `acme`). Base 1800 x term x
//! industry x revenue x employees x records x MFA x EDR x backups x incident loading x app
//! loading; lines x clamp(sqrt(limit/base), 0.65, 2.4) x clamp(sqrt(5000/max(500, ded)),
//! 0.55, 1.6); fee 65; tax 2.5 %.

mod common;

use common::{d, premium, quote, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn cyber(term: u32, risk: Value, coverages: Value) -> Value {
    let mut payload = quote("cyber", "cyberProfile", "NY", risk, coverages);
    payload["termMonths"] = json!(term);
    payload
}

#[test]
fn a_six_month_healthcare_risk_with_weak_controls() {
    // 1800 x 0.58 x 1.25 x 1.20 (20M) x 1.30 (300) x 1.20 (500k records) x 0.88 (MFA "yes")
    // x 1.12 (no EDR) x 1.00 (weekly) x 1.24 (2 incidents) x 1.15 (10 apps)
    let payload = cyber(
        6,
        json!({"industry": "Healthcare", "annualRevenue": 20000000, "employeeCount": 300,
               "recordsCount": 500000, "mfaEnabled": "yes", "endpointProtection": false,
               "backups": "weekly", "priorIncidents": 2, "publicFacingApps": 10}),
        json!([{"code": "BIZ_INT", "selected": true, "limit": 500000, "deductible": 10000},
               {"code": "CYB_EXT", "selected": true, "limit": 50000, "deductible": 1000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["BIZ_INT 549.36", "CYB_EXT 543.84"]);
    assert_eq!((p.taxes.amount, p.total.amount), (d("27.33"), d("1185.53")));
}

#[test]
fn top_bands_caps_and_clamps() {
    // term 24: 1.90; 60M: 1.35; 2000 staff: 1.45; 2M records: 1.40; no MFA: 1.20; EDR "1":
    // 0.93; monthly: 1.10; 7 incidents capped at 5: 1.60; 80 apps capped at 50: 1.75.
    // CYB_LIAB deductible 50000 clamps at 0.55; DATA_REC and MEDIA deductibles at 1.6;
    // MEDIA's 25M limit at 2.4.
    let payload = cyber(
        24,
        json!({"industry": "technology", "annualRevenue": 60000000, "employeeCount": 2000,
               "recordsCount": 2000000, "mfaEnabled": false, "endpointProtection": "1",
               "backups": "monthly", "priorIncidents": 7, "publicFacingApps": 80}),
        json!([{"code": "CYB_LIAB", "selected": true, "limit": 5000000, "deductible": 50000},
               {"code": "DATA_REC", "selected": true, "limit": 250000, "deductible": 1000},
               {"code": "MEDIA", "selected": true, "limit": 25000000, "deductible": 500}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        ["CYB_LIAB 15055.74", "DATA_REC 11525.93", "MEDIA 12370.92"]
    );
    assert_eq!(p.total.amount, d("39991.40"));
}

#[test]
fn defaults_for_missing_and_unknown_inputs_and_lenient_numbers() {
    // Unknown industry 1.05; revenue missing -> 1M (0.85); employees "25" -> 1.00; records
    // missing -> 10,000 (0.85); MFA "Y" 0.88; EDR "no" 1.12; unknown backups 1.00;
    // incidents missing -> 1 (1.12); apps 0 -> 1 (1.015).
    let payload = cyber(
        12,
        json!({"industry": "mining", "employeeCount": "25", "mfaEnabled": "Y",
               "endpointProtection": "no", "backups": "hourly", "publicFacingApps": 0}),
        json!([{"code": "IR_EXP", "selected": true, "limit": 250000, "deductible": 2500}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["IR_EXP 410.54"]);
    assert_eq!(p.total.amount, d("485.80"));
}

#[test]
fn no_selected_coverage_rates_the_base() {
    let payload = cyber(12, json!({"industry": "mining"}), json!([]));

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["BASE 1773.38"]);
    assert_eq!(p.total.amount, d("1882.71"));
}

#[test]
fn unknown_coverages_share_the_base_with_a_100k_base_limit() {
    let payload = cyber(
        12,
        json!({"industry": "mining"}),
        json!([{"code": "CYB_LIAB", "selected": true, "limit": 1000000, "deductible": 5000},
               {"code": "SOCIAL_ENG", "selected": true, "limit": 400000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["CYB_LIAB 673.88", "SOCIAL_ENG 1773.38"]);
    assert_eq!(p.total.amount, d("2573.44"));
}

#[test]
fn no_backups_and_a_low_limit() {
    // finance 1.20 x 0.85 x 0.85 x 0.85 x 0.88 x 0.93 x 1.30 (none) x 1.12 x 1.015;
    // CYB_LIAB 250k: sqrt(0.25) = 0.5 clamps to 0.65; deductible 1000: sqrt(5) to 1.6.
    let payload = cyber(
        12,
        json!({"industry": "finance", "mfaEnabled": true, "endpointProtection": true, "backups": "none"}),
        json!([{"code": "CYB_LIAB", "selected": true, "limit": 250000, "deductible": 1000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["CYB_LIAB 634.05"]);
    assert_eq!(p.total.amount, d("714.90"));
}

#[test]
fn zero_incidents_rate_as_one_as_in_the_reference() {
    let with = |n: Value| cyber(12, json!({"priorIncidents": n}), json!([]));

    let zero = premium("acme", &with(json!(0)));
    let one = premium("acme", &with(json!(1)));
    let two = premium("acme", &with(json!(2)));

    assert_eq!(zero.total.amount, one.total.amount);
    assert!(two.total.amount > one.total.amount);
    // Underwriting, unlike rating, sees the zero.
    assert_eq!(
        uw("acme", &with(json!(0))).reasons,
        ["MFA not fully enabled (refer)"]
    );
}

#[test]
fn every_underwriting_reason() {
    let good = json!({"mfaEnabled": true, "backups": "daily"});
    let with = |extra: Value| {
        let mut risk = good.clone();
        common::merge(&mut risk, extra);
        cyber(12, risk, json!([]))
    };
    let cases: [(Value, Decision, &[&str]); 9] = [
        (
            with(json!({"priorIncidents": 3})),
            Decision::Decline,
            &["3+ prior cyber incidents (decline)"],
        ),
        (
            with(json!({"priorIncidents": 1})),
            Decision::Refer,
            &["Prior cyber incident history (refer)"],
        ),
        (
            with(json!({"mfaEnabled": "partial"})),
            Decision::Refer,
            &["MFA not fully enabled (refer)"],
        ),
        (
            with(json!({"backups": "none"})),
            Decision::Decline,
            &["No backup controls declared (decline)"],
        ),
        (
            with(json!({"backups": "Monthly"})),
            Decision::Refer,
            &["Infrequent backup controls (refer)"],
        ),
        (
            with(json!({"annualRevenue": 100000001})),
            Decision::Refer,
            &["Large revenue profile > $100M (refer)"],
        ),
        (
            with(json!({"employeeCount": 5001})),
            Decision::Refer,
            &["Large workforce > 5,000 (refer)"],
        ),
        (
            with(json!({"recordsCount": "5000001"})),
            Decision::Refer,
            &["Very high sensitive records count (refer)"],
        ),
        (
            with(json!({"mfaEnabled": "yes", "annualRevenue": 100000000, "recordsCount": 5000000})),
            Decision::Eligible,
            &[],
        ),
    ];
    for (payload, decision, reasons) in cases {
        let result = uw("acme", &payload);
        assert_eq!(result.decision, decision, "{payload}");
        assert_eq!(result.reasons, reasons, "{payload}");
    }
}
