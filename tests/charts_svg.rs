//! Native snapshot tests of every chart, rendered to SVG with plotters' naive font metrics.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change run
//! `UPDATE_EXPECT=1 cargo test -p social-roi --test charts_svg` and review the diff.
//! Besides snapshots, each test checks things a wrong chart would get wrong: element counts,
//! colours, gaps, escaping, locale formatting, and that degenerate data does not panic.
#![cfg(not(target_arch = "wasm32"))]

use expect_test::expect_file;
use plotters::prelude::*;
use social_roi::charts::before_after::{
    draw_before_after, BeforeAfter, BeforeAfterData, AFTER_COLOR, BEFORE_COLOR,
};
use social_roi::charts::channel_bars::{draw_channel_bars, ChannelBarsData};
use social_roi::charts::heatmap::{
    draw_heatmap, HeatCell, HeatmapData, COLORBAR_STEPS, UNDEFINED_FILL,
};
use social_roi::charts::lag::{draw_lag, LagData, LagPoint, BAR_COLOR, BEST_COLOR};
use social_roi::charts::retention::{
    draw_cohorts, draw_new_returning, CohortData, CohortRow, NewReturningData, NEW_COLOR,
    RETURNING_COLOR,
};
use social_roi::charts::roi_bars::{draw_roi_bars, RoiBarsData, RoiMetric};
use social_roi::charts::scatter::{draw_scatter, Fit, ScatterData};
use social_roi::charts::series::{
    draw_series, draw_series_with, passes, Series, SeriesData, TwoSeries,
};
use social_roi::charts::style::{BLUE, MUTED, VERMILLION};
use social_roi::charts::{to_svg, ChartStyle, Lang};
use social_roi_core::Date;

const HOSTILE: &str = "<img src=x onerror=alert(1)>";
const LONG: &str = "Organic reach of sponsored posts on Instagram, Facebook and TikTok";

fn en() -> ChartStyle {
    ChartStyle::new(Lang::En)
}

fn it() -> ChartStyle {
    ChartStyle::new(Lang::It)
}

/// `n` Mondays from 2024-01-01.
fn weeks(n: i32) -> Vec<Date> {
    let start = Date::from_ymd(2024, 1, 1).unwrap().days();
    (0..n).map(|i| Date::from_days(start + 7 * i)).collect()
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Lines of the SVG that are `<tag …>` elements (plotters writes one element per line), without
/// the transparent hover boxes (see [`tips`]).
fn elements<'s>(svg: &'s str, tag: &str) -> Vec<&'s str> {
    let open = format!("<{tag} ");
    svg.lines()
        .filter(|l| l.starts_with(&open) && !l.contains("<title>"))
        .collect()
}

/// The hover labels (`<title>` of the transparent boxes over the marks), in drawing order.
fn tips(svg: &str) -> Vec<&str> {
    svg.lines()
        .filter_map(|l| l.split_once("<title>"))
        .filter_map(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t)
        .collect()
}

/// Filled rectangles of one colour.
fn rects(svg: &str, color: RGBColor) -> usize {
    let fill = format!("fill=\"{}\"", hex(color));
    elements(svg, "rect")
        .iter()
        .filter(|l| l.contains(&fill))
        .count()
}

/// Polylines of one colour.
fn polylines(svg: &str, color: RGBColor) -> usize {
    let stroke = format!("stroke=\"{}\"", hex(color));
    elements(svg, "polyline")
        .iter()
        .filter(|l| l.contains(&stroke))
        .count()
}

/// Text contents, in drawing order.
fn texts(svg: &str) -> Vec<&str> {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text "))
        .map(|w| w[1])
        .collect()
}

/// Draws into an SVG string and also returns the chart function's result.
fn render<F>(size: (u32, u32), draw: F) -> (Result<(), String>, String)
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
{
    let mut out = String::new();
    let result = {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let r = draw(&area);
        area.present().expect("present");
        r
    };
    (result, out)
}

// ---------------------------------------------------------------------------------------------
// Series

const REVENUE: [f64; 8] = [120.0, 135.5, 150.0, f64::NAN, 160.0, 171.25, 180.0, 176.0];
const SPEND: [f64; 8] = [40.0, 42.0, 45.0, 50.0, f64::NAN, 55.0, 60.0, 58.0];

#[test]
fn series_single_draws_gaps_not_invented_values() {
    let dates = weeks(8);
    let data = SeriesData::single("revenue", Some(&dates), &REVENUE);
    let svg = to_svg((720, 400), |a| draw_series(a, &data, &en()));
    expect_file!["snapshots/series_single.svg"].assert_eq(&svg);
    assert_eq!(polylines(&svg, BLUE), 2, "one NaN splits the line in two");
    assert_eq!(
        elements(&svg, "circle").len(),
        7,
        "a marker per present value"
    );
    assert!(
        texts(&svg).contains(&"Jan 8"),
        "weekly ticks as short dates"
    );
    assert!(
        texts(&svg).contains(&"date (2024)"),
        "x axis title carries the year"
    );
    assert!(
        texts(&svg).contains(&"revenue"),
        "y axis titled with the column"
    );
}

/// The page makes a long series' passes in a task before it draws: the same SVG, hover strips
/// and thinned line included, short or long, with gaps.
#[test]
fn series_from_passes_made_before_is_the_same_svg() {
    let dates = weeks(8);
    let long: Vec<f64> = (0..5000)
        .map(|i| {
            if i % 97 == 5 {
                f64::NAN
            } else {
                ((i * 37) % 101) as f64 + i as f64 / 50.0
            }
        })
        .collect();
    let long_dates: Vec<_> = (0..5000)
        .map(|i| social_roi_core::Date::from_days(19_000 + i))
        .collect();
    for data in [
        SeriesData::single("revenue", Some(&dates), &REVENUE),
        SeriesData::single("long", Some(&long_dates), &long),
        SeriesData::single("long", None, &long),
    ] {
        let p = passes(&data);
        let n = data.first.values.iter().filter(|v| v.is_finite()).count();
        assert_eq!(p.present, n);
        let direct = to_svg((720, 400), |a| draw_series(a, &data, &en()));
        let before = to_svg((720, 400), |a| draw_series_with(a, &data, Some(&p), &en()));
        assert_eq!(before, direct);
    }
}

#[test]
fn series_two_indexed_to_100_in_italian() {
    let dates = weeks(8);
    let data = SeriesData {
        title: "Ricavi e spesa",
        dates: Some(&dates),
        first: Series {
            name: "ricavi",
            values: &REVENUE,
        },
        second: Some(Series {
            name: "spesa",
            values: &SPEND,
        }),
        mode: TwoSeries::Indexed,
    };
    let svg = to_svg((720, 400), |a| draw_series(a, &data, &it()));
    expect_file!["snapshots/series_indexed_it.svg"].assert_eq(&svg);
    assert!(
        texts(&svg).contains(&"indice (1 gen 2024 = 100)"),
        "{:?}",
        texts(&svg)
    );
    assert_eq!(polylines(&svg, BLUE), 2);
    assert_eq!(polylines(&svg, VERMILLION), 2);
    // Second series is marked by squares (plus one legend swatch per series).
    assert_eq!(rects(&svg, VERMILLION), 7 + 1);
    assert!(
        texts(&svg).iter().any(|t| t.contains("8 gen")),
        "Italian month names"
    );
}

#[test]
fn series_two_axes() {
    let dates = weeks(8);
    let big: Vec<f64> = SPEND.iter().map(|v| v * 1000.0).collect();
    let data = SeriesData {
        title: "",
        dates: Some(&dates),
        first: Series {
            name: "revenue",
            values: &REVENUE,
        },
        second: Some(Series {
            name: "impressions",
            values: &big,
        }),
        mode: TwoSeries::TwoAxes,
    };
    let svg = to_svg((720, 400), |a| draw_series(a, &data, &en()));
    expect_file!["snapshots/series_two_axes.svg"].assert_eq(&svg);
    let t = texts(&svg);
    assert!(
        t.contains(&"revenue (left axis)") && t.contains(&"impressions (right axis)"),
        "{t:?}"
    );
    assert!(t.contains(&"impressions"), "right axis titled");
    assert!(
        t.iter().any(|l| l.ends_with('k')),
        "large right-axis values in compact form: {t:?}"
    );
}

#[test]
fn series_without_dates_uses_row_numbers() {
    let data = SeriesData::single("click rate", None, &[0.03, 0.045, 0.02]);
    let svg = to_svg((360, 260), |a| draw_series(a, &data, &it()));
    let t = texts(&svg);
    assert!(t.contains(&"riga") && t.contains(&"1"), "{t:?}");
    assert!(
        t.iter().any(|l| l.contains(',')),
        "Italian decimal comma on the y axis: {t:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Scatter

const SPEND_X: [f64; 8] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, f64::NAN, 8.0];
const SALES_Y: [f64; 8] = [2.1, 3.9, 6.2, 8.1, 9.7, 12.2, 13.0, f64::NAN];

#[test]
fn scatter_with_line_and_band_in_italian() {
    let fit = Fit::from_points(&SPEND_X, &SALES_Y, 2.776445105197793);
    let data = ScatterData {
        title: "",
        x_name: "spesa (€)",
        y_name: "vendite",
        x: &SPEND_X,
        y: &SALES_Y,
        fit,
    };
    let svg = to_svg((720, 400), |a| draw_scatter(a, &data, &it()));
    expect_file!["snapshots/scatter_it.svg"].assert_eq(&svg);
    assert_eq!(
        elements(&svg, "circle").len(),
        6,
        "only complete pairs are points"
    );
    assert_eq!(elements(&svg, "polygon").len(), 1, "one confidence band");
    assert_eq!(polylines(&svg, VERMILLION), 1, "one fitted line");
    let t = texts(&svg);
    assert!(
        t.contains(&"spesa (€)") && t.contains(&"vendite"),
        "axis titles are the column names"
    );
    assert!(
        t.iter()
            .any(|l| l.starts_with("retta stimata: y = ") && l.contains(',')),
        "{t:?}"
    );
}

#[test]
fn scatter_without_fit_and_with_one_point() {
    let data = ScatterData {
        title: "",
        x_name: "x",
        y_name: "y",
        x: &[1.0],
        y: &[2.0],
        fit: None,
    };
    let (r, svg) = render((360, 300), |a| draw_scatter(a, &data, &en()));
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(elements(&svg, "circle").len(), 1);
    assert!(elements(&svg, "polygon").is_empty());
}

#[test]
fn scatter_long_and_hostile_names_are_shortened_and_escaped() {
    let data = ScatterData {
        title: HOSTILE,
        x_name: LONG,
        y_name: HOSTILE,
        x: &SPEND_X,
        y: &SALES_Y,
        fit: None,
    };
    let svg = to_svg((360, 300), |a| draw_scatter(a, &data, &en()));
    assert!(!svg.contains("<img"), "markup must not survive");
    assert!(
        svg.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "title escaped in full"
    );
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t.starts_with("Organic reach") && t.ends_with('…')),
        "long name shortened"
    );
}

// ---------------------------------------------------------------------------------------------
// Lag

fn lag_points() -> Vec<LagPoint> {
    let r = [0.05, -0.12, 0.10, 0.31, 0.22, 0.64, 0.41];
    (-3..=3)
        .zip(r)
        .map(|(k, r)| LagPoint {
            lag: k,
            r: Some(r),
            n: 40 - 2 * k.unsigned_abs() as usize,
        })
        .collect()
}

#[test]
fn lag_bars_with_best_lag_highlighted() {
    let lags = lag_points();
    let data = LagData {
        title: "spend → revenue",
        lags: &lags,
        best: Some(2),
        period: "weeks",
    };
    let svg = to_svg((720, 400), |a| draw_lag(a, &data, &en()));
    expect_file!["snapshots/lag.svg"].assert_eq(&svg);
    assert_eq!(
        rects(&svg, BAR_COLOR) + rects(&svg, BEST_COLOR),
        7,
        "one bar per lag"
    );
    assert_eq!(rects(&svg, BEST_COLOR), 1, "exactly one highlighted bar");
    // The highlighted bar is the tallest one, lag +2 (r = 0.64).
    let height = |l: &str| {
        l.split("height=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .and_then(|h| h.parse::<i32>().ok())
            .unwrap()
    };
    let best = elements(&svg, "rect")
        .into_iter()
        .find(|l| l.contains(&format!("fill=\"{}\"", hex(BEST_COLOR))))
        .unwrap();
    let tallest = elements(&svg, "rect")
        .into_iter()
        .filter(|l| l.contains(&format!("fill=\"{}\"", hex(BAR_COLOR))))
        .map(height)
        .max()
        .unwrap();
    assert!(height(best) > tallest);
    let t = texts(&svg);
    assert!(t.contains(&"best: +2"), "{t:?}");
    assert!(
        t.contains(&"lag (weeks)") && t.contains(&"-3") && t.contains(&"+3"),
        "{t:?}"
    );
}

#[test]
fn lag_in_italian_with_an_undefined_lag() {
    let mut lags = lag_points();
    lags[0].r = None;
    let data = LagData {
        title: "",
        lags: &lags,
        best: Some(2),
        period: "settimane",
    };
    let svg = to_svg((360, 300), |a| draw_lag(a, &data, &it()));
    expect_file!["snapshots/lag_it_phone.svg"].assert_eq(&svg);
    let t = texts(&svg);
    assert!(
        t.contains(&"migliore: +2") && t.contains(&"ritardo (settimane)"),
        "{t:?}"
    );
    assert!(t.contains(&"n.d."), "undefined lag marked");
    assert_eq!(rects(&svg, BAR_COLOR) + rects(&svg, BEST_COLOR), 6);
    assert!(
        t.iter().any(|l| l.starts_with("0,")),
        "decimal commas on the r axis: {t:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Heatmap

/// A k×k matrix with a deterministic pattern of r, significance and undefined cells.
fn matrix(k: usize) -> Vec<HeatCell> {
    (0..k * k)
        .map(|c| {
            let (i, j) = (c / k, c % k);
            if i == j {
                return HeatCell {
                    r: Some(1.0),
                    significant: true,
                };
            }
            if (i + j) % 11 == 5 {
                return HeatCell {
                    r: None,
                    significant: false,
                };
            }
            let r = (((i * 7 + j * 13) % 41) as f64 - 20.0) / 20.0;
            HeatCell {
                r: Some((r * 100.0).round() / 100.0),
                significant: r.abs() > 0.4,
            }
        })
        .collect()
}

#[test]
fn heatmap_13_columns_with_muted_and_undefined_cells() {
    let names: Vec<String> = (1..=13).map(|i| format!("column {i}")).collect();
    let mut names: Vec<&str> = names.iter().map(String::as_str).collect();
    names[3] = HOSTILE;
    names[7] = LONG;
    let cells = matrix(13);
    let data = HeatmapData {
        title: "Pearson r",
        names: &names,
        cells: &cells,
    };
    let svg = to_svg((720, 720), |a| draw_heatmap(a, &data, &en()));
    expect_file!["snapshots/heatmap_13.svg"].assert_eq(&svg);
    // Background + one rect per cell + colour bar blocks.
    assert_eq!(
        elements(&svg, "rect")
            .iter()
            .filter(|l| !l.contains("fill=\"none\""))
            .count(),
        1 + 169 + COLORBAR_STEPS
    );
    let undefined = cells.iter().filter(|c| c.r.is_none()).count();
    assert!(undefined > 0);
    assert_eq!(
        rects(&svg, UNDEFINED_FILL),
        undefined,
        "undefined cells greyed"
    );
    assert_eq!(
        texts(&svg).iter().filter(|t| **t == "n/a").count(),
        undefined,
        "and marked n/a"
    );
    let muted = cells
        .iter()
        .filter(|c| c.r.is_some() && !c.significant)
        .count();
    assert_eq!(
        svg.matches("font-style=\"italic\"").count(),
        muted,
        "non-significant values in italics"
    );
    assert!(
        texts(&svg).contains(&"-0.95") || texts(&svg).iter().any(|t| t.starts_with("-0.")),
        "r to 2 decimals"
    );
    assert!(
        !svg.contains("<img") && svg.contains("&lt;img"),
        "names escaped"
    );
    assert_eq!(
        svg.matches("rotate(270").count(),
        13,
        "every column labelled on the x axis"
    );
}

#[test]
fn heatmap_30_columns_in_italian() {
    let names: Vec<String> = (1..=30).map(|i| format!("metrica {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let cells = matrix(30);
    let data = HeatmapData {
        title: "",
        names: &names,
        cells: &cells,
    };
    let (r, svg) = render((720, 720), |a| draw_heatmap(a, &data, &it()));
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        elements(&svg, "rect")
            .iter()
            .filter(|l| !l.contains("fill=\"none\""))
            .count(),
        1 + 900 + COLORBAR_STEPS
    );
    let t = texts(&svg);
    assert!(
        t.contains(&"-0,5") && t.contains(&"0,5"),
        "colour bar in Italian: {t:?}"
    );
    assert!(
        !t.contains(&"n.d."),
        "cells too small for numbers: colour only, never some numbers"
    );
    let undefined = cells.iter().filter(|c| c.r.is_none()).count();
    assert_eq!(
        polylines(&svg, MUTED),
        undefined,
        "without text, undefined cells are crossed out"
    );
    assert!(
        t.iter().any(|l| l.ends_with("barrate: non definita")),
        "and the key says so: {t:?}"
    );
    // Exported large, the same matrix has every value written.
    let big = to_svg((1400, 1400), |a| draw_heatmap(a, &data, &it()));
    assert_eq!(
        texts(&big).iter().filter(|l| **l == "n.d.").count(),
        undefined
    );
    assert!(
        texts(&big).iter().any(|l| l.starts_with("-0,")),
        "r with decimal commas"
    );
    // On a phone the same matrix still draws (colour only, no cell text).
    let (r, _) = render((360, 360), |a| draw_heatmap(a, &data, &it()));
    assert!(r.is_ok());
}

// ---------------------------------------------------------------------------------------------
// Retention

#[test]
fn new_and_returning_customers_stack_per_week() {
    let dates = weeks(6);
    let new = [5.0, 4.0, 0.0, 3.0, f64::NAN, 2.0];
    let returning = [0.0, 1.0, 2.0, 3.0, 2.0, 0.0];
    let data = NewReturningData {
        title: "New and returning customers",
        dates: &dates,
        new: &new,
        returning: &returning,
    };
    let svg = to_svg((720, 400), |a| draw_new_returning(a, &data, &en()));
    expect_file!["snapshots/retention_new_returning.svg"].assert_eq(&svg);
    // A part only where it is above zero (the legend adds one swatch of each colour).
    assert_eq!(rects(&svg, NEW_COLOR), 4 + 1, "new parts");
    assert_eq!(rects(&svg, RETURNING_COLOR), 4 + 1, "returning parts");
    let t = texts(&svg);
    assert!(
        t.contains(&"returning customers") && t.contains(&"new customers"),
        "{t:?}"
    );
    let (r, _) = render((720, 400), |a| {
        draw_new_returning(
            a,
            &NewReturningData {
                title: "",
                dates: &dates,
                new: &[0.0; 6],
                returning: &[0.0; 6],
            },
            &it(),
        )
    });
    assert!(r.unwrap_err().contains("nessun cliente"));
}

#[test]
fn cohort_triangle_in_italian() {
    let months: Vec<Date> = (1..=4)
        .map(|m| Date::from_ymd(2024, m, 1).unwrap())
        .collect();
    let cohorts: Vec<CohortRow> = months
        .iter()
        .enumerate()
        .map(|(i, &start)| CohortRow {
            start,
            size: 10 + i,
            shares: (0..3 - i).map(|k| Some(0.3 / (k + 1) as f64)).collect(),
        })
        .collect();
    let data = CohortData {
        title: "Coorti",
        cohorts: &cohorts,
        monthly: true,
    };
    let svg = to_svg((720, 360), |a| draw_cohorts(a, &data, &it()));
    expect_file!["snapshots/retention_cohorts_it.svg"].assert_eq(&svg);
    // 3 + 2 + 1 cells of a triangle; the last cohort has none (nothing later to observe).
    let cells = elements(&svg, "rect")
        .iter()
        .filter(|l| !l.contains("fill=\"#FFFFFF\""))
        .count();
    assert_eq!(cells, 6, "{svg}");
    let t = texts(&svg);
    assert!(t.contains(&"gen 2024 (10)") && t.contains(&"+3"), "{t:?}");
    assert_eq!(t.iter().filter(|l| **l == "30%").count(), 3, "{t:?}");
    assert!(t.contains(&"15%") && t.contains(&"10%"), "{t:?}");
    let (r, _) = render((360, 200), |a| {
        draw_cohorts(
            a,
            &CohortData {
                title: "",
                cohorts: &cohorts[3..],
                monthly: true,
            },
            &en(),
        )
    });
    assert!(r.unwrap_err().contains("single period"));
}

// ---------------------------------------------------------------------------------------------
// ROI bars

#[test]
fn roi_bars_with_total_break_even_and_gaps() {
    let dates = weeks(8);
    let roi = [
        Some(0.42),
        Some(0.15),
        None,
        Some(-0.08),
        Some(0.33),
        Some(0.5),
        None,
        Some(0.27),
    ];
    let data = RoiBarsData {
        title: "ROI per week",
        metric: RoiMetric::Roi,
        dates: Some(&dates),
        values: &roi,
        total: Some(0.241),
        break_even: true,
        currency: "",
    };
    let svg = to_svg((720, 400), |a| draw_roi_bars(a, &data, &en()));
    expect_file!["snapshots/roi_bars.svg"].assert_eq(&svg);
    assert_eq!(
        rects(&svg, BLUE),
        6,
        "a bar per defined period, none for the gaps"
    );
    let t = texts(&svg);
    assert_eq!(
        t.iter().filter(|l| **l == "n/a").count(),
        2,
        "gaps marked: {t:?}"
    );
    assert!(
        t.contains(&"total: 24.1%") && t.contains(&"break-even: 0.0%"),
        "{t:?}"
    );
    assert!(t.iter().any(|l| l.ends_with('%')), "ROI axis in percent");
}

#[test]
fn roi_bars_cpa_in_italian_monthly() {
    let months: Vec<Date> = (1..=6)
        .map(|m| Date::from_ymd(2024, m, 1).unwrap())
        .collect();
    let cpa = [
        Some(12.5),
        Some(14.0),
        Some(1250.0),
        Some(9.75),
        None,
        Some(11.0),
    ];
    let data = RoiBarsData {
        title: "",
        metric: RoiMetric::Cpa,
        dates: Some(&months),
        values: &cpa,
        total: Some(18.35),
        break_even: true, // no break-even for a cost: ignored
        currency: "€",
    };
    let svg = to_svg((720, 400), |a| draw_roi_bars(a, &data, &it()));
    expect_file!["snapshots/roi_bars_cpa_it.svg"].assert_eq(&svg);
    let t = texts(&svg);
    assert!(t.contains(&"totale: 18,35 €"), "{t:?}");
    assert!(
        !t.iter().any(|l| l.starts_with("pareggio")),
        "CPA has no break-even"
    );
    assert!(
        t.contains(&"gen 2024") && t.contains(&"1.250") || t.iter().any(|l| l.contains('.')),
        "{t:?}"
    );
    assert!(t.contains(&"CPA: costo per conversione (€)"));
}

#[test]
fn roi_bars_thin_labels_on_a_phone() {
    let dates = weeks(52);
    let roas: Vec<Option<f64>> = (0..52)
        .map(|i| Some(1.0 + f64::from(i % 7) / 4.0))
        .collect();
    let data = RoiBarsData {
        title: "",
        metric: RoiMetric::Roas,
        dates: Some(&dates),
        values: &roas,
        total: Some(1.7),
        break_even: true,
        currency: "",
    };
    let wide = to_svg((720, 400), |a| draw_roi_bars(a, &data, &en()));
    let phone = to_svg((360, 300), |a| draw_roi_bars(a, &data, &en()));
    assert_eq!(rects(&wide, BLUE), 52);
    assert_eq!(rects(&phone, BLUE), 52);
    // Tick labels are "Mon d".
    let is_date = |t: &str| {
        t.split_once(' ')
            .is_some_and(|(m, d)| m.len() == 3 && d.parse::<u32>().is_ok())
    };
    let ticks = |svg: &str| texts(svg).into_iter().filter(|t| is_date(t)).count();
    assert!(ticks(&wide) >= 8, "{:?}", texts(&wide));
    assert!(
        ticks(&phone) < ticks(&wide),
        "fewer date labels on a narrow chart: {:?} {:?}",
        texts(&phone),
        texts(&wide)
    );
    assert!(texts(&phone).contains(&"break-even: 1×"));
}

// ---------------------------------------------------------------------------------------------
// Before / after

#[test]
fn before_after_panels_with_percent_change() {
    let cols = [
        BeforeAfter {
            name: "ricavi",
            before: Some(1200.0),
            after: Some(1500.0),
        },
        BeforeAfter {
            name: "follower",
            before: Some(40.0),
            after: Some(38.5),
        },
        BeforeAfter {
            name: "click",
            before: None,
            after: Some(12.0),
        },
    ];
    let data = BeforeAfterData {
        title: "Prima e dopo la campagna",
        split: Date::from_ymd(2024, 3, 1).unwrap(),
        columns: &cols,
    };
    let svg = to_svg((720, 400), |a| draw_before_after(a, &data, &it()));
    expect_file!["snapshots/before_after_it.svg"].assert_eq(&svg);
    assert_eq!(rects(&svg, BEFORE_COLOR), 2);
    assert_eq!(rects(&svg, AFTER_COLOR), 3);
    let t = texts(&svg);
    assert!(t.contains(&"+25,0%") && t.contains(&"-3,8%"), "{t:?}");
    assert_eq!(
        t.iter().filter(|l| **l == "n.d.").count(),
        2,
        "missing mean and its change: {t:?}"
    );
    assert!(
        t.contains(&"prima del / dal 1 mar 2024") && t.contains(&"prima") && t.contains(&"dopo"),
        "{t:?}"
    );
}

#[test]
fn before_after_single_column_on_a_phone() {
    let cols = [BeforeAfter {
        name: "revenue",
        before: Some(-100.0),
        after: Some(-50.0),
    }];
    let data = BeforeAfterData {
        title: "",
        split: Date::from_ymd(2024, 3, 1).unwrap(),
        columns: &cols,
    };
    let (r, svg) = render((360, 300), |a| draw_before_after(a, &data, &en()));
    assert!(r.is_ok(), "{r:?}");
    assert!(
        texts(&svg).contains(&"+50.0%"),
        "a rise from a negative mean is positive"
    );
}

// ---------------------------------------------------------------------------------------------
// Across charts

#[test]
fn degenerate_inputs_report_errors_instead_of_panicking() {
    let style = it();
    let nan = [f64::NAN, f64::NAN];
    let sizes = [(720, 400), (360, 300), (10, 10), (0, 0)];
    for size in sizes {
        let checks: Vec<(&str, Result<(), String>)> = vec![
            (
                "series all NaN",
                render(size, |a| {
                    draw_series(a, &SeriesData::single("x", None, &nan), &style)
                })
                .0,
            ),
            (
                "series empty",
                render(size, |a| {
                    draw_series(a, &SeriesData::single("x", Some(&[]), &[]), &style)
                })
                .0,
            ),
            (
                "scatter no pairs",
                render(size, |a| {
                    draw_scatter(
                        a,
                        &ScatterData {
                            title: "",
                            x_name: "a",
                            y_name: "b",
                            x: &[1.0, f64::NAN],
                            y: &[f64::NAN, 2.0],
                            fit: None,
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "lag empty",
                render(size, |a| {
                    draw_lag(
                        a,
                        &LagData {
                            title: "",
                            lags: &[],
                            best: None,
                            period: "",
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "lag undefined",
                render(size, |a| {
                    draw_lag(
                        a,
                        &LagData {
                            title: "",
                            lags: &[LagPoint {
                                lag: 0,
                                r: None,
                                n: 0,
                            }],
                            best: Some(0),
                            period: "",
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "heatmap empty",
                render(size, |a| {
                    draw_heatmap(
                        a,
                        &HeatmapData {
                            title: "",
                            names: &[],
                            cells: &[],
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "heatmap all undefined",
                render(size, |a| {
                    draw_heatmap(
                        a,
                        &HeatmapData {
                            title: "",
                            names: &["a"],
                            cells: &[HeatCell {
                                r: None,
                                significant: false,
                            }],
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "roi all null",
                render(size, |a| {
                    draw_roi_bars(
                        a,
                        &RoiBarsData {
                            title: "",
                            metric: RoiMetric::Roas,
                            dates: None,
                            values: &[None, Some(f64::NAN)],
                            total: None,
                            break_even: true,
                            currency: "",
                        },
                        &style,
                    )
                })
                .0,
            ),
            (
                "before/after empty",
                render(size, |a| {
                    draw_before_after(
                        a,
                        &BeforeAfterData {
                            title: "",
                            split: Date::from_days(0),
                            columns: &[],
                        },
                        &style,
                    )
                })
                .0,
            ),
        ];
        for (what, r) in checks {
            let e = r.expect_err(what);
            assert!(
                e.starts_with("Niente da disegnare"),
                "{what}: localised message, got {e:?}"
            );
        }
    }
    // The same through to_svg: the message is shown in the picture.
    let svg = to_svg((360, 200), |a| {
        draw_series(a, &SeriesData::single("x", None, &nan), &style)
    });
    assert!(svg.contains("Niente da disegnare"), "{svg}");
    // A malformed matrix is an error too.
    let (r, _) = render((300, 300), |a| {
        draw_heatmap(
            a,
            &HeatmapData {
                title: "",
                names: &["a", "b"],
                cells: &[],
            },
            &style,
        )
    });
    assert!(r.is_err());
}

#[test]
fn single_points_and_tiny_areas_still_draw() {
    let style = en();
    let one_day = weeks(1);
    for size in [(720, 400), (360, 300), (40, 30), (1, 1)] {
        let r = render(size, |a| {
            draw_series(a, &SeriesData::single("x", Some(&one_day), &[5.0]), &style)
        })
        .0;
        assert!(r.is_ok(), "{size:?}: {r:?}");
        let lags = [LagPoint {
            lag: 0,
            r: Some(1.0),
            n: 2,
        }];
        let r = render(size, |a| {
            draw_lag(
                a,
                &LagData {
                    title: "",
                    lags: &lags,
                    best: Some(0),
                    period: "",
                },
                &style,
            )
        })
        .0;
        assert!(r.is_ok(), "{size:?}: {r:?}");
        let r = render(size, |a| {
            draw_heatmap(
                a,
                &HeatmapData {
                    title: "t",
                    names: &[LONG],
                    cells: &[HeatCell {
                        r: Some(1.0),
                        significant: true,
                    }],
                },
                &style,
            )
        })
        .0;
        assert!(r.is_ok(), "{size:?}: {r:?}");
        let r = render(size, |a| {
            draw_roi_bars(
                a,
                &RoiBarsData {
                    title: "",
                    metric: RoiMetric::Roi,
                    dates: None,
                    values: &[Some(0.0)],
                    total: Some(0.0),
                    break_even: true,
                    currency: "",
                },
                &style,
            )
        })
        .0;
        assert!(r.is_ok(), "{size:?}: {r:?}");
    }
    // Extreme magnitudes do not break the axes.
    let r = render((720, 400), |a| {
        draw_series(
            a,
            &SeriesData::single("x", None, &[1e300, -1e300, 0.0]),
            &style,
        )
    })
    .0;
    assert!(r.is_ok(), "{r:?}");
    let svg = to_svg((720, 400), |a| {
        draw_series(
            a,
            &SeriesData::single("x", None, &[1e-9, 2e-9, 3e-9]),
            &style,
        )
    });
    assert_eq!(polylines(&svg, BLUE), 1);
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let style = en();
    let dates = weeks(3);
    let v = [1.0, 2.0, 3.0];
    let lags = lag_points();
    let svgs = [
        to_svg((720, 400), |a| {
            draw_series(a, &SeriesData::single(HOSTILE, Some(&dates), &v), &style)
        }),
        to_svg((720, 400), |a| {
            draw_series(
                a,
                &SeriesData {
                    title: HOSTILE,
                    dates: None,
                    first: Series {
                        name: HOSTILE,
                        values: &v,
                    },
                    second: Some(Series {
                        name: HOSTILE,
                        values: &v,
                    }),
                    mode: TwoSeries::TwoAxes,
                },
                &style,
            )
        }),
        to_svg((720, 400), |a| {
            draw_lag(
                a,
                &LagData {
                    title: HOSTILE,
                    lags: &lags,
                    best: Some(1),
                    period: HOSTILE,
                },
                &style,
            )
        }),
        to_svg((720, 400), |a| {
            draw_roi_bars(
                a,
                &RoiBarsData {
                    title: HOSTILE,
                    metric: RoiMetric::Cpa,
                    dates: None,
                    values: &[Some(1.0)],
                    total: Some(1.0),
                    break_even: false,
                    currency: HOSTILE,
                },
                &style,
            )
        }),
        to_svg((720, 400), |a| {
            draw_before_after(
                a,
                &BeforeAfterData {
                    title: HOSTILE,
                    split: Date::from_days(0),
                    columns: &[BeforeAfter {
                        name: HOSTILE,
                        before: Some(1.0),
                        after: Some(2.0),
                    }],
                },
                &style,
            )
        }),
    ];
    for svg in svgs {
        assert!(!svg.contains("<img"), "{svg}");
        assert!(svg.contains("&lt;img"), "{svg}");
    }
}

#[test]
fn every_chart_draws_at_every_size_without_panicking() {
    let style = it();
    let dates = weeks(8);
    let lags = lag_points();
    let names: Vec<String> = (1..=13).map(|i| format!("{LONG} {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let cells = matrix(13);
    let roi = [
        Some(0.42),
        None,
        Some(-0.08),
        Some(0.33),
        Some(0.5),
        None,
        Some(0.27),
        Some(0.1),
    ];
    let cols = [BeforeAfter {
        name: LONG,
        before: Some(3.0),
        after: Some(4.0),
    }; 5];
    let fit = Fit::from_points(&SPEND_X, &SALES_Y, 2.776445105197793);
    for size in [
        (1, 1),
        (50, 40),
        (200, 120),
        (360, 300),
        (720, 400),
        (1200, 300),
        (300, 1200),
    ] {
        let two = SeriesData {
            title: LONG,
            dates: Some(&dates),
            first: Series {
                name: LONG,
                values: &REVENUE,
            },
            second: Some(Series {
                name: LONG,
                values: &SPEND,
            }),
            mode: TwoSeries::TwoAxes,
        };
        let results = [
            render(size, |a| draw_series(a, &two, &style)).0,
            render(size, |a| {
                draw_series(
                    a,
                    &SeriesData {
                        mode: TwoSeries::Indexed,
                        ..two
                    },
                    &style,
                )
            })
            .0,
            render(size, |a| {
                draw_scatter(
                    a,
                    &ScatterData {
                        title: LONG,
                        x_name: LONG,
                        y_name: LONG,
                        x: &SPEND_X,
                        y: &SALES_Y,
                        fit,
                    },
                    &style,
                )
            })
            .0,
            render(size, |a| {
                draw_lag(
                    a,
                    &LagData {
                        title: LONG,
                        lags: &lags,
                        best: Some(2),
                        period: LONG,
                    },
                    &style,
                )
            })
            .0,
            render(size, |a| {
                draw_heatmap(
                    a,
                    &HeatmapData {
                        title: LONG,
                        names: &names,
                        cells: &cells,
                    },
                    &style,
                )
            })
            .0,
            render(size, |a| {
                let data = RoiBarsData {
                    title: LONG,
                    metric: RoiMetric::Roi,
                    dates: Some(&dates),
                    values: &roi,
                    total: Some(0.2),
                    break_even: true,
                    currency: "",
                };
                draw_roi_bars(a, &data, &style)
            })
            .0,
            render(size, |a| {
                draw_before_after(
                    a,
                    &BeforeAfterData {
                        title: LONG,
                        split: dates[4],
                        columns: &cols,
                    },
                    &style,
                )
            })
            .0,
        ];
        for (i, r) in results.iter().enumerate() {
            assert!(r.is_ok(), "chart {i} at {size:?}: {r:?}");
        }
    }
}

/// A million-row export must not become a million SVG elements: lines, scatters and bars are
/// thinned to what the chart can show (see `charts::thin`).
#[test]
fn long_series_are_thinned_to_a_small_svg() {
    let n = 200_000usize;
    let start = Date::from_ymd(2000, 1, 1).unwrap().days();
    let dates: Vec<Date> = (0..n).map(|i| Date::from_days(start + i as i32)).collect();
    let mut values: Vec<f64> = (0..n)
        .map(|i| 1000.0 + ((i * 7919) % 1000) as f64)
        .collect();
    values[123_456] = 5000.0; // a peak (kept by thin::min_max, see its unit test)
    values[150_000] = f64::NAN; // and a gap
    let line = to_svg((720, 400), |a| {
        draw_series(
            a,
            &SeriesData::single("revenue", Some(&dates), &values),
            &en(),
        )
    });
    assert!(line.len() < 400_000, "line SVG is {} bytes", line.len());
    assert_eq!(polylines(&line, BLUE), 2, "the gap still splits the line");
    let ys: Vec<f64> = (0..n).map(|i| values[i] * 0.5 + (i % 13) as f64).collect();
    let scatter = to_svg((720, 400), |a| {
        draw_scatter(
            a,
            &ScatterData {
                title: "",
                x_name: "x",
                y_name: "y",
                x: &values,
                y: &ys,
                fit: None,
            },
            &en(),
        )
    });
    assert!(
        scatter.matches("<circle").count() <= 4000,
        "{}",
        scatter.matches("<circle").count()
    );
    let roi: Vec<Option<f64>> = (0..n).map(|i| Some((i % 100) as f64 / 100.0)).collect();
    let bars = to_svg((720, 400), |a| {
        draw_roi_bars(
            a,
            &RoiBarsData {
                title: "",
                metric: RoiMetric::Roi,
                dates: Some(&dates),
                values: &roi,
                total: Some(0.5),
                break_even: false,
                currency: "",
            },
            &en(),
        )
    });
    assert!(
        elements(&bars, "rect").len() <= 366 + 20,
        "{}",
        elements(&bars, "rect").len()
    );
    assert!(bars.len() < 200_000, "bars SVG is {} bytes", bars.len());
    // Hover labels stay bounded too: one per bar, and strips of rows along a long line.
    assert!(tips(&bars).len() <= 366, "{}", tips(&bars).len());
    let strips = tips(&line);
    assert!(
        strips.len() <= 600 && strips.len() >= 300,
        "{}",
        strips.len()
    );
    assert!(
        strips.iter().any(|t| t.contains("–5,000")),
        "the peak is in a strip's range"
    );
    assert!(tips(&scatter).len() <= 600);
}

/// Every mark answers a hover with its label and value (issue 16): an SVG `<title>` per bar,
/// point strip and cell, escaped, in the document the page shows and the SVG download.
#[test]
fn every_mark_carries_its_label_and_value_as_a_title() {
    let dates = weeks(3);
    let roi = [Some(0.42), None, Some(-0.08)];
    let bars = to_svg((720, 400), |a| {
        draw_roi_bars(
            a,
            &RoiBarsData {
                title: "",
                metric: RoiMetric::Roi,
                dates: Some(&dates),
                values: &roi,
                total: None,
                break_even: false,
                currency: "",
            },
            &it(),
        )
    });
    assert_eq!(
        tips(&bars),
        [
            "1 gen 2024: 42,0%",
            "8 gen 2024: n.d.",
            "15 gen 2024: -8,0%"
        ]
    );
    let names = ["a", HOSTILE];
    let cells = [
        HeatCell {
            r: Some(1.0),
            significant: true,
        },
        HeatCell {
            r: Some(0.25),
            significant: false,
        },
        HeatCell {
            r: Some(0.25),
            significant: false,
        },
        HeatCell {
            r: None,
            significant: false,
        },
    ];
    let heat = to_svg((400, 400), |a| {
        draw_heatmap(
            a,
            &HeatmapData {
                title: "",
                names: &names,
                cells: &cells,
            },
            &en(),
        )
    });
    let t = tips(&heat);
    assert_eq!(t.len(), 4);
    assert_eq!(
        t[1],
        "a / &lt;img src=x onerror=alert(1)&gt;: r = 0.25 (not significant)"
    );
    assert_eq!(
        t[3],
        "&lt;img src=x onerror=alert(1)&gt; / &lt;img src=x onerror=alert(1)&gt;: r = n/a"
    );
    assert!(!heat.contains(HOSTILE));
    let series = to_svg((720, 400), |a| {
        draw_series(
            a,
            &SeriesData::single("revenue", Some(&dates), &[1.5, f64::NAN, 3.0]),
            &en(),
        )
    });
    assert_eq!(
        tips(&series),
        [
            "Jan 1, 2024: revenue 1.5",
            "Jan 8, 2024: revenue n/a",
            "Jan 15, 2024: revenue 3"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Channel bars (the investment model per channel)

#[test]
fn channel_bars_side_by_side_with_a_gap_and_hover_labels() {
    let channels = vec![
        ("instagram".to_owned(), Some(0.42)),
        ("facebook".to_owned(), Some(-0.15)),
        ("tiktok".to_owned(), None),
        ("(no channel)".to_owned(), Some(0.05)),
    ];
    let data = ChannelBarsData {
        title: "ROI per channel",
        metric: RoiMetric::Roi,
        channels: &channels,
        currency: "",
    };
    let svg = to_svg((720, 400), |a| draw_channel_bars(a, &data, &en()));
    expect_file!["snapshots/channel_bars.svg"].assert_eq(&svg);
    assert_eq!(rects(&svg, BLUE), 3, "a bar per defined channel");
    let t = texts(&svg);
    assert!(t.contains(&"instagram") && t.contains(&"n/a"), "{t:?}");
    assert!(t.contains(&"break-even: 0.0%"), "{t:?}");
    let tips = tips(&svg);
    assert_eq!(
        tips,
        vec![
            "instagram: 42.0%",
            "facebook: -15.0%",
            "tiktok: n/a",
            "(no channel): 5.0%"
        ]
    );
}

#[test]
fn channel_bars_cpa_in_italian_and_nothing_defined() {
    let channels = vec![
        ("instagram".to_owned(), Some(12.5)),
        ("facebook".to_owned(), Some(30.0)),
    ];
    let data = ChannelBarsData {
        title: "CPA per canale",
        metric: RoiMetric::Cpa,
        channels: &channels,
        currency: "€",
    };
    let svg = to_svg((360, 300), |a| draw_channel_bars(a, &data, &it()));
    expect_file!["snapshots/channel_bars_cpa_it.svg"].assert_eq(&svg);
    assert!(tips(&svg).contains(&"facebook: 30,00 €"));
    let none = vec![("x".to_owned(), None)];
    let data = ChannelBarsData {
        channels: &none,
        ..data
    };
    let (r, _) = render((360, 300), |a| draw_channel_bars(a, &data, &it()));
    assert!(r.unwrap_err().contains("nessun canale"));
}
