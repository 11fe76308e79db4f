//! Social ROI web app: a thin Yew layer over `social-roi-core`.
//!
//! State lives in one reducer (`state`), each component in its own file (`components`), browser side
//! effects (reading files, downloads) in `browser`, and charts in `charts` as functions over any
//! plotters drawing area — so they render to SVG natively in tests exactly as in the page.

pub mod browser;
pub mod charts;
pub mod components;
pub mod state;

/// Mounts the app into `#app`, replacing whatever is there.
///
/// A page saved with "Save page as…" keeps the rendered DOM; replacing the root element (instead of
/// rendering into it) is what makes such a saved page reopen as one working app, not two.
pub fn run() {
    let document = gloo::utils::document();
    let fresh = document.create_element("div").expect("create root element");
    fresh.set_id("app");
    match document.get_element_by_id("app") {
        Some(old) => old.replace_with_with_node_1(&fresh).expect("replace root element"),
        None => {
            document.body().expect("page has a body").append_child(&fresh).expect("append root element");
        }
    }
    yew::Renderer::<components::app::App>::with_root(fresh).render();
}
