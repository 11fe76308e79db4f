//! A labelled `<select>`: the one place the page builds a drop-down, so each use is a few props
//! instead of a copy of the markup (smaller wasm, consistent labels for screen readers).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Element id (the visible label points at it).
    pub id: AttrValue,
    /// Visible label; when `None`, `aria_label` names the control instead.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    /// (value, text) pairs in display order.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// The selected value.
    pub selected: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub disabled: bool,
    /// Wrap in a `div.control` with the label above (default) or render the bare select.
    #[prop_or(true)]
    pub wrapped: bool,
}

#[function_component(Select)]
pub fn select(props: &Props) -> Html {
    let onchange = props
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let select = html! {
        <select id={props.id.clone()} aria-label={props.aria_label.clone()} {onchange} disabled={props.disabled}>
            { for props.options.iter().map(|(v, t)| html! {
                <option value={v.clone()} selected={*v == props.selected}>{ t.clone() }</option>
            }) }
        </select>
    };
    if !props.wrapped {
        return select;
    }
    html! {
        <div class="control">
            if let Some(l) = &props.label { <label for={props.id.clone()}>{ l.clone() }</label> }
            { select }
        </div>
    }
}

/// Options from string pairs.
pub fn options<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .into_iter()
        .map(|(v, t)| (AttrValue::from(v.to_owned()), AttrValue::from(t.to_owned())))
        .collect()
}
