//! The frame every chart is shown in: a `<figure>` with the inline SVG (as an image with a text
//! summary), its caption, "Download SVG" / "Download PNG (2×)" buttons, and the chart's data as an
//! HTML table on demand (the text alternative of the picture).

use std::rc::Rc;
use std::sync::Arc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::download::{save_svg_as_png, save_text};
use crate::components::app::AppContext;
use crate::export::file_stem;
use crate::i18n::tr;

/// Rows shown in a chart's data table; the CSV downloads have all of them.
pub const MAX_TABLE_ROWS: usize = 1000;

/// A chart's data as rows of already formatted text (the first [`MAX_TABLE_ROWS`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows the chart has, shown or not.
    pub total_rows: usize,
}

impl DataTable {
    /// Keeps the first [`MAX_TABLE_ROWS`] rows and counts all. The rows are formatted lazily: only the
    /// kept ones are (a million-row series would otherwise format every cell it then drops).
    pub fn capped(
        headers: Vec<String>,
        rows: impl ExactSizeIterator<Item = Vec<String>>,
    ) -> DataTable {
        let total_rows = rows.len();
        DataTable::counted(headers, total_rows, rows)
    }

    /// [`DataTable::capped`] for rows whose number is known beforehand but not from the iterator.
    pub fn counted(
        headers: Vec<String>,
        total_rows: usize,
        rows: impl Iterator<Item = Vec<String>>,
    ) -> DataTable {
        DataTable {
            headers,
            rows: rows.take(MAX_TABLE_ROWS).collect(),
            total_rows,
        }
    }
}

/// A drawn chart: everything its frame shows, computed together in one memo.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawn {
    pub title: AttrValue,
    pub svg: AttrValue,
    pub size: (u32, u32),
    pub summary: AttrValue,
    pub data: Rc<DataTable>,
}

/// A shared value compared by identity, for hook dependencies: comparing a large report by value
/// on every render would cost more than the memo saves.
pub struct Same<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// [`Same`] for the table (an `Arc`).
pub struct SameArc<T: ?Sized>(pub Arc<T>);

impl<T: ?Sized> Clone for SameArc<T> {
    fn clone(&self) -> Self {
        SameArc(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for SameArc<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Chart width for the current window: the content column's width, at most [`MAX_CHART_WIDTH`].
pub fn chart_width_for(viewport: f64) -> u32 {
    // Page and panel paddings: narrower on phones (see style.css).
    let chrome = if viewport <= 640.0 { 44.0 } else { 72.0 };
    let w = (viewport.min(1152.0) - chrome)
        .clamp(f64::from(MIN_CHART_WIDTH), f64::from(MAX_CHART_WIDTH));
    // Steps of 20 px so small resizes do not redraw every chart.
    ((w / 20.0).floor() * 20.0) as u32
}

pub const MIN_CHART_WIDTH: u32 = 280;
pub const MAX_CHART_WIDTH: u32 = 960;

/// A pleasant height for a chart `width` wide: wider than tall, never too flat on phones.
pub fn chart_height_for(width: u32) -> u32 {
    ((f64::from(width) * 0.55) as u32).clamp(260, 420)
}

fn viewport_width() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0)
}

/// Rows from which a chart is drawn in the task after its section mounts (see [`use_draw_now`]).
pub const DRAW_LATER_ROWS: usize = 100_000;

/// Whether a chart over `rows` rows may be drawn in this render. From [`DRAW_LATER_ROWS`] rows on,
/// the first render (the section's mount) shows the frame only and the chart is drawn in the next
/// task: on a million rows mounting the ROI section and drawing its bars took one 60 ms task, as
/// two they stay under the 50 ms of a long task (BENCHMARKS.md). Smaller charts draw at once.
#[hook]
pub fn use_draw_now(rows: usize) -> bool {
    use_draw_stage(rows) >= 1
}

/// [`use_draw_now`] in three tasks: 0 at the section's mount (the frame only), 1 in the next task
/// (a chart's passes over its rows), 2 in the one after (drawing from them). On 2.9M rows the
/// passes and the drawing were one task of 57–64 ms. Below [`DRAW_LATER_ROWS`] rows: 2 at once.
#[hook]
pub fn use_draw_stage(rows: usize) -> u8 {
    let stage = use_state_eq(|| 0u8);
    let later = rows >= DRAW_LATER_ROWS;
    {
        let stage = stage.clone();
        use_effect_with((*stage, later), move |&(s, later)| {
            let timer = (later && s < 2)
                .then(|| gloo::timers::callback::Timeout::new(0, move || stage.set(s + 1)));
            move || drop(timer)
        });
    }
    if later {
        *stage
    } else {
        2
    }
}

/// The width charts are drawn at, following window resizes (so text stays readable on phones).
#[hook]
pub fn use_chart_width() -> u32 {
    let width = use_state_eq(|| chart_width_for(viewport_width()));
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener =
                Closure::<dyn Fn()>::new(move || width.set(chart_width_for(viewport_width())));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    *width
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `data-testid` of the figure.
    pub test_id: AttrValue,
    /// Shown as the caption's heading and used for the downloaded files' names.
    pub title: AttrValue,
    /// How to read the chart (under the title).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The SVG document (from `charts::to_svg`; plotters escapes every text it writes).
    pub svg: AttrValue,
    /// The SVG's size in CSS px (the PNG is twice that).
    pub size: (u32, u32),
    /// One-sentence summary of what the chart shows, for screen readers.
    pub summary: AttrValue,
    pub data: Rc<DataTable>,
    /// For the lag chart: the best lag, as `data-best-lag` on the figure.
    #[prop_or_default]
    pub best_lag: Option<i64>,
    /// Show `children` instead of the SVG (e.g. the interactive heatmap grid); the downloads are
    /// still the SVG.
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub replace_svg: bool,
}

#[function_component(ChartFrame)]
pub fn chart_frame(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let show_table = use_state(|| false);
    let status = use_state(|| None::<&'static str>);
    let stem = file_stem(&props.title, "chart");

    let download_svg = {
        let (svg, name, status) = (props.svg.clone(), format!("{stem}.svg"), status.clone());
        Callback::from(move |_: MouseEvent| {
            let failed = save_text(&svg, "image/svg+xml", &name).is_err();
            status.set(failed.then_some("save"));
        })
    };
    let download_png = {
        let (svg, name, status, (w, h)) = (
            props.svg.clone(),
            format!("{stem}.png"),
            status.clone(),
            props.size,
        );
        Callback::from(move |_: MouseEvent| {
            let (svg, name, status) = (svg.clone(), name.clone(), status.clone());
            status.set(Some("png-working"));
            wasm_bindgen_futures::spawn_local(async move {
                let failed = save_svg_as_png(&svg, w, h, 2, &name).await.is_err();
                status.set(failed.then_some("save"));
            });
        })
    };
    let toggle = {
        let show_table = show_table.clone();
        Callback::from(move |_: MouseEvent| show_table.set(!*show_table))
    };
    let status_text = match *status {
        Some("png-working") => tr(lang, "Preparing the PNG…", "Preparazione del PNG…"),
        Some(_) => tr(
            lang,
            "The file could not be saved.",
            "Non è stato possibile salvare il file.",
        ),
        None => "",
    };
    let table_id = format!("{}-data", props.test_id);
    let (w, h) = props.size;
    html! {
        <figure class="chart-frame" data-testid={props.test_id.clone()} data-best-lag={props.best_lag.map(|k| k.to_string())}>
            <figcaption>
                <span class="chart-title">{ props.title.clone() }</span>
                if let Some(n) = &props.note { <span class="chart-note">{ n.clone() }</span> }
            </figcaption>
            if props.replace_svg {
                { props.children.clone() }
            } else {
                <div class="chart-svg" role="img" aria-label={props.summary.clone()} style={format!("max-width:{w}px;aspect-ratio:{w}/{h}")}>
                    { Html::from_html_unchecked(props.svg.clone()) }
                </div>
            }
            <div class="chart-actions">
                <button type="button" class="secondary small" onclick={download_svg}>{ tr(lang, "Download SVG", "Scarica SVG") }</button>
                <button type="button" class="secondary small" onclick={download_png}>{ tr(lang, "Download PNG (2×)", "Scarica PNG (2×)") }</button>
                <button type="button" class="secondary small" aria-expanded={(*show_table).to_string()} aria-controls={table_id.clone()} onclick={toggle}>
                    { if *show_table { tr(lang, "Hide data table", "Nascondi la tabella dei dati") } else { tr(lang, "Show data as table", "Mostra i dati come tabella") } }
                </button>
                <span class="chart-status" role="status">{ status_text }</span>
            </div>
            if *show_table && props.data.total_rows > props.data.rows.len() {
                <p class="hint">{ crate::i18n::trs(lang,
                    format!("The first {} of {} rows; the CSV downloads have them all.", props.data.rows.len(), props.data.total_rows),
                    format!("Le prime {} di {} righe; i file CSV le contengono tutte.", props.data.rows.len(), props.data.total_rows)) }</p>
            }
            if *show_table {
                <div class="table-scroll chart-data" id={table_id} tabindex="0" role="region" aria-label={format!("{} — {}", props.title, tr(lang, "data", "dati"))}>
                    <table>
                        <caption>{ props.title.clone() }</caption>
                        <thead><tr>{ for props.data.headers.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                        <tbody>
                            { for props.data.rows.iter().map(|r| html! {
                                <tr>{ for r.iter().enumerate().map(|(i, c)| if i == 0 {
                                    html! { <th scope="row">{ c }</th> }
                                } else {
                                    html! { <td class="num">{ c }</td> }
                                }) }</tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_fit_the_content_column() {
        assert_eq!(chart_width_for(390.0), 340);
        assert_eq!(chart_width_for(360.0), 300);
        assert_eq!(chart_width_for(1280.0), MAX_CHART_WIDTH);
        assert_eq!(chart_width_for(100.0), MIN_CHART_WIDTH);
        assert_eq!(chart_height_for(340), 260);
        assert_eq!(chart_height_for(760), 418);
        assert_eq!(chart_height_for(960), 420);
    }

    #[test]
    fn data_tables_are_capped_but_counted() {
        let t = DataTable::capped(
            vec!["a".into()],
            (0..MAX_TABLE_ROWS + 5).map(|i| vec![i.to_string()]),
        );
        assert_eq!(
            (t.rows.len(), t.total_rows),
            (MAX_TABLE_ROWS, MAX_TABLE_ROWS + 5)
        );
        let a = Rc::new(1);
        assert!(Same(a.clone()) == Same(a.clone()));
        assert!(Same(a) != Same(Rc::new(1)));
    }
}
