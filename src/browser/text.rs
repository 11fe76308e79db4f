//! Text widths for the charts, measured on a detached canvas and remembered.
//!
//! plotters' wasm font backend measures every label by adding a `<span>` to the page and reading
//! its `offsetWidth`: a forced layout per label, ~75 ms of the main thread when the results mount
//! (BENCHMARKS.md). A canvas' `measureText` needs no layout, and a label measured once is not
//! measured again (re-renders, resizes, the other language's labels).

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::JsCast;

struct Measurer {
    ctx: web_sys::CanvasRenderingContext2d,
    font: String,
    known: HashMap<(String, String), u32>,
}

thread_local! {
    static MEASURER: RefCell<Option<Measurer>> = const { RefCell::new(None) };
}

/// Most labels kept: a long session with many files must not grow without bound.
const KNOWN_MAX: usize = 20_000;

fn measurer() -> Option<Measurer> {
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    Some(Measurer {
        ctx,
        font: String::new(),
        known: HashMap::new(),
    })
}

/// Width in whole px (rounded up) of `text` in the CSS font `font` (e.g. `"bold 12px sans-serif"`),
/// or `None` where there is no canvas (then the caller estimates).
pub fn width(font: &str, text: &str) -> Option<u32> {
    MEASURER.with(|m| {
        let mut m = m.borrow_mut();
        if m.is_none() {
            *m = measurer();
        }
        let m = m.as_mut()?;
        let key = (font.to_owned(), text.to_owned());
        if let Some(&w) = m.known.get(&key) {
            return Some(w);
        }
        if m.font != font {
            m.ctx.set_font(font);
            m.font = font.to_owned();
        }
        let w = m.ctx.measure_text(text).ok()?.width().ceil().max(0.0) as u32;
        if m.known.len() >= KNOWN_MAX {
            m.known.clear();
        }
        m.known.insert(key, w);
        Some(w)
    })
}
