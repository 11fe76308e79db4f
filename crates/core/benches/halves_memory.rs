//! Benchmark: the heap the two halves of the page's analysis hold (issue 15), natively, with a
//! counting allocator — the back half on its share of the table (`BackShare`), then the front half,
//! each over the table they are given, as the page's workers run them (no ROI rows, no change
//! series). Prints each half's peak above its table and what the share leaves out.
//!
//!     python3 tests/fixtures/gen_large.py 1000000 /tmp/large_1m.csv
//!     cargo bench -p social-roi-core --bench halves_memory [-- /tmp/large_1m.csv]
//!
//! Native sizes: a `usize` is 8 bytes here, 4 in wasm32, so the page's workers hold a little less.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

use social_roi_core::analysis::{guess_roles, BackShare, Job, Plan, Report, Role};
use social_roi_core::Table;

mod common;

/// The system allocator, counting the bytes held and their peak.
struct Counting;
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = HELD.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        HELD.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        if size > l.size() {
            grew(size - l.size());
        } else {
            HELD.fetch_sub(l.size() - size, Relaxed);
        }
        System.realloc(p, l, size)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Runs a half to its end (the front given `back` when it asks); returns its report and its peak
/// heap above what was held when it started.
fn run(table: Arc<Table>, plan: Plan, role: Role, back: Option<Report>) -> (Report, usize) {
    let base = HELD.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut back = back;
    let mut job = Job::with_role(table, plan, role)
        .without_row_results()
        .without_change_series();
    let report = loop {
        match job.step(&mut || true) {
            Some(r) => break r.expect("the analysis runs"),
            None if job.waiting_for_back() => job.give_back(back.take().expect("a back report")),
            None => {}
        }
    };
    drop(job);
    (report, PEAK.load(Relaxed) - base)
}

fn main() {
    let (path, _) = common::file_and_runs("/tmp/large_1m.csv", "gen_large.py", 1_000_000, 1);
    let before = HELD.load(Relaxed);
    let table = common::read_plain_csv(&path.to_string_lossy());
    let table_bytes = HELD.load(Relaxed) - before;
    let plan = Plan::suggested(&table, &guess_roles(&table));
    let share = BackShare::of(&table, &plan);
    let numeric = table.numeric_columns().count();
    let table = Arc::new(table);
    let (back_table, back_plan) = match &share {
        Some(s) => (Arc::new(s.table(&table)), s.plan.clone()),
        None => (table.clone(), plan.clone()),
    };
    let back_bytes = if share.is_some() {
        // the share's columns (its dates and sources are clones too)
        HELD.load(Relaxed) - before - table_bytes
    } else {
        table_bytes
    };
    println!(
        "{}: {} rows, {numeric} numeric columns; the table {:.0} MB",
        path.display(),
        table.n_rows(),
        mb(table_bytes)
    );
    match &share {
        Some(s) => println!(
            "back half's share: {} of {numeric} columns {:?}, {:.0} MB",
            s.columns.len(),
            s.columns,
            mb(back_bytes)
        ),
        None => println!("back half's share: the whole table"),
    }
    let (back, back_peak) = run(back_table.clone(), back_plan, Role::Back, None);
    drop(back_table);
    println!("back half: peak {:.0} MB above its table", mb(back_peak));
    let (_, front_peak) = run(table.clone(), plan, Role::Front, Some(back));
    println!(
        "front half: peak {:.0} MB above its table (ranks, until the Spearmans and Kendall's counts)",
        mb(front_peak)
    );
    println!(
        "both halves' tables and peaks: {:.0} MB = {:.2}x the table",
        mb(table_bytes + front_peak + back_bytes + back_peak),
        (table_bytes + front_peak + back_bytes + back_peak) as f64 / table_bytes as f64
    );
}
