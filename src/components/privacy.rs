//! The privacy footer: what the page does and does not do with the data, and the opt-in switch to
//! remember the data on this device, with "forget".

use yew::prelude::*;

use crate::browser::{keep, storage};
use crate::components::app::AppContext;
use crate::i18n::tr;
use crate::state::Action;

#[function_component(Privacy)]
pub fn privacy() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let toggle = {
        let app = app.clone();
        Callback::from(move |_: Event| app.dispatch(Action::SetRemember(!app.remember)))
    };
    let forget = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            storage::forget();
            app.dispatch(Action::SetRemember(false));
        })
    };
    let kept = use_state(|| None::<bool>);
    let keep_page = {
        let kept = kept.clone();
        Callback::from(move |_: MouseEvent| kept.set(Some(keep::save().is_ok())))
    };
    html! {
        <footer class="privacy" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{ tr(lang, "Privacy", "Privacy") }</h2>
            <p>{ tr(lang,
                "Everything happens in this browser tab: your files are read here, the numbers are computed here, and nothing is sent anywhere — this page cannot make network requests at all. Nothing is stored unless you ask.",
                "Tutto avviene in questa scheda del browser: i file sono letti qui, i numeri calcolati qui e nulla viene inviato altrove — questa pagina non può fare richieste di rete. Nulla viene salvato se non lo chiedi tu.") }</p>
            <div class="actions">
                <label class="inline check">
                    <input type="checkbox" checked={app.remember} onchange={toggle} />
                    { tr(lang, "Remember my data on this device", "Ricorda i miei dati su questo dispositivo") }
                </label>
                // Stored exactly while the switch is on (switching off forgets), so nothing to forget otherwise.
                <button type="button" class="secondary small" onclick={forget} disabled={!app.remember}>{ tr(lang, "Forget it now", "Dimentica adesso") }</button>
            </div>
            if keep::available() {
                <div class="actions keep">
                    <button type="button" class="secondary small" data-testid="keep-page" onclick={keep_page}>
                        { tr(lang, "Keep this calculator (one file that works offline)", "Conserva questo calcolatore (un file che funziona offline)") }
                    </button>
                    <span class="hint" role="status">{ match *kept {
                        Some(true) => tr(lang, "Saved as social-roi.html: open it from your disk any time. It holds the program only, none of your data.", "Salvato come social-roi.html: aprilo dal tuo disco quando vuoi. Contiene solo il programma, nessuno dei tuoi dati."),
                        Some(false) => tr(lang, "The file could not be saved.", "Non è stato possibile salvare il file."),
                        None => tr(lang, "Saves the page itself, without your data.", "Salva la pagina stessa, senza i tuoi dati."),
                    } }</span>
                </div>
            }
            if app.remember {
                <p class="hint">{ tr(lang,
                    "Your inputs and setup are kept in this browser's local storage (never sent anywhere) until you switch this off or press “Forget it now”. Order, payment and post exports are kept only as their counts and sums per period: never e-mails, names or addresses.",
                    "I dati e le impostazioni restano nella memoria locale di questo browser (mai inviati altrove) finché non togli la spunta o premi «Dimentica adesso». Le esportazioni di ordini, pagamenti e post sono conservate solo come conteggi e somme per periodo: mai e-mail, nomi o indirizzi.") }</p>
            }
        </footer>
    }
}
