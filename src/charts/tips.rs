//! Hover labels: each point, bar and cell of a chart carries its label and value as an SVG
//! `<title>` (the browser's native tooltip, no script), in the page and in the SVG downloads.
//!
//! plotters' SVG backend cannot give an element a child, so charts record each mark's pixel box
//! here while they draw, and [`super::to_svg`] appends one transparent box with a `<title>` per
//! mark, on top of the drawing. Outside `to_svg` (PNG rendering, other backends) nothing is kept,
//! and the texts are never formatted.

use std::cell::RefCell;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::Plot;

/// One hover box: its corners in pixels of the whole SVG, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
    pub text: String,
}

/// At most this many boxes a chart: past it (a long line) the marks are grouped into strips.
pub const MAX_TIPS: usize = 600;
/// The smallest box side, so thin bars and points stay easy to hover.
const MIN_SIDE: i32 = 8;

thread_local! {
    static TIPS: RefCell<Option<Vec<Tip>>> = const { RefCell::new(None) };
}

/// Whether a chart is being drawn by [`collect`] (only then is it worth formatting texts).
pub fn active() -> bool {
    TIPS.with(|t| t.borrow().is_some())
}

/// Records a box in SVG pixels; `text` is called only while collecting.
pub fn add(a: (i32, i32), b: (i32, i32), text: impl FnOnce() -> String) {
    TIPS.with(|t| {
        if let Some(v) = t.borrow_mut().as_mut() {
            let (mut x0, mut x1) = (a.0.min(b.0), a.0.max(b.0));
            let (mut y0, mut y1) = (a.1.min(b.1), a.1.max(b.1));
            if x1 - x0 < MIN_SIDE {
                let c = (x0 + x1) / 2;
                (x0, x1) = (c - MIN_SIDE / 2, c + MIN_SIDE / 2);
            }
            if y1 - y0 < MIN_SIDE {
                let c = (y0 + y1) / 2;
                (y0, y1) = (c - MIN_SIDE / 2, c + MIN_SIDE / 2);
            }
            v.push(Tip {
                x0,
                y0,
                x1,
                y1,
                text: text(),
            });
        }
    });
}

/// A box given in a plot's data coordinates.
pub fn on_plot<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    a: (f64, f64),
    b: (f64, f64),
    text: impl FnOnce() -> String,
) {
    if active() {
        add(plot.backend_coord(&a), plot.backend_coord(&b), text);
    }
}

/// A box given in pixels of a (sub-)area.
pub fn on_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    text: impl FnOnce() -> String,
) {
    if active() {
        let (ox, oy) = area.get_base_pixel();
        add((a.0 + ox, a.1 + oy), (b.0 + ox, b.1 + oy), text);
    }
}

/// Runs `draw` while recording boxes; returns its result and the boxes.
pub fn collect<T>(draw: impl FnOnce() -> T) -> (T, Vec<Tip>) {
    let outer = TIPS.with(|t| t.borrow_mut().replace(Vec::new()));
    let out = draw();
    let tips = TIPS.with(|t| std::mem::replace(&mut *t.borrow_mut(), outer));
    (out, tips.unwrap_or_default())
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The boxes as SVG: transparent but hoverable (a fill with opacity 0 still takes the pointer).
pub fn to_svg_group(tips: &[Tip]) -> String {
    if tips.is_empty() {
        return String::new();
    }
    let mut out = String::from("<g class=\"tips\" fill=\"#000\" fill-opacity=\"0\">\n");
    for t in tips {
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>\n",
            t.x0,
            t.y0,
            t.x1 - t.x0,
            t.y1 - t.y0,
            escape(&t.text)
        ));
    }
    out.push_str("</g>\n");
    out
}

/// Inserts the boxes before the document's closing tag.
pub fn insert(svg: &mut String, tips: &[Tip]) {
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &to_svg_group(tips));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_are_kept_only_while_collecting_and_escaped() {
        add((0, 0), (10, 10), || panic!("not formatted outside collect"));
        let ((), tips) = collect(|| {
            add((5, 20), (1, 2), || "a < b & \"c\"".to_owned());
            add((3, 3), (4, 4), || "dot".to_owned());
        });
        assert_eq!(tips.len(), 2);
        assert_eq!(
            (tips[0].x0, tips[0].y0, tips[0].x1, tips[0].y1),
            (-1, 2, 7, 20)
        );
        assert_eq!(
            (tips[1].x0, tips[1].x1),
            (-1, 7),
            "grown to the smallest side"
        );
        let mut svg = "<svg>\n</svg>\n".to_owned();
        insert(&mut svg, &tips);
        assert!(svg.contains("<title>a &lt; b &amp; &quot;c&quot;</title>"));
        assert!(svg.ends_with("</g>\n</svg>\n"));
        assert!(!active());
    }
}
