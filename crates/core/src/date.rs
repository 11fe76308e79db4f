//! Calendar dates as day numbers (proleptic Gregorian), with ISO formatting and ISO weeks.
//!
//! Written by hand instead of pulling `chrono`: we need only civil-date arithmetic, and the wasm
//! stays smaller (the algorithms are Howard Hinnant's `days_from_civil` / `civil_from_days`).

use std::fmt;

/// A calendar date, stored as days since 1970-01-01 (negative before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The same day `k` years later (earlier for a negative `k`); 29 February becomes the 28th in a
    /// year without it.
    pub fn add_years(self, k: i32) -> Date {
        let (y, m, d) = (self.year() + k, self.month(), self.day());
        Date::from_ymd(y, m, d)
            .or_else(|| Date::from_ymd(y, m, 28))
            .unwrap_or(self)
    }

    /// The date for a year, month (1–12) and day (1–31), or `None` if it does not exist
    /// (e.g. 2023-02-29) or the year is outside 1–9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Builds a date from its day number (days since 1970-01-01).
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// ISO weekday: Monday = 1 … Sunday = 7.
    pub fn iso_weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.0 as i64 + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week (1–53).
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = Date(self.0 - self.iso_weekday() as i32 + 4);
        let (y, _, _) = thursday.ymd();
        let jan1 = days_from_civil(y, 1, 1);
        (y, ((thursday.0 - jan1) / 7 + 1) as u32)
    }

    /// The Monday of an ISO week, if the week exists in that year.
    pub fn from_iso_week(year: i32, week: u32) -> Option<Date> {
        if !(1..=53).contains(&week) {
            return None;
        }
        let jan4 = Date::from_ymd(year, 1, 4)?;
        let monday1 = jan4.0 - (jan4.iso_weekday() as i32 - 1);
        let d = Date(monday1 + (week as i32 - 1) * 7);
        (d.iso_week() == (year, week)).then_some(d)
    }

    /// Monday of this date's ISO week.
    pub fn week_start(self) -> Date {
        Date(self.0 - (self.iso_weekday() as i32 - 1))
    }

    /// First day of this date's month.
    pub fn month_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, 1))
    }

    /// The date as `YYYY-MM-DD`.
    pub fn to_iso(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().days();
        let end = Date::from_ymd(2300, 12, 31).unwrap().days();
        for n in start..=end {
            let (y, m, d) = Date(n).ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(Date(n)));
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(2024, 2, 29).unwrap().to_iso(), "2024-02-29");
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(2026, 3, 1).unwrap().iso_weekday(), 7); // a Sunday
    }

    #[test]
    fn iso_weeks() {
        // 2021-01-03 (Sunday) belongs to 2020-W53; 2024-12-30 to 2025-W01.
        assert_eq!(Date::from_ymd(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::from_ymd(2024, 12, 30).unwrap().iso_week(), (2025, 1));
        assert_eq!(Date::from_iso_week(2024, 5), Date::from_ymd(2024, 1, 29));
        assert_eq!(Date::from_iso_week(2021, 53), None);
    }
}
