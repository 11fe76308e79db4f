//! The preview table: the first rows as read, with each column's detected type.

use std::rc::Rc;

use social_roi_core::ingest::Loaded;
use social_roi_core::ColumnData;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub loaded: Rc<Loaded>,
}

/// How many rows the preview shows; the analyses always use all of them.
const PREVIEW_ROWS: usize = 20;

#[function_component(Preview)]
pub fn preview(props: &Props) -> Html {
    let t = &props.loaded.table;
    let n = t.n_rows();
    let n_numeric = t.numeric_columns().count();
    let shown = n.min(PREVIEW_ROWS);
    let cell = |c: &social_roi_core::Column, i: usize| -> Html {
        match &c.data {
            ColumnData::Numeric(v) if v[i].is_nan() => html! { <td class="missing">{ "—" }</td> },
            ColumnData::Numeric(v) => html! { <td class="num">{ v[i] }</td> },
            ColumnData::Text(v) => html! { <td>{ v[i].clone().unwrap_or_default() }</td> },
        }
    };
    html! {
        <section class="step preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{ "2. Check" }</h2>
            <p class="summary">
                <span data-testid="row-count">{ n }</span>{ " data rows, " }
                <span data-testid="numeric-count">{ n_numeric }</span>{ " numeric columns" }
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Preview of the data">
                <table>
                    <thead>
                        <tr>
                            if let Some(d) = &t.date { <th scope="col">{ &d.name }<span class="type">{ "date" }</span></th> }
                            { for t.columns.iter().map(|c| html! {
                                <th scope="col">{ &c.name }<span class="type">{ if c.is_numeric() { "number" } else { "text" } }</span></th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..shown).map(|i| html! {
                            <tr>
                                if let Some(d) = &t.date { <td>{ d.values[i].to_iso() }</td> }
                                { for t.columns.iter().map(|c| cell(c, i)) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if n > shown { <p class="hint">{ format!("Showing the first {shown} of {n} rows.") }</p> }
        </section>
    }
}
