//! Event export throughput: a Shopify-shaped orders export (79 columns, one row per line item)
//! read and combined into weekly series (`ingest::read` + `events::derive`), native.
//!
//! `cargo bench -p social-roi-core --bench events -- [FILE] [RUNS]`
//! FILE defaults to /tmp/shopify_300k.csv and is generated with
//! `tests/fixtures/events/gen_shopify_large.py 300000` when missing. Prints the median of RUNS
//! (default 5) runs in MB/s (file bytes over wall time, read + derive), the same over on-CPU
//! time, and the peak resident memory (VmHWM).

use std::time::Instant;

use social_roi_core::analysis::recipe_for;
use social_roi_core::events;
use social_roi_core::ingest::{self, Options};
use social_roi_core::Period;

mod common;
use common::{cpu_seconds, vm_hwm_kib};

fn main() {
    let (path, runs) = common::file_and_runs(
        "/tmp/shopify_300k.csv",
        "events/gen_shopify_large.py",
        300_000,
        5,
    );
    let runs = runs.max(1);
    let bytes = std::fs::read(&path).expect("read the file");
    let mb = bytes.len() as f64 / 1e6;
    let mut times = Vec::new();
    let mut read_times = Vec::new();
    let mut cpu = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_seconds();
        let l = ingest::read("orders_export_1.csv", &bytes, &Options::default()).expect("read");
        let tr = t.elapsed().as_secs_f64();
        let recipe = recipe_for(&l.table, &l.report).expect("an event file");
        let d = events::derive(&l.table, &recipe, Period::Week).expect("derive");
        times.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - c);
        read_times.push(tr);
        let orders: f64 = d.table.numbers("orders").map_or(0.0, |v| v.iter().sum());
        summary = format!(
            "{} rows, {} weeks, {orders} orders, kind {}",
            l.table.n_rows(),
            d.table.n_rows(),
            recipe.kind.code()
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (t, tr, tc) = (
        median(&mut times),
        median(&mut read_times),
        median(&mut cpu),
    );
    println!("{} ({mb:.1} MB): {summary}", path.display());
    println!(
        "read + weekly series: median {t:.3} s = {:.0} MB/s (read {tr:.3} s, derive {:.3} s), {runs} runs",
        mb / t,
        t - tr
    );
    println!(
        "on-CPU time per run (median): {tc:.3} s = {:.0} MB/s",
        mb / tc
    );
    if let Some(k) = vm_hwm_kib() {
        println!("peak resident memory {:.0} MB", k as f64 / 1024.0);
    }
}
