//! Line chart of one or two numeric columns over the dates (or over row order without dates).
//!
//! Two series are either indexed to 100 at the first row where both are present and positive,
//! or drawn on two y axes. Missing values (NaN) are gaps in the line, never interpolated.

use std::borrow::Cow;

use plotters::coord::Shift;
use plotters::prelude::*;
use social_roi_core::Date;

use super::axis::{date_axis, row_axis, tick_budget, value_axis, Axis, Layout, TickAxis};
use super::format::{self, DateStyle};
use super::style::{
    err, no_data, text_width, with_legend, with_title, ChartStyle, Entry, Frame, Swatch, BLUE,
    VERMILLION,
};

/// One named column; NaN marks a missing value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Series<'a> {
    pub name: &'a str,
    pub values: &'a [f64],
}

/// How two series with different units share one chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TwoSeries {
    /// Both divided by their value at the first row where both are present and positive, × 100.
    #[default]
    Indexed,
    /// The first on the left axis, the second on the right axis.
    TwoAxes,
}

/// What the series chart draws. Rows beyond the shortest of `dates` and the value slices are ignored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    /// Date of each row (ascending), or `None` to use row numbers 1..n.
    pub dates: Option<&'a [Date]>,
    pub first: Series<'a>,
    pub second: Option<Series<'a>>,
    pub mode: TwoSeries,
}

impl<'a> SeriesData<'a> {
    /// Rows drawn: the shortest of the dates and the value slices.
    fn rows(&self) -> usize {
        let mut n = self.first.values.len();
        if let Some(s) = &self.second {
            n = n.min(s.values.len());
        }
        if let Some(d) = self.dates {
            n = n.min(d.len());
        }
        n
    }

    /// Row i's x: its date's day number, or i + 1.
    fn x_of(&self, i: usize) -> f64 {
        match self.dates {
            Some(d) => f64::from(d[i].days()),
            None => (i + 1) as f64,
        }
    }

    /// One column over the dates, titled with its name.
    pub fn single(name: &'a str, dates: Option<&'a [Date]>, values: &'a [f64]) -> Self {
        SeriesData {
            title: name,
            dates,
            first: Series { name, values },
            second: None,
            mode: TwoSeries::Indexed,
        }
    }
}

/// More points than this and markers are drawn only for isolated values (they would hide the line).
const MARKER_LIMIT: usize = 60;

/// Splits `(x, y)` into runs of present values: each run is one line, a missing value a gap.
pub(crate) fn runs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&x, &y) in xs.iter().zip(ys) {
        if y.is_finite() {
            if let Some(r) = out.last_mut() {
                r.push((x, y));
            }
        } else if out.last().is_some_and(|r| !r.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// How many values are finite, and their smallest and largest (±∞ for none). Comparisons, not
/// `f64::min`: in wasm that is a call to `fmin` per value (its NaN and signed-zero rules), which
/// made this a third of drawing a million-row series on the main thread.
fn finite_span(values: impl Iterator<Item = f64>) -> (usize, (f64, f64)) {
    let (mut count, mut lo, mut hi) = (0, f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        count += 1;
        if v < lo {
            lo = v;
        }
        if v > hi {
            hi = v;
        }
    }
    (count, (lo, hi))
}

/// Draws the series chart (see [`SeriesData`]).
pub fn draw_series<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SeriesData,
    style: &ChartStyle,
) -> Result<(), String> {
    draw_series_with(area, data, None, style)
}

/// What drawing one series needs from its rows, in two passes over them: its thinned line and
/// each hover strip's values (how many, and their span). The page makes it from a million rows
/// in a task of its own before the one that draws (see `chart_frame::use_draw_stage`).
pub struct Passes {
    line: (Vec<f64>, Vec<f64>),
    strips: Vec<(usize, (f64, f64))>,
    /// Rows with a value.
    pub present: usize,
}

/// [`Passes`] over `data`'s first series.
pub fn passes(data: &SeriesData) -> Passes {
    let n = data.rows();
    let values = &data.first.values[..n];
    let line = super::thin::min_max(|i| data.x_of(i), values, super::thin::MAX_LINE_POINTS);
    let per = n.div_ceil(super::tips::MAX_TIPS).max(1);
    let strips: Vec<(usize, (f64, f64))> = (0..n)
        .step_by(per)
        .map(|a| finite_span(values[a..(a + per).min(n)].iter().copied()))
        .collect();
    let present = strips.iter().map(|s| s.0).sum();
    Passes {
        line,
        strips,
        present,
    }
}

/// [`draw_series`], with the first series' [`Passes`] made before (one series only; with two,
/// they are made here).
pub fn draw_series_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SeriesData,
    passes: Option<&Passes>,
    style: &ChartStyle,
) -> Result<(), String> {
    let passes = passes.filter(|_| data.second.is_none());
    let loc = style.locale;
    let n = data.rows();
    let present = |v: &[f64]| match passes {
        Some(p) => p.present > 0,
        None => v[..n].iter().any(|v| v.is_finite()),
    };
    for s in std::iter::once(&data.first).chain(&data.second) {
        if !present(s.values) {
            let msg = format!(
                "{} «{}»",
                style.pick(
                    "Nothing to draw: no values in",
                    "Niente da disegnare: nessun valore in"
                ),
                s.name
            );
            return no_data(area, style, &msg);
        }
    }
    // Row i's x (its date's day number, or i + 1): asked only where a point is drawn, so a
    // million-row chart makes no x column.
    let x_of = |i: usize| data.x_of(i);
    let a: &[f64] = &data.first.values[..n];
    let b: Option<&[f64]> = data.second.map(|s| &s.values[..n]);

    // What the y axes show, and the (possibly indexed) values: copies only when indexed.
    let (ya, yb, desc_a, desc_b): (Cow<[f64]>, Option<Cow<[f64]>>, _, _) = match (b, data.mode) {
        (None, _) => (a.into(), None, data.first.name.to_owned(), None),
        (Some(b), TwoSeries::TwoAxes) => (
            a.into(),
            Some(b.into()),
            data.first.name.to_owned(),
            data.second.map(|s| s.name.to_owned()),
        ),
        (Some(b), TwoSeries::Indexed) => {
            let Some(i0) =
                (0..n).find(|&i| a[i].is_finite() && b[i].is_finite() && a[i] > 0.0 && b[i] > 0.0)
            else {
                let msg = style.pick(
                    "Cannot index to 100: no row where both series are present and positive.",
                    "Impossibile indicizzare a 100: nessuna riga con entrambe le serie presenti e positive.",
                );
                return no_data(area, style, msg);
            };
            let base = match data.dates {
                Some(d) => format::date(d[i0], DateStyle::DayMonthYear, loc),
                None => format!(
                    "{} {}",
                    style.pick("row", "riga"),
                    format::integer(i0 as i64 + 1, loc)
                ),
            };
            let (ba, bb) = (a[i0], b[i0]);
            let desc = format!("{} ({base} = 100)", style.pick("index", "indice"));
            (
                Cow::Owned(a.iter().map(|v| v / ba * 100.0).collect()),
                Some(Cow::Owned(b.iter().map(|v| v / bb * 100.0).collect())),
                desc,
                None,
            )
        }
    };

    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let mut entries = Vec::new();
    if let Some(second) = &data.second {
        let (left, right) = match data.mode {
            TwoSeries::TwoAxes => (
                style.pick(" (left axis)", " (asse sinistro)"),
                style.pick(" (right axis)", " (asse destro)"),
            ),
            TwoSeries::Indexed => ("", ""),
        };
        entries.push(Entry {
            swatch: Swatch::Line(BLUE),
            text: data.first.name.to_owned(),
            keep: left.to_owned(),
        });
        entries.push(Entry {
            swatch: Swatch::Line(VERMILLION),
            text: second.name.to_owned(),
            keep: right.to_owned(),
        });
    }
    let plot_area = with_legend(&body, &fr.within(&body), style, &entries)?;
    let fr = fr.within(&plot_area);
    let font = fr.label(style);

    // Thinned first: each bucket keeps its extremes, so the spans of the thinned values are the
    // series' own (one pass over a long series instead of two).
    let max = super::thin::MAX_LINE_POINTS;
    let made;
    let ta = match passes {
        Some(p) => &p.line,
        None => {
            made = super::thin::min_max(x_of, &ya, max);
            &made
        }
    };
    let tb = yb.as_ref().map(|v| super::thin::min_max(x_of, v, max));
    let range = |v: &[f64]| finite_span(v.iter().copied()).1;
    let (mut lo, mut hi) = range(&ta.1);
    if let (Some(tb), TwoSeries::Indexed) = (&tb, data.mode) {
        let (l2, h2) = range(&tb.1);
        (lo, hi) = (lo.min(l2), hi.max(h2));
    }
    let (x_lo, x_hi) = match data.dates {
        Some(d) => {
            let (mut lo, mut hi) = (i32::MAX, i32::MIN);
            for day in d[..n].iter().map(|d| d.days()) {
                lo = lo.min(day);
                hi = hi.max(day);
            }
            (f64::from(lo), f64::from(hi))
        }
        None => (1.0, n as f64),
    };
    let make_x = |len: u32| match data.dates {
        Some(_) => date_axis(&plot_area, &font, x_lo as i32, x_hi as i32, len, style),
        None => {
            let per = text_width(&plot_area, "0000", &font) + 24;
            row_axis(
                n,
                (len / per.max(1)) as usize,
                loc,
                style.pick("row", "riga").to_owned(),
            )
        }
    };
    let make_y = |len: u32| {
        let y = value_axis(
            lo,
            hi,
            &[],
            tick_budget(&fr, len),
            loc,
            false,
            desc_a.clone(),
        );
        let y2 = match (&tb, &desc_b) {
            (Some(v), Some(d)) => {
                let (l, h) = range(&v.1);
                Some(value_axis(
                    l,
                    h,
                    &[],
                    tick_budget(&fr, len),
                    loc,
                    false,
                    d.clone(),
                ))
            }
            _ => None,
        };
        (y, y2)
    };
    // Two passes: ticks depend on the plot size, which depends on the labels' widths.
    let rough = Layout {
        x_area: 3 * fr.line(),
        y_area: fr.w / 8,
        y2_area: if desc_b.is_some() { fr.w / 8 } else { 0 },
        top: fr.margin,
        right: fr.margin,
    };
    let (pw, ph) = rough.plot_size(&fr);
    let (mut x, (y, y2)) = (make_x(pw), make_y(ph));
    let lay = Layout::measure(&plot_area, &fr, style, &x, &y, y2.as_ref());
    x = make_x(lay.plot_size(&fr).0);
    let lay = Layout::measure(&plot_area, &fr, style, &x, &y, y2.as_ref());

    let mut plot = lay.build(&plot_area, &fr, &x, &y)?;
    if super::tips::active() {
        strips(&plot, data, n, passes, &x_of, (y.lo, y.hi), style);
    }
    let markers = n <= MARKER_LIMIT;
    match (&tb, &y2) {
        (Some((tx, tb)), Some(y2)) => {
            let mut dual = plot.set_secondary_coord(x.coord(), y2.coord());
            super::axis::draw_mesh(&mut dual, &plot_area, &fr, style, &x, &y, true)?;
            draw_secondary_axis(&mut dual, &plot_area, &fr, style, y2)?;
            draw_runs(&mut dual, ta, BLUE, markers, false)?;
            for r in runs(tx, tb) {
                if r.len() > 1 {
                    dual.draw_secondary_series(LineSeries::new(
                        r.iter().copied(),
                        VERMILLION.stroke_width(2),
                    ))
                    .map_err(err)?;
                }
                if markers || r.len() == 1 {
                    dual.draw_secondary_series(
                        r.iter().map(|&p| EmptyElement::at(p) + square(VERMILLION)),
                    )
                    .map_err(err)?;
                }
            }
        }
        _ => {
            super::axis::draw_mesh(&mut plot, &plot_area, &fr, style, &x, &y, true)?;
            draw_runs(&mut plot, ta, BLUE, markers, false)?;
            if let Some(tb) = &tb {
                draw_runs(&mut plot, tb, VERMILLION, markers, true)?;
            }
        }
    }
    Ok(())
}

/// Hover strips across the plot: one per row, or per run of rows past [`super::tips::MAX_TIPS`],
/// titled with the date and each series' value as given (not indexed).
fn strips<DB: DrawingBackend>(
    plot: &super::axis::Plot<'_, DB>,
    data: &SeriesData,
    n: usize,
    passes: Option<&Passes>,
    x_of: &dyn Fn(usize) -> f64,
    (y_lo, y_hi): (f64, f64),
    style: &ChartStyle,
) {
    let loc = style.locale;
    let per = n.div_ceil(super::tips::MAX_TIPS).max(1);
    let when = |i: usize| match data.dates {
        Some(d) => format::date(d[i], DateStyle::DayMonthYear, loc),
        None => format!(
            "{} {}",
            style.pick("row", "riga"),
            format::integer(i as i64 + 1, loc)
        ),
    };
    let text = |(count, (lo, hi)): (usize, (f64, f64))| match count {
        0 => loc.missing().to_owned(),
        _ if lo == hi => format::number(lo, loc),
        _ => format!("{}–{}", format::number(lo, loc), format::number(hi, loc)),
    };
    let value = |s: &Series, a: usize, b: usize| match passes {
        // the first series' strips, made before (the only series then)
        Some(p) => text(p.strips[a / per]),
        None => text(finite_span(s.values[a..b].iter().copied())),
    };
    for a in (0..n).step_by(per) {
        let b = (a + per).min(n);
        let left = if a == 0 {
            x_of(0) - 0.5
        } else {
            (x_of(a - 1) + x_of(a)) / 2.0
        };
        let right = if b == n {
            x_of(n - 1) + 0.5
        } else {
            (x_of(b - 1) + x_of(b)) / 2.0
        };
        super::tips::on_plot(plot, (left, y_lo), (right, y_hi), || {
            let span = if b - a == 1 {
                when(a)
            } else {
                format!("{} – {}", when(a), when(b - 1))
            };
            let mut text = format!("{span}: {} {}", data.first.name, value(&data.first, a, b));
            if let Some(s) = &data.second {
                text.push_str(&format!("; {} {}", s.name, value(s, a, b)));
            }
            text
        });
    }
}

/// A square marker (in pixels around its point), so the second series differs by shape, not
/// only by colour.
fn square(color: RGBColor) -> Rectangle<(i32, i32)> {
    Rectangle::new([(-3, -3), (3, 3)], color.filled())
}

/// Draws a thinned line (`thin::min_max`'s points) as runs between gaps.
fn draw_runs<DB: DrawingBackend>(
    plot: &mut super::axis::Plot<'_, DB>,
    (xs, ys): &(Vec<f64>, Vec<f64>),
    color: RGBColor,
    markers: bool,
    squares: bool,
) -> Result<(), String> {
    for r in runs(xs, ys) {
        if r.len() > 1 {
            plot.draw_series(LineSeries::new(r.iter().copied(), color.stroke_width(2)))
                .map_err(err)?;
        }
        // A lone value between gaps has no line, so it always gets a marker.
        if markers || r.len() == 1 {
            if squares {
                plot.draw_series(r.iter().map(|&p| EmptyElement::at(p) + square(color)))
                    .map_err(err)?;
            } else {
                plot.draw_series(r.iter().map(|&p| Circle::new(p, 3, color.filled())))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

fn draw_secondary_axis<DB: DrawingBackend>(
    dual: &mut plotters::chart::DualCoordChartContext<
        '_,
        DB,
        Cartesian2d<TickAxis, TickAxis>,
        Cartesian2d<TickAxis, TickAxis>,
    >,
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    style: &ChartStyle,
    y2: &Axis,
) -> Result<(), String> {
    let font = fr.label(style);
    let (_, ph) = dual.plotting_area().dim_in_pixel();
    let desc = super::style::fit(area, &y2.desc, &font, ph);
    let f = |v: &f64| y2.label_for(*v);
    dual.configure_secondary_axes()
        .y_labels(y2.ticks.len().max(1))
        .y_label_formatter(&f)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(super::style::AXIS)
        .y_desc(desc)
        .draw()
        .map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_at_missing_values() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let r = runs(&xs, &[1.0, 2.0, f64::NAN, f64::NAN, 5.0, f64::INFINITY]);
        assert_eq!(r, vec![vec![(1.0, 1.0), (2.0, 2.0)], vec![(5.0, 5.0)]]);
        assert!(runs(&xs, &[f64::NAN; 6]).is_empty());
        assert_eq!(runs(&xs, &[f64::NAN, 1.0]).len(), 1);
    }
}
