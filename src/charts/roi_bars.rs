//! A ROI-family metric (ROI, ROAS, CPA, cost per new follower) per period as bars, with the
//! overall total as a reference line and an optional break-even line; undefined periods are gaps.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use social_roi_core::Date;

use super::axis::{draw_mesh, index_axis, tick_budget, value_axis, Axis, Layout, Plot};
use super::format::{self, DateStyle, Locale};
use super::style::{
    err, no_data, text_width, with_legend, with_title, ChartStyle, Entry, Frame, Swatch, BLUE,
    MUTED, TEXT,
};

/// Colour of the bars.
pub const BAR_COLOR: RGBColor = BLUE;

/// Which ratio the bars show; it decides units, labels and the break-even value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoiMetric {
    /// (revenue × margin − cost) / cost, as a fraction (0.35 = 35%); break-even at 0.
    Roi,
    /// revenue / cost; break-even at 1.
    Roas,
    /// cost / conversions, in money.
    Cpa,
    /// cost / new followers, in money.
    CostPerFollower,
}

impl RoiMetric {
    /// The value at which spending pays for itself, when the metric has one.
    pub fn break_even(self) -> Option<f64> {
        match self {
            RoiMetric::Roi => Some(0.0),
            RoiMetric::Roas => Some(1.0),
            RoiMetric::Cpa | RoiMetric::CostPerFollower => None,
        }
    }

    /// A value as people read this metric: `35.2%`, `2.45×`, `€12.50`.
    pub fn format(self, v: f64, currency: &str, loc: Locale) -> String {
        match self {
            RoiMetric::Roi => format::percent(v, 1, loc),
            RoiMetric::Roas if v.is_finite() => format!("{}×", format::sig(v, 3, loc)),
            RoiMetric::Roas => loc.missing().to_owned(),
            RoiMetric::Cpa | RoiMetric::CostPerFollower => format::money(v, 2, currency, loc),
        }
    }

    fn axis_title(self, currency: &str, style: &ChartStyle) -> String {
        let unit = if currency.is_empty() {
            String::new()
        } else {
            format!(" ({currency})")
        };
        match self {
            RoiMetric::Roi => style
                .pick("ROI (return on cost)", "ROI (ritorno sul costo)")
                .to_owned(),
            RoiMetric::Roas => style
                .pick("ROAS (revenue ÷ cost)", "ROAS (ricavi ÷ costi)")
                .to_owned(),
            RoiMetric::Cpa => format!(
                "{}{unit}",
                style.pick("CPA: cost per conversion", "CPA: costo per conversione")
            ),
            RoiMetric::CostPerFollower => format!(
                "{}{unit}",
                style.pick("cost per new follower", "costo per nuovo follower")
            ),
        }
    }
}

/// What the ROI bar chart draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoiBarsData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    pub metric: RoiMetric,
    /// Start date of each period (ascending), or `None` to label bars with row numbers.
    pub dates: Option<&'a [Date]>,
    /// One value per period; `None` (or NaN) where the metric is undefined.
    pub values: &'a [Option<f64>],
    /// The metric over all periods (ratio of sums), drawn as a reference line.
    pub total: Option<f64>,
    /// Also draw the break-even line (ROI 0%, ROAS 1×; ignored for CPA and cost per follower).
    pub break_even: bool,
    /// Currency symbol for CPA and cost per follower (e.g. "€"); empty for none.
    pub currency: &'a str,
}

/// Bar labels: month names for monthly periods, day and month otherwise (year in the title).
pub(crate) fn period_axis(dates: Option<&[Date]>, n: usize, style: &ChartStyle) -> Axis {
    let loc = style.locale;
    let hi = n as i64 - 1;
    let Some(d) = dates else {
        let desc = style.pick("row", "riga").to_owned();
        return index_axis(0, hi, |i| format::integer(i + 1, loc), desc);
    };
    let d = &d[..n];
    let monthly =
        d.iter().all(|x| x.day() == 1) && d.windows(2).all(|w| w[1].days() - w[0].days() >= 28);
    // "8 Jan" would be ambiguous over more than a year: then the year goes into every label.
    let one_year = match (d.first(), d.last()) {
        (Some(a), Some(b)) => a.year() == b.year() || b.days() - a.days() < 300,
        _ => true,
    };
    let dstyle = match (monthly, one_year) {
        (true, _) => DateStyle::MonthYear,
        (false, true) => DateStyle::DayMonth,
        (false, false) => DateStyle::DayMonthYear,
    };
    let word = style.pick("period", "periodo");
    let desc = match (dstyle, d.first(), d.last()) {
        (DateStyle::DayMonth, Some(a), Some(b)) if a.year() == b.year() => {
            format!("{word} ({})", a.year())
        }
        (DateStyle::DayMonth, Some(a), Some(b)) => format!("{word} ({}–{})", a.year(), b.year()),
        _ => word.to_owned(),
    };
    index_axis(0, hi, |i| format::date(d[i as usize], dstyle, loc), desc)
}

/// Draws the ROI bar chart (see [`RoiBarsData`]).
pub fn draw_roi_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RoiBarsData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let n = data
        .dates
        .map_or(data.values.len(), |d| d.len().min(data.values.len()));
    // Thousands of periods: each bar is the mean of consecutive periods (dated by the first).
    let (values, starts) =
        super::thin::bucket_means(data.values[..n].iter().copied(), super::thin::MAX_BARS);
    let bucket_dates: Option<Vec<Date>> =
        data.dates.map(|d| starts.iter().map(|&i| d[i]).collect());
    let dates = bucket_dates.as_deref();
    let n = values.len();
    if values.iter().all(Option::is_none) {
        let msg = style.pick(
            "Nothing to draw: the metric is undefined in every period.",
            "Niente da disegnare: la metrica non è definita in nessun periodo.",
        );
        return no_data(area, style, msg);
    }
    let total = data.total.filter(|t| t.is_finite());
    let even = data.break_even.then(|| data.metric.break_even()).flatten();
    let (lo, hi) = values
        .iter()
        .flatten()
        .chain(&total)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let mut include = vec![0.0];
    include.extend(even);

    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let mut entries = Vec::new();
    if let Some(t) = total {
        let label = format!(
            "{}: {}",
            style.pick("total", "totale"),
            data.metric.format(t, data.currency, loc)
        );
        entries.push(Entry::new(Swatch::Line(TEXT), label));
    }
    if let Some(e) = even {
        let label = format!(
            "{}: {}",
            style.pick("break-even", "pareggio"),
            data.metric.format(e, data.currency, loc)
        );
        entries.push(Entry::new(Swatch::Line(MUTED), label));
    }
    let plot_area = with_legend(&body, &fr.within(&body), style, &entries)?;
    let fr = fr.within(&plot_area);
    let font = fr.label(style);
    let y_desc = data.metric.axis_title(data.currency, style);
    let percent = data.metric == RoiMetric::Roi;
    let axes = |w: u32, h: u32| {
        let x = period_axis(dates, n, style).thin(&plot_area, &font, w);
        let y = value_axis(
            lo,
            hi,
            &include,
            tick_budget(&fr, h),
            loc,
            percent,
            y_desc.clone(),
        );
        (x, y)
    };
    let (lay, x, y) = Layout::settle(&plot_area, &fr, style, fr.w / 8, axes);
    let mut plot = lay.build(&plot_area, &fr, &x, &y)?;
    draw_mesh(&mut plot, &plot_area, &fr, style, &x, &y, false)?;

    let when = |i: usize| {
        dates.map_or_else(
            || format::integer(starts[i] as i64 + 1, loc),
            |d| format::date(d[i], DateStyle::DayMonthYear, loc),
        )
    };
    // "n/a" over an undefined period when there is room for it.
    let (pw, _) = plot.plotting_area().dim_in_pixel();
    let small = fr.font(style, 0.85).color(&MUTED);
    let room = f64::from(text_width(&plot_area, loc.missing(), &small)) < f64::from(pw) / n as f64;
    draw_bars(&mut plot, &values, 0.4, room, &small, style, |i, v| {
        let shown = v.map_or_else(
            || loc.missing().to_owned(),
            |v| data.metric.format(v, data.currency, loc),
        );
        format!("{}: {shown}", when(i))
    })?;

    let (x0, x1) = (-0.5, n as f64 - 0.5);
    if let Some(e) = even {
        plot.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x0, e), (x1, e)],
            6,
            4,
            MUTED.stroke_width(2),
        )))
        .map_err(err)?;
    }
    if let Some(t) = total {
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(x0, t), (x1, t)],
            TEXT.stroke_width(2),
        )))
        .map_err(err)?;
    }
    Ok(())
}

/// Bars from 0 to each value (`half`: half a bar's width in index units), a hover label per bar
/// (`tip(index, value)`), and "n/a" over each undefined one when `mark_gaps` (so a gap is not read
/// as zero). Shared by the period and the channel charts.
pub(crate) fn draw_bars<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    values: &[Option<f64>],
    half: f64,
    mark_gaps: bool,
    small: &TextStyle,
    style: &ChartStyle,
    tip: impl Fn(usize, Option<f64>) -> String,
) -> Result<(), String> {
    let loc = style.locale;
    let bars = values.iter().enumerate().filter_map(|(i, v)| {
        let i = i as f64;
        v.map(|v| Rectangle::new([(i - half, 0.0), (i + half, v)], BAR_COLOR.filled()))
    });
    plot.draw_series(bars).map_err(err)?;
    if super::tips::active() {
        for (i, v) in values.iter().enumerate() {
            let (a, b) = ((i as f64 - half, 0.0), (i as f64 + half, v.unwrap_or(0.0)));
            super::tips::on_plot(plot, a, b, || tip(i, *v));
        }
    }
    if mark_gaps {
        let na = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_none())
            .map(|(i, _)| {
                EmptyElement::at((i as f64, 0.0))
                    + Text::new(
                        loc.missing().to_owned(),
                        (0, -3),
                        small.pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )
            });
        plot.draw_series(na).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_values_read_naturally() {
        let it = Locale::IT;
        assert_eq!(RoiMetric::Roi.format(0.352, "", it), "35,2%");
        assert_eq!(RoiMetric::Roas.format(2.456, "", it), "2,46×");
        assert_eq!(RoiMetric::Cpa.format(12.5, "€", it), "12,50 €");
        assert_eq!(
            RoiMetric::CostPerFollower.format(0.5, "€", Locale::EN),
            "€0.50"
        );
        assert_eq!(RoiMetric::Roas.format(f64::NAN, "", it), "n.d.");
        assert_eq!(RoiMetric::Roi.break_even(), Some(0.0));
        assert_eq!(RoiMetric::Roas.break_even(), Some(1.0));
        assert_eq!(RoiMetric::Cpa.break_even(), None);
    }

    #[test]
    fn monthly_periods_are_labelled_by_month() {
        let style = ChartStyle::new(format::Lang::It);
        let d: Vec<Date> = (1..=3)
            .map(|m| Date::from_ymd(2024, m, 1).unwrap())
            .collect();
        let a = period_axis(Some(&d), 3, &style);
        assert_eq!(a.labels, vec!["gen 2024", "feb 2024", "mar 2024"]);
        let w: Vec<Date> = (0..3)
            .map(|i| Date::from_days(Date::from_ymd(2024, 1, 1).unwrap().days() + 7 * i))
            .collect();
        let a = period_axis(Some(&w), 3, &style);
        assert_eq!(a.labels, vec!["1 gen", "8 gen", "15 gen"]);
        assert_eq!(a.desc, "periodo (2024)");
        let rows = period_axis(None, 2, &style);
        assert_eq!(rows.labels, vec!["1", "2"]);
    }
}
