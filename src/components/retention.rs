//! Customer retention over time, for orders and payments exports: new vs returning customers per
//! period, the share of returning customers, repeat-purchase rate, orders per customer, the value
//! of a customer (an estimate, offered to ROI) and the cohort triangle, each chart exportable.

use std::rc::Rc;

use social_roi_core::events::Retention;
use social_roi_core::ingest::Period;
use yew::prelude::*;

use crate::browser::download::save_text;
use crate::charts::format::{self, DateStyle, Locale};
use crate::charts::retention::{
    draw_cohorts, draw_new_returning, CohortData, CohortRow, NewReturningData,
};
use crate::charts::{to_svg, ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{
    chart_height_for, use_chart_width, ChartFrame, DataTable, Drawn, Same,
};
use crate::export::{self, Dialect};
use crate::i18n::{tr, trs};

#[derive(Properties)]
pub struct Props {
    pub retention: Rc<Retention>,
    pub period: Option<Period>,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.retention, &o.retention) && self.period == o.period
    }
}

/// Share of returning customers over all periods: Σ returning / Σ customers ordering.
pub fn returning_share_overall(r: &Retention) -> Option<f64> {
    let ret: f64 = r.returning_customers.iter().sum();
    let all: f64 = ret + r.new_customers.iter().sum::<f64>();
    (all > 0.0).then(|| ret / all)
}

fn draw(r: &Retention, monthly: bool, lang: crate::charts::Lang, width: u32) -> (Drawn, Drawn) {
    let style = ChartStyle::new(lang);
    let loc = style.locale;
    let size = (width, chart_height_for(width));
    let title = tr(
        lang,
        "New and returning customers",
        "Clienti nuovi e di ritorno",
    );
    let svg = to_svg(size, |a| {
        draw_new_returning(
            a,
            &NewReturningData {
                title,
                dates: &r.periods,
                new: &r.new_customers,
                returning: &r.returning_customers,
            },
            &style,
        )
    });
    let dstyle = if monthly {
        DateStyle::MonthYear
    } else {
        DateStyle::DayMonthYear
    };
    let rows = r.periods.iter().enumerate().map(|(i, p)| {
        vec![
            format::date(*p, dstyle, loc),
            format::number(r.new_customers[i], loc),
            format::number(r.returning_customers[i], loc),
            r.returning_share[i]
                .map(|s| format::percent(s, 1, loc))
                .unwrap_or_else(|| loc.missing().into()),
        ]
    });
    let bars = Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: trs(
            lang,
            format!(
                "Stacked bars of new and returning customers in each of {} periods.",
                r.periods.len()
            ),
            format!(
                "Barre impilate dei clienti nuovi e di ritorno in ciascuno dei {} periodi.",
                r.periods.len()
            ),
        )
        .into(),
        data: Rc::new(DataTable::capped(
            vec![
                tr(lang, "Period", "Periodo").into(),
                tr(lang, "New customers", "Nuovi clienti").into(),
                tr(lang, "Returning customers", "Clienti di ritorno").into(),
                tr(lang, "Share returning", "Quota di ritorno").into(),
            ],
            rows,
        )),
    };
    let cohorts: Vec<CohortRow> = r
        .cohorts
        .iter()
        .map(|c| CohortRow {
            start: c.start,
            size: c.size,
            shares: c
                .shares
                .iter()
                .map(|&s| s.is_finite().then_some(s))
                .collect(),
        })
        .collect();
    let ctitle = tr(
        lang,
        "Cohorts: who ordered again",
        "Coorti: chi ha ordinato di nuovo",
    );
    let csize = (
        width,
        chart_height_for(width).max(120 + 22 * cohorts.len().min(36) as u32),
    );
    let csvg = to_svg(csize, |a| {
        draw_cohorts(
            a,
            &CohortData {
                title: ctitle,
                cohorts: &cohorts,
                monthly,
            },
            &style,
        )
    });
    let k = cohorts.iter().map(|c| c.shares.len()).max().unwrap_or(0);
    let mut headers = vec![
        tr(lang, "First order in", "Primo ordine in").to_owned(),
        tr(lang, "Customers", "Clienti").to_owned(),
    ];
    headers.extend((1..=k).map(|j| format!("+{j}")));
    let crows = cohorts.iter().map(|c| {
        let mut row = vec![
            format::date(c.start, dstyle, loc),
            format::integer(c.size as i64, loc),
        ];
        row.extend((0..k).map(|j| {
            c.shares
                .get(j)
                .copied()
                .flatten()
                .map(|s| format::percent(s, 1, loc))
                .unwrap_or_default()
        }));
        row
    });
    let triangle = Drawn {
        title: ctitle.into(),
        svg: csvg.into(),
        size: csize,
        summary: trs(
            lang,
            format!("Cohort triangle: for each of {} first-order periods, the share of its customers ordering again 1 to {k} periods later.", cohorts.len()),
            format!("Triangolo delle coorti: per ciascuno dei {} periodi del primo ordine, la quota dei suoi clienti che ordina di nuovo da 1 a {k} periodi dopo.", cohorts.len()),
        )
        .into(),
        data: Rc::new(DataTable::capped(
            headers,
            crows,
        )),
    };
    (bars, triangle)
}

#[function_component(RetentionView)]
pub fn retention_view(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let loc = Locale::of(lang);
    let width = use_chart_width();
    let failed = use_state(|| false);
    let monthly = props.period == Some(Period::Month);
    let drawn = use_memo(
        (Same(props.retention.clone()), monthly, lang, width),
        |(r, monthly, lang, width)| draw(&r.0, *monthly, *lang, *width),
    );
    let r = &props.retention;
    let save = |csv: fn(&Retention, Dialect) -> String, name: &'static str| {
        let (r, failed) = (props.retention.clone(), failed.clone());
        let d = if lang == crate::charts::Lang::It {
            Dialect::EXCEL_IT
        } else {
            Dialect::STANDARD
        };
        Callback::from(move |_: MouseEvent| {
            failed.set(save_text(&csv(&r, d), "text/csv;charset=utf-8", name).is_err())
        })
    };
    let pct = |v: Option<f64>| {
        v.map(|v| format::percent(v, 1, loc))
            .unwrap_or_else(|| loc.missing().into())
    };
    let figure = |id: &'static str, name: &'static str, value: String, help: &'static str| {
        html! {
            <div class="retention-figure" data-testid={format!("retention-{id}")}>
                <dt>{ name }</dt>
                <dd>{ value }</dd>
                <dd class="hint">{ help }</dd>
            </div>
        }
    };
    html! {
        <section class="results-part retention" data-testid="retention" aria-labelledby="retention-title">
            <h3 id="retention-title">{ tr(lang, "Customer retention", "Fidelizzazione dei clienti") }</h3>
            <p class="hint">{ tr(lang,
                "Customers are told apart by e-mail or customer id, in this tab's memory only; guest orders count as orders, not customers.",
                "I clienti sono distinti per e-mail o id cliente, solo nella memoria di questa scheda; gli ordini come ospite contano come ordini, non come clienti.") }</p>
            <dl class="retention-figures">
                { figure("returning-share", tr(lang, "Returning customers", "Clienti di ritorno"), pct(returning_share_overall(r)),
                    tr(lang, "of the customers ordering in a period had ordered in an earlier one", "dei clienti che ordinano in un periodo avevano già ordinato in uno precedente")) }
                { figure("repeat-rate", tr(lang, "Repeat-purchase rate", "Tasso di riacquisto"), pct(r.repeat_purchase_rate),
                    tr(lang, "of customers ordered in two or more periods", "dei clienti ha ordinato in due o più periodi")) }
                { figure("orders-per-customer", tr(lang, "Orders per customer", "Ordini per cliente"),
                    r.orders_per_customer.map(|v| format::fixed(v, 2, loc)).unwrap_or_else(|| loc.missing().into()),
                    tr(lang, "over the whole data", "su tutti i dati")) }
                { figure("value-of-customer", tr(lang, "Value of a customer (estimate)", "Valore di un cliente (stima)"),
                    r.value_of_customer.map(|v| format::fixed(v, 2, loc)).unwrap_or_else(|| loc.missing().into()),
                    tr(lang, "net revenue per customer over the data; offered to the ROI as an estimate", "ricavi netti per cliente sui dati; proposto al ROI come stima")) }
            </dl>
            <ChartFrame test_id="retention-chart" title={drawn.0.title.clone()} svg={drawn.0.svg.clone()} size={drawn.0.size}
                summary={drawn.0.summary.clone()} data={drawn.0.data.clone()} />
            <ChartFrame test_id="cohort-chart" title={drawn.1.title.clone()}
                note={AttrValue::from(tr(lang, "Each row: the customers whose first order fell in that period; each column: how many periods later; darker: a larger share ordered again.", "Ogni riga: i clienti il cui primo ordine cade in quel periodo; ogni colonna: quanti periodi dopo; più scuro: una quota maggiore ha riordinato."))}
                svg={drawn.1.svg.clone()} size={drawn.1.size} summary={drawn.1.summary.clone()} data={drawn.1.data.clone()} />
            <div class="actions">
                <button type="button" class="secondary small" data-testid="retention-csv" onclick={save(export::retention_csv, "social-roi-retention.csv")}>
                    { tr(lang, "New and returning customers (CSV)", "Clienti nuovi e di ritorno (CSV)") }</button>
                <button type="button" class="secondary small" data-testid="cohorts-csv" onclick={save(export::cohorts_csv, "social-roi-cohorts.csv")}>
                    { tr(lang, "Cohorts (CSV)", "Coorti (CSV)") }</button>
                if *failed { <span role="status">{ tr(lang, "The file could not be saved.", "Non è stato possibile salvare il file.") }</span> }
            </div>
        </section>
    }
}
