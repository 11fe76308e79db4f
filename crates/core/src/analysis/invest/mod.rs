//! Return on the whole investment (issue 14): time, money, fixed and one-off costs in; revenue ×
//! margin and valued counts out; per period, in total, per channel, with payback and a what-if.
//!
//! The model lives in the plan's optional `investment` and `value` sections ([`spec`], PLAN.md);
//! the older `roi` section (one cost and one revenue column, SCHEMA §3) is untouched beside it.
//!
//! Decisions, and why:
//! * **Two steps.** [`prepare`] reads the table once into per-period sums ([`Prepared`]);
//!   [`evaluate`] turns them and the [`Assumptions`] (margin, hourly rate, hours and spend factors:
//!   the page's what-if sliders) into every figure in O(periods), so a slider never rereads data.
//! * **Measured or assumed.** A column is measured, a typed constant assumed; the margin, the
//!   hourly rate and each value per count carry the same mark, and the findings name every
//!   assumption the ROI rests on.
//! * **Periods are the table's rows.** A row covers 1 day, 7 days or a calendar month (quarter,
//!   year) from its date, by the table's time step; irregular dates run to the next date. Fixed
//!   monthly costs are spread by day: a period gets amount × days covered / days in that month,
//!   summed over the months it touches (a week across a month end takes a share of each). One-off
//!   costs fall in the period containing their date. Costs outside the periods are not counted
//!   (a note says so); without dates, fixed and one-off costs are an error (they need dates).
//! * **Missing is not zero.** A period with a missing investment or value input adds nothing to
//!   the totals and the cumulative series (its own figures are `null`); each count ratio (CPA,
//!   cost per lead, customer, follower) is over the periods where that count is present too.
//! * **Value per count is net.** `value_per` is what one conversion, lead or customer is worth to
//!   the business; the margin applies to revenue only. Give revenue *or* a value per conversion
//!   for the same sales, not both (the model would count them twice).
//! * **Channels are not allocated.** Inputs without a channel stay in an "unassigned" row: any
//!   split of a shared cost among channels would be one more assumption.
//! * **Payback** is the first period in which cumulative value ≥ cumulative investment (> 0);
//!   otherwise `null` with "never reached within the data".
//! * **Cost.** Natively (release) a million periods take ~0.1 s to prepare, ~0.35 s to evaluate
//!   and ~0.14 s for [`evaluate_summary`] (no per-period rows, for slider moves); a dated table has
//!   one row per date, so real models have hundreds to a few thousand periods (well under 10 ms).

pub mod evaluate;
pub mod findings;
pub mod prepare;
pub mod reasons;
pub mod spec;

pub use evaluate::{
    evaluate, evaluate_summary, Assumptions, ChannelRow, InvestmentParts, InvestmentRoi, Metric,
    Payback, PeriodRow, Totals, ValueParts,
};
pub use prepare::{prepare, Basis, Prepared, StreamKind};
pub use spec::{
    Amount, Cost, Counted, FixedCost, InvestmentSpec, OneOffCost, PeriodsSpec, ValueSpec,
};

use crate::analysis::Plan;
use crate::{Result, Table};

impl Plan {
    /// Whether the plan has the investment model (`investment` or `value`).
    pub fn has_investment_model(&self) -> bool {
        self.investment.is_some() || self.value.is_some()
    }
}

/// The model of `plan` over `table` (or, with `None`, over the plan's `investment.periods`),
/// evaluated with the plan's own assumptions; `None` when the plan has no model.
pub fn investment_roi(
    table: Option<&Table>,
    plan: &Plan,
) -> Result<Option<(Prepared, InvestmentRoi)>> {
    if !plan.has_investment_model() {
        return Ok(None);
    }
    let p = prepare(table, plan.investment.as_ref(), plan.value.as_ref())?;
    let r = evaluate(&p, &Assumptions::default());
    Ok(Some((p, r)))
}
