//! Scatter of (x, y) pairs with the fitted regression line and its 95% confidence band for the mean.
//!
//! The line and band are drawn from the numbers the caller passes ([`Fit`], normally the engine's
//! regression), not re-estimated here, so the chart cannot disagree with the report.
//! [`Fit::from_points`] computes them from the points when the caller has nothing else.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{draw_mesh, tick_budget, value_axis, Layout};
use super::style::{
    err, mix, no_data, with_legend, with_title, ChartStyle, Entry, Frame, Swatch, BLUE, VERMILLION,
};

/// What the 95% confidence band of the mean needs: half-width at x is
/// `t_crit · resid_se · √(1/n + (x − x_mean)² / sxx)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Complete pairs used by the fit.
    pub n: usize,
    /// Mean of x over those pairs.
    pub x_mean: f64,
    /// Σ(x − x̄)² over those pairs.
    pub sxx: f64,
    /// Residual standard error, √(Σ residual² / (n − 2)).
    pub resid_se: f64,
    /// Two-sided 95% critical value of Student's t with n − 2 degrees of freedom.
    pub t_crit: f64,
}

impl Band {
    /// Half-width of the band at `x` (NaN when the parameters cannot define one).
    pub fn half_width(&self, x: f64) -> f64 {
        if self.n < 3 || self.sxx.is_nan() || self.sxx <= 0.0 {
            return f64::NAN;
        }
        let dx = x - self.x_mean;
        self.t_crit * self.resid_se * (1.0 / self.n as f64 + dx * dx / self.sxx).sqrt()
    }
}

/// The fitted line y = intercept + slope · x, and optionally its band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub slope: f64,
    pub intercept: f64,
    pub band: Option<Band>,
}

impl Fit {
    /// Least squares over the complete pairs of `x` and `y` (NaN = missing); `t_crit` as in
    /// [`Band`]. `None` with fewer than 2 pairs or constant x; no band with fewer than 3 pairs.
    pub fn from_points(x: &[f64], y: &[f64], t_crit: f64) -> Option<Fit> {
        let pairs: Vec<(f64, f64)> = complete_pairs(x, y);
        let n = pairs.len();
        if n < 2 {
            return None;
        }
        let xm = pairs.iter().map(|p| p.0).sum::<f64>() / n as f64;
        let ym = pairs.iter().map(|p| p.1).sum::<f64>() / n as f64;
        let sxx: f64 = pairs.iter().map(|p| (p.0 - xm).powi(2)).sum();
        let sxy: f64 = pairs.iter().map(|p| (p.0 - xm) * (p.1 - ym)).sum();
        if sxx.is_nan() || sxx <= 0.0 {
            return None;
        }
        let slope = sxy / sxx;
        let intercept = ym - slope * xm;
        let band = (n >= 3).then(|| {
            let sse: f64 = pairs
                .iter()
                .map(|p| (p.1 - intercept - slope * p.0).powi(2))
                .sum();
            Band {
                n,
                x_mean: xm,
                sxx,
                resid_se: (sse / (n - 2) as f64).sqrt(),
                t_crit,
            }
        });
        Some(Fit {
            slope,
            intercept,
            band,
        })
    }
}

/// What the scatter chart draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScatterData<'a> {
    /// Drawn across the top; empty for none.
    pub title: &'a str,
    /// Column names, used as axis titles.
    pub x_name: &'a str,
    pub y_name: &'a str,
    /// Paired values; a row with either value missing (NaN) is not drawn.
    pub x: &'a [f64],
    pub y: &'a [f64],
    pub fit: Option<Fit>,
}

fn complete_pairs(x: &[f64], y: &[f64]) -> Vec<(f64, f64)> {
    x.iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(&a, &b)| (a, b))
        .collect()
}

/// Points along the band's edges: enough for a smooth hyperbola at any width.
const BAND_STEPS: usize = 48;

/// Draws the scatter chart (see [`ScatterData`]).
pub fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ScatterData,
    style: &ChartStyle,
) -> Result<(), String> {
    let loc = style.locale;
    let pts = complete_pairs(data.x, data.y);
    if pts.is_empty() {
        let msg = style.pick(
            "Nothing to draw: no row has both values.",
            "Niente da disegnare: nessuna riga ha entrambi i valori.",
        );
        return no_data(area, style, msg);
    }
    let (x_lo, x_hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.0), h.max(p.0))
        });
    let (mut y_lo, mut y_hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.1), h.max(p.1))
        });

    // The line and band only over the observed x range: extrapolating would be a guess.
    let fit = data
        .fit
        .filter(|f| f.slope.is_finite() && f.intercept.is_finite() && x_hi > x_lo);
    let xs: Vec<f64> = (0..=BAND_STEPS)
        .map(|i| x_lo + (x_hi - x_lo) * i as f64 / BAND_STEPS as f64)
        .collect();
    let line: Vec<(f64, f64)> = fit
        .map(|f| xs.iter().map(|&x| (x, f.intercept + f.slope * x)).collect())
        .unwrap_or_default();
    let band: Vec<(f64, f64, f64)> = match fit.and_then(|f| f.band) {
        Some(b) => line
            .iter()
            .map(|&(x, y)| (x, y, b.half_width(x)))
            .filter(|t| t.2.is_finite())
            .collect(),
        None => Vec::new(),
    };
    for &(_, y, h) in &band {
        (y_lo, y_hi) = (y_lo.min(y - h), y_hi.max(y + h));
    }
    for &(_, y) in &line {
        (y_lo, y_hi) = (y_lo.min(y), y_hi.max(y));
    }

    let fr = Frame::of(area);
    let body = with_title(area, &fr, style, data.title)?;
    let band_color = mix(VERMILLION, WHITE, 0.8);
    let mut entries = Vec::new();
    if let Some(f) = fit {
        let eq = format!(
            "{}: y = {} {} {} · x",
            style.pick("fitted line", "retta stimata"),
            super::format::number(f.intercept, loc),
            if f.slope < 0.0 { "-" } else { "+" },
            super::format::number(f.slope.abs(), loc)
        );
        entries.push(Entry::new(Swatch::Line(VERMILLION), eq));
        if band.len() > 1 {
            let text = style.pick(
                "95% confidence band (mean)",
                "banda di confidenza 95% (media)",
            );
            entries.push(Entry::new(Swatch::Band(band_color), text));
        }
    }
    let plot_area = with_legend(&body, &fr.within(&body), style, &entries)?;
    let fr = fr.within(&plot_area);
    let axes = |w: u32, h: u32| {
        let x = value_axis(
            x_lo,
            x_hi,
            &[],
            tick_budget(&fr, w).min(6),
            loc,
            false,
            data.x_name.to_owned(),
        );
        let y = value_axis(
            y_lo,
            y_hi,
            &[],
            tick_budget(&fr, h),
            loc,
            false,
            data.y_name.to_owned(),
        );
        (x, y)
    };
    let (lay, x, y) = Layout::settle(&plot_area, &fr, style, fr.w / 8, axes);
    let mut plot = lay.build(&plot_area, &fr, &x, &y)?;
    draw_mesh(&mut plot, &plot_area, &fr, style, &x, &y, true)?;

    if band.len() > 1 {
        let outline: Vec<(f64, f64)> = band
            .iter()
            .map(|&(x, y, h)| (x, y + h))
            .chain(band.iter().rev().map(|&(x, y, h)| (x, y - h)))
            .collect();
        plot.draw_series(std::iter::once(Polygon::new(outline, band_color.filled())))
            .map_err(err)?;
    }
    plot.draw_series(
        // Ranges use every point; past a few thousand, an evenly spaced sample is drawn.
        super::thin::evenly(&pts, super::thin::MAX_SCATTER_POINTS)
            .into_iter()
            .map(|p| Circle::new(p, 3, BLUE.mix(0.75).filled())),
    )
    .map_err(err)?;
    if super::tips::active() {
        for &(x, y) in &super::thin::evenly(&pts, super::tips::MAX_TIPS) {
            let c = plot.backend_coord(&(x, y));
            super::tips::add((c.0 - 4, c.1 - 4), (c.0 + 4, c.1 + 4), || {
                format!(
                    "{}: {}, {}: {}",
                    data.x_name,
                    super::format::number(x, style.locale),
                    data.y_name,
                    super::format::number(y, style.locale)
                )
            });
        }
    }
    if let (Some(a), Some(b)) = (line.first(), line.last()) {
        // Two end points: sampled points would round to a staircase of pixels.
        plot.draw_series(LineSeries::new([*a, *b], VERMILLION.stroke_width(2)))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_and_band_from_points() {
        let x = [1.0, 2.0, 3.0, 4.0, f64::NAN];
        let y = [2.0, 4.1, 5.9, 8.0, 100.0];
        let f = Fit::from_points(&x, &y, 4.302652729911275).unwrap();
        assert!((f.slope - 1.98).abs() < 1e-12, "{f:?}");
        assert!((f.intercept - 0.05).abs() < 1e-12, "{f:?}");
        let b = f.band.unwrap();
        assert_eq!(b.n, 4);
        assert!((b.sxx - 5.0).abs() < 1e-12);
        // Narrowest at the mean of x, symmetric around it.
        assert!(b.half_width(2.5) < b.half_width(1.0));
        assert!((b.half_width(1.0) - b.half_width(4.0)).abs() < 1e-12);
    }

    #[test]
    fn degenerate_fits() {
        assert!(Fit::from_points(&[1.0], &[1.0], 12.7).is_none());
        assert!(Fit::from_points(&[2.0, 2.0, 2.0], &[1.0, 2.0, 3.0], 12.7).is_none());
        let two = Fit::from_points(&[1.0, 2.0], &[1.0, 3.0], 1.0).unwrap();
        assert!(two.band.is_none());
        let bad = Band {
            n: 2,
            x_mean: 0.0,
            sxx: 1.0,
            resid_se: 1.0,
            t_crit: 1.0,
        };
        assert!(bad.half_width(0.0).is_nan());
    }
}
