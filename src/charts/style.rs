//! The shared look of every chart: locale, font, sizes that scale with the area, colour palette.
//!
//! Colours come from the Okabe–Ito palette (distinguishable with colour-vision deficiencies) and
//! are checked against WCAG AA on white: 4.5:1 for text, 3:1 for lines and bars.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format::{Lang, Locale};

/// Everything about a chart that is not its data.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    pub locale: Locale,
    /// CSS font family of every text (`sans-serif`).
    pub font_family: String,
    /// Size the page asks for, (width, height) in px, for callers of [`super::to_svg`]; the
    /// layout itself always scales with the area it is given.
    pub size: (u32, u32),
}

impl ChartStyle {
    /// Default look in a language: its number conventions, sans-serif, 720×400.
    pub fn new(lang: Lang) -> Self {
        ChartStyle {
            locale: Locale::of(lang),
            font_family: "sans-serif".to_owned(),
            size: (720, 400),
        }
    }

    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    pub fn lang(&self) -> Lang {
        self.locale.lang
    }

    /// The English or the Italian phrase.
    pub fn pick<'a>(&self, en: &'a str, it: &'a str) -> &'a str {
        self.locale.pick(en, it)
    }
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle::new(Lang::En)
    }
}

/// Okabe–Ito blue (5.2:1 on white): the main series, and text that must be coloured.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito vermillion (3.9:1 on white): second series and highlights; lines and bars only.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito orange (2.1:1 on white): only as a fill under dark text (positive end of the heatmap).
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe–Ito bluish green (3.4:1 on white).
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// Near-black text (17:1 on white).
pub const TEXT: RGBColor = RGBColor(26, 26, 26);
/// Grey for secondary text and reference lines (5.7:1 on white).
pub const MUTED: RGBColor = RGBColor(102, 102, 102);
/// Axis lines (7:1 on white).
pub const AXIS: RGBColor = RGBColor(89, 89, 89);
/// Grid lines: decoration, deliberately faint.
pub const GRID: RGBColor = RGBColor(225, 225, 225);
/// Shaded bands (confidence, significance): decoration behind the data.
pub const BAND: RGBColor = RGBColor(222, 222, 222);

/// WCAG relative luminance of an sRGB colour.
pub fn relative_luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever reads better on `bg` (always at least 4.5:1).
pub fn text_on(bg: RGBColor) -> RGBColor {
    if contrast_ratio(bg, BLACK) >= contrast_ratio(bg, WHITE) {
        BLACK
    } else {
        WHITE
    }
}

/// Blend of `a` towards `b` by `t` (0 = a, 1 = b), in sRGB.
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Sizes derived from the drawing area, so a 360 px phone chart keeps readable text and a
/// 720 px one does not waste space on margins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub w: u32,
    pub h: u32,
    /// Font size of labels in CSS px.
    pub px: f64,
    /// Outer margin in px.
    pub margin: u32,
}

/// plotters' SVG backend writes `font-size` = size / 1.24; we think in CSS px.
const PLOTTERS_FONT_RATIO: f64 = 1.24;

impl Frame {
    pub fn of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Frame {
        let (w, h) = area.dim_in_pixel();
        let px = (f64::from(w) / 60.0)
            .min(f64::from(h) / 28.0)
            .clamp(10.0, 13.0)
            .round();
        let margin = (f64::from(w.min(h)) * 0.025).clamp(4.0, 14.0).round() as u32;
        Frame { w, h, px, margin }
    }

    /// The same text sizes over a part of the area (a panel, the space below a title).
    pub fn within<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Frame {
        let (w, h) = area.dim_in_pixel();
        Frame {
            w: w.min(self.w),
            h: h.min(self.h),
            ..*self
        }
    }

    /// A font `scale` times the label size, in the style's family and near-black.
    pub fn font<'a>(&self, style: &'a ChartStyle, scale: f64) -> TextStyle<'a> {
        (
            style.font_family.as_str(),
            (self.px * scale).round() * PLOTTERS_FONT_RATIO,
        )
            .into_font()
            .color(&TEXT)
    }

    /// Like [`Frame::font`], in italics.
    pub fn italic<'a>(&self, style: &'a ChartStyle, scale: f64) -> TextStyle<'a> {
        (
            style.font_family.as_str(),
            (self.px * scale).round() * PLOTTERS_FONT_RATIO,
            FontStyle::Italic,
        )
            .into_font()
            .color(&TEXT)
    }

    pub fn label<'a>(&self, style: &'a ChartStyle) -> TextStyle<'a> {
        self.font(style, 1.0)
    }

    pub fn title<'a>(&self, style: &'a ChartStyle) -> TextStyle<'a> {
        (
            style.font_family.as_str(),
            (self.px * 1.2).round() * PLOTTERS_FONT_RATIO,
            FontStyle::Bold,
        )
            .into_font()
            .color(&TEXT)
    }

    /// Height of one line of label text, px.
    pub fn line(&self) -> u32 {
        (self.px * 1.35).ceil() as u32
    }
}

/// Width in px of `text`: in the page, measured by the browser on a canvas (`browser::text`, no
/// layout per label); natively, as the backend estimates it (a fixed estimate for SVG snapshots).
pub(crate) fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
) -> u32 {
    #[cfg(target_arch = "wasm32")]
    {
        let f = &font.font;
        let css = format!(
            "{} {}px {}",
            f.get_style().as_str(),
            f.get_size(),
            f.get_name()
        );
        if let Some(w) = crate::browser::text::width(&css, text) {
            return w;
        }
    }
    area.estimate_text_size(text, font)
        .map(|(w, _)| w)
        .unwrap_or_else(|_| (text.chars().count() as f64 * font.font.get_size() * 0.5) as u32)
}

/// `text` shortened with "…" to fit `max_w` px (column names can be 60 characters long).
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    max_w: u32,
) -> String {
    if text_width(area, text, font) <= max_w {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search for the longest prefix that fits with the ellipsis.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if text_width(area, &candidate, font) <= max_w {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix: String = chars[..lo].iter().collect();
    format!("{}…", prefix.trim_end())
}

/// Draws `text` at `pos` with the given anchor.
pub(crate) fn text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    pos: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<(), String> {
    area.draw_text(text, &font.pos(Pos::new(h, v)), pos)
        .map_err(err)
}

/// Draws the title (if any) across the top and returns the area below it.
pub(crate) fn with_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    style: &ChartStyle,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    area.fill(&WHITE).map_err(err)?;
    if title.trim().is_empty() {
        return Ok(area.clone());
    }
    let font = fr.title(style);
    let line = (fr.px * 1.2 * 1.35).ceil() as u32 + fr.margin;
    let shown = fit(area, title, &font, fr.w.saturating_sub(2 * fr.margin));
    text_at(
        area,
        &shown,
        &font,
        (fr.w as i32 / 2, fr.margin as i32),
        HPos::Center,
        VPos::Top,
    )?;
    let (_, below) = split_top(area, line.min(fr.h / 3));
    Ok(below)
}

/// Splits off the top `h` px (at most the whole area: plotters would wrap a negative height
/// into a huge one).
pub(crate) fn split_top<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    h: u32,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (_, total) = area.dim_in_pixel();
    area.split_vertically(h.min(total))
}

/// What a legend entry shows next to its text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A thick short line, for lines.
    Line(RGBColor),
    /// A wide block, for shaded bands.
    Band(RGBColor),
}

/// One legend entry: `text` may be shortened to fit, `keep` (e.g. " (left axis)") never is.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub swatch: Swatch,
    pub text: String,
    pub keep: String,
}

impl Entry {
    pub fn new(swatch: Swatch, text: impl Into<String>) -> Entry {
        Entry {
            swatch,
            text: text.into(),
            keep: String::new(),
        }
    }
}

/// Draws the legend entries across the top of `area`, wrapping onto more rows when they do
/// not fit (phones), and returns the area below them.
pub(crate) fn with_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    style: &ChartStyle,
    entries: &[Entry],
) -> Result<DrawingArea<DB, Shift>, String> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let font = fr.label(style);
    let sw = fr.px as i32;
    let max_w = fr.w.saturating_sub(2 * fr.margin) as i32;
    let row_h = fr.line() as i32 + 2;
    // Lay out first (rows of (x, entry, shown text)), so the height is known before drawing.
    let mut rows: Vec<Vec<(i32, &Entry, String)>> = vec![Vec::new()];
    let mut cx = 0;
    for e in entries {
        let keep_w = text_width(area, &e.keep, &font) as i32;
        let room = (max_w - sw - 8 - keep_w).max(0) as u32;
        let shown = format!("{}{}", fit(area, &e.text, &font, room), e.keep);
        let w = sw + 8 + text_width(area, &shown, &font) as i32;
        if cx > 0 && cx + w > max_w {
            rows.push(Vec::new());
            cx = 0;
        }
        if let Some(r) = rows.last_mut() {
            r.push((cx, e, shown));
        }
        cx += w + 14;
    }
    let height = (rows.len() as i32 * row_h + 6).min(fr.h as i32 / 3).max(0) as u32;
    let (top, below) = split_top(area, height);
    for (i, row) in rows.iter().enumerate() {
        let y = 2 + i as i32 * row_h + row_h / 2;
        if y > height as i32 {
            break;
        }
        for (x, e, shown) in row {
            let x = fr.margin as i32 + x;
            let (color, half_h) = match e.swatch {
                Swatch::Line(c) => (c, 1),
                Swatch::Band(c) => (c, sw / 2 - 1),
            };
            top.draw(&Rectangle::new(
                [(x, y - half_h), (x + sw + 4, y + half_h + 1)],
                color.filled(),
            ))
            .map_err(err)?;
            text_at(
                &top,
                shown,
                &font,
                (x + sw + 8, y),
                HPos::Left,
                VPos::Center,
            )?;
        }
    }
    Ok(below)
}

/// Draws a centred message instead of a chart, and returns it as the error: data too degenerate
/// to draw is reported, never drawn as an empty or invented chart.
pub(crate) fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    message: &str,
) -> Result<(), String> {
    let fr = Frame::of(area);
    area.fill(&WHITE).map_err(err)?;
    let font = fr.label(style).color(&MUTED);
    let shown = fit(area, message, &font, fr.w.saturating_sub(2 * fr.margin));
    text_at(
        area,
        &shown,
        &font,
        (fr.w as i32 / 2, fr.h as i32 / 2),
        HPos::Center,
        VPos::Center,
    )?;
    Err(message.to_owned())
}

/// plotters errors as text.
pub(crate) fn err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_meets_wcag_aa_on_white() {
        for (name, c) in [
            ("text", TEXT),
            ("muted", MUTED),
            ("axis", AXIS),
            ("blue", BLUE),
        ] {
            assert!(
                contrast_ratio(c, WHITE) >= 4.5,
                "{name} text contrast {}",
                contrast_ratio(c, WHITE)
            );
        }
        for (name, c) in [("vermillion", VERMILLION), ("green", GREEN)] {
            assert!(
                contrast_ratio(c, WHITE) >= 3.0,
                "{name} graphic contrast {}",
                contrast_ratio(c, WHITE)
            );
        }
        assert!(
            contrast_ratio(ORANGE, WHITE) < 3.0,
            "orange is only a fill under dark text"
        );
        assert!((contrast_ratio(BLACK, WHITE) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn text_on_any_fill_is_readable() {
        for i in 0..=255u8 {
            for c in [
                RGBColor(i, i, i),
                mix(BLUE, WHITE, f64::from(i) / 255.0),
                mix(ORANGE, WHITE, f64::from(i) / 255.0),
            ] {
                assert!(contrast_ratio(text_on(c), c) >= 4.5, "{c:?}");
            }
        }
    }

    #[test]
    fn mix_blends_end_points() {
        assert_eq!(mix(BLUE, WHITE, 0.0), BLUE);
        assert_eq!(mix(BLUE, WHITE, 1.0), WHITE);
        assert_eq!(mix(BLACK, WHITE, 0.5), RGBColor(128, 128, 128));
    }

    #[test]
    fn sizes_scale_with_the_area() {
        let mut s = String::new();
        let big = Frame::of(&SVGBackend::with_string(&mut s, (720, 400)).into_drawing_area());
        let mut s = String::new();
        let phone = Frame::of(&SVGBackend::with_string(&mut s, (360, 300)).into_drawing_area());
        assert!(big.px > phone.px && phone.px >= 10.0, "{big:?} {phone:?}");
        assert!(big.margin > phone.margin);
    }

    #[test]
    fn fit_shortens_long_text_with_an_ellipsis() {
        let mut s = String::new();
        let area = SVGBackend::with_string(&mut s, (400, 200)).into_drawing_area();
        let style = ChartStyle::default();
        let font = Frame::of(&area).label(&style);
        let long = "é".repeat(80);
        let short = fit(&area, &long, &font, 100);
        assert!(
            short.ends_with('…') && short.chars().count() < 80,
            "{short}"
        );
        assert!(text_width(&area, &short, &font) <= 100);
        assert_eq!(fit(&area, "ok", &font, 100), "ok");
        assert_eq!(fit(&area, "long text", &font, 0), "…");
    }
}
