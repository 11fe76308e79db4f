//! The page header: name, the privacy promise in one line, and the language switch.

use social_roi_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::i18n::tr;
use crate::state::Action;

#[function_component(Header)]
pub fn header() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let onchange = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            app.dispatch(Action::SetLang(if v == "it" { Lang::It } else { Lang::En }));
        })
    };
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{ "Social ROI" }</h1>
                if !app.embed {
                    <p class="tagline">{ tr(lang,
                        "Is social media worth it? ROI and correlations from your own exports — your numbers never leave this page.",
                        "I social convengono? ROI e correlazioni dalle tue esportazioni — i tuoi numeri non lasciano mai questa pagina.") }</p>
                }
            </div>
            <div class="lang">
                <label for="lang-select">{ tr(lang, "Language", "Lingua") }</label>
                <select id="lang-select" {onchange}>
                    <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                    <option value="it" selected={lang == Lang::It}>{ "Italiano" }</option>
                </select>
            </div>
        </header>
    }
}
