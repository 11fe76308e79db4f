//! A chosen numeric column drawn over time with plotters (as inline SVG).

use std::rc::Rc;

use social_roi_core::ingest::Loaded;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::charts;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub loaded: Rc<Loaded>,
    pub column: Option<String>,
    pub on_choose: Callback<String>,
}

#[function_component(ChartView)]
pub fn chart_view(props: &Props) -> Html {
    let t = &props.loaded.table;
    let names: Vec<String> = t.numeric_columns().map(|(n, _)| n.to_owned()).collect();
    let Some(col) = props.column.clone().filter(|c| t.numbers(c).is_some()) else {
        return html! {};
    };
    let values = t.numbers(&col).unwrap_or(&[]);
    // plotters escapes all text it writes into the SVG, so column names cannot inject markup.
    let svg = charts::to_svg((720, 360), |a| {
        charts::series::draw_series(
            a,
            &charts::series::SeriesData::single(&col, t.dates(), values),
            &charts::ChartStyle::default(),
        )
    });
    let onchange = {
        let cb = props.on_choose.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <section class="step chart" aria-labelledby="chart-title">
            <h2 id="chart-title">{ "3. Over time" }</h2>
            <label for="chart-column">{ "Column to draw" }</label>
            <select id="chart-column" {onchange}>
                { for names.iter().map(|n| html! { <option value={n.clone()} selected={*n == col}>{ n }</option> }) }
            </select>
            <figure class="chart-figure" data-testid="series-chart">
                { Html::from_html_unchecked(AttrValue::from(svg)) }
                <figcaption>{ format!("{col} over time") }</figcaption>
            </figure>
        </section>
    }
}
