//! One ROI-family metric (ROI, ROAS or CPA) per channel as bars, side by side, with the break-even
//! line where the metric has one; a channel where the metric is undefined is a marked gap.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::axis::{draw_mesh, index_axis, tick_budget, value_axis, Layout};
use super::roi_bars::{draw_bars, RoiMetric};
use super::style::{
    err, no_data, with_legend, with_title, ChartStyle, Entry, Frame, Swatch, MUTED,
};

/// What the channel chart draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelBarsData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    pub metric: RoiMetric,
    /// (channel name, value or `None` where undefined), in the order to draw.
    pub channels: &'a [(String, Option<f64>)],
    /// Currency symbol for CPA (e.g. "€"); empty for none.
    pub currency: &'a str,
}

/// Draws the channel bar chart (see [`ChannelBarsData`]).
pub fn draw_channel_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChannelBarsData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let values: Vec<Option<f64>> = data
        .channels
        .iter()
        .map(|(_, v)| v.filter(|v| v.is_finite()))
        .collect();
    let n = values.len();
    if values.iter().all(Option::is_none) {
        let msg = style.pick(
            "Nothing to draw: the metric is undefined in every channel.",
            "Niente da disegnare: la metrica non è definita in nessun canale.",
        );
        return no_data(area, style, msg);
    }
    let even = data.metric.break_even();
    let (lo, hi) = values
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let mut include = vec![0.0];
    include.extend(even);

    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let entries: Vec<Entry> = even
        .map(|e| {
            let label = format!(
                "{}: {}",
                style.pick("break-even", "pareggio"),
                data.metric.format(e, data.currency, loc)
            );
            Entry::new(Swatch::Line(MUTED), label)
        })
        .into_iter()
        .collect();
    let plot_area = with_legend(&body, &fr.within(&body), style, &entries)?;
    let fr = fr.within(&plot_area);
    let font = fr.label(style);
    let desc = style.pick("channel", "canale").to_owned();
    let percent = data.metric == RoiMetric::Roi;
    let y_desc = match data.metric {
        RoiMetric::Roi => "ROI".to_owned(),
        RoiMetric::Roas => "ROAS".to_owned(),
        _ if data.currency.is_empty() => "CPA".to_owned(),
        _ => format!("CPA ({})", data.currency),
    };
    let axes = |w: u32, h: u32| {
        let names = |i: i64| data.channels[i as usize].0.clone();
        let x = index_axis(0, n as i64 - 1, names, desc.clone()).thin(&plot_area, &font, w);
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

    let small = fr.font(style, 0.85).color(&MUTED);
    draw_bars(&mut plot, &values, 0.35, true, &small, style, |i, v| {
        let shown = v.map_or_else(
            || loc.missing().to_owned(),
            |v| data.metric.format(v, data.currency, loc),
        );
        format!("{}: {shown}", data.channels[i].0)
    })?;
    if let Some(e) = even {
        plot.draw_series(std::iter::once(DashedPathElement::new(
            vec![(-0.5, e), (n as f64 - 0.5, e)],
            6,
            4,
            MUTED.stroke_width(2),
        )))
        .map_err(err)?;
    }
    Ok(())
}
