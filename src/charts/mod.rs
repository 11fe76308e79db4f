//! Charts as plain functions over any plotters drawing area, plus a helper that renders them to SVG.
//!
//! Every chart is `draw_<name>(area, &<Name>Data, &ChartStyle) -> Result<(), String>` over plain
//! data (slices and small structs defined next to it, never the engine's report types), so the
//! page (inline SVG) and native snapshot tests draw the same thing. In wasm plotters measures text
//! through the browser's `window`, so charts must be drawn on the main thread. Data too degenerate
//! to draw yields a drawn, localised message and `Err` with the same text, never a panic.

pub mod axis;
pub mod before_after;
pub mod channel_bars;
pub mod format;
pub mod heatmap;
pub mod lag;
pub mod retention;
pub mod roi_bars;
pub mod scatter;
pub mod series;
pub mod style;
pub mod thin;
pub mod tips;

pub use format::{Lang, Locale};
pub use style::ChartStyle;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Renders a chart function into an SVG document of the given size, with a hover label
/// ([`tips`]) on every mark; on error the document shows the error message instead (chart errors
/// are already localised sentences).
pub fn to_svg<F>(size: (u32, u32), draw: F) -> String
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
{
    let mut out = String::new();
    let (result, tips) = tips::collect(|| {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&area).and_then(|_| area.present().map_err(|e| e.to_string()))
    });
    if let Err(e) = result {
        return error_svg(size, &e);
    }
    tips::insert(&mut out, &tips);
    out
}

fn error_svg(size: (u32, u32), message: &str) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let _ = area.fill(&WHITE);
        let font = ("sans-serif", 14)
            .into_font()
            .color(&style::TEXT)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let _ = area.draw_text(message, &font, (size.0 as i32 / 2, size.1 as i32 / 2));
        let _ = area.present();
    }
    out
}
