//! The loaded inputs: one line per file or paste with its status (reading, ready, error with line
//! and the offending text), a remove button, and how several files are joined.

use social_roi_core::reshape::JoinKind;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::i18n::{tr, trs};
use crate::state::{Action, ShownError, Source, SourceStatus};

/// The text of 1-based physical `line` in `bytes` (lossy, shortened), to show next to an error.
pub fn line_text(bytes: &[u8], line: u64) -> Option<String> {
    if line == 0 {
        return None;
    }
    let mut finder = LineFinder::new(line);
    let start = finder
        .find(bytes, 0)
        .or_else(|| finder.finish(bytes.len()))?;
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |p| start + p);
    let text = String::from_utf8_lossy(&bytes[start..end]);
    let mut short: String = text.chars().take(160).collect();
    if text.chars().count() > 160 {
        short.push('…');
    }
    Some(short)
}

/// Where physical line `line` starts in a text that arrives in pieces (LF, CRLF and lone CR each
/// end a line): [`line_text`] finds it in bytes it holds, the reading worker in a file it reads
/// slice by slice.
pub struct LineFinder {
    line: u64,
    current: u64,
    cr: bool,
}

impl LineFinder {
    pub fn new(line: u64) -> LineFinder {
        LineFinder {
            line,
            current: 1,
            cr: false,
        }
    }

    /// Reads the next piece, which starts at offset `at`; `Some` is the line's start offset.
    pub fn find(&mut self, piece: &[u8], at: usize) -> Option<usize> {
        if self.line == 1 {
            return Some(0);
        }
        for (i, &b) in piece.iter().enumerate() {
            // a CR not followed by LF ended a line: this byte starts the next one
            if self.cr && b != b'\n' {
                self.current += 1;
                if self.current == self.line {
                    return Some(at + i);
                }
            }
            self.cr = b == b'\r';
            if b == b'\n' {
                self.current += 1;
                if self.current == self.line {
                    return Some(at + i + 1);
                }
            }
        }
        None
    }

    /// After the last piece (the text is `len` bytes): a final lone CR ended a line, so the
    /// next one starts, empty, at the end.
    pub fn finish(&mut self, len: usize) -> Option<usize> {
        if std::mem::take(&mut self.cr) {
            self.current += 1;
            if self.current == self.line {
                return Some(len);
            }
        }
        None
    }
}

#[derive(Properties)]
pub struct ErrorBoxProps {
    pub error: ShownError,
    /// The input the error points into, to quote the offending line.
    #[prop_or_default]
    pub bytes: Option<std::rc::Rc<Vec<u8>>>,
    /// A second showing of an error already announced elsewhere: a note, not an alert.
    #[prop_or_default]
    pub repeat: bool,
}

/// By identity for the bytes: comparing a large input by value on every render would be slow.
impl PartialEq for ErrorBoxProps {
    fn eq(&self, o: &Self) -> bool {
        self.error == o.error
            && self.repeat == o.repeat
            && crate::state::same_opt_rc(&self.bytes, &o.bytes)
    }
}

/// An error with its position, the offending line quoted, and what to do.
#[function_component(ErrorBox)]
pub fn error_box(props: &ErrorBoxProps) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let e = &props.error;
    let quoted = match (&e.quote, &props.bytes, e.line) {
        (Some(q), _, Some(l)) => Some((l, q.clone())),
        (None, Some(b), Some(l)) => line_text(b, l).map(|t| (l, t)),
        _ => None,
    };
    html! {
        <div class="error" role={if props.repeat { "note" } else { "alert" }} data-testid={if props.repeat { "error-again" } else { "error" }}
            data-kind={e.kind} data-line={e.line.map(|l| l.to_string())}>
            <strong>{ tr(lang, "Cannot use this data", "Questi dati non si possono usare") }</strong>
            <p>{ e.message(lang) }</p>
            if let Some((l, t)) = quoted {
                <pre class="offending"><span class="ln">{ format!("{l} │ ") }</span>{ t }</pre>
            }
        </div>
    }
}

#[function_component(Sources)]
pub fn sources() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let item = |s: &Source| {
        let remove = {
            let (app, id) = (app.clone(), s.id);
            Callback::from(move |_: MouseEvent| app.dispatch(Action::RemoveSource(id)))
        };
        let status = match &s.status {
            SourceStatus::Reading { progress, .. } => html! {
                <span class="status reading">{ trs(lang, format!("reading… {:.0}%", progress * 100.0), format!("lettura… {:.0}%", progress * 100.0)) }</span>
            },
            SourceStatus::Ready => match &s.loaded {
                Some(l) => html! {
                    <span class="status ready">{ trs(lang,
                        format!("{} rows, {} numeric columns", l.table.n_rows(), l.table.numeric_columns().count()),
                        format!("{} righe, {} colonne numeriche", l.table.n_rows(), l.table.numeric_columns().count())) }</span>
                },
                None => html! {},
            },
            SourceStatus::Failed(_) => {
                html! { <span class="status failed">{ tr(lang, "not read", "non letto") }</span> }
            }
        };
        let remove_label = trs(
            lang,
            format!("Remove {}", s.name),
            format!("Rimuovi {}", s.name),
        );
        html! {
            <li class="source">
                <span class="name">{ &s.name }</span>
                { status }
                <button type="button" class="secondary small" aria-label={remove_label} onclick={remove}>{ tr(lang, "Remove", "Rimuovi") }</button>
                if let SourceStatus::Failed(e) = &s.status {
                    <ErrorBox error={e.clone()} bytes={s.data.held().cloned()} />
                    if s.loaded.is_some() {
                        <p class="hint">{ tr(lang, "The previous reading of this file is still in use.", "È ancora in uso la lettura precedente di questo file.") }</p>
                    }
                }
            </li>
        }
    };
    let ready = app.sources.iter().filter(|s| s.loaded.is_some()).count();
    let set_join = |kind: JoinKind| {
        let app = app.clone();
        Callback::from(move |_: Event| app.dispatch(Action::SetJoin(kind)))
    };
    html! {
        <section class="step sources" aria-labelledby="sources-title">
            <h2 id="sources-title">{ tr(lang, "Loaded data", "Dati caricati") }</h2>
            <ul class="source-list">{ for app.sources.iter().map(item) }</ul>
            if ready > 1 {
                <fieldset class="join">
                    <legend>{ tr(lang, "Combine the files on their dates", "Unisci i file per data") }</legend>
                    <label class="inline"><input type="radio" name="join" checked={app.join == JoinKind::Inner} onchange={set_join(JoinKind::Inner)} />
                        { tr(lang, "only dates present in every file", "solo le date presenti in tutti i file") }</label>
                    <label class="inline"><input type="radio" name="join" checked={app.join == JoinKind::Outer} onchange={set_join(JoinKind::Outer)} />
                        { tr(lang, "all dates (missing cells where a file has no row)", "tutte le date (celle mancanti dove un file non ha la riga)") }</label>
                </fieldset>
            }
            if let Some(e) = &app.table_error { <ErrorBox error={e.clone()} /> }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::{line_text, LineFinder};

    /// The line found piece by piece starts where `line_text` quotes it from, whatever the cuts.
    #[test]
    fn finds_a_line_across_pieces() {
        for text in [
            &b"a\r\nbb\rc\n\nd\r\r\neee"[..],
            b"x\ny\r",
            b"x\ny\n",
            b"\r\r",
        ] {
            for line in 1..=9u64 {
                let whole = line_text(text, line);
                for size in 1..=text.len() {
                    let mut f = LineFinder::new(line);
                    let start = text
                        .chunks(size)
                        .enumerate()
                        .find_map(|(k, p)| f.find(p, k * size))
                        .or_else(|| f.finish(text.len()));
                    let quoted = start.and_then(|s| line_text(&text[s..], 1));
                    assert_eq!(quoted, whole, "{text:?} line {line}, pieces of {size}");
                }
            }
        }
    }

    #[test]
    fn quotes_the_physical_line_for_any_line_end() {
        assert_eq!(line_text(b"a\nb\nc", 2).as_deref(), Some("b"));
        assert_eq!(line_text(b"a\r\nb\r\nc", 3).as_deref(), Some("c"));
        assert_eq!(line_text(b"a\rb\rc", 2).as_deref(), Some("b"));
        assert_eq!(line_text(b"a\nb", 3), None);
        assert_eq!(line_text(b"", 1).as_deref(), Some(""));
        assert!(line_text(&vec![b'x'; 500], 1).unwrap().ends_with('…'));
    }
}
