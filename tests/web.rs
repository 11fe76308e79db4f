//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real DOM can show.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A page saved after use carries the rendered app inside `#app`; mounting must replace it so the
/// reopened page shows one app, not two.
#[wasm_bindgen_test]
async fn mounting_replaces_what_a_saved_page_left_in_the_root() {
    // Only our own element: the test runner reports through other elements of the page.
    let doc = gloo::utils::document();
    let body = doc.body().unwrap();
    let saved = doc.create_element("div").unwrap();
    saved.set_id("app");
    saved.set_inner_html(r#"<main class="app"><h1>stale copy</h1></main>"#);
    body.append_child(&saved).unwrap();
    social_roi::run();
    TimeoutFuture::new(100).await;
    assert_eq!(doc.query_selector_all("#app").unwrap().length(), 1);
    assert_eq!(doc.query_selector_all("main.app").unwrap().length(), 1);
    let app = doc.get_element_by_id("app").unwrap();
    assert!(!app.inner_html().contains("stale copy"));
    assert!(app.inner_html().contains("Social ROI"));
    app.remove();
}

/// plotters measures text through the browser in wasm; the chart must still come out as SVG.
#[wasm_bindgen_test]
fn charts_render_to_svg_with_the_browser_font_backend() {
    let dates: Vec<_> = (0..10)
        .map(|i| social_roi_core::Date::from_days(19_000 + 7 * i))
        .collect();
    let values: Vec<f64> = (0..10).map(|i| (i * i) as f64).collect();
    let data = social_roi::charts::series::SeriesData::single("sessions", Some(&dates), &values);
    let style = social_roi::charts::style::ChartStyle::default();
    let svg = social_roi::charts::to_svg((400, 200), |a| {
        social_roi::charts::series::draw_series(a, &data, &style)
    });
    assert!(svg.contains("<polyline"), "{svg}");
    assert!(svg.contains("sessions"), "the title is drawn: {svg}");
    // Axis labels were laid out with the browser's text metrics (several tick labels).
    assert!(svg.matches("<text").count() > 5, "{svg}");
}

/// The sliced runner finishes long work across many browser tasks, reports progress, and a
/// cancelled task never reports a result.
#[wasm_bindgen_test]
async fn sliced_work_completes_and_cancel_stops_it() {
    use social_roi::browser::tasks::{run_sliced, CancelToken, Slice};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    // A real read of a reference file, in small steps as the page does.
    let bytes = include_bytes!("fixtures/weekly_marketing_iso_csv/input.csv").to_vec();
    let mut job =
        social_roi_core::ingest::ReadJob::new("weekly.csv".into(), bytes, Default::default());
    let rows = Rc::new(Cell::new(0usize));
    let progress = Rc::new(RefCell::new(Vec::new()));
    let slices = Rc::new(Cell::new(0usize));
    let (rows2, progress2, slices2) = (rows.clone(), progress.clone(), slices.clone());
    run_sliced(
        move || {
            slices2.set(slices2.get() + 1);
            match job.step(97) {
                Ok(Some(l)) => Slice::Done(l.table.n_rows()),
                Ok(None) => Slice::Continue(job.progress()),
                Err(_) => Slice::Done(0),
            }
        },
        move |p| progress2.borrow_mut().push(p),
        move |n| rows2.set(n),
        CancelToken::default(),
    );
    for _ in 0..200 {
        if rows.get() > 0 {
            break;
        }
        TimeoutFuture::new(10).await;
    }
    assert_eq!(rows.get(), 104);
    let p: Vec<f64> = progress.borrow().clone();
    assert!(slices.get() > 10, "many slices: {}", slices.get());
    // Progress is reported (the first slice at least) but throttled, not once per slice.
    assert!(
        !p.is_empty() && p.len() < slices.get(),
        "{} reports for {} slices",
        p.len(),
        slices.get()
    );
    assert!(
        p.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back"
    );

    let done = Rc::new(Cell::new(false));
    let done2 = done.clone();
    let token = CancelToken::default();
    let mut n = 0u32;
    run_sliced(
        move || {
            n += 1;
            if n < 1_000_000 {
                Slice::Continue(0.0)
            } else {
                Slice::Done(())
            }
        },
        |_| {},
        move |_| done2.set(true),
        token.clone(),
    );
    TimeoutFuture::new(20).await;
    token.cancel();
    TimeoutFuture::new(50).await;
    assert!(!done.get(), "a cancelled task reports nothing");
}

/// What "remember on this device" writes reads back the same, and "forget" removes it.
#[wasm_bindgen_test]
fn remembered_data_round_trips_through_local_storage() {
    use social_roi::browser::storage;
    let r = storage::Remembered {
        lang: social_roi_core::Lang::It,
        pasted: "data;spesa\n01/01/2024;1,5\n".into(),
        sources: vec![storage::StoredSource {
            name: "a.xlsx".into(),
            data: storage::base64_encode(&[0, 1, 2, 255]),
            options: Default::default(),
        }],
        plan: Some(social_roi_core::Plan::default()),
        inputs_dropped: false,
    };
    let stored = storage::save(r.clone()).unwrap();
    assert_eq!(stored, r);
    assert_eq!(storage::load(), Some(r));
    storage::forget();
    assert_eq!(storage::load(), None);
}

#[derive(yew::Properties, PartialEq)]
struct FieldHost {
    value: yew::AttrValue,
    /// Changes to re-render the host without changing the field's committed value.
    tick: u32,
}

#[yew::function_component]
fn Host(p: &FieldHost) -> yew::Html {
    use social_roi::components::field::Field;
    yew::html! {
        <div data-tick={p.tick.to_string()}>
            <Field id="web-field" value={p.value.clone()} onchange={yew::Callback::noop()} />
        </div>
    }
}

/// Text being typed survives a re-render of the page (Yew re-applies a bound `value` at every
/// render): only a new committed value replaces it.
#[wasm_bindgen_test]
async fn a_field_keeps_what_is_typed_until_its_value_changes() {
    use wasm_bindgen::JsCast;
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let props = |value: &'static str, tick| FieldHost {
        value: value.into(),
        tick,
    };
    let mut app = yew::Renderer::<Host>::with_root_and_props(root.clone(), props("40", 0)).render();
    TimeoutFuture::new(200).await;
    let input: web_sys::HtmlInputElement = doc
        .get_element_by_id("web-field")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "40");
    input.set_value("4"); // half-typed
    app.update(props("40", 1));
    TimeoutFuture::new(200).await;
    assert_eq!(
        root.first_element_child()
            .unwrap()
            .get_attribute("data-tick")
            .as_deref(),
        Some("1")
    );
    assert_eq!(input.value(), "4", "a re-render kept the text being typed");
    app.update(props("45", 2));
    TimeoutFuture::new(200).await;
    assert_eq!(input.value(), "45", "a new committed value shows");
    // A commit the state does not take (the host ignores it): the value in effect shows again.
    input.set_value("450");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let change = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&change).unwrap();
    TimeoutFuture::new(200).await;
    assert_eq!(
        input.value(),
        "45",
        "a refused commit shows the value in effect"
    );
    app.destroy();
    root.remove();
}

/// The analysis' request for `table` (made in slices of `piece`-value copies), once it is made.
async fn analysis_request_of(
    table: &social_roi_core::table::Table,
    plan_json: String,
    share: Option<social_roi_core::analysis::BackShare>,
    piece: u32,
) -> js_sys::Object {
    use social_roi::browser::tasks::CancelToken;
    use std::cell::RefCell;
    use std::rc::Rc;
    let got = Rc::new(RefCell::new(None));
    let got2 = got.clone();
    social_roi::browser::worker::analysis_request_in_pieces(
        std::sync::Arc::new(table.clone()),
        plan_json,
        share,
        piece,
        move |(req, _)| *got2.borrow_mut() = Some(req),
        CancelToken::default(),
    );
    for _ in 0..100 {
        if got.borrow().is_some() {
            break;
        }
        TimeoutFuture::new(10).await;
    }
    let req = got.borrow_mut().take();
    req.expect("the request is made")
}

/// Columns cross between the page and the worker as typed arrays copied a piece at a time; with
/// pieces of 3 values (the page uses a million) every column, text, date and row source comes
/// back as it was, both ways: a read file's answer and the analysis' request (without its text).
#[wasm_bindgen_test]
async fn a_table_crosses_in_pieces_unchanged() {
    use social_roi::browser::worker::{parts_to_js, table_from_parts};
    use social_roi_core::table::{Column, ColumnData, DateColumn, RowSource, Table, TextColumn};

    let n = 20;
    let notes: Vec<String> = (0..n).map(|i| format!("nota {i} è")).collect();
    let text: TextColumn = (0..n)
        .map(|i| (i % 4 != 1).then(|| notes[i].as_str()))
        .collect();
    let table = Table {
        date: Some(DateColumn {
            name: "date".into(),
            values: (0..n as i32)
                .map(|i| social_roi_core::Date::from_days(19_000 + i + i / 7))
                .collect(),
        }),
        columns: vec![
            Column {
                name: "sales".into(),
                data: ColumnData::Numeric(
                    (0..n)
                        .map(|i| if i == 5 { f64::NAN } else { i as f64 * 1.5 })
                        .collect(),
                ),
            },
            Column {
                name: "note".into(),
                data: ColumnData::Text(text.clone()),
            },
        ],
        sources: (0..n as u32)
            .map(|i| RowSource::new(0, 2 + i + u32::from(i > 12)))
            .collect(),
        files: vec!["a.csv".into()],
    };
    let bits = |t: &Table| match &t.columns[0].data {
        ColumnData::Numeric(v) => v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        ColumnData::Text(_) => unreachable!(),
    };
    // A worker's answer: everything, text included.
    let mut w = social_roi::wire::Writer::default();
    let parts = social_roi::wire::write_table(&mut w, &table, usize::MAX);
    let (cols, _) = parts_to_js(&parts);
    let back = table_from_parts(&w.0, cols, 3).unwrap();
    assert_eq!(back.date, table.date);
    assert_eq!(back.sources, table.sources);
    assert_eq!(bits(&back), bits(&table));
    assert_eq!(back.columns[1], table.columns[1]);
    // A piece size that does not divide the column, and one larger than it.
    for piece in [7, 1000] {
        let (cols, _) = parts_to_js(&parts);
        assert_eq!(
            table_from_parts(&w.0, cols, piece).unwrap().sources,
            table.sources
        );
    }
    // The analysis' request, made in slices of 3-value pieces.
    let req = analysis_request_of(&table, "{}".into(), None, 3).await;
    let get = |k: &str| js_sys::Reflect::get(&req, &k.into()).unwrap();
    let bytes = js_sys::Uint8Array::new(&get("bytes")).to_vec();
    let cols: js_sys::Array = get("cols").into();
    let buffers = || {
        cols.iter()
            .map(|c| js_sys::Reflect::get(&c, &"buffer".into()).unwrap())
            .map(js_sys::ArrayBuffer::from)
            .collect::<Vec<_>>()
    };
    // Columns cross in resizable buffers, so the receiver frees each the moment it is copied.
    assert!(buffers().iter().all(|b| b.resizable()));
    let sent = table_from_parts(&bytes, cols.clone(), 3).unwrap();
    assert!(
        buffers()
            .iter()
            .all(|b| b.byte_length() == 0 && !b.detached()),
        "each buffer is shrunk to nothing once copied, not only detached"
    );
    assert_eq!(sent.date, table.date);
    assert_eq!(sent.sources, table.sources);
    assert_eq!(bits(&sent), bits(&table));
    assert_eq!(
        sent.columns.len(),
        1,
        "text is not analysed: it does not cross"
    );
}

/// The back half's request carries only its share of the table (`analysis::BackShare`: the
/// columns of the verdict's pairs and the target) and the share's plan; the rows are all there.
#[wasm_bindgen_test]
async fn the_back_half_gets_only_its_share() {
    use social_roi::browser::worker::table_from_parts;
    use social_roi_core::analysis::{plan::SidesSpec, BackShare, Plan};
    use social_roi_core::table::Table;

    let n = 40;
    let col = |k: usize| {
        (0..n)
            .map(|i| ((i * (k + 2)) % 11) as f64)
            .collect::<Vec<_>>()
    };
    let table = Table::from_columns(
        None,
        vec![
            ("bounce_rate", col(0)),
            ("followers", col(1)),
            ("aov", col(2)),
            ("sales", col(3)),
        ],
    );
    let plan = Plan {
        sides: Some(SidesSpec {
            business: vec!["sales".into()],
            social: vec!["followers".into()],
        }),
        ..Plan::default()
    };
    let share = BackShare::of(&table, &plan).expect("a share");
    assert_eq!(share.columns, ["followers", "sales"]);
    let req = analysis_request_of(&table, plan.to_json(), Some(share.clone()), 7).await;
    let get = |k: &str| js_sys::Reflect::get(&req, &k.into()).unwrap();
    let bytes = js_sys::Uint8Array::new(&get("bytes")).to_vec();
    let sent = table_from_parts(&bytes, get("cols").into(), 7).unwrap();
    assert_eq!(sent, share.table(&table));
    assert_eq!(sent.n_rows(), n);
    assert_eq!(get("plan").as_string().unwrap(), share.plan.to_json());
}

/// `worker::reserve` grows the memory once for what follows: the allocator keeps the freed block,
/// so allocations of that size after it do not grow the memory again.
#[wasm_bindgen_test]
fn a_reservation_is_kept_for_what_follows() {
    use wasm_bindgen::JsCast;
    let size = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    // (the memory may already have room: only what follows the reservation is measured)
    social_roi::browser::worker::reserve(64 << 20);
    let reserved = size();
    let parts: Vec<Vec<u8>> = (0..4)
        .map(|k| {
            let mut v = Vec::with_capacity(15 << 20);
            v.push(k);
            v
        })
        .collect();
    assert_eq!(size(), reserved, "the parts fit in the reservation");
    assert_eq!(parts.len(), 4);
}
