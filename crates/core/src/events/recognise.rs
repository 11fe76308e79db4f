//! Naming a known export from its header alone (no cell is looked at).

use super::ExportKind;

/// Header names compared trimmed, without a BOM or quotes, case-insensitively.
pub(crate) fn norm(h: &str) -> String {
    crate::text::lowercase(
        h.trim_start_matches('\u{feff}')
            .trim()
            .trim_matches('"')
            .trim(),
    )
}

/// The export a header belongs to, when every column that identifies it is present.
pub fn recognise(header: &[&str]) -> Option<ExportKind> {
    let h: Vec<String> = header.iter().map(|s| norm(s)).collect();
    let has = |n: &str| h.iter().any(|x| x == n);
    let all = |ns: &[&str]| ns.iter().all(|n| has(n));
    let kind = if all(&["name", "financial status", "created at", "total"])
        && (has("lineitem name") || has("lineitem quantity"))
    {
        ExportKind::ShopifyOrders
    } else if (all(&["order status", "order date"])
        && (has("order number") || has("order id"))
        // Advanced Order Export says "Order Total Amount", WP All Export "Order Total"
        && (has("order total amount") || has("order total")))
        // the same export from a shop in Italian
        || ((has("numero ordine") || has("id ordine"))
            && has("data ordine")
            && (has("stato ordine") || has("stato"))
            && (has("totale ordine") || has("importo totale ordine")))
    {
        ExportKind::WoocommerceOrders
    } else if all(&["sale date", "item name", "order id", "item total"]) && has("buyer") {
        ExportKind::EtsySoldOrderItems
    } else if all(&["sale date", "order id", "order total"])
        && (has("buyer user id") || has("buyer"))
    {
        ExportKind::EtsySoldOrders
    } else if (has("created (utc)") || has("created_utc") || has("created"))
        && (has("amount") || has("gross"))
        && (has("type") || has("reporting_category"))
        && (has("net") || has("available on (utc)") || has("available_on_utc"))
    {
        // before the payments export: it has Created (UTC), Amount and often Status too, but its
        // rows are charges, refunds, fees and payouts
        ExportKind::StripeBalance
    } else if all(&["created (utc)", "amount", "status"])
        // the payouts export is money moved to the bank, not sales
        && !has("arrival date (utc)")
    {
        ExportKind::StripePayments
    } else if has("created date (utc)") && has("amount") && has("status") {
        ExportKind::StripeUnified
    } else if (all(&["date", "time", "type", "status", "gross"])
        && (has("timezone") || has("time zone")))
        || (all(&["data", "orario", "fuso orario", "stato", "lordo"])
            && (has("tipo") || has("descrizione")))
        // the newer "Statements" download: no type or status, a description and the balance
        || all(&["date", "time", "description", "gross", "net", "balance", "transaction id"])
        || all(&["data", "ora", "descrizione", "lordo", "netto", "saldo", "codice transazione"])
    {
        ExportKind::PaypalActivity
    } else if (has("publish time") || has("orario di pubblicazione"))
        && (has("post id") || has("id del post") || has("permalink"))
    {
        ExportKind::MetaContent
    } else if all(&["tweet id", "time", "impressions"]) {
        ExportKind::XTweetActivity
    } else if has("send date") && (has("open rate") || has("total recipients")) {
        ExportKind::MailchimpCampaigns
    } else if has("date") && has("video views") && has("profile views") {
        ExportKind::TiktokOverview
    } else if h.len() <= 3
        && has("date")
        && has("followers")
        && h.iter().any(|x| x.starts_with("difference in followers"))
    {
        // Date and Followers alone are any follower table: the difference column is TikTok's.
        ExportKind::TiktokFollowerHistory
    } else {
        return None;
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_follower_table_is_no_tiktok_export() {
        assert_eq!(recognise(&["date", "revenue", "followers"]), None);
        assert_eq!(recognise(&["Date", "Followers"]), None);
        assert_eq!(
            recognise(&[
                "Date",
                "Followers",
                "Difference in followers from previous day"
            ]),
            Some(ExportKind::TiktokFollowerHistory)
        );
    }

    #[test]
    fn headers_name_their_export() {
        let shopify = [
            "Name",
            "Email",
            "Financial Status",
            "Paid at",
            "Total",
            "Created at",
            "Lineitem quantity",
            "Lineitem name",
        ];
        assert_eq!(recognise(&shopify), Some(ExportKind::ShopifyOrders));
        assert_eq!(
            recognise(&[
                "\u{feff}Date",
                "Time",
                "TimeZone",
                "Name",
                "Type",
                "Status",
                "Gross"
            ]),
            Some(ExportKind::PaypalActivity)
        );
        assert_eq!(
            recognise(&[
                "id",
                "Created (UTC)",
                "Amount",
                "Converted Amount",
                "Status"
            ]),
            Some(ExportKind::StripePayments)
        );
        assert_eq!(
            recognise(&[
                "Tweet id",
                "Tweet permalink",
                "Tweet text",
                "time",
                "impressions"
            ]),
            Some(ExportKind::XTweetActivity)
        );
        let it = [
            "Data",
            "Orario",
            "Fuso orario",
            "Nome",
            "Tipo",
            "Stato",
            "Lordo",
        ];
        assert_eq!(recognise(&it), Some(ExportKind::PaypalActivity));
        assert_eq!(recognise(&["date", "orders", "revenue"]), None);
        assert_eq!(recognise(&[]), None);
    }
}
