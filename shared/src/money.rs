//! Money rounding: half away from zero, to cents.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to two decimals, half away from zero (so 225.625 becomes 225.63), always
/// keeping two decimal places (249.6 becomes 249.60).
pub fn round2(amount: Decimal) -> Decimal {
    let mut rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn halves_round_up_and_the_rest_to_nearest() {
        assert_eq!(round2(dec!(225.625)), dec!(225.63));
        assert_eq!(round2(dec!(14.328)), dec!(14.33));
        assert_eq!(round2(dec!(300.7130)), dec!(300.71));
        assert_eq!(round2(dec!(1.005)), dec!(1.01));
        assert_eq!(round2(dec!(-0.125)), dec!(-0.13));
        assert_eq!(round2(dec!(249.6)).to_string(), "249.60");
        assert_eq!(round2(dec!(25)).to_string(), "25.00");
    }
}
