//! Commercial auto, derived by hand from the factor tables (tenant `acme`). Base 4200 x
//! term x state x vehicles x drivers x radius x type x use x weight x mileage x years x
//! losses x driver ratio; liability lines clamp(sqrt(limit/base), 0.65, 2.35), COMP/COLL
//! clamp(sqrt(1000/max(100, ded)), 0.5, 1.75); fee 95; tax 3 %.

mod common;

use common::{d, premium, quote, summary, uw};
use lattice_shared::api::rating::Decision;
use serde_json::{Value, json};

fn fleet(state: &str, risk: Value, coverages: Value) -> Value {
    quote(
        "commercial-auto",
        "commercialAutoFleet",
        state,
        risk,
        coverages,
    )
}

#[test]
fn a_mid_size_california_delivery_fleet_with_every_coverage() {
    // 4200 x 1.21 x 1.18 (8) x 1.28 (12) x 1.08 x 1.12 x 1.10 x 1.05 x 1.12 (30k mi)
    // x 1.10 (3 years) x 1.14 (1 loss) x 1.035 (12 drivers / 8 vehicles)
    let payload = fleet(
        "CA",
        json!({"garagingZip": "90012", "vehicleCount": 8, "driverCount": 12, "radiusClass": "intermediate",
               "vehicleType": "box-truck", "useClass": "retail-delivery", "gvwClass": "medium",
               "annualMileage": 30000, "yearsInBusiness": 3, "priorLossesCount": 1}),
        json!([{"code": "AUTO_LIAB", "selected": true, "limit": 500000},
               {"code": "HNOA", "selected": true, "limit": 300000},
               {"code": "UM_UIM", "selected": true, "limit": 300000},
               {"code": "PIP_MED", "selected": true, "limit": 10000},
               {"code": "COMP", "selected": true, "deductible": 500},
               {"code": "COLL", "selected": true, "deductible": 2500},
               {"code": "TOWING", "selected": true, "limit": 5000},
               {"code": "RENTAL", "selected": true, "limit": 900}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        [
            "AUTO_LIAB 5290.94",
            "HNOA 810.61",
            "UM_UIM 3240.02",
            "PIP_MED 1763.65",
            "COMP 2204.56",
            "COLL 985.91",
            "TOWING 697.14",
            "RENTAL 241.50"
        ]
    );
    assert_eq!(
        (p.taxes.amount, p.total.amount),
        (d("457.03"), d("15786.36"))
    );
}

#[test]
fn missing_inputs_take_the_documented_defaults() {
    // DC 1.17 (state lowercased in the payload); one vehicle 0.78 and as many drivers 0.85;
    // unknown radius 1.08, type 1.08, use 1.05, weight 1.06; 20,000 miles 1.00; 5 years 1.10.
    let payload = fleet(
        "dc",
        json!({"radiusClass": "regional", "vehicleType": "hovercraft", "useClass": "space", "gvwClass": "x"}),
        json!([{"code": "AUTO_LIAB", "selected": true, "limit": 1000000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(summary(&p).0, ["AUTO_LIAB 2233.19"]);
    assert_eq!(p.total.amount, d("2395.19"));
}

#[test]
fn the_driver_ratio_and_loss_loadings_cap_and_physical_damage_clamps() {
    // TX 1.11; 1 vehicle 0.78; 20 drivers 1.28; local 0.95; pickup 0.94; service 0.98; light
    // 0.95; 8000 mi 0.90; 30 years 0.92; 9 losses capped at 6: 1.84; ratio 1 + 19 x 0.07 = 2.33
    // capped at 1.4. AUTO_LIAB 10M caps at 2.35; COMP deductible 50 floors at 100: 1.75;
    // COLL 10,000: 0.5.
    let payload = fleet(
        "TX",
        json!({"vehicleCount": 1, "driverCount": 20, "radiusClass": "local", "vehicleType": "pickup",
               "useClass": "service", "gvwClass": "light", "annualMileage": 8000,
               "yearsInBusiness": 30, "priorLossesCount": 9}),
        json!([{"code": "AUTO_LIAB", "selected": true, "limit": 10000000},
               {"code": "COMP", "selected": true, "deductible": 50},
               {"code": "COLL", "selected": true, "deductible": 10000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        ["AUTO_LIAB 9310.29", "COMP 1444.42", "COLL 412.69"]
    );
    assert_eq!(p.total.amount, d("11597.42"));
    let ratio = p
        .calc_trace
        .factors
        .iter()
        .find(|f| f.name == "driverVehicleRatio")
        .expect("ratio");
    assert_eq!(ratio.factor, d("1.4"));
}

#[test]
fn six_months_unknown_state_and_the_heaviest_classes() {
    // 0.58 x 1 (state ZZ) x 0.78 (0 vehicles count as 1) x 0.85 x 1.26 x 1.35 x 1.35 x 1.18
    // x 1.48 (150k mi) x 1.25 (0 years); HNOA via its alias; TOWING 2000: sqrt(2).
    let payload = fleet(
        "ZZ",
        json!({"vehicleCount": 0, "radiusClass": "long-haul", "vehicleType": "tractor-trailer",
               "useClass": "livery", "gvwClass": "heavy", "annualMileage": 150000, "yearsInBusiness": 0}),
        json!([{"code": "Hired and Non-Owned Auto", "selected": true, "limit": 1000000},
               {"code": "TOWING", "selected": true, "limit": 2000}]),
    );
    let mut payload = payload;
    payload["termMonths"] = json!(6);

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        ["HIRED AND NON-OWNED AUTO 647.70", "TOWING 229.00"]
    );
    assert_eq!(p.total.amount, d("998.00"));
}

#[test]
fn no_selected_coverage_rates_the_base_and_unknown_codes_share_it() {
    let base = fleet("DC", json!({}), json!([]));
    let unknown = fleet(
        "DC",
        json!({}),
        json!([{"code": "AUTO_LIAB", "selected": true, "limit": 1000000},
               {"code": "CARGO", "selected": true, "limit": 50000}]),
    );

    assert_eq!(summary(&premium("acme", &base)).0, ["BASE 4652.47"]);
    assert_eq!(premium("acme", &base).total.amount, d("4887.04"));
    // CARGO: 4652.47 / 2 x sqrt(0.5)
    assert_eq!(
        summary(&premium("acme", &unknown)).0,
        ["AUTO_LIAB 2233.19", "CARGO 1644.90"]
    );
    assert_eq!(premium("acme", &unknown).total.amount, d("4089.43"));
}

#[test]
fn a_small_new_york_wholesale_fleet_with_some_losses() {
    // NY 1.24; 2 vehicles 1.00; 3 drivers 1.00; intermediate 1.08; service van 0.98;
    // wholesale 1.12; medium 1.05; 25,000 mi 1.00; 11 years 0.95; 2 losses 1.28; ratio
    // 3/2: 1.035. AUTO_LIAB 2M: sqrt(2); UM_UIM 50k: sqrt(0.5); RENTAL 5000: sqrt(10/3).
    let payload = fleet(
        "NY",
        json!({"vehicleCount": 2, "driverCount": 3, "radiusClass": "intermediate", "vehicleType": "service-van",
               "useClass": "wholesale-distribution", "gvwClass": "medium", "annualMileage": 25000,
               "yearsInBusiness": 11, "priorLossesCount": 2}),
        json!([{"code": "AUTO_LIAB", "selected": true, "limit": 2000000},
               {"code": "UM_UIM", "selected": true, "limit": 50000},
               {"code": "RENTAL", "selected": true, "limit": 5000}]),
    );

    let p = premium("acme", &payload);

    assert_eq!(
        summary(&p).0,
        ["AUTO_LIAB 5538.07", "UM_UIM 692.26", "RENTAL 297.90"]
    );
    assert_eq!(
        (p.taxes.amount, p.total.amount),
        (d("195.85"), d("6819.08"))
    );
}

#[test]
fn counts_may_arrive_as_text() {
    let text = fleet(
        "CA",
        json!({"vehicleCount": "8", "driverCount": "12"}),
        json!([]),
    );
    let numbers = fleet(
        "CA",
        json!({"vehicleCount": 8, "driverCount": 12}),
        json!([]),
    );

    assert_eq!(
        premium("acme", &text).total.amount,
        premium("acme", &numbers).total.amount
    );
}

#[test]
fn every_underwriting_reason() {
    let good = json!({"garagingZip": "60601", "vehicleCount": 10, "driverCount": 12, "radiusClass": "local",
                      "vehicleType": "pickup", "gvwClass": "light", "annualMileage": 20000,
                      "yearsInBusiness": 4, "priorLossesCount": 0});
    let with = |extra: Value| {
        let mut risk = good.clone();
        common::merge(&mut risk, extra);
        fleet("IL", risk, json!([]))
    };
    let cases: [(Value, Decision, &[&str]); 12] = [
        (
            with(json!({"garagingZip": "6060A"})),
            Decision::Refer,
            &["Invalid primary garaging ZIP (refer)"],
        ),
        (
            with(json!({"garagingZip": 606011})),
            Decision::Refer,
            &["Invalid primary garaging ZIP (refer)"],
        ),
        (
            with(json!({"vehicleCount": 151, "driverCount": 151})),
            Decision::Decline,
            &["Fleet size > 150 vehicles (decline)"],
        ),
        (
            with(json!({"vehicleCount": 51, "driverCount": 51})),
            Decision::Refer,
            &["Fleet size > 50 vehicles (refer)"],
        ),
        (
            with(json!({"vehicleCount": 2, "driverCount": 9})),
            Decision::Refer,
            &["High driver-to-vehicle ratio (refer)"],
        ),
        (
            with(json!({"radiusClass": "Long-Haul"})),
            Decision::Refer,
            &["Long-haul operations (refer)"],
        ),
        (
            with(json!({"vehicleType": "tractor-trailer"})),
            Decision::Refer,
            &["Tractor-trailer exposure requires underwriting review (refer)"],
        ),
        (
            with(json!({"vehicleType": "dump-truck"})),
            Decision::Refer,
            &["Heavy commercial vehicle exposure (refer)"],
        ),
        (
            with(json!({"annualMileage": 100001})),
            Decision::Refer,
            &["Average annual mileage > 100,000 (refer)"],
        ),
        (
            with(json!({"priorLossesCount": 6})),
            Decision::Decline,
            &["6+ prior commercial auto losses (decline)"],
        ),
        (
            with(json!({"priorLossesCount": 3})),
            Decision::Refer,
            &["Multiple prior commercial auto losses (refer)"],
        ),
        (
            with(json!({"yearsInBusiness": 0.5})),
            Decision::Refer,
            &["New venture < 1 year in business (refer)"],
        ),
    ];
    assert_eq!(uw("acme", &with(json!({}))).decision, Decision::Eligible);
    for (payload, decision, reasons) in cases {
        let result = uw("acme", &payload);
        assert_eq!(result.decision, decision, "{payload}");
        assert_eq!(result.reasons, reasons, "{payload}");
    }
}
