//! One numeric column drawn over time (inline SVG from plotters) with a column chooser, in the
//! shared chart frame (downloads and data table).

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::charts::format::{self, DateStyle, Locale};
use crate::charts::{self, series::SeriesData, style::ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{
    chart_height_for, use_chart_width, use_draw_stage, ChartFrame, DataTable, Drawn, Same, SameArc,
};
use crate::i18n::{tr, trs};

#[function_component(ChartView)]
pub fn chart_view() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let width = use_chart_width();
    let lang = app.lang;
    let chosen = use_state(|| None::<String>);
    let names: Vec<String> = app
        .table
        .as_ref()
        .map(|t| t.numeric_columns().map(|(n, _)| n.to_owned()).collect())
        .unwrap_or_default();
    let col = chosen
        .as_ref()
        .filter(|c| names.contains(c))
        .cloned()
        .or_else(|| names.first().cloned());
    let stage = use_draw_stage(app.table.as_ref().map_or(0, |t| t.n_rows()));
    // The passes over the rows (from a million rows, a task before the drawing's), remade only
    // when the table or the column change.
    let passes = use_memo(
        (app.table.clone().map(SameArc), col.clone(), stage >= 1),
        |(table, col, ready)| {
            let (Some(t), Some(col), true) = (table.as_ref().map(|t| &t.0), col.as_ref(), ready)
            else {
                return None;
            };
            let values = t.numbers(col).unwrap_or(&[]);
            Some(charts::series::passes(&SeriesData::single(
                col,
                t.dates(),
                values,
            )))
        },
    );
    // Redrawn only when the table, the column, the language or the width change.
    let drawn = use_memo(
        (
            app.table.clone().map(SameArc),
            col.clone(),
            lang,
            width,
            stage >= 2,
            Same(passes.clone()),
        ),
        |(table, col, lang, width, draw_now, passes)| {
            let (Some(t), Some(col)) = (table.as_ref().map(|t| &t.0), col.as_ref()) else {
                return Drawn::default();
            };
            let size = (*width, chart_height_for(*width));
            let Some(passes) = passes.0.as_ref().as_ref().filter(|_| *draw_now) else {
                return Drawn {
                    size,
                    ..Drawn::default()
                };
            };
            let (lang, loc) = (*lang, Locale::of(*lang));
            let values = t.numbers(col).unwrap_or(&[]);
            let style = ChartStyle::new(lang).with_size(size.0, size.1);
            let title = trs(
                lang,
                format!("“{col}” over time"),
                format!("«{col}» nel tempo"),
            );
            // plotters escapes all text it writes into the SVG, so column names cannot inject markup.
            let svg = charts::to_svg(size, |a| {
                let data = SeriesData::single(col, t.dates(), values);
                charts::series::draw_series_with(a, &data, Some(passes), &style)
            });
            let dates = t.dates();
            let rows = values.iter().enumerate().map(|(i, v)| {
                let when = dates
                    .and_then(|d| d.get(i))
                    .map(|d| format::date(*d, DateStyle::Iso, loc))
                    .unwrap_or_else(|| (i + 1).to_string());
                vec![when, format::sig(*v, 10, loc)]
            });
            let data = DataTable::capped(vec![tr(lang, "Date", "Data").into(), col.clone()], rows);
            let present = passes.present;
            let summary = trs(
                lang,
                format!("Line of “{col}” over {} periods ({present} with a value; gaps are missing values).", values.len()),
                format!("Linea di «{col}» in {} periodi ({present} con un valore; i vuoti sono valori mancanti).", values.len()),
            );
            Drawn {
                title: title.into(),
                svg: svg.into(),
                size,
                summary: summary.into(),
                data: Rc::new(data),
            }
        },
    );
    let Some(col) = col else { return html! {} };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    html! {
        <section class="results-part chart-view" aria-labelledby="over-time-title">
            <h3 id="over-time-title">{ tr(lang, "Each column over time", "Ogni colonna nel tempo") }</h3>
            <div class="control">
                <label for="chart-column">{ tr(lang, "Column to draw over time", "Colonna da disegnare nel tempo") }</label>
                <select id="chart-column" {onchange}>
                    { for names.iter().map(|n| html! { <option value={n.clone()} selected={*n == col}>{ n }</option> }) }
                </select>
            </div>
            <ChartFrame test_id="series-chart" title={drawn.title.clone()} svg={drawn.svg.clone()} size={drawn.size}
                summary={drawn.summary.clone()} data={drawn.data.clone()} />
        </section>
    }
}
