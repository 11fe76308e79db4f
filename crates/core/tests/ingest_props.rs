//! Property tests: any table written out in any supported dialect (delimiter, decimal and
//! thousands style, currency/percent decoration, quoting, line ends, final newline, encoding
//! UTF-8 / UTF-8 BOM / UTF-16LE / UTF-16BE / Windows-1252) reads back to the same values.
//!
//! Every generated number column starts with a value that decides its decimal separator (two
//! decimals): a column of only `1.234`-like values is ambiguous by design and is flagged rather
//! than guessed, so it is tested separately (ingest_formats.rs).

mod support;

use proptest::prelude::*;
use social_roi_core::ingest::{self, Options};
use social_roi_core::{ColumnData, Date};

/// `bytes` fed in pieces of `size` bytes, the layout decided on the first `size * 3`.
fn in_pieces(bytes: &[u8], size: usize) -> String {
    support::read_in_pieces("p.csv", bytes, &Options::default(), size, size * 3)
}

#[derive(Debug, Clone)]
struct Dialect {
    delim: u8,
    dec: char,
    thousands: Option<char>,
    deco: Deco,
    always_quote: bool,
    eol: &'static str,
    final_newline: bool,
    enc: Enc,
    date_style: u8,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Deco {
    None,
    DollarPrefix,
    EuroSuffix,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Cp1252,
}

#[derive(Debug, Clone)]
struct Gen {
    dates: Option<(i32, usize)>,
    /// per column: (mantissa, scale) or None (missing)
    cols: Vec<Vec<Option<(i64, u32)>>>,
    text: Option<Vec<Option<&'static str>>>,
}

const WORDS: &[&str] = &[
    "Spring",
    "caffè",
    "naïve",
    "x, y",
    "say \"hi\"",
    "two\nlines",
    "Città; sì",
    "tab\there",
];

fn dialect() -> impl Strategy<Value = Dialect> {
    (
        prop::sample::select(vec![b',', b';', b'\t', b'|']),
        prop::bool::ANY,
        0u8..6,
        prop::sample::select(vec![
            Deco::None,
            Deco::DollarPrefix,
            Deco::EuroSuffix,
            Deco::Percent,
        ]),
        prop::bool::ANY,
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        prop::bool::ANY,
        prop::sample::select(vec![
            Enc::Utf8,
            Enc::Utf8Bom,
            Enc::Utf16Le,
            Enc::Utf16Be,
            Enc::Cp1252,
        ]),
        0u8..4,
    )
        .prop_map(
            |(delim, comma, t, deco, always_quote, eol, final_newline, enc, date_style)| {
                let dec = if comma { ',' } else { '.' };
                let thousands = match t {
                    0 | 1 => None,
                    2 => Some(if comma { '.' } else { ',' }),
                    3 => Some(' '),
                    4 => Some('\u{a0}'),
                    _ => Some('\''),
                };
                Dialect {
                    delim,
                    dec,
                    thousands,
                    deco,
                    always_quote,
                    eol,
                    final_newline,
                    enc,
                    date_style,
                }
            },
        )
}

fn table() -> impl Strategy<Value = Gen> {
    (1usize..25, 1usize..5, prop::bool::ANY, prop::bool::ANY).prop_flat_map(
        |(n, k, with_date, with_text)| {
            let cell = prop_oneof![
                1 => Just(None),
                6 => (-5_000_000_000i64..5_000_000_000, 0u32..5).prop_map(Some),
            ];
            (
                prop::collection::vec(prop::collection::vec(cell, n), k),
                (1990i32..2030, 0usize..300),
                prop::collection::vec(prop::option::weighted(0.8, prop::sample::select(WORDS)), n),
            )
                .prop_map(move |(mut cols, start, mut text)| {
                    for (j, c) in cols.iter_mut().enumerate() {
                        // a decisive first value: two decimals, last digit non-zero
                        c[0] = Some((12_345 + 100 * j as i64 + 7, 2));
                        if !with_date {
                            // without dates a row must not be entirely empty
                            for v in c.iter_mut().filter(|v| v.is_none()) {
                                if j == 0 {
                                    *v = Some((1, 0));
                                }
                            }
                        }
                    }
                    text[0] = Some(WORDS[0]);
                    Gen {
                        dates: with_date.then_some(start),
                        cols,
                        text: with_text.then_some(text),
                    }
                })
        },
    )
}

fn decimal_text(m: i64, scale: u32) -> (bool, String, String) {
    let neg = m < 0;
    let digits = m.unsigned_abs().to_string();
    let s = scale as usize;
    let padded = if digits.len() <= s {
        format!("{}{digits}", "0".repeat(s + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - s);
    (neg, int.to_owned(), frac.to_owned())
}

fn group(int: &str, sep: char) -> String {
    let mut out = String::new();
    let n = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn write_number(m: i64, scale: u32, d: &Dialect) -> String {
    let (neg, int, frac) = decimal_text(m, scale);
    let int = match d.thousands {
        Some(t) => group(&int, t),
        None => int,
    };
    let mut num = int;
    if !frac.is_empty() {
        num.push(d.dec);
        num.push_str(&frac);
    }
    let sign = if neg { "-" } else { "" };
    match d.deco {
        Deco::None => format!("{sign}{num}"),
        Deco::DollarPrefix => format!("{sign}${num}"),
        Deco::EuroSuffix => format!("{sign}{num} €"),
        Deco::Percent => format!("{sign}{num}%"),
    }
}

fn expected(m: i64, scale: u32, d: &Dialect) -> f64 {
    let (neg, int, frac) = decimal_text(m, scale);
    let exp = if d.deco == Deco::Percent { "e-2" } else { "" };
    let s = format!("{}{int}.{frac}0{exp}", if neg { "-" } else { "" });
    s.parse().unwrap()
}

fn write_date(day: Date, style: u8) -> String {
    let (y, m, dd) = day.ymd();
    match style {
        0 => day.to_iso(),
        1 => format!("{dd:02}/{m:02}/{y}"),
        2 => format!("{m}/{dd}/{y}"),
        _ => format!("{dd:02}.{m:02}.{y}"),
    }
}

fn field(s: &str, d: &Dialect) -> String {
    let needs = s.contains(d.delim as char)
        || s.contains('"')
        || s.contains('\n')
        || s.contains('\r')
        || s.starts_with(' ')
        || s.ends_with(' ');
    if d.always_quote || needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn render(g: &Gen, d: &Dialect) -> (Vec<u8>, Vec<String>) {
    let mut header = Vec::new();
    if g.dates.is_some() {
        header.push("date".to_owned());
    }
    for j in 0..g.cols.len() {
        header.push(format!("spesa_{j}"));
    }
    if g.text.is_some() {
        header.push("nota è".to_owned());
    }
    let n = g.cols[0].len();
    let mut out = String::new();
    out.push_str(
        &header
            .iter()
            .map(|h| field(h, d))
            .collect::<Vec<_>>()
            .join(&(d.delim as char).to_string()),
    );
    for i in 0..n {
        out.push_str(d.eol);
        let mut row = Vec::new();
        if let Some((y, off)) = g.dates {
            let day =
                Date::from_days(Date::from_ymd(y, 1, 1).unwrap().days() + off as i32 + i as i32);
            // one `05/04/1990` alone is ambiguous by design (flagged, tested elsewhere): a
            // day/month style needs two rows to be decided
            // a month-first date is written as a US file writes it: when every day and month is
            // 12 or less and the rows run in order both ways, the file's locale decides (an
            // Italian `;` or comma-decimal file's 01/02 is 1 February), so the generator keeps
            // month-first to month-first files; amounts in euros say day-first too
            let euro =
                d.deco == Deco::EuroSuffix && g.cols.iter().any(|c| c.iter().any(Option::is_some));
            let day_first_file = d.dec == ',' || d.delim == b';' || euro;
            let style = match d.date_style {
                _ if n < 2 => 0,
                2 if day_first_file => 1,
                s => s,
            };
            row.push(field(&write_date(day, style), d));
        }
        for c in &g.cols {
            row.push(match c[i] {
                Some((m, s)) => field(&write_number(m, s, d), d),
                None => {
                    if d.always_quote {
                        "\"\"".to_owned()
                    } else {
                        String::new()
                    }
                }
            });
        }
        if let Some(t) = &g.text {
            row.push(field(t[i].unwrap_or(""), d));
        }
        out.push_str(&row.join(&(d.delim as char).to_string()));
    }
    if d.final_newline {
        out.push_str(d.eol);
    }
    let bytes = match d.enc {
        Enc::Utf8 => out.into_bytes(),
        Enc::Utf8Bom => [&b"\xEF\xBB\xBF"[..], out.as_bytes()].concat(),
        Enc::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(out.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect(),
        Enc::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(out.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect(),
        Enc::Cp1252 => out
            .chars()
            .map(|c| match c {
                '€' => 0x80,
                c if (c as u32) < 0x100 => c as u32 as u8,
                _ => b'?',
            })
            .collect(),
    };
    (bytes, header)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn any_table_in_any_dialect_reads_back(g in table(), d in dialect(), piece in 1usize..97) {
        let (bytes, header) = render(&g, &d);
        let one = ingest::read("p.csv", &bytes, &Options::default());
        // the same file arriving in pieces (cut anywhere: in a character, a quote, a CRLF)
        prop_assert_eq!(in_pieces(&bytes, piece), format!("{one:?}"));
        let l = one
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
        let t = &l.table;
        let n = g.cols[0].len();
        prop_assert_eq!(t.n_rows(), n);
        prop_assert_eq!(&l.report.header, &header);
        if let Some((y, off)) = g.dates {
            let start = Date::from_ymd(y, 1, 1).unwrap().days() + off as i32;
            let want: Vec<Date> = (0..n).map(|i| Date::from_days(start + i as i32)).collect();
            prop_assert_eq!(t.dates().unwrap(), &want[..]);
        } else {
            prop_assert!(t.date.is_none());
        }
        for (j, c) in g.cols.iter().enumerate() {
            let got = t.numbers(&format!("spesa_{j}")).ok_or_else(|| TestCaseError::fail(format!("spesa_{j} not numeric")))?;
            for (i, v) in c.iter().enumerate() {
                match v {
                    Some((m, s)) => prop_assert_eq!(got[i], expected(*m, *s, &d), "row {} col {}", i, j),
                    None => prop_assert!(got[i].is_nan(), "row {} col {} should be missing", i, j),
                }
            }
        }
        if let Some(text) = &g.text {
            match &t.column("nota è").unwrap().data {
                ColumnData::Text(v) => {
                    for (i, w) in text.iter().enumerate() {
                        prop_assert_eq!(v.get(i), *w);
                    }
                }
                ColumnData::Numeric(_) => prop_assert!(false, "text column read as numbers"),
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), piece in 1usize..50) {
        let one = ingest::read("p.csv", &bytes, &Options::default());
        prop_assert_eq!(in_pieces(&bytes, piece), format!("{one:?}"));
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[0-9a-z,;\t|\"\n\r .%$€()#/:-]{0,300}", piece in 1usize..50) {
        let one = ingest::read("p.csv", s.as_bytes(), &Options::default());
        prop_assert_eq!(in_pieces(s.as_bytes(), piece), format!("{one:?}"));
    }
}
