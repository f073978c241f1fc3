//! Term dates: calendar-month arithmetic and day counts.

use time::{Date, Duration, Month};

/// `date` plus `months` calendar months; a day past the end of the target month becomes
/// its last day (31 Jan + 1 month = 28 or 29 Feb).
pub fn add_months(date: Date, months: i32) -> Date {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + months;
    let year = total.div_euclid(12);
    let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(Month::January);
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).unwrap_or(date)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

/// The day before `date`.
pub fn day_before(date: Date) -> Date {
    date - Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn calendar_months() {
        assert_eq!(add_months(date!(2026 - 07 - 01), 12), date!(2027 - 07 - 01));
        assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 08 - 31), 6), date!(2028 - 02 - 29));
        assert_eq!(
            add_months(date!(2026 - 11 - 15), -12),
            date!(2025 - 11 - 15)
        );
        assert_eq!(
            days_between(date!(2026 - 01 - 01), date!(2027 - 01 - 01)),
            365
        );
        assert_eq!(day_before(date!(2026 - 03 - 01)), date!(2026 - 02 - 28));
    }
}
