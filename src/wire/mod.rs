//! The compact byte forms in which data crosses between the page and the engine's Web Worker: a
//! read file (worker → page), a table to analyse (page → worker) and, in [`report`], the
//! analysis' report (worker → page).
//!
//! Pure (no browser API), so it is tested natively. A `Table` is mostly numbers: JSON would be
//! slower and cannot carry NaN (our "missing"), so the table is written as little-endian arrays
//! with length prefixes, its numeric columns beside the bytes; the `FileReport` (small, already
//! `serde`) goes as JSON inside it.

pub mod report;

use std::sync::Arc;

use social_roi_core::analysis::document::recipe_for;
use social_roi_core::events::{self, Digest, Recipe};
use social_roi_core::ingest::{FileReport, Loaded};
use social_roi_core::table::{Column, ColumnData, DateColumn, RowSource};
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

/// Writes a read file: everything but the numbers as bytes, and the numeric columns as they are
/// (they cross as `Float64Array`s, NaN included, so the page copies each in one short task).
/// Text cells past the first `text_rows` rows are written empty: for an orders export whose
/// digest goes with it, the page needs the text only for its preview, and the e-mails, names and
/// addresses of the other rows (most of a shop export's size) then never leave the worker.
pub fn write_loaded(loaded: &Loaded, text_rows: usize) -> (Vec<u8>, Vec<&[f64]>) {
    let mut w = Writer::default();
    let report = serde_json::to_string(&loaded.report).unwrap_or_default();
    w.str(&report);
    let numbers = write_table(&mut w, &loaded.table, text_rows);
    (w.0, numbers)
}

/// Writes a table as [`write_loaded`] does (without a file report); returns its numeric columns.
pub fn write_table<'t>(w: &mut Writer, t: &'t Table, text_rows: usize) -> Vec<&'t [f64]> {
    let mut numbers = Vec::new();
    match &t.date {
        Some(d) => {
            w.u8(1);
            w.str(&d.name);
            w.len(d.values.len());
            for v in &d.values {
                w.u32(v.days() as u32);
            }
        }
        None => w.u8(0),
    }
    w.len(t.columns.len());
    for c in &t.columns {
        w.str(&c.name);
        match &c.data {
            ColumnData::Numeric(v) => {
                w.u8(0);
                w.len(v.len());
                numbers.push(&v[..]);
            }
            ColumnData::Text(v) => {
                w.u8(1);
                w.len(v.len());
                for (i, s) in v.iter().enumerate() {
                    w.opt_str(s.as_deref().filter(|_| i < text_rows));
                }
            }
        }
    }
    w.len(t.sources.len());
    for s in &t.sources {
        w.u32(u32::from(s.file));
        w.u32(s.line);
        match s.joined {
            Some((f, l)) => {
                w.u8(1);
                w.u32(u32::from(f));
                w.u32(l);
            }
            None => w.u8(0),
        }
    }
    w.len(t.files.len());
    for f in &t.files {
        w.str(f);
    }
    numbers
}

/// A table whose numeric columns are still to be filled, in order, with [`PendingTable::fill`].
pub struct PendingTable {
    table: Table,
    /// Index in `columns` and length of each numeric column.
    numeric: Vec<(usize, usize)>,
}

impl PendingTable {
    /// How many numeric columns the table has.
    pub fn numeric_columns(&self) -> usize {
        self.numeric.len()
    }

    /// Puts the `i`-th numeric column's values in place.
    pub fn fill(&mut self, i: usize, values: Vec<f64>) -> R<()> {
        let &(at, len) = self.numeric.get(i).ok_or(Malformed)?;
        if values.len() != len {
            return Err(Malformed);
        }
        self.table.columns[at].data = ColumnData::Numeric(values);
        Ok(())
    }

    pub fn finish(self) -> Table {
        self.table
    }
}

/// A read file whose numeric columns are still to be filled, in order, with [`Pending::fill`].
pub struct Pending {
    report: FileReport,
    table: PendingTable,
}

impl Pending {
    /// How many numeric columns the file has.
    pub fn numeric_columns(&self) -> usize {
        self.table.numeric_columns()
    }

    /// Puts the `i`-th numeric column's values in place.
    pub fn fill(&mut self, i: usize, values: Vec<f64>) -> R<()> {
        self.table.fill(i, values)
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

/// Reads what [`write_table`] wrote (the numbers come with [`PendingTable::fill`]).
pub fn read_table(r: &mut Reader) -> R<PendingTable> {
    let mut numeric = Vec::new();
    let date = match r.u8()? {
        0 => None,
        1 => {
            let name = r.str()?;
            let n = r.len()?;
            let mut values = Vec::with_capacity(n);
            for _ in 0..n {
                values.push(Date::from_days(r.u32()? as i32));
            }
            Some(DateColumn { name, values })
        }
        _ => return Err(Malformed),
    };
    let n_cols = r.len()?;
    let mut columns = Vec::with_capacity(n_cols);
    for _ in 0..n_cols {
        let name = r.str()?;
        let data = match r.u8()? {
            0 => {
                let n = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
                numeric.push((columns.len(), n));
                ColumnData::Numeric(Vec::new())
            }
            1 => {
                let n = r.len()?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(r.opt_str()?);
                }
                ColumnData::Text(v)
            }
            _ => return Err(Malformed),
        };
        columns.push(Column { name, data });
    }
    let n = r.len()?;
    let mut sources = Vec::with_capacity(n);
    for _ in 0..n {
        let file = u16::try_from(r.u32()?).map_err(|_| Malformed)?;
        let line = r.u32()?;
        let joined = match r.u8()? {
            0 => None,
            1 => Some((u16::try_from(r.u32()?).map_err(|_| Malformed)?, r.u32()?)),
            _ => return Err(Malformed),
        };
        sources.push(RowSource { file, line, joined });
    }
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
    Ok(PendingTable { table, numeric })
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

    #[test]
    fn a_read_file_crosses_unchanged() {
        let csv = b"date,sales,note\n2024-01-01,10,a\n2024-01-02,,\n2024-01-03,12.5,c\n";
        let loaded = ingest::read("x.csv", csv, &Options::default()).unwrap();
        let (bytes, numbers) = write_loaded(&loaded, usize::MAX);
        let mut pending = read_loaded(&bytes).unwrap();
        assert_eq!(pending.numeric_columns(), 1);
        assert_eq!(pending.fill(0, vec![1.0]), Err(Malformed));
        pending.fill(0, numbers[0].to_vec()).unwrap();
        let back = pending.finish();
        // NaN (the missing cell) is not equal to itself: compare the bytes written again.
        let (bytes2, numbers2) = write_loaded(&back, usize::MAX);
        assert_eq!(bytes2, bytes);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(numbers2[0]), bits(numbers[0]));
        assert_eq!(back.report, loaded.report);
        assert_eq!(back.table.sources.len(), 3);
        assert!(read_loaded(&bytes[..bytes.len() - 1]).is_err());
        // text past the kept rows crosses empty, the rest unchanged
        let (bytes, numbers) = write_loaded(&loaded, 1);
        let mut p = read_loaded(&bytes).unwrap();
        p.fill(0, numbers[0].to_vec()).unwrap();
        let cut = p.finish();
        let notes = |l: &Loaded| match &l.table.column("note").unwrap().data {
            ColumnData::Text(v) => v.clone(),
            ColumnData::Numeric(_) => unreachable!(),
        };
        assert_eq!(notes(&cut), vec![Some("a".to_owned()), None, None]);
        assert_eq!(cut.table.n_rows(), 3);
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
