//! Axes whose ticks we choose (round numbers, calendar dates, categories) and label per locale.
//!
//! plotters would pick ticks itself, but then labels could not share decimals, dates could not
//! fall on Mondays or month starts, and label widths could not be measured before layout.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, KeyPointWeight, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use social_roi_core::Date;

use super::format::{self, AxisFormat, DateStyle, Locale};
use super::style::{err, fit, text_width, ChartStyle, Frame, AXIS, GRID};

/// A linear f64 coordinate whose key points are exactly the given ticks.
#[derive(Debug, Clone)]
pub struct TickAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl TickAxis {
    pub fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> TickAxis {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        TickAxis { lo, hi, ticks }
    }
}

impl Ranged for TickAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        if !t.is_finite() {
            return limit.0;
        }
        // `as` saturates, so absurd values land off-canvas instead of panicking.
        limit.0 + (f64::from(limit.1 - limit.0) * t).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Light (minor) grid lines would only double the major ones.
        if !matches!(hint.weight(), KeyPointWeight::Bold) {
            return Vec::new();
        }
        let max = hint.max_num_points().max(1);
        let step = self.ticks.len().div_ceil(max).max(1);
        self.ticks.iter().copied().step_by(step).collect()
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// One axis: its range, ticks with their labels, and its title.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub labels: Vec<String>,
    pub desc: String,
}

impl Axis {
    pub fn coord(&self) -> TickAxis {
        TickAxis::new(self.lo, self.hi, self.ticks.clone())
    }

    /// The label of a tick (ticks come back from plotters bit-identical).
    pub fn label_for(&self, v: f64) -> String {
        self.ticks
            .iter()
            .position(|t| t.to_bits() == v.to_bits())
            .and_then(|i| self.labels.get(i).cloned())
            .unwrap_or_default()
    }

    pub fn max_label_width<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        font: &TextStyle,
    ) -> u32 {
        // Measuring text goes through the browser's layout (slow): on long axes, measure an even
        // sample and the longest labels by characters, which bound the rest in practice.
        const SAMPLE: usize = 24;
        let n = self.labels.len();
        if n <= SAMPLE {
            return self
                .labels
                .iter()
                .map(|l| text_width(area, l, font))
                .max()
                .unwrap_or(0);
        }
        let longest = self.labels.iter().map(|l| l.chars().count()).max();
        let sample = (0..SAMPLE).map(|i| &self.labels[i * (n - 1) / (SAMPLE - 1)]);
        let long = self
            .labels
            .iter()
            .filter(|l| Some(l.chars().count()) == longest)
            .take(4);
        sample
            .chain(long)
            .map(|l| text_width(area, l, font))
            .max()
            .unwrap_or(0)
    }

    /// Keeps every k-th tick so labels along `length_px` of axis do not overlap.
    pub fn thin<DB: DrawingBackend>(
        mut self,
        area: &DrawingArea<DB, Shift>,
        font: &TextStyle,
        length_px: u32,
    ) -> Axis {
        let n = self.ticks.len();
        if n < 2 {
            return self;
        }
        let need = self.max_label_width(area, font) + 8;
        let slot = f64::from(length_px) * (self.ticks[n - 1] - self.ticks[0]).abs()
            / (self.hi - self.lo)
            / (n - 1) as f64;
        let k = (f64::from(need) / slot.max(1.0)).ceil().max(1.0) as usize;
        if k > 1 {
            self.ticks = self.ticks.into_iter().step_by(k).collect();
            self.labels = self.labels.into_iter().step_by(k).collect();
        }
        self
    }
}

/// A round step (1, 2, 2.5 or 5 × 10ⁿ) giving at most about `max_ticks` intervals over `span`.
pub fn nice_step(span: f64, max_ticks: usize) -> f64 {
    let raw = span / max_ticks.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag)
}

/// A numeric axis covering `lo..hi` (plus `include` values, e.g. 0 for bars) with round ticks
/// inside it; `percent` labels fractions as percentages.
pub(crate) fn value_axis(
    lo: f64,
    hi: f64,
    include: &[f64],
    max_ticks: usize,
    loc: Locale,
    percent: bool,
    desc: String,
) -> Axis {
    let (mut lo, mut hi) = include
        .iter()
        .fold((lo, hi), |(a, b), &v| (a.min(v), b.max(v)));
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo, hi) = (lo - pad, hi + pad);
    } else {
        // Breathing room so the extreme points do not sit on the frame, except at 0 for bars.
        let pad = (hi - lo) * 0.04;
        lo = if include.contains(&lo) { lo } else { lo - pad };
        hi = if include.contains(&hi) { hi } else { hi + pad };
    }
    // Ticks inside the range (not the range stretched to ticks: that can waste a whole step);
    // finer steps until at least two ticks fall inside.
    let mut budget = max_ticks.max(2);
    let ticks = loop {
        let step = nice_step(hi - lo, budget);
        let (k0, k1) = (
            (lo / step - 1e-9).ceil() as i64,
            (hi / step + 1e-9).floor() as i64,
        );
        let ticks: Vec<f64> = (k0..=k1.min(k0 + 100)).map(|k| k as f64 * step).collect();
        if ticks.len() >= 2 || budget > 64 {
            break ticks;
        }
        budget *= 2;
    };
    let f = if percent {
        AxisFormat::percent_for_ticks(&ticks, loc)
    } else {
        AxisFormat::for_ticks(&ticks, loc)
    };
    let labels = ticks.iter().map(|&t| f.format(t)).collect();
    Axis {
        lo,
        hi,
        ticks,
        labels,
        desc,
    }
}

/// Calendar steps between date ticks, finest first.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateStep {
    Days(i32),
    Weeks(i32),
    Months(i32),
    Years(i32),
}

const DATE_STEPS: [DateStep; 16] = [
    DateStep::Days(1),
    DateStep::Days(2),
    DateStep::Weeks(1),
    DateStep::Weeks(2),
    DateStep::Months(1),
    DateStep::Months(2),
    DateStep::Months(3),
    DateStep::Months(6),
    DateStep::Years(1),
    DateStep::Years(2),
    DateStep::Years(5),
    DateStep::Years(10),
    DateStep::Years(25),
    DateStep::Years(50),
    DateStep::Years(100),
    DateStep::Years(1000),
];

fn date_ticks(lo: i32, hi: i32, step: DateStep) -> Vec<i32> {
    let month_index = |d: Date| d.year() * 12 + d.month() as i32 - 1;
    let from_month_index =
        |i: i32| Date::from_ymd(i.div_euclid(12), (i.rem_euclid(12) + 1) as u32, 1);
    let mut out = Vec::new();
    match step {
        DateStep::Days(k) => out.extend((lo..=hi).step_by(k as usize)),
        DateStep::Weeks(k) => {
            let first = Date::from_days(lo).week_start().days();
            let first = if first < lo { first + 7 } else { first };
            out.extend((first..=hi).step_by(7 * k as usize));
        }
        DateStep::Months(k) | DateStep::Years(k) => {
            let k = if let DateStep::Years(_) = step {
                12 * k
            } else {
                k
            };
            let mut i = month_index(Date::from_days(lo));
            i += (k - i.rem_euclid(k)) % k;
            while let Some(d) = from_month_index(i) {
                if d.days() > hi {
                    break;
                }
                if d.days() >= lo {
                    out.push(d.days());
                }
                i += k;
            }
        }
    }
    out
}

/// A date axis over day numbers `lo..=hi` with the finest calendar step whose labels fit in
/// `length_px`; the title gets the year(s) when labels omit them.
pub(crate) fn date_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    font: &TextStyle,
    lo: i32,
    hi: i32,
    length_px: u32,
    style: &ChartStyle,
) -> Axis {
    let loc = style.locale;
    let (first, last) = (Date::from_days(lo), Date::from_days(hi));
    let years = if first.year() == last.year() {
        format!("{}", first.year())
    } else {
        format!("{}–{}", first.year(), last.year())
    };
    let pad = ((hi - lo) as f64 * 0.02).max(0.5);
    let (alo, ahi) = (f64::from(lo) - pad, f64::from(hi) + pad);
    let axis = |ticks: Vec<i32>, dstyle: DateStyle| {
        let labels = ticks
            .iter()
            .map(|&t| format::date(Date::from_days(t), dstyle, loc))
            .collect();
        let word = style.pick("date", "data");
        let desc = if dstyle == DateStyle::DayMonth {
            format!("{word} ({years})")
        } else {
            word.to_owned()
        };
        Axis {
            lo: alo,
            hi: ahi,
            ticks: ticks.into_iter().map(f64::from).collect(),
            labels,
            desc,
        }
    };
    if lo == hi {
        return axis(vec![lo], DateStyle::DayMonthYear);
    }
    // Skip steps that would give far more ticks than could ever fit, before generating them.
    let most = (length_px / text_width(area, "00", font).max(1)).max(1) as f64;
    for step in DATE_STEPS {
        let days = match step {
            DateStep::Days(k) => k,
            DateStep::Weeks(k) => 7 * k,
            DateStep::Months(k) => 28 * k,
            DateStep::Years(k) => 365 * k,
        };
        if f64::from(hi - lo) / f64::from(days) > most {
            continue;
        }
        let ticks = date_ticks(lo, hi, step);
        if ticks.is_empty() {
            continue;
        }
        let dstyle = match step {
            DateStep::Days(_) | DateStep::Weeks(_) => DateStyle::DayMonth,
            DateStep::Months(_) => DateStyle::MonthYear,
            DateStep::Years(_) => DateStyle::Year,
        };
        let a = axis(ticks, dstyle);
        let need = (a.max_label_width(area, font) + 10) as usize * a.ticks.len();
        let avail = (f64::from(length_px) * (ahi - alo - 2.0 * pad) / (ahi - alo)) as usize + 1;
        if need <= avail.max(1) || a.ticks.len() == 1 {
            return a;
        }
    }
    axis(vec![lo, hi], DateStyle::DayMonthYear)
}

/// Integer positions `lo..=hi` (row numbers, lags, bars), labelled by `label`.
pub(crate) fn index_axis(lo: i64, hi: i64, label: impl Fn(i64) -> String, desc: String) -> Axis {
    let ticks: Vec<f64> = (lo..=hi).map(|i| i as f64).collect();
    let labels = (lo..=hi).map(label).collect();
    Axis {
        lo: lo as f64 - 0.5,
        hi: hi as f64 + 0.5,
        ticks,
        labels,
        desc,
    }
}

/// Integer positions with round steps (row numbers 1..n), labelled as integers.
pub(crate) fn row_axis(n: usize, max_ticks: usize, loc: Locale, desc: String) -> Axis {
    let n = n.max(1) as f64;
    let step = nice_step(n - 1.0, max_ticks.max(1)).max(1.0).round();
    let mut ticks = vec![1.0];
    let mut k = step;
    while k <= n {
        if k > 1.0 {
            ticks.push(k);
        }
        k += step;
    }
    let labels = ticks
        .iter()
        .map(|&t| format::integer(t as i64, loc))
        .collect();
    let pad = ((n - 1.0) * 0.02).max(0.5);
    Axis {
        lo: 1.0 - pad,
        hi: n + pad,
        ticks,
        labels,
        desc,
    }
}

/// The plot's chart context with our tick axes.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickAxis, TickAxis>>;

/// Space around the plot: label areas and margins, in px.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub x_area: u32,
    pub y_area: u32,
    pub y2_area: u32,
    pub top: u32,
    pub right: u32,
}

impl Layout {
    /// Label areas sized to the labels and titles actually drawn.
    pub fn measure<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        fr: &Frame,
        style: &ChartStyle,
        x: &Axis,
        y: &Axis,
        y2: Option<&Axis>,
    ) -> Layout {
        let font = fr.label(style);
        // plotters puts labels two tick lengths (5 px) away from the axis.
        let gap = 10 + fr.line() / 2;
        let y_area = |a: &Axis| {
            a.max_label_width(area, &font) + gap + if a.desc.is_empty() { 0 } else { fr.line() }
        };
        let last_x = x
            .labels
            .last()
            .map(|l| text_width(area, l, &font) / 2)
            .unwrap_or(0);
        Layout {
            x_area: 10 + fr.line() + if x.desc.is_empty() { 0 } else { fr.line() + 4 },
            y_area: y_area(y).min(fr.w * 2 / 5),
            y2_area: y2.map(|a| y_area(a).min(fr.w * 2 / 5)).unwrap_or(0),
            top: fr.margin.max(fr.line() / 2),
            right: if y2.is_some() {
                fr.margin
            } else {
                fr.margin.max(last_x)
            },
        }
    }

    /// Axes and layout that agree: the axes depend on the plot size, the layout on the axes'
    /// labels; a rough guess, then two rounds of measuring, settle it. `y_area` is the rough
    /// share of the width for the value labels.
    pub fn settle<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        fr: &Frame,
        style: &ChartStyle,
        y_area: u32,
        axes: impl Fn(u32, u32) -> (Axis, Axis),
    ) -> (Layout, Axis, Axis) {
        let rough = Layout {
            x_area: 3 * fr.line(),
            y_area,
            y2_area: 0,
            top: fr.margin,
            right: fr.margin,
        };
        let (w, h) = rough.plot_size(fr);
        let (x, y) = axes(w, h);
        let lay = Layout::measure(area, fr, style, &x, &y, None);
        let (w, h) = lay.plot_size(fr);
        let (x, y) = axes(w, h);
        let lay = Layout::measure(area, fr, style, &x, &y, None);
        (lay, x, y)
    }

    /// Plot size (width, height) inside `area` with this layout.
    pub fn plot_size(&self, fr: &Frame) -> (u32, u32) {
        (
            fr.w.saturating_sub(self.y_area + self.y2_area + self.right + fr.margin)
                .max(1),
            fr.h.saturating_sub(self.x_area + self.top + fr.margin)
                .max(1),
        )
    }

    pub fn build<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        fr: &Frame,
        x: &Axis,
        y: &Axis,
    ) -> Result<Plot<'a, DB>, String> {
        ChartBuilder::on(area)
            .margin_top(self.top)
            .margin_bottom(fr.margin)
            .margin_left(fr.margin)
            .margin_right(self.right)
            .x_label_area_size(self.x_area)
            .y_label_area_size(self.y_area)
            .right_y_label_area_size(self.y2_area)
            .build_cartesian_2d(x.coord(), y.coord())
            .map_err(err)
    }
}

/// How many value ticks fit along `length_px` of axis.
pub(crate) fn tick_budget(fr: &Frame, length_px: u32) -> usize {
    (u64::from(length_px) * 10 / u64::from(fr.line() * 25).max(1)).clamp(2, 8) as usize
}

/// Draws grid, axes, tick labels and axis titles (titles shortened to fit).
pub(crate) fn draw_mesh<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    style: &ChartStyle,
    x: &Axis,
    y: &Axis,
    x_grid: bool,
) -> Result<(), String> {
    let font = fr.label(style);
    let (pw, ph) = plot.plotting_area().dim_in_pixel();
    let x_desc = fit(area, &x.desc, &font, pw);
    let y_desc = fit(area, &y.desc, &font, ph);
    let xf = |v: &f64| x.label_for(*v);
    let yf = |v: &f64| y.label_for(*v);
    let mut mesh = plot.configure_mesh();
    mesh.x_labels(x.ticks.len().max(1))
        .y_labels(y.ticks.len().max(1))
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .label_style(font.clone())
        .axis_desc_style(font.clone())
        .axis_style(AXIS)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT);
    if !x_desc.is_empty() {
        mesh.x_desc(x_desc);
    }
    if !y_desc.is_empty() {
        mesh.y_desc(y_desc);
    }
    if !x_grid {
        mesh.disable_x_mesh();
    }
    mesh.draw().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_round() {
        assert_eq!(nice_step(10.0, 5), 2.0);
        assert_eq!(nice_step(1.0, 4), 0.25);
        assert_eq!(nice_step(7.0, 2), 5.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
        assert_eq!(nice_step(f64::NAN, 5), 1.0);
        assert_eq!(nice_step(1e6, 5), 200_000.0);
    }

    #[test]
    fn value_axis_covers_data_with_round_ticks() {
        let a = value_axis(3.2, 97.0, &[], 5, Locale::IT, false, String::new());
        assert!(a.lo <= 3.2 && a.hi >= 97.0, "{a:?}");
        assert!(a.ticks.iter().all(|t| (a.lo..=a.hi).contains(t)), "{a:?}");
        assert!(a.labels.contains(&"50".to_owned()), "{a:?}");
        assert!((2..=7).contains(&a.ticks.len()), "{a:?}");
        let narrow = value_axis(1.001, 1.002, &[], 2, Locale::EN, false, String::new());
        assert!(narrow.ticks.len() >= 2, "{narrow:?}");
        let p = value_axis(0.01, 0.2, &[0.0], 4, Locale::IT, true, String::new());
        assert_eq!(p.lo, 0.0);
        assert!(p.labels.iter().all(|l| l.ends_with('%')), "{p:?}");
        let flat = value_axis(5.0, 5.0, &[], 5, Locale::EN, false, String::new());
        assert!(flat.lo < 5.0 && flat.hi > 5.0);
        let nan = value_axis(f64::NAN, f64::NAN, &[], 5, Locale::EN, false, String::new());
        assert!(nan.hi > nan.lo);
    }

    #[test]
    fn tick_axis_only_returns_major_ticks() {
        use plotters::coord::ranged1d::{BoldPoints, LightPoints};
        let t = TickAxis::new(0.0, 10.0, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(t.key_points(BoldPoints(10)).len(), 6);
        assert_eq!(t.key_points(BoldPoints(3)), vec![0.0, 4.0, 8.0]);
        assert!(t.key_points(LightPoints::new(6, 60)).is_empty());
        assert_eq!(t.map(&5.0, (0, 100)), 50);
        assert_eq!(t.map(&f64::NAN, (0, 100)), 0);
        assert_eq!(TickAxis::new(1.0, 1.0, vec![]).range(), 1.0..2.0);
    }

    #[test]
    fn date_ticks_fall_on_calendar_boundaries() {
        let d = |y, m, dd| Date::from_ymd(y, m, dd).unwrap().days();
        let mondays = date_ticks(d(2024, 1, 3), d(2024, 1, 31), DateStep::Weeks(1));
        assert!(
            mondays
                .iter()
                .all(|&t| Date::from_days(t).iso_weekday() == 1),
            "{mondays:?}"
        );
        assert_eq!(mondays.len(), 4);
        let quarters = date_ticks(d(2023, 11, 15), d(2024, 12, 31), DateStep::Months(3));
        let months: Vec<u32> = quarters
            .iter()
            .map(|&t| Date::from_days(t).month())
            .collect();
        assert_eq!(months, vec![1, 4, 7, 10]);
        let years = date_ticks(d(1999, 5, 1), d(2011, 1, 1), DateStep::Years(5));
        assert_eq!(
            years
                .iter()
                .map(|&t| Date::from_days(t).year())
                .collect::<Vec<_>>(),
            vec![2000, 2005, 2010]
        );
    }

    #[test]
    fn date_axis_picks_a_step_whose_labels_fit() {
        let mut s = String::new();
        let area = SVGBackend::with_string(&mut s, (720, 400)).into_drawing_area();
        let style = ChartStyle::new(format::Lang::It);
        let fr = Frame::of(&area);
        let font = fr.label(&style);
        let d = |y, m, dd| Date::from_ymd(y, m, dd).unwrap().days();
        let weekly = date_axis(&area, &font, d(2024, 1, 1), d(2024, 3, 25), 600, &style);
        assert!(
            weekly.labels.first().map(String::as_str) == Some("1 gen"),
            "{weekly:?}"
        );
        assert_eq!(weekly.desc, "data (2024)");
        let years = date_axis(&area, &font, d(2015, 1, 1), d(2024, 12, 31), 600, &style);
        assert!(years.labels.iter().all(|l| !l.contains(' ')), "{years:?}");
        let narrow = date_axis(&area, &font, d(2024, 1, 1), d(2024, 12, 31), 200, &style);
        assert!(narrow.ticks.len() <= 4, "{narrow:?}");
        let one = date_axis(&area, &font, d(2024, 1, 1), d(2024, 1, 1), 600, &style);
        assert_eq!(one.labels, vec!["1 gen 2024".to_owned()]);
    }

    #[test]
    fn row_axis_starts_at_one() {
        let a = row_axis(50, 5, Locale::EN, "row".into());
        assert_eq!(a.ticks[0], 1.0);
        assert!(
            a.ticks.len() <= 7 && *a.ticks.last().unwrap() <= 50.0,
            "{a:?}"
        );
        let one = row_axis(1, 5, Locale::EN, "row".into());
        assert_eq!(one.ticks, vec![1.0]);
    }
}
