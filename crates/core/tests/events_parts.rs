//! Parts of one orders export (Shopify's `orders_export_1.csv`, `_2.csv`, or a shop's exports
//! month by month) put together as one series: the same series and retention as the whole file,
//! an order in two parts counted once, a customer of both parts one customer — from the tables
//! (the command line) and from the digests the page's worker sends.
use social_roi_core::analysis::document::{prepare_files, Input};
use social_roi_core::events::{self, Digest};
use social_roi_core::ingest::{self, Loaded, Options};
use social_roi_core::Period;

fn read(name: &str, text: &str) -> Loaded {
    ingest::read(name, text.as_bytes(), &Options::default()).unwrap()
}

/// The Shopify fixture cut into two exports at an order's first row (`overlap` orders repeated
/// at the start of the second).
fn halves(overlap: usize) -> (String, String, String) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/events/shopify_orders/input.csv"
    );
    let whole = std::fs::read_to_string(path).unwrap();
    let mut lines = whole.lines();
    let header = lines.next().unwrap().to_owned();
    let rows: Vec<&str> = lines.collect();
    // an order starts where the Name differs from the row above's
    let name = |r: &str| r.split(',').next().unwrap_or("").to_owned();
    let starts: Vec<usize> = (0..rows.len())
        .filter(|&i| i == 0 || name(rows[i]) != name(rows[i - 1]))
        .collect();
    let cut = starts[starts.len() / 2];
    let from = starts[starts.len() / 2 - overlap];
    let a = format!("{header}\n{}\n", rows[..cut].join("\n"));
    let b = format!("{header}\n{}\n", rows[from..].join("\n"));
    (whole, a, b)
}

fn prepared(files: &[&Loaded], digests: bool) -> social_roi_core::analysis::document::Prepared {
    let recipes: Vec<_> = files
        .iter()
        .map(|l| social_roi_core::analysis::document::recipe_for(&l.table, &l.report).unwrap())
        .collect();
    let ds: Vec<Digest> = files
        .iter()
        .zip(&recipes)
        .map(|(l, r)| events::digest(&l.table, r).unwrap().unwrap())
        .collect();
    let inputs: Vec<Input> = files
        .iter()
        .enumerate()
        .map(|(i, l)| Input {
            table: &l.table,
            report: &l.report,
            recipe: None,
            digest: digests.then(|| &ds[i]),
        })
        .collect();
    prepare_files(&inputs, None, Some(Period::Week)).unwrap()
}

#[test]
fn two_parts_of_one_export_give_the_whole_file_s_series_and_retention() {
    for overlap in [0, 3] {
        let (whole, a, b) = halves(overlap);
        let whole = read("orders_export.csv", &whole);
        let (a, b) = (
            read("orders_export_1.csv", &a),
            read("orders_export_2.csv", &b),
        );
        let want = prepared(&[&whole], false);
        for digests in [false, true] {
            let got = prepared(&[&a, &b], digests);
            let names: Vec<&str> = got.table.numeric_columns().map(|(n, _)| n).collect();
            assert!(
                !names.iter().any(|n| n.contains('(')),
                "one set of series: {names:?}"
            );
            assert_eq!(got.table.dates(), want.table.dates(), "overlap {overlap}");
            for (n, v) in want.table.numeric_columns() {
                let g = got.table.numbers(n).unwrap();
                assert!(
                    g.iter()
                        .zip(v)
                        .all(|(x, y)| (x - y).abs() < 1e-9 || (x.is_nan() && y.is_nan())),
                    "{n}, overlap {overlap}, digests {digests}: {g:?} vs {v:?}"
                );
            }
            assert_eq!(got.retention, want.retention, "overlap {overlap}");
            let note = got
                .notes
                .iter()
                .flat_map(|(_, n)| n)
                .find(|n| n.contains("are parts of one"))
                .unwrap();
            assert_eq!(
                note.contains(&format!("{overlap} orders in more than one file")),
                overlap > 1,
                "{note}"
            );
        }
    }
}

#[test]
fn a_digest_with_its_keys_crosses_in_bytes_unchanged() {
    let (_, a, _) = halves(0);
    let a = read("orders_export_1.csv", &a);
    let r = social_roi_core::analysis::document::recipe_for(&a.table, &a.report).unwrap();
    let d = events::digest(&a.table, &r).unwrap().unwrap();
    let bytes = d.to_bytes();
    assert_eq!(Digest::from_bytes(&bytes).as_ref(), Some(&d));
    // a merged digest too (its keys renumbered)
    let (m, twice) = Digest::merge(&[d.clone(), d.clone()]);
    assert_eq!(
        twice as usize,
        m.per_period(Period::Month)
            .table
            .numbers("orders")
            .unwrap()
            .iter()
            .sum::<f64>() as usize
    );
    assert_eq!(Digest::from_bytes(&m.to_bytes()), Some(m));
}

/// Files prepared as read, with no recipe or digest of the caller's.
fn plain(files: &[&Loaded]) -> social_roi_core::analysis::document::Prepared {
    let inputs: Vec<Input> = files
        .iter()
        .map(|l| Input {
            table: &l.table,
            report: &l.report,
            recipe: None,
            digest: None,
        })
        .collect();
    prepare_files(&inputs, None, None).unwrap()
}

/// The same data given twice (a file chosen twice, or saved under two names) is read once, said:
/// joined with itself, every column was there twice and the copies correlated perfectly.
#[test]
fn the_same_data_given_twice_is_read_once() {
    let text = "date,spend,revenue\n2024-01-01,1,10\n2024-01-08,2,12\n2024-01-15,3,9\n";
    let a = read("week.csv", text);
    let b = read("week (1).csv", text);
    let p = plain(&[&a, &b]);
    let names: Vec<&str> = p.table.numeric_columns().map(|(n, _)| n).collect();
    assert_eq!(names, ["spend", "revenue"]);
    assert_eq!(p.years.len(), 2);
    assert!(p
        .notes
        .iter()
        .any(|(f, n)| f == "week (1).csv" && n[0] == "the same data as week.csv: read once"));
    // different data under the same column names is joined as before
    let c = read("other.csv", &text.replace(",10", ",11"));
    let p = plain(&[&a, &c]);
    assert_eq!(p.table.numeric_columns().count(), 4);
}

/// The automatic period is decided on all the event files' dates together: two parts of 30 days
/// (60 together) are combined per week, as one file of them would be, though each alone is short
/// enough for days.
#[test]
fn the_automatic_period_is_decided_on_the_parts_together() {
    let part = |from: u32| {
        let mut t = String::from(
            "Order Number,Order Status,Order Date,Email (Billing),Order Total Amount\n",
        );
        for k in 0..30u32 {
            let d = social_roi_core::Date::from_days(
                social_roi_core::Date::from_ymd(2024, 1, 1).unwrap().days() + (from + k) as i32,
            );
            t += &format!(
                "{},completed,{} 10:00,c{}@x.io,{}.00\n",
                100 + from + k,
                d.to_iso(),
                k % 7,
                10 + k
            );
        }
        t
    };
    let (a, b) = (read("a.csv", &part(0)), read("b.csv", &part(30)));
    let both = plain(&[&a, &b]);
    assert_eq!(both.period, Some(Period::Week));
    assert_eq!(plain(&[&a]).period, Some(Period::Day));
}
