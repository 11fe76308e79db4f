//! The report: results laid out exactly as SCHEMA.md §4 `analyses` (plus extra fields), and the
//! `table` section. Undefined values serialise as `null` with an `undefined_reason`.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::findings::Finding;
use super::invest::{InvestmentRoi, Prepared};
use super::plan::Margin;
use super::prewhiten::Prewhitened;
use super::roles::Side;
use super::ties::Tie;
use super::verdict::Verdict;
use crate::stats::correlation::Undefined;
use crate::stats::{Coefficient, Descriptives, KendallMethod, WelchResult};
use crate::{Date, Table};

/// Definitions written into the report (identical to the reference files).
pub const LAG_DEFINITION: &str =
    "r_k = Pearson over pairs (x_t, y_{t+k}) for all t with both present; k>0 means x leads y";
pub const PCT_DEFINITION: &str = "v_t / v_{t-1} - 1 (missing if either is missing or v_{t-1} == 0)";
pub const DIFF_DEFINITION: &str = "v_t - v_{t-1} (missing if either is missing)";

/// Everything the engine computed. Serialises as the `analyses` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    #[serde(serialize_with = "ordered_map")]
    pub descriptives: Vec<(String, ColumnSummary)>,
    pub correlations: Vec<CorrelationEntry>,
    /// How the correlation p-values were adjusted for the number of pairs tested.
    pub multiple_comparisons: MultipleComparisons,
    pub lagged: Vec<LaggedEntry>,
    pub period_over_period: Vec<PeriodEntry>,
    pub regressions: Vec<RegressionEntry>,
    pub roi: Option<RoiReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roi_absent_reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adstock: Vec<AdstockEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_after: Option<BeforeAfterReport>,
    /// Return on the whole investment (plan sections `investment` and `value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investment_roi: Option<InvestmentRoi>,
    /// The model's inputs read from the table, for the what-if ([`super::invest::evaluate`]).
    #[serde(skip)]
    pub investment_inputs: Option<Prepared>,
    /// The typical spacing of the dates (median gap), if there are dates.
    pub time_step: Option<TimeStep>,
    /// Each numeric column's side (the plan's `sides`, else guessed from the names).
    pub sides: Vec<ColumnSide>,
    /// Columns tied by arithmetic (named, never reported as correlations).
    pub ties: Vec<Tie>,
    /// The answer to "did social move the business?" (business × social pairs).
    pub verdict: Verdict,
    /// Plain-language findings (serialised separately, next to `analyses`).
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl Report {
    /// Rewords "mark them in step 3" in the verdict and the findings for a front end that marks
    /// columns another way (`how`: English, Italian), so no text names a step it does not have.
    pub fn retell_marking(&mut self, how: [&str; 2]) {
        let [en, it] = super::findings::MARK_SIDES;
        let texts = std::iter::once((&mut self.verdict.text_en, &mut self.verdict.text_it)).chain(
            self.findings
                .iter_mut()
                .map(|f| (&mut f.text_en, &mut f.text_it)),
        );
        for (t_en, t_it) in texts {
            if t_en.contains(en) {
                *t_en = t_en.replace(en, how[0]);
            }
            if t_it.contains(it) {
                *t_it = t_it.replace(it, how[1]);
            }
        }
    }
}

fn ordered_map<S: Serializer, V: Serialize>(v: &[(String, V)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, val) in v {
        m.serialize_entry(k, val)?;
    }
    m.end()
}

/// A numeric column and its side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnSide {
    pub column: String,
    pub side: Side,
}

/// Spacing of consecutive dates (median gap in days) and the period word it implies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeStep {
    pub median_gap_days: f64,
    pub unit: PeriodUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodUnit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    /// No regular spacing: lags are counted in rows.
    Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ColumnSummary {
    #[serde(flatten)]
    pub stats: Descriptives,
    /// NIST lag-1 autocorrelation (one overall mean), SCHEMA §4 `acf1_definition`.
    pub acf1: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorrelationEntry {
    pub x: String,
    pub y: String,
    pub n: usize,
    pub pearson: PearsonOut,
    pub spearman: SpearmanOut,
    pub kendall: KendallOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PearsonOut {
    pub r: Option<f64>,
    pub p: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Benjamini–Hochberg adjusted p over all pairs.
    pub p_bh: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpearmanOut {
    pub rho: Option<f64>,
    pub p: Option<f64>,
    pub p_bh: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KendallOut {
    pub tau_b: Option<f64>,
    pub p: Option<f64>,
    pub method: Option<KendallMethod>,
    pub p_bh: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultipleComparisons {
    pub method: &'static str,
    /// Number of pairs with a defined Pearson p-value (the family size).
    pub pairs_tested: usize,
    pub note: &'static str,
    /// Numeric columns left out of the correlations on a wide table (see
    /// [`super::job::MAX_CORRELATED_COLUMNS`]); 0, and not written, when every column is in.
    #[serde(skip_serializing_if = "is_zero")]
    pub columns_left_out: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaggedEntry {
    pub x: String,
    pub y: String,
    pub max_lag: u32,
    pub definition: &'static str,
    pub lags: Vec<LagPoint>,
    pub best_k_by_abs_r: Option<i64>,
    pub best_r: Option<f64>,
    /// n and (unadjusted) p at the best lag; choosing the best of 2L+1 lags makes p optimistic.
    pub best_n: Option<usize>,
    pub best_p: Option<f64>,
    /// The same lags after Box–Jenkins prewhitening, with a p adjusted for the lags searched
    /// (`prewhiten`); null when x cannot be modelled (too few values).
    pub prewhitened: Option<Prewhitened>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LagPoint {
    pub k: i64,
    pub n: usize,
    pub r: Option<f64>,
    pub p: Option<f64>,
    /// ±1.96/√n: |r| inside it is what white noise would typically give.
    pub band95: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodEntry {
    pub x: String,
    pub y: String,
    pub pct_change: ChangeCorrelation,
    pub diff: ChangeCorrelation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeCorrelation {
    pub definition: &'static str,
    pub n: usize,
    pub r: Option<f64>,
    pub p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
    pub x_series: Series,
    pub y_series: Series,
}

/// A series in time order with NaN for a missing value, written as numbers and nulls. Shared, not
/// copied, between the entries that show it.
#[derive(Debug, Clone)]
pub struct Series(pub std::sync::Arc<[f64]>);

/// Equal when written the same: a missing value (NaN) equals a missing value.
impl PartialEq for Series {
    fn eq(&self, o: &Series) -> bool {
        self.0.len() == o.0.len()
            && self
                .0
                .iter()
                .zip(o.0.iter())
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    }
}

impl Serialize for Series {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&v| (!v.is_nan()).then_some(v)))
    }
}

/// A regression: simple (`x` a column, scipy's linregress layout) or multiple (`x` a list).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RegressionEntry {
    Simple(SimpleRegression),
    Multiple(MultipleRegression),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimpleRegression {
    pub y: String,
    pub x: String,
    pub n: usize,
    pub slope: Option<f64>,
    pub intercept: Option<f64>,
    pub r2: Option<f64>,
    pub slope_stderr: Option<f64>,
    pub intercept_stderr: Option<f64>,
    pub slope_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultipleRegression {
    pub y: String,
    pub x: Vec<String>,
    pub n: usize,
    pub method: &'static str,
    pub coefficients: Vec<Coefficient>,
    pub r2: Option<f64>,
    pub adj_r2: Option<f64>,
    pub df_resid: usize,
    pub sigma: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

/// The ROI family (SCHEMA §3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoiReport {
    pub formulas: RoiFormulas,
    pub inputs: RoiInputs,
    pub totals: RoiTotals,
    pub per_row: RoiRows,
    /// Σ cost over the rows used by ROAS (or CPA when there is no revenue).
    pub total_cost: Option<f64>,
    /// (1 + ROI_total)^(365.25/days) − 1 over the covered span; null without dates or margin, or
    /// when the span is shorter than a year (compounding it would invent growth).
    pub annualised_roi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annualised_roi_reason: Option<String>,
    /// Revenue at which ROI would be 0: Σcost / margin (revenue-weighted when per row).
    pub break_even_revenue: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub break_even_revenue_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RoiFormulas {
    pub roi: &'static str,
    pub roas: &'static str,
    pub cpa: &'static str,
    pub cost_per_new_follower: &'static str,
    pub totals: &'static str,
    pub per_row: &'static str,
}

pub const ROI_FORMULAS: RoiFormulas = RoiFormulas {
    roi: "(attributed_revenue * margin - cost) / cost",
    roas: "attributed_revenue / cost",
    cpa: "cost / conversions",
    cost_per_new_follower: "cost / new_followers",
    totals: "ratio of column totals over the rows where every input of that metric is present: ROI_total = (sum(rev_i*margin_i) - sum(cost_i)) / sum(cost_i); ROAS_total = sum(rev_i)/sum(cost_i); CPA_total = sum(cost_i)/sum(conv_i); CPF_total = sum(cost_i)/sum(new_followers_i)",
    per_row: "same formulas per row; null when an input is missing, the denominator is 0, or (cost per new follower) new_followers <= 0",
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoiInputs {
    pub cost: Option<String>,
    pub attributed_revenue: Option<String>,
    pub margin: Option<Margin>,
    pub conversions: Option<String>,
    /// Where new followers come from (a column, or differences of a cumulative column).
    pub new_followers: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoiTotals {
    pub roi: MetricTotal,
    pub roas: MetricTotal,
    pub cpa: MetricTotal,
    pub cost_per_new_follower: MetricTotal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricTotal {
    pub value: Option<f64>,
    pub rows_used: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

/// One row's ratios. A metric whose inputs the data lacks altogether is left out. A report keeps
/// them as [`RoiRows`]. Serialised as `date`, `row`, then each metric the data has, `null` where
/// undefined.
#[derive(Debug, Clone)]
pub struct RoiRow {
    /// The row's date (serialised as ISO); a `Date`, not text: a million rows would mean a million strings.
    pub date: Option<Date>,
    pub row: usize,
    /// ROAS, ROI, CPA, cost per new follower; NaN where undefined (a defined ratio is finite).
    values: [f64; 4],
    /// Bit k: the data has the inputs of `values[k]`.
    present: u8,
}

/// Every row's ratios, stored flat: the dates and only the metrics the data has (the same in
/// every row), `RoiRow`s made as they are read. A million rows with three metrics keep 28 MB, not
/// the 48 of as many `RoiRow`s — the page holds them for its charts while both halves of the
/// analysis run (issue 15). Serialised, compared and printed as the list of its rows.
#[derive(Clone, Default)]
pub struct RoiRows {
    /// Bit k: the rows have metric k (`RoiRow::present`).
    present: u8,
    /// One per row, or none when the table has no dates.
    dates: Vec<Date>,
    /// Row after row, each the present metrics in `RoiRow::values`' order (NaN: undefined).
    values: Vec<f64>,
    len: usize,
}

impl RoiRows {
    pub fn with_capacity(rows: usize) -> RoiRows {
        RoiRows {
            dates: Vec::with_capacity(rows),
            ..RoiRows::default()
        }
    }

    /// Appends the next row (`row.row` is its index); every row has the same metrics and has a
    /// date or not as the first.
    pub fn push(&mut self, row: RoiRow) {
        if self.len == 0 {
            // `with_capacity` reserved the dates: the values get as many rows' worth.
            self.present = row.present;
            let rows = self.dates.capacity();
            if row.date.is_none() {
                self.dates = Vec::new();
            }
            self.values
                .reserve_exact(rows * row.present.count_ones() as usize);
        }
        debug_assert!(row.row == self.len && row.present == self.present);
        debug_assert!(self.len == 0 || row.date.is_some() != self.dates.is_empty());
        self.dates.extend(row.date);
        for (k, &v) in row.values.iter().enumerate() {
            if self.present & (1 << k) != 0 {
                self.values.push(v);
            }
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Values stored per row: the metrics the rows have.
    fn stride(&self) -> usize {
        self.present.count_ones() as usize
    }

    /// Row `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<RoiRow> {
        if i >= self.len {
            return None;
        }
        let stride = self.stride();
        let mut stored = self.values[i * stride..(i + 1) * stride].iter();
        let mut values = [f64::NAN; 4];
        for (k, v) in values.iter_mut().enumerate() {
            if self.present & (1 << k) != 0 {
                *v = stored.next().copied().unwrap_or(f64::NAN);
            }
        }
        Some(RoiRow {
            date: self.dates.get(i).copied(),
            row: i,
            values,
            present: self.present,
        })
    }

    /// One metric in every row, `None` where undefined; `None` when the rows lack it. A stride
    /// walk over the stored values: a chart's pass over a million rows makes no `RoiRow`.
    pub fn metric(&self, m: RowMetric) -> Option<impl ExactSizeIterator<Item = Option<f64>> + '_> {
        let k = m as usize;
        if self.present & (1 << k) == 0 {
            return None;
        }
        let offset = (self.present & ((1 << k) - 1)).count_ones() as usize;
        Some(
            self.values
                .iter()
                .skip(offset)
                .step_by(self.stride())
                .map(|&v| Some(v).filter(|v| !v.is_nan())),
        )
    }

    /// Values stored (rows × the metrics they have).
    pub fn values_len(&self) -> usize {
        self.values.len()
    }

    pub fn first(&self) -> Option<RoiRow> {
        self.get(0)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = RoiRow> + '_ {
        (0..self.len).map(|i| self.get(i).expect("in range"))
    }
}

impl FromIterator<RoiRow> for RoiRows {
    fn from_iter<I: IntoIterator<Item = RoiRow>>(rows: I) -> RoiRows {
        let rows = rows.into_iter();
        let mut r = RoiRows::with_capacity(rows.size_hint().0);
        rows.for_each(|row| r.push(row));
        r
    }
}

impl PartialEq for RoiRows {
    fn eq(&self, other: &RoiRows) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for RoiRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for RoiRows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A metric of a [`RoiRow`] (its discriminant is its place in the row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMetric {
    Roas = 0,
    Roi = 1,
    Cpa = 2,
    CostPerNewFollower = 3,
}

impl RowMetric {
    /// In their order in a row.
    pub const ALL: [RowMetric; 4] = [
        RowMetric::Roas,
        RowMetric::Roi,
        RowMetric::Cpa,
        RowMetric::CostPerNewFollower,
    ];
}

/// The metrics of a [`RoiRow`], in its order.
const ROI_ROW_METRICS: [&str; 4] = ["roas", "roi", "cpa", "cost_per_new_follower"];

impl RoiRow {
    /// A row from each metric: `None` when the data lacks its inputs, `Some(None)` when undefined
    /// in this row (a non-finite value counts as undefined).
    pub fn new(date: Option<Date>, row: usize, metrics: [Option<Option<f64>>; 4]) -> RoiRow {
        let mut values = [f64::NAN; 4];
        let mut present = 0u8;
        for (k, m) in metrics.into_iter().enumerate() {
            if let Some(v) = m {
                present |= 1 << k;
                values[k] = v.filter(|v| v.is_finite()).unwrap_or(f64::NAN);
            }
        }
        RoiRow {
            date,
            row,
            values,
            present,
        }
    }

    /// Metric `m`: `None` when the data lacks its inputs, `Some(None)` when undefined in this row.
    pub fn metric(&self, m: RowMetric) -> Option<Option<f64>> {
        let k = m as usize;
        (self.present & (1 << k) != 0).then(|| Some(self.values[k]).filter(|v| !v.is_nan()))
    }

    pub fn roas(&self) -> Option<Option<f64>> {
        self.metric(RowMetric::Roas)
    }

    pub fn roi(&self) -> Option<Option<f64>> {
        self.metric(RowMetric::Roi)
    }

    pub fn cpa(&self) -> Option<Option<f64>> {
        self.metric(RowMetric::Cpa)
    }

    pub fn cost_per_new_follower(&self) -> Option<Option<f64>> {
        self.metric(RowMetric::CostPerNewFollower)
    }
}

impl PartialEq for RoiRow {
    fn eq(&self, other: &RoiRow) -> bool {
        self.date == other.date
            && self.row == other.row
            && RowMetric::ALL
                .iter()
                .all(|&m| self.metric(m) == other.metric(m))
    }
}

impl Serialize for RoiRow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("RoiRow", 2 + self.present.count_ones() as usize)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("row", &self.row)?;
        for (k, name) in ROI_ROW_METRICS.iter().enumerate() {
            match self.metric(RowMetric::ALL[k]) {
                Some(v) => st.serialize_field(name, &v)?,
                None => st.skip_field(name)?,
            }
        }
        st.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdstockEntry {
    pub x: String,
    pub y: String,
    pub definition: &'static str,
    pub lambda: Option<f64>,
    /// `"user"` (λ given in the plan) or `"grid_max_r"` (λ chosen to maximise r).
    pub lambda_source: &'static str,
    pub n: usize,
    pub r: Option<f64>,
    pub p: Option<f64>,
    /// r of the untransformed x, for comparison.
    pub r_raw: Option<f64>,
    /// r for every λ tried (grid search only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grid: Vec<AdstockGridPoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AdstockGridPoint {
    pub lambda: f64,
    pub n: usize,
    pub r: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeforeAfterReport {
    pub date: String,
    pub rule: &'static str,
    pub columns: Vec<BeforeAfterColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeforeAfterColumn {
    pub column: String,
    pub n_before: usize,
    pub n_after: usize,
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
    /// (mean_after − mean_before) / |mean_before|.
    pub pct_change: Option<f64>,
    pub welch: WelchResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

/// Reason text for an undefined correlation over n complete pairs.
pub fn correlation_reason(why: Undefined) -> String {
    match why {
        Undefined::TooFew { n } => format!("n={n} < 2 complete pairs: correlation undefined"),
        Undefined::OutOfRange { n } => format!(
            "the values of the {n} complete pairs are too large or too small to compute with (beyond about 1e154 or under 1e-154): correlation undefined"
        ),
        Undefined::ConstantX => String::new(),
        Undefined::ConstantY => String::new(),
    }
}

/// Reason text with the pair count, as in the reference files.
pub fn correlation_reason_n(why: Undefined, n: usize) -> String {
    match why {
        Undefined::TooFew { .. } | Undefined::OutOfRange { .. } => correlation_reason(why),
        Undefined::ConstantX => format!(
            "x is constant over the {n} complete pairs (zero variance): correlation undefined (0/0)"
        ),
        Undefined::ConstantY => format!(
            "y is constant over the {n} complete pairs (zero variance): correlation undefined (0/0)"
        ),
    }
}

/// Short reason for a lag or change correlation, as in the reference files.
pub fn short_reason(why: Undefined) -> String {
    match why {
        Undefined::TooFew { n } => format!("n={n} < 2"),
        Undefined::OutOfRange { .. } => "values out of range".to_owned(),
        Undefined::ConstantX | Undefined::ConstantY => "zero variance".to_owned(),
    }
}

/// The `table` section of the JSON report (SCHEMA §4): rows in analysis order, numbers with
/// `null` for missing cells, where each row came from, and `date: null` without a date column.
pub struct TableSection<'a>(pub &'a Table);

/// Serialises the `table` section of a report.
pub fn table_section(table: &Table) -> TableSection<'_> {
    TableSection(table)
}

struct SourceLines<'a>(&'a Table);
struct Values<'a>(&'a Table);
struct Cells<'a>(&'a [f64]);
struct Dates<'a>(&'a Table);

impl Serialize for TableSection<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut st = s.serialize_struct("table", 6)?;
        st.serialize_field(
            "row_order",
            if t.date.is_some() {
                "ascending by date (time order used by lagged and period-over-period analyses)"
            } else {
                "file order (no date column; file order is the time order for lag analyses)"
            },
        )?;
        st.serialize_field("n_rows", &t.n_rows())?;
        st.serialize_field("source_lines", &SourceLines(t))?;
        st.serialize_field("date", &Dates(t))?;
        let names: Vec<&str> = t.numeric_columns().map(|(n, _)| n).collect();
        st.serialize_field("numeric_columns", &names)?;
        st.serialize_field("values", &Values(t))?;
        st.end()
    }
}

impl Serialize for Dates<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.dates() {
            Some(d) => s.collect_seq(d.iter().map(|d| d.to_iso())),
            None => s.serialize_none(),
        }
    }
}

impl Serialize for SourceLines<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let name = |f: u16| t.files.get(f as usize).map(String::as_str).unwrap_or("");
        s.collect_seq(t.sources.iter().map(|src| SourceLine {
            file: name(src.file),
            line: src.line,
            file2: src.joined().map(|(f, _)| name(f)),
            line2: src.joined().map(|(_, l)| l),
        }))
    }
}

/// One row's origin: `{file, line[, file2, line2]}`.
#[derive(Serialize)]
struct SourceLine<'a> {
    file: &'a str,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    file2: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line2: Option<u32>,
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cols: Vec<(&str, &[f64])> = self.0.numeric_columns().collect();
        let mut m = s.serialize_map(Some(cols.len()))?;
        for (name, v) in cols {
            m.serialize_entry(name, &Cells(v))?;
        }
        m.end()
    }
}

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&v| (!v.is_nan()).then_some(v)))
    }
}
