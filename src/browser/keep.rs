//! "Keep this calculator": the page as it arrived, captured before the app renders, saved as one
//! `.html` file to open offline later — never the live DOM, so never the user's data.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

/// The app root as the page ships it (see `index.html`): a saved page opens to this, then the app.
const PRISTINE_ROOT: &str = "\n    <noscript>Social ROI needs JavaScript and WebAssembly; it runs entirely in your browser.</noscript>\n    <p class=\"loading\">Loading…</p>\n  ";

thread_local! {
    /// Kept as a JS string: a megabyte of page text has no reason to be copied into wasm memory.
    static PAGE: RefCell<Option<js_sys::JsString>> = const { RefCell::new(None) };
}

/// Captures the page before the app mounts. A copy of the document with the app root reset to its
/// shipped content and anything else the body gained (a page saved with "Save page as…" after use
/// keeps its rendered DOM) removed, so the kept file carries the program and never data.
pub fn capture() {
    let page = (|| -> Result<js_sys::JsString, JsValue> {
        let doc = gloo::utils::document();
        let root = doc
            .document_element()
            .ok_or_else(|| JsValue::from_str("no document element"))?;
        let copy: web_sys::Element = root.clone_node_with_deep(true)?.dyn_into()?;
        if let Some(body) = copy.query_selector("body")? {
            let children = body.children();
            let mut drop = Vec::new();
            for i in 0..children.length() {
                if let Some(c) = children.item(i) {
                    if c.id() != "app" && c.tag_name() != "SCRIPT" {
                        drop.push(c);
                    }
                }
            }
            for c in drop {
                c.remove();
            }
            if let Some(app) = body.query_selector("#app")? {
                app.set_inner_html(PRISTINE_ROOT);
            }
        }
        Ok(js_sys::JsString::from("<!DOCTYPE html>\n").concat(&JsValue::from(copy.outer_html())))
    })();
    PAGE.with(|p| *p.borrow_mut() = page.ok());
}

/// Whether the page could be captured (the link is shown only then).
pub fn available() -> bool {
    PAGE.with(|p| p.borrow().is_some())
}

/// Saves the captured page as `social-roi.html`.
pub fn save() -> Result<(), JsValue> {
    let page = PAGE
        .with(|p| p.borrow().clone())
        .ok_or_else(|| JsValue::from_str("the page was not captured"))?;
    let parts = js_sys::Array::of1(&page);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/html");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    super::download::save_blob(&blob, "social-roi.html")
}
