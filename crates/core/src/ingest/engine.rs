//! The main pass over delimited text: records split, classified (data, blank, comment, totals,
//! another table, ragged) and typed in one loop into columnar vectors, in bounded steps.
//!
//! Column readings (date order, decimal separator, number/text) are provisional, decided on a
//! sample of the first rows; the loop counts every cell's evidence, so at the end the decision is
//! whole-column. Only the columns whose later cells contradict the provisional reading are read
//! again (a second, collecting pass over just those columns).

use super::dates::{self, DateCell, DateOrder};
use super::infer::{self, NumStats};
use super::number::{self, Evidence, NotNumber};
use super::report::{self, ColumnReport, FileReport, MissingCell};
use super::sniff::Layout;
use super::split::{Record, Splitter};
use super::{ColumnKind, Options};
use crate::{Column, ColumnData, Date, Error, ErrorKind, Position, Result, TextColumn};

/// Rows read for the provisional decisions.
const SAMPLE_ROWS: usize = 1000;
const SAMPLE_BYTES: usize = 512 * 1024;

/// How a column is read in a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    Date,
    Num { dec: u8, forced: bool },
    Text { forced: bool },
}

/// Everything decided before the main pass.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    pub layout: Layout,
    pub names: Vec<String>,
    pub date_col: Option<usize>,
    pub order: DateOrder,
    pub order_forced: bool,
    pub date_format: String,
    pub date_ambiguity: Option<report::Ambiguity>,
    pub plans: Vec<Plan>,
    /// Columns the user declared numbers: they stay numeric whatever their cells hold.
    pub number_forced: Vec<bool>,
    /// Other columns that hold dates (kept as text), for the notice naming the one used.
    pub other_dates: Vec<String>,
    /// Columns that look like numbers but are not quantities (phone numbers, postal codes, the
    /// time of day): text, whatever the rest of their cells hold.
    pub keep_text: Vec<bool>,
    /// Bytes per data record in the sample (for reserving capacity).
    pub avg_record: usize,
    /// Columns read into the table; the others are only reported (`Options::columns_kept`).
    pub keep: Vec<bool>,
    /// How far the sample read (the text's end when a quote never closed in it): more text can
    /// change the decisions only if this is the end of the text given.
    pub reach: usize,
    /// The file writes the day first, by its numbers (comma decimals, `;`) or its money (€, £).
    pub day_first: bool,
}

/// A note written in the date column ("Dati aggiornati al 21/02/2024", "Source: CRM, exported
/// 22/02/2024"): words, at least two of them with three letters or more. On a row with no other
/// cell it is a note below (or inside) the table, not a date written wrong.
pub(crate) fn is_note(cell: &[u8]) -> bool {
    let s = String::from_utf8_lossy(cell);
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .count()
        >= 2
}

/// Labels that start totals/summary rows.
pub(crate) fn is_total_label(cell: &[u8]) -> bool {
    let s = crate::text::lowercase(&String::from_utf8_lossy(cell));
    [
        "total",
        "totale",
        "totali",
        "totals",
        "grand total",
        "summe",
        "gesamt",
        "sum",
        "somma",
        "average",
        "media",
        "avg",
        "mean",
    ]
    .iter()
    .any(|p| {
        s.starts_with(p)
            && s[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Unique, non-empty column names (`column 3` for an empty header cell, `name (2)` for repeats).
pub(crate) fn unique_names(raw: &[String]) -> Vec<String> {
    // a set and each base's next number: 3,000 columns all named "x" took seconds by scanning
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, n) in raw.iter().enumerate() {
        let base = if n.is_empty() {
            format!("column {}", i + 1)
        } else {
            n.clone()
        };
        let mut name = base.clone();
        if taken.contains(&name) {
            let k = next.entry(base.clone()).or_insert(2);
            loop {
                name = format!("{base} ({k})");
                *k += 1;
                if !taken.contains(&name) {
                    break;
                }
            }
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

fn find_column(names: &[String], want: &str) -> Option<usize> {
    names.iter().position(|n| n == want).or_else(|| {
        names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(want.trim()))
    })
}

/// Reads the sample and makes the provisional decisions.
pub(crate) fn setup(text: &[u8], layout: Layout, opts: &Options) -> Result<Setup> {
    let n = layout.header.len();
    let names = unique_names(&layout.header);
    let sp = Splitter::new(layout.delim);
    let mut rec = Record::default();
    let mut rows: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut pos = layout.data_start;
    let mut line = layout.data_line;
    let mut bytes = 0usize;
    while pos < text.len() && rows.len() < SAMPLE_ROWS && pos - layout.data_start < SAMPLE_BYTES {
        let start = pos;
        match sp.read(text, pos, &mut line, &mut rec) {
            Ok(p) => pos = p,
            Err(_) => {
                // reported with its position by the main pass
                pos = text.len();
                break;
            }
        }
        if rec.is_blank(text) {
            if rows.is_empty() {
                continue;
            }
            break;
        }
        let extra_empty = (n..rec.len()).all(|i| number::trim(rec.field(text, i)).is_empty());
        if rec.len() < n || !extra_empty {
            continue;
        }
        bytes += pos - start;
        rows.push((0..n).map(|i| rec.field(text, i).to_vec()).collect());
    }
    let avg_record = if rows.is_empty() {
        64
    } else {
        (bytes / rows.len()).max(1)
    };
    let col = |j: usize| rows.iter().map(move |r| r[j].as_slice());

    // Overrides by column name.
    let mut forced_kind: Vec<Option<&super::ColumnOverride>> = vec![None; n];
    for o in &opts.columns {
        let j = find_column(&names, &o.name).ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn {
                pos: Position::default(),
                name: o.name.clone(),
                known: names.clone(),
            })
        })?;
        forced_kind[j] = Some(o);
    }
    // other columns of dates, named in a notice beside the one used
    let mut other_dates: Vec<String> = Vec::new();
    let date_col = if opts.no_date_column {
        None
    } else if let Some(name) = &opts.date_column {
        Some(find_column(&names, name).ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn {
                pos: Position::default(),
                name: name.clone(),
                known: names.clone(),
            })
        })?)
    } else if let Some(j) =
        (0..n).find(|&j| forced_kind[j].is_some_and(|o| o.kind == Some(ColumnKind::Date)))
    {
        Some(j)
    } else {
        let shares: Vec<(u64, u64)> = (0..n)
            .map(|j| {
                if forced_kind[j].is_some_and(|o| o.kind.is_some()) {
                    (0, 0)
                } else {
                    infer::date_share(col(j))
                }
            })
            .collect();
        let picked = infer::pick_date_column(&names, &shares);
        // a range's end (Reporting ends, Fine dei report) goes with its start: no word
        let range_end = |n: &str| {
            let l = crate::text::lowercase(n);
            l.contains("end") || l.contains("fine") || l.contains("stop")
        };
        other_dates = infer::date_candidates(&names, &shares)
            .into_iter()
            .filter(|&j| Some(j) != picked && !range_end(&names[j]))
            .map(|j| names[j].clone())
            .collect();
        picked
    };

    // Provisional number readings: a column's own evidence, else the file's.
    let stats: Vec<NumStats> = (0..n).map(|j| infer::scan(col(j))).collect();
    let (file_dec, _) = infer::file_decimal(
        (0..n)
            .filter(|&j| Some(j) != date_col && stats[j].is_numeric())
            .filter_map(|j| stats[j].own_decimal()),
        layout.delim,
    );
    let keep_text: Vec<bool> = (0..n)
        .map(|j| infer::is_text_by_name(&names[j]) || infer::is_clock_column(&names[j], col(j)))
        .collect();
    let plans: Vec<Plan> = (0..n)
        .map(|j| {
            if Some(j) == date_col {
                return Plan::Date;
            }
            let o = forced_kind[j];
            match o.and_then(|o| o.kind) {
                Some(ColumnKind::Text) => return Plan::Text { forced: true },
                Some(ColumnKind::Number) => {}
                _ if !stats[j].is_numeric() || keep_text[j] => return Plan::Text { forced: false },
                _ => {}
            }
            match o.and_then(|o| o.decimal) {
                Some(d) => Plan::Num {
                    dec: d,
                    forced: true,
                },
                None => Plan::Num {
                    dec: stats[j].own_decimal().unwrap_or(file_dec),
                    forced: false,
                },
            }
        })
        .collect();
    let number_forced: Vec<bool> = (0..n)
        .map(|j| forced_kind[j].is_some_and(|o| o.kind == Some(ColumnKind::Number)))
        .collect();
    let forced_order = date_col.and_then(|j| forced_kind[j].and_then(|o| o.date_order));
    // amounts in €, £ and the other currencies of day-first countries say how the file's
    // dates are written too (a UK monthly report's 01/02/2024 is 1 February)
    let day_first = file_dec == b','
        || layout.delim == b';'
        || (0..n).filter(|&j| Some(j) != date_col).any(|j| {
            col(j).take(200).any(|c| {
                let c = number::trim(c);
                number::evidence(c).is_some()
                    && number::DAY_FIRST_CURRENCIES
                        .iter()
                        .any(|cur| c.windows(cur.len()).any(|w| w == cur.as_bytes()))
            })
        });
    let dd = match date_col {
        Some(j) => infer::decide_dates(col(j), day_first, &names[j], forced_order),
        None => infer::decide_dates(std::iter::empty(), false, "", None),
    };
    let keep: Vec<bool> = (0..n)
        .map(|j| {
            let listed = opts
                .columns_kept
                .as_ref()
                .is_none_or(|kept| kept.iter().any(|k| find_column(&names, k) == Some(j)));
            let text = matches!(plans[j], Plan::Text { forced: false });
            Some(j) == date_col || (listed && !(opts.no_text_columns && text))
        })
        .collect();
    Ok(Setup {
        reach: pos,
        keep,
        layout,
        names,
        date_col,
        order: dd.order,
        order_forced: forced_order.is_some(),
        date_format: dd.format,
        date_ambiguity: dd.ambiguity,
        plans,
        number_forced,
        keep_text,
        avg_record,
        other_dates,
        day_first,
    })
}

struct NumCol {
    dec: u8,
    other: u8,
    forced: bool,
    values: Vec<f64>,
    st: NumStats,
    missing: Vec<(u32, String)>,
    n_missing: u64,
    /// Fast-path evidence counts, indexed by `Evidence as usize`, and this row's (for undo).
    ev: [u64; 4],
    last_ev: Evidence,
    /// Fast-path shape counts (`infer::shape`), and this row's index (for undo; past the end
    /// for a cell without one).
    shape: [u64; infer::SHAPES],
    last_shape: usize,
}

impl NumCol {
    /// Keeps the first ambiguous value as the report's example, rebuilt from the value (it has
    /// exactly three decimals and at most three integer digits).
    #[cold]
    fn note_both(&mut self, v: f64) {
        let s = format!("{v:.3}");
        self.st.first_both = Some(if self.dec == b',' {
            s.replace('.', ",")
        } else {
            s
        });
    }

    #[inline]
    fn push(&mut self, cell: &[u8], line: u64) {
        if let Some((v, ev)) = number::parse_fast(cell, self.dec) {
            self.values.push(v);
            self.st.non_blank += 1;
            self.st.parsed += 1;
            if ev != Evidence::Neutral {
                self.st.count(ev, cell);
            } else {
                self.st.shape[infer::shape_of(ev, &[], v.abs() >= 1000.0)] += 1;
            }
            return;
        }
        self.slow(cell, line);
    }

    #[cold]
    fn slow(&mut self, cell: &[u8], line: u64) {
        let t = number::trim(cell);
        if !t.is_empty() {
            self.st.non_blank += 1;
        }
        match number::parse(t, self.dec) {
            Ok((v, shape)) => {
                self.values.push(v);
                self.st.parsed += 1;
                let seps = t.iter().any(|&b| b == b'.' || b == b',');
                let ev = if !seps {
                    Evidence::Neutral
                } else if number::parse(t, self.other).is_ok() {
                    Evidence::Both
                } else if self.dec == b'.' {
                    Evidence::DotOnly
                } else {
                    Evidence::CommaOnly
                };
                self.st.count(ev, t);
                self.st.groups |= shape.group;
                self.st.percent |= shape.percent;
                self.st.accounting |= shape.accounting;
                self.st.scaled |= shape.scaled;
                if self.st.currency == 0 {
                    self.st.currency = shape.currency;
                }
            }
            Err(why) => {
                self.values.push(f64::NAN);
                if !t.is_empty() {
                    self.st.not_number(t);
                }
                if why == NotNumber::Text && number::parse(t, self.other).is_ok() {
                    self.st.contradictions += 1;
                }
                self.n_missing += 1;
                if self.missing.len() < report::LIST_CAP {
                    self.missing
                        .push((line as u32, String::from_utf8_lossy(cell).into_owned()));
                }
            }
        }
    }
}

enum Col {
    Num(NumCol),
    Text(TextColumn, NumStats, bool),
    Collect(Vec<Vec<u8>>),
    Skip,
    /// Not kept (`Options::columns_kept`): not even split into a cell.
    Dropped,
}

/// Counters about the date column's `a/b/y` cells.
#[derive(Debug, Default, Clone, Copy)]
struct DateStats {
    triples: u64,
    decisive: u64,
    contradictions: u64,
}

enum DateFail {
    NotDate,
    WrongOrder,
}

/// The main (or collecting) pass.
pub(crate) struct Engine {
    sp: Splitter,
    n: usize,
    date_col: Option<usize>,
    order: DateOrder,
    order_forced: bool,
    collecting: bool,
    collect_dates: bool,
    header: Vec<String>,
    pub pos: usize,
    line: u64,
    cols: Vec<Col>,
    dates: Vec<Date>,
    date_raw: Vec<Vec<u8>>,
    ds: DateStats,
    lines: Vec<u32>,
    after_blank: bool,
    stopped: bool,
    ignored: Vec<(u64, String)>,
    n_ignored: u64,
    ragged: Vec<(u64, usize)>,
    invalid_date: Option<(u64, usize, String)>,
    trailing_empty: u64,
    rec: Record,
    /// Added to text offsets to give file offsets (a UTF-8 BOM).
    base_offset: usize,
    delim: u8,
    /// Per column, how the fused fast path reads it; `None` when some column needs the general
    /// path on every row (text columns, collecting pass).
    fast: Option<Vec<Fast>>,
    fast_rows: u64,
    /// The fast path's text cells of the row being read (column, start, end), kept once the
    /// whole row is taken.
    text_cells: Vec<(usize, usize, usize)>,
    /// `YYYY-MM-` of the last ISO date, the day number of its day 0 and the month's length:
    /// consecutive rows usually share the month, so most dates cost one compare and an add.
    iso_cache: ([u8; 8], i32, u32),
}

/// A column in the fused fast path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fast {
    IsoDate,
    Num(u8),
    /// An unquoted text cell, kept...
    Text,
    /// ...or not read (`Options::columns_kept`).
    Skip,
}

impl Engine {
    /// An engine for the main pass (`collect` = None) or for a second pass that keeps the raw
    /// cells of the listed columns (and of the date column if `collect_dates`).
    pub fn new(
        setup: &Setup,
        text_len: usize,
        collect: Option<(&[usize], bool)>,
        base_offset: usize,
    ) -> Engine {
        let l = &setup.layout;
        let est = ((text_len.saturating_sub(l.data_start)) / setup.avg_record.max(1))
            .saturating_mul(21)
            / 20
            + 16;
        let est = est.min(text_len / 2 + 16);
        let cols = setup
            .plans
            .iter()
            .enumerate()
            .map(|(j, p)| match collect {
                Some((cs, _)) => {
                    if cs.contains(&j) {
                        Col::Collect(Vec::new())
                    } else {
                        Col::Skip
                    }
                }
                None if !setup.keep[j] => Col::Dropped,
                None => match *p {
                    Plan::Num { dec, forced } => Col::Num(NumCol {
                        dec,
                        other: if dec == b',' { b'.' } else { b',' },
                        forced,
                        values: Vec::with_capacity(est),
                        st: NumStats::default(),
                        missing: Vec::new(),
                        n_missing: 0,
                        ev: [0; 4],
                        last_ev: Evidence::Neutral,
                        shape: [0; infer::SHAPES],
                        last_shape: infer::SHAPES,
                    }),
                    Plan::Text { forced } => {
                        Col::Text(TextColumn::new(), NumStats::default(), forced)
                    }
                    Plan::Date => Col::Skip,
                },
            })
            .collect();
        let collecting = collect.is_some();
        let fast: Option<Vec<Fast>> = if collecting {
            None
        } else {
            let f: Vec<Fast> = (setup.plans.iter().zip(&setup.keep))
                .map(|(p, &keep)| match *p {
                    Plan::Date => Fast::IsoDate,
                    _ if !keep => Fast::Skip,
                    Plan::Num { dec, .. } => Fast::Num(dec),
                    Plan::Text { .. } => Fast::Text,
                })
                .collect();
            // A row the fast path takes has a date or a number, so it is not blank nor empty.
            f.iter()
                .any(|c| matches!(c, Fast::IsoDate | Fast::Num(_)))
                .then_some(f)
        };
        Engine {
            sp: Splitter::new(l.delim),
            n: l.header.len(),
            date_col: setup.date_col,
            order: setup.order,
            order_forced: setup.order_forced,
            collecting,
            collect_dates: collect.is_some_and(|c| c.1),
            header: l.header.clone(),
            pos: l.data_start,
            line: l.data_line,
            cols,
            dates: if collecting || setup.date_col.is_none() {
                Vec::new()
            } else {
                Vec::with_capacity(est)
            },
            date_raw: Vec::new(),
            ds: DateStats::default(),
            lines: Vec::with_capacity(if collecting { 16 } else { est }),
            after_blank: false,
            stopped: false,
            ignored: Vec::new(),
            n_ignored: 0,
            ragged: Vec::new(),
            invalid_date: None,
            trailing_empty: 0,
            rec: Record::default(),
            base_offset,
            delim: l.delim,
            fast_rows: 0,
            text_cells: Vec::new(),
            iso_cache: ([0; 8], 0, 0),
            fast,
        }
    }

    /// The fused fast path for a row of plain ISO dates and plain numbers with no quotes: one
    /// walk over the bytes both splits and types, writing straight into the columns. Returns
    /// where the next row starts, or `None` (having undone any partial writes) when the row needs
    /// the general path. Unless `last`, a row must end before the text does (it may go on).
    #[inline]
    fn fast_row(&mut self, text: &[u8], at: usize, last: bool) -> Option<usize> {
        let fast = self.fast.as_deref()?;
        if self.after_blank || self.stopped {
            return None;
        }
        let n = fast.len();
        let mut i = at;
        let mut date = None;
        let mut ok = true;
        let mut done = 0;
        let mut cells = std::mem::take(&mut self.text_cells);
        cells.clear();
        for (j, (f, col)) in fast.iter().zip(self.cols.iter_mut()).enumerate() {
            match (*f, col) {
                (Fast::Text | Fast::Skip, _) => {
                    // to the cell's end; a quote anywhere is the general path's
                    let start = i;
                    while let Some(&b) = text.get(i) {
                        if b == self.delim || b == b'\n' || b == b'\r' {
                            break;
                        }
                        if b == b'"' {
                            ok = false;
                            break;
                        }
                        i += 1;
                    }
                    if !ok {
                        break;
                    }
                    if *f == Fast::Text {
                        cells.push((j, start, i));
                    }
                }
                (Fast::IsoDate, _) => {
                    let Some(cell) = text.get(i..i + 10) else {
                        ok = false;
                        break;
                    };
                    let (prefix, base, dim) = self.iso_cache;
                    let (d1, d2) = (cell[8].wrapping_sub(b'0'), cell[9].wrapping_sub(b'0'));
                    let day = d1 as u32 * 10 + d2 as u32;
                    if cell[..8] == prefix && d1 <= 9 && d2 <= 9 && day >= 1 && day <= dim {
                        date = Some(Date::from_days(base + day as i32));
                    } else {
                        let Some(d) = dates::parse_iso_fast(cell) else {
                            ok = false;
                            break;
                        };
                        let (y, m, dd) = d.ymd();
                        let mut p = [0u8; 8];
                        p.copy_from_slice(&cell[..8]);
                        self.iso_cache =
                            (p, d.days() - dd as i32, crate::date::days_in_month(y, m));
                        date = Some(d);
                    }
                    i += 10;
                }
                (Fast::Num(dec), Col::Num(c)) => {
                    let Some((v, ev, used)) =
                        text.get(i..).and_then(|t| number::parse_prefix(t, dec))
                    else {
                        ok = false;
                        break;
                    };
                    c.values.push(v);
                    c.ev[ev as usize & 3] += 1;
                    c.last_ev = ev;
                    c.last_shape = match ev {
                        // the value says the size: `used` may include a currency or spaces
                        Evidence::Neutral => infer::shape_of(ev, &[], v.abs() >= 1000.0),
                        Evidence::Both => infer::shape_of(ev, &text[i..i + used], false),
                        _ => infer::SHAPES,
                    };
                    if let Some(n) = c.shape.get_mut(c.last_shape) {
                        *n += 1;
                    }
                    if ev == Evidence::Both && c.st.first_both.is_none() {
                        c.note_both(v);
                    }
                    i += used;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
            done = j + 1;
            if j + 1 < n {
                if text.get(i) != Some(&self.delim) {
                    ok = false;
                    break;
                }
                i += 1;
            } else {
                match text.get(i) {
                    None if last => {}
                    None => ok = false,
                    Some(b'\n') => i += 1,
                    Some(b'\r') => {
                        i += 1;
                        if text.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    _ => ok = false,
                }
            }
        }
        if !ok || (!last && i >= text.len()) {
            // undo the cells written for this row
            for col in self.cols.iter_mut().take(done) {
                if let Col::Num(c) = col {
                    c.values.pop();
                    c.ev[c.last_ev as usize & 3] -= 1;
                    if let Some(n) = c.shape.get_mut(c.last_shape) {
                        *n -= 1;
                    }
                }
            }
            self.text_cells = cells;
            return None;
        }
        for &(j, start, end) in &cells {
            if let Col::Text(v, st, _) = &mut self.cols[j] {
                push_text(v, st, &text[start..end]);
            }
        }
        self.text_cells = cells;
        self.lines.push(self.line.min(u32::MAX as u64) as u32);
        self.line += 1;
        self.fast_rows += 1;
        if let Some(d) = date {
            self.dates.push(d);
        }
        Some(i)
    }

    /// Folds the fast path's counters into the column statistics (once, at the end of the pass).
    fn settle(&mut self) {
        let rows = std::mem::take(&mut self.fast_rows);
        for c in &mut self.cols {
            if let Col::Num(c) = c {
                c.st.non_blank += rows;
                c.st.parsed += rows;
                c.st.both += c.ev[Evidence::Both as usize];
                c.st.dot_only += c.ev[Evidence::DotOnly as usize];
                c.st.comma_only += c.ev[Evidence::CommaOnly as usize];
                c.ev = [0; 4];
                for (s, n) in c.st.shape.iter_mut().zip(std::mem::take(&mut c.shape)) {
                    *s += n;
                }
            }
        }
    }

    /// Processes the records of `text`, which starts at offset `start` of the whole text (at or
    /// before `self.pos`). Unless `last` (no text follows), a record that reaches the end of
    /// `text` is left for the next call, which must start with it: it may go on.
    pub fn run(&mut self, text: &[u8], start: usize, last: bool) -> Result<()> {
        let mut rec = std::mem::take(&mut self.rec);
        let end = text.len();
        let mut at = self.pos.saturating_sub(start);
        let mut result = Ok(());
        while at < end {
            if let Some(next) = self.fast_row(text, at, last) {
                at = next;
                continue;
            }
            let line = self.line;
            match self.sp.read(text, at, &mut self.line, &mut rec) {
                Ok(p) if p >= end && !last => {
                    self.line = line;
                    break;
                }
                Ok(p) => at = p,
                Err(_) if !last => {
                    self.line = line;
                    break;
                }
                Err(q) => {
                    result = Err(Error::new(ErrorKind::UnterminatedQuote {
                        pos: Position::line(q.line)
                            .with_column(
                                q.field as u64 + 1,
                                self.header.get(q.field).map(String::as_str),
                            )
                            .with_byte_offset((q.offset + start + self.base_offset) as u64),
                    }));
                    break;
                }
            }
            self.record(text, &rec);
        }
        self.pos = self.pos.max(start + at);
        self.rec = rec;
        if result.is_ok() && last {
            self.settle();
        }
        result
    }

    fn ignore(&mut self, line: u64, why: impl Into<String>) {
        self.n_ignored += 1;
        if self.ignored.len() < report::LIST_CAP {
            self.ignored.push((line, why.into()));
        }
    }

    fn date_of(&mut self, cell: &[u8]) -> std::result::Result<Date, DateFail> {
        if let Some(d) = dates::parse_iso_fast(cell) {
            return Ok(d);
        }
        match dates::classify(cell) {
            Some(DateCell::Exact(d, _)) => Ok(d),
            Some(DateCell::Triple(t)) => {
                self.ds.triples += 1;
                let other = match self.order {
                    DateOrder::Dmy => DateOrder::Mdy,
                    _ => DateOrder::Dmy,
                };
                match (t.resolve(self.order), t.resolve(other)) {
                    (Some(d), None) => {
                        self.ds.decisive += 1;
                        Ok(d)
                    }
                    (Some(d), Some(_)) => Ok(d),
                    (None, Some(_)) if !self.order_forced => {
                        self.ds.contradictions += 1;
                        Ok(Date::from_days(0))
                    }
                    _ => Err(DateFail::WrongOrder),
                }
            }
            None => Err(DateFail::NotDate),
        }
    }

    fn record(&mut self, text: &[u8], rec: &Record) {
        let line = rec.line;
        let nf = rec.len();
        let n = self.n;
        if rec.is_blank(text) {
            self.ignore(line, "blank line");
            self.after_blank = true;
            return;
        }
        if self.stopped {
            self.ignore(line, "part of another table below the one read");
            return;
        }
        let f0 = number::trim(rec.field(text, 0));
        // `#1003` is an order's name (Shopify), not a comment: a row of it with cells missing (a
        // download cut short) is a ragged row, named, not a line silently skipped
        let order_name = f0.len() > 1 && f0[1..].iter().all(u8::is_ascii_digit);
        if f0.first() == Some(&b'#')
            && !rec.spans[0].quoted
            && (nf != n || n == 1)
            && !number::is_missing_marker(f0)
            && !order_name
        {
            self.ignore(line, "comment line (starts with '#')");
            return;
        }
        let mut nf_eff = nf;
        if nf > n && (n..nf).all(|i| number::trim(rec.field(text, i)).is_empty()) {
            nf_eff = n;
            self.trailing_empty += 1;
        }
        if nf_eff != n {
            if self.after_blank {
                self.stopped = true;
                self.ignore(
                    line,
                    "start of another table (only the first table is read)",
                );
            } else if is_total_label(f0) {
                self.ignore(line, "totals/summary row");
            } else {
                self.ragged.push((line, nf));
            }
            return;
        }
        // after a blank line, the same header again, or a header of another table of the same
        // width (Google Analytics' `Country,Active users` below `Nth day,Active users`): below
        // rows already read, every cell filled and no digit anywhere (no row of numbers)
        let header_like = || {
            !self.lines.is_empty()
                && (0..n).all(|i| {
                    let c = number::trim(rec.field(text, i));
                    !c.is_empty() && !c.iter().any(u8::is_ascii_digit)
                })
        };
        if self.after_blank
            && ((0..n).all(|i| number::trim(rec.field(text, i)) == self.header[i].as_bytes())
                || header_like())
        {
            self.stopped = true;
            self.ignore(
                line,
                "start of another table (only the first table is read)",
            );
            return;
        }
        if rec.all_empty(text) {
            self.ignore(line, "empty row (every cell is empty)");
            return;
        }
        if let Some(dc) = self.date_col {
            let cell = number::trim(rec.field(text, dc));
            if cell.is_empty() {
                self.ignore(line, super::finish::EMPTY_DATE);
                return;
            }
            match self.date_of(cell) {
                Ok(d) => {
                    if !self.collecting {
                        self.dates.push(d);
                    } else if self.collect_dates {
                        self.date_raw.push(cell.to_vec());
                    }
                }
                Err(fail) => {
                    // "Total of 28 results" (TikTok Ads' footer) is a label despite its digits
                    let label = !cell.iter().any(u8::is_ascii_digit) || is_total_label(cell);
                    let alone =
                        (0..n).all(|i| i == dc || number::trim(rec.field(text, i)).is_empty());
                    if matches!(fail, DateFail::NotDate) && alone && is_note(cell) {
                        self.ignore(
                            line,
                            format!(
                                "note row: \"{}\" in the date column, no other cell",
                                String::from_utf8_lossy(cell)
                            ),
                        );
                    } else if matches!(fail, DateFail::NotDate) && (label || self.after_blank) {
                        if self.after_blank {
                            self.stopped = true;
                            self.ignore(
                                line,
                                "start of another table (only the first table is read)",
                            );
                        } else {
                            self.ignore(
                                line,
                                format!(
                                    "summary or label row: the date cell \"{}\" is not a date",
                                    String::from_utf8_lossy(cell)
                                ),
                            );
                        }
                    } else if self.invalid_date.is_none() {
                        self.invalid_date =
                            Some((line, dc, String::from_utf8_lossy(cell).into_owned()));
                    }
                    return;
                }
            }
        }
        self.after_blank = false;
        self.lines.push(line.min(u32::MAX as u64) as u32);
        for (j, col) in self.cols.iter_mut().enumerate() {
            match col {
                Col::Num(c) => c.push(rec.field(text, j), line),
                Col::Skip | Col::Dropped => {}
                Col::Text(v, st, _) => push_text(v, st, rec.field(text, j)),
                Col::Collect(v) => v.push(rec.field(text, j).to_vec()),
            }
        }
    }
}

/// A text cell into its column, counted as evidence for reading the column as numbers.
#[inline]
fn push_text(v: &mut TextColumn, st: &mut NumStats, cell: &[u8]) {
    let t = number::trim(cell);
    if t.is_empty() {
        v.push(None);
    } else {
        st.see(t);
        v.push(Some(&String::from_utf8_lossy(t)));
    }
}

/// What the main pass leaves for the end: either the finished columns or a list of columns to
/// read again.
pub(crate) struct Outcome {
    pub reparse: Vec<usize>,
    pub reparse_dates: bool,
}

/// Errors found during the main pass, in priority order.
pub(crate) fn pass_errors(e: &Engine, setup: &Setup) -> Result<()> {
    if let Some((&(line, fields), rest)) = e.ragged.split_first() {
        return Err(Error::new(ErrorKind::RaggedRow {
            pos: Position::line(line),
            fields,
            expected: e.n,
            others: rest.to_vec(),
        }));
    }
    if let Some((line, col, raw)) = &e.invalid_date {
        return Err(Error::new(ErrorKind::InvalidDate {
            pos: Position::line(*line).with_column(*col as u64 + 1, Some(&setup.names[*col])),
            raw: raw.clone(),
        }));
    }
    if e.lines.is_empty() {
        return Err(Error::new(ErrorKind::NoDataRows {
            pos: Position::line(setup.layout.header_line),
            header_fields: e.n,
        }));
    }
    Ok(())
}

/// Which columns need the second pass.
pub(crate) fn plan_reparse(e: &Engine, setup: &Setup) -> Outcome {
    let file_dec = file_decimal(e, setup);
    let mut reparse = Vec::new();
    for (j, c) in e.cols.iter().enumerate() {
        if let Col::Num(c) = c {
            let ambiguous_other =
                !c.forced && c.st.own_decimal().is_none() && c.st.both > 0 && c.dec != file_dec.0;
            let to_text = !c.st.is_numeric() && !setup.number_forced[j];
            if c.st.contradictions > 0 || to_text || ambiguous_other {
                reparse.push(j);
            }
        }
    }
    let reparse_dates = setup.date_col.is_some()
        && !e.order_forced
        && e.ds.triples > 0
        && (e.ds.contradictions > 0 || e.ds.decisive == 0);
    Outcome {
        reparse,
        reparse_dates,
    }
}

/// The file's decimal separator for undecided columns, from every column that decides one.
fn file_decimal(e: &Engine, setup: &Setup) -> (u8, &'static str) {
    let mut decided = Vec::new();
    for c in &e.cols {
        match c {
            Col::Num(c) if c.st.is_numeric() => decided.extend(c.st.own_decimal()),
            Col::Text(_, st, false) if st.is_numeric() && st.non_blank > 0 => {
                decided.extend(st.own_decimal())
            }
            _ => {}
        }
    }
    infer::file_decimal(decided.into_iter(), setup.layout.delim)
}

/// The typed columns and the report, from the main pass and (when needed) the second pass.
#[derive(Debug)]
pub(crate) struct Built {
    pub date: Option<(String, Vec<Date>)>,
    pub columns: Vec<Column>,
    pub lines: Vec<u32>,
    pub report: FileReport,
}

/// Assembles the result. `second` is the collecting pass, if one ran.
pub(crate) fn build(
    mut e: Engine,
    second: Option<Engine>,
    setup: &Setup,
    mut report: FileReport,
) -> Result<Built> {
    let (file_dec, file_reason) = file_decimal(&e, setup);
    let mut second = second;
    let names = &setup.names;
    let lines = std::mem::take(&mut e.lines);
    let mut columns = Vec::with_capacity(e.n);
    let mut col_reports: Vec<ColumnReport> = Vec::new();
    let mut unnamed: Vec<usize> = Vec::new();
    let mut missing: Vec<MissingCell> = Vec::new();
    let mut n_missing = 0u64;
    let mut groups_seen: u8 = 0;
    let mut decimals_seen: Vec<u8> = Vec::new();
    let mut date_values = std::mem::take(&mut e.dates);
    let mut date_format = setup.date_format.clone();
    let mut date_amb = setup.date_ambiguity.clone();
    if let Some(s) = second.as_mut() {
        if s.collect_dates {
            let raws = std::mem::take(&mut s.date_raw);
            let dc = setup.date_col.unwrap_or(0);
            let dd = infer::decide_dates(
                raws.iter().map(|v| v.as_slice()),
                setup.day_first || file_dec == b',',
                names.get(dc).map_or("", |s| s.as_str()),
                None,
            );
            date_format = dd.format;
            date_amb = dd.ambiguity;
            date_values.clear();
            for (i, r) in raws.iter().enumerate() {
                match infer::resolve_date(r, dd.order) {
                    Some(d) => date_values.push(d),
                    None => {
                        let line = lines.get(i).copied().unwrap_or(0) as u64;
                        let dc = setup.date_col.unwrap_or(0);
                        return Err(Error::new(ErrorKind::InvalidDate {
                            pos: Position::line(line).with_column(dc as u64 + 1, Some(&names[dc])),
                            raw: String::from_utf8_lossy(r).into_owned(),
                        }));
                    }
                }
            }
        }
    }
    for (j, name) in names.iter().enumerate().take(e.n) {
        if Some(j) == setup.date_col {
            let dc_report = ColumnReport {
                name: name.clone(),
                index: j + 1,
                kind: "date".into(),
                format: date_format.clone(),
                decimal_separator: None,
                thousands_separator: None,
                currency: None,
                percent: false,
                accounting_negatives: false,
                date_format: Some(date_format.clone()),
                evidence: report::Evidence {
                    parsed: date_values.len() as u64,
                    non_blank: date_values.len() as u64,
                },
                ambiguity: date_amb.clone(),
                overridden: setup.order_forced,
                assumed_year: None,
            };
            col_reports.push(dc_report);
            continue;
        }
        let col = std::mem::replace(&mut e.cols[j], Col::Skip);
        if matches!(col, Col::Dropped) {
            col_reports.push(ColumnReport {
                format: "not read (not used by the recognised export)".into(),
                ..infer::text_report(name, j + 1, &NumStats::default(), false)
            });
            continue;
        }
        let collected = match second
            .as_mut()
            .map(|s| std::mem::replace(&mut s.cols[j], Col::Skip))
        {
            Some(Col::Collect(v)) => Some(v),
            _ => None,
        };
        let (data, rep) = match (col, collected) {
            (_, Some(raw)) => {
                let cells: Vec<(u32, &[u8])> = lines
                    .iter()
                    .copied()
                    .zip(raw.iter().map(|v| v.as_slice()))
                    .collect();
                let st = infer::scan(cells.iter().map(|c| c.1));
                let forced = matches!(setup.plans[j], Plan::Num { forced: true, .. });
                let forced_dec = match setup.plans[j] {
                    Plan::Num { dec, forced: true } => Some(dec),
                    _ => None,
                };
                if st.is_numeric() || forced || setup.number_forced[j] {
                    let dec = forced_dec.or(st.own_decimal()).unwrap_or(file_dec);
                    let nc = infer::number_column(
                        name,
                        j + 1,
                        &cells,
                        dec,
                        file_reason,
                        forced_dec.is_some(),
                    );
                    n_missing += nc.n_missing;
                    missing.extend(nc.missing);
                    (ColumnData::Numeric(nc.values), nc.report)
                } else {
                    let mut v = TextColumn::new();
                    for r in raw.iter() {
                        v.push(Some(&String::from_utf8_lossy(number::trim(r))));
                    }
                    (
                        ColumnData::Text(v),
                        infer::text_report(name, j + 1, &st, false),
                    )
                }
            }
            (Col::Num(mut c), None) => {
                let amb = if c.forced {
                    None
                } else {
                    infer::decimal_ambiguity(&c.st, c.dec, file_reason)
                };
                let rep = infer::number_report(name, j + 1, c.dec, &c.st, amb, c.forced);
                n_missing += c.n_missing;
                for (line, raw) in c.missing.drain(..) {
                    missing.push(MissingCell {
                        line: line as u64,
                        column: name.clone(),
                        raw,
                    });
                }
                if c.values.capacity() > c.values.len() + c.values.len() / 8 + 16 {
                    c.values.shrink_to_fit();
                }
                (ColumnData::Numeric(c.values), rep)
            }
            (Col::Text(v, st, forced), None) => {
                if !forced && st.is_numeric() && !setup.keep_text[j] {
                    let owned: Vec<Vec<u8>> = v
                        .iter()
                        .map(|s| s.unwrap_or("").as_bytes().to_vec())
                        .collect();
                    let cells: Vec<(u32, &[u8])> = lines
                        .iter()
                        .copied()
                        .zip(owned.iter().map(|v| v.as_slice()))
                        .collect();
                    let dec = st.own_decimal().unwrap_or(file_dec);
                    let nc = infer::number_column(name, j + 1, &cells, dec, file_reason, false);
                    n_missing += nc.n_missing;
                    missing.extend(nc.missing);
                    (ColumnData::Numeric(nc.values), nc.report)
                } else {
                    let rep = infer::text_report(name, j + 1, &st, forced);
                    (ColumnData::Text(v), rep)
                }
            }
            (Col::Collect(_) | Col::Skip | Col::Dropped, None) => (
                ColumnData::Numeric(vec![f64::NAN; lines.len()]),
                infer::text_report(name, j + 1, &NumStats::default(), false),
            ),
        };
        if let (ColumnData::Numeric(_), Some(d)) = (&data, &rep.decimal_separator) {
            decimals_seen.push(d.as_bytes()[0]);
        }
        if rep.kind == "number" {
            if let Some(t) = &rep.thousands_separator {
                groups_seen |= match t.as_str() {
                    "," => number::group::COMMA,
                    "." => number::group::DOT,
                    "'" => number::group::APOS,
                    " " => number::group::SPACE,
                    "\u{a0}" => number::group::NBSP,
                    _ => number::group::THIN,
                };
            }
        }
        col_reports.push(rep);
        // A trailing column with no header and no value is a delimiter artefact, not data.
        let empty_unnamed = setup.layout.header[j].is_empty()
            && match &data {
                ColumnData::Numeric(v) => v.iter().all(|x| x.is_nan()),
                ColumnData::Text(v) => v.iter().all(|c| c.is_none()),
            };
        if empty_unnamed {
            unnamed.push(j + 1);
            missing.retain(|m| &m.column != name);
            col_reports.pop();
            continue;
        }
        columns.push(Column {
            name: name.clone(),
            data,
        });
    }
    report
        .notices
        .extend(super::report::dropped_unnamed(&unnamed));
    missing.sort_by_key(|m| m.line);
    report.missing_cells = missing;
    report.n_missing_cells = n_missing;
    report.columns = col_reports;
    report.decimal_separator = Some(
        match (decimals_seen.contains(&b'.'), decimals_seen.contains(&b',')) {
            (true, false) => ".".to_owned(),
            (false, true) => ",".to_owned(),
            _ => (file_dec as char).to_string(),
        },
    );
    report.thousands_separator = number::group::name(groups_seen).map(str::to_owned);
    let before = report.n_ignored_lines;
    for (line, why) in e.ignored.drain(..) {
        report.ignore(line, why);
    }
    report.n_ignored_lines = before + e.n_ignored;
    report.ignored_lines.sort_by_key(|l| l.line);
    if e.trailing_empty > 0 {
        report.notices.push(format!(
            "{} rows end with extra empty fields beyond the header's {} columns; the empty fields were ignored",
            e.trailing_empty, e.n
        ));
    }
    // a known export's date is its recipe's (Shopify's Paid at, Fulfilled at… need no word)
    let known = {
        let h: Vec<&str> = setup.layout.header.iter().map(String::as_str).collect();
        crate::events::recognise(&h).is_some()
    };
    if let (Some(j), false, false) = (setup.date_col, setup.other_dates.is_empty(), known) {
        let others: Vec<String> = setup.other_dates.iter().map(|o| format!("“{o}”")).collect();
        report.notices.push(format!(
            "{} also {} dates: “{}” is the date column used (another can be chosen as the file's date column)",
            others.join(", "),
            if others.len() == 1 { "holds" } else { "hold" },
            names[j]
        ));
    }
    report.date_column = setup.date_col.map(|j| names[j].clone());
    report.date_format = setup.date_col.map(|_| date_format.clone());
    report.header = setup.layout.header.clone();
    report.header_line = Some(setup.layout.header_line);
    let date = setup.date_col.map(|j| (names[j].clone(), date_values));
    Ok(Built {
        date,
        columns,
        lines,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_labels() {
        assert!(is_total_label(b"Total: Account"));
        assert!(is_total_label(b"Totale"));
        assert!(is_total_label(b"TOTAL"));
        assert!(!is_total_label(b"Totally"));
        assert!(!is_total_label(b"2024-01-01"));
    }

    #[test]
    fn names_are_unique_and_non_empty() {
        let raw: Vec<String> = vec!["a".into(), "".into(), "a".into(), "a".into()];
        assert_eq!(unique_names(&raw), ["a", "column 2", "a (2)", "a (3)"]);
    }
}
