//! The ROI dashboard: ROI, ROAS, CPA and cost per new follower as cards (total, periods used, what
//! it means, the formula on demand, and why a value is missing), plus the chosen metric per
//! period as bars (`charts::roi_bars`).

use std::rc::Rc;

use social_roi_core::analysis::report::{MetricTotal, RoiReport, RoiRow, RowMetric};
use social_roi_core::analysis::{Margin, Report};
use social_roi_core::{Date, Lang};
use yew::prelude::*;

use crate::charts::format::{self, DateStyle, Locale};
use crate::charts::roi_bars::{draw_roi_bars, RoiBarsData, RoiMetric};
use crate::charts::{self, ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{
    chart_height_for, use_chart_width, use_draw_stage, ChartFrame, DataTable, Drawn, Same, SameArc,
};
use crate::components::correlations::data_number;
use crate::i18n::{tr, trs};

/// The four metrics in the order of the cards: (test id suffix, metric).
pub const METRICS: [(&str, RoiMetric); 4] = [
    ("roi", RoiMetric::Roi),
    ("roas", RoiMetric::Roas),
    ("cpa", RoiMetric::Cpa),
    ("cost_per_new_follower", RoiMetric::CostPerFollower),
];

fn name(lang: Lang, m: RoiMetric) -> &'static str {
    match m {
        RoiMetric::Roi => "ROI",
        RoiMetric::Roas => "ROAS",
        RoiMetric::Cpa => "CPA",
        RoiMetric::CostPerFollower => tr(lang, "Cost per new follower", "Costo per nuovo follower"),
    }
}

fn long_name(lang: Lang, m: RoiMetric) -> &'static str {
    match m {
        RoiMetric::Roi => tr(lang, "Return on investment", "Ritorno sull'investimento"),
        RoiMetric::Roas => tr(
            lang,
            "Return on ad spend",
            "Ritorno sulla spesa pubblicitaria",
        ),
        RoiMetric::Cpa => tr(
            lang,
            "Cost per acquisition (conversion)",
            "Costo per acquisizione (conversione)",
        ),
        RoiMetric::CostPerFollower => tr(
            lang,
            "Spend per follower gained",
            "Spesa per ogni follower guadagnato",
        ),
    }
}

pub fn total(r: &RoiReport, m: RoiMetric) -> &MetricTotal {
    match m {
        RoiMetric::Roi => &r.totals.roi,
        RoiMetric::Roas => &r.totals.roas,
        RoiMetric::Cpa => &r.totals.cpa,
        RoiMetric::CostPerFollower => &r.totals.cost_per_new_follower,
    }
}

fn formula(r: &RoiReport, m: RoiMetric) -> &'static str {
    match m {
        RoiMetric::Roi => r.formulas.roi,
        RoiMetric::Roas => r.formulas.roas,
        RoiMetric::Cpa => r.formulas.cpa,
        RoiMetric::CostPerFollower => r.formulas.cost_per_new_follower,
    }
}

/// The row metric a [`RoiMetric`] is.
fn row_metric(m: RoiMetric) -> RowMetric {
    match m {
        RoiMetric::Roi => RowMetric::Roi,
        RoiMetric::Roas => RowMetric::Roas,
        RoiMetric::Cpa => RowMetric::Cpa,
        RoiMetric::CostPerFollower => RowMetric::CostPerNewFollower,
    }
}

/// The metric's value in one period: `None` when the data lacks the metric's inputs altogether.
pub fn per_row(row: &RoiRow, m: RoiMetric) -> Option<Option<f64>> {
    row.metric(row_metric(m))
}

/// The engine's reason for a missing total, as advice in the page's language.
pub fn reason_text(lang: Lang, raw: &str) -> String {
    let (en, it) = match raw {
        "no cost column" => ("Choose the cost (spend) column in step 3.", "Scegli la colonna dei costi (spesa) al passo 3."),
        "no attributed revenue column" => ("Choose the revenue column in step 3.", "Scegli la colonna dei ricavi al passo 3."),
        "no conversions column" => ("Choose the conversions column (orders, sign-ups) in step 3.", "Scegli la colonna delle conversioni (ordini, iscrizioni) al passo 3."),
        "no followers column" => ("Choose the followers column in step 3.", "Scegli la colonna dei follower al passo 3."),
        "total cost is 0" => ("The total cost is 0: there is nothing to divide by.", "Il costo totale è 0: non c'è nulla per cui dividere."),
        "total conversions are 0" => ("There are no conversions in the periods used.", "Non ci sono conversioni nei periodi usati."),
        "total new followers are 0" => ("No new followers in the periods used.", "Nessun nuovo follower nei periodi usati."),
        "no row has every input of this metric" => ("No period has every value this metric needs.", "Nessun periodo ha tutti i valori che servono a questa metrica."),
        "no margin" => ("It needs a margin: set it in step 3.", "Serve un margine: impostalo al passo 3."),
        "ROI is undefined" => ("ROI is not available.", "Il ROI non è disponibile."),
        "no dates to measure the period" => ("There are no dates to measure the period.", "Non ci sono date per misurare il periodo."),
        "ROI of -100% or less cannot be annualised" => ("An ROI of −100% or less cannot be annualised.", "Un ROI di −100% o meno non si può annualizzare."),
        "no row has cost, revenue and margin" => ("No period has cost, revenue and margin.", "Nessun periodo ha costo, ricavi e margine."),
        "the margin is not positive" => ("The margin is not positive.", "Il margine non è positivo."),
        "the data cover less than a year" => ("The data cover less than a year: a shorter span is not put per year.", "I dati coprono meno di un anno: un periodo più breve non si riporta all'anno."),
        r if r.starts_with("the margin column holds values outside 0 to 1") => (
            "The margin column holds values outside 0 to 1: a margin is a share of the sales (0.35 for 35%). Correct the column, or set a margin in step 3.",
            "La colonna del margine ha valori fuori da 0–1: il margine è una quota delle vendite (0,35 per 35%). Correggi la colonna o imposta un margine al passo 3.",
        ),
        r if r.starts_with("no margin in the data") => (
            "ROI needs your margin (the share of revenue you keep after the cost of what you sell): set it in step 3. Until then, ROAS shows revenue per unit spent.",
            "Il ROI richiede il tuo margine (la quota dei ricavi che ti resta dopo il costo di ciò che vendi): impostalo al passo 3. Nel frattempo il ROAS mostra i ricavi per unità spesa.",
        ),
        r if r.starts_with("the plan names no ROI columns") => (
            "Choose at least the cost and the revenue columns in step 3 to see ROI and ROAS.",
            "Scegli almeno le colonne dei costi e dei ricavi al passo 3 per vedere ROI e ROAS.",
        ),
        _ => return raw.to_owned(),
    };
    tr(lang, en, it).to_owned()
}

/// One sentence saying what the total means in money ("each unit" when the currency is unknown).
fn meaning(lang: Lang, m: RoiMetric, v: f64, cur: &str) -> String {
    let loc = Locale::of(lang);
    let money = |v: f64| format::money(v, 2, cur, loc);
    let each = if cur.is_empty() {
        tr(lang, "Each unit", "Ogni unità").to_owned()
    } else {
        trs(
            lang,
            format!("Each {}", format::money(1.0, 0, cur, loc)),
            format!("Ogni {}", format::money(1.0, 0, cur, loc)),
        )
    };
    // "1 €" is masculine, "unità" feminine.
    let spent = if cur.is_empty() { "spesa" } else { "speso" };
    match m {
        RoiMetric::Roi if v >= 0.0 => trs(
            lang,
            format!(
                "{each} spent brought {} of profit after the margin.",
                money(v)
            ),
            format!(
                "{each} {spent} ha reso {} di guadagno dopo il margine.",
                money(v)
            ),
        ),
        RoiMetric::Roi => trs(
            lang,
            format!("{each} spent lost {} after the margin.", money(-v)),
            format!("{each} {spent} ha perso {} dopo il margine.", money(-v)),
        ),
        RoiMetric::Roas => trs(
            lang,
            format!("{each} spent came with {} of revenue.", money(v)),
            format!("{each} {spent} corrisponde a {} di ricavi.", money(v)),
        ),
        RoiMetric::Cpa => trs(
            lang,
            format!("One conversion cost {} on average.", money(v)),
            format!("Una conversione è costata in media {}.", money(v)),
        ),
        RoiMetric::CostPerFollower => trs(
            lang,
            format!("One new follower cost {} on average.", money(v)),
            format!("Un nuovo follower è costato in media {}.", money(v)),
        ),
    }
}

fn formula_words(lang: Lang, m: RoiMetric) -> &'static str {
    match m {
        RoiMetric::Roi => tr(
            lang,
            "(revenue × margin − cost) ÷ cost",
            "(ricavi × margine − costo) ÷ costo",
        ),
        RoiMetric::Roas => tr(lang, "revenue ÷ cost", "ricavi ÷ costo"),
        RoiMetric::Cpa => tr(lang, "cost ÷ conversions", "costo ÷ conversioni"),
        RoiMetric::CostPerFollower => tr(lang, "cost ÷ new followers", "costo ÷ nuovi follower"),
    }
}

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
}

/// By identity: comparing reports by value would scan them on every render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        crate::state::same_rc(&self.report, &other.report)
    }
}

/// One metric's bars: each bucket's mean, its first row, and how many rows have the metric.
struct Bars {
    values: Vec<Option<f64>>,
    starts: Vec<usize>,
    defined: usize,
}

/// The bars straight from the rows: a million periods are averaged into the chart's buckets (as
/// `draw_roi_bars` would) in one pass, without a copy of the metric per row first. From a
/// million rows the page makes them in a task before the drawing's (`use_draw_stage`).
fn bars(roi: &RoiReport, m: RoiMetric) -> Bars {
    let mut defined = 0usize;
    // (shown only for a metric the rows have)
    let (values, starts) = match roi.per_row.metric(row_metric(m)) {
        Some(rows) => crate::charts::thin::bucket_means(
            rows.inspect(|v| defined += usize::from(v.is_some())),
            crate::charts::thin::MAX_BARS,
        ),
        None => Default::default(),
    };
    Bars {
        values,
        starts,
        defined,
    }
}

/// The bars of one metric per period, with its data table.
fn draw_chart(
    roi: &RoiReport,
    m: RoiMetric,
    bars: &Bars,
    dates: Option<&[Date]>,
    cur: &str,
    lang: Lang,
    width: u32,
) -> Drawn {
    let loc = Locale::of(lang);
    let rows = roi.per_row.len();
    let dates = dates.filter(|d| d.len() == rows);
    let Bars {
        values,
        starts,
        defined,
    } = bars;
    let bucket_dates: Option<Vec<Date>> = dates.map(|d| starts.iter().map(|&i| d[i]).collect());
    let size = (width, chart_height_for(width));
    let title = trs(
        lang,
        format!("{} per period", name(lang, m)),
        format!("{} per periodo", name(lang, m)),
    );
    let t = total(roi, m).value;
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = RoiBarsData {
        title: &title,
        metric: m,
        dates: bucket_dates.as_deref(),
        values,
        total: t,
        break_even: true,
        currency: cur,
    };
    let svg = charts::to_svg(size, |a| draw_roi_bars(a, &data, &style));
    let total_text = t
        .map(|v| m.format(v, cur, loc))
        .unwrap_or_else(|| loc.missing().into());
    let summary = trs(
        lang,
        format!("Bars of {} in each of {rows} periods ({defined} defined); the line is the total, {total_text}.", name(lang, m)),
        format!("Barre di {} in ciascuno dei {rows} periodi ({defined} definiti); la linea è il totale, {total_text}.", name(lang, m)),
    );
    let rows = roi.per_row.iter().map(|r| {
        let v = per_row(&r, m).flatten();
        let when = dates
            .and_then(|d| d.get(r.row))
            .map(|d| format::date(*d, DateStyle::DayMonthYear, loc))
            .unwrap_or_else(|| (r.row + 1).to_string());
        vec![
            when,
            v.map(|v| m.format(v, cur, loc))
                .unwrap_or_else(|| loc.missing().into()),
        ]
    });
    let table = DataTable::capped(
        vec![tr(lang, "Period", "Periodo").into(), name(lang, m).into()],
        rows,
    );
    Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: summary.into(),
        data: Rc::new(table),
    }
}

#[function_component(RoiDashboard)]
pub fn roi_dashboard(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let width = use_chart_width();
    let chosen = use_state(|| None::<RoiMetric>);
    let lang = app.lang;
    let loc = Locale::of(lang);
    let roi_opt = props.report.roi.as_ref();
    // The currency the cost column was written in, if the file said.
    let currency: String = roi_opt
        .and_then(|roi| roi.inputs.cost.as_ref())
        .and_then(|cost| {
            app.sources
                .iter()
                .filter_map(|s| s.loaded.as_ref())
                .find_map(|l| {
                    l.report
                        .columns
                        .iter()
                        .find(|c| &c.name == cost)
                        .and_then(|c| c.currency.clone())
                })
        })
        .unwrap_or_default();
    // The per-period chart of the chosen metric (among those the data has).
    let available: Vec<(&str, RoiMetric)> = roi_opt
        .map(|roi| {
            METRICS
                .iter()
                .copied()
                // a metric is in every row or in none (`RoiRow`): the first row tells, where a
                // scan of a million rows at every re-render would not
                .filter(|(_, m)| {
                    roi.per_row
                        .first()
                        .is_some_and(|r| per_row(&r, *m).is_some())
                })
                .collect()
        })
        .unwrap_or_default();
    let metric = chosen
        .filter(|c| available.iter().any(|(_, m)| m == c))
        .or_else(|| available.first().map(|a| a.1));
    let stage = use_draw_stage(roi_opt.map_or(0, |r| r.per_row.len()));
    let bars = use_memo(
        (Same(props.report.clone()), metric, stage >= 1),
        |(report, metric, ready)| match (report.0.roi.as_ref(), metric, ready) {
            (Some(roi), Some(m), true) => Some(bars(roi, *m)),
            _ => None,
        },
    );
    let drawn = use_memo(
        (
            Same(props.report.clone()),
            metric,
            app.table.clone().map(SameArc),
            currency.clone(),
            lang,
            width,
            stage >= 2,
            Same(bars.clone()),
        ),
        |(report, metric, table, cur, lang, width, draw_now, bars)| match (
            report.0.roi.as_ref(),
            metric,
            bars.0.as_ref(),
        ) {
            _ if !draw_now => Drawn {
                size: (*width, chart_height_for(*width)),
                ..Drawn::default()
            },
            (Some(roi), Some(m), Some(b)) => draw_chart(
                roi,
                *m,
                b,
                table.as_ref().and_then(|t| t.0.dates()),
                cur,
                *lang,
                *width,
            ),
            _ => Drawn::default(),
        },
    );
    let Some(roi) = roi_opt else {
        let why = props
            .report
            .roi_absent_reason
            .as_deref()
            .map(|r| reason_text(lang, r));
        return html! {
            <section class="results-part roi" data-testid="roi" aria-labelledby="roi-title">
                <h3 id="roi-title">{ tr(lang, "Return on social spend", "Ritorno della spesa social") }</h3>
                <p class="hint">{ why.unwrap_or_else(|| tr(lang, "ROI was not computed.", "Il ROI non è stato calcolato.").to_owned()) }</p>
            </section>
        };
    };
    let cur = currency.as_str();

    let inputs = {
        let i = &roi.inputs;
        let row = |label: &'static str, v: Option<String>| match v {
            Some(v) => html! { <li>{ label }{ ": " }<code>{ v }</code></li> },
            None => html! {},
        };
        let margin = i.margin.as_ref().map(|m| match m {
            Margin::Fraction(f) => format::percent(*f, 1, loc),
            Margin::Column(c) => trs(lang, format!("column {c}"), format!("colonna {c}")),
        });
        html! {
            <ul class="roi-inputs">
                { row(tr(lang, "cost", "costo"), i.cost.clone()) }
                { row(tr(lang, "revenue", "ricavi"), i.attributed_revenue.clone()) }
                { row(tr(lang, "margin", "margine"), margin) }
                { row(tr(lang, "conversions", "conversioni"), i.conversions.clone()) }
                { row(tr(lang, "new followers", "nuovi follower"), i.new_followers.clone()) }
            </ul>
        }
    };
    let card = |(id, m): (&str, RoiMetric)| {
        let t = total(roi, m);
        let value = t.value.filter(|v| v.is_finite());
        html! {
            <article class={classes!("roi-card", value.is_none().then_some("undefined"))} data-testid={format!("roi-{id}")} data-value={data_number(value)} aria-labelledby={format!("roi-{id}-name")}>
                <h4 id={format!("roi-{id}-name")}>{ name(lang, m) }<span class="long">{ long_name(lang, m) }</span></h4>
                <p class="value">{ value.map(|v| m.format(v, cur, loc)).unwrap_or_else(|| loc.missing().to_owned()) }</p>
                if let Some(v) = value {
                    <p class="meaning">{ meaning(lang, m, v, cur) }</p>
                    <p class="rows">{ trs(lang, format!("total over {} periods", t.rows_used), format!("totale su {} periodi", t.rows_used)) }</p>
                } else {
                    <p class="why">{ t.undefined_reason.as_deref().map(|r| reason_text(lang, r)).unwrap_or_default() }</p>
                }
                <details>
                    <summary>{ tr(lang, "Formula", "Formula") }</summary>
                    <p>{ formula_words(lang, m) }</p>
                    <p><code>{ formula(roi, m) }</code></p>
                    <p class="hint">{ tr(lang,
                        "Total: the sums of the periods where every input is present, divided (not the average of the periods' ratios).",
                        "Totale: le somme dei periodi in cui ci sono tutti i valori, divise tra loro (non la media dei rapporti dei periodi).") }</p>
                </details>
            </article>
        }
    };
    let chart = metric.map(|m| {
        let note = match m.break_even() {
            Some(_) => tr(lang, "Dark line: the total. Dashed line: break-even. Gaps: periods where it cannot be computed.", "Linea scura: il totale. Tratteggio: pareggio. Spazi vuoti: periodi in cui non si può calcolare."),
            None => tr(lang, "Dark line: the total. Gaps: periods where it cannot be computed.", "Linea scura: il totale. Spazi vuoti: periodi in cui non si può calcolare."),
        };
        html! {
            <ChartFrame test_id="roi-chart" title={drawn.title.clone()} note={AttrValue::from(note)} svg={drawn.svg.clone()}
                size={drawn.size} summary={drawn.summary.clone()} data={drawn.data.clone()} />
        }
    });
    let switch = html! {
        <fieldset class="switch">
            <legend>{ tr(lang, "Show per period", "Mostra per periodo") }</legend>
            { for available.iter().map(|&(id, m)| {
                let chosen = chosen.clone();
                let onchange = Callback::from(move |_: Event| chosen.set(Some(m)));
                let rid = format!("roi-metric-{id}");
                html! {
                    <label class="inline" for={rid.clone()}>
                        <input type="radio" id={rid} name="roi-metric" checked={metric == Some(m)} {onchange} />{ name(lang, m) }
                    </label>
                }
            }) }
        </fieldset>
    };
    let extra = |label: &'static str, v: Option<String>, why: Option<&String>| {
        html! {
            <div>
                <dt>{ label }</dt>
                <dd class={classes!(v.is_none().then_some("why"))}>{ v.unwrap_or_else(|| why.map(|w| reason_text(lang, w)).unwrap_or_else(|| loc.missing().to_owned())) }</dd>
            </div>
        }
    };
    html! {
        <section class="results-part roi" data-testid="roi" aria-labelledby="roi-title">
            <h3 id="roi-title">{ tr(lang, "Return on social spend", "Ritorno della spesa social") }</h3>
            <div class="roi-cards">{ for METRICS.iter().copied().map(card) }</div>
            <dl class="roi-extra">
                { extra(tr(lang, "Total cost", "Costo totale"), roi.total_cost.map(|v| format::money(v, 2, cur, loc)), None) }
                { extra(tr(lang, "Revenue needed to break even", "Ricavi necessari per il pareggio"), roi.break_even_revenue.map(|v| format::money(v, 2, cur, loc)), roi.break_even_revenue_reason.as_ref()) }
                { extra(tr(lang, "ROI over a year at this pace", "ROI su un anno a questo ritmo"), roi.annualised_roi.map(|v| format::percent(v, 1, loc)), roi.annualised_roi_reason.as_ref()) }
            </dl>
            <details class="roi-sources">
                <summary>{ tr(lang, "Columns used", "Colonne usate") }</summary>
                { inputs }
            </details>
            if !available.is_empty() { { switch } }
            { chart.unwrap_or_default() }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_become_advice_in_both_languages() {
        let r = "no margin in the data (ROI needs a margin; the case provides none)";
        assert!(reason_text(Lang::En, r).contains("set it in step 3"));
        assert!(reason_text(Lang::It, r).contains("margine"));
        assert_eq!(
            reason_text(Lang::It, "total cost is 0"),
            "Il costo totale è 0: non c'è nulla per cui dividere."
        );
        assert_eq!(reason_text(Lang::En, "something new"), "something new");
        // the core's own reasons for a margin of 35 (35%) and a span under a year
        let weeks: Vec<social_roi_core::Date> = (0..3)
            .map(|k| social_roi_core::Date::from_days(19_723 + 7 * k))
            .collect();
        let t = |m: f64| {
            social_roi_core::Table::from_columns(
                Some(("date", weeks.clone())),
                vec![
                    ("spend", vec![10.0; 3]),
                    ("revenue", vec![50.0; 3]),
                    ("margin", vec![m; 3]),
                ],
            )
        };
        let spec = social_roi_core::analysis::RoiSpec {
            cost: Some("spend".into()),
            attributed_revenue: Some("revenue".into()),
            margin: Some(social_roi_core::analysis::Margin::Column("margin".into())),
            ..Default::default()
        };
        let r = social_roi_core::analysis::roi::roi(&t(35.0), &spec);
        let why = r.totals.roi.undefined_reason.unwrap();
        assert!(
            reason_text(Lang::It, &why).starts_with("La colonna del margine"),
            "{why}"
        );
        let r = social_roi_core::analysis::roi::roi(&t(0.35), &spec);
        let why = r.annualised_roi_reason.unwrap();
        assert!(
            reason_text(Lang::It, &why).starts_with("I dati coprono meno"),
            "{why}"
        );
    }

    #[test]
    fn meanings_read_as_money() {
        assert_eq!(
            meaning(Lang::En, RoiMetric::Roas, 18.37, "€"),
            "Each €1 spent came with €18.37 of revenue."
        );
        assert_eq!(
            meaning(Lang::It, RoiMetric::Roi, -0.2, "€"),
            "Ogni 1 € speso ha perso 0,20 € dopo il margine."
        );
        assert_eq!(
            meaning(Lang::En, RoiMetric::Cpa, 3.5, ""),
            "One conversion cost 3.50 on average."
        );
        assert_eq!(
            meaning(Lang::It, RoiMetric::Roas, 2.5, ""),
            "Ogni unità spesa corrisponde a 2,50 di ricavi."
        );
    }
}
