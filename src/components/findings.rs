//! The plain-language findings at the top of the results: the verdict first (did social move the
//! business?), then key results (business × social), caveats and notes, with relationships within
//! one side in a collapsed group; and a "copy as text" button (clipboard, or a selected text box).

use std::rc::Rc;

use social_roi_core::analysis::{Finding, Report, Scope, Severity};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::export::{findings_text, severity_heading};
use crate::i18n::{tr, trs};

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

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Key => "key",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The verdict's status code as serialised (`relationship`, `too_few_periods`, …).
fn verdict_status(report: &Report) -> &'static str {
    use social_roi_core::analysis::verdict::VerdictStatus as V;
    match report.verdict.status {
        V::Relationship => "relationship",
        V::NoRelationship => "no_relationship",
        V::TooFewPeriods => "too_few_periods",
        V::NoPairs => "no_pairs",
    }
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
    let verdict = &props.report.verdict;
    let text = if verdict.text(lang).is_empty() {
        findings_text(all, lang)
    } else {
        format!("{}\n\n{}", verdict.text(lang), findings_text(all, lang))
    };

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

    let other: Vec<&Finding> = all.iter().filter(|f| f.scope == Scope::Other).collect();
    let group = |s: Severity| {
        let items: Vec<&Finding> = all
            .iter()
            .filter(|f| f.severity == s && f.scope != Scope::Other)
            .collect();
        if items.is_empty() {
            return html! {};
        }
        let class = severity_class(s);
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
            if !verdict.text(lang).is_empty() {
                <p class="verdict" data-testid="verdict" data-status={verdict_status(&props.report)}>{ verdict.text(lang) }</p>
            }
            <div data-testid="findings">
                if all.is_empty() {
                    <p class="hint">{ tr(lang, "Nothing stands out in this data.", "In questi dati non emerge nulla di particolare.") }</p>
                }
                { group(Severity::Key) }
                { group(Severity::Warning) }
                { group(Severity::Info) }
                if !other.is_empty() {
                    <details class="finding-group other" data-testid="other-findings">
                        <summary>{ trs(lang,
                            format!("Other relationships ({}): within the business side or within the social side", other.len()),
                            format!("Altre relazioni ({}): all'interno del lato business o del lato social", other.len())) }</summary>
                        <ul>
                            { for other.iter().map(|f| html! {
                                <li data-kind={f.kind.code()} data-severity={severity_class(f.severity)}>{ f.text(lang) }</li>
                            }) }
                        </ul>
                    </details>
                }
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
