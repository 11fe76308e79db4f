//! Results as files: CSV tables (RFC 4180, neutralised against spreadsheet formula injection), the
//! full JSON report (the same document as the CLI's `--json`), findings as plain text, and file
//! names from chart titles. Pure functions, tested natively; the components only save the strings.

use std::borrow::Cow;

use social_roi_core::analysis::report::{BeforeAfterReport, CorrelationEntry, RoiReport};
use social_roi_core::analysis::{self, Finding, Plan, Report, Severity};
use social_roi_core::events::Retention;
use social_roi_core::ingest::FileReport;
use social_roi_core::{Lang, Table};

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: char,
    pub decimal: char,
    /// Start with a UTF-8 byte order mark (Excel needs it to read accents right).
    pub bom: bool,
}

impl Dialect {
    /// Comma, decimal point, no BOM: what programs and most spreadsheets read.
    pub const STANDARD: Dialect = Dialect {
        delimiter: ',',
        decimal: '.',
        bom: false,
    };
    /// What Excel expects in an Italian locale: semicolon, decimal comma, BOM.
    pub const EXCEL_IT: Dialect = Dialect {
        delimiter: ';',
        decimal: ',',
        bom: true,
    };
}

/// One CSV cell. Text is neutralised and quoted; numbers are written as numbers, never neutralised.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    /// `None` (or a non-finite value) is an empty cell.
    Num(Option<f64>),
    Int(i64),
    Bool(bool),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Empty, Cell::text)
    }
}

/// OWASP CSV-injection rule: a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'` so a spreadsheet shows it as text instead of evaluating it.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// RFC 4180: a field with the delimiter, a quote, CR or LF is enclosed in quotes, quotes doubled.
pub fn quote(field: &str, delimiter: char) -> Cow<'_, str> {
    if field.contains([delimiter, '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// A number as the shortest text that reads back to the same `f64` (exponent form for very small
/// or large magnitudes), with the dialect's decimal separator; empty when not finite.
pub fn number(v: f64, dialect: Dialect) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    let s = if a != 0.0 && !(1e-5..1e16).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    };
    if dialect.decimal == '.' {
        s
    } else {
        s.replace('.', &dialect.decimal.to_string())
    }
}

fn cell_text(c: &Cell, d: Dialect) -> String {
    match c {
        Cell::Text(t) => quote(&neutralise(t), d.delimiter).into_owned(),
        Cell::Num(v) => v.map(|v| number(v, d)).unwrap_or_default(),
        Cell::Int(i) => i.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Empty => String::new(),
    }
}

/// A whole CSV document: header and rows, CRLF line ends (RFC 4180).
pub fn to_csv(header: &[&str], rows: &[Vec<Cell>], d: Dialect) -> String {
    let mut out = String::new();
    if d.bom {
        out.push('\u{feff}');
    }
    let sep = d.delimiter.to_string();
    let head: Vec<String> = header
        .iter()
        .map(|h| cell_text(&Cell::text(*h), d))
        .collect();
    out.push_str(&head.join(&sep));
    out.push_str("\r\n");
    for r in rows {
        let line: Vec<String> = r.iter().map(|c| cell_text(c, d)).collect();
        out.push_str(&line.join(&sep));
        out.push_str("\r\n");
    }
    out
}

/// Columns of [`correlations_csv`].
pub const CORRELATION_COLUMNS: &[&str] = &[
    "basis",
    "x",
    "y",
    "n",
    "r",
    "p",
    "p_bh",
    "ci95_low",
    "ci95_high",
    "rho",
    "rho_p",
    "rho_p_bh",
    "tau_b",
    "tau_p",
    "tau_p_bh",
    "tau_method",
    "undefined_reason",
];

fn correlation_row<'a>(basis: &'a str, c: &'a CorrelationEntry) -> Vec<Cell<'a>> {
    let method = c.kendall.method.map(|m| m.name().to_owned());
    vec![
        Cell::text(basis),
        Cell::text(c.x.as_str()),
        Cell::text(c.y.as_str()),
        Cell::Int(c.n as i64),
        Cell::Num(c.pearson.r),
        Cell::Num(c.pearson.p),
        Cell::Num(c.pearson.p_bh),
        Cell::Num(c.pearson.ci95.map(|c| c[0])),
        Cell::Num(c.pearson.ci95.map(|c| c[1])),
        Cell::Num(c.spearman.rho),
        Cell::Num(c.spearman.p),
        Cell::Num(c.spearman.p_bh),
        Cell::Num(c.kendall.tau_b),
        Cell::Num(c.kendall.p),
        Cell::Num(c.kendall.p_bh),
        method.map_or(Cell::Empty, Cell::text),
        Cell::opt_text(c.undefined_reason.as_deref()),
    ]
}

/// Every pair's Pearson, Spearman and Kendall results: levels, then changes (first differences).
pub fn correlations_csv(levels: &Report, changes: Option<&Report>, d: Dialect) -> String {
    let mut rows: Vec<Vec<Cell>> = levels
        .correlations
        .iter()
        .map(|c| correlation_row("levels", c))
        .collect();
    if let Some(ch) = changes {
        rows.extend(
            ch.correlations
                .iter()
                .map(|c| correlation_row("changes", c)),
        );
    }
    to_csv(CORRELATION_COLUMNS, &rows, d)
}

/// Columns of [`roi_csv`].
pub const ROI_COLUMNS: &[&str] = &["date", "row", "roi", "roas", "cpa", "cost_per_new_follower"];

/// The ROI family per period (row); a metric the data lacks altogether is an empty column.
pub fn roi_csv(roi: &RoiReport, d: Dialect) -> String {
    let rows: Vec<Vec<Cell>> = roi
        .per_row
        .iter()
        .map(|r| {
            vec![
                r.date.map_or(Cell::Empty, |d| Cell::text(d.to_iso())),
                Cell::Int(r.row as i64),
                Cell::Num(r.roi().flatten()),
                Cell::Num(r.roas().flatten()),
                Cell::Num(r.cpa().flatten()),
                Cell::Num(r.cost_per_new_follower().flatten()),
            ]
        })
        .collect();
    to_csv(ROI_COLUMNS, &rows, d)
}

/// Columns of [`retention_csv`].
pub const RETENTION_COLUMNS: &[&str] = &[
    "period",
    "new_customers",
    "returning_customers",
    "returning_share",
];

/// New and returning customers per period (counts only: no customer is named).
pub fn retention_csv(r: &Retention, d: Dialect) -> String {
    let rows: Vec<Vec<Cell>> = r
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Cell::text(p.to_iso()),
                Cell::Num(r.new_customers.get(i).copied()),
                Cell::Num(r.returning_customers.get(i).copied()),
                Cell::Num(r.returning_share.get(i).copied().flatten()),
            ]
        })
        .collect();
    to_csv(RETENTION_COLUMNS, &rows, d)
}

/// The cohort table: one row per first-order period, its size, and the share of it ordering again
/// 1, 2, … periods later (empty past the end of the data).
pub fn cohorts_csv(r: &Retention, d: Dialect) -> String {
    let k = r.cohorts.iter().map(|c| c.shares.len()).max().unwrap_or(0);
    let later: Vec<String> = (1..=k).map(|j| format!("after_{j}")).collect();
    let mut header = vec!["cohort", "customers"];
    header.extend(later.iter().map(String::as_str));
    let rows: Vec<Vec<Cell>> = r
        .cohorts
        .iter()
        .map(|c| {
            let mut row = vec![Cell::text(c.start.to_iso()), Cell::Int(c.size as i64)];
            row.extend((0..k).map(|j| Cell::Num(c.shares.get(j).copied())));
            row
        })
        .collect();
    to_csv(&header, &rows, d)
}

/// Columns of [`lags_csv`].
pub const LAG_COLUMNS: &[&str] = &[
    "x",
    "y",
    "k",
    "n",
    "r",
    "p",
    "band95",
    "is_best",
    "undefined_reason",
];

/// r at every lag of every lagged pair (k > 0: x leads y).
pub fn lags_csv(report: &Report, d: Dialect) -> String {
    let mut rows = Vec::new();
    for l in &report.lagged {
        for p in &l.lags {
            rows.push(vec![
                Cell::text(l.x.as_str()),
                Cell::text(l.y.as_str()),
                Cell::Int(p.k),
                Cell::Int(p.n as i64),
                Cell::Num(p.r),
                Cell::Num(p.p),
                Cell::Num(p.band95),
                Cell::Bool(l.best_k_by_abs_r == Some(p.k)),
                Cell::opt_text(p.undefined_reason.as_deref()),
            ]);
        }
    }
    to_csv(LAG_COLUMNS, &rows, d)
}

/// Columns of [`before_after_csv`].
pub const BEFORE_AFTER_COLUMNS: &[&str] = &[
    "split_date",
    "column",
    "n_before",
    "n_after",
    "mean_before",
    "mean_after",
    "pct_change",
    "welch_t",
    "welch_df",
    "welch_p",
    "undefined_reason",
];

/// Means before and from the split date, per column, with Welch's test.
pub fn before_after_csv(ba: &BeforeAfterReport, d: Dialect) -> String {
    let rows: Vec<Vec<Cell>> = ba
        .columns
        .iter()
        .map(|c| {
            vec![
                Cell::text(ba.date.as_str()),
                Cell::text(c.column.as_str()),
                Cell::Int(c.n_before as i64),
                Cell::Int(c.n_after as i64),
                Cell::Num(c.mean_before),
                Cell::Num(c.mean_after),
                Cell::Num(c.pct_change),
                Cell::Num(c.welch.t),
                Cell::Num(c.welch.df),
                Cell::Num(c.welch.p),
                Cell::opt_text(c.undefined_reason.as_deref()),
            ]
        })
        .collect();
    to_csv(BEFORE_AFTER_COLUMNS, &rows, d)
}

/// The full report, the same document as the CLI's `--json` (SCHEMA.md §4 layout): `input.files`
/// (one ingestion report per file read), `table`, `analyses`, `findings`, `plan`, `plan_source`.
/// Assembled by the core (`analysis::document`) and serialised straight from its structs, so
/// columns stay in header order. The page writes it in pieces (`browser::download::save_json`).
pub fn results_document<'a>(
    files: &[&'a FileReport],
    table: &'a Table,
    report: &'a Report,
    plan: &'a Plan,
    plan_source: &'a str,
    retention: Option<&'a Retention>,
    lang: Lang,
) -> analysis::Document<'a> {
    let mut doc = analysis::document(files.to_vec(), table, report, plan, plan_source, lang);
    doc.retention = retention;
    doc
}

/// Heading of each group of findings, in the order they are shown.
pub fn severity_heading(s: Severity, lang: Lang) -> &'static str {
    let (en, it) = match s {
        Severity::Key => ("Key results", "Risultati principali"),
        Severity::Warning => ("Caveats", "Avvertenze"),
        Severity::Info => ("Good to know", "Da sapere"),
    };
    crate::i18n::tr(lang, en, it)
}

/// The findings as plain text to paste into an e-mail or a report: grouped, one bullet each.
pub fn findings_text(findings: &[Finding], lang: Lang) -> String {
    let mut out = String::new();
    for s in [Severity::Key, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(severity_heading(s, lang));
        out.push('\n');
        for f in group {
            out.push_str("- ");
            out.push_str(f.text(lang));
            out.push('\n');
        }
    }
    out
}

/// A safe file name stem from a title: ASCII letters and digits, words joined by `-`, accents
/// dropped from common Latin letters, at most 60 characters; `fallback` when nothing is left.
pub fn file_stem(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars().map(social_roi_core::text::lower_char) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
            if out.len() >= 60 {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_roi_core::analysis::{run, Plan, RoiSpec, TargetSpec};
    use social_roi_core::Date;

    fn table() -> Table {
        let d: Vec<Date> = (0..12)
            .map(|i| Date::from_days(Date::from_ymd(2024, 1, 1).unwrap().days() + 7 * i))
            .collect();
        let spend: Vec<f64> = (0..12)
            .map(|i| 100.0 + f64::from(i * 7 % 5) * 10.0)
            .collect();
        let revenue: Vec<f64> = spend
            .iter()
            .enumerate()
            .map(|(i, s)| s * 3.0 + (i as f64 * 1.7).sin() * 20.0)
            .collect();
        let orders: Vec<f64> = revenue.iter().map(|r| (r / 30.0).round()).collect();
        Table::from_columns(
            Some(("date", d)),
            vec![
                ("=HYPERLINK(\"x\")", spend),
                ("revenue", revenue),
                ("orders, total", orders),
            ],
        )
    }

    fn plan() -> Plan {
        Plan {
            roi: Some(RoiSpec {
                cost: Some("=HYPERLINK(\"x\")".into()),
                attributed_revenue: Some("revenue".into()),
                conversions: Some("orders, total".into()),
                ..RoiSpec::default()
            }),
            target: Some(TargetSpec {
                column: "revenue".into(),
                max_lag: 2,
            }),
            ..Plan::default()
        }
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for s in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("sessions"), "sessions");
        assert_eq!(neutralise(""), "");
        assert_eq!(neutralise("a=b"), "a=b");
    }

    #[test]
    fn fields_are_quoted_per_rfc_4180() {
        assert_eq!(quote("plain", ','), "plain");
        assert_eq!(quote("a,b", ','), "\"a,b\"");
        assert_eq!(quote("a,b", ';'), "a,b");
        assert_eq!(quote("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines", ','), "\"two\nlines\"");
        assert_eq!(quote("cr\rx", ';'), "\"cr\rx\"");
    }

    #[test]
    fn numbers_are_numbers_never_neutralised() {
        let d = Dialect::STANDARD;
        assert_eq!(number(-0.5, d), "-0.5");
        assert_eq!(number(3.0, d), "3");
        assert_eq!(number(0.1 + 0.2, d), "0.30000000000000004");
        assert_eq!(number(1.5e-30, d), "1.5e-30");
        assert_eq!(number(2e20, d), "2e20");
        assert_eq!(number(f64::NAN, d), "");
        assert_eq!(number(-1234.25, Dialect::EXCEL_IT), "-1234,25");
        let csv = to_csv(
            &["v"],
            &[
                vec![Cell::Num(Some(-2.5))],
                vec![Cell::Int(-3)],
                vec![Cell::Num(None)],
            ],
            d,
        );
        assert_eq!(csv, "v\r\n-2.5\r\n-3\r\n\r\n");
        // Every value reads back exactly.
        for v in [0.123_456_789_012_345_68, 1e-7, 98765.4321, -7.25e100] {
            assert_eq!(number(v, d).parse::<f64>().unwrap(), v);
        }
    }

    #[test]
    fn text_cells_are_neutralised_then_quoted() {
        let row = vec![
            Cell::text("=cmd|' /C calc'!A0"),
            Cell::text("-2,5"),
            Cell::text("<img src=x onerror=alert(1)>"),
        ];
        let csv = to_csv(&["a", "b", "c"], &[row], Dialect::STANDARD);
        assert_eq!(
            csv,
            "a,b,c\r\n'=cmd|' /C calc'!A0,\"'-2,5\",<img src=x onerror=alert(1)>\r\n"
        );
        let it = to_csv(&["a"], &[vec![Cell::Num(Some(0.25))]], Dialect::EXCEL_IT);
        assert_eq!(it, "\u{feff}a\r\n0,25\r\n");
    }

    #[test]
    fn report_tables_have_their_columns_and_inert_names() {
        let t = table();
        let r = run(&t, &plan()).unwrap();
        let ch = social_roi_core::analysis::changes_table(&t)
            .map(|c| run(&c, &Plan::default()).unwrap());
        let csv = correlations_csv(&r, ch.as_ref(), Dialect::STANDARD);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], CORRELATION_COLUMNS.join(","));
        assert_eq!(
            lines.len(),
            1 + 3 + 3 + 1,
            "3 pairs per basis and the final line end"
        );
        assert!(
            lines[1].starts_with("levels,\"'=HYPERLINK(\"\"x\"\")\",revenue,12,"),
            "{}",
            lines[1]
        );
        assert!(lines[4].starts_with("changes,"));
        assert!(csv.contains("\"orders, total\""));
        // Pearson r written in full precision.
        let r0 = r.correlations[0].pearson.r.unwrap();
        assert!(lines[1].contains(&format!(",{r0},")));

        let roi = roi_csv(r.roi.as_ref().unwrap(), Dialect::STANDARD);
        assert!(roi.starts_with("date,row,roi,roas,cpa,cost_per_new_follower\r\n2024-01-01,0,,"));
        assert_eq!(roi.split("\r\n").count(), 12 + 2);

        let lags = lags_csv(&r, Dialect::STANDARD);
        assert!(lags.starts_with("x,y,k,n,r,p,band95,is_best,undefined_reason\r\n"));
        assert_eq!(
            lags.matches("true").count(),
            2,
            "one best lag per pair:\n{lags}"
        );

        let ba = social_roi_core::analysis::before_after::before_after(
            &t,
            Date::from_ymd(2024, 2, 5).unwrap(),
            None,
        );
        let b = before_after_csv(&ba, Dialect::STANDARD);
        assert!(b.starts_with(&format!(
            "{}\r\n2024-02-05,",
            BEFORE_AFTER_COLUMNS.join(",")
        )));
    }

    #[test]
    fn json_has_the_cli_layout() {
        let t = table();
        let p = plan();
        let r = run(&t, &p).unwrap();
        let file = FileReport {
            name: "a.csv".into(),
            ..FileReport::default()
        };
        let doc = results_document(
            &[&file],
            &t,
            &r,
            &p,
            "guessed from column names",
            None,
            Lang::It,
        );
        let text = social_roi_core::json::to_string(&doc).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for key in [
            "input",
            "table",
            "analyses",
            "findings",
            "plan",
            "plan_source",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["input"]["files"][0]["name"], "a.csv");
        assert_eq!(v["table"]["n_rows"], 12);
        assert_eq!(v["analyses"]["correlations"].as_array().unwrap().len(), 3);
        let f = &v["findings"][0];
        assert_eq!(f["text"], f["text_it"]);
        assert_eq!(v["plan"]["target"]["column"], "revenue");
        // Columns in header order (revenue before orders), not sorted by name.
        let (rev, ord) = (
            text.find("\"revenue\": {").unwrap(),
            text.find("\"orders, total\": {").unwrap(),
        );
        assert!(rev < ord, "descriptives keep the header order");
    }

    #[test]
    fn findings_text_groups_by_severity() {
        let t = table();
        let r = run(&t, &plan()).unwrap();
        let text = findings_text(r.findings(), Lang::En);
        assert!(
            text.starts_with("Key results\n- ") || text.starts_with("Caveats\n- "),
            "{text}"
        );
        assert_eq!(
            text.matches("\n- ").count() + usize::from(text.starts_with("- ")),
            r.findings().len()
        );
        let it = findings_text(r.findings(), Lang::It);
        assert!(!it.contains("Key results"));
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(
            file_stem("Correlazione: «sessions» → revenue", "chart"),
            "correlazione-sessions-revenue"
        );
        assert_eq!(
            file_stem("<img src=x onerror=alert(1)>", "chart"),
            "img-src-x-onerror-alert-1"
        );
        assert_eq!(file_stem("Perché è più", "chart"), "perche-e-piu");
        assert_eq!(file_stem("../../etc/passwd", "chart"), "etc-passwd");
        assert_eq!(file_stem("«»", "chart"), "chart");
        assert!(file_stem(&"ab ".repeat(100), "x").len() <= 61);
    }

    #[test]
    fn retention_and_cohorts_as_csv_hold_counts_only() {
        use social_roi_core::events::Cohort;
        use social_roi_core::Date;
        let d = |m| Date::from_ymd(2024, m, 1).unwrap();
        let r = Retention {
            periods: vec![d(1), d(2)],
            new_customers: vec![3.0, 1.0],
            returning_customers: vec![0.0, 2.0],
            returning_share: vec![Some(0.0), Some(2.0 / 3.0)],
            repeat_purchase_rate: Some(0.5),
            orders_per_customer: Some(1.5),
            cohorts: vec![
                Cohort {
                    start: d(1),
                    size: 3,
                    shares: vec![2.0 / 3.0],
                },
                Cohort {
                    start: d(2),
                    size: 1,
                    shares: vec![],
                },
            ],
            value_of_customer: Some(42.0),
        };
        assert_eq!(
            retention_csv(&r, Dialect::STANDARD),
            "period,new_customers,returning_customers,returning_share\r\n2024-01-01,3,0,0\r\n2024-02-01,1,2,0.6666666666666666\r\n"
        );
        assert_eq!(
            cohorts_csv(&r, Dialect::EXCEL_IT),
            "\u{feff}cohort;customers;after_1\r\n2024-01-01;3;0,6666666666666666\r\n2024-02-01;1;\r\n"
        );
    }
}
