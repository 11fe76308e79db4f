//! Bytes to UTF-8 text: what kind of file this is (text, spreadsheet, binary), BOMs, UTF-16,
//! UTF-8 validation and the Windows-1252 fallback. Work is done in bounded chunks so the browser's
//! `ReadJob` can decode a 100 MB file in 30 ms slices.
//!
//! The Windows-1252 table is written here rather than taken from `encoding_rs`: it is 32 entries
//! (0x80-0x9F; the rest is Latin-1), decoding it is a trivial byte loop we can chunk and account
//! for, and the text path then needs no encoding library at all (calamine's own use of
//! `encoding_rs` for old .xls files stays inside calamine).

use crate::{Error, ErrorKind, Position, Result};

/// A text encoding the user can force (`None` in the options means detect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "UTF-16LE")]
    Utf16Le,
    #[serde(rename = "UTF-16BE")]
    Utf16Be,
    #[serde(rename = "Windows-1252")]
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// Text in `enc`, starting after a BOM of `bom_len` bytes.
    Text { enc: Encoding, bom_len: usize },
    /// A zip (xlsx/ods) or OLE (xls) container: try the spreadsheet reader.
    Spreadsheet,
}

const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xBC\xAF", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x7FELF", "a program"),
    (b"RIFF", "a media file"),
    (b"\x00\x00\x00", "a binary file"),
    (b"\xFF\xFE\x00\x00", "UTF-32 text (not supported)"),
    (b"\x00\x00\xFE\xFF", "UTF-32 text (not supported)"),
    (b"SQLite format 3", "an SQLite database"),
];

fn binary(what: &str) -> Error {
    Error::new(ErrorKind::BinaryOrNotText {
        pos: Position::default().with_byte_offset(0),
        what: what.to_owned(),
    })
}

/// Decides what the bytes are. `forced` is the user's encoding choice.
pub(crate) fn sniff(bytes: &[u8], forced: Option<Encoding>) -> Result<Container> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::EmptyInput {
            pos: Position::default(),
        }));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(Container::Spreadsheet);
    }
    for (magic, what) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(binary(what));
        }
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some((Encoding::Utf16Le, 2))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((Encoding::Utf16Be, 2))
    } else {
        None
    };
    // an HTML table or an XML Spreadsheet 2003 saved as .xls (unless the user asked for text)
    if forced.is_none() && crate::sheet::is_markup(bytes) {
        return Ok(Container::Spreadsheet);
    }
    if let Some(enc) = forced {
        let bom_len = match bom {
            Some((b, len)) if b == enc => len,
            _ => 0,
        };
        return Ok(Container::Text { enc, bom_len });
    }
    if let Some((enc, bom_len)) = bom {
        return Ok(Container::Text { enc, bom_len });
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok(Container::Text { enc, bom_len: 0 });
    }
    // Text has no NUL bytes and few control characters.
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(at) = sample.iter().position(|&b| b == 0) {
        let nuls = sample.iter().filter(|&&b| b == 0).count();
        // binary data has NULs everywhere; a damaged text a stray few
        if nuls > 4 {
            return Err(binary("a binary file (it contains NUL bytes)"));
        }
        // text with a stray NUL (a damaged export): where it is, so it can be found and removed
        let line = 1 + sample[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(Error::new(ErrorKind::BinaryOrNotText {
            pos: Position::line(line).with_byte_offset(at as u64),
            what: format!(
                "text with a NUL byte at line {line}, byte {at}, which text never holds: the file may be damaged; export it again or remove that byte"
            ),
        }));
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x0B | 0x1A))
        .count();
    if controls * 20 > sample.len() {
        return Err(binary("a binary file (it contains control characters)"));
    }
    Ok(Container::Text {
        enc: Encoding::Utf8,
        bom_len: 0,
    })
}

/// UTF-16 without a BOM: most ASCII characters leave a zero byte in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let even = bytes[..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
    let half = n / 2;
    if odd * 10 >= half * 7 && even * 20 < half {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= half * 7 && odd * 20 < half {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Windows-1252 bytes 0x80-0x9F (WHATWG mapping; the five undefined ones map to C1 controls).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The character a Windows-1252 byte stands for.
pub(crate) fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Appends the UTF-8 for Windows-1252 `src`.
pub(crate) fn decode_1252(src: &[u8], out: &mut Vec<u8>) {
    let mut tmp = [0u8; 4];
    for &b in src {
        if b < 0x80 {
            out.push(b);
        } else {
            out.extend_from_slice(cp1252_char(b).encode_utf8(&mut tmp).as_bytes());
        }
    }
}

/// Appends the UTF-8 for UTF-16 `src` and returns how many bytes were consumed: a trailing odd
/// byte or a high surrogate whose partner is in the next chunk is left for the next call unless
/// `last`. Lone surrogates become U+FFFD; the count of those is added to `replaced`.
pub(crate) fn decode_utf16(
    src: &[u8],
    le: bool,
    last: bool,
    out: &mut Vec<u8>,
    replaced: &mut u64,
) -> usize {
    let unit = |i: usize| -> u16 {
        if le {
            u16::from_le_bytes([src[i], src[i + 1]])
        } else {
            u16::from_be_bytes([src[i], src[i + 1]])
        }
    };
    let mut i = 0;
    let mut tmp = [0u8; 4];
    while i + 1 < src.len() {
        let u = unit(i);
        let c = if (0xD800..0xDC00).contains(&u) {
            if i + 3 < src.len() {
                let lo = unit(i + 2);
                if (0xDC00..0xE000).contains(&lo) {
                    i += 2;
                    let cp = 0x10000 + (((u as u32) - 0xD800) << 10) + (lo as u32 - 0xDC00);
                    char::from_u32(cp).unwrap_or('\u{FFFD}')
                } else {
                    *replaced += 1;
                    '\u{FFFD}'
                }
            } else if !last {
                return i;
            } else {
                *replaced += 1;
                '\u{FFFD}'
            }
        } else if (0xDC00..0xE000).contains(&u) {
            *replaced += 1;
            '\u{FFFD}'
        } else {
            char::from_u32(u as u32).unwrap_or('\u{FFFD}')
        };
        out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        i += 2;
    }
    if last && i < src.len() {
        *replaced += 1;
        out.extend_from_slice("\u{FFFD}".as_bytes());
        i = src.len();
    }
    i
}

#[cfg(test)]
/// 1-based line of byte `offset` (LF, CRLF and lone CR each end a line).
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    let mut line = 1u64;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'\n' => line += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers() {
        assert_eq!(sniff(b"", None).unwrap_err().kind_code(), "empty_input");
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n....", None)
                .unwrap_err()
                .kind_code(),
            "binary_or_not_text"
        );
        assert_eq!(
            sniff(b"a,b\n1,\x002\n", None).unwrap_err().kind_code(),
            "binary_or_not_text"
        );
        assert_eq!(
            sniff(b"PK\x03\x04xx", None).unwrap(),
            Container::Spreadsheet
        );
        assert_eq!(
            sniff(b"\xEF\xBB\xBFa,b", None).unwrap(),
            Container::Text {
                enc: Encoding::Utf8,
                bom_len: 3
            }
        );
        assert_eq!(
            sniff(b"\xFF\xFEa\x00", None).unwrap(),
            Container::Text {
                enc: Encoding::Utf16Le,
                bom_len: 2
            }
        );
        assert_eq!(
            sniff(b"a\x00,\x00b\x00\n\x001\x00", None).unwrap(),
            Container::Text {
                enc: Encoding::Utf16Le,
                bom_len: 0
            }
        );
        assert_eq!(
            sniff(b"\x00a\x00,\x00b\x00\n\x001", None).unwrap(),
            Container::Text {
                enc: Encoding::Utf16Be,
                bom_len: 0
            }
        );
    }

    #[test]
    fn cp1252_and_utf16() {
        let mut out = Vec::new();
        decode_1252(b"\x80 1,5;\xe0\x81", &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "€ 1,5;à\u{81}");
        let mut out = Vec::new();
        let mut bad = 0;
        let src: Vec<u8> = "a€😀"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        // split inside the surrogate pair
        let used = decode_utf16(&src[..6], true, false, &mut out, &mut bad);
        assert_eq!(used, 4);
        let used2 = decode_utf16(&src[used..], true, true, &mut out, &mut bad);
        assert_eq!(used + used2, src.len());
        assert_eq!(String::from_utf8(out).unwrap(), "a€😀");
        assert_eq!(bad, 0);
        let mut out = Vec::new();
        decode_utf16(&[0x00, 0xD8, 0x41], true, true, &mut out, &mut bad);
        assert_eq!(bad, 2);
    }

    #[test]
    fn lines() {
        assert_eq!(line_of(b"a\nb\r\nc\rd", 7), 4);
    }
}
