//! Getting data in: a paste area with a "Read" button, a file picker and a drop zone.

use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pasted: String,
    pub on_paste_change: Callback<String>,
    /// Called with (file name, bytes) for pasted text and for each chosen or dropped file.
    pub on_bytes: Callback<(String, Vec<u8>)>,
    pub on_clear: Callback<()>,
}

fn read_files(files: Option<web_sys::FileList>, on_bytes: Callback<(String, Vec<u8>)>) {
    let Some(files) = files else { return };
    for i in 0..files.length() {
        if let Some(file) = files.get(i) {
            let on_bytes = on_bytes.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(nb) = crate::browser::files::read_bytes(file).await {
                    on_bytes.emit(nb);
                }
            });
        }
    }
}

#[function_component(DataInput)]
pub fn data_input(props: &Props) -> Html {
    let oninput = {
        let cb = props.on_paste_change.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let read_pasted = {
        let (text, cb) = (props.pasted.clone(), props.on_bytes.clone());
        Callback::from(move |_| cb.emit(("pasted text".to_owned(), text.clone().into_bytes())))
    };
    let onchange = {
        let cb = props.on_bytes.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            read_files(input.files(), cb.clone());
            input.set_value("");
        })
    };
    let ondrop = {
        let cb = props.on_bytes.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            read_files(e.data_transfer().and_then(|d| d.files()), cb.clone());
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <section class="step data-input" aria-labelledby="data-title" {ondrop} {ondragover}>
            <h2 id="data-title">{ "1. Your data" }</h2>
            <label for="paste">{ "Paste data (from Excel, Google Sheets or a CSV file)" }</label>
            <textarea id="paste" rows="8" spellcheck="false" value={props.pasted.clone()} {oninput}
                placeholder={"date,spend,revenue\n2024-01-01,120,980"} />
            <div class="actions">
                <button type="button" onclick={read_pasted} disabled={props.pasted.trim().is_empty()}>{ "Read pasted data" }</button>
                <label class="file-button" for="file">{ "Choose files" }</label>
                <input id="file" type="file" multiple=true accept=".csv,.tsv,.txt,.xlsx,.xls,.ods" {onchange} />
                <button type="button" class="secondary" onclick={clear}>{ "Clear" }</button>
            </div>
            <p class="hint">{ "…or drop files here. Files are read inside this page; nothing is uploaded." }</p>
        </section>
    }
}
