//! Focused end-to-end tests of `ingest::read` for every format the engine must read: numbers and
//! locales, missing markers, dates, encodings, export shapes, errors, overrides, aggregation.

use social_roi_core::ingest::{
    self, AggRule, Aggregate, ColumnKind, ColumnOverride, DateOrder, Encoding, Loaded, Options,
    Period, ReadJob,
};
use social_roi_core::{ColumnData, Date, ErrorKind};

fn read(s: &str) -> Loaded {
    read_bytes(s.as_bytes())
}

fn read_bytes(b: &[u8]) -> Loaded {
    ingest::read("t.csv", b, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn read_opts(s: &str, o: &Options) -> Loaded {
    ingest::read("t.csv", s.as_bytes(), o).unwrap_or_else(|e| panic!("{e}"))
}

fn err(b: &[u8]) -> social_roi_core::Error {
    ingest::read("t.csv", b, &Options::default()).expect_err("should fail")
}

fn col(l: &Loaded, name: &str) -> Vec<Option<f64>> {
    l.table
        .numbers(name)
        .unwrap_or_else(|| panic!("no numeric column {name}"))
        .iter()
        .map(|&x| (!x.is_nan()).then_some(x))
        .collect()
}

fn dates(l: &Loaded) -> Vec<String> {
    l.table
        .dates()
        .unwrap()
        .iter()
        .map(|d| d.to_iso())
        .collect()
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd(y, m, day).unwrap()
}

// ---------- numbers ----------

#[test]
fn decimal_comma_and_dot_thousands_decided_from_the_whole_file() {
    let l = read("data;spesa;follower\n01/02/2024;€ 1.234,56;18.312\n02/02/2024;€ 99,00;18.400\n");
    assert_eq!(col(&l, "spesa"), [Some(1234.56), Some(99.0)]);
    assert_eq!(col(&l, "follower"), [Some(18312.0), Some(18400.0)]);
    assert_eq!(l.report.decimal_separator.as_deref(), Some(","));
    assert_eq!(l.report.thousands_separator.as_deref(), Some("."));
    let f = l
        .report
        .columns
        .iter()
        .find(|c| c.name == "follower")
        .unwrap();
    let amb = f
        .ambiguity
        .as_ref()
        .expect("follower is flagged as ambiguous");
    assert_eq!(amb.what, "decimal_separator");
    assert_eq!(amb.example, "18.312");
    let s = l.report.columns.iter().find(|c| c.name == "spesa").unwrap();
    assert!(s.ambiguity.is_none());
    assert_eq!(s.currency.as_deref(), Some("€"));
}

#[test]
fn ambiguous_column_default_and_override() {
    // Only `1.234`-like values, comma file: '.' decimal by default, flagged.
    let src = "date,x\n2024-01-01,1.234\n2024-01-02,2.500\n";
    let l = read(src);
    assert_eq!(col(&l, "x"), [Some(1.234), Some(2.5)]);
    assert!(l.report.columns[1].ambiguity.is_some());
    let mut o = Options::default();
    o.columns.push(ColumnOverride::new("x").decimal(b','));
    let l = read_opts(src, &o);
    assert_eq!(col(&l, "x"), [Some(1234.0), Some(2500.0)]);
    assert!(l.report.columns[1].ambiguity.is_none());
    assert!(l.report.columns[1].overridden);
    // semicolon file with no other evidence: comma decimal by default
    let l = read("date;x\n2024-01-01;1.234\n2024-01-02;2.500\n");
    assert_eq!(col(&l, "x"), [Some(1234.0), Some(2500.0)]);
}

#[test]
fn later_cells_decide_the_column_not_the_sample() {
    // 1500 ambiguous rows, then one decisive `1.234,5`: the whole column is re-read as comma-decimal.
    let mut s = String::from("date;v\n");
    let mut day = d(2020, 1, 1);
    for _ in 0..1500 {
        s.push_str(&format!("{day};1.234\n"));
        day = Date::from_days(day.days() + 1);
    }
    s.push_str(&format!("{day};1.234,5\n"));
    let l = read(&s);
    let v = col(&l, "v");
    assert_eq!(v[0], Some(1234.0));
    assert_eq!(v[1500], Some(1234.5));
    // and the other way: dot-decimal evidence late in a comma file
    let mut s = String::from("date,v\n");
    let mut day = d(2020, 1, 1);
    for _ in 0..1500 {
        s.push_str(&format!("{day},\"1,234\"\n"));
        day = Date::from_days(day.days() + 1);
    }
    s.push_str(&format!("{day},0.5\n"));
    let l = read(&s);
    let v = col(&l, "v");
    assert_eq!((v[0], v[1500]), (Some(1234.0), Some(0.5)));
}

#[test]
fn currencies_percent_accounting_minus_scientific_spaces() {
    let l = read(concat!(
        "date\ta\tb\tc\td\te\tf\n",
        "2024-01-01\t$1,234.50\t12.5%\t(1,000.25)\t−3\t1.5e3\t1 234.5\n",
        "2024-01-02\t-$45.12\t45.12 %\t$(2.00)\t-0.5\t2E-2\t1\u{a0}000\n",
        "2024-01-03\tUS$ 10\t0%\t3\t+4\t-1e1\t12'345.6\n",
        "2024-01-04\t10 EUR\t100%\t£0.00\t7\t7\t1\u{2009}234\n",
    ));
    assert_eq!(
        col(&l, "a"),
        [Some(1234.5), Some(-45.12), Some(10.0), Some(10.0)]
    );
    assert_eq!(
        col(&l, "b"),
        [Some(0.125), Some(0.4512), Some(0.0), Some(1.0)]
    );
    assert_eq!(
        col(&l, "c"),
        [Some(-1000.25), Some(-2.0), Some(3.0), Some(0.0)]
    );
    assert_eq!(col(&l, "d"), [Some(-3.0), Some(-0.5), Some(4.0), Some(7.0)]);
    assert_eq!(
        col(&l, "e"),
        [Some(1500.0), Some(0.02), Some(-10.0), Some(7.0)]
    );
    assert_eq!(
        col(&l, "f"),
        [Some(1234.5), Some(1000.0), Some(12345.6), Some(1234.0)]
    );
    let b = l.report.columns.iter().find(|c| c.name == "b").unwrap();
    assert!(b.percent);
    assert_eq!(l.report.delimiter.as_deref(), Some("tab"));
}

#[test]
fn values_are_correctly_rounded() {
    let vals = [
        "0.1",
        "2512.03",
        "1e-300",
        "123456789.123456789",
        "0.30000000000000004",
        "9007199254740993",
    ];
    let mut s = String::from("x\n");
    for v in vals {
        s.push_str(v);
        s.push('\n');
    }
    let l = read(&s);
    let got = l.table.numbers("x").unwrap();
    for (g, v) in got.iter().zip(vals) {
        assert_eq!(*g, v.parse::<f64>().unwrap(), "{v}");
    }
}

#[test]
fn missing_markers_are_reported_never_zero() {
    let markers = [
        "", " ", "NA", "N/A", "#N/A", "n/a", "-", "--", "null", "n.d.", "#DIV/0!", "NaN",
    ];
    let mut s = String::from("date,x\n");
    for (i, m) in markers.iter().enumerate() {
        s.push_str(&format!("2024-01-{:02},{m}\n", i + 1));
    }
    // enough numbers for the column to be numeric (at least half of the non-blank cells)
    for i in 1..=12 {
        s.push_str(&format!("2024-02-{i:02},{i}\n"));
    }
    let l = read(&s);
    let v = col(&l, "x");
    assert!(v[..markers.len()].iter().all(Option::is_none));
    assert_eq!(v[markers.len()], Some(1.0));
    let raws: Vec<&str> = l
        .report
        .missing_cells
        .iter()
        .map(|m| m.raw.as_str())
        .collect();
    assert_eq!(raws, markers);
    assert_eq!(l.report.missing_cells[2].line, 4);
    assert_eq!(l.report.missing_cells[2].column, "x");
}

#[test]
fn text_columns_are_kept_but_not_numeric_and_the_half_rule() {
    let l = read("date,campaign,clicks,mostly_text\n2024-01-01,Spring,5,a\n2024-01-02,Summer,6,b\n2024-01-03,Autumn,x,3\n");
    assert_eq!(l.report.text_columns_ignored, ["campaign", "mostly_text"]);
    let names: Vec<&str> = l.table.numeric_columns().map(|c| c.0).collect();
    assert_eq!(names, ["clicks"]);
    match &l.table.column("campaign").unwrap().data {
        ColumnData::Text(v) => assert_eq!(v.get(1), Some("Summer")),
        ColumnData::Numeric(_) => panic!("campaign should be text"),
    }
    // exactly half parse -> numeric
    let l = read("a,b\n1,x\n2,y\nz,3\nw,4\n");
    assert_eq!(l.table.numeric_columns().count(), 2);
    // a column with no value at all is numeric with n = 0
    let l = read("date,a,b\n2024-01-01,1,\n2024-01-02,2,\n");
    assert_eq!(col(&l, "b"), [None, None]);
    // a number override keeps a mostly-text column numeric (its text cells are missing)
    let mut o = Options::default();
    o.columns
        .push(ColumnOverride::new("mostly_text").kind(ColumnKind::Number));
    let l = read_opts(
        "date,mostly_text\n2024-01-01,a\n2024-01-02,b\n2024-01-03,3\n",
        &o,
    );
    assert_eq!(col(&l, "mostly_text"), [None, None, Some(3.0)]);
    assert_eq!(l.report.missing_cells.len(), 2);
    // a kind override
    let mut o = Options::default();
    o.columns
        .push(ColumnOverride::new("a").kind(ColumnKind::Text));
    let l = read_opts("date,a\n2024-01-01,1\n", &o);
    assert!(l.table.numbers("a").is_none());
}

// ---------- dates ----------

#[test]
fn date_formats() {
    let cases: &[(&str, &str)] = &[
        ("2024-03-01", "2024-03-01"),
        ("2024-03-01T18:00:00Z", "2024-03-01"),
        ("2024-03-01 18:00 +0000", "2024-03-01"),
        ("2024-03-01T23:30:00-05:00", "2024-03-01"),
        ("2024/03/01", "2024-03-01"),
        ("20240301", "2024-03-01"),
        ("2024-03", "2024-03-01"),
        ("2024-W09", "2024-02-26"),
        ("3 mar 2024", "2024-03-03"),
        ("3 gen 2024", "2024-01-03"),
        ("Sun, Mar 1, 2026", "2026-03-01"),
        ("1-Mar-2024", "2024-03-01"),
        ("01.10.2026", "2026-10-01"),
        ("31-12-2024", "2024-12-31"),
    ];
    for (raw, iso) in cases {
        let l = read(&format!("when,x\n\"{raw}\",1\n"));
        assert_eq!(dates(&l), [*iso], "{raw}");
    }
}

#[test]
fn day_month_order_from_the_whole_column() {
    // US order, decided by 3/13 appearing late
    let mut s = String::from("Day,x\n");
    for i in 1..=13 {
        s.push_str(&format!("3/{i}/24,{i}\n"));
    }
    let l = read(&s);
    assert_eq!(dates(&l)[0], "2024-03-01");
    assert_eq!(dates(&l)[12], "2024-03-13");
    // European order decided by a day above 12
    let l = read("data;x\n13/01/2024;1\n01/02/2024;2\n");
    assert_eq!(dates(&l), ["2024-01-13", "2024-02-01"]);
    // all ambiguous: the reading that is a sequence wins, flagged
    let l = read("date,x\n01/02/2024,1\n01/03/2024,2\n01/04/2024,3\n");
    assert_eq!(dates(&l), ["2024-01-02", "2024-01-03", "2024-01-04"]);
    let amb = l.report.columns[0].ambiguity.as_ref().unwrap();
    assert_eq!(amb.what, "date_order");
    // override
    let mut o = Options::default();
    o.columns
        .push(ColumnOverride::new("date").date_order(DateOrder::Dmy));
    let l = read_opts("date,x\n01/02/2024,1\n01/03/2024,2\n01/04/2024,3\n", &o);
    assert_eq!(dates(&l), ["2024-02-01", "2024-03-01", "2024-04-01"]);
}

#[test]
fn newest_first_files_are_sorted_ascending() {
    let l = read("date,x\n2024-01-03,3\n2024-01-02,2\n2024-01-01,1\n");
    assert_eq!(l.report.row_order_in_file, "descending");
    assert_eq!(col(&l, "x"), [Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(l.table.sources[0].line, 4);
    let l = read("date,x\n2024-01-02,2\n2024-01-03,3\n2024-01-01,1\n");
    assert_eq!(l.report.row_order_in_file, "unordered");
    assert_eq!(col(&l, "x"), [Some(1.0), Some(2.0), Some(3.0)]);
}

#[test]
fn duplicate_dates_error_unless_identical_or_aggregated() {
    let e = err(b"date,x\n2024-01-01,1\n2024-01-02,2\n2024-01-01,3\n");
    assert_eq!(e.kind_code(), "duplicate_date");
    match e.kind() {
        ErrorKind::DuplicateDate {
            date,
            first_line,
            second_line,
            ..
        } => assert_eq!(
            (date.as_str(), *first_line, *second_line),
            ("2024-01-01", 2, 4)
        ),
        k => panic!("{k:?}"),
    }
    let l = read("date,x\n2024-01-01,1\n2024-01-01,1\n2024-01-02,2\n");
    assert_eq!(l.table.n_rows(), 2);
    assert_eq!(l.report.ignored_lines[0].line, 3);
    assert!(!l.report.notices.is_empty());
    // event level: one row per post, aggregated per day with a count and a sum
    let mut o = Options::default();
    o.aggregate = Some(Aggregate::new(Period::Day).rule("post", AggRule::Count));
    let l = read_opts(
        "time,post,likes\n2024-03-01 18:00 +0000,a,5\n2024-03-01 19:00 +0000,b,7\n2024-03-02 09:00 +0000,c,1\n",
        &o,
    );
    assert_eq!(dates(&l), ["2024-03-01", "2024-03-02"]);
    assert_eq!(col(&l, "likes"), [Some(12.0), Some(1.0)]);
    assert_eq!(col(&l, "post"), [Some(2.0), Some(1.0)]);
    assert!(l.report.text_columns_ignored.is_empty());
    let agg = l.report.aggregated.as_ref().unwrap();
    assert_eq!((agg.rows_before, agg.rows_after), (3, 2));
}

// ---------- encodings ----------

#[test]
fn utf8_bom_never_reaches_the_header() {
    let l = read_bytes(b"\xEF\xBB\xBFdate,x\r\n2024-01-01,1\r\n");
    assert_eq!(l.report.header[0], "date");
    assert_eq!(l.report.encoding, "UTF-8 with BOM");
    assert!(l.report.bom);
    assert_eq!(l.report.line_terminator.as_deref(), Some("CRLF"));
}

#[test]
fn utf16_le_and_be_with_bom() {
    let text = "Giorno\tSpesa\r\n2024-01-01\t1,5\r\n2024-01-02\t2,25\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    for (bytes, enc) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
        let l = read_bytes(&bytes);
        assert_eq!(l.report.encoding, enc);
        assert_eq!(l.report.delimiter.as_deref(), Some("tab"));
        assert_eq!(col(&l, "Spesa"), [Some(1.5), Some(2.25)]);
        assert_eq!(l.report.header[0], "Giorno");
    }
}

#[test]
fn windows_1252_fallback_names_the_first_bad_byte() {
    let bytes = b"data;citt\xe0;importo\n01/02/2024;Forl\xec;\x80 1.234,50\n";
    let l = read_bytes(bytes);
    assert_eq!(l.report.encoding, "Windows-1252");
    let n = l.report.encoding_notice.as_ref().unwrap();
    assert_eq!((n.offset, n.line, n.value.as_str()), (9, 1, "0xE0"));
    assert_eq!(l.report.header[1], "città");
    assert_eq!(col(&l, "importo"), [Some(1234.5)]);
    // forcing UTF-8 makes it an error with the position
    let mut o = Options::default();
    o.encoding = Some(Encoding::Utf8);
    let e = ingest::read("t.csv", bytes, &o).unwrap_err();
    assert_eq!(e.kind_code(), "invalid_utf8");
    assert_eq!((e.line(), e.position().byte_offset), (Some(1), Some(9)));
}

#[test]
fn binary_inputs_are_refused() {
    for b in [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
        b"a,b\n1,\x002\n",
        b"%PDF-1.7\n",
        b"\x1f\x8b\x08\0",
    ] {
        assert_eq!(err(b).kind_code(), "binary_or_not_text", "{b:?}");
    }
}

// ---------- shapes ----------

#[test]
fn google_analytics_preamble_totals_and_second_table() {
    let src = "# ---\n# All Web Site Data\n# 20240101-20240102\n\nDay Index,Sessions\n1/1/24,\"1,204\"\n1/2/24,987\n,\"2,191\"\n\nDay Index,Users\n1/1/24,5\n";
    let l = read(src);
    assert_eq!(l.report.header_line, Some(5));
    assert_eq!(col(&l, "Sessions"), [Some(1204.0), Some(987.0)]);
    let lines: Vec<u64> = l.report.ignored_lines.iter().map(|i| i.line).collect();
    assert_eq!(lines, [1, 2, 3, 4, 8, 9, 10, 11]);
    assert!(l.report.ignored_lines[4].reason.contains("totals"));
    assert!(l.report.ignored_lines[6].reason.contains("another table"));
}

#[test]
fn google_ads_title_lines_and_total_footer() {
    let src = "Campaign report\n1 January 2024 - 31 March 2024\nDay,Campaign,Clicks,CTR,Cost / conv.\n2024-01-02,Spring — Search,10,3.33%,--\n2024-01-03,Spring — Search,12,4.00%,0.5\nTotal: Account,,22,3.7%,0.5\n";
    let l = read(src);
    assert_eq!(l.report.header_line, Some(3));
    assert_eq!(col(&l, "Clicks"), [Some(10.0), Some(12.0)]);
    assert_eq!(col(&l, "CTR"), [Some(0.0333), Some(0.04)]);
    assert_eq!(col(&l, "Cost / conv."), [None, Some(0.5)]);
    assert_eq!(l.report.missing_cells[0].raw, "--");
    let lines: Vec<u64> = l.report.ignored_lines.iter().map(|i| i.line).collect();
    assert_eq!(lines, [1, 2, 6]);
    assert_eq!(l.report.text_columns_ignored, ["Campaign"]);
}

#[test]
fn facebook_description_row_is_skipped() {
    let src = "Date,Lifetime Total Likes,Daily New Likes\n,\"Lifetime: The total number of people who have liked your Page. (Unique Users)\",\"Daily: The number of new people who have liked your Page (Unique Users)\"\n2024-01-01,100,3\n2024-01-02,103,4\n";
    let l = read(src);
    assert_eq!(l.table.n_rows(), 2);
    assert_eq!(l.report.ignored_lines[0].line, 2);
    assert_eq!(col(&l, "Daily New Likes"), [Some(3.0), Some(4.0)]);
}

#[test]
fn german_facebook_export() {
    let l = read(
        "Datum;Seiten-Follower;Reichweite\n01.10.2026;1.500;12.000\n02.10.2026;1.512;11.500,5\n",
    );
    assert_eq!(dates(&l), ["2026-10-01", "2026-10-02"]);
    assert_eq!(col(&l, "Seiten-Follower"), [Some(1500.0), Some(1512.0)]);
    assert_eq!(col(&l, "Reichweite"), [Some(12000.0), Some(11500.5)]);
}

#[test]
fn quoting_line_ends_and_no_final_newline() {
    let l = read(
        "date,\"a, quoted\",b\r2024-01-01,\"1,5\",\"x\"\"y\"\r2024-01-02,\"2\",\"multi\nline\"",
    );
    assert_eq!(l.report.line_terminator.as_deref(), Some("CR"));
    assert!(!l.report.ends_with_newline);
    assert_eq!(l.report.header[1], "a, quoted");
    assert_eq!(col(&l, "a, quoted"), [Some(1.5), Some(2.0)]);
    assert_eq!(l.table.sources[1].line, 3);
    let l = read("a|b\n1|2\n3|4\n");
    assert_eq!(l.report.delimiter.as_deref(), Some("pipe"));
    let mut o = Options::default();
    o.delimiter = Some(b';');
    let l = read_opts("a;b,c\n1;2,5\n", &o);
    assert_eq!(col(&l, "b,c"), [Some(2.5)]);
}

#[test]
fn trailing_delimiters_and_duplicate_or_empty_header_names() {
    let l = read("date,x,x,\n2024-01-01,1,2,\n2024-01-02,3,4,\n");
    let names: Vec<&str> = l.table.numeric_columns().map(|c| c.0).collect();
    assert_eq!(names, ["x", "x (2)"]);
    assert!(!l.report.notices.is_empty());
}

#[test]
fn without_a_date_column_file_order_is_kept() {
    let l = read("x,y\n3,1\n1,2\n");
    assert!(l.table.date.is_none());
    assert_eq!(l.report.row_order_in_file, "no date column");
    assert_eq!(col(&l, "x"), [Some(3.0), Some(1.0)]);
    let mut o = Options::default();
    o.no_date_column = true;
    let l = read_opts("date,x\n2024-01-02,1\n2024-01-01,2\n", &o);
    assert!(l.table.date.is_none());
    let mut o = Options::default();
    o.date_column = Some("b".into());
    let l = read_opts(
        "a,b,x\n2024-01-09,2024-01-02,1\n2024-01-08,2024-01-01,2\n",
        &o,
    );
    assert_eq!(l.report.date_column.as_deref(), Some("b"));
    assert_eq!(dates(&l), ["2024-01-01", "2024-01-02"]);
}

// ---------- errors ----------

#[test]
fn errors_name_kind_and_position() {
    assert_eq!(err(b"").kind_code(), "empty_input");
    assert_eq!(err(b"  \n\n\t\n").kind_code(), "empty_input");
    assert_eq!(err(b"# only a comment\n").kind_code(), "empty_input");
    let e = err(b"a,b,c\n");
    assert_eq!((e.kind_code(), e.line()), ("no_data_rows", Some(1)));
    let e = err(b"a,b\n1,2\n3\n4,5,6\n");
    assert_eq!((e.kind_code(), e.line()), ("ragged_row", Some(3)));
    match e.kind() {
        ErrorKind::RaggedRow { others, .. } => assert_eq!(others, &[(4, 3)]),
        k => panic!("{k:?}"),
    }
    let e = err(b"a,b\n1,2\n3,\"open\n4,5\n");
    assert_eq!((e.kind_code(), e.line()), ("unterminated_quote", Some(3)));
    assert_eq!(e.position().byte_offset, Some(10));
    // the BOM is counted in the byte offset
    let e = err(b"\xEF\xBB\xBFa,b\n1,2\n3,\"open\n");
    assert_eq!(e.position().byte_offset, Some(13));
    let e = err(b"date,x\n2024-01-01,1\n2024-01-02,1\n2024-01-03,1\n2024-01-04,1\n2024-13-45,2\n");
    assert_eq!(
        (e.kind_code(), e.line(), e.column()),
        ("invalid_date", Some(6), Some(1))
    );
    let mut o = Options::default();
    o.date_column = Some("nope".into());
    assert_eq!(
        ingest::read("t.csv", b"a\n1\n", &o)
            .unwrap_err()
            .kind_code(),
        "unknown_column"
    );
    assert!(err(b"a,b\n1,2\n3\n")
        .message(social_roi_core::Lang::It)
        .contains("riga 3"));
}

// ---------- ReadJob ----------

#[test]
fn read_job_steps_are_bounded_and_agree_with_read() {
    let mut s = String::from("date;spend;note\n");
    let mut day = d(2020, 1, 1);
    for i in 0..3000 {
        s.push_str(&format!("{day};{},{};\"n {i}\"\n", i, i % 100));
        day = Date::from_days(day.days() + 1);
    }
    let one = read(&s);
    let mut job = ReadJob::new("t.csv".into(), s.clone().into_bytes(), Options::default());
    let mut steps = 0;
    let mut last = 0.0;
    let stepped = loop {
        steps += 1;
        let r = job.step(4096).unwrap();
        assert!(job.progress() >= last);
        last = job.progress();
        if let Some(l) = r {
            break l;
        }
    };
    assert!(steps > s.len() / 4096, "{steps} steps");
    assert_eq!(format!("{one:?}"), format!("{stepped:?}"));
    assert_eq!(job.progress(), 1.0);
    assert!(job.step(10).is_err());
    // progress stays monotonic across the switch to the Windows-1252 fallback
    let mut bytes = s.into_bytes();
    bytes.extend_from_slice(b"2030-01-01;1,5;\"caff\xe8\"\n");
    let one = read_bytes(&bytes);
    assert_eq!(one.report.encoding, "Windows-1252");
    let mut job = ReadJob::new("t.csv".into(), bytes, Options::default());
    let mut last = 0.0;
    let stepped = loop {
        let r = job.step(8192).unwrap();
        assert!(job.progress() >= last, "{} < {last}", job.progress());
        last = job.progress();
        if let Some(l) = r {
            break l;
        }
    };
    assert_eq!(format!("{one:?}"), format!("{stepped:?}"));
}

#[test]
fn rows_wider_than_their_header_are_ragged_not_a_new_header() {
    // unquoted US thousands: each row has one field more than the header
    let e = err(b"date,sessions,revenue\n2026-01-05,1,234,500.00\n2026-01-06,2,345,610.00\n2026-01-07,3,456,720.00\n");
    assert!(
        matches!(
            e.kind(),
            ErrorKind::RaggedRow {
                fields: 4,
                expected: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.line(), Some(2));
    // a quote left open in a ';' file is reported where it opens
    let e = err(b"data;nota;fatturato\n05/01/2026;\"promo;1.234,50\n06/01/2026;ok;1.400,00\n07/01/2026;ok;990,10\n");
    assert!(
        matches!(e.kind(), ErrorKind::UnterminatedQuote { .. }),
        "{e:?}"
    );
    assert_eq!((e.line(), e.column()), (Some(2), Some(2)));
    // a trailing delimiter on the header only reads every row
    let l = read("data;fatturato;ordini;\n05/01/2026;1.234,50;12\n12/01/2026;1.400,00;15\n19/01/2026;990,10;9\n");
    assert_eq!(
        col(&l, "fatturato"),
        [Some(1234.5), Some(1400.0), Some(990.1)]
    );
}

#[test]
fn unique_names_and_a_header_wider_than_any_sheet() {
    // 3,000 columns all named "x" (this took seconds when each name was looked for in the
    // whole list; now a set)
    let mut text = String::from("date");
    text.push_str(&",x".repeat(3000));
    text.push_str("\n2026-01-05");
    text.push_str(&",1".repeat(3000));
    text.push_str("\n2026-01-06");
    text.push_str(&",2".repeat(3000));
    text.push('\n');
    let l = read(&text);
    let names: Vec<&str> = l.table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(&names[..3], ["x", "x (2)", "x (3)"]);
    assert_eq!(names[2999], "x (3000)");
    // one long line of values is no header
    let line = format!("date{}\n", ",1".repeat(200_000));
    let e = err(line.as_bytes());
    assert!(
        matches!(
            e.kind(),
            ErrorKind::TooManyColumns {
                columns: 200_001,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.message(social_roi_core::Lang::It).contains("colonne"));
}
