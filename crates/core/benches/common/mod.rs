//! Shared by the native benches: their arguments, the generated input file, on-CPU time and peak
//! memory from /proc.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use social_roi_core::{Date, Table};

/// On-CPU time of this thread in seconds (`/proc/thread-self/schedstat`, ns resolution): on a
/// shared machine it separates our work from time spent waiting for a core.
pub fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(f64::NAN, |ns| ns as f64 / 1e9)
}

/// Peak resident memory (VmHWM) in KiB.
pub fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `[FILE] [RUNS]` (cargo bench passes `--bench`: only positional arguments count), the file made
/// with `generator ROWS FILE` (a script under tests/fixtures) when it is missing.
pub fn file_and_runs(
    default_file: &str,
    generator: &str,
    rows: u64,
    default_runs: usize,
) -> (PathBuf, usize) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let path = PathBuf::from(args.first().map_or(default_file, String::as_str));
    let runs: usize = args
        .get(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(default_runs);
    if !path.exists() {
        let gen = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(generator);
        eprintln!("generating {} with {}", path.display(), gen.display());
        let ok = std::process::Command::new("python3")
            .arg(&gen)
            .arg(rows.to_string())
            .arg(&path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "could not run {}", gen.display());
    }
    (path, runs)
}

fn parse_date(s: &str) -> Option<Date> {
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    Date::from_ymd(y, m, d)
}

/// A `gen_large.py` file read with a tiny reader for its plain format (ISO date, plain decimals),
/// so that only the analysis is measured.
pub fn read_plain_csv(path: &str) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}\ncreate it with: python3 tests/fixtures/gen_large.py 1000000 {path}");
        std::process::exit(2)
    });
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let mut dates = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); header.len() - 1];
    for line in lines {
        let mut f = line.split(',');
        dates.push(parse_date(f.next().unwrap_or("")).expect("ISO date"));
        for (c, v) in cols.iter_mut().zip(f) {
            c.push(v.parse().unwrap_or(f64::NAN));
        }
    }
    Table::from_columns(
        Some((header[0], dates)),
        header[1..].iter().copied().zip(cols).collect(),
    )
}
