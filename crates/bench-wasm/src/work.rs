//! The benchmark's units of work over the real core functions; pure Rust, timed by the caller's clock.

use std::sync::Arc;

use serde_json::{json, Value};
use social_roi_core::analysis::{self, Job, Plan};
use social_roi_core::stats::correlation::{pearson_from_sums, PearsonResult};
use social_roi_core::stats::descriptive::summarize_complete;
use social_roi_core::stats::{self, sum};
use social_roi_core::{ingest, Result, Table};

/// Reads `bytes` as the page does (default options: everything detected).
pub fn load(bytes: &[u8]) -> Result<Table> {
    ingest::read("bench.csv", bytes, &ingest::Options::default())
        .map(|l| std::sync::Arc::unwrap_or_clone(l.table))
}

/// Means, sample SDs and the Pearson matrix of the numeric columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub names: Vec<String>,
    /// Rows used per column (non-missing cells).
    pub n: Vec<usize>,
    pub means: Vec<Option<f64>>,
    pub sds: Vec<Option<f64>>,
    /// Upper triangle in row-major pair order (0,1), (0,2), …, (m−2, m−1).
    pub pearson: Vec<Option<f64>>,
}

/// Per-column totals a complete column gives the pair step (as in the analysis engine).
struct Prepared {
    complete: bool,
    mean: f64,
    s1: f64,
    s2: f64,
}

/// Descriptives of every numeric column and Pearson r of every pair, through the engine's path.
pub fn stats(table: &Table) -> Stats {
    stats_timed(table, &mut || 0.0).0
}

/// [`stats`], also returning the milliseconds (by `now`) of the descriptives and of the pairs.
pub fn stats_timed(table: &Table, now: &mut dyn FnMut() -> f64) -> (Stats, f64, f64) {
    let t0 = now();
    let cols: Vec<(&str, &[f64])> = table.numeric_columns().collect();
    let mut out = Stats {
        names: cols.iter().map(|(n, _)| (*n).to_owned()).collect(),
        n: Vec::with_capacity(cols.len()),
        means: Vec::with_capacity(cols.len()),
        sds: Vec::with_capacity(cols.len()),
        pearson: Vec::with_capacity(cols.len() * cols.len().saturating_sub(1) / 2),
    };
    let mut prep = Vec::with_capacity(cols.len());
    for (_, x) in &cols {
        let complete = stats::is_complete(x) && !x.is_empty();
        let summary = complete.then(|| summarize_complete(x, None)).flatten();
        match summary {
            Some(c) => {
                out.n.push(c.stats.n);
                out.means.push(c.stats.mean);
                out.sds.push(c.stats.std);
                prep.push(Prepared {
                    complete: true,
                    mean: c.mean,
                    s1: c.s1,
                    s2: c.s2,
                });
            }
            None => {
                let d = stats::describe(x);
                out.n.push(d.n);
                out.means.push(d.mean);
                out.sds.push(d.std);
                prep.push(Prepared {
                    complete: false,
                    mean: f64::NAN,
                    s1: f64::NAN,
                    s2: f64::NAN,
                });
            }
        }
    }
    let t1 = now();
    for i in 0..cols.len() {
        for j in i + 1..cols.len() {
            let (x, y) = (cols[i].1, cols[j].1);
            let (a, b) = (&prep[i], &prep[j]);
            let r: PearsonResult = if a.complete && b.complete && x.len() >= 3 {
                let n = x.len().min(y.len());
                let m = n as f64;
                let sxy = sum::dot_centered(x, a.mean, y, b.mean);
                pearson_from_sums(
                    n,
                    a.s2 - a.s1 * a.s1 / m,
                    b.s2 - b.s1 * b.s1 / m,
                    sxy - a.s1 * b.s1 / m,
                )
            } else {
                stats::pearson(x, y)
            };
            out.pearson.push(r.r);
        }
    }
    let t2 = now();
    (out, t1 - t0, t2 - t1)
}

/// [`load`] the way the page reads: `ReadJob` over an owned copy, `budget` bytes per step.
/// Returns the table and the number of steps.
pub fn load_sliced(bytes: &[u8], budget: usize) -> Result<(Table, usize)> {
    let mut job = ingest::ReadJob::new(
        "bench.csv".into(),
        bytes.to_vec(),
        ingest::Options::default(),
    );
    let mut steps = 0;
    loop {
        steps += 1;
        if let Some(l) = job.step(budget)? {
            return Ok((std::sync::Arc::unwrap_or_clone(l.table), steps));
        }
    }
}

/// One step of a [`ingest::ReadJob`] run with an unlimited budget: the whole file as one piece.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseTime {
    pub phase: &'static str,
    pub ms: f64,
}

/// Where ingestion spends its time: the same work as [`load`] through `ReadJob` with an unlimited
/// budget, so each step is one stage of `ingest` (labelled for UTF-8 text input). The copy of the
/// bytes `ReadJob::new` needs (the page makes it too) is the first entry.
pub fn ingest_phases(
    bytes: &[u8],
    now: &mut dyn FnMut() -> f64,
) -> Result<(Table, Vec<PhaseTime>)> {
    let mut out = Vec::new();
    let t = now();
    let owned = bytes.to_vec();
    out.push(PhaseTime {
        phase: "copy bytes for ReadJob",
        ms: now() - t,
    });
    let mut job = ingest::ReadJob::new("bench.csv".into(), owned, ingest::Options::default());
    let mut k = 0;
    loop {
        let before = job.progress();
        let t = now();
        let r = job.step(usize::MAX / 4)?;
        let ms = now() - t;
        // the whole file is one piece: the first step reads it (container, UTF-8 check, layout,
        // the split-and-type pass), a second one re-reads contradicted columns if needed
        let phase = match k {
            _ if r.is_some() => "finish: order, duplicates, table",
            0 => "read: UTF-8 check, layout, split-and-type pass",
            _ if before < 0.95 => "re-read contradicted columns",
            _ => "finish: order, duplicates, table",
        };
        out.push(PhaseTime { phase, ms });
        k += 1;
        if let Some(l) = r {
            return Ok((std::sync::Arc::unwrap_or_clone(l.table), out));
        }
    }
}

impl Stats {
    pub fn to_json(&self) -> Value {
        json!({
            "names": self.names,
            "n": self.n,
            "means": self.means,
            "sds": self.sds,
            "pearson": self.pearson,
        })
    }
}

/// Timings of one full analysis run through [`Job`], one unit per step.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRun {
    pub total_ms: f64,
    pub units: usize,
    pub slowest_unit_ms: f64,
    pub slowest_unit_phase: &'static str,
    /// (phase, ms, units, slowest unit ms) in the order the phases ran.
    pub phases: Vec<(&'static str, f64, usize, f64)>,
    pub pairs: usize,
    pub lag_series: usize,
    pub lags: usize,
    pub findings: usize,
}

impl AnalysisRun {
    pub fn to_json(&self) -> Value {
        json!({
            "total_ms": self.total_ms,
            "units": self.units,
            "slowest_unit_ms": self.slowest_unit_ms,
            "slowest_unit_phase": self.slowest_unit_phase,
            "phases": self.phases.iter().map(|(p, ms, n, mx)| json!({"phase": p, "ms": ms, "units": n, "max_ms": mx})).collect::<Vec<_>>(),
            "pairs": self.pairs,
            "lag_series": self.lag_series,
            "lags": self.lags,
            "findings": self.findings,
        })
    }
}

/// Runs the plan over the table through `analysis::Job` (as the page does, minus the yields),
/// timing each unit with `now` (milliseconds).
pub fn analyze(table: Arc<Table>, plan: Plan, now: &mut dyn FnMut() -> f64) -> Result<AnalysisRun> {
    let start = now();
    let mut job = Job::new(table, plan);
    let mut run = AnalysisRun {
        total_ms: 0.0,
        units: 0,
        slowest_unit_ms: 0.0,
        slowest_unit_phase: "",
        phases: Vec::new(),
        pairs: 0,
        lag_series: 0,
        lags: 0,
        findings: 0,
    };
    let report = loop {
        let phase = job.phase();
        let t = now();
        let out = job.step(&mut || true);
        let ms = now() - t;
        run.units += 1;
        if ms > run.slowest_unit_ms {
            run.slowest_unit_ms = ms;
            run.slowest_unit_phase = phase;
        }
        match run.phases.iter_mut().find(|p| p.0 == phase) {
            Some(p) => {
                p.1 += ms;
                p.2 += 1;
                p.3 = p.3.max(ms);
            }
            None => run.phases.push((phase, ms, 1, ms)),
        }
        if let Some(r) = out {
            break r?;
        }
    };
    run.total_ms = now() - start;
    run.pairs = report.correlations.len();
    run.lag_series = report.lagged.len();
    run.lags = report.lagged.iter().map(|l| l.lags.len()).sum();
    run.findings = report.findings().len();
    Ok(run)
}

/// The plan of the "full analysis": defaults (descriptives, Pearson/Spearman/Kendall of
/// every pair) plus lags −max_lag..max_lag of every other numeric column against `target`.
pub fn target_plan(target: &str, max_lag: u32) -> Plan {
    Plan {
        target: Some(analysis::TargetSpec {
            column: target.to_owned(),
            max_lag,
        }),
        ..Plan::default()
    }
}

/// The first-differences table the page analyses after the levels (its "changes" view).
pub fn changes(table: &Table) -> Option<Table> {
    analysis::changes_table(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "date,a,b,c\n2024-01-01,1,2.5,10\n2024-01-02,2,2.0,9\n2024-01-03,3,4.5,7\n2024-01-04,5,4.0,8\n2024-01-05,4,6.5,3\n";

    fn naive_pearson(x: &[f64], y: &[f64]) -> f64 {
        let n = x.len() as f64;
        let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
        let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
        let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
        sxy / (sxx * syy).sqrt()
    }

    #[test]
    fn stats_match_a_naive_computation() {
        let t = load(CSV.as_bytes()).expect("reads");
        assert_eq!(t.n_rows(), 5);
        let s = stats(&t);
        assert_eq!(s.names, ["a", "b", "c"]);
        let cols: Vec<&[f64]> = t.numeric_columns().map(|(_, v)| v).collect();
        assert_eq!(s.means[0], Some(3.0));
        let sd_a = (10.0f64 / 4.0).sqrt();
        assert!((s.sds[0].unwrap() - sd_a).abs() < 1e-15);
        let mut k = 0;
        for i in 0..3 {
            for j in i + 1..3 {
                let want = naive_pearson(cols[i], cols[j]);
                assert!((s.pearson[k].unwrap() - want).abs() < 1e-14, "pair {i},{j}");
                k += 1;
            }
        }
    }

    #[test]
    fn ingest_phases_give_the_same_table_as_load() {
        let mut clock = 0.0;
        let mut now = || {
            clock += 1.0;
            clock
        };
        let (t, phases) = ingest_phases(CSV.as_bytes(), &mut now).expect("reads");
        assert_eq!(t, load(CSV.as_bytes()).expect("reads"));
        let names: Vec<&str> = phases.iter().map(|p| p.phase).collect();
        assert_eq!(
            names,
            [
                "copy bytes for ReadJob",
                "read: UTF-8 check, layout, split-and-type pass",
                "finish: order, duplicates, table"
            ]
        );
        let (sliced, steps) = load_sliced(CSV.as_bytes(), 16).expect("reads");
        assert_eq!(sliced, t);
        assert!(steps > 5);
        let (_, d, p) = stats_timed(&t, &mut now);
        assert!(d >= 1.0 && p >= 1.0);
    }

    #[test]
    fn missing_cells_take_the_general_path() {
        let csv = "date,a,b\n2024-01-01,1,2\n2024-01-02,,3\n2024-01-03,3,5\n2024-01-04,4,4\n";
        let t = load(csv.as_bytes()).expect("reads");
        let s = stats(&t);
        assert_eq!(s.n, [3, 4]);
        let r = naive_pearson(&[1.0, 3.0, 4.0], &[2.0, 5.0, 4.0]);
        assert!((s.pearson[0].unwrap() - r).abs() < 1e-14);
    }

    #[test]
    fn the_full_analysis_counts_pairs_and_lags() {
        let t = Arc::new(load(CSV.as_bytes()).expect("reads"));
        let mut clock = 0.0;
        let mut now = || {
            clock += 1.0;
            clock
        };
        let run = analyze(t.clone(), target_plan("c", 2), &mut now).expect("runs");
        assert_eq!(run.pairs, 3);
        assert_eq!(run.lag_series, 2);
        assert_eq!(run.lags, 2 * 5);
        assert!(run.units > 3 && run.slowest_unit_ms >= 1.0);
        assert_eq!(changes(&t).map(|c| c.n_rows()), Some(4));
    }
}
