//! "Remember on this device": the only place the app stores anything, and only when the user
//! turns it on. Everything goes under one localStorage key so "forget" removes it all; nothing is
//! ever written to cookies, IndexedDB or the URL.

use serde::{Deserialize, Serialize};
use social_roi_core::analysis::Plan;
use social_roi_core::ingest::Options;
use social_roi_core::Lang;

/// The one key the app writes.
pub const KEY: &str = "social-roi:remembered";
/// localStorage holds about 5 MB per site; past this the inputs are not kept (the plan still is).
pub const MAX_STORED_BYTES: usize = 4_000_000;

/// What is remembered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remembered {
    pub lang: Lang,
    pub pasted: String,
    pub sources: Vec<StoredSource>,
    pub plan: Option<Plan>,
    /// True when the inputs were too large to keep and only the setup was stored.
    pub inputs_dropped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSource {
    pub name: String,
    /// The bytes in base64 (spreadsheets are binary).
    pub data: String,
    pub options: Options,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Writes the remembered data; drops the inputs when they would not fit. Returns what was stored.
/// The same JSON layout as every other file the page writes (`social_roi_core::json`): one serialiser
/// in the wasm, not two.
pub fn save(mut r: Remembered) -> Result<Remembered, String> {
    let s = storage().ok_or("this browser does not allow storing data for this page")?;
    let mut text = social_roi_core::json::to_string(&r).map_err(|e| e.to_string())?;
    if text.len() > MAX_STORED_BYTES {
        r.sources.clear();
        r.pasted.clear();
        r.inputs_dropped = true;
        text = social_roi_core::json::to_string(&r).map_err(|e| e.to_string())?;
    }
    s.set_item(KEY, &text)
        .map_err(|_| "the browser refused to store the data (storage full?)".to_owned())?;
    Ok(r)
}

/// The remembered data, if the user asked to remember it earlier.
pub fn load() -> Option<Remembered> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Removes everything the app stored.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (hand-written: a dozen lines, not worth a crate in the wasm).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        if c == b'=' {
            break;
        }
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_matches_the_standard() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        for n in 0..300usize {
            let data: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&data)).unwrap(), data);
        }
        assert_eq!(base64_decode("not*base64"), None);
    }
}
