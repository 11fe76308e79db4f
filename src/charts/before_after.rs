//! Mean of each column before vs from a split date, as bar pairs labelled with the percent change.
//!
//! Columns have unrelated units (followers, euros), so each gets its own small panel and y axis
//! rather than sharing one axis on which the small ones would vanish.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use social_roi_core::Date;

use super::axis::{draw_mesh, index_axis, tick_budget, value_axis, Layout};
use super::format::{self, DateStyle};
use super::style::{
    err, fit, no_data, text_at, with_title, ChartStyle, Frame, BLUE, MUTED, VERMILLION,
};

/// Colour of the "before" bars.
pub const BEFORE_COLOR: RGBColor = BLUE;
/// Colour of the "after" bars.
pub const AFTER_COLOR: RGBColor = VERMILLION;

/// One column's means; `None` (or NaN) when it has no values on that side of the split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeforeAfter<'a> {
    pub name: &'a str,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// What the before/after chart draws: one panel per column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeforeAfterData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    /// First date of the "after" side.
    pub split: Date,
    pub columns: &'a [BeforeAfter<'a>],
}

/// (after − before) / |before| — so a rise reads as positive even from a negative mean; `None`
/// when either side is missing or before is 0.
pub fn percent_change(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    let (b, a) = (
        before.filter(|v| v.is_finite())?,
        after.filter(|v| v.is_finite())?,
    );
    (b != 0.0).then(|| (a - b) / b.abs())
}

/// Smallest comfortable panel, px: the grid keeps panels as close to this as the area allows.
const MIN_PANEL: (u32, u32) = (200, 200);

/// (rows, columns) of panels for `k` columns in `w`×`h` px: the arrangement whose tightest panel
/// dimension is the least squeezed.
fn panel_grid(k: usize, w: u32, h: u32) -> (usize, usize) {
    let score = |cols: usize| {
        let rows = k.div_ceil(cols);
        let sw = f64::from(w) / cols as f64 / f64::from(MIN_PANEL.0);
        let sh = f64::from(h) / rows as f64 / f64::from(MIN_PANEL.1);
        sw.min(sh)
    };
    let cols = (1..=k.max(1)).fold(1, |best, c| {
        if score(c) > score(best) + 1e-9 {
            c
        } else {
            best
        }
    });
    (k.max(1).div_ceil(cols), cols)
}

/// Draws the before/after chart (see [`BeforeAfterData`]).
pub fn draw_before_after<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BeforeAfterData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let ok = |v: Option<f64>| v.filter(|v| v.is_finite());
    if data
        .columns
        .iter()
        .all(|c| ok(c.before).is_none() && ok(c.after).is_none())
    {
        let msg = style.pick(
            "Nothing to draw: no means before or after the date.",
            "Niente da disegnare: nessuna media prima o dopo la data.",
        );
        return no_data(area, style, msg);
    }
    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    // The split date once, under all panels.
    let bfr = fr.within(&body);
    let foot = (bfr.line() + 4).min(bfr.h / 4);
    let (grid, foot_area) = body.split_vertically(bfr.h - foot);
    let day = format::date(data.split, DateStyle::DayMonthYear, loc);
    let split = format!("{} {day}", style.pick("before / from", "prima del / dal"));
    let font = bfr.label(style);
    let shown = fit(
        &foot_area,
        &split,
        &font,
        bfr.w.saturating_sub(2 * bfr.margin),
    );
    text_at(
        &foot_area,
        &shown,
        &font,
        (bfr.w as i32 / 2, foot as i32 / 2),
        HPos::Center,
        VPos::Center,
    )?;

    let k = data.columns.len();
    let (rows, cols) = panel_grid(k, bfr.w, bfr.h - foot);
    let panels = grid.split_evenly((rows, cols));
    let ticks = [style.pick("before", "prima"), style.pick("after", "dopo")];

    for (c, panel) in data.columns.iter().zip(&panels) {
        let pfr = Frame::of(panel);
        let inner = with_title(panel, &pfr, style, c.name)?;
        let pfr = pfr.within(&inner);
        let (b, a) = (ok(c.before), ok(c.after));
        let (lo, hi) = [b, a]
            .iter()
            .flatten()
            .fold((0.0f64, 0.0f64), |(l, h), &v| (l.min(v), h.max(v)));
        // Headroom for the percent label over the taller bar.
        let room = if hi > 0.0 {
            hi * 1.2
        } else {
            (hi - lo).max(1.0) * 0.2
        };
        let axes = |h: u32| {
            let x = index_axis(0, 1, |i| ticks[i as usize].to_owned(), String::new());
            let y = value_axis(
                lo,
                hi,
                &[0.0, room],
                tick_budget(&pfr, h),
                loc,
                false,
                style.pick("mean", "media").to_owned(),
            );
            (x, y)
        };
        let rough = Layout {
            x_area: 3 * pfr.line(),
            y_area: pfr.w / 6,
            y2_area: 0,
            top: pfr.margin,
            right: pfr.margin,
        };
        let (x, y) = axes(rough.plot_size(&pfr).1);
        let lay = Layout::measure(&inner, &pfr, style, &x, &y, None);
        let (x, y) = axes(lay.plot_size(&pfr).1);
        let lay = Layout::measure(&inner, &pfr, style, &x, &y, None);
        let mut plot = lay.build(&inner, &pfr, &x, &y)?;
        draw_mesh(&mut plot, &inner, &pfr, style, &x, &y, false)?;

        let bars = [(0.0, b, BEFORE_COLOR), (1.0, a, AFTER_COLOR)];
        plot.draw_series(bars.iter().filter_map(|&(i, v, color)| {
            v.map(|v| Rectangle::new([(i - 0.35, 0.0), (i + 0.35, v)], color.filled()))
        }))
        .map_err(err)?;
        for (&(i, v, _), when) in bars.iter().zip(ticks) {
            super::tips::on_plot(&plot, (i - 0.35, 0.0), (i + 0.35, v.unwrap_or(0.0)), || {
                format!(
                    "{}, {when}: {} {}",
                    c.name,
                    style.pick("mean", "media"),
                    v.map_or_else(|| loc.missing().to_owned(), |v| format::number(v, loc))
                )
            });
        }
        let small = pfr.font(style, 0.9).color(&MUTED);
        let na = bars
            .iter()
            .filter(|(_, v, _)| v.is_none())
            .map(|&(i, _, _)| {
                EmptyElement::at((i, 0.0))
                    + Text::new(
                        loc.missing().to_owned(),
                        (0, -3),
                        small.pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )
            });
        plot.draw_series(na).map_err(err)?;

        let change = percent_change(b, a)
            .map(|p| format::signed_percent(p, 1, loc))
            .unwrap_or_else(|| loc.missing().to_owned());
        let top = [b, a].iter().flatten().fold(0.0f64, |m, &v| m.max(v));
        let font = pfr.label(style);
        let label = EmptyElement::at((0.5, top))
            + Text::new(
                change,
                (0, -6),
                font.pos(Pos::new(HPos::Center, VPos::Bottom)),
            );
        plot.draw_series(std::iter::once(label)).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_stay_as_square_as_the_area_allows() {
        assert_eq!(panel_grid(3, 720, 400), (1, 3));
        assert_eq!(panel_grid(1, 360, 300), (1, 1));
        assert_eq!(panel_grid(7, 360, 500), (4, 2));
        assert_eq!(panel_grid(4, 720, 400), (2, 2));
        assert_eq!(panel_grid(0, 720, 400), (1, 1));
    }

    #[test]
    fn percent_change_is_relative_to_the_size_of_before() {
        assert_eq!(percent_change(Some(100.0), Some(125.0)), Some(0.25));
        assert_eq!(percent_change(Some(-100.0), Some(-50.0)), Some(0.5));
        assert_eq!(percent_change(Some(0.0), Some(5.0)), None);
        assert_eq!(percent_change(None, Some(5.0)), None);
        assert_eq!(percent_change(Some(f64::NAN), Some(5.0)), None);
    }
}
