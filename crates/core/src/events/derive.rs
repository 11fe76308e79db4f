//! Rows of an event export → one row per period: counts, money and customers (numbers only).

use crate::hash::FxHashMap;
use std::borrow::Cow;

use super::digest::{key_hash, Digest, Order, RefundRow};
use super::recipe::{Recipe, RefundSource, Role};
use super::retention::Retention;
use crate::reshape::{self, AggRule};
use crate::{
    Column, ColumnData, Date, DateColumn, Error, ErrorKind, Period, Position, Result, RowSource,
    Table,
};

/// The per-period series of one event file.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// Period starts in `date`; numeric series only (no text, no personal data).
    pub table: Table,
    /// New and returning customers and cohorts (orders and payments with a customer column).
    pub retention: Option<Retention>,
    /// What was left out and why (English), e.g. "2 voided or cancelled orders left out".
    pub notes: Vec<String>,
}

/// A cell of a key column: text or a number, either may be empty.
pub(super) enum KeyCol<'a> {
    Text(&'a crate::TextColumn),
    Num(&'a [f64]),
}

impl<'a> KeyCol<'a> {
    /// The cell as a normalised key (trimmed, lower case), `None` when empty. Borrowed when the
    /// cell is already normal: a 300,000-row export then allocates no key at all.
    pub(super) fn key(&self, i: usize) -> Option<Cow<'a, str>> {
        match *self {
            KeyCol::Text(v) => {
                let t = v.get(i)?.trim();
                if t.is_empty() {
                    None
                } else if t.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                    Some(Cow::Owned(crate::text::lowercase(t)))
                } else {
                    Some(Cow::Borrowed(t))
                }
            }
            KeyCol::Num(v) => (!v[i].is_nan()).then(|| Cow::Owned(format!("{}", v[i]))),
        }
    }
}

fn column<'a>(t: &'a Table, name: &str) -> Result<&'a Column> {
    t.column(name)
        .or_else(|| {
            t.columns
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
        })
        .ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn {
                pos: Position::default(),
                name: name.to_owned(),
                known: t.columns.iter().map(|c| c.name.clone()).collect(),
            })
        })
}

pub(super) fn key_col<'a>(t: &'a Table, name: &str) -> Result<KeyCol<'a>> {
    Ok(match &column(t, name)?.data {
        ColumnData::Text(v) => KeyCol::Text(v),
        ColumnData::Numeric(v) => KeyCol::Num(v),
    })
}

fn num_col<'a>(t: &'a Table, name: &str) -> Result<&'a [f64]> {
    match &column(t, name)?.data {
        ColumnData::Numeric(v) => Ok(v),
        ColumnData::Text(_) => Err(Error::new(ErrorKind::Other {
            pos: Position::default(),
            message: format!("the column \"{name}\" holds no numbers"),
        })),
    }
}

/// The periods from the first to the last start, without gaps (a week without orders is a week
/// with 0 orders).
pub(crate) fn periods(first: Date, last: Date, period: Period) -> Vec<Date> {
    let mut v = Vec::new();
    let mut d = period.start(first);
    let end = period.start(last);
    while d <= end {
        v.push(d);
        d = match period {
            Period::Day => Date::from_days(d.days() + 1),
            Period::Week => Date::from_days(d.days() + 7),
            Period::Month => Date::from_days(d.days() + 32).month_start(),
        };
    }
    v
}

pub(super) fn index_of(periods: &[Date], period: Period, d: Date) -> usize {
    periods
        .binary_search(&period.start(d))
        .unwrap_or_else(|i| i.min(periods.len().saturating_sub(1)))
}

pub(super) fn numeric(name: &str, v: Vec<f64>) -> Column {
    Column {
        name: name.to_owned(),
        data: ColumnData::Numeric(v),
    }
}

/// Combines an event table per period as the recipe says. Rows need not be in date order.
pub fn derive(table: &Table, recipe: &Recipe, period: Period) -> Result<Derived> {
    let dates = table.dates().ok_or_else(|| {
        Error::new(ErrorKind::NoDateColumn {
            pos: Position::default(),
        })
    })?;
    match recipe.role {
        Role::Counts => {
            let mut d = counts(table, recipe, period)?;
            // one row a day (TikTok's overview) combined per week or month: the part periods at
            // its edges, summed, were a 1-day "week" beside whole ones (and the `days` count then
            // "correlated" with everything)
            // (rows that are days by what they are, not posts or campaigns on a day each)
            let one_a_day = recipe.count_name == "days" && dates.windows(2).all(|w| w[0] != w[1]);
            if one_a_day && crate::analysis::document::finer_than(table, period) == Some("daily") {
                let kept: Vec<(String, crate::reshape::AggRule)> = recipe
                    .last
                    .iter()
                    .map(|c| (c.clone(), crate::reshape::AggRule::Last))
                    .chain(
                        recipe
                            .rates
                            .iter()
                            .map(|x| (x.name.clone(), crate::reshape::AggRule::Mean)),
                    )
                    .collect();
                if let Some(n) = crate::analysis::document::leave_out_partial_edges(
                    table,
                    period,
                    &kept,
                    &mut d.table,
                ) {
                    d.notes.push(n);
                }
            }
            Ok(d)
        }
        Role::Orders => Ok(orders(table, dates, recipe)?.per_period(period)),
    }
}

/// The costly, period-free half of [`derive`] for orders and payments (`None` for a recipe that
/// counts posts or campaigns, whose series come straight from the table).
pub fn digest(table: &Table, recipe: &Recipe) -> Result<Option<Digest>> {
    let dates = table.dates().ok_or_else(|| {
        Error::new(ErrorKind::NoDateColumn {
            pos: Position::default(),
        })
    })?;
    match recipe.role {
        Role::Counts => Ok(None),
        Role::Orders => orders(table, dates, recipe).map(Some),
    }
}

/// An empty per-period table: period starts, and where each period's first row is in the file.
pub(super) fn period_table(
    files: &[String],
    periods: Vec<Date>,
    first_row: Vec<Option<RowSource>>,
) -> Table {
    Table {
        date: Some(DateColumn {
            name: "date".to_owned(),
            values: periods,
        }),
        columns: Vec::new(),
        sources: first_row
            .iter()
            .map(|r| r.map_or_else(RowSource::default, |s| s.with_joined(None)))
            .collect(),
        files: files.to_vec(),
    }
}

/// Whether a lowercased column name is a ratio, which a sum per period would make meaningless:
/// rates and percentages, and the ad platforms' per-unit costs and averages (`CTR`, `Avg. CPC`,
/// `Cost / conv.`, `Cost per result`, `Costo per risultato`, `CPM`, `ROAS`, `Frequency`).
pub(crate) fn is_ratio_name(l: &str) -> bool {
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // not "media" (Italian for average): X's "media views" are counts
    const RATIOS: &[&str] = &[
        "ctr",
        "cpc",
        "cpm",
        "cpa",
        "cpv",
        "cpl",
        "roas",
        "avg",
        "average",
        "frequency",
        "frequenza",
    ];
    l.contains("rate")
        || l.contains("tasso")
        || l.contains('%')
        || l.contains(" / ")
        // "cost per result", "costo per risultato" (not "spesa per campagna": spend by campaign)
        || l.contains("cost per")
        || l.contains("costo per")
        || l.contains("costi per")
        || words.iter().any(|w| RATIOS.contains(w))
}

/// Posts, campaigns, days: a count and per-column sums (running totals: last), rates recomputed.
fn counts(table: &Table, recipe: &Recipe, period: Period) -> Result<Derived> {
    let dates = table.dates().unwrap_or(&[]);
    let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else {
        return Ok(Derived {
            table: period_table(&table.files, Vec::new(), Vec::new()),
            retention: None,
            notes: Vec::new(),
        });
    };
    let ps = periods(first, last, period);
    // a rate the recipe cannot recompute is left out: a sum (or mean) of rates means nothing
    let unrecomputed_rate = |n: &str| {
        let l = crate::text::lowercase(n);
        is_ratio_name(&l) && !recipe.rates.iter().any(|r| r.name == n)
    };
    let skip =
        |n: &str| recipe.skip.iter().any(|s| s.eq_ignore_ascii_case(n)) || unrecomputed_rate(n);
    let mut numeric_only = Table {
        date: table.date.clone(),
        columns: table
            .columns
            .iter()
            // a column without a single number (empty, only `-`) gives no series
            .filter(|c| {
                !skip(&c.name) && c.numbers().is_some_and(|v| v.iter().any(|x| !x.is_nan()))
            })
            .cloned()
            .collect(),
        sources: table.sources.clone(),
        files: table.files.clone(),
    };
    if !recipe.count_name.is_empty() {
        numeric_only
            .columns
            .insert(0, numeric(&recipe.count_name, vec![1.0; dates.len()]));
    }
    let rules: Vec<(String, AggRule)> = recipe
        .last
        .iter()
        .filter(|n| numeric_only.column(n).is_some())
        .map(|n| (n.clone(), AggRule::Last))
        .collect();
    let r = reshape::resample(&numeric_only, period, &rules)?;
    let got = r.dates().unwrap_or(&[]);
    // spread onto the gap-free periods: no rows means 0 (nothing posted), a running total stays
    // missing
    let mut first_row = vec![None; ps.len()];
    for (i, &d) in dates.iter().enumerate() {
        let k = index_of(&ps, period, d);
        if first_row[k].is_none_or(|j: usize| table.sources[j].line > table.sources[i].line) {
            first_row[k] = Some(i);
        }
    }
    let first_row = first_row
        .iter()
        .map(|r| r.and_then(|i| table.sources.get(i).copied()))
        .collect();
    let mut out = period_table(&table.files, ps.clone(), first_row);
    for c in &r.columns {
        let v = c.numbers().unwrap_or(&[]);
        let is_last = recipe.last.iter().any(|n| n == &c.name);
        let mut full = vec![if is_last { f64::NAN } else { 0.0 }; ps.len()];
        for (k, &d) in got.iter().enumerate() {
            full[index_of(&ps, period, d)] = v[k];
        }
        out.columns.push(numeric(&c.name, full));
    }
    for rate in &recipe.rates {
        let (Some(num), Some(den)) = (out.numbers(&rate.numerator), out.numbers(&rate.denominator))
        else {
            continue;
        };
        let v: Vec<f64> = num
            .iter()
            .zip(den)
            .map(|(&n, &d)| if d > 0.0 { n / d } else { f64::NAN })
            .collect();
        match out.columns.iter_mut().find(|c| c.name == rate.name) {
            Some(c) => c.data = ColumnData::Numeric(v),
            None => out.columns.push(numeric(&rate.name, v)),
        }
    }
    Ok(Derived {
        table: out,
        retention: None,
        notes: Vec::new(),
    })
}

/// What a status means for an order.
#[derive(PartialEq)]
enum Status {
    Counted,
    Pending,
    Left,
}

fn status_of(recipe: &Recipe, raw: Option<Cow<str>>) -> Status {
    let s = raw.as_deref().unwrap_or_default();
    let s = s.strip_prefix("wc-").unwrap_or(s);
    // a recipe's status list applies where the export has a status column (PayPal's
    // "Statements" download has none: every row there is completed)
    let not_only = recipe.status.is_some()
        && !recipe.only_statuses.is_empty()
        && !recipe.only_statuses.iter().any(|x| x == s);
    // a generic file's statuses are said in words of its own: "In attesa di pagamento con
    // bonifico" is pending as "in attesa" is
    let generic = recipe.kind == super::ExportKind::GenericEvents;
    let is = |x: &String| {
        x == s
            || (generic
                && s.strip_prefix(x.as_str())
                    .is_some_and(|r| r.starts_with(' ')))
    };
    if not_only || recipe.excluded_statuses.iter().any(is) {
        Status::Left
    } else if recipe.pending_statuses.iter().any(is) {
        Status::Pending
    } else {
        Status::Counted
    }
}

/// What an order's status says of a refund when the export has no refunded amount: `Some(true)`
/// all of it (`refunded`), `Some(false)` part of it, unknown (`partially_refunded`), `None` none.
fn refund_status(raw: Option<&str>) -> Option<bool> {
    let s = crate::text::lowercase(raw?.trim());
    let s = s.strip_prefix("wc-").unwrap_or(&s);
    if s.contains("partial") || s.contains("parzial") {
        Some(false)
    } else if matches!(
        s,
        "refunded" | "fully refunded" | "rimborsato" | "rimborsata"
    ) {
        Some(true)
    } else {
        None
    }
}

/// PayPal-style row types: a sale, a refund, or neither (withdrawals, holds, reversals, memos).
#[derive(PartialEq)]
enum RowType {
    Payment,
    Refund,
    Other,
}

fn row_type(t: Option<Cow<str>>) -> RowType {
    let t = t.as_deref().unwrap_or_default();
    if t.contains("refund") || t.contains("rimborso") {
        RowType::Refund
    } else if (t.contains("payment") || t.contains("pagamento") || t.contains("charge"))
        && ![
            // a dispute's money taken back is not a sale
            "chargeback",
            "reversal",
            "hold",
            "withdrawal",
            "sent",
            "memo",
            "cancel",
            "storno",
            "blocco",
            "inviato",
            "annull",
        ]
        .iter()
        .any(|w| t.contains(w))
    {
        RowType::Payment
    } else {
        RowType::Other
    }
}

fn first_num(v: &[f64], rows: &[usize]) -> f64 {
    rows.iter()
        .map(|&i| v[i])
        .find(|x| !x.is_nan())
        .unwrap_or(f64::NAN)
}

/// A customer cell that names nobody: WooCommerce's user id 0 and the words exports use for
/// guest checkouts. As a key it would make every guest one customer (and, linked to e-mails,
/// every guest's e-mail the same customer).
fn is_placeholder(k: &str) -> bool {
    // the readers' missing-cell markers (`-`, `n/a`, `null`…), the guest words, and user id 0
    const NOBODY: &[&str] = &[
        "0",
        "guest",
        "ospite",
        "anonymous",
        "anonimo",
        "unknown",
        "sconosciuto",
        "(not set)",
    ];
    NOBODY.contains(&k) || crate::ingest::is_missing_marker(k.as_bytes())
}

/// The root of a key's group, halving the path on the way (union-find).
/// Customers numbered by their first order (`orders` in date order), one number per linked
/// group of keys: each order's customer node becomes that number. Returns each root node's
/// number (`u32::MAX` for none) and how many customers there are.
pub(super) fn number_customers(orders: &mut [Order], linked: &mut [u32]) -> (Vec<u32>, u32) {
    let mut number = vec![u32::MAX; linked.len()];
    let mut n = 0u32;
    for o in orders {
        if let Some(c) = o.customer {
            let r = root(linked, c) as usize;
            if number[r] == u32::MAX {
                number[r] = n;
                n += 1;
            }
            o.customer = Some(number[r]);
        }
    }
    (number, n)
}

pub(super) fn root(linked: &mut [u32], mut k: u32) -> u32 {
    while linked[k as usize] != k {
        let up = linked[linked[k as usize] as usize];
        linked[k as usize] = up;
        k = up;
    }
    k
}

fn orders(table: &Table, dates: &[Date], recipe: &Recipe) -> Result<Digest> {
    let n = dates.len();
    let id = recipe
        .order_id
        .as_deref()
        .map(|c| key_col(table, c))
        .transpose()?;
    let customers: Vec<KeyCol> = recipe
        .customers
        .iter()
        .map(|c| key_col(table, c))
        .collect::<Result<_>>()?;
    let status = recipe
        .status
        .as_deref()
        .map(|c| key_col(table, c))
        .transpose()?;
    let kind = recipe
        .type_column
        .as_deref()
        .map(|c| key_col(table, c))
        .transpose()?;
    let amount = recipe
        .amount
        .as_deref()
        .map(|c| num_col(table, c))
        .transpose()?;
    let refund_col = match &recipe.refund {
        Some(RefundSource::Column(c)) => Some(num_col(table, c)?),
        _ => None,
    };
    // an extra that is not a number column (empty, or text) adds nothing
    let extras: Vec<(&[f64], f64)> = recipe
        .order_extras
        .iter()
        .map(|c| (c, 1.0))
        .chain(recipe.order_less.iter().map(|c| (c, -1.0)))
        .filter_map(|(c, sign)| Some((num_col(table, c).ok()?, sign)))
        .collect();
    let adjusted = match &recipe.refund {
        Some(RefundSource::Difference { total, adjusted }) => {
            Some((num_col(table, total)?, num_col(table, adjusted)?))
        }
        _ => None,
    };
    // rows of each order, in date then file order: (order, row) pairs, grouped below
    let mut row_orders: Vec<(usize, usize)> = Vec::with_capacity(n);
    let mut n_orders_seen = 0usize;
    let mut by_id: FxHashMap<Cow<str>, usize> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    let mut rows: Vec<usize> = (0..n).collect();
    rows.sort_by_key(|&i| (dates[i], table.sources[i].line));
    let refund_keys: Vec<KeyCol> = recipe
        .refund_customers
        .iter()
        .map(|c| key_col(table, c))
        .collect::<Result<_>>()?;
    let mut refund_rows: Vec<(Date, f64, Option<Cow<str>>)> = Vec::new();
    let mut left_out = 0usize;
    let mut not_sales = 0usize;
    for &i in &rows {
        if let Some(k) = &kind {
            match row_type(k.key(i)) {
                RowType::Payment => {}
                RowType::Refund => {
                    let st = status.as_ref().map(|s| s.key(i));
                    if st.is_none_or(|s| status_of(recipe, s) != Status::Left) {
                        let g = amount.map_or(f64::NAN, |a| a[i]);
                        if g < 0.0 {
                            let who = refund_keys.iter().find_map(|c| c.key(i));
                            refund_rows.push((dates[i], -g, who));
                        } else if g > 0.0 {
                            // money in: a refund the shop received (from a supplier it paid),
                            // not a sale given back
                            not_sales += 1;
                        }
                    }
                    continue;
                }
                RowType::Other => {
                    not_sales += 1;
                    continue;
                }
            }
            if amount.is_some_and(|a| a[i].is_nan() || a[i] <= 0.0) {
                not_sales += 1;
                continue;
            }
        }
        let o = match id.as_ref().and_then(|c| c.key(i)) {
            Some(key) => *by_id.entry(key).or_insert(n_orders_seen),
            None => n_orders_seen,
        };
        n_orders_seen = n_orders_seen.max(o + 1);
        row_orders.push((o, i));
    }
    drop(by_id);
    // One flat list of rows grouped by order (a stable counting sort keeps date and file order
    // within an order): a `Vec` per order was 170,000 small allocations on a Shopify export.
    let mut start = vec![0usize; n_orders_seen + 1];
    for &(o, _) in &row_orders {
        start[o + 1] += 1;
    }
    for k in 0..n_orders_seen {
        start[k + 1] += start[k];
    }
    let mut flat = vec![0usize; row_orders.len()];
    let mut next = start.clone();
    for &(o, i) in &row_orders {
        flat[next[o]] = i;
        next[o] += 1;
    }
    drop(row_orders);
    let order_rows = (0..n_orders_seen).map(|o| &flat[start[o]..start[o + 1]]);
    // customers interned to numbers: the keys never leave this function
    let mut interned: FxHashMap<Cow<str>, u32> =
        FxHashMap::with_capacity_and_hasher(n_orders_seen, Default::default());
    // each interned key's link towards its customer (union-find: a key is its own root at first)
    let mut linked: Vec<u32> = Vec::new();
    let mut list: Vec<Order> = Vec::with_capacity(n_orders_seen);
    let mut pending = 0usize;
    let mut refunds_unknown = 0u64;
    let currency = recipe
        .currency
        .as_deref()
        .and_then(|c| column(table, c).ok())
        .and_then(|c| match &c.data {
            ColumnData::Text(v) => Some(v),
            ColumnData::Numeric(_) => None,
        });
    let mut currencies: Vec<String> = Vec::new();
    let mut late_refunds: Vec<RefundRow> = Vec::new();
    for rs in order_rows {
        let st = status
            .as_ref()
            .and_then(|s| rs.iter().find_map(|&i| s.key(i)));
        let s = if status.is_some() {
            status_of(recipe, st.clone())
        } else {
            Status::Counted
        };
        if s == Status::Left {
            left_out += 1;
            continue;
        }
        let paid = s == Status::Counted;
        pending += usize::from(!paid);
        if let Some(c) = currency.and_then(|v| rs.iter().find_map(|&i| v.get(i))) {
            let c = c.trim().to_uppercase();
            if paid && !c.is_empty() && !currencies.contains(&c) && currencies.len() < 16 {
                currencies.push(c);
            }
        }
        // Every key column's key of the order names the same customer: an order with both a
        // customer id and an e-mail links them, so another order with only one of them is that
        // customer again, not a new one (Stripe fills `Customer ID` only for saved customers).
        let mut customer: Option<u32> = None;
        for c in &customers {
            let Some(k) = rs
                .iter()
                .find_map(|&i| c.key(i).filter(|k| !is_placeholder(k)))
            else {
                continue;
            };
            let next = interned.len() as u32;
            let node = *interned.entry(k).or_insert_with(|| {
                linked.push(next);
                next
            });
            match customer {
                None => customer = Some(node),
                Some(first) => {
                    let (a, b) = (root(&mut linked, first), root(&mut linked, node));
                    linked[b as usize] = a;
                }
            }
        }
        let amount_v = match amount {
            Some(a) if recipe.amount_per_row => {
                let generic = recipe.kind == super::ExportKind::GenericEvents;
                let mut v: Vec<f64> = Vec::with_capacity(rs.len());
                for &i in rs.iter().filter(|&&i| !a[i].is_nan()) {
                    // a minus row of an order of several rows, in a file of no known export, is
                    // a refund of it when it was made (Square writes one under the payment's id)
                    if generic && a[i] < 0.0 && rs.len() > 1 {
                        late_refunds.push(RefundRow {
                            date: dates[i],
                            amount: -a[i],
                            known_customer: customer.is_some(),
                        });
                    } else {
                        v.push(a[i]);
                    }
                }
                if v.is_empty() {
                    f64::NAN
                } else {
                    v.iter().sum()
                }
            }
            Some(a) => first_num(a, rs),
            None => f64::NAN,
        };
        // order-level amounts repeated on each row count once
        let amount_v = extras.iter().fold(amount_v, |sum, &(e, sign)| {
            let x = first_num(e, rs);
            if x.is_nan() || sum.is_nan() {
                sum
            } else {
                sum + sign * x
            }
        });
        let refund = if let Some(r) = refund_col {
            // a refunded amount is money given back whatever its sign: some exports write it
            // negative (-12.50), which added as is made net revenue larger than revenue
            first_num(r, rs).abs()
        } else if let Some((t, a)) = adjusted {
            let (t, a) = (first_num(t, rs), first_num(a, rs));
            if a.is_nan() || t.is_nan() {
                0.0
            } else {
                t - a
            }
        } else if matches!(recipe.refund, Some(RefundSource::Rows)) {
            // refunds are rows of their own (PayPal): a payment's "Refunded" status only says
            // that such a row exists, which takes the amount off when the refund was made
            f64::NAN
        } else {
            // no refunded amount in the export: a status may still say (Shopify's `refunded`
            // gives the whole total back; `partially_refunded` an amount it does not say)
            match refund_status(st.as_deref()) {
                Some(true) => amount_v,
                Some(false) => {
                    refunds_unknown += 1;
                    f64::NAN
                }
                None => f64::NAN,
            }
        };
        // a transaction of no known export whose amount is negative is money given back (Square's
        // and SumUp's refunds are rows of their own, minus the amount): a refund when it was made,
        // not an order of negative revenue
        if recipe.kind == super::ExportKind::GenericEvents && amount_v < 0.0 {
            late_refunds.push(RefundRow {
                date: dates[rs[0]],
                amount: -amount_v,
                known_customer: customer.is_some(),
            });
            continue;
        }
        let key = id
            .as_ref()
            .and_then(|c| rs.iter().find_map(|&i| c.key(i)))
            .map(|k| key_hash(&k));
        list.push(Order {
            source: table.sources.get(rs[0]).copied().unwrap_or_default(),
            date: dates[rs[0]],
            customer,
            paid,
            amount: amount_v,
            refund,
            key,
        });
    }
    let refunds = refund_rows
        .into_iter()
        .map(|(date, amount, who)| RefundRow {
            date,
            amount,
            known_customer: who.is_some_and(|w| interned.contains_key(&w)),
        })
        .chain(late_refunds)
        .collect();
    let (number, n_customers) = number_customers(&mut list, &mut linked);
    let guests = list.iter().filter(|o| o.customer.is_none()).count();
    // each customer's keys, hashed: how another part of the export finds it
    let mut customer_keys = vec![Vec::new(); n_customers as usize];
    for (k, &node) in &interned {
        let c = number[root(&mut linked, node) as usize];
        if let Some(v) = customer_keys.get_mut(c as usize) {
            v.push(key_hash(k));
        }
    }
    customer_keys.iter_mut().for_each(|v| v.sort_unstable());
    Ok(Digest {
        files: table.files.clone(),
        span: dates.iter().min().copied().zip(dates.iter().max().copied()),
        orders: list,
        refunds,
        n_customers,
        customer_keys,
        has_amount: amount.is_some(),
        has_customers: !recipe.customers.is_empty(),
        left_out: left_out as u64,
        pending: pending as u64,
        not_sales: not_sales as u64,
        guests: guests as u64,
        refunds_unknown,
        currencies: {
            currencies.sort();
            currencies
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::ExportKind;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(2024, m, day).unwrap()
    }

    fn text(name: &str, v: &[Option<&str>]) -> Column {
        Column {
            name: name.to_owned(),
            data: ColumnData::Text(v.iter().copied().collect()),
        }
    }

    #[test]
    fn paypal_rows_payments_refunds_and_the_rest() {
        let mut t = Table::from_columns(
            Some(("Date", vec![d(3, 1), d(3, 2), d(3, 3), d(4, 2), d(4, 3)])),
            vec![("Gross", vec![100.0, 50.0, -20.0, -30.0, 40.0])],
        );
        t.columns.push(text(
            "Type",
            &[
                Some("Website Payment"),
                Some("Express Checkout Payment"),
                Some("General Withdrawal"),
                Some("Payment Refund"),
                Some("Payment Reversal"),
            ],
        ));
        t.columns.push(text(
            "Status",
            &[
                Some("Completed"),
                Some("Pending"),
                Some("Completed"),
                Some("Completed"),
                Some("Completed"),
            ],
        ));
        t.columns.push(text(
            "From Email Address",
            &[Some("A@x.io"), Some("b@x.io"), None, None, None],
        ));
        t.columns.push(text(
            "To Email Address",
            &[None, None, None, Some("a@x.io"), None],
        ));
        let header = [
            "Date",
            "Time",
            "TimeZone",
            "Type",
            "Status",
            "Gross",
            "From Email Address",
            "To Email Address",
        ];
        let r = Recipe::for_kind(ExportKind::PaypalActivity, &header).unwrap();
        let out = derive(&t, &r, Period::Month).unwrap();
        assert_eq!(out.table.numbers("orders").unwrap(), &[1.0, 0.0]);
        assert_eq!(out.table.numbers("revenue").unwrap(), &[100.0, 0.0]);
        assert_eq!(out.table.numbers("refunds").unwrap(), &[0.0, 30.0]);
        assert_eq!(out.retention.unwrap().value_of_customer, Some(70.0));
        assert!(out.notes.iter().any(|n| n.contains("not sales")));
        // a refund the shop received (money in, from a supplier it paid) is no sale given back
        let mut t2 = t.clone();
        if let ColumnData::Numeric(g) = &mut t2.columns[0].data {
            g[3] = 30.0;
        }
        let out = derive(&t2, &r, Period::Month).unwrap();
        assert_eq!(out.table.numbers("refunds").unwrap(), &[0.0, 0.0]);
        assert_eq!(out.table.numbers("net_revenue").unwrap(), &[100.0, 0.0]);
    }

    #[test]
    fn ratio_columns_are_not_summed_per_period() {
        for n in [
            "CTR",
            "Avg. CPC",
            "Cost / conv.",
            "Cost per results",
            "Costo per risultato",
            "Frequency",
            "Conv. rate",
            "Engagement %",
        ] {
            assert!(is_ratio_name(&crate::text::lowercase(n)), "{n}");
        }
        for n in [
            "Clicks",
            "Cost",
            "Amount spent (EUR)",
            "media views",
            "Spesa per campagna",
        ] {
            assert!(!is_ratio_name(&crate::text::lowercase(n)), "{n}");
        }
    }

    #[test]
    fn a_refunded_status_without_a_refund_column_gives_the_total_back() {
        let mut t = Table::from_columns(
            Some(("Created at", vec![d(3, 1), d(3, 2), d(3, 3)])),
            vec![("Total", vec![100.0, 50.0, 40.0])],
        );
        t.columns
            .push(text("Name", &[Some("#1"), Some("#2"), Some("#3")]));
        t.columns.push(text(
            "Email",
            &[Some("a@x.io"), Some("b@x.io"), Some("c@x.io")],
        ));
        t.columns.push(text(
            "Financial Status",
            &[Some("paid"), Some("refunded"), Some("partially_refunded")],
        ));
        t.columns
            .push(text("Currency", &[Some("EUR"), Some("eur "), Some("USD")]));
        let header = [
            "Name",
            "Email",
            "Financial Status",
            "Total",
            "Created at",
            "Currency",
        ];
        let r = Recipe::for_kind(ExportKind::ShopifyOrders, &header).unwrap();
        let out = derive(&t, &r, Period::Month).unwrap();
        assert!(
            out.notes
                .iter()
                .any(|n| n.starts_with("amounts in 2 currencies (EUR, USD)")),
            "{:?}",
            out.notes
        );
        assert_eq!(out.table.numbers("revenue").unwrap(), &[190.0]);
        assert_eq!(out.table.numbers("refunds").unwrap(), &[50.0]);
        assert!(
            out.notes
                .iter()
                .any(|n| n.starts_with("1 partly refunded orders")),
            "{:?}",
            out.notes
        );
    }

    /// Stripe fills `Customer ID` only for saved customers: a payment with the id and the e-mail
    /// links them, so later payments with only one of them are the same customer. WooCommerce's
    /// guest user id 0 names nobody (as a key it made every guest one customer).
    #[test]
    fn a_customer_known_by_id_and_by_email_is_one_customer() {
        let dates = vec![d(1, 8), d(1, 9), d(2, 5), d(2, 6), d(3, 4), d(3, 5)];
        let mut t = Table::from_columns(
            Some(("Created date (UTC)", dates)),
            vec![("Amount", vec![10.0, 20.0, 30.0, 40.0, 50.0, 60.0])],
        );
        t.columns.push(text(
            "id",
            &[
                Some("ch_1"),
                Some("ch_2"),
                Some("ch_3"),
                Some("ch_4"),
                Some("ch_5"),
                Some("ch_6"),
            ],
        ));
        // ann: id only, then both, then e-mail only; bob: e-mail only twice, the id "0" once;
        // cy: the id "0", then her e-mail
        t.columns.push(text(
            "Customer ID",
            &[
                Some("cus_A"),
                None,
                Some("cus_A"),
                Some("0"),
                None,
                Some("0"),
            ],
        ));
        t.columns.push(text(
            "Customer Email",
            &[
                None,
                Some("bob@x.io"),
                Some("Ann@x.io"),
                Some("bob@x.io"),
                Some("ann@x.io"),
                Some("cy@x.io"),
            ],
        ));
        t.columns.push(text("Status", &[Some("Paid"); 6]));
        let header = [
            "id",
            "Created date (UTC)",
            "Amount",
            "Status",
            "Customer ID",
            "Customer Email",
        ];
        let r = Recipe::for_kind(ExportKind::StripePayments, &header).unwrap();
        let out = derive(&t, &r, Period::Month).unwrap();
        let nums = |c: &str| out.table.numbers(c).unwrap().to_vec();
        assert_eq!(nums("orders"), [2.0, 2.0, 2.0]);
        // January: ann and bob new; February: ann and bob back; March: ann back, cy new
        assert_eq!(nums("customers"), [2.0, 2.0, 2.0]);
        assert_eq!(nums("new_customers"), [2.0, 0.0, 1.0]);
        assert_eq!(nums("returning_customers"), [0.0, 2.0, 1.0]);
    }

    #[test]
    fn odd_tables_do_not_panic() {
        let r = Recipe::generic("date", Some("id"), Some("who"), Some("eur"), None);
        let empty = Table::from_columns(
            Some(("date", vec![])),
            vec![("id", vec![]), ("eur", vec![])],
        );
        assert!(
            derive(&empty, &r, Period::Week).is_err(),
            "no customer column"
        );
        let mut t = Table::from_columns(
            Some(("date", vec![d(1, 1), d(1, 1), d(12, 31)])),
            vec![("id", vec![7.0, 7.0, f64::NAN]), ("eur", vec![f64::NAN; 3])],
        );
        t.columns.push(text("who", &[None, Some("  "), Some("x")]));
        let out = derive(&t, &r, Period::Day).unwrap();
        assert_eq!(out.table.n_rows(), 366);
        assert_eq!(
            out.table.numbers("orders").unwrap().iter().sum::<f64>(),
            2.0
        );
        // the guest-only order (blank key) makes no customer; "x" is the one cohort, on the last day
        let c = &out.retention.unwrap().cohorts;
        assert_eq!((c.len(), c[0].size, c[0].shares.len()), (1, 1, 0));
    }
}
