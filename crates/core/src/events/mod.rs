//! Event-level exports (one row per order, payment, post or campaign) turned into per-period series.
//!
//! * [`recognise`] names a known export from its header ([`ExportKind`]); [`Recipe::for_kind`] says
//!   which columns mean what for it, [`Recipe::generic`] does the same for any other event file.
//! * [`derive`] groups the rows per day, week or month and returns only numeric series
//!   (`orders`, `revenue`, `refunds`, `net_revenue`, `customers`, `new_customers`,
//!   `returning_customers`; or `posts`/`campaigns` and the sums of the file's numeric columns),
//!   with [`Retention`] for orders and payments.
//!
//! Invariant: no personal data leaves [`derive`]. E-mails, names and customer ids are read from
//! the table only as keys, interned to numbers inside the call; the result holds counts and sums.

mod derive;
mod digest;
mod recipe;
mod recognise;
mod retention;

pub(crate) use derive::is_ratio_name;
pub use derive::{derive, digest, Derived};
pub use digest::Digest;
pub use recipe::{Rate, Recipe, RefundSource, Role};
pub use recognise::recognise;
pub use retention::{Cohort, Retention};

use crate::{Date, Lang, Period};

/// A known export, recognised by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    ShopifyOrders,
    WoocommerceOrders,
    EtsySoldOrders,
    /// Etsy's other download, one row per item sold (`EtsySoldOrderItems`).
    EtsySoldOrderItems,
    StripePayments,
    StripeUnified,
    /// Stripe's balance history (balance transactions, or the itemized balance report): one row
    /// per charge, refund, fee or payout, told apart by `Type` / `reporting_category`.
    StripeBalance,
    PaypalActivity,
    MetaContent,
    XTweetActivity,
    MailchimpCampaigns,
    TiktokOverview,
    TiktokFollowerHistory,
    GenericEvents,
}

impl ExportKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [ExportKind; 14] = [
        ExportKind::ShopifyOrders,
        ExportKind::WoocommerceOrders,
        ExportKind::EtsySoldOrders,
        ExportKind::EtsySoldOrderItems,
        ExportKind::StripePayments,
        ExportKind::StripeUnified,
        ExportKind::StripeBalance,
        ExportKind::PaypalActivity,
        ExportKind::MetaContent,
        ExportKind::XTweetActivity,
        ExportKind::MailchimpCampaigns,
        ExportKind::TiktokOverview,
        ExportKind::TiktokFollowerHistory,
        ExportKind::GenericEvents,
    ];

    /// The snake_case code used in JSON and plans.
    pub fn code(self) -> &'static str {
        match self {
            ExportKind::ShopifyOrders => "shopify_orders",
            ExportKind::WoocommerceOrders => "woocommerce_orders",
            ExportKind::EtsySoldOrders => "etsy_sold_orders",
            ExportKind::EtsySoldOrderItems => "etsy_sold_order_items",
            ExportKind::StripePayments => "stripe_payments",
            ExportKind::StripeUnified => "stripe_unified",
            ExportKind::StripeBalance => "stripe_balance",
            ExportKind::PaypalActivity => "paypal_activity",
            ExportKind::MetaContent => "meta_content",
            ExportKind::XTweetActivity => "x_tweet_activity",
            ExportKind::MailchimpCampaigns => "mailchimp_campaigns",
            ExportKind::TiktokOverview => "tiktok_overview",
            ExportKind::TiktokFollowerHistory => "tiktok_follower_history",
            ExportKind::GenericEvents => "generic_events",
        }
    }

    /// The name shown to the user ("Recognised: …").
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, it) = match self {
            ExportKind::ShopifyOrders => ("Shopify orders export", "Esportazione ordini Shopify"),
            ExportKind::WoocommerceOrders => (
                "WooCommerce orders export (Advanced Order Export)",
                "Esportazione ordini WooCommerce (Advanced Order Export)",
            ),
            ExportKind::EtsySoldOrders => (
                "Etsy sold orders export",
                "Esportazione ordini venduti Etsy",
            ),
            ExportKind::EtsySoldOrderItems => (
                "Etsy sold order items export",
                "Esportazione articoli venduti Etsy",
            ),
            ExportKind::StripePayments => {
                ("Stripe payments export", "Esportazione pagamenti Stripe")
            }
            ExportKind::StripeUnified => (
                "Stripe payments export (unified)",
                "Esportazione pagamenti Stripe (unificata)",
            ),
            ExportKind::StripeBalance => (
                "Stripe balance history (charges, refunds, fees, payouts)",
                "Cronologia del saldo Stripe (addebiti, rimborsi, commissioni, bonifici)",
            ),
            ExportKind::PaypalActivity => ("PayPal activity download", "Attività PayPal"),
            ExportKind::MetaContent => (
                "Meta Business Suite content export",
                "Esportazione contenuti Meta Business Suite",
            ),
            ExportKind::XTweetActivity => (
                "X (Twitter) post activity export",
                "Esportazione attività dei post X (Twitter)",
            ),
            ExportKind::MailchimpCampaigns => (
                "Mailchimp campaign report export",
                "Esportazione report campagne Mailchimp",
            ),
            ExportKind::TiktokOverview => {
                ("TikTok analytics overview", "Panoramica statistiche TikTok")
            }
            ExportKind::TiktokFollowerHistory => {
                ("TikTok follower history", "Cronologia follower TikTok")
            }
            ExportKind::GenericEvents => ("generic events", "eventi generici"),
        };
        if lang == Lang::It {
            it
        } else {
            en
        }
    }

    /// Orders or payments: the kinds with money, customers and retention.
    pub fn is_orders(self) -> bool {
        matches!(
            self,
            ExportKind::ShopifyOrders
                | ExportKind::WoocommerceOrders
                | ExportKind::EtsySoldOrders
                | ExportKind::EtsySoldOrderItems
                | ExportKind::StripePayments
                | ExportKind::StripeUnified
                | ExportKind::StripeBalance
                | ExportKind::PaypalActivity
        )
    }

    /// What one row is, for the note ("One row per order: …").
    fn row_word(self, lang: Lang) -> &'static str {
        let it = lang == Lang::It;
        match self {
            ExportKind::ShopifyOrders
            | ExportKind::WoocommerceOrders
            | ExportKind::EtsySoldOrderItems => {
                if it {
                    "Una riga per articolo ordinato"
                } else {
                    "One row per line item"
                }
            }
            ExportKind::EtsySoldOrders => {
                if it {
                    "Una riga per ordine"
                } else {
                    "One row per order"
                }
            }
            ExportKind::StripePayments
            | ExportKind::StripeUnified
            | ExportKind::StripeBalance
            | ExportKind::PaypalActivity => {
                if it {
                    "Una riga per pagamento"
                } else {
                    "One row per payment"
                }
            }
            ExportKind::MetaContent | ExportKind::XTweetActivity => {
                if it {
                    "Una riga per post"
                } else {
                    "One row per post"
                }
            }
            ExportKind::MailchimpCampaigns => {
                if it {
                    "Una riga per campagna"
                } else {
                    "One row per campaign"
                }
            }
            ExportKind::TiktokOverview | ExportKind::TiktokFollowerHistory => {
                if it {
                    "Una riga per giorno"
                } else {
                    "One row per day"
                }
            }
            ExportKind::GenericEvents => {
                if it {
                    "Una riga per evento"
                } else {
                    "One row per event"
                }
            }
        }
    }
}

/// Period words for notes.
fn period_word(p: Period, lang: Lang) -> &'static str {
    match (p, lang) {
        (Period::Day, Lang::En) => "day",
        (Period::Week, Lang::En) => "week",
        (Period::Month, Lang::En) => "month",
        (Period::Day, Lang::It) => "giorno",
        (Period::Week, Lang::It) => "settimana",
        (Period::Month, Lang::It) => "mese",
    }
}

/// The note shown next to an event file: "One row per order: combined per week".
pub fn note(kind: ExportKind, period: Period, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{}: combined per {}",
            kind.row_word(lang),
            period_word(period, lang)
        ),
        Lang::It => format!(
            "{}: combinate per {}",
            kind.row_word(lang),
            period_word(period, lang)
        ),
    }
}

/// Spans longer than this many days are combined per week by default, shorter ones per day.
pub const WEEKLY_AFTER_DAYS: i64 = 56;

/// The automatic period: week when the dates span more than about 8 weeks, else day.
pub fn suggested_period(span_days: i64) -> Period {
    if span_days > WEEKLY_AFTER_DAYS {
        Period::Week
    } else {
        Period::Day
    }
}

/// How an event file was recognised: `FileReport::events`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventsReport {
    pub kind: ExportKind,
    pub label_en: String,
    pub label_it: String,
    /// Data rows read (before combining).
    pub rows: u64,
    /// Days from the first to the last date.
    pub span_days: i64,
    /// `day` or `week` (the automatic choice).
    pub suggested_period: String,
    pub note_en: String,
    pub note_it: String,
    /// Why the file was read as events: `recognised export`, `dates with times of day` or
    /// `dates repeat`.
    pub reason: String,
}

impl EventsReport {
    pub fn new(kind: ExportKind, dates: &[Date], reason: &str) -> EventsReport {
        let span_days = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(z)) => (z.days() - a.days()) as i64,
            _ => 0,
        };
        let p = suggested_period(span_days);
        EventsReport {
            kind,
            label_en: kind.label(Lang::En).to_owned(),
            label_it: kind.label(Lang::It).to_owned(),
            rows: dates.len() as u64,
            span_days,
            suggested_period: p.name().to_owned(),
            note_en: note(kind, p, Lang::En),
            note_it: note(kind, p, Lang::It),
            reason: reason.to_owned(),
        }
    }

    /// The automatic period as a value.
    pub fn period(&self) -> Period {
        suggested_period(self.span_days)
    }
}
