//! The byte form in which an analysis `Report` crosses from the engine's worker to the page, and
//! the page's completion of it.
//!
//! The report's `Serialize` is the reference JSON layout (renamed, flattened, skipped fields), so
//! it cannot be read back. Here every field is written in declaration order by one small trait;
//! each type's impl lists its fields in a struct literal, so a field added to the core fails to
//! compile here instead of being dropped. What grows with the rows does not cross: the ROI per
//! row, the investment model and the findings are remade by the page from its own table, plan and
//! the report ([`Completion`], a few bounded steps, the same core functions the analysis used),
//! and the change series of the period-over-period entries only when the JSON download needs
//! them ([`with_series`]); the bytes stay small (kilobytes for a million rows).

use std::sync::Arc;

use social_roi_core::analysis::period::ColumnChanges;
use social_roi_core::analysis::report::*;
use social_roi_core::analysis::roi::RoiRun;
use social_roi_core::analysis::verdict::PairTest;
use social_roi_core::analysis::{
    findings, invest,
    prewhiten::{Prewhitened, PwLag},
    ties::{TieKind, TieTerm},
    Plan, Side, Tie, Verdict, VerdictStatus,
};
use social_roi_core::stats::{Coefficient, Descriptives, KendallMethod, WelchResult};
use social_roi_core::Table;

use super::{Malformed, Reader, Writer, R};

/// The writing side.
pub struct Enc {
    w: Writer,
}

/// The reading side.
pub struct Dec<'a> {
    r: Reader<'a>,
}

/// A value that crosses field by field.
pub trait Wire: Sized {
    fn put(&self, e: &mut Enc);
    fn take(d: &mut Dec) -> R<Self>;
}

/// Writes a report without what [`Completion`] remakes.
pub fn encode(report: &Report) -> Vec<u8> {
    let mut e = Enc {
        w: Writer::default(),
    };
    report.put(&mut e);
    e.w.0
}

/// Reads what [`encode`] wrote: a report to complete (empty change series, no ROI, findings or
/// investment model yet).
pub fn decode(bytes: &[u8]) -> R<Report> {
    let mut d = Dec {
        r: Reader::new(bytes),
    };
    let report = Report::take(&mut d)?;
    if !d.r.is_done() {
        return Err(Malformed);
    }
    Ok(report)
}

/// Rows of ROI ratios per step: a quarter of the analysis' own units, since this runs on the
/// page's main thread while both analysis workers keep the two cores busy (a 262,144-row step
/// took 56 ms there).
const ROI_ROWS: usize = 65_536;

/// Remakes, a bounded step at a time, what [`encode`] left out — the ROI family, the investment
/// model and the findings — from the table and plan the report was made with (the change series
/// are left to [`with_series`]). The table's share (the ROI rows, the investment model) needs no
/// report: [`Completion::ahead`] does it while the workers analyse, and the report is given when
/// it comes ([`Completion::give`]), leaving only the findings (a million rows: ~0.2 s of the
/// page's main thread off the wait for them).
pub struct Completion {
    /// `None` before it is given and once handed over.
    report: Option<Report>,
    table: Arc<Table>,
    plan: Plan,
    /// Rows of the table analysed (the findings cite it; the report over changes is completed
    /// without its table, which only the worker had).
    n_rows: usize,
    roi: Option<RoiRun>,
    roi_done: bool,
    /// The investment model, once made.
    invest: Option<social_roi_core::Result<Option<(invest::Prepared, invest::InvestmentRoi)>>>,
}

impl Completion {
    pub fn new(report: Report, table: Arc<Table>, plan: Plan, n_rows: usize) -> Completion {
        let mut c = Completion::ahead(table, plan, n_rows);
        c.give(report);
        c
    }

    /// A completion whose report comes later ([`Completion::give`]).
    pub fn ahead(table: Arc<Table>, plan: Plan, n_rows: usize) -> Completion {
        Completion {
            report: None,
            table,
            plan,
            n_rows,
            roi: None,
            roi_done: false,
            invest: None,
        }
    }

    /// The report to complete.
    pub fn give(&mut self, report: Report) {
        self.report = Some(report);
    }

    /// The table's share is done and the report not yet given: `step` has nothing to do.
    pub fn awaits_report(&self) -> bool {
        self.report.is_none() && self.invest.is_some()
    }

    /// One step (a block of ROI rows, the investment model, or the rest); the report when done
    /// (`None` ever after, and while the report is awaited).
    pub fn step(&mut self) -> Option<social_roi_core::Result<Report>> {
        let t = &*self.table;
        if let (Some(spec), false) = (&self.plan.roi, self.roi_done) {
            let run = self.roi.get_or_insert_with(|| RoiRun::new(t, spec));
            self.roi_done = run.rows(t, ROI_ROWS);
            return None;
        }
        if self.invest.is_none() {
            self.invest = Some(invest::investment_roi(Some(t), &self.plan));
            return None;
        }
        let mut report = self.report.take()?;
        let r = &mut report;
        match self.roi.take() {
            Some(run) => r.roi = Some(run.finish(t)),
            None => {
                r.roi_absent_reason =
                    Some("the plan names no ROI columns (cost and attributed revenue)".into())
            }
        }
        match self.invest.take() {
            Some(Ok(Some((p, i)))) => {
                r.investment_inputs = Some(p);
                r.investment_roi = Some(i);
            }
            Some(Err(e)) => return Some(Err(e)),
            _ => {}
        }
        let target = self.plan.target.as_ref().map(|t| t.column.as_str());
        r.findings = findings::findings(r, self.n_rows, target);
        Some(Ok(report))
    }

    /// Runs every step at once.
    pub fn finish(mut self) -> social_roi_core::Result<Report> {
        loop {
            if let Some(r) = self.step() {
                return r;
            }
        }
    }
}

impl Wire for u8 {
    fn put(&self, e: &mut Enc) {
        e.w.u8(*self);
    }
    fn take(d: &mut Dec) -> R<Self> {
        d.r.u8()
    }
}

impl Wire for bool {
    fn put(&self, e: &mut Enc) {
        e.w.u8(u8::from(*self));
    }
    fn take(d: &mut Dec) -> R<Self> {
        match d.r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed),
        }
    }
}

impl Wire for u32 {
    fn put(&self, e: &mut Enc) {
        e.w.u32(*self);
    }
    fn take(d: &mut Dec) -> R<Self> {
        d.r.u32()
    }
}

impl Wire for usize {
    fn put(&self, e: &mut Enc) {
        e.w.u64(*self as u64);
    }
    fn take(d: &mut Dec) -> R<Self> {
        usize::try_from(d.r.u64()?).map_err(|_| Malformed)
    }
}

impl Wire for i64 {
    fn put(&self, e: &mut Enc) {
        e.w.u64(*self as u64);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok(d.r.u64()? as i64)
    }
}

impl Wire for i8 {
    fn put(&self, e: &mut Enc) {
        e.w.u8(*self as u8);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok(d.r.u8()? as i8)
    }
}

impl Wire for f64 {
    fn put(&self, e: &mut Enc) {
        e.w.u64(self.to_bits());
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok(f64::from_bits(d.r.u64()?))
    }
}

impl Wire for String {
    fn put(&self, e: &mut Enc) {
        e.w.str(self);
    }
    fn take(d: &mut Dec) -> R<Self> {
        d.r.str()
    }
}

/// The core's fixed texts (definitions, methods, caveat codes): each distinct one is kept once.
impl Wire for &'static str {
    fn put(&self, e: &mut Enc) {
        e.w.str(self);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok(super::intern(d.r.str()?))
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, e: &mut Enc) {
        match self {
            Some(v) => {
                e.w.u8(1);
                v.put(e);
            }
            None => e.w.u8(0),
        }
    }
    fn take(d: &mut Dec) -> R<Self> {
        match d.r.u8()? {
            0 => Ok(None),
            1 => T::take(d).map(Some),
            _ => Err(Malformed),
        }
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, e: &mut Enc) {
        e.w.len(self.len());
        for v in self {
            v.put(e);
        }
    }
    fn take(d: &mut Dec) -> R<Self> {
        // every element takes at least one byte, so `len` (checked against the bytes left)
        // bounds the allocation
        let n = d.r.len()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::take(d)?);
        }
        Ok(v)
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, e: &mut Enc) {
        self.0.put(e);
        self.1.put(e);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok((A::take(d)?, B::take(d)?))
    }
}

impl Wire for [f64; 2] {
    fn put(&self, e: &mut Enc) {
        self[0].put(e);
        self[1].put(e);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok([f64::take(d)?, f64::take(d)?])
    }
}

/// Structs: every field, in order (the struct literal makes the list complete).
macro_rules! wire_struct {
    ($($t:ty { $($f:ident),* $(,)? })*) => {$(
        impl Wire for $t {
            fn put(&self, e: &mut Enc) {
                $( self.$f.put(e); )*
            }
            fn take(d: &mut Dec) -> R<Self> {
                Ok(Self { $( $f: Wire::take(d)?, )* })
            }
        }
    )*};
}

/// Field-less enums: the variant's index.
macro_rules! wire_enum {
    ($($t:ident { $($v:ident),* $(,)? })*) => {$(
        impl Wire for $t {
            fn put(&self, e: &mut Enc) {
                const ALL: &[$t] = &[$($t::$v),*];
                let i = ALL.iter().position(|v| v == self).unwrap_or(0);
                e.w.u8(i as u8);
            }
            fn take(d: &mut Dec) -> R<Self> {
                const ALL: &[$t] = &[$($t::$v),*];
                ALL.get(d.r.u8()? as usize).copied().ok_or(Malformed)
            }
        }
    )*};
}

wire_enum! {
    PeriodUnit { Day, Week, Month, Quarter, Year, Period }
    KendallMethod { Exact, Asymptotic }
    Side { Business, Social, Neither }
    VerdictStatus { Relationship, NoRelationship, TooFewPeriods, NoPairs }
    TieKind { Linear, Sum, RunningTotal }
}

wire_struct! {
    ColumnSide { column, side }
    TimeStep { median_gap_days, unit }
    Descriptives { n, mean, std, min, max, median, sum }
    ColumnSummary { stats, acf1 }
    CorrelationEntry { x, y, n, pearson, spearman, kendall, undefined_reason, notes }
    PearsonOut { r, p, ci95, p_bh }
    SpearmanOut { rho, p, p_bh }
    KendallOut { tau_b, p, method, p_bh }
    MultipleComparisons { method, pairs_tested, note, columns_left_out }
    LaggedEntry { x, y, max_lag, definition, lags, best_k_by_abs_r, best_r, best_n, best_p, prewhitened }
    LagPoint { k, n, r, p, band95, undefined_reason }
    Prewhitened { ar_order, ar_coefficients, lags, best_k, best_r, best_n, best_p, lags_tried, p_adjusted, method, x_changes, seasonal, changes_follow }
    PwLag { k, n, r, p, p_without_top }
    PeriodEntry { x, y, pct_change, diff }
    SimpleRegression { y, x, n, slope, intercept, r2, slope_stderr, intercept_stderr, slope_p, undefined_reason, notes }
    MultipleRegression { y, x, n, method, coefficients, r2, adj_r2, df_resid, sigma, undefined_reason }
    Coefficient { name, estimate, stderr, t, p }
    AdstockEntry { x, y, definition, lambda, lambda_source, n, r, p, r_raw, grid, caveat, undefined_reason }
    AdstockGridPoint { lambda, n, r }
    BeforeAfterReport { date, rule, columns }
    BeforeAfterColumn { column, n_before, n_after, mean_before, mean_after, pct_change, welch, undefined_reason }
    WelchResult { t, df, p }
    TieTerm { column, sign }
    Tie { x, y, kind, slope, intercept, terms, r, n, text_en, text_it }
    PairTest { x, y, max_lag, n_rows, ar_order, k, r, n, p, p_lags, p_adjusted, shared_trend, claimed, x_changes, seasonal, p_without_top, lags_tried }
    Verdict { status, text_en, text_it, x, y, k, r, n, p, p_adjusted, n_periods, pairs_tested, lags_tested, alpha, method, caveats, tests }
}

impl Wire for RegressionEntry {
    fn put(&self, e: &mut Enc) {
        match self {
            RegressionEntry::Simple(s) => {
                e.w.u8(0);
                s.put(e);
            }
            RegressionEntry::Multiple(m) => {
                e.w.u8(1);
                m.put(e);
            }
        }
    }
    fn take(d: &mut Dec) -> R<Self> {
        match d.r.u8()? {
            0 => Ok(RegressionEntry::Simple(Wire::take(d)?)),
            1 => Ok(RegressionEntry::Multiple(Wire::take(d)?)),
            _ => Err(Malformed),
        }
    }
}

/// The report with every period-over-period entry's change series, made from `table` where the
/// entries have none (a report completed by the page). Nothing on screen reads them: only the
/// JSON download (SCHEMA's layout) does, so the page makes them there, not for every analysis
/// (12 columns × 2 series × a million rows would be 192 MB held for nothing).
pub fn with_series(report: &Report, table: &Table) -> Report {
    let mut r = report.clone();
    let mut made: Vec<(String, ColumnChanges)> = Vec::new();
    let mut of = |name: &str| {
        if let Some((_, c)) = made.iter().find(|(n, _)| n == name) {
            return c.clone();
        }
        let c = ColumnChanges::of(table.numbers(name).unwrap_or(&[]));
        made.push((name.to_owned(), c.clone()));
        c
    };
    for e in &mut r.period_over_period {
        if !e.diff.x_series.0.is_empty() || table.n_rows() == 0 {
            continue;
        }
        let (x, y) = (of(&e.x), of(&e.y));
        e.pct_change.x_series = x.pct;
        e.pct_change.y_series = y.pct;
        e.diff.x_series = x.diff;
        e.diff.y_series = y.diff;
    }
    r
}

/// Without its series (remade by [`with_series`] when needed).
impl Wire for ChangeCorrelation {
    fn put(&self, e: &mut Enc) {
        let ChangeCorrelation {
            definition,
            n,
            r,
            p,
            undefined_reason,
            x_series: _,
            y_series: _,
        } = self;
        definition.put(e);
        n.put(e);
        r.put(e);
        p.put(e);
        undefined_reason.put(e);
    }
    fn take(d: &mut Dec) -> R<Self> {
        let none = || Series(Arc::from(Vec::new()));
        Ok(ChangeCorrelation {
            definition: Wire::take(d)?,
            n: Wire::take(d)?,
            r: Wire::take(d)?,
            p: Wire::take(d)?,
            undefined_reason: Wire::take(d)?,
            x_series: none(),
            y_series: none(),
        })
    }
}

impl Wire for Report {
    fn put(&self, e: &mut Enc) {
        let Report {
            descriptives,
            correlations,
            multiple_comparisons,
            lagged,
            period_over_period,
            regressions,
            // remade by the page (`Completion`)
            roi: _,
            roi_absent_reason: _,
            adstock,
            before_after,
            investment_roi: _,
            investment_inputs: _,
            time_step,
            sides,
            ties,
            verdict,
            findings: _,
        } = self;
        descriptives.put(e);
        correlations.put(e);
        multiple_comparisons.put(e);
        lagged.put(e);
        period_over_period.put(e);
        regressions.put(e);
        adstock.put(e);
        before_after.put(e);
        time_step.put(e);
        sides.put(e);
        ties.put(e);
        verdict.put(e);
    }
    fn take(d: &mut Dec) -> R<Self> {
        Ok(Report {
            descriptives: Wire::take(d)?,
            correlations: Wire::take(d)?,
            multiple_comparisons: Wire::take(d)?,
            lagged: Wire::take(d)?,
            period_over_period: Wire::take(d)?,
            regressions: Wire::take(d)?,
            roi: None,
            roi_absent_reason: None,
            adstock: Wire::take(d)?,
            before_after: Wire::take(d)?,
            investment_roi: None,
            investment_inputs: None,
            time_step: Wire::take(d)?,
            sides: Wire::take(d)?,
            ties: Wire::take(d)?,
            verdict: Wire::take(d)?,
            findings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_roi_core::analysis;
    use social_roi_core::ingest::{self, Options};

    /// Equal, a missing value (NaN, in the investment model's inputs) equal to a missing value:
    /// every field as `Debug` writes it.
    fn same(a: &Report, b: &Report, what: &str) {
        assert!(
            format!("{a:?}") == format!("{b:?}"),
            "{what}: {a:?}\n!=\n{b:?}"
        );
    }

    /// The report as the page gets it: bytes, then completed from the table and plan.
    fn crossed(report: &Report, table: &Arc<Table>, plan: &Plan, n_rows: usize) -> Report {
        let bytes = encode(report);
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let back = decode(&bytes).unwrap();
        // the same bytes written again: nothing lost that equality would miss (NaN)
        assert_eq!(encode(&back), bytes);
        // The table's share made first (as the page does while the workers analyse), the report
        // given after: the same completion.
        let mut ahead = Completion::ahead(table.clone(), plan.clone(), n_rows);
        while !ahead.awaits_report() {
            assert!(ahead.step().is_none(), "no report before it is given");
        }
        ahead.give(decode(&bytes).unwrap());
        let early = ahead.finish().unwrap();
        let done = Completion::new(back, table.clone(), plan.clone(), n_rows)
            .finish()
            .unwrap();
        same(&early, &done, "completed ahead");
        // the page holds no change series until a download asks for them
        assert!(done
            .period_over_period
            .iter()
            .all(|e| e.diff.x_series.0.is_empty() && e.pct_change.y_series.0.is_empty()));
        with_series(&done, table)
    }

    /// Every reference case's report crosses and is completed to the very report the analysis
    /// made (findings, ROI, investment model and change series included).
    #[test]
    fn every_reference_report_crosses_unchanged() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut cases = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let case = entry.unwrap().path();
            let Some(input) = std::fs::read_dir(&case)
                .ok()
                .into_iter()
                .flatten()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_stem().is_some_and(|s| s == "input"))
            else {
                continue;
            };
            let plan: Plan = std::fs::read_to_string(case.join("plan.json"))
                .ok()
                .and_then(|s| Plan::from_json(&s).ok())
                .unwrap_or_default();
            let bytes = std::fs::read(&input).unwrap();
            let name = input.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(loaded) = ingest::read(&name, &bytes, &Options::default()) else {
                continue;
            };
            let Ok(report) = analysis::run(&loaded.table, &plan) else {
                continue;
            };
            let back = crossed(&report, &loaded.table, &plan, loaded.table.n_rows());
            same(&back, &report, &case.display().to_string());
            cases += 1;
        }
        assert!(cases >= 15, "only {cases} cases analysed");
    }

    /// The parts no reference case has: adstock, before/after, a multiple regression, a margin
    /// column, the target's lags; the change series are shared between entries as in the
    /// analysis; the report over changes (no table on the page) completes without one.
    #[test]
    fn every_kind_of_entry_crosses() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/weekly_marketing_iso_csv"
        );
        let csv = std::fs::read(format!("{dir}/input.csv")).unwrap();
        let loaded = ingest::read("input.csv", &csv, &Options::default()).unwrap();
        let plan = Plan::from_json(
            r#"{"plan_version": 1,
                "period_over_period": [{"x": "sessions", "y": "revenue"}, {"x": "sessions", "y": "orders"}],
                "regressions": [{"y": "revenue", "x": ["sessions", "social_spend"]}],
                "roi": {"cost": "social_spend", "attributed_revenue": "revenue", "margin": "retention_rate"},
                "adstock": [{"x": "social_spend", "y": "revenue"}, {"x": "social_spend", "y": "revenue", "lambda": 0.5}],
                "before_after": {"date": "2023-06-01"},
                "target": {"column": "revenue", "max_lag": 2}}"#,
        )
        .unwrap();
        let report = analysis::run(&loaded.table, &plan).unwrap();
        assert!(!report.adstock.is_empty() && report.before_after.is_some());
        assert!(matches!(
            report.regressions[0],
            RegressionEntry::Multiple(_)
        ));
        assert!(report.roi.as_ref().is_some_and(|r| !r.per_row.is_empty()));
        let back = crossed(&report, &loaded.table, &plan, loaded.table.n_rows());
        same(&back, &report, "every kind");
        let p = &back.period_over_period;
        assert!(Arc::ptr_eq(&p[0].diff.x_series.0, &p[1].diff.x_series.0));
        assert!(!p[0].diff.x_series.0.is_empty());

        let changes = analysis::changes_table(&loaded.table).unwrap();
        let report = analysis::run(&changes, &Plan::default()).unwrap();
        let no_table = Arc::new(Table::default());
        let back = crossed(&report, &no_table, &Plan::default(), changes.n_rows());
        same(&back, &report, "changes");
    }
}
