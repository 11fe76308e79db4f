//! English and Italian for the page: the language from the browser (switchable), texts kept side by
//! side where they are used (`tr(lang, "…", "…")`), so a missing translation cannot go unnoticed.

pub use social_roi_core::Lang;

/// Picks the text for the language.
pub fn tr(lang: Lang, en: &'static str, it: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::It => it,
    }
}

/// Like [`tr`] for owned strings (texts with values in them).
pub fn trs(lang: Lang, en: String, it: String) -> String {
    match lang {
        Lang::En => en,
        Lang::It => it,
    }
}

/// The language for a BCP 47 tag list as the browser reports it (`it-IT`, `en-GB`, …): Italian for
/// any `it*` first preference, English otherwise.
pub fn lang_for(tags: &[String]) -> Lang {
    match tags.first() {
        Some(t) if t.to_ascii_lowercase().starts_with("it") => Lang::It,
        _ => Lang::En,
    }
}

/// The browser's preferred language.
pub fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let mut tags: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if tags.is_empty() {
        tags.extend(nav.language());
    }
    lang_for(&tags)
}

/// The locale used to format numbers and dates in the page.
pub fn locale(lang: Lang) -> crate::charts::format::Locale {
    crate::charts::format::Locale::of(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_only_for_italian_first_preference() {
        assert_eq!(lang_for(&["it-IT".into(), "en".into()]), Lang::It);
        assert_eq!(lang_for(&["IT".into()]), Lang::It);
        assert_eq!(lang_for(&["en-US".into(), "it".into()]), Lang::En);
        assert_eq!(lang_for(&[]), Lang::En);
    }
}
