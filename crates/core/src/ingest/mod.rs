//! Ingestion: bytes of a CSV/TSV/text export or a spreadsheet in, a typed [`Table`] and a report out.
//!
//! (Placeholder signatures; the ingestion engine fills them in.)

use crate::{Error, ErrorKind, Position, Result, Table};

/// How to read one file. `Default` detects everything.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Options {}

/// A file that was read: its table and what was detected/skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub table: Table,
}

/// Reads one file (`name` is used in messages and row sources).
pub fn read(name: &str, bytes: &[u8], _opts: &Options) -> Result<Loaded> {
    let _ = (name, bytes);
    Err(Error::new(ErrorKind::Other {
        pos: Position::default(),
        message: "not implemented yet".into(),
    }))
}
