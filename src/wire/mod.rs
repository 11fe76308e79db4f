//! The compact byte forms in which data crosses between the page and the engine's Web Worker: a
//! read file (worker → page), a table to analyse (page → worker) and, in [`report`], the
//! analysis' report (worker → page).
//!
//! Pure (no browser API), so it is tested natively. A `Table` is mostly numbers: JSON would be
//! slower and cannot carry NaN (our "missing"), so the table is written as little-endian arrays
//! with length prefixes, and its columns go beside those bytes as [`Part`]s (the numbers as they
//! are, a text column's buffer and cell ends), which the receiver copies piece by piece; the
//! `FileReport` (small, already `serde`) goes as JSON inside it.

pub mod report;

use std::sync::Arc;

use social_roi_core::analysis::document::recipe_for;
use social_roi_core::events::{self, Digest, Recipe};
use social_roi_core::ingest::{FileReport, Loaded};
use social_roi_core::table::{Column, ColumnData, DateColumn, RowSource, TextColumn};
use social_roi_core::{Date, Table};

use crate::state::ShownError;

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.u64(v);
            }
            None => self.u8(0),
        }
    }
}

/// Reads values back; every read checks bounds (a malformed buffer is an error, never a panic).
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// A buffer that does not hold what the writer wrote.
#[derive(Debug, PartialEq)]
pub struct Malformed;

pub type R<T> = Result<T, Malformed>;

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or(Malformed)?;
        let s = self.bytes.get(self.at..end).ok_or(Malformed)?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> R<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| Malformed)?,
        ))
    }
    fn u64(&mut self) -> R<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().map_err(|_| Malformed)?,
        ))
    }
    fn len(&mut self) -> R<usize> {
        let n = usize::try_from(self.u64()?).map_err(|_| Malformed)?;
        // No count can exceed the bytes left: stops absurd allocations on a corrupt buffer.
        if n > self.bytes.len() - self.at {
            return Err(Malformed);
        }
        Ok(n)
    }
    fn str(&mut self) -> R<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| Malformed)
    }
    fn opt_str(&mut self) -> R<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(Malformed),
        }
    }
    fn opt_u64(&mut self) -> R<Option<u64>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.u64().map(Some),
            _ => Err(Malformed),
        }
    }
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// A column's contents, crossing beside the table's bytes (as a typed array each).
#[derive(Debug, Clone, PartialEq)]
pub enum Part<'t> {
    /// A numeric column, NaN included (a `Float64Array`).
    Numbers(&'t [f64]),
    /// A text column's kept cells: their text (a `Uint8Array`)...
    Text(&'t [u8]),
    /// ...and where each ends in it (a `Uint32Array`), the part after its `Text`.
    Ends(Vec<u32>),
}

/// A [`Part`] as the receiver copied it, for [`PendingTable::fill`].
#[derive(Debug, Clone, PartialEq)]
pub enum Filled {
    Numbers(Vec<f64>),
    /// Checked as it was copied ([`push_utf8`]), so that no task checks it whole.
    Text(String),
    Ends(Vec<u32>),
}

/// Appends the next `piece` of a text part to `s`, checking it is UTF-8 as it comes: a character
/// cut by the piece's end waits in `tail` for the next piece (`last`: there is none). Checking a
/// whole text part at once took 170 ms of one task for a 600 MB export.
pub fn push_utf8(s: &mut String, tail: &mut Vec<u8>, piece: &[u8], last: bool) -> R<()> {
    let joined;
    let bytes: &[u8] = if tail.is_empty() {
        piece
    } else {
        joined = [tail.as_slice(), piece].concat();
        &joined
    };
    let cut = if last { bytes.len() } else { char_end(bytes) };
    s.push_str(std::str::from_utf8(&bytes[..cut]).map_err(|_| Malformed)?);
    *tail = bytes[cut..].to_vec();
    Ok(())
}

/// Where the last whole character of `b` ends (before a character its end cuts).
fn char_end(b: &[u8]) -> usize {
    let n = b.len();
    for back in 1..=n.min(4) {
        let c = b[n - back];
        if c & 0xC0 != 0x80 {
            let width = match c {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            return if width <= back { n } else { n - back };
        }
    }
    n
}

/// Writes a read file: everything but the columns as bytes, and the columns as [`Part`]s, so the
/// page copies them in short tasks (a text column is two copies, not a string per cell).
/// Text cells past the first `text_rows` rows are written empty: for an orders export whose
/// digest goes with it, the page needs the text only for its preview, and the e-mails, names and
/// addresses of the other rows (most of a shop export's size) then never leave the worker.
pub fn write_loaded(loaded: &Loaded, text_rows: usize) -> (Vec<u8>, Vec<Part<'_>>) {
    let mut w = Writer::default();
    let report = serde_json::to_string(&loaded.report).unwrap_or_default();
    w.str(&report);
    let parts = write_table(&mut w, &loaded.table, text_rows);
    (w.0, parts)
}

/// Writes a table as [`write_loaded`] does (without a file report); returns its columns' parts.
pub fn write_table<'t>(w: &mut Writer, t: &'t Table, text_rows: usize) -> Vec<Part<'t>> {
    write_columns(w, t, text_rows, &|_| true)
}

/// [`write_table`] with only the columns `keep` accepts (the back half's share of a table).
pub fn write_columns<'t>(
    w: &mut Writer,
    t: &'t Table,
    text_rows: usize,
    keep: &dyn Fn(&Column) -> bool,
) -> Vec<Part<'t>> {
    let mut parts = Vec::new();
    match &t.date {
        Some(d) => {
            w.u8(1);
            w.str(&d.name);
            write_dates(w, &d.values);
        }
        None => w.u8(0),
    }
    w.len(t.columns.iter().filter(|c| keep(c)).count());
    for c in t.columns.iter().filter(|c| keep(c)) {
        w.str(&c.name);
        let column = column_parts(c, text_rows);
        match &column[..] {
            [Part::Numbers(v)] => {
                w.u8(0);
                w.len(v.len());
            }
            [Part::Text(_), Part::Ends(ends)] => {
                w.u8(1);
                w.len(c.len());
                w.len(ends.len());
            }
            _ => unreachable!("column_parts gives one of these"),
        }
        parts.extend(column);
    }
    write_sources(w, &t.sources);
    w.len(t.files.len());
    for f in &t.files {
        w.str(f);
    }
    parts
}

/// The parts [`write_columns`] returns, without writing the table's bytes.
pub fn table_parts<'t>(
    t: &'t Table,
    text_rows: usize,
    keep: &dyn Fn(&Column) -> bool,
) -> Vec<Part<'t>> {
    t.columns
        .iter()
        .filter(|c| keep(c))
        .flat_map(|c| column_parts(c, text_rows))
        .collect()
}

/// A column's parts: its numbers, or its first `text_rows` cells' text and ends (as u32: all of
/// wasm32's memory is 4 GB; natively a larger column keeps fewer rows here).
fn column_parts(c: &Column, text_rows: usize) -> Vec<Part<'_>> {
    match &c.data {
        ColumnData::Numeric(v) => vec![Part::Numbers(&v[..])],
        ColumnData::Text(v) => {
            let (text, ends) = v.parts();
            let mut kept = v.len().min(text_rows);
            while kept > 0 && ends[kept - 1] > u32::MAX as usize {
                kept -= 1;
            }
            let end = kept.checked_sub(1).map_or(0, |k| ends[k]);
            vec![
                Part::Text(&text.as_bytes()[..end]),
                Part::Ends(ends[..kept].iter().map(|&e| e as u32).collect()),
            ]
        }
    }
}

/// Dates as runs of equal steps (`first`, `step`, `count`): a daily or weekly table is one run, so
/// a million dates cross as a few bytes and are rebuilt in a tight loop (one `u32` read per date
/// made the page's hand-over of a million rows a 50 ms task).
fn write_dates(w: &mut Writer, dates: &[Date]) {
    w.len(dates.len());
    let mut runs: Vec<(i32, i32, u32)> = Vec::new();
    for d in dates {
        let day = d.days();
        match runs.last_mut() {
            // wrapping, as `read_dates` rebuilds them: any i32 comes back as it was
            Some((first, step, count)) if *count == 1 => {
                *step = day.wrapping_sub(*first);
                *count = 2;
            }
            Some((first, step, count))
                if first.wrapping_add(step.wrapping_mul(*count as i32)) == day =>
            {
                *count += 1
            }
            _ => runs.push((day, 0, 1)),
        }
    }
    w.len(runs.len());
    for (first, step, count) in runs {
        w.u32(first as u32);
        w.u32(step as u32);
        w.u32(count);
    }
}

/// Rows allocated at once for dates and row sources (growing a vector of millions by doubling
/// copies it over and over); a length past it, which only damaged bytes would give, grows.
const PREALLOCATE_MAX: usize = 1 << 25;

/// A run of dates: `first`, then `count` dates `step` days apart.
type DateRun = (i32, i32, usize);

/// The dates' runs (checked against their total), rebuilt by [`PendingTable::expand`].
fn read_dates(r: &mut Reader) -> R<(usize, Vec<DateRun>)> {
    let n = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
    let runs = r.len()?;
    let mut out = Vec::new();
    let mut total = 0usize;
    for _ in 0..runs {
        let (first, step, count) = (r.u32()? as i32, r.u32()? as i32, r.u32()? as usize);
        if count > n - total {
            return Err(Malformed);
        }
        total += count;
        out.push((first, step, count));
    }
    if total != n {
        return Err(Malformed);
    }
    Ok((n, out))
}

/// Row sources as runs of consecutive lines (of the same files): a file's rows are one run per
/// stretch without skipped lines.
fn write_sources(w: &mut Writer, sources: &[RowSource]) {
    w.len(sources.len());
    let mut runs: Vec<(RowSource, u32)> = Vec::new();
    for s in sources {
        if let Some((first, count)) = runs.last_mut() {
            let next = RowSource::new(first.file, first.line.wrapping_add(*count))
                .with_joined(first.joined().map(|(f, l)| (f, l.wrapping_add(*count))));
            if next == *s {
                *count += 1;
                continue;
            }
        }
        runs.push((*s, 1));
    }
    w.len(runs.len());
    for (s, count) in runs {
        w.u32(u32::from(s.file));
        w.u32(s.line);
        match s.joined() {
            Some((f, l)) => {
                w.u8(1);
                w.u32(u32::from(f));
                w.u32(l);
            }
            None => w.u8(0),
        }
        w.u32(count);
    }
}

/// A run of row sources: the first, then `count` on the following lines.
type SourceRun = (RowSource, u32);

/// The row sources' runs (checked against their total), rebuilt by [`PendingTable::expand`].
fn read_sources(r: &mut Reader) -> R<(usize, Vec<SourceRun>)> {
    let n = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
    let runs = r.len()?;
    let mut out = Vec::new();
    let mut total = 0usize;
    for _ in 0..runs {
        let file = u16::try_from(r.u32()?).map_err(|_| Malformed)?;
        let line = r.u32()?;
        let joined = match r.u8()? {
            0 => None,
            1 => Some((u16::try_from(r.u32()?).map_err(|_| Malformed)?, r.u32()?)),
            _ => return Err(Malformed),
        };
        let count = r.u32()?;
        if count as usize > n - total {
            return Err(Malformed);
        }
        total += count as usize;
        out.push((RowSource::new(file, line).with_joined(joined), count));
    }
    if total != n {
        return Err(Malformed);
    }
    Ok((n, out))
}

/// What one [`Part`] of a table should be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expected {
    /// Column `at`'s numbers, `len` of them.
    Numbers { at: usize, len: usize },
    /// Column `at`'s text, for `kept` cells of `rows`...
    Text { at: usize, rows: usize, kept: usize },
    /// ...and their ends.
    Ends { at: usize, rows: usize, kept: usize },
}

/// A table whose columns are still to be filled, part by part in order, with
/// [`PendingTable::fill`], and whose dates and row sources are rebuilt from their runs by
/// [`PendingTable::expand`] (a few million of them are more than one short task).
pub struct PendingTable {
    table: Table,
    parts: Vec<Expected>,
    /// A text column's text, until its ends come.
    text: Option<String>,
    /// Runs still to expand, the next one's rows already done.
    date_runs: std::vec::IntoIter<DateRun>,
    source_runs: std::vec::IntoIter<SourceRun>,
    /// The run being expanded and how far (dates, then sources).
    date_at: Option<(DateRun, usize)>,
    source_at: Option<(SourceRun, u32)>,
}

impl PendingTable {
    /// Rebuilds up to about `rows` dates and row sources; `true` once all are.
    pub fn expand(&mut self, rows: usize) -> bool {
        let mut budget = rows.max(1);
        while budget > 0 {
            if let Some(((first, step, count), done)) = self
                .date_at
                .take()
                .or_else(|| Some((self.date_runs.next()?, 0)))
            {
                let end = count.min(done + budget);
                if let Some(d) = self.table.date.as_mut() {
                    d.values.extend(
                        (done as i32..end as i32)
                            .map(|k| Date::from_days(first.wrapping_add(step.wrapping_mul(k)))),
                    );
                }
                budget -= end - done;
                if end < count {
                    self.date_at = Some(((first, step, count), end));
                }
                continue;
            }
            let Some(((src, count), done)) = self
                .source_at
                .take()
                .or_else(|| Some((self.source_runs.next()?, 0)))
            else {
                return true;
            };
            let end = count.min(done.saturating_add(budget.min(u32::MAX as usize) as u32));
            let rows = (done..end).map(|k| RowSource::new(src.file, src.line.wrapping_add(k)));
            match src.joined() {
                // one file's rows (almost every table): nothing to add to each
                None => self.table.sources.extend(rows),
                Some((f, l)) => self.table.sources.extend(
                    rows.zip(done..end)
                        .map(|(r, k)| r.with_joined(Some((f, l.wrapping_add(k))))),
                ),
            }
            budget -= (end - done) as usize;
            if end < count {
                self.source_at = Some(((src, count), end));
            }
        }
        self.date_at.is_none()
            && self.source_at.is_none()
            && self.date_runs.len() == 0
            && self.source_runs.len() == 0
    }

    /// How many parts the columns come in.
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// Puts the `i`-th part in place (parts come in order: a text column's text, then its ends).
    pub fn fill(&mut self, i: usize, part: Filled) -> R<()> {
        match (*self.parts.get(i).ok_or(Malformed)?, part) {
            (Expected::Numbers { at, len }, Filled::Numbers(v)) if v.len() == len => {
                self.table.columns[at].data = ColumnData::Numeric(v);
            }
            (Expected::Text { .. }, Filled::Text(t)) => self.text = Some(t),
            (Expected::Ends { at, rows, kept }, Filled::Ends(ends)) if ends.len() == kept => {
                let text = self.text.take().ok_or(Malformed)?;
                let ends = ends.into_iter().map(|e| e as usize).collect();
                let mut column = TextColumn::from_parts(text, ends).ok_or(Malformed)?;
                column.keep_first(kept, rows);
                self.table.columns[at].data = ColumnData::Text(column);
            }
            _ => return Err(Malformed),
        }
        Ok(())
    }

    /// The table, its dates and row sources rebuilt if [`PendingTable::expand`] has not yet.
    pub fn finish(mut self) -> Table {
        while !self.expand(usize::MAX) {}
        self.table
    }
}

/// A read file whose numeric columns are still to be filled, in order, with [`Pending::fill`].
pub struct Pending {
    report: FileReport,
    table: PendingTable,
}

impl Pending {
    /// How many parts the file's columns come in.
    pub fn parts(&self) -> usize {
        self.table.parts()
    }

    /// Puts the `i`-th part in place ([`PendingTable::fill`]).
    pub fn fill(&mut self, i: usize, part: Filled) -> R<()> {
        self.table.fill(i, part)
    }

    /// The table still being filled.
    pub fn table_mut(&mut self) -> &mut PendingTable {
        &mut self.table
    }

    pub fn finish(self) -> Loaded {
        Loaded {
            table: Arc::new(self.table.finish()),
            report: self.report,
        }
    }
}

/// Reads what [`write_loaded`] wrote (the numbers come with [`Pending::fill`]).
pub fn read_loaded(bytes: &[u8]) -> R<Pending> {
    let mut r = Reader::new(bytes);
    let report: FileReport = serde_json::from_str(&r.str()?).map_err(|_| Malformed)?;
    let table = read_table(&mut r)?;
    if !r.is_done() {
        return Err(Malformed);
    }
    Ok(Pending { report, table })
}

/// Reads what [`write_table`] wrote (the columns come with [`PendingTable::fill`]).
pub fn read_table(r: &mut Reader) -> R<PendingTable> {
    let mut parts = Vec::new();
    let mut date_runs = Vec::new();
    let date = match r.u8()? {
        0 => None,
        1 => {
            let name = r.str()?;
            let (n, runs) = read_dates(r)?;
            date_runs = runs;
            Some(DateColumn {
                name,
                values: Vec::with_capacity(n.min(PREALLOCATE_MAX)),
            })
        }
        _ => return Err(Malformed),
    };
    let n_cols = r.len()?;
    let mut columns = Vec::with_capacity(n_cols);
    for _ in 0..n_cols {
        let name = r.str()?;
        let data = match r.u8()? {
            0 => {
                let len = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
                parts.push(Expected::Numbers {
                    at: columns.len(),
                    len,
                });
                ColumnData::Numeric(Vec::new())
            }
            1 => {
                let rows = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
                let kept = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
                if kept > rows {
                    return Err(Malformed);
                }
                let at = columns.len();
                parts.push(Expected::Text { at, rows, kept });
                parts.push(Expected::Ends { at, rows, kept });
                ColumnData::Text(TextColumn::new())
            }
            _ => return Err(Malformed),
        };
        columns.push(Column { name, data });
    }
    let (n_sources, source_runs) = read_sources(r)?;
    let sources = Vec::with_capacity(n_sources.min(PREALLOCATE_MAX));
    let n = r.len()?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        files.push(r.str()?);
    }
    let table = Table {
        date,
        columns,
        sources,
        files,
    };
    Ok(PendingTable {
        table,
        parts,
        text: None,
        date_runs: date_runs.into_iter(),
        source_runs: source_runs.into_iter(),
        date_at: None,
        source_at: None,
    })
}

/// The digest the worker sends with an orders or payments export (read with `recipe`, else as
/// recognised), so the page adds up periods without grouping the rows itself.
pub fn digest_for(loaded: &Loaded, recipe: Option<&Recipe>) -> Option<Digest> {
    loaded.report.events.as_ref()?;
    let r = recipe
        .cloned()
        .or_else(|| recipe_for(&loaded.table, &loaded.report))?;
    // an error here is the page's to show: it derives from the table and reports it
    events::digest(&loaded.table, &r).ok().flatten()
}

/// Writes an error as the page shows it.
pub fn write_error(e: &ShownError) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(e.kind);
    w.opt_u64(e.line);
    w.opt_u64(e.column);
    w.opt_str(e.file.as_deref());
    w.str(&e.en);
    w.str(&e.it);
    w.opt_str(e.quote.as_deref());
    w.0
}

/// Reads what [`write_error`] wrote.
pub fn read_error(bytes: &[u8]) -> R<ShownError> {
    let mut r = Reader::new(bytes);
    Ok(ShownError {
        kind: intern(r.str()?),
        line: r.opt_u64()?,
        column: r.opt_u64()?,
        file: r.opt_str()?,
        en: r.str()?,
        it: r.str()?,
        quote: r.opt_str()?,
    })
}

/// `ShownError::kind` is `&'static str` (a stable code from a short list): each distinct code is
/// leaked once, so the memory stays bounded by the number of codes.
fn intern(kind: String) -> &'static str {
    use std::sync::Mutex;
    static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == kind) {
        return k;
    }
    let k: &'static str = Box::leak(kind.into_boxed_str());
    seen.push(k);
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_roi_core::ingest::{self, Options};

    /// What the receiver makes of each part (a copy, as from a typed array).
    fn filled(parts: &[Part]) -> Vec<Filled> {
        parts
            .iter()
            .map(|p| match p {
                Part::Numbers(v) => Filled::Numbers(v.to_vec()),
                Part::Text(t) => Filled::Text(String::from_utf8(t.to_vec()).unwrap()),
                Part::Ends(e) => Filled::Ends(e.clone()),
            })
            .collect()
    }

    #[test]
    fn a_read_file_crosses_unchanged() {
        let csv = "date,sales,note\n2024-01-01,10,a\n2024-01-02,,\n2024-01-03,12.5,città\n";
        let loaded = ingest::read("x.csv", csv.as_bytes(), &Options::default()).unwrap();
        let (bytes, parts) = write_loaded(&loaded, usize::MAX);
        assert_eq!(parts.len(), 3, "numbers, then the text and its ends");
        let mut pending = read_loaded(&bytes).unwrap();
        assert_eq!(pending.parts(), 3);
        assert_eq!(pending.fill(0, Filled::Numbers(vec![1.0])), Err(Malformed));
        for (i, f) in filled(&parts).into_iter().enumerate() {
            pending.fill(i, f).unwrap();
        }
        let back = pending.finish();
        // NaN (the missing cell) is not equal to itself: compare the bytes written again.
        let (bytes2, parts2) = write_loaded(&back, usize::MAX);
        assert_eq!(bytes2, bytes);
        let bits = |p: &Part| match p {
            Part::Numbers(v) => v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            _ => unreachable!(),
        };
        assert_eq!(bits(&parts2[0]), bits(&parts[0]));
        assert_eq!(parts2[1..], parts[1..]);
        assert_eq!(back.report, loaded.report);
        assert_eq!(back.table.sources.len(), 3);
        assert_eq!(back.table.column("note"), loaded.table.column("note"));
        assert!(read_loaded(&bytes[..bytes.len() - 1]).is_err());
        // text past the kept rows crosses empty, the rest unchanged
        let (bytes, parts) = write_loaded(&loaded, 1);
        let mut p = read_loaded(&bytes).unwrap();
        for (i, f) in filled(&parts).into_iter().enumerate() {
            p.fill(i, f).unwrap();
        }
        let cut = p.finish();
        let notes = |l: &Loaded| match &l.table.column("note").unwrap().data {
            ColumnData::Text(v) => v.iter().map(|c| c.map(str::to_owned)).collect::<Vec<_>>(),
            ColumnData::Numeric(_) => unreachable!(),
        };
        assert_eq!(notes(&cut), vec![Some("a".to_owned()), None, None]);
        assert_eq!(cut.table.n_rows(), 3);
        // parts that do not fit are refused: out of order, text cut inside a character, ends
        // past the text, a count that differs
        let fresh = || read_loaded(&bytes).unwrap();
        let mut p = fresh();
        assert_eq!(p.fill(1, Filled::Ends(vec![1])), Err(Malformed));
        let (_, all) = write_loaded(&loaded, usize::MAX);
        let Part::Text(t) = all[1] else {
            unreachable!()
        };
        let Part::Ends(e) = &all[2] else {
            unreachable!()
        };
        let (bytes, _) = write_loaded(&loaded, usize::MAX);
        let t = std::str::from_utf8(t).unwrap();
        for (text, ends) in [
            (t[..t.len() - 2].to_owned(), e.clone()),
            (t.to_owned(), vec![1, 1, t.len() as u32 + 1]),
            (t.to_owned(), vec![1, t.len() as u32]),
        ] {
            let mut p = read_loaded(&bytes).unwrap();
            p.fill(0, filled(&all[..1]).remove(0)).unwrap();
            p.fill(1, Filled::Text(text)).unwrap();
            assert_eq!(p.fill(2, Filled::Ends(ends)), Err(Malformed));
        }
    }

    /// A text part copied in pieces cut anywhere (inside characters too) is the same string;
    /// bytes that are not UTF-8, or a character the last piece cuts, are refused.
    #[test]
    fn text_checked_piece_by_piece() {
        let text = "a città — 😀 ü".as_bytes();
        for size in 1..=text.len() {
            let (mut s, mut tail) = (String::new(), Vec::new());
            let pieces: Vec<&[u8]> = text.chunks(size).collect();
            for (i, p) in pieces.iter().enumerate() {
                push_utf8(&mut s, &mut tail, p, i + 1 == pieces.len()).unwrap();
            }
            assert_eq!(s.as_bytes(), text, "pieces of {size}");
            assert!(tail.is_empty());
        }
        let (mut s, mut tail) = (String::new(), Vec::new());
        assert_eq!(
            push_utf8(&mut s, &mut tail, b"ab\xFFc", false),
            Err(Malformed)
        );
        let (mut s, mut tail) = (String::new(), Vec::new());
        push_utf8(
            &mut s,
            &mut tail,
            "xà".as_bytes().split_last().unwrap().1,
            false,
        )
        .unwrap();
        assert_eq!(push_utf8(&mut s, &mut tail, b"", true), Err(Malformed));
    }

    /// Dates and row sources cross as runs; every shape of them comes back row for row: steps
    /// that change, a gap in the lines, joined rows, two files, one row.
    #[test]
    fn dates_and_row_sources_cross_as_runs() {
        let days = [
            vec![],
            vec![5],
            (0..1000).collect::<Vec<i32>>(),
            (0..50)
                .map(|k| 7 * k)
                .chain([400, 401, 401, 390, -5])
                .collect(),
            vec![i32::MAX - 1, i32::MIN + 1, 0, i32::MAX],
        ];
        for d in days {
            let n = d.len();
            let src = |i: usize| {
                RowSource::new((i / 300) as u16, 2 + i as u32 + u32::from(i > 10))
                    .with_joined((i % 5 < 3).then_some((7, 9 + i as u32)))
            };
            let table = Table {
                date: Some(DateColumn {
                    name: "date".into(),
                    values: d.iter().map(|&x| Date::from_days(x)).collect(),
                }),
                columns: vec![Column {
                    name: "note".into(),
                    data: ColumnData::Text(
                        (0..n)
                            .map(|i| format!("t{i}"))
                            .collect::<Vec<_>>()
                            .iter()
                            .map(|s| Some(s.as_str()))
                            .collect(),
                    ),
                }],
                sources: (0..n).map(src).collect(),
                files: vec!["a.csv".into(), "b.csv".into()],
            };
            let mut w = Writer::default();
            let parts = filled(&write_table(&mut w, &table, 3));
            let mut r = Reader::new(&w.0);
            let mut pending = read_table(&mut r).unwrap();
            for (i, f) in parts.into_iter().enumerate() {
                pending.fill(i, f).unwrap();
            }
            let back = pending.finish();
            assert!(r.is_done());
            assert_eq!(back.date, table.date);
            assert_eq!(back.sources, table.sources);
            // rebuilt a few rows at a time, the same
            let mut pending = read_table(&mut Reader::new(&w.0)).unwrap();
            let mut steps = 0;
            while !pending.expand(7) {
                steps += 1;
            }
            assert!(steps >= 2 * n / 7, "{steps} steps for {n} rows");
            let stepped = pending.finish();
            assert_eq!(stepped.date, table.date);
            assert_eq!(stepped.sources, table.sources);
            let ColumnData::Text(t) = &back.columns[0].data else {
                unreachable!()
            };
            assert_eq!(t.len(), n);
            assert!(t.iter().enumerate().all(|(i, s)| s.is_some() == (i < 3)));
            for cut in [1, w.0.len() / 2, w.0.len() - 1] {
                assert!(read_table(&mut Reader::new(&w.0[..cut])).is_err());
            }
        }
        // a daily table of a million rows is a few bytes of dates and sources
        let table = Table {
            date: Some(DateColumn {
                name: "date".into(),
                values: (0..1_000_000).map(Date::from_days).collect(),
            }),
            columns: vec![],
            sources: (0..1_000_000u32)
                .map(|i| RowSource::new(0, i + 2))
                .collect(),
            files: vec!["a.csv".into()],
        };
        let mut w = Writer::default();
        write_table(&mut w, &table, 0);
        assert!(w.0.len() < 100, "{} bytes", w.0.len());
    }

    #[test]
    fn an_error_crosses_unchanged() {
        let e = ShownError {
            kind: "empty_input",
            line: Some(3),
            column: None,
            file: Some("a.csv".into()),
            en: "Empty".into(),
            it: "Vuoto".into(),
            quote: Some("a;b".into()),
        };
        let back = read_error(&write_error(&e)).unwrap();
        assert_eq!(back, e);
    }
}
