//! Recipes: which columns of an event export mean date, order, customer, money, refund and status.

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
