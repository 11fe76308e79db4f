//! Arithmetic ties: columns computed from other columns (taxes as a share of net sales, a total as
//! the sum of its parts, a running total next to its own daily flow). Their correlation is
//! arithmetic, not a finding, so they are named once ("tied by arithmetic") and their pairs are
//! kept out of the correlation findings and the verdict.
//!
//! Detection, on rows where every column involved is present (at least [`MIN_ROWS`]):
//! * linear: |Pearson r| ≥ 0.999 on levels; the least-squares line is reported;
//! * running total: `c_t − c_{t−1} = f_t` on every row;
//! * sum: `a_t = ±b_t ± c_t [± d_t]` on every row (2 or 3 terms), once per set of columns;
//!
//! "=" allows half a cent per term plus 1e-7 relative, so money rounded to cents and counts
//! (exact) both qualify while real data, which is never exactly a sum, does not.

use serde::Serialize;

use super::findings::{num_sig, q_en, q_it};
use super::report::CorrelationEntry;
use crate::stats::{self, sum};
use crate::Table;

/// Rows an identity must hold on before it is believed.
pub const MIN_ROWS: usize = 8;
/// |r| from which two columns count as one linear function of the other.
pub const LINEAR_R: f64 = 0.999;
/// Columns from which only two-term sums are searched (three terms grow as m⁴).
const MAX_COLUMNS_3: usize = 16;
const MAX_COLUMNS_2: usize = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TieKind {
    /// y ≈ intercept + slope × x.
    Linear,
    /// y = Σ sign × term.
    Sum,
    /// y is the running total of x: y_t − y_{t−1} = x_t.
    RunningTotal,
}

/// One term of a sum: `sign` is +1 or −1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieTerm {
    pub column: String,
    pub sign: i8,
}

/// Columns tied by arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    /// The column computed from (linear, running total) or the first term (sum).
    pub x: String,
    /// The computed column (the share, the total, the running total).
    pub y: String,
    pub kind: TieKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slope: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intercept: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<TieTerm>,
    /// Pearson r of the pair (linear ties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r: Option<f64>,
    pub n: usize,
    pub text_en: String,
    pub text_it: String,
}

impl Tie {
    /// Every column of the tie, y first.
    pub fn columns(&self) -> Vec<&str> {
        let mut v = vec![self.y.as_str()];
        match self.kind {
            TieKind::Sum => v.extend(self.terms.iter().map(|t| t.column.as_str())),
            _ => v.push(self.x.as_str()),
        }
        v
    }

    /// Does the tie explain the correlation of a and b (y with one of its inputs)?
    pub fn ties_pair(&self, a: &str, b: &str) -> bool {
        let cols = self.columns();
        let y = cols[0];
        (a == y && cols[1..].contains(&b)) || (b == y && cols[1..].contains(&a))
    }
}

/// Is the pair (a, b) tied by any of `ties`?
pub fn tied(ties: &[Tie], a: &str, b: &str) -> bool {
    ties.iter().any(|t| t.ties_pair(a, b))
}

fn tolerance(terms: usize, magnitude: f64) -> f64 {
    0.005 * terms as f64 + 1e-7 * magnitude
}

/// Is every value a whole number?
fn integral(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_nan() || x.fract() == 0.0)
}

fn mean_abs(v: &[f64]) -> f64 {
    let (mut s, mut n) = (sum::Neumaier::new(), 0usize);
    for x in v.iter().filter(|x| !x.is_nan()) {
        s.add(x.abs());
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        s.value() / n as f64
    }
}

/// Finds the ties among the table's numeric columns; `correlations` are the level correlations.
pub fn find_ties(table: &Table, correlations: &[CorrelationEntry]) -> Vec<Tie> {
    let cols: Vec<(&str, &[f64])> = table
        .numeric_columns()
        .filter(|(_, v)| v.iter().filter(|x| !x.is_nan()).count() >= MIN_ROWS)
        .filter(|(_, v)| {
            // Not constant over its present values (no copy: columns can have a million rows).
            let mut present = v.iter().filter(|x| !x.is_nan());
            let first = present.next();
            present.any(|x| Some(x) != first)
        })
        .collect();
    let mut ties = Vec::new();
    running_totals(&cols, &mut ties);
    sums(&cols, &mut ties);
    for c in correlations {
        let (Some(r), true) = (c.pearson.r, c.n >= MIN_ROWS) else {
            continue;
        };
        if r.abs() < LINEAR_R || tied(&ties, &c.x, &c.y) {
            continue;
        }
        let (Some(a), Some(b)) = (table.numbers(&c.x), table.numbers(&c.y)) else {
            continue;
        };
        // x: the count when one is a count (shipping = 4.9 × orders), else the larger column
        // (taxes = 0.22 × net sales).
        let a_first = match (integral(a), integral(b)) {
            (true, false) => true,
            (false, true) => false,
            _ => mean_abs(a) >= mean_abs(b),
        };
        let ((xn, x), (yn, y)) = if a_first {
            ((&c.x, a), (&c.y, b))
        } else {
            ((&c.y, b), (&c.x, a))
        };
        let l = stats::linregress(x, y);
        let (Some(slope), Some(intercept)) = (l.slope, l.intercept) else {
            continue;
        };
        let shown = intercept.abs() > 0.01 * mean_abs(y);
        let text = |it: bool| {
            let q = if it { q_it } else { q_en };
            let icpt = if shown {
                let s = if intercept < 0.0 { "−" } else { "+" };
                format!(" {s} {}", num_sig(intercept.abs(), it))
            } else {
                String::new()
            };
            format!("{} ≈ {} × {}{icpt}", q(yn), num_sig(slope, it), q(xn))
        };
        ties.push(Tie {
            x: xn.clone(),
            y: yn.clone(),
            kind: TieKind::Linear,
            slope: Some(slope),
            intercept: Some(intercept),
            terms: Vec::new(),
            r: Some(r),
            n: l.n,
            text_en: text(false),
            text_it: text(true),
        });
    }
    ties
}

fn running_totals(cols: &[(&str, &[f64])], ties: &mut Vec<Tie>) {
    for &(cn, c) in cols {
        for &(fnm, f) in cols {
            if cn == fnm {
                continue;
            }
            let mut rows = 0;
            let holds = (1..c.len().min(f.len())).all(|t| {
                let (a, b, d) = (c[t], c[t - 1], f[t]);
                if a.is_nan() || b.is_nan() || d.is_nan() {
                    return true;
                }
                rows += 1;
                (a - b - d).abs() <= tolerance(1, a.abs() + b.abs())
            });
            if holds && rows + 1 >= MIN_ROWS {
                ties.push(Tie {
                    x: fnm.to_owned(),
                    y: cn.to_owned(),
                    kind: TieKind::RunningTotal,
                    slope: None,
                    intercept: None,
                    terms: Vec::new(),
                    r: None,
                    n: rows + 1,
                    text_en: format!("{} is the running total of {}", q_en(cn), q_en(fnm)),
                    text_it: format!("{} è il totale progressivo di {}", q_it(cn), q_it(fnm)),
                });
            }
        }
    }
}

/// Does `a = Σ sign·term` hold on every complete row (and on enough of them)?
fn sum_holds(a: &[f64], terms: &[(&[f64], f64)]) -> Option<usize> {
    let len = terms.iter().map(|(v, _)| v.len()).fold(a.len(), usize::min);
    let mut rows = 0;
    for t in 0..len {
        if a[t].is_nan() || terms.iter().any(|(v, _)| v[t].is_nan()) {
            continue;
        }
        let s: f64 = terms.iter().map(|(v, sg)| sg * v[t]).sum();
        let mag = a[t].abs() + terms.iter().map(|(v, _)| v[t].abs()).sum::<f64>();
        if (a[t] - s).abs() > tolerance(terms.len(), mag) {
            return None;
        }
        rows += 1;
    }
    (rows >= MIN_ROWS).then_some(rows)
}

fn sums(cols: &[(&str, &[f64])], ties: &mut Vec<Tie>) {
    let m = cols.len();
    if !(3..=MAX_COLUMNS_2).contains(&m) {
        return;
    }
    // The largest column first: it is the total of the parts (gross = net + discounts + …).
    let size: Vec<f64> = cols.iter().map(|(_, v)| mean_abs(v)).collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| size[j].total_cmp(&size[i]));
    let mut seen: Vec<Vec<usize>> = Vec::new();
    let max_terms = if m <= MAX_COLUMNS_3 { 3 } else { 2 };
    for &a in &order {
        let others: Vec<usize> = (0..m).filter(|&i| i != a).collect();
        let mut combos: Vec<Vec<usize>> = Vec::new();
        for (x, &i) in others.iter().enumerate() {
            for (y, &j) in others.iter().enumerate().skip(x + 1) {
                combos.push(vec![i, j]);
                if max_terms == 3 {
                    combos.extend(others[y + 1..].iter().map(|&k| vec![i, j, k]));
                }
            }
        }
        // Two-term identities before three-term ones.
        combos.sort_by_key(Vec::len);
        for combo in combos {
            let mut set: Vec<usize> = combo.iter().copied().chain([a]).collect();
            set.sort_unstable();
            if seen.iter().any(|s| s.iter().all(|c| set.contains(c))) {
                continue;
            }
            for signs in 0..(1u32 << combo.len()) {
                let terms: Vec<(&[f64], f64)> = combo
                    .iter()
                    .enumerate()
                    .map(|(b, &i)| (cols[i].1, if signs >> b & 1 == 1 { -1.0 } else { 1.0 }))
                    .collect();
                let Some(rows) = sum_holds(cols[a].1, &terms) else {
                    continue;
                };
                let mut terms: Vec<TieTerm> = combo
                    .iter()
                    .zip(&terms)
                    .map(|(&i, (_, s))| TieTerm {
                        column: cols[i].0.to_owned(),
                        sign: if *s < 0.0 { -1 } else { 1 },
                    })
                    .collect();
                // Added terms first: "net − discounts", not "− discounts + net".
                terms.sort_by_key(|t| -t.sign);
                let text = |it: bool| {
                    let q = if it { q_it } else { q_en };
                    let mut s = format!("{} =", q(cols[a].0));
                    for (i, t) in terms.iter().enumerate() {
                        let op = match (i, t.sign) {
                            (0, 1) => "",
                            (0, _) => " −",
                            (_, 1) => " +",
                            _ => " −",
                        };
                        s.push_str(&format!("{op} {}", q(&t.column)));
                    }
                    s
                };
                ties.push(Tie {
                    x: terms[0].column.clone(),
                    y: cols[a].0.to_owned(),
                    kind: TieKind::Sum,
                    slope: None,
                    intercept: None,
                    text_en: text(false),
                    text_it: text(true),
                    terms,
                    r: None,
                    n: rows,
                });
                seen.push(set);
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_export_and_a_running_total() {
        let n = 20;
        let orders: Vec<f64> = (0..n).map(|i| (10 + i * 7 % 13) as f64).collect();
        let gross: Vec<f64> = orders
            .iter()
            .enumerate()
            .map(|(i, o)| o * 41.3 + (i * 37 % 17) as f64)
            .collect();
        let disc: Vec<f64> = (0..n).map(|i| (i * 5 % 7) as f64 * 3.5).collect();
        let net: Vec<f64> = (0..n).map(|i| gross[i] - disc[i]).collect();
        let cum: Vec<f64> = orders
            .iter()
            .scan(1000.0, |s, o| {
                *s += o;
                Some(*s)
            })
            .collect();
        let t = Table::from_columns(
            None,
            vec![
                ("Gross sales", gross),
                ("Discounts", disc),
                ("Net sales", net),
                ("Orders", orders),
                ("Total orders", cum),
            ],
        );
        let ties = find_ties(&t, &[]);
        let texts: Vec<&str> = ties.iter().map(|t| t.text_en.as_str()).collect();
        assert!(
            texts.contains(&"“Total orders” is the running total of “Orders”"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"“Gross sales” = “Discounts” + “Net sales”"),
            "{texts:?}"
        );
        assert_eq!(ties.len(), 2, "{texts:?}");
        assert!(tied(&ties, "Net sales", "Gross sales"));
        assert!(!tied(&ties, "Net sales", "Discounts"));
    }
}
