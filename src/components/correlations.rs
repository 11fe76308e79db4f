//! Correspondences: the correlation matrix as an accessible grid (a table of buttons), with the
//! Pearson / Spearman / Kendall and levels / changes switches; each cell tells r, p, the
//! Benjamini–Hochberg adjusted p and n, cells not significant after BH are muted, and a cell opens
//! the pair's detail. The same matrix downloads as a picture (`charts::heatmap`).

use std::rc::Rc;

use plotters::style::RGBColor;
use social_roi_core::analysis::report::CorrelationEntry;
use social_roi_core::analysis::Report;
use social_roi_core::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::charts::format::{self, Locale};
use crate::charts::heatmap::{cell_colors, diverging, draw_heatmap, HeatCell, HeatmapData};
use crate::charts::{self, ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{use_chart_width, ChartFrame, DataTable, Drawn, Same};
use crate::i18n::{tr, trs};
use crate::state::{Action, Basis, Kendall, Method};

/// Significance level for "significant after Benjamini–Hochberg".
pub const ALPHA: f64 = 0.05;

/// The coefficient's symbol: r, ρ, τ.
pub fn symbol(m: Method) -> &'static str {
    match m {
        Method::Pearson => "r",
        Method::Spearman => "ρ",
        Method::Kendall => "τ",
    }
}

/// (coefficient, p, BH-adjusted p) of one method.
pub fn method_values(c: &CorrelationEntry, m: Method) -> (Option<f64>, Option<f64>, Option<f64>) {
    match m {
        Method::Pearson => (c.pearson.r, c.pearson.p, c.pearson.p_bh),
        Method::Spearman => (c.spearman.rho, c.spearman.p, c.spearman.p_bh),
        Method::Kendall => (c.kendall.tau_b, c.kendall.p, c.kendall.p_bh),
    }
}

/// A p-value for people: `< 0.001` below a thousandth, else 3 decimals; "n/a" when undefined.
pub fn p_text(p: Option<f64>, loc: Locale) -> String {
    match p.filter(|p| p.is_finite()) {
        Some(p) if p < 0.001 => format!("< {}", format::fixed(0.001, 3, loc)),
        Some(p) => format::fixed(p, 3, loc),
        None => loc.missing().to_owned(),
    }
}

/// The entry for a pair in either order.
pub fn find_entry<'a>(report: &'a Report, a: &str, b: &str) -> Option<&'a CorrelationEntry> {
    report
        .correlations
        .iter()
        .find(|c| (c.x == a && c.y == b) || (c.x == b && c.y == a))
}

/// Why a pair's correlation is undefined, in the page's language.
pub fn reason_text(lang: Lang, c: &CorrelationEntry) -> String {
    let raw = c.undefined_reason.as_deref().unwrap_or("");
    let n = c.n;
    if raw.starts_with("n=") {
        return trs(
            lang,
            format!("only {n} rows have both values; at least 2 are needed"),
            format!("solo {n} righe hanno entrambi i valori; ne servono almeno 2"),
        );
    }
    let constant = if raw.starts_with("x is constant") {
        Some(&c.x)
    } else if raw.starts_with("y is constant") {
        Some(&c.y)
    } else {
        None
    };
    match constant {
        Some(col) => trs(
            lang,
            format!("“{col}” never changes over the {n} rows with both values, so it cannot move with anything"),
            format!("«{col}» non cambia mai nelle {n} righe con entrambi i valori, quindi non può variare con nulla"),
        ),
        None if raw.is_empty() => tr(lang, "not defined for these values", "non definita per questi valori").to_owned(),
        None => raw.to_owned(),
    }
}

/// The pair in the orientation the analysis uses (driver first, the business result second), so
/// lags read "x leads y" as in the findings.
pub fn oriented(report: &Report, target: Option<&str>, a: &str, b: &str) -> (String, String) {
    let flip = if report.lagged.iter().any(|l| l.x == a && l.y == b) {
        false
    } else if report.lagged.iter().any(|l| l.x == b && l.y == a) {
        true
    } else {
        target == Some(a)
    };
    if flip {
        (b.to_owned(), a.to_owned())
    } else {
        (a.to_owned(), b.to_owned())
    }
}

/// Method and basis in words, e.g. "Pearson r, levels".
pub fn method_label(lang: Lang, m: Method, b: Basis) -> String {
    let name = match m {
        Method::Pearson => "Pearson r",
        Method::Spearman => "Spearman ρ",
        Method::Kendall => "Kendall τ",
    };
    let basis = match b {
        Basis::Levels => tr(lang, "levels", "livelli"),
        Basis::Changes => tr(lang, "changes", "variazioni"),
    };
    format!("{name}, {basis}")
}

fn css(c: RGBColor) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

/// Full-precision text for `data-*` attributes (empty when undefined).
pub fn data_number(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// What one cell says to screen readers and in its tooltip.
fn cell_label(lang: Lang, m: Method, x: &str, y: &str, c: Option<&CorrelationEntry>) -> String {
    let loc = Locale::of(lang);
    let Some(c) = c else {
        return trs(
            lang,
            format!("“{y}” and “{x}”: not computed"),
            format!("«{y}» e «{x}»: non calcolata"),
        );
    };
    let (v, p, q) = method_values(c, m);
    match v.filter(|v| v.is_finite()) {
        None => trs(
            lang,
            format!("“{y}” and “{x}”: undefined, {}", reason_text(lang, c)),
            format!("«{y}» e «{x}»: non definita, {}", reason_text(lang, c)),
        ),
        Some(v) => {
            let sig = q.is_some_and(|q| q < ALPHA);
            let s = symbol(m);
            let (vt, pt, qt) = (format::fixed(v, 2, loc), p_text(p, loc), p_text(q, loc));
            let n = c.n;
            trs(
                lang,
                format!(
                    "“{y}” and “{x}”: {s} = {vt}, p {}, Benjamini–Hochberg adjusted p {}, n = {n}. {}",
                    eq(&pt),
                    eq(&qt),
                    if sig { "Significant." } else { "Not significant after the correction." }
                ),
                format!(
                    "«{y}» e «{x}»: {s} = {vt}, p {}, p corretto Benjamini–Hochberg {}, n = {n}. {}",
                    eq(&pt),
                    eq(&qt),
                    if sig { "Significativa." } else { "Non significativa dopo la correzione." }
                ),
            )
        }
    }
}

/// "= 0.012" or "< 0.001".
fn eq(p: &str) -> String {
    if p.starts_with('<') {
        p.to_owned()
    } else {
        format!("= {p}")
    }
}

/// Moves keyboard focus to the next cell button in a direction, skipping the diagonal.
fn focus_step(i: usize, j: usize, k: usize, di: i64, dj: i64) {
    let (mut a, mut b) = (i as i64, j as i64);
    loop {
        a += di;
        b += dj;
        if a < 0 || b < 0 || a >= k as i64 || b >= k as i64 {
            return;
        }
        if a != b {
            break;
        }
    }
    let el = gloo::utils::document().get_element_by_id(&format!("hm-{a}-{b}"));
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The matrix's cells row by row (row i, column j at `i * k + j`); the diagonal is 1.
fn heat_cells(report: &Report, names: &[String], method: Method) -> Vec<HeatCell> {
    let k = names.len();
    (0..k * k)
        .map(|ij| {
            let (i, j) = (ij / k, ij % k);
            if i == j {
                return HeatCell {
                    r: Some(1.0),
                    significant: true,
                };
            }
            let c = find_entry(report, &names[i], &names[j]);
            let (v, _, q) = c
                .map(|c| method_values(c, method))
                .unwrap_or((None, None, None));
            HeatCell {
                r: v,
                significant: q.is_some_and(|q| q < ALPHA),
            }
        })
        .collect()
}

/// The heatmap picture for downloads, with its data table and summary.
fn draw_matrix(
    report: &Report,
    names: &[String],
    method: Method,
    basis: Basis,
    lang: Lang,
    width: u32,
) -> Drawn {
    let loc = Locale::of(lang);
    let k = names.len();
    let label = method_label(lang, method, basis);
    let size = (width, ((f64::from(width) * 0.8) as u32).clamp(300, 600));
    let title = trs(
        lang,
        format!("Correlations ({label})"),
        format!("Correlazioni ({label})"),
    );
    let cells = heat_cells(report, names, method);
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = HeatmapData {
        title: &title,
        names: &name_refs,
        cells: &cells,
    };
    let svg = charts::to_svg(size, |a| draw_heatmap(a, &data, &style));
    let headers = vec![
        "x".into(),
        "y".into(),
        "n".into(),
        symbol(method).into(),
        "p".into(),
        tr(lang, "BH-adjusted p", "p corretto BH").into(),
    ];
    let rows = report.correlations.iter().map(|c| {
        let (v, p, q) = method_values(c, method);
        vec![
            c.x.clone(),
            c.y.clone(),
            c.n.to_string(),
            v.map(|v| format::fixed(v, 3, loc))
                .unwrap_or_else(|| reason_text(lang, c)),
            p_text(p, loc),
            p_text(q, loc),
        ]
    });
    let table = DataTable::capped(headers, rows);
    let pairs = report.correlations.len();
    let significant = report
        .correlations
        .iter()
        .filter(|c| method_values(c, method).2.is_some_and(|q| q < ALPHA))
        .count();
    let summary = trs(
        lang,
        format!("Correlation matrix of {k} columns ({label}): {significant} of {pairs} pairs significant after Benjamini–Hochberg."),
        format!("Matrice delle correlazioni di {k} colonne ({label}): {significant} coppie su {pairs} significative dopo Benjamini–Hochberg."),
    );
    Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: summary.into(),
        data: Rc::new(table),
    }
}

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    /// The same analysis over first differences ("changes"), when there were enough rows.
    #[prop_or_default]
    pub changes: Option<Rc<Report>>,
    /// Kendall's tau of the levels, when it comes after the report.
    #[prop_or_default]
    pub kendall: Kendall,
}

/// By identity: comparing reports by value would scan them on every render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        crate::state::same_rc(&self.report, &other.report)
            && crate::state::same_opt_rc(&self.changes, &other.changes)
            && self.kendall == other.kendall
    }
}

#[function_component(Correlations)]
pub fn correlations(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let width = use_chart_width();
    let lang = app.lang;
    let reanalyse = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(crate::state::Action::Reanalyse))
    };
    let loc = Locale::of(lang);
    let method = app.method;
    let basis = if props.changes.is_some() {
        app.basis
    } else {
        Basis::Levels
    };
    let report: Rc<Report> = match (basis, &props.changes) {
        (Basis::Changes, Some(c)) => c.clone(),
        // Pearson's and Spearman's values are the same in both: no redraw when Kendall's come.
        _ if method == Method::Kendall => props.kendall.correlations_of(&props.report),
        _ => props.report.clone(),
    };
    // Kendall's tau of the levels not counted (yet): no grid of placeholders.
    let no_kendall = (method == Method::Kendall && basis == Basis::Levels)
        .then_some(&props.kendall)
        .filter(|k| matches!(k, Kendall::Pending | Kendall::Unavailable));
    let names: Vec<String> = props
        .report
        .descriptives
        .iter()
        .map(|(n, _)| n.clone())
        .collect();
    let k = names.len();
    let target = app.plan.target.as_ref().map(|t| t.column.clone());

    let set_method = |m: Method| {
        let app = app.clone();
        Callback::from(move |_: Event| app.dispatch(Action::SetMethod(m)))
    };
    let set_basis = |b: Basis| {
        let app = app.clone();
        Callback::from(move |_: Event| app.dispatch(Action::SetBasis(b)))
    };
    let open = |x: &str, y: &str| {
        let (app, levels, target) = (app.clone(), props.report.clone(), target.clone());
        let (x, y) = (x.to_owned(), y.to_owned());
        Callback::from(move |_: MouseEvent| {
            app.dispatch(Action::OpenPair(Some(oriented(
                &levels,
                target.as_deref(),
                &x,
                &y,
            ))))
        })
    };

    let label = method_label(lang, method, basis);
    let heat_cells = heat_cells(&report, &names, method);

    // The grid: rows are y, columns are x.
    let head = html! {
        <tr>
            <td class="corner"></td>
            { for names.iter().map(|n| html! { <th scope="col" class="col-head"><span title={n.clone()}>{ n }</span></th> }) }
        </tr>
    };
    let body_rows = names.iter().enumerate().map(|(i, y)| {
        let cells = names.iter().enumerate().map(|(j, x)| {
            if i == j {
                return html! { <td class="diag"><span aria-hidden="true">{ "—" }</span></td> };
            }
            let c = find_entry(&report, x, y);
            let cell = heat_cells[i * k + j];
            let (fill, ink) = cell_colors(&cell);
            let (v, p, _) = c.map(|c| method_values(c, method)).unwrap_or((None, None, None));
            let text = v.filter(|v| v.is_finite()).map(|v| format::fixed(v, 2, loc)).unwrap_or_else(|| loc.missing().to_owned());
            let defined = v.is_some_and(f64::is_finite);
            let muted = defined && !cell.significant;
            let aria = cell_label(lang, method, x, y, c);
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                let (di, dj) = match e.key().as_str() {
                    "ArrowUp" => (-1, 0),
                    "ArrowDown" => (1, 0),
                    "ArrowLeft" => (0, -1),
                    "ArrowRight" => (0, 1),
                    _ => return,
                };
                e.prevent_default();
                focus_step(i, j, k, di, dj);
            });
            html! {
                <td class={classes!("cell", muted.then_some("muted"), (!defined).then_some("undefined"))}>
                    <button type="button" id={format!("hm-{i}-{j}")}
                        style={format!("background:{};color:{}", css(fill), css(ink))}
                        data-x={x.clone()} data-y={y.clone()}
                        data-r={data_number(v)} data-p={data_number(p)}
                        aria-label={aria.clone()} title={aria}
                        onclick={open(x, y)} {onkeydown}>
                        { text }
                    </button>
                </td>
            }
        });
        html! { <tr><th scope="row" class="row-head" title={y.clone()}>{ y }</th>{ for cells }</tr> }
    });

    let grid = html! {
        <div class="heatmap-wrap">
            <div class="table-scroll heatmap-scroll" role="region" tabindex="0" aria-label={tr(lang, "Correlation matrix", "Matrice delle correlazioni")}>
                <table class="heatmap" data-testid="heatmap" data-method={format!("{method:?}").to_ascii_lowercase()} data-basis={format!("{basis:?}").to_ascii_lowercase()}>
                    <caption class="visually-hidden">{ trs(lang, format!("Correlations ({label}); rows and columns are the numeric columns"), format!("Correlazioni ({label}); righe e colonne sono le colonne numeriche")) }</caption>
                    <thead>{ head }</thead>
                    <tbody>{ for body_rows }</tbody>
                </table>
            </div>
            <div class="heat-legend" aria-hidden="true">
                <span>{ "−1" }</span>
                <span class="heat-scale" style={format!("background:linear-gradient(to right,{},{},{})", css(diverging(-1.0)), css(diverging(0.0)), css(diverging(1.0)))}></span>
                <span>{ "+1" }</span>
            </div>
            <p class="hint">{ tr(lang,
                "Blue: they move in opposite directions; orange: they move together; the stronger the colour, the closer the link. Pale italic cells are not significant once the Benjamini–Hochberg correction for testing many pairs is applied. “n/a”: not computable (the reason is in the cell's description). Use the arrow keys to move between cells.",
                "Blu: si muovono in direzioni opposte; arancione: si muovono insieme; più il colore è intenso, più il legame è stretto. Le celle chiare in corsivo non sono significative dopo la correzione di Benjamini–Hochberg per i molti confronti. «n.d.»: non calcolabile (il motivo è nella descrizione della cella). Usa le frecce per spostarti tra le celle.") }</p>
        </div>
    };

    // The picture for downloads, redrawn only when what it shows changes.
    let drawn = use_memo(
        (
            Same(report.clone()),
            names.clone(),
            method,
            basis,
            lang,
            width,
        ),
        |(report, names, method, basis, lang, width)| {
            draw_matrix(&report.0, names, *method, *basis, *lang, *width)
        },
    );

    let radio = |name: &'static str,
                 id: &'static str,
                 checked: bool,
                 onchange: Callback<Event>,
                 label: &'static str,
                 disabled: bool| {
        html! {
            <label class="inline" for={id}>
                <input type="radio" {id} {name} {checked} {onchange} {disabled} />{ label }
            </label>
        }
    };
    html! {
        <section class="results-part correlations" aria-labelledby="corr-title">
            <h3 id="corr-title">{ tr(lang, "What moves together", "Cosa si muove insieme") }</h3>
            <p class="hint">{ tr(lang,
                "Each cell shows how two columns move together, from −1 (opposite) to +1 (together); 0 means no straight-line link. Choose a cell to see the pair in detail.",
                "Ogni cella mostra quanto due colonne si muovono insieme, da −1 (in opposizione) a +1 (insieme); 0 significa nessun legame lineare. Scegli una cella per vedere la coppia in dettaglio.") }</p>
            <div class="controls">
                <fieldset class="switch">
                    <legend>{ tr(lang, "Measure", "Misura") }</legend>
                    { radio("corr-method", "corr-pearson", method == Method::Pearson, set_method(Method::Pearson), tr(lang, "Pearson (straight line)", "Pearson (lineare)"), false) }
                    { radio("corr-method", "corr-spearman", method == Method::Spearman, set_method(Method::Spearman), tr(lang, "Spearman (ranks)", "Spearman (ranghi)"), false) }
                    { radio("corr-method", "corr-kendall", method == Method::Kendall, set_method(Method::Kendall), tr(lang, "Kendall (pairs in order)", "Kendall (coppie concordi)"), false) }
                </fieldset>
                <fieldset class="switch">
                    <legend>{ tr(lang, "Compare", "Confronta") }</legend>
                    { radio("corr-basis", "corr-levels", basis == Basis::Levels, set_basis(Basis::Levels), tr(lang, "levels (the values)", "livelli (i valori)"), false) }
                    { radio("corr-basis", "corr-changes", basis == Basis::Changes, set_basis(Basis::Changes), tr(lang, "changes (period to period)", "variazioni (da un periodo all'altro)"), props.changes.is_none()) }
                </fieldset>
            </div>
            if props.changes.is_none() && app.analysis.changes_pending.is_some() {
                <p class="hint">{ tr(lang, "The period-to-period changes are being computed…", "Le variazioni da un periodo all'altro sono in calcolo…") }</p>
            } else if props.changes.is_none() {
                <p class="hint">{ tr(lang, "Changes need at least 3 rows.", "Le variazioni richiedono almeno 3 righe.") }</p>
            }
            if basis == Basis::Changes {
                <p class="notice">{ tr(lang,
                    "Changes: each value minus the previous period's. Two series that only share a trend (both grow over time) correlate on levels but not on changes.",
                    "Variazioni: ogni valore meno quello del periodo precedente. Due serie che hanno solo una tendenza comune (crescono entrambe) sono correlate sui livelli ma non sulle variazioni.") }</p>
            }
            if k < 2 {
                <p class="hint">{ tr(lang, "At least two numeric columns are needed.", "Servono almeno due colonne numeriche.") }</p>
            } else if let Some(Kendall::Pending) = no_kendall {
                <p class="hint" role="status" data-testid="kendall-pending">{ tr(lang,
                    "Kendall's τ is still being counted (the findings do not use it). Pearson and Spearman are ready above.",
                    "Il τ di Kendall è ancora in calcolo (i risultati principali non lo usano). Pearson e Spearman sono già pronti qui sopra.") }</p>
            } else if no_kendall.is_some() {
                <p class="hint" data-testid="kendall-unavailable">{ tr(lang,
                    "Kendall's τ was not counted: the analysis stopped before it. Pearson and Spearman above are complete.",
                    "Il τ di Kendall non è stato calcolato: l'analisi si è fermata prima. Pearson e Spearman qui sopra sono completi.") }</p>
                <button type="button" class="secondary" onclick={reanalyse.clone()}>{ tr(lang, "Analyse again", "Analizza di nuovo") }</button>
            } else {
                <ChartFrame test_id="heatmap-chart" title={drawn.title.clone()} svg={drawn.svg.clone()} size={drawn.size}
                    summary={drawn.summary.clone()} data={drawn.data.clone()} replace_svg=true>
                    { grid }
                </ChartFrame>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_roi_core::analysis::{run, LaggedSpec, Plan};
    use social_roi_core::Table;

    fn report() -> Report {
        let t = Table::from_columns(
            None,
            vec![
                ("a", vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
                ("b", vec![2.0, 1.0, 4.0, 3.0, 6.0, 5.0]),
                ("c", vec![7.0; 6]),
            ],
        );
        let plan = Plan {
            lagged: vec![LaggedSpec {
                x: "b".into(),
                y: "a".into(),
                max_lag: 1,
            }],
            ..Plan::default()
        };
        run(&t, &plan).unwrap()
    }

    #[test]
    fn pairs_open_in_the_analysis_orientation() {
        let r = report();
        assert_eq!(oriented(&r, None, "a", "b"), ("b".into(), "a".into()));
        assert_eq!(oriented(&r, None, "b", "a"), ("b".into(), "a".into()));
        assert_eq!(oriented(&r, Some("a"), "a", "c"), ("c".into(), "a".into()));
        assert_eq!(oriented(&r, None, "a", "c"), ("a".into(), "c".into()));
    }

    #[test]
    fn undefined_pairs_say_why_in_both_languages() {
        let r = report();
        let c = find_entry(&r, "c", "a").unwrap();
        assert!(c.pearson.r.is_none());
        assert!(reason_text(Lang::En, c).contains("“c” never changes over the 6 rows"));
        assert!(reason_text(Lang::It, c).contains("«c» non cambia mai"));
        let label = cell_label(Lang::En, Method::Pearson, "a", "c", Some(c));
        assert!(label.contains("undefined"), "{label}");
    }

    #[test]
    fn cell_labels_give_r_p_bh_and_n() {
        let r = report();
        let c = find_entry(&r, "a", "b").unwrap();
        let en = cell_label(Lang::En, Method::Pearson, "a", "b", Some(c));
        assert!(
            en.contains("r = 0.83") && en.contains("adjusted p") && en.contains("n = 6"),
            "{en}"
        );
        let it = cell_label(Lang::It, Method::Spearman, "a", "b", Some(c));
        assert!(it.contains("ρ = 0,83") && it.contains("p corretto"), "{it}");
        assert_eq!(p_text(Some(0.0004), Locale::IT), "< 0,001");
        assert_eq!(p_text(Some(0.0234), Locale::EN), "0.023");
        assert_eq!(p_text(None, Locale::IT), "n.d.");
        assert_eq!(data_number(Some(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(data_number(Some(f64::NAN)), "");
    }
}
