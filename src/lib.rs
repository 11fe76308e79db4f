//! Social ROI web app: a thin Yew layer over `social-roi-core`.
//!
//! State lives in one reducer (`state`), each component in its own file (`components`), browser side
//! effects (reading files, downloads) in `browser`, and charts in `charts` as functions over any
//! plotters drawing area — so they render to SVG natively in tests exactly as in the page.

pub mod browser;
pub mod charts;
pub mod components;
pub mod export;
pub mod i18n;
pub mod samples;
pub mod state;
pub mod wire;

/// Mounts the app into `#app`, replacing whatever is there.
///
/// A page saved with "Save page as…" keeps the rendered DOM; replacing the root element (instead of
/// rendering into it) is what makes such a saved page reopen as one working app, not two.
pub fn run() {
    // The same binary is the engine's Web Worker: there it serves requests and mounts nothing.
    if browser::worker::serve_if_worker() {
        return;
    }
    // Before anything renders: "keep this calculator" saves the page as it arrived.
    browser::keep::capture();
    let document = gloo::utils::document();
    let fresh = document.create_element("div").expect("create root element");
    fresh.set_id("app");
    match document.get_element_by_id("app") {
        Some(old) => old
            .replace_with_with_node_1(&fresh)
            .expect("replace root element"),
        None => {
            document
                .body()
                .expect("page has a body")
                .append_child(&fresh)
                .expect("append root element");
        }
    }
    let embed = is_embed_url(&gloo::utils::window().location().href().unwrap_or_default());
    yew::Renderer::<components::app::App>::with_root_and_props(
        fresh,
        components::app::Props { embed },
    )
    .render();
    if embed {
        browser::embed::post_height_to_parent();
    }
}

/// Whether the page was opened in the compact embed mode (`#embed` or `?embed=1`).
pub fn is_embed_url(href: &str) -> bool {
    let (before_hash, hash) = href.split_once('#').unwrap_or((href, ""));
    let query = before_hash.split_once('?').map(|(_, q)| q).unwrap_or("");
    hash.split('&').any(|h| h == "embed")
        || query.split('&').any(|kv| kv == "embed" || kv == "embed=1")
}

#[cfg(test)]
mod tests {
    #[test]
    fn embed_mode_from_hash_or_query() {
        assert!(super::is_embed_url("https://x.org/roi/index.html#embed"));
        assert!(super::is_embed_url("file:///tmp/index.html?embed=1"));
        assert!(super::is_embed_url("http://h/?a=b&embed"));
        assert!(!super::is_embed_url("http://h/?embedded=0#x"));
        assert!(!super::is_embed_url("http://h/embed.html"));
    }
}
