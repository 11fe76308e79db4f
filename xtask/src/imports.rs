//! Shorter wasm import names: wasm-bindgen names each import `__wbg_<method>_<16 hex digits>`, and
//! those 167 random hashes, once in the glue and once in the wasm, are about 3 KB of the gzipped
//! page that nothing can compress. Where `<method>` alone is unique among the imports, the hash is
//! dropped in both places. Written by hand: it only re-encodes the import section (no crate needed).

use std::collections::HashMap;

/// Reads an unsigned LEB128 at `*at`, advancing it.
fn leb(b: &[u8], at: &mut usize) -> Result<u64, String> {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let byte = *b.get(*at).ok_or("wasm: truncated LEB128")?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
        if shift > 63 {
            return Err("wasm: LEB128 too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name<'a>(b: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = leb(b, at)? as usize;
    let s = b.get(*at..*at + len).ok_or("wasm: truncated name")?;
    *at += len;
    std::str::from_utf8(s).map_err(|_| "wasm: name is not UTF-8".into())
}

/// Skips an import description (function, table, memory, global or tag).
fn skip_desc(b: &[u8], at: &mut usize) -> Result<(), String> {
    let kind = *b.get(*at).ok_or("wasm: truncated import")?;
    *at += 1;
    let limits = |at: &mut usize| -> Result<(), String> {
        let flags = *b.get(*at).ok_or("wasm: truncated limits")?;
        *at += 1;
        leb(b, at)?;
        if flags & 1 == 1 {
            leb(b, at)?;
        }
        Ok(())
    };
    match kind {
        0 => leb(b, at).map(drop),
        1 => {
            *at += 1; // reference type (funcref or externref: one byte)
            limits(at)
        }
        2 => limits(at),
        3 => {
            *at += 2; // value type, mutability
            Ok(())
        }
        4 => {
            *at += 1;
            leb(b, at).map(drop)
        }
        k => Err(format!("wasm: unknown import kind {k}")),
    }
}

/// The new name of each hashed import whose name without the hash is unique.
fn renames(names: &[&str]) -> HashMap<String, String> {
    let stripped = |n: &str| -> Option<String> {
        let (head, tail) = n.rsplit_once('_')?;
        (tail.len() == 16 && tail.bytes().all(|c| c.is_ascii_hexdigit()) && !head.is_empty())
            .then(|| head.to_owned())
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for n in names {
        *count
            .entry(stripped(n).unwrap_or_else(|| (*n).to_owned()))
            .or_default() += 1;
    }
    names
        .iter()
        .filter_map(|n| {
            let s = stripped(n)?;
            (count[&s] == 1).then(|| ((*n).to_owned(), s))
        })
        .collect()
}

/// The wasm and the glue with the hashes dropped from unique import names. A wasm this code does
/// not understand is an error (the build stops rather than shipping a page that cannot start).
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a wasm module".into());
    }
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let mut p = at + 1;
        let size = leb(wasm, &mut p)? as usize;
        let (start, end) = (p, p + size);
        if end > wasm.len() {
            return Err("wasm: section runs past the end".into());
        }
        if id != 2 {
            at = end;
            continue;
        }
        // The import section: collect the names, then write it again with the new ones.
        let mut q = start;
        let n = leb(wasm, &mut q)?;
        let mut entries = Vec::new();
        for _ in 0..n {
            let module = name(wasm, &mut q)?;
            let field = name(wasm, &mut q)?;
            let desc_start = q;
            skip_desc(wasm, &mut q)?;
            entries.push((module, field, &wasm[desc_start..q]));
        }
        if q != end {
            return Err("wasm: import section size mismatch".into());
        }
        let fields: Vec<&str> = entries.iter().map(|e| e.1).collect();
        let map = renames(&fields);
        let mut body = Vec::new();
        put_leb(&mut body, n);
        for (module, field, desc) in &entries {
            let f = map.get(*field).map_or(*field, String::as_str);
            for s in [*module, f] {
                put_leb(&mut body, s.len() as u64);
                body.extend_from_slice(s.as_bytes());
            }
            body.extend_from_slice(desc);
        }
        let mut out = Vec::with_capacity(wasm.len());
        out.extend_from_slice(&wasm[..at]);
        out.push(2);
        put_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        out.extend_from_slice(&wasm[end..]);
        let mut js = glue.to_owned();
        for (old, new) in &map {
            if js.matches(old.as_str()).count() != 1 {
                return Err(format!("the glue names import {old} other than once"));
            }
            js = js.replace(old.as_str(), new);
        }
        return Ok((out, js));
    }
    Ok((wasm.to_vec(), glue.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with two function imports, a memory import and no code.
    fn module(names: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, names.len() as u64 + 1);
        for n in names {
            for s in ["./app_bg.js", n] {
                put_leb(&mut body, s.len() as u64);
                body.extend_from_slice(s.as_bytes());
            }
            body.extend_from_slice(&[0, 0]); // function of type 0
        }
        for s in ["env", "memory"] {
            put_leb(&mut body, s.len() as u64);
            body.extend_from_slice(s.as_bytes());
        }
        body.extend_from_slice(&[2, 1, 1, 200, 1]); // memory, min 1, max 200
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: one () -> ()
        m.push(2);
        put_leb(&mut m, body.len() as u64);
        m.extend_from_slice(&body);
        m
    }

    #[test]
    fn unique_names_lose_their_hash_in_both_places() {
        let names = [
            "__wbg_now_043d245551b22f9c",
            "__wbg_set_0123456789abcdef",
            "__wbg_set_fedcba9876543210",
        ];
        let glue = names
            .iter()
            .map(|n| format!("{n}: function() {{}},\n"))
            .collect::<String>();
        let (wasm, js) = shorten(&module(&names), &glue).unwrap();
        assert!(js.contains("__wbg_now: function"), "{js}");
        assert!(!js.contains("043d245551b22f9c"));
        // Two imports share `__wbg_set`: both keep their hashes.
        assert!(
            js.contains("__wbg_set_0123456789abcdef") && js.contains("__wbg_set_fedcba9876543210")
        );
        let expected = module(&["__wbg_now", names[1], names[2]]);
        assert_eq!(
            wasm, expected,
            "the section is re-encoded with its new size"
        );
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        assert!(shorten(b"not wasm", "").is_err());
        let mut m = module(&["__wbg_now_043d245551b22f9c"]);
        m.truncate(m.len() - 3);
        assert!(shorten(&m, "").is_err());
    }
}
