//! Bars of the correlation r at each lag k = −L..L, with the ±1.96/√n band and the best lag marked.
//!
//! n differs by lag (fewer overlapping rows at larger |k|), so the band is drawn per bar and reads
//! as a step. Bars inside the grey band are not significantly different from zero.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{draw_mesh, index_axis, tick_budget, value_axis, Layout};
use super::format;
use super::style::{
    err, no_data, with_legend, with_title, ChartStyle, Entry, Frame, Swatch, AXIS, BAND, BLUE,
    MUTED, VERMILLION,
};

/// Colour of ordinary bars.
pub const BAR_COLOR: RGBColor = BLUE;
/// Colour of the best lag's bar.
pub const BEST_COLOR: RGBColor = VERMILLION;

/// r at one lag; k > 0 means x leads y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LagPoint {
    pub lag: i32,
    /// `None` (or NaN) when undefined at this lag.
    pub r: Option<f64>,
    /// Pairs used at this lag (sets the width of the significance band).
    pub n: usize,
}

/// What the lag chart draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LagData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    pub lags: &'a [LagPoint],
    /// Lag to highlight (largest |r|), if any.
    pub best: Option<i32>,
    /// Unit of one lag step in the chart's language, e.g. "weeks" / "settimane"; empty for none.
    pub period: &'a str,
}

/// Half-width of the approximate 95% band for r = 0 with `n` pairs (capped at 1).
pub fn significance_half_width(n: usize) -> Option<f64> {
    (n >= 1).then(|| (1.96 / (n as f64).sqrt()).min(1.0))
}

/// Draws the lag chart (see [`LagData`]).
pub fn draw_lag<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LagData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let r_of = |p: &LagPoint| p.r.filter(|r| r.is_finite());
    if data.lags.iter().all(|p| r_of(p).is_none()) {
        let msg = style.pick(
            "Nothing to draw: r is undefined at every lag.",
            "Niente da disegnare: r non è definito a nessun ritardo.",
        );
        return no_data(area, style, msg);
    }
    let lo = data.lags.iter().map(|p| p.lag).min().unwrap_or(0);
    let hi = data.lags.iter().map(|p| p.lag).max().unwrap_or(0);
    let m = data
        .lags
        .iter()
        .flat_map(|p| [r_of(p).map(f64::abs), significance_half_width(p.n)])
        .flatten()
        .fold(0.0f64, f64::max);
    // A little air beyond the longest bar or band; never beyond |r| = 1.
    let m = (m * 1.1).clamp(0.1, 1.0);
    let best = data
        .best
        .filter(|b| data.lags.iter().any(|p| p.lag == *b && r_of(p).is_some()));

    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let band_text = style.pick(
        "grey band: |r| < 1.96/√n, not significant",
        "fascia grigia: |r| < 1,96/√n, non significativo",
    );
    let plot_area = with_legend(
        &body,
        &fr.within(&body),
        style,
        &[Entry::new(Swatch::Band(BAND), band_text)],
    )?;
    let fr = fr.within(&plot_area);
    let font = fr.label(style);
    let word = style.pick("lag", "ritardo");
    let x_desc = if data.period.is_empty() {
        word.to_owned()
    } else {
        format!("{word} ({})", data.period)
    };
    let y_desc = style.pick("correlation r", "correlazione r").to_owned();
    let best_r = best
        .and_then(|b| data.lags.iter().find(|p| p.lag == b))
        .and_then(r_of);
    let axes = |w: u32, h: u32, extra: Option<f64>| {
        let x = index_axis(
            i64::from(lo),
            i64::from(hi),
            |k| format::signed_integer(k, loc),
            x_desc.clone(),
        );
        let x = x.thin(&plot_area, &font, w);
        let include: Vec<f64> = [-m, 0.0, m].into_iter().chain(extra).collect();
        let y = value_axis(
            -m,
            m,
            &include,
            tick_budget(&fr, h),
            loc,
            false,
            y_desc.clone(),
        );
        (x, y)
    };
    let rough = Layout {
        x_area: 3 * fr.line(),
        y_area: fr.w / 10,
        y2_area: 0,
        top: fr.margin,
        right: fr.margin,
    };
    let (x, y) = axes(rough.plot_size(&fr).0, rough.plot_size(&fr).1, None);
    let lay = Layout::measure(&plot_area, &fr, style, &x, &y, None);
    let (pw, ph) = lay.plot_size(&fr);
    // Room past the best bar's end for its label, unless that would pass |r| = 1.
    let label_room = f64::from(fr.line() + 8) / f64::from(ph) * (y.hi - y.lo);
    let extra = best_r
        .map(|r| r + label_room.copysign(r))
        .filter(|v| v.abs() <= 1.0);
    let (x, y) = axes(pw, ph, extra);
    let lay = Layout::measure(&plot_area, &fr, style, &x, &y, None);
    let mut plot = lay.build(&plot_area, &fr, &x, &y)?;
    draw_mesh(&mut plot, &plot_area, &fr, style, &x, &y, false)?;

    // Band first, so bars are drawn over it.
    let bands = data.lags.iter().filter_map(|p| {
        let k = f64::from(p.lag);
        significance_half_width(p.n)
            .map(|b| Rectangle::new([(k - 0.5, -b), (k + 0.5, b)], BAND.filled()))
    });
    plot.draw_series(bands).map_err(err)?;
    let bars = data.lags.iter().filter_map(|p| {
        let k = f64::from(p.lag);
        let color = if Some(p.lag) == best {
            BEST_COLOR
        } else {
            BAR_COLOR
        };
        r_of(p).map(|r| Rectangle::new([(k - 0.35, 0.0), (k + 0.35, r)], color.filled()))
    });
    plot.draw_series(bars).map_err(err)?;
    for p in data.lags {
        let k = f64::from(p.lag);
        let r = r_of(p);
        super::tips::on_plot(&plot, (k - 0.35, 0.0), (k + 0.35, r.unwrap_or(0.0)), || {
            format!(
                "{} {}: r = {}, n = {}",
                style.pick("lag", "sfasamento"),
                format::signed_integer(i64::from(p.lag), loc),
                r.map_or_else(|| loc.missing().to_owned(), |r| format::fixed(r, 2, loc)),
                format::integer(p.n as i64, loc)
            )
        });
    }
    let (x0, x1) = (f64::from(lo) - 0.5, f64::from(hi) + 0.5);
    plot.draw_series(std::iter::once(PathElement::new(
        vec![(x0, 0.0), (x1, 0.0)],
        AXIS.stroke_width(1),
    )))
    .map_err(err)?;

    let small = fr.font(style, 0.9).color(&MUTED);
    let na = data.lags.iter().filter(|p| r_of(p).is_none()).map(|p| {
        EmptyElement::at((f64::from(p.lag), 0.0))
            + Text::new(
                loc.missing().to_owned(),
                (0, -4),
                small.pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
    });
    plot.draw_series(na).map_err(err)?;

    if let (Some(b), Some(r)) = (best, best_r) {
        let label = format!(
            "{}: {}",
            style.pick("best", "migliore"),
            format::signed_integer(i64::from(b), loc)
        );
        let k = f64::from(b);
        let (bar_mid, bar_end) = plot.backend_coord(&(k, r));
        let (bar_right, _) = plot.backend_coord(&(k + 0.35, r));
        let (_, yr) = plot.plotting_area().get_pixel_range();
        let room = fr.line() as i32 + 4;
        // Past the end of the bar when it fits in the plot, else beside the bar's end.
        let (offset, anchor) = match (
            r >= 0.0,
            bar_end - yr.start >= room,
            yr.end - bar_end >= room,
        ) {
            (true, true, _) => ((0, -4), Pos::new(HPos::Center, VPos::Bottom)),
            (false, _, true) => ((0, 4), Pos::new(HPos::Center, VPos::Top)),
            (true, false, _) => (
                (bar_right - bar_mid + 4, 0),
                Pos::new(HPos::Left, VPos::Top),
            ),
            (false, _, false) => (
                (bar_right - bar_mid + 4, 0),
                Pos::new(HPos::Left, VPos::Bottom),
            ),
        };
        let text = EmptyElement::at((k, r)) + Text::new(label, offset, font.pos(anchor));
        plot.draw_series(std::iter::once(text)).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_half_width() {
        assert_eq!(significance_half_width(0), None);
        assert_eq!(significance_half_width(1), Some(1.0));
        assert!((significance_half_width(100).unwrap() - 0.196).abs() < 1e-12);
    }
}
