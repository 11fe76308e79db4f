//! Getting data in: a paste area, a file picker and drop zone (several files at once), the samples,
//! and "clear". Files are read by the browser's FileReader inside the page; nothing is uploaded.

use social_roi_core::{Error, ErrorKind, Position};
use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::i18n::tr;
use crate::samples::SAMPLES;
use crate::state::{Action, ShownError};

/// Largest input when the engine runs in its worker, refused with a message past it (e2e: a real
/// 600,000,001-byte file). Each wasm instance has at most 4 GB (wasm32); the largest are the
/// analysis' front worker (BENCHMARKS.md: 1197 MiB for a 220 MB file of numbers before it kept no
/// change series, 864 MiB for a 289 MB export after) and, for exports with much text, the reading
/// worker (1112 MiB for a 598.6 MB export, which was read and analysed from the page:
/// BENCHMARKS.md, "The input limit" and "Streaming reads"). Kept at 600 MB: the renderer as a
/// whole then holds ~2.7 GB, as much as a typical laptop's tab should.
pub const MAX_INPUT_BYTES: u64 = 600_000_000;

/// Largest input when the worker cannot run and the page's own instance reads and analyses
/// everything (about 8–9× the file at its peak: 1749 MiB for 220 MB), ~2.5 GB at this limit.
pub const MAX_INPUT_BYTES_SLICED: u64 = 300_000_000;

/// The input limit in this browser: what its engine (worker or page) can hold.
pub fn max_input_bytes() -> u64 {
    if crate::browser::worker::available() {
        MAX_INPUT_BYTES
    } else {
        MAX_INPUT_BYTES_SLICED
    }
}

/// Largest file the page itself holds in memory. A larger one stays a browser `File` that the
/// engine's worker reads in chunks: the page never has a copy, so a 125 MB export costs the tab
/// the worker's single copy instead of three (the picked file, the page's, the worker's). Set at
/// what "remember on this device" can store at most, which is all that needs the bytes here.
pub const HOLD_MAX_BYTES: u64 = crate::browser::storage::MAX_STORED_BYTES as u64;

/// The name a pasted source gets (pasting again replaces it).
pub const PASTED_NAME: &str = "pasted data";

/// The refusal of an input past [`max_input_bytes`].
pub fn too_large(name: &str, bytes: u64) -> ShownError {
    let e = Error::new(ErrorKind::TooLarge {
        pos: Position::default().with_file(name),
        bytes,
        limit: max_input_bytes(),
    });
    ShownError::from(&e)
}

fn read_files(files: Option<web_sys::FileList>, app: AppContext) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let size = file.size() as u64;
        if size > max_input_bytes() {
            app.dispatch(Action::Reject(too_large(&file.name(), size)));
            continue;
        }
        if size > HOLD_MAX_BYTES && crate::browser::worker::available() {
            app.dispatch(Action::AddFile {
                name: file.name(),
                file,
            });
            continue;
        }
        let app = app.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            match crate::browser::files::read_bytes(file).await {
                Ok((name, bytes)) => app.dispatch(Action::AddSource { name, bytes }),
                Err(e) => app.dispatch(Action::Reject(ShownError::unreadable_file(&name, &e))),
            }
        });
    }
}

#[function_component(DataInput)]
pub fn data_input() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let dragging = use_state(|| false);
    let oninput = {
        let app = app.clone();
        Callback::from(move |e: InputEvent| {
            app.dispatch(Action::SetPasted(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let read_pasted = {
        let app = app.clone();
        Callback::from(move |_| {
            let text = app.pasted.clone();
            if text.len() as u64 > max_input_bytes() {
                app.dispatch(Action::Reject(too_large(PASTED_NAME, text.len() as u64)));
                return;
            }
            if let Some(old) = app.sources.iter().find(|s| s.name == PASTED_NAME) {
                app.dispatch(Action::RemoveSource(old.id));
            }
            app.dispatch(Action::AddSource {
                name: PASTED_NAME.to_owned(),
                bytes: text.into_bytes(),
            });
        })
    };
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            read_files(input.files(), app.clone());
            input.set_value("");
        })
    };
    let ondrop = {
        let (app, dragging) = (app.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read_files(e.data_transfer().and_then(|d| d.files()), app.clone());
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let clear = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(Action::Clear))
    };
    let samples = SAMPLES.iter().map(|s| {
        let app = app.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            app.dispatch(Action::ReplaceSources {
                name: s.file_name.to_owned(),
                bytes: s.bytes.to_vec(),
            })
        });
        html! { <li><button type="button" class="link" {onclick}>{ s.title(lang) }</button></li> }
    });
    html! {
        <section class={classes!("step", "data-input", dragging.then_some("dragging"))} aria-labelledby="data-title"
            {ondrop} {ondragover} {ondragleave}>
            <h2 id="data-title">{ tr(lang, "1. Your data", "1. I tuoi dati") }</h2>
            <div class="data-grid">
                <div class="paste">
                    <label for="paste">{ tr(lang, "Paste data (from Excel, Google Sheets or a CSV file)", "Incolla i dati (da Excel, Google Fogli o un file CSV)") }</label>
                    <textarea id="paste" rows="7" spellcheck="false" value={app.pasted.clone()} {oninput}
                        placeholder={"date,spend,revenue\n2024-01-01,120,980"} />
                    <div class="actions">
                        <button type="button" onclick={read_pasted} disabled={app.pasted.trim().is_empty()}>
                            { tr(lang, "Read pasted data", "Leggi i dati incollati") }
                        </button>
                    </div>
                </div>
                <div class="files">
                    <p class="label">{ tr(lang, "Or open files", "Oppure apri dei file") }</p>
                    <label class="file-button" for="file">{ tr(lang, "Choose files", "Scegli i file") }</label>
                    <input id="file" type="file" multiple=true accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,text/csv,text/plain" {onchange} />
                    <p class="hint">{ tr(lang,
                        "…or drop them here: CSV, TSV, TXT, XLSX, XLS, ODS. Several files are joined on their dates. Files are read inside this page; nothing is uploaded.",
                        "…o trascinali qui: CSV, TSV, TXT, XLSX, XLS, ODS. Più file vengono uniti per data. I file sono letti in questa pagina; nulla viene caricato online.") }</p>
                    <p class="label">{ tr(lang, "Or try a sample", "Oppure prova un esempio") }</p>
                    <ul class="samples">{ for samples }</ul>
                    <button type="button" class="secondary" onclick={clear} disabled={app.sources.is_empty() && app.pasted.is_empty()}>
                        { tr(lang, "Clear everything", "Cancella tutto") }
                    </button>
                </div>
            </div>
            if let Some(e) = &app.input_error {
                <div class="error" role="alert"><p>{ e.message(lang) }</p></div>
            }
        </section>
    }
}
