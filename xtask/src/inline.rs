//! Turns Trunk's release output (HTML + glue JS + wasm) into one self-contained HTML page with a CSP.
//!
//! Trunk 0.21 cannot inline the wasm, and its loader `fetch`es files, which Chromium blocks from
//! `file://`. The page instead carries the wasm-bindgen glue as an inline module script and the wasm
//! as base64, started with `initSync` — no fetch, no import, no request.
//!
//! The wasm is packed with LZMA before base64 and unpacked at boot by a tiny decoder module
//! (`crates/unlzma`, a few KB of wasm inlined beside it): base64 of raw wasm gzips poorly (its
//! 6-bit alphabet hides the byte structure), and LZMA packs the app ~20 % smaller than the best
//! gzip (zopfli, which the browser's `DecompressionStream` could inflate): 665.6 → 528.4 KB for
//! the page of 2026-12-05.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

/// Sizes measured while inlining.
pub struct Sizes {
    pub wasm_raw: u64,
    pub wasm_bytes: Vec<u8>,
}

/// The policy: nothing may connect anywhere; scripts only the one inline script (by hash) plus
/// wasm compilation; workers only from blob: (the engine's worker is the inline script as a Blob); images only from the page itself (data:/blob: for icons and PNG export).
/// Styles allow inline because the stylesheet is inlined and charts set presentation attributes.
/// `frame-ancestors` cannot be set from a meta tag (and embedding in blogs is a feature anyway).
pub fn csp(script_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{script_hash}' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; \
         img-src data: blob:; connect-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; \
         frame-src 'none'; child-src 'none'; worker-src blob:; manifest-src 'none'; form-action 'none'; \
         base-uri 'none'"
    )
}

/// Starts the app from the base64 LZMA-packed wasm without any request: the decoder module
/// (`__unlzma_b64`) unpacks it into its own memory 128 KiB per task (~3 ms each: the first paint
/// is not held up and no task is long; in one go it was a ~45 ms task before the first paint),
/// and the app's module is compiled off the main thread (`WebAssembly.compile`) and started in a
/// task of its own (with the last piece and a synchronous compile it was a 52–58 ms task); base64
/// is decoded natively where the browser can (`Uint8Array.fromBase64`: the loop took ~20 ms), then the app's module is compiled
/// from there (compiling and instantiating wasm are local; the CSP's `connect-src 'none'` still
/// blocks every fetch). The compiled module is kept as `__sroi_module` for the engine's worker,
/// which runs this same script from a Blob URL as a classic script (so no top-level `await`):
/// there (no `document`) it waits for the module instead of unpacking.
const BOOT: &str = "if (typeof document === 'undefined') {\n\
self.onmessage = (e) => { self.onmessage = null; initSync({ module: e.data }); };\n\
} else {\n\
const __bytes = (b64) => { if (Uint8Array.fromBase64) return Uint8Array.fromBase64(b64); const s = atob(b64), u = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); return u; };\n\
const __un = new WebAssembly.Instance(new WebAssembly.Module(__bytes(__unlzma_b64))).exports;\n\
const __packed = __bytes(__wasm_b64);\n\
const __in = (__un.__heap_base.value + 15) & ~15, __out = __in + __packed.length;\n\
const __short = __out + __wasm_len - __un.memory.buffer.byteLength;\n\
if (__short > 0) __un.memory.grow(Math.ceil(__short / 65536));\n\
new Uint8Array(__un.memory.buffer, __in, __packed.length).set(__packed);\n\
const __damaged = (code) => { if (code !== 0) throw new Error('Social ROI: this copy of the page is damaged (its code does not unpack: ' + code + '); download it again.'); };\n\
__damaged(__un.unlzma_start(__in, __packed.length));\n\
// A message, not setTimeout: nested timeouts are clamped to 4 ms from the fifth.\n\
const __tick = new MessageChannel();\n\
let __done = 0;\n\
const __unpack = () => {\n\
if (__done < __wasm_len) {\n\
__done = Math.min(__done + 131072, __wasm_len);\n\
__damaged(__un.unlzma_run(__out, __wasm_len, __done));\n\
__tick.port2.postMessage(0);\n\
return;\n\
}\n\
__tick.port1.close();\n\
WebAssembly.compile(new Uint8Array(__un.memory.buffer, __out, __wasm_len)).then((m) => {\n\
globalThis.__sroi_module = m;\n\
initSync({ module: m });\n\
});\n\
};\n\
__tick.port1.onmessage = __unpack;\n\
__tick.port2.postMessage(0);\n\
}\n";

/// The glue made valid as a classic script too (the worker must be classic: Chromium refuses a
/// module worker from a `blob:` URL of a `file://` page). Nothing imports from the page's script,
/// so its `export { … }` goes; `import.meta.url` only serves the unused fetching `init`. Fails if
/// any other module-only syntax is left.
pub fn classic_glue(glue: &str) -> Result<String, String> {
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines() {
        let t = line.trim_start();
        if t.starts_with("export {") && t.trim_end().ends_with(';') {
            continue;
        }
        // `export function f` is `function f` to a script that nobody imports from.
        let declaration = ["export default ", "export "].iter().find_map(|p| {
            t.strip_prefix(p).filter(|r| {
                r.starts_with("function ")
                    || r.starts_with("async function ")
                    || r.starts_with("class ")
            })
        });
        let line = declaration.unwrap_or(line);
        if line.starts_with("export ") || line.starts_with("import ") {
            return Err(format!(
                "the glue has module syntax the worker cannot run: {line}"
            ));
        }
        out.push_str(&line.replace("import.meta.url", "self.location.href"));
        out.push('\n');
    }
    if out.contains("import.meta") {
        return Err("the glue uses import.meta beyond import.meta.url".into());
    }
    Ok(out)
}

/// The wasm packed for the page's decoder: liblzma's best settings (preset 9, extreme; no position
/// context bits, as wasm has no fixed-width structure), as a properties byte and the raw LZMA1
/// stream. Checked by unpacking it with the page's own decoder.
pub fn pack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use xz2::stream::{Action, LzmaOptions, Status, Stream};
    const PRESET_EXTREME: u32 = 0x8000_0000; // liblzma's LZMA_PRESET_EXTREME
    let err = |e: xz2::stream::Error| format!("lzma: {e}");
    let mut opts = LzmaOptions::new_preset(9 | PRESET_EXTREME).map_err(err)?;
    opts.literal_context_bits(3)
        .literal_position_bits(0)
        .position_bits(0)
        .nice_len(273);
    // The "alone" (.lzma) format: a props byte, 4 bytes of dictionary size and 8 of length,
    // then the raw stream.
    let mut s = Stream::new_lzma_encoder(&opts).map_err(err)?;
    let mut out = Vec::with_capacity(bytes.len() / 2);
    while s
        .process_vec(&bytes[s.total_in() as usize..], &mut out, Action::Finish)
        .map_err(err)?
        != Status::StreamEnd
    {
        out.reserve(out.capacity().max(1 << 16));
    }
    if out.len() < 13 {
        return Err("lzma: no header".into());
    }
    let packed: Vec<u8> = out[..1].iter().chain(&out[13..]).copied().collect();
    let mut back = vec![0u8; bytes.len()];
    social_roi_unlzma::decode(packed[0], &packed[1..], &mut back)
        .map_err(|e| format!("the page's decoder cannot unpack the packed wasm: {e:?}"))?;
    if back != bytes {
        return Err("the page's decoder unpacks the packed wasm differently".into());
    }
    Ok(packed)
}

/// Inlines Trunk's output in `dist` with `unpacker`, the decoder module's wasm.
pub fn inline_dist(dist: &Path, unpacker: &[u8]) -> Result<Sizes, String> {
    let entries: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let pick = |suffix: &str| -> Result<std::path::PathBuf, String> {
        let found: Vec<_> = entries
            .iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(suffix))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(format!(
                "expected exactly one *{suffix} in {}, found {}",
                dist.display(),
                found.len()
            )),
        }
    };
    let js_path = pick(".js")?;
    let wasm_path = pick("_bg.wasm")?;
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| e.to_string())?;
    let glue = std::fs::read_to_string(&js_path).map_err(|e| e.to_string())?;
    let wasm = std::fs::read(&wasm_path).map_err(|e| e.to_string())?;
    let (wasm, glue) = crate::imports::shorten(&wasm, &glue)?;
    let page = build_page(&html, &glue, &wasm, unpacker)?;
    std::fs::write(dist.join("index.html"), page).map_err(|e| e.to_string())?;
    std::fs::remove_file(&js_path).map_err(|e| e.to_string())?;
    std::fs::remove_file(&wasm_path).map_err(|e| e.to_string())?;
    Ok(Sizes {
        wasm_raw: wasm.len() as u64,
        wasm_bytes: wasm,
    })
}

/// Removes every element that starts with `open` (case-sensitive) and ends at `close`.
fn remove_elements(html: &str, open: &str, close: &str, keep_if: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let Some(len) = rest[start..].find(close) else {
            break;
        };
        let element = &rest[start..start + len + close.len()];
        out.push_str(&rest[..start]);
        if keep_if(element) {
            out.push_str(element);
        }
        rest = &rest[start + len + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The glue without indentation, blank lines and whole-line `//` comments (about 1 KB of the
/// gzipped page). Only when no template literal spans lines (each line has an even number of
/// backticks), so no string's content can change; otherwise the glue is kept as it is.
/// Hand-written rather than a JS minifier: this is all the glue needs, with no npm tool in the build.
pub fn compact_js(js: &str) -> String {
    if js.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return js.to_owned();
    }
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Inline `<style>` blocks without `/* */` comments, indentation and blank lines.
pub fn compact_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<style") {
        let Some(body) = rest[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let Some(close) = rest[body..].find("</style>").map(|i| body + i) else {
            break;
        };
        out.push_str(&rest[..body]);
        let mut css = &rest[body..close];
        let mut kept = String::with_capacity(css.len());
        while let Some(c) = css.find("/*") {
            kept.push_str(&css[..c]);
            css = css[c..].find("*/").map_or("", |e| &css[c + e + 2..]);
        }
        kept.push_str(css);
        for line in kept.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push_str(line);
            out.push('\n');
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Builds the single page from Trunk's HTML, the glue module source and the wasm bytes.
pub fn build_page(html: &str, glue: &str, wasm: &[u8], unpacker: &[u8]) -> Result<String, String> {
    // Trunk's preload links and loader script reference the separate files: drop them.
    let html = remove_elements(html, "<link", ">", |tag| {
        !(tag.contains("modulepreload") || tag.contains("rel=\"preload\""))
    });
    let html = remove_elements(&html, "<script", "</script>", |s| {
        !s.contains("type=\"module\"")
    });
    let html = compact_styles(&html);
    let glue = classic_glue(&compact_js(glue))?;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let script = format!(
        "\n{glue}\nconst __wasm_b64 = \"{}\";\nconst __wasm_len = {};\nconst __unlzma_b64 = \"{}\";\n{BOOT}",
        b64(&pack(wasm)?),
        wasm.len(),
        b64(unpacker)
    );
    if script.contains("</script") || script.contains("<!--") {
        return Err("the glue code contains a sequence that would end the inline script".into());
    }
    if !glue.contains("export function initSync") && !glue.contains("initSync") {
        return Err("the glue code has no initSync (was it built with --target web?)".into());
    }
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        csp(&hash)
    );
    let head_at = html.find("<head>").ok_or("no <head> in index.html")? + "<head>".len();
    // The CSP must come before anything it governs, so it goes first in <head>.
    let mut page = String::with_capacity(html.len() + script.len() + 512);
    page.push_str(&html[..head_at]);
    page.push('\n');
    page.push_str(&meta);
    let body_end = html.rfind("</body>").ok_or("no </body> in index.html")?;
    page.push_str(&html[head_at..body_end]);
    // The id lets the page find this script's text to start the engine's worker from it.
    page.push_str("<script type=\"module\" id=\"sroi-app\">");
    page.push_str(&script);
    page.push_str("</script>\n");
    page.push_str(&html[body_end..]);
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_HTML: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="modulepreload" href="./app-1.js" crossorigin="anonymous" integrity="sha384-x">
<link rel="preload" href="./app-1_bg.wasm" crossorigin="anonymous" integrity="sha384-y" as="fetch" type="application/wasm">
<style>body{}</style>
<link rel="icon" href="data:image/svg+xml,x">
<script type="module" nonce="abc">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
</script></head><body><div id="app"></div></body></html>"#;

    #[test]
    fn page_is_self_contained_with_a_matching_csp_hash() {
        let glue = "export function initSync(m) {}\nexport default function init() {}";
        let wasm: Vec<u8> = [0, 97, 115, 109, 1, 0, 0, 0]
            .into_iter()
            .chain((0..5000u32).map(|i| (i * 7 % 251) as u8))
            .collect();
        let page = build_page(TRUNK_HTML, glue, &wasm, b"\0asm-decoder").unwrap();
        assert!(!page.contains("app-1.js"), "no reference to the glue file");
        assert!(!page.contains("_bg.wasm"), "no reference to the wasm file");
        assert!(page.contains("rel=\"icon\""), "other links are kept");
        let b64 = page
            .split("const __wasm_b64 = \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let packed = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert!(packed.len() < wasm.len() / 2, "the embedded wasm is packed");
        let mut back = vec![0u8; wasm.len()];
        social_roi_unlzma::decode(packed[0], &packed[1..], &mut back).unwrap();
        assert_eq!(back, wasm, "and unpacks to the wasm");
        assert!(page.contains(&format!("const __wasm_len = {};", wasm.len())));
        let decoder = base64::engine::general_purpose::STANDARD.encode(b"\0asm-decoder");
        assert!(page.contains(&format!("const __unlzma_b64 = \"{decoder}\";")));
        assert!(!page.contains("DecompressionStream"));
        assert_eq!(page.matches("<script").count(), 1);
        let start = page
            .find("<script type=\"module\" id=\"sroi-app\">")
            .unwrap()
            + "<script type=\"module\" id=\"sroi-app\">".len();
        let end = page[start..].find("</script>").unwrap() + start;
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(&page.as_bytes()[start..end]));
        assert!(
            page.contains(&format!("'sha256-{hash}'")),
            "CSP carries the hash of the inline script"
        );
        assert!(page.find("Content-Security-Policy").unwrap() < page.find("<style>").unwrap());
        assert!(page.contains("connect-src 'none'"));
        assert!(page.contains("worker-src blob:;"));
        assert!(page.contains("__sroi_module"));
    }

    #[test]
    fn compaction_keeps_code_and_strings() {
        let js = "function f() {\n    // why\n    return `a ${b}`;\n\n}\n";
        assert_eq!(compact_js(js), "function f() {\nreturn `a ${b}`;\n}\n");
        // A template literal over two lines: left untouched.
        let multi = "const s = `a\n    b`;\n";
        assert_eq!(compact_js(multi), multi);
        let html = "<head><style>\n/* note */\nbody {\n  color: red; /* x */\n}\n</style></head>";
        assert_eq!(
            compact_styles(html),
            "<head><style>body {\ncolor: red;\n}\n</style></head>"
        );
    }

    #[test]
    fn the_glue_becomes_a_classic_script() {
        let glue = "function initSync(m) {}\nconst u = new URL('x.wasm', import.meta.url);\nexport { initSync, __wbg_init as default };\n";
        let out = classic_glue(glue).unwrap();
        assert!(!out.contains("export") && !out.contains("import.meta"));
        assert!(out.contains("self.location.href"));
        assert_eq!(
            classic_glue("export function f() {}").unwrap(),
            "function f() {}\n"
        );
        assert!(classic_glue("export const x = 1;").is_err());
        assert!(
            !BOOT.contains("await"),
            "no top-level await in a classic script"
        );
    }

    #[test]
    fn refuses_glue_that_would_break_out_of_the_script() {
        assert!(build_page(TRUNK_HTML, "initSync; '</script>'", &[], &[]).is_err());
    }
}
