//! Event files are read as events, not refused: the rule between events and the `duplicate_date`
//! error, and the series derived from a small orders export.

use social_roi_core::events::{self, ExportKind, Recipe};
use social_roi_core::ingest::{self, Options};
use social_roi_core::{Lang, Period};

fn read(s: &str) -> social_roi_core::Result<ingest::Loaded> {
    ingest::read("f.csv", s.as_bytes(), &Options::default())
}

#[test]
fn times_of_day_make_events_and_a_few_repeats_stay_an_error() {
    // dates with times: events even with one repeat
    let l =
        read("time,likes\n2024-03-01 18:00,5\n2024-03-01 19:00,7\n2024-03-02 09:00,1\n").unwrap();
    let ev = l.report.events.as_ref().expect("events");
    assert_eq!(
        (ev.kind, ev.reason.as_str()),
        (ExportKind::GenericEvents, "dates with times of day")
    );
    assert_eq!(ev.suggested_period, "day");
    assert_eq!(l.table.n_rows(), 3);
    // one repeat among unique dates without times: a per-period table with a mistake
    let e = read("date,x\n2024-01-01,1\n2024-01-02,2\n2024-01-01,3\n").unwrap_err();
    assert_eq!(e.kind_code(), "duplicate_date");
    // three repeats but under 10% of 60 rows: still the error
    let mut s = String::from("date,x\n");
    for i in 0..57 {
        let (m, d) = if i < 31 { (1, i + 1) } else { (2, i - 30) };
        s.push_str(&format!("2024-{m:02}-{d:02},{i}\n"));
    }
    s.push_str("2024-01-05,1\n2024-01-06,2\n2024-01-07,3\n");
    let e = read(&s).unwrap_err();
    assert_eq!(e.kind_code(), "duplicate_date", "3 repeats of 60 rows");
    // many repeats: events
    let mut s = String::from("date,x\n");
    for i in 0..30 {
        s.push_str(&format!("2024-02-{:02},{i}\n", 1 + i / 3));
    }
    let l = read(&s).unwrap();
    assert_eq!(l.report.events.as_ref().unwrap().reason, "dates repeat");
    // no repeat: a plain table, no events
    let l = read("date,x\n2024-01-01,1\n2024-01-02,2\n").unwrap();
    assert!(l.report.events.is_none());
}

#[test]
fn a_shopify_export_becomes_weekly_orders_without_personal_data() {
    let csv = "Name,Email,Financial Status,Paid at,Total,Refunded Amount,Created at,Lineitem quantity,Lineitem name\n\
#1001,a@x.com,paid,2024-01-02 10:00:00 +0100,25,0,2024-01-02 10:00:00 +0100,1,Mug\n\
#1001,,,,,,2024-01-02 10:00:00 +0100,2,Cup\n\
#1002,B@x.com,pending,,12,0,2024-01-03 11:00:00 +0100,1,Mug\n\
#1003, A@X.com ,partially_refunded,2024-01-10 09:00:00 +0100,45,5,2024-01-10 09:00:00 +0100,1,Pot\n\
#1004,,paid,2024-01-11 09:00:00 +0100,10,0,2024-01-11 09:00:00 +0100,1,Mug\n\
#1005,c@x.com,voided,,10,0,2024-01-12 09:00:00 +0100,1,Mug\n\
#1006,b@x.com,paid,2024-01-20 09:00:00 +0100,30,0,2024-01-20 09:00:00 +0100,1,Mug\n";
    let l = read(csv).unwrap();
    let ev = l.report.events.as_ref().unwrap();
    assert_eq!(ev.kind, ExportKind::ShopifyOrders);
    assert_eq!(l.report.date_column.as_deref(), Some("Created at"));
    let header: Vec<&str> = l.report.header.iter().map(String::as_str).collect();
    let r = Recipe::for_kind(ev.kind, &header).unwrap();
    let d = events::derive(&l.table, &r, Period::Week).unwrap();
    let t = &d.table;
    let iso: Vec<String> = t.dates().unwrap().iter().map(|d| d.to_iso()).collect();
    assert_eq!(iso, ["2024-01-01", "2024-01-08", "2024-01-15"]);
    assert_eq!(t.numbers("orders").unwrap(), &[2.0, 2.0, 1.0]);
    assert_eq!(t.numbers("revenue").unwrap(), &[25.0, 55.0, 30.0]);
    assert_eq!(t.numbers("refunds").unwrap(), &[0.0, 5.0, 0.0]);
    assert_eq!(t.numbers("net_revenue").unwrap(), &[25.0, 50.0, 30.0]);
    assert_eq!(t.numbers("new_customers").unwrap(), &[2.0, 0.0, 0.0]);
    assert_eq!(t.numbers("returning_customers").unwrap(), &[0.0, 1.0, 1.0]);
    assert!(t.columns.iter().all(|c| c.is_numeric()));
    let ret = d.retention.unwrap();
    assert_eq!(ret.cohorts[0].shares, [0.5, 0.5]);
    let json = serde_json::to_string(&ret).unwrap();
    assert!(!json.contains("x.com"));
    let m = events::derive(&l.table, &r, Period::Month).unwrap();
    assert_eq!(m.table.numbers("orders").unwrap(), &[5.0]);
    assert_eq!(
        events::note(ev.kind, Period::Week, Lang::En),
        "One row per line item: combined per week"
    );
}

#[test]
fn small_gaps_met_on_real_exports() {
    // durations in seconds; `--` among numbers keeps the column numeric (missing cells)
    let l = read("Day,Cost / conv.,Avg. duration\n2024-01-01,--,00:01:17\n2024-01-02,--,1:00:00.5\n2024-01-03,2.5,00:00:30\n").unwrap();
    assert_eq!(
        l.table.numbers("Avg. duration").unwrap(),
        &[77.0, 3600.5, 30.0]
    );
    let c = l.table.numbers("Cost / conv.").expect("numeric");
    assert!(c[0].is_nan() && c[1].is_nan() && c[2] == 2.5);
    assert_eq!(l.report.n_missing_cells, 2);
    // a column of markers only stays text; `n/a` and a lone `-` are markers too
    let l = read("date,a,b\n2024-01-01,-,n/a\n2024-01-02,-,3\n2024-01-03,-,n/a\n").unwrap();
    assert!(l.table.numbers("a").is_none());
    assert_eq!(l.table.numbers("b").unwrap()[1], 3.0);
    // Excel's error values are no such markers: a column mostly of broken formulas is text
    // (SCHEMA: numeric only if half its non-blank cells are numbers)
    let l = read("date,spend,revenue\n2024-01-01,#VALUE!,1\n2024-01-02,#NAME?,2\n2024-01-03,=A1+B1,3\n2024-01-04,1,4\n2024-01-05,#REF!,5\n2024-01-06,2,6\n").unwrap();
    assert!(l.table.numbers("spend").is_none());
    assert_eq!(l.report.text_columns_ignored, ["spend"]);
    // a note typed under the table in the date column, the row's other cells empty: not a date
    let l = read("Data;Incasso\n01/02/2024;10\n02/02/2024;12\n03/02/2024;9\nDati aggiornati al 21/02/2024;\n").unwrap();
    assert_eq!(l.table.n_rows(), 3);
    assert!(l.report.ignored_lines[0].reason.starts_with("note row:"));
    // the same text on a row with values is a date written wrong: an error at its line
    let e = read("Data;Incasso\n01/02/2024;10\n02/02/2024;12\nDati aggiornati al 21/02/2024;9\n")
        .unwrap_err();
    assert_eq!(e.position().line, Some(4));
    // mm:ss is not a duration (could be a time of day)
    let l = read("date,t\n2024-01-01,12:30\n2024-01-02,13:45\n").unwrap();
    assert!(l.table.numbers("t").is_none());
    // Mailchimp's date-times
    let l = read("Send Date,Opens\n\"Oct 08, 2024 09:30 am\",5\n\"Oct 09, 2024 10:30 pm\",6\n")
        .unwrap();
    let d: Vec<String> = l
        .table
        .dates()
        .unwrap()
        .iter()
        .map(|d| d.to_iso())
        .collect();
    assert_eq!(d, ["2024-10-08", "2024-10-09"]);
}

#[test]
fn an_unterminated_quote_names_its_column() {
    let e = read("date,x,name\n2024-01-01,1,\"abc\n2024-01-02,2,d\n").unwrap_err();
    assert_eq!(e.kind_code(), "unterminated_quote");
    assert_eq!((e.line(), e.column()), (Some(2), Some(3)));
    assert_eq!(e.position().column_name.as_deref(), Some("name"));
    assert!(
        e.message(Lang::En).contains("«name»"),
        "{}",
        e.message(Lang::En)
    );
}

#[test]
fn a_sum_of_no_values_is_missing() {
    let t = social_roi_core::Table::from_columns(
        Some((
            "date",
            vec![social_roi_core::Date::from_ymd(2024, 1, 1).unwrap(); 2],
        )),
        vec![("x", vec![f64::NAN, f64::NAN])],
    );
    let r = social_roi_core::reshape::resample(&t, Period::Week, &[]).unwrap();
    assert!(r.numbers("x").unwrap()[0].is_nan());
}

#[test]
fn generic_posts_are_counted_and_summed_but_rates_are_not() {
    let l = read("time,likes,CTR %,engagement rate\n2024-03-01 18:00,5,0.1,0.2\n2024-03-01 19:00,7,0.3,0.4\n2024-03-09 09:00,,0.5,0.6\n").unwrap();
    let r = social_roi_core::analysis::recipe_for(&l.table, &l.report).unwrap();
    let d = events::derive(&l.table, &r, Period::Week).unwrap();
    let names: Vec<&str> = d.table.numeric_columns().map(|c| c.0).collect();
    assert_eq!(names, ["events", "likes"]);
    assert_eq!(d.table.numbers("events").unwrap(), &[2.0, 1.0]);
    let likes = d.table.numbers("likes").unwrap();
    assert_eq!(likes[0], 12.0);
    assert!(
        likes[1].is_nan(),
        "a week whose only cell is empty has no sum"
    );
}

/// A recognised export of `kind`, derived per month.
fn monthly(csv: &str, kind: ExportKind) -> events::Derived {
    let l = read(csv).unwrap();
    let ev = l.report.events.as_ref().unwrap();
    assert_eq!(ev.kind, kind);
    let header: Vec<&str> = l.report.header.iter().map(String::as_str).collect();
    let r = Recipe::for_kind(ev.kind, &header).unwrap();
    events::derive(&l.table, &r, Period::Month).unwrap()
}

#[test]
fn a_paypal_payment_marked_refunded_is_a_sale_and_its_refund_row_comes_off_once() {
    // PayPal marks the payment "Refunded" / "Partially Refunded"; the refund is a row of its
    // own ("Payment Refund", Completed). The sale happened: counted once, refunded once.
    let csv = "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"From Email Address\",\"To Email Address\",\"Transaction ID\",\"Reference Txn ID\",\"Balance Impact\"\n\
\"01/03/2026\",\"23:30:00\",\"CET\",\"A\",\"Express Checkout Payment\",\"Completed\",\"EUR\",\"100,00\",\"-3,75\",\"96,25\",\"a@x.it\",\"shop@x.it\",\"1A\",\"\",\"Credit\"\n\
\"05/03/2026\",\"10:00:00\",\"CET\",\"B\",\"Express Checkout Payment\",\"Refunded\",\"EUR\",\"60,00\",\"-2,39\",\"57,61\",\"b@x.it\",\"shop@x.it\",\"2B\",\"\",\"Credit\"\n\
\"12/03/2026\",\"10:00:00\",\"CET\",\"B\",\"Payment Refund\",\"Completed\",\"EUR\",\"-60,00\",\"1,89\",\"-58,11\",\"shop@x.it\",\"b@x.it\",\"2R\",\"2B\",\"Debit\"\n\
\"20/03/2026\",\"10:00:00\",\"CET\",\"C\",\"Website Payment\",\"Partially Refunded\",\"EUR\",\"1.200,00\",\"-40,00\",\"1.160,00\",\"c@x.it\",\"shop@x.it\",\"3C\",\"\",\"Credit\"\n\
\"02/04/2026\",\"10:00:00\",\"CET\",\"C\",\"Payment Refund\",\"Completed\",\"EUR\",\"-200,00\",\"6,00\",\"-194,00\",\"shop@x.it\",\"c@x.it\",\"3R\",\"3C\",\"Debit\"\n\
\"20/04/2026\",\"10:00:00\",\"CET\",\"D\",\"Mobile Payment\",\"Completed\",\"EUR\",\"30,00\",\"-1,00\",\"29,00\",\"d@x.it\",\"shop@x.it\",\"4D\",\"\",\"Credit\"\n";
    let t = &monthly(csv, ExportKind::PaypalActivity).table;
    assert_eq!(t.numbers("orders").unwrap(), &[3.0, 1.0]);
    assert_eq!(t.numbers("revenue").unwrap(), &[1360.0, 30.0]);
    assert_eq!(t.numbers("refunds").unwrap(), &[60.0, 200.0]);
    assert_eq!(t.numbers("net_revenue").unwrap(), &[1300.0, -170.0]);
    assert_eq!(t.numbers("customers").unwrap(), &[3.0, 1.0]);
}

#[test]
fn an_etsy_order_cancelled_is_no_sale() {
    let csv = "Sale Date,Order ID,Buyer User ID,Number of Items,Currency,Order Value,Order Total,Status,Order Net,Adjusted Order Total,Buyer,Order Type\n\
03/01/26,3000000001,111,1,EUR,25.00,25.00,,25.00,,annar1,online\n\
03/02/26,3000000002,222,1,EUR,40.00,40.00,,40.00,30.00,bruno2,online\n\
04/01/26,3000000004,333,1,EUR,60.00,60.00,,60.00,0.00,carla3,online\n\
04/20/26,3000000006,444,1,EUR,12.00,12.00,Canceled,12.00,,dario4,online\n";
    let m = monthly(csv, ExportKind::EtsySoldOrders);
    assert_eq!(m.table.numbers("orders").unwrap(), &[2.0, 1.0]);
    assert_eq!(m.table.numbers("revenue").unwrap(), &[65.0, 60.0]);
    assert_eq!(m.table.numbers("refunds").unwrap(), &[10.0, 60.0]);
}

#[test]
fn paypal_statements_without_type_or_status_are_read_as_payments() {
    // the newer "Statements" download (English and Italian): a description, no status column
    for csv in [
        "\"Date\",\"Time\",\"Time Zone\",\"Description\",\"Currency\",\"Gross\",\"Fee\",\"Net\",\"Balance\",\"Transaction ID\",\"From Email Address\",\"Name\",\"Reference Txn ID\"\n\
\"01/03/2026\",\"23:30:00\",\"Europe/Rome\",\"Express Checkout Payment\",\"EUR\",\"100.00\",\"-3.75\",\"96.25\",\"96.25\",\"1A\",\"a@x.it\",\"A\",\"\"\n\
\"05/03/2026\",\"10:00:00\",\"Europe/Rome\",\"Mobile Payment\",\"EUR\",\"60.00\",\"-2.39\",\"57.61\",\"153.86\",\"2B\",\"b@x.it\",\"B\",\"\"\n\
\"12/03/2026\",\"10:00:00\",\"Europe/Rome\",\"Payment Refund\",\"EUR\",\"-60.00\",\"1.89\",\"-58.11\",\"95.75\",\"2R\",\"b@x.it\",\"B\",\"2B\"\n\
\"15/03/2026\",\"10:00:00\",\"Europe/Rome\",\"General Withdrawal\",\"EUR\",\"-95.75\",\"0.00\",\"-95.75\",\"0.00\",\"3W\",\"\",\"\",\"\"\n\
\"02/04/2026\",\"10:00:00\",\"Europe/Rome\",\"Express Checkout Payment\",\"EUR\",\"1200.00\",\"-40.00\",\"1160.00\",\"1160.00\",\"4C\",\"c@x.it\",\"C\",\"\"\n",
        "\"Data\",\"Ora\",\"Fuso orario\",\"Descrizione\",\"Valuta\",\"Lordo\",\"Tariffa\",\"Netto\",\"Saldo\",\"Codice transazione\",\"Indirizzo email mittente\",\"Nome\",\"Codice transazione di riferimento\"\n\
\"01/03/2026\",\"23:30:00\",\"Europe/Rome\",\"Pagamento Express Checkout\",\"EUR\",\"100,00\",\"-3,75\",\"96,25\",\"96,25\",\"1A\",\"a@x.it\",\"A\",\"\"\n\
\"05/03/2026\",\"10:00:00\",\"Europe/Rome\",\"Pagamento da cellulare\",\"EUR\",\"60,00\",\"-2,39\",\"57,61\",\"153,86\",\"2B\",\"b@x.it\",\"B\",\"\"\n\
\"12/03/2026\",\"10:00:00\",\"Europe/Rome\",\"Rimborso di pagamento\",\"EUR\",\"-60,00\",\"1,89\",\"-58,11\",\"95,75\",\"2R\",\"b@x.it\",\"B\",\"2B\"\n\
\"15/03/2026\",\"10:00:00\",\"Europe/Rome\",\"Prelievo generico\",\"EUR\",\"-95,75\",\"0,00\",\"-95,75\",\"0,00\",\"3W\",\"\",\"\",\"\"\n\
\"02/04/2026\",\"10:00:00\",\"Europe/Rome\",\"Pagamento Express Checkout\",\"EUR\",\"1.200,00\",\"-40,00\",\"1.160,00\",\"1.160,00\",\"4C\",\"c@x.it\",\"C\",\"\"\n",
    ] {
        let t = &monthly(csv, ExportKind::PaypalActivity).table;
        assert_eq!(t.numbers("orders").unwrap(), &[2.0, 1.0]);
        assert_eq!(t.numbers("revenue").unwrap(), &[160.0, 1200.0]);
        assert_eq!(t.numbers("refunds").unwrap(), &[60.0, 0.0]);
    }
}

#[test]
fn stripe_checkouts_never_paid_are_no_orders() {
    // Incomplete and "Requires payment method": the customer left, or the card needed an action
    // never taken; they were once counted as paid sales.
    let csv = "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Converted Amount Refunded,Converted Currency,Status,Customer Email\n\
ch_1,2026-03-02 10:00:00,100.00,0.00,eur,true,100.00,0.00,eur,Paid,a@example.com\n\
ch_2,2026-03-03 10:00:00,50.00,0.00,eur,false,50.00,0.00,eur,Requires payment method,b@example.com\n\
ch_3,2026-03-04 10:00:00,70.00,0.00,eur,false,70.00,0.00,eur,Incomplete,c@example.com\n\
ch_4,2026-03-05 10:00:00,30.00,0.00,eur,false,30.00,0.00,eur,requires_action,d@example.com\n\
ch_5,2026-04-02 10:00:00,40.00,10.00,eur,true,40.00,10.00,eur,Refunded,a@example.com\n";
    let t = &monthly(csv, ExportKind::StripeUnified).table;
    assert_eq!(t.numbers("orders").unwrap(), &[1.0, 1.0]);
    assert_eq!(t.numbers("revenue").unwrap(), &[100.0, 40.0]);
    assert_eq!(t.numbers("customers").unwrap(), &[1.0, 1.0]);
}

#[test]
fn woocommerce_wp_all_export_guests_by_e_mail_and_its_refund_total() {
    // WP All Export: guests have user id 0 and are told apart by their e-mail; "Refund Total" is
    // the refunded amount; a refund written negative is money given back all the same.
    let csv = "Order ID,Order Date,Order Status,Order Total,Refund Total,Customer User ID,Customer Account Email Address\n\
8001,2026-03-02 10:00:00,Completed,100.00,,0,g1@example.com\n\
8002,2026-03-09 10:00:00,Completed,50.00,-20.00,0,g1@example.com\n\
8003,2026-03-10 10:00:00,Completed,30.00,,7,r7@example.com\n\
8004,2026-04-01 10:00:00,Completed,60.00,15.00,0,g1@example.com\n";
    let m = monthly(csv, ExportKind::WoocommerceOrders);
    let t = &m.table;
    assert_eq!(t.numbers("orders").unwrap(), &[3.0, 1.0]);
    assert_eq!(t.numbers("refunds").unwrap(), &[20.0, 15.0]);
    assert_eq!(t.numbers("net_revenue").unwrap(), &[160.0, 45.0]);
    assert_eq!(t.numbers("customers").unwrap(), &[2.0, 1.0]);
    assert_eq!(t.numbers("returning_customers").unwrap(), &[0.0, 1.0]);
}

/// The recipe guessed for an event file of no known export (`recipe_for`): what a user would pick.
fn guessed(csv: &str) -> Recipe {
    let l = read(csv).unwrap();
    assert_eq!(
        l.report.events.as_ref().unwrap().kind,
        ExportKind::GenericEvents
    );
    social_roi_core::analysis::document::recipe_for(&l.table, &l.report).unwrap()
}

#[test]
fn an_unknown_shops_orders_are_read_as_orders_with_customers() {
    // Ko-fi: camel-case names; the status words of the shop's own
    let r = guessed(
        "DateTime (UTC),From,Received,Currency,TransactionType,TransactionId,BuyerEmail,Status\n\
2024-02-01 10:00,A,10.00,EUR,Donation,t1,a@example.com,Completed\n\
2024-02-01 11:00,B,5.00,EUR,Shop Order,t2,b@example.com,Cancelled\n\
2024-02-02 10:00,A,7.50,EUR,Donation,t3,a@example.com,Completed\n\
2024-02-03 10:00,C,3.00,EUR,Donation,t4,c@example.com,In attesa di pagamento\n",
    );
    assert_eq!(r.role, events::Role::Orders);
    assert_eq!(r.order_id.as_deref(), Some("TransactionId"));
    assert_eq!(r.customers, ["BuyerEmail"]);
    assert_eq!(r.amount.as_deref(), Some("Received"));
    let l = read(
        "DateTime (UTC),From,Received,Currency,TransactionType,TransactionId,BuyerEmail,Status\n\
2024-02-01 10:00,A,10.00,EUR,Donation,t1,a@example.com,Completed\n\
2024-02-01 11:00,B,5.00,EUR,Shop Order,t2,b@example.com,Cancelled\n\
2024-02-02 10:00,A,7.50,EUR,Donation,t3,a@example.com,Completed\n\
2024-02-03 10:00,C,3.00,EUR,Donation,t4,c@example.com,In attesa di pagamento\n",
    )
    .unwrap();
    let d = events::derive(&l.table, &r, Period::Month).unwrap();
    // the cancelled one left out; the pending one an order without revenue
    assert_eq!(d.table.numbers("orders").unwrap(), &[3.0]);
    assert_eq!(d.table.numbers("revenue").unwrap(), &[17.5]);
    assert_eq!(d.table.numbers("customers").unwrap(), &[2.0]);
}

#[test]
fn a_guessed_recipe_takes_no_merchant_e_mail_no_payment_method_and_no_spend() {
    // SumUp: `Email` is the merchant's own on every row; `Payment Method` is no order's id
    let r = guessed(
        "Email;Date;Transaction ID;Payment Method;Status;Total Amount;Fee\n\
shop@example.com;06.05.2024 09:15;T1;POS;Successful;58,20;1,11\n\
shop@example.com;06.05.2024 10:15;T2;POS;Successful;12,00;0,30\n\
shop@example.com;07.05.2024 11:15;T3;Online;Successful;9,00;0,20\n\
shop@example.com;07.05.2024 12:15;T4;POS;Failed;9,00;0,20\n",
    );
    assert_eq!(r.order_id.as_deref(), Some("Transaction ID"));
    assert!(r.customers.is_empty(), "{:?}", r.customers);
    assert_eq!(r.amount.as_deref(), Some("Total Amount"));
    let r = guessed("Date,Order ID,Payment,Amount\n\
2024-05-06 09:15,1,card,10\n2024-05-06 10:15,2,card,11\n2024-05-07 10:15,3,cash,12\n2024-05-07 11:15,4,card,13\n");
    assert_eq!(r.order_id.as_deref(), Some("Order ID"));
    // an ads export per ad, or posts: counted and summed, not orders
    let r = guessed("Day,Ad ID,Ad name,Amount spent (EUR),Clicks\n\
2024-05-06,11,a,3.50,4\n2024-05-06,12,b,2.00,1\n2024-05-07,11,a,3.00,2\n2024-05-07,12,b,1.00,5\n2024-05-08,11,a,3.00,2\n2024-05-08,12,b,1.00,5\n");
    assert_eq!(r.role, events::Role::Counts);
    let r = guessed("Posted at,Video ID,Likes,Views\n\
2024-05-06 10:00,p1,3,40\n2024-05-06 18:00,p2,5,60\n2024-05-07 10:00,p3,1,20\n2024-05-07 12:00,p4,2,30\n");
    assert_eq!(r.role, events::Role::Counts);
}

#[test]
fn an_order_total_written_on_each_item_row_is_counted_once() {
    // Wix: the order's Total on every line item
    let csv = "Date created,Order number,Buyer email,Item,Qty,Total\n\
2024-09-09 10:00,1001,a@example.com,Mug,1,30.00\n\
2024-09-09 10:00,1001,a@example.com,Bowl,2,30.00\n\
2024-09-10 11:00,1002,b@example.com,Mug,1,12.50\n\
2024-09-11 12:00,1003,a@example.com,Cup,1,8.00\n\
2024-09-11 12:00,1003,a@example.com,Mug,1,8.00\n";
    let r = guessed(csv);
    assert!(!r.amount_per_row);
    let l = read(csv).unwrap();
    let d = events::derive(&l.table, &r, Period::Month).unwrap();
    assert_eq!(d.table.numbers("orders").unwrap(), &[3.0]);
    assert_eq!(d.table.numbers("revenue").unwrap(), &[50.5]);
    // a line's own amount is summed over the order's lines
    let csv = csv.replace(",2,30.00", ",2,12.00");
    assert!(guessed(&csv).amount_per_row);
}

/// A minus amount in a file of no known export is money given back: a refund when it was made,
/// whether the refund row has an id of its own or the payment's (Square, SumUp).
#[test]
fn a_minus_amount_of_an_unknown_export_is_a_refund_not_an_order() {
    let csv = "Date,Transaction ID,Customer ID,Total Collected,Event Type\n\
2024-03-04 10:00,T1,C1,50.00,Payment\n\
2024-03-04 11:00,T2,C2,30.00,Payment\n\
2024-03-12 12:00,T3,C1,-20.00,Refund\n\
2024-03-12 13:00,T2,C2,-30.00,Refund\n\
2024-03-12 14:00,T4,C3,12.00,Payment\n";
    let r = guessed(csv);
    let l = read(csv).unwrap();
    let d = events::derive(&l.table, &r, Period::Week).unwrap();
    assert_eq!(d.table.numbers("orders").unwrap(), &[2.0, 1.0]);
    assert_eq!(d.table.numbers("revenue").unwrap(), &[80.0, 12.0]);
    assert_eq!(d.table.numbers("refunds").unwrap(), &[0.0, 50.0]);
    assert_eq!(d.table.numbers("net_revenue").unwrap(), &[80.0, -38.0]);
}
