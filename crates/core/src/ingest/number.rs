//! Number cells: a fast path for plain ASCII decimals and a general parser for locales, currency,
//! percent, accounting negatives and scientific notation, plus the per-cell evidence used to decide
//! a column's decimal separator from the whole column.
//!
//! Values are the correctly rounded binary64 of the decimal written in the cell: the fast path is
//! Clinger's (integer mantissa < 2^53, at most 22 fractional digits: one exact-operand division,
//! which IEEE rounds correctly); everything else is normalised to ASCII and handed to
//! `crate::decimal::parse_f64`, which is correctly rounded too (std's parser, without its tables).

/// Which of the two decimal separators a cell is compatible with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Evidence {
    /// No `.` or `,` in the number (an integer, possibly with space/apostrophe grouping).
    Neutral,
    /// Readable with either separator as the decimal one (e.g. `1.234`, `12,500`).
    Both,
    /// Only readable with `.` as the decimal separator.
    DotOnly,
    /// Only readable with `,` as the decimal separator.
    CommaOnly,
}

/// Thousands separators we accept, as bit flags (to report which ones a column used).
pub(crate) mod group {
    pub const COMMA: u8 = 1;
    pub const DOT: u8 = 2;
    pub const SPACE: u8 = 4;
    pub const NBSP: u8 = 8;
    pub const THIN: u8 = 16;
    pub const APOS: u8 = 32;

    /// Name used in reports (SCHEMA §4 writes the separator itself).
    pub fn name(bits: u8) -> Option<&'static str> {
        [
            (COMMA, ","),
            (DOT, "."),
            (SPACE, " "),
            (NBSP, "\u{a0}"),
            (THIN, "\u{2009}"),
            (APOS, "'"),
        ]
        .iter()
        .find(|(b, _)| bits & b != 0)
        .map(|(_, n)| *n)
    }
}

/// What a successfully parsed cell looked like (for the column report).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Thousands separator used (one of `group::*`, 0 = none).
    pub group: u8,
    pub percent: bool,
    /// Index into `CURRENCIES` + 1 (0 = none).
    pub currency: u8,
    pub accounting: bool,
    pub exponent: bool,
    /// Written with a `K`, `M` or `B` suffix (`14.7K`): rounded as shown.
    pub scaled: bool,
}

/// Currency symbols and codes accepted before or after a number, longest first so `US$` wins
/// over `$`.
pub(crate) const CURRENCIES: &[&str] = &[
    "US$", "USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "BRL",
    "INR", "CNY", "R$", "A$", "C$", "$", "€", "£", "¥", "₹",
];

/// Currencies of countries that write the day before the month (the euro area, the UK,
/// Switzerland, Scandinavia, Poland, Brazil, India, Australia): evidence for a date column's
/// order when every day and month is 12 or less. `$` alone (US, Canada, Australia) says nothing.
pub(crate) const DAY_FIRST_CURRENCIES: &[&str] = &[
    "EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "BRL", "INR", "R$", "A$", "€", "£", "₹",
];

/// Cell texts that mean "no value" (compared case-insensitively after trimming). They are
/// reported as missing cells, never read as zero.
const MISSING_MARKERS: &[&str] = &[
    "na",
    "n/a",
    "#n/a",
    "n.a.",
    "n.a",
    "-",
    "--",
    "---",
    "—",
    "–",
    "null",
    "none",
    "nil",
    "nan",
    "n.d.",
    "n.d",
    "nd",
    "#div/0!",
    "#value!",
    "#ref!",
    "#num!",
    "#name?",
    "#null!",
    "?",
    ".",
    "(blank)",
    "missing",
    "undefined",
    "inf",
    "-inf",
    "infinity",
];

/// Is this (trimmed) cell a known missing marker?
pub(crate) fn is_missing_marker(cell: &[u8]) -> bool {
    if cell.len() > 12 {
        return false;
    }
    let Ok(s) = std::str::from_utf8(cell) else {
        return false;
    };
    MISSING_MARKERS.iter().any(|m| s.eq_ignore_ascii_case(m))
}

/// A duration `h:mm:ss` (`00:01:17`, also `1:02:03.5`) in seconds. Two-part `mm:ss` is not read:
/// it cannot be told from a time of day `hh:mm`.
pub(crate) fn duration(cell: &[u8]) -> Option<f64> {
    let mut parts = cell.split(|&b| b == b':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || h.is_empty() || h.len() > 6 || m.len() != 2 {
        return None;
    }
    let digits = |p: &[u8]| p.iter().all(u8::is_ascii_digit);
    let (whole, frac) = match s.iter().position(|&b| b == b'.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, &b""[..]),
    };
    if !digits(h) || !digits(m) || whole.len() != 2 || !digits(whole) || !digits(frac) {
        return None;
    }
    if s.len() > 2 && frac.is_empty() {
        return None;
    }
    let n = |p: &[u8]| p.iter().fold(0u64, |a, &b| a * 10 + u64::from(b - b'0'));
    let (mm, ss) = (n(m), n(whole));
    if mm > 59 || ss > 59 {
        return None;
    }
    let mut v = (n(h) * 3600 + mm * 60 + ss) as f64;
    if !frac.is_empty() {
        v += crate::decimal::parse_f64(&format!("0.{}", String::from_utf8_lossy(frac)))?;
    }
    Some(v)
}

/// Exact powers of ten representable in binary64 (Clinger's fast path table).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Fast path: `-?[0-9]+([dec][0-9]+)?` in plain ASCII, no spaces, at most 19 significant digits.
/// Returns the value and its evidence about the decimal separator, or `None` (use [`parse`]).
#[inline(always)]
pub(crate) fn parse_fast(cell: &[u8], dec: u8) -> Option<(f64, Evidence)> {
    match parse_prefix(cell, dec) {
        Some((v, ev, used)) if used == cell.len() => Some((v, ev)),
        _ => None,
    }
}

/// The fast path on the longest prefix of `s` of the form `-?[0-9]+([dec][0-9]+)?`: value,
/// evidence and bytes used. The caller checks that what follows ends the field, so splitting
/// and typing happen in one walk over the bytes.
#[inline(always)]
pub(crate) fn parse_prefix(s: &[u8], dec: u8) -> Option<(f64, Evidence, usize)> {
    let neg = s.first() == Some(&b'-');
    let start = neg as usize;
    let n = s.len();
    let mut i = start;
    let mut mant: u64 = 0;
    // One loop over digits and at most one decimal separator; wrapping arithmetic, with the
    // digit count checked afterwards (at most 19 digits cannot overflow).
    let mut dot = usize::MAX;
    while i < n {
        let b = s[i];
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            mant = mant.wrapping_mul(10).wrapping_add(d as u64);
        } else if b == dec && dot == usize::MAX {
            dot = i;
        } else {
            break;
        }
        i += 1;
    }
    let (int_digits, frac) = if dot == usize::MAX {
        (i - start, 0)
    } else {
        (dot - start, i - dot - 1)
    };
    if int_digits == 0
        || int_digits + frac > 19
        || mant >= 1 << 53
        || (dot != usize::MAX && frac == 0)
    {
        return None;
    }
    if frac == 0 {
        let v = mant as f64;
        return Some((if neg { -v } else { v }, Evidence::Neutral, i));
    }
    // Clinger: both operands exact, so the one division is correctly rounded.
    let v = mant as f64 / POW10[frac];
    // `1.234` could be a thousands group; `0.123` or `1234.5` could not.
    let ev = if frac == 3 && int_digits <= 3 && s[start] != b'0' {
        Evidence::Both
    } else if dec == b'.' {
        Evidence::DotOnly
    } else {
        Evidence::CommaOnly
    };
    Some((if neg { -v } else { v }, ev, i))
}

/// Why a non-blank cell is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotNumber {
    /// Empty or whitespace only.
    Blank,
    /// A known marker such as `NA` or `#DIV/0!`.
    Marker,
    /// Anything else (text).
    Text,
}

/// The parts of a cell once sign, currency, percent and parentheses are removed.
struct Core<'a> {
    neg: bool,
    percent: bool,
    currency: u8,
    accounting: bool,
    /// Power of ten of a `K` (3), `M` (6) or `B` (9) suffix; 0 without one.
    scale: u8,
    core: &'a [u8],
}

/// Trims ASCII whitespace and the Unicode spaces exports use (NBSP, thin, narrow NBSP).
#[inline]
pub(crate) fn trim(mut s: &[u8]) -> &[u8] {
    let edge = |b: u8| matches!(b, b' ' | b'\t' | 0xC2 | 0xE2 | 0x80 | 0x89 | 0xA0 | 0xAF);
    match (s.first(), s.last()) {
        (Some(&a), Some(&z)) if !edge(a) && !edge(z) => return s,
        (None, _) => return s,
        _ => {}
    }
    loop {
        match s {
            [b' ' | b'\t', rest @ ..] => s = rest,
            [0xC2, 0xA0, rest @ ..] => s = rest,
            [0xE2, 0x80, 0x89 | 0xAF, rest @ ..] => s = rest,
            _ => break,
        }
    }
    loop {
        match s {
            [rest @ .., b' ' | b'\t'] => s = rest,
            [rest @ .., 0xC2, 0xA0] => s = rest,
            [rest @ .., 0xE2, 0x80, 0x89 | 0xAF] => s = rest,
            _ => break,
        }
    }
    s
}

fn strip_space_prefix(s: &[u8]) -> &[u8] {
    trim(s)
}

fn strip_currency_prefix(s: &[u8]) -> Option<(&[u8], u8)> {
    for (i, c) in CURRENCIES.iter().enumerate() {
        if s.len() >= c.len() && s[..c.len()].eq_ignore_ascii_case(c.as_bytes()) {
            return Some((&s[c.len()..], i as u8 + 1));
        }
    }
    None
}

fn strip_currency_suffix(s: &[u8]) -> Option<(&[u8], u8)> {
    for (i, c) in CURRENCIES.iter().enumerate() {
        if s.len() >= c.len() && s[s.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes()) {
            return Some((&s[..s.len() - c.len()], i as u8 + 1));
        }
    }
    None
}

/// Removes the decorations around a number. Returns `None` for impossible combinations (two
/// signs, unbalanced parentheses, two currencies).
fn decorations(s: &[u8]) -> Option<Core<'_>> {
    let mut c = Core {
        neg: false,
        percent: false,
        currency: 0,
        accounting: false,
        scale: 0,
        core: s,
    };
    let mut open_paren = false;
    let mut close_paren = false;
    let mut sign = false;
    let mut s = s;
    // Prefix: spaces, '(', sign, currency, in any order (`-$5`, `$-5`, `(€ 5)`, `€ -5`).
    loop {
        s = strip_space_prefix(s);
        match s {
            [b'(', rest @ ..] if !open_paren => {
                open_paren = true;
                s = rest;
            }
            [b'-' | b'+', rest @ ..] if !sign => {
                sign = true;
                c.neg = s[0] == b'-';
                s = rest;
            }
            // U+2212 MINUS SIGN
            [0xE2, 0x88, 0x92, rest @ ..] if !sign => {
                sign = true;
                c.neg = true;
                s = rest;
            }
            _ => match strip_currency_prefix(s) {
                Some((rest, cur)) if c.currency == 0 => {
                    c.currency = cur;
                    s = rest;
                }
                _ => break,
            },
        }
    }
    // Suffix: spaces, ')', '%', currency.
    loop {
        s = trim(s);
        match s {
            [rest @ .., b')'] if open_paren && !close_paren => {
                close_paren = true;
                s = rest;
            }
            [rest @ .., b'%'] if !c.percent => {
                c.percent = true;
                s = rest;
            }
            // a trailing minus: accounting and ERP exports (SAP's `1.234,00-`)
            [rest @ .., d, b'-'] if !sign && !open_paren && d.is_ascii_digit() => {
                sign = true;
                c.neg = true;
                s = &s[..rest.len() + 1];
            }
            _ => match strip_currency_suffix(s) {
                Some((rest, cur)) if c.currency == 0 => {
                    c.currency = cur;
                    s = rest;
                }
                _ => break,
            },
        }
    }
    // `14.7K`, `1.2M`, `3B`: the rounded counts social platforms show (YouTube, TikTok, X)
    if let [.., d, m @ (b'K' | b'k' | b'M' | b'B')] = s {
        if d.is_ascii_digit() {
            c.scale = match m {
                b'K' | b'k' => 3,
                b'M' => 6,
                _ => 9,
            };
            s = &s[..s.len() - 1];
        }
    }
    if open_paren != close_paren {
        return None;
    }
    if open_paren {
        if sign {
            return None;
        }
        c.neg = true;
        c.accounting = true;
    }
    c.core = s;
    Some(c)
}

/// Maps a thousands-separator character at `s[i..]` to its flag and byte length.
fn group_sep_at(s: &[u8], i: usize, dec: u8) -> Option<(u8, usize)> {
    match s[i] {
        b',' if dec == b'.' => Some((group::COMMA, 1)),
        b'.' if dec == b',' => Some((group::DOT, 1)),
        b' ' => Some((group::SPACE, 1)),
        b'\'' => Some((group::APOS, 1)),
        0xC2 if s.get(i + 1) == Some(&0xA0) => Some((group::NBSP, 2)),
        0xE2 if s.get(i + 1) == Some(&0x80) && matches!(s.get(i + 2), Some(0x89 | 0xAF)) => {
            Some((group::THIN, 3))
        }
        // RIGHT SINGLE QUOTATION MARK, used as an apostrophe by Swiss exports
        0xE2 if s.get(i + 1) == Some(&0x80) && s.get(i + 2) == Some(&0x99) => {
            Some((group::APOS, 3))
        }
        _ => None,
    }
}

/// Reads the core (`digits`, grouping, decimal, exponent) with `dec` as decimal separator into
/// `out` as plain ASCII (`1234.5e3`). Returns the thousands flag used, or `None` if the core is not
/// a well-formed number in that locale.
fn read_core(s: &[u8], dec: u8, out: &mut Vec<u8>) -> Option<(u8, bool)> {
    let n = s.len();
    let mut i = 0;
    let mut grp: u8 = 0;
    let mut group_len = 0usize; // digits in the current group
    let mut first_group = true;
    let mut int_digits = 0usize;
    let mut first_digit = 0u8;
    // integer part
    while i < n {
        let b = s[i];
        if b.is_ascii_digit() {
            if int_digits == 0 {
                first_digit = b;
            }
            out.push(b);
            int_digits += 1;
            group_len += 1;
            i += 1;
            continue;
        }
        if let Some((g, len)) = group_sep_at(s, i, dec) {
            // A group separator must sit between digits, after a first group of 1-3 digits
            // that does not start with 0, and every later group has exactly 3 digits.
            if grp != 0 && grp != g {
                return None;
            }
            if first_group {
                if group_len == 0 || group_len > 3 || first_digit == b'0' {
                    return None;
                }
                first_group = false;
            } else if group_len != 3 {
                return None;
            }
            grp = g;
            group_len = 0;
            i += len;
            continue;
        }
        break;
    }
    if grp != 0 && group_len != 3 {
        return None;
    }
    let mut frac_digits = 0;
    if i < n && s[i] == dec {
        out.push(b'.');
        i += 1;
        while i < n && s[i].is_ascii_digit() {
            out.push(s[i]);
            frac_digits += 1;
            i += 1;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    let mut exponent = false;
    if i < n && (s[i] == b'e' || s[i] == b'E') && grp == 0 {
        let mut j = i + 1;
        out.push(b'e');
        if j < n && (s[j] == b'-' || s[j] == b'+') {
            out.push(s[j]);
            j += 1;
        }
        let start = j;
        while j < n && s[j].is_ascii_digit() {
            out.push(s[j]);
            j += 1;
        }
        if j == start || j - start > 5 {
            return None;
        }
        i = j;
        exponent = true;
    }
    (i == n).then_some((grp, exponent))
}

/// Parses a (trimmed or untrimmed) cell with `dec` as the decimal separator. `Ok` gives the value
/// (percent already divided by 100) and its shape.
pub(crate) fn parse(cell: &[u8], dec: u8) -> Result<(f64, Shape), NotNumber> {
    let cell = trim(cell);
    if cell.is_empty() {
        return Err(NotNumber::Blank);
    }
    if let Some((v, _)) = parse_fast(cell, dec) {
        return Ok((v, Shape::default()));
    }
    if let Some(v) = duration(cell) {
        return Ok((v, Shape::default()));
    }
    let fail = || {
        if is_missing_marker(cell) {
            NotNumber::Marker
        } else {
            NotNumber::Text
        }
    };
    // Text cells end here (they are most of a text column's cells).
    if !cell.iter().any(u8::is_ascii_digit) {
        return Err(fail());
    }
    let Some(c) = decorations(cell) else {
        return Err(fail());
    };
    if !core_may_start_number(c.core, &[dec]) {
        return Err(fail());
    }
    let mut buf: Vec<u8> = Vec::with_capacity(c.core.len() + 8);
    if c.neg {
        buf.push(b'-');
    }
    let Some((grp, exponent)) = read_core(c.core, dec, &mut buf) else {
        return Err(fail());
    };
    if c.percent && c.scale > 0 {
        return Err(fail());
    }
    if c.percent {
        // Shift the decimal exponent instead of dividing, so 45.12% is the binary64 nearest 0.4512.
        if exponent {
            return Err(fail());
        }
        buf.extend_from_slice(b"e-2");
    }
    if c.scale > 0 {
        if exponent {
            return Err(fail());
        }
        buf.extend_from_slice(&[b'e', b'0' + c.scale]);
    }
    // The buffer is ASCII by construction.
    let text = std::str::from_utf8(&buf).map_err(|_| fail())?;
    let v = crate::decimal::parse_f64(text).ok_or_else(fail)?;
    if !v.is_finite() {
        return Err(fail());
    }
    Ok((
        if v == 0.0 { 0.0 } else { v },
        Shape {
            group: grp,
            percent: c.percent,
            currency: c.currency,
            accounting: c.accounting,
            exponent,
            scaled: c.scale > 0,
        },
    ))
}

/// Which decimal separators a non-blank cell is compatible with, or `None` if it is not a number
/// in either locale.
/// A number's core (after its sign, currency and parentheses) starts with a digit or with one of
/// the decimal separators `seps` (`.5`); `read_core` reads nothing else.
fn core_may_start_number(core: &[u8], seps: &[u8]) -> bool {
    core.first()
        .is_some_and(|b| b.is_ascii_digit() || seps.contains(b))
}

pub(crate) fn evidence(cell: &[u8]) -> Option<Evidence> {
    let cell = trim(cell);
    // What makes most text cells not numbers whatever the separator, checked once (as `parse`
    // checks it for one separator): no digit, or a core that cannot start a number.
    if !cell.iter().any(u8::is_ascii_digit) {
        return None;
    }
    if decorations(cell).is_some_and(|c| !core_may_start_number(c.core, b".,")) {
        return None;
    }
    let dot = parse(cell, b'.').is_ok();
    let comma = parse(cell, b',').is_ok();
    match (dot, comma) {
        (false, false) => None,
        (true, false) => Some(Evidence::DotOnly),
        (false, true) => Some(Evidence::CommaOnly),
        (true, true) => {
            if cell.iter().any(|&b| b == b'.' || b == b',') {
                Some(Evidence::Both)
            } else {
                Some(Evidence::Neutral)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, dec: u8) -> Option<f64> {
        parse(s.as_bytes(), dec).ok().map(|x| x.0)
    }

    #[test]
    fn fast_path_is_correctly_rounded() {
        for s in [
            "0.1",
            "2512.03",
            "-0.4519",
            "123456789012.345",
            "9007199254740991",
            "1.7976931348",
        ] {
            assert_eq!(p(s, b'.'), Some(s.parse::<f64>().unwrap()), "{s}");
        }
        assert_eq!(parse_fast(b"1.234", b'.').unwrap().1, Evidence::Both);
        assert_eq!(parse_fast(b"0.234", b'.').unwrap().1, Evidence::DotOnly);
        assert_eq!(
            parse_fast(b"12,5", b',').unwrap(),
            (12.5, Evidence::CommaOnly)
        );
        assert!(parse_fast(b"1.", b'.').is_none());
        assert!(parse_fast(b"-", b'.').is_none());
        assert!(parse_fast(b"12345678901234567890", b'.').is_none());
        assert_eq!(p("12345678901234567890", b'.'), Some(1.2345678901234567e19));
    }

    #[test]
    fn fast_path_matches_str_parse() {
        for s in [
            "1",
            "12",
            "123456",
            "12345678",
            "123456789",
            "1234567890123456789",
            "0.5",
            "98765432.12345678",
            "1234567.8",
            "00000000001",
            "9007199254740993",
            "12345678901234567890",
            "3.14159265358979",
            "1.2a",
            "12345678,",
            "-99999999.99999999",
        ] {
            let want = s
                .parse::<f64>()
                .ok()
                .filter(|_| s.len() <= 20 && !s.ends_with(','));
            let got = parse_fast(s.as_bytes(), b'.').map(|x| x.0);
            if let Some(g) = got {
                assert_eq!(Some(g), want, "{s}");
            }
            assert_eq!(p(s, b'.'), want.or(p(s, b'.')), "{s}");
        }
        assert_eq!(parse_prefix(b"12345678,9", b'.').unwrap().2, 8);
        assert_eq!(parse_prefix(b"123,5", b',').unwrap().0, 123.5);
    }

    #[test]
    fn locales_currency_percent_accounting() {
        assert_eq!(p("1.234,56", b','), Some(1234.56));
        assert_eq!(p("1.234,56", b'.'), None);
        assert_eq!(p("1,234.56", b'.'), Some(1234.56));
        assert_eq!(p("€ 1.483,77", b','), Some(1483.77));
        assert_eq!(p("17.251,45 €", b','), Some(17251.45));
        assert_eq!(p("$1,547.27", b'.'), Some(1547.27));
        assert_eq!(p("-$45.12", b'.'), Some(-45.12));
        assert_eq!(p("$-45.12", b'.'), Some(-45.12));
        assert_eq!(p("US$ 0,00", b','), Some(0.0));
        assert_eq!(p("EUR 12", b'.'), Some(12.0));
        assert_eq!(p("12 EUR", b'.'), Some(12.0));
        assert_eq!(p("£0.00", b'.'), Some(0.0));
        assert_eq!(p("48.14%", b'.'), Some(0.4814));
        assert_eq!(p("12,5%", b','), Some(0.125));
        assert_eq!(p("35,5 %", b','), Some(0.355));
        assert_eq!(p("(1.234,56)", b','), Some(-1234.56));
        assert_eq!(p("(€ 12,00)", b','), Some(-12.0));
        assert_eq!(p("1.234,00-", b','), Some(-1234.0));
        assert_eq!(p("12.5- €", b'.'), Some(-12.5));
        assert_eq!(p("-12-", b'.'), None);
        assert_eq!(p("(12-)", b'.'), None);
        assert_eq!(p("−7.5", b'.'), Some(-7.5));
        assert_eq!(p("1e3", b'.'), Some(1000.0));
        assert_eq!(p("-2.5E-3", b'.'), Some(-0.0025));
        assert_eq!(p("1,5e3", b','), Some(1500.0));
        assert_eq!(p("1 234 567,5", b','), Some(1234567.5));
        assert_eq!(p("1\u{a0}234,5", b','), Some(1234.5));
        assert_eq!(p("1\u{2009}234.5", b'.'), Some(1234.5));
        assert_eq!(p("1\u{202f}234", b'.'), Some(1234.0));
        assert_eq!(p("1'234.50", b'.'), Some(1234.5));
        assert_eq!(p("  42  ", b'.'), Some(42.0));
        assert_eq!(p("+3", b'.'), Some(3.0));
        assert_eq!(p(".5", b'.'), Some(0.5));
        assert_eq!(p("\"1203.0\"", b'.'), None);
    }

    /// Social platforms show rounded counts (`14.7K` views): they were dropped, and with them
    /// the largest values of the column.
    #[test]
    fn rounded_counts_with_k_m_b() {
        assert_eq!(p("14.7K", b'.'), Some(14700.0));
        assert_eq!(p("14,7K", b','), Some(14700.0));
        assert_eq!(p("3k", b'.'), Some(3000.0));
        assert_eq!(p("1.2M", b'.'), Some(1_200_000.0));
        assert_eq!(p("2B", b'.'), Some(2e9));
        assert_eq!(p("$1.5M", b'.'), Some(1_500_000.0));
        assert_eq!(p("-2.5K", b'.'), Some(-2500.0));
        assert!(parse(b"14.7K", b'.').unwrap().1.scaled);
        assert!(!parse(b"147", b'.').unwrap().1.scaled);
        for s in ["K", "12KK", "5%K", "1e3K", "12 K5", "OK", "12m"] {
            assert_eq!(p(s, b'.'), None, "{s}");
        }
    }

    #[test]
    fn malformed_numbers_are_not_numbers() {
        for s in [
            "1,23,456",
            "12,34.5",
            "1.2.3",
            "--5",
            "(5",
            "5)",
            "-(5)",
            "1e",
            "1e99999",
            "abc",
            "12abc",
            "$",
            "%",
            "1 2",
            "0,123,456",
            "1,2345",
            "1e400",
            "$€5",
            "1.234.56",
        ] {
            assert_eq!(p(s, b'.'), None, "{s} with '.'");
        }
        assert_eq!(parse(b"NA", b'.'), Err(NotNumber::Marker));
        assert_eq!(parse(b"#DIV/0!", b'.'), Err(NotNumber::Marker));
        assert_eq!(parse(b"n.d.", b','), Err(NotNumber::Marker));
        assert_eq!(parse(b"-", b','), Err(NotNumber::Marker));
        assert_eq!(parse(b"   ", b','), Err(NotNumber::Blank));
        assert_eq!(parse(b"hello", b','), Err(NotNumber::Text));
        assert_eq!(parse(b"NaN", b'.'), Err(NotNumber::Marker));
        assert_eq!(parse(b"inf", b'.'), Err(NotNumber::Marker));
    }

    #[test]
    fn evidence_classes() {
        assert_eq!(evidence(b"1.234"), Some(Evidence::Both));
        assert_eq!(evidence(b"1,234"), Some(Evidence::Both));
        assert_eq!(evidence(b"0,5"), Some(Evidence::CommaOnly));
        assert_eq!(evidence(b"1.5"), Some(Evidence::DotOnly));
        assert_eq!(evidence(b"1.234.567"), Some(Evidence::CommaOnly));
        assert_eq!(evidence(b"1,234.5"), Some(Evidence::DotOnly));
        assert_eq!(evidence(b"1234"), Some(Evidence::Neutral));
        assert_eq!(evidence(b"1 234"), Some(Evidence::Neutral));
        assert_eq!(evidence(b"x"), None);
    }

    #[test]
    fn no_panics_on_odd_bytes() {
        for s in [
            &b"\xff\xfe"[..],
            b"\xe2\x80",
            b"\xc2",
            b"(",
            b")",
            b"()",
            b"%%",
            b"1e+",
            b"\xe2\x88",
        ] {
            let _ = parse(s, b'.');
            let _ = parse(s, b',');
            let _ = evidence(s);
        }
    }
}
