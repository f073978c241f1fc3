//! Identity protection, the reference's unwired example made a real product: base 96 x
//! term x household loading, priced by the monitoring limit table; fee 10; tax 2 %.

mod common;

use common::{d, premium, quote, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn household(term: u32, risk: Value, coverages: Value) -> Value {
    let mut payload = quote(
        "identity-protection",
        "identityProfile",
        "OH",
        risk,
        coverages,
    );
    payload["termMonths"] = json!(term);
    payload
}

fn monitor(limit: &Value) -> Value {
    json!([{"code": "MONITOR", "selected": true, "limit": limit}])
}

#[test]
fn the_limit_table_and_the_household_loading() {
    let cases = [
        // 96 x 1.80 (2 members) x 1.35 (25k)
        (
            household(12, json!({"additionalMembers": 2}), monitor(&json!(25000))),
            "MONITOR 233.28",
            "247.95",
        ),
        // 96 x 0.55 (6 months) x 1.75 (50k)
        (
            household(6, json!({}), monitor(&json!(50000))),
            "MONITOR 92.40",
            "104.25",
        ),
        // 9 members capped at 4: 96 x 2.60 x 1.00
        (
            household(12, json!({"additionalMembers": 9}), monitor(&json!(10000))),
            "MONITOR 249.60",
            "264.59",
        ),
        // A limit outside the table prices at 1.00; "1" member as text counts.
        (
            household(
                12,
                json!({"additionalMembers": "1"}),
                monitor(&json!("30,000")),
            ),
            "MONITOR 134.40",
            "147.09",
        ),
        (household(12, json!({}), json!([])), "BASE 96.00", "107.92"),
        // 96 x 0.55 x 1.40 (1 member) x 1.35
        (
            household(6, json!({"additionalMembers": 1}), monitor(&json!(25000))),
            "MONITOR 99.79",
            "111.79",
        ),
        // exactly at the cap: 96 x 2.60 x 1.75
        (
            household(
                12,
                json!({"additionalMembers": 4}),
                monitor(&json!({"limit": 50000})),
            ),
            "MONITOR 436.80",
            "455.54",
        ),
    ];
    for (payload, line, total) in cases {
        let p = premium("acme", &payload);
        assert_eq!(summary(&p).0, [line], "{payload}");
        assert_eq!(p.total.amount, d(total), "{payload}");
    }
}

#[test]
fn prior_identity_theft_is_referred() {
    let referred = uw(
        "acme",
        &household(12, json!({"priorIdentityTheftClaims": 2}), json!([])),
    );
    let clean = uw(
        "acme",
        &household(12, json!({"priorIdentityTheftClaims": 1}), json!([])),
    );

    assert_eq!(referred.decision, Decision::Refer);
    assert_eq!(
        referred.reasons,
        ["Multiple prior identity theft claims (refer)"]
    );
    assert_eq!(clean.decision, Decision::Eligible);
}
