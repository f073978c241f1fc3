//! The worked examples of the reference specification, to the cent.

mod common;

use common::{d, eligible, line, personal_auto, premium, quote, uw};
use serde_json::json;

#[test]
fn personal_auto_sample_carrier() {
    let payload = personal_auto(
        json!(35),
        json!({"garagingZip": "94105", "symbol": "A"}),
        json!([{"code": "BI", "selected": true, "limit": 100000},
               {"code": "PD", "selected": true, "limit": 50000}]),
    );

    let p = premium("sample-carrier", &payload);

    assert_eq!(line(&p, "BI"), d("300.71"));
    assert_eq!(line(&p, "PD"), d("176.89"));
    assert_eq!(p.fees.amount, d("25"));
    assert_eq!(p.taxes.amount, d("14.33"));
    assert_eq!(p.total.amount, d("516.93"));
    assert_eq!(uw("sample-carrier", &payload), eligible());
}

#[test]
fn personal_auto_endorsed_to_a_young_driver() {
    // The endorsement example: driver age 35 -> 22 gives a new full-term premium of 652.47.
    let payload = personal_auto(
        json!(22),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 100000},
               {"code": "PD", "selected": true, "limit": 50000}]),
    );

    let p = premium("sample-carrier", &payload);

    assert_eq!(line(&p, "BI"), d("383.56"));
    assert_eq!(line(&p, "PD"), d("225.63"), "225.625 rounds half up");
    assert_eq!(p.taxes.amount, d("18.28"));
    assert_eq!(p.total.amount, d("652.47"));
}

#[test]
fn homeowners_sample_carrier() {
    let payload = quote(
        "homeowners",
        "dwelling",
        "CA",
        json!({"address": "1 Main St", "construction": "frame", "yearBuilt": 1995,
               "protectionClass": 4, "roofAgeYears": 8}),
        json!([{"code": "A", "selected": true, "limit": 350000},
               {"code": "B", "selected": true, "percent": 10},
               {"code": "C", "selected": true, "percent": 50},
               {"code": "E", "selected": true, "limit": 300000}]),
    );

    let p = premium("sample-carrier", &payload);

    assert_eq!(line(&p, "A"), d("373.51"));
    assert_eq!(line(&p, "B"), d("53.20"));
    assert_eq!(line(&p, "C"), d("99.75"));
    assert_eq!(line(&p, "E"), d("79.80"));
    assert_eq!(p.fees.amount, d("35"));
    assert_eq!(p.taxes.amount, d("12.13"));
    assert_eq!(p.total.amount, d("653.39"));
    assert_eq!(uw("sample-carrier", &payload), eligible());
}

#[test]
fn cyber_new_york_sample_carrier() {
    let payload = quote(
        "cyber",
        "cyberProfile",
        "NY",
        json!({"industry": "technology", "annualRevenue": 1000000, "employeeCount": 25,
               "recordsCount": 10000, "mfaEnabled": true, "endpointProtection": true,
               "backups": "daily", "priorIncidents": 0, "publicFacingApps": 1, "domain": "example.org"}),
        json!([{"code": "CYB_LIAB", "selected": true, "limit": 1000000, "deductible": 5000}]),
    );

    let p = premium("sample-carrier", &payload);

    assert_eq!(line(&p, "CYB_LIAB"), d("413.80"));
    assert_eq!(p.fees.amount, d("65"));
    assert_eq!(p.taxes.amount, d("10.35"));
    assert_eq!(p.total.amount, d("489.15"));
    assert_eq!(uw("sample-carrier", &payload), eligible());
}

#[test]
fn professional_liability_florida_sample_carrier() {
    let payload = quote(
        "professional-liability",
        "professionalLiabilityProfile",
        "FL",
        json!({"industry": "consulting", "annualRevenue": 2000000, "employeeCount": 12,
               "yearsInBusiness": 10, "largestContractValue": 250000, "subcontractorPct": 10,
               "writtenContracts": true, "qualityControl": "formal", "retroactiveYears": 5,
               "priorClaimsCount": 0}),
        json!([{"code": "PROF_LIAB", "selected": true, "limit": 1000000, "deductible": 5000},
               {"code": "DEF_REIMB", "selected": true, "limit": 50000, "deductible": 1000}]),
    );

    let p = premium("sample-carrier", &payload);

    assert_eq!(line(&p, "PROF_LIAB"), d("1439.20"));
    assert_eq!(line(&p, "DEF_REIMB"), d("208.92"));
    assert_eq!(p.fees.amount, d("85"));
    assert_eq!(p.taxes.amount, d("41.20"));
    assert_eq!(p.total.amount, d("1774.32"));
    assert_eq!(uw("sample-carrier", &payload), eligible());
}
