//! Findings in plain language, English and Italian: deterministic sentences built from the
//! structured results, with their caveats (small n, shared trends, many pairs tested, lag and λ
//! chosen after looking, and always that correlation is not causation).
//!
//! Key results are only the verdict's claims (business × social pairs that pass the prewhitened,
//! multiplicity-adjusted test); other pairs are described with `scope: other`, and columns tied
//! by arithmetic are named as ties, never as correlations.

use super::report::{CorrelationEntry, PeriodEntry, PeriodUnit, Report};
use super::roles::Side;
use super::verdict::relation_text;
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    LeadLag,
    NoClearLead,
    StrongCorrelation,
    NoCorrelation,
    ColumnsLeftOut,
    TrendOnly,
    HoldsOnChanges,
    Roas,
    Roi,
    RoiNeedsMargin,
    Cpa,
    CostPerNewFollower,
    /// Return on the whole investment (time, money, fixed and one-off costs).
    InvestmentRoi,
    /// The assumptions the investment ROI rests on.
    RoiAssumptions,
    /// Payback, break-even revenue and the highest CPA the value allows.
    Payback,
    /// The channels side by side, with the attribution caveat.
    ChannelComparison,
    SmallSample,
    MultipleComparisons,
    ConstantColumn,
    Adstock,
    BeforeAfter,
    ArithmeticTie,
    NotCausation,
}

impl FindingKind {
    /// The code as serialised (`lead_lag`, `trend_only`, …).
    pub fn code(self) -> &'static str {
        match self {
            FindingKind::LeadLag => "lead_lag",
            FindingKind::NoClearLead => "no_clear_lead",
            FindingKind::StrongCorrelation => "strong_correlation",
            FindingKind::NoCorrelation => "no_correlation",
            FindingKind::ColumnsLeftOut => "columns_left_out",
            FindingKind::TrendOnly => "trend_only",
            FindingKind::HoldsOnChanges => "holds_on_changes",
            FindingKind::Roas => "roas",
            FindingKind::Roi => "roi",
            FindingKind::RoiNeedsMargin => "roi_needs_margin",
            FindingKind::Cpa => "cpa",
            FindingKind::CostPerNewFollower => "cost_per_new_follower",
            FindingKind::InvestmentRoi => "investment_roi",
            FindingKind::RoiAssumptions => "roi_assumptions",
            FindingKind::Payback => "payback",
            FindingKind::ChannelComparison => "channel_comparison",
            FindingKind::SmallSample => "small_sample",
            FindingKind::MultipleComparisons => "multiple_comparisons",
            FindingKind::ConstantColumn => "constant_column",
            FindingKind::Adstock => "adstock",
            FindingKind::BeforeAfter => "before_after",
            FindingKind::ArithmeticTie => "arithmetic_tie",
            FindingKind::NotCausation => "not_causation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A headline result.
    Key,
    /// A reason to distrust or qualify a result.
    Warning,
    Info,
}

/// Which pairs a finding is about: the page shows `other` in a collapsed group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A business column with a social one: what the verdict is about.
    BusinessSocial,
    /// Any other pair or group of columns ("other relationships").
    Other,
    /// Not about a pair (ROI totals, sample size, causation).
    General,
}

/// Where the page marks columns as business or social, as the texts say it (English, Italian).
/// A front end without that step (the CLI) replaces these words with its own way
/// (`Report::retell_marking`); a test keeps every text that names the step using exactly them.
pub const MARK_SIDES: [&str; 2] = [
    "in step 3, “What the columns mean”",
    "al passo 3, quello sul significato delle colonne",
];

/// One finding, in both languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub scope: Scope,
    /// The columns it is about.
    pub columns: Vec<String>,
    pub text_en: String,
    pub text_it: String,
}

impl Finding {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.text_en,
            Lang::It => &self.text_it,
        }
    }
}

/// Number with `d` decimals; Italian uses a decimal comma.
pub(crate) fn num(v: f64, d: usize, it: bool) -> String {
    let s = format!("{v:.d$}");
    let s = if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_owned()
    } else {
        s
    };
    if it {
        s.replace('.', ",")
    } else {
        s
    }
}

pub(crate) fn p_text(p: Option<f64>, it: bool) -> String {
    match p {
        Some(p) if p < 0.001 => format!("p < {}", num(0.001, 3, it)),
        Some(p) => format!("p = {}", num(p, 3, it)),
        None => "p n/a".to_owned(),
    }
}

pub(crate) fn q_en(name: &str) -> String {
    format!("\u{201c}{name}\u{201d}")
}

pub(crate) fn q_it(name: &str) -> String {
    format!("\u{ab}{name}\u{bb}")
}

/// A coefficient with 3 significant digits (0.22, 4.9, 1250), Italian with a decimal comma.
pub(crate) fn num_sig(v: f64, it: bool) -> String {
    if v == 0.0 || !v.is_finite() {
        return num(v, 0, it);
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let s = num(v, digits, it);
    let sep = if it { ',' } else { '.' };
    if s.contains(sep) {
        s.trim_end_matches('0').trim_end_matches(sep).to_owned()
    } else {
        s
    }
}

/// "2 weeks" / "2 settimane".
pub(crate) fn periods(k: u64, unit: PeriodUnit, it: bool) -> String {
    let (one, many) = match (unit, it) {
        (PeriodUnit::Day, false) => ("day", "days"),
        (PeriodUnit::Week, false) => ("week", "weeks"),
        (PeriodUnit::Month, false) => ("month", "months"),
        (PeriodUnit::Quarter, false) => ("quarter", "quarters"),
        (PeriodUnit::Year, false) => ("year", "years"),
        (PeriodUnit::Period, false) => ("row", "rows"),
        (PeriodUnit::Day, true) => ("giorno", "giorni"),
        (PeriodUnit::Week, true) => ("settimana", "settimane"),
        (PeriodUnit::Month, true) => ("mese", "mesi"),
        (PeriodUnit::Quarter, true) => ("trimestre", "trimestri"),
        (PeriodUnit::Year, true) => ("anno", "anni"),
        (PeriodUnit::Period, true) => ("riga", "righe"),
    };
    format!("{k} {}", if k == 1 { one } else { many })
}

/// "in the same week" / "nella stessa settimana".
pub(crate) fn same_period(unit: PeriodUnit, it: bool) -> &'static str {
    match (unit, it) {
        (PeriodUnit::Day, false) => "on the same day",
        (PeriodUnit::Week, false) => "in the same week",
        (PeriodUnit::Month, false) => "in the same month",
        (PeriodUnit::Quarter, false) => "in the same quarter",
        (PeriodUnit::Year, false) => "in the same year",
        (PeriodUnit::Period, false) => "in the same row",
        (PeriodUnit::Day, true) => "nello stesso giorno",
        (PeriodUnit::Week, true) => "nella stessa settimana",
        (PeriodUnit::Month, true) => "nello stesso mese",
        (PeriodUnit::Quarter, true) => "nello stesso trimestre",
        (PeriodUnit::Year, true) => "nello stesso anno",
        (PeriodUnit::Period, true) => "nella stessa riga",
    }
}

fn strength(r: f64, it: bool) -> &'static str {
    let a = r.abs();
    match (a >= 0.7, a >= 0.4, a >= 0.2, it) {
        (true, _, _, false) => "strong",
        (false, true, _, false) => "moderate",
        (false, false, true, false) => "weak",
        (_, _, _, false) => "very weak",
        (true, _, _, true) => "forte",
        (false, true, _, true) => "moderata",
        (false, false, true, true) => "debole",
        (_, _, _, true) => "molto debole",
    }
}

fn find_corr<'a>(report: &'a Report, a: &str, b: &str) -> Option<&'a CorrelationEntry> {
    report
        .correlations
        .iter()
        .find(|c| (c.x == a && c.y == b) || (c.x == b && c.y == a))
}

pub(crate) const SIGNIFICANT: f64 = 0.05;
const SMALL_N: usize = 20;

/// Builds the findings for a report over a table of `n_rows` rows. Key results are the verdict's
/// claims (business × social pairs); other pairs' correlations are `other`, ties are named.
pub fn findings(report: &Report, n_rows: usize, target: Option<&str>) -> Vec<Finding> {
    let unit = report.time_step.map_or(PeriodUnit::Period, |t| t.unit);
    let side = |c: &str| {
        report
            .sides
            .iter()
            .find(|s| s.column == c)
            .map_or(Side::Neither, |s| s.side)
    };
    let scope_of = |columns: &[String]| match columns {
        [] | [_] => Scope::General,
        [a, b]
            if matches!(
                (side(a), side(b)),
                (Side::Business, Side::Social) | (Side::Social, Side::Business)
            ) =>
        {
            Scope::BusinessSocial
        }
        _ => Scope::Other,
    };
    let mut out: Vec<Finding> = Vec::new();
    let mut push = |kind, severity, columns: Vec<&str>, en: String, it: String| {
        let columns: Vec<String> = columns.into_iter().map(str::to_owned).collect();
        out.push(Finding {
            kind,
            severity,
            scope: scope_of(&columns),
            columns,
            text_en: en,
            text_it: it,
        })
    };
    let verdict = &report.verdict;
    let is_tied = |a: &str, b: &str| super::ties::tied(&report.ties, a, b);

    // Pairs linked at a lag that their changes follow too: same-period levels and changes
    // disagreeing is then the lag, not a shared trend.
    let lag_linked = |a: &str, b: &str| {
        report.lagged.iter().any(|l| {
            ((l.x == a && l.y == b) || (l.x == b && l.y == a))
                && l.prewhitened.as_ref().is_some_and(|p| {
                    p.changes_follow
                        && p.best_k.is_some_and(|k| k != 0)
                        && p.p_adjusted.is_some_and(|p| p < super::verdict::ALPHA)
                })
        })
    };
    // Pairs whose level correlation vanishes on changes: a shared trend, not a relationship.
    let trending: Vec<(&str, &str)> = report
        .period_over_period
        .iter()
        .filter(|pe| trend_only(report, pe) && !lag_linked(&pe.x, &pe.y))
        .map(|pe| (pe.x.as_str(), pe.y.as_str()))
        .collect();
    let is_trend = |a: &str, b: &str| {
        trending
            .iter()
            .any(|&(x, y)| (x == a && y == b) || (x == b && y == a))
    };
    const TREND_EN: &str = " Both series trend over time and the link vanishes on period-over-period changes, so this is most likely the shared trend, not a relationship.";
    const TREND_IT: &str = " Entrambe le serie hanno una tendenza nel tempo e il legame sparisce sulle variazioni da un periodo all'altro: molto probabilmente è la tendenza comune, non una relazione.";

    // Key results: the verdict's claims.
    for c in verdict.claims() {
        let (k, r) = (c.k.unwrap_or(0), c.r.unwrap_or(0.0));
        let stats = |it: bool| c.stats_text(it);
        push(
            if k == 0 {
                FindingKind::StrongCorrelation
            } else {
                FindingKind::LeadLag
            },
            Severity::Key,
            vec![&c.x, &c.y],
            format!(
                "{}: {} after removing each series' own momentum (prewhitened; p adjusted for the {} combinations of pair and lag tried). Timing, not proof of cause.",
                cap(&relation_text(&c.x, &c.y, k, r, unit, false)),
                stats(false),
                verdict.lags_tested
            ),
            format!(
                "{}: {} dopo aver tolto l'inerzia propria di ciascuna serie (prewhitening; p corretto per le {} combinazioni di coppia e sfasamento provate). Una successione nel tempo, non la prova di una causa.",
                cap(&relation_text(&c.x, &c.y, k, r, unit, true)),
                stats(true),
                verdict.lags_tested
            ),
        );
    }

    // Every other lagged pair: what its lags show once autocorrelation is removed.
    for l in report.lagged.iter().filter(|l| l.x != l.y) {
        if verdict.claims_pair(&l.x, &l.y) || is_tied(&l.x, &l.y) {
            continue;
        }
        let Some(pw) = &l.prewhitened else { continue };
        let (Some(k), Some(r), Some(n)) = (pw.best_k, pw.best_r, pw.best_n) else {
            continue;
        };
        let tried = pw.lags_tried;
        let stats_en = format!(
            "r = {}, n = {n}, {}",
            num(r, 2, false),
            p_text(pw.p_adjusted, false)
        );
        let stats_it = format!(
            "r = {}, n = {n}, {}",
            num(r, 2, true),
            p_text(pw.p_adjusted, true)
        );
        let stands_out = pw.p_adjusted.is_some_and(|p| p < super::verdict::ALPHA);
        // a shared trend moves levels, not the changes at the lag found
        let trend = is_trend(&l.x, &l.y);
        if stands_out && !trend {
            let social_first =
                side(&l.x) == Side::Social && k > 0 || side(&l.y) == Side::Social && k < 0;
            let pair_scope = scope_of(&[l.x.clone(), l.y.clone()]);
            let (why_en, why_it) = if pair_scope != Scope::BusinessSocial {
                (
                    " Not a key result: the two columns are not a business and a social one, so it does not answer whether social moved the business.",
                    " Non è un risultato principale: le due colonne non sono una dell'attività e una dei social, quindi non risponde alla domanda se i social abbiano mosso l'attività.",
                )
            } else if !social_first && k != 0 {
                (
                    " The business moved first here, so this is not social media moving the business.",
                    " Qui l'attività si è mossa per prima, quindi non sono i social a muovere l'attività.",
                )
            } else if pw
                .lags
                .iter()
                .find(|x| x.k == k)
                .and_then(|x| x.p_without_top)
                .is_some_and(|p| super::prewhiten::sidak(p, tried) >= super::verdict::ALPHA)
            {
                // as the verdict says of its pairs: one shared shock (a campaign's first week)
                (
                    " Not a key result: it rests on a single period (a shared shock, a launch, a data error?): without it, it does not stand out.",
                    " Non è un risultato principale: poggia su un solo periodo (uno shock comune, un lancio, un errore nei dati?): senza di esso non si distingue.",
                )
            } else if verdict.status == super::VerdictStatus::TooFewPeriods {
                (
                    " Not a key result: too few periods to headline a link (at least 16 are needed).",
                    " Non è un risultato principale: troppo pochi periodi per mettere in evidenza un legame (ne servono almeno 16).",
                )
            } else {
                (
                    " Not a key result: it does not stand out once every business × social pair tried is allowed for.",
                    " Non è un risultato principale: non si distingue più tenendo conto di tutte le coppie business × social provate.",
                )
            };
            push(
                FindingKind::LeadLag,
                Severity::Info,
                vec![&l.x, &l.y],
                format!("{}: {stats_en} (prewhitened, p adjusted for the {tried} lags tried).{why_en}", cap(&relation_text(&l.x, &l.y, k, r, unit, false))),
                format!("{}: {stats_it} (prewhitening, p corretto per i {tried} sfasamenti provati).{why_it}", cap(&relation_text(&l.x, &l.y, k, r, unit, true))),
            );
        } else if stands_out {
            push(
                FindingKind::NoClearLead,
                Severity::Info,
                vec![&l.x, &l.y],
                format!("The strongest lag of {} against {} (k = {k}) has {stats_en}, adjusted for the {tried} lags tried, but both series trend and their period-over-period changes do not follow at that lag: most likely the shared trend, not a lead.", q_en(&l.x), q_en(&l.y)),
                format!("Lo sfasamento più forte di {} rispetto a {} (k = {k}) ha {stats_it}, corretto per i {tried} sfasamenti provati, ma entrambe le serie hanno una tendenza e le loro variazioni da un periodo all'altro non seguono a quello sfasamento: molto probabilmente è la tendenza comune, non un anticipo.", q_it(&l.x), q_it(&l.y)),
            );
        } else {
            push(
                FindingKind::NoClearLead,
                Severity::Info,
                vec![&l.x, &l.y],
                format!("No lag of {} against {} stands out once each series' own momentum is removed: the strongest (k = {k}) has {stats_en}, adjusted for the {tried} lags tried.", q_en(&l.x), q_en(&l.y)),
                format!("Nessuno sfasamento di {} rispetto a {} si distingue una volta tolta l'inerzia propria di ciascuna serie: il più forte (k = {k}) ha {stats_it}, corretto per i {tried} sfasamenti provati.", q_it(&l.x), q_it(&l.y)),
            );
        }
    }

    // Level correlations that survive Benjamini–Hochberg, ties and claims aside: described, not
    // headlined (levels of autocorrelated series correlate by chance more often than p says).
    let mut strong: Vec<&CorrelationEntry> = report
        .correlations
        .iter()
        .filter(|c| c.pearson.r.is_some() && c.pearson.p_bh.is_some_and(|p| p < SIGNIFICANT))
        .filter(|c| !is_tied(&c.x, &c.y))
        .collect();
    strong.sort_by(|a, b| {
        let (ra, rb) = (
            a.pearson.r.unwrap_or(0.0).abs(),
            b.pearson.r.unwrap_or(0.0).abs(),
        );
        rb.total_cmp(&ra)
    });
    if let Some(t) = target {
        strong.sort_by_key(|c| !(c.x == t || c.y == t));
    }
    let (mut bs, mut other) = (0, 0);
    for c in &strong {
        let pair_scope = scope_of(&[c.x.clone(), c.y.clone()]);
        let count = if pair_scope == Scope::BusinessSocial {
            &mut bs
        } else {
            &mut other
        };
        *count += 1;
        if *count > 5 || verdict.claims_pair(&c.x, &c.y) {
            continue;
        }
        let r = c.pearson.r.unwrap_or(0.0);
        let rho = c
            .spearman
            .rho
            .map(|s| (num(s, 2, false), num(s, 2, true)))
            .map(|(e, i)| (format!(" (Spearman {e})"), format!(" (Spearman {i})")))
            .unwrap_or_default();
        let sign_en = if r > 0.0 { "positive" } else { "negative" };
        let sign_it = if r > 0.0 { "positiva" } else { "negativa" };
        let trend = is_trend(&c.x, &c.y);
        let (note_en, note_it) = if trend {
            (TREND_EN, TREND_IT)
        } else if pair_scope == Scope::BusinessSocial
            && verdict.status == super::VerdictStatus::TooFewPeriods
        {
            (
                " On levels only, and too few periods to headline a link (see the verdict).",
                " Solo sui livelli, e troppo pochi periodi per mettere in evidenza un legame (vedi il verdetto).",
            )
        } else if pair_scope == Scope::BusinessSocial {
            (
                " On levels only: once each series' own momentum is removed it does not stand out (see the verdict).",
                " Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).",
            )
        } else {
            ("", "")
        };
        push(
            FindingKind::StrongCorrelation,
            if trend {
                Severity::Warning
            } else {
                Severity::Info
            },
            vec![&c.x, &c.y],
            format!(
                "{} and {}: {} {sign_en} correlation, r = {}{}, n = {}, {}.{note_en}",
                q_en(&c.x),
                q_en(&c.y),
                strength(r, false),
                num(r, 2, false),
                rho.0,
                c.n,
                p_text(c.pearson.p, false),
            ),
            format!(
                "{} e {}: correlazione {sign_it} {}, r = {}{}, n = {}, {}.{note_it}",
                q_it(&c.x),
                q_it(&c.y),
                strength(r, true),
                num(r, 2, true),
                rho.1,
                c.n,
                p_text(c.pearson.p, true),
            ),
        );
    }
    let tested = report.multiple_comparisons.pairs_tested;
    let left_out = report.multiple_comparisons.columns_left_out;
    if left_out > 0 {
        let total = report.descriptives.len();
        let kept = total - left_out;
        push(
            FindingKind::ColumnsLeftOut,
            Severity::Warning,
            vec![],
            format!("{total} numeric columns: correlations are computed among {kept} of them (the target, then the business and social columns, then the first in the file); the other {left_out} are described, not correlated. Mark the columns that matter as business or social in step 3, “What the columns mean”, to correlate those."),
            format!("{total} colonne numeriche: le correlazioni sono calcolate fra {kept} di esse (l'obiettivo, poi le colonne dell'attività e dei social, poi le prime del file); le altre {left_out} sono descritte, non correlate. Indica come attività o social le colonne che contano al passo 3, quello sul significato delle colonne, per correlarle."),
        );
    }
    // Pairs tied by arithmetic survive the adjustment too: "none beyond chance" would then
    // contradict the count of survivors below (their own finding says what they are).
    let any_survives = report
        .correlations
        .iter()
        .any(|c| c.pearson.r.is_some() && c.pearson.p_bh.is_some_and(|p| p < SIGNIFICANT));
    if !any_survives && tested > 0 {
        push(
            FindingKind::NoCorrelation,
            Severity::Info,
            vec![],
            if tested == 1 {
                "In the same period, the two columns' levels are not correlated beyond chance."
                    .to_owned()
            } else {
                format!("In the same period, no pair of columns' levels is correlated beyond chance once the {tested} pairs tested are taken into account.")
            },
            if tested == 1 {
                "Nello stesso periodo i livelli delle due colonne non sono correlati oltre il caso."
                    .to_owned()
            } else {
                format!("Nello stesso periodo nessuna coppia di colonne ha livelli correlati oltre il caso, tenuto conto delle {tested} coppie provate.")
            },
        );
    }

    // Ties by arithmetic: named once, never a correlation.
    for t in &report.ties {
        push(
            FindingKind::ArithmeticTie,
            Severity::Info,
            t.columns(),
            format!("Tied by arithmetic: {}. One is computed from the other, so their correlation is not a finding.", t.text_en),
            format!("Legate dall'aritmetica: {}. Una è calcolata dall'altra, quindi la loro correlazione non è un risultato.", t.text_it),
        );
    }

    // Levels vs changes: a shared trend makes levels correlate without any relationship.
    for pe in &report.period_over_period {
        let Some(level) = find_corr(report, &pe.x, &pe.y) else {
            continue;
        };
        let (Some(lr), Some(lp)) = (level.pearson.r, level.pearson.p) else {
            continue;
        };
        let d = &pe.diff;
        let pc = &pe.pct_change;
        let fmt_r = |r: Option<f64>, it: bool| r.map_or("n/a".to_owned(), |r| num(r, 2, it));
        let holds = holds_on_changes(pe);
        if lr.abs() >= 0.5
            && lp < SIGNIFICANT
            && !holds
            && changes_measured(pe)
            && !lag_linked(&pe.x, &pe.y)
        {
            push(
                FindingKind::TrendOnly,
                Severity::Warning,
                vec![&pe.x, &pe.y],
                format!(
                    "The correlation of {} and {} (r = {} on levels) vanishes on period-over-period changes (r = {} on differences, r = {} on % changes, n = {}): both series probably just trend over time, which is no evidence that one drives the other.",
                    q_en(&pe.x), q_en(&pe.y), num(lr, 2, false), fmt_r(d.r, false), fmt_r(pc.r, false), d.n
                ),
                format!(
                    "La correlazione tra {} e {} (r = {} sui livelli) sparisce sulle variazioni da un periodo all'altro (r = {} sulle differenze, r = {} sulle variazioni %, n = {}): probabilmente entrambe le serie seguono solo una tendenza nel tempo, e questo non prova che una influenzi l'altra.",
                    q_it(&pe.x), q_it(&pe.y), num(lr, 2, true), fmt_r(d.r, true), fmt_r(pc.r, true), d.n
                ),
            );
        } else if holds {
            push(
                FindingKind::HoldsOnChanges,
                Severity::Info,
                vec![&pe.x, &pe.y],
                format!(
                    "The link between {} and {} also holds on period-over-period changes (r = {} on differences, n = {}, {}), so it is not just a shared trend.",
                    q_en(&pe.x), q_en(&pe.y), fmt_r(d.r, false), d.n, p_text(d.p, false)
                ),
                format!(
                    "Il legame tra {} e {} regge anche sulle variazioni da un periodo all'altro (r = {} sulle differenze, n = {}, {}), quindi non è solo una tendenza comune.",
                    q_it(&pe.x), q_it(&pe.y), fmt_r(d.r, true), d.n, p_text(d.p, true)
                ),
            );
        }
    }

    // ROI family.
    if let Some(roi) = &report.roi {
        let cost = roi.inputs.cost.as_deref().unwrap_or("");
        let t = &roi.totals;
        // a cost below zero (a credit, a refunded charge, a sign flipped in the export) turns the
        // ratios over: a "ROAS of −3" is no return, and the reader should know before reading it
        let negative = report
            .descriptives
            .iter()
            .find(|(n, _)| n == cost)
            .and_then(|(_, s)| s.stats.min)
            .filter(|m| *m < 0.0);
        if let Some(m) = negative {
            push(
                FindingKind::RoiAssumptions,
                Severity::Warning,
                vec![cost],
                format!(
                    "{} has negative values (as low as {}): a credit, a refund or a sign flipped in the export? ROI, ROAS and CPA divide by it, so over those rows they mean little; check the column before reading them.",
                    q_en(cost), num(m, 2, false)
                ),
                format!(
                    "{} ha valori negativi (fino a {}): un credito, un rimborso o un segno invertito nell'esportazione? ROI, ROAS e CPA dividono per essa, quindi su quelle righe dicono poco; controlla la colonna prima di leggerli.",
                    q_it(cost), num(m, 2, true)
                ),
            );
        }
        if let (Some(v), Some(rev)) = (t.roas.value, roi.inputs.attributed_revenue.as_deref()) {
            push(
                FindingKind::Roas,
                Severity::Key,
                vec![cost, rev],
                format!(
                    "Return on ad spend (ROAS) is {}: each unit of {} came with {} of {} ({}). This counts all of {} as earned by the spend; if it is total revenue, the real return is lower.",
                    num(v, 2, false), q_en(cost), num(v, 2, false), q_en(rev), rows(t.roas.rows_used, false), q_en(rev)
                ),
                format!(
                    "Il ritorno sulla spesa pubblicitaria (ROAS) è {}: ogni unità di {} corrisponde a {} di {} ({}). Conta tutto {} come generato dalla spesa; se è il fatturato totale, il ritorno reale è più basso.",
                    num(v, 2, true), q_it(cost), num(v, 2, true), q_it(rev), rows(t.roas.rows_used, true), q_it(rev)
                ),
            );
        }
        if let Some(v) = t.roi.value {
            let ann_en = roi
                .annualised_roi
                .map(|a| format!("; annualised {}%", num(a * 100.0, 1, false)))
                .unwrap_or_default();
            let ann_it = roi
                .annualised_roi
                .map(|a| format!("; su base annua {}%", num(a * 100.0, 1, true)))
                .unwrap_or_default();
            let be_en = roi
                .break_even_revenue
                .map(|b| format!(" Break-even revenue: {}.", num(b, 2, false)))
                .unwrap_or_default();
            let be_it = roi
                .break_even_revenue
                .map(|b| format!(" Fatturato di pareggio: {}.", num(b, 2, true)))
                .unwrap_or_default();
            push(
                FindingKind::Roi,
                Severity::Key,
                vec![cost],
                format!(
                    "ROI is {}% ((revenue × margin − cost) / cost over {}{ann_en}).{be_en}",
                    num(v * 100.0, 1, false),
                    rows(t.roi.rows_used, false)
                ),
                format!(
                    "Il ROI è {}% ((fatturato × margine − costo) / costo su {}{ann_it}).{be_it}",
                    num(v * 100.0, 1, true),
                    rows(t.roi.rows_used, true)
                ),
            );
        } else if roi.inputs.margin.is_none() && t.roas.value.is_some() {
            push(
                FindingKind::RoiNeedsMargin,
                Severity::Info,
                vec![cost],
                "ROI needs a margin (the share of revenue that is profit); none was given, so ROAS, CPA and cost per new follower are shown instead.".to_owned(),
                "Il ROI richiede un margine (la quota del fatturato che è profitto); non è stato indicato, quindi si mostrano ROAS, CPA e costo per nuovo follower.".to_owned(),
            );
        }
        if let (Some(v), Some(conv)) = (t.cpa.value, roi.inputs.conversions.as_deref()) {
            push(
                FindingKind::Cpa,
                Severity::Info,
                vec![cost, conv],
                format!(
                    "Cost per acquisition (CPA): {} of {} per unit of {} ({}).",
                    num(v, 2, false),
                    q_en(cost),
                    q_en(conv),
                    rows(t.cpa.rows_used, false)
                ),
                format!(
                    "Costo per acquisizione (CPA): {} di {} per unità di {} ({}).",
                    num(v, 2, true),
                    q_it(cost),
                    q_it(conv),
                    rows(t.cpa.rows_used, true)
                ),
            );
        }
        if let Some(v) = t.cost_per_new_follower.value {
            push(
                FindingKind::CostPerNewFollower,
                Severity::Info,
                vec![cost],
                format!(
                    "Cost per new follower: {} ({}).",
                    num(v, 2, false),
                    rows(t.cost_per_new_follower.rows_used, false)
                ),
                format!(
                    "Costo per nuovo follower: {} ({}).",
                    num(v, 2, true),
                    rows(t.cost_per_new_follower.rows_used, true)
                ),
            );
        }
    }

    // Return on the whole investment (issue 14).
    if let Some(inv) = &report.investment_roi {
        for f in super::invest::findings::findings(inv) {
            push(f.kind, f.severity, vec![], f.text_en, f.text_it);
        }
    }

    // Adstock, before/after.
    for a in &report.adstock {
        if let (Some(l), Some(r)) = (a.lambda, a.r) {
            let raw = a.r_raw.map_or("n/a".to_owned(), |r| num(r, 2, false));
            let raw_it = a.r_raw.map_or("n/a".to_owned(), |r| num(r, 2, true));
            let chosen_en = if a.lambda_source == "user" {
                "as set"
            } else {
                "chosen as the best of the values tried, which inflates r"
            };
            let chosen_it = if a.lambda_source == "user" {
                "come impostato"
            } else {
                "scelto come il migliore tra i valori provati, il che gonfia r"
            };
            push(
                FindingKind::Adstock,
                Severity::Info,
                vec![&a.x, &a.y],
                format!("With carry-over (adstock λ = {}, {chosen_en}) {} correlates with {} at r = {} (r = {raw} without carry-over), n = {}.", num(l, 2, false), q_en(&a.x), q_en(&a.y), num(r, 2, false), a.n),
                format!("Con effetto di trascinamento (adstock λ = {}, {chosen_it}) {} è correlato con {} con r = {} (r = {raw_it} senza trascinamento), n = {}.", num(l, 2, true), q_it(&a.x), q_it(&a.y), num(r, 2, true), a.n),
            );
        }
    }
    if let Some(b) = &report.before_after {
        for c in b.columns.iter().filter(|c| c.pct_change.is_some()).take(8) {
            let pct = c.pct_change.unwrap_or(0.0) * 100.0;
            let sign = if pct >= 0.0 { "+" } else { "" };
            push(
                FindingKind::BeforeAfter,
                Severity::Info,
                vec![&c.column],
                format!("From {} on, the mean of {} changed by {sign}{}% ({} rows before, {} after; Welch {}).", b.date, q_en(&c.column), num(pct, 1, false), c.n_before, c.n_after, p_text(c.welch.p, false)),
                format!("Dal {} in poi, la media di {} è cambiata del {sign}{}% ({} righe prima, {} dopo; Welch {}).", b.date, q_it(&c.column), num(pct, 1, true), c.n_before, c.n_after, p_text(c.welch.p, true)),
            );
        }
    }

    // Warnings about the evidence itself. Columns with two values or more: with fewer than two
    // such, nothing was correlated, and "correlations are uncertain" would speak of none.
    let usable = report
        .descriptives
        .iter()
        .filter(|(_, s)| s.stats.n >= 2)
        .count();
    if usable < 2 {
        push(
            FindingKind::SmallSample,
            Severity::Warning,
            vec![],
            format!("Nothing to compare: {} at least two numbers, and correlations, changes and lags need two such columns. Check that the file's number columns were read as numbers (not as text) and are not empty.", if usable == 0 { "no column holds" } else { "only one column holds" }),
            format!("Niente da confrontare: {}, e correlazioni, variazioni e ritardi richiedono due colonne così. Controlla che le colonne di numeri del file siano state lette come numeri (non come testo) e non siano vuote.", if usable == 0 { "nessuna colonna contiene almeno due numeri" } else { "solo una colonna contiene almeno due numeri" }),
        );
    } else if n_rows < SMALL_N {
        push(
            FindingKind::SmallSample,
            Severity::Warning,
            vec![],
            format!("Only {}: with so few data points correlations are very uncertain and can easily arise by chance; treat them as hints, not results.", rows(n_rows, false)),
            format!("Solo {}: con così pochi dati le correlazioni sono molto incerte e possono nascere per caso; vanno prese come indizi, non come risultati.", rows(n_rows, true)),
        );
    }
    if tested >= 3 {
        let survivors: Vec<&CorrelationEntry> = report
            .correlations
            .iter()
            .filter(|c| c.pearson.p_bh.is_some_and(|p| p < SIGNIFICANT))
            .collect();
        let survive = survivors.len();
        let tied = survivors.iter().filter(|c| is_tied(&c.x, &c.y)).count();
        let (tied_en, tied_it) = match tied {
            0 => (String::new(), String::new()),
            1 => (
                " (1 of them tied by arithmetic, not a finding)".to_owned(),
                " (1 di queste legata da un calcolo, non un risultato)".to_owned(),
            ),
            k => (
                format!(" ({k} of them tied by arithmetic, not findings)"),
                format!(" ({k} di queste legate da un calcolo, non risultati)"),
            ),
        };
        let chance = tested as f64 * SIGNIFICANT;
        push(
            FindingKind::MultipleComparisons,
            Severity::Warning,
            vec![],
            format!(
                "{tested} pairs of columns were tested: at p < 0.05 about {} would look significant by chance alone. The adjusted p-values (Benjamini-Hochberg, p_bh) allow for this; {survive} pairs remain significant after adjustment{tied_en}.",
                num(chance, 1, false)
            ),
            format!(
                "Sono state provate {tested} coppie di colonne: con p < 0,05 circa {} sembrerebbero significative solo per caso. I p-value corretti (Benjamini-Hochberg, p_bh) ne tengono conto; {survive} coppie restano significative dopo la correzione{tied_it}.",
                num(chance, 1, true)
            ),
        );
    }
    for (name, s) in &report.descriptives {
        // min = max, not only std = 0: a std of values near 1e-320 underflows to 0
        if s.stats.n >= 2 && s.stats.std == Some(0.0) && s.stats.min == s.stats.max {
            let v = s.stats.min.unwrap_or(0.0);
            push(
                FindingKind::ConstantColumn,
                Severity::Info,
                vec![name],
                format!("{} is constant ({} in every row): its correlations and regressions are undefined.", q_en(name), plain(v, false)),
                format!("{} è costante ({} in ogni riga): le sue correlazioni e regressioni non sono definite.", q_it(name), plain(v, true)),
            );
        }
    }
    if usable < 2 {
        return out;
    }
    push(
        FindingKind::NotCausation,
        Severity::Warning,
        vec![],
        "Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.".to_owned(),
        "Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).".to_owned(),
    );
    // Headlines first, then warnings, then the rest, other relationships after them; causation
    // stays last.
    let last = out.pop();
    out.sort_by_key(|f| (f.scope == Scope::Other, f.severity));
    out.extend(last);
    out
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first differences still correlate (|r| ≥ 0.3, p < 0.05).
fn holds_on_changes(pe: &PeriodEntry) -> bool {
    pe.diff.r.is_some_and(|r| r.abs() >= 0.3) && pe.diff.p.is_some_and(|p| p < SIGNIFICANT)
}

/// A clear level correlation (|r| ≥ 0.5, p < 0.05) that does not survive on changes.
pub(crate) fn trend_only(report: &Report, pe: &PeriodEntry) -> bool {
    let Some(level) = find_corr(report, &pe.x, &pe.y) else {
        return false;
    };
    match (level.pearson.r, level.pearson.p) {
        (Some(r), Some(p)) => {
            r.abs() >= 0.5 && p < SIGNIFICANT && !holds_on_changes(pe) && changes_measured(pe)
        }
        _ => false,
    }
}

/// Whether the changes could be correlated at all: with no two consecutive periods both
/// present (a column missing every other row) "the link vanishes on changes" would be said of
/// zero pairs.
fn changes_measured(pe: &PeriodEntry) -> bool {
    pe.diff.r.is_some() || pe.pct_change.r.is_some()
}

/// "1 row", "3 rows" ("1 riga", "3 righe").
fn rows(n: usize, it: bool) -> String {
    match (n, it) {
        (1, false) => "1 row".to_owned(),
        (1, true) => "1 riga".to_owned(),
        (n, false) => format!("{n} rows"),
        (n, true) => format!("{n} righe"),
    }
}

/// A value as written, without a trailing ".0" (Italian decimal comma).
pub(crate) fn plain(v: f64, it: bool) -> String {
    let s = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    };
    if it {
        s.replace('.', ",")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    /// Every text that sends the user to the page's step 3 says it in `MARK_SIDES`' words, so
    /// `Report::retell_marking` can give other front ends their own way.
    #[test]
    fn step_three_is_named_only_in_the_replaceable_words() {
        let sources = [include_str!("findings.rs"), include_str!("verdict.rs")];
        for (needle, words) in [
            ("step 3", super::MARK_SIDES[0]),
            ("passo 3", super::MARK_SIDES[1]),
        ] {
            let mut uses = 0;
            for src in sources {
                let src = src.split("#[cfg(test)]").next().unwrap_or(src);
                uses += src.matches(needle).count();
                // The words themselves, in the constant and in each text.
                assert_eq!(
                    src.matches(needle).count(),
                    src.matches(words).count(),
                    "{needle}"
                );
            }
            assert!(uses >= 3, "{needle}: {uses}");
        }
    }
}
