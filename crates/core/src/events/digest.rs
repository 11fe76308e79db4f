//! An orders or payments export reduced to its orders, before a period is chosen.
//!
//! Grouping rows into orders and customers into numbers is the costly half of
//! [`derive`](super::derive) (hashing every row's order id and e-mail); adding the orders up per
//! day, week or month is cheap. The page does the first half where the file is read (the engine's
//! Web Worker) and keeps only this digest, so changing the period or joining another file never
//! hashes the export again on the main thread. Like the derived series it holds no text and no
//! personal data: customers are numbers. [`Digest::to_bytes`] is the form it crosses in.

use super::derive::{index_of, number_customers, numeric, period_table, periods, root};
use super::retention;
use crate::{Date, Period, RowSource};

/// One order (or payment) after grouping its rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Order {
    /// Where the order's first row is in the file.
    pub source: RowSource,
    pub date: Date,
    pub customer: Option<u32>,
    /// Counted as revenue (not pending).
    pub paid: bool,
    pub amount: f64,
    pub refund: f64,
    /// The order id's [`key_hash`], when the export has an id column: the same order in two
    /// parts of one export is counted once when they are put together ([`Digest::merge`]).
    pub key: Option<u64>,
}

/// A key's 64-bit hash (std's SipHash, fixed keys) for telling orders and customers apart across
/// the parts of one export: a digest keeps no key itself.
pub(crate) fn key_hash(k: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(k.as_bytes());
    h.finish()
}

/// A refund row of its own (PayPal): when, how much, and whether it is for a known customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RefundRow {
    pub date: Date,
    pub amount: f64,
    pub known_customer: bool,
}

/// The orders of one export, in date then file order (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub(crate) files: Vec<String>,
    /// First and last date over every data row (left-out orders and non-sales rows included).
    pub(crate) span: Option<(Date, Date)>,
    pub(crate) orders: Vec<Order>,
    pub(crate) refunds: Vec<RefundRow>,
    pub(crate) n_customers: u32,
    /// Each customer's key hashes (its e-mail's, its customer id's): how the same customer is
    /// found in another part of the export.
    pub(crate) customer_keys: Vec<Vec<u64>>,
    pub(crate) has_amount: bool,
    pub(crate) has_customers: bool,
    pub(crate) left_out: u64,
    pub(crate) pending: u64,
    pub(crate) not_sales: u64,
    pub(crate) guests: u64,
    /// Partly refunded orders whose refund the export does not give (no refunded-amount column).
    pub(crate) refunds_unknown: u64,
    /// The currencies of the counted orders' amounts, when more than one (added as they are).
    pub(crate) currencies: Vec<String>,
}

impl Digest {
    /// The same orders with every date `k` years later (earlier for a negative `k`): what a file of
    /// dates written without a year gets when its years are aligned with the other files'.
    pub fn add_years(&self, k: i32) -> Digest {
        let mut d = self.clone();
        d.span = d.span.map(|(a, z)| (a.add_years(k), z.add_years(k)));
        d.orders
            .iter_mut()
            .for_each(|o| o.date = o.date.add_years(k));
        d.refunds
            .iter_mut()
            .for_each(|r| r.date = r.date.add_years(k));
        d
    }

    /// Parts of one export put together (Shopify's `orders_export_1.csv`, `_2.csv`; a shop's
    /// exports month by month): one list of orders, an order in several parts counted once (by
    /// its id), a customer in several parts one customer (by any of its keys), so the repeat
    /// customers and retention run across the parts. Returns the digest and how many orders were
    /// in more than one part.
    pub fn merge(parts: &[Digest]) -> (Digest, u64) {
        use crate::hash::FxHashMap;
        let mut node_of: FxHashMap<u64, u32> = FxHashMap::default();
        let mut linked: Vec<u32> = Vec::new();
        let mut node = |k: u64, linked: &mut Vec<u32>| -> u32 {
            let next = linked.len() as u32;
            *node_of.entry(k).or_insert_with(|| {
                linked.push(next);
                next
            })
        };
        // each part's customer → a node of the union of every part's keys
        let mut part_nodes: Vec<Vec<u32>> = Vec::with_capacity(parts.len());
        for p in parts {
            let mut v = Vec::with_capacity(p.customer_keys.len());
            for keys in &p.customer_keys {
                let first = match keys.first() {
                    Some(&k) => node(k, &mut linked),
                    None => {
                        linked.push(linked.len() as u32);
                        linked.len() as u32 - 1
                    }
                };
                for &k in keys.iter().skip(1) {
                    let n = node(k, &mut linked);
                    let (a, b) = (root(&mut linked, first), root(&mut linked, n));
                    linked[b as usize] = a;
                }
                v.push(first);
            }
            part_nodes.push(v);
        }
        let mut seen = std::collections::HashSet::new();
        let mut duplicates = 0u64;
        let mut orders: Vec<Order> = Vec::new();
        let mut files: Vec<String> = Vec::new();
        for (p, part) in parts.iter().enumerate() {
            let offset = files.len() as u16;
            files.extend(part.files.iter().cloned());
            for o in &part.orders {
                if let Some(k) = o.key {
                    if !seen.insert(k) {
                        duplicates += 1;
                        continue;
                    }
                }
                let mut o = *o;
                o.source = RowSource::new(o.source.file.saturating_add(offset), o.source.line);
                o.customer = o
                    .customer
                    .and_then(|c| part_nodes[p].get(c as usize).copied());
                orders.push(o);
            }
        }
        // date order across the parts (stable: a part's own order within a day)
        orders.sort_by_key(|o| o.date);
        let (number, n_customers) = number_customers(&mut orders, &mut linked);
        let mut customer_keys = vec![Vec::new(); n_customers as usize];
        let keys: Vec<(u64, u32)> = node_of.iter().map(|(&k, &n)| (k, n)).collect();
        for (k, n) in keys {
            let c = number[root(&mut linked, n) as usize];
            if let Some(v) = customer_keys.get_mut(c as usize) {
                v.push(k);
            }
        }
        customer_keys.iter_mut().for_each(|v| v.sort_unstable());
        let span = parts
            .iter()
            .filter_map(|p| p.span)
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let mut currencies: Vec<String> = parts.iter().flat_map(|p| p.currencies.clone()).collect();
        currencies.sort();
        currencies.dedup();
        let sum = |f: fn(&Digest) -> u64| parts.iter().map(f).sum::<u64>();
        let guests = orders.iter().filter(|o| o.customer.is_none()).count() as u64;
        let merged = Digest {
            files,
            span,
            orders,
            refunds: parts
                .iter()
                .flat_map(|p| p.refunds.iter().copied())
                .collect(),
            n_customers,
            customer_keys,
            has_amount: parts.iter().any(|p| p.has_amount),
            has_customers: parts.iter().any(|p| p.has_customers),
            left_out: sum(|p| p.left_out),
            pending: sum(|p| p.pending),
            not_sales: sum(|p| p.not_sales),
            guests,
            refunds_unknown: sum(|p| p.refunds_unknown),
            currencies,
        };
        (merged, duplicates)
    }

    /// The per-period series and retention, as [`derive`](super::derive) gives them.
    pub fn per_period(&self, period: Period) -> super::Derived {
        let ps = match self.span {
            Some((a, z)) => periods(a, z, period),
            None => Vec::new(),
        };
        let np = ps.len();
        let mut n_orders = vec![0.0; np];
        let mut revenue = vec![0.0; np];
        let mut refunds = vec![0.0; np];
        let mut first_row: Vec<Option<RowSource>> = vec![None; np];
        let mut cust_periods: Vec<(u32, usize)> = Vec::with_capacity(self.orders.len());
        let mut cust_net: f64 = 0.0;
        let mut no_amount = 0usize;
        for o in &self.orders {
            let k = index_of(&ps, period, o.date);
            n_orders[k] += 1.0;
            first_row[k] = first_row[k].or(Some(o.source));
            let mut net = 0.0;
            if o.paid {
                if !o.amount.is_nan() {
                    revenue[k] += o.amount;
                    net += o.amount;
                } else {
                    no_amount += 1;
                }
                if !o.refund.is_nan() {
                    refunds[k] += o.refund;
                    net -= o.refund;
                }
            }
            if let Some(c) = o.customer {
                cust_periods.push((c, k));
                cust_net += net;
            }
        }
        for r in &self.refunds {
            refunds[index_of(&ps, period, r.date)] += r.amount;
            if r.known_customer {
                cust_net -= r.amount;
            }
        }
        let mut out = period_table(&self.files, ps.clone(), first_row);
        out.columns.push(numeric("orders", n_orders));
        if self.has_amount {
            let net: Vec<f64> = revenue.iter().zip(&refunds).map(|(r, f)| r - f).collect();
            out.columns.push(numeric("revenue", revenue));
            out.columns.push(numeric("refunds", refunds));
            out.columns.push(numeric("net_revenue", net));
        }
        let mut notes = Vec::new();
        if self.left_out > 0 {
            notes.push(format!(
                "{} orders left out by their status (voided, cancelled, failed or not completed)",
                self.left_out
            ));
        }
        if self.pending > 0 {
            notes.push(format!(
                "{} pending orders counted as orders, not as revenue",
                self.pending
            ));
        }
        if self.not_sales > 0 {
            notes.push(format!(
                "{} rows that are not sales (fees, payouts, withdrawals, holds, reversals, memos) left out",
                self.not_sales
            ));
        }
        if self.currencies.len() > 1 {
            notes.push(format!(
                "amounts in {} currencies ({}) added as they are, without conversion: export in one currency, or one file per currency",
                self.currencies.len(),
                self.currencies.join(", ")
            ));
        }
        if self.has_amount && no_amount > 0 {
            // said, not silent: a paid order without an amount lowers its period's revenue
            notes.push(format!(
                "{no_amount} paid orders have no amount (the cell is empty or not a number): they count as orders, but their revenue is unknown and not added"
            ));
        }
        if self.refunds_unknown > 0 {
            notes.push(format!(
                "{} partly refunded orders without the amount refunded (the export has no refunded-amount column): counted at their full total",
                self.refunds_unknown
            ));
        }
        let retention = if self.has_customers {
            if self.guests > 0 {
                notes.push(format!(
                    "{} guest orders (no customer) counted as orders, not customers",
                    self.guests
                ));
            }
            let r = retention::compute(&ps, self.n_customers as usize, &mut cust_periods, cust_net);
            out.columns.push(numeric("customers", r.customers));
            out.columns.push(numeric("new_customers", r.new_customers));
            out.columns
                .push(numeric("returning_customers", r.returning_customers));
            Some(r.retention)
        } else {
            None
        };
        super::Derived {
            table: out,
            retention,
            notes,
        }
    }

    /// The digest in a compact byte form (little-endian, 41 bytes per order): how it
    /// crosses from the engine's worker to the page. Read back with [`Digest::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Vec::with_capacity(
            64 + self.orders.len() * 41 + self.n_customers as usize * 12 + self.refunds.len() * 13,
        );
        let u32_ = |w: &mut Vec<u8>, v: u32| w.extend_from_slice(&v.to_le_bytes());
        let u64_ = |w: &mut Vec<u8>, v: u64| w.extend_from_slice(&v.to_le_bytes());
        let f64_ = |w: &mut Vec<u8>, v: f64| w.extend_from_slice(&v.to_bits().to_le_bytes());
        w.extend_from_slice(MAGIC);
        for list in [&self.files, &self.currencies] {
            u64_(&mut w, list.len() as u64);
            for f in list {
                u64_(&mut w, f.len() as u64);
                w.extend_from_slice(f.as_bytes());
            }
        }
        match self.span {
            Some((a, z)) => {
                w.push(1);
                u32_(&mut w, a.days() as u32);
                u32_(&mut w, z.days() as u32);
            }
            None => w.push(0),
        }
        for v in [
            self.left_out,
            self.pending,
            self.not_sales,
            self.guests,
            self.refunds_unknown,
        ] {
            u64_(&mut w, v);
        }
        u32_(&mut w, self.n_customers);
        for keys in &self.customer_keys {
            u32_(&mut w, keys.len() as u32);
            for &k in keys {
                u64_(&mut w, k);
            }
        }
        w.push(u8::from(self.has_amount) | u8::from(self.has_customers) << 1);
        u64_(&mut w, self.orders.len() as u64);
        for o in &self.orders {
            u32_(&mut w, u32::from(o.source.file));
            u32_(&mut w, o.source.line);
            u32_(&mut w, o.date.days() as u32);
            // customer + 1, 0 for a guest
            u32_(&mut w, o.customer.map_or(0, |c| c + 1));
            w.push(u8::from(o.paid) | u8::from(o.key.is_some()) << 1);
            f64_(&mut w, o.amount);
            f64_(&mut w, o.refund);
            u64_(&mut w, o.key.unwrap_or(0));
        }
        u64_(&mut w, self.refunds.len() as u64);
        for r in &self.refunds {
            u32_(&mut w, r.date.days() as u32);
            f64_(&mut w, r.amount);
            w.push(u8::from(r.known_customer));
        }
        w
    }

    /// Reads what [`Digest::to_bytes`] wrote; `None` for bytes it did not write (checked, never a
    /// panic).
    pub fn from_bytes(bytes: &[u8]) -> Option<Digest> {
        let mut r = Bytes { b: bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let mut strings = || -> Option<Vec<String>> {
            let n = r.len(8)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                let n = r.len(1)?;
                v.push(String::from_utf8(r.take(n)?.to_vec()).ok()?);
            }
            Some(v)
        };
        let files = strings()?;
        let currencies = strings()?;
        let span = match r.u8()? {
            0 => None,
            1 => Some((r.date()?, r.date()?)),
            _ => return None,
        };
        let (left_out, pending, not_sales, guests) = (r.u64()?, r.u64()?, r.u64()?, r.u64()?);
        let refunds_unknown = r.u64()?;
        let n_customers = r.u32()?;
        let mut customer_keys = Vec::with_capacity((n_customers as usize).min(bytes.len() / 4));
        for _ in 0..n_customers {
            let k = r.u32()? as u64;
            // (a count no bigger than the bytes left could hold)
            if k > (bytes.len() - r.at) as u64 / 8 {
                return None;
            }
            customer_keys.push((0..k).map(|_| r.u64()).collect::<Option<Vec<u64>>>()?);
        }
        let flags = r.u8()?;
        let n = r.len(41)?;
        let mut orders = Vec::with_capacity(n);
        for _ in 0..n {
            let file = u16::try_from(r.u32()?).ok()?;
            let line = r.u32()?;
            let date = r.date()?;
            let customer = r.u32()?.checked_sub(1);
            if customer.is_some_and(|c| c >= n_customers) {
                return None;
            }
            let bits = r.u8()?;
            let (amount, refund) = (r.f64()?, r.f64()?);
            let key = r.u64()?;
            orders.push(Order {
                source: RowSource::new(file, line),
                date,
                customer,
                paid: bits & 1 != 0,
                amount,
                refund,
                key: (bits & 2 != 0).then_some(key),
            });
        }
        let n = r.len(13)?;
        let mut refunds = Vec::with_capacity(n);
        for _ in 0..n {
            let (date, amount, known) = (r.date()?, r.f64()?, r.u8()?);
            refunds.push(RefundRow {
                date,
                amount,
                known_customer: known != 0,
            });
        }
        // every date inside the span, or periods could not hold it
        let inside = |d: Date| span.is_some_and(|(a, z)| a <= d && d <= z);
        if r.at != bytes.len()
            || !orders.iter().all(|o| inside(o.date))
            || !refunds.iter().all(|x| inside(x.date))
        {
            return None;
        }
        Some(Digest {
            files,
            span,
            orders,
            refunds,
            n_customers,
            customer_keys,
            has_amount: flags & 1 != 0,
            has_customers: flags & 2 != 0,
            left_out,
            pending,
            not_sales,
            guests,
            refunds_unknown,
            currencies,
        })
    }
}

/// Marks (and versions) the byte form.
const MAGIC: &[u8] = b"SROIdg2\0";

/// A checked reader over the byte form.
struct Bytes<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_bits(self.u64()?))
    }
    fn date(&mut self) -> Option<Date> {
        Some(Date::from_days(self.u32()? as i32))
    }
    /// A count of items of at least `each` bytes: never more than the bytes left could hold.
    fn len(&mut self, each: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= (self.b.len() - self.at) / each.max(1)).then_some(n)
    }
}
