//! Locale-aware number and date formatting (en `1,234.5`, it `1.234,5`) for chart labels and tables.
//!
//! Pure functions over `f64` and [`Date`]; no browser `Intl`, so output is identical natively and
//! in wasm, and snapshot tests pin it. Missing values (NaN, ±∞) format as "n/a" / "n.d.".

use social_roi_core::Date;
pub use social_roi_core::Lang;

/// The conventions numbers and dates are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Locale {
    pub lang: Lang,
    /// Decimal separator: `.` in English, `,` in Italian.
    pub decimal: char,
    /// Thousands separator: `,` in English, `.` in Italian.
    pub group: char,
}

impl Locale {
    pub const EN: Locale = Locale {
        lang: Lang::En,
        decimal: '.',
        group: ',',
    };
    pub const IT: Locale = Locale {
        lang: Lang::It,
        decimal: ',',
        group: '.',
    };

    /// The usual conventions of a language.
    pub fn of(lang: Lang) -> Locale {
        match lang {
            Lang::En => Locale::EN,
            Lang::It => Locale::IT,
        }
    }

    /// Picks the English or the Italian phrase.
    pub fn pick<'a>(&self, en: &'a str, it: &'a str) -> &'a str {
        match self.lang {
            Lang::En => en,
            Lang::It => it,
        }
    }

    /// What a missing or undefined value is written as.
    pub fn missing(&self) -> &'static str {
        self.pick("n/a", "n.d.")
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::EN
    }
}

impl From<Lang> for Locale {
    fn from(lang: Lang) -> Self {
        Locale::of(lang)
    }
}

/// Most decimals we ever print: beyond this `f64` noise shows.
const MAX_DECIMALS: usize = 12;

/// `x` with exactly `decimals` decimals and grouped thousands: `fixed(-1234.5, 2, IT)` = `-1.234,50`.
pub fn fixed(x: f64, decimals: usize, loc: Locale) -> String {
    if !x.is_finite() {
        return loc.missing().to_owned();
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let digits = format!("{:.*}", decimals, x.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    // A value that rounds to zero has no sign ("-0,00" reads as a real negative).
    let negative = x < 0.0 && digits.bytes().any(|b| (b'1'..=b'9').contains(&b));
    let mut out = String::with_capacity(digits.len() + int.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(loc.group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(loc.decimal);
        out.push_str(frac);
    }
    out
}

/// Drops trailing zeros after the decimal separator (and the separator itself if nothing is left).
fn trim_zeros(s: String, loc: Locale) -> String {
    if !s.contains(loc.decimal) {
        return s;
    }
    let t = s.trim_end_matches('0').trim_end_matches(loc.decimal);
    if t == "-0" {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}

/// `x` with `digits` significant digits, trailing zeros dropped, thousands grouped; the integer
/// part is never rounded away (`sig(1234567.0, 3, EN)` = `1,234,567`). Magnitudes below 1e-6 or
/// from 1e15 up use scientific notation (`1.2e-7`, `1,2e-7`).
pub fn sig(x: f64, digits: usize, loc: Locale) -> String {
    if !x.is_finite() {
        return loc.missing().to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let digits = digits.clamp(1, 15);
    let a = x.abs();
    if !(1e-6..1e15).contains(&a) {
        let s = format!("{:.*e}", digits - 1, x);
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = trim_zeros(mantissa.replace('.', &loc.decimal.to_string()), loc);
        return format!("{mantissa}e{exp}");
    }
    let magnitude = a.log10().floor() as i32;
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    trim_zeros(fixed(x, decimals, loc), loc)
}

/// A value for people, with 4 significant digits: `12.35`, `0.01235`, `1,234,568` (`1.234.568`).
pub fn number(x: f64, loc: Locale) -> String {
    sig(x, 4, loc)
}

/// A whole number with grouped thousands: `integer(-12345, IT)` = `-12.345`.
pub fn integer(n: i64, loc: Locale) -> String {
    fixed(n as f64, 0, loc)
}

/// A whole number with an explicit sign, for lags and offsets: `+2`, `0`, `-3`.
pub fn signed_integer(n: i64, loc: Locale) -> String {
    if n > 0 {
        format!("+{}", integer(n, loc))
    } else {
        integer(n, loc)
    }
}

/// A fraction as a percentage with `decimals` decimals: `percent(0.125, 1, IT)` = `12,5%`.
pub fn percent(fraction: f64, decimals: usize, loc: Locale) -> String {
    if !fraction.is_finite() {
        return loc.missing().to_owned();
    }
    format!("{}%", fixed(fraction * 100.0, decimals, loc))
}

/// A change as a signed percentage: `+12.5%`, `-3.0%`, `0.0%` (no sign when it rounds to zero).
pub fn signed_percent(fraction: f64, decimals: usize, loc: Locale) -> String {
    let s = percent(fraction, decimals, loc);
    if fraction.is_finite() && !s.starts_with('-') && s.bytes().any(|b| (b'1'..=b'9').contains(&b))
    {
        format!("+{s}")
    } else {
        s
    }
}

/// An amount of money with `decimals` decimals: en `€1,234.50` / `-€3.00`, it `1.234,50 €`;
/// an empty `currency` gives the bare number.
pub fn money(x: f64, decimals: usize, currency: &str, loc: Locale) -> String {
    let n = fixed(x.abs(), decimals, loc);
    if !x.is_finite() || currency.is_empty() {
        return fixed(x, decimals, loc);
    }
    let sign = if fixed(x, decimals, loc).starts_with('-') {
        "-"
    } else {
        ""
    };
    match loc.lang {
        Lang::En => format!("{sign}{currency}{n}"),
        Lang::It => format!("{sign}{n} {currency}"),
    }
}

/// Short form for large magnitudes, 3 significant digits: en `12.3k`, `1.25M`, `3B`;
/// it `12,3k`, `1,25 Mln`, `3 Mrd`. Below 1,000 it is [`number`].
pub fn compact(x: f64, loc: Locale) -> String {
    if !x.is_finite() {
        return loc.missing().to_owned();
    }
    let (scale, suffix) = compact_scale(x.abs(), loc);
    if scale == 1.0 {
        return number(x, loc);
    }
    // Re-check after rounding: 999,950 is "1M", not "1,000k".
    let scaled = x / scale;
    let text = sig(scaled, 3, loc);
    if scaled.abs() >= 999.5 && scale < 1e9 {
        return compact(x.signum() * 1000.0 * scale, loc);
    }
    format!("{text}{suffix}")
}

/// The divisor and suffix [`compact`] uses for a magnitude.
fn compact_scale(a: f64, loc: Locale) -> (f64, &'static str) {
    let it = loc.lang == Lang::It;
    if a >= 1e9 {
        (1e9, if it { " Mrd" } else { "B" })
    } else if a >= 1e6 {
        (1e6, if it { " Mln" } else { "M" })
    } else if a >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    }
}

/// Fewest decimals (up to 12) that write every value exactly enough to tell ticks apart:
/// `[0.0, 2.5, 5.0]` → 1, `[0.1, 0.2, 0.30000000000000004]` → 1.
pub fn decimals_for(values: &[f64]) -> usize {
    (0..=MAX_DECIMALS)
        .find(|&d| {
            let p = 10f64.powi(d as i32);
            values
                .iter()
                .filter(|v| v.is_finite())
                .all(|v| (v * p - (v * p).round()).abs() < 1e-6 * (v * p).abs().max(1.0))
        })
        .unwrap_or(MAX_DECIMALS)
}

/// How the labels of one numeric axis are written, chosen once from all its ticks so they share
/// decimals and scale (`0.5`, `1.0`, `1.5` rather than `0.5`, `1`, `1.5`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisFormat {
    pub locale: Locale,
    /// Divisor for compact labels (1, 1e3, 1e6, 1e9).
    pub scale: f64,
    pub suffix: &'static str,
    pub decimals: usize,
    /// Values are fractions shown as percentages.
    pub percent: bool,
}

impl AxisFormat {
    /// Plain numbers; ticks reaching 10,000 switch to compact `k`/`M` labels.
    pub fn for_ticks(ticks: &[f64], loc: Locale) -> AxisFormat {
        let max = ticks
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let (scale, suffix) = if max >= 1e4 {
            compact_scale(max, loc)
        } else {
            (1.0, "")
        };
        let scaled: Vec<f64> = ticks.iter().map(|v| v / scale).collect();
        AxisFormat {
            locale: loc,
            scale,
            suffix,
            decimals: decimals_for(&scaled),
            percent: false,
        }
    }

    /// Fractions shown as percentages (`0.25` → `25%`).
    pub fn percent_for_ticks(ticks: &[f64], loc: Locale) -> AxisFormat {
        let scaled: Vec<f64> = ticks.iter().map(|v| v * 100.0).collect();
        AxisFormat {
            locale: loc,
            scale: 1.0,
            suffix: "%",
            decimals: decimals_for(&scaled),
            percent: true,
        }
    }

    /// One tick label.
    pub fn format(&self, v: f64) -> String {
        if !v.is_finite() {
            return self.locale.missing().to_owned();
        }
        let v = if self.percent {
            v * 100.0
        } else {
            v / self.scale
        };
        format!("{}{}", fixed(v, self.decimals, self.locale), self.suffix)
    }
}

/// Abbreviated month name, 1 = January: en `Jan`…`Dec`, it `gen`…`dic`.
pub fn month_short(month: u32, lang: Lang) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const IT: [&str; 12] = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => EN[i],
        Lang::It => IT[i],
    }
}

/// How a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `2024-01-08` in every language.
    Iso,
    /// en `Jan 8`, it `8 gen`.
    DayMonth,
    /// en `Jan 8, 2024`, it `8 gen 2024`.
    DayMonthYear,
    /// en `Jan 2024`, it `gen 2024`.
    MonthYear,
    /// `2024`.
    Year,
}

/// A date in the given style and language.
pub fn date(d: Date, style: DateStyle, loc: Locale) -> String {
    let (y, m, day) = d.ymd();
    let mon = month_short(m, loc.lang);
    let it = loc.lang == Lang::It;
    match style {
        DateStyle::Iso => d.to_iso(),
        DateStyle::DayMonth if it => format!("{day} {mon}"),
        DateStyle::DayMonth => format!("{mon} {day}"),
        DateStyle::DayMonthYear if it => format!("{day} {mon} {y}"),
        DateStyle::DayMonthYear => format!("{mon} {day}, {y}"),
        DateStyle::MonthYear => format!("{mon} {y}"),
        DateStyle::Year => format!("{y}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Locale = Locale::EN;
    const IT: Locale = Locale::IT;

    #[test]
    fn fixed_groups_thousands_and_uses_the_decimal_separator() {
        assert_eq!(fixed(1234.5, 1, EN), "1,234.5");
        assert_eq!(fixed(1234.5, 1, IT), "1.234,5");
        assert_eq!(fixed(-1234567.891, 2, EN), "-1,234,567.89");
        assert_eq!(fixed(-1234567.891, 2, IT), "-1.234.567,89");
        assert_eq!(fixed(999.0, 0, IT), "999");
        assert_eq!(fixed(100000.0, 0, EN), "100,000");
        assert_eq!(fixed(0.004, 2, IT), "0,00");
        assert_eq!(fixed(2.0, 3, IT), "2,000");
    }

    #[test]
    fn values_rounding_to_zero_lose_their_sign() {
        assert_eq!(fixed(-0.0001, 2, EN), "0.00");
        assert_eq!(fixed(-0.0, 0, EN), "0");
        assert_eq!(sig(-0.0, 3, IT), "0");
        assert_eq!(percent(-0.00001, 1, IT), "0,0%");
    }

    #[test]
    fn missing_values_say_so_in_each_language() {
        assert_eq!(fixed(f64::NAN, 2, EN), "n/a");
        assert_eq!(number(f64::INFINITY, IT), "n.d.");
        assert_eq!(percent(f64::NAN, 1, IT), "n.d.");
        assert_eq!(compact(f64::NEG_INFINITY, EN), "n/a");
        assert_eq!(signed_percent(f64::NAN, 1, EN), "n/a");
    }

    #[test]
    fn significant_digits_never_round_the_integer_part() {
        assert_eq!(number(12.3456, EN), "12.35");
        assert_eq!(number(12.3456, IT), "12,35");
        assert_eq!(number(0.012345, IT), "0,01235");
        assert_eq!(number(1234567.89, EN), "1,234,568");
        assert_eq!(number(1234567.89, IT), "1.234.568");
        assert_eq!(number(-2.5, IT), "-2,5");
        assert_eq!(number(3.0, EN), "3");
        assert_eq!(number(9.99996, EN), "10");
        assert_eq!(sig(1234.5, 5, IT), "1.234,5");
    }

    #[test]
    fn extreme_magnitudes_use_scientific_notation() {
        assert_eq!(number(1.234e-7, EN), "1.234e-7");
        assert_eq!(number(1.234e-7, IT), "1,234e-7");
        assert_eq!(number(2e20, EN), "2e20");
        assert_eq!(number(1e-6, EN), "0.000001");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(0.125, 1, EN), "12.5%");
        assert_eq!(percent(0.125, 1, IT), "12,5%");
        assert_eq!(percent(12.5, 0, IT), "1.250%");
        assert_eq!(percent(-0.034, 1, EN), "-3.4%");
        assert_eq!(signed_percent(0.125, 1, IT), "+12,5%");
        assert_eq!(signed_percent(-0.125, 1, EN), "-12.5%");
        assert_eq!(signed_percent(0.0, 1, EN), "0.0%");
    }

    #[test]
    fn integers_and_signed_lags() {
        assert_eq!(integer(-12345, IT), "-12.345");
        assert_eq!(signed_integer(2, EN), "+2");
        assert_eq!(signed_integer(0, EN), "0");
        assert_eq!(signed_integer(-3, IT), "-3");
        assert_eq!(signed_integer(1500, IT), "+1.500");
    }

    #[test]
    fn money_puts_the_symbol_where_each_language_does() {
        assert_eq!(money(1234.5, 2, "€", EN), "€1,234.50");
        assert_eq!(money(1234.5, 2, "€", IT), "1.234,50 €");
        assert_eq!(money(-3.0, 2, "€", EN), "-€3.00");
        assert_eq!(money(-3.0, 2, "€", IT), "-3,00 €");
        assert_eq!(money(-0.001, 2, "$", EN), "$0.00");
        assert_eq!(money(12.0, 0, "", IT), "12");
        assert_eq!(money(f64::NAN, 2, "€", IT), "n.d.");
    }

    #[test]
    fn compact_thousands_and_millions() {
        assert_eq!(compact(950.0, EN), "950");
        assert_eq!(compact(12_345.0, EN), "12.3k");
        assert_eq!(compact(12_345.0, IT), "12,3k");
        assert_eq!(compact(-1_250_000.0, EN), "-1.25M");
        assert_eq!(compact(1_250_000.0, IT), "1,25 Mln");
        assert_eq!(compact(3e9, IT), "3 Mrd");
        assert_eq!(compact(999_950.0, EN), "1M");
    }

    #[test]
    fn axis_labels_share_decimals_and_scale() {
        let f = AxisFormat::for_ticks(&[0.0, 0.5, 1.0, 1.5], IT);
        assert_eq!(f.format(1.0), "1,0");
        assert_eq!(f.format(0.5), "0,5");
        let f = AxisFormat::for_ticks(&[0.0, 20_000.0, 40_000.0], EN);
        assert_eq!(f.format(40_000.0), "40k");
        let f = AxisFormat::for_ticks(&[0.0, 2_500_000.0, 5_000_000.0], IT);
        assert_eq!(f.format(2_500_000.0), "2,5 Mln");
        let f = AxisFormat::for_ticks(&[1000.0, 2000.0], IT);
        assert_eq!(f.format(2000.0), "2.000");
        let f = AxisFormat::percent_for_ticks(&[-0.1, 0.0, 0.1, 0.2], EN);
        assert_eq!(f.format(-0.1), "-10%");
        let f = AxisFormat::percent_for_ticks(&[0.0, 0.025, 0.05], IT);
        assert_eq!(f.format(0.025), "2,5%");
    }

    #[test]
    fn decimals_for_ignores_float_noise() {
        assert_eq!(decimals_for(&[0.1, 0.2, 0.1 + 0.2]), 1);
        assert_eq!(decimals_for(&[0.0, 2.5, 5.0]), 1);
        assert_eq!(decimals_for(&[10.0, 20.0]), 0);
        assert_eq!(decimals_for(&[0.0, 0.25]), 2);
        assert_eq!(decimals_for(&[]), 0);
    }

    #[test]
    fn dates_in_both_languages() {
        let d = Date::from_ymd(2024, 3, 8).unwrap();
        assert_eq!(date(d, DateStyle::Iso, IT), "2024-03-08");
        assert_eq!(date(d, DateStyle::DayMonth, EN), "Mar 8");
        assert_eq!(date(d, DateStyle::DayMonth, IT), "8 mar");
        assert_eq!(date(d, DateStyle::DayMonthYear, EN), "Mar 8, 2024");
        assert_eq!(date(d, DateStyle::DayMonthYear, IT), "8 mar 2024");
        assert_eq!(date(d, DateStyle::MonthYear, IT), "mar 2024");
        assert_eq!(date(d, DateStyle::Year, EN), "2024");
    }

    #[test]
    fn all_month_names() {
        let it: Vec<&str> = (1..=12).map(|m| month_short(m, Lang::It)).collect();
        assert_eq!(
            it.join(" "),
            "gen feb mar apr mag giu lug ago set ott nov dic"
        );
        let en: Vec<&str> = (1..=12).map(|m| month_short(m, Lang::En)).collect();
        assert_eq!(
            en.join(" "),
            "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
        );
    }

    #[test]
    fn locale_phrases() {
        assert_eq!(Locale::of(Lang::It).pick("lag", "ritardo"), "ritardo");
        assert_eq!(Locale::default(), EN);
        assert_eq!(Locale::from(Lang::It).missing(), "n.d.");
    }
}
