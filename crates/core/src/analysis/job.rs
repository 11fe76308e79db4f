//! The analysis as a list of small units of work, run all at once ([`super::run`]) or a few at a
//! time ([`Job`]) so the browser can yield between units. A unit is one column's sort, one pair of
//! columns, one lag, one regression…; on a million rows each stays well under 100 ms natively.

use std::sync::{Arc, OnceLock};

use super::plan::{Plan, Regressors};
use super::report::*;
use super::{
    adstock, before_after, findings, lagged, period, prewhiten, roi, roles, ties, verdict, ForEach,
};
use crate::stats::correlation::{
    pearson_complete, pearson_from_sums, spearman_complete, spearman_from_ranks, PearsonResult,
    SpearmanResult,
};
use crate::stats::kendall::{self, counts, kendall_from_counts, KendallResult, KendallWalk};
use crate::stats::rank::Ranked;
use crate::stats::{self, complete_pairs, sum};
use crate::{Error, ErrorKind, Position, Result, Table};

/// Rows of work per step of a Kendall count (a million-row pair takes 2–5 steps).
const KENDALL_ROWS: usize = 262_144;
/// Rows of ROI ratios per unit.
const ROI_ROWS: usize = 262_144;
/// Row-lags per lag unit: about 70 ms on a million rows in the page's size-optimised wasm (each
/// unit re-centres the pair once, so fewer, longer units cost less in total).
const LAG_WORK: usize = 13_000_000;

/// A pair whose Pearson and Spearman are done and whose Kendall walk is under way.
struct PendingPair {
    p: usize,
    pr: PearsonResult,
    sr: SpearmanResult,
    walk: KendallWalk,
}

/// A pair after its first unit.
enum PairStart {
    Done((PearsonResult, SpearmanResult, KendallResult)),
    /// Both columns are ranked: Kendall's count walks their ranks (started by the caller, so
    /// a front half that counts it last allocates no walk early).
    Ranked(PearsonResult, SpearmanResult),
}

/// Which share of the analysis an engine runs. The page runs the two halves side by side in
/// two workers (a million rows: the analysis in one wasm worker took ~3 s, its halves ~1 s
/// each); the native callers lend threads to `Whole` instead ([`super::run_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// Everything, in the order of the reference report.
    #[default]
    Whole,
    /// The columns, the pairs' Pearson and Spearman, the other lags and everything after; then it waits
    /// for the back half's report ([`Job::give_back`]), decides the verdict, writes the findings
    /// ([`Job::findings_report`]: Kendall's tau is not in them) and counts Kendall's tau last.
    Front,
    /// The verdict's pair tests and the lags they reuse (social × business): a report with only
    /// those `lagged` and the undecided tests in `verdict.tests` (every business × social pair:
    /// the front drops tied ones).
    Back,
}

/// What the back half reads of a table, and the plan that gives it the same work on a table of
/// only that: the numeric columns of the verdict's pairs and the target. The page sends the back
/// worker this share, not the table (a million rows × 12 columns sent it ~96 MB of columns it
/// never read, held while both halves run: the page's peak).
///
/// Why the work is the same: the back half's pairs are the business × social pairs of the
/// table's sides (given here explicitly, so no guess is made on fewer columns), in column order,
/// which a table keeping every column of them and the same relative order lists identically; its
/// lags are the plan's and the target's specs over those pairs, which reference only those
/// columns; rows, dates and sources are unchanged. The front half also checks each entry it
/// merges by its columns' names ([`Job::give_back`]), so a mismatch is an error, never a
/// silently misplaced result.
#[derive(Debug, Clone, PartialEq)]
pub struct BackShare {
    /// The numeric columns the back half reads, in the table's order.
    pub columns: Vec<String>,
    /// The plan for a table of only those columns.
    pub plan: Plan,
}

impl BackShare {
    /// The back half's share of `table` under `plan`; `None` when it must have the whole table:
    /// the verdict's family was cut at [`verdict::MAX_PAIRS`] (fewer columns could cut it
    /// differently), or the share would be all the numeric columns anyway.
    pub fn of(table: &Table, plan: &Plan) -> Option<BackShare> {
        let sides = roles::sides(table, plan);
        let pairs = roles::business_social_pairs(&sides);
        if pairs.len() > verdict::MAX_PAIRS {
            return None;
        }
        let target = plan.target.as_ref().map(|t| t.column.as_str());
        let read = |n: &str| Some(n) == target || pairs.iter().any(|(s, b)| s == n || b == n);
        let columns: Vec<String> = table
            .numeric_columns()
            .map(|(n, _)| n)
            .filter(|n| read(n))
            .map(str::to_owned)
            .collect();
        if columns.len() == table.numeric_columns().count() {
            return None;
        }
        let kept = |n: &str| columns.iter().any(|c| c == n);
        let side = |want: roles::Side| {
            sides
                .iter()
                .filter(|(n, s)| *s == want && kept(n))
                .map(|(n, _)| n.clone())
                .collect()
        };
        let plan = Plan {
            plan_version: plan.plan_version,
            lagged: plan
                .lagged
                .iter()
                .filter(|l| kept(&l.x) && kept(&l.y))
                .cloned()
                .collect(),
            target: plan.target.clone(),
            sides: Some(super::plan::SidesSpec {
                business: side(roles::Side::Business),
                social: side(roles::Side::Social),
            }),
            ..Plan::default()
        };
        Some(BackShare { columns, plan })
    }

    /// Whether the share keeps `column` (numeric and read by the back half; text is never).
    pub fn keeps(&self, column: &crate::table::Column) -> bool {
        column.is_numeric() && self.columns.iter().any(|c| c == &column.name)
    }

    /// The table the back half runs on: `table` with only the kept columns.
    pub fn table(&self, table: &Table) -> Table {
        Table {
            date: table.date.clone(),
            columns: table
                .columns
                .iter()
                .filter(|c| self.keeps(c))
                .cloned()
                .collect(),
            sources: table.sources.clone(),
            files: table.files.clone(),
        }
    }
}

/// What is known about a numeric column after its preparation unit.
struct Prep {
    /// No missing cell: pairs with another complete column take the fast path.
    complete: bool,
    constant: bool,
    centred: Option<lagged::Centred>,
    ranked: Option<Ranked>,
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    /// Sort a complete column (its own unit: the longest step of a column)...
    Sort(usize),
    /// ...and rank it from that order (a second unit, so neither blocks the page for long).
    Rank,
    Prep(usize),
    Pair(usize),
    /// A pair's Kendall count, `KENDALL_ROWS` rows of work per step: the unit repeats until done.
    Kendall(usize),
    Adjust,
    /// The back half: a column's mean and centred sums, for its lags.
    Centre(usize),
    /// The front half: the back half's lags and pair tests, merged (waits until given).
    AwaitBack,
    /// The front half, after the findings: pair p's Kendall count, repeated until done...
    LateKendall(usize),
    /// ...and Kendall's adjusted p-values.
    KendallAdjust,
    /// Lags k in [from, to] of one lagged analysis.
    Lags(usize, i64, i64),
    LagDone(usize),
    Period(usize),
    Regression(usize),
    /// Up to `ROI_ROWS` rows of the ROI family...
    RoiPart,
    /// ...and its totals.
    Roi,
    Adstock(usize),
    BeforeAfter,
    /// Arithmetic ties...
    Ties,
    /// ...the verdict's test of one business × social pair...
    PairTest(usize),
    /// ...and the verdict.
    Verdict,
    /// The investment model: one pass over the model's columns.
    Investment,
    Finish,
}

/// A lagged analysis to run: from the plan's `lagged`, or every column against the target.
struct LagSpec {
    x: String,
    y: String,
    max_lag: u32,
}

/// The state of an analysis in progress. Holds no reference to the table: every unit is given it.
pub(crate) struct Engine {
    role: Role,
    /// Per lag spec: run by the back half (else by the front half).
    lag_in_back: Vec<bool>,
    /// The back half's report, once given to the front half.
    back: Option<Report>,
    /// Front half: the findings are written (Kendall's counts remain).
    findings_done: bool,
    /// Front half: each pair's Pearson and Spearman while its Kendall count waits.
    late: Vec<Option<(PearsonResult, SpearmanResult)>>,
    plan: Plan,
    /// (table column index, name) of the numeric columns, header order.
    numeric: Vec<(usize, String)>,
    preps: Vec<Option<Prep>>,
    summaries: Vec<Option<ColumnSummary>>,
    pairs: Vec<(usize, usize)>,
    lag_specs: Vec<LagSpec>,
    lag_points: Vec<Vec<LagPoint>>,
    pending: Option<PendingPair>,
    /// Ranks made by `Unit::Rank(i)` for the following `Unit::Prep(i)`.
    ranked_next: Option<Ranked>,
    /// Front half: the sort order and group starts of the column the current Kendall walk
    /// follows, rebuilt from its dense ranks (its `Ranked` keeps none), and that column.
    walk_order: Option<(usize, Vec<u32>, Vec<u32>)>,
    /// Front half: the order the late Kendall counts go in (pairs that follow the same column
    /// together, so its order is rebuilt once), and how many of each column's pairs are left.
    late_order: Vec<usize>,
    late_uses: Vec<usize>,
    /// The ROI family while `Unit::RoiPart`s add its rows.
    roi_run: Option<roi::RoiRun>,
    /// The order and groups made by `Unit::Sort(i)` for the following `Unit::Rank(i)`.
    sorted_next: Option<(Vec<u32>, Vec<u32>)>,
    /// The verdict's (social, business) pairs and the tests done so far.
    bs_pairs: Vec<(String, String)>,
    pair_tests: Vec<verdict::PairTest>,
    units: Vec<Unit>,
    next: usize,
    report: Report,
    /// Each column's changes for the period-over-period entries (see `changes_of`).
    changes: Vec<(String, period::ColumnChanges)>,
    /// The entries keep their change series (else see [`Job::without_change_series`]).
    keep_change_series: bool,
    /// Each row's season for the prewhitened tests (`prewhiten::Seasons`), made at first use.
    seasons: Option<Option<(Vec<u8>, usize)>>,
}

fn numeric_index(numeric: &[(usize, String)], name: &str) -> Option<usize> {
    numeric.iter().position(|(_, n)| n == name)
}

/// Whether the period-over-period changes of x and y correlate at lag k with the sign of r
/// (|r| ≥ 0.3, p < 0.05): a lagged link, not a shared trend, moves the changes too.
fn changes_follow(x: &[f64], y: &[f64], k: Option<i64>, r: Option<f64>) -> bool {
    let (Some(k), Some(r)) = (k, r) else {
        return false;
    };
    let c = lagged::lag_pearson(&period::diff(x), &period::diff(y), k, None, None);
    c.r.is_some_and(|cr| cr.abs() >= 0.3 && cr.signum() == r.signum())
        && c.p.is_some_and(|p| p < findings::SIGNIFICANT)
}

/// Numeric columns past which not every pair is correlated. A Meta page export has ~1,500
/// columns: 1.1 million pairs, a 677 MB report and minutes of work, for a family of tests so large
/// that nothing could survive its adjustment. 64 columns are 2,016 pairs.
pub const MAX_CORRELATED_COLUMNS: usize = 64;

/// The numeric columns (indexes into `numeric`, in table order) whose pairs are correlated: all of
/// them up to [`MAX_CORRELATED_COLUMNS`], else the target, then the business and social columns,
/// then the others, in table order, up to that many.
fn correlated_columns(numeric: &[(usize, String)], table: &Table, plan: &Plan) -> Vec<usize> {
    let m = numeric.len();
    if m <= MAX_CORRELATED_COLUMNS {
        return (0..m).collect();
    }
    let sides = roles::sides(table, plan);
    let target = plan.target.as_ref().map(|t| t.column.as_str());
    let rank = |name: &str| {
        if Some(name) == target {
            0
        } else if sides
            .iter()
            .any(|(n, s)| n == name && *s != roles::Side::Neither)
        {
            1
        } else {
            2
        }
    };
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by_key(|&i| rank(&numeric[i].1));
    order.truncate(MAX_CORRELATED_COLUMNS);
    order.sort_unstable();
    order
}

impl Engine {
    pub(crate) fn new(table: &Table, plan: Plan, role: Role) -> Result<Engine> {
        plan.validate(table)?;
        let numeric: Vec<(usize, String)> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_numeric())
            .map(|(i, c)| (i, c.name.clone()))
            .collect();
        let m = numeric.len();
        let correlated = correlated_columns(&numeric, table, &plan);
        let k = correlated.len();
        let mut pairs = Vec::with_capacity(k * k.saturating_sub(1) / 2);
        for (a, &i) in correlated.iter().enumerate() {
            for &j in &correlated[a + 1..] {
                pairs.push((i, j));
            }
        }
        let mut lag_specs: Vec<LagSpec> = plan
            .lagged
            .iter()
            .map(|l| LagSpec {
                x: l.x.clone(),
                y: l.y.clone(),
                max_lag: l.max_lag,
            })
            .collect();
        if let Some(t) = plan.target.as_ref().filter(|t| t.max_lag > 0) {
            for (_, name) in &numeric {
                let dup = lag_specs.iter().any(|s| &s.x == name && s.y == t.column);
                if name != &t.column && !dup {
                    lag_specs.push(LagSpec {
                        x: name.clone(),
                        y: t.column.clone(),
                        max_lag: t.max_lag,
                    });
                }
            }
        }
        let mut units: Vec<Unit> = Vec::new();
        if role == Role::Back {
            units.extend((0..m).map(Unit::Centre));
        } else {
            units.extend((0..m).flat_map(|i| [Unit::Sort(i), Unit::Rank, Unit::Prep(i)]));
            for p in 0..pairs.len() {
                units.push(Unit::Pair(p));
                if role == Role::Whole {
                    units.push(Unit::Kendall(p));
                }
            }
            units.push(Unit::Adjust);
        }
        // The verdict's family: business × social pairs, the target's first, bounded.
        let mut bs_pairs = roles::business_social_pairs(&roles::sides(table, &plan));
        if let Some(target) = &plan.target {
            bs_pairs.sort_by_key(|(_, b)| b != &target.column);
        }
        bs_pairs.truncate(verdict::MAX_PAIRS);
        // The back half runs the lags whose prewhitening the verdict's tests reuse (social x,
        // business y); the front half the others. On a million rows, natively: back 0.54 s,
        // front 0.65 s to its findings (every lag in the back: 0.78 and 0.45 s). A split by an
        // estimated cost was tried: no faster in the page, slower natively.
        let lag_in_back: Vec<bool> = lag_specs
            .iter()
            .map(|l| bs_pairs.iter().any(|(s, b)| &l.x == s && &l.y == b))
            .collect();
        let runs_lag = |e: usize| match role {
            Role::Whole => true,
            Role::Back => lag_in_back[e],
            Role::Front => !lag_in_back[e],
        };
        for (e, s) in lag_specs.iter().enumerate().filter(|(e, _)| runs_lag(*e)) {
            let l = s.max_lag as i64;
            // Lags per unit from the work (rows × lags) so a unit stays short on long tables too.
            let per_unit = (LAG_WORK / table.n_rows().max(1)).clamp(1, 32) as i64;
            let mut k = -l;
            while k <= l {
                let to = (k + per_unit - 1).min(l);
                units.push(Unit::Lags(e, k, to));
                k = to + 1;
            }
            units.push(Unit::LagDone(e));
        }
        if role != Role::Back {
            units.extend((0..plan.period_over_period.len()).map(Unit::Period));
            units.extend((0..plan.regressions.len()).map(Unit::Regression));
            if plan.roi.is_some() {
                units.extend((0..table.n_rows().div_ceil(ROI_ROWS)).map(|_| Unit::RoiPart));
            }
            units.push(Unit::Roi);
            units.extend((0..plan.adstock.len()).map(Unit::Adstock));
            if plan.before_after.is_some() {
                units.push(Unit::BeforeAfter);
            }
        }
        match role {
            Role::Whole => {
                units.push(Unit::Ties);
                units.extend((0..bs_pairs.len()).map(Unit::PairTest));
            }
            Role::Front => units.extend([Unit::Ties, Unit::AwaitBack]),
            Role::Back => units.extend((0..bs_pairs.len()).map(Unit::PairTest)),
        }
        if role != Role::Back {
            units.push(Unit::Verdict);
            if plan.has_investment_model() {
                units.push(Unit::Investment);
            }
            units.push(Unit::Finish);
        }
        if role == Role::Front {
            units.extend((0..pairs.len()).map(Unit::LateKendall));
            units.push(Unit::KendallAdjust);
        }
        Ok(Engine {
            role,
            lag_in_back,
            back: None,
            findings_done: false,
            late: Vec::new(),
            changes: Vec::new(),
            seasons: None,
            keep_change_series: true,
            pair_tests: Vec::with_capacity(bs_pairs.len()),
            bs_pairs,
            preps: (0..m).map(|_| None).collect(),
            summaries: vec![None; m],
            lag_points: lag_specs.iter().map(|_| Vec::new()).collect(),
            pending: None,
            ranked_next: None,
            walk_order: None,
            late_order: Vec::new(),
            late_uses: Vec::new(),
            sorted_next: None,
            roi_run: None,
            report: Report {
                descriptives: Vec::new(),
                correlations: Vec::with_capacity(pairs.len()),
                multiple_comparisons: MultipleComparisons {
                    method: "benjamini_hochberg",
                    pairs_tested: 0,
                    note: "p_bh: Benjamini-Hochberg adjusted p-values over all pairs, separately for Pearson, Spearman and Kendall",
                    columns_left_out: m - k,
                },
                lagged: Vec::new(),
                period_over_period: Vec::new(),
                regressions: Vec::new(),
                roi: None,
                roi_absent_reason: None,
                adstock: Vec::new(),
                before_after: None,
                investment_roi: None,
                investment_inputs: None,
                time_step: None,
                sides: Vec::new(),
                ties: Vec::new(),
                verdict: Default::default(),
                findings: Vec::new(),
            },
            plan,
            numeric,
            pairs,
            lag_specs,
            units,
            next: 0,
        })
    }

    pub(crate) fn done(&self) -> bool {
        self.next >= self.units.len()
    }

    pub(crate) fn progress(&self) -> f64 {
        if self.units.is_empty() {
            1.0
        } else {
            self.next as f64 / self.units.len() as f64
        }
    }

    /// What the next unit does (for progress displays).
    pub(crate) fn phase(&self) -> &'static str {
        match self.units.get(self.next) {
            Some(Unit::Sort(_)) | Some(Unit::Rank) | Some(Unit::Prep(_)) => "descriptives",
            Some(Unit::Pair(_)) | Some(Unit::Kendall(_)) | Some(Unit::LateKendall(_)) => {
                "correlations"
            }
            Some(Unit::Adjust) | Some(Unit::KendallAdjust) => "multiple_comparisons",
            Some(Unit::Lags(..)) | Some(Unit::LagDone(_)) | Some(Unit::Centre(_)) => "lagged",
            Some(Unit::AwaitBack) => "verdict",
            Some(Unit::Period(_)) => "period_over_period",
            Some(Unit::Regression(_)) => "regressions",
            Some(Unit::RoiPart) | Some(Unit::Roi) => "roi",
            Some(Unit::Adstock(_)) => "adstock",
            Some(Unit::BeforeAfter) => "before_after",
            Some(Unit::Ties) | Some(Unit::PairTest(_)) | Some(Unit::Verdict) => "verdict",
            Some(Unit::Investment) => "investment_roi",
            Some(Unit::Finish) => "findings",
            None => "done",
        }
    }

    pub(crate) fn into_report(mut self) -> Report {
        if self.role == Role::Back {
            // undecided: the front half drops tied pairs, marks shared trends and decides
            self.report.verdict.tests = std::mem::take(&mut self.pair_tests);
        }
        self.report
    }

    /// The front half waits for the back half's report.
    fn waiting(&self) -> bool {
        matches!(self.units.get(self.next), Some(Unit::AwaitBack)) && self.back.is_none()
    }

    fn col<'t>(&self, t: &'t Table, i: usize) -> &'t [f64] {
        t.columns[self.numeric[i].0].numbers().unwrap_or(&[])
    }

    fn col_by_name<'t>(&self, t: &'t Table, name: &str) -> &'t [f64] {
        t.numbers(name).unwrap_or(&[])
    }

    /// The table's seasons: weekdays of daily rows, calendar months of monthly ones.
    fn seasons(&mut self, t: &Table) -> Option<prewhiten::Seasons<'_>> {
        let made = self.seasons.get_or_insert_with(|| {
            let dates = t.dates()?;
            let (count, of): (usize, fn(crate::Date) -> u32) = match super::time_step(dates)?.unit {
                PeriodUnit::Day => (7, |d| d.iso_weekday() - 1),
                PeriodUnit::Month => (12, |d| d.month() - 1),
                _ => return None,
            };
            Some((dates.iter().map(|&d| of(d) as u8).collect(), count))
        });
        made.as_ref().map(|(of_row, count)| prewhiten::Seasons {
            of_row,
            count: *count,
        })
    }

    /// A column's changes, made at its first period-over-period entry and shared by the others.
    fn changes_of(&mut self, t: &Table, name: &str) -> period::ColumnChanges {
        if let Some((_, c)) = self.changes.iter().find(|(n, _)| n == name) {
            return c.clone();
        }
        let c = period::ColumnChanges::of(self.col_by_name(t, name));
        self.changes.push((name.to_owned(), c.clone()));
        c
    }

    /// Runs the analysis to the end. The columns' preparation, the pairs and the lags are
    /// independent units: they are computed through `for_each` (perhaps at once) and applied in
    /// unit order; the rest runs in order. The report is the same as from stepping.
    pub(crate) fn run_with(&mut self, t: &Table, for_each: ForEach) -> Result<()> {
        debug_assert_eq!(self.role, Role::Whole, "the halves are stepped by a Job");
        // Columns: sort, rank, describe.
        let (len, cols) = self.unit_run(
            |u| matches!(u, Unit::Sort(_) | Unit::Rank | Unit::Prep(_)),
            |u| match u {
                Unit::Prep(i) => Some(*i),
                _ => None,
            },
        );
        let done = map_with(&cols, for_each, |&i| {
            let ranked = self
                .sorted(t, i)
                .map(|(perm, starts)| Ranked::from_groups(perm, starts));
            self.prepared(t, i, ranked)
        });
        for (&i, (summary, prep)) in cols.iter().zip(done) {
            self.store_prep(i, summary, prep);
        }
        self.next += len;
        // Pairs, each with its whole Kendall count.
        let (len, pairs) = self.unit_run(
            |u| matches!(u, Unit::Pair(_) | Unit::Kendall(_)),
            |u| match u {
                Unit::Pair(p) => Some(*p),
                _ => None,
            },
        );
        let done = map_with(&pairs, for_each, |&p| match self.pair_start(t, p) {
            PairStart::Done(r) => r,
            PairStart::Ranked(pr, sr) => (pr, sr, self.kendall_whole(t, p)),
        });
        for (&p, (pr, sr, kr)) in pairs.iter().zip(done) {
            let (i, j) = self.pairs[p];
            self.push_pair(i, j, (pr, sr, Some(kr)));
        }
        self.next += len;
        while matches!(self.units.get(self.next), Some(Unit::Adjust)) {
            self.step(t)?;
        }
        // Lags.
        let (len, _) = self.unit_run(|u| matches!(u, Unit::Lags(..) | Unit::LagDone(_)), |_| None);
        let units: Vec<Unit> = self.units[self.next..self.next + len].to_vec();
        let points = map_with(&units, for_each, |u| match *u {
            Unit::Lags(e, from, to) => self.lags(t, e, from, to),
            _ => Vec::new(),
        });
        for (u, points) in units.iter().zip(points) {
            match *u {
                Unit::Lags(e, ..) => self.lag_points[e].extend(points),
                Unit::LagDone(e) => self.lag_done(t, e),
                _ => {}
            }
        }
        self.next += len;
        while !self.done() {
            self.step(t)?;
        }
        Ok(())
    }

    /// How many units from the next one on `in_run` accepts, and the indices `key` picks out of them.
    fn unit_run(
        &self,
        in_run: fn(&Unit) -> bool,
        key: fn(&Unit) -> Option<usize>,
    ) -> (usize, Vec<usize>) {
        let run = self.units[self.next..].iter().take_while(|u| in_run(u));
        (run.clone().count(), run.filter_map(key).collect())
    }

    /// Runs the next unit. The table must be the one the engine was created for.
    pub(crate) fn step(&mut self, t: &Table) -> Result<()> {
        let Some(&unit) = self.units.get(self.next) else {
            return Ok(());
        };
        if t.columns.len() < self.numeric.iter().map(|(i, _)| i + 1).max().unwrap_or(0) {
            return Err(Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: "the table changed during the analysis".into(),
            }));
        }
        match unit {
            Unit::Sort(i) => self.sorted_next = self.sorted(t, i),
            Unit::Rank => {
                if let Some((perm, starts)) = self.sorted_next.take() {
                    self.ranked_next = Some(Ranked::from_groups(perm, starts));
                }
            }
            Unit::Prep(i) => {
                let ranked = self.ranked_next.take();
                let (summary, prep) = self.prepared(t, i, ranked);
                self.store_prep(i, summary, prep);
            }
            Unit::Pair(p) => match self.pair_start(t, p) {
                PairStart::Done((pr, sr, kr)) => {
                    let (i, j) = self.pairs[p];
                    self.push_pair(i, j, (pr, sr, Some(kr)));
                }
                PairStart::Ranked(pr, sr) if self.role == Role::Front => {
                    // Kendall's tau is counted after the findings (it is not in them).
                    let (i, j) = self.pairs[p];
                    self.push_pair(i, j, (pr, sr, None));
                    self.late.resize(p + 1, None);
                    self.late[p] = Some((pr, sr));
                }
                PairStart::Ranked(pr, sr) => match self.walk(p) {
                    Some(walk) => self.pending = Some(PendingPair { p, pr, sr, walk }),
                    None => {
                        let (i, j) = self.pairs[p];
                        let kr = self.kendall_whole(t, p);
                        self.push_pair(i, j, (pr, sr, Some(kr)));
                    }
                },
            },
            Unit::LateKendall(k) => {
                if self.late_order.is_empty() {
                    self.group_late_walks();
                }
                let p = self.late_order[k];
                if !self.late_kendall(t, p) {
                    return Ok(());
                }
                self.release_late(p);
            }
            Unit::KendallAdjust => self.kendall_adjust(),
            Unit::Centre(i) => {
                let x = self.col(t, i);
                let complete = stats::is_complete(x);
                // The same sums as `prepared` makes (the lags are then the same bits).
                let centred = (complete && !x.is_empty())
                    .then(|| stats::descriptive::summarize_complete(x, None))
                    .flatten()
                    .map(|c| lagged::Centred {
                        mean: c.mean,
                        s1: c.s1,
                        s2: c.s2,
                    });
                self.preps[i] = Some(Prep {
                    complete,
                    constant: false,
                    centred,
                    ranked: None,
                });
            }
            Unit::AwaitBack => match self.back.take() {
                Some(back) => self.merge_back(back)?,
                None => return Ok(()),
            },
            Unit::Kendall(p) => {
                if !self.kendall_part(p) {
                    return Ok(());
                }
                self.release_ranks(p);
            }
            Unit::Adjust => self.adjust(),
            Unit::Lags(e, from, to) => {
                let points = self.lags(t, e, from, to);
                self.lag_points[e].extend(points);
            }
            Unit::LagDone(e) => self.lag_done(t, e),
            Unit::Period(e) => {
                let (x, y) = {
                    let s = &self.plan.period_over_period[e];
                    (s.x.clone(), s.y.clone())
                };
                let entry = if self.keep_change_series {
                    let (cx, cy) = (self.changes_of(t, &x), self.changes_of(t, &y));
                    period::period_over_period(&x, &cx, &y, &cy)
                } else {
                    let of = |name: &str| period::ColumnChanges::of(self.col_by_name(t, name));
                    let mut entry = period::period_over_period(&x, &of(&x), &y, &of(&y));
                    for c in [&mut entry.pct_change, &mut entry.diff] {
                        c.x_series = Series(Vec::new().into());
                        c.y_series = Series(Vec::new().into());
                    }
                    entry
                };
                self.report.period_over_period.push(entry);
            }
            Unit::Regression(e) => self.regression(t, e),
            Unit::RoiPart => {
                if let Some(spec) = &self.plan.roi {
                    let run = self
                        .roi_run
                        .get_or_insert_with(|| roi::RoiRun::new(t, spec));
                    run.rows(t, ROI_ROWS);
                }
            }
            Unit::Roi => match &self.plan.roi {
                Some(spec) => {
                    let mut run = self
                        .roi_run
                        .take()
                        .unwrap_or_else(|| roi::RoiRun::new(t, spec));
                    run.rows(t, usize::MAX);
                    self.report.roi = Some(run.finish(t));
                }
                None => {
                    self.report.roi_absent_reason =
                        Some("the plan names no ROI columns (cost and attributed revenue)".into())
                }
            },
            Unit::Adstock(e) => {
                let s = &self.plan.adstock[e];
                let yname =
                    s.y.clone()
                        .or_else(|| self.plan.target.as_ref().map(|t| t.column.clone()))
                        .unwrap_or_default();
                let entry = adstock::adstock(
                    &s.x,
                    self.col_by_name(t, &s.x),
                    &yname,
                    self.col_by_name(t, &yname),
                    s.lambda,
                    s.grid.as_deref(),
                );
                self.report.adstock.push(entry);
            }
            Unit::BeforeAfter => {
                if let Some(b) = &self.plan.before_after {
                    if let Some(d) = super::plan::parse_iso(&b.date) {
                        self.report.before_after =
                            Some(before_after::before_after(t, d, b.columns.as_deref()));
                    }
                }
            }
            Unit::Ties => self.ties(t),
            Unit::PairTest(i) => self.pair_test(t, i),
            Unit::Verdict => self.verdict(t),
            Unit::Investment => {
                if let Some((p, r)) = super::invest::investment_roi(Some(t), &self.plan)? {
                    self.report.investment_inputs = Some(p);
                    self.report.investment_roi = Some(r);
                }
            }
            Unit::Finish => {
                self.finish(t);
                self.findings_done = self.role == Role::Front;
            }
        }
        self.next += 1;
        Ok(())
    }

    /// Column i's sort order and groups, when its pairs take the ranked fast path.
    fn sorted(&self, t: &Table, i: usize) -> Option<(Vec<u32>, Vec<u32>)> {
        let x = self.col(t, i);
        // Sort once: the ranks serve every pair, and the median falls out of the order.
        (x.len() >= 2 && self.numeric.len() >= 2 && stats::is_complete(x) && !stats::is_constant(x))
            .then(|| stats::rank::sort_with_groups(x))
    }

    /// Column i's descriptives and what its pairs reuse, given its ranks (if sorted).
    fn prepared(&self, t: &Table, i: usize, ranked: Option<Ranked>) -> (ColumnSummary, Prep) {
        let x = self.col(t, i);
        let complete = stats::is_complete(x);
        let (summary, centred, constant, ranked) = if complete && !x.is_empty() {
            let constant = stats::is_constant(x);
            let median = match &ranked {
                Some(r) => {
                    let n = x.len();
                    let at = |k: usize| x[r.perm[k] as usize];
                    Some(if n % 2 == 1 {
                        at(n / 2)
                    } else {
                        stats::descriptive::midpoint(at(n / 2 - 1), at(n / 2))
                    })
                }
                None => stats::descriptive::median_in_place(&mut x.to_vec()),
            };
            match stats::descriptive::summarize_complete(x, median) {
                Some(c) => (
                    ColumnSummary {
                        stats: c.stats,
                        acf1: c.acf1,
                    },
                    Some(lagged::Centred {
                        mean: c.mean,
                        s1: c.s1,
                        s2: c.s2,
                    }),
                    constant,
                    ranked,
                ),
                None => (
                    ColumnSummary {
                        stats: stats::describe(x),
                        acf1: None,
                    },
                    None,
                    constant,
                    None,
                ),
            }
        } else {
            let present: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
            (
                ColumnSummary {
                    stats: stats::describe(x),
                    acf1: stats::acf1(x),
                },
                None,
                stats::is_constant(&present),
                None,
            )
        };
        (
            summary,
            Prep {
                complete,
                constant,
                centred,
                ranked,
            },
        )
    }

    fn store_prep(&mut self, i: usize, summary: ColumnSummary, mut prep: Prep) {
        self.summaries[i] = Some(summary);
        if self.role == Role::Front {
            // The front keeps every column's ranks until Kendall's count, which it does last:
            // without their order (rebuilt per walk), a million-row column keeps 4–8 MB less.
            if let Some(r) = prep.ranked.as_mut() {
                r.drop_order();
            }
        }
        self.preps[i] = Some(prep);
        if i + 1 == self.numeric.len() {
            self.report.descriptives = self
                .numeric
                .iter()
                .zip(&self.summaries)
                .filter_map(|((_, n), s)| s.map(|s| (n.clone(), s)))
                .collect();
        }
    }

    /// Pair p's results, or its Pearson and Spearman with the Kendall walk still to do.
    fn pair_start(&self, t: &Table, p: usize) -> PairStart {
        let (i, j) = self.pairs[p];
        let (x, y) = (self.col(t, i), self.col(t, j));
        let (pi, pj) = (self.preps[i].as_ref(), self.preps[j].as_ref());
        let fast = match (pi, pj) {
            (Some(a), Some(b)) if a.complete && b.complete => Some((a, b)),
            _ => None,
        };
        let (pr, sr, kr): (PearsonResult, SpearmanResult, KendallResult) = match fast {
            Some((a, b)) if a.constant || b.constant || x.len() < 3 => {
                // Constant columns and tiny tables: the general code states the reason.
                general_pair(x, y)
            }
            Some((a, b)) => {
                let n = x.len().min(y.len());
                let (Some(ca), Some(cb), Some(ra), Some(rb)) =
                    (a.centred, b.centred, a.ranked.as_ref(), b.ranked.as_ref())
                else {
                    return PairStart::Done(general_pair(x, y));
                };
                let sxy = sum::dot_centered(x, ca.mean, y, cb.mean);
                let m = n as f64;
                let pr = pearson_from_sums(
                    n,
                    ca.s2 - ca.s1 * ca.s1 / m,
                    cb.s2 - cb.s1 * cb.s1 / m,
                    sxy - ca.s1 * cb.s1 / m,
                );
                let sr = spearman_from_ranks(n, ra, rb);
                return PairStart::Ranked(pr, sr);
            }
            None => general_pair(x, y),
        };
        PairStart::Done((pr, sr, kr))
    }

    /// Pair p's Kendall walk over its columns' ranks (`None` if either is not ranked). Ranks
    /// without their order walk the one [`Job::rebuild_walk_order`] made.
    fn walk(&self, p: usize) -> Option<KendallWalk> {
        let (ra, rb, c, s) = self.followed(p)?;
        if s.has_order() {
            return Some(KendallWalk::new(ra, rb));
        }
        let (_, perm, _) = self.walk_order.as_ref().filter(|o| o.0 == c)?;
        Some(KendallWalk::with_order(ra, rb, perm, None))
    }

    /// Before pair p's walk: the order of the column it follows, rebuilt if its ranks dropped it
    /// (kept for the next pairs that follow the same column).
    fn rebuild_walk_order(&mut self, p: usize) {
        let Some((_, _, c, s)) = self.followed(p) else {
            return;
        };
        if s.has_order() || self.walk_order.as_ref().is_some_and(|o| o.0 == c) {
            return;
        }
        self.walk_order = None; // the old one goes before the new one is made
        let Some((_, _, _, s)) = self.followed(p) else {
            return;
        };
        let (perm, starts) = s.rebuild_order();
        self.walk_order = Some((c, perm, starts));
    }

    /// Pair p's two ranks, and the column its Kendall walk follows (index and ranks); `None`
    /// unless both columns are ranked.
    fn followed(&self, p: usize) -> Option<(&Ranked, &Ranked, usize, &Ranked)> {
        let (i, j) = self.pairs[p];
        let ra = self.preps[i].as_ref()?.ranked.as_ref()?;
        let rb = self.preps[j].as_ref()?.ranked.as_ref()?;
        Some(if kendall::walks_x(ra, rb) {
            (ra, rb, i, ra)
        } else {
            (ra, rb, j, rb)
        })
    }

    /// Frees column c's ranks (and the order rebuilt for them).
    fn free_ranks(&mut self, c: usize) {
        if let Some(prep) = self.preps[c].as_mut() {
            prep.ranked = None;
        }
        if self.walk_order.as_ref().is_some_and(|o| o.0 == c) {
            self.walk_order = None;
        }
    }

    /// Frees the ranks no Kendall count after pair p needs: pairs go (0,1), (0,2)… (0,m−1),
    /// (1,2)…, so column i is done with (i, m−1), and the last column with the last pair. On a
    /// million rows a column's ranks are ~14 MB, freed as the counts go instead of at the end.
    fn release_ranks(&mut self, p: usize) {
        let (i, j) = self.pairs[p];
        let m = self.numeric.len();
        if j + 1 != m {
            return;
        }
        for c in [Some(i), (i + 2 == m).then_some(j)].into_iter().flatten() {
            self.free_ranks(c);
        }
    }

    /// Orders the late Kendall counts by the column each walk follows (in pair order, the
    /// followed column changes often: at 2.9M rows its rebuilds cost ~1.8 s), and counts each
    /// column's pairs so its ranks go as soon as its last count is done.
    fn group_late_walks(&mut self) {
        let mut order: Vec<usize> = (0..self.pairs.len()).collect();
        order.sort_by_key(|&p| self.followed(p).map_or(usize::MAX, |f| f.2));
        let mut uses = vec![0; self.numeric.len()];
        for &(i, j) in &self.pairs {
            uses[i] += 1;
            uses[j] += 1;
        }
        (self.late_order, self.late_uses) = (order, uses);
    }

    /// After pair p's late count: frees the ranks of a column none of whose counts is left.
    fn release_late(&mut self, p: usize) {
        let (i, j) = self.pairs[p];
        for c in [i, j] {
            self.late_uses[c] -= 1;
            if self.late_uses[c] == 0 {
                self.free_ranks(c);
            }
        }
    }

    /// Pair p's whole Kendall count (over its ranks when both columns have them).
    fn kendall_whole(&self, t: &Table, p: usize) -> KendallResult {
        let Some(mut walk) = self.walk(p) else {
            let (i, j) = self.pairs[p];
            return stats::kendall::kendall(self.col(t, i), self.col(t, j));
        };
        let starts = self.starts_of(p, &walk);
        while !walk.advance(starts, usize::MAX) {}
        kendall_from_counts(&walk.counts())
    }

    /// The group starts the walk of pair p follows.
    fn starts_of(&self, p: usize, walk: &KendallWalk) -> &[u32] {
        let (i, j) = self.pairs[p];
        let order = if walk.walks_x() { i } else { j };
        match self.preps[order].as_ref().and_then(|x| x.ranked.as_ref()) {
            Some(r) if r.has_order() => &r.starts,
            Some(_) => self
                .walk_order
                .as_ref()
                .filter(|o| o.0 == order)
                .map_or(&[], |o| &o.2),
            None => &[],
        }
    }

    /// One step of pair p's late Kendall count (front half); false while more remain.
    fn late_kendall(&mut self, t: &Table, p: usize) -> bool {
        let Some(Some((pr, sr))) = self.late.get(p).copied() else {
            return true; // counted with its pair (not ranked)
        };
        if self.pending.as_ref().is_none_or(|w| w.p != p) {
            self.rebuild_walk_order(p);
            let walk = self.walk(p);
            // A ranked pair (late) keeps its ranks until its count: without them it would be
            // counted from the values, the same result at several times the cost.
            debug_assert!(walk.is_some(), "pair {p}'s ranks went before its count");
            match walk {
                Some(walk) => self.pending = Some(PendingPair { p, pr, sr, walk }),
                None => {
                    let kr = self.kendall_whole(t, p);
                    self.set_late(p, (pr, sr, kr));
                    return true;
                }
            }
        }
        match self.advance_pending(p) {
            Some((pending, kr)) => {
                self.set_late(p, (pending.pr, pending.sr, kr));
                true
            }
            None => self.pending.is_none(),
        }
    }

    /// One step of pair p's pending Kendall walk: the pair and its result once the walk is done
    /// (the walk is then no longer pending); `None` while it goes on, or with no walk of p.
    fn advance_pending(&mut self, p: usize) -> Option<(PendingPair, KendallResult)> {
        let mut pending = self.pending.take_if(|w| w.p == p)?;
        let done = {
            let starts = self.starts_of(p, &pending.walk);
            pending.walk.advance(starts, KENDALL_ROWS)
        };
        if !done {
            self.pending = Some(pending);
            return None;
        }
        let kr = kendall_from_counts(&pending.walk.counts());
        Some((pending, kr))
    }

    /// Pair p's entry with its Kendall result, keeping the adjusted p-values made without it.
    fn set_late(&mut self, p: usize, (pr, sr, kr): (PearsonResult, SpearmanResult, KendallResult)) {
        let (i, j) = self.pairs[p];
        let old = &self.report.correlations[p];
        let (pb, sb) = (old.pearson.p_bh, old.spearman.p_bh);
        let mut e = self.entry(i, j, (pr, sr, Some(kr)));
        e.pearson.p_bh = pb;
        e.spearman.p_bh = sb;
        self.report.correlations[p] = e;
        self.late[p] = None;
    }

    /// Kendall's adjusted p-values once every pair is counted; the ranks are then freed.
    fn kendall_adjust(&mut self) {
        let c = &mut self.report.correlations;
        let kp: Vec<Option<f64>> = c.iter().map(|e| e.kendall.p).collect();
        for (e, q) in c.iter_mut().zip(stats::benjamini_hochberg(&kp)) {
            e.kendall.p_bh = q;
        }
        for p in self.preps.iter_mut().flatten() {
            p.ranked = None;
        }
        self.walk_order = None;
    }

    /// The back half's lags and pair tests into the front half's report: tied pairs are
    /// dropped and shared trends marked, as `pair_test` does in one engine.
    fn merge_back(&mut self, back: Report) -> Result<()> {
        // Merged by position, so first checked by name (and lags): a back half that ran other work (another
        // table or plan) is an error, not misplaced entries.
        let lags = self
            .lag_specs
            .iter()
            .zip(&self.lag_in_back)
            .filter(|(_, &b)| b)
            .map(|(s, _)| (s.x.as_str(), s.y.as_str(), s.max_lag));
        let tests = self.bs_pairs.iter().map(|(s, b)| (s.as_str(), b.as_str()));
        let got_lags = back
            .lagged
            .iter()
            .map(|l| (l.x.as_str(), l.y.as_str(), l.max_lag));
        let got_tests = back
            .verdict
            .tests
            .iter()
            .map(|t| (t.x.as_str(), t.y.as_str()));
        if !lags.eq(got_lags) || !tests.eq(got_tests) {
            return Err(Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: "the two halves of the analysis did not do the same work".into(),
            }));
        }
        // Each half made its lag entries in spec order: interleaved back into that order.
        let (mut front, mut back_lags) = (
            std::mem::take(&mut self.report.lagged).into_iter(),
            back.lagged.into_iter(),
        );
        self.report.lagged = self
            .lag_in_back
            .iter()
            .filter_map(|&b| if b { back_lags.next() } else { front.next() })
            .collect();
        let mut tests = back.verdict.tests;
        tests.retain(|t| !ties::tied(&self.report.ties, &t.x, &t.y));
        for test in &mut tests {
            let (s, b) = (test.x.as_str(), test.y.as_str());
            let same = |a: &str, c: &str| (a == s && c == b) || (a == b && c == s);
            test.shared_trend = self
                .report
                .period_over_period
                .iter()
                .any(|pe| same(&pe.x, &pe.y) && findings::trend_only(&self.report, pe));
        }
        self.pair_tests = tests;
        Ok(())
    }

    /// One step of pair `p`'s Kendall count; false while more remain.
    fn kendall_part(&mut self, p: usize) -> bool {
        match self.advance_pending(p) {
            Some((pending, kr)) => {
                let (i, j) = self.pairs[p];
                self.push_pair(i, j, (pending.pr, pending.sr, Some(kr)));
                true
            }
            // still walking, or no walk of p (its pair was pushed whole)
            None => self.pending.as_ref().is_none_or(|w| w.p != p),
        }
    }

    fn push_pair(
        &mut self,
        i: usize,
        j: usize,
        r: (PearsonResult, SpearmanResult, Option<KendallResult>),
    ) {
        let e = self.entry(i, j, r);
        self.report.correlations.push(e);
    }

    /// A pair's entry; `kr: None` while its Kendall count waits (front half).
    fn entry(
        &self,
        i: usize,
        j: usize,
        (pr, sr, kr): (PearsonResult, SpearmanResult, Option<KendallResult>),
    ) -> CorrelationEntry {
        let n = pr.n;
        let undefined = pr
            .undefined
            .or(sr.undefined)
            .or(kr.as_ref().and_then(|k| k.undefined));
        let mut notes = Vec::new();
        if undefined.is_none() {
            if n == 2 {
                notes.push("n=2: df=n-2=0, Pearson/Spearman p-values and the Fisher CI are undefined (scipy reports pearson p=1.0, spearman p=nan)".to_owned());
                notes.push(
                    "n=2: Kendall exact p-value is 1.0 (both orderings give |tau|=1)".to_owned(),
                );
            } else if pr.r.is_some_and(|r| r.abs() >= 1.0) {
                notes.push("|r| is exactly 1: p = 0 and the CI is [r, r]".to_owned());
            } else if n == 3 {
                notes.push(
                    "n=3: Fisher-z standard error 1/sqrt(n-3) is infinite, CI is [-1, 1]"
                        .to_owned(),
                );
            }
        }
        CorrelationEntry {
            x: self.numeric[i].1.clone(),
            y: self.numeric[j].1.clone(),
            n,
            pearson: PearsonOut {
                r: pr.r,
                p: pr.p,
                ci95: pr.ci95,
                p_bh: None,
            },
            spearman: SpearmanOut {
                rho: sr.rho,
                p: sr.p,
                p_bh: None,
            },
            kendall: KendallOut {
                tau_b: kr.as_ref().and_then(|k| k.tau_b),
                p: kr.as_ref().and_then(|k| k.p),
                method: kr.as_ref().and_then(|k| k.method),
                p_bh: None,
            },
            undefined_reason: undefined.map(|u| correlation_reason_n(u, n)),
            notes,
        }
    }

    fn adjust(&mut self) {
        if self.role == Role::Front {
            // Kendall's are adjusted when counted (`KendallAdjust`); the ranks serve them.
            let c = &mut self.report.correlations;
            let pp: Vec<Option<f64>> = c.iter().map(|e| e.pearson.p).collect();
            let sp: Vec<Option<f64>> = c.iter().map(|e| e.spearman.p).collect();
            self.report.multiple_comparisons.pairs_tested = pp.iter().flatten().count();
            let (pa, sa) = (
                stats::benjamini_hochberg(&pp),
                stats::benjamini_hochberg(&sp),
            );
            for (k, e) in c.iter_mut().enumerate() {
                e.pearson.p_bh = pa[k];
                e.spearman.p_bh = sa[k];
            }
            // Every Spearman is done: Kendall's counts (last) walk the orders and dense ranks,
            // not the centred ranks (a million rows: 4 MB a column, freed before the lags).
            for prep in self.preps.iter_mut().flatten() {
                if let Some(r) = prep.ranked.as_mut() {
                    r.centred2 = Vec::new();
                }
            }
            return;
        }
        let c = &mut self.report.correlations;
        let pp: Vec<Option<f64>> = c.iter().map(|e| e.pearson.p).collect();
        let sp: Vec<Option<f64>> = c.iter().map(|e| e.spearman.p).collect();
        let kp: Vec<Option<f64>> = c.iter().map(|e| e.kendall.p).collect();
        self.report.multiple_comparisons.pairs_tested = pp.iter().flatten().count();
        let (pa, sa, ka) = (
            stats::benjamini_hochberg(&pp),
            stats::benjamini_hochberg(&sp),
            stats::benjamini_hochberg(&kp),
        );
        for (k, e) in c.iter_mut().enumerate() {
            e.pearson.p_bh = pa[k];
            e.spearman.p_bh = sa[k];
            e.kendall.p_bh = ka[k];
        }
        // The per-column ranks are no longer needed: free them before the lags.
        for p in self.preps.iter_mut().flatten() {
            p.ranked = None;
        }
    }

    fn lags(&self, t: &Table, e: usize, from: i64, to: i64) -> Vec<LagPoint> {
        let s = &self.lag_specs[e];
        let (x, y) = (self.col_by_name(t, &s.x), self.col_by_name(t, &s.y));
        let centred = |name: &str| {
            numeric_index(&self.numeric, name)
                .and_then(|i| self.preps[i].as_ref())
                .and_then(|p| p.centred)
        };
        match (centred(&s.x), centred(&s.y)) {
            (Some(cx), Some(cy)) => {
                let fast = lagged::LagFast::new(x, y, cx, cy);
                let ks: Vec<i64> = (from..=to).collect();
                ks.iter()
                    .zip(fast.many(&ks))
                    .map(|(&k, r)| lagged::lag_point(k, &r))
                    .collect()
            }
            _ => (from..=to)
                .map(|k| lagged::lag_point(k, &lagged::lag_pearson(x, y, k, None, None)))
                .collect(),
        }
    }

    fn lag_done(&mut self, t: &Table, e: usize) {
        let s = &self.lag_specs[e];
        let l = s.max_lag as i64;
        let ks: Vec<i64> = (-l..=l).collect();
        let (x, y) = (s.x.clone(), s.y.clone());
        let seasons = self.seasons(t);
        let col = |n: &str| t.numbers(n).unwrap_or(&[]);
        let mut pw = (x != y)
            .then(|| prewhiten::prewhitened(col(&x), col(&y), &ks, seasons))
            .flatten();
        // only a lag that stands out can be taken for a trend (the findings' question)
        if let Some(p) = pw
            .as_mut()
            .filter(|p| p.best_k != Some(0) && p.p_adjusted.is_some_and(|q| q < verdict::ALPHA))
        {
            p.changes_follow = changes_follow(col(&x), col(&y), p.best_k, p.best_r);
        }
        let s = &self.lag_specs[e];
        let lags = std::mem::take(&mut self.lag_points[e]);
        let best = lagged::best_lag(&lags).map(|b| &lags[b]);
        self.report.lagged.push(LaggedEntry {
            x: s.x.clone(),
            y: s.y.clone(),
            max_lag: s.max_lag,
            definition: LAG_DEFINITION,
            best_k_by_abs_r: best.map(|b| b.k),
            best_r: best.and_then(|b| b.r),
            best_n: best.map(|b| b.n),
            best_p: best.and_then(|b| b.p),
            prewhitened: pw,
            lags,
        });
    }

    /// The arithmetic ties (before the pairs' tests, which skip tied pairs).
    fn ties(&mut self, t: &Table) {
        self.report.time_step = t.dates().and_then(super::time_step);
        self.report.ties = ties::find_ties(t, &self.report.correlations);
    }

    /// The verdict's test of business × social pair i (its own unit: an AR fit and the lags on
    /// the whole series).
    fn pair_test(&mut self, t: &Table, i: usize) {
        let Some((s, b)) = self.bs_pairs.get(i).cloned() else {
            return;
        };
        if ties::tied(&self.report.ties, &s, &b) {
            return;
        }
        let (x, y) = (self.col_by_name(t, &s), self.col_by_name(t, &b));
        let same = |a: &str, c: &str| (a == s && c == b) || (a == b && c == s);
        let max_lag = self
            .lag_specs
            .iter()
            .filter(|l| same(&l.x, &l.y))
            .map(|l| l.max_lag)
            .max()
            .unwrap_or(0);
        // The planned lags of (social, business) already hold k = 0..L.
        let planned = self
            .report
            .lagged
            .iter()
            .find(|l| l.x == s && l.y == b && l.max_lag >= max_lag)
            .and_then(|l| l.prewhitened.clone());
        let pw = planned.or_else(|| {
            let ks: Vec<i64> = (0..=max_lag as i64).collect();
            prewhiten::prewhitened(x, y, &ks, self.seasons(t))
        });
        let n_rows = x
            .iter()
            .zip(y)
            .filter(|(a, c)| !a.is_nan() && !c.is_nan())
            .count();
        let mut test = verdict::pair_test(&s, &b, max_lag, n_rows, pw.as_ref());
        test.shared_trend = self
            .report
            .period_over_period
            .iter()
            .any(|pe| same(&pe.x, &pe.y) && findings::trend_only(&self.report, pe));
        self.pair_tests.push(test);
    }

    /// The verdict from the pairs' tests, and the sides.
    fn verdict(&mut self, t: &Table) {
        let unit = self.report.time_step.map_or(PeriodUnit::Period, |s| s.unit);
        let target = self.plan.target.as_ref().map(|t| t.column.as_str());
        let mut tests = std::mem::take(&mut self.pair_tests);
        // The shared-trend guard compares same-period levels and changes. A lagged link of a
        // persistent series (x_t ≈ 0.7·x_{t−1}, y following x a week later) correlates on levels
        // in the same period but not on same-period changes, and was taken for a trend: its
        // changes are compared at the test's own lag instead.
        for test in tests
            .iter_mut()
            .filter(|x| x.shared_trend && x.k != Some(0))
        {
            let (x, y) = (self.col_by_name(t, &test.x), self.col_by_name(t, &test.y));
            if changes_follow(x, y, test.k, test.r) {
                test.shared_trend = false;
            }
        }
        self.report.verdict = verdict::decide(tests, target, t.n_rows(), unit);
        let (missing, span) = verdict::missing_periods(t.dates().unwrap_or(&[]), unit);
        verdict::say_missing_periods(&mut self.report.verdict, missing, span, unit);
        // No pair to test because every business × social pair is tied by arithmetic: "mark a
        // business and a social column" would send the user to columns already marked.
        if self.report.verdict.status == verdict::VerdictStatus::NoPairs {
            let pairs = roles::business_social_pairs(&roles::sides(t, &self.plan));
            if !pairs.is_empty()
                && pairs
                    .iter()
                    .all(|(s, b)| ties::tied(&self.report.ties, s, b))
            {
                let v = &mut self.report.verdict;
                v.text_en = "No answer to “did social media move the business?”: every business × social pair here is tied by arithmetic (one column is computed from the other, see “Tied by arithmetic”), so none can be tested. It needs a business or a social column measured on its own.".to_owned();
                v.text_it = "Nessuna risposta a «i social hanno mosso l'attività?»: ogni coppia business × social qui è legata da un calcolo (una colonna è calcolata dall'altra, vedi «Legate da un calcolo»), quindi nessuna si può provare. Serve una colonna dell'attività o dei social misurata per conto suo.".to_owned();
                v.caveats.push("tied_pairs");
            }
        }
        self.report.sides = roles::sides(t, &self.plan)
            .into_iter()
            .map(|(column, side)| ColumnSide { column, side })
            .collect();
    }

    fn regression(&mut self, t: &Table, e: usize) {
        let spec = &self.plan.regressions[e];
        let y = self.col_by_name(t, &spec.y);
        let entry = match &spec.x {
            Regressors::One(xname) => {
                simple_regression(&spec.y, y, xname, self.col_by_name(t, xname))
            }
            Regressors::Many(xs) if xs.len() == 1 => {
                simple_regression(&spec.y, y, &xs[0], self.col_by_name(t, &xs[0]))
            }
            Regressors::Many(xs) => {
                let cols: Vec<(&str, &[f64])> = xs
                    .iter()
                    .map(|n| (n.as_str(), self.col_by_name(t, n)))
                    .collect();
                let f = stats::ols(y, &cols);
                use stats::ols::OlsIssue;
                let reason = f.issue.as_ref().map(|i| match i {
                    OlsIssue::TooFew { n, params } => {
                        format!("{n} complete rows for {params} parameters: not enough to fit")
                    }
                    OlsIssue::Collinear { column } => format!(
                        "'{column}' is constant or a linear combination of the other regressors: coefficients undefined"
                    ),
                    OlsIssue::ConstantY => "y is constant: nothing to explain".to_owned(),
                    OlsIssue::NoResidualDf => {
                        "as many rows as parameters: exact fit, standard errors undefined".to_owned()
                    }
                });
                RegressionEntry::Multiple(MultipleRegression {
                    y: spec.y.clone(),
                    x: xs.clone(),
                    n: f.n,
                    method: "ols_householder_qr",
                    coefficients: f.coefficients,
                    r2: f.r2,
                    adj_r2: f.adj_r2,
                    df_resid: f.df_resid,
                    sigma: f.sigma,
                    undefined_reason: reason,
                })
            }
        };
        self.report.regressions.push(entry);
    }

    fn finish(&mut self, t: &Table) {
        self.report.findings = findings::findings(
            &self.report,
            t.n_rows(),
            self.plan.target.as_ref().map(|t| t.column.as_str()),
        );
    }
}

/// `f` over `items` through `for_each` (which may run them at once); results in item order.
fn map_with<T: Sync, R: Send + Sync>(
    items: &[T],
    for_each: ForEach,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let slots: Vec<OnceLock<R>> = items.iter().map(|_| OnceLock::new()).collect();
    for_each(items.len(), &|k| {
        if let (Some(item), Some(slot)) = (items.get(k), slots.get(k)) {
            slot.get_or_init(|| f(item));
        }
    });
    // Anything the caller skipped is done here.
    slots
        .into_iter()
        .zip(items)
        .map(|(slot, item)| slot.into_inner().unwrap_or_else(|| f(item)))
        .collect()
}

fn general_pair(x: &[f64], y: &[f64]) -> (PearsonResult, SpearmanResult, KendallResult) {
    let (a, b) = complete_pairs(x, y);
    let pr = pearson_complete(&a, &b);
    let sr = spearman_complete(&a, &b);
    let kr = kendall_from_counts(&counts(&a, &b));
    (pr, sr, kr)
}

fn simple_regression(yname: &str, y: &[f64], xname: &str, x: &[f64]) -> RegressionEntry {
    use stats::regression::RegressionIssue;
    let l = stats::linregress(x, y);
    let (reason, notes) = match l.issue {
        Some(RegressionIssue::TooFew { n }) => (
            Some(format!("n={n} < 2 complete pairs: regression undefined")),
            vec![],
        ),
        Some(RegressionIssue::ConstantX) => (
            Some("x is constant over the complete pairs: slope undefined".to_owned()),
            vec![],
        ),
        Some(RegressionIssue::ConstantY) => (
            None,
            vec![
                "y is constant: slope=0, intercept=y; r2 and the t-test are undefined (0/0)"
                    .to_owned(),
            ],
        ),
        Some(RegressionIssue::TwoPoints) => (
            None,
            vec![
                "n=2: residual df=0, standard errors and p undefined (scipy reports stderr=0, p=0)"
                    .to_owned(),
            ],
        ),
        None => (None, vec![]),
    };
    RegressionEntry::Simple(SimpleRegression {
        y: yname.to_owned(),
        x: xname.to_owned(),
        n: l.n,
        slope: l.slope,
        intercept: l.intercept,
        r2: l.r2,
        slope_stderr: l.slope_stderr,
        intercept_stderr: l.intercept_stderr,
        slope_p: l.slope_p,
        undefined_reason: reason,
        notes,
    })
}

/// A resumable analysis for environments without threads (the browser): call [`Job::step`]
/// until it returns the report; it yields whenever `should_yield` says so.
pub struct Job {
    table: Arc<Table>,
    state: JobState,
}

enum JobState {
    Running(Box<Engine>),
    Failed(Error),
    Taken,
}

impl Job {
    /// Prepares the analysis of `table` by `plan`. A plan that does not fit the table makes the
    /// first `step` return the error.
    pub fn new(table: Arc<Table>, plan: Plan) -> Job {
        Job::with_role(table, plan, Role::Whole)
    }

    /// One half of the analysis (see [`Role`]); `Role::Whole` is [`Job::new`].
    pub fn with_role(table: Arc<Table>, plan: Plan, role: Role) -> Job {
        let state = match Engine::new(&table, plan, role) {
            Ok(e) => JobState::Running(Box::new(e)),
            Err(e) => JobState::Failed(e),
        };
        Job { table, state }
    }

    /// Leaves out the results the size of the table — the ROI per row and the investment model
    /// (`roi`, `roi_absent_reason`, `investment_*` stay empty) — for a caller that makes them
    /// itself from its own copy of the table: the page's worker, whose report crosses without
    /// them (a million rows: 48 MB of ROI rows and ~0.1 s that nothing would read). Before the
    /// first step only.
    pub fn without_row_results(mut self) -> Job {
        if let JobState::Running(e) = &mut self.state {
            if e.next == 0 {
                e.units
                    .retain(|u| !matches!(u, Unit::RoiPart | Unit::Roi | Unit::Investment));
            }
        }
        self
    }

    /// Leaves out the change series of the period-over-period entries (their correlations stay)
    /// and keeps no column's changes between entries, for a caller whose report crosses without
    /// them and who makes them from its own table when it needs them (the page's worker: a
    /// million rows, 16 MB a column, 129 MB of the front worker's memory). Before the first
    /// step only.
    pub fn without_change_series(mut self) -> Job {
        if let JobState::Running(e) = &mut self.state {
            if e.next == 0 {
                e.keep_change_series = false;
            }
        }
        self
    }

    /// Front half: whether `step` is waiting for [`Job::give_back`].
    pub fn waiting_for_back(&self) -> bool {
        matches!(&self.state, JobState::Running(e) if e.waiting())
    }

    /// Front half: the back half's report (the `Report` its `Job` returned).
    pub fn give_back(&mut self, back: Report) {
        if let JobState::Running(e) = &mut self.state {
            e.back = Some(back);
        }
    }

    /// Front half: the report with the findings, once written and while Kendall's tau is still
    /// being counted (its values are `null` in it; the finished report has them).
    pub fn findings_report(&self) -> Option<&Report> {
        match &self.state {
            JobState::Running(e) if e.findings_done => Some(&e.report),
            _ => None,
        }
    }

    /// Runs units until `should_yield()` returns true (asked after each unit) or the analysis is
    /// complete. `None`: more to do. `Some(result)`: finished (or failed); later calls return an
    /// error.
    pub fn step(&mut self, should_yield: &mut dyn FnMut() -> bool) -> Option<Result<Report>> {
        match std::mem::replace(&mut self.state, JobState::Taken) {
            JobState::Failed(e) => Some(Err(e)),
            JobState::Taken => Some(Err(Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: "this analysis has already finished".into(),
            }))),
            JobState::Running(mut engine) => loop {
                if engine.done() {
                    return Some(Ok(engine.into_report()));
                }
                let before = engine.findings_done;
                if let Err(e) = engine.step(&self.table) {
                    return Some(Err(e));
                }
                // The front half pauses when it must wait, and once when its findings are
                // written (so they can be sent before Kendall's count).
                let milestone = engine.waiting() || engine.findings_done != before;
                if !engine.done() && (milestone || should_yield()) {
                    self.state = JobState::Running(engine);
                    return None;
                }
            },
        }
    }

    /// Fraction of the units done, 0.0 to 1.0.
    pub fn progress(&self) -> f64 {
        match &self.state {
            JobState::Running(e) => e.progress(),
            _ => 1.0,
        }
    }

    /// What the next step works on: `"descriptives"`, `"correlations"`, `"lagged"`, …, `"done"`.
    pub fn phase(&self) -> &'static str {
        match &self.state {
            JobState::Running(e) => e.phase(),
            _ => "done",
        }
    }

    /// The table being analysed.
    pub fn table(&self) -> &Arc<Table> {
        &self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_keeps_ranks_without_their_order_and_walks_a_rebuilt_one() {
        let n = 300;
        let col = |m: u64, d: f64| -> Vec<f64> {
            (0..n as u64)
                .map(|i| (i.wrapping_mul(m) % 1009) as f64 / d)
                .collect()
        };
        let table = Table::from_columns(
            None,
            vec![
                ("spend", col(7919, 1.0)),
                ("reach", col(104_729, 4.0)),
                ("revenue", col(31, 10.0)),
            ],
        );
        let mut job = Job::with_role(Arc::new(table), Plan::default(), Role::Front);
        while !job.waiting_for_back() {
            assert!(job.step(&mut || false).is_none(), "the front waits");
        }
        let JobState::Running(e) = &mut job.state else {
            panic!("running")
        };
        let ranked: Vec<&Ranked> = e
            .preps
            .iter()
            .flatten()
            .filter_map(|p| p.ranked.as_ref())
            .collect();
        assert_eq!(ranked.len(), 3);
        assert!(ranked.iter().all(|r| !r.has_order() && r.len() == n));
        for p in 0..e.pairs.len() {
            assert!(e.walk(p).is_none(), "no order yet for pair {p}");
            e.rebuild_walk_order(p);
            let walk = e.walk(p).expect("a walk over the rebuilt order");
            assert_eq!(e.starts_of(p, &walk).last(), Some(&(n as u32)));
            e.walk_order = None;
        }
    }
}
