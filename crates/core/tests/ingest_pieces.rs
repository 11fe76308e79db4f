//! A file read in pieces (`ingest::Reader`, the browser worker's way: `File` slices, nothing kept
//! once turned into columns) gives exactly what the one-shot `ingest::read` gives — table, report
//! and errors with their positions — wherever the pieces are cut.
mod support;

use social_roi_core::ingest::{self, Encoding, Options, Reader};

fn in_pieces(bytes: &[u8], opts: &Options, size: usize, layout: usize) -> String {
    support::read_in_pieces("f.csv", bytes, opts, size, layout)
}

fn one_shot(bytes: &[u8], opts: &Options) -> String {
    format!("{:?}", ingest::read("f.csv", bytes, opts))
}

fn same(bytes: &[u8], opts: &Options, sizes: &[usize], layouts: &[usize]) {
    let want = one_shot(bytes, opts);
    for &size in sizes {
        for &layout in layouts {
            let got = in_pieces(bytes, opts, size, layout);
            if got != want {
                let at = got
                    .bytes()
                    .zip(want.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let from = at.saturating_sub(300);
                panic!(
                    "pieces of {size} bytes, layout after {layout}: differs at {at}\n got: {}\nwant: {}",
                    &got[from..(at + 300).min(got.len())],
                    &want[from..(at + 300).min(want.len())]
                );
            }
        }
    }
}

#[test]
fn every_reference_input_in_pieces() {
    let mut n = 0;
    for case in support::cases().into_iter().chain(support::event_cases()) {
        for input in support::input_files(&case) {
            let bytes = std::fs::read(&input).unwrap();
            same(
                &bytes,
                &Options::default(),
                &[1, 7, 4096, 1 << 20],
                &[1, 64, 1 << 20],
            );
            n += 1;
        }
    }
    assert!(n >= 26, "only {n} reference inputs");
}

#[test]
fn the_fused_path_with_crlf_cut_anywhere() {
    // more rows than the layout's sample (1,000), so that most are read in the pieces themselves
    let mut s = String::from("date,spend,orders\r\n");
    for i in 0..1500 {
        s.push_str(&format!(
            "{}-{:02}-{:02},{}.{:02},{}\r\n",
            2000 + i / 336,
            i / 28 % 12 + 1,
            i % 28 + 1,
            i * 7,
            i % 100,
            i % 13
        ));
    }
    same(
        s.as_bytes(),
        &Options::default(),
        &(1..=41).collect::<Vec<_>>(),
        &[1, 100],
    );
}

#[test]
fn a_late_contradiction_reads_the_column_again_from_the_start() {
    // 3,000 rows of numbers, then text in `b` (the sample saw only numbers) and a `1.234` in `c`
    let mut s = String::from("date;b;c\n");
    for i in 0..3000 {
        s.push_str(&format!(
            "{:02}/{:02}/2020;{},5;{}\n",
            i % 28 + 1,
            i / 28 % 12 + 1,
            i,
            i % 9
        ));
    }
    s.push_str("01/01/2021;n/d;1.234\n");
    for i in 0..50 {
        s.push_str(&format!("{:02}/02/2021;word {i};2\n", i % 28 + 1));
    }
    same(
        s.as_bytes(),
        &Options::default(),
        &[5, 1000, 65536],
        &[1, 4096],
    );
}

/// A file of `rows` numeric rows with a Windows-1252 `é` (0xE9) in a text column near the end.
fn late_1252(rows: usize) -> Vec<u8> {
    let mut b = b"date,visits,note\n".to_vec();
    for i in 0..rows {
        b.extend_from_slice(format!("2020-01-01,{i},ok\n").as_bytes());
    }
    b.extend_from_slice(b"2020-01-02,5,caff\xE9\r\n2020-01-03,6,ok\n");
    b
}

#[test]
fn a_late_byte_that_is_not_utf8_reads_the_file_again_as_windows_1252() {
    let b = late_1252(120_000); // ~2.5 MB: past the layout's first megabyte
    assert!(b.len() > 2 << 20);
    let want = one_shot(&b, &Options::default());
    assert!(
        want.contains("it was read as Windows-1252"),
        "{}",
        &want[..200]
    );
    for size in [1 << 16, 1 << 20, 3 << 20] {
        assert_eq!(in_pieces(&b, &Options::default(), size, 1 << 20), want);
    }
    let small = late_1252(40);
    same(&small, &Options::default(), &[1, 3, 64], &[1, 50]);
}

#[test]
fn forced_utf8_names_the_line_of_the_bad_byte() {
    let mut opts = Options::default();
    opts.encoding = Some(Encoding::Utf8);
    let b = late_1252(120_000);
    let want = one_shot(&b, &opts);
    assert!(
        want.contains("InvalidUtf8") && want.contains("120002"),
        "{want}"
    );
    assert_eq!(in_pieces(&b, &opts, 1 << 20, 1 << 20), want);
    same(&late_1252(40), &opts, &[1, 5, 4096], &[1, 64]);
}

#[test]
fn utf16_with_surrogate_pairs_cut_anywhere() {
    let mut s = String::from("data\tvisite\tnota\r\n");
    for i in 0..60 {
        s.push_str(&format!(
            "2024-03-{:02}\t{}\tok 😀 è\r\n",
            i % 28 + 1,
            i * 3
        ));
    }
    for le in [true, false] {
        let mut b: Vec<u8> = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        same(&b, &Options::default(), &[1, 2, 3, 5, 4096], &[1, 128]);
    }
}

#[test]
fn a_quoted_cell_longer_than_the_layout_window() {
    // the header's first data record holds a 3 MB quoted cell with line breaks
    let mut s = String::from("date,caption,likes\n2024-01-01,\"");
    for i in 0..150_000 {
        s.push_str(&format!("line {i}\n"));
    }
    s.push_str("\",5\n2024-01-02,short,6\n2024-01-03,\"a \"\"quote\"\"\",7\n");
    assert!(s.len() > 1 << 20);
    let want = one_shot(s.as_bytes(), &Options::default());
    assert!(want.starts_with("Ok("), "{}", &want[..300.min(want.len())]);
    for size in [4096, 1 << 20] {
        assert_eq!(
            in_pieces(s.as_bytes(), &Options::default(), size, 1 << 20),
            want
        );
    }
}

#[test]
fn errors_keep_their_positions_in_pieces() {
    let cases: [&[u8]; 5] = [
        b"date,a\n2024-01-01,1\n2024-01-02,\"open\n2024-01-03,3\n",
        b"date,a,b\n2024-01-01,1,2\n2024-01-02,1\n2024-01-03,1,2,3\n",
        b"date,a\n2024-01-01,1\n2024-01-01,2\n2024-01-02,3\n",
        b"date,a\n",
        b"   \n\n  ",
    ];
    for b in cases {
        let want = one_shot(b, &Options::default());
        assert!(want.starts_with("Err("), "{want}");
        same(b, &Options::default(), &[1, 2, 9, 100], &[1, 8, 1 << 20]);
    }
}

#[test]
fn a_file_shorter_than_announced_is_an_error_not_a_hang() {
    let b = b"date,a\n2024-01-01,1\n";
    let mut r = Reader::new("f.csv".into(), b.len() + 10, Options::default());
    let mut result = None;
    for _ in 0..10 {
        let at = r.wants().min(b.len());
        match r.feed(&b[at..]) {
            Ok(None) => {}
            other => {
                result = Some(other);
                break;
            }
        }
    }
    let err = result
        .expect("no answer")
        .expect_err("read a truncated file");
    assert!(
        err.to_string().contains("changed while it was read"),
        "{err}"
    );
}

/// Rows with text cells take the fused path unless a cell is quoted; quoting every text cell (the
/// general path for every row) must read the same table and report.
#[test]
fn text_cells_read_the_same_on_the_fused_and_the_general_path() {
    let notes = [
        "ok",
        "  spaced  ",
        "",
        "12",
        "3,5",
        "#tag",
        "città è 😀",
        "n/a",
        "1.234",
        "-",
    ];
    let (mut plain, mut quoted) = (
        String::from("date;visits;note;campaign\n"),
        String::from("date;visits;note;campaign\n"),
    );
    for i in 0..1500 {
        let (note, campaign) = (notes[i % notes.len()], notes[(i * 7 + 3) % notes.len()]);
        let day = format!(
            "{}-{:02}-{:02};{},{}",
            2001 + i / 336,
            i / 28 % 12 + 1,
            i % 28 + 1,
            i,
            i % 10
        );
        plain.push_str(&format!("{day};{note};{campaign}\n"));
        quoted.push_str(&format!("{day};\"{note}\";\"{campaign}\"\n"));
    }
    let a = one_shot(plain.as_bytes(), &Options::default());
    assert!(
        a.contains("città è 😀") && a.contains("#tag"),
        "{}",
        &a[..300]
    );
    // the same but for the file's size
    let b = one_shot(quoted.as_bytes(), &Options::default()).replace(
        &format!("bytes: {},", quoted.len()),
        &format!("bytes: {},", plain.len()),
    );
    if a != b {
        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
        let from = at.saturating_sub(200);
        panic!(
            "fused: {}\ngeneral: {}",
            &a[from..(at + 200).min(a.len())],
            &b[from..(at + 200).min(b.len())]
        );
    }
    same(
        plain.as_bytes(),
        &Options::default(),
        &[1, 13, 4096],
        &[1, 512],
    );
}
