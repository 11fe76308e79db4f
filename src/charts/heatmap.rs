//! Correlation matrix heatmap for export: diverging blue–white–orange cells with r written in them,
//! non-significant cells pale with grey italic text, undefined cells "n/a", and a colour bar.
//!
//! The page shows an interactive HTML grid; this is the picture that goes into reports.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontTransform;

use super::format::{self, AxisFormat};
use super::style::{
    contrast_ratio, err, fit, mix, no_data, text_at, text_on, text_width, with_title, ChartStyle,
    Frame, AXIS, BLUE, MUTED, ORANGE, TEXT,
};

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatCell {
    /// `None` (or NaN) when undefined, e.g. a constant column.
    pub r: Option<f64>,
    /// Whether r differs significantly from zero (drawn muted when not).
    pub significant: bool,
}

/// What the heatmap draws: `names.len()²` cells, row by row (row i, column j at `i * k + j`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatmapData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    pub names: &'a [&'a str],
    pub cells: &'a [HeatCell],
}

/// Number of blocks in the colour bar.
pub const COLORBAR_STEPS: usize = 40;
/// Fill of undefined cells.
pub const UNDEFINED_FILL: RGBColor = RGBColor(242, 242, 242);
/// How far non-significant cells are faded towards white.
const PALE: f64 = 0.7;

/// Diverging scale: −1 Okabe–Ito blue, 0 white, +1 Okabe–Ito orange.
pub fn diverging(r: f64) -> RGBColor {
    let r = if r.is_finite() {
        r.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    mix(WHITE, if r < 0.0 { BLUE } else { ORANGE }, r.abs())
}

/// (fill, text colour) of a cell; the text always has at least 4.5:1 contrast on the fill.
pub fn cell_colors(cell: &HeatCell) -> (RGBColor, RGBColor) {
    match cell.r.filter(|r| r.is_finite()) {
        None => (UNDEFINED_FILL, MUTED),
        Some(r) if cell.significant => {
            let fill = diverging(r);
            (fill, text_on(fill))
        }
        Some(r) => {
            let fill = mix(diverging(r), WHITE, PALE);
            // The lightest grey that still reads on this fill.
            let grey = [
                MUTED,
                RGBColor(89, 89, 89),
                RGBColor(77, 77, 77),
                RGBColor(64, 64, 64),
                TEXT,
            ]
            .into_iter()
            .find(|g| contrast_ratio(*g, fill) >= 4.5)
            .unwrap_or(TEXT);
            (fill, grey)
        }
    }
}

/// Draws the heatmap (see [`HeatmapData`]).
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &HeatmapData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let k = data.names.len();
    if k == 0
        || data
            .cells
            .iter()
            .all(|c| c.r.filter(|r| r.is_finite()).is_none())
    {
        let msg = style.pick(
            "Nothing to draw: no correlation is defined.",
            "Niente da disegnare: nessuna correlazione è definita.",
        );
        return no_data(area, style, msg);
    }
    if data.cells.len() != k * k {
        return Err(format!(
            "heatmap: {} names need {} cells, got {}",
            k,
            k * k,
            data.cells.len()
        ));
    }

    let fr0 = Frame::of(area);
    let body = with_title(area, &fr0, style, data.title)?;
    let fr = fr0.within(&body);
    let m = fr.margin as i32;
    // The key under the grid: one line, or one line per part when that does not fit (phones).
    let key = |text: bool| -> [&str; 2] {
        match text {
            true => [
                style.pick(
                    "pale cells, grey italic: not significant",
                    "celle chiare, corsivo grigio: non significativa",
                ),
                style.pick("n/a: undefined", "n.d.: non definita"),
            ],
            false => [
                style.pick(
                    "pale cells: not significant",
                    "celle chiare: non significativa",
                ),
                style.pick("crossed out: undefined", "barrate: non definita"),
            ],
        }
    };
    let note_font = fr.label(style).color(&MUTED);
    let one_line = text_width(&body, &key(true).join(" · "), &note_font) as i32
        <= fr.w as i32 - 2 * fr.margin as i32;
    let foot_h = fr.line() as i32 * if one_line { 1 } else { 2 } + 4;
    let bar_ticks = [-1.0, -0.5, 0.0, 0.5, 1.0];
    let bar_fmt = AxisFormat::for_ticks(&bar_ticks, loc);
    let label_font = fr.label(style);
    let legend_w = 12
        + 6
        + bar_ticks
            .iter()
            .map(|&t| text_width(&body, &bar_fmt.format(t), &label_font))
            .max()
            .unwrap_or(0) as i32
        + 10;
    let (w, h) = (fr.w as i32, fr.h as i32);
    let max_label = (w.min(h) as f64 * 0.3) as i32;

    // Labels shrink with the cells, and the cells grow when labels shrink: two passes settle it.
    let geometry = |px: f64| {
        let font = fr.font(style, px / fr.px);
        let longest = data
            .names
            .iter()
            .map(|n| text_width(&body, n, &font) as i32)
            .max()
            .unwrap_or(0);
        let lab = longest.min(max_label) + 6;
        let side = (w - 2 * m - legend_w - lab)
            .min(h - 2 * m - foot_h - lab)
            .max(k as i32);
        (lab, (side / k as i32).max(1))
    };
    let (_, cell) = geometry(fr.px);
    let label_px = (f64::from(cell) * 0.8).clamp(7.0, fr.px).round();
    let (lab, cell) = geometry(label_px);
    let names_font = fr.font(style, label_px / fr.px);
    let side = cell * k as i32;
    // Centre the composition horizontally when the height limits the grid.
    let spare = (w - 2 * m - lab - side - legend_w).max(0);
    let (gx, gy) = (m + lab + spare / 2, m);

    // Cell text in the largest size (7 px at least) at which the widest value fits; none at all
    // if it never fits, since a matrix with only some numbers written would mislead.
    let widest = format::fixed(-0.88, 2, loc);
    let cell_px = (7..=(f64::from(cell) * 0.42).min(fr.px) as i32)
        .rev()
        .map(f64::from)
        .find(|&px| text_width(&body, &widest, &fr.font(style, px / fr.px)) as i32 <= cell - 4);
    let show_text = cell_px.is_some();
    let cell_px = cell_px.unwrap_or(7.0);
    let cell_font = fr.font(style, cell_px / fr.px);
    let cell_italic = fr.italic(style, cell_px / fr.px);
    let gap = i32::from(cell >= 8);

    for i in 0..k {
        for j in 0..k {
            let c = &data.cells[i * k + j];
            let (fill, ink) = cell_colors(c);
            let (x, y) = (gx + j as i32 * cell, gy + i as i32 * cell);
            body.draw(&Rectangle::new(
                [(x, y), (x + cell - gap, y + cell - gap)],
                fill.filled(),
            ))
            .map_err(err)?;
            let r = c.r.filter(|r| r.is_finite());
            super::tips::on_area(&body, (x, y), (x + cell - gap, y + cell - gap), || {
                format!(
                    "{} / {}: r = {}{}",
                    data.names[i],
                    data.names[j],
                    r.map_or_else(|| loc.missing().to_owned(), |r| format::fixed(r, 2, loc)),
                    if r.is_some() && !c.significant {
                        style.pick(" (not significant)", " (non significativa)")
                    } else {
                        ""
                    }
                )
            });
            if !show_text && r.is_none() {
                let line = PathElement::new(
                    vec![(x, y + cell - gap), (x + cell - gap, y)],
                    MUTED.stroke_width(1),
                );
                body.draw(&line).map_err(err)?;
            }
            if show_text {
                let text = r
                    .map(|r| format::fixed(r, 2, loc))
                    .unwrap_or_else(|| loc.missing().to_owned());
                let font = if r.is_some() && !c.significant {
                    cell_italic.clone()
                } else {
                    cell_font.clone()
                };
                let font = font.color(&ink);
                text_at(
                    &body,
                    &text,
                    &font,
                    (x + (cell - gap) / 2, y + (cell - gap) / 2),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
        }
    }

    // Every label when they fit one per cell, else every n-th.
    let stride = ((label_px * 1.2) / f64::from(cell)).ceil().max(1.0) as usize;
    let col_font = names_font.transform(FontTransform::Rotate270);
    for (i, name) in data.names.iter().enumerate().step_by(stride) {
        let shown = fit(&body, name, &names_font, (lab - 6).max(0) as u32);
        let mid = i as i32 * cell + (cell - gap) / 2;
        text_at(
            &body,
            &shown,
            &names_font,
            (gx - 4, gy + mid),
            HPos::Right,
            VPos::Center,
        )?;
        text_at(
            &body,
            &shown,
            &col_font,
            (gx + mid, gy + side + 4),
            HPos::Right,
            VPos::Center,
        )?;
    }

    // Colour bar: +1 at the top.
    let bx = gx + side + 10;
    for s in 0..COLORBAR_STEPS {
        let y0 = gy + (side as f64 * s as f64 / COLORBAR_STEPS as f64).round() as i32;
        let y1 = gy + (side as f64 * (s + 1) as f64 / COLORBAR_STEPS as f64).round() as i32;
        let r = 1.0 - (s as f64 + 0.5) * 2.0 / COLORBAR_STEPS as f64;
        body.draw(&Rectangle::new(
            [(bx, y0), (bx + 12, y1)],
            diverging(r).filled(),
        ))
        .map_err(err)?;
    }
    body.draw(&Rectangle::new(
        [(bx, gy), (bx + 12, gy + side)],
        AXIS.stroke_width(1),
    ))
    .map_err(err)?;
    for t in bar_ticks {
        let y = gy + ((1.0 - t) / 2.0 * side as f64).round() as i32;
        body.draw(&PathElement::new(
            vec![(bx + 12, y), (bx + 16, y)],
            AXIS.stroke_width(1),
        ))
        .map_err(err)?;
        text_at(
            &body,
            &bar_fmt.format(t),
            &label_font,
            (bx + 18, y),
            HPos::Left,
            VPos::Center,
        )?;
    }

    // Right under the column names, or at the bottom if they are long.
    let parts = key(show_text);
    let lines = if one_line {
        vec![parts.join(" · ")]
    } else {
        parts.iter().map(|p| p.to_string()).collect()
    };
    let note_x = gx - lab;
    let line_h = fr.line() as i32;
    let first_y = (gy + side + lab + line_h / 2).min(h - m - foot_h + 2 + line_h / 2);
    for (n, line) in lines.iter().enumerate() {
        let shown = fit(&body, line, &note_font, (w - m - note_x).max(0) as u32);
        text_at(
            &body,
            &shown,
            &note_font,
            (note_x, first_y + n as i32 * line_h),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_ends_and_middle() {
        assert_eq!(diverging(-1.0), BLUE);
        assert_eq!(diverging(1.0), ORANGE);
        assert_eq!(diverging(0.0), WHITE);
        assert_eq!(diverging(f64::NAN), WHITE);
        assert_eq!(diverging(7.0), ORANGE);
    }

    #[test]
    fn every_cell_text_meets_wcag_aa() {
        for i in -100..=100 {
            let r = f64::from(i) / 100.0;
            for significant in [true, false] {
                let (fill, ink) = cell_colors(&HeatCell {
                    r: Some(r),
                    significant,
                });
                assert!(
                    contrast_ratio(fill, ink) >= 4.5,
                    "r={r} significant={significant}"
                );
            }
        }
        let (fill, ink) = cell_colors(&HeatCell {
            r: None,
            significant: false,
        });
        assert!(contrast_ratio(fill, ink) >= 4.5);
    }

    #[test]
    fn non_significant_cells_are_paler_with_grey_text() {
        let sig = cell_colors(&HeatCell {
            r: Some(0.8),
            significant: true,
        });
        let not = cell_colors(&HeatCell {
            r: Some(0.8),
            significant: false,
        });
        assert!(
            super::super::style::relative_luminance(not.0)
                > super::super::style::relative_luminance(sig.0)
        );
        assert_ne!(not.1, BLACK);
        assert_ne!(not.1, WHITE);
    }
}
