//! Saving results to the user's disk: a Blob, an object URL and a click on a temporary link.
//! Nothing is sent anywhere; the browser writes the file locally.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn blob(bytes: &[u8], mime: &str) -> Result<web_sys::Blob, JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
}

pub(crate) fn save_blob(blob: &web_sys::Blob, file_name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let doc = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    // Inside #app so a saved page does not keep a stray link outside the app root.
    let parent = doc
        .get_element_by_id("app")
        .map(|e| e.unchecked_into::<web_sys::Node>())
        .or_else(|| doc.body().map(Into::into));
    if let Some(p) = &parent {
        p.append_child(&a)?;
    }
    a.click();
    if let Some(p) = &parent {
        let _ = p.remove_child(&a);
    }
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Bytes written in pieces into a list of JS buffers that become one `Blob`: a large report's JSON
/// (hundreds of MB for a million rows) never exists as one string in wasm memory, which
/// cannot grow past 4 GB.
struct BlobParts {
    parts: js_sys::Array,
    buf: Vec<u8>,
}

/// Bytes gathered in wasm memory before they move to a JS buffer.
const PART_BYTES: usize = 4 * 1024 * 1024;

impl BlobParts {
    fn flush_part(&mut self) {
        if !self.buf.is_empty() {
            self.parts.push(&js_sys::Uint8Array::from(&self.buf[..]));
            self.buf.clear();
        }
    }
}

impl std::io::Write for BlobParts {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= PART_BYTES {
            self.flush_part();
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Saves `value` as JSON (`social_roi_core::json`'s layout, with a final newline) under `file_name`, written in
/// pieces (see [`BlobParts`]).
pub fn save_json<T: serde::Serialize>(value: &T, file_name: &str) -> Result<(), JsValue> {
    let mut out = BlobParts {
        parts: js_sys::Array::new(),
        buf: Vec::with_capacity(PART_BYTES + 64 * 1024),
    };
    social_roi_core::json::to_writer(&mut out, value)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    out.buf.push(b'\n');
    out.flush_part();
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&out.parts, &opts)?;
    save_blob(&blob, file_name)
}

/// Saves text (CSV, JSON, SVG, plan files) under `file_name`.
pub fn save_text(text: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    save_blob(&blob(text.as_bytes(), mime)?, file_name)
}

/// Renders an SVG document to a PNG at `scale`× its size (2 for sharp output on any screen) and
/// saves it. The SVG is drawn through an `<img>` from a blob URL, so it cannot run anything.
pub async fn save_svg_as_png(
    svg: &str,
    width: u32,
    height: u32,
    scale: u32,
    file_name: &str,
) -> Result<(), JsValue> {
    let png = svg_to_png(svg, width, height, scale).await?;
    save_blob(&png, file_name)
}

/// The PNG blob of an SVG drawn at `scale`× (shared with the tests).
pub async fn svg_to_png(
    svg: &str,
    width: u32,
    height: u32,
    scale: u32,
) -> Result<web_sys::Blob, JsValue> {
    let doc = gloo::utils::document();
    let svg_blob = blob(svg.as_bytes(), "image/svg+xml")?;
    let url = web_sys::Url::create_object_url_with_blob(&svg_blob)?;
    let img: web_sys::HtmlImageElement = doc.create_element("img")?.dyn_into()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result.map_err(|_| JsValue::from_str("the chart could not be rendered as an image"))?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    canvas.set_width(width * scale);
    canvas.set_height(height * scale);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, (width * scale) as f64, (height * scale) as f64);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(
        &img,
        0.0,
        0.0,
        (width * scale) as f64,
        (height * scale) as f64,
    )?;
    let png = js_sys::Promise::new(&mut |resolve, reject| {
        let cb = Closure::once_into_js(move |b: JsValue| {
            if b.is_null() {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("toBlob failed"));
            } else {
                let _ = resolve.call1(&JsValue::NULL, &b);
            }
        });
        let _ = canvas.to_blob_with_type(cb.unchecked_ref(), "image/png");
    });
    Ok(JsFuture::from(png).await?.unchecked_into())
}

use wasm_bindgen::closure::Closure;
