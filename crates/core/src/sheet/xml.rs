//! A tiny pull XML scanner, enough for the OOXML and ODF parts we read.
//!
//! Elements, attributes (either quote), text with the five named entities and `&#NN;`/`&#xNN;`,
//! CDATA; comments, processing instructions and DOCTYPE are skipped (no entity expansion, so no
//! billion-laughs). Names are compared as written (`table:table-cell`) or by local name. A
//! self-closing tag is reported as `Start` followed by `End`, so callers track nesting one way.
//! Malformed markup ends the scan with an error; it never loops or panics.

use super::err;
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Event<'a> {
    Start(Tag<'a>),
    End(&'a [u8]),
    /// Raw text between tags (entities not yet decoded; see [`decode_text`]).
    Text(&'a [u8]),
    /// CDATA content, literal.
    CData(&'a [u8]),
    Eof,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tag<'a> {
    pub(crate) name: &'a [u8],
    attrs: &'a [u8],
}

impl<'a> Tag<'a> {
    /// The decoded value of the attribute written exactly as `name` (prefix included).
    pub(crate) fn attr(&self, name: &str) -> Option<String> {
        self.raw_attr(|n| n == name.as_bytes()).map(decode_text)
    }

    /// The raw (undecoded) value of the first attribute whose name satisfies `pred`.
    pub(crate) fn raw_attr(&self, pred: impl Fn(&[u8]) -> bool) -> Option<&'a [u8]> {
        Attrs { rest: self.attrs }
            .find(|(n, _)| pred(n))
            .map(|(_, v)| v)
    }

    pub(crate) fn local(&self) -> &'a [u8] {
        local(self.name)
    }
}

/// The part of a qualified name after the prefix: `x:c` → `c`.
pub(crate) fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

struct Attrs<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let s = self.rest;
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        let eq = start + s[start..].iter().position(|&b| b == b'=')?;
        let name = trim(&s[start..eq]);
        let q = eq + 1 + s[eq + 1..].iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = s[q];
        if quote != b'"' && quote != b'\'' {
            self.rest = &[];
            return None;
        }
        let end = q + 1 + s[q + 1..].iter().position(|&b| b == quote)?;
        self.rest = &s[end + 1..];
        Some((name, &s[q + 1..end]))
    }
}

fn trim(s: &[u8]) -> &[u8] {
    let a = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    let b = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(a, |i| i + 1);
    &s[a..b.max(a)]
}

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    pending_end: Option<&'a [u8]>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
        Reader {
            buf,
            pos: 0,
            pending_end: None,
        }
    }

    /// Whether the `Start` just returned was a self-closing tag (its `End` comes next).
    pub(crate) fn self_closing(&self) -> bool {
        self.pending_end.is_some()
    }

    /// Byte offset of the next unread byte.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    fn malformed(&self) -> crate::Error {
        err(format!("malformed XML near byte {}", self.pos))
    }

    pub(crate) fn next(&mut self) -> Result<Event<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Event::End(name));
        }
        loop {
            let rest = &self.buf[self.pos..];
            if rest.is_empty() {
                return Ok(Event::Eof);
            }
            if rest[0] != b'<' {
                let n = rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
                self.pos += n;
                return Ok(Event::Text(&rest[..n]));
            }
            if rest.starts_with(b"<!--") {
                let n = find(&rest[4..], b"-->").ok_or_else(|| self.malformed())?;
                self.pos += 4 + n + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                let n = find(&rest[9..], b"]]>").ok_or_else(|| self.malformed())?;
                self.pos += 9 + n + 3;
                return Ok(Event::CData(&rest[9..9 + n]));
            }
            if rest.starts_with(b"<?") {
                let n = find(&rest[2..], b"?>").ok_or_else(|| self.malformed())?;
                self.pos += 2 + n + 2;
                continue;
            }
            if rest.starts_with(b"<!") {
                // DOCTYPE (possibly with an internal subset in brackets): skipped, never expanded
                let mut depth = 0i32;
                let n = rest
                    .iter()
                    .position(|&b| {
                        match b {
                            b'[' => depth += 1,
                            b']' => depth -= 1,
                            b'>' if depth <= 0 => return true,
                            _ => {}
                        }
                        false
                    })
                    .ok_or_else(|| self.malformed())?;
                self.pos += n + 1;
                continue;
            }
            if let Some(r) = rest.strip_prefix(b"</") {
                let n = r
                    .iter()
                    .position(|&b| b == b'>')
                    .ok_or_else(|| self.malformed())?;
                self.pos += 2 + n + 1;
                return Ok(Event::End(trim(&r[..n])));
            }
            // start tag: find the closing '>' outside quoted attribute values
            let mut quote = 0u8;
            let close = rest[1..]
                .iter()
                .position(|&b| {
                    if quote != 0 {
                        if b == quote {
                            quote = 0;
                        }
                    } else if b == b'"' || b == b'\'' {
                        quote = b;
                    } else if b == b'>' {
                        return true;
                    }
                    false
                })
                .ok_or_else(|| self.malformed())?
                + 1;
            self.pos += close + 1;
            let mut inner = &rest[1..close];
            let empty = inner.last() == Some(&b'/');
            if empty {
                inner = &inner[..inner.len() - 1];
            }
            let name_end = inner
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            if name.is_empty() {
                return Err(self.malformed());
            }
            if empty {
                self.pending_end = Some(name);
            }
            return Ok(Event::Start(Tag {
                name,
                attrs: &inner[name_end..],
            }));
        }
    }

    /// Skips to the end of the element whose `Start` was just read (nested content included).
    pub(crate) fn skip_element(&mut self) -> Result<()> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.malformed()),
                _ => {}
            }
        }
    }
}

/// Decodes raw text or attribute bytes: entities, character references, CR LF → LF; invalid
/// UTF-8 and invalid references become U+FFFD, unknown entities stay as written.
pub(crate) fn decode_text(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    push_decoded(raw, &mut out);
    out
}

pub(crate) fn push_decoded(raw: &[u8], out: &mut String) {
    if !raw.iter().any(|&b| b == b'&' || b == b'\r') {
        out.push_str(&String::from_utf8_lossy(raw));
        return;
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b == b'\r' {
            bytes.push(b'\n');
            i += if raw.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            continue;
        }
        if b != b'&' {
            bytes.push(b);
            i += 1;
            continue;
        }
        let end = raw[i..].iter().take(12).position(|&c| c == b';');
        let Some(end) = end else {
            bytes.push(b);
            i += 1;
            continue;
        };
        let ent = &raw[i + 1..i + end];
        let ch: Option<char> = match ent {
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"amp" => Some('&'),
            b"quot" => Some('"'),
            b"apos" => Some('\''),
            [b'#', b'x' | b'X', hex @ ..] => Some(
                std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(valid_char)
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            ),
            [b'#', dec @ ..] => Some(
                std::str::from_utf8(dec)
                    .ok()
                    .and_then(|d| d.parse::<u32>().ok())
                    .and_then(valid_char)
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
            ),
            _ => None,
        };
        match ch {
            Some(c) => {
                let mut tmp = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                i += end + 1;
            }
            None => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(bytes) {
        Ok(s) => out.push_str(&s),
        Err(e) => out.push_str(&String::from_utf8_lossy(e.as_bytes())),
    }
}

fn valid_char(c: u32) -> Option<char> {
    if c == 0 {
        return None;
    }
    char::from_u32(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(s: &str) -> Vec<String> {
        let mut r = Reader::new(s.as_bytes());
        let mut out = Vec::new();
        loop {
            match r.next().unwrap() {
                Event::Start(t) => out.push(format!("<{}>", String::from_utf8_lossy(t.name))),
                Event::End(n) => out.push(format!("</{}>", String::from_utf8_lossy(n))),
                Event::Text(t) => out.push(decode_text(t)),
                Event::CData(t) => out.push(format!("cdata:{}", String::from_utf8_lossy(t))),
                Event::Eof => return out,
            }
        }
    }

    #[test]
    fn elements_text_and_skipped_markup() {
        let s = "\u{feff}<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><!-- c > -->\
                 <a x='1>2'><b/>t&amp;u<![CDATA[<raw>&amp;]]></a >";
        assert_eq!(
            events(s),
            ["<a>", "<b>", "</b>", "t&u", "cdata:<raw>&amp;", "</a>"]
        );
    }

    #[test]
    fn attributes_both_quotes_and_entities() {
        let mut r = Reader::new(
            b"<x:c r=\"B3\" t = 's' v=\"a&lt;b&#65;&#x42;&apos;&quot;&gt;\" x:id='q\"'/>",
        );
        let Event::Start(t) = r.next().unwrap() else {
            panic!()
        };
        assert_eq!(t.local(), b"c");
        assert_eq!(t.attr("r").as_deref(), Some("B3"));
        assert_eq!(t.attr("t").as_deref(), Some("s"));
        assert_eq!(t.attr("v").as_deref(), Some("a<bAB'\">"));
        assert_eq!(t.attr("x:id").as_deref(), Some("q\""));
        assert_eq!(t.attr("id"), None);
        assert_eq!(t.raw_attr(|n| local(n) == b"id"), Some(&b"q\""[..]));
        assert_eq!(r.next().unwrap(), Event::End(b"x:c"));
        assert_eq!(r.next().unwrap(), Event::Eof);
    }

    #[test]
    fn entity_edge_cases() {
        assert_eq!(
            decode_text(b"&unknown; & &#0; &#xD800; &#x1F600; a\r\nb\rc"),
            "&unknown; & \u{fffd} \u{fffd} \u{1f600} a\nb\nc"
        );
        assert_eq!(decode_text(b"\xff ok"), "\u{fffd} ok");
    }

    #[test]
    fn malformed_input_errors_and_terminates() {
        for s in [
            "<a",
            "<!-- x",
            "<![CDATA[ x",
            "<?pi",
            "</a",
            "< >",
            "<a b='>",
        ] {
            let mut r = Reader::new(s.as_bytes());
            let mut n = 0;
            while let Ok(e) = r.next() {
                if e == Event::Eof {
                    break;
                }
                n += 1;
                assert!(n < 10);
            }
        }
        let mut r = Reader::new(b"<a><b>");
        r.next().unwrap();
        assert!(r.skip_element().is_err());
    }
}
