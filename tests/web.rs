//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real DOM can show.
#![cfg(target_arch = "wasm32")]

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A page saved after use carries the rendered app inside `#app`; mounting must replace it so the
/// reopened page shows one app, not two.
#[wasm_bindgen_test]
async fn mounting_replaces_what_a_saved_page_left_in_the_root() {
    let doc = gloo::utils::document();
    let body = doc.body().unwrap();
    body.set_inner_html(r#"<div id="app"><main class="app"><h1>stale copy</h1></main></div>"#);
    social_roi::run();
    TimeoutFuture::new(50).await;
    assert_eq!(doc.query_selector_all("#app").unwrap().length(), 1);
    assert_eq!(doc.query_selector_all("main.app").unwrap().length(), 1);
    assert!(!body.inner_html().contains("stale copy"));
    assert!(body.inner_html().contains("Social ROI"));
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
    assert!(svg.contains("sessions</text>"), "{svg}");
}
