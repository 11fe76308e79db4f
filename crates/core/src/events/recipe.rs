//! Recipes: which columns of an event export mean date, order, customer, money, refund and status.

use super::derive::key_col;
use super::recognise::norm;
use super::ExportKind;

/// What the rows are about, which decides the series derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Orders or payments: `orders`, `revenue`, `refunds`, `net_revenue`, customers, retention.
    Orders,
    /// Posts, campaigns or days: a count and the sum of every numeric column.
    Counts,
}

/// Where refunds come from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundSource {
    /// An order-level refunded amount, dated with its order.
    Column(String),
    /// `total − adjusted` when the adjusted total is present (Etsy's Adjusted columns).
    Difference { total: String, adjusted: String },
    /// Refund rows of their own, dated when the refund happened (PayPal): the `type` column says
    /// which rows are refunds and the amount is the refund's (negative) gross.
    Rows,
}

/// A rate recomputed per period from its counts (`numerator / denominator`), never averaged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rate {
    pub name: String,
    pub numerator: String,
    pub denominator: String,
}

/// How to read an event export. Column names are the header's own spelling.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Recipe {
    pub kind: ExportKind,
    pub role: Role,
    pub date: String,
    /// Rows sharing an id are one order (order-level fields: the first non-empty value).
    pub order_id: Option<String>,
    /// Customer keys, first non-empty wins (e-mail, customer id, buyer id).
    pub customers: Vec<String>,
    /// Money received per order, in the account's currency (a converted amount when there is one).
    pub amount: Option<String>,
    /// The amount is per row and summed over an order's rows (generic events), not an order-level
    /// total repeated or given once (shop exports).
    pub amount_per_row: bool,
    pub refund: Option<RefundSource>,
    /// Order-level amounts added once to an order's summed row amounts (Etsy's item export:
    /// `Order Shipping` and `Order Sales Tax`, repeated on each of the order's items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_extras: Vec<String>,
    /// Order-level amounts taken off once: what is still owed (Shopify's `Outstanding Balance`
    /// on a `partially_paid` order, whose Total is not yet received).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_less: Vec<String>,
    /// Who a refund row is for (PayPal: `To Email Address`), to take it off that customer's value.
    pub refund_customers: Vec<String>,
    pub status: Option<String>,
    /// Statuses left out entirely (lower case): voided, cancelled, failed.
    pub excluded_statuses: Vec<String>,
    /// Statuses that count as orders but not revenue (lower case): pending.
    pub pending_statuses: Vec<String>,
    /// When set, only rows with one of these statuses count (PayPal: completed).
    pub only_statuses: Vec<String>,
    /// Transaction type column (PayPal): payments and refunds are sales, the rest is not.
    pub type_column: Option<String>,
    /// The currency of each order's amount (`Currency`, `Valuta`): amounts in several
    /// currencies are added as they are, and a note says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Name of the count series: `orders`, `posts`, `campaigns`, `events` or `days`.
    pub count_name: String,
    pub rates: Vec<Rate>,
    /// Running totals: the last value of the period, not the sum.
    pub last: Vec<String>,
    /// Numeric columns not summed (ids that happen to be digits).
    pub skip: Vec<String>,
}

/// The header's spelling of the first candidate present.
fn pick(header: &[&str], candidates: &[&str]) -> Option<String> {
    candidates.iter().find_map(|c| {
        header
            .iter()
            .find(|h| norm(h) == *c)
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
    })
}

fn pick_all(header: &[&str], candidates: &[&str]) -> Vec<String> {
    candidates
        .iter()
        .filter_map(|c| pick(header, &[c]))
        .collect()
}

fn words(ws: &[&str]) -> Vec<String> {
    ws.iter().map(|w| (*w).to_owned()).collect()
}

/// Numeric columns that are identifiers, not quantities (summing them would be meaningless).
fn id_like(header: &[&str]) -> Vec<String> {
    header
        .iter()
        .filter(|h| {
            let n = norm(h);
            n == "id" || n.ends_with(" id") || n.ends_with("_id") || n.contains("number")
        })
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect()
}

impl Recipe {
    fn counts(kind: ExportKind, date: String, count: &str, header: &[&str]) -> Recipe {
        Recipe {
            kind,
            role: Role::Counts,
            date,
            order_id: None,
            customers: Vec::new(),
            amount: None,
            amount_per_row: false,
            order_extras: Vec::new(),
            order_less: Vec::new(),
            refund: None,
            refund_customers: Vec::new(),
            status: None,
            excluded_statuses: Vec::new(),
            pending_statuses: Vec::new(),
            only_statuses: Vec::new(),
            type_column: None,
            currency: None,
            count_name: count.to_owned(),
            rates: Vec::new(),
            last: Vec::new(),
            skip: id_like(header),
        }
    }

    fn orders(kind: ExportKind, date: String, header: &[&str]) -> Recipe {
        Recipe {
            role: Role::Orders,
            currency: pick(
                header,
                &[
                    "currency",
                    "valuta",
                    "order currency",
                    "currency code",
                    "codice valuta",
                ],
            ),
            ..Recipe::counts(kind, date, "orders", header)
        }
    }

    /// The recipe of a recognised export, with the column names as spelled in `header`.
    /// `None` when a column the recipe cannot do without is missing.
    pub fn for_kind(kind: ExportKind, header: &[&str]) -> Option<Recipe> {
        let p = |c: &[&str]| pick(header, c);
        let rate = |name: &[&str], num: &[&str], den: &[&str]| {
            Some(Rate {
                name: p(name)?,
                numerator: p(num)?,
                denominator: p(den)?,
            })
        };
        let r = match kind {
            ExportKind::ShopifyOrders => Recipe {
                order_id: p(&["name", "id"]),
                customers: pick_all(header, &["email", "customer id"]),
                amount: p(&["total"]),
                refund: p(&["refunded amount"]).map(RefundSource::Column),
                // a deposit taken (`partially_paid`): the money received, not the whole Total
                order_less: pick_all(header, &["outstanding balance"]),
                status: p(&["financial status"]),
                excluded_statuses: words(&["voided"]),
                pending_statuses: words(&["pending", "authorized", "expired"]),
                ..Recipe::orders(kind, p(&["created at"])?, header)
            },
            ExportKind::WoocommerceOrders => Recipe {
                order_id: p(&["order number", "order id", "numero ordine", "id ordine"]),
                customers: pick_all(
                    header,
                    &[
                        "email (billing)",
                        "billing email",
                        "billing email address",
                        "customer account email address",
                        "customer email",
                        "email (fatturazione)",
                        "email fatturazione",
                        "customer user id",
                        "customer id",
                        "id cliente",
                    ],
                ),
                amount: p(&[
                    "order total amount",
                    "order total",
                    "totale ordine",
                    "importo totale ordine",
                ]),
                refund: p(&[
                    "order refund amount",
                    "refund amount",
                    "refund total",
                    "total refunded",
                    "importo rimborsato",
                    "importo rimborso",
                    "importo rimborso ordine",
                ])
                .map(RefundSource::Column),
                status: p(&["order status", "status", "stato ordine", "stato"]),
                // the shop's language names the statuses (the header stays English)
                excluded_statuses: words(&[
                    "cancelled",
                    "failed",
                    "trash",
                    "draft",
                    "checkout-draft",
                    "annullato",
                    "annullata",
                    "fallito",
                    "fallita",
                    "cestino",
                    "bozza",
                ]),
                pending_statuses: words(&[
                    "pending",
                    "pending payment",
                    "on-hold",
                    "on hold",
                    "in attesa di pagamento",
                    "in attesa",
                    "in sospeso",
                ]),
                ..Recipe::orders(kind, p(&["order date", "data ordine"])?, header)
            },
            ExportKind::EtsySoldOrders => Recipe {
                order_id: p(&["order id"]),
                customers: p(&["buyer user id", "buyer"]).into_iter().collect(),
                amount: p(&["order total"]),
                refund: match (p(&["order total"]), p(&["adjusted order total"])) {
                    (Some(total), Some(adjusted)) => {
                        Some(RefundSource::Difference { total, adjusted })
                    }
                    _ => None,
                },
                // Etsy's Status is mostly empty (or Completed); a cancelled order is no sale
                status: p(&["status"]),
                excluded_statuses: words(&["canceled", "cancelled", "annullato", "annullata"]),
                ..Recipe::orders(kind, p(&["sale date"])?, header)
            },
            // One row per item: an order's revenue is its items' totals, plus its shipping and
            // tax once (as the orders export's Order Total has them), not once per item.
            ExportKind::EtsySoldOrderItems => Recipe {
                order_id: p(&["order id"]),
                customers: p(&["buyer user id", "buyer"]).into_iter().collect(),
                amount: p(&["item total"]),
                amount_per_row: true,
                order_extras: pick_all(header, &["order shipping", "order sales tax"]),
                ..Recipe::orders(kind, p(&["sale date"])?, header)
            },
            ExportKind::StripePayments | ExportKind::StripeUnified => Recipe {
                order_id: p(&["id", "payment id", "charge id"]),
                customers: pick_all(
                    header,
                    &[
                        "customer id",
                        "customer email",
                        "customer_email",
                        "customer",
                    ],
                ),
                amount: p(&["converted amount", "amount"]),
                refund: p(&[
                    "converted amount refunded",
                    "amount refunded",
                    "refunded amount",
                ])
                .map(RefundSource::Column),
                status: p(&["status"]),
                // incomplete and requires_* are checkouts never paid (the customer left, or the
                // card needs an action never taken): no order, as a failed one
                excluded_statuses: words(&[
                    "failed",
                    "canceled",
                    "cancelled",
                    "blocked",
                    "incomplete",
                    "requires payment method",
                    "requires_payment_method",
                    "requires action",
                    "requires_action",
                    "requires confirmation",
                    "requires_confirmation",
                    "expired",
                ]),
                pending_statuses: words(&[
                    "pending",
                    "uncaptured",
                    "requires_capture",
                    "processing",
                ]),
                // the converted amounts are in the account's currency, whatever each charge's
                currency: if p(&["converted amount"]).is_some() {
                    p(&["converted currency"])
                } else {
                    p(&["currency"])
                },
                ..Recipe::orders(
                    kind,
                    p(&[
                        "created (utc)",
                        "created date (utc)",
                        "created",
                        "created date",
                    ])?,
                    header,
                )
            },
            // Rows of every kind: charges are sales, refunds are rows of their own dated when
            // they happened (negative amounts), fees and payouts are not sales. The amount is
            // in the balance's currency. Its Status (pending/available) is when the money can
            // be paid out, not whether the sale happened, so it is not read.
            ExportKind::StripeBalance => Recipe {
                customers: pick_all(
                    header,
                    &[
                        "customer id",
                        "customer_id",
                        "customer email",
                        "customer_email",
                    ],
                ),
                amount: p(&["amount", "gross"]),
                refund: Some(RefundSource::Rows),
                type_column: p(&["type", "reporting_category"]),
                ..Recipe::orders(
                    kind,
                    p(&["created (utc)", "created_utc", "created"])?,
                    header,
                )
            },
            // English or Italian download (`Data`, `Tipo`, `Stato`, `Lordo`, …)
            ExportKind::PaypalActivity => Recipe {
                order_id: None,
                customers: p(&["from email address", "indirizzo email mittente"])
                    .into_iter()
                    .collect(),
                amount: p(&["gross", "lordo"]),
                refund: Some(RefundSource::Rows),
                refund_customers: p(&["to email address", "indirizzo email destinatario"])
                    .into_iter()
                    .collect(),
                status: p(&["status", "stato"]),
                // a payment refunded later keeps its own row, marked refunded; the refund is
                // a row of its own (taken off when it happened): the sale still happened
                only_statuses: words(&[
                    "completed",
                    "completata",
                    "completato",
                    "refunded",
                    "partially refunded",
                    "rimborsato",
                    "rimborsata",
                    "parzialmente rimborsato",
                    "parzialmente rimborsata",
                ]),
                type_column: p(&["type", "tipo", "descrizione", "description"]),
                ..Recipe::orders(kind, p(&["date", "data"])?, header)
            },
            ExportKind::MetaContent => {
                let mut r = Recipe::counts(
                    kind,
                    p(&["publish time", "orario di pubblicazione"])?,
                    "posts",
                    header,
                );
                r.skip.extend(pick_all(
                    header,
                    &["duration (sec)", "duration", "durata (sec)", "durata"],
                ));
                r
            }
            ExportKind::XTweetActivity => Recipe {
                rates: rate(&["engagement rate"], &["engagements"], &["impressions"])
                    .into_iter()
                    .collect(),
                ..Recipe::counts(kind, p(&["time"])?, "posts", header)
            },
            ExportKind::MailchimpCampaigns => {
                let delivered: &[&str] =
                    &["successful deliveries", "emails sent", "total recipients"];
                Recipe {
                    rates: [
                        rate(&["open rate"], &["unique opens"], delivered),
                        rate(&["click rate"], &["unique clicks"], delivered),
                        rate(&["unsubscribe rate"], &["unsubscribes"], delivered),
                        rate(&["bounce rate"], &["total bounces"], &["total recipients"]),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    ..Recipe::counts(kind, p(&["send date"])?, "campaigns", header)
                }
            }
            ExportKind::TiktokOverview => Recipe::counts(kind, p(&["date"])?, "days", header),
            ExportKind::TiktokFollowerHistory => Recipe {
                last: pick_all(header, &["followers"]),
                ..Recipe::counts(kind, p(&["date"])?, "days", header)
            },
            ExportKind::GenericEvents => {
                Recipe::counts(kind, header.first()?.trim().to_owned(), "events", header)
            }
        };
        Some(r)
    }

    /// A recipe for any event file. With an id, customer or amount column the order series follow
    /// (`orders`, `revenue`, customers…); with none, a count `events` and the sums of the numeric
    /// columns. `excluded` names a status column and the values (any case) to leave out.
    pub fn generic(
        date: &str,
        id: Option<&str>,
        customer: Option<&str>,
        amount: Option<&str>,
        excluded: Option<(&str, &[&str])>,
    ) -> Recipe {
        let kind = ExportKind::GenericEvents;
        let orders = id.is_some() || customer.is_some() || amount.is_some();
        let base = if orders {
            Recipe::orders(kind, date.to_owned(), &[])
        } else {
            Recipe::counts(kind, date.to_owned(), "events", &[])
        };
        Recipe {
            order_id: id.map(str::to_owned),
            customers: customer.into_iter().map(str::to_owned).collect(),
            amount: amount.map(str::to_owned),
            amount_per_row: true,
            status: excluded.map(|e| e.0.to_owned()),
            excluded_statuses: excluded
                .map(|e| e.1.iter().map(|s| norm(s)).collect())
                .unwrap_or_default(),
            ..base
        }
    }

    /// The recipe for an event file of no known export: orders when a column says which order or
    /// which customer a row is (`order_id`, `Transaction ID`, `Customer Email`…), with an amount
    /// column and a status column's cancelled, failed and test rows left out; otherwise a count of
    /// `events` and the sums of the numeric columns ([`Recipe::generic`] with no columns). What a
    /// user would choose on the page, so the command line, which has no such choice, reads an
    /// orders file of any shop as orders with customers and retention. A row's amount is summed
    /// over its order's rows, unless every order of several rows repeats the same amount on each
    /// (an order total written on every item, as Wix does): then it is the order's, once.
    pub fn guessed(table: &crate::Table, date: &str) -> Recipe {
        let names: Vec<&str> = table
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .filter(|n| *n != date)
            .collect();
        let find =
            |ok: &dyn Fn(&[String]) -> bool| names.iter().copied().find(|n| ok(&name_words(n)));
        let has = |w: &[String], any: &[&str]| w.iter().any(|x| any.contains(&x.as_str()));
        const ORDER: &[&str] = &[
            "order",
            "orders",
            "transaction",
            "payment",
            "purchase",
            "receipt",
            "invoice",
            "sale",
            "ordine",
            "transazione",
            "pagamento",
            "fattura",
            "ricevuta",
            "vendita",
        ];
        const ID: &[&str] = &[
            "id", "number", "no", "nr", "numero", "n", "code", "codice", "ref",
        ];
        let money = |pref: &[&str]| {
            names
                .iter()
                .copied()
                .filter(|n| is_money(table, n))
                .find(|n| {
                    let w = name_words(n);
                    has(&w, pref) && !has(&w, NOT_MONEY)
                })
        };
        let amount = money(&["total", "totale", "gross", "lordo"])
            .or_else(|| {
                money(&[
                    "amount", "importo", "revenue", "incasso", "sales", "received", "net", "netto",
                ])
            })
            .or_else(|| money(&["price", "prezzo", "paid", "pagato"]));
        // an identifier has many values (a payment *method* has a few); counted over the filled
        // cells, as the page's copy of a digested file has text only in its preview rows
        let many = |n: &str| {
            let Ok(c) = key_col(table, n) else {
                return false;
            };
            let mut seen = std::collections::HashSet::new();
            let mut filled = 0usize;
            for k in (0..table.n_rows()).filter_map(|i| c.key(i)) {
                filled += 1;
                seen.insert(k);
            }
            seen.len() >= 3.max(filled / 10)
        };
        // a name of one word that is an identifier's ("Order", not "Payment": its method)
        const ORDER_ALONE: &[&str] = &["order", "ordine", "invoice", "fattura", "receipt"];
        let id = names
            .iter()
            .copied()
            .find(|n| {
                let w = name_words(n);
                has(&w, ORDER) && (has(&w, ID) || (w.len() == 1 && has(&w, ORDER_ALONE))) && many(n)
            })
            // a bare `ID` is the order's only beside money (a post's id is no order's)
            .or_else(|| {
                amount.and_then(|_| find(&|w| w.len() == 1 && w[0] == "id").filter(|n| many(n)))
            });
        // a customer column names someone: not a flag ("New customer" 0/1), and not one value
        // on every row (SumUp's `Email` is the merchant's own)
        let varies = |n: &str| match &table.column(n).map(|c| &c.data) {
            Some(crate::ColumnData::Text(t)) => {
                let first = (0..t.len()).find_map(|i| t.get(i).filter(|s| !s.trim().is_empty()));
                (0..t.len()).any(|i| {
                    t.get(i)
                        .is_some_and(|s| !s.trim().is_empty() && Some(s) != first)
                })
            }
            _ => false,
        };
        let customer = names.iter().copied().find(|n| {
            let w = name_words(n);
            has(&w, CUSTOMER) && !has(&w, NOT_CUSTOMER) && varies(n)
        });
        if id.is_none() && customer.is_none() {
            return Recipe::generic(date, None, None, None, None);
        }
        let status = find(&|w| has(w, &["status", "stato", "state"]));
        let mut r = Recipe::generic(date, id, customer, amount, status.map(|s| (s, LEFT_OUT)));
        if status.is_some() {
            r.pending_statuses = words(PENDING);
        }
        r.refund = names
            .iter()
            .copied()
            .filter(|n| is_money(table, n))
            .find(|n| {
                has(
                    &name_words(n),
                    &["refund", "refunded", "refunds", "rimborso", "rimborsato"],
                )
            })
            .map(|c| RefundSource::Column(c.to_owned()));
        if let (Some(i), Some(a)) = (id, amount) {
            r.amount_per_row = !order_level(table, i, a);
        }
        r
    }

    /// Every column the recipe reads (an orders export needs no other; the date column included).
    pub fn columns_used(&self) -> Vec<String> {
        let mut v = vec![self.date.clone()];
        v.extend(self.text_columns());
        v.extend(self.amount.iter().cloned());
        v.extend(self.order_extras.iter().cloned());
        v.extend(self.order_less.iter().cloned());
        v.extend(self.refund_customers.iter().cloned());
        match &self.refund {
            Some(RefundSource::Column(c)) => v.push(c.clone()),
            Some(RefundSource::Difference { total, adjusted }) => {
                v.push(total.clone());
                v.push(adjusted.clone());
            }
            Some(RefundSource::Rows) | None => {}
        }
        v
    }

    /// The text columns the recipe reads (the rest of a wide export need not be kept).
    pub fn text_columns(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        v.extend(self.order_id.iter().cloned());
        v.extend(self.customers.iter().cloned());
        v.extend(self.status.iter().cloned());
        v.extend(self.type_column.iter().cloned());
        v.extend(self.currency.iter().cloned());
        v
    }
}

/// The lower-case words of a column's name, camel case split (`BuyerEmail`: buyer, email).
fn name_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Words of a column that is not the money received (a guessed recipe's amount).
const NOT_MONEY: &[&str] = &[
    "spent",
    "spend",
    "cost",
    "costs",
    "budget",
    "fee",
    "fees",
    "tax",
    "taxes",
    "vat",
    "iva",
    "discount",
    "sconto",
    "shipping",
    "spedizione",
    "refund",
    "refunded",
    "rimborso",
    "quantity",
    "qty",
    "quantità",
    "tip",
    "commissione",
    "commissioni",
    "due",
    "remaining",
    "outstanding",
];
/// Words of a column that names the customer, and of one that does not although it says so.
const CUSTOMER: &[&str] = &[
    "email",
    "mail",
    "customer",
    "buyer",
    "client",
    "cliente",
    "acquirente",
    "purchaser",
];
const NOT_CUSTOMER: &[&str] = &[
    "name",
    "nome",
    "phone",
    "telefono",
    "address",
    "indirizzo",
    "note",
    "city",
    "country",
    "new",
    "nuovo",
    "returning",
    "first",
    "type",
    "tipo",
    "count",
    "message",
];
/// Statuses a guessed recipe leaves out, and those counted as orders without revenue.
const LEFT_OUT: &[&str] = &[
    "cancelled",
    "canceled",
    "failed",
    "voided",
    "void",
    "declined",
    "test",
    "abandoned",
    "expired",
    "incomplete",
    "draft",
    "uncollectible",
    "annullato",
    "annullata",
    "fallito",
    "fallita",
    "rifiutato",
    "errore",
    "payment error",
];
const PENDING: &[&str] = &[
    "pending",
    "open",
    "unpaid",
    "awaiting payment",
    "on hold",
    "on-hold",
    "in attesa",
    "non pagato",
    "in sospeso",
];

/// A numeric column that is not a yes/no flag (Gumroad's `Refunded?` read as 1 and 0).
fn is_money(table: &crate::Table, name: &str) -> bool {
    table
        .numbers(name)
        .is_some_and(|v| v.iter().any(|x| !(x.is_nan() || *x == 0.0 || *x == 1.0)))
}

/// Whether `amount` is an order's total written on each of its rows: every order of several
/// rows has one value on all of them, and there are such orders. Rows are grouped by their id
/// as [`derive`](super::derive) groups them.
fn order_level(table: &crate::Table, id: &str, amount: &str) -> bool {
    let (Some(a), Ok(ids)) = (table.numbers(amount), key_col(table, id)) else {
        return false;
    };
    let mut first: crate::hash::FxHashMap<std::borrow::Cow<str>, f64> = Default::default();
    let (mut repeated, mut differ) = (0usize, 0usize);
    for (i, &x) in a.iter().enumerate() {
        let Some(k) = ids.key(i) else {
            continue;
        };
        match first.get(&k) {
            None => {
                first.insert(k, x);
            }
            Some(&f) => {
                repeated += 1;
                if !(f == x || (f.is_nan() && x.is_nan())) {
                    differ += 1;
                }
            }
        }
    }
    repeated > 0 && differ == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipes_use_the_header_spelling() {
        let h = [
            "Name",
            "Email",
            "Financial Status",
            "Total",
            "Refunded Amount",
            "Created at",
            "Lineitem name",
        ];
        let r = Recipe::for_kind(ExportKind::ShopifyOrders, &h).unwrap();
        assert_eq!(r.date, "Created at");
        assert_eq!(r.order_id.as_deref(), Some("Name"));
        assert_eq!(
            r.refund,
            Some(RefundSource::Column("Refunded Amount".into()))
        );
        assert_eq!(r.text_columns(), ["Name", "Email", "Financial Status"]);
        assert!(Recipe::for_kind(ExportKind::ShopifyOrders, &["Name"]).is_none());
        let g = Recipe::generic("when", None, None, None, None);
        assert_eq!((g.role, g.count_name.as_str()), (Role::Counts, "events"));
        let g = Recipe::generic(
            "when",
            Some("order"),
            None,
            Some("eur"),
            Some(("state", &["Void"])),
        );
        assert_eq!(g.role, Role::Orders);
        assert_eq!(g.excluded_statuses, ["void"]);
    }
}
