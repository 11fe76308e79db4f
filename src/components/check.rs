//! Step 2, "Check": what was detected in each input (encoding, delimiter, decimal style, header,
//! date format, each column's type with its evidence), controls to override any of it, the skipped
//! lines and missing cells, and a preview of the rows.

use std::rc::Rc;

use social_roi_core::ingest::{
    Aggregate, ColumnKind, ColumnOverride, ColumnReport, DateOrder, Encoding, Loaded, Options,
    Period,
};
use social_roi_core::{ColumnData, Lang};
use yew::prelude::*;

use crate::components::field::Field;

use crate::charts::format::{self, DateStyle};
use crate::components::app::AppContext;
use crate::components::events::EventsCheck;
use crate::components::select::{options, Select};
use crate::components::sources::ErrorBox;
use crate::i18n::{locale, tr, trs};
use crate::state::{Action, Source, SourceStatus};

/// Rows shown in a preview; analyses always use every row.
pub const PREVIEW_ROWS: usize = 12;
/// Entries shown in the skipped-lines and missing-cells lists.
const LIST_ROWS: usize = 200;

/// Known reasons from the core (English) in Italian.
fn reason(lang: Lang, r: &str) -> String {
    if lang == Lang::En {
        return r.to_owned();
    }
    let table = [
        ("blank line", "riga vuota"),
        ("blank row", "riga vuota"),
        (
            "comment line (starts with '#')",
            "riga di commento (inizia con '#')",
        ),
        (
            "empty row (every cell is empty)",
            "riga vuota (tutte le celle vuote)",
        ),
        (
            "part of another table below the one read",
            "parte di un'altra tabella sotto quella letta",
        ),
        (
            "totals/summary row: empty date cell",
            "riga di totali: cella della data vuota",
        ),
        ("totals/summary row", "riga di totali"),
        (
            "second header row (column descriptions)",
            "seconda riga d'intestazione (descrizioni delle colonne)",
        ),
        (
            "second header row (names under a group: joined to the group's name)",
            "seconda riga d'intestazione (nomi sotto un gruppo: uniti al nome del gruppo)",
        ),
        (
            "line above the header (title, date range or another table)",
            "riga sopra l'intestazione (titolo, intervallo di date o un'altra tabella)",
        ),
        ("note row: ", "riga di nota: "),
        (
            "row above the header (title or notes)",
            "riga sopra l'intestazione (titolo o note)",
        ),
    ];
    for (en, it) in table {
        if r == en {
            return it.to_owned();
        }
        if let Some(rest) = r.strip_prefix(en) {
            return format!("{it}{rest}");
        }
    }
    r.to_owned()
}

/// Options with one column's override replaced by `f(old)`.
fn with_column(
    opts: &Options,
    name: &str,
    f: impl FnOnce(ColumnOverride) -> ColumnOverride,
) -> Options {
    let mut o = opts.clone();
    let old = o
        .columns
        .iter()
        .position(|c| c.name == name)
        .map(|i| o.columns.remove(i))
        .unwrap_or_else(|| ColumnOverride::new(name));
    o.columns.push(f(old));
    o
}

/// How a control's chosen value changes the source's read options.
type Apply = Rc<dyn Fn(&mut Options, &str)>;

#[derive(Properties)]
struct SourceCheckProps {
    source: Source,
    loaded: Rc<Loaded>,
}

impl PartialEq for SourceCheckProps {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && crate::state::same_rc(&self.loaded, &other.loaded)
    }
}

#[function_component(SourceCheck)]
fn source_check(props: &SourceCheckProps) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let loc = locale(lang);
    let (src, loaded) = (&props.source, &props.loaded);
    let r = &loaded.report;
    let id = src.id;
    let set_options = {
        let app = app.clone();
        Callback::from(move |o: Options| app.dispatch(Action::SetSourceOptions(id, o)))
    };
    let opts = src.options.clone();
    let is_sheet = !r.sheets.is_empty();

    // Each control maps the select's value to a change of this source's options.
    let control = |id: String,
                   label: String,
                   choices: Vec<(AttrValue, AttrValue)>,
                   selected: &str,
                   apply: Apply| {
        let (opts_now, set) = (opts.clone(), set_options.clone());
        let onchange = Callback::from(move |v: String| {
            let mut o = opts_now.clone();
            apply(&mut o, &v);
            set.emit(o);
        });
        html! { <Select id={id} label={Some(AttrValue::from(label))} options={choices} selected={AttrValue::from(selected.to_owned())} {onchange} /> }
    };

    let delimiter_select = {
        let cur = match src.options.delimiter {
            Some(b',') => "comma",
            Some(b';') => "semicolon",
            Some(b'\t') => "tab",
            Some(b'|') => "pipe",
            _ => "auto",
        };
        let detected = trs(
            lang,
            format!("detected: {}", r.delimiter.clone().unwrap_or_default()),
            format!("rilevato: {}", r.delimiter.clone().unwrap_or_default()),
        );
        let mut o = vec![(AttrValue::from("auto"), AttrValue::from(detected))];
        o.extend(options([
            ("comma", tr(lang, "comma ,", "virgola ,")),
            ("semicolon", tr(lang, "semicolon ;", "punto e virgola ;")),
            ("tab", tr(lang, "tab", "tabulazione")),
            ("pipe", tr(lang, "pipe |", "barra verticale |")),
        ]));
        control(
            format!("delim-{id}"),
            tr(lang, "Delimiter", "Separatore").into(),
            o,
            cur,
            Rc::new(|o, v| {
                o.delimiter = match v {
                    "comma" => Some(b','),
                    "semicolon" => Some(b';'),
                    "tab" => Some(b'\t'),
                    "pipe" => Some(b'|'),
                    _ => None,
                }
            }),
        )
    };
    let encoding_select = {
        let cur = match src.options.encoding {
            Some(Encoding::Utf8) => "utf8",
            Some(Encoding::Windows1252) => "1252",
            Some(Encoding::Utf16Le) => "utf16le",
            Some(Encoding::Utf16Be) => "utf16be",
            _ => "auto",
        };
        let detected = trs(
            lang,
            format!("detected: {}", r.encoding),
            format!("rilevata: {}", r.encoding),
        );
        let mut o = vec![(AttrValue::from("auto"), AttrValue::from(detected))];
        o.extend(options([
            ("utf8", "UTF-8"),
            ("1252", "Windows-1252"),
            ("utf16le", "UTF-16LE"),
            ("utf16be", "UTF-16BE"),
        ]));
        control(
            format!("enc-{id}"),
            tr(lang, "Encoding", "Codifica").into(),
            o,
            cur,
            Rc::new(|o, v| {
                o.encoding = match v {
                    "utf8" => Some(Encoding::Utf8),
                    "1252" => Some(Encoding::Windows1252),
                    "utf16le" => Some(Encoding::Utf16Le),
                    "utf16be" => Some(Encoding::Utf16Be),
                    _ => None,
                }
            }),
        )
    };
    let sheet_select = {
        let cur = r.sheet.clone().unwrap_or_default();
        let o = r
            .sheets
            .iter()
            .map(|s| (AttrValue::from(s.clone()), AttrValue::from(s.clone())))
            .collect();
        control(
            format!("sheet-{id}"),
            tr(lang, "Sheet", "Foglio").into(),
            o,
            &cur,
            Rc::new(|o, v| o.sheet = Some(v.to_owned())),
        )
    };
    let date_select = {
        const NONE: &str = "\u{0}none";
        let cur = r.date_column.clone().unwrap_or_else(|| NONE.into());
        let mut o: Vec<(AttrValue, AttrValue)> = r
            .header
            .iter()
            .map(|h| (AttrValue::from(h.clone()), AttrValue::from(h.clone())))
            .collect();
        o.push((
            NONE.into(),
            tr(
                lang,
                "none (rows in file order)",
                "nessuna (righe nell'ordine del file)",
            )
            .into(),
        ));
        control(
            format!("datecol-{id}"),
            tr(lang, "Date column", "Colonna delle date").into(),
            o,
            &cur,
            Rc::new(|o, v| {
                o.no_date_column = v == NONE;
                o.date_column = (!v.is_empty() && v != NONE).then(|| v.to_owned());
            }),
        )
    };
    let aggregate_select = {
        let cur = src
            .options
            .aggregate
            .as_ref()
            .map(|a| a.period.name())
            .unwrap_or("none");
        let o = options([
            (
                "none",
                tr(lang, "no (one row per period)", "no (una riga per periodo)"),
            ),
            ("day", tr(lang, "day", "giorno")),
            ("week", tr(lang, "week", "settimana")),
            ("month", tr(lang, "month", "mese")),
        ]);
        control(
            format!("agg-{id}"),
            tr(
                lang,
                "One row per event? Combine per",
                "Una riga per evento? Raggruppa per",
            )
            .into(),
            o,
            cur,
            Rc::new(|o, v| {
                o.aggregate = match v {
                    "day" => Some(Aggregate::new(Period::Day)),
                    "week" => Some(Aggregate::new(Period::Week)),
                    "month" => Some(Aggregate::new(Period::Month)),
                    _ => None,
                }
            }),
        )
    };

    // Per-column overrides: kind, and the decimal separator (numbers) or day/month order (dates).
    let column_select =
        |c: &ColumnReport,
         what: &'static str,
         aria: String,
         o: Vec<(AttrValue, AttrValue)>,
         cur: &str,
         apply: fn(ColumnOverride, &str) -> ColumnOverride| {
            let (opts, set, name) = (opts.clone(), set_options.clone(), c.name.clone());
            let onchange = Callback::from(move |v: String| {
                set.emit(with_column(&opts, &name, |old| apply(old, &v)))
            });
            html! { <Select id={format!("{what}-{id}-{}", c.index)} aria_label={Some(AttrValue::from(aria))} options={o} selected={AttrValue::from(cur.to_owned())} {onchange} wrapped={false} /> }
        };
    let column_controls = |c: &ColumnReport| -> Html {
        let is_date = r.date_column.as_deref() == Some(c.name.as_str());
        let forced = src.options.columns.iter().find(|o| o.name == c.name);
        let kind_cur = match forced.and_then(|o| o.kind) {
            Some(ColumnKind::Number) => "number",
            Some(ColumnKind::Text) => "text",
            Some(ColumnKind::Date) => "date",
            None => "auto",
        };
        let kind_label = match c.kind.as_str() {
            _ if is_date => tr(lang, "date", "data"),
            "number" => tr(lang, "number", "numero"),
            "date" => tr(lang, "date", "data"),
            _ => tr(lang, "text", "testo"),
        };
        let kind_select = column_select(
            c,
            "kind",
            trs(
                lang,
                format!("Type of {}", c.name),
                format!("Tipo di {}", c.name),
            ),
            options([
                ("auto", tr(lang, "type: auto", "tipo: auto")),
                ("number", tr(lang, "number", "numero")),
                ("date", tr(lang, "date", "data")),
                ("text", tr(lang, "text (ignored)", "testo (ignorato)")),
            ]),
            kind_cur,
            |mut o, v| {
                o.kind = match v {
                    "number" => Some(ColumnKind::Number),
                    "text" => Some(ColumnKind::Text),
                    "date" => Some(ColumnKind::Date),
                    _ => None,
                };
                o
            },
        );
        let second = if c.kind == "number" {
            let cur = match forced.and_then(|o| o.decimal) {
                Some(b'.') => "dot",
                Some(b',') => "comma",
                _ => "auto",
            };
            column_select(
                c,
                "dec",
                trs(
                    lang,
                    format!("Decimal separator of {}", c.name),
                    format!("Separatore decimale di {}", c.name),
                ),
                options([
                    ("auto", tr(lang, "decimal: auto", "decimali: auto")),
                    ("dot", tr(lang, "decimal point 1.5", "punto decimale 1.5")),
                    (
                        "comma",
                        tr(lang, "decimal comma 1,5", "virgola decimale 1,5"),
                    ),
                ]),
                cur,
                |mut o, v| {
                    o.decimal = match v {
                        "dot" => Some(b'.'),
                        "comma" => Some(b','),
                        _ => None,
                    };
                    o
                },
            )
        } else if is_date {
            let cur = match forced.and_then(|o| o.date_order) {
                Some(DateOrder::Dmy) => "dmy",
                Some(DateOrder::Mdy) => "mdy",
                Some(DateOrder::Ymd) => "ymd",
                None => "auto",
            };
            column_select(
                c,
                "order",
                trs(
                    lang,
                    format!("Day and month order of {}", c.name),
                    format!("Ordine di giorno e mese di {}", c.name),
                ),
                options([
                    ("auto", tr(lang, "order: auto", "ordine: auto")),
                    ("dmy", tr(lang, "day/month/year", "giorno/mese/anno")),
                    ("mdy", tr(lang, "month/day/year", "mese/giorno/anno")),
                    ("ymd", tr(lang, "year/month/day", "anno/mese/giorno")),
                ]),
                cur,
                |mut o, v| {
                    o.date_order = match v {
                        "dmy" => Some(DateOrder::Dmy),
                        "mdy" => Some(DateOrder::Mdy),
                        "ymd" => Some(DateOrder::Ymd),
                        _ => None,
                    };
                    o
                },
            )
        } else {
            html! {}
        };
        let format = if is_date {
            c.date_format
                .clone()
                .or(r.date_format.clone())
                .unwrap_or_default()
        } else {
            c.format.clone()
        };
        html! {
            <th scope="col" class={classes!(c.ambiguity.is_some().then_some("ambiguous"))}>
                <span class="col-name">{ &c.name }</span>
                <span class="type">{ kind_label }</span>
                <span class="format">{ format }</span>
                <span class="evidence">{ trs(lang,
                    format!("{} of {} cells read", c.evidence.parsed, c.evidence.non_blank),
                    format!("{} di {} celle lette", c.evidence.parsed, c.evidence.non_blank)) }</span>
                { kind_select }
                { second }
            </th>
        }
    };

    let t = &loaded.table;
    let shown = t.n_rows().min(PREVIEW_ROWS);
    let cell = |name: &str, i: usize| -> Html {
        if t.date.as_ref().is_some_and(|d| d.name == name) {
            let d = t.date.as_ref().map(|d| d.values[i]);
            return html! { <td>{ d.map(|d| format::date(d, DateStyle::Iso, loc)).unwrap_or_default() }</td> };
        }
        match t.column(name).map(|c| &c.data) {
            Some(ColumnData::Numeric(v)) if v[i].is_nan() => {
                html! { <td class="missing">{ loc.missing() }</td> }
            }
            Some(ColumnData::Numeric(v)) => {
                html! { <td class="num">{ format::sig(v[i], 10, loc) }</td> }
            }
            Some(ColumnData::Text(v)) => {
                html! { <td class="text">{ v.get(i).unwrap_or_default() }</td> }
            }
            None => html! { <td></td> },
        }
    };
    let ambiguities: Vec<&ColumnReport> =
        r.columns.iter().filter(|c| c.ambiguity.is_some()).collect();
    html! {
        <article class="source-check" aria-label={src.name.clone()}>
            <h3>{ &src.name }</h3>
            <dl class="detected">
                <dt>{ tr(lang, "Format", "Formato") }</dt>
                <dd>{ if is_sheet { r.encoding.clone() } else { format!("{}, {}", r.encoding, r.delimiter.clone().unwrap_or_default()) } }</dd>
                if let Some(h) = r.header_line {
                    <dt>{ tr(lang, "Header", "Intestazione") }</dt>
                    <dd>{ trs(lang, format!("line {h}"), format!("riga {h}")) }</dd>
                }
                if let Some(d) = &r.decimal_separator {
                    <dt>{ tr(lang, "Numbers", "Numeri") }</dt>
                    <dd>{ trs(lang,
                        format!("decimal '{d}'{}", r.thousands_separator.as_ref().map(|t| format!(", thousands '{t}'")).unwrap_or_default()),
                        format!("decimali '{d}'{}", r.thousands_separator.as_ref().map(|t| format!(", migliaia '{t}'")).unwrap_or_default())) }</dd>
                }
                <dt>{ tr(lang, "Dates", "Date") }</dt>
                <dd>{ match (&r.date_column, &r.date_format) {
                    (Some(c), Some(f)) => format!("{c}: {f}"),
                    (Some(c), None) => c.clone(),
                    _ => tr(lang, "no date column: rows in file order", "nessuna colonna di date: righe nell'ordine del file").into(),
                } }</dd>
                <dt>{ tr(lang, "Rows", "Righe") }</dt>
                <dd>{ trs(lang,
                    format!("{} data rows{}", r.n_data_rows, if r.row_order_in_file == "descending" { " (newest first in the file; sorted oldest first)" } else { "" }),
                    format!("{} righe di dati{}", r.n_data_rows, if r.row_order_in_file == "descending" { " (nel file dalla più recente; ordinate dalla più vecchia)" } else { "" })) }</dd>
            </dl>
            if let Some(n) = &r.encoding_notice {
                <p class="notice">{ trs(lang,
                    format!("Not UTF-8: read as Windows-1252 (first non-UTF-8 byte {} at line {}, byte {}). If letters look wrong, choose the encoding.", n.value, n.line, n.offset),
                    format!("Non è UTF-8: letto come Windows-1252 (primo byte non UTF-8 {} alla riga {}, byte {}). Se le lettere sono sbagliate, scegli la codifica.", n.value, n.line, n.offset)) }</p>
            }
            { for r.notices.iter().map(|n| html! { <p class="notice">{ social_roi_core::notes::note_text(lang, n) }</p> }) }
            { year_control(lang, src, r, set_options.clone()) }
            if r.events.is_some() {
                <EventsCheck source={src.clone()} loaded={loaded.clone()} />
            } else {
                // a file combined per period to meet the others (daily beside weekly)
                { for app.events.notes.iter().filter(|(n, _)| *n == r.name).flat_map(|(_, n)| n.iter()).map(|n| html! {
                    <p class="notice" role="note" data-testid="combined-note">{ social_roi_core::notes::note_text(lang, n) }</p>
                }) }
            }
            { for ambiguities.iter().filter_map(|c| c.ambiguity.as_ref().map(|a| (c, a))).map(|(c, a)| html! {
                <p class="notice ambiguous" role="note">{ trs(lang,
                    format!("“{}” is ambiguous: values like {} could be read either way. Read with {} = {} ({}); change it in the column header if that is wrong.", c.name, a.example, a.what.replace('_', " "), a.chosen, a.reason),
                    format!("«{}» è ambigua: valori come {} si possono leggere in due modi. Letta con {} = {} ({}); cambiala nell'intestazione della colonna se è sbagliato.", c.name, a.example, a.what.replace('_', " "), a.chosen, a.reason)) }</p>
            }) }
            <div class="controls">
                if is_sheet { { sheet_select } } else { { delimiter_select } { encoding_select } }
                { date_select }
                if r.events.is_none() { { aggregate_select } }
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label={trs(lang, format!("Preview of {}", src.name), format!("Anteprima di {}", src.name))}>
                <table class="preview">
                    <thead><tr>{ for r.columns.iter().map(column_controls) }</tr></thead>
                    <tbody>
                        { for (0..shown).map(|i| html! { <tr>{ for r.columns.iter().map(|c| cell(&c.name, i)) }</tr> }) }
                    </tbody>
                </table>
            </div>
            if t.n_rows() > shown {
                <p class="hint">{ trs(lang, format!("Showing {shown} of {} rows.", t.n_rows()), format!("Mostrate {shown} di {} righe.", t.n_rows())) }</p>
            }
            if r.n_ignored_lines > 0 {
                <details class="skipped">
                    <summary>{ trs(lang, format!("{} lines skipped", r.n_ignored_lines), format!("{} righe saltate", r.n_ignored_lines)) }</summary>
                    <ul>{ for r.ignored_lines.iter().take(LIST_ROWS).map(|l| html! {
                        <li>{ trs(lang, format!("line {}: ", l.line), format!("riga {}: ", l.line)) }{ reason(lang, &l.reason) }</li>
                    }) }</ul>
                </details>
            }
            if r.n_missing_cells > 0 {
                <details class="missing-cells">
                    <summary>{ trs(lang, format!("{} missing cells (never counted as zero)", r.n_missing_cells), format!("{} celle mancanti (mai contate come zero)", r.n_missing_cells)) }</summary>
                    <ul>{ for r.missing_cells.iter().take(LIST_ROWS).map(|m| html! {
                        <li>{ trs(lang, format!("line {}, {}: ", m.line, m.column), format!("riga {}, {}: ", m.line, m.column)) }
                            <code>{ if m.raw.is_empty() { tr(lang, "(empty)", "(vuota)").to_owned() } else { m.raw.clone() } }</code></li>
                    }) }</ul>
                </details>
            }
        </article>
    }
}

/// Dates written without a year (TikTok's `12 September`): the year they were given, and a field
/// to change it (the earliest date's year; later dates follow across New Year).
fn year_control(
    lang: Lang,
    src: &Source,
    r: &social_roi_core::ingest::FileReport,
    set: Callback<Options>,
) -> Html {
    let Some((col, year)) = r
        .columns
        .iter()
        .find_map(|c| c.assumed_year.map(|y| (c.name.clone(), y)))
    else {
        return html! {};
    };
    let opts = src.options.clone();
    let onchange = Callback::from(move |e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        if let Ok(y) = v.trim().parse::<i32>() {
            if (1900..=2200).contains(&y) {
                let mut o = opts.clone();
                o.year = Some(y);
                set.emit(o);
            }
        }
    });
    let id = format!("year-{}", src.id);
    let how = if src.options.year.is_some() {
        tr(lang, "as you chose", "come hai scelto")
    } else {
        tr(lang,
            "the year that overlaps your other files, else the latest that keeps them out of the future",
            "l'anno che si sovrappone agli altri file, altrimenti il più recente che non le porta nel futuro")
    };
    html! {
        <div class="notice year" data-testid="assumed-year" data-year={year.to_string()}>
            <p>{ trs(lang,
                format!("“{col}” has no year: read from {year} ({how})."),
                format!("«{col}» non ha l'anno: letto dal {year} ({how}).")) }</p>
            <label for={id.clone()}>{ tr(lang, "Year of the first date", "Anno della prima data") }</label>
            <Field id={id} kind="number" min="1900" max="2200" value={year.to_string()} {onchange} />
        </div>
    }
}

/// A file that could not be read, in step 2 with the controls that can fix it: the error names a
/// fix (a delimiter, an encoding, combining rows per period), and the fix must be on screen.
#[function_component(FailedCheck)]
fn failed_check(props: &FailedProps) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let src = &props.source;
    let id = src.id;
    let SourceStatus::Failed(e) = &src.status else {
        return html! {};
    };
    let set = |apply: fn(&mut Options, &str)| {
        let (app, opts) = (app.clone(), src.options.clone());
        Callback::from(move |v: String| {
            let mut o = opts.clone();
            apply(&mut o, &v);
            app.dispatch(Action::SetSourceOptions(id, o));
        })
    };
    let delimiter = match src.options.delimiter {
        Some(b',') => "comma",
        Some(b';') => "semicolon",
        Some(b'\t') => "tab",
        Some(b'|') => "pipe",
        _ => "auto",
    };
    let aggregate = src
        .options
        .aggregate
        .as_ref()
        .map(|a| a.period.name())
        .unwrap_or("none");
    html! {
        <article class="source-check failed" aria-label={src.name.clone()} data-testid="failed-check">
            <h3>{ &src.name }</h3>
            <ErrorBox error={e.clone()} bytes={src.data.held().cloned()} repeat=true />
            <p class="hint">{ tr(lang, "Change how the file is read:", "Cambia come viene letto il file:") }</p>
            <div class="controls">
                <Select id={format!("fdelim-{id}")} label={Some(AttrValue::from(tr(lang, "Delimiter", "Separatore")))}
                    options={options([("auto", tr(lang, "automatic", "automatico")), ("comma", tr(lang, "comma ,", "virgola ,")), ("semicolon", tr(lang, "semicolon ;", "punto e virgola ;")), ("tab", tr(lang, "tab", "tabulazione")), ("pipe", tr(lang, "pipe |", "barra verticale |"))])}
                    selected={AttrValue::from(delimiter)}
                    onchange={set(|o, v| o.delimiter = match v { "comma" => Some(b','), "semicolon" => Some(b';'), "tab" => Some(b'\t'), "pipe" => Some(b'|'), _ => None })} />
                <Select id={format!("fagg-{id}")} label={Some(AttrValue::from(tr(lang, "Several rows per date? Combine per", "Più righe per data? Raggruppa per")))}
                    options={options([("none", tr(lang, "no (one row per period)", "no (una riga per periodo)")), ("day", tr(lang, "day", "giorno")), ("week", tr(lang, "week", "settimana")), ("month", tr(lang, "month", "mese"))])}
                    selected={AttrValue::from(aggregate)}
                    onchange={set(|o, v| o.aggregate = match v { "day" => Some(Aggregate::new(Period::Day)), "week" => Some(Aggregate::new(Period::Week)), "month" => Some(Aggregate::new(Period::Month)), _ => None })} />
                <Select id={format!("fnodate-{id}")} label={Some(AttrValue::from(tr(lang, "Dates", "Date")))}
                    options={options([("auto", tr(lang, "find the date column", "trova la colonna delle date")), ("none", tr(lang, "no date column (rows in file order)", "nessuna colonna di date (righe nell'ordine del file)"))])}
                    selected={AttrValue::from(if src.options.no_date_column { "none" } else { "auto" })}
                    onchange={set(|o, v| o.no_date_column = v == "none")} />
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct FailedProps {
    source: Source,
}

#[function_component(Check)]
pub fn check() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let loc = locale(lang);
    let summary = app.table.as_ref().map(|t| {
        let range = t.dates().and_then(|d| Some((*d.first()?, *d.last()?)));
        html! {
            <p class="summary">
                { tr(lang, "Table for the analysis: ", "Tabella per l'analisi: ") }
                <strong data-testid="row-count">{ t.n_rows() }</strong>{ tr(lang, " rows, ", " righe, ") }
                <strong data-testid="numeric-count">{ t.numeric_columns().count() }</strong>{ tr(lang, " numeric columns", " colonne numeriche") }
                if let Some((a, b)) = range {
                    { trs(lang,
                        format!(", from {} to {}", format::date(a, DateStyle::DayMonthYear, loc), format::date(b, DateStyle::DayMonthYear, loc)),
                        format!(", dal {} al {}", format::date(a, DateStyle::DayMonthYear, loc), format::date(b, DateStyle::DayMonthYear, loc))) }
                }
            </p>
        }
    });
    html! {
        <section class="step check" aria-labelledby="check-title">
            <h2 id="check-title">{ tr(lang, "2. Check what was read", "2. Controlla cosa è stato letto") }</h2>
            { summary.unwrap_or_default() }
            { for app.sources.iter().map(|s| match s.loaded.clone() {
                Some(l) => html! { <SourceCheck key={s.id} source={s.clone()} loaded={l} /> },
                None if matches!(s.status, SourceStatus::Failed(_)) => html! { <FailedCheck key={s.id} source={s.clone()} /> },
                None => html! {},
            }) }
        </section>
    }
}
