//! Numeric bands of a factor table: `<N`, `<=N`, `>N`, `>=N`, `N+` and `A-B` (inclusive).

use std::str::FromStr;

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Below(Decimal),
    AtMost(Decimal),
    Above(Decimal),
    AtLeast(Decimal),
    Between(Decimal, Decimal),
}

impl Band {
    /// Parses a band key; `None` when it is none of the accepted forms.
    pub fn parse(key: &str) -> Option<Band> {
        let key = key.trim();
        let number = |s: &str| Decimal::from_str(s.trim().replace('_', "").as_str()).ok();
        if let Some(rest) = key.strip_prefix("<=") {
            return number(rest).map(Band::AtMost);
        }
        if let Some(rest) = key.strip_prefix(">=") {
            return number(rest).map(Band::AtLeast);
        }
        if let Some(rest) = key.strip_prefix('<') {
            return number(rest).map(Band::Below);
        }
        if let Some(rest) = key.strip_prefix('>') {
            return number(rest).map(Band::Above);
        }
        if let Some(rest) = key.strip_suffix('+') {
            return number(rest).map(Band::AtLeast);
        }
        let (low, high) = key.split_once('-')?;
        match (number(low), number(high)) {
            (Some(low), Some(high)) if low <= high => Some(Band::Between(low, high)),
            _ => None,
        }
    }

    pub fn contains(&self, x: Decimal) -> bool {
        match *self {
            Band::Below(n) => x < n,
            Band::AtMost(n) => x <= n,
            Band::Above(n) => x > n,
            Band::AtLeast(n) => x >= n,
            Band::Between(low, high) => low <= x && x <= high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn every_form_parses_and_matches_inclusively_where_written() {
        let cases = [
            ("<25", dec!(24.9), dec!(25)),
            ("<=10", dec!(10), dec!(10.01)),
            (">20", dec!(20.5), dec!(20)),
            (">=65", dec!(65), dec!(64.99)),
            ("100001+", dec!(100001), dec!(100000)),
            ("1000001-10000000", dec!(1000001), dec!(1000000.5)),
            ("25-64", dec!(64), dec!(64.5)),
        ];
        for (key, inside, outside) in cases {
            let band = Band::parse(key).unwrap_or_else(|| panic!("{key} parses"));
            assert!(band.contains(inside), "{key} contains {inside}");
            assert!(!band.contains(outside), "{key} excludes {outside}");
        }
    }

    #[test]
    fn malformed_bands_are_rejected() {
        for key in ["", "abc", "10-5", "<", "5~9", "1-2-3"] {
            assert_eq!(Band::parse(key), None, "{key}");
        }
    }
}
