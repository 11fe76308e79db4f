//! Years for dates written without one (`12 September`, TikTok): the latest years that keep every
//! date on or before the caller's today, following the rows across New Year.

use super::dates::NO_YEAR;
use crate::Date;

/// Month and day as one comparable number.
fn md(d: Date) -> u32 {
    d.month() * 100 + d.day()
}

/// Year offsets of the rows (file order) when the file runs oldest first (a date earlier in the
/// year than the row before starts a new year) or newest first.
fn offsets(values: &[Date], ascending: bool) -> Vec<i32> {
    let mut o = Vec::with_capacity(values.len());
    let mut cur = 0;
    for (i, &d) in values.iter().enumerate() {
        if i > 0 {
            let (a, b) = (md(values[i - 1]), md(d));
            if ascending && b < a {
                cur += 1;
            } else if !ascending && b > a {
                cur -= 1;
            }
        }
        o.push(cur);
    }
    o
}

fn with_year(d: Date, year: i32) -> Date {
    Date::from_ymd(year, d.month(), d.day())
        .or_else(|| Date::from_ymd(year, d.month(), 28))
        .unwrap_or(d)
}

/// Gives `values` (in [`NO_YEAR`], file order) their years; returns the first and last year.
/// `year`: the earliest date's year, as the user chose. Else the latest years with every date on
/// or before `today`; without today, the years start at [`NO_YEAR`].
pub(crate) fn resolve(values: &mut [Date], today: Option<Date>, year: Option<i32>) -> (i32, i32) {
    let asc = offsets(values, true);
    let desc = offsets(values, false);
    let wraps = |o: &[i32]| o.iter().map(|x| x.abs()).max().unwrap_or(0);
    let o = if wraps(&desc) < wraps(&asc) {
        desc
    } else {
        asc
    };
    // earliest and latest rows as (offset, month-day)
    let key = |i: usize| (o[i], md(values[i]));
    let (Some(lo), Some(hi)) = (
        (0..values.len()).min_by_key(|&i| key(i)),
        (0..values.len()).max_by_key(|&i| key(i)),
    ) else {
        return (NO_YEAR, NO_YEAR);
    };
    let base = match (year, today) {
        (Some(y), _) => y - o[lo],
        (None, Some(t)) => {
            let b = t.year() - o[hi];
            if with_year(values[hi], b + o[hi]) > t {
                b - 1
            } else {
                b
            }
        }
        (None, None) => NO_YEAR - o[lo],
    };
    for (d, off) in values.iter_mut().zip(&o) {
        *d = with_year(*d, base + off);
    }
    (base + o[lo], base + o[hi])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(NO_YEAR, m, day).unwrap()
    }

    #[test]
    fn across_new_year_before_today() {
        let today = Date::from_ymd(2026, 2, 15).unwrap();
        let mut v = vec![d(8, 20), d(12, 31), d(1, 1), d(2, 14)];
        assert_eq!(resolve(&mut v, Some(today), None), (2025, 2026));
        assert_eq!(v[0], Date::from_ymd(2025, 8, 20).unwrap());
        assert_eq!(v[3], Date::from_ymd(2026, 2, 14).unwrap());
        // newest first, and a date after today goes back a year
        let mut v = vec![d(2, 16), d(2, 1), d(1, 1), d(12, 31), d(12, 1)];
        assert_eq!(resolve(&mut v, Some(today), None), (2024, 2025));
        assert_eq!(v[0], Date::from_ymd(2025, 2, 16).unwrap());
        assert_eq!(v[4], Date::from_ymd(2024, 12, 1).unwrap());
        // the user's year
        let mut v = vec![d(3, 1), d(3, 2)];
        assert_eq!(resolve(&mut v, Some(today), Some(2019)), (2019, 2019));
    }
}
