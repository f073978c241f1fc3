//! Ratings per second for each built-in product (one quote, rated repeatedly).
//! Run: `cargo bench -p lattice-shared --bench rating`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lattice_shared::product::Catalog;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::{Value, json};

fn quotes() -> Vec<(&'static str, Value)> {
    vec![
        (
            "personal-auto",
            json!({"productCode": "personal-auto", "termMonths": 12,
            "uwAnswers": {"driverAge": 35},
            "risks": [{"type": "autoVehicle", "garagingZip": "94105", "symbol": "A", "year": 2022, "make": "Subaru", "model": "Outback"}],
            "coverages": [{"code": "BI", "selected": true, "limit": 100000}, {"code": "PD", "selected": true, "limit": 50000},
                          {"code": "COMP", "selected": true, "deductible": 500}, {"code": "COLL", "selected": true, "deductible": 500}]}),
        ),
        (
            "homeowners",
            json!({"productCode": "homeowners", "termMonths": 12,
            "risks": [{"type": "dwelling", "construction": "frame", "protectionClass": 4, "roofAgeYears": 8}],
            "coverages": [{"code": "A", "selected": true, "limit": 350000}, {"code": "B", "selected": true, "percent": 10},
                          {"code": "C", "selected": true, "percent": 50}, {"code": "E", "selected": true, "limit": 300000}]}),
        ),
        (
            "commercial-auto",
            json!({"productCode": "commercial-auto", "termMonths": 12, "state": "CA",
            "risks": [{"type": "commercialAutoFleet", "vehicleCount": 8, "driverCount": 12, "radiusClass": "intermediate",
                       "vehicleType": "box-truck", "useClass": "retail-delivery", "gvwClass": "medium",
                       "annualMileage": 30000, "yearsInBusiness": 3, "priorLossesCount": 1}],
            "coverages": [{"code": "AUTO_LIAB", "selected": true, "limit": 1000000}, {"code": "COMP", "selected": true, "deductible": 1000}]}),
        ),
        (
            "cyber",
            json!({"productCode": "cyber", "termMonths": 12, "state": "NY",
            "risks": [{"type": "cyberProfile", "industry": "technology", "annualRevenue": 1000000, "employeeCount": 25,
                       "recordsCount": 10000, "mfaEnabled": true, "endpointProtection": true, "backups": "daily",
                       "priorIncidents": 0, "publicFacingApps": 1}],
            "coverages": [{"code": "CYB_LIAB", "selected": true, "limit": 1000000, "deductible": 5000}]}),
        ),
        (
            "professional-liability",
            json!({"productCode": "professional-liability", "termMonths": 12, "state": "FL",
            "risks": [{"type": "professionalLiabilityProfile", "industry": "consulting", "annualRevenue": 2000000,
                       "employeeCount": 12, "yearsInBusiness": 10, "largestContractValue": 250000, "subcontractorPct": 10,
                       "writtenContracts": true, "qualityControl": "formal", "retroactiveYears": 5, "priorClaimsCount": 0}],
            "coverages": [{"code": "PROF_LIAB", "selected": true, "limit": 1000000, "deductible": 5000},
                          {"code": "DEF_REIMB", "selected": true, "limit": 50000, "deductible": 1000}]}),
        ),
        (
            "identity-protection",
            json!({"productCode": "identity-protection", "termMonths": 12,
            "risks": [{"type": "identityProfile", "additionalMembers": 2}],
            "coverages": [{"code": "MONITOR", "selected": true, "limit": 25000}]}),
        ),
    ]
}

fn rating(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("built-in packs");
    let mut group = c.benchmark_group("rate");
    group.throughput(Throughput::Elements(1));
    for (code, payload) in quotes() {
        let product = catalog.product("sample-carrier", code).expect("product");
        group.bench_function(code, |b| {
            b.iter(|| rate(black_box(&product), black_box(&payload)))
        });
    }
    group.finish();

    let product = catalog
        .product("sample-carrier", "personal-auto")
        .expect("product");
    let payload = &quotes()[0].1;
    c.bench_function("underwrite/personal-auto", |b| {
        b.iter(|| underwrite(black_box(&product), black_box(payload)))
    });
}

criterion_group!(benches, rating);
criterion_main!(benches);
