//! The verdict: one or two plain sentences that answer "did social move the business?" for the
//! business × social pairs, with the strength, the lag, n, and what the data cannot tell.
//!
//! The test (documented in SCHEMA-style in tests/fixtures/PLAN.md, "Verdict"):
//! * the family is every business × social pair (social as x, at most [`MAX_PAIRS`]), minus the
//!   pairs tied by arithmetic; each is searched at lags k = 0..L (social first or in the same
//!   period; L = the plan's `lagged` max_lag for the pair, else 0), because the question is
//!   whether social moved the business — the business moving first is reported, not headlined;
//! * per pair: the prewhitened cross-correlation ([`super::prewhiten`]), the smallest p over its
//!   lags adjusted by Šidák, then a weighted Holm procedure over the pairs — the pairs of the
//!   plan's target (revenue, the outcome the question is about) weigh [`TARGET_WEIGHT`], the
//!   others 1, which spends more of the error budget where the question is and keeps the
//!   family-wise error at α: a claim needs an adjusted p < [`ALPHA`], at least [`MIN_PERIODS`]
//!   periods, and no shared trend (the levels-vs-changes guard of the period-over-period analysis);
//! * fewer than [`MIN_PERIODS`] periods: nothing is claimed, and the verdict says the data are
//!   too few.
//!
//! [`ALPHA`] is 0.03 rather than 0.05 because the tests are approximations (the AR order and
//! coefficients are estimated): at 0.05 the measured rate of files with a false headline was
//! 5–6% on independent AR(1) series; at 0.03 it is about 3% with ≥ 80% power (BENCHMARKS.md).

use serde::Serialize;

use super::findings::{num, p_text, periods, q_en, q_it, same_period};
use super::prewhiten::{self, Prewhitened};
use super::report::PeriodUnit;

/// Family-wise level of the verdict's test.
pub const ALPHA: f64 = 0.03;
/// Fewer periods than this: too few to conclude anything.
pub const MIN_PERIODS: usize = 16;
/// Most pairs in the family (the target's first).
pub const MAX_PAIRS: usize = 48;

pub const METHOD: &str = "every business x social pair (social as x), lags 0..L: Box-Jenkins prewhitened cross-correlation, Sidak over the lags of a pair, weighted Holm over the pairs (the target's pairs weigh 2); a relationship needs Holm-adjusted p < 0.03, at least 16 periods and no shared trend (levels vs changes)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    Relationship,
    NoRelationship,
    TooFewPeriods,
    #[default]
    NoPairs,
}

/// One business × social pair's test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairTest {
    /// The social column (the input) and the business column.
    pub x: String,
    pub y: String,
    /// Lags 0..=max_lag were searched.
    pub max_lag: u32,
    /// Complete (x, y) rows.
    pub n_rows: usize,
    pub ar_order: Option<usize>,
    /// The best lag (smallest p), its prewhitened r, n and unadjusted p.
    pub k: Option<i64>,
    pub r: Option<f64>,
    pub n: Option<usize>,
    pub p: Option<f64>,
    /// Šidák over this pair's lags.
    pub p_lags: Option<f64>,
    /// Holm over the pairs: the p the claim is judged on.
    pub p_adjusted: Option<f64>,
    /// Levels correlate but changes do not (period-over-period): a shared trend.
    pub shared_trend: bool,
    pub claimed: bool,
    /// x is a running total: its change per period was tested (see [`prewhiten::is_running_total`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub x_changes: bool,
    /// Tested without each weekday's (daily) or month's (monthly) mean: a clear seasonal pattern
    /// (see [`prewhiten::Seasons`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub seasonal: bool,
    /// Šidák over this pair's lags of the best lag's p without its most influential period: a
    /// claim needs it below α too (one shared shock is not a relationship).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_without_top: Option<f64>,
    /// Lags with a defined p.
    #[serde(skip)]
    pub lags_tried: usize,
}

/// The verdict (serialised as `analyses.verdict`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Verdict {
    pub status: VerdictStatus,
    pub text_en: String,
    pub text_it: String,
    /// The main claim (the smallest adjusted p), when there is one.
    pub x: Option<String>,
    pub y: Option<String>,
    pub k: Option<i64>,
    pub r: Option<f64>,
    pub n: Option<usize>,
    pub p: Option<f64>,
    pub p_adjusted: Option<f64>,
    /// Rows of the table.
    pub n_periods: usize,
    pub pairs_tested: usize,
    /// Pair × lag combinations tried.
    pub lags_tested: usize,
    pub alpha: f64,
    pub method: &'static str,
    /// What the data cannot tell: `too_few_periods`, `few_periods`, `shared_trend`, `one_period`,
    /// `no_control`, `missing_periods`.
    pub caveats: Vec<&'static str>,
    pub tests: Vec<PairTest>,
}

impl Verdict {
    pub fn text(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::En => &self.text_en,
            crate::Lang::It => &self.text_it,
        }
    }

    /// The claimed pairs, strongest evidence first.
    pub fn claims(&self) -> impl Iterator<Item = &PairTest> {
        let mut v: Vec<&PairTest> = self.tests.iter().filter(|t| t.claimed).collect();
        v.sort_by(|a, b| {
            a.p_adjusted
                .unwrap_or(1.0)
                .total_cmp(&b.p_adjusted.unwrap_or(1.0))
        });
        v.into_iter()
    }

    /// Is (a, b) a claimed pair (either order)?
    pub fn claims_pair(&self, a: &str, b: &str) -> bool {
        self.claims()
            .any(|t| (t.x == a && t.y == b) || (t.x == b && t.y == a))
    }
}

impl PairTest {
    /// The pair's best lag stands out only through one period: without it, p (over the lags) is
    /// not below α.
    pub fn one_period(&self) -> bool {
        self.p_adjusted.is_some_and(|p| p < ALPHA) && self.p_without_top.is_some_and(|p| p >= ALPHA)
    }

    /// "r = 0.55, n = 50, p = 0.002" with the adjusted p.
    pub fn stats_text(&self, it: bool) -> String {
        format!(
            "r = {}, n = {}, {}",
            num(self.r.unwrap_or(0.0), 2, it),
            self.n.unwrap_or(0),
            p_text(self.p_adjusted, it)
        )
    }
}

/// A pair's test from its prewhitened cross-correlation, using the lags k in 0..=max_lag.
pub fn pair_test(
    x: &str,
    y: &str,
    max_lag: u32,
    n_rows: usize,
    pw: Option<&Prewhitened>,
) -> PairTest {
    let mut t = PairTest {
        x: x.to_owned(),
        y: y.to_owned(),
        max_lag,
        n_rows,
        ar_order: pw.map(|p| p.ar_order),
        k: None,
        r: None,
        n: None,
        p: None,
        p_lags: None,
        p_adjusted: None,
        shared_trend: false,
        claimed: false,
        x_changes: pw.is_some_and(|p| p.x_changes),
        seasonal: pw.is_some_and(|p| p.seasonal),
        p_without_top: None,
        lags_tried: 0,
    };
    let Some(pw) = pw else { return t };
    let lags: Vec<_> = pw
        .lags
        .iter()
        .filter(|l| (0..=max_lag as i64).contains(&l.k) && l.p.is_some())
        .collect();
    t.lags_tried = lags.len();
    let best = lags.iter().min_by(|a, b| {
        a.p.unwrap_or(1.0)
            .total_cmp(&b.p.unwrap_or(1.0))
            .then(a.k.abs().cmp(&b.k.abs()))
    });
    if let Some(b) = best {
        t.k = Some(b.k);
        t.r = b.r;
        t.n = Some(b.n);
        t.p = b.p;
        t.p_lags = b.p.map(|p| prewhiten::sidak(p, lags.len()));
        t.p_without_top = b.p_without_top.map(|p| prewhiten::sidak(p, lags.len()));
    }
    t
}

/// "“a” and “b”; “c” and “d”" / "«a» e «b»; …": the pairs of some tests, in the text's language.
fn pair_names(tests: &[&PairTest], it: bool) -> String {
    tests
        .iter()
        .map(|t| {
            if it {
                format!("{} e {}", q_it(&t.x), q_it(&t.y))
            } else {
                format!("{} and {}", q_en(&t.x), q_en(&t.y))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Periods between the first and last date that have no row: (missing, periods in that span),
/// for days, weeks and months (`(0, n)` for other steps).
pub fn missing_periods(dates: &[crate::Date], unit: PeriodUnit) -> (usize, usize) {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return (0, 0);
    };
    let span = match unit {
        PeriodUnit::Day => (last.days() - first.days()) as i64 + 1,
        PeriodUnit::Week => (last.days() - first.days()) as i64 / 7 + 1,
        PeriodUnit::Month => {
            (last.year() as i64 * 12 + last.month() as i64)
                - (first.year() as i64 * 12 + first.month() as i64)
                + 1
        }
        _ => dates.len() as i64,
    };
    let span = span.max(dates.len() as i64) as usize;
    (span - dates.len(), span)
}

/// A lagged claim on a file with periods missing: lags count rows, so "1 week later" is the next
/// row, more than a week later where a week is missing (a 2-week lead with 30% of the weeks
/// missing was headlined at 1 week in 10 of 60 files). Said, with the caveat `missing_periods`.
pub fn say_missing_periods(v: &mut Verdict, missing: usize, total: usize, unit: PeriodUnit) {
    if v.status != VerdictStatus::Relationship || v.k.unwrap_or(0) == 0 || missing == 0 {
        return;
    }
    let (en, it) = (units(unit, false), units(unit, true));
    let of = if unit == PeriodUnit::Week {
        "delle"
    } else {
        "dei"
    };
    v.caveats.push("missing_periods");
    v.text_en.push_str(&format!(
        " Note: {missing} of the {total} {en} from the first date to the last are not in the file, and lags are counted in rows, so “later” can be longer where {en} are missing."
    ));
    v.text_it.push_str(&format!(
        " Nota: {missing} {of} {total} {it} dalla prima data all'ultima non sono nel file, e gli sfasamenti si contano in righe, quindi «dopo» può essere di più dove mancano {it}."
    ));
}

/// "weeks" / "settimane".
fn units(unit: PeriodUnit, it: bool) -> String {
    periods(2, unit, it)[2..].to_owned()
}

/// What a lagged relationship means, in words: who comes first, higher or lower, how much later.
pub fn relation_text(x: &str, y: &str, k: i64, r: f64, unit: PeriodUnit, it: bool) -> String {
    let (first, then) = if k >= 0 { (x, y) } else { (y, x) };
    let later = periods(k.unsigned_abs(), unit, it);
    if it {
        let (art, fem) = match unit {
            PeriodUnit::Week | PeriodUnit::Period => ("le", true),
            PeriodUnit::Year => ("gli", false),
            _ => ("i", false),
        };
        let dir = if r >= 0.0 { "più alti" } else { "più bassi" };
        let subject = format!(
            "{art} {} con valori più alti di {}",
            units(unit, true),
            q_it(first)
        );
        if k == 0 {
            format!(
                "{subject} hanno avuto valori {dir} di {} {}",
                q_it(then),
                same_period(unit, true)
            )
        } else {
            let seguiti = if fem {
                "sono state seguite"
            } else {
                "sono stati seguiti"
            };
            format!(
                "{subject} {seguiti}, {later} dopo, da valori {dir} di {}",
                q_it(then)
            )
        }
    } else {
        let dir = if r >= 0.0 { "higher" } else { "lower" };
        let subject = format!("{} with higher {}", units(unit, false), q_en(first));
        if k == 0 {
            format!(
                "{subject} had {dir} {} {}",
                q_en(then),
                same_period(unit, false)
            )
        } else {
            format!(
                "{subject} were followed by {dir} {} {later} later",
                q_en(then)
            )
        }
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Weight of the target's pairs in the weighted Holm procedure (others: 1).
pub const TARGET_WEIGHT: f64 = 2.0;

/// Decides the verdict from the pairs' tests (`shared_trend` already set) and writes its text.
/// `target`: the plan's outcome column, whose pairs get [`TARGET_WEIGHT`].
pub fn decide(
    mut tests: Vec<PairTest>,
    target: Option<&str>,
    n_periods: usize,
    unit: PeriodUnit,
) -> Verdict {
    let ps: Vec<Option<f64>> = tests.iter().map(|t| t.p_lags).collect();
    let w: Vec<f64> = tests
        .iter()
        .map(|t| {
            if Some(t.y.as_str()) == target {
                TARGET_WEIGHT
            } else {
                1.0
            }
        })
        .collect();
    for (t, p) in tests.iter_mut().zip(prewhiten::weighted_holm(&ps, &w)) {
        t.p_adjusted = p;
    }
    let usable = tests.iter().map(|t| t.n_rows).max().unwrap_or(0);
    let status = if tests.is_empty() {
        VerdictStatus::NoPairs
    } else if usable < MIN_PERIODS || n_periods < MIN_PERIODS {
        VerdictStatus::TooFewPeriods
    } else {
        for t in &mut tests {
            t.claimed =
                !t.shared_trend && t.p_adjusted.is_some_and(|p| p < ALPHA) && !t.one_period();
        }
        if tests.iter().any(|t| t.claimed) {
            VerdictStatus::Relationship
        } else {
            VerdictStatus::NoRelationship
        }
    };
    let mut v = Verdict {
        status,
        n_periods,
        pairs_tested: tests.len(),
        lags_tested: tests.iter().map(|t| t.lags_tried).sum(),
        alpha: ALPHA,
        method: METHOD,
        tests,
        ..Verdict::default()
    };
    let main = v.claims().next().cloned();
    if let Some(m) = &main {
        v.x = Some(m.x.clone());
        v.y = Some(m.y.clone());
        v.k = m.k;
        v.r = m.r;
        v.n = m.n;
        v.p = m.p;
        v.p_adjusted = m.p_adjusted;
    }
    let trend: Vec<&PairTest> = v.tests.iter().filter(|t| t.shared_trend).collect();
    let mut caveats = Vec::new();
    let (en, it) = match status {
        VerdictStatus::NoPairs => (
            "No answer yet to “did social media move the business?”: that needs at least one business column (sales, revenue, orders, customers) and one social column (followers, reach, traffic, posts, spend). Mark them in step 3, “What the columns mean”.".to_owned(),
            "Ancora nessuna risposta a «i social hanno mosso l'attività?»: servono almeno una colonna dell'attività (vendite, fatturato, ordini, clienti) e una dei social (follower, copertura, traffico, post, spesa). Indicale al passo 3, quello sul significato delle colonne.".to_owned(),
        ),
        VerdictStatus::TooFewPeriods => {
            caveats.push("too_few_periods");
            let n = usable.min(n_periods) as u64;
            (
                format!("Too few periods to conclude: {} cannot tell a link between social media and the business from chance (at least {MIN_PERIODS} are needed, and two years of months or six months of weeks is better). Nothing is headlined; the figures below only describe these data.", periods(n, unit, false)),
                format!("Troppo pochi periodi per concludere: {} non bastano a distinguere dal caso un legame tra social e attività (ne servono almeno {MIN_PERIODS}; meglio due anni di dati mensili o sei mesi di dati settimanali). Nessun risultato è messo in evidenza; i numeri qui sotto descrivono solo questi dati.", periods(n, unit, true)),
            )
        }
        VerdictStatus::Relationship => {
            let m = main.as_ref().expect("a claim");
            let (k, r) = (m.k.unwrap_or(0), m.r.unwrap_or(0.0));
            let stat = |it: bool| m.stats_text(it);
            let others = v.claims().count() - 1;
            let more_en = match others {
                0 => String::new(),
                1 => " One more pair also stands out (see the key results).".to_owned(),
                o => format!(" {o} more pairs also stand out (see the key results)."),
            };
            let more_it = match others {
                0 => String::new(),
                1 => " Spicca anche un'altra coppia (vedi i risultati principali).".to_owned(),
                o => format!(" Spiccano anche altre {o} coppie (vedi i risultati principali)."),
            };
            let few = m.n.unwrap_or(0) < 30;
            if few {
                caveats.push("few_periods");
            }
            caveats.push("no_control");
            let (total_en, total_it) = if m.x_changes {
                (
                    format!(" “{}” is a running total, so what was tested is its change from one period to the next (new followers, not followers to date).", m.x),
                    format!(" «{}» è un totale progressivo, quindi è stata provata la sua variazione da un periodo al successivo (i nuovi follower, non il totale).", m.x),
                )
            } else {
                Default::default()
            };
            // a seasonal adjustment is said: the link holds beyond the shared weekly or yearly rhythm
            let (season_en, season_it) = match (m.seasonal, unit) {
                (true, PeriodUnit::Day) => (
                    " and its weekly rhythm (each weekday's usual level)",
                    " e il suo ritmo settimanale (il livello abituale di ogni giorno della settimana)",
                ),
                (true, PeriodUnit::Month) => (
                    " and its yearly rhythm (each month's usual level)",
                    " e il suo ritmo annuale (il livello abituale di ogni mese)",
                ),
                _ => ("", ""),
            };
            (
                format!(
                    "Yes, in these data: {} ({} after removing each series' own momentum{season_en}; p adjusted for the {} combinations of pair and lag tried).{total_en}{more_en} This shows timing, not cause: with no control group, a season, a promotion or anything else that moved both cannot be ruled out{}.",
                    relation_text(&m.x, &m.y, k, r, unit, false),
                    stat(false),
                    v.lags_tested,
                    if few { ", and so few periods make the size of the link rough" } else { "" }
                ),
                format!(
                    "Sì, in questi dati: {} ({} dopo aver tolto l'inerzia propria di ciascuna serie{season_it}; p corretto per le {} combinazioni di coppia e sfasamento provate).{total_it}{more_it} Mostra una successione nel tempo, non una causa: senza un gruppo di controllo non si può escludere che una stagione, una promozione o altro abbia mosso entrambe{}.",
                    relation_text(&m.x, &m.y, k, r, unit, true),
                    stat(true),
                    v.lags_tested,
                    if few { ", e con così pochi periodi l'entità del legame è approssimativa" } else { "" }
                ),
            )
        }
        VerdictStatus::NoRelationship => {
            caveats.push("no_control");
            let max_lag = v.tests.iter().map(|t| t.max_lag).max().unwrap_or(0);
            let closest = v
                .tests
                .iter()
                .filter(|t| t.r.is_some())
                .min_by(|a, b| a.p_adjusted.unwrap_or(1.0).total_cmp(&b.p_adjusted.unwrap_or(1.0)));
            let lags_en = if max_lag == 0 {
                format!("same {} only", periods(1, unit, false)[2..].to_owned())
            } else {
                format!("lags 0 to {}", periods(max_lag as u64, unit, false))
            };
            let lags_it = if max_lag == 0 {
                same_period(unit, true).to_owned()
            } else {
                format!("sfasamenti da 0 a {}", periods(max_lag as u64, unit, true))
            };
            let stat = |c: &PairTest, it: bool| c.stats_text(it);
            let tried = v.lags_tested;
            let (c_en, c_it) = closest
                .map(|c| {
                    if v.pairs_tested == 1 {
                        (
                            format!("; {} once adjusted for the {tried} lags tried", stat(c, false)),
                            format!("; {} corretto per i {tried} sfasamenti provati", stat(c, true)),
                        )
                    } else {
                        (
                            format!("; the closest, {} and {}, has {} once adjusted for the {tried} combinations of pair and lag tried", q_en(&c.x), q_en(&c.y), stat(c, false)),
                            format!("; la più vicina, {} e {}, ha {} corretto per le {tried} combinazioni di coppia e sfasamento provate", q_it(&c.x), q_it(&c.y), stat(c, true)),
                        )
                    }
                })
                .unwrap_or_default();
            let (who_en, who_it) = match (v.pairs_tested, v.tests.first()) {
                (1, Some(t)) => (
                    format!("{} and {} did not move together", q_en(&t.x), q_en(&t.y)),
                    format!("le colonne {} e {} non si sono mosse insieme", q_it(&t.x), q_it(&t.y)),
                ),
                (m, _) => (
                    format!("none of the {m} business × social pairs tried moved together"),
                    format!("nessuna delle {m} coppie business × social provate si è mossa insieme"),
                ),
            };
            let single: Vec<&PairTest> = v.tests.iter().filter(|t| !t.shared_trend && t.one_period()).collect();
            let (s_en, s_it) = if single.is_empty() {
                Default::default()
            } else {
                caveats.push("one_period");
                (
                    format!(" The link of {} rests on a single period (a shared shock, a launch, a data error?): without it, it does not stand out.", pair_names(&single, false)),
                    format!(" Il legame di {} poggia su un solo periodo (uno shock comune, un lancio, un errore nei dati?): senza di esso non si distingue.", pair_names(&single, true)),
                )
            };
            let (t_en, t_it) = if trend.is_empty() {
                Default::default()
            } else {
                caveats.push("shared_trend");
                (
                    format!(" {} share a trend over time, which by itself says nothing about one driving the other.", cap(&pair_names(&trend, false))),
                    format!(" {} hanno una tendenza comune nel tempo, che da sola non dice nulla su chi muova chi.", cap(&pair_names(&trend, true))),
                )
            };
            (
                format!(
                    "No clear sign in these data: {who_en} beyond what chance and each series' own momentum produce ({lags_en}{c_en}).{s_en}{t_en} That is not proof of no effect: a small one needs more {} or a controlled test to show, and one that comes later than the lags tried was not looked for.",
                    units(unit, false)
                ),
                format!(
                    "Nessun segnale chiaro in questi dati: {who_it} oltre quanto producono il caso e l'inerzia propria di ciascuna serie ({lags_it}{c_it}).{s_it}{t_it} Non prova l'assenza di effetto: uno piccolo richiede più {} o un test controllato per emergere, e uno che arriva più tardi degli sfasamenti provati non è stato cercato.",
                    units(unit, true)
                ),
            )
        }
    };
    v.text_en = en;
    v.text_it = it;
    v.caveats = caveats;
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(x: &str, y: &str, p_lags: f64, shared_trend: bool) -> PairTest {
        PairTest {
            x: x.into(),
            y: y.into(),
            max_lag: 2,
            n_rows: 52,
            ar_order: Some(1),
            k: Some(1),
            r: Some(-0.5),
            n: Some(50),
            p: Some(p_lags / 3.0),
            p_lags: Some(p_lags),
            p_adjusted: None,
            shared_trend,
            claimed: false,
            x_changes: false,
            seasonal: false,
            p_without_top: Some(p_lags),
            lags_tried: 3,
        }
    }

    /// Weeks missing from the file: a lagged claim says lags count rows; a same-week claim, or a
    /// file without gaps, says nothing more.
    #[test]
    fn a_lag_over_missing_weeks_is_said_to_count_rows() {
        let d = |days: i32| crate::Date::from_days(19_000 + days);
        let dates: Vec<crate::Date> = [0, 7, 21, 28, 49].iter().map(|&x| d(x)).collect();
        assert_eq!(missing_periods(&dates, PeriodUnit::Week), (3, 8));
        assert_eq!(missing_periods(&dates[..2], PeriodUnit::Week), (0, 2));
        let months = [
            crate::Date::from_ymd(2024, 11, 1).unwrap(),
            crate::Date::from_ymd(2025, 2, 1).unwrap(),
        ];
        assert_eq!(missing_periods(&months, PeriodUnit::Month), (2, 4));
        let tests = vec![test("spend", "revenue", 0.01, false)];
        let mut v = decide(tests, Some("revenue"), 52, PeriodUnit::Week);
        assert_eq!((v.status, v.k), (VerdictStatus::Relationship, Some(1)));
        say_missing_periods(&mut v, 3, 55, PeriodUnit::Week);
        assert!(v.caveats.contains(&"missing_periods"));
        assert!(v.text_en.ends_with("Note: 3 of the 55 weeks from the first date to the last are not in the file, and lags are counted in rows, so “later” can be longer where weeks are missing."), "{}", v.text_en);
        assert!(v.text_it.contains("3 delle 55 settimane"), "{}", v.text_it);
        let mut same = decide(
            vec![test("spend", "revenue", 0.01, false)],
            None,
            52,
            PeriodUnit::Week,
        );
        same.k = Some(0);
        let before = same.text_en.clone();
        say_missing_periods(&mut same, 3, 55, PeriodUnit::Week);
        assert_eq!(same.text_en, before);
    }

    #[test]
    fn weights_guard_and_too_few() {
        // 0.018 × (2 + 1) / 2 = 0.027 < 0.03 for the target's pair; 0.018 × 2 = 0.036 without weights.
        let tests = vec![
            test("spend", "revenue", 0.018, false),
            test("reach", "orders", 0.5, false),
        ];
        let v = decide(tests.clone(), Some("revenue"), 52, PeriodUnit::Week);
        assert_eq!(v.status, VerdictStatus::Relationship);
        assert_eq!((v.x.as_deref(), v.k), (Some("spend"), Some(1)));
        assert!((v.p_adjusted.unwrap() - 0.027).abs() < 1e-12);
        assert!(v.text_en.starts_with("Yes, in these data: weeks with higher “spend” were followed by lower “revenue” 1 week later"), "{}", v.text_en);
        assert!(v.caveats.contains(&"no_control"));
        let v = decide(tests.clone(), None, 52, PeriodUnit::Week);
        assert_eq!(
            v.status,
            VerdictStatus::NoRelationship,
            "{:?}",
            v.p_adjusted
        );
        // A shared trend is never claimed.
        let mut trend = tests.clone();
        trend[0].shared_trend = true;
        let v = decide(trend, Some("revenue"), 52, PeriodUnit::Week);
        assert_eq!(v.status, VerdictStatus::NoRelationship);
        assert!(v.caveats.contains(&"shared_trend"));
        assert!(
            v.text_en.contains("share a trend over time"),
            "{}",
            v.text_en
        );
        // Too few periods: nothing is claimed, however small p.
        let mut few = tests;
        few.iter_mut().for_each(|t| t.n_rows = 12);
        let v = decide(few, Some("revenue"), 12, PeriodUnit::Month);
        assert_eq!(v.status, VerdictStatus::TooFewPeriods);
        assert_eq!(v.claims().count(), 0);
        let v = decide(Vec::new(), None, 52, PeriodUnit::Week);
        assert_eq!(v.status, VerdictStatus::NoPairs);
        assert!(v.text_it.starts_with("Ancora nessuna risposta"));
    }

    #[test]
    fn relations_in_words() {
        let w = PeriodUnit::Week;
        assert_eq!(
            relation_text("spend", "revenue", 2, -0.4, w, false),
            "weeks with higher “spend” were followed by lower “revenue” 2 weeks later"
        );
        assert_eq!(
            relation_text("spend", "revenue", -1, 0.4, w, false),
            "weeks with higher “revenue” were followed by higher “spend” 1 week later"
        );
        assert_eq!(
            relation_text("spesa", "fatturato", 2, -0.4, w, true),
            "le settimane con valori più alti di «spesa» sono state seguite, 2 settimane dopo, da valori più bassi di «fatturato»"
        );
        assert_eq!(
            relation_text("spesa", "fatturato", 0, 0.4, PeriodUnit::Month, true),
            "i mesi con valori più alti di «spesa» hanno avuto valori più alti di «fatturato» nello stesso mese"
        );
    }
}
