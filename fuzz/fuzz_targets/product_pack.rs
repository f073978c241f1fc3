//! Any text as a product pack (TOML): refused with an error or loaded, never a panic; a
//! pack that loads also rates and underwrites a sample quote without panicking.
#![no_main]

use lattice_shared::product::load_pack;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(product) = load_pack("fuzz.toml", text) else {
        return;
    };
    let payload = json!({
        "productCode": product.code, "effectiveDate": "2026-07-01", "termMonths": 12,
        "state": "CA", "uwAnswers": {"driverAge": 35},
        "risks": [{"type": "autoVehicle", "year": 2022, "symbol": "A", "usage": "commute",
                   "annualMiles": 9000, "construction": "frame", "protectionClass": 4}],
        "coverages": [{"code": "BI", "selected": true, "limit": 100000},
                      {"code": "A", "selected": true, "limit": 350000}]
    });
    let _ = rate(&product, &payload);
    let _ = underwrite(&product, &payload);
});
