//! Return on the whole investment (the plan's `investment`/`value` model): figures as cards, the
//! investment by kind, each input marked measured or assumed, per channel, cumulative ROI over
//! time, the findings, and what-if sliders that re-evaluate the prepared inputs without re-reading
//! or re-analysing the data.

use std::rc::Rc;

use social_roi_core::analysis::invest::{
    self, findings::findings, Basis, ChannelRow, InvestmentRoi, Metric, Prepared, StreamKind,
};
use social_roi_core::analysis::Report;
use social_roi_core::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::charts::channel_bars::{draw_channel_bars, ChannelBarsData};
use crate::charts::format::{self, Locale};
use crate::charts::roi_bars::{draw_roi_bars, RoiBarsData, RoiMetric};
use crate::charts::{self, ChartStyle};
use crate::components::chart_frame::{chart_height_for, use_chart_width, ChartFrame, DataTable};
use crate::components::correlations::data_number;
use crate::i18n::{tr, trs};

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

/// Where the what-if sliders are: `None` = as in the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WhatIf {
    /// Margin in percent.
    pub margin_pct: Option<f64>,
    pub hourly_rate: Option<f64>,
    pub hours: Option<f64>,
    pub spend: Option<f64>,
}

impl WhatIf {
    /// The core's assumptions for these slider positions.
    pub fn assumptions(&self, p: &Prepared) -> invest::Assumptions {
        p.assumptions_for(
            self.margin_pct.map(|m| m / 100.0),
            self.hourly_rate,
            self.hours,
            self.spend,
        )
    }
}

/// The slider's range top for a baseline: room to try three times as much, never 0.
pub fn slider_max(base: f64, floor: f64) -> f64 {
    let top = (base * 3.0).max(floor);
    // A round number, so the steps land on round values.
    let mag = 10f64.powi(top.log10().floor() as i32);
    (top / mag).ceil() * mag
}

fn kind_name(lang: Lang, k: StreamKind) -> &'static str {
    match k {
        StreamKind::Money => tr(lang, "spend", "spesa"),
        StreamKind::Hours => tr(lang, "hours", "ore"),
        StreamKind::Fixed => tr(lang, "fixed monthly cost", "costo fisso mensile"),
        StreamKind::OneOff => tr(lang, "one-off cost", "costo una tantum"),
        StreamKind::Revenue => tr(lang, "attributed revenue", "ricavi attribuiti"),
        StreamKind::Conversions => tr(lang, "conversions", "conversioni"),
        StreamKind::Leads => tr(lang, "leads", "contatti"),
        StreamKind::NewCustomers => tr(lang, "new customers", "nuovi clienti"),
        StreamKind::NewFollowers => tr(lang, "new followers", "nuovi follower"),
    }
}

fn basis_name(lang: Lang, b: Basis) -> &'static str {
    match b {
        Basis::Measured => tr(lang, "measured", "misurato"),
        Basis::Assumed => tr(lang, "assumed", "ipotizzato"),
    }
}

/// The core's reason for a missing figure, in the page's language (the common ones).
fn reason(lang: Lang, raw: &str) -> String {
    if lang == Lang::En {
        return raw.to_owned();
    }
    let said = invest::reasons::say(raw, lang);
    if said != raw {
        return said;
    }
    // words the core's table does not know (a shortened reason): the gist
    let it = match raw {
        "the model has no attributed revenue" => "il modello non ha ricavi attribuiti",
        "no margin: break-even revenue is investment / margin" => {
            "manca il margine: i ricavi di pareggio sono investimento / margine"
        }
        "the model has no conversions" => "il modello non ha conversioni",
        "the model has no money spend" => "il modello non ha spesa in denaro",
        "no period has every input present" => "nessun periodo ha tutti i valori",
        "nothing was invested" => "nessun investimento",
        "the total investment is 0" => "l'investimento totale è 0",
        r if r.starts_with("never reached within the data") => "mai raggiunto nei dati",
        r if r.starts_with("no margin") => "manca il margine",
        r if r.contains("no new customers") || r.contains("new customers") => {
            "mancano i nuovi clienti"
        }
        r if r.contains("new followers") => "mancano i nuovi follower",
        r if r.contains("conversions") => "mancano le conversioni",
        _ => return raw.to_owned(),
    };
    it.to_owned()
}

struct Card<'a> {
    id: &'static str,
    name: &'a str,
    metric: Metric,
    text: fn(f64, &str, Locale) -> String,
}

fn money2(v: f64, cur: &str, loc: Locale) -> String {
    format::money(v, 2, cur, loc)
}

fn pct1(v: f64, _: &str, loc: Locale) -> String {
    format::percent(v, 1, loc)
}

fn times2(v: f64, _: &str, loc: Locale) -> String {
    format!("{}×", format::fixed(v, 2, loc))
}

fn cards(r: &InvestmentRoi, lang: Lang) -> Html {
    let t = &r.totals;
    let loc = Locale::of(lang);
    let cur = r.currency.clone().unwrap_or_default();
    let list = [
        Card {
            id: "roi",
            name: "ROI",
            metric: t.roi.clone(),
            text: pct1,
        },
        Card {
            id: "roas",
            name: "ROAS",
            metric: t.roas.clone(),
            text: times2,
        },
        Card {
            id: "cpa",
            name: "CPA",
            metric: t.cpa.clone(),
            text: money2,
        },
        Card {
            id: "cost-per-new-follower",
            name: tr(lang, "Cost per new follower", "Costo per nuovo follower"),
            metric: t.cost_per_new_follower.clone(),
            text: money2,
        },
        Card {
            id: "cost-per-new-customer",
            name: tr(lang, "Cost per new customer", "Costo per nuovo cliente"),
            metric: t.cost_per_new_customer.clone(),
            text: money2,
        },
        Card {
            id: "break-even",
            name: tr(lang, "Break-even revenue", "Ricavi di pareggio"),
            metric: t.break_even_revenue.clone(),
            text: money2,
        },
        Card {
            id: "max-cpa",
            name: tr(
                lang,
                "Highest CPA the value allows",
                "CPA massimo che il valore consente",
            ),
            metric: t.max_cpa.clone(),
            text: money2,
        },
    ];
    let one = |c: &Card| {
        let v = c.metric.value;
        html! {
            <div class={classes!("quick-figure", v.is_none().then_some("undefined"))} data-testid={format!("invest-{}", c.id)} data-value={data_number(v)}>
                <dt>{ c.name.to_owned() }</dt>
                <dd>{ v.map(|v| (c.text)(v, &cur, loc)).unwrap_or_else(|| loc.missing().to_owned()) }
                    if let Some(w) = c.metric.undefined_reason.as_deref() { <span class="why">{ reason(lang, w) }</span> }
                </dd>
            </div>
        }
    };
    let unit = |n: usize| {
        use social_roi_core::analysis::PeriodUnit as U;
        let one = n == 1;
        let (en, it) = match (r.period_unit, one) {
            (U::Day, true) => ("day", "giorno"),
            (U::Day, false) => ("days", "giorni"),
            (U::Week, true) => ("week", "settimana"),
            (U::Week, false) => ("weeks", "settimane"),
            (U::Month, true) => ("month", "mese"),
            (U::Month, false) => ("months", "mesi"),
            (_, true) => ("period", "periodo"),
            _ => ("periods", "periodi"),
        };
        trs(lang, format!("{n} {en}"), format!("{n} {it}"))
    };
    let payback = match (r.payback.periods, &r.payback.date) {
        (Some(n), Some(d)) => trs(
            lang,
            format!(
                "{} (from {})",
                unit(n),
                format::date(*d, format::DateStyle::DayMonthYear, loc)
            ),
            format!(
                "{} (dal {})",
                unit(n),
                format::date(*d, format::DateStyle::DayMonthYear, loc)
            ),
        ),
        (Some(n), None) => unit(n),
        _ => loc.missing().to_owned(),
    };
    html! {
        <dl class="quick-figures">
            { for list.iter().map(one) }
            <div class={classes!("quick-figure", r.payback.periods.is_none().then_some("undefined"))} data-testid="invest-payback" data-value={data_number(r.payback.periods.map(|p| p as f64))}>
                <dt>{ tr(lang, "Payback", "Rientro") }</dt>
                <dd>{ payback }
                    if let Some(w) = r.payback.undefined_reason.as_deref() { <span class="why">{ reason(lang, w) }</span> }
                </dd>
            </div>
        </dl>
    }
}

fn breakdown(r: &InvestmentRoi, lang: Lang) -> Html {
    let loc = Locale::of(lang);
    let cur = r.currency.clone().unwrap_or_default();
    let i = &r.totals.investment;
    let row = |id: &'static str, name: &'static str, v: f64| {
        html! { <tr data-testid={format!("invest-kind-{id}")} data-value={data_number(Some(v))}><th scope="row">{ name }</th><td class="num">{ format::money(v, 2, &cur, loc) }</td></tr> }
    };
    html! {
        <table class="invest-breakdown">
            <caption>{ trs(lang, format!("Investment by kind, over {} periods", r.totals.periods_used), format!("Investimento per tipo, su {} periodi", r.totals.periods_used)) }</caption>
            <tbody>
                { row("money", tr(lang, "Money (spend)", "Denaro (spesa)"), i.money) }
                { row("time", tr(lang, "Time (hours × rate)", "Tempo (ore × tariffa)"), i.time) }
                { row("fixed", tr(lang, "Fixed monthly costs", "Costi fissi mensili"), i.fixed) }
                { row("one-off", tr(lang, "One-off costs", "Costi una tantum"), i.one_off) }
                { row("total", tr(lang, "Total", "Totale"), i.total) }
            </tbody>
        </table>
    }
}

fn inputs(r: &InvestmentRoi, lang: Lang) -> Html {
    let loc = Locale::of(lang);
    let a = &r.assumptions;
    let margin = match (&a.margin, &a.margin_column) {
        (Some(m), _) => Some(format::percent(*m, 1, loc)),
        (None, Some(c)) => Some(trs(lang, format!("column {c}"), format!("colonna {c}"))),
        _ => None,
    };
    let items = r.inputs.iter().map(|i| {
        let what = i.label.clone().unwrap_or_else(|| {
            i.typed
                .map(|v| trs(lang, format!("{} per period", format::number(v, loc)), format!("{} per periodo", format::number(v, loc))))
                .unwrap_or_default()
        });
        let value_each = i.value_per.map(|v| {
            let b = i.value_basis.map(|b| basis_name(lang, b)).unwrap_or("");
            trs(lang, format!(", worth {} each ({b})", format::number(v, loc)), format!(", vale {} l'uno ({b})", format::number(v, loc)))
        });
        html! {
            <li>
                <strong>{ kind_name(lang, i.kind) }</strong>{ ": " }{ what }
                if let Some(c) = &i.channel { { format!(" [{c}]") } }
                { " — " }<span class={classes!("basis", format!("basis-{:?}", i.basis).to_lowercase())}>{ basis_name(lang, i.basis) }</span>
                { value_each.unwrap_or_default() }
            </li>
        }
    });
    html! {
        <ul class="invest-inputs" data-testid="invest-inputs">
            { for items }
            if let Some(m) = margin {
                <li><strong>{ tr(lang, "margin", "margine") }</strong>{ ": " }{ m }{ " — " }{ a.margin_basis.map(|b| basis_name(lang, b)).unwrap_or("") }</li>
            }
            if let Some(h) = a.hourly_rate {
                <li><strong>{ tr(lang, "hourly rate", "tariffa oraria") }</strong>{ ": " }{ format::number(h, loc) }{ " — " }{ basis_name(lang, Basis::Assumed) }</li>
            }
        </ul>
    }
}

/// The per-channel chart of one metric.
fn channel_chart(r: &InvestmentRoi, metric: RoiMetric, lang: Lang, width: u32) -> Html {
    let loc = Locale::of(lang);
    let cur = r.currency.clone().unwrap_or_default();
    let (name, pick): (&str, fn(&ChannelRow) -> &Metric) = match metric {
        RoiMetric::Roas => ("ROAS", |c| &c.roas),
        RoiMetric::Cpa => ("CPA", |c| &c.cpa),
        _ => ("ROI", |c| &c.roi),
    };
    let rows: Vec<(String, Option<f64>)> = r
        .per_channel
        .iter()
        .map(|c| (channel_name(lang, c), pick(c).value))
        .collect();
    let title = trs(
        lang,
        format!("{name} per channel"),
        format!("{name} per canale"),
    );
    let size = (width, chart_height_for(width).min(320));
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = ChannelBarsData {
        title: &title,
        metric,
        channels: &rows,
        currency: &cur,
    };
    let svg = charts::to_svg(size, |a| draw_channel_bars(a, &data, &style));
    let table = DataTable::capped(
        vec![tr(lang, "Channel", "Canale").into(), name.into()],
        rows.iter().map(|(c, v)| {
            vec![
                c.clone(),
                v.map(|v| metric.format(v, &cur, loc))
                    .unwrap_or_else(|| loc.missing().into()),
            ]
        }),
    );
    let summary = trs(
        lang,
        format!("{name} of each of {} channels as bars.", rows.len()),
        format!("{name} di ciascuno dei {} canali, a barre.", rows.len()),
    );
    html! {
        <ChartFrame test_id="invest-channel-chart" title={AttrValue::from(title)} svg={AttrValue::from(svg)}
            size={size} summary={AttrValue::from(summary)} data={Rc::new(table)} />
    }
}

fn channel_name(lang: Lang, c: &ChannelRow) -> String {
    c.channel
        .clone()
        .unwrap_or_else(|| tr(lang, "(no channel)", "(nessun canale)").to_owned())
}

fn channels(r: &InvestmentRoi, lang: Lang, chart: Html, switch: Html) -> Html {
    if r.per_channel.is_empty() {
        return html! {};
    }
    let loc = Locale::of(lang);
    let cur = r.currency.clone().unwrap_or_default();
    let m = |x: &Metric, f: fn(f64, &str, Locale) -> String| {
        x.value
            .map(|v| f(v, &cur, loc))
            .unwrap_or_else(|| loc.missing().to_owned())
    };
    let rows = r.per_channel.iter().map(|c| {
        let name = c
            .channel
            .clone()
            .unwrap_or_else(|| tr(lang, "(no channel)", "(nessun canale)").to_owned());
        html! {
            <tr data-testid="invest-channel" data-roi={data_number(c.roi.value)}>
                <th scope="row">{ name }</th>
                <td class="num">{ format::money(c.investment.total, 2, &cur, loc) }</td>
                <td class="num">{ m(&c.roi, pct1) }</td>
                <td class="num">{ m(&c.roas, times2) }</td>
                <td class="num">{ m(&c.cpa, money2) }</td>
            </tr>
        }
    });
    let caveat = if r.attribution_caveat.is_some() {
        tr(
            lang,
            invest::evaluate::ATTRIBUTION_CAVEAT_EN,
            invest::evaluate::ATTRIBUTION_CAVEAT_IT,
        )
    } else {
        ""
    };
    html! {
        <div class="invest-per-channel">
            <div class="table-scroll" tabindex="0" role="region" aria-label={tr(lang, "Per channel", "Per canale")}>
            <table class="invest-channels" data-testid="invest-channels">
                <caption>{ tr(lang, "Per channel", "Per canale") }</caption>
                <thead><tr>
                    <th scope="col">{ tr(lang, "Channel", "Canale") }</th>
                    <th scope="col">{ tr(lang, "Investment", "Investimento") }</th>
                    <th scope="col">{ "ROI" }</th><th scope="col">{ "ROAS" }</th><th scope="col">{ "CPA" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            </div>
            <p class="hint" data-testid="attribution-caveat">{ caveat }</p>
            { switch }
            { chart }
        </div>
    }
}

/// Cumulative ROI per period as bars (the plan's own figures: the sliders move the totals).
fn cumulative_chart(r: &InvestmentRoi, lang: Lang, width: u32) -> Html {
    if r.per_period.is_empty() || r.per_period.iter().all(|p| p.cumulative_roi.is_none()) {
        return html! {};
    }
    let loc = Locale::of(lang);
    let values: Vec<Option<f64>> = r.per_period.iter().map(|p| p.cumulative_roi).collect();
    let dates: Option<Vec<_>> = r.per_period.iter().map(|p| p.date).collect();
    let size = (width, chart_height_for(width));
    let title = tr(lang, "Cumulative ROI over time", "ROI cumulato nel tempo");
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = RoiBarsData {
        title,
        metric: RoiMetric::Roi,
        dates: dates.as_deref(),
        values: &values,
        total: r.totals.roi.value,
        break_even: true,
        currency: "",
    };
    let svg = charts::to_svg(size, |a| draw_roi_bars(a, &data, &style));
    let rows = r.per_period.iter().map(|p| {
        vec![
            p.date
                .map(|d| format::date(d, format::DateStyle::DayMonthYear, loc))
                .unwrap_or_else(|| (p.period + 1).to_string()),
            format::number(p.cumulative_investment, loc),
            p.cumulative_value
                .map(|v| format::number(v, loc))
                .unwrap_or_else(|| loc.missing().into()),
            p.cumulative_roi
                .map(|v| format::percent(v, 1, loc))
                .unwrap_or_else(|| loc.missing().into()),
        ]
    });
    let table = DataTable::capped(
        vec![
            tr(lang, "Period", "Periodo").into(),
            tr(lang, "Cumulative investment", "Investimento cumulato").into(),
            tr(lang, "Cumulative value", "Valore cumulato").into(),
            tr(lang, "Cumulative ROI", "ROI cumulato").into(),
        ],
        rows,
    );
    let summary = trs(
        lang,
        format!(
            "Cumulative ROI at the end of each of {} periods; the dashed line is break-even (0%).",
            values.len()
        ),
        format!(
            "ROI cumulato alla fine di ciascuno dei {} periodi; il tratteggio è il pareggio (0%).",
            values.len()
        ),
    );
    html! {
        <ChartFrame test_id="invest-cumulative-chart" title={AttrValue::from(title)}
            note={AttrValue::from(tr(lang, "As in the plan (the what-if moves the totals above).", "Come nel piano (il what-if sposta i totali sopra)."))}
            svg={AttrValue::from(svg)} size={size} summary={AttrValue::from(summary)} data={Rc::new(table)} />
    }
}

/// One labelled slider with its value shown.
#[allow(clippy::too_many_arguments)]
fn slider(
    id: &'static str,
    label: &str,
    value: f64,
    max: f64,
    step: f64,
    shown: String,
    on: Callback<f64>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let v = e
            .target_unchecked_into::<HtmlInputElement>()
            .value_as_number();
        if v.is_finite() {
            on.emit(v);
        }
    });
    let out = format!("{id}-value");
    html! {
        <div class="control slider">
            <label for={id}>{ label.to_owned() }{ ": " }<output id={out.clone()} for={id} data-testid={out}>{ shown }</output></label>
            <input type="range" id={id} min="0" max={max.to_string()} step={step.to_string()} value={value.to_string()} {oninput} />
        </div>
    }
}

#[function_component(InvestmentView)]
pub fn investment_view(props: &Props) -> Html {
    let app = use_context::<crate::components::app::AppContext>().expect("app context");
    let lang = app.lang;
    let loc = Locale::of(lang);
    let width = use_chart_width();
    let what_if = use_state(WhatIf::default);
    let metric = use_state(|| RoiMetric::Roi);
    // Only the totals are recomputed on a slider move, from the inputs the analysis prepared.
    let shown = use_memo(
        (
            crate::components::chart_frame::Same(props.report.clone()),
            *what_if,
        ),
        |(report, w)| match (&report.0.investment_inputs, &report.0.investment_roi) {
            (Some(p), Some(_)) if *w != WhatIf::default() => {
                Some(invest::evaluate_summary(p, &w.assumptions(p)))
            }
            _ => None,
        },
    );
    // Drawn once per report, language and width: a slider move does not redraw it.
    let chart = use_memo(
        (
            crate::components::chart_frame::Same(props.report.clone()),
            lang,
            width,
        ),
        |(report, lang, width)| match &report.0.investment_roi {
            Some(r) => cumulative_chart(r, *lang, *width),
            None => html! {},
        },
    );
    let Some(base) = props.report.investment_roi.as_ref() else {
        return html! {};
    };
    let r: &InvestmentRoi = (*shown).as_ref().unwrap_or(base);
    let found = findings(r);
    let p = props.report.investment_inputs.as_ref();
    let cur = base.currency.clone().unwrap_or_default();

    let set = |f: fn(&mut WhatIf, f64)| {
        let what_if = what_if.clone();
        Callback::from(move |v: f64| {
            let mut w = *what_if;
            f(&mut w, v);
            what_if.set(w);
        })
    };
    let sliders = p.map(|p| {
        let a = &base.assumptions;
        let margin = what_if.margin_pct.unwrap_or(a.margin.map(|m| m * 100.0).unwrap_or(30.0));
        // A margin per period (a column) has no one value to show until the slider moves.
        let margin_text = match (what_if.margin_pct, a.margin) {
            (None, None) if a.margin_column.is_some() => {
                tr(lang, "as in the data", "come nei dati").to_owned()
            }
            (None, None) => tr(lang, "not set", "non indicato").to_owned(),
            _ => format::percent(margin / 100.0, 0, loc),
        };
        let rate = what_if.hourly_rate.or(a.hourly_rate);
        let hours = what_if.hours.or(p.mean_hours());
        let spend = what_if.spend.or(p.mean_spend());
        let base_hours = p.mean_hours().unwrap_or(0.0);
        let base_spend = p.mean_spend().unwrap_or(0.0);
        let reset = {
            let what_if = what_if.clone();
            Callback::from(move |_: MouseEvent| what_if.set(WhatIf::default()))
        };
        html! {
            <fieldset class="what-if" data-testid="what-if">
                <legend>{ tr(lang, "What if…", "E se…") }</legend>
                <p class="hint">{ tr(lang,
                    "Move a slider: the figures above change at once, from the same data. Hours and spend are per period on average; the data's ups and downs are kept.",
                    "Sposta un cursore: i risultati sopra cambiano subito, sugli stessi dati. Ore e spesa sono per periodo in media; gli alti e bassi dei dati restano.") }</p>
                <div class="controls">
                    { slider("what-if-margin", tr(lang, "Margin %", "Margine %"), margin, 100.0, 1.0, margin_text, set(|w, v| w.margin_pct = Some(v))) }
                    if let Some(rate) = rate {
                        { slider("what-if-rate", tr(lang, "Hourly rate", "Tariffa oraria"), rate, slider_max(a.hourly_rate.unwrap_or(rate), 10.0), 0.5, format::money(rate, 2, &cur, loc), set(|w, v| w.hourly_rate = Some(v))) }
                    }
                    if let Some(h) = hours {
                        { slider("what-if-hours", tr(lang, "Hours per period", "Ore per periodo"), h, slider_max(base_hours, 5.0), slider_max(base_hours, 5.0) / 200.0, format::number(h, loc), set(|w, v| w.hours = Some(v))) }
                    }
                    if let Some(s) = spend {
                        { slider("what-if-spend", tr(lang, "Spend per period", "Spesa per periodo"), s, slider_max(base_spend, 10.0), slider_max(base_spend, 10.0) / 200.0, format::money(s, 2, &cur, loc), set(|w, v| w.spend = Some(v))) }
                    }
                </div>
                <button type="button" class="secondary" onclick={reset} disabled={*what_if == WhatIf::default()}>{ tr(lang, "Reset to the plan", "Torna al piano") }</button>
            </fieldset>
        }
    });
    let switch = html! {
        <fieldset class="switch">
            <legend>{ tr(lang, "Per channel, show", "Per canale, mostra") }</legend>
            { for [("roi", RoiMetric::Roi, "ROI"), ("roas", RoiMetric::Roas, "ROAS"), ("cpa", RoiMetric::Cpa, "CPA")].into_iter().map(|(id, m, label)| {
                let chosen = metric.clone();
                let onchange = Callback::from(move |_: Event| chosen.set(m));
                let rid = format!("invest-channel-{id}");
                html! {
                    <label class="inline" for={rid.clone()}>
                        <input type="radio" id={rid} name="invest-channel-metric" checked={*metric == m} {onchange} />{ label }
                    </label>
                }
            }) }
        </fieldset>
    };
    html! {
        <section class="results-part investment" data-testid="investment" aria-labelledby="investment-title">
            <h3 id="investment-title">{ tr(lang, "Return on the whole investment", "Ritorno sull'investimento complessivo") }</h3>
            <div aria-live="polite" data-testid="invest-figures">{ cards(r, lang) }</div>
            { sliders.unwrap_or_default() }
            { breakdown(r, lang) }
            <details>
                <summary>{ tr(lang, "Inputs: measured or assumed", "Dati: misurati o ipotizzati") }</summary>
                { inputs(r, lang) }
            </details>
            { channels(r, lang, channel_chart(r, *metric, lang, width), switch) }
            { (*chart).clone() }
            <ul class="invest-findings" data-testid="invest-findings">
                { for found.iter().map(|f| html! { <li>{ f.text(lang).to_owned() }</li> }) }
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slider_tops_are_round_and_leave_room() {
        assert_eq!(slider_max(25.0, 10.0), 80.0);
        assert_eq!(slider_max(0.0, 10.0), 10.0);
        assert_eq!(slider_max(333.0, 10.0), 1000.0);
        assert_eq!(slider_max(2.0, 5.0), 6.0);
    }

    #[test]
    fn the_what_if_moves_the_roi_as_the_formula_says() {
        use social_roi_core::analysis::invest::{Amount, InvestmentSpec, PeriodsSpec, ValueSpec};
        use social_roi_core::analysis::{Margin, Plan, ResamplePeriod};
        let per = |v: f64| Amount {
            per_period: Some(v),
            ..Amount::default()
        };
        let plan = Plan {
            investment: Some(InvestmentSpec {
                money: vec![per(100.0)],
                time: vec![per(10.0)],
                hourly_rate: Some(20.0),
                periods: Some(PeriodsSpec {
                    start: "2024-01-01".into(),
                    unit: ResamplePeriod::Month,
                    count: 4,
                }),
                ..InvestmentSpec::default()
            }),
            value: Some(ValueSpec {
                margin: Some(Margin::Fraction(0.4)),
                revenue: vec![per(1000.0)],
                ..ValueSpec::default()
            }),
            ..Plan::default()
        };
        let (p, base) = invest::investment_roi(None, &plan).unwrap().unwrap();
        // (1000 × 0.4 − (100 + 10 × 20)) / 300 per period, the same in total.
        assert!((base.totals.roi.value.unwrap() - 100.0 / 300.0).abs() < 1e-12);
        let w = WhatIf {
            margin_pct: Some(25.0),
            hourly_rate: Some(30.0),
            hours: Some(5.0),
            spend: Some(200.0),
        };
        let r = invest::evaluate_summary(&p, &w.assumptions(&p));
        let inv = 200.0 + 5.0 * 30.0;
        assert!((r.totals.roi.value.unwrap() - (1000.0 * 0.25 - inv) / inv).abs() < 1e-12);
        assert_eq!(
            WhatIf::default().assumptions(&p),
            invest::Assumptions::default()
        );
    }

    #[test]
    fn italian_reasons_for_the_common_cases() {
        assert_eq!(
            reason(Lang::It, "the model has no conversions"),
            "il modello non ha conversioni"
        );
        assert!(
            reason(Lang::It, "never reached within the data: after 3 periods …").starts_with("mai")
        );
        assert_eq!(reason(Lang::En, "anything"), "anything");
    }
}
