//! The app's state and the pure reducer that changes it. No side effects here: reading files and
//! running analyses happen in effects (`components/app.rs`), which report back through actions.
//!
//! Lifecycle: a *source* (pasted text, a file, a sample) is added in `Reading` state; the reading
//! effect runs the core's `ReadJob` in slices and sends `SourceRead`. Ready sources are joined on
//! date into the *table*. A new table (or a changed plan) bumps `analysis.run`; the analysis effect
//! runs the core's `Job` for that run and sends `AnalysisDone`; stale runs are ignored. A failure
//! at any step is shown next to what was loaded before, which stays usable.

use std::rc::Rc;
use std::sync::Arc;

use social_roi_core::analysis::document::{prepare_files, Input};
use social_roi_core::analysis::{guess_roles, Plan, Report, ResamplePeriod, Roles};
use social_roi_core::events::{Digest, Recipe, Retention};
use social_roi_core::ingest::Period;
use social_roi_core::ingest::{self, Loaded};
use social_roi_core::reshape::JoinKind;
use social_roi_core::{Date, Error, Lang, Table};
use yew::Reducible;

/// A user-visible error: the message in both languages and where it points.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownError {
    pub kind: &'static str,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub file: Option<String>,
    pub en: String,
    pub it: String,
    /// The offending line's text, when whoever read the input quoted it (the engine's worker
    /// does: the page may not hold the bytes of a large file).
    pub quote: Option<String>,
}

impl ShownError {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::It => &self.it,
        }
    }

    /// The browser could not read the file `name` (`why`: its own words).
    pub fn unreadable_file(name: &str, why: &str) -> ShownError {
        ShownError::plain(
            "unreadable_file",
            format!("{name}: the browser could not read this file ({why})."),
            format!("{name}: il browser non riesce a leggere questo file ({why})."),
        )
    }

    /// An error that is not about a position in the input.
    pub fn plain(kind: &'static str, en: impl Into<String>, it: impl Into<String>) -> ShownError {
        ShownError {
            kind,
            line: None,
            column: None,
            file: None,
            en: en.into(),
            it: it.into(),
            quote: None,
        }
    }
}

impl From<&Error> for ShownError {
    fn from(e: &Error) -> Self {
        ShownError {
            kind: e.kind_code(),
            line: e.line(),
            column: e.column(),
            file: e.position().file.clone(),
            en: e.message(Lang::En),
            it: e.message(Lang::It),
            quote: None,
        }
    }
}

/// Where one source is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceStatus {
    /// Being read; `run` tells apart successive reads of the same source (after an override).
    Reading {
        run: u32,
        progress: f64,
    },
    Ready,
    Failed(ShownError),
}

/// Where a source's bytes are, kept so a changed option can read them again.
#[derive(Debug, Clone)]
pub enum SourceData {
    /// In the page's memory: pasted text, samples, small files (what "remember" can store).
    Held(Rc<Vec<u8>>),
    /// A large file, left where the browser keeps it: the engine's worker reads it in chunks, so
    /// the page never holds a copy (see `components::data_input::HOLD_MAX_BYTES`).
    File(web_sys::File),
}

impl SourceData {
    /// The bytes, when the page holds them.
    pub fn held(&self) -> Option<&Rc<Vec<u8>>> {
        match self {
            SourceData::Held(b) => Some(b),
            SourceData::File(_) => None,
        }
    }

    /// By identity, never by value (see `Source`'s `PartialEq`).
    fn same(&self, o: &SourceData) -> bool {
        match (self, o) {
            (SourceData::Held(a), SourceData::Held(b)) => same_rc(a, b),
            (SourceData::File(a), SourceData::File(b)) => a == b,
            _ => false,
        }
    }
}

/// An orders export's digest (`events::digest`) and the recipe it was made with (`None`: as
/// recognised). It belongs to the read it came with (`Source::loaded`) and stands for that file
/// until the next read replaces both.
pub type MadeDigest = (Option<Recipe>, Rc<Digest>);

/// One input: pasted text, an uploaded file or a sample.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: u32,
    pub name: String,
    pub data: SourceData,
    pub options: ingest::Options,
    pub status: SourceStatus,
    /// The last successful read: stays in use while a re-read runs or after it fails.
    pub loaded: Option<Rc<Loaded>>,
    /// For an event file, the user's recipe (e.g. "generic events" with chosen columns) instead
    /// of the recognised export's.
    pub recipe: Option<Recipe>,
    /// Made where the file was read (the worker), so the main thread never groups a large
    /// export's rows; absent on the sliced path, where the table is derived directly. A file read
    /// with a digest has its text cells only in the first rows (`wire::write_loaded`): the rest,
    /// e-mails and names included, never left the worker.
    pub digest: Option<MadeDigest>,
}

impl Source {
    /// The digest of the read in use. While a read with another recipe runs, the previous read
    /// and its digest stay in use together, like every previous result.
    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref().map(|(_, d)| &**d)
    }
}

/// By identity for the shared data (bytes, read result): a value comparison would scan megabytes
/// on every render of a component that receives a source.
impl PartialEq for Source {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
            && self.name == o.name
            && self.options == o.options
            && self.status == o.status
            && self.recipe == o.recipe
            && self.data.same(&o.data)
            && same_opt_rc(&self.loaded, &o.loaded)
            && match (&self.digest, &o.digest) {
                (Some((ra, a)), Some((rb, b))) => ra == rb && Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// Identity of shared data.
pub fn same_rc<T: ?Sized>(a: &Rc<T>, b: &Rc<T>) -> bool {
    Rc::ptr_eq(a, b)
}

/// Identity of optional shared data.
pub fn same_opt_rc<T: ?Sized>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Which correlation coefficient the heatmap shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    Pearson,
    Spearman,
    Kendall,
}

/// Whether correlations are of the values or of their period-over-period changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    #[default]
    Levels,
    Changes,
}

/// The analysis of the current table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// Increases whenever the table or the plan changes; results of older runs are dropped.
    pub run: u32,
    pub status: AnalysisStatus,
    /// The last results, kept on screen (marked as updating) while a new run of the same columns
    /// works, so the page does not blank out at every change of a role or option.
    pub previous: Option<Shown>,
    /// The findings are on screen (`Done` without `changes`) and the report over period-to-period
    /// changes is still being made: its progress. The levels come first so that a large file's
    /// findings do not wait for the second analysis.
    pub changes_pending: Option<f64>,
}

/// Results on screen: the report and the report over changes.
#[derive(Debug, Clone)]
pub struct Shown {
    pub report: Rc<Report>,
    pub changes: Option<Rc<Report>>,
    pub kendall: Kendall,
}

impl PartialEq for Shown {
    fn eq(&self, o: &Self) -> bool {
        same_rc(&self.report, &o.report)
            && same_opt_rc(&self.changes, &o.changes)
            && self.kendall == o.kendall
    }
}

/// Kendall's tau of the levels' pairs. The engine's workers send the findings before counting
/// it (a third of the analysis, in neither the findings nor the verdict); the report then has
/// `null` in its place until the front worker's finished report comes.
#[derive(Debug, Clone, Default)]
pub enum Kendall {
    /// The report has it (the sliced path, or the whole analysis in one worker).
    #[default]
    InReport,
    /// Being counted.
    Pending,
    /// The front worker's finished report (not completed by the page: no ROI rows or findings),
    /// whose correlations have Kendall's values: what the grid and downloads read.
    Counted(Rc<Report>),
    /// The count failed or was cancelled; Pearson and Spearman stand.
    Unavailable,
}

impl PartialEq for Kendall {
    fn eq(&self, o: &Self) -> bool {
        match (self, o) {
            (Kendall::Counted(a), Kendall::Counted(b)) => same_rc(a, b),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl Kendall {
    /// The report whose correlations the grid and downloads read for the levels.
    pub fn correlations_of(&self, levels: &Rc<Report>) -> Rc<Report> {
        match self {
            Kendall::Counted(r) => r.clone(),
            _ => levels.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub enum AnalysisStatus {
    #[default]
    Idle,
    Running {
        progress: f64,
    },
    /// `changes` is the correlation report over first differences (the "changes" basis).
    Done {
        report: Rc<Report>,
        changes: Option<Rc<Report>>,
        kendall: Kendall,
    },
    Failed(ShownError),
}

impl PartialEq for AnalysisStatus {
    fn eq(&self, o: &Self) -> bool {
        match (self, o) {
            (AnalysisStatus::Idle, AnalysisStatus::Idle) => true,
            (AnalysisStatus::Running { progress: a }, AnalysisStatus::Running { progress: b }) => {
                a == b
            }
            (
                AnalysisStatus::Done {
                    report: a,
                    changes: c,
                    kendall: k,
                },
                AnalysisStatus::Done {
                    report: b,
                    changes: d,
                    kendall: l,
                },
            ) => same_rc(a, b) && same_opt_rc(c, d) && k == l,
            (AnalysisStatus::Failed(a), AnalysisStatus::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// Everything the page shows.
#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    /// The text in the paste area.
    pub pasted: String,
    pub sources: Vec<Source>,
    next_id: u32,
    next_run: u32,
    /// How several sources are combined.
    pub join: JoinKind,
    /// The table every analysis reads (the ready sources joined on date).
    pub table: Option<Arc<Table>>,
    /// Why the ready sources could not be combined (the previous table stays).
    pub table_error: Option<ShownError>,
    /// Roles guessed from the column names (shown as the starting point of the roles step).
    pub guessed: Roles,
    /// The analysis plan: roles and chosen analyses. Saved and loaded as a file.
    pub plan: Plan,
    /// Whether the user changed the plan (then a new table does not replace it with guesses).
    pub plan_edited: bool,
    pub analysis: Analysis,
    pub method: Method,
    pub basis: Basis,
    /// The pair opened from the heatmap (x, y).
    pub pair: Option<(String, String)>,
    /// The split date of the before/after comparison.
    pub split: Option<Date>,
    /// Embedded in another page (compact layout).
    pub embed: bool,
    /// Input refused before reading (e.g. a file too large for the browser).
    pub input_error: Option<ShownError>,
    /// The user asked to keep the data on this device (off unless switched on).
    pub remember: bool,
    /// What event files (orders, payments, posts) gave besides the table.
    pub events: EventsState,
}

/// The period event files were combined into, their notes, and the customer retention of an
/// orders or payments file (counts only: no personal data).
#[derive(Debug, Clone, Default)]
pub struct EventsState {
    pub period: Option<Period>,
    pub retention: Option<Rc<Retention>>,
    /// (file name, what was left out and why), English.
    pub notes: Vec<(String, Vec<String>)>,
    /// (source id, years): an event file whose dates have no year, moved to the other files' years.
    pub years: Vec<(u32, i32)>,
}

impl PartialEq for EventsState {
    fn eq(&self, o: &Self) -> bool {
        self.period == o.period
            && same_opt_rc(&self.retention, &o.retention)
            && self.notes == o.notes
            && self.years == o.years
    }
}

/// The table by identity: Yew compares the whole state at every dispatch (the context handle's
/// `PartialEq`), and a value comparison of a million-row table at each progress step froze the page.
/// Every field is named (no `..`) so a new field cannot be forgotten here.
impl PartialEq for State {
    fn eq(&self, o: &Self) -> bool {
        let State {
            lang,
            pasted,
            sources,
            next_id,
            next_run,
            join,
            table,
            table_error,
            guessed,
            plan,
            plan_edited,
            analysis,
            method,
            basis,
            pair,
            split,
            embed,
            input_error,
            remember,
            events,
        } = self;
        let same_table = match (table, &o.table) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_table
            && *lang == o.lang
            && *next_id == o.next_id
            && *next_run == o.next_run
            && *join == o.join
            && *plan_edited == o.plan_edited
            && *method == o.method
            && *basis == o.basis
            && *embed == o.embed
            && *remember == o.remember
            && *events == o.events
            && *split == o.split
            && *analysis == o.analysis
            && *table_error == o.table_error
            && *input_error == o.input_error
            && *pair == o.pair
            && *guessed == o.guessed
            && *plan == o.plan
            && *sources == o.sources
            && *pasted == o.pasted
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(Lang::En, false)
    }
}

impl State {
    /// What "remember on this device" keeps: the inputs as given, their read options and the plan.
    /// Inputs too large for local storage are left out (and flagged), the setup is still kept.
    /// An event file (orders, payments, posts) is kept only as its per-period series: the raw
    /// export holds e-mails, names and addresses, which never leave memory.
    pub fn to_remembered(&self) -> crate::browser::storage::Remembered {
        use crate::browser::storage::{base64_encode, StoredSource};
        let sources: Vec<StoredSource> = self
            .sources
            .iter()
            .filter_map(|s| match (s.loaded.as_deref(), s.data.held()) {
                (Some(l), _) if l.report.events.is_some() => self.series_source(s, l),
                (_, Some(bytes)) => Some(StoredSource {
                    name: s.name.clone(),
                    data: base64_encode(bytes),
                    options: s.options.clone(),
                }),
                // a file too large to hold is too large to store
                (_, None) => None,
            })
            .collect();
        let total: usize = sources.iter().map(|s| s.data.len()).sum::<usize>() + self.pasted.len();
        let all_held = self.sources.iter().all(|s| {
            s.data.held().is_some() || s.loaded.as_ref().is_some_and(|l| l.report.events.is_some())
        });
        let fits = total < crate::browser::storage::MAX_STORED_BYTES && all_held;
        crate::browser::storage::Remembered {
            lang: self.lang,
            pasted: if fits {
                self.pasted.clone()
            } else {
                String::new()
            },
            sources: if fits { sources } else { Vec::new() },
            plan: self.table.is_some().then(|| self.plan.clone()),
            inputs_dropped: !fits,
        }
    }

    /// An event file as the CSV of its per-period series (dates and numbers only), or nothing
    /// when they cannot be derived: the raw bytes are never the fallback.
    fn series_source(
        &self,
        s: &Source,
        l: &Loaded,
    ) -> Option<crate::browser::storage::StoredSource> {
        use crate::export::{to_csv, Cell, Dialect};
        use social_roi_core::analysis::document::recipe_for;
        let ev = l.report.events.as_ref()?;
        let recipe = s
            .recipe
            .clone()
            .or_else(|| recipe_for(&l.table, &l.report))?;
        let period = self.events.period.unwrap_or_else(|| ev.period());
        // in the years the analysis used (a file without years may have been moved)
        let years = self
            .events
            .years
            .iter()
            .find(|(id, _)| *id == s.id)
            .map(|y| y.1);
        let derived = match (s.digest(), years) {
            (Some(g), None) => g.per_period(period),
            (Some(g), Some(k)) => g.add_years(k).per_period(period),
            (None, None) => social_roi_core::events::derive(&l.table, &recipe, period).ok()?,
            (None, Some(k)) => {
                let mut t = l.table.as_ref().clone();
                t.add_years(k);
                social_roi_core::events::derive(&t, &recipe, period).ok()?
            }
        };
        let t = &derived.table;
        let dates = t.dates()?;
        let mut header = vec!["date"];
        header.extend(t.numeric_columns().map(|(n, _)| n));
        let rows: Vec<Vec<Cell>> = (0..t.n_rows())
            .map(|i| {
                std::iter::once(Cell::text(dates[i].to_iso()))
                    .chain(t.numeric_columns().map(|(_, v)| Cell::Num(Some(v[i]))))
                    .collect()
            })
            .collect();
        let csv = to_csv(&header, &rows, Dialect::STANDARD);
        Some(crate::browser::storage::StoredSource {
            name: format!("{} ({} series).csv", s.name, period.name()),
            data: crate::browser::storage::base64_encode(csv.as_bytes()),
            options: ingest::Options::default(),
        })
    }

    pub fn new(lang: Lang, embed: bool) -> State {
        State {
            lang,
            pasted: String::new(),
            sources: Vec::new(),
            next_id: 1,
            next_run: 1,
            join: JoinKind::Inner,
            table: None,
            table_error: None,
            guessed: Roles::default(),
            plan: Plan::default(),
            plan_edited: false,
            analysis: Analysis::default(),
            method: Method::default(),
            basis: Basis::default(),
            pair: None,
            split: None,
            embed,
            input_error: None,
            remember: false,
            events: EventsState::default(),
        }
    }

    /// Sources whose read has to be (re)started: (id, run).
    pub fn pending_reads(&self) -> Vec<(u32, u32)> {
        self.sources
            .iter()
            .filter_map(|s| match s.status {
                SourceStatus::Reading { run, .. } => Some((s.id, run)),
                _ => None,
            })
            .collect()
    }

    pub fn source(&self, id: u32) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn is_busy(&self) -> bool {
        !self.pending_reads().is_empty()
            || matches!(self.analysis.status, AnalysisStatus::Running { .. })
            || self.analysis.changes_pending.is_some()
    }

    /// The report on screen (the latest, or the previous one while an update runs).
    pub fn report(&self) -> Option<Rc<Report>> {
        self.shown().map(|(s, _)| s.report)
    }

    fn run_id(&mut self) -> u32 {
        self.next_run += 1;
        self.next_run
    }

    /// Joins the ready sources into the table; on failure keeps the previous table.
    fn rebuild_table(&mut self) {
        let ready: Vec<(&Source, &Loaded)> = self
            .sources
            .iter()
            .filter_map(|s| s.loaded.as_deref().map(|l| (s, l)))
            .collect();
        // Join (as the plan says) and resample (if the plan asks): the same preparation as the CLI.
        // A single file's table is shared, not copied. Event files become per-period series.
        let combined = if ready.is_empty() {
            self.events = EventsState::default();
            Ok(None)
        } else if ready.len() == 1 && ready[0].1.report.events.is_none() {
            self.events = EventsState::default();
            let tables: Vec<&Arc<Table>> = ready.iter().map(|(_, l)| &l.table).collect();
            social_roi_core::analysis::prepare_shared(&tables, Some(&self.plan)).map(Some)
        } else {
            let inputs: Vec<Input> = ready
                .iter()
                .map(|(s, l)| Input {
                    table: &l.table,
                    report: &l.report,
                    recipe: s.recipe.as_ref(),
                    digest: s.digest(),
                })
                .collect();
            prepare_files(&inputs, Some(&self.plan), None).map(|p| {
                self.events = EventsState {
                    period: p.period,
                    retention: p.retention.map(Rc::new),
                    notes: p.notes,
                    years: ready
                        .iter()
                        .zip(&p.years)
                        .filter_map(|((s, _), k)| k.map(|k| (s.id, k)))
                        .collect(),
                };
                Some(Arc::new(p.table))
            })
        };
        match combined {
            Ok(t) => {
                self.table_error = None;
                let same = match (&t, &self.table) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    let columns_changed =
                        column_names(t.as_deref()) != column_names(self.table.as_deref());
                    self.table = t;
                    if columns_changed {
                        self.on_new_columns();
                    }
                    self.start_analysis(!columns_changed);
                }
            }
            Err(e) => self.table_error = Some(ShownError::from(&e)),
        }
    }

    /// New columns: guess roles again; keep the user's plan only if it still fits.
    fn on_new_columns(&mut self) {
        self.pair = None;
        let Some(t) = &self.table else {
            self.guessed = Roles::default();
            if !self.plan_edited {
                self.plan = Plan::default();
            }
            return;
        };
        self.guessed = guess_roles(t);
        if !self.plan_edited || self.plan.validate(t).is_err() {
            let join = self.plan.join;
            self.plan = Plan::suggested(t, &self.guessed);
            self.plan.join = join;
            self.plan_edited = false;
        }
        if let Some(d) = t.dates() {
            let fits = self.split.is_some_and(|s| {
                d.first().is_some_and(|f| *f < s) && d.last().is_some_and(|l| s <= *l)
            });
            if !fits {
                self.split = d.get(d.len() / 2).copied();
            }
        }
    }

    /// Starts a new run; `keep` keeps the current results on screen until it finishes (only when
    /// the columns are unchanged, so they still describe the same data).
    fn start_analysis(&mut self, keep: bool) {
        let run = self.run_id();
        let previous = if keep {
            self.shown().map(|(s, _)| s)
        } else {
            None
        };
        self.analysis = Analysis {
            run,
            status: if self.table.is_some() {
                AnalysisStatus::Running { progress: 0.0 }
            } else {
                AnalysisStatus::Idle
            },
            previous,
            changes_pending: None,
        };
    }

    /// The results to show, and whether they are an older run's (kept while a new run works, or
    /// after it failed or was cancelled, so an error never blanks what was there).
    pub fn shown(&self) -> Option<(Shown, bool)> {
        match &self.analysis.status {
            AnalysisStatus::Done {
                report,
                changes,
                kendall,
            } => Some((
                Shown {
                    report: report.clone(),
                    changes: changes.clone(),
                    kendall: kendall.clone(),
                },
                false,
            )),
            AnalysisStatus::Running { .. } | AnalysisStatus::Failed(_) => {
                self.analysis.previous.clone().map(|s| (s, true))
            }
            AnalysisStatus::Idle => None,
        }
    }

    fn add_source(&mut self, name: String, data: SourceData, options: ingest::Options) {
        self.input_error = None;
        let id = self.next_id;
        self.next_id += 1;
        let run = self.run_id();
        self.sources.push(Source {
            id,
            name,
            data,
            options,
            status: SourceStatus::Reading { run, progress: 0.0 },
            loaded: None,
            recipe: None,
            digest: None,
        });
    }
}

fn column_names(t: Option<&Table>) -> Option<Vec<String>> {
    t.map(|t| {
        t.columns
            .iter()
            .map(|c| c.name.clone())
            .chain(t.date.iter().map(|d| d.name.clone()))
            .collect()
    })
}

pub enum Action {
    SetLang(Lang),
    /// The paste area changed.
    SetPasted(String),
    /// New input (pasted text, a file, a sample). Replaces nothing: several sources are joined.
    AddSource {
        name: String,
        bytes: Vec<u8>,
    },
    /// Replace all sources with this one (a sample, or "read pasted data" when the user wants only it).
    ReplaceSources {
        name: String,
        bytes: Vec<u8>,
    },
    /// A large file, read by the engine's worker straight from the browser's `File`.
    AddFile {
        name: String,
        file: web_sys::File,
    },
    RemoveSource(u32),
    /// Input refused before reading (too large, unreadable file).
    Reject(ShownError),
    /// Change how one source is read (delimiter, column kind, decimal separator, date order, sheet…).
    SetSourceOptions(u32, ingest::Options),
    ReadProgress {
        id: u32,
        run: u32,
        progress: f64,
    },
    /// A read finished. `Err` keeps the previous result of that source.
    SourceRead {
        id: u32,
        run: u32,
        result: Result<Rc<Loaded>, ShownError>,
        /// An orders export's digest, made with the recipe the read was asked for.
        digest: Option<MadeDigest>,
    },
    SetJoin(JoinKind),
    /// The period event files are combined into (`None`: automatic). Kept in the plan.
    SetPeriod(Option<ResamplePeriod>),
    /// How one event file is read: `None` as recognised, or the user's recipe.
    SetRecipe(u32, Option<Recipe>),
    /// The user changed the plan (roles, analyses) or loaded a plan file.
    SetPlan(Plan),
    AnalysisProgress {
        run: u32,
        progress: f64,
    },
    /// The report over levels is ready (findings can show); the changes follow in `AnalysisDone`.
    LevelsDone {
        run: u32,
        report: Rc<Report>,
        /// Kendall's tau is still being counted (`KendallDone` follows).
        kendall_later: bool,
    },
    /// Kendall's tau of a `kendall_later` run: the front worker's finished report, or `None`.
    KendallDone {
        run: u32,
        report: Option<Rc<Report>>,
    },
    AnalysisDone {
        run: u32,
        result: Result<(Rc<Report>, Option<Rc<Report>>), ShownError>,
    },
    /// Stop the running work; what was loaded stays.
    Cancel,
    /// Run the analysis again on the same table and plan (after it was cancelled or failed).
    Reanalyse,
    SetMethod(Method),
    SetBasis(Basis),
    OpenPair(Option<(String, String)>),
    SetSplit(Option<Date>),
    /// Remove everything the user loaded.
    Clear,
    /// Switch "remember on this device" (the effect writes or forgets the stored copy).
    SetRemember(bool),
    /// Bring back what was remembered on this device.
    Restore(crate::browser::storage::Remembered),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::SetPasted(text) => s.pasted = text,
            Action::AddSource { name, bytes } => s.add_source(
                name,
                SourceData::Held(Rc::new(bytes)),
                ingest::Options::default(),
            ),
            Action::AddFile { name, file } => {
                s.add_source(name, SourceData::File(file), ingest::Options::default())
            }
            Action::ReplaceSources { name, bytes } => {
                s.sources.clear();
                s.plan_edited = false;
                s.add_source(
                    name,
                    SourceData::Held(Rc::new(bytes)),
                    ingest::Options::default(),
                );
            }
            Action::Reject(e) => s.input_error = Some(e),
            Action::RemoveSource(id) => {
                s.sources.retain(|x| x.id != id);
                s.rebuild_table();
            }
            Action::SetSourceOptions(id, options) => {
                let run = s.run_id();
                if let Some(src) = s.sources.iter_mut().find(|x| x.id == id) {
                    src.options = options;
                    src.status = SourceStatus::Reading { run, progress: 0.0 };
                }
            }
            Action::ReadProgress { id, run, progress } => {
                match s.sources.iter_mut().find(|x| x.id == id) {
                    Some(src) if matches!(src.status, SourceStatus::Reading { run: r, .. } if r == run) => {
                        src.status = SourceStatus::Reading { run, progress }
                    }
                    _ => return self,
                }
            }
            Action::SourceRead {
                id,
                run,
                result,
                digest,
            } => {
                let Some(src) = s.sources.iter_mut().find(|x| x.id == id) else {
                    return self;
                };
                if !matches!(src.status, SourceStatus::Reading { run: r, .. } if r == run) {
                    return self;
                }
                match result {
                    Ok(loaded) => {
                        src.loaded = Some(loaded);
                        src.digest = digest;
                        src.status = SourceStatus::Ready;
                    }
                    Err(e) => src.status = SourceStatus::Failed(e),
                }
                s.rebuild_table();
            }
            Action::SetJoin(kind) => {
                s.join = kind;
                s.plan.join = Some(social_roi_core::analysis::JoinSpec {
                    kind: match kind {
                        JoinKind::Inner => social_roi_core::analysis::JoinType::Inner,
                        JoinKind::Outer => social_roi_core::analysis::JoinType::Outer,
                    },
                });
                s.rebuild_table();
            }
            Action::SetPeriod(p) => {
                s.plan.period = p;
                s.rebuild_table();
            }
            Action::SetRecipe(id, recipe) => {
                let run = s.run_id();
                let Some(src) = s.sources.iter_mut().find(|x| x.id == id) else {
                    return self;
                };
                src.recipe = recipe;
                if src.digest.is_some() {
                    // Read again where the digest is made (the worker) with the new recipe:
                    // grouping a large export here would block the page.
                    src.status = SourceStatus::Reading { run, progress: 0.0 };
                } else {
                    s.rebuild_table();
                }
            }
            Action::SetPlan(plan) => {
                if let Some(j) = plan.join {
                    s.join = match j.kind {
                        social_roi_core::analysis::JoinType::Inner => JoinKind::Inner,
                        social_roi_core::analysis::JoinType::Outer => JoinKind::Outer,
                    };
                }
                s.plan = plan;
                s.plan_edited = true;
                s.rebuild_table();
                s.start_analysis(true);
            }
            Action::AnalysisProgress { run, progress } => {
                if run != s.analysis.run {
                    return self;
                }
                if s.analysis.changes_pending.is_some() {
                    s.analysis.changes_pending = Some(progress);
                } else if matches!(s.analysis.status, AnalysisStatus::Running { .. }) {
                    s.analysis.status = AnalysisStatus::Running { progress };
                } else {
                    return self;
                }
            }
            Action::LevelsDone {
                run,
                report,
                kendall_later,
            } => {
                if run != s.analysis.run
                    || !matches!(s.analysis.status, AnalysisStatus::Running { .. })
                {
                    return self;
                }
                let progress = match s.analysis.status {
                    AnalysisStatus::Running { progress } => progress,
                    _ => 0.0,
                };
                s.analysis.status = AnalysisStatus::Done {
                    report,
                    changes: None,
                    kendall: if kendall_later {
                        Kendall::Pending
                    } else {
                        Kendall::InReport
                    },
                };
                s.analysis.changes_pending = Some(progress);
            }
            Action::KendallDone { run, report } => {
                let AnalysisStatus::Done { kendall, .. } = &mut s.analysis.status else {
                    return self;
                };
                if run != s.analysis.run || *kendall != Kendall::Pending {
                    return self;
                }
                *kendall = report.map_or(Kendall::Unavailable, Kendall::Counted);
            }
            Action::AnalysisDone { run, result } => {
                if run != s.analysis.run {
                    return self;
                }
                s.analysis.changes_pending = None;
                // Kendall's state stays what the levels of this run made it.
                let kendall = match &s.analysis.status {
                    AnalysisStatus::Done {
                        report: shown,
                        kendall,
                        ..
                    } if matches!(&result, Ok((r, _)) if Rc::ptr_eq(r, shown)) => match kendall {
                        Kendall::Pending => Kendall::Unavailable,
                        k => k.clone(),
                    },
                    _ => Kendall::InReport,
                };
                s.analysis.status = match result {
                    Ok((report, changes)) => AnalysisStatus::Done {
                        report,
                        changes,
                        kendall,
                    },
                    Err(e) => AnalysisStatus::Failed(e),
                };
            }
            Action::Reanalyse => {
                let no_kendall = matches!(
                    s.analysis.status,
                    AnalysisStatus::Done {
                        kendall: Kendall::Unavailable,
                        ..
                    }
                );
                if no_kendall || matches!(s.analysis.status, AnalysisStatus::Failed(_)) {
                    s.start_analysis(true);
                }
            }
            Action::Cancel => {
                for src in &mut s.sources {
                    if matches!(src.status, SourceStatus::Reading { .. }) {
                        src.status = if src.loaded.is_some() {
                            SourceStatus::Ready
                        } else {
                            SourceStatus::Failed(ShownError::plain(
                                "cancelled",
                                "Reading was cancelled.",
                                "Lettura annullata.",
                            ))
                        };
                    }
                }
                s.sources.retain(|x| x.loaded.is_some());
                if s.analysis.changes_pending.take().is_some() {
                    // the findings stay; the changes view stays unavailable until a new run
                    s.analysis.run = s.run_id();
                    if let AnalysisStatus::Done { kendall, .. } = &mut s.analysis.status {
                        if *kendall == Kendall::Pending {
                            *kendall = Kendall::Unavailable;
                        }
                    }
                } else if matches!(s.analysis.status, AnalysisStatus::Running { .. }) {
                    s.analysis.run = s.run_id();
                    s.analysis.status = AnalysisStatus::Failed(ShownError::plain(
                        "cancelled",
                        "The analysis was cancelled. Change the setup or press “Analyse again”.",
                        "Analisi annullata. Cambia le impostazioni o premi «Analizza di nuovo».",
                    ));
                }
            }
            Action::SetMethod(m) => s.method = m,
            Action::SetBasis(b) => s.basis = b,
            Action::OpenPair(p) => s.pair = p,
            Action::SetSplit(d) => s.split = d,
            Action::Clear => {
                let (lang, embed, remember) = (s.lang, s.embed, s.remember);
                s = State::new(lang, embed);
                s.remember = remember;
            }
            Action::SetRemember(on) => s.remember = on,
            Action::Restore(r) => {
                s.lang = r.lang;
                s.pasted = r.pasted;
                s.remember = true;
                for src in r.sources {
                    if let Some(bytes) = crate::browser::storage::base64_decode(&src.data) {
                        s.add_source(src.name, SourceData::Held(Rc::new(bytes)), src.options);
                    }
                }
                if let Some(p) = r.plan {
                    s.plan = p;
                    s.plan_edited = true;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: Rc<State>, a: Action) -> Rc<State> {
        s.reduce(a)
    }

    /// The state after reading the test CSV as `a.csv`.
    fn loaded() -> Rc<State> {
        read_now(reduce(
            Rc::new(State::default()),
            Action::AddSource {
                name: "a.csv".into(),
                bytes: CSV.into(),
            },
        ))
    }

    fn read_now(s: Rc<State>) -> Rc<State> {
        let mut s = s;
        for (id, run) in s.pending_reads() {
            let src = s.source(id).unwrap();
            let bytes = src.data.held().unwrap();
            // the tests' clock, for dates written without a year
            let mut options = src.options.clone();
            options.today = options.today.or(Date::from_ymd(2026, 12, 5));
            let result = ingest::read(&src.name, bytes, &options)
                .map(Rc::new)
                .map_err(|e| ShownError::from(&e));
            // as the worker does: an orders export comes with its digest
            let digest = result.as_ref().ok().and_then(|l| {
                let g = crate::wire::digest_for(l, src.recipe.as_ref())?;
                Some((src.recipe.clone(), Rc::new(g)))
            });
            s = reduce(
                s,
                Action::SourceRead {
                    id,
                    run,
                    result,
                    digest,
                },
            );
        }
        s
    }

    const CSV: &str = "date,spend,revenue\n2024-01-01,10,100\n2024-01-08,12,130\n2024-01-15,9,90\n2024-01-22,15,160\n";

    #[test]
    fn a_source_is_read_into_a_table_and_starts_an_analysis() {
        let s = reduce(
            Rc::new(State::default()),
            Action::AddSource {
                name: "a.csv".into(),
                bytes: CSV.into(),
            },
        );
        assert_eq!(s.pending_reads().len(), 1);
        let s = read_now(s);
        assert_eq!(s.table.as_ref().unwrap().n_rows(), 4);
        assert!(matches!(s.analysis.status, AnalysisStatus::Running { .. }));
        assert_eq!(s.guessed.cost.as_deref(), Some("spend"));
        assert!(s.plan.roi.is_some(), "roles guessed into the plan");
    }

    #[test]
    fn a_failed_read_keeps_what_was_loaded() {
        let s = loaded();
        let table = s.table.clone();
        let s = read_now(reduce(
            s,
            Action::AddSource {
                name: "bad.csv".into(),
                bytes: b"a,b\n1,2,3\n".to_vec(),
            },
        ));
        assert_eq!(s.table, table, "the first file's table stays");
        assert!(matches!(s.sources[1].status, SourceStatus::Failed(_)));
        // A failed re-read of the first source with a bad option also keeps its data.
        let id = s.sources[0].id;
        let mut opts = ingest::Options::default();
        opts.sheet = Some("nope".into());
        let s = read_now(reduce(s, Action::SetSourceOptions(id, opts)));
        assert_eq!(s.table, table);
    }

    #[test]
    fn states_compare_their_table_by_identity() {
        // Yew compares the state at every dispatch: an equal copy of the table must not be scanned.
        let s = loaded();
        // One file: the analysed table is the read one, shared rather than copied.
        let loaded = s.sources[0].loaded.as_ref().expect("read");
        assert!(Arc::ptr_eq(s.table.as_ref().unwrap(), &loaded.table));
        let mut copy = (*s).clone();
        assert_eq!(*s, copy, "a clone shares the table");
        copy.table = s.table.as_deref().cloned().map(Arc::new);
        assert_eq!(copy.table, s.table, "same values");
        assert_ne!(*s, copy, "but another table");
    }

    #[test]
    fn stale_results_are_ignored() {
        let s = loaded();
        let old = s.analysis.run;
        let s = reduce(s, Action::SetPlan(Plan::default()));
        assert_ne!(s.analysis.run, old);
        let err = ShownError::plain("x", "x", "x");
        let s2 = reduce(
            s.clone(),
            Action::AnalysisDone {
                run: old,
                result: Err(err),
            },
        );
        assert_eq!(s2.analysis, s.analysis);
    }

    #[test]
    fn results_stay_on_screen_while_a_change_is_analysed() {
        let s = loaded();
        let table = s.table.clone().unwrap();
        let report = Rc::new(social_roi_core::analysis::run(&table, &s.plan).unwrap());
        let run = s.analysis.run;
        let s = reduce(
            s,
            Action::AnalysisDone {
                run,
                result: Ok((report.clone(), None)),
            },
        );
        assert!(matches!(s.shown(), Some((_, false))));
        // A changed role re-runs the analysis; the old results stay, marked stale.
        let mut plan = s.plan.clone();
        plan.target = None;
        let s = reduce(s, Action::SetPlan(plan));
        let (shown, stale) = s.shown().expect("previous results kept");
        assert!(stale && Rc::ptr_eq(&shown.report, &report));
        // New columns: the old results no longer describe the data, so they go.
        let s = read_now(reduce(
            s,
            Action::ReplaceSources {
                name: "b.csv".into(),
                bytes: b"date,x,y\n2024-01-01,1,2\n2024-01-02,2,3\n2024-01-03,3,5\n".to_vec(),
            },
        ));
        assert!(s.shown().is_none());
    }

    #[test]
    fn clear_keeps_only_the_language() {
        let s = reduce(
            Rc::new(State::new(Lang::It, true)),
            Action::AddSource {
                name: "a.csv".into(),
                bytes: CSV.into(),
            },
        );
        let s = reduce(read_now(s), Action::Clear);
        assert_eq!(s.lang, Lang::It);
        assert!(s.embed);
        assert!(s.sources.is_empty() && s.table.is_none());
    }

    /// An orders export read as the worker reads it comes with its digest: the table is added up
    /// from it (equal to deriving from the rows), and a new recipe reads the file again rather than
    /// grouping its rows on the page's thread.
    #[test]
    fn an_orders_export_is_added_up_from_its_digest() {
        use social_roi_core::analysis::document::recipe_for;
        let bytes = include_bytes!("../tests/fixtures/events/shopify_orders/input.csv");
        let s = read_now(reduce(
            Rc::new(State::default()),
            Action::AddSource {
                name: "orders.csv".into(),
                bytes: bytes.to_vec(),
            },
        ));
        let src = &s.sources[0];
        assert!(src.digest().is_some());
        let l = src.loaded.clone().unwrap();
        let recipe = recipe_for(&l.table, &l.report).unwrap();
        let period = s.events.period.unwrap();
        let direct = social_roi_core::events::derive(&l.table, &recipe, period).unwrap();
        assert_eq!(
            format!("{:?}", s.table.as_deref().unwrap()),
            format!("{:?}", direct.table)
        );
        assert!(s.events.retention.is_some());

        let mut generic = recipe.clone();
        generic.kind = social_roi_core::events::ExportKind::GenericEvents;
        let id = src.id;
        let s = reduce(s, Action::SetRecipe(id, Some(generic.clone())));
        assert!(matches!(s.sources[0].status, SourceStatus::Reading { .. }));
        assert_eq!(
            s.sources[0].digest.as_ref().unwrap().0,
            None,
            "the read in use"
        );
        let s = read_now(s);
        assert_eq!(s.sources[0].status, SourceStatus::Ready);
        assert_eq!(s.sources[0].digest.as_ref().unwrap().0, Some(generic));
    }

    /// "Remember" keeps an orders file without years as its series in the years the analysis
    /// used (moved to meet the other file's), so the restored data joins as it did.
    #[test]
    fn a_remembered_yearless_orders_file_keeps_the_years_it_was_analysed_in() {
        let orders = "date,order,customer,amount\n\
            12 September,1,a@x.io,10\n12 September,2,b@x.io,20\n12 September,3,,7\n\
            13 September,4,a@x.io,5\n13 September,5,c@x.io,8\n20 September,6,b@x.io,9\n\
            20 September,7,a@x.io,4\n20 September,8,c@x.io,3\n";
        let social = "date,reach\n2024-09-09,100\n2024-09-16,120\n2024-09-23,90\n";
        let mut s = Rc::new(State::default());
        for (name, text) in [("orders.csv", orders), ("social.csv", social)] {
            s = read_now(reduce(
                s,
                Action::AddSource {
                    name: name.into(),
                    bytes: text.as_bytes().to_vec(),
                },
            ));
        }
        let id = s.sources[0].id;
        assert_eq!(s.events.years, vec![(id, -2)]);
        let r = s.to_remembered();
        let stored = r
            .sources
            .iter()
            .find(|x| x.name.starts_with("orders.csv"))
            .unwrap();
        let csv = crate::browser::storage::base64_decode(&stored.data).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(
            csv.starts_with("date,") && csv.contains("\n2024-09-12,"),
            "{csv}"
        );
        assert!(!csv.contains("2026-"), "{csv}");
        assert!(!csv.contains("a@x.io"));
    }

    /// The findings show as soon as the report over levels is ready; the changes follow, and
    /// cancelling them keeps the findings.
    #[test]
    fn findings_come_before_the_changes() {
        let s = loaded();
        let table = s.table.clone().unwrap();
        let report = Rc::new(social_roi_core::analysis::run(&table, &s.plan).unwrap());
        let run = s.analysis.run;
        let levels = |s: Rc<State>| {
            reduce(
                s,
                Action::LevelsDone {
                    run,
                    report: report.clone(),
                    kendall_later: false,
                },
            )
        };
        let s = levels(s);
        let (shown, stale) = s.shown().unwrap();
        assert!(!stale && Rc::ptr_eq(&shown.report, &report) && shown.changes.is_none());
        assert!(s.is_busy(), "the changes are still being made");
        let s = reduce(s, Action::AnalysisProgress { run, progress: 0.9 });
        assert_eq!(s.analysis.changes_pending, Some(0.9));
        let done = reduce(
            s.clone(),
            Action::AnalysisDone {
                run,
                result: Ok((report.clone(), Some(report.clone()))),
            },
        );
        assert!(!done.is_busy());
        assert!(done.shown().unwrap().0.changes.is_some());
        // Cancel while the changes are made: the findings stay, the late result is dropped.
        let cancelled = reduce(s, Action::Cancel);
        assert!(!cancelled.is_busy());
        assert!(Rc::ptr_eq(&cancelled.shown().unwrap().0.report, &report));
        let late = reduce(
            cancelled.clone(),
            Action::AnalysisDone {
                run,
                result: Ok((report.clone(), Some(report.clone()))),
            },
        );
        assert!(late.shown().unwrap().0.changes.is_none());
    }

    /// Kendall's tau counted after the findings: pending, then the worker's report (kept when
    /// the changes end the run); a cancel or a run without it leaves it unavailable, and a late
    /// answer of an older run changes nothing.
    #[test]
    fn kendall_follows_the_findings() {
        use super::Kendall;
        let s = loaded();
        let table = s.table.clone().unwrap();
        let report = Rc::new(social_roi_core::analysis::run(&table, &s.plan).unwrap());
        let counted = Rc::new((*report).clone());
        let run = s.analysis.run;
        let s = reduce(
            s,
            Action::LevelsDone {
                run,
                report: report.clone(),
                kendall_later: true,
            },
        );
        assert_eq!(s.shown().unwrap().0.kendall, Kendall::Pending);
        let stale = reduce(
            s.clone(),
            Action::KendallDone {
                run: run + 1,
                report: Some(counted.clone()),
            },
        );
        assert_eq!(stale.shown().unwrap().0.kendall, Kendall::Pending);
        let k = reduce(
            s.clone(),
            Action::KendallDone {
                run,
                report: Some(counted.clone()),
            },
        );
        let shown = k.shown().unwrap().0;
        assert_eq!(shown.kendall, Kendall::Counted(counted.clone()));
        assert!(Rc::ptr_eq(
            &shown.kendall.correlations_of(&shown.report),
            &counted
        ));
        let done = reduce(
            k,
            Action::AnalysisDone {
                run,
                result: Ok((report.clone(), None)),
            },
        );
        assert_eq!(done.shown().unwrap().0.kendall, Kendall::Counted(counted));
        // Done without it, or cancelled while it was counted: unavailable, not pending forever.
        let without = reduce(
            s.clone(),
            Action::AnalysisDone {
                run,
                result: Ok((report.clone(), None)),
            },
        );
        assert_eq!(without.shown().unwrap().0.kendall, Kendall::Unavailable);
        let cancelled = reduce(s, Action::Cancel);
        assert_eq!(cancelled.shown().unwrap().0.kendall, Kendall::Unavailable);
        // "Analyse again" runs it anew, the results staying on screen meanwhile.
        let again = reduce(cancelled.clone(), Action::Reanalyse);
        assert!(again.analysis.run != cancelled.analysis.run);
        assert!(matches!(
            again.analysis.status,
            AnalysisStatus::Running { .. }
        ));
        assert!(again.shown().is_some_and(|(_, stale)| stale));
    }

    /// A cancelled analysis names "Analyse again", which runs it anew on the same table and plan
    /// (the earlier results stay on screen meanwhile); a finished one is not rerun.
    #[test]
    fn a_cancelled_analysis_can_be_run_again() {
        let s = loaded();
        let run = s.analysis.run;
        let cancelled = reduce(s, Action::Cancel);
        assert!(matches!(
            &cancelled.analysis.status,
            AnalysisStatus::Failed(e) if e.en.contains("Analyse again")
        ));
        let again = reduce(cancelled.clone(), Action::Reanalyse);
        assert!(matches!(
            again.analysis.status,
            AnalysisStatus::Running { .. }
        ));
        assert!(again.analysis.run != run && again.analysis.run != cancelled.analysis.run);
        let table = again.table.clone().unwrap();
        let report = Rc::new(social_roi_core::analysis::run(&table, &again.plan).unwrap());
        let done = reduce(
            again.clone(),
            Action::AnalysisDone {
                run: again.analysis.run,
                result: Ok((report, None)),
            },
        );
        assert!(matches!(done.analysis.status, AnalysisStatus::Done { .. }));
        let same = reduce(done.clone(), Action::Reanalyse);
        assert_eq!(same.analysis.run, done.analysis.run);
    }
}
