//! Excel 97–2003 workbooks (.xls, BIFF8) and Excel 5/95 (BIFF5): the `Workbook`/`Book` stream's
//! records.
//!
//! Globals: BOF, FILEPASS (encrypted → error), CODEPAGE, DATEMODE, FORMAT, XF, BOUNDSHEET8, SST
//! with CONTINUE. Sheets: NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA (cached
//! value; a string result comes in the next STRING record), nested BOF/EOF substreams (embedded
//! charts) skipped. BIFF5 8-bit text is decoded as Windows-1252.

use super::cfb::Cfb;
use super::{
    err, f64_at, is_builtin_date_format, is_date_format, u16_at, u32_at, Cell, GridBuilder,
    DAYS_1904,
};
use crate::Result;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;

pub(crate) struct Xls {
    stream: Vec<u8>,
    biff8: bool,
    /// (name, stream offset of the sheet's BOF)
    sheets: Vec<(String, usize)>,
    strings: Vec<String>,
    /// Per XF index: whether its number format shows a date.
    date_xf: Vec<bool>,
    is_1904: bool,
}

/// Records of a BIFF stream: (type, body, offset of the record). Stops at a truncated record.
struct Records<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.data, self.pos)?;
        let len = u16_at(self.data, self.pos + 2)? as usize;
        let body = self.data.get(self.pos + 4..self.pos + 4 + len)?;
        self.pos += 4 + len;
        Some((typ, body))
    }
}

impl<'a> Records<'a> {
    /// The bodies of the CONTINUE records that follow the current one.
    fn continues(&self) -> Vec<&'a [u8]> {
        let mut r = Records {
            data: self.data,
            pos: self.pos,
        };
        let mut out = Vec::new();
        while let Some((CONTINUE, body)) = r.next() {
            out.push(body);
        }
        out
    }
}

/// A record body followed by its CONTINUE bodies, read as one byte sequence except where a
/// string's characters cross into a CONTINUE: there a new option byte (fHighByte) comes first.
struct Segments<'a> {
    segs: Vec<&'a [u8]>,
    i: usize,
    pos: usize,
}

impl<'a> Segments<'a> {
    fn new(segs: Vec<&'a [u8]>) -> Segments<'a> {
        Segments { segs, i: 0, pos: 0 }
    }

    fn byte(&mut self) -> Option<u8> {
        loop {
            let s = self.segs.get(self.i)?;
            if let Some(&b) = s.get(self.pos) {
                self.pos += 1;
                return Some(b);
            }
            self.i += 1;
            self.pos = 0;
        }
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            let s = self.segs.get(self.i)?;
            let avail = s.len() - self.pos.min(s.len());
            if avail == 0 {
                self.i += 1;
                self.pos = 0;
                continue;
            }
            let k = avail.min(n);
            self.pos += k;
            n -= k;
        }
        Some(())
    }

    /// `cch` characters, 1 byte (Latin-1) or 2 bytes (UTF-16LE) each per the option flag.
    fn chars(&mut self, cch: usize, mut high: bool) -> Option<String> {
        let mut units: Vec<u16> = Vec::with_capacity(cch.min(4096));
        while units.len() < cch {
            let s = self.segs.get(self.i)?;
            if self.pos >= s.len() {
                self.i += 1;
                self.pos = 0;
                high = self.segs.get(self.i)?.first()? & 1 != 0;
                self.pos = 1;
                continue;
            }
            if high {
                let Some(u) = u16_at(s, self.pos) else {
                    self.pos = s.len();
                    continue;
                };
                units.push(u);
                self.pos += 2;
            } else {
                units.push(s[self.pos] as u16);
                self.pos += 1;
            }
        }
        Some(String::from_utf16_lossy(&units))
    }

    /// An `XLUnicodeRichExtendedString` (SST item): rich-text runs and phonetic data skipped.
    fn rich_string(&mut self) -> Option<String> {
        let cch = self.u16()? as usize;
        let flags = self.byte()?;
        let runs = if flags & 0x08 != 0 {
            self.u16()? as usize
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            self.u32()? as usize
        } else {
            0
        };
        let s = self.chars(cch, flags & 1 != 0)?;
        self.skip(runs * 4)?;
        self.skip(ext)?;
        Some(s)
    }
}

fn not_a_workbook() -> crate::Error {
    super::not_spreadsheet("an OLE2 file (e.g. an old Word document) that is not a spreadsheet")
}

impl Xls {
    pub(crate) fn open_cfb(bytes: &[u8]) -> Result<Xls> {
        let cfb = Cfb::new(bytes)?;
        if cfb.has("EncryptedPackage") {
            return Err(err(
                "the file is encrypted (password-protected); save it without a password",
            ));
        }
        let stream = match cfb.stream("Workbook")? {
            Some(s) => s,
            None => cfb.stream("Book")?.ok_or_else(not_a_workbook)?,
        };
        Xls::open_stream(stream)
    }

    pub(crate) fn open_stream(stream: Vec<u8>) -> Result<Xls> {
        let mut wb = Xls {
            stream: Vec::new(),
            biff8: true,
            sheets: Vec::new(),
            strings: Vec::new(),
            date_xf: Vec::new(),
            is_1904: false,
        };
        let mut formats: Vec<(u16, bool)> = Vec::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        let mut recs = Records {
            data: &stream,
            pos: 0,
        };
        match recs.next() {
            Some((BOF, b)) => match u16_at(b, 0) {
                Some(0x0600) => wb.biff8 = true,
                Some(0x0500) => wb.biff8 = false,
                _ => {
                    return Err(err(
                        "Excel files older than Excel 5 (1993) are not supported",
                    ))
                }
            },
            Some((0x0009 | 0x0209 | 0x0409, _)) => {
                return Err(err(
                    "Excel files older than Excel 5 (1993) are not supported",
                ))
            }
            _ => return Err(err("the workbook stream does not start with a BOF record")),
        }
        while let Some((typ, b)) = recs.next() {
            match typ {
                0x002F => {
                    return Err(err(
                        "the file is encrypted (password-protected); save it without a password",
                    ))
                }
                0x0022 => wb.is_1904 = u16_at(b, 0) == Some(1),
                0x041E => {
                    if let (Some(id), Some(code)) =
                        (u16_at(b, 0), wb.format_string(b.get(2..).unwrap_or(&[])))
                    {
                        formats.push((id, is_date_format(&code)));
                    }
                }
                0x00E0 => xf_formats.push(u16_at(b, 2).unwrap_or(0)),
                0x0085 => {
                    let (Some(pos), Some(&dt)) = (u32_at(b, 0), b.get(5)) else {
                        continue;
                    };
                    let name = wb
                        .short_string(b.get(6..).unwrap_or(&[]))
                        .unwrap_or_default();
                    if dt == 0 {
                        wb.sheets.push((name.replace('\0', ""), pos as usize));
                    }
                }
                0x00FC if wb.biff8 => {
                    let mut segs = vec![b];
                    segs.extend(recs.continues());
                    wb.strings = read_sst(segs);
                }
                EOF => break,
                _ => {}
            }
        }
        wb.date_xf = xf_formats
            .into_iter()
            .map(|id| match formats.iter().rev().find(|(f, _)| *f == id) {
                Some((_, d)) => *d,
                None => is_builtin_date_format(id as u32),
            })
            .collect();
        wb.stream = stream;
        Ok(wb)
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    /// 8-bit text of a BIFF5 file, read as Windows-1252 whatever the CODEPAGE record says
    /// (Western files are; a full code-page table set is what made calamine large).
    fn bytes_text(&self, b: &[u8]) -> String {
        b.iter()
            .map(|&c| match c {
                0x80..=0x9F => CP1252[(c - 0x80) as usize],
                c => c as char,
            })
            .collect()
    }

    /// A FORMAT record's code: `XLUnicodeString` (BIFF8) or 8-bit with a 1-byte length (BIFF5).
    fn format_string(&self, b: &[u8]) -> Option<String> {
        if self.biff8 {
            unicode_string(b, 2)
        } else {
            let n = *b.first()? as usize;
            Some(self.bytes_text(b.get(1..1 + n)?))
        }
    }

    /// A sheet name: `ShortXLUnicodeString` (BIFF8) or 8-bit with a 1-byte length (BIFF5).
    fn short_string(&self, b: &[u8]) -> Option<String> {
        if self.biff8 {
            unicode_string(b, 1)
        } else {
            let n = *b.first()? as usize;
            Some(self.bytes_text(b.get(1..1 + n)?))
        }
    }

    /// A LABEL or STRING value: `XLUnicodeString` (BIFF8) or 8-bit with a 2-byte length (BIFF5).
    fn long_string(&self, segs: Vec<&[u8]>) -> Option<String> {
        let mut s = Segments::new(segs);
        let cch = s.u16()? as usize;
        if self.biff8 {
            if cch == 0 {
                return Some(String::new());
            }
            let flags = s.byte()?;
            s.chars(cch, flags & 1 != 0)
        } else {
            let mut bytes = Vec::with_capacity(cch.min(4096));
            for _ in 0..cch {
                bytes.push(s.byte()?);
            }
            Some(self.bytes_text(&bytes))
        }
    }

    fn number(&self, xf: Option<u16>, v: f64) -> Cell {
        let date = xf.is_some_and(|i| self.date_xf.get(i as usize) == Some(&true));
        match (date, self.is_1904) {
            (true, true) => Cell::Date(v + DAYS_1904),
            (true, false) => Cell::Date(v),
            _ => Cell::Number(v),
        }
    }

    pub(crate) fn grid(&mut self, index: usize) -> Result<Vec<Vec<Cell>>> {
        let start = self.sheets[index].1;
        let mut recs = Records {
            data: &self.stream,
            pos: start,
        };
        if !matches!(recs.next(), Some((BOF, _))) {
            return Err(err(format!(
                "the sheet \"{}\" is missing from the file",
                self.sheets[index].0
            )));
        }
        let mut g = GridBuilder::new();
        let mut depth = 0usize;
        let mut pending_string: Option<(u16, u16)> = None;
        let mut ended = false;
        while let Some((typ, b)) = recs.next() {
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let rc = || Some((u16_at(b, 0)? as u64, u16_at(b, 2)? as u64));
            let xf = u16_at(b, 4);
            match typ {
                BOF => depth += 1,
                EOF => {
                    ended = true;
                    break;
                }
                0x0203 => {
                    if let (Some((r, c)), Some(v)) = (rc(), f64_at(b, 6)) {
                        g.set(r, c, self.number(xf, v))?;
                    }
                }
                0x027E => {
                    if let (Some((r, c)), Some(rk)) = (rc(), u32_at(b, 6)) {
                        g.set(r, c, self.number(xf, rk_value(rk)))?;
                    }
                }
                0x00BD => {
                    let Some((r, first)) = rc() else { continue };
                    let n = b.len().saturating_sub(6) / 6;
                    for k in 0..n {
                        let at = 4 + 6 * k;
                        if let Some(rk) = u32_at(b, at + 2) {
                            let cell = self.number(u16_at(b, at), rk_value(rk));
                            g.set(r, first + k as u64, cell)?;
                        }
                    }
                }
                0x00FD => {
                    if let (Some((r, c)), Some(i)) = (rc(), u32_at(b, 6)) {
                        if let Some(s) = self.strings.get(i as usize) {
                            g.set(r, c, text(s.clone()))?;
                        }
                    }
                }
                0x0204 | 0x00D6 => {
                    if let Some((r, c)) = rc() {
                        let mut segs = vec![b.get(6..).unwrap_or(&[])];
                        segs.extend(recs.continues());
                        let s = self.long_string(segs).unwrap_or_default();
                        g.set(r, c, text(s))?;
                    }
                }
                0x0205 => {
                    if let (Some((r, c)), Some(&v), Some(&is_err)) = (rc(), b.get(6), b.get(7)) {
                        let cell = if is_err != 0 {
                            Cell::Error(error_text(v).to_owned())
                        } else {
                            Cell::Bool(v != 0)
                        };
                        g.set(r, c, cell)?;
                    }
                }
                0x0006 => {
                    let (Some((r, c)), Some(v)) = (rc(), b.get(6..14)) else {
                        continue;
                    };
                    pending_string = None;
                    if v[6] == 0xFF && v[7] == 0xFF {
                        match v[0] {
                            0 => pending_string = Some((r as u16, c as u16)),
                            1 => g.set(r, c, Cell::Bool(v[2] != 0))?,
                            2 => g.set(r, c, Cell::Error(error_text(v[2]).to_owned()))?,
                            _ => {}
                        }
                    } else {
                        g.set(r, c, self.number(xf, f64_at(v, 0).unwrap_or(0.0)))?;
                    }
                }
                0x0207 => {
                    if let Some((r, c)) = pending_string.take() {
                        let mut segs = vec![b];
                        segs.extend(recs.continues());
                        let s = self.long_string(segs).unwrap_or_default();
                        g.set(r as u64, c as u64, text(s))?;
                    }
                }
                _ => {}
            }
        }
        // a record whose length runs past the stream (a damaged byte) ended the walk early:
        // rows after it were lost without a word
        if !ended {
            return Err(err(format!(
                "the sheet \"{}\" is damaged: a record runs past the end of the file before the sheet's end, so its last rows cannot be read",
                self.sheets[index].0
            )));
        }
        Ok(g.finish())
    }
}

fn text(s: String) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// An `XLUnicodeString` with a `len_bytes`-byte character count (1: short form, 2: long form),
/// all within one record.
fn unicode_string(b: &[u8], len_bytes: usize) -> Option<String> {
    let cch = match len_bytes {
        1 => *b.first()? as usize,
        _ => u16_at(b, 0)? as usize,
    };
    let mut s = Segments::new(vec![b.get(len_bytes..)?]);
    let flags = s.byte()?;
    s.chars(cch, flags & 1 != 0)
}

/// The shared string table: as many strings as the data holds (the declared count is not
/// trusted for allocation).
fn read_sst(segs: Vec<&[u8]>) -> Vec<String> {
    let mut s = Segments::new(segs);
    let mut out = Vec::new();
    if s.skip(8).is_none() {
        return out;
    }
    while let Some(item) = s.rich_string() {
        out.push(item);
    }
    out
}

/// An RK number: a 30-bit integer or the high 30 bits of an f64, optionally divided by 100.
pub(crate) fn rk_value(rk: u32) -> f64 {
    let v = if rk & 2 != 0 {
        ((rk as i32) >> 2) as f64
    } else {
        f64::from_bits(((rk & 0xFFFF_FFFC) as u64) << 32)
    };
    if rk & 1 != 0 {
        v / 100.0
    } else {
        v
    }
}

fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => "#ERROR!",
    }
}

/// Windows-1252 0x80–0x9F (the rest of the code page is Latin-1).
const CP1252: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(body.len() as u16).to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    fn cell_hdr(r: u16, c: u16, xf: u16) -> Vec<u8> {
        [r.to_le_bytes(), c.to_le_bytes(), xf.to_le_bytes()].concat()
    }

    /// A BIFF8 (or BIFF5) stream: globals (XFs 0 = General, 1 = date) then one sheet.
    pub(crate) fn make_stream(
        biff8: bool,
        globals: &[Vec<u8>],
        sheet: &[Vec<u8>],
        name: &str,
    ) -> Vec<u8> {
        let ver: u16 = if biff8 { 0x0600 } else { 0x0500 };
        let bof = |dt: u16| {
            rec(
                BOF,
                &[ver.to_le_bytes(), dt.to_le_bytes(), [0, 0], [0, 0]].concat(),
            )
        };
        let mut g = bof(5);
        let mut xf0 = vec![0u8; 20];
        xf0[2] = 0;
        let mut xf1 = vec![0u8; 20];
        xf1[2] = 14;
        g.extend(rec(0x00E0, &xf0));
        g.extend(rec(0x00E0, &xf1));
        for r in globals {
            g.extend_from_slice(r);
        }
        let mut bs = vec![0u8; 6];
        bs[4] = 0;
        bs[5] = 0;
        bs.push(name.len() as u8);
        if biff8 {
            bs.push(0);
        }
        bs.extend_from_slice(name.as_bytes());
        let bs_at = g.len();
        g.extend(rec(0x0085, &bs));
        g.extend(rec(EOF, &[]));
        let sheet_pos = g.len() as u32;
        g[bs_at + 4..bs_at + 8].copy_from_slice(&sheet_pos.to_le_bytes());
        g.extend(bof(0x10));
        for r in sheet {
            g.extend_from_slice(r);
        }
        g.extend(rec(EOF, &[]));
        g
    }

    #[test]
    fn rk_decoding() {
        assert_eq!(rk_value((5 << 2) | 2), 5.0);
        assert_eq!(rk_value(((-7i32 << 2) as u32) | 2), -7.0);
        assert_eq!(rk_value((1234 << 2) | 3), 12.34);
        let f = (1.5f64.to_bits() >> 32) as u32;
        assert_eq!(rk_value(f), 1.5);
        assert_eq!(rk_value(f | 1), 0.015);
    }

    #[test]
    fn sst_across_continue_with_flag_switch() {
        // string 1: "abc" compressed; string 2: 6 chars starting compressed "xy" then a
        // CONTINUE that switches to UTF-16 for "é€ßz"; string 3 with rich runs and ext data
        // split across the boundary
        let mut sst = vec![0u8; 8];
        sst.extend([3, 0, 0]);
        sst.extend(b"abc");
        sst.extend([6, 0, 0]);
        sst.extend(b"xy");
        let mut cont = vec![1u8];
        for ch in "é€ßz".encode_utf16() {
            cont.extend(ch.to_le_bytes());
        }
        cont.extend([2, 0, 0x0C, 1, 0, 3, 0, 0, 0]); // cch 2, rich + ext, 1 run, 3 ext bytes
        cont.extend(b"ok");
        cont.extend([0, 0]); // half of the run
        let cont2 = vec![0u8, 0, 9, 9, 9]; // rest of the run, ext data
        let mut tail = vec![1u8, 0, 0];
        tail.extend(b"q");
        let mut cont2 = cont2;
        cont2.extend(tail);
        assert_eq!(
            read_sst(vec![&sst, &cont, &cont2]),
            ["abc", "xyé€ßz", "ok", "q"]
        );
        // truncated tables stop cleanly
        for cut in 0..sst.len() {
            let _ = read_sst(vec![&sst[..cut], &cont]);
        }
    }

    #[test]
    fn biff8_cells() {
        let mut sst = vec![2, 0, 0, 0, 2, 0, 0, 0];
        sst.extend([5, 0, 0]);
        sst.extend(b"hello");
        sst.extend([1, 0, 1, 0x01, 0x04]); // "Ё" in UTF-16
        let globals = vec![rec(0x00FC, &sst)];
        let mut label = cell_hdr(2, 0, 0);
        label.extend([2, 0, 0]);
        label.extend(b"hi");
        let mut mulrk = cell_hdr(3, 1, 0)[..4].to_vec();
        for (xf, rk) in [(0u16, (3u32 << 2) | 2), (1, (45292 << 2) | 2)] {
            mulrk.extend(xf.to_le_bytes());
            mulrk.extend(rk.to_le_bytes());
        }
        mulrk.extend(2u16.to_le_bytes());
        let mut formula_str = cell_hdr(4, 0, 0);
        formula_str.extend([0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
        formula_str.extend([0; 6]);
        let mut string = vec![3, 0, 0];
        string.extend(b"f=x");
        let mut formula_num = cell_hdr(4, 1, 1);
        formula_num.extend(45292.5f64.to_le_bytes());
        formula_num.extend([0; 6]);
        let mut formula_err = cell_hdr(4, 2, 0);
        formula_err.extend([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF]);
        formula_err.extend([0; 6]);
        let mut number = cell_hdr(0, 2, 0);
        number.extend(2.25f64.to_le_bytes());
        let sheet = vec![
            rec(
                0x00FD,
                &[cell_hdr(0, 0, 0), 0u32.to_le_bytes().to_vec()].concat(),
            ),
            rec(
                0x00FD,
                &[cell_hdr(0, 1, 0), 1u32.to_le_bytes().to_vec()].concat(),
            ),
            rec(0x0203, &number),
            rec(0x0204, &label),
            rec(0x00BD, &mulrk),
            rec(0x0006, &formula_str),
            rec(0x0207, &string),
            rec(0x0006, &formula_num),
            rec(0x0006, &formula_err),
            rec(0x0205, &[cell_hdr(5, 0, 0), vec![1, 0]].concat()),
            rec(0x0205, &[cell_hdr(5, 1, 0), vec![0x2A, 1]].concat()),
            // an embedded chart substream: its cells are not the sheet's
            rec(BOF, &[0, 6, 0x20, 0, 0, 0, 0, 0]),
            rec(
                0x0203,
                &[cell_hdr(9, 9, 0), 1f64.to_le_bytes().to_vec()].concat(),
            ),
            rec(EOF, &[]),
            rec(
                0x027E,
                &[
                    cell_hdr(6, 0, 1),
                    ((100 << 2) | 2u32).to_le_bytes().to_vec(),
                ]
                .concat(),
            ),
        ];
        let stream = make_stream(true, &globals, &sheet, "Data");
        let mut x = Xls::open_stream(stream.clone()).unwrap();
        assert_eq!(x.sheet_names(), ["Data"]);
        let g = x.grid(0).unwrap();
        assert_eq!(
            g[0],
            [
                Cell::Text("hello".into()),
                Cell::Text("Ё".into()),
                Cell::Number(2.25)
            ]
        );
        assert_eq!(g[1], []);
        assert_eq!(g[2], [Cell::Text("hi".into())]);
        assert_eq!(g[3], [Cell::Empty, Cell::Number(3.0), Cell::Date(45292.0)]);
        assert_eq!(
            g[4],
            [
                Cell::Text("f=x".into()),
                Cell::Date(45292.5),
                Cell::Error("#DIV/0!".into())
            ]
        );
        assert_eq!(g[5], [Cell::Bool(true), Cell::Error("#N/A".into())]);
        assert_eq!(g[6], [Cell::Date(100.0)]);
        assert_eq!(g.len(), 7);
        // 1904 system
        let stream = make_stream(
            true,
            &[rec(0x0022, &[1, 0])],
            &[rec(
                0x027E,
                &[
                    cell_hdr(0, 0, 1),
                    ((100 << 2) | 2u32).to_le_bytes().to_vec(),
                ]
                .concat(),
            )],
            "S",
        );
        let mut x = Xls::open_stream(stream).unwrap();
        assert_eq!(x.grid(0).unwrap(), [[Cell::Date(1562.0)]]);
        // every truncation fails or succeeds cleanly, and never with rows silently lost: a
        // sheet read without its end record is an error
        let full = make_stream(true, &globals, &sheet, "Data");
        let whole = Xls::open_stream(full.clone()).unwrap().grid(0).unwrap();
        for cut in 0..full.len() {
            if let Ok(mut x) = Xls::open_stream(full[..cut].to_vec()) {
                for i in 0..x.sheet_names().len() {
                    if let Ok(g) = x.grid(i) {
                        assert_eq!(g, whole, "cut at {cut}");
                    }
                }
            }
        }
        // a record's length damaged to run past the stream: the sheet is refused, not cut short
        let mut damaged = full.clone();
        let eof = damaged.len() - 4; // the sheet's end record, the stream's last
        damaged[eof + 2..eof + 4].copy_from_slice(&0xFFF0u16.to_le_bytes());
        let e = Xls::open_stream(damaged).unwrap().grid(0).unwrap_err();
        assert!(format!("{e:?}").contains("damaged"), "{e:?}");
    }

    #[test]
    fn biff5_and_encryption() {
        let mut label = cell_hdr(0, 0, 0);
        label.extend([4, 0]);
        label.extend([b'c', b'a', 0x80, 0xE9]);
        let stream = make_stream(false, &[], &[rec(0x0204, &label)], "Foglio1");
        let mut x = Xls::open_stream(stream).unwrap();
        assert_eq!(x.sheet_names(), ["Foglio1"]);
        assert_eq!(x.grid(0).unwrap(), [[Cell::Text("ca€é".into())]]);
        let enc = make_stream(true, &[rec(0x002F, &[1, 0])], &[], "S");
        let e = Xls::open_stream(enc).err().expect("an error");
        assert!(e.to_string().contains("encrypted"));
        let old = rec(0x0409, &[0; 6]);
        assert!(Xls::open_stream(old).is_err());
    }
}
