//! The plain-language findings at the top of the results, grouped into key results, caveats and
//! other notes, with a "copy as text" button (clipboard, or a selected text box to copy by hand).

use std::rc::Rc;

use social_roi_core::analysis::{Finding, Report, Severity};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::export::{findings_text, severity_heading};
use crate::i18n::tr;

/// `navigator.clipboard.writeText(text)`, looked up dynamically: the API is missing on pages that
/// are not a secure context (e.g. some `file://` setups), and then the caller falls back.
async fn write_clipboard(text: &str) -> Result<(), JsValue> {
    let nav = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .navigator();
    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(JsValue::from_str("no clipboard"));
    }
    let write: js_sys::Function =
        js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))?.dyn_into()?;
    let promise: js_sys::Promise = write
        .call1(&clipboard, &JsValue::from_str(text))?
        .dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    /// The clipboard refused: the text box is shown, selected, for Ctrl+C.
    Manual,
}

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
}

/// By identity: comparing reports by value would scan them on every render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        crate::state::same_rc(&self.report, &other.report)
    }
}

#[function_component(Findings)]
pub fn findings(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let copy = use_state(|| CopyState::Idle);
    let area = use_node_ref();
    let all = props.report.findings();
    let text = findings_text(all, lang);

    {
        // Select the fallback text box as soon as it appears.
        let area = area.clone();
        use_effect_with(*copy, move |c| {
            if *c == CopyState::Manual {
                if let Some(t) = area.cast::<web_sys::HtmlTextAreaElement>() {
                    let _ = t.focus();
                    t.select();
                }
            }
        });
    }
    let on_copy = {
        let (copy, text) = (copy.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            let (copy, text) = (copy.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copy.set(if write_clipboard(&text).await.is_ok() {
                    CopyState::Copied
                } else {
                    CopyState::Manual
                });
            });
        })
    };

    let group = |s: Severity| {
        let items: Vec<&Finding> = all.iter().filter(|f| f.severity == s).collect();
        if items.is_empty() {
            return html! {};
        }
        let class = match s {
            Severity::Key => "key",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        html! {
            <div class={classes!("finding-group", class)}>
                <h4>{ severity_heading(s, lang) }</h4>
                <ul>
                    { for items.iter().map(|f| html! {
                        <li data-kind={f.kind.code()} data-severity={class}>
                            { f.text(lang) }
                        </li>
                    }) }
                </ul>
            </div>
        }
    };
    html! {
        <section class="results-part findings" aria-labelledby="findings-title">
            <h3 id="findings-title">{ tr(lang, "What the data says", "Cosa dicono i dati") }</h3>
            <div data-testid="findings">
                if all.is_empty() {
                    <p class="hint">{ tr(lang, "Nothing stands out in this data.", "In questi dati non emerge nulla di particolare.") }</p>
                }
                { group(Severity::Key) }
                { group(Severity::Warning) }
                { group(Severity::Info) }
            </div>
            <div class="actions">
                <button type="button" class="secondary small" onclick={on_copy} disabled={all.is_empty()}>
                    { tr(lang, "Copy the findings as text", "Copia i risultati come testo") }
                </button>
                <span role="status" class="copy-status">{ match *copy {
                    CopyState::Copied => tr(lang, "Copied.", "Copiato."),
                    CopyState::Manual => tr(lang, "Press Ctrl+C (⌘C on a Mac) to copy the selected text.", "Premi Ctrl+C (⌘C su Mac) per copiare il testo selezionato."),
                    CopyState::Idle => "",
                } }</span>
            </div>
            if *copy == CopyState::Manual {
                <label for="findings-text">{ tr(lang, "Findings as text", "Risultati come testo") }</label>
                <textarea id="findings-text" ref={area} readonly=true rows="8" value={text} />
            }
        </section>
    }
}
