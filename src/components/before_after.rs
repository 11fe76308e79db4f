//! Before/after: pick a date (e.g. a campaign start) and compare each column's mean before it with
//! the mean from it on — percent change and Welch's test in a table, and the bar-pair chart. The
//! comparison runs one column per slice (`browser::tasks`): on a million rows all columns at once
//! take several hundred milliseconds, too long for one task; the previous result stays meanwhile.

use std::rc::Rc;

use social_roi_core::analysis::before_after::before_after;
use social_roi_core::analysis::plan::parse_iso;
use social_roi_core::analysis::report::{BeforeAfterColumn, BeforeAfterReport};
use social_roi_core::{Date, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::field::Field;

use crate::browser::tasks::{now_ms, run_sliced, CancelToken, Slice, SLICE_MS};
use crate::charts::before_after::{draw_before_after, BeforeAfter, BeforeAfterData};
use crate::charts::format::{self, DateStyle, Locale};
use crate::charts::{self, ChartStyle};
use crate::components::app::AppContext;
use crate::components::chart_frame::{
    use_chart_width, ChartFrame, DataTable, Drawn, Same, SameArc,
};
use crate::components::correlations::p_text;
use crate::i18n::{tr, trs};
use crate::state::Action;

/// Height for `k` panels of about 220×200 px in a chart `width` wide (as `charts::before_after`
/// arranges them).
pub fn panels_height(k: usize, width: u32) -> u32 {
    let cols = (width / 220).clamp(1, k.max(1) as u32);
    let rows = (k.max(1) as u32).div_ceil(cols);
    (rows * 200 + 70).min(1400)
}

/// The split actually used: the chosen date if it leaves at least one row before it, else the
/// middle date. The split is the first day of "after", so "before" is never empty.
pub fn effective_split(dates: &[Date], chosen: Option<Date>) -> Option<Date> {
    let (min, last) = (*dates.get(1)?, *dates.last()?);
    Some(
        chosen
            .filter(|s| *s >= min && *s <= last)
            .unwrap_or(dates[dates.len() / 2]),
    )
}

/// Why the test is not available for a column, in the page's language.
fn reason_text(lang: Lang, c: &BeforeAfterColumn) -> String {
    let raw = c.undefined_reason.as_deref().unwrap_or("");
    if raw.starts_with("the t-test needs") {
        trs(
            lang,
            format!(
                "the test needs at least 2 values on each side (before: {}, after: {})",
                c.n_before, c.n_after
            ),
            format!(
                "il test richiede almeno 2 valori per parte (prima: {}, dopo: {})",
                c.n_before, c.n_after
            ),
        )
    } else if raw.starts_with("both sides have zero variance") {
        tr(
            lang,
            "the values never change on either side",
            "i valori non cambiano mai né prima né dopo",
        )
        .to_owned()
    } else {
        raw.to_owned()
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {}

/// The chart and data table of a comparison at `split`.
fn draw(ba: &BeforeAfterReport, split: Date, lang: Lang, width: u32) -> Drawn {
    let loc = Locale::of(lang);
    let day = format::date(split, DateStyle::DayMonthYear, loc);
    let cols: Vec<BeforeAfter> = ba
        .columns
        .iter()
        .map(|c| BeforeAfter {
            name: &c.column,
            before: c.mean_before,
            after: c.mean_after,
        })
        .collect();
    let size = (width, panels_height(cols.len(), width));
    let title = trs(
        lang,
        format!("Means before and from {day}"),
        format!("Medie prima e dal {day}"),
    );
    let style = ChartStyle::new(lang).with_size(size.0, size.1);
    let data = BeforeAfterData {
        title: &title,
        split,
        columns: &cols,
    };
    let svg = charts::to_svg(size, |a| draw_before_after(a, &data, &style));
    let num = |v: Option<f64>| {
        v.map(|v| format::number(v, loc))
            .unwrap_or_else(|| loc.missing().into())
    };
    let rows = ba.columns.iter().map(|c| {
        vec![
            c.column.clone(),
            num(c.mean_before),
            num(c.mean_after),
            c.pct_change
                .map(|p| format::signed_percent(p, 1, loc))
                .unwrap_or_else(|| loc.missing().into()),
        ]
    });
    let headers = vec![
        tr(lang, "Column", "Colonna").into(),
        tr(lang, "Mean before", "Media prima").into(),
        tr(lang, "Mean after", "Media dopo").into(),
        tr(lang, "Change", "Variazione").into(),
    ];
    let table = DataTable::capped(headers, rows);
    let summary = trs(
        lang,
        format!("Pairs of bars, one panel per column: the mean before {day} and from it on, with the percent change."),
        format!("Coppie di barre, un pannello per colonna: la media prima del {day} e da quel giorno in poi, con la variazione percentuale."),
    );
    Drawn {
        title: title.into(),
        svg: svg.into(),
        size,
        summary: summary.into(),
        data: Rc::new(table),
    }
}

/// A finished comparison and what it was computed for.
#[derive(Clone)]
struct Computed {
    table: SameArc<social_roi_core::Table>,
    split: Date,
    report: Rc<BeforeAfterReport>,
}

#[function_component(BeforeAfterView)]
pub fn before_after_view(_props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let width = use_chart_width();
    let lang = app.lang;
    let loc = Locale::of(lang);
    let dates: Option<&[Date]> = app
        .table
        .as_ref()
        .and_then(|t| t.dates())
        .filter(|d| d.len() >= 2);
    let split = dates.and_then(|d| effective_split(d, app.split));
    let computed = use_state(|| None::<Computed>);
    {
        let computed = computed.clone();
        use_effect_with(
            (app.table.clone().map(SameArc), split),
            move |(table, split)| {
                let token = CancelToken::default();
                if let (Some(t), Some(s)) = (table.clone(), *split) {
                    let names: Vec<String> =
                        t.0.numeric_columns().map(|(n, _)| n.to_owned()).collect();
                    let (mut next, mut acc) = (0usize, None::<BeforeAfterReport>);
                    let table = t.clone();
                    run_sliced(
                        move || {
                            let deadline = now_ms() + SLICE_MS;
                            loop {
                                let cols = names.get(next..(next + 1).min(names.len()));
                                let part = before_after(&table.0, s, cols);
                                match acc.as_mut() {
                                    Some(a) => a.columns.extend(part.columns),
                                    None => acc = Some(part),
                                }
                                next += 1;
                                if next >= names.len() {
                                    return Slice::Done(acc.take());
                                }
                                if now_ms() >= deadline {
                                    return Slice::Continue(next as f64 / names.len() as f64);
                                }
                            }
                        },
                        |_| {},
                        move |report| {
                            if let Some(report) = report {
                                computed.set(Some(Computed {
                                    table: t,
                                    split: s,
                                    report: Rc::new(report),
                                }));
                            }
                        },
                        token.clone(),
                    );
                }
                move || token.cancel()
            },
        );
    }
    // Redrawn only when the comparison, the language or the width change.
    let shown = (*computed).clone();
    let drawn = use_memo(
        (shown.as_ref().map(|c| Same(c.report.clone())), lang, width),
        move |(report, lang, width)| {
            report
                .as_ref()
                .zip(shown.as_ref())
                .map(|(r, c)| draw(&r.0, c.split, *lang, *width))
        },
    );
    let current = (*computed).as_ref().is_some_and(|c| {
        app.table
            .as_ref()
            .is_some_and(|t| std::sync::Arc::ptr_eq(t, &c.table.0))
            && Some(c.split) == split
    });
    let result = (*computed)
        .as_ref()
        .map(|c| c.report.clone())
        .zip((*drawn).clone());
    let (Some(dates), Some(split)) = (dates, split) else {
        return html! {
            <section class="results-part before-after" data-testid="before-after" aria-labelledby="ba-title">
                <h3 id="ba-title">{ tr(lang, "Before and after a date", "Prima e dopo una data") }</h3>
                <p class="hint">{ tr(lang, "This needs a date column with at least two dates.", "Serve una colonna di date con almeno due date.") }</p>
            </section>
        };
    };
    let (first, min, last) = (dates[0], dates[1], dates[dates.len() - 1]);
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(d) = parse_iso(v.trim()) {
                app.dispatch(Action::SetSplit(Some(d)));
            }
        })
    };
    let day = |d: Date| format::date(d, DateStyle::DayMonthYear, loc);

    let body = match result {
        Some((ba, drawn)) => {
            let at = (*computed).as_ref().map_or(split, |c| c.split);
            let rows = ba.columns.iter().map(|c| {
                let change = c.pct_change.map(|p| format::signed_percent(p, 1, loc)).unwrap_or_else(|| loc.missing().into());
                let sig = c.welch.p.is_some_and(|p| p < 0.05);
                html! {
                    <tr data-column={c.column.clone()}>
                        <th scope="row">{ &c.column }</th>
                        <td class="num">{ c.mean_before.map(|v| format::number(v, loc)).unwrap_or_else(|| loc.missing().into()) }</td>
                        <td class="num">{ c.mean_after.map(|v| format::number(v, loc)).unwrap_or_else(|| loc.missing().into()) }</td>
                        <td class="num">{ change }</td>
                        <td class={classes!("num", sig.then_some("sig"))}>
                            { if c.welch.p.is_some() { p_text(c.welch.p, loc) } else { reason_text(lang, c) } }
                        </td>
                        <td class="num">{ format!("{} / {}", c.n_before, c.n_after) }</td>
                    </tr>
                }
            });
            html! {
                <div class={classes!("ba-result", (!current).then_some("updating"))} aria-busy={(!current).to_string()}>
                    <div class="table-scroll" role="region" tabindex="0" aria-label={tr(lang, "Before and after, per column", "Prima e dopo, per colonna")}>
                        <table class="before-after-table">
                            <caption>{ trs(lang, format!("Before {} vs from {} on", day(at), day(at)), format!("Prima del {} e dal {} in poi", day(at), day(at))) }</caption>
                            <thead><tr>
                                <th scope="col">{ tr(lang, "Column", "Colonna") }</th>
                                <th scope="col">{ tr(lang, "Mean before", "Media prima") }</th>
                                <th scope="col">{ tr(lang, "Mean after", "Media dopo") }</th>
                                <th scope="col">{ tr(lang, "Change", "Variazione") }</th>
                                <th scope="col">{ tr(lang, "p (Welch's t-test)", "p (test t di Welch)") }</th>
                                <th scope="col">{ tr(lang, "Periods before / after", "Periodi prima / dopo") }</th>
                            </tr></thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                    </div>
                    <p class="hint">{ tr(lang,
                        "A small p (below 0.05) means a difference this large would be unlikely if nothing had changed. Other things may have changed on the same date (season, prices): this compares, it does not prove a cause.",
                        "Un p piccolo (sotto 0,05) significa che una differenza così grande sarebbe improbabile se non fosse cambiato nulla. Nella stessa data possono essere cambiate altre cose (stagione, prezzi): questo confronta, non dimostra una causa.") }</p>
                    <ChartFrame test_id="before-after-chart" title={drawn.title.clone()} svg={drawn.svg.clone()} size={drawn.size}
                        summary={drawn.summary.clone()} data={drawn.data.clone()} />
                </div>
            }
        }
        None => {
            html! { <p class="hint" role="status">{ tr(lang, "Comparing…", "Confronto in corso…") }</p> }
        }
    };

    html! {
        <section class="results-part before-after" data-testid="before-after" aria-labelledby="ba-title">
            <h3 id="ba-title">{ tr(lang, "Before and after a date", "Prima e dopo una data") }</h3>
            <p class="hint">{ trs(lang,
                format!("Pick the day something changed (a campaign start, a new price). Data from {} to {}.", day(first), day(last)),
                format!("Scegli il giorno in cui è cambiato qualcosa (l'inizio di una campagna, un nuovo prezzo). Dati dal {} al {}.", day(first), day(last))) }</p>
            <div class="control">
                <label for="split-date">{ tr(lang, "First day of “after”", "Primo giorno del «dopo»") }</label>
                <Field id="split-date" kind="date" value={split.to_iso()} min={AttrValue::from(min.to_iso())} max={AttrValue::from(last.to_iso())} {onchange} />
            </div>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_leaves_rows_on_both_sides() {
        let d: Vec<Date> = (1..=5)
            .map(|i| Date::from_ymd(2024, 1, i).unwrap())
            .collect();
        assert_eq!(effective_split(&d, None), Some(d[2]));
        assert_eq!(effective_split(&d, Some(d[0])), Some(d[2]));
        assert_eq!(effective_split(&d, Some(d[1])), Some(d[1]));
        assert_eq!(effective_split(&d, Date::from_ymd(2025, 1, 1)), Some(d[2]));
        assert_eq!(effective_split(&d[..1], None), None);
    }

    #[test]
    fn panels_get_room() {
        assert_eq!(panels_height(6, 760), 470);
        assert_eq!(panels_height(6, 340), 1270);
        assert_eq!(panels_height(1, 340), 270);
        assert_eq!(panels_height(0, 340), 270);
    }
}
