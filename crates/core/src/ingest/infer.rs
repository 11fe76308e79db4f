//! Type inference per column (date, number, text) with its evidence, and the whole-column
//! decisions: the decimal separator of a number column and the day/month order of a date column.
//!
//! Rules (SCHEMA §2): a non-date column is numeric if at least half of its non-blank cells parse as
//! numbers (missing markers like `NA` are non-blank); a column with no non-blank cell is numeric
//! with n = 0. Ambiguous columns (every value like `1.234`) take the decimal separator the file's
//! other columns show; with no such evidence, comma for semicolon-delimited files (the Excel
//! convention in comma-decimal locales) and dot otherwise. The report flags the choice and the
//! user can override it per column.

use super::dates::{self, DateCell, DateOrder, Family, Triple};
use super::number::{self, group, Evidence, NotNumber};
use super::report::{self, Ambiguity, ColumnReport, MissingCell};
use crate::Date;

/// Counters over a column's cells for one decimal reading (fed by the fast loop or by [`scan`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct NumStats {
    pub non_blank: u64,
    pub parsed: u64,
    pub dot_only: u64,
    pub comma_only: u64,
    pub both: u64,
    /// Cells that failed the reading but parse with the other decimal separator.
    pub contradictions: u64,
    pub groups: u8,
    pub percent: bool,
    pub currency: u8,
    pub accounting: bool,
    /// Some cells carry a `K`/`M`/`B` suffix (rounded counts).
    pub scaled: bool,
    pub first_both: Option<String>,
    /// Non-blank cells that are missing markers (`--`, `n/a`, `-`, …).
    pub markers: u64,
    /// Cells by [`Shape`]: how thousands would be grouped, for [`NumStats::own_decimal`].
    pub shape: [u64; SHAPES],
}

/// What a column's format says of `14.7K`-style cells (and what `finish` gives a notice for).
pub(crate) const SCALED_FORMAT: &str = ", K/M/B suffixes (rounded as shown)";

/// Shapes of integer and `Both` cells, indices into [`NumStats::shape`].
pub(crate) mod shape {
    /// An integer without separators of up to 3 digits, and of 4 or more.
    pub const INT_SMALL: usize = 0;
    pub const INT_BIG: usize = 1;
    /// `1.204`, `1,204` (either reading), and those ending in a zero (`3.000`, `1,250`).
    pub const DOT: usize = 2;
    pub const COMMA: usize = 3;
    pub const DOT_ZERO: usize = 4;
    pub const COMMA_ZERO: usize = 5;
}
pub(crate) const SHAPES: usize = 6;

/// The shape of a `Neutral` (`big`: of 4 digits or more) or `Both` cell; `DotOnly` and
/// `CommaOnly` cells decide by themselves and have none (index past the counted ones is never
/// returned for them: callers only ask for the two kinds).
#[inline]
pub(crate) fn shape_of(ev: Evidence, raw: &[u8], big: bool) -> usize {
    match ev {
        Evidence::Both => {
            let zero = raw.iter().rev().find(|b| b.is_ascii_digit()) == Some(&b'0');
            match (raw.contains(&b'.'), zero) {
                (true, true) => shape::DOT_ZERO,
                (true, false) => shape::DOT,
                (false, true) => shape::COMMA_ZERO,
                (false, false) => shape::COMMA,
            }
        }
        _ if big => shape::INT_BIG,
        _ => shape::INT_SMALL,
    }
}

impl NumStats {
    /// Counts a trimmed, non-empty cell's evidence for reading its column as numbers.
    #[inline]
    pub fn see(&mut self, c: &[u8]) {
        self.non_blank += 1;
        if let Some(ev) = number::evidence(c) {
            self.parsed += 1;
            self.count(ev, c);
        } else {
            self.not_number(c);
        }
    }

    #[inline]
    pub fn count(&mut self, ev: Evidence, raw: &[u8]) {
        match ev {
            Evidence::Neutral => {
                let big = raw.len() >= 4 && raw.iter().filter(|b| b.is_ascii_digit()).count() >= 4;
                self.shape[shape_of(ev, raw, big)] += 1;
            }
            Evidence::DotOnly => self.dot_only += 1,
            Evidence::CommaOnly => self.comma_only += 1,
            Evidence::Both => {
                self.both += 1;
                self.shape[shape_of(ev, raw, false)] += 1;
                if self.first_both.is_none() {
                    self.first_both = Some(String::from_utf8_lossy(raw).into_owned());
                }
            }
        }
    }

    /// The decimal separator this column's own cells decide, if they do.
    pub fn own_decimal(&self) -> Option<u8> {
        match (self.dot_only > 0, self.comma_only > 0) {
            (true, false) => Some(b'.'),
            (false, true) => Some(b','),
            (true, true) => Some(if self.dot_only >= self.comma_only {
                b'.'
            } else {
                b','
            }),
            (false, false) => self.grouping_decimal(),
        }
    }

    /// A column of `1.204`-like cells decides by contradiction when it also has small plain
    /// integers: `3.000` beside `700` cannot both be decimals (a writer that keeps `3.000`'s
    /// zeros writes `700.000`; one that drops them writes `3`), so the dot groups thousands
    /// (Meta's Italian exports: `1.204`, `3.000`, `700`). A plain integer of 4 digits or more
    /// (`1500`) says the writer does not group: then nothing is decided here.
    pub(crate) fn grouping_decimal(&self) -> Option<u8> {
        use shape::*;
        let s = &self.shape;
        if s[INT_SMALL] == 0 || s[INT_BIG] > 0 {
            return None;
        }
        let (dots, commas) = (s[DOT] + s[DOT_ZERO], s[COMMA] + s[COMMA_ZERO]);
        if commas == 0 && s[DOT_ZERO] > 0 {
            Some(b',')
        } else if dots == 0 && s[COMMA_ZERO] > 0 {
            Some(b'.')
        } else {
            None
        }
    }

    /// SCHEMA §2: at least half of the non-blank cells are numbers. Also numeric: a column with
    /// numbers where the missing markers are most cells (Google Ads' `Cost / conv.` full of `--`),
    /// when at least half of the cells that are not markers are numbers.
    pub fn is_numeric(&self) -> bool {
        self.parsed * 2 >= self.non_blank
            || (self.parsed > 0 && self.parsed * 2 >= self.non_blank.saturating_sub(self.markers))
    }

    /// Counts a non-blank cell that is not a number. Excel's error values (`#VALUE!`, `#REF!`)
    /// are missing cells but not "no value here" markers: a column mostly of broken formulas is
    /// not a column of numbers with gaps, and SCHEMA's half rule reads it as text.
    #[inline]
    pub fn not_number(&mut self, cell: &[u8]) {
        if number::is_missing_marker(cell) && !cell.starts_with(b"#") {
            self.markers += 1;
        }
    }
}

/// Evidence over raw cells regardless of reading: how many parse as numbers in either locale.
pub(crate) fn scan<'a>(cells: impl Iterator<Item = &'a [u8]>) -> NumStats {
    let mut st = NumStats::default();
    for c in cells {
        let c = number::trim(c);
        if !c.is_empty() {
            st.see(c);
        }
    }
    st
}

/// The file-wide decimal separator for columns that do not decide it themselves: the majority of
/// the columns that do, else comma for `;` files and dot otherwise.
pub(crate) fn file_decimal(decided: impl Iterator<Item = u8>, delim: u8) -> (u8, &'static str) {
    let (mut dots, mut commas) = (0, 0);
    for d in decided {
        if d == b'.' {
            dots += 1;
        } else {
            commas += 1;
        }
    }
    if commas > dots {
        (
            b',',
            "the file's other number columns use ',' as the decimal separator",
        )
    } else if dots > commas {
        (
            b'.',
            "the file's other number columns use '.' as the decimal separator",
        )
    } else if delim == b';' {
        (
            b',',
            "no column decides it; semicolon-delimited files come from comma-decimal locales",
        )
    } else {
        (b'.', "no column decides it; '.' is the default")
    }
}

/// A typed numeric column with its report and missing cells.
pub(crate) struct NumColumn {
    pub values: Vec<f64>,
    pub missing: Vec<MissingCell>,
    pub n_missing: u64,
    pub report: ColumnReport,
}

/// Describes a number column's format for the report.
pub(crate) fn number_report(
    name: &str,
    index: usize,
    dec: u8,
    st: &NumStats,
    ambiguity: Option<Ambiguity>,
    overridden: bool,
) -> ColumnReport {
    let thousands = group::name(st.groups).map(str::to_owned);
    let currency = (st.currency > 0)
        .then(|| {
            number::CURRENCIES
                .get(st.currency as usize - 1)
                .map(|s| s.to_string())
        })
        .flatten();
    let mut fmt = String::new();
    let has_dec = st.dot_only + st.comma_only + st.both > 0;
    if has_dec || thousands.is_some() {
        fmt.push_str(&format!("decimal '{}'", dec as char));
    } else {
        fmt.push_str("integer");
    }
    if let Some(t) = &thousands {
        fmt.push_str(&format!(", thousands '{t}'"));
    }
    if let Some(c) = &currency {
        fmt.push_str(&format!(", currency {c}"));
    }
    if st.percent {
        fmt.push_str(", percent -> fraction");
    }
    if st.accounting {
        fmt.push_str(", (accounting) negatives");
    }
    if st.scaled {
        fmt.push_str(SCALED_FORMAT);
    }
    ColumnReport {
        name: name.to_owned(),
        index,
        kind: "number".into(),
        format: fmt,
        decimal_separator: has_dec.then(|| (dec as char).to_string()),
        thousands_separator: thousands,
        currency,
        percent: st.percent,
        accounting_negatives: st.accounting,
        date_format: None,
        evidence: report::Evidence {
            parsed: st.parsed,
            non_blank: st.non_blank,
        },
        ambiguity,
        overridden,
        assumed_year: None,
    }
}

/// The ambiguity note for a column whose every separator fits both readings.
pub(crate) fn decimal_ambiguity(st: &NumStats, dec: u8, reason: &str) -> Option<Ambiguity> {
    if st.dot_only + st.comma_only > 0 || st.both == 0 {
        return None;
    }
    let ex = st.first_both.clone().unwrap_or_default();
    let grouped = "a value ending in 0 (like 3.000) beside whole numbers under 1,000 is grouped in thousands, which decimals written that way would not be";
    let reason = if st.grouping_decimal() == Some(dec) {
        grouped
    } else {
        reason
    };
    let reading = |d: u8| {
        if d == b'.' {
            "'.' decimal (',' thousands)".to_owned()
        } else {
            "',' decimal ('.' thousands)".to_owned()
        }
    };
    Some(Ambiguity {
        what: "decimal_separator".into(),
        chosen: reading(dec),
        alternative: reading(if dec == b'.' { b',' } else { b'.' }),
        example: ex,
        reason: format!(
            "every value with a separator (like {}) fits both readings; {reason}",
            st.first_both.as_deref().unwrap_or("")
        ),
    })
}

/// Materialises a numeric column from raw cells with a fixed decimal separator.
pub(crate) fn number_column(
    name: &str,
    index: usize,
    cells: &[(u32, &[u8])],
    dec: u8,
    reason: &str,
    overridden: bool,
) -> NumColumn {
    let mut st = NumStats::default();
    let mut values = Vec::with_capacity(cells.len());
    let mut missing = Vec::new();
    let mut n_missing = 0;
    let other = if dec == b'.' { b',' } else { b'.' };
    for &(line, raw) in cells {
        let c = number::trim(raw);
        if !c.is_empty() {
            st.non_blank += 1;
        }
        match number::parse(c, dec) {
            Ok((v, shape)) => {
                values.push(v);
                st.parsed += 1;
                let ev = match number::parse(c, other) {
                    Ok(_) if c.iter().any(|&b| b == b'.' || b == b',') => Evidence::Both,
                    Ok(_) => Evidence::Neutral,
                    Err(_) if c.iter().any(|&b| b == b'.' || b == b',') => {
                        if dec == b'.' {
                            Evidence::DotOnly
                        } else {
                            Evidence::CommaOnly
                        }
                    }
                    Err(_) => Evidence::Neutral,
                };
                st.count(ev, c);
                st.groups |= shape.group;
                st.percent |= shape.percent;
                st.accounting |= shape.accounting;
                st.scaled |= shape.scaled;
                if st.currency == 0 {
                    st.currency = shape.currency;
                }
            }
            Err(why) => {
                values.push(f64::NAN);
                if why == NotNumber::Text && number::parse(c, other).is_ok() {
                    st.contradictions += 1;
                }
                n_missing += 1;
                if missing.len() < report::LIST_CAP {
                    missing.push(MissingCell {
                        line: line as u64,
                        column: name.to_owned(),
                        raw: String::from_utf8_lossy(raw).into_owned(),
                    });
                }
            }
        }
    }
    let amb = if overridden {
        None
    } else {
        decimal_ambiguity(&st, dec, reason)
    };
    NumColumn {
        values,
        missing,
        n_missing,
        report: number_report(name, index, dec, &st, amb, overridden),
    }
}

/// A text column's report.
pub(crate) fn text_report(
    name: &str,
    index: usize,
    st: &NumStats,
    overridden: bool,
) -> ColumnReport {
    ColumnReport {
        name: name.to_owned(),
        index,
        kind: "text".into(),
        format: "text (kept for display, ignored by statistics)".into(),
        decimal_separator: None,
        thousands_separator: None,
        currency: None,
        percent: false,
        accounting_negatives: false,
        date_format: None,
        evidence: report::Evidence {
            parsed: st.parsed,
            non_blank: st.non_blank,
        },
        ambiguity: None,
        overridden,
        assumed_year: None,
    }
}

/// Header words that suggest a date column (English, Italian, German, French, Spanish).
const DATE_HINTS: &[&str] = &[
    "date",
    "data",
    "datum",
    "day",
    "giorno",
    "week",
    "settimana",
    "month",
    "mese",
    "time",
    "period",
    "periodo",
    "fecha",
    "jour",
    "tag",
    "created",
    "paid",
];

/// A header lower-cased, and its words.
fn name_words(name: &str) -> (String, Vec<String>) {
    let l = crate::text::lowercase(name);
    let words = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    (l, words)
}

/// A column of contact data (phone numbers, postal codes, IBANs, a card's last digits): personal, and a number only in
/// form. Read as numbers they were statistics ("“Buyer Phone” is constant (3331234567 in every
/// row)"), in the JSON and the findings; as text they stay on the page, out of every result.
/// "Phone calls" and other counts of contacts are numbers.
pub(crate) fn is_contact_name(name: &str) -> bool {
    let (l, words) = name_words(name);
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
    const CONTACT: &[&str] = &[
        "phone",
        "telephone",
        "tel",
        "telefono",
        "cellulare",
        "cell",
        "whatsapp",
        "fax",
    ];
    const COUNTS: &[&str] = &[
        "calls", "call", "dial", "clicks", "click", "clic", "taps", "chiamate", "views", "count",
        "total",
    ];
    const CODES: &[&str] = &[
        "zip", "zipcode", "postcode", "postal", "cap", "iban", "plz", "last4",
    ];
    (has(CONTACT) && !has(COUNTS))
        || has(CODES)
        || l.contains("codice fiscale")
        || l.contains("fiscal code")
        || l.contains("card number")
        || l.contains("pan suffix")
        || l.contains("last 4")
}

/// A column of identifiers (`Order ID`, `ID del post`, `Transaction ID`, `Order #`, `SKU`,
/// `Card Ending`): numbers only in form. Summed per week they were "metrics" (a post id of
/// 3.8e18) and the first finding was "events" against "ID del post", r = 1.00; as text they
/// still key orders and customers. "Number of items" and "Numero ordini" are counts.
pub(crate) fn is_identifier_name(name: &str) -> bool {
    let (l, words) = name_words(name);
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
    const IDS: &[&str] = &[
        "id", "ids", "uuid", "guid", "sku", "ean", "gtin", "isbn", "upc", "asin",
    ];
    has(IDS)
        // "Order #", "Invoice #" (not "# of orders", a count)
        || l.trim_end().ends_with('#')
        || l.contains("card ending")
        || l.contains("ending in")
        || l.contains("order number")
        || l.contains("invoice number")
        || l.contains("receipt number")
        || l.contains("tracking number")
        || l.contains("numero ordine")
        || l.contains("numero fattura")
        || l.contains("numero di tracking")
        || l.contains("n. ordine")
        // a card's last digits and a payment's authorisation code (SumUp, Nexi)
        || l.contains("last digits")
        || l.contains("last 4")
        || l.contains("ultime cifre")
        || l.contains("ultime 4")
        || l.contains("authorization code")
        || l.contains("authorisation code")
        || l.contains("auth code")
        || l.contains("approval code")
        || l.contains("codice autorizzazione")
        || l.contains("codice di autorizzazione")
}

/// Columns kept as text by their name whatever they hold: contact data and identifiers.
pub(crate) fn is_text_by_name(name: &str) -> bool {
    // SCHEMA's rule would read these as numbers (half their cells parse); a user's eye does not
    is_contact_name(name) || is_identifier_name(name)
}

/// A column of clock times (Square's `Time`, Gumroad's `Purchase Time (UTC timezone)`, PayPal's
/// `Orario`): `12:15:00` reads as a duration, and the times of day were summed per week and
/// "correlated" with the orders. A duration column (`Avg. session duration`, `Watch time`) names
/// a length; a column of plain numbers (hours worked) is not one of these.
pub(crate) fn is_clock_column<'a>(name: &str, mut cells: impl Iterator<Item = &'a [u8]>) -> bool {
    let (_, words) = name_words(name);
    let has = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
    const CLOCK: &[&str] = &["time", "ora", "orario", "hora", "heure", "uhrzeit"];
    const LENGTH: &[&str] = &[
        "duration", "durata", "average", "avg", "media", "watch", "spent", "length", "session",
        "total", "totale", "on", "per", "tempo",
    ];
    let mut seen = false;
    has(CLOCK)
        && !has(LENGTH)
        && cells.all(|c| {
            let c = super::number::trim(c);
            if c.is_empty() {
                return true;
            }
            seen = true;
            c.contains(&b':') && super::number::duration(c).is_some_and(|s| s < 86_400.0)
        })
        && seen
}

pub(crate) fn looks_like_date_name(name: &str) -> bool {
    let n = crate::text::lowercase(name);
    DATE_HINTS.iter().any(|h| {
        n.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == *h || (w.starts_with(h) && h.len() >= 4))
    })
}

/// Header words that call a date column a month (then `01/02/2024, 01/03/2024...` is read as
/// one date a month when both day/month orders fit).
const MONTH_HINTS: &[&str] = &[
    "month", "months", "monthly", "mese", "mesi", "mensile", "monat", "mois", "mes", "maand",
];

/// Whether a column's name calls it a month.
pub(crate) fn looks_like_month_name(name: &str) -> bool {
    let n = crate::text::lowercase(name);
    n.split(|c: char| !c.is_alphanumeric())
        .any(|w| MONTH_HINTS.contains(&w))
}

/// Share of non-blank cells that are dates: (dates, non-blank). Totals labels (`Total: ...`)
/// are not evidence either way.
pub(crate) fn date_share<'a>(cells: impl Iterator<Item = &'a [u8]>) -> (u64, u64) {
    let (mut d, mut nb) = (0, 0);
    for c in cells {
        let c = number::trim(c);
        if c.is_empty() || super::engine::is_total_label(c) {
            continue;
        }
        nb += 1;
        if dates::classify(c).is_some() {
            d += 1;
        }
    }
    (d, nb)
}

/// Picks the date column from per-column (date cells, non-blank) counts: columns where at least
/// 80% of non-blank cells are dates; a date-like header name first, then the leftmost.
pub(crate) fn pick_date_column(header: &[String], shares: &[(u64, u64)]) -> Option<usize> {
    let cands = date_candidates(header, shares);
    // a date-like name first, then any; among each, not a later step's date (shipped, delivered,
    // paid, refunded, updated): the order's own date is when the sale happened
    let later = |i: usize| is_later_step_date(&header[i]);
    cands
        .iter()
        .copied()
        .find(|&i| looks_like_date_name(&header[i]) && !later(i))
        .or_else(|| cands.iter().copied().find(|&i| !later(i)))
        .or_else(|| cands.first().copied())
}

/// A date of a step after the sale or the post (shipping, delivery, payment, refund, an edit).
fn is_later_step_date(name: &str) -> bool {
    let l = crate::text::lowercase(name);
    [
        "ship",
        "spedi",
        "deliver",
        "consegn",
        "fulfil",
        "evas",
        "paid",
        "pagament",
        "refund",
        "rimbors",
        "updated",
        "modified",
        "modifica",
        "aggiorn",
        "due",
        "scadenz",
        "cancel",
        "annull",
        "available",
        "arrival",
        "disponibil",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Every column that holds dates (see [`pick_date_column`]), in table order.
pub(crate) fn date_candidates(header: &[String], shares: &[(u64, u64)]) -> Vec<usize> {
    shares
        .iter()
        .enumerate()
        // a column named as a date needs only half its cells to be dates: in a file of four
        // rows one mistyped date (2024-02-30) is 25%, and the column was read as text without
        // a word; as the date column, that cell is named by line
        .filter(|&(i, &(d, nb))| {
            nb > 0
                && (d * 10 >= nb * 8 || (d >= 2 && d * 2 >= nb && looks_like_date_name(&header[i])))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The date column decided over all its cells.
pub(crate) struct DateDecision {
    pub order: DateOrder,
    pub format: String,
    pub ambiguity: Option<Ambiguity>,
    pub triples: u64,
}

/// Decides the day/month order and the reported format from the column's cells. `day_first_file`:
/// the file writes decimals with a comma or separates with `;` (Excel's export in every
/// comma-decimal locale, all of which write the day first); `name` is the column's.
pub(crate) fn decide_dates<'a>(
    cells: impl Iterator<Item = &'a [u8]>,
    day_first_file: bool,
    name: &str,
    forced: Option<DateOrder>,
) -> DateDecision {
    let mut triples: Vec<Triple> = Vec::new();
    let mut fams: Vec<(Family, u64)> = Vec::new();
    for c in cells {
        match dates::classify(c) {
            Some(DateCell::Triple(t)) => triples.push(t),
            Some(DateCell::Exact(_, f)) => match fams.iter_mut().find(|x| x.0 == f) {
                Some(x) => x.1 += 1,
                None => fams.push((f, 1)),
            },
            None => {}
        }
    }
    let day_first = day_first_file || triples.first().is_some_and(|t| t.sep != b'/');
    let (order, ambiguity) = match forced {
        Some(o) => (o, None),
        None => {
            let d = dates::decide_order(&triples, day_first, looks_like_month_name(name));
            let amb = d.ambiguous.then(|| {
                let name = |o: DateOrder| dates::triple_format(&triples, o);
                let alt = if d.order == DateOrder::Dmy {
                    DateOrder::Mdy
                } else {
                    DateOrder::Dmy
                };
                Ambiguity {
                    what: "date_order".into(),
                    chosen: name(d.order),
                    alternative: name(alt),
                    example: triples
                        .iter()
                        .find(|t| t.a <= 12 && t.b <= 12)
                        .map(|t| format!("{}{}{}{}{}", t.a, t.sep as char, t.b, t.sep as char, t.y))
                        .unwrap_or_default(),
                    reason: d.reason.to_owned(),
                }
            });
            (d.order, amb)
        }
    };
    let n_tri = triples.len() as u64;
    let top_exact = fams.iter().max_by_key(|x| x.1).copied();
    let format = match top_exact {
        Some((f, n)) if n >= n_tri => dates::family_format(f).to_owned(),
        _ if !triples.is_empty() => dates::triple_format(&triples, order),
        _ => String::new(),
    };
    DateDecision {
        order,
        format,
        ambiguity,
        triples: n_tri,
    }
}

/// A date cell under a decided order.
#[inline]
pub(crate) fn resolve_date(cell: &[u8], order: DateOrder) -> Option<Date> {
    if let Some(d) = dates::parse_iso_fast(cell) {
        return Some(d);
    }
    match dates::classify(cell)? {
        DateCell::Exact(d, _) => Some(d),
        DateCell::Triple(t) => t.resolve(order),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_column_decimal_decision() {
        let cells: Vec<&[u8]> = vec![b"18.312", b"18.429", b"", b"NA"];
        let st = scan(cells.iter().copied());
        assert_eq!((st.non_blank, st.parsed, st.both), (3, 2, 2));
        assert_eq!(st.own_decimal(), None);
        let st = scan([&b"1.234,5"[..], b"12"].into_iter());
        assert_eq!(st.own_decimal(), Some(b','));
        assert_eq!(file_decimal([b','].into_iter(), b',').0, b',');
        assert_eq!(file_decimal(std::iter::empty(), b';').0, b',');
        assert_eq!(file_decimal(std::iter::empty(), b'\t').0, b'.');
    }

    #[test]
    fn number_column_reports_missing_and_ambiguity() {
        let cells: Vec<(u32, &[u8])> = vec![(2, b"1.234"), (3, b""), (4, b"n/a"), (5, b"2.000")];
        let c = number_column("x", 2, &cells, b',', "test", false);
        assert_eq!(c.values[0], 1234.0);
        assert!(c.values[1].is_nan() && c.values[2].is_nan());
        assert_eq!(c.missing.len(), 2);
        assert_eq!(c.missing[1].raw, "n/a");
        let amb = c.report.ambiguity.unwrap();
        assert_eq!(amb.example, "1.234");
    }

    #[test]
    fn date_column_choice() {
        let h: Vec<String> = vec!["id".into(), "when".into(), "Created at".into()];
        assert_eq!(pick_date_column(&h, &[(0, 5), (5, 5), (5, 5)]), Some(2));
        assert_eq!(pick_date_column(&h, &[(0, 5), (5, 5), (1, 5)]), Some(1));
        assert_eq!(pick_date_column(&h, &[(0, 5), (0, 0), (1, 5)]), None);
        assert!(looks_like_date_name("Day Index"));
        assert!(!looks_like_date_name("Sessions"));
    }
}
