//! Any JSON payload, rated and underwritten by every built-in product: no panic, and
//! every premium adds up (lines + fees + taxes = total, all in whole cents).
#![no_main]

use std::sync::OnceLock;

use lattice_shared::product::Catalog;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde_json::Value;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in packs load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(payload) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for product in catalog().products() {
        let _ = underwrite(product, &payload);
        let Ok(premium) = rate(product, &payload) else {
            continue;
        };
        let lines: Decimal = premium.by_coverage.iter().map(|l| l.amount.amount).sum();
        assert_eq!(
            lines + premium.fees.amount + premium.taxes.amount,
            premium.total.amount,
            "{}: the premium does not add up",
            product.code
        );
        for amount in [premium.total.amount, premium.taxes.amount, lines] {
            assert!(amount.scale() <= 2, "{amount} is not in whole cents");
        }
    }
});
