//! JSON as this project writes it: indented objects, but arrays of plain values on one line.
//!
//! serde_json's pretty printer puts every array element on a line of its own, so a report's table
//! and change series (one number per row) took 1.8 GB for a million rows, most of it newlines and
//! indentation. Written here, a column is one line: the files are a fraction of the size and
//! easier to read. Arrays that hold objects or arrays are indented like objects.
//! serde_json has no such formatter; this one is its `Formatter` trait with a deferred line break.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// Pretty printing with flat arrays of values (see the module docs).
#[derive(Default)]
pub struct Flat {
    depth: usize,
    /// Per open array or object: whether it spans lines (an array with an object or array in it,
    /// an object with a key); then it closes on a line of its own.
    open: Vec<bool>,
    /// An array element is about to be written: `Some(first)` until we know what it is.
    pending: Option<bool>,
}

impl Flat {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open_one(&mut self) {
        self.depth += 1;
        self.open.push(false);
    }

    /// Ends an array or object: on a line of its own if it spans lines.
    fn close_one<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.open.pop() == Some(true) {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        Ok(())
    }

    /// Before a plain value: inside an array, a space after the comma.
    fn plain<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        match self.pending.take() {
            Some(false) => w.write_all(b" "),
            _ => Ok(()),
        }
    }

    /// Before an object or array: inside an array, on a line of its own.
    fn container<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.pending.take().is_some() {
            if let Some(lines) = self.open.last_mut() {
                *lines = true;
            }
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        Ok(())
    }
}

macro_rules! plain {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        fn $name<W: ?Sized + Write>(&mut self, w: &mut W, v: $t) -> io::Result<()> {
            self.plain(w)?;
            serde_json::ser::CompactFormatter.$name(w, v)
        }
    )*};
}

impl Formatter for Flat {
    plain!(
        write_bool: bool, write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64,
        write_i128: i128, write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64,
        write_u128: u128, write_f32: f32, write_f64: f64, write_number_str: &str,
        write_byte_array: &[u8],
    );

    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.plain(w)?;
        w.write_all(b"null")
    }

    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.plain(w)?;
        w.write_all(b"\"")
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.container(w)?;
        self.open_one();
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close_one(w)?;
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.pending = Some(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.pending = None;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.container(w)?;
        self.open_one();
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close_one(w)?;
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if let Some(lines) = self.open.last_mut() {
            *lines = true;
        }
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// Writes `value` in this format.
pub fn to_writer<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Flat::default(),
    ))
}

/// `value` in this format.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    // serde_json writes valid UTF-8 only
    Ok(String::from_utf8(out).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    #[test]
    fn plain_arrays_on_one_line_objects_indented() {
        let v = json!({"a": [1, 2.5, null, "x"], "b": [], "c": {}, "d": [{"k": [true]}, [1, 2]]});
        let text = super::to_string(&v).unwrap();
        assert_eq!(
            text,
            "{\n  \"a\": [1, 2.5, null, \"x\"],\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    {\n      \"k\": [true]\n    },\n    [1, 2]\n  ]\n}"
        );
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
