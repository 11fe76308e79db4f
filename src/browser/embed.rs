//! Embedding in a blog post: when the page runs inside an iframe in embed mode, it tells the parent
//! its height so the iframe can grow with it. The message is only a number — never any data.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Starts posting the document height to the parent window whenever it changes.
pub fn post_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return; // not in a frame
    }
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let last = std::cell::Cell::new(0i32);
    let post = move || {
        let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let h = doc.scroll_height();
        if h != last.get() {
            last.set(h);
            // Target "*": the message carries nothing but the height, and the embedding page's
            // origin is not known in advance (any blog).
            let _ = parent.post_message(&wasm_bindgen::JsValue::from(h), "*");
        }
    };
    post();
    let cb = Closure::<dyn FnMut()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        observer.observe(&root);
        if let Some(body) = window.document().and_then(|d| d.body()) {
            observer.observe(&body);
        }
    }
    // The observer lives as long as the page.
    cb.forget();
}
