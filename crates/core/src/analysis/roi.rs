//! The ROI family (SCHEMA §3): ROI with a margin, ROAS, CPA and cost per new follower, per row and
//! in total (ratios of sums over the rows where every input of the metric is present), plus
//! annualised ROI and break-even revenue.

use super::period::diff;
use super::plan::{Margin, RoiSpec};
use super::report::{MetricTotal, RoiInputs, RoiReport, RoiRow, RoiRows, RoiTotals, ROI_FORMULAS};
use crate::stats::sum::Neumaier;
use crate::Table;

fn column<'a>(t: &'a Table, name: &Option<String>) -> Option<&'a [f64]> {
    name.as_deref().and_then(|n| t.numbers(n))
}

fn present(v: f64) -> bool {
    !v.is_nan()
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Σnum/Σden over the rows where `inputs` are all present; `None` value when Σden = 0.
struct Total {
    num: Neumaier,
    den: Neumaier,
    rows: usize,
}

impl Total {
    fn new() -> Total {
        Total {
            num: Neumaier::new(),
            den: Neumaier::new(),
            rows: 0,
        }
    }

    fn add(&mut self, num: f64, den: f64) {
        self.num.add(num);
        self.den.add(den);
        self.rows += 1;
    }

    fn ratio(&self, missing: Option<&str>, zero: &str) -> MetricTotal {
        if let Some(why) = missing {
            return MetricTotal {
                value: None,
                rows_used: 0,
                undefined_reason: Some(why.to_owned()),
            };
        }
        let den = self.den.value();
        let (value, reason) = if self.rows == 0 {
            (
                None,
                Some("no row has every input of this metric".to_owned()),
            )
        } else if den == 0.0 {
            (None, Some(zero.to_owned()))
        } else {
            (finite(self.num.value() / den), None)
        };
        MetricTotal {
            value,
            rows_used: self.rows,
            undefined_reason: reason,
        }
    }
}

/// Computes the ROI family for the columns the spec names (already validated against the table).
pub fn roi(t: &Table, spec: &RoiSpec) -> RoiReport {
    let mut run = RoiRun::new(t, spec);
    run.rows(t, usize::MAX);
    run.finish(t)
}

/// [`roi`] a range of rows at a time: the page's analysis adds the rows in several units (a
/// million rows of ratios in one go would block the page for a quarter of a second).
pub struct RoiRun {
    spec: RoiSpec,
    new_followers: Option<Vec<f64>>,
    nf_text: Option<String>,
    next: usize,
    per_row: RoiRows,
    totals: [Total; 4],
    rev_for_roi: Neumaier,
}

impl RoiRun {
    pub fn new(t: &Table, spec: &RoiSpec) -> RoiRun {
        let (new_followers, nf_text): (Option<Vec<f64>>, Option<String>) =
            match (&spec.new_followers, &spec.followers_cumulative) {
                (Some(c), _) => (t.numbers(c).map(<[f64]>::to_vec), Some(format!("column '{c}'"))),
                (None, Some(c)) => (
                    t.numbers(c).map(diff),
                    Some(format!(
                        "followers_t - followers_(t-1) from cumulative column '{c}' (first row and rows next to a missing value are missing)"
                    )),
                ),
                (None, None) => (None, None),
            };
        RoiRun {
            spec: spec.clone(),
            new_followers,
            nf_text,
            next: 0,
            per_row: RoiRows::with_capacity(t.n_rows()),
            totals: [Total::new(), Total::new(), Total::new(), Total::new()],
            rev_for_roi: Neumaier::new(),
        }
    }

    /// Adds at most `max_rows` more rows; `true` once every row is in.
    pub fn rows(&mut self, t: &Table, max_rows: usize) -> bool {
        let n = t.n_rows();
        let spec = &self.spec;
        let cost = column(t, &spec.cost);
        let rev = column(t, &spec.attributed_revenue);
        let conv = column(t, &spec.conversions);
        let margin_col = match &spec.margin {
            Some(Margin::Column(c)) => t.numbers(c),
            _ => None,
        };
        let margin_at = |i: usize| -> Option<f64> {
            match &spec.margin {
                Some(Margin::Fraction(m)) => Some(*m),
                Some(Margin::Column(_)) => margin_col
                    .map(|c| c[i])
                    .filter(|v| present(*v) && is_share(*v)),
                None => None,
            }
        };
        let nf = self.new_followers.as_deref();
        let dates = t.dates();
        let [roas_t, roi_t, cpa_t, cpf_t] = &mut self.totals;
        let end = self.next.saturating_add(max_rows).min(n);
        for i in self.next..end {
            let c = cost.map(|v| v[i]).filter(|v| present(*v));
            let r = rev.map(|v| v[i]).filter(|v| present(*v));
            let m = margin_at(i);
            let k = conv.map(|v| v[i]).filter(|v| present(*v));
            let f = nf.map(|v| v[i]).filter(|v| present(*v));
            let nonzero = |d: f64| d != 0.0;
            let row = RoiRow::new(
                dates.map(|d| d[i]),
                i,
                [
                    (cost.is_some() && rev.is_some()).then(|| match (r, c) {
                        (Some(r), Some(c)) if nonzero(c) => finite(r / c),
                        _ => None,
                    }),
                    (cost.is_some() && rev.is_some() && spec.margin.is_some()).then(|| {
                        match (r, m, c) {
                            (Some(r), Some(m), Some(c)) if nonzero(c) => finite((r * m - c) / c),
                            _ => None,
                        }
                    }),
                    (cost.is_some() && conv.is_some()).then(|| match (c, k) {
                        (Some(c), Some(k)) if nonzero(k) => finite(c / k),
                        _ => None,
                    }),
                    (cost.is_some() && nf.is_some()).then(|| match (c, f) {
                        (Some(c), Some(f)) if f > 0.0 => finite(c / f),
                        _ => None,
                    }),
                ],
            );
            self.per_row.push(row);
            if let (Some(c), Some(r)) = (c, r) {
                roas_t.add(r, c);
                if let Some(m) = m {
                    // ROI_total = (Σ r·m − Σ c)/Σ c: accumulate r·m − c over Σ c.
                    roi_t.add(r * m - c, c);
                    self.rev_for_roi.add(r);
                }
            }
            if let (Some(c), Some(k)) = (c, k) {
                cpa_t.add(c, k);
            }
            if let (Some(c), Some(f)) = (c, f) {
                cpf_t.add(c, f);
            }
        }
        self.next = end;
        end == n
    }

    /// The report, once [`RoiRun::rows`] has returned `true`.
    pub fn finish(self, t: &Table) -> RoiReport {
        let spec = &self.spec;
        let cost = column(t, &spec.cost);
        let rev = column(t, &spec.attributed_revenue);
        let conv = column(t, &spec.conversions);
        let nf = self.new_followers.as_deref();
        let dates = t.dates();
        let [roas_t, roi_t, cpa_t, cpf_t] = &self.totals;
        let rev_for_roi = &self.rev_for_roi;
        let per_row = self.per_row;
        let nf_text = self.nf_text;
        let no_cost = cost.is_none().then_some("no cost column");
        let roi_missing = no_cost
            .or(rev.is_none().then_some("no attributed revenue column"))
            .or(spec
                .margin
                .is_none()
                .then_some("no margin in the data (ROI needs a margin; the case provides none)"))
            .or(match &spec.margin {
                Some(Margin::Column(c)) => t
                    .numbers(c)
                    .is_some_and(|v| v.iter().any(|&m| present(m) && !is_share(m)))
                    .then_some("the margin column holds values outside 0 to 1: a margin is a share of the sales (0.35 for 35%)"),
                _ => None,
            });
        let totals = RoiTotals {
            roi: roi_t.ratio(roi_missing, "total cost is 0"),
            roas: roas_t.ratio(
                no_cost.or(rev.is_none().then_some("no attributed revenue column")),
                "total cost is 0",
            ),
            cpa: cpa_t.ratio(
                no_cost.or(conv.is_none().then_some("no conversions column")),
                "total conversions are 0",
            ),
            cost_per_new_follower: cpf_t.ratio(
                no_cost.or(nf.is_none().then_some("no followers column")),
                "total new followers are 0",
            ),
        };

        // Annualised ROI over the span the dates cover (one period added for the last row's period).
        let span_days = dates.and_then(|d| {
            let (first, last) = (d.first()?, d.last()?);
            let gap = super::median_gap_days(d).unwrap_or(1.0);
            Some((last.days() - first.days()) as f64 + gap)
        });
        let (annualised_roi, annualised_roi_reason) = match (totals.roi.value, span_days) {
            (None, _) => (None, Some("ROI is undefined".to_owned())),
            (_, None) => (None, Some("no dates to measure the period".to_owned())),
            // compounding a few weeks' ROI over a year invents growth (185% over 4 weeks was
            // "annualised 85,760,686%"): only a span of a year or more is put per year
            (_, Some(days)) if days < 365.0 => {
                (None, Some("the data cover less than a year".to_owned()))
            }
            (Some(r), Some(days)) if 1.0 + r > 0.0 => {
                (finite((1.0 + r).powf(365.25 / days) - 1.0), None)
            }
            _ => (
                None,
                Some("ROI of -100% or less cannot be annualised".to_owned()),
            ),
        };
        let roi_cost = roi_t.den.value();
        let (break_even_revenue, break_even_revenue_reason) = match (&spec.margin, roi_t.rows) {
            (None, _) => (None, Some("no margin".to_owned())),
            (_, 0) => (None, Some("no row has cost, revenue and margin".to_owned())),
            _ => {
                // Revenue-weighted margin: Σ r·m / Σ r.
                let rm = roi_t.num.value() + roi_cost;
                let eff = rm / rev_for_roi.value();
                if eff > 0.0 && eff.is_finite() {
                    (finite(roi_cost / eff), None)
                } else {
                    (None, Some("the margin is not positive".to_owned()))
                }
            }
        };
        let total_cost = if roas_t.rows > 0 {
            Some(roas_t.den.value())
        } else if cpa_t.rows > 0 {
            Some(cpa_t.num.value())
        } else {
            None
        };
        RoiReport {
            formulas: ROI_FORMULAS,
            inputs: RoiInputs {
                cost: spec.cost.clone(),
                attributed_revenue: spec.attributed_revenue.clone(),
                margin: spec.margin.clone(),
                conversions: spec.conversions.clone(),
                new_followers: nf_text,
            },
            totals,
            per_row,
            total_cost: total_cost.and_then(finite),
            annualised_roi,
            annualised_roi_reason,
            break_even_revenue,
            break_even_revenue_reason,
        }
    }
}

/// A margin is a share of the sales: 35 in a margin column is 35% typed as a number, and as a
/// share it made the ROI 34,900%.
fn is_share(m: f64) -> bool {
    (0.0..=1.0).contains(&m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;

    #[test]
    fn rows_added_in_parts_give_the_same_report() {
        let days: Vec<Date> = (1..=7)
            .map(|d| Date::from_ymd(2024, 3, d).unwrap())
            .collect();
        let t = Table::from_columns(
            Some(("date", days)),
            vec![
                ("spend", vec![10.0, 0.0, 12.5, f64::NAN, 9.0, 11.0, 8.0]),
                ("revenue", vec![40.0, 5.0, 30.0, 20.0, f64::NAN, 44.0, 16.0]),
                ("orders", vec![2.0, 1.0, 0.0, 1.0, 3.0, 4.0, 2.0]),
                (
                    "followers",
                    vec![100.0, 104.0, 110.0, 111.0, 118.0, 121.0, 130.0],
                ),
            ],
        );
        let spec = RoiSpec {
            cost: Some("spend".into()),
            attributed_revenue: Some("revenue".into()),
            margin: Some(Margin::Fraction(0.4)),
            conversions: Some("orders".into()),
            followers_cumulative: Some("followers".into()),
            ..RoiSpec::default()
        };
        let whole = roi(&t, &spec);
        let mut run = RoiRun::new(&t, &spec);
        let mut calls = 0;
        while !run.rows(&t, 2) {
            calls += 1;
        }
        assert_eq!(calls, 3, "7 rows, 2 at a time");
        assert_eq!(run.finish(&t), whole);
        assert_eq!(whole.per_row.len(), 7);
        assert!(whole.totals.roas.value.is_some());
    }

    /// A margin column of 35s is 35% typed as a number: ROI 34,900% before. And a few weeks'
    /// ROI is not compounded over a year (185% over 4 weeks was "annualised 85,760,686%").
    #[test]
    fn margins_above_one_and_short_spans_give_no_figure() {
        let weeks: Vec<Date> = (0..4)
            .map(|k| Date::from_days(Date::from_ymd(2024, 1, 1).unwrap().days() + 7 * k))
            .collect();
        let t = |margin: f64| {
            Table::from_columns(
                Some(("date", weeks.clone())),
                vec![
                    ("spend", vec![100.0; 4]),
                    ("revenue", vec![700.0; 4]),
                    ("margin", vec![margin; 4]),
                ],
            )
        };
        let spec = RoiSpec {
            cost: Some("spend".into()),
            attributed_revenue: Some("revenue".into()),
            margin: Some(Margin::Column("margin".into())),
            ..RoiSpec::default()
        };
        let r = roi(&t(35.0), &spec);
        assert_eq!(r.totals.roi.value, None);
        assert!(r
            .totals
            .roi
            .undefined_reason
            .as_deref()
            .unwrap()
            .contains("0.35 for 35%"));
        assert_eq!(r.per_row.get(0).unwrap().roi(), Some(None));
        let r = roi(&t(0.4), &spec);
        assert!((r.totals.roi.value.unwrap() - 1.8).abs() < 1e-12);
        assert_eq!(r.annualised_roi, None);
        assert_eq!(
            r.annualised_roi_reason.as_deref(),
            Some("the data cover less than a year")
        );
    }

    #[test]
    fn rows_stored_flat_read_back_as_made() {
        let d = |k| Date::from_ymd(2024, 5, k);
        // Two metrics of four; undefined (NaN), infinite (undefined) and defined values.
        let made: Vec<RoiRow> = (0..5)
            .map(|i| {
                let v = [Some(1.5 * i as f64), None, Some(f64::INFINITY), None][i % 4];
                RoiRow::new(d(i as u32 + 1), i, [Some(v), None, Some(Some(2.0)), None])
            })
            .collect();
        let rows: RoiRows = made.iter().cloned().collect();
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().eq(made.iter().cloned()));
        assert_eq!(rows.get(3), Some(made[3].clone()));
        assert_eq!(rows.get(5), None);
        assert_eq!(
            (rows.get(1).unwrap().roas(), rows.get(1).unwrap().roi()),
            (Some(None), None)
        );
        // Printed and serialised as the list of its rows (reports are compared that way).
        assert_eq!(format!("{rows:?}"), format!("{made:?}"));
        assert_eq!(
            serde_json::to_string(&rows).unwrap(),
            serde_json::to_string(&made).unwrap()
        );
        // Flat: two values a row, and no dates kept for a table without them.
        assert_eq!(rows.values_len(), 10);
        // One metric read straight from the stored values, as each row reads it.
        use super::super::report::RowMetric;
        for (m, of) in [
            (
                RowMetric::Roas,
                RoiRow::roas as fn(&RoiRow) -> Option<Option<f64>>,
            ),
            (RowMetric::Cpa, RoiRow::cpa),
        ] {
            let got: Vec<Option<f64>> = rows.metric(m).unwrap().collect();
            let want: Vec<Option<f64>> = made.iter().map(|r| of(r).unwrap()).collect();
            assert_eq!(got, want);
        }
        assert!(rows.metric(RowMetric::Roi).is_none());
        assert!(rows.metric(RowMetric::CostPerNewFollower).is_none());
        let undated: RoiRows = (0..3)
            .map(|i| RoiRow::new(None, i, [None, None, None, Some(Some(i as f64))]))
            .collect();
        assert_eq!(
            (undated.values_len(), undated.get(2).unwrap().date),
            (3, None)
        );
        assert_ne!(undated, rows);
    }
}
