//! Columns tied by arithmetic in the shapes real exports have are named as ties, once, and never
//! reported as correlations: a shop's "sales over time" (gross, discounts, returns, net, shipping,
//! taxes, total) and a page's follower total next to its daily new followers.

use social_roi_core::analysis::ties::TieKind;
use social_roi_core::analysis::{
    self, guess_roles, FindingKind, Plan, Report, Scope, Severity, VerdictStatus,
};
use social_roi_core::ingest::{self, Options};
use social_roi_core::Table;

/// A small deterministic generator (LCG) of "random" shop days.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A Shopify-like "Sales over time" export: discounts and returns negative, net = gross +
/// discounts + returns, taxes 22% of net, shipping 4.90 per order, total = net + shipping + taxes.
fn shop_csv(days: usize) -> String {
    let mut rng = Lcg(42);
    let mut s = String::from(
        "Day,Orders,Gross sales,Discounts,Returns,Net sales,Shipping,Taxes,Total sales\n",
    );
    for d in 0..days {
        let orders = 20 + rng.next(40);
        let gross = cents(orders as f64 * (35.0 + rng.next(2000) as f64 / 100.0));
        let disc = -cents(gross * rng.next(15) as f64 / 100.0);
        let ret = -cents(rng.next(8000) as f64 / 100.0);
        let net = cents(gross + disc + ret);
        let ship = cents(4.9 * orders as f64);
        let tax = cents(0.22 * net);
        let total = cents(net + ship + tax);
        let day = 1 + d % 28;
        let month = 1 + d / 28;
        s.push_str(&format!(
            "2024-{month:02}-{day:02},{orders},{gross:.2},{disc:.2},{ret:.2},{net:.2},{ship:.2},{tax:.2},{total:.2}\n"
        ));
    }
    s
}

fn analyse(csv: &str) -> (Table, Report) {
    let loaded = ingest::read("export.csv", csv.as_bytes(), &Options::default()).unwrap();
    let table = (*loaded.table).clone();
    let plan = Plan::suggested(&table, &guess_roles(&table));
    let report = analysis::run(&table, &plan).unwrap();
    (table, report)
}

/// No correlation finding names a tied pair, and nothing is a key relationship.
fn ties_are_not_findings(report: &Report) {
    for f in report.findings() {
        if matches!(
            f.kind,
            FindingKind::StrongCorrelation | FindingKind::LeadLag | FindingKind::TrendOnly
        ) && f.columns.len() == 2
        {
            assert!(
                !analysis::ties::tied(&report.ties, &f.columns[0], &f.columns[1]),
                "a tie reported as a finding: {}",
                f.text_en
            );
        }
        if f.severity == Severity::Key {
            assert!(
                !matches!(
                    f.kind,
                    FindingKind::StrongCorrelation | FindingKind::LeadLag
                ),
                "{}",
                f.text_en
            );
        }
    }
}

#[test]
fn a_shop_sales_export_names_its_arithmetic() {
    let (_, report) = analyse(&shop_csv(84));
    let texts: Vec<&str> = report.ties.iter().map(|t| t.text_en.as_str()).collect();
    let has = |s: &str| texts.contains(&s);
    assert!(has("“Taxes” ≈ 0.22 × “Net sales”"), "{texts:?}");
    assert!(has("“Shipping” ≈ 4.9 × “Orders”"), "{texts:?}");
    assert!(
        has("“Total sales” = “Net sales” + “Shipping” + “Taxes”"),
        "{texts:?}"
    );
    assert!(
        has("“Gross sales” = “Net sales” − “Discounts” − “Returns”"),
        "{texts:?}"
    );
    // Each identity once (net = gross + discounts + returns is the same one).
    let sums = report
        .ties
        .iter()
        .filter(|t| t.kind == TieKind::Sum)
        .count();
    assert_eq!(sums, 2, "{texts:?}");
    let taxes = report.ties.iter().find(|t| t.y == "Taxes").unwrap();
    assert!((taxes.slope.unwrap() - 0.22).abs() < 1e-3);
    let it: Vec<&str> = report.ties.iter().map(|t| t.text_it.as_str()).collect();
    assert!(it.contains(&"«Taxes» ≈ 0,22 × «Net sales»"), "{it:?}");
    ties_are_not_findings(&report);
    // Sales, orders and taxes are no social column: the verdict has no pair to judge.
    assert_eq!(report.verdict.status, VerdictStatus::NoPairs);
    let tie_findings: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::ArithmeticTie)
        .collect();
    assert_eq!(tie_findings.len(), report.ties.len());
    assert!(tie_findings[0].text_en.starts_with("Tied by arithmetic: "));
    // Every business pair is "other": nothing is lost, it is only ordered after the rest.
    assert!(report
        .findings()
        .iter()
        .filter(|f| f.kind == FindingKind::StrongCorrelation)
        .all(|f| f.scope == Scope::Other));
}

#[test]
fn a_follower_total_next_to_its_daily_flow() {
    let mut rng = Lcg(7);
    let mut s = String::from("Date,Page followers,New followers,Reach,Orders\n");
    let mut total = 12_000u64;
    for d in 0..70 {
        let new = 5 + rng.next(60);
        total += new;
        let reach = 800 + rng.next(900);
        let orders = 10 + rng.next(30);
        let (m, day) = (1 + d / 28, 1 + d % 28);
        s.push_str(&format!(
            "2024-{m:02}-{day:02},{total},{new},{reach},{orders}\n"
        ));
    }
    let (_, report) = analyse(&s);
    let running: Vec<_> = report
        .ties
        .iter()
        .filter(|t| t.kind == TieKind::RunningTotal)
        .collect();
    assert_eq!(running.len(), 1, "{:?}", report.ties);
    assert_eq!(
        running[0].text_en,
        "“Page followers” is the running total of “New followers”"
    );
    assert_eq!(
        running[0].text_it,
        "«Page followers» è il totale progressivo di «New followers»"
    );
    ties_are_not_findings(&report);
    // Neither pair of the tie is tested in the verdict; the other business × social pairs are.
    let v = &report.verdict;
    assert!(v
        .tests
        .iter()
        .all(|t| !analysis::ties::tied(&report.ties, &t.x, &t.y)));
    assert_eq!(v.pairs_tested, 3);
}

#[test]
fn independent_columns_are_not_tied() {
    let mut rng = Lcg(3);
    let mut s = String::from("Date,revenue,orders,sessions,followers\n");
    for d in 0..60 {
        let (m, day) = (1 + d / 28, 1 + d % 28);
        s.push_str(&format!(
            "2024-{m:02}-{day:02},{},{},{},{}\n",
            1000 + rng.next(500),
            rng.next(50),
            rng.next(900),
            rng.next(40)
        ));
    }
    let (_, report) = analyse(&s);
    assert!(report.ties.is_empty(), "{:?}", report.ties);
}
