//! Benchmark: the full analysis of `gen_large.py 1000000` natively — descriptives,
//! Pearson/Spearman/Kendall for all 66 pairs, lags ±12 of every column against revenue — on one
//! thread and on all cores (`analysis::run_with` and the CLI's way of lending it threads).
//!
//!     python3 tests/fixtures/gen_large.py 1000000 /tmp/large_1m.csv
//!     cargo bench -p social-roi-core --bench analysis [-- /tmp/large_1m.csv]
//!
//! The file is read with a tiny reader for this plain format (ISO date, plain decimals) so that
//! only the analysis is timed. Prints one stepped run (per-phase split, slowest unit of work: what
//! the browser must wait for between yields), then five runs on one thread and five on all cores,
//! each checked equal to the stepped report.

use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::read_plain_csv;

use social_roi_core::analysis::{self, Job, Plan, TargetSpec};
use social_roi_core::Table;

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "/tmp/large_1m.csv".to_owned());
    let t0 = Instant::now();
    let table = Arc::new(read_plain_csv(&path));
    println!(
        "read {path}: {} rows x {} numeric columns in {:.2?} (not part of the analysis timing)",
        table.n_rows(),
        table.numeric_columns().count(),
        t0.elapsed()
    );
    let plan = Plan {
        target: Some(TargetSpec {
            column: "revenue".into(),
            max_lag: 12,
        }),
        ..Plan::default()
    };
    if std::env::var_os("DETAIL").is_some() {
        detail(&table);
        if std::env::var_os("DETAIL_ONLY").is_some() {
            return;
        }
    }
    // One run through Job, one unit per step: the per-phase split and the longest unit (what
    // the browser waits for between yields).
    let mut slowest = Duration::ZERO;
    let mut slowest_phase = "";
    let mut units = 0;
    let mut phases: Vec<(&'static str, Duration, usize)> = Vec::new();
    let mut job = Job::new(table.clone(), plan.clone());
    let start = Instant::now();
    let stepped = loop {
        let phase = job.phase();
        let u = Instant::now();
        let out = job.step(&mut || true);
        let e = u.elapsed();
        if e > slowest {
            slowest = e;
            slowest_phase = phase;
        }
        match phases.iter_mut().find(|p| p.0 == phase) {
            Some(p) => {
                p.1 += e;
                p.2 += 1;
            }
            None => phases.push((phase, e, 1)),
        }
        units += 1;
        if let Some(r) = out {
            break r.expect("analysis");
        }
    };
    println!(
        "stepped (Job, one thread): {:.3} s, {} pairs, {} lag series, {} findings",
        start.elapsed().as_secs_f64(),
        stepped.correlations.len(),
        stepped.lagged.len(),
        stepped.findings().len()
    );
    for (phase, d, n) in &phases {
        println!(
            "  {phase:<22} {:>8.1} ms in {n} units",
            d.as_secs_f64() * 1e3
        );
    }
    println!(
        "  slowest of {units} units {:.1} ms ({slowest_phase})",
        slowest.as_secs_f64() * 1e3
    );
    halves(&table, &plan, &stepped);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runs = 5;
    for threads in [1, cores] {
        let mut totals = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            let report = analysis::run_with(&table, &plan, &|n, f| threads_for_each(threads, n, f))
                .expect("analysis");
            totals.push(start.elapsed());
            assert!(report == stepped, "the report depends on the thread count");
        }
        let line: Vec<String> = totals
            .iter()
            .map(|d| format!("{:.3}", d.as_secs_f64()))
            .collect();
        totals.sort();
        println!(
            "analysis::run_with, {threads} thread(s): best {:.3} s, median {:.3} s over {runs} runs ({} s)",
            totals[0].as_secs_f64(),
            totals[runs / 2].as_secs_f64(),
            line.join(", ")
        );
        if threads == cores {
            break;
        }
    }
}

/// The page's split (`Role`): the back half (lags, the verdict's pair tests) and the front half
/// up to its findings and then Kendall's count, each timed on its own as in its own worker.
fn halves(table: &Arc<Table>, plan: &Plan, whole: &analysis::Report) {
    use social_roi_core::analysis::Role;
    let start = Instant::now();
    let mut back = Job::with_role(table.clone(), plan.clone(), Role::Back);
    let back = loop {
        if let Some(r) = back.step(&mut || false) {
            break r.expect("back half");
        }
    };
    let back_s = start.elapsed().as_secs_f64();
    let mut front = Job::with_role(table.clone(), plan.clone(), Role::Front);
    let start = Instant::now();
    let mut waited = Duration::ZERO;
    let mut findings = None;
    let done = loop {
        if let Some(r) = front.step(&mut || false) {
            break r.expect("front half");
        }
        if front.waiting_for_back() {
            waited = start.elapsed();
            front.give_back(back.clone());
        } else if front.findings_report().is_some() && findings.is_none() {
            findings = Some(start.elapsed());
        }
    };
    let total = start.elapsed();
    assert!(
        format!("{done:?}") == format!("{whole:?}"),
        "the halves differ from the whole"
    );
    println!(
        "halves (the page's two workers): back {back_s:.3} s; front {:.3} s to its wait, {:.3} s to its findings, {:.3} s with Kendall",
        waited.as_secs_f64(),
        findings.unwrap_or_default().as_secs_f64(),
        total.as_secs_f64()
    );
}

/// `f(0..n)` on `threads` threads, as the CLI does it (units taken in turn from a counter).
fn threads_for_each(threads: usize, n: usize, f: &(dyn Fn(usize) + Sync)) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::thread::scope(|s| {
        for _ in 0..threads.min(n) {
            s.spawn(|| {
                let mut k = take();
                while k < n {
                    f(k);
                    k = take();
                }
            });
        }
    });
}

/// Per-kernel timings on the same data (DETAIL=1), to see where the time goes.
fn detail(table: &Table) {
    use social_roi_core::stats::{self, kendall, rank::Ranked};
    let cols: Vec<(&str, &[f64])> = table.numeric_columns().collect();
    // Best of 5: the machine is shared, the minimum is the least disturbed run.
    let time = |label: &str, f: &mut dyn FnMut()| {
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("  {label:<40} {:>8.2} ms", best * 1e3);
    };
    let mut ranked = Vec::new();
    for (name, x) in &cols {
        time(&format!("sort+rank {name}"), &mut || {
            std::hint::black_box(Ranked::new(x));
        });
        ranked.push(Ranked::new(x));
        time(&format!("descriptives+acf1 {name}"), &mut || {
            std::hint::black_box(stats::descriptive::summarize_complete(x, None));
        });
    }
    let t = Instant::now();
    for i in 0..ranked.len() {
        for j in i + 1..ranked.len() {
            let u = Instant::now();
            std::hint::black_box(kendall::counts_ranked(&ranked[i], &ranked[j]));
            if std::env::var_os("DETAIL_PAIRS").is_some() {
                println!(
                    "    {}×{} ({}×{}) {:.2} ms",
                    cols[i].0,
                    cols[j].0,
                    ranked[i].distinct,
                    ranked[j].distinct,
                    u.elapsed().as_secs_f64() * 1e3
                );
            }
        }
    }
    println!(
        "  {:<40} {:>8.2} ms",
        "kendall, all pairs (one run)",
        t.elapsed().as_secs_f64() * 1e3
    );
    for (i, j) in [(0, 7), (0, 3), (3, 6), (4, 5), (4, 7), (1, 11)] {
        let (a, b) = (&ranked[i], &ranked[j]);
        let label = format!(
            "{}×{} (k {}×{})",
            cols[i].0, cols[j].0, a.distinct, b.distinct
        );
        time(&format!("kendall {label}"), &mut || {
            std::hint::black_box(kendall::counts_ranked(a, b));
        });
        time(&format!("kendall gather {label}"), &mut || {
            std::hint::black_box(kendall::KendallWalk::new(a, b));
        });
        time(&format!("spearman {label}"), &mut || {
            std::hint::black_box(stats::rank::dot_i32(&a.centred2, &b.centred2));
        });
        time(&format!("pearson dot {label}"), &mut || {
            std::hint::black_box(stats::sum::dot_centered(cols[i].1, 1.0, cols[j].1, 2.0));
        });
    }
}
