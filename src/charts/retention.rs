//! Customer retention charts: new vs returning customers per period (stacked bars) and the cohort
//! triangle (share of each first-order cohort that ordered again k periods later).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use social_roi_core::Date;

use super::axis::{draw_mesh, tick_budget, value_axis, Layout};
use super::format::{self, DateStyle};
use super::roi_bars::period_axis;
use super::style::{
    contrast_ratio, err, fit, mix, no_data, text_at, text_on, text_width, with_legend, with_title,
    ChartStyle, Entry, Frame, Swatch, BLUE, MUTED, ORANGE,
};

/// Colour of the new customers' part of a bar.
pub const NEW_COLOR: RGBColor = ORANGE;
/// Colour of the returning customers' part of a bar.
pub const RETURNING_COLOR: RGBColor = BLUE;

/// What the new-vs-returning chart draws: one stacked bar per period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewReturningData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    /// Start date of each period (ascending).
    pub dates: &'a [Date],
    /// Customers whose first order in the data falls in the period.
    pub new: &'a [f64],
    /// Customers ordering in the period who had ordered in an earlier one.
    pub returning: &'a [f64],
}

/// Draws the stacked bars (returning at the bottom, new on top).
pub fn draw_new_returning<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &NewReturningData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let n = data
        .dates
        .len()
        .min(data.new.len())
        .min(data.returning.len());
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let ret: Vec<f64> = data.returning[..n].iter().map(|&v| clean(v)).collect();
    let new: Vec<f64> = data.new[..n].iter().map(|&v| clean(v)).collect();
    let top = ret.iter().zip(&new).map(|(a, b)| a + b).fold(0.0, f64::max);
    if n == 0 || top <= 0.0 {
        let msg = style.pick(
            "Nothing to draw: no identified customer ordered.",
            "Niente da disegnare: nessun cliente identificato ha ordinato.",
        );
        return no_data(area, style, msg);
    }
    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let entries = [
        Entry::new(
            Swatch::Band(RETURNING_COLOR),
            style.pick("returning customers", "clienti di ritorno"),
        ),
        Entry::new(
            Swatch::Band(NEW_COLOR),
            style.pick("new customers", "nuovi clienti"),
        ),
    ];
    let plot_area = with_legend(&body, &fr.within(&body), style, &entries)?;
    let fr = fr.within(&plot_area);
    let font = fr.label(style);
    let y_desc = style.pick("customers", "clienti").to_owned();
    let axes = |w: u32, h: u32| {
        let x = period_axis(Some(data.dates), n, style).thin(&plot_area, &font, w);
        let y = value_axis(
            0.0,
            top,
            &[0.0],
            tick_budget(&fr, h),
            loc,
            false,
            y_desc.clone(),
        );
        (x, y)
    };
    let (lay, x, y) = Layout::settle(&plot_area, &fr, style, fr.w / 8, axes);
    let mut plot = lay.build(&plot_area, &fr, &x, &y)?;
    draw_mesh(&mut plot, &plot_area, &fr, style, &x, &y, false)?;
    let bars = (0..n).flat_map(|i| {
        let x = i as f64;
        let (r, s) = (ret[i], ret[i] + new[i]);
        [
            (r > 0.0)
                .then(|| Rectangle::new([(x - 0.4, 0.0), (x + 0.4, r)], RETURNING_COLOR.filled())),
            (s > r).then(|| Rectangle::new([(x - 0.4, r), (x + 0.4, s)], NEW_COLOR.filled())),
        ]
        .into_iter()
        .flatten()
    });
    plot.draw_series(bars).map_err(err)?;
    for i in 0..n {
        let x = i as f64;
        super::tips::on_plot(&plot, (x - 0.4, 0.0), (x + 0.4, ret[i] + new[i]), || {
            format!(
                "{}: {} {}, {} {}",
                format::date(data.dates[i], DateStyle::DayMonthYear, loc),
                format::number(new[i], loc),
                style.pick("new", "nuovi"),
                format::number(ret[i], loc),
                style.pick("returning", "di ritorno"),
            )
        });
    }
    Ok(())
}

/// One cohort: the customers whose first order fell in the period starting `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    pub start: Date,
    /// Customers in the cohort.
    pub size: usize,
    /// Share (0–1) of the cohort ordering again 1, 2, … periods later; `None` where undefined.
    pub shares: Vec<Option<f64>>,
}

/// What the cohort triangle draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    pub cohorts: &'a [CohortRow],
    /// True for monthly periods (labels "Jan 2024"), else day-month labels.
    pub monthly: bool,
}

/// Most cohorts and offsets drawn: beyond that the cells would be too small to read, and the
/// table view has them all.
pub const MAX_COHORTS: usize = 36;

/// Fill of a cell: white → blue with the share relative to the largest share in the table.
pub fn cohort_fill(share: f64, max: f64) -> RGBColor {
    let t = if max > 0.0 && share.is_finite() {
        (share / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    mix(WHITE, BLUE, 0.08 + 0.92 * t)
}

/// Draws the cohort triangle: one row per cohort (newest at the bottom), one column per offset.
pub fn draw_cohorts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &CohortData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let start = data.cohorts.len().saturating_sub(MAX_COHORTS);
    let rows = &data.cohorts[start..];
    let k = rows
        .iter()
        .map(|c| c.shares.len())
        .max()
        .unwrap_or(0)
        .min(MAX_COHORTS);
    let max = rows
        .iter()
        .flat_map(|c| c.shares.iter().take(k).flatten())
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    if rows.is_empty() || k == 0 {
        let msg = style.pick(
            "Nothing to draw: the data cover a single period, so nobody could order again.",
            "Niente da disegnare: i dati coprono un solo periodo, quindi nessuno poteva riordinare.",
        );
        return no_data(area, style, msg);
    }
    let fr0 = Frame::of(area);
    let body = with_title(area, &fr0, style, data.title)?;
    let fr = fr0.within(&body);
    let m = fr.margin as i32;
    let dstyle = if data.monthly {
        DateStyle::MonthYear
    } else {
        DateStyle::DayMonthYear
    };
    let labels: Vec<String> = rows
        .iter()
        .map(|c| {
            format!(
                "{} ({})",
                format::date(c.start, dstyle, loc),
                format::integer(c.size as i64, loc)
            )
        })
        .collect();
    let font = fr.label(style);
    let lab = labels
        .iter()
        .map(|l| text_width(&body, l, &font) as i32)
        .max()
        .unwrap_or(0)
        .min(fr.w as i32 / 3)
        + 6;
    let head = fr.line() as i32 + 4;
    let foot = fr.line() as i32 + 6;
    let (w, h) = (fr.w as i32, fr.h as i32);
    let cw = ((w - 2 * m - lab) / k as i32).max(1);
    let ch = ((h - 2 * m - head - foot) / rows.len() as i32)
        .max(1)
        .min(cw.max(fr.line() as i32 + 4));
    let (gx, gy) = (m + lab, m + head);
    // Cell text when "100%" fits; otherwise colour only (the table view has the numbers).
    let cell_font = fr.font(style, 0.85);
    let show_text =
        text_width(&body, "100%", &cell_font) as i32 + 4 <= cw && (fr.px * 0.85) as i32 + 2 <= ch;
    let gap = i32::from(cw >= 8 && ch >= 8);
    // Offsets across the top ("+1", "+2", …), every n-th when they do not fit.
    let stride = ((text_width(&body, "+88", &font) as i32 + 6) / cw + 1).max(1) as usize;
    for j in (0..k).step_by(stride) {
        text_at(
            &body,
            &format!("+{}", j + 1),
            &font,
            (gx + j as i32 * cw + cw / 2, gy - 4),
            HPos::Center,
            VPos::Bottom,
        )?;
    }
    let lstride = ((fr.line() as i32) / ch + 1).max(1) as usize;
    for (i, (c, label)) in rows.iter().zip(&labels).enumerate() {
        let y = gy + i as i32 * ch;
        if i % lstride == 0 {
            let shown = fit(&body, label, &font, (lab - 6).max(0) as u32);
            text_at(
                &body,
                &shown,
                &font,
                (gx - 4, y + ch / 2),
                HPos::Right,
                VPos::Center,
            )?;
        }
        for (j, share) in c.shares.iter().take(k).enumerate() {
            let x = gx + j as i32 * cw;
            let Some(s) = share.filter(|s| s.is_finite()) else {
                continue;
            };
            super::tips::on_area(&body, (x, y), (x + cw - gap, y + ch - gap), || {
                format!("{label}, +{}: {}", j + 1, format::percent(s, 1, loc))
            });
            let fill = cohort_fill(s, max);
            body.draw(&Rectangle::new(
                [(x, y), (x + cw - gap, y + ch - gap)],
                fill.filled(),
            ))
            .map_err(err)?;
            if show_text {
                let ink = text_on(fill);
                debug_assert!(contrast_ratio(fill, ink) >= 4.5);
                text_at(
                    &body,
                    &format::percent(s, 0, loc),
                    &cell_font.color(&ink),
                    (x + (cw - gap) / 2, y + (ch - gap) / 2),
                    HPos::Center,
                    VPos::Center,
                )?;
            }
        }
    }
    let note = style.pick(
        "row: first-order period (customers); column: periods later; cell: share ordering again",
        "riga: periodo del primo ordine (clienti); colonna: periodi dopo; cella: quota che riordina",
    );
    let note_font = fr.label(style).color(&MUTED);
    let shown = fit(&body, note, &note_font, (w - 2 * m).max(0) as u32);
    let ny = (gy + rows.len() as i32 * ch + foot / 2 + 2).min(h - m);
    text_at(&body, &shown, &note_font, (m, ny), HPos::Left, VPos::Center)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_go_from_pale_to_blue_and_text_stays_readable() {
        assert_eq!(cohort_fill(0.5, 0.5), BLUE);
        assert_ne!(cohort_fill(0.0, 0.5), WHITE);
        for i in 0..=20 {
            let f = cohort_fill(f64::from(i) / 20.0, 1.0);
            assert!(contrast_ratio(f, text_on(f)) >= 4.5, "share {i}/20");
        }
        assert_eq!(cohort_fill(f64::NAN, 1.0), cohort_fill(0.0, 1.0));
    }
}
