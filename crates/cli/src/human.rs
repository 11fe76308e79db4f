//! The human-readable report: the verdict first, then the findings (other relationships last),
//! then compact tables of the results.

use std::fmt::Write;

use social_roi_core::analysis::invest::{reasons, InvestmentRoi, Metric};
use social_roi_core::analysis::quick::QuickResult;
use social_roi_core::analysis::report::RegressionEntry;
use social_roi_core::analysis::{Finding, Report, Scope, Severity};
use social_roi_core::events::Retention;
use social_roi_core::ingest::FileReport;
use social_roi_core::{Lang, Table};

fn num(v: Option<f64>) -> String {
    match v {
        None => "n/a".to_owned(),
        Some(0.0) => "0".to_owned(),
        Some(v) if v.abs() >= 1e6 || v.abs() < 1e-3 => format!("{v:.4e}"),
        Some(v) if v.abs() >= 100.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.4}"),
    }
}

fn pv(v: Option<f64>) -> String {
    match v {
        None => "n/a".to_owned(),
        Some(p) if p < 0.001 => "<0.001".to_owned(),
        Some(p) => format!("{p:.3}"),
    }
}

/// "p < 0.001" / "p = 0.012" / "p n/a".
fn p_eq(v: Option<f64>) -> String {
    match v {
        None => "p n/a".to_owned(),
        Some(p) if p < 0.001 => "p < 0.001".to_owned(),
        Some(p) => format!("p = {p:.3}"),
    }
}

/// The whole report as text in `lang`.
pub fn render(
    table: &Table,
    r: &Report,
    files: &[String],
    plan_source: &str,
    lang: Lang,
) -> String {
    let it = lang == Lang::It;
    let t = |en: &'static str, itx: &'static str| if it { itx } else { en };
    let mut s = String::new();
    let ncols = table.numeric_columns().count();
    let step = r
        .time_step
        .map(|s| {
            use social_roi_core::analysis::PeriodUnit as U;
            match s.unit {
                U::Day => t("day", "giorno"),
                U::Week => t("week", "settimana"),
                U::Month => t("month", "mese"),
                U::Quarter => t("quarter", "trimestre"),
                U::Year => t("year", "anno"),
                U::Period => t("irregular dates", "date irregolari"),
            }
            .to_owned()
        })
        .unwrap_or_else(|| t("no dates", "senza date").to_owned());
    let _ = writeln!(
        s,
        "Social ROI — {}: {} ({} {}, {} {}, {})",
        t("analysis of", "analisi di"),
        files.join(" + "),
        table.n_rows(),
        t(
            if table.n_rows() == 1 { "row" } else { "rows" },
            if table.n_rows() == 1 { "riga" } else { "righe" }
        ),
        ncols,
        t(
            if ncols == 1 {
                "numeric column"
            } else {
                "numeric columns"
            },
            if ncols == 1 {
                "colonna numerica"
            } else {
                "colonne numeriche"
            }
        ),
        step
    );
    // the JSON keeps the English code; the text says it in the report's language
    let source = match plan_source {
        "file" => t("file", "file"),
        "guessed from column names" => t(
            "guessed from column names",
            "dedotto dai nomi delle colonne",
        ),
        other => other,
    };
    let _ = writeln!(s, "{}: {source}\n", t("plan", "piano"));

    let _ = writeln!(
        s,
        "{}\n  {}\n",
        t(
            "DID SOCIAL MOVE THE BUSINESS?",
            "I SOCIAL HANNO MOSSO L'ATTIVITÀ?"
        ),
        r.verdict.text(lang)
    );
    let _ = writeln!(s, "{}", t("FINDINGS", "RISULTATI"));
    let mut other_heading = false;
    for f in r.findings() {
        if f.scope == Scope::Other && !other_heading {
            other_heading = true;
            let _ = writeln!(s, "  {}", t("Other relationships:", "Altre relazioni:"));
        }
        let mark = match f.severity {
            Severity::Key => "*",
            Severity::Warning => "!",
            Severity::Info => "-",
        };
        let _ = writeln!(s, " {mark} {}", f.text(lang));
    }

    let _ = writeln!(s, "\n{}", t("DESCRIPTIVES", "STATISTICHE DESCRITTIVE"));
    let _ = writeln!(
        s,
        "  {:<24} {:>8} {:>14} {:>14} {:>14} {:>14} {:>14}",
        t("column", "colonna"),
        "n",
        t("mean", "media"),
        t("std", "dev.std"),
        "min",
        t("median", "mediana"),
        "max"
    );
    for (name, c) in &r.descriptives {
        let d = &c.stats;
        let _ = writeln!(
            s,
            "  {:<24} {:>8} {:>14} {:>14} {:>14} {:>14} {:>14}",
            name,
            d.n,
            num(d.mean),
            num(d.std),
            num(d.min),
            num(d.median),
            num(d.max)
        );
    }

    if !r.correlations.is_empty() {
        let _ = writeln!(
            s,
            "\n{} ({} {})",
            t("CORRELATIONS", "CORRELAZIONI"),
            r.correlations.len(),
            if r.correlations.len() == 1 {
                t("pair", "coppia")
            } else {
                t("pairs, strongest first", "coppie, dalla più forte")
            }
        );
        let _ = writeln!(
            s,
            "  {:<40} {:>6} {:>9} {:>8} {:>8} {:>9} {:>9}",
            "x ~ y", "n", "pearson", "p", "p_bh", "spearman", "kendall"
        );
        let mut order: Vec<_> = r.correlations.iter().collect();
        order.sort_by(|a, b| {
            b.pearson
                .r
                .map_or(-1.0, f64::abs)
                .total_cmp(&a.pearson.r.map_or(-1.0, f64::abs))
        });
        for c in order.iter().take(20) {
            let _ = writeln!(
                s,
                "  {:<40} {:>6} {:>9} {:>8} {:>8} {:>9} {:>9}",
                format!("{} ~ {}", c.x, c.y),
                c.n,
                num(c.pearson.r),
                pv(c.pearson.p),
                pv(c.pearson.p_bh),
                num(c.spearman.rho),
                num(c.kendall.tau_b)
            );
        }
        if order.len() > 20 {
            let _ = writeln!(
                s,
                "  … {} {}",
                order.len() - 20,
                t("more (see --json)", "altre (vedi --json)")
            );
        }
    }

    if !r.lagged.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t(
                "LAGGED CORRELATION (k > 0: x leads y)",
                "CORRELAZIONE SFASATA (k > 0: x anticipa y)"
            )
        );
        for l in &r.lagged {
            let _ = writeln!(
                s,
                "  {} -> {}: best k = {} (r = {}, n = {}, {}); lags ±{}",
                l.x,
                l.y,
                l.best_k_by_abs_r.map_or("n/a".into(), |k| k.to_string()),
                num(l.best_r),
                l.best_n.map_or("n/a".into(), |n| n.to_string()),
                p_eq(l.best_p),
                l.max_lag
            );
            if let Some(pw) = &l.prewhitened {
                let _ = writeln!(
                    s,
                    "    {} AR({}): best k = {} (r = {}, n = {}, {} {})",
                    t("prewhitened", "prewhitening"),
                    pw.ar_order,
                    pw.best_k.map_or("n/a".into(), |k| k.to_string()),
                    num(pw.best_r),
                    pw.best_n.map_or("n/a".into(), |n| n.to_string()),
                    p_eq(pw.p_adjusted),
                    t("adjusted for the lags", "corretto per gli sfasamenti")
                );
            }
        }
    }

    if !r.ties.is_empty() {
        let _ = writeln!(s, "\n{}", t("TIED BY ARITHMETIC", "LEGATE DALL'ARITMETICA"));
        for tie in &r.ties {
            let text = if it { &tie.text_it } else { &tie.text_en };
            let _ = writeln!(s, "  {text}");
        }
    }

    if !r.period_over_period.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t("PERIOD OVER PERIOD", "VARIAZIONI DA UN PERIODO ALL'ALTRO")
        );
        for p in &r.period_over_period {
            let _ = writeln!(
                s,
                "  {} ~ {}: {} r = {} (n = {}, {}); {} r = {} (n = {}, {})",
                p.x,
                p.y,
                t("% change", "variazione %"),
                num(p.pct_change.r),
                p.pct_change.n,
                p_eq(p.pct_change.p),
                t("difference", "differenza"),
                num(p.diff.r),
                p.diff.n,
                p_eq(p.diff.p)
            );
        }
    }

    if !r.regressions.is_empty() {
        let _ = writeln!(s, "\n{}", t("REGRESSIONS", "REGRESSIONI"));
        for e in &r.regressions {
            match e {
                RegressionEntry::Simple(g) => {
                    let _ = writeln!(
                        s,
                        "  {} = {} + {} × {}  (r2 = {}, n = {}, slope {})",
                        g.y,
                        num(g.intercept),
                        num(g.slope),
                        g.x,
                        num(g.r2),
                        g.n,
                        p_eq(g.slope_p)
                    );
                }
                RegressionEntry::Multiple(m) => {
                    let terms: Vec<String> = m
                        .coefficients
                        .iter()
                        .map(|c| format!("{} {} (p {})", num(Some(c.estimate)), c.name, pv(c.p)))
                        .collect();
                    let _ = writeln!(
                        s,
                        "  {} ~ {}: {}  (r2 = {}, adj r2 = {}, n = {})",
                        m.y,
                        m.x.join(" + "),
                        if terms.is_empty() {
                            m.undefined_reason.clone().unwrap_or_default()
                        } else {
                            terms.join(", ")
                        },
                        num(m.r2),
                        num(m.adj_r2),
                        m.n
                    );
                }
            }
        }
    }

    match &r.roi {
        Some(roi) => {
            let _ = writeln!(s, "\n{}", t("ROI FAMILY (totals)", "FAMIGLIA ROI (totali)"));
            let tt = &roi.totals;
            for (name, m) in [
                ("ROI", &tt.roi),
                ("ROAS", &tt.roas),
                ("CPA", &tt.cpa),
                (
                    t("cost per new follower", "costo per nuovo follower"),
                    &tt.cost_per_new_follower,
                ),
            ] {
                let _ = writeln!(
                    s,
                    "  {:<24} {:>14}  ({} {}){}",
                    name,
                    num(m.value),
                    m.rows_used,
                    t(
                        if m.rows_used == 1 { "row" } else { "rows" },
                        if m.rows_used == 1 { "riga" } else { "righe" }
                    ),
                    m.undefined_reason
                        .as_deref()
                        .map(|r| format!(" — {}", reasons::say(r, lang)))
                        .unwrap_or_default()
                );
            }
            if roi.annualised_roi.is_some() {
                let _ = writeln!(
                    s,
                    "  {:<24} {:>14}",
                    t("annualised ROI", "ROI annualizzato"),
                    num(roi.annualised_roi)
                );
            }
            if roi.break_even_revenue.is_some() {
                let _ = writeln!(
                    s,
                    "  {:<24} {:>14}",
                    t("break-even revenue", "fatturato di pareggio"),
                    num(roi.break_even_revenue)
                );
            }
        }
        None => {
            if let Some(why) = &r.roi_absent_reason {
                let _ = writeln!(s, "\nROI: {}", reasons::say(why, lang));
            }
        }
    }
    if let Some(inv) = &r.investment_roi {
        investment_tables(&mut s, inv, lang);
    }
    s
}

fn metric_line(s: &mut String, name: &str, m: &Metric, lang: Lang) {
    let _ = writeln!(
        s,
        "  {:<32} {:>14}{}",
        name,
        num(m.value),
        m.undefined_reason
            .as_deref()
            .map(|r| format!("  — {}", reasons::say(r, lang)))
            .unwrap_or_default()
    );
}

/// The investment model's figures: totals, payback, channels and the periods.
fn investment_tables(s: &mut String, r: &InvestmentRoi, lang: Lang) {
    let it = lang == Lang::It;
    let t = |en: &'static str, itx: &'static str| if it { itx } else { en };
    let tt = &r.totals;
    let _ = writeln!(
        s,
        "\n{} ({} {} / {}; {})",
        t(
            "RETURN ON THE WHOLE INVESTMENT",
            "RITORNO SULL'INVESTIMENTO COMPLESSIVO"
        ),
        tt.periods_used,
        t("periods used", "periodi usati"),
        tt.periods,
        social_roi_core::analysis::invest::reasons::say(&r.period_rule, lang)
    );
    let i = &tt.investment;
    let _ = writeln!(
        s,
        "  {:<32} {:>14}  ({} {}, {} {}, {} {}, {} {})",
        t("investment", "investimento"),
        num(Some(i.total)),
        t("money", "denaro"),
        num(Some(i.money)),
        t("time", "tempo"),
        num(Some(i.time)),
        t("fixed", "fissi"),
        num(Some(i.fixed)),
        t("one-off", "una tantum"),
        num(Some(i.one_off))
    );
    if let Some(v) = &tt.value {
        let _ = writeln!(
            s,
            "  {:<32} {:>14}  ({} {})",
            t("value", "valore"),
            num(Some(v.total)),
            t("revenue", "fatturato"),
            num(Some(v.revenue))
        );
    }
    for (name, m) in [
        ("ROI", &tt.roi),
        (
            t("ROAS (revenue / money)", "ROAS (fatturato / denaro)"),
            &tt.roas,
        ),
        (
            t("revenue / total investment", "fatturato / investimento"),
            &tt.roas_total_investment,
        ),
        ("CPA", &tt.cpa),
        (t("cost per lead", "costo per contatto"), &tt.cost_per_lead),
        (
            t("cost per new customer", "costo per nuovo cliente"),
            &tt.cost_per_new_customer,
        ),
        (
            t("cost per new follower", "costo per nuovo follower"),
            &tt.cost_per_new_follower,
        ),
        (
            t("break-even revenue", "fatturato di pareggio"),
            &tt.break_even_revenue,
        ),
        (
            t("highest CPA allowed", "CPA massimo sostenibile"),
            &tt.max_cpa,
        ),
    ] {
        metric_line(s, name, m, lang);
    }
    let _ = writeln!(
        s,
        "  {:<32} {:>14}{}",
        t("payback (periods)", "rientro (periodi)"),
        r.payback
            .periods
            .map_or("n/a".to_owned(), |p| p.to_string()),
        r.payback
            .date
            .map(|d| format!("  ({d})"))
            .or_else(|| r
                .payback
                .undefined_reason
                .as_ref()
                .map(|w| format!("  — {}", reasons::say(w, lang))))
            .unwrap_or_default()
    );
    if !r.per_channel.is_empty() {
        let _ = writeln!(
            s,
            "\n  {:<20} {:>12} {:>12} {:>10} {:>10} {:>10}",
            t("channel", "canale"),
            t("investment", "investim."),
            t("value", "valore"),
            "ROI",
            "ROAS",
            "CPA"
        );
        for c in &r.per_channel {
            let _ = writeln!(
                s,
                "  {:<20} {:>12} {:>12} {:>10} {:>10} {:>10}",
                c.channel
                    .as_deref()
                    .unwrap_or(t("(no channel)", "(senza canale)")),
                num(Some(c.investment.total)),
                num(c.value.map(|v| v.total)),
                num(c.roi.value),
                num(c.roas.value),
                num(c.cpa.value)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n  {:<12} {:>12} {:>12} {:>10} {:>14} {:>14}",
        t("period", "periodo"),
        t("investment", "investim."),
        t("value", "valore"),
        "ROI",
        t("cum. invest.", "invest. cum."),
        t("cum. value", "valore cum.")
    );
    for p in r.per_period.iter().take(60) {
        let _ = writeln!(
            s,
            "  {:<12} {:>12} {:>12} {:>10} {:>14} {:>14}",
            p.date.map_or(p.period.to_string(), |d| d.to_iso()),
            num(p.investment.map(|i| i.total)),
            num(p.value.map(|v| v.total)),
            num(p.roi),
            num(Some(p.cumulative_investment)),
            num(p.cumulative_value)
        );
    }
    if r.per_period.len() > 60 {
        let _ = writeln!(
            s,
            "  … {} {}",
            r.per_period.len() - 60,
            t("more (see --json)", "altri (vedi --json)")
        );
    }
}

/// `social-roi roi`: findings first, then the figures.
pub fn investment(r: &InvestmentRoi, findings: &[Finding], lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        if lang == Lang::It {
            "RISULTATI"
        } else {
            "FINDINGS"
        }
    );
    for f in findings {
        let _ = writeln!(s, " - {}", f.text(lang));
    }
    investment_tables(&mut s, r, lang);
    s
}

/// `social-roi quick`: the verdict, then the figures.
pub fn quick(r: &QuickResult, lang: Lang) -> String {
    let it = lang == Lang::It;
    let t = |en: &'static str, itx: &'static str| if it { itx } else { en };
    let mut s = format!("{}\n\n", r.verdict(lang));
    let _ = writeln!(
        s,
        "  {:<32} {:>14}",
        t("investment", "investimento"),
        num(Some(r.investment.total))
    );
    let _ = writeln!(s, "  {:<32} {:>14}", t("value", "valore"), num(r.value));
    for (name, m) in [
        ("ROI", &r.roi),
        ("ROAS", &r.roas),
        (
            t("break-even revenue", "fatturato di pareggio"),
            &r.break_even_revenue,
        ),
        (
            t("cost per new customer", "costo per nuovo cliente"),
            &r.cost_per_new_customer,
        ),
        (
            t("cost per new follower", "costo per nuovo follower"),
            &r.cost_per_new_follower,
        ),
    ] {
        metric_line(&mut s, name, m, lang);
    }
    let _ = writeln!(
        s,
        "  {:<32} {:>14}",
        t("payback (months)", "rientro (mesi)"),
        r.payback_months.map_or("n/a".to_owned(), |k| k.to_string())
    );
    s
}

/// Periods listed in the retention table of the text report.
const SHOWN_PERIODS: usize = 26;

/// The recognised exports and the retention summary (counts and shares only: no customer keys).
pub fn events(files: &[FileReport], retention: Option<&Retention>, lang: Lang) -> String {
    let it = lang == Lang::It;
    let t = |en: &'static str, itx: &'static str| if it { itx } else { en };
    let mut s = String::new();
    for f in files {
        if let Some(ev) = &f.events {
            let _ = writeln!(
                s,
                "\n{} {}: {} ({} {})",
                t("Recognised:", "Riconosciuto:"),
                f.name,
                ev.kind.label(lang),
                ev.rows,
                t(
                    if ev.rows == 1 { "row" } else { "rows" },
                    if ev.rows == 1 { "riga" } else { "righe" }
                )
            );
        }
    }
    let Some(r) = retention else {
        return s;
    };
    let pct = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{:.1}%", 100.0 * v));
    let _ = writeln!(s, "\n{}", t("CUSTOMER RETENTION", "FIDELIZZAZIONE CLIENTI"));
    let _ = writeln!(
        s,
        "  {}: {}   {}: {}",
        t("repeat-purchase rate", "tasso di riacquisto"),
        pct(r.repeat_purchase_rate),
        t("orders per customer", "ordini per cliente"),
        num(r.orders_per_customer)
    );
    let _ = writeln!(
        s,
        "  {}: {}",
        t(
            "value of a customer (net revenue per customer, estimate)",
            "valore di un cliente (ricavo netto per cliente, stima)"
        ),
        num(r.value_of_customer)
    );
    let _ = writeln!(
        s,
        "  {:<12} {:>6} {:>10} {:>8}",
        t("period", "periodo"),
        t("new", "nuovi"),
        t("returning", "di ritorno"),
        t("share", "quota")
    );
    // the latest periods: a daily table over a year would drown the report
    let from = r.periods.len().saturating_sub(SHOWN_PERIODS);
    if from > 0 {
        let _ = writeln!(
            s,
            "  … {from} {}",
            t(
                "earlier periods (in the JSON report)",
                "periodi precedenti (nel report JSON)"
            )
        );
    }
    for (i, d) in r.periods.iter().enumerate().skip(from) {
        let _ = writeln!(
            s,
            "  {:<12} {:>6} {:>10} {:>8}",
            d.to_iso(),
            r.new_customers[i],
            r.returning_customers[i],
            pct(r.returning_share[i])
        );
    }
    s
}
