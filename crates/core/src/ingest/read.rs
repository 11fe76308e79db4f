//! A read fed piece by piece: the file's bytes arrive in pieces of any size (a browser worker
//! reads a `File` slice by slice) and the bytes already turned into columns are not kept.
//!
//! What is held at any time: the piece being read, the record cut by its end (carried into the
//! next piece), the file's first ~1 MB until the layout is decided, and the columns. A file that
//! needs its text twice asks for it again from the start ([`Reader::wants`] goes back to 0): a
//! byte that is not UTF-8 (the file is read again as Windows-1252), a column whose later cells
//! contradict the sample's reading (the collecting pass over those columns), and the line of an
//! invalid byte for its error. Spreadsheets are collected whole (their readers need all of it).
//!
//! Fed the whole file as one piece, this is exactly the one-shot read (no copy of the bytes);
//! fed in pieces it gives the same table and report whatever the cut points (tested on every
//! reference file with pieces of 1 byte up to the whole file).

use super::decode::{self, Container};
use super::engine::{self, Engine, Setup};
use super::report::{self, EncodingNotice};
use super::{finish, recipe_options, sheet, sniff, Encoding, FileReport, Loaded, Options};
use crate::{Error, ErrorKind, Position, Result};

/// Source bytes the container sniff looks at (BOM, UTF-16 without BOM, binary signatures).
const HEAD_BYTES: usize = 64 * 1024;
/// Text the layout is first decided on (the sniff reads up to 256 KB, the sample 512 KB after
/// the header); doubled while a record read for it reaches its end.
const LAYOUT_BYTES: usize = 1024 * 1024;
/// Bytes of a new piece first joined to a record carried from the previous piece.
const STITCH_BYTES: usize = 4096;

/// A read fed piece by piece: call [`Reader::wants`] for the offset of the next piece and give
/// it to [`Reader::feed`] (any length; all of it is used) until the result comes.
pub struct Reader {
    name: String,
    total: usize,
    opts: Options,
    /// Source offset of the next byte wanted.
    at: usize,
    stage: Stage,
    report: FileReport,
    progress: f64,
    layout_bytes: usize,
}

enum Stage {
    /// The first source bytes, for the container sniff.
    Head(Vec<u8>),
    /// A spreadsheet, collected whole.
    Sheet(Vec<u8>),
    Text(Box<TextRead>),
    /// The input is read; what is left is building the table.
    Finish(Box<TextRead>),
    /// Counting lines up to a byte that is not UTF-8 (forced UTF-8), for the error.
    Lines {
        bad: usize,
        count: LineCount,
    },
    Over,
}

/// Physical lines counted across pieces (LF, CRLF and lone CR each end a line, as
/// `decode::line_of`).
#[derive(Clone, Copy)]
struct LineCount {
    line: u64,
    cr: bool,
}

impl LineCount {
    fn new() -> LineCount {
        LineCount { line: 1, cr: false }
    }

    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.cr && b != b'\n' {
                self.line += 1;
            }
            self.cr = b == b'\r';
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// The line of the byte that follows the bytes added (itself not `\n`).
    fn line_before_non_lf(&self) -> u64 {
        self.line + u64::from(self.cr)
    }
}

/// A text file being read: decoding state, the layout, the passes.
struct TextRead {
    enc: Encoding,
    bom_len: usize,
    /// The collecting pass (some columns read again) rather than the main one.
    second_pass: bool,
    /// UTF-8: the start of a character cut by a piece's end, and its offset.
    utf8_tail: Vec<u8>,
    utf8_tail_at: usize,
    /// UTF-16: an odd byte or a high surrogate cut by a piece's end.
    utf16_carry: Vec<u8>,
    /// The transcoded piece (Windows-1252, UTF-16).
    decoded: Vec<u8>,
    replaced: u64,
    /// The byte that was not UTF-8 (Windows-1252 fallback): its line is counted on the way.
    notice: Option<(usize, LineCount)>,
    /// Text collected until the layout is decided, and how much is wanted.
    head: Vec<u8>,
    head_target: usize,
    /// Text not yet consumed (a record cut by the previous piece's end); it starts at the
    /// engine's position.
    carry: Vec<u8>,
    /// Text offset of the next text byte.
    text_at: usize,
    last_byte: Option<u8>,
    setup: Option<Setup>,
    main: Option<Engine>,
    second: Option<Engine>,
}

impl TextRead {
    fn new(enc: Encoding, bom_len: usize) -> TextRead {
        TextRead {
            enc,
            bom_len,
            second_pass: false,
            utf8_tail: Vec::new(),
            utf8_tail_at: 0,
            utf16_carry: Vec::new(),
            decoded: Vec::new(),
            replaced: 0,
            notice: None,
            head: Vec::new(),
            head_target: LAYOUT_BYTES,
            carry: Vec::new(),
            text_at: 0,
            last_byte: None,
            setup: None,
            main: None,
            second: None,
        }
    }

    /// Forgets the text read so far, to read the source again from its start.
    fn rewind(&mut self) {
        self.utf8_tail.clear();
        self.utf16_carry.clear();
        self.head = Vec::new();
        self.carry = Vec::new();
        self.text_at = 0;
        self.last_byte = None;
    }

    /// Checks that `src` (at source offset `at`) continues valid UTF-8; `Err` is the offset of
    /// the first byte that is not.
    fn validate(&mut self, src: &[u8], at: usize, last: bool) -> std::result::Result<(), usize> {
        let mut s = src;
        let mut off = at;
        if !self.utf8_tail.is_empty() {
            let need = match self.utf8_tail[0] {
                0xF0..=0xF4 => 4,
                0xE0..=0xEF => 3,
                _ => 2,
            };
            let take = (need - self.utf8_tail.len()).min(s.len());
            self.utf8_tail.extend_from_slice(&s[..take]);
            s = &s[take..];
            off += take;
            if self.utf8_tail.len() < need {
                return if last { Err(self.utf8_tail_at) } else { Ok(()) };
            }
            if std::str::from_utf8(&self.utf8_tail).is_err() {
                return Err(self.utf8_tail_at);
            }
            self.utf8_tail.clear();
        }
        match std::str::from_utf8(s) {
            Ok(_) => Ok(()),
            Err(e) => {
                let bad = off + e.valid_up_to();
                if e.error_len().is_none() && !last {
                    self.utf8_tail = s[e.valid_up_to()..].to_vec();
                    self.utf8_tail_at = bad;
                    Ok(())
                } else {
                    Err(bad)
                }
            }
        }
    }
}

/// What reading a piece led to.
enum Flow {
    More,
    /// The source must be read again from its start.
    Again,
    /// The pass over the whole text ended.
    PassEnded,
    /// A byte that is not UTF-8 at this offset (UTF-8 forced): count the lines before it.
    CountLines(usize),
}

impl Reader {
    /// A read of `total` bytes named `name` (in messages and row sources).
    pub fn new(name: String, total: usize, opts: Options) -> Reader {
        Reader {
            report: fresh_report(&name, total),
            name,
            total,
            opts,
            at: 0,
            stage: Stage::Head(Vec::new()),
            progress: 0.0,
            layout_bytes: LAYOUT_BYTES,
        }
    }

    /// Test hook: decide the layout on the text's first `bytes` (doubled while not enough)
    /// instead of 1 MB, so that small files are read the way large ones are.
    #[doc(hidden)]
    pub fn layout_after(mut self, bytes: usize) -> Reader {
        self.layout_bytes = bytes.max(1);
        self
    }

    /// Source offset where the next piece must start (the file's length when only the building
    /// of the table is left: feed an empty piece).
    pub fn wants(&self) -> usize {
        self.at
    }

    /// Fraction of the work done, 0 to 1 (never decreasing).
    pub fn progress(&self) -> f64 {
        self.progress
    }

    /// Reads `piece`, the bytes at [`Reader::wants`] (all of them are used; bytes past the
    /// file's length are ignored). `Ok(Some)` is the result (once), `Ok(None)` means feed the
    /// next piece. After an error or the result, further calls return an error.
    pub fn feed(&mut self, piece: &[u8]) -> Result<Option<Loaded>> {
        let r = self.feed_inner(piece);
        if r.is_err() {
            self.stage = Stage::Over;
        }
        let name = self.name.clone();
        r.map_err(|e| e.in_file(&name))
    }

    fn feed_inner(&mut self, piece: &[u8]) -> Result<Option<Loaded>> {
        let piece = &piece[..piece.len().min(self.total.saturating_sub(self.at))];
        let at = self.at;
        let last = at + piece.len() >= self.total;
        if piece.is_empty() && !last {
            return Err(Error::new(ErrorKind::Other {
                pos: Position::default().with_byte_offset(at as u64),
                message: format!(
                    "the file ended at byte {at} of {}: was it changed while it was read?",
                    self.total
                ),
            }));
        }
        match std::mem::replace(&mut self.stage, Stage::Over) {
            Stage::Head(mut head) => {
                let bytes = if head.is_empty() && (last || piece.len() >= HEAD_BYTES) {
                    piece
                } else {
                    head.extend_from_slice(piece);
                    if !last && head.len() < HEAD_BYTES {
                        self.at += piece.len();
                        self.stage = Stage::Head(head);
                        return Ok(None);
                    }
                    &head[..]
                };
                match decode::sniff(bytes, self.opts.encoding)? {
                    Container::Spreadsheet if last => self.sheet(bytes).map(Some),
                    Container::Spreadsheet => {
                        let mut all = Vec::with_capacity(self.total);
                        all.extend_from_slice(bytes);
                        self.at = all.len();
                        self.stage = Stage::Sheet(all);
                        Ok(None)
                    }
                    Container::Text { enc, bom_len } => {
                        self.report.bom = bom_len > 0;
                        let mut t = Box::new(TextRead::new(enc, bom_len));
                        t.head_target = self.layout_bytes;
                        // In windows of at most `layout_bytes` (1 MB; the first decides the
                        // layout): a whole file fed at once is read in place, window by window.
                        // With the test hook, small files are read in windows too.
                        let mut from = 0;
                        loop {
                            let to = (from + self.layout_bytes).min(bytes.len());
                            self.text(t, &bytes[from..to], from, last && to == bytes.len())?;
                            if self.at != to || to == bytes.len() {
                                break; // read, or going back to the start
                            }
                            match std::mem::replace(&mut self.stage, Stage::Over) {
                                Stage::Text(next) => t = next,
                                other => {
                                    self.stage = other;
                                    break;
                                }
                            }
                            from = to;
                        }
                        Ok(None)
                    }
                }
            }
            Stage::Sheet(mut all) => {
                all.extend_from_slice(piece);
                self.at += piece.len();
                if last {
                    self.sheet(&all).map(Some)
                } else {
                    self.stage = Stage::Sheet(all);
                    Ok(None)
                }
            }
            Stage::Text(t) => {
                self.text(t, piece, at, last)?;
                Ok(None)
            }
            Stage::Lines { bad, mut count } => {
                let upto = piece.len().min(bad - at);
                count.add(&piece[..upto]);
                if at + upto >= bad {
                    return Err(Error::new(ErrorKind::InvalidUtf8 {
                        pos: Position::line(count.line_before_non_lf())
                            .with_byte_offset(bad as u64),
                    }));
                }
                self.at += piece.len();
                self.stage = Stage::Lines { bad, count };
                Ok(None)
            }
            Stage::Finish(mut t) => {
                self.progress = self.progress.max(0.95);
                let (Some(main), Some(setup)) = (t.main.take(), t.setup.take()) else {
                    return Err(internal());
                };
                let report = std::mem::take(&mut self.report);
                let built = engine::build(main, t.second.take(), &setup, report)?;
                self.progress = 1.0;
                finish::finish(built, &self.name, &self.opts).map(Some)
            }
            Stage::Over => Err(Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: "this read has already finished".into(),
            })),
        }
    }

    fn sheet(&mut self, bytes: &[u8]) -> Result<Loaded> {
        self.at = self.total;
        self.progress = 1.0;
        if crate::sheet::is_markup(bytes) {
            // an HTML table or XML Spreadsheet saved as .xls: its table read as the CSV it is
            let (csv, names, chosen, format) =
                crate::sheet::to_csv(bytes, self.opts.sheet.as_deref())?;
            let mut opts = self.opts.clone();
            opts.sheet = None;
            opts.encoding = None;
            opts.delimiter = Some(b',');
            let mut l = super::read(&self.name, &csv, &opts)?;
            let r = &mut l.report;
            r.encoding = format.into();
            r.bytes = self.total as u64;
            r.delimiter = None;
            r.delimiter_detected = false;
            r.line_terminator = None;
            r.sheets = names;
            r.sheet = Some(chosen);
            return Ok(l);
        }
        let built = sheet::read(&self.name, bytes, &self.opts)?;
        finish::finish(built, &self.name, &self.opts)
    }

    /// Reads a source piece of a text file and sets the next stage.
    fn text(&mut self, mut t: Box<TextRead>, piece: &[u8], at: usize, last: bool) -> Result<()> {
        match self.text_piece(&mut t, piece, at, last)? {
            Flow::More => {
                self.at = at + piece.len();
                let pass = self.at as f64 / self.total.max(1) as f64;
                let p = if t.second_pass {
                    0.9 + 0.05 * pass
                } else {
                    0.9 * pass
                };
                self.progress = self.progress.max(p);
                self.stage = Stage::Text(t);
            }
            Flow::Again => {
                self.at = 0;
                self.stage = Stage::Text(t);
            }
            Flow::PassEnded => self.pass_ended(t)?,
            Flow::CountLines(bad) => {
                self.at = 0;
                self.stage = Stage::Lines {
                    bad,
                    count: LineCount::new(),
                };
            }
        }
        Ok(())
    }

    /// The whole text went through a pass: decide whether a second one is needed.
    fn pass_ended(&mut self, mut t: Box<TextRead>) -> Result<()> {
        self.at = self.total;
        if t.second_pass {
            self.stage = Stage::Finish(t);
            return Ok(());
        }
        let r = &mut self.report;
        r.encoding = match t.enc {
            Encoding::Utf8 if t.bom_len > 0 => "UTF-8 with BOM".into(),
            e => e.name().into(),
        };
        if t.replaced > 0 {
            r.notices.push(format!(
                "{} invalid UTF-16 code units were replaced by U+FFFD",
                t.replaced
            ));
        }
        r.ends_with_newline = matches!(t.last_byte, Some(b'\n' | b'\r'));
        let (Some(e), Some(setup)) = (t.main.as_ref(), t.setup.as_ref()) else {
            return Err(internal());
        };
        engine::pass_errors(e, setup)?;
        let plan = engine::plan_reparse(e, setup);
        if !plan.reparse.is_empty() || plan.reparse_dates {
            let base = if t.enc == Encoding::Utf8 {
                t.bom_len
            } else {
                0
            };
            t.second = Some(Engine::new(
                setup,
                self.total,
                Some((&plan.reparse, plan.reparse_dates)),
                base,
            ));
            t.second_pass = true;
            t.rewind();
            self.at = 0;
            self.stage = Stage::Text(t);
        } else {
            self.stage = Stage::Finish(t);
        }
        Ok(())
    }

    /// Decodes a source piece into text and reads it.
    fn text_piece(
        &mut self,
        t: &mut TextRead,
        piece: &[u8],
        at: usize,
        last: bool,
    ) -> Result<Flow> {
        let skip = t.bom_len.saturating_sub(at).min(piece.len());
        let src = &piece[skip..];
        let src_at = at + skip;
        let decoded = std::mem::take(&mut t.decoded);
        let mut decoded = decoded;
        decoded.clear();
        let text: &[u8] = match t.enc {
            Encoding::Utf8 => {
                if let Err(bad) = t.validate(src, src_at, last) {
                    return self.not_utf8(t, piece, at, bad);
                }
                src
            }
            Encoding::Windows1252 => {
                if !t.second_pass {
                    if let Some((bad, count)) = t.notice.as_mut() {
                        let upto = piece.len().min(bad.saturating_sub(at));
                        count.add(&piece[..upto]);
                        if at + upto >= *bad {
                            let line = count.line_before_non_lf();
                            if let Some(n) = self.report.encoding_notice.as_mut() {
                                n.line = line;
                                n.message = format!(
                                    "the file is not UTF-8 (byte {} at offset {}, line {line}); it was read as Windows-1252",
                                    n.value, n.offset
                                );
                            }
                            t.notice = None;
                        }
                    }
                }
                decode::decode_1252(src, &mut decoded);
                &decoded
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let joined;
                let src: &[u8] = if t.utf16_carry.is_empty() {
                    src
                } else {
                    joined = [std::mem::take(&mut t.utf16_carry).as_slice(), src].concat();
                    &joined
                };
                // the second pass must not count the replacements again
                let mut replaced = 0;
                let used = decode::decode_utf16(
                    src,
                    t.enc == Encoding::Utf16Le,
                    last,
                    &mut decoded,
                    &mut replaced,
                );
                if !t.second_pass {
                    t.replaced += replaced;
                }
                t.utf16_carry = src[used..].to_vec();
                &decoded
            }
        };
        let r = self.read_text(t, text, last);
        t.decoded = decoded;
        r?;
        Ok(if last { Flow::PassEnded } else { Flow::More })
    }

    /// A byte that is not UTF-8 at source offset `bad`: the error (with its line, counted from
    /// the start) if the user chose UTF-8, else the file is read again as Windows-1252.
    fn not_utf8(&mut self, t: &mut TextRead, piece: &[u8], at: usize, bad: usize) -> Result<Flow> {
        // the byte is in this piece or in a character cut by the previous piece's end
        let byte = match bad.checked_sub(at) {
            Some(i) => piece[i],
            None => t.utf8_tail[bad - t.utf8_tail_at],
        };
        let value = format!("0x{byte:02X}");
        if self.opts.encoding == Some(Encoding::Utf8) {
            return Ok(Flow::CountLines(bad));
        }
        let bom = self.report.bom;
        self.report = fresh_report(&self.name, self.total);
        self.report.bom = bom;
        self.report.encoding_notice = Some(EncodingNotice {
            offset: bad as u64,
            line: 0,
            message: String::new(),
            value,
        });
        *t = TextRead {
            head_target: self.layout_bytes,
            ..TextRead::new(Encoding::Windows1252, t.bom_len)
        };
        t.notice = Some((bad, LineCount::new()));
        Ok(Flow::Again)
    }

    /// Reads decoded text (the next bytes after what was read before).
    fn read_text(&mut self, t: &mut TextRead, text: &[u8], last: bool) -> Result<()> {
        let start = t.text_at;
        t.text_at += text.len();
        if let Some(&b) = text.last() {
            t.last_byte = Some(b);
        }
        if t.setup.is_none() {
            return self.layout(t, text, last);
        }
        let Some(e) = (if t.second_pass {
            t.second.as_mut()
        } else {
            t.main.as_mut()
        }) else {
            return Err(internal());
        };
        if t.carry.is_empty() {
            e.run(text, start, last)?;
            t.carry = text[(e.pos.saturating_sub(start)).min(text.len())..].to_vec();
            return Ok(());
        }
        // A record cut by the last piece: read it from the carried bytes and enough of this
        // piece to end it, then go on in the piece itself.
        let mut carry = std::mem::take(&mut t.carry);
        let cstart = start - carry.len();
        let mut k = 0;
        loop {
            let k2 = (k.max(STITCH_BYTES / 2) * 2).min(text.len());
            carry.extend_from_slice(&text[k..k2]);
            k = k2;
            let whole = k == text.len();
            e.run(&carry, cstart, last && whole)?;
            if e.pos >= start || whole {
                break;
            }
        }
        if e.pos >= start && k < text.len() {
            e.run(text, start, last)?;
            t.carry = text[(e.pos - start).min(text.len())..].to_vec();
        } else {
            carry.drain(..(e.pos - cstart).min(carry.len()));
            t.carry = carry;
        }
        Ok(())
    }

    /// Decides the layout once enough of the text's start is there, then reads that text.
    fn layout(&mut self, t: &mut TextRead, piece: &[u8], last: bool) -> Result<()> {
        let mut head = std::mem::take(&mut t.head);
        let direct = head.is_empty() && (last || piece.len() >= t.head_target);
        if !direct {
            head.extend_from_slice(piece);
            if !last && head.len() < t.head_target {
                t.head = head;
                return Ok(());
            }
        }
        let text: &[u8] = if direct { piece } else { &head };
        let Some(setup) = self.decide(text, last)? else {
            // a record read for the decisions may go on in the next piece: wait for more
            t.head_target = text.len().saturating_mul(2);
            t.head = if direct { piece.to_vec() } else { head };
            return Ok(());
        };
        let base = if t.enc == Encoding::Utf8 {
            t.bom_len
        } else {
            0
        };
        let est = match t.enc {
            Encoding::Utf8 => self.total - t.bom_len,
            Encoding::Windows1252 => self.total + self.total / 16,
            Encoding::Utf16Le | Encoding::Utf16Be => self.total / 2,
        };
        let mut e = Engine::new(&setup, est.max(text.len()), None, base);
        e.run(text, 0, last)?;
        t.carry = text[e.pos.min(text.len())..].to_vec();
        t.main = Some(e);
        t.setup = Some(setup);
        Ok(())
    }

    /// The layout and the columns' provisional readings from the text's start, or `None` when
    /// more text could change them.
    fn decide(&mut self, text: &[u8], last: bool) -> Result<Option<Setup>> {
        if text.iter().all(|b| b.is_ascii_whitespace()) {
            if last {
                return Err(Error::new(ErrorKind::EmptyInput {
                    pos: Position::default(),
                }));
            }
            return Ok(None);
        }
        let mut reach = 0;
        let setup =
            sniff::layout_reach(text, self.opts.delimiter, self.opts.header_line, &mut reach)
                .and_then(|layout| {
                    let opts = recipe_options(&self.opts, &layout.header);
                    engine::setup(text, layout, &opts)
                });
        if let Ok(s) = &setup {
            reach = reach.max(s.reach);
        }
        if !last && reach >= text.len() {
            return Ok(None);
        }
        let setup = setup?;
        let r = &mut self.report;
        let l = &setup.layout;
        r.line_terminator = l.line_terminator.map(str::to_owned);
        r.delimiter = Some(report::delimiter_name(l.delim));
        r.delimiter_detected = l.delim_detected;
        r.quote_char = Some("\"".into());
        for (line, why) in &l.ignored {
            r.ignore(*line, why.clone());
        }
        Ok(Some(setup))
    }
}

fn fresh_report(name: &str, total: usize) -> FileReport {
    FileReport {
        name: name.to_owned(),
        bytes: total as u64,
        ..FileReport::default()
    }
}

pub(super) fn internal() -> Error {
    Error::new(ErrorKind::Other {
        pos: Position::default(),
        message: "internal error: ingestion state lost".into(),
    })
}
