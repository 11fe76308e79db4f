//! The analysis plan and the report: runs the planned analyses over a table and lays out the results.
//!
//! * [`Plan`] — what to run (PLAN.md, plus the extensions documented in [`plan`]);
//!   [`guess_roles`] and [`Plan::suggested`] make one from column names when the user has none.
//! * [`run`] — the whole analysis at once ([`run_with`]: its independent units on the caller's
//!   threads); [`Job`] — the same, resumable, for the browser.
//! * [`Report`] — serialises as SCHEMA.md §4 `analyses`; [`table_section`] gives the `table`
//!   section; [`Report::findings`] the plain-language findings (en/it), opened by the
//!   [`Verdict`] (`verdict`: did social move the business?) and with the arithmetic [`Tie`]s
//!   (`ties`) named instead of found.
//!
//! Without a plan entry an analysis is not run, except the defaults: descriptives of every numeric
//! column and Pearson/Spearman/Kendall for every unordered pair, in header order (x before y),
//! with pairwise deletion and Benjamini–Hochberg adjusted p-values (`p_bh`) alongside.

pub mod adstock;
pub mod before_after;
pub mod changes;
pub mod document;
pub mod findings;
pub mod invest;
pub mod job;
pub mod lagged;
pub mod period;
pub mod plan;
pub mod prewhiten;
pub mod quick;
pub mod report;
pub mod roi;
pub mod roles;
pub mod ties;
pub mod verdict;

pub use changes::changes_table;
pub use document::{
    document, prepare, prepare_files, prepare_shared, recipe_for, Document, Input, Prepared,
};
pub use findings::{Finding, FindingKind, Scope, Severity};
pub use job::{BackShare, Job, Role, MAX_CORRELATED_COLUMNS};
pub use plan::{
    AdstockSpec, BeforeAfterSpec, JoinSpec, JoinType, LaggedSpec, Margin, PairSpec, Plan,
    RegressionSpec, Regressors, ResamplePeriod, ResampleRule, ResampleSpec, RoiSpec, SidesSpec,
    TargetSpec,
};
pub use report::{table_section, PeriodUnit, Report, TableSection, TimeStep};
pub use roles::{guess_roles, guess_sides, Roles, Side};
pub use ties::Tie;
pub use verdict::{Verdict, VerdictStatus};

use crate::{Date, Result, Table};

/// Runs `f(0), …, f(n − 1)` in any order, possibly at once: how a caller lends the analysis its
/// threads (the core starts none; the CLI runs them on every core).
pub type ForEach<'a> = &'a (dyn Fn(usize, &(dyn Fn(usize) + Sync)) + Sync);

/// Runs every planned analysis on the table (rows in time order) and returns the report.
pub fn run(table: &Table, plan: &Plan) -> Result<Report> {
    run_with(table, plan, &|n, f| (0..n).for_each(f))
}

/// [`run`], handing the independent units (the columns' sorting and descriptives, the pairs, the
/// lags) to `for_each`, which may run them on several threads. The report is the same.
pub fn run_with(table: &Table, plan: &Plan, for_each: ForEach) -> Result<Report> {
    let mut engine = job::Engine::new(table, plan.clone(), job::Role::Whole)?;
    engine.run_with(table, for_each)?;
    Ok(engine.into_report())
}

impl Report {
    /// The findings, headline results first and "correlation is not causation" last.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

/// Median gap between consecutive dates, in days (`None` for fewer than 2 dates).
pub fn median_gap_days(dates: &[Date]) -> Option<f64> {
    // Gaps are whole days and a dated file has a handful of distinct ones: count them (no
    // million-gap copy to select in, on the page's main thread too); past `FEW` distinct gaps,
    // select among them all. Both give the same median.
    const FEW: usize = 32;
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for w in dates.windows(2) {
        let g = i64::from(w[1].days()) - i64::from(w[0].days());
        if let Some((_, c)) = counts.iter_mut().find(|(v, _)| *v == g) {
            *c += 1;
        } else if counts.len() < FEW {
            counts.push((g, 1));
        } else {
            let mut gaps: Vec<f64> = dates
                .windows(2)
                .map(|w| (i64::from(w[1].days()) - i64::from(w[0].days())) as f64)
                .collect();
            return crate::stats::descriptive::median_in_place(&mut gaps);
        }
    }
    counts.sort_unstable();
    let n: usize = counts.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    // The k-th smallest gap (0-based).
    let kth = |k: usize| {
        let mut seen = 0;
        counts
            .iter()
            .find(|(_, c)| {
                seen += c;
                seen > k
            })
            .map_or(0.0, |(v, _)| *v as f64)
    };
    let upper = kth(n / 2);
    Some(if n % 2 == 1 {
        upper
    } else {
        crate::stats::descriptive::midpoint(kth(n / 2 - 1), upper)
    })
}

/// The period word implied by the dates' spacing.
pub fn time_step(dates: &[Date]) -> Option<TimeStep> {
    let g = median_gap_days(dates)?;
    let unit = match g {
        1.0 => PeriodUnit::Day,
        7.0 => PeriodUnit::Week,
        g if (28.0..=31.0).contains(&g) => PeriodUnit::Month,
        g if (89.0..=92.0).contains(&g) => PeriodUnit::Quarter,
        g if (365.0..=366.0).contains(&g) => PeriodUnit::Year,
        _ => PeriodUnit::Period,
    };
    Some(TimeStep {
        median_gap_days: g,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The median of all gaps taken the plain way (copy and select).
    fn median_by_selection(dates: &[Date]) -> Option<f64> {
        let mut gaps: Vec<f64> = dates
            .windows(2)
            .map(|w| (w[1].days() - w[0].days()) as f64)
            .collect();
        crate::stats::descriptive::median_in_place(&mut gaps)
    }

    #[test]
    fn the_counted_median_gap_equals_the_selected_one() {
        let days = |v: &[i32]| v.iter().map(|&d| Date::from_days(d)).collect::<Vec<_>>();
        let mut cases = vec![
            days(&[]),
            days(&[5]),
            days(&[0, 1]),
            days(&[0, 1, 3]),
            days(&[0, 1, 3, 10]),
            days(&[0, 7, 14, 21, 28, 35]),
            days(&[0, 31, 59, 90, 120, 151]),
            days(&[10, 3, 3, 8, -4, 0]),
        ];
        // Many distinct gaps (past the counted path), odd and even counts.
        let spread: Vec<i32> = (0..200).map(|i| i * i / 3 + (i % 7) * 5).collect();
        cases.push(days(&spread));
        cases.push(days(&spread[..199]));
        // A daily series with a few holes, as long as a real export.
        let daily: Vec<i32> = (0..100_000).filter(|d| d % 97 != 0).collect();
        cases.push(days(&daily));
        for dates in &cases {
            assert_eq!(
                median_gap_days(dates),
                median_by_selection(dates),
                "{} dates",
                dates.len()
            );
        }
    }
}
