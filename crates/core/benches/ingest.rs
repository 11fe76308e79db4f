//! Ingestion throughput: parse + typing of a large CSV through `ingest::read`, native.
//!
//! `cargo bench -p social-roi-core --bench ingest -- [FILE] [RUNS]`
//! FILE defaults to /tmp/large_1m.csv and is generated with `tests/fixtures/gen_large.py 1000000`
//! when missing. Prints the median of RUNS (default 7) runs in MB/s and rows/s, the slowest
//! `ReadJob::step` at a 4 MB budget, and the peak resident memory (VmHWM). First of all (so the
//! high-water mark is its own) it reads the file from disk in 4 MB pieces through
//! `ingest::Reader`, the browser worker's way: the whole file is never in memory.

use std::time::Instant;

use std::io::{Read, Seek, SeekFrom};

use social_roi_core::ingest::{self, Options, ReadJob, Reader};

mod common;
use common::{cpu_seconds, vm_hwm_kib};

fn main() {
    let (path, runs) = common::file_and_runs("/tmp/large_1m.csv", "gen_large.py", 1_000_000, 7);
    let runs = runs.max(5);
    let (t, hwm_pieces, len) = {
        let mut f = std::fs::File::open(&path).expect("open the file");
        let len = f.metadata().expect("file size").len() as usize;
        let t = Instant::now();
        let mut r = Reader::new("pieces.csv".into(), len, Options::default());
        let mut buf = vec![0u8; 4 << 20];
        let l = loop {
            let at = r.wants();
            f.seek(SeekFrom::Start(at as u64)).expect("seek");
            let n = (len - at).min(buf.len());
            f.read_exact(&mut buf[..n]).expect("read a piece");
            if let Some(l) = r.feed(&buf[..n]).expect("the file reads") {
                break l;
            }
        };
        let t = t.elapsed().as_secs_f64();
        let hwm = vm_hwm_kib().unwrap_or(0) as f64 * 1024.0;
        drop(l);
        (t, hwm, len as f64)
    };
    println!(
        "Reader, 4 MB pieces from disk (first, cold caches aside): {t:.3} s = {:.0} MB/s; peak RSS {:.0} MB = {:.2}x file size (the file is never whole in memory)",
        len / 1e6 / t,
        hwm_pieces / 1e6,
        hwm_pieces / len
    );
    let bytes = std::fs::read(&path).expect("read the file");
    let mb = bytes.len() as f64 / 1e6;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input.csv");
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut rows = 0;
    let mut cols = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let c = cpu_seconds();
        let l = ingest::read(name, &bytes, &Options::default()).expect("the file reads");
        times.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - c);
        rows = l.table.n_rows();
        cols = l.table.numeric_columns().count();
        drop(l);
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let med = times[times.len() / 2];
    let cpu_med = cpu[cpu.len() / 2];
    // Bounded steps: the slowest single step at a 4 MB budget (what the browser would feel).
    let hwm_read = vm_hwm_kib().unwrap_or(0) as f64 * 1024.0;
    let file_len = bytes.len() as f64;
    let mut job = ReadJob::new(name.to_owned(), bytes, Options::default());
    let mut slowest = 0.0f64;
    let mut steps = 0;
    let t_job = Instant::now();
    loop {
        let t = Instant::now();
        let done = job.step(4 << 20).expect("the file reads");
        slowest = slowest.max(t.elapsed().as_secs_f64());
        steps += 1;
        if done.is_some() {
            break;
        }
    }
    let job_total = t_job.elapsed().as_secs_f64();
    drop(job);
    let hwm_job = vm_hwm_kib().unwrap_or(0) as f64 * 1024.0;
    println!(
        "file: {} ({:.1} MB, {rows} rows, {cols} numeric columns + date)",
        path.display(),
        mb
    );
    println!(
        "ingest::read median of {runs}: {:.3} s = {:.0} MB/s, {:.2} M rows/s (first run {:.3} s, fastest {:.3} s, slowest {:.3} s)",
        med,
        mb / med,
        rows as f64 / med / 1e6,
        first,
        times[0],
        times[times.len() - 1]
    );
    println!(
        "on-CPU time per read, median: {:.3} s = {:.0} MB/s of CPU time (load average now: {})",
        cpu_med,
        mb / cpu_med,
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "ReadJob 4 MB budget: {steps} steps, total {:.3} s, slowest step {:.1} ms",
        job_total,
        slowest * 1e3
    );
    println!(
        "peak RSS (VmHWM, whole process incl. the file bytes): after the read runs {:.0} MB = {:.2}x file size; after the ReadJob {:.0} MB = {:.2}x",
        hwm_read / 1e6,
        hwm_read / file_len,
        hwm_job / 1e6,
        hwm_job / file_len
    );
}
