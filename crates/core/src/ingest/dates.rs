//! Date cells: every style exports use (ISO dates and datetimes, d/m/y orders, dotted and dashed,
//! two-digit years, month names in English, Italian, French, German, Spanish and Portuguese, `yyyymmdd`, `yyyy-mm`, ISO weeks), and the
//! whole-column decision between day-first and month-first.
//!
//! A time of day and a UTC offset are accepted and dropped: the date is the calendar date as
//! written, because exports bucket days in the account's own time zone (moving an evening post to
//! the next UTC day would put it in the wrong daily row).

use crate::Date;

/// Order of day, month and year in numeric dates like `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DateOrder {
    /// Day first: `31/12/2024` (Europe, Latin America).
    Dmy,
    /// Month first: `12/31/2024` (US).
    Mdy,
    /// Year first: `2024/12/31`, and `24/12/31` for two-digit years.
    Ymd,
}

/// The style a date cell was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    Iso,
    IsoDateTime,
    Ymd,
    Compact,
    YearMonth,
    IsoWeek,
    Named,
    NamedMonth,
    /// `12 September`: no year (TikTok); read in [`NO_YEAR`] and given a year by `finish`.
    NoYear,
    /// `2026-09-07 - 2026-09-13`: a range (a week's row), dated by its first day.
    Range,
    /// `Q1 2024`, `2024-Q3`: a quarter, dated by its first day.
    Quarter,
}

/// The provisional year of dates written without one (a leap year, so 29 February reads).
pub(crate) const NO_YEAR: i32 = 2000;

/// A cell that looks like a date. Numeric `a/b/yy(yy)` dates need the column's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateCell {
    Exact(Date, Family),
    Triple(Triple),
}

/// `a<sep>b<sep>y`: day and month in some order, then the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Triple {
    pub a: u32,
    pub b: u32,
    /// The last part as written (2 or 4 digits).
    pub y: u32,
    pub year_digits: u8,
    pub sep: u8,
    pub a_padded: bool,
    pub b_padded: bool,
    pub time: bool,
    /// The first date of a range (`07/09/2026 - 13/09/2026`).
    pub range: bool,
}

/// Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (the POSIX `%y` rule).
fn full_year(y: u32, digits: u8) -> i32 {
    if digits == 2 {
        if y < 70 {
            2000 + y as i32
        } else {
            1900 + y as i32
        }
    } else {
        y as i32
    }
}

impl Triple {
    /// The date under an order, if it exists.
    pub fn resolve(&self, order: DateOrder) -> Option<Date> {
        match order {
            DateOrder::Dmy => Date::from_ymd(full_year(self.y, self.year_digits), self.b, self.a),
            DateOrder::Mdy => Date::from_ymd(full_year(self.y, self.year_digits), self.a, self.b),
            DateOrder::Ymd => {
                if self.year_digits != 2 {
                    return None;
                }
                Date::from_ymd(full_year(self.a, 2), self.b, self.y)
            }
        }
    }
}

fn num(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0u32, |acc, &b| acc * 10 + (b - b'0') as u32))
}

/// `YYYY-MM-DD` exactly (10 bytes): the common case, checked without any branching on families.
#[inline]
pub(crate) fn parse_iso_fast(s: &[u8]) -> Option<Date> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let d = |i: usize| s[i].wrapping_sub(b'0') as u32;
    for i in [0, 1, 2, 3, 5, 6, 8, 9] {
        if d(i) > 9 {
            return None;
        }
    }
    Date::from_ymd(
        (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) as i32,
        d(5) * 10 + d(6),
        d(8) * 10 + d(9),
    )
}

/// Is `rest` a time of day (with optional seconds, fraction, am/pm and zone) after a date?
fn is_time_suffix(rest: &[u8]) -> bool {
    let mut s = match rest {
        [b'T' | b't' | b' ', r @ ..] => r,
        [b',', b' ', r @ ..] => r,
        _ => return false,
    };
    while let [b' ', r @ ..] = s {
        s = r;
    }
    // hh:mm
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 || i > 2 || s.get(i) != Some(&b':') {
        return false;
    }
    s = &s[i + 1..];
    let two = |s: &[u8]| s.len() >= 2 && s[0].is_ascii_digit() && s[1].is_ascii_digit();
    if !two(s) {
        return false;
    }
    s = &s[2..];
    if let [b':', r @ ..] = s {
        if !two(r) {
            return false;
        }
        s = &r[2..];
        if let [b'.' | b',', r @ ..] = s {
            let n = r.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            s = &r[n..];
        }
    }
    while let [b' ', r @ ..] = s {
        s = r;
    }
    if s.len() >= 2 && (s[..2].eq_ignore_ascii_case(b"am") || s[..2].eq_ignore_ascii_case(b"pm")) {
        s = &s[2..];
        while let [b' ', r @ ..] = s {
            s = r;
        }
    }
    if s.is_empty() {
        return true;
    }
    if s.eq_ignore_ascii_case(b"z")
        || s.eq_ignore_ascii_case(b"utc")
        || s.eq_ignore_ascii_case(b"gmt")
    {
        return true;
    }
    // a zone's abbreviation (Amazon's `12:03:11 AM PST`, `CET`, `CEST`, `AEDT`): dropped with
    // the time, as an offset is
    if (3..=5).contains(&s.len()) && s.iter().all(u8::is_ascii_uppercase) {
        return true;
    }
    let s = if s.len() > 3
        && (s[..3].eq_ignore_ascii_case(b"utc") || s[..3].eq_ignore_ascii_case(b"gmt"))
    {
        &s[3..]
    } else {
        s
    };
    // +hh, +hhmm, +hh:mm
    match s {
        [b'+' | b'-', r @ ..] => {
            let digits: Vec<u8> = r.iter().copied().filter(|&b| b != b':').collect();
            (digits.len() == 2 || digits.len() == 4)
                && digits.iter().all(u8::is_ascii_digit)
                && r.len() <= 5
        }
        _ => false,
    }
}

/// Splits `s` into the date part and an optional time suffix (which must be valid).
fn split_time(s: &[u8]) -> Option<(&[u8], bool)> {
    match s.iter().position(|&b| b == b' ' || b == b'T' || b == b't') {
        None => Some((s, false)),
        Some(i) => is_time_suffix(&s[i..]).then_some((&s[..i], true)),
    }
}

/// Recognises a date cell in any supported style (trimmed input).
pub(crate) fn classify(s: &[u8]) -> Option<DateCell> {
    let s = super::number::trim(s);
    if s.len() < 6 || s.len() > 64 {
        return None;
    }
    if let Some(d) = parse_iso_fast(s) {
        return Some(DateCell::Exact(d, Family::Iso));
    }
    if let Some(r) = classify_range(s) {
        return Some(r);
    }
    classify_one(s)
}

/// `2026-09-07 - 2026-09-13`, `07/09/2026 – 13/09/2026`: two dates of one style, the second not
/// before the first (when both are exact), read as the first (a weekly report's row).
fn classify_range(s: &[u8]) -> Option<DateCell> {
    const DASHES: [&str; 3] = [" - ", " \u{2013} ", " \u{2014} "];
    if s.len() < 13 || !s.contains(&b' ') {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    let (a, b) = DASHES.iter().find_map(|d| text.split_once(d))?;
    let (first, second) = (
        classify_one(a.trim().as_bytes())?,
        classify_one(b.trim().as_bytes())?,
    );
    match (first, second) {
        (DateCell::Exact(x, fa), DateCell::Exact(y, fb)) if fa == fb && x <= y => {
            Some(DateCell::Exact(x, Family::Range))
        }
        (DateCell::Triple(t), DateCell::Triple(u)) if t.sep == u.sep => {
            Some(DateCell::Triple(Triple { range: true, ..t }))
        }
        _ => None,
    }
}

/// One date, not a range: a title line's `1 January 2024 - 31 March 2024` is not a data row's
/// value to the layout sniffer.
pub(crate) fn classify_single(s: &[u8]) -> Option<DateCell> {
    let s = super::number::trim(s);
    if s.len() > 64 {
        return None;
    }
    classify_one(s)
}

/// `Q1 2024`, `Q1-2024`, `2024 Q1`, `2024-Q1` (any case): the quarter's first day.
fn quarter(s: &[u8]) -> Option<Date> {
    let (q, y) = match s {
        [b'Q' | b'q', q, b' ' | b'-' | b'/', y @ ..] => (*q, y),
        [y @ .., b' ' | b'-' | b'/', b'Q' | b'q', q] => (*q, y),
        _ => return None,
    };
    if y.len() != 4 || !(b'1'..=b'4').contains(&q) {
        return None;
    }
    let year = num(y)? as i32;
    Date::from_ymd(year, 3 * (q - b'1') as u32 + 1, 1)
}

fn classify_one(s: &[u8]) -> Option<DateCell> {
    if let Some(d) = quarter(s) {
        return Some(DateCell::Exact(d, Family::Quarter));
    }
    if s.len() < 6 {
        return None;
    }
    if let Some(d) = parse_iso_fast(s) {
        return Some(DateCell::Exact(d, Family::Iso));
    }
    if s[0].is_ascii_digit() {
        if let Some(c) = classify_numeric(s) {
            return Some(c);
        }
    }
    if let Some(rest) = after_weekday(s) {
        // "lun 01/01/2024", "Mon, 2024-01-01": the weekday said before a date in digits
        if let Some(d) = parse_iso_fast(rest) {
            return Some(DateCell::Exact(d, Family::Iso));
        }
        if let Some(c) = classify_numeric(rest) {
            return Some(c);
        }
    }
    classify_named(s).map(|(d, f)| DateCell::Exact(d, f))
}

/// What follows a leading weekday word (`lun`, `Mon.,`, `martedì`) when it is a date in digits.
fn after_weekday(s: &[u8]) -> Option<&[u8]> {
    let word_end = s
        .iter()
        .position(|b| !(b.is_ascii_alphabetic() || *b >= 0x80))?;
    let word = crate::text::lowercase(std::str::from_utf8(&s[..word_end]).ok()?);
    if !is_weekday(&word) {
        return None;
    }
    let rest = &s[word_end..];
    let skip = rest.iter().position(|b| !matches!(b, b' ' | b',' | b'.'))?;
    let rest = &rest[skip..];
    (skip > 0 && rest.first().is_some_and(u8::is_ascii_digit) && rest.len() >= 6).then_some(rest)
}

fn classify_numeric(s: &[u8]) -> Option<DateCell> {
    // yyyymmdd (Google Analytics)
    if s.len() == 8 && s.iter().all(u8::is_ascii_digit) {
        let y = num(&s[..4])? as i32;
        if !(1900..=2100).contains(&y) {
            return None;
        }
        let d = Date::from_ymd(y, num(&s[4..6])?, num(&s[6..8])?)?;
        return Some(DateCell::Exact(d, Family::Compact));
    }
    // ISO week: 2024-W05, 2024W05, 2024-W05-3
    if s.len() >= 7 && s[..4].iter().all(u8::is_ascii_digit) {
        let rest = &s[4..];
        let rest = rest.strip_prefix(b"-").unwrap_or(rest);
        if let [b'W' | b'w', w1, w2, tail @ ..] = rest {
            let week = num(&[*w1, *w2])?;
            let monday = Date::from_iso_week(num(&s[..4])? as i32, week)?;
            let wd = match tail {
                [] => 1,
                [b'-', d] | [d] => num(&[*d]).filter(|d| (1..=7).contains(d))?,
                _ => return None,
            };
            return Some(DateCell::Exact(
                Date::from_days(monday.days() + wd as i32 - 1),
                Family::IsoWeek,
            ));
        }
    }
    let (date, time) = split_time(s)?;
    let sep = *date.iter().find(|b| !b.is_ascii_digit())?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let parts: Vec<&[u8]> = date.split(|&b| b == sep).collect();
    match parts.as_slice() {
        [p1, p2, p3] => {
            let (a, b, c) = (num(p1)?, num(p2)?, num(p3)?);
            if p1.len() == 4 {
                if p2.len() > 2 || p3.len() > 2 {
                    return None;
                }
                let d = Date::from_ymd(a as i32, b, c)?;
                let fam = if sep == b'-' {
                    if time {
                        Family::IsoDateTime
                    } else {
                        Family::Iso
                    }
                } else {
                    Family::Ymd
                };
                return Some(DateCell::Exact(d, fam));
            }
            if p1.len() > 2 || p2.len() > 2 || !(p3.len() == 2 || p3.len() == 4) {
                return None;
            }
            let t = Triple {
                a,
                b,
                y: c,
                year_digits: p3.len() as u8,
                sep,
                a_padded: p1.len() == 2,
                b_padded: p2.len() == 2,
                time,
                range: false,
            };
            if t.resolve(DateOrder::Dmy).is_none() && t.resolve(DateOrder::Mdy).is_none() {
                return None;
            }
            Some(DateCell::Triple(t))
        }
        [p1, p2] if !time && sep != b'.' => {
            // yyyy-mm or mm/yyyy: a month, dated its first day
            let (y, m) = if p1.len() == 4 && p2.len() <= 2 {
                (num(p1)?, num(p2)?)
            } else if p2.len() == 4 && p1.len() <= 2 {
                (num(p2)?, num(p1)?)
            } else {
                return None;
            };
            Date::from_ymd(y as i32, m, 1).map(|d| DateCell::Exact(d, Family::YearMonth))
        }
        _ => None,
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("gennaio", 1),
    ("gen", 1),
    ("february", 2),
    ("feb", 2),
    ("febbraio", 2),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("aprile", 4),
    ("may", 5),
    ("maggio", 5),
    ("mag", 5),
    ("june", 6),
    ("jun", 6),
    ("giugno", 6),
    ("giu", 6),
    ("july", 7),
    ("jul", 7),
    ("luglio", 7),
    ("lug", 7),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("ago", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("settembre", 9),
    ("set", 9),
    ("october", 10),
    ("oct", 10),
    ("ottobre", 10),
    ("ott", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("dicembre", 12),
    ("dic", 12),
    // French, German, Spanish and Portuguese: the names not spelled as above
    ("janvier", 1),
    ("janv", 1),
    ("januar", 1),
    ("jänner", 1),
    ("jän", 1),
    ("enero", 1),
    ("ene", 1),
    ("janeiro", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("fév", 2),
    ("februar", 2),
    ("febrero", 2),
    ("fevereiro", 2),
    ("fev", 2),
    ("mars", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("março", 3),
    ("marco", 3),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("mai", 5),
    ("mayo", 5),
    ("maio", 5),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("junho", 6),
    ("juillet", 7),
    ("juil", 7),
    ("juli", 7),
    ("julio", 7),
    ("julho", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("setembro", 9),
    ("octobre", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octubre", 10),
    ("outubro", 10),
    ("out", 10),
    ("noviembre", 11),
    ("novembro", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("dezember", 12),
    ("dez", 12),
    ("diciembre", 12),
    ("dezembro", 12),
];

/// Words between a date's parts in Spanish and Portuguese (`1 de diciembre de 2026`).
const DATE_FILLERS: &[&str] = &["de", "del"];

const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "lun",
    "lunedì",
    "lunedi",
    "mar",
    "martedì",
    "martedi",
    "mer",
    "mercoledì",
    "mercoledi",
    "gio",
    "giovedì",
    "giovedi",
    "ven",
    "venerdì",
    "venerdi",
    "sab",
    "sabato",
    "dom",
    "domenica",
    // French, Spanish, Portuguese and German, as exports abbreviate them
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "jeu",
    "vendredi",
    "samedi",
    "sam",
    "dimanche",
    "dim",
    "lunes",
    "martes",
    "miércoles",
    "mié",
    "jueves",
    "jue",
    "viernes",
    "vie",
    "sábado",
    "sáb",
    "domingo",
    "segunda",
    "seg",
    "terça",
    "ter",
    "quarta",
    "qua",
    "quinta",
    "qui",
    "sexta",
    "sex",
    "feira",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
];

/// The month a word names (`gennaio`, `Feb`, `März`), any case, a trailing dot allowed.
pub(crate) fn month_named(w: &str) -> Option<u32> {
    let w = crate::text::lowercase(w.trim());
    month_of(w.trim_end_matches('.'))
}

fn month_of(w: &str) -> Option<u32> {
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

fn is_weekday(w: &str) -> bool {
    WEEKDAYS.contains(&w)
}

/// `3 gen 2024`, `Sun, Mar 1, 2026`, `1-Mar-2024`, `March 2024`, `1st January 2024`, with an
/// optional time after the date.
fn classify_named(s: &[u8]) -> Option<(Date, Family)> {
    let s = std::str::from_utf8(s).ok()?;
    // Drop a time of day and what follows it (zone, am/pm).
    let s = match s.find(':') {
        Some(i) => {
            // digits are ASCII, so the time starts right after the last non-digit character
            let start = i - s[..i].bytes().rev().take_while(u8::is_ascii_digit).count();
            if !is_time_suffix(format!(" {}", &s[start..]).as_bytes()) {
                return None;
            }
            &s[..start]
        }
        None => s,
    };
    // Excel's `mmm-yy` (`Jan-23`, `gen-24`): a month and a two-digit year, the month first and a
    // hyphen between (a day without a year is written `23-Jan` or `Jan 23`).
    if let Some((m, y)) = s.trim().split_once('-') {
        if y.len() == 2
            && y.bytes().all(|b| b.is_ascii_digit())
            && m.chars().all(char::is_alphabetic)
        {
            if let Some(month) = month_of(&crate::text::lowercase(m)) {
                let year = full_year(num(y.as_bytes())?, 2);
                return Date::from_ymd(year, month, 1).map(|d| (d, Family::NamedMonth));
            }
        }
    }
    let mut words: Vec<String> = Vec::new();
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    for tok in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '.')) {
        if tok.is_empty() {
            continue;
        }
        let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let suffix = tok[digits..].to_ascii_lowercase();
            if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th" | "º" | "°") {
                return None;
            }
            numbers.push((num(&tok.as_bytes()[..digits])?, digits));
        } else if tok.chars().all(char::is_alphabetic) {
            let w = crate::text::lowercase(tok);
            if DATE_FILLERS.contains(&w.as_str()) {
                continue;
            }
            words.push(w);
        } else {
            return None;
        }
        if words.len() > 3 || numbers.len() > 2 {
            return None;
        }
    }
    // Exactly one month; any other word must be a weekday (`mar` is March or martedì).
    let month_only: Vec<usize> = (0..words.len())
        .filter(|&i| month_of(&words[i]).is_some() && !is_weekday(&words[i]))
        .collect();
    let month_idx = match month_only.as_slice() {
        [i] => *i,
        [] => {
            let cands: Vec<usize> = (0..words.len())
                .filter(|&i| month_of(&words[i]).is_some())
                .collect();
            *cands.last()?
        }
        _ => return None,
    };
    for (i, w) in words.iter().enumerate() {
        if i != month_idx && !is_weekday(w) {
            return None;
        }
    }
    let month = month_of(&words[month_idx])?;
    match numbers.as_slice() {
        [(y, 4)] => Date::from_ymd(*y as i32, month, 1).map(|d| (d, Family::NamedMonth)),
        [(day, 1 | 2)] => Date::from_ymd(NO_YEAR, month, *day).map(|d| (d, Family::NoYear)),
        [(a, la), (b, lb)] => {
            let (day, year, ydigits) = if *lb == 4 && *la <= 2 {
                (*a, *b, 4)
            } else if *la == 4 && *lb <= 2 {
                (*b, *a, 4)
            } else if *la <= 2 && *lb == 2 {
                (*a, *b, 2)
            } else {
                return None;
            };
            Date::from_ymd(full_year(year, ydigits), month, day).map(|d| (d, Family::Named))
        }
        _ => None,
    }
}

/// Column-level decision about numeric `a/b/y` dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderDecision {
    pub order: DateOrder,
    /// True when no cell decided the order (every day and month was <= 12).
    pub ambiguous: bool,
    pub reason: &'static str,
}

/// Decides day-first vs month-first from every triple in the column (file order).
/// `day_first_file`: the file itself says day-first (`.`/`-` separators, comma decimals or `;`
/// delimiters: Excel's exports in every comma-decimal locale); without it the order falls back
/// to month-first. `monthly`: the column's name calls it a month (`Month`, `Mese`...).
///
/// When both readings fit every cell and put the rows equally in order (`01/02/2024,
/// 01/03/2024...` is a run of months one way and of days the other), the name decides (a
/// "Month" column is the reading with one date a month), then a day-first file (an Italian
/// file's 01/02 is 1 February), then, with nothing said, the smaller steps.
pub(crate) fn decide_order(
    triples: &[Triple],
    day_first_file: bool,
    monthly: bool,
) -> OrderDecision {
    let mut dmy_only = 0usize;
    let mut mdy_only = 0usize;
    for t in triples {
        match (
            t.resolve(DateOrder::Dmy).is_some(),
            t.resolve(DateOrder::Mdy).is_some(),
        ) {
            (true, false) => dmy_only += 1,
            (false, true) => mdy_only += 1,
            _ => {}
        }
    }
    if dmy_only > 0 && mdy_only == 0 {
        return OrderDecision {
            order: DateOrder::Dmy,
            ambiguous: false,
            reason: "a day above 12 comes first",
        };
    }
    if mdy_only > 0 && dmy_only == 0 {
        return OrderDecision {
            order: DateOrder::Mdy,
            ambiguous: false,
            reason: "a day above 12 comes second",
        };
    }
    if dmy_only > 0 && mdy_only > 0 {
        return OrderDecision {
            order: if dmy_only >= mdy_only {
                DateOrder::Dmy
            } else {
                DateOrder::Mdy
            },
            ambiguous: true,
            reason:
                "the column mixes day-first and month-first dates; the majority reading was used",
        };
    }
    // Every cell fits both orders: prefer the reading whose dates run in order.
    let dates =
        |o: DateOrder| -> Vec<Date> { triples.iter().filter_map(|t| t.resolve(o)).collect() };
    let disorder = |ds: &[Date]| -> usize {
        let ups = ds.windows(2).filter(|w| w[1] > w[0]).count();
        let downs = ds.windows(2).filter(|w| w[1] < w[0]).count();
        ups.min(downs)
    };
    let one_day_of_month = |ds: &[Date]| ds.iter().all(|d| d.day() == ds[0].day());
    let (dmy, mdy) = (dates(DateOrder::Dmy), dates(DateOrder::Mdy));
    let (dd, md) = (disorder(&dmy), disorder(&mdy));
    let spread = |ds: &[Date]| -> i64 {
        ds.windows(2)
            .map(|w| (w[1].days() as i64 - w[0].days() as i64).abs())
            .sum()
    };
    let two = triples.len() >= 2;
    let (order, reason) = if two && dd != md {
        if dd < md {
            (
                DateOrder::Dmy,
                "every day and month is 12 or less; day-first puts the rows in order",
            )
        } else {
            (
                DateOrder::Mdy,
                "every day and month is 12 or less; month-first puts the rows in order",
            )
        }
    } else if two && monthly && one_day_of_month(&dmy) != one_day_of_month(&mdy) {
        (
            if one_day_of_month(&dmy) {
                DateOrder::Dmy
            } else {
                DateOrder::Mdy
            },
            "every day and month is 12 or less; the column is named a month, so one date a month",
        )
    } else if day_first_file {
        (
            DateOrder::Dmy,
            "every day and month is 12 or less; the file's locale (comma decimals, ';' or '.' dates, amounts in € or £) writes the day first",
        )
    } else if two && spread(&dmy) != spread(&mdy) {
        if spread(&dmy) < spread(&mdy) {
            (
                DateOrder::Dmy,
                "every day and month is 12 or less; day-first gives the more regular, shorter steps",
            )
        } else {
            (
                DateOrder::Mdy,
                "every day and month is 12 or less; month-first gives the more regular, shorter steps",
            )
        }
    } else {
        (
            DateOrder::Mdy,
            "every day and month is 12 or less; nothing in the file decided, so month-first",
        )
    };
    OrderDecision {
        order,
        ambiguous: !triples.is_empty(),
        reason,
    }
}

/// A readable description of a triple column's format, e.g. `dd/mm/yyyy` or `m/d/yy`.
pub(crate) fn triple_format(triples: &[Triple], order: DateOrder) -> String {
    let Some(first) = triples.first() else {
        return String::new();
    };
    let a_pad = triples.iter().all(|t| t.a_padded);
    let b_pad = triples.iter().all(|t| t.b_padded);
    let y = if first.year_digits == 2 { "yy" } else { "yyyy" };
    let sep = first.sep as char;
    let (a, b) = match order {
        DateOrder::Dmy => (
            if a_pad { "dd" } else { "d" },
            if b_pad { "mm" } else { "m" },
        ),
        DateOrder::Mdy => (
            if a_pad { "mm" } else { "m" },
            if b_pad { "dd" } else { "d" },
        ),
        DateOrder::Ymd => {
            return format!("yy{sep}mm{sep}dd");
        }
    };
    let mut s = format!("{a}{sep}{b}{sep}{y}");
    if first.year_digits == 2 {
        s.push_str(" (2-digit year: 00-69 = 20yy)");
    }
    if triples.iter().any(|t| t.time) {
        s.push_str(" + time (ignored)");
    }
    if triples.iter().any(|t| t.range) {
        s.push_str(RANGE_SUFFIX);
    }
    s
}

/// What a date format says of ranges read as their first day.
pub(crate) const RANGE_SUFFIX: &str = " - a range, read as its first day";

/// The report's format of dates without a year.
pub(crate) const NO_YEAR_FORMAT: &str = "day and month name, no year (year assumed)";

/// Description of an exact family for reports.
pub(crate) fn family_format(f: Family) -> &'static str {
    match f {
        Family::Iso => "YYYY-MM-DD",
        Family::IsoDateTime => "YYYY-MM-DD + time (time and offset ignored)",
        Family::Ymd => "yyyy/mm/dd",
        Family::Compact => "yyyymmdd",
        Family::YearMonth => "yyyy-mm (first day of month)",
        Family::IsoWeek => "ISO week yyyy-Www (Monday)",
        Family::Named => "day, month name, year",
        Family::NamedMonth => "month name and year (first day of month)",
        Family::NoYear => NO_YEAR_FORMAT,
        Family::Range => "a range of two dates - a range, read as its first day",
        Family::Quarter => "quarter (Q1 2024: first day of the quarter)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::from_ymd(y, m, dd).unwrap()
    }

    fn exact(s: &str) -> Option<Date> {
        match classify(s.as_bytes())? {
            DateCell::Exact(d, _) => Some(d),
            DateCell::Triple(_) => None,
        }
    }

    fn triple(s: &str, o: DateOrder) -> Option<Date> {
        match classify(s.as_bytes())? {
            DateCell::Triple(t) => t.resolve(o),
            DateCell::Exact(..) => None,
        }
    }

    #[test]
    fn iso_and_datetimes() {
        assert_eq!(exact("2024-03-01"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024-03-01T18:00:00Z"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024-03-01 18:00 +0000"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024-05-01 10:00:00 +0200"), Some(d(2024, 5, 1)));
        assert_eq!(exact("2024-03-01T23:30:00.123-05:00"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024-3-1"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024/03/01"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024.03.01"), Some(d(2024, 3, 1)));
        assert_eq!(exact("2024-03-01 10:00:00 CET"), Some(d(2024, 3, 1)));
        assert_eq!(exact("Jan 1, 2024 12:03:11 AM PST"), Some(d(2024, 1, 1)));
        assert_eq!(exact("2024-03-01 10:00 pst"), None);
        assert_eq!(exact("2023-02-29"), None);
        assert_eq!(exact("2024-03-01 garbage"), None);
        assert_eq!(exact("2024-03-01T25"), None);
    }

    #[test]
    fn compact_months_weeks() {
        assert_eq!(exact("20240131"), Some(d(2024, 1, 31)));
        assert_eq!(exact("12345678"), None);
        assert_eq!(exact("2024-05"), Some(d(2024, 5, 1)));
        assert_eq!(exact("05/2024"), Some(d(2024, 5, 1)));
        assert_eq!(exact("2024-W05"), Some(d(2024, 1, 29)));
        assert_eq!(exact("2024W05"), Some(d(2024, 1, 29)));
        assert_eq!(exact("2024-W05-3"), Some(d(2024, 1, 31)));
        assert_eq!(exact("2021-W53"), None);
    }

    #[test]
    fn day_month_orders() {
        assert_eq!(triple("04/09/2023", DateOrder::Dmy), Some(d(2023, 9, 4)));
        assert_eq!(triple("04/09/2023", DateOrder::Mdy), Some(d(2023, 4, 9)));
        assert_eq!(triple("1/31/24", DateOrder::Mdy), Some(d(2024, 1, 31)));
        assert_eq!(triple("1/31/24", DateOrder::Dmy), None);
        assert_eq!(triple("01.10.2026", DateOrder::Dmy), Some(d(2026, 10, 1)));
        assert_eq!(triple("31-12-2024", DateOrder::Dmy), Some(d(2024, 12, 31)));
        assert_eq!(
            triple("3/1/2024 10:00:00 AM", DateOrder::Mdy),
            Some(d(2024, 3, 1))
        );
        assert_eq!(triple("24/12/31", DateOrder::Ymd), Some(d(2024, 12, 31)));
        assert_eq!(triple("1/1/75", DateOrder::Mdy), Some(d(1975, 1, 1)));
        assert!(classify(b"13/13/2024").is_none());
        assert!(classify(b"1/2/3").is_none());
    }

    #[test]
    fn month_names_en_it() {
        assert_eq!(exact("3 gen 2024"), Some(d(2024, 1, 3)));
        assert_eq!(exact("Sun, Mar 1, 2026"), Some(d(2026, 3, 1)));
        assert_eq!(exact("March 1, 2026"), Some(d(2026, 3, 1)));
        assert_eq!(exact("1-Mar-2024"), Some(d(2024, 3, 1)));
        assert_eq!(exact("01-Jan-24"), Some(d(2024, 1, 1)));
        assert_eq!(exact("1st January 2024"), Some(d(2024, 1, 1)));
        assert_eq!(exact("mar 5 mar 2024"), Some(d(2024, 3, 5)));
        assert_eq!(exact("lunedì 8 gennaio 2024"), Some(d(2024, 1, 8)));
        // a weekday before a date in digits
        assert_eq!(
            triple("lun 08/01/2024", DateOrder::Dmy),
            Some(d(2024, 1, 8))
        );
        assert_eq!(
            triple("lun, 08/01/2024", DateOrder::Dmy),
            Some(d(2024, 1, 8))
        );
        assert_eq!(
            triple("Mon 01/08/2024", DateOrder::Mdy),
            Some(d(2024, 1, 8))
        );
        assert_eq!(exact("Mon. 2024-01-08"), Some(d(2024, 1, 8)));
        assert_eq!(exact("Monday, 2024-01-08"), Some(d(2024, 1, 8)));
        // a word that is no weekday, or a weekday with nothing after it, is no date
        assert_eq!(classify(b"Campaign 2024-01-08"), None);
        assert_eq!(classify(b"Monday"), None);
        assert_eq!(exact("15 settembre 2023"), Some(d(2023, 9, 15)));
        assert_eq!(exact("dic 2023"), Some(d(2023, 12, 1)));
        assert_eq!(exact("March 2024"), Some(d(2024, 3, 1)));
        assert_eq!(exact("Mar 1, 2026 18:00 UTC"), Some(d(2026, 3, 1)));
        assert_eq!(exact("Campaign report"), None);
        assert_eq!(exact("Total: Account"), None);
        // a range is its first day (a weekly or quarterly report's row); backwards, it is none
        assert_eq!(exact("1 January 2024 - 31 March 2024"), Some(d(2024, 1, 1)));
        assert_eq!(exact("2026-09-07 - 2026-09-13"), Some(d(2026, 9, 7)));
        assert_eq!(exact("2026-09-07 \u{2013} 2026-09-13"), Some(d(2026, 9, 7)));
        assert_eq!(exact("2026-09-13 - 2026-09-07"), None);
        assert_eq!(exact("2026-09-07 - later"), None);
        assert_eq!(
            triple("07/09/2026 - 13/09/2026", DateOrder::Dmy),
            Some(d(2026, 9, 7))
        );
        assert_eq!(exact("31 feb 2024"), None);
        // Excel's mmm-yy is a month of a year; d-mmm and "Jan 23" stay a day without a year
        assert_eq!(exact("Jan-23"), Some(d(2023, 1, 1)));
        assert_eq!(exact("gen-24"), Some(d(2024, 1, 1)));
        assert_eq!(exact("Dec-99"), Some(d(1999, 12, 1)));
        assert!(matches!(
            classify(b"23-Jan"),
            Some(DateCell::Exact(_, Family::NoYear))
        ));
        assert!(matches!(
            classify(b"Jan 23"),
            Some(DateCell::Exact(_, Family::NoYear))
        ));
    }

    /// Exports from French, German, Spanish and Portuguese accounts: the dates were dropped as
    /// text (so a newest-first file was analysed newest first) or refused as invalid.
    #[test]
    fn month_names_fr_de_es_pt() {
        assert_eq!(exact("28 oct. 2026"), Some(d(2026, 10, 28)));
        assert_eq!(exact("1 déc. 2026"), Some(d(2026, 12, 1)));
        assert_eq!(exact("10-déc.-26"), Some(d(2026, 12, 10)));
        assert_eq!(exact("3 févr. 2027"), Some(d(2027, 2, 3)));
        assert_eq!(exact("mardi 15 août 2026"), Some(d(2026, 8, 15)));
        assert_eq!(exact("28. Okt. 2026"), Some(d(2026, 10, 28)));
        assert_eq!(exact("3. März 2026"), Some(d(2026, 3, 3)));
        assert_eq!(exact("1. Dez. 2026"), Some(d(2026, 12, 1)));
        assert_eq!(exact("2 ene 2027"), Some(d(2027, 1, 2)));
        assert_eq!(exact("1 de diciembre de 2026"), Some(d(2026, 12, 1)));
        assert_eq!(exact("1 de dez. de 2026"), Some(d(2026, 12, 1)));
        assert_eq!(
            exact("segunda-feira, 7 de setembro de 2026"),
            Some(d(2026, 9, 7))
        );
        assert_eq!(exact("15 outubro 2026"), Some(d(2026, 10, 15)));
        assert_eq!(exact("mai 2026"), Some(d(2026, 5, 1)));
        // a filler alone is no date, and two months are none
        assert_eq!(exact("de 2026"), None);
        // quarters
        assert_eq!(exact("Q1 2024"), Some(d(2024, 1, 1)));
        assert_eq!(exact("2024-Q3"), Some(d(2024, 7, 1)));
        assert_eq!(exact("q4/2026"), Some(d(2026, 10, 1)));
        assert_eq!(exact("Q5 2024"), None);
        assert_eq!(exact("Q1 24"), None);
        assert_eq!(exact("1 mai juin 2026"), None);
    }

    #[test]
    fn order_decision_uses_the_whole_column() {
        let ts = |v: &[&str]| -> Vec<Triple> {
            v.iter()
                .map(|s| match classify(s.as_bytes()).unwrap() {
                    DateCell::Triple(t) => t,
                    _ => panic!(),
                })
                .collect()
        };
        let us = ts(&["1/2/2024", "1/13/2024"]);
        assert_eq!(decide_order(&us, true, false).order, DateOrder::Mdy);
        let eu = ts(&["01/02/2024", "13/02/2024"]);
        assert_eq!(decide_order(&eu, false, false).order, DateOrder::Dmy);
        // Both readings in order (days 1-4 January, or the 1st of January-April): a day-first
        // file reads them day-first...
        let amb = ts(&["1/1/2024", "1/2/2024", "1/3/2024", "1/4/2024"]);
        let dec = decide_order(&amb, true, false);
        assert!(dec.ambiguous);
        assert_eq!(dec.order, DateOrder::Dmy);
        // ...a file that says nothing by the smaller steps...
        assert_eq!(decide_order(&amb, false, false).order, DateOrder::Mdy);
        let it_days = ts(&["01/03/2024", "02/03/2024", "03/03/2024"]);
        assert_eq!(decide_order(&it_days, false, false).order, DateOrder::Dmy);
        // ...and a column named a month as one date a month, whichever the file.
        assert_eq!(decide_order(&amb, false, true).order, DateOrder::Dmy);
        let us_months = ts(&["01/01/2024", "02/01/2024", "03/01/2024"]);
        assert_eq!(decide_order(&us_months, true, true).order, DateOrder::Mdy);
        // Only one reading in order: that one, whatever the file and the name.
        let amb2 = ts(&["01/01/2024", "02/01/2024", "03/01/2024", "01/02/2024"]);
        assert_eq!(decide_order(&amb2, false, true).order, DateOrder::Dmy);
        assert!(decide_order(&amb2, false, true).ambiguous);
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for s in [
            "",
            "-",
            "//",
            "1//",
            "2024-",
            "2024-W",
            "2024-Wxx",
            "\u{ff}\u{fe}",
            "9999-12-31T",
            "0000-00-00",
            "99999999",
            "1:2",
            ":::",
            "a:b c",
            "2024-01-01T1:",
            "mar mar mar mar",
            "1 2 3 4",
            "31/31/31",
            "0/0/0000",
        ] {
            let _ = classify(s.as_bytes());
        }
        let _ = classify(b"\xff\xfe\x00 12 jan 2024");
        // fuzz regression: a multi-byte character right before a time
        let _ = classify("299.9\u{201e}0:00".as_bytes());
        let _ = classify("3 gen 2024 \u{e9}12:00".as_bytes());
    }
}
