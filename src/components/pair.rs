//! The detail of one pair of columns opened from the heatmap: scatter with the regression line and
//! its 95% band, both series over time (indexed to 100 or on two axes), the lag chart (r by lag
//! with the significance band and the best lag marked), and the pair's numbers for levels and
//! changes. Everything comes from the engine: the report's entries when it has them, otherwise the
//! core's functions run for this pair (a few milliseconds).

use std::rc::Rc;

use social_roi_core::analysis::lagged::{best_lag, lag_pearson, lag_point};
use social_roi_core::analysis::period::diff;
use social_roi_core::analysis::report::{LagPoint, PeriodUnit, RegressionEntry};
use social_roi_core::analysis::Report;
use social_roi_core::stats::dist::t_two_sided_p;
use social_roi_core::stats::{complete_pairs, linregress, sum};
use social_roi_core::{Date, Lang, Table};
use yew::prelude::*;

use crate::charts::format::{self, DateStyle, Locale};
use crate::charts::lag::{draw_lag, LagData, LagPoint as ChartLag};
use crate::charts::scatter::{draw_scatter, Band, Fit, ScatterData};
use crate::charts::series::{draw_series, Series, SeriesData, TwoSeries};
use crate::charts::{self, ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{
    chart_height_for, use_chart_width, ChartFrame, DataTable, Drawn, Same, SameArc,
};
use crate::components::correlations::{
    find_entry, method_values, p_text, reason_text, symbol, ALPHA,
};
use crate::i18n::{tr, trs};
use crate::state::{Action, Basis, Method};

/// Lags looked at when neither the report nor the plan says.
pub const DEFAULT_MAX_LAG: u32 = 8;

/// Two-sided 95% critical value of Student's t with `df` degrees of freedom, found by bisection
/// on the core's t distribution (so the band uses the same distribution as the p-values).
pub fn t_critical_95(df: f64) -> Option<f64> {
    if df.is_nan() || df < 1.0 {
        return None;
    }
    let p = |t: f64| t_two_sided_p(t, df).unwrap_or(f64::NAN);
    let (mut lo, mut hi) = (0.0f64, 1000.0f64);
    if p(hi).is_nan() || p(hi) > 0.05 {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if p(mid) > 0.05 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

/// The fitted line of y on x with its 95% confidence band of the mean: the engine's regression
/// when the report has one for this pair, else the core's `linregress` on the data.
pub fn fit_for(x: &[f64], y: &[f64], engine: Option<(f64, f64, Option<f64>)>) -> Option<Fit> {
    let (slope, intercept, slope_se) = match engine {
        Some(e) => e,
        None => {
            let l = linregress(x, y);
            (l.slope?, l.intercept?, l.slope_stderr)
        }
    };
    let (a, _) = complete_pairs(x, y);
    let n = a.len();
    let band = (|| {
        let xm = sum::mean(&a)?;
        let sxx = sum::sum_sq_centered(&a, xm);
        // The slope's standard error is resid_se / √sxx, so the band needs no second fit.
        let resid_se = slope_se? * sxx.sqrt();
        let t_crit = t_critical_95((n as f64) - 2.0)?;
        (n >= 3 && resid_se.is_finite()).then_some(Band {
            n,
            x_mean: xm,
            sxx,
            resid_se,
            t_crit,
        })
    })();
    Some(Fit {
        slope,
        intercept,
        band,
    })
}

/// r by lag for (x, y): from the report (mirrored if it has (y, x)), else computed over the table.
/// Returns the points (k ascending) and the best lag.
pub fn lags_for(
    report: &Report,
    t: &Table,
    x: &str,
    y: &str,
    max_lag: u32,
) -> (Vec<LagPoint>, Option<i64>) {
    if let Some(l) = report.lagged.iter().find(|l| l.x == x && l.y == y) {
        return (l.lags.clone(), l.best_k_by_abs_r);
    }
    if let Some(l) = report.lagged.iter().find(|l| l.x == y && l.y == x) {
        // (y_t, x_{t+k}) pairs the same rows as (x_s, y_{s−k}): lag k of (y, x) is lag −k of (x, y).
        let mut pts: Vec<LagPoint> = l
            .lags
            .iter()
            .map(|p| LagPoint {
                k: -p.k,
                ..p.clone()
            })
            .collect();
        pts.reverse();
        return (pts, l.best_k_by_abs_r.map(|k| -k));
    }
    let (Some(xv), Some(yv)) = (t.numbers(x), t.numbers(y)) else {
        return (Vec::new(), None);
    };
    // Beyond n − 3 rows of shift no lag has enough pairs for a p-value.
    let l = i64::from(max_lag).min((t.n_rows() as i64 - 3).max(0));
    let pts: Vec<LagPoint> = (-l..=l)
        .map(|k| lag_point(k, &lag_pearson(xv, yv, k, None, None)))
        .collect();
    let best = best_lag(&pts).map(|i| pts[i].k);
    (pts, best)
}

/// The period word for lags: "weeks" / "settimane".
pub fn period_words(unit: Option<PeriodUnit>, lang: Lang) -> &'static str {
    match unit.unwrap_or(PeriodUnit::Period) {
        PeriodUnit::Day => tr(lang, "days", "giorni"),
        PeriodUnit::Week => tr(lang, "weeks", "settimane"),
        PeriodUnit::Month => tr(lang, "months", "mesi"),
        PeriodUnit::Quarter => tr(lang, "quarters", "trimestri"),
        PeriodUnit::Year => tr(lang, "years", "anni"),
        PeriodUnit::Period => tr(lang, "rows", "righe"),
    }
}

fn when(dates: Option<&[Date]>, i: usize, loc: Locale) -> String {
    match dates.and_then(|d| d.get(i)) {
        Some(d) => format::date(*d, DateStyle::Iso, loc),
        None => (i + 1).to_string(),
    }
}

/// The scatter of y against x (levels, or first differences for the "changes" basis) with the
/// engine's fitted line when the report has it for this pair.
fn draw_pair_scatter(
    report: &Report,
    t: &Table,
    x: &str,
    y: &str,
    changes: bool,
    lang: Lang,
    width: u32,
) -> Drawn {
    let loc = Locale::of(lang);
    let (Some(xv), Some(yv)) = (t.numbers(x), t.numbers(y)) else {
        return Drawn::default();
    };
    let (sx, sy): (Vec<f64>, Vec<f64>) = if changes {
        (diff(xv)[1..].to_vec(), diff(yv)[1..].to_vec())
    } else {
        (xv.to_vec(), yv.to_vec())
    };
    let engine = report.regressions.iter().find_map(|r| match r {
        RegressionEntry::Simple(s) if !changes && s.x == x && s.y == y => {
            Some((s.slope?, s.intercept?, s.slope_stderr))
        }
        _ => None,
    });
    let fit = fit_for(&sx, &sy, engine);
    let size = (width, ((f64::from(width) * 0.7) as u32).clamp(260, 480));
    let title = if changes {
        trs(
            lang,
            format!("Changes of “{y}” against changes of “{x}”"),
            format!("Variazioni di «{y}» rispetto alle variazioni di «{x}»"),
        )
    } else {
        trs(
            lang,
            format!("“{y}” against “{x}”"),
            format!("«{y}» rispetto a «{x}»"),
        )
    };
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = ScatterData {
        title: &title,
        x_name: x,
        y_name: y,
        x: &sx,
        y: &sy,
        fit,
    };
    let svg = charts::to_svg(size, |a| draw_scatter(a, &data, &style));
    let dates = t.dates();
    let offset = usize::from(changes);
    let complete = |(_, (a, b)): &(usize, (&f64, &f64))| a.is_finite() && b.is_finite();
    let n_complete = sx.iter().zip(&sy).enumerate().filter(complete).count();
    let rows = sx
        .iter()
        .zip(&sy)
        .enumerate()
        .filter(complete)
        .map(|(i, (a, b))| {
            vec![
                when(dates, i + offset, loc),
                format::sig(*a, 10, loc),
                format::sig(*b, 10, loc),
            ]
        });
    let table = DataTable::counted(
        vec![tr(lang, "Date", "Data").into(), x.to_owned(), y.to_owned()],
        n_complete,
        rows,
    );
    let n = table.total_rows;
    let line = fit
        .map(|f| {
            let (a, b) = (
                format::number(f.intercept, loc),
                format::number(f.slope, loc),
            );
            trs(
                lang,
                format!(" Fitted line: y = {a} + {b} · x, with its 95% confidence band."),
                format!(
                    " Retta stimata: y = {a} + {b} · x, con la sua banda di confidenza al 95%."
                ),
            )
        })
        .unwrap_or_default();
    let summary = trs(
        lang,
        format!("Scatter of {n} periods, “{y}” (up) against “{x}” (across).{line}"),
        format!("Dispersione di {n} periodi, «{y}» (in verticale) rispetto a «{x}» (in orizzontale).{line}"),
    );
    Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: summary.into(),
        data: Rc::new(table),
    }
}

/// Both columns over time, indexed to 100 or on two axes.
fn draw_pair_series(t: &Table, x: &str, y: &str, mode: TwoSeries, lang: Lang, width: u32) -> Drawn {
    let loc = Locale::of(lang);
    let (Some(xv), Some(yv)) = (t.numbers(x), t.numbers(y)) else {
        return Drawn::default();
    };
    let dates = t.dates();
    let size = (width, chart_height_for(width));
    let title = trs(
        lang,
        format!("“{x}” and “{y}” over time"),
        format!("«{x}» e «{y}» nel tempo"),
    );
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = SeriesData {
        title: &title,
        dates,
        first: Series {
            name: x,
            values: xv,
        },
        second: Some(Series {
            name: y,
            values: yv,
        }),
        mode,
    };
    let svg = charts::to_svg(size, |a| draw_series(a, &data, &style));
    let n = xv.len().min(yv.len());
    let rows = (0..n).map(|i| {
        vec![
            when(dates, i, loc),
            format::sig(xv[i], 10, loc),
            format::sig(yv[i], 10, loc),
        ]
    });
    let table = DataTable::capped(
        vec![tr(lang, "Date", "Data").into(), x.to_owned(), y.to_owned()],
        rows,
    );
    let summary = match mode {
        TwoSeries::Indexed => trs(
            lang,
            format!("Lines of “{x}” and “{y}” over {n} periods, both indexed to 100 at the start."),
            format!(
                "Linee di «{x}» e «{y}» in {n} periodi, entrambe indicizzate a 100 all'inizio."
            ),
        ),
        TwoSeries::TwoAxes => trs(
            lang,
            format!("Lines of “{x}” (left axis) and “{y}” (right axis) over {n} periods."),
            format!("Linee di «{x}» (asse sinistro) e «{y}» (asse destro) in {n} periodi."),
        ),
    };
    Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: summary.into(),
        data: Rc::new(table),
    }
}

/// The lag chart, the best lag, and a sentence about it.
fn draw_pair_lags(
    report: &Report,
    t: &Table,
    x: &str,
    y: &str,
    max_lag: u32,
    lang: Lang,
    width: u32,
) -> (Drawn, Option<i64>, String) {
    let loc = Locale::of(lang);
    let (points, best) = lags_for(report, t, x, y, max_lag);
    let words = period_words(report.time_step.map(|t| t.unit), lang);
    let best_point = best.and_then(|b| points.iter().find(|p| p.k == b));
    let size = (width, chart_height_for(width));
    let title = trs(
        lang,
        format!("Does “{x}” lead “{y}”? Correlation by lag"),
        format!("«{x}» anticipa «{y}»? Correlazione per ritardo"),
    );
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let lags: Vec<ChartLag> = points
        .iter()
        .map(|p| ChartLag {
            lag: p.k as i32,
            r: p.r,
            n: p.n,
        })
        .collect();
    let data = LagData {
        title: &title,
        lags: &lags,
        best: best.map(|b| b as i32),
        period: words,
    };
    let svg = charts::to_svg(size, |a| draw_lag(a, &data, &style));
    let missing = || loc.missing().to_owned();
    let rows = points.iter().map(|p| {
        vec![
            format::signed_integer(p.k, loc),
            p.r.map(|r| format::fixed(r, 3, loc))
                .unwrap_or_else(missing),
            p.n.to_string(),
            p.band95
                .map(|b| format!("± {}", format::fixed(b, 3, loc)))
                .unwrap_or_else(missing),
            p_text(p.p, loc),
        ]
    });
    let headers = vec![
        trs(lang, format!("Lag ({words})"), format!("Ritardo ({words})")),
        "r".into(),
        "n".into(),
        tr(lang, "95% band", "fascia 95%").into(),
        "p".into(),
    ];
    let table = DataTable::capped(headers, rows);
    let best_text = match best_point {
        Some(p) => {
            let (k, r) = (
                format::signed_integer(p.k, loc),
                p.r.map(|r| format::fixed(r, 2, loc)).unwrap_or_default(),
            );
            trs(
                lang,
                format!("Best lag {k} {words} (r = {r}, n = {}).", p.n),
                format!("Ritardo migliore {k} {words} (r = {r}, n = {}).", p.n),
            )
        }
        None => tr(
            lang,
            "No lag has a defined correlation.",
            "Nessun ritardo ha una correlazione definita.",
        )
        .to_owned(),
    };
    let summary = trs(
        lang,
        format!("Bars of the correlation between “{x}” and “{y}” shifted by each lag. {best_text}"),
        format!("Barre della correlazione tra «{x}» e «{y}» spostata di ogni ritardo. {best_text}"),
    );
    let note = trs(
        lang,
        format!("Lag +k: “{x}” now compared with “{y}” k {words} later (“{x}” moves first). Bars inside the grey band are what chance alone typically gives. {best_text} The best of many lags looks better than it is: confirm it on new data."),
        format!("Ritardo +k: «{x}» di oggi confrontato con «{y}» di k {words} dopo («{x}» si muove prima). Le barre dentro la fascia grigia sono ciò che dà tipicamente il caso. {best_text} Il migliore di molti ritardi sembra più forte di quanto sia: verificalo su dati nuovi."),
    );
    (
        Drawn {
            title: title.into(),
            svg: svg.into(),
            size,
            summary: summary.into(),
            data: Rc::new(table),
        },
        best,
        note,
    )
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub x: AttrValue,
    pub y: AttrValue,
}

#[function_component(PairDetail)]
pub fn pair_detail(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let width = use_chart_width();
    let mode = use_state(|| TwoSeries::Indexed);
    let heading = use_node_ref();
    let lang = app.lang;
    let loc = Locale::of(lang);
    let (x, y) = (props.x.to_string(), props.y.to_string());
    {
        // Bring the detail into view and move the keyboard focus to it when the user opens a pair
        // from the matrix (or swaps it) — not when it reappears after a re-analysis started
        // elsewhere, which would pull the focus away from the control the user is on.
        let heading = heading.clone();
        use_effect_with((x.clone(), y.clone()), move |_| {
            let from_here = gloo::utils::document()
                .active_element()
                .and_then(|e| {
                    e.closest("[data-testid=heatmap], [data-testid=pair-detail]")
                        .ok()
                        .flatten()
                })
                .is_some();
            if let (true, Some(h)) = (from_here, heading.cast::<web_sys::HtmlElement>()) {
                h.scroll_into_view();
                let _ = h.focus();
            }
        });
    }
    let shown = app.shown().map(|(s, _)| s);
    let report = shown.as_ref().map(|s| s.report.clone());
    let changes: Option<Rc<Report>> = shown.and_then(|s| s.changes);
    let changes_basis = app.basis == Basis::Changes && changes.is_some();
    let max_lag = app
        .plan
        .target
        .as_ref()
        .map(|t| t.max_lag)
        .filter(|l| *l > 0)
        .or_else(|| app.plan.lagged.first().map(|l| l.max_lag))
        .unwrap_or(DEFAULT_MAX_LAG);
    // Each chart is redrawn only when what it shows changes (not on every state change).
    let inputs = (
        report.clone().map(Same),
        app.table.clone().map(SameArc),
        x.clone(),
        y.clone(),
    );
    let scatter = use_memo(
        (inputs.clone(), changes_basis, lang, width),
        |((r, t, x, y), changes, lang, width)| match (r, t) {
            (Some(r), Some(t)) => draw_pair_scatter(&r.0, &t.0, x, y, *changes, *lang, *width),
            _ => Drawn::default(),
        },
    );
    let series = use_memo(
        (inputs.clone(), *mode, lang, width),
        |((_, t, x, y), mode, lang, width)| match t {
            Some(t) => draw_pair_series(&t.0, x, y, *mode, *lang, *width),
            None => Drawn::default(),
        },
    );
    let lag = use_memo(
        (inputs, max_lag, lang, width),
        |((r, t, x, y), max_lag, lang, width)| match (r, t) {
            (Some(r), Some(t)) => draw_pair_lags(&r.0, &t.0, x, y, *max_lag, *lang, *width),
            _ => (Drawn::default(), None, String::new()),
        },
    );
    let (Some(report), Some(table)) = (report, app.table.clone()) else {
        return html! {};
    };
    if table.numbers(&x).is_none() || table.numbers(&y).is_none() {
        return html! {};
    }
    let close = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::OpenPair(None)))
    };
    let swap = {
        let (app, x, y) = (app.clone(), x.clone(), y.clone());
        Callback::from(move |_: MouseEvent| {
            app.dispatch(Action::OpenPair(Some((y.clone(), x.clone()))))
        })
    };
    let title = trs(lang, format!("“{x}” and “{y}”"), format!("«{x}» e «{y}»"));
    let scatter_note = tr(lang,
        "Each dot is one period. The line is the least-squares fit; the shaded band is where the average of y is, with 95% confidence.",
        "Ogni punto è un periodo. La retta è la stima ai minimi quadrati; la banda è dove si trova la media di y, con il 95% di confidenza.");
    let set_mode = |m: TwoSeries| {
        let mode = mode.clone();
        Callback::from(move |_: Event| mode.set(m))
    };
    let (lag_drawn, best, lag_note) = &*lag;

    // The numbers: three coefficients on levels and on changes.
    let numbers = {
        let group = |label: &'static str, basis: &'static str, r: Option<&Report>| {
            let entry = r.and_then(|r| find_entry(r, &x, &y));
            let Some(c) = entry else {
                return html! {
                    <>
                        <tr><th scope="colgroup" colspan="6" class="group">{ label }</th></tr>
                        <tr><td colspan="6">{ tr(lang, "Not available.", "Non disponibile.") }</td></tr>
                    </>
                };
            };
            let row = |m: Method, name: &'static str| {
                let (v, p, q) = method_values(c, m);
                let ci = match m {
                    Method::Pearson => c.pearson.ci95.map(|[a, b]| {
                        format!(
                            "{} … {}",
                            format::fixed(a, 2, loc),
                            format::fixed(b, 2, loc)
                        )
                    }),
                    _ => None,
                };
                let sig = q.is_some_and(|q| q < ALPHA);
                html! {
                    <tr data-basis={basis} data-method={name}>
                        <th scope="row">{ format!("{name} {}", symbol(m)) }</th>
                        <td class="num">{ v.map(|v| format::fixed(v, 3, loc)).unwrap_or_else(|| reason_text(lang, c)) }</td>
                        <td class="num">{ p_text(p, loc) }</td>
                        <td class={classes!("num", sig.then_some("sig"))}>{ p_text(q, loc) }</td>
                        <td class="num">{ ci.unwrap_or_else(|| "—".into()) }</td>
                        <td class="num">{ c.n }</td>
                    </tr>
                }
            };
            html! {
                <>
                    <tr><th scope="colgroup" colspan="6" class="group">{ label }</th></tr>
                    { row(Method::Pearson, "Pearson") }
                    { row(Method::Spearman, "Spearman") }
                    { row(Method::Kendall, "Kendall") }
                </>
            }
        };
        html! {
            <div class="table-scroll pair-numbers" role="region" tabindex="0" aria-label={tr(lang, "The pair's numbers", "I numeri della coppia")}>
                <table>
                    <caption>{ tr(lang, "Correlation of the pair", "Correlazione della coppia") }</caption>
                    <thead><tr>
                        <th scope="col">{ tr(lang, "Measure", "Misura") }</th>
                        <th scope="col">{ tr(lang, "Value", "Valore") }</th>
                        <th scope="col">{ "p" }</th>
                        <th scope="col">{ tr(lang, "p adjusted (BH)", "p corretto (BH)") }</th>
                        <th scope="col">{ tr(lang, "95% interval", "intervallo 95%") }</th>
                        <th scope="col">{ "n" }</th>
                    </tr></thead>
                    <tbody>
                        { group(tr(lang, "Levels (the values)", "Livelli (i valori)"), "levels", Some(&report)) }
                        { group(tr(lang, "Changes (period to period)", "Variazioni (da un periodo all'altro)"), "changes", changes.as_deref()) }
                    </tbody>
                </table>
            </div>
        }
    };

    html! {
        <section class="results-part pair-detail" data-testid="pair-detail" data-x={x.clone()} data-y={y.clone()} aria-labelledby="pair-title">
            <div class="pair-head">
                <h3 id="pair-title" tabindex="-1" ref={heading}>{ title }</h3>
                <div class="actions">
                    <button type="button" class="secondary small" onclick={swap}>{ tr(lang, "Swap the two columns", "Scambia le due colonne") }</button>
                    <button type="button" class="small" onclick={close}>{ tr(lang, "Close the pair", "Chiudi la coppia") }</button>
                </div>
            </div>
            { numbers }
            if changes_basis {
                <p class="hint">{ tr(lang, "The scatter shows changes, as the matrix above; the lag chart uses the values.", "La dispersione mostra le variazioni, come la matrice sopra; il grafico dei ritardi usa i valori.") }</p>
            }
            <div class="pair-charts">
                <ChartFrame test_id="scatter-chart" title={scatter.title.clone()} note={AttrValue::from(scatter_note)} svg={scatter.svg.clone()}
                    size={scatter.size} summary={scatter.summary.clone()} data={scatter.data.clone()} />
                <ChartFrame test_id="lag-chart" title={lag_drawn.title.clone()} note={AttrValue::from(lag_note.clone())} svg={lag_drawn.svg.clone()}
                    size={lag_drawn.size} summary={lag_drawn.summary.clone()} data={lag_drawn.data.clone()} best_lag={*best} />
                <fieldset class="switch">
                    <legend>{ tr(lang, "Draw the two series", "Disegna le due serie") }</legend>
                    <label class="inline" for="pair-indexed"><input type="radio" id="pair-indexed" name="pair-mode" checked={*mode == TwoSeries::Indexed} onchange={set_mode(TwoSeries::Indexed)} />
                        { tr(lang, "indexed (start = 100)", "indicizzate (inizio = 100)") }</label>
                    <label class="inline" for="pair-axes"><input type="radio" id="pair-axes" name="pair-mode" checked={*mode == TwoSeries::TwoAxes} onchange={set_mode(TwoSeries::TwoAxes)} />
                        { tr(lang, "on two axes", "su due assi") }</label>
                </fieldset>
                <ChartFrame test_id="pair-series-chart" title={series.title.clone()} svg={series.svg.clone()}
                    size={series.size} summary={series.summary.clone()} data={series.data.clone()} />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_roi_core::analysis::{run, LaggedSpec, Plan};

    #[test]
    fn t_critical_values() {
        assert!((t_critical_95(10.0).unwrap() - 2.228138851986).abs() < 1e-8);
        assert!((t_critical_95(1.0).unwrap() - 12.706204736).abs() < 1e-6);
        assert!((t_critical_95(1e6).unwrap() - 1.959966).abs() < 1e-5);
        assert_eq!(t_critical_95(0.0), None);
    }

    #[test]
    fn fit_from_data_matches_the_chart_helper() {
        let x = [1.0, 2.0, 3.0, 4.0, f64::NAN, 6.0];
        let y = [2.0, 4.1, 5.9, 8.0, 100.0, 12.2];
        let f = fit_for(&x, &y, None).unwrap();
        let t = t_critical_95(3.0).unwrap();
        let g = Fit::from_points(&x, &y, t).unwrap();
        assert!((f.slope - g.slope).abs() < 1e-12 && (f.intercept - g.intercept).abs() < 1e-12);
        let (fb, gb) = (f.band.unwrap(), g.band.unwrap());
        assert!((fb.resid_se - gb.resid_se).abs() < 1e-9, "{fb:?} {gb:?}");
        assert!((fb.half_width(2.0) - gb.half_width(2.0)).abs() < 1e-9);
        assert!(fit_for(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], None).is_none());
    }

    #[test]
    fn lags_are_mirrored_or_computed() {
        let x: Vec<f64> = (0..30).map(|i| ((i * 7 % 11) as f64).sin()).collect();
        let mut y = vec![0.0, 0.0];
        y.extend(x.iter().take(28).map(|v| v * 2.0 + 1.0));
        let t = Table::from_columns(None, vec![("x", x), ("y", y)]);
        let plan = Plan {
            lagged: vec![LaggedSpec {
                x: "x".into(),
                y: "y".into(),
                max_lag: 4,
            }],
            ..Plan::default()
        };
        let r = run(&t, &plan).unwrap();
        let (pts, best) = lags_for(&r, &t, "x", "y", 4);
        assert_eq!((pts.len(), best), (9, Some(2)));
        let (mirror, mbest) = lags_for(&r, &t, "y", "x", 4);
        assert_eq!(mbest, Some(-2));
        assert_eq!(mirror.first().map(|p| p.k), Some(-4));
        let at = |v: &[LagPoint], k| v.iter().find(|p| p.k == k).and_then(|p| p.r);
        assert_eq!(at(&mirror, -2), at(&pts, 2));
        // Without a report entry: computed by the core, the same numbers.
        let bare = run(&t, &Plan::default()).unwrap();
        let (own, obest) = lags_for(&bare, &t, "x", "y", 4);
        assert_eq!(obest, Some(2));
        assert!((at(&own, 2).unwrap() - at(&pts, 2).unwrap()).abs() < 1e-12);
    }
}
