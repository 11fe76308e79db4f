//! Customer retention over time: new vs returning customers per period and the cohort table.

use serde::Serialize;

use crate::Date;

/// Longest series with a cohort table (its size grows with the square of the periods: 3 years
/// of days). Past it `cohorts` is empty; weeks or months give one.
pub const MAX_COHORT_PERIODS: usize = 1100;

/// One cohort: the customers whose first order falls in the period starting `start`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohort {
    pub start: Date,
    pub size: usize,
    /// `shares[k − 1]`: share of the cohort ordering again k periods after its first period,
    /// for k = 1 up to the last period of the data.
    pub shares: Vec<f64>,
}

/// Retention of identified customers (e-mail, customer id, buyer id). Guests are not customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retention {
    pub periods: Vec<Date>,
    pub new_customers: Vec<f64>,
    pub returning_customers: Vec<f64>,
    /// Returning / customers ordering in the period (`None` when nobody ordered).
    pub returning_share: Vec<Option<f64>>,
    /// Share of customers with at least two orders, over the whole data.
    pub repeat_purchase_rate: Option<f64>,
    /// Orders of identified customers per customer, over the whole data.
    pub orders_per_customer: Option<f64>,
    pub cohorts: Vec<Cohort>,
    /// Net revenue of identified customers' orders per customer: an estimate of what a customer is
    /// worth, offered to the ROI section.
    pub value_of_customer: Option<f64>,
}

/// The per-period customer counts and the retention summary.
pub(crate) struct Computed {
    pub customers: Vec<f64>,
    pub new_customers: Vec<f64>,
    pub returning_customers: Vec<f64>,
    pub retention: Retention,
}

/// `orders`: (customer number, period index) for every identified order, any order.
pub(crate) fn compute(
    periods: &[Date],
    n_customers: usize,
    orders: &mut [(u32, usize)],
    net_of_customers: f64,
) -> Computed {
    let np = periods.len();
    let n_orders = orders.len();
    orders.sort_unstable();
    let mut customers = vec![0.0; np];
    let mut new_c = vec![0.0; np];
    let mut returning = vec![0.0; np];
    let mut cohort_size = vec![0usize; np];
    // cohort_hits[c][k]: customers of cohort c ordering k periods after their first; rows made
    // only for cohorts that exist, and no table past MAX_COHORT_PERIODS (quadratic in periods)
    let cohorts_on = np <= MAX_COHORT_PERIODS;
    let mut cohort_hits: Vec<Vec<usize>> = vec![Vec::new(); np];
    let mut repeaters = 0usize;
    let mut i = 0;
    while i < orders.len() {
        let c = orders[i].0;
        let first = orders[i].1;
        let mut last_seen = usize::MAX;
        let start = i;
        while i < orders.len() && orders[i].0 == c {
            let p = orders[i].1;
            if p != last_seen {
                customers[p] += 1.0;
                if p == first {
                    new_c[p] += 1.0;
                } else {
                    returning[p] += 1.0;
                }
                if cohorts_on {
                    let row = &mut cohort_hits[first];
                    if row.is_empty() {
                        row.resize(np - first, 0);
                    }
                    row[p - first] += 1;
                }
                last_seen = p;
            }
            i += 1;
        }
        cohort_size[first] += 1;
        repeaters += usize::from(i - start > 1);
    }
    let share = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let cohorts = (0..np)
        .filter(|&c| cohort_size[c] > 0 && cohorts_on)
        .map(|c| Cohort {
            start: periods[c],
            size: cohort_size[c],
            shares: cohort_hits[c][1..]
                .iter()
                .map(|&h| h as f64 / cohort_size[c] as f64)
                .collect(),
        })
        .collect();
    let nc = n_customers as f64;
    Computed {
        retention: Retention {
            periods: periods.to_vec(),
            new_customers: new_c.clone(),
            returning_customers: returning.clone(),
            returning_share: returning
                .iter()
                .zip(&customers)
                .map(|(&r, &c)| share(r, c))
                .collect(),
            repeat_purchase_rate: share(repeaters as f64, nc),
            orders_per_customer: share(n_orders as f64, nc),
            cohorts,
            value_of_customer: share(net_of_customers, nc),
        },
        customers,
        new_customers: new_c,
        returning_customers: returning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_returning_and_cohorts() {
        let ps: Vec<Date> = (1..=3)
            .map(|m| Date::from_ymd(2024, m, 1).unwrap())
            .collect();
        // customer 0: periods 0, 0, 2; customer 1: period 1; customer 2: periods 1, 2
        let mut o = vec![(0, 0), (0, 0), (0, 2), (1, 1), (2, 1), (2, 2), (1, 1)];
        let c = compute(&ps, 3, &mut o, 90.0);
        assert_eq!(c.customers, [1.0, 2.0, 2.0]);
        assert_eq!(c.new_customers, [1.0, 2.0, 0.0]);
        assert_eq!(c.returning_customers, [0.0, 0.0, 2.0]);
        let r = c.retention;
        assert_eq!(r.returning_share, [Some(0.0), Some(0.0), Some(1.0)]);
        // every customer has two orders or more (customer 1's two fall in one period)
        assert_eq!(r.repeat_purchase_rate, Some(1.0));
        assert_eq!(r.orders_per_customer, Some(7.0 / 3.0));
        assert_eq!(r.value_of_customer, Some(30.0));
        assert_eq!(r.cohorts.len(), 2);
        assert_eq!(r.cohorts[0].shares, [0.0, 1.0]);
        assert_eq!(r.cohorts[1].size, 2);
        assert_eq!(r.cohorts[1].shares, [0.5]);
    }
}
