//! The findings tell the truth on generated files (issue 13's goal), measured over many seeded
//! files through the guessed plan, as a user without a plan gets them:
//! * six independent AR(1) series (φ = 0.5, unit innovations), 52 weeks: at most 5% of files
//!   headline any relationship (the verdict claims one or a key finding is a correlation);
//! * the same with revenue_t = 0.7·social_spend_{t−1} + AR(1) noise: at least 80% of files
//!   headline exactly that pair at lag 1 (the verdict's main claim);
//! * 12 months of independent series: no headline, and the verdict says the data are too few.
//! * a negative lead (−0.7) is headlined as "followed by lower", never as "leads";
//! * the business moving first (social_spend_t = 0.7·revenue_{t−1}) is described as such and not
//!   headlined;
//! * a running total (followers to date) is tested by its changes: the right lag and sign, and
//!   nothing headlined when the business leads the gains;
//! * one shared outlier week is not a relationship, and the verdict says the link rests on it.
//!
//! The measured rates are printed (`cargo test -p social-roi-core --test findings_truth --
//! --nocapture`) and recorded in BENCHMARKS.md.

use social_roi_core::analysis::{self, guess_roles, FindingKind, Plan, Severity, VerdictStatus};
use social_roi_core::{Date, Table};

/// xorshift64* with Box–Muller normals: small, seeded, the same on every platform.
struct Rng(u64, Option<f64>);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1, None)
    }
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((v >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.1.take() {
            return z;
        }
        let (u, v) = (self.uniform(), self.uniform());
        let r = (-2.0 * u.ln()).sqrt();
        let a = std::f64::consts::TAU * v;
        self.1 = Some(r * a.sin());
        r * a.cos()
    }
    /// AR(1) with φ = 0.5 and unit innovations, started from its stationary distribution.
    fn ar1(&mut self, n: usize) -> Vec<f64> {
        let mut x = Vec::with_capacity(n);
        let mut prev = self.normal() / (1.0f64 - 0.25).sqrt();
        for _ in 0..n {
            prev = 0.5 * prev + self.normal();
            x.push(prev);
        }
        x
    }
}

const BUSINESS: [&str; 3] = ["revenue", "orders", "customers"];
const SOCIAL: [&str; 3] = ["social_spend", "followers", "reach"];

/// One file: 3 business and 3 social series (plus 100 so money looks like money), weekly or
/// monthly dates; `planted`: revenue_t = 0.7·social_spend_{t−1} + AR(1) noise.
fn file(seed: u64, n: usize, days: i32, planted: bool) -> Table {
    file_with(seed, n, days, planted.then_some((3, 0, 0.7)))
}

/// [`file`] with `cols[to]_t = b·cols[from]_{t−1} + AR(1) noise` planted (0 revenue, 3 social_spend).
fn file_with(seed: u64, n: usize, days: i32, plant: Option<(usize, usize, f64)>) -> Table {
    let mut rng = Rng::new(seed);
    let mut cols: Vec<(&str, Vec<f64>)> = BUSINESS
        .iter()
        .chain(&SOCIAL)
        .map(|&name| (name, rng.ar1(n)))
        .collect();
    if let Some((from, to, b)) = plant {
        let x = cols[from].1.clone();
        let noise = rng.ar1(n);
        let prev = rng.normal() / (1.0f64 - 0.25).sqrt();
        cols[to].1 = (0..n)
            .map(|t| b * if t == 0 { prev } else { x[t - 1] } + noise[t])
            .collect();
    }
    for (_, v) in &mut cols {
        v.iter_mut().for_each(|x| *x += 100.0);
    }
    let start = Date::from_ymd(2024, 1, 1).unwrap().days();
    let dates = (0..n as i32)
        .map(|i| Date::from_days(start + i * days))
        .collect();
    Table::from_columns(Some(("date", dates)), cols)
}

/// What a file headlines: the verdict's status and main claim, and whether any key finding is a
/// relationship.
struct Outcome {
    status: VerdictStatus,
    main: Option<(String, String, i64)>,
    claims: usize,
    key_relationships: usize,
}

fn analyse(t: &Table) -> Outcome {
    let plan = Plan::suggested(t, &guess_roles(t));
    let report = analysis::run(t, &plan).unwrap();
    let v = &report.verdict;
    let key_relationships = report
        .findings()
        .iter()
        .filter(|f| f.severity == Severity::Key)
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::LeadLag | FindingKind::StrongCorrelation
            )
        })
        .count();
    Outcome {
        status: v.status,
        main: match (&v.x, &v.y, v.k) {
            (Some(x), Some(y), Some(k)) => Some((x.clone(), y.clone(), k)),
            _ => None,
        },
        claims: v.claims().count(),
        key_relationships,
    }
}

const FILES: u64 = 400;

#[test]
fn independent_weekly_series_headline_nothing() {
    let mut headlined = 0;
    for seed in 0..FILES {
        let o = analyse(&file(seed, 52, 7, false));
        assert_eq!(
            o.claims, o.key_relationships,
            "key findings are the verdict's claims"
        );
        assert!(matches!(
            o.status,
            VerdictStatus::Relationship | VerdictStatus::NoRelationship
        ));
        if o.status == VerdictStatus::Relationship || o.key_relationships > 0 {
            headlined += 1;
        }
    }
    let rate = headlined as f64 / FILES as f64;
    println!(
        "null, 52 weeks: {headlined}/{FILES} files headline a relationship ({:.1}%)",
        rate * 100.0
    );
    assert!(rate <= 0.05, "{rate}");
}

#[test]
fn a_planted_one_week_lead_is_headlined() {
    let (mut exact, mut extra) = (0, 0);
    for seed in 0..FILES {
        let o = analyse(&file(1_000_000 + seed, 52, 7, true));
        if o.main == Some(("social_spend".into(), "revenue".into(), 1)) {
            exact += 1;
            if o.claims > 1 {
                extra += 1;
            }
        }
    }
    let rate = exact as f64 / FILES as f64;
    println!(
        "planted lead, 52 weeks: {exact}/{FILES} files headline social_spend → revenue at lag 1 ({:.1}%); {extra} of them also claim another pair",
        rate * 100.0
    );
    assert!(rate >= 0.80, "{rate}");
}

#[test]
fn twelve_months_are_too_few() {
    let files = 100;
    for seed in 0..files {
        let o = analyse(&file(2_000_000 + seed, 12, 30, false));
        assert_eq!(o.status, VerdictStatus::TooFewPeriods, "seed {seed}");
        assert_eq!((o.claims, o.key_relationships), (0, 0), "seed {seed}");
    }
    let t = file(2_000_000, 12, 30, true);
    let plan = Plan::suggested(&t, &guess_roles(&t));
    let v = analysis::run(&t, &plan).unwrap().verdict;
    assert_eq!(
        v.status,
        VerdictStatus::TooFewPeriods,
        "even with a planted lead"
    );
    assert!(
        v.text_en
            .starts_with("Too few periods to conclude: 12 months"),
        "{}",
        v.text_en
    );
    assert!(
        v.text_it
            .starts_with("Troppo pochi periodi per concludere: 12 mesi"),
        "{}",
        v.text_it
    );
    println!("null, 12 months: 0/{files} files headline a relationship; the verdict says too few");
}

/// A negative lead is said in words ("followed by lower"), never as "leads" alone.
#[test]
fn a_negative_lead_is_said_in_words() {
    let files = 100;
    let mut claimed = 0;
    for seed in 0..files {
        let t = file_with(3_000_000 + seed, 52, 7, Some((3, 0, -0.7)));
        let report = analysis::run(&t, &Plan::suggested(&t, &guess_roles(&t))).unwrap();
        let v = &report.verdict;
        if (v.x.as_deref(), v.y.as_deref(), v.k) == (Some("social_spend"), Some("revenue"), Some(1))
        {
            claimed += 1;
            assert!(v.r.unwrap() < 0.0);
            assert!(v.text_en.contains("weeks with higher “social_spend” were followed by lower “revenue” 1 week later"), "{}", v.text_en);
            assert!(
                v.text_it.contains("da valori più bassi di «revenue»"),
                "{}",
                v.text_it
            );
            let key = &report.findings()[0];
            assert_eq!(
                (key.severity, key.kind),
                (Severity::Key, FindingKind::LeadLag)
            );
            assert!(!key.text_en.contains(" leads "), "{}", key.text_en);
        }
    }
    println!(
        "planted negative lead: {claimed}/{files} files headline it, all as 'followed by lower'"
    );
    assert!(claimed >= 75, "{claimed}");
}

/// The business moving first (social_spend_t = 0.7·revenue_{t−1}) is not "social moved the
/// business": it is described as the business first, and not headlined.
#[test]
fn the_business_moving_first_is_not_a_headline() {
    let files = 100;
    let (mut headlined, mut described) = (0, 0);
    for seed in 0..files {
        let t = file_with(4_000_000 + seed, 52, 7, Some((0, 3, 0.7)));
        let report = analysis::run(&t, &Plan::suggested(&t, &guess_roles(&t))).unwrap();
        if report.verdict.status == VerdictStatus::Relationship {
            headlined += 1;
        }
        if report.findings().iter().any(|f| {
            f.text_en.starts_with(
                "Weeks with higher “revenue” were followed by higher “social_spend” 1 week later",
            ) && f.text_en.contains("The business moved first here")
        }) {
            described += 1;
        }
    }
    println!("business first: {headlined}/{files} files headline a relationship; {described} describe the business moving first");
    assert!(headlined <= 10, "{headlined}");
    assert!(described >= 75, "{described}");
}

/// Followers as a running total (followers to date), revenue following the week's new followers:
/// filtering the level with its own AR(≈1) model split the link into +r at k and −r at k + 1, and
/// about half the headlines named the wrong sign and lag (found by a sweep: 32 of 59 at k = 0).
/// The total is tested by its change per week. With revenue leading the gains instead, nothing
/// social → business is headlined.
#[test]
fn a_running_total_is_tested_by_its_changes() {
    let weeks = 104;
    let table = |seed: u64, k: usize, business_first: bool| {
        let mut rng = Rng::new(5_000_000 + seed);
        let (mut gains, mut revenue) = (Vec::with_capacity(weeks), Vec::with_capacity(weeks));
        if business_first {
            // gains_t = 50 + (revenue_{t−1} − 1000) + noise: the business moves first
            for t in 0..weeks {
                revenue.push(1000.0 + 10.0 * rng.normal());
                let before = if t > 0 { revenue[t - 1] - 1000.0 } else { 0.0 };
                gains.push(50.0 + before + 10.0 * rng.normal());
            }
        } else {
            // revenue_t = 1000 + (gains_{t−k} − 50) + noise
            let g: Vec<f64> = (0..weeks + k).map(|_| 50.0 + 10.0 * rng.normal()).collect();
            gains.extend_from_slice(&g[k..]);
            for gt in g.iter().take(weeks) {
                revenue.push(1000.0 + (gt - 50.0) + 10.0 * rng.normal());
            }
        }
        let followers: Vec<f64> = gains
            .iter()
            .scan(10_000.0, |acc, n| {
                *acc += n;
                Some(*acc)
            })
            .collect();
        let dates: Vec<Date> = (0..weeks)
            .map(|i| Date::from_days(18_995 + 7 * i as i32))
            .collect();
        Table::from_columns(
            Some(("week", dates)),
            vec![("followers", followers), ("revenue", revenue)],
        )
    };
    for k in [0usize, 1] {
        let (mut right, mut wrong) = (0, 0);
        for seed in 0..40 {
            let o = analyse(&table(seed, k, false));
            match o.main {
                Some((x, y, got)) if x == "followers" && y == "revenue" && got == k as i64 => {
                    right += 1
                }
                Some(_) => wrong += 1,
                None => {}
            }
        }
        println!("running total, lag {k}: {right}/40 headline the right lag, {wrong} another");
        assert_eq!(wrong, 0, "lag {k}");
        assert!(right >= 30, "lag {k}: {right}");
    }
    let mut claimed = 0;
    for seed in 0..40 {
        if analyse(&table(100 + seed, 0, true)).status == VerdictStatus::Relationship {
            claimed += 1;
        }
    }
    println!("running total, business first: {claimed}/40 headline social → business");
    assert!(claimed <= 2, "{claimed}");
}

/// Independent series sharing one huge week (a launch, a data error): a sweep found a "Yes" in
/// 95% of such files. A claim now needs its lag to stand out without its most influential period.
#[test]
fn one_shared_outlier_week_is_not_a_relationship() {
    let weeks: usize = 80;
    let mut claimed = 0;
    let mut said = 0;
    for seed in 0..40u64 {
        let mut rng = Rng::new(7_000_000 + seed);
        let mut followers: Vec<f64> = (0..weeks).map(|_| 100.0 + rng.normal()).collect();
        let mut revenue: Vec<f64> = (0..weeks).map(|_| 1000.0 + rng.normal()).collect();
        followers[40] += 15.0;
        revenue[40] += 15.0;
        let dates: Vec<Date> = (0..weeks)
            .map(|i| Date::from_days(18_995 + 7 * i as i32))
            .collect();
        let t = Table::from_columns(
            Some(("week", dates)),
            vec![("new_followers", followers), ("revenue", revenue)],
        );
        let plan = Plan::suggested(&t, &guess_roles(&t));
        let report = analysis::run(&t, &plan).unwrap();
        let v = &report.verdict;
        if v.status == VerdictStatus::Relationship {
            claimed += 1;
        }
        if v.text_en.contains("rests on a single period") {
            said += 1;
        }
        // the lag findings say it too, not "once every pair is allowed for"
        for f in report.findings() {
            if f.kind == FindingKind::LeadLag && f.severity != Severity::Key {
                assert!(
                    f.text_en.contains("rests on a single period"),
                    "seed {seed}: {}",
                    f.text_en
                );
            }
        }
    }
    println!("one shared outlier week: {claimed}/40 headline a relationship; {said}/40 say it rests on one period");
    assert!(claimed <= 2, "{claimed}");
    assert!(said >= 30, "{said}");
}

/// The shared-trend guard at the test's own lag: a persistent social series (AR φ = 0.7) that
/// revenue follows a week later was taken for a shared trend (same-period levels correlate,
/// same-period changes do not), the stronger the link the more often (a sweep: 4/12 detected at
/// 104 weeks). Two independent series on one linear trend still headline nothing.
#[test]
fn the_trend_guard_looks_at_the_lag_tested() {
    let weeks: usize = 104;
    let dates: Vec<Date> = (0..weeks)
        .map(|i| Date::from_days(18_995 + 7 * i as i32))
        .collect();
    let mut found = 0;
    for seed in 0..40u64 {
        let mut rng = Rng::new(9_000_000 + seed);
        let mut x = vec![0.0f64; weeks];
        for t in 1..weeks {
            x[t] = 0.7 * x[t - 1] + rng.normal();
        }
        let followers: Vec<f64> = x.iter().map(|v| 50.0 + 10.0 * v).collect();
        let revenue: Vec<f64> = (0..weeks)
            .map(|t| 1000.0 + 10.0 * if t > 0 { x[t - 1] } else { 0.0 } + 10.0 * rng.normal())
            .collect();
        let t = Table::from_columns(
            Some(("week", dates.clone())),
            vec![("new_followers", followers), ("revenue", revenue)],
        );
        if analyse(&t).main == Some(("new_followers".into(), "revenue".into(), 1)) {
            found += 1;
        }
    }
    let mut trend_claims = 0;
    for seed in 0..100u64 {
        let mut rng = Rng::new(9_500_000 + seed);
        let noise = |rng: &mut Rng| rng.ar1(weeks);
        let (a, b) = (noise(&mut rng), noise(&mut rng));
        let followers: Vec<f64> = (0..weeks).map(|t| 50.0 + 0.5 * t as f64 + a[t]).collect();
        let revenue: Vec<f64> = (0..weeks)
            .map(|t| 1000.0 + 2.0 * t as f64 + 4.0 * b[t])
            .collect();
        let t = Table::from_columns(
            Some(("week", dates.clone())),
            vec![("new_followers", followers), ("revenue", revenue)],
        );
        if analyse(&t).status == VerdictStatus::Relationship {
            trend_claims += 1;
        }
    }
    println!("persistent lag-1 link, 104 weeks: {found}/40 headlined at lag 1; shared trend: {trend_claims}/100 headline");
    assert!(found >= 32, "{found}");
    assert!(trend_claims <= 5, "{trend_claims}");
}

/// [`file_with`] plus a seasonal pattern shared by every column: `pattern[season(date)]` units
/// (the AR noise has a standard deviation of about 1.15).
fn seasonal_file(
    seed: u64,
    n: usize,
    days: i32,
    plant: Option<(usize, usize, f64)>,
    pattern: &[f64],
    season: fn(Date) -> usize,
) -> Table {
    let t = file_with(seed, n, days, plant);
    let dates = t.dates().unwrap().to_vec();
    let cols = BUSINESS
        .iter()
        .chain(&SOCIAL)
        .map(|&name| {
            let v = t.numbers(name).unwrap();
            let v = v
                .iter()
                .zip(&dates)
                .map(|(x, &d)| x + pattern[season(d)])
                .collect();
            (name, v)
        })
        .collect();
    Table::from_columns(Some(("date", dates)), cols)
}

const WEEKDAYS: [f64; 7] = [-1.0, -0.5, 0.0, 0.0, 1.0, 3.0, 2.5];

fn weekday(d: Date) -> usize {
    d.iso_weekday() as usize - 1
}

fn month(d: Date) -> usize {
    d.month() as usize - 1
}

/// Two series that share a weekly rhythm (weekend sales, weekend traffic) or December peaks,
/// with no link: an AR model of at most 4 periods cannot absorb a 7-day or 12-month cycle, and
/// 200 of 200 such daily files were headlined (a sweep; the months 199/200). Each season's mean
/// now comes out of both series when one has a clear pattern (`prewhiten::Seasons`), and a lead
/// planted beside the rhythm is still found.
#[test]
fn a_shared_season_is_not_a_relationship() {
    let files = 150;
    let mut december = [0.0; 12];
    december[10] = 1.5;
    december[11] = 5.0;
    let (mut daily, mut monthly, mut planted) = (0, 0, 0);
    let (mut three_years, mut monthly_planted) = (0, 0);
    for seed in 0..files {
        let t = seasonal_file(14_500_000 + seed, 36, 31, None, &december, month);
        if analyse(&t).status == VerdictStatus::Relationship {
            three_years += 1;
        }
        let t = seasonal_file(
            15_000_000 + seed,
            48,
            31,
            Some((3, 0, 0.7)),
            &december,
            month,
        );
        if analyse(&t).main == Some(("social_spend".into(), "revenue".into(), 1)) {
            monthly_planted += 1;
        }
        let t = seasonal_file(12_000_000 + seed, 182, 1, None, &WEEKDAYS, weekday);
        if analyse(&t).status == VerdictStatus::Relationship {
            daily += 1;
        }
        let t = seasonal_file(12_500_000 + seed, 48, 31, None, &december, month);
        if analyse(&t).status == VerdictStatus::Relationship {
            monthly += 1;
        }
        let t = seasonal_file(
            13_000_000 + seed,
            182,
            1,
            Some((3, 0, 0.7)),
            &WEEKDAYS,
            weekday,
        );
        if analyse(&t).main == Some(("social_spend".into(), "revenue".into(), 1)) {
            planted += 1;
        }
    }
    println!("shared weekly rhythm, 182 days: {daily}/{files} headline; December peaks, 48 months: {monthly}/{files}; planted lead beside the rhythm: {planted}/{files} found at lag 1");
    assert!(daily * 100 <= files * 6, "{daily}");
    assert!(monthly * 100 <= files * 6, "{monthly}");
    assert!(planted * 100 >= files * 90, "{planted}");
    println!("December peaks, 36 months: {three_years}/{files} headline; a lead planted beside them, 48 months: {monthly_planted}/{files} found at lag 1");
    assert!(three_years * 100 <= files * 6, "{three_years}");
    assert!(monthly_planted * 100 >= files * 60, "{monthly_planted}");
}

/// A moderate lead (sales_t = 0.5·reach_{t−1} + AR noise, correlation 0.5, 52 weeks): the one-period
/// guard took out the most influential week of every file, and in clean Gaussian data that week
/// is simply the one that agrees most, so the guard cost 12–22 points of power in a sweep. It
/// now takes a week out only when it stands apart (3 sd of the other weeks in either series):
/// the shared outlier week above is still caught. 153/200 found (143/200 with the guard on every
/// file); the sweep's families gained 10–18 points, its nulls moved by at most 2.5 points.
#[test]
fn a_moderate_lead_is_not_lost_to_the_outlier_guard() {
    let files = 200;
    let n = 52;
    let found = (0..files)
        .filter(|&seed| {
            let mut rng = Rng::new(31_000_000 + seed);
            // AR(1) series scaled to unit variance (φ = 0.5: variance 4/3)
            let scale = (0.75f64).sqrt();
            let x: Vec<f64> = rng.ar1(n + 1).iter().map(|v| v * scale).collect();
            let e: Vec<f64> = rng.ar1(n).iter().map(|v| v * scale).collect();
            let rho = 0.5;
            let sales = (0..n)
                .map(|t| 1000.0 + 100.0 * (rho * x[t] + (1.0 - rho * rho).sqrt() * e[t]))
                .collect();
            let reach = (0..n).map(|t| 5000.0 + 500.0 * x[t + 1]).collect();
            let start = Date::from_ymd(2024, 1, 1).unwrap().days();
            let dates = (0..n as i32)
                .map(|i| Date::from_days(start + 7 * i))
                .collect();
            let t = Table::from_columns(
                Some(("date", dates)),
                vec![("sales", sales), ("reach", reach)],
            );
            analyse(&t).main == Some(("reach".into(), "sales".into(), 1))
        })
        .count() as u64;
    println!("moderate lead, 52 weeks: {found}/{files} headlined at lag 1");
    assert!(found * 100 >= files * MODERATE_LEAD_FOUND, "{found}");
}

/// Share of files (%) in which the moderate lead is found (73.5% with the guard on every file).
const MODERATE_LEAD_FOUND: u64 = 74;

/// [`seasonal_file`] on a business that doubles over the file: every value times 1 + t/n, so
/// the season grows with the business (a December peak of the same share of a larger month).
fn growing(t: &Table) -> Table {
    let dates = t.dates().unwrap().to_vec();
    let n = dates.len() as f64;
    let cols = BUSINESS
        .iter()
        .chain(&SOCIAL)
        .map(|&name| {
            let v = t.numbers(name).unwrap();
            let v = v
                .iter()
                .enumerate()
                .map(|(i, x)| x * (1.0 + i as f64 / n))
                .collect();
            (name, v)
        })
        .collect();
    Table::from_columns(Some(("date", dates)), cols)
}

/// A shared season on a growing business: taking each season's mean out left the part of the
/// season that grows with the business, and a trend hid the season from its test. Two series
/// with nothing in common but December (or the weekend) and their growth were headlined in 96 of
/// 200 monthly files and 200 of 200 daily ones (a sweep). The season is now measured against
/// each series' moving average, as an amount or a share, whichever fits: 7/100 and 6/100 here
/// (100/100 and 100/100 before), the planted lead 100/100 (0/100 before).
#[test]
fn a_season_that_grows_with_the_business_is_not_a_relationship() {
    let files = 100;
    let mut december = [0.0; 12];
    december[10] = 3.0;
    december[11] = 10.0;
    let weekend = WEEKDAYS.map(|w| 2.0 * w);
    let (mut monthly, mut daily, mut planted) = (0, 0, 0);
    for seed in 0..files {
        let t = growing(&seasonal_file(
            21_000_000 + seed,
            48,
            31,
            None,
            &december,
            month,
        ));
        if analyse(&t).status == VerdictStatus::Relationship {
            monthly += 1;
        }
        let t = growing(&seasonal_file(
            22_000_000 + seed,
            365,
            1,
            None,
            &weekend,
            weekday,
        ));
        if analyse(&t).status == VerdictStatus::Relationship {
            daily += 1;
        }
        let t = growing(&seasonal_file(
            23_000_000 + seed,
            182,
            1,
            Some((3, 0, 0.7)),
            &weekend,
            weekday,
        ));
        if analyse(&t).main == Some(("social_spend".into(), "revenue".into(), 1)) {
            planted += 1;
        }
    }
    println!("growing December peaks, 48 months: {monthly}/{files} headline; growing weekends, 365 days: {daily}/{files}; a lead planted beside them, 182 days: {planted}/{files} found at lag 1");
    assert!(monthly * 100 <= files * 10, "{monthly}");
    assert!(daily * 100 <= files * 10, "{daily}");
    assert!(planted * 100 >= files * 80, "{planted}");
}

/// A lag link on trending series: revenue_t = 1000 + 5t + 50·(0.8·x_{t−1} + 0.6·noise) beside
/// x's own series (300 + 1.5t + 30·x), 104 weeks. Same-period levels correlate and same-period
/// changes do not, which the findings took for a shared trend: the business leading was "no
/// lag stands out" at p < 0.001 (174/200 in a sweep) and a claimed social lead was called
/// "most likely the shared trend" (172/200). The changes are now compared at the lag found.
#[test]
fn a_lag_link_on_trending_series_is_not_called_a_trend() {
    let weeks = 104;
    let dates: Vec<Date> = (0..weeks)
        .map(|i| Date::from_days(18_995 + 7 * i as i32))
        .collect();
    let files: usize = 60;
    let (mut business_first, mut social_first, mut called_trend) = (0, 0, 0);
    for seed in 0..files as u64 {
        for lead_is_social in [false, true] {
            let mut rng = Rng::new(14_000_000 + seed);
            let x = rng.ar1(weeks);
            let noise = rng.ar1(weeks);
            let leader: Vec<f64> = (0..weeks)
                .map(|t| 300.0 + 1.5 * t as f64 + 30.0 * x[t])
                .collect();
            let follower: Vec<f64> = (0..weeks)
                .map(|t| {
                    let prev = if t > 0 { x[t - 1] } else { 0.0 };
                    1000.0 + 5.0 * t as f64 + 50.0 * (0.8 * prev + 0.6 * noise[t])
                })
                .collect();
            let (spend, revenue) = if lead_is_social {
                (leader, follower)
            } else {
                // the business leads: revenue is the persistent series, spend follows it
                let spend = follower
                    .iter()
                    .map(|v| (v - 1000.0) * 0.3 + 300.0)
                    .collect();
                let revenue = leader.iter().map(|v| (v - 300.0) * 3.0 + 1000.0).collect();
                (spend, revenue)
            };
            let t = Table::from_columns(
                Some(("week", dates.clone())),
                vec![("revenue", revenue), ("social_spend", spend)],
            );
            let plan = Plan::suggested(&t, &guess_roles(&t));
            let report = analysis::run(&t, &plan).unwrap();
            let texts: Vec<&str> = report
                .findings()
                .iter()
                .map(|f| f.text_en.as_str())
                .collect();
            let trend_said = texts
                .iter()
                .any(|t| t.contains("shared trend") || t.contains("just trend"));
            called_trend += usize::from(trend_said);
            if lead_is_social {
                let main = (report.verdict.x.as_deref(), report.verdict.k);
                social_first += usize::from(main == (Some("social_spend"), Some(1)));
            } else {
                let said = texts.iter().any(|t| {
                    t.contains("“revenue” were followed by")
                        && t.contains("The business moved first")
                });
                business_first += usize::from(said);
                assert!(
                    !texts.iter().any(|t| t.starts_with("No lag")),
                    "seed {seed}: {texts:#?}"
                );
            }
        }
    }
    println!("lag link on trends, 104 weeks: business first said in {business_first}/{files}, social lead claimed in {social_first}/{files}, a trend named in {called_trend}/{}", 2 * files);
    assert!(business_first * 10 >= files * 9, "{business_first}");
    assert!(social_first * 10 >= files * 9, "{social_first}");
    assert!(called_trend * 100 <= 2 * files * 15, "{called_trend}");
}
