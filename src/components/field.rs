//! A text, number or date `<input>` that commits on change and keeps what is being typed.
//!
//! Yew re-applies an input's `value` at every render when it differs from the element's, so an
//! input bound to the state lost the user's unfinished text whenever anything re-rendered the
//! page (the analysis' progress, results arriving from the engine's worker). Here the value is
//! written to the element only when the committed value changes, when it mounts, and after a
//! commit (so a value the state did not take shows what is in effect).

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: AttrValue,
    /// The input's `type`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// The committed value, as text.
    pub value: AttrValue,
    pub onchange: Callback<Event>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub size: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    #[prop_or_default]
    pub max: Option<AttrValue>,
}

#[function_component(Field)]
pub fn field(props: &Props) -> Html {
    let node = use_node_ref();
    // Counts commits: after one, the element shows the value in effect even when the commit
    // left it unchanged (a number clamped to its limit, text that is not a number).
    let commits = use_state(|| 0u32);
    {
        let node = node.clone();
        use_effect_with((props.value.clone(), *commits), move |(v, _)| {
            if let Some(input) = node.cast::<HtmlInputElement>() {
                if input.value() != v.as_str() {
                    input.set_value(v);
                }
            }
        });
    }
    let onchange = {
        let (on, commits) = (props.onchange.clone(), commits.clone());
        Callback::from(move |e: Event| {
            on.emit(e);
            commits.set(*commits + 1);
        })
    };
    html! {
        <input ref={node} id={props.id.clone()} type={props.kind.clone()}
            inputmode={props.inputmode.clone()} size={props.size.clone()}
            min={props.min.clone()} max={props.max.clone()} {onchange} />
    }
}
