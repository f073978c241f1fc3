//! Earned and returned premium: pro-rata factors, short-rate tables and the refund of a
//! cancellation by its reason's return-premium method.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::money::round2;
use crate::policy::term::days_between;

/// Unearned share of the term from `effective` to the term's end:
/// `max(0, days(effective -> expiration)) / max(1, days(term))`.
pub fn pro_rata_factor(effective: Date, term_effective: Date, term_expiration: Date) -> Decimal {
    let remaining = days_between(effective, term_expiration).max(0);
    let term = days_between(term_effective, term_expiration).max(1);
    Decimal::from(remaining) / Decimal::from(term)
}

/// One band of a short-rate table: days in force (inclusive) to the percent earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShortRateBand {
    pub days_from: i64,
    pub days_to: i64,
    #[serde(with = "rust_decimal::serde::float")]
    pub earned_pct: Decimal,
}

/// The standard table seeded for the sample carrier.
pub fn standard_short_rate_table() -> Vec<ShortRateBand> {
    [
        (0, 7, 25),
        (8, 30, 35),
        (31, 60, 44),
        (61, 90, 52),
        (91, 120, 59),
        (121, 150, 65),
        (151, 180, 70),
        (181, 210, 75),
        (211, 240, 80),
        (241, 270, 84),
        (271, 300, 88),
        (301, 330, 91),
        (331, 365, 95),
    ]
    .into_iter()
    .map(|(from, to, pct)| ShortRateBand {
        days_from: from,
        days_to: to,
        earned_pct: Decimal::from(pct),
    })
    .collect()
}

/// How a cancellation returns premium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReturnMethod {
    /// Everything back (rescission).
    Flat,
    /// Nothing back.
    None,
    ProRata,
    ShortRate,
}

impl ReturnMethod {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "FLAT" => Self::Flat,
            "NONE" => Self::None,
            "PRO_RATA" => Self::ProRata,
            "SHORT_RATE" => Self::ShortRate,
            _ => return None,
        })
    }
}

/// The refund and the method that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refund {
    pub amount: Decimal,
    pub method: ReturnMethod,
    /// Percent earned when a short-rate table applied.
    pub earned_pct: Option<Decimal>,
}

/// The premium returned for cancelling on `effective` a term whose full premium is `full`.
///
/// A short rate earns the table's percentage for the days in force (days past the table
/// earn 100 %). When a pro-rata or short-rate method comes to zero although time remains
/// (e.g. no short-rate table is configured) the pro-rata refund applies, as in the
/// reference. `NONE` returns nothing.
pub fn refund(
    full: Decimal,
    method: ReturnMethod,
    effective: Date,
    term_effective: Date,
    term_expiration: Date,
    short_rate: Option<&[ShortRateBand]>,
) -> Refund {
    let pro_rata = round2(full * pro_rata_factor(effective, term_effective, term_expiration));
    let (amount, earned_pct) = match method {
        ReturnMethod::Flat => (round2(full), None),
        ReturnMethod::None => {
            return Refund {
                amount: Decimal::ZERO,
                method,
                earned_pct: None,
            };
        }
        ReturnMethod::ProRata => (pro_rata, None),
        ReturnMethod::ShortRate => match short_rate.filter(|t| !t.is_empty()) {
            Some(table) => {
                let in_force = days_between(term_effective, effective).max(0);
                let pct = table
                    .iter()
                    .find(|b| b.days_from <= in_force && in_force <= b.days_to)
                    .map_or(Decimal::ONE_HUNDRED, |b| b.earned_pct);
                (
                    round2(full - round2(full * pct / Decimal::ONE_HUNDRED)),
                    Some(pct),
                )
            }
            None => (Decimal::ZERO, None),
        },
    };
    if amount.is_zero() && pro_rata > Decimal::ZERO {
        return Refund {
            amount: pro_rata,
            method: ReturnMethod::ProRata,
            earned_pct: None,
        };
    }
    Refund {
        amount,
        method,
        earned_pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use time::macros::date;

    const EFF: Date = date!(2026 - 01 - 01);
    const EXP: Date = date!(2027 - 01 - 01);

    #[test]
    fn the_reference_examples() {
        let table = standard_short_rate_table();
        let r = |m, d| refund(dec!(1000), m, d, EFF, EXP, Some(&table));
        assert_eq!(
            r(ReturnMethod::ProRata, date!(2026 - 04 - 01)).amount,
            dec!(753.42)
        );
        assert_eq!(
            r(ReturnMethod::ProRata, date!(2026 - 07 - 01)).amount,
            dec!(504.11)
        );
        let short = r(ReturnMethod::ShortRate, date!(2026 - 04 - 01));
        assert_eq!(
            (short.amount, short.earned_pct),
            (dec!(480.00), Some(dec!(52)))
        );
        assert_eq!(
            r(ReturnMethod::Flat, date!(2026 - 04 - 01)).amount,
            dec!(1000.00)
        );
        assert_eq!(r(ReturnMethod::None, date!(2026 - 04 - 01)).amount, dec!(0));
    }

    #[test]
    fn every_short_rate_bracket() {
        let table = standard_short_rate_table();
        let cases = [
            (0, 25),
            (7, 25),
            (8, 35),
            (30, 35),
            (31, 44),
            (60, 44),
            (61, 52),
            (90, 52),
            (91, 59),
            (120, 59),
            (121, 65),
            (150, 65),
            (151, 70),
            (180, 70),
            (181, 75),
            (210, 75),
            (211, 80),
            (240, 80),
            (241, 84),
            (270, 84),
            (271, 88),
            (300, 88),
            (301, 91),
            (330, 91),
            (331, 95),
            (364, 95),
        ];
        for (days, pct) in cases {
            let on = EFF + time::Duration::days(days);
            let r = refund(
                dec!(1000),
                ReturnMethod::ShortRate,
                on,
                EFF,
                EXP,
                Some(&table),
            );
            assert_eq!(r.earned_pct, Some(Decimal::from(pct)), "{days} days");
            assert_eq!(r.amount, Decimal::from(1000 - pct * 10), "{days} days");
        }
    }

    #[test]
    fn short_rate_without_a_table_falls_back_to_pro_rata() {
        let r = refund(
            dec!(1000),
            ReturnMethod::ShortRate,
            date!(2026 - 07 - 01),
            EFF,
            EXP,
            None,
        );
        assert_eq!((r.amount, r.method), (dec!(504.11), ReturnMethod::ProRata));
        assert_eq!(
            pro_rata_factor(date!(2027 - 03 - 01), EFF, EXP),
            Decimal::ZERO
        );
    }
}
