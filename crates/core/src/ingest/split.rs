//! Record splitting: RFC 4180 fields (quotes, `""` escapes, delimiters and line breaks inside
//! quotes), LF/CRLF/CR line ends, physical line numbers and byte offsets.
//!
//! Hand-written instead of the `csv` crate: the ingestion loop needs each record's physical line
//! (for every error and skipped line), the byte offset where an unterminated quote opened, and
//! fields as borrowed spans that the number parser reads in place, with no per-field allocation
//! and no second copy of the record; typing is fused into the same loop (see `engine.rs`).

/// A field: a span of the text, or of the record's unescape buffer when it held `""` escapes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub in_buf: bool,
    pub quoted: bool,
}

/// One record's fields, reused across records so splitting allocates nothing in steady state.
#[derive(Debug, Default)]
pub(crate) struct Record {
    pub spans: Vec<Span>,
    pub buf: Vec<u8>,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Byte offset of the record's first byte.
    pub start: usize,
}

impl Record {
    #[inline]
    pub fn field<'a>(&'a self, text: &'a [u8], i: usize) -> &'a [u8] {
        match self.spans.get(i) {
            Some(s) if s.in_buf => self.buf.get(s.start..s.end).unwrap_or(&[]),
            Some(s) => text.get(s.start..s.end).unwrap_or(&[]),
            None => &[],
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// A line with nothing on it (or only spaces).
    pub fn is_blank(&self, text: &[u8]) -> bool {
        self.spans.len() == 1
            && !self.spans[0].quoted
            && super::number::trim(self.field(text, 0)).is_empty()
    }

    /// Every field is empty or spaces.
    pub fn all_empty(&self, text: &[u8]) -> bool {
        (0..self.len()).all(|i| super::number::trim(self.field(text, i)).is_empty())
    }

    #[cfg(test)]
    pub fn field_string(&self, text: &[u8], i: usize) -> String {
        String::from_utf8_lossy(self.field(text, i)).into_owned()
    }
}

/// A quoted field that never closes: where it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuoteError {
    pub line: u64,
    pub offset: usize,
    /// 0-based index of the field the quote opens.
    pub field: usize,
}

/// Bytes that end an unquoted field, per delimiter.
pub(crate) struct Splitter {
    stop: [bool; 256],
}

impl Splitter {
    pub fn new(delim: u8) -> Splitter {
        let mut stop = [false; 256];
        stop[delim as usize] = true;
        stop[b'\n' as usize] = true;
        stop[b'\r' as usize] = true;
        Splitter { stop }
    }

    /// Reads the record at `pos` (`pos < text.len()`) into `rec` and returns the position after
    /// its line end. `line` is the record's first line on entry and the next line on return.
    pub fn read(
        &self,
        text: &[u8],
        pos: usize,
        line: &mut u64,
        rec: &mut Record,
    ) -> Result<usize, QuoteError> {
        rec.spans.clear();
        rec.buf.clear();
        rec.line = *line;
        rec.start = pos;
        let n = text.len();
        let mut i = pos;
        loop {
            if i < n && text[i] == b'"' {
                i = self.quoted(text, i, line, rec)?;
            } else {
                let start = i;
                while i < n && !self.stop[text[i] as usize] {
                    i += 1;
                }
                rec.spans.push(Span {
                    start,
                    end: i,
                    in_buf: false,
                    quoted: false,
                });
            }
            if i >= n {
                return Ok(n);
            }
            match text[i] {
                b'\n' => {
                    *line += 1;
                    return Ok(i + 1);
                }
                b'\r' => {
                    *line += 1;
                    return Ok(if text.get(i + 1) == Some(&b'\n') {
                        i + 2
                    } else {
                        i + 1
                    });
                }
                // the delimiter: another field follows (possibly empty, even at the end)
                _ => i += 1,
            }
        }
    }

    /// Reads a quoted field opening at `open`; returns the position of the byte that ends it
    /// (delimiter, line end or end of text).
    fn quoted(
        &self,
        text: &[u8],
        open: usize,
        line: &mut u64,
        rec: &mut Record,
    ) -> Result<usize, QuoteError> {
        let n = text.len();
        let open_line = *line;
        let mut i = open + 1;
        let mut seg = i;
        let mut escaped = false;
        let buf_start = rec.buf.len();
        loop {
            let Some(k) = text[i..].iter().position(|&b| b == b'"') else {
                return Err(QuoteError {
                    line: open_line,
                    offset: open,
                    field: rec.spans.len(),
                });
            };
            let q = i + k;
            *line += count_breaks(text, i, q);
            if text.get(q + 1) == Some(&b'"') {
                // `""` is one quote
                escaped = true;
                rec.buf.extend_from_slice(&text[seg..=q]);
                i = q + 2;
                seg = i;
                continue;
            }
            // closing quote; anything up to the delimiter is kept as written (lenient)
            let mut j = q + 1;
            while j < n && !self.stop[text[j] as usize] {
                j += 1;
            }
            // ...except after a field that ran across lines: a field with line breaks in it
            // ends at its quote, while a quote left open closes on the opening quote of a later
            // field, text follows, and whole rows have been swallowed (values then sit on the
            // wrong dates). That is the unterminated quote where it opened.
            if j > q + 1 && *line > open_line {
                return Err(QuoteError {
                    line: open_line,
                    offset: open,
                    field: rec.spans.len(),
                });
            }
            if escaped || j > q + 1 {
                rec.buf.extend_from_slice(&text[seg..q]);
                rec.buf.extend_from_slice(&text[q + 1..j]);
                rec.spans.push(Span {
                    start: buf_start,
                    end: rec.buf.len(),
                    in_buf: true,
                    quoted: true,
                });
            } else {
                rec.spans.push(Span {
                    start: open + 1,
                    end: q,
                    in_buf: false,
                    quoted: true,
                });
            }
            return Ok(j);
        }
    }
}

/// Line breaks in `text[from..to]` (CRLF counts once; a CR at `to - 1` looks past `to`).
fn count_breaks(text: &[u8], from: usize, to: usize) -> u64 {
    let mut c = 0;
    for i in from..to {
        match text[i] {
            b'\n' => c += 1,
            b'\r' if text.get(i + 1) != Some(&b'\n') => c += 1,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, d: u8) -> Vec<(u64, Vec<String>)> {
        let t = text.as_bytes();
        let s = Splitter::new(d);
        let mut rec = Record::default();
        let mut pos = 0;
        let mut line = 1;
        let mut out = Vec::new();
        while pos < t.len() {
            pos = s.read(t, pos, &mut line, &mut rec).unwrap();
            out.push((
                rec.line,
                (0..rec.len()).map(|i| rec.field_string(t, i)).collect(),
            ));
        }
        out
    }

    #[test]
    fn rfc4180_quotes_and_line_ends() {
        let r = records("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"x\ny\",2,3\r4,,\n", b',');
        assert_eq!(
            r[0],
            (1, vec!["a".into(), "b,1".into(), "say \"hi\"".into()])
        );
        assert_eq!(r[1], (2, vec!["x\ny".into(), "2".into(), "3".into()]));
        assert_eq!(r[2], (4, vec!["4".into(), "".into(), "".into()]));
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn no_final_newline_and_blank_lines() {
        let r = records("a;b\n\n1;2", b';');
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], (2, vec!["".into()]));
        assert_eq!(r[2], (3, vec!["1".into(), "2".into()]));
    }

    #[test]
    fn lenient_text_after_closing_quote_and_mid_field_quotes() {
        let r = records("\"ab\"cd,12\" screen\n", b',');
        assert_eq!(r[0].1, vec!["abcd".to_string(), "12\" screen".to_string()]);
    }

    #[test]
    fn a_quote_left_open_that_swallows_lines_is_unterminated() {
        // line 2's quote is never closed: it would close on line 3's `"x"`, taking line 3 in
        let text = b"d,c,n\n1,\"open,11\n2,\"x\",12\n3,\"y\",13\n";
        let sp = Splitter::new(b',');
        let (mut rec, mut line) = (Record::default(), 1);
        let pos = sp.read(text, 0, &mut line, &mut rec).unwrap();
        let e = sp.read(text, pos, &mut line, &mut rec).unwrap_err();
        assert_eq!((e.line, e.field), (2, 1));
        // a field with a line break in it, closed where it should be, still reads
        let ok = b"d,c,n\n1,\"two\nlines\",11\n2,\"x\"y,12\n";
        let (mut rec, mut line) = (Record::default(), 1);
        let mut pos = sp.read(ok, 0, &mut line, &mut rec).unwrap();
        pos = sp.read(ok, pos, &mut line, &mut rec).unwrap();
        assert_eq!(rec.field_string(ok, 1), "two\nlines");
        sp.read(ok, pos, &mut line, &mut rec).unwrap();
        assert_eq!(
            rec.field_string(ok, 1),
            "xy",
            "text after a quote on one line stays lenient"
        );
    }

    #[test]
    fn unterminated_quote_names_where_it_opened() {
        let t = b"a,b\n1,\"open\n2,3\n";
        let s = Splitter::new(b',');
        let mut rec = Record::default();
        let mut line = 1;
        let p = s.read(t, 0, &mut line, &mut rec).unwrap();
        let e = s.read(t, p, &mut line, &mut rec).unwrap_err();
        assert_eq!(
            e,
            QuoteError {
                line: 2,
                offset: 6,
                field: 1
            }
        );
    }
}
