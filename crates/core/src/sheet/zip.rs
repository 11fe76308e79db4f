//! Zip archive reading for xlsx/ods: central directory, stored and deflate entries, with caps.
//!
//! Sizes come from the central directory (so data descriptors need no handling); CRCs are not
//! checked (the XML parsers reject garbage anyway). ZIP64 and encrypted entries fail cleanly.
//!
//! Zip-bomb limits: one archive inflates at most `min(256 MiB, 200 × archive size)` bytes in
//! total over the distinct entries it reads, and an entry must inflate to exactly the size its
//! directory entry declares (checked before inflating, enforced while inflating). The output
//! buffer grows with the real output, never to a declared size up front.

use super::{err, u16_at, u32_at};
use crate::Result;

const MAX_TOTAL: u64 = 256 << 20;
const MAX_RATIO: u64 = 200;

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    flags: u16,
    method: u16,
    compressed: u64,
    size: u64,
    local_offset: u64,
    /// Already charged against the budget (re-reading an entry costs nothing more).
    charged: bool,
}

/// A zip archive held in memory.
pub(crate) struct Archive {
    data: Vec<u8>,
    entries: Vec<Entry>,
    budget: u64,
}

fn damaged(what: &str) -> crate::Error {
    err(format!("the file is a damaged zip archive ({what})"))
}

impl Archive {
    pub(crate) fn new(bytes: &[u8]) -> Result<Archive> {
        Archive::with_limit(
            bytes,
            MAX_TOTAL.min((bytes.len() as u64).saturating_mul(MAX_RATIO)),
        )
    }

    /// `budget`: total bytes that may be inflated (tests pass small values).
    pub(crate) fn with_limit(bytes: &[u8], budget: u64) -> Result<Archive> {
        let eocd = find_eocd(bytes).ok_or_else(|| damaged("no end of central directory"))?;
        let count = u16_at(bytes, eocd + 10).unwrap_or(0);
        let cd_size = u32_at(bytes, eocd + 12).unwrap_or(0);
        let cd_offset = u32_at(bytes, eocd + 16).unwrap_or(0);
        if count == 0xFFFF || cd_size == u32::MAX || cd_offset == u32::MAX {
            return Err(err("ZIP64 archives are not supported; save the file again"));
        }
        if eocd >= 20 && u32_at(bytes, eocd - 20) == Some(ZIP64_LOCATOR_SIG) {
            return Err(err("ZIP64 archives are not supported; save the file again"));
        }
        let start = cd_offset as usize;
        let end = start
            .checked_add(cd_size as usize)
            .filter(|&e| e <= eocd)
            .ok_or_else(|| damaged("central directory out of range"))?;
        let cd = &bytes[start..end];
        let mut entries = Vec::new();
        let mut p = 0usize;
        while u32_at(cd, p) == Some(CENTRAL_SIG) {
            let field = |o: usize| u16_at(cd, p + o).ok_or_else(|| damaged("truncated directory"));
            let field32 =
                |o: usize| u32_at(cd, p + o).ok_or_else(|| damaged("truncated directory"));
            let flags = field(8)?;
            let method = field(10)?;
            let compressed = field32(20)?;
            let size = field32(24)?;
            let name_len = field(28)? as usize;
            let extra_len = field(30)? as usize;
            let comment_len = field(32)? as usize;
            let local_offset = field32(42)?;
            if compressed == u32::MAX || size == u32::MAX || local_offset == u32::MAX {
                return Err(err("ZIP64 archives are not supported; save the file again"));
            }
            let name = cd
                .get(p + 46..p + 46 + name_len)
                .ok_or_else(|| damaged("truncated directory"))?;
            entries.push(Entry {
                name: normalize(&String::from_utf8_lossy(name)),
                flags,
                method,
                compressed: compressed as u64,
                size: size as u64,
                local_offset: local_offset as u64,
                charged: false,
            });
            p += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive {
            data: bytes.to_vec(),
            entries,
            budget,
        })
    }

    /// Index of the entry with this path (exact, else ASCII case-insensitive).
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let name = normalize(name);
        self.entries
            .iter()
            .position(|e| e.name == name)
            .or_else(|| {
                self.entries
                    .iter()
                    .position(|e| e.name.eq_ignore_ascii_case(&name))
            })
    }

    #[cfg(test)]
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// The inflated bytes of an entry found by path.
    pub(crate) fn read(&mut self, name: &str) -> Result<Vec<u8>> {
        let i = self
            .find(name)
            .ok_or_else(|| err(format!("the part {name} is missing")))?;
        self.read_index(i)
    }

    fn read_index(&mut self, i: usize) -> Result<Vec<u8>> {
        let e = &self.entries[i];
        if e.flags & 1 != 0 {
            return Err(err(
                "the file is encrypted (password-protected); save it without a password",
            ));
        }
        let local = usize::try_from(e.local_offset).map_err(|_| damaged("bad offset"))?;
        if u32_at(&self.data, local) != Some(LOCAL_SIG) {
            return Err(damaged("bad local header"));
        }
        let name_len = u16_at(&self.data, local + 26).unwrap_or(0) as usize;
        let extra_len = u16_at(&self.data, local + 28).unwrap_or(0) as usize;
        let start = local + 30 + name_len + extra_len;
        let raw = start
            .checked_add(e.compressed as usize)
            .and_then(|end| self.data.get(start..end))
            .ok_or_else(|| damaged("entry data out of range"))?;
        if !e.charged && e.size > self.budget {
            return Err(err(format!(
                "the part {} would inflate to {} bytes, more than this reader allows ({} bytes); \
                 the file may be a zip bomb",
                e.name, e.size, self.budget
            )));
        }
        let out = match e.method {
            0 => {
                if e.compressed != e.size {
                    return Err(damaged("stored entry with two sizes"));
                }
                raw.to_vec()
            }
            8 => match miniz_oxide::inflate::decompress_to_vec_with_limit(raw, e.size as usize) {
                Ok(v) if v.len() as u64 == e.size => v,
                Ok(_) => return Err(damaged("entry shorter than declared")),
                Err(_) => return Err(damaged("bad deflate data or entry longer than declared")),
            },
            m => {
                return Err(err(format!(
                    "the zip compression method {m} is not supported; save the file again"
                )))
            }
        };
        let e = &mut self.entries[i];
        if !e.charged {
            e.charged = true;
            self.budget -= e.size;
        }
        Ok(out)
    }
}

fn normalize(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_owned()
}

/// Offset of the end-of-central-directory record: the last signature whose comment length
/// reaches exactly to the end, else the last signature at all (some writers pad).
fn find_eocd(b: &[u8]) -> Option<usize> {
    if b.len() < 22 {
        return None;
    }
    let lowest = (b.len() - 22).saturating_sub(65_535);
    let mut fallback = None;
    for p in (lowest..=b.len() - 22).rev() {
        if u32_at(b, p) == Some(EOCD_SIG) {
            let comment = u16_at(b, p + 20).unwrap_or(0) as usize;
            if p + 22 + comment == b.len() {
                return Some(p);
            }
            fallback.get_or_insert(p);
        }
    }
    fallback
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal zip writer for tests: (name, data, deflate?) entries, data descriptors optional.
    pub(crate) fn make_zip(entries: &[(&str, &[u8], bool)], descriptors: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data, deflate) in entries {
            let body = if *deflate {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let method: u16 = if *deflate { 8 } else { 0 };
            let flags: u16 = if descriptors { 8 } else { 0 };
            let offset = out.len() as u32;
            let (lc, ls) = if descriptors {
                (0, 0)
            } else {
                (body.len() as u32, data.len() as u32)
            };
            out.extend_from_slice(&LOCAL_SIG.to_le_bytes());
            out.extend_from_slice(&20u16.to_le_bytes());
            out.extend_from_slice(&flags.to_le_bytes());
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&[0; 4]); // time, date
            out.extend_from_slice(&0u32.to_le_bytes()); // crc (unchecked)
            out.extend_from_slice(&lc.to_le_bytes());
            out.extend_from_slice(&ls.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&body);
            if descriptors {
                out.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
                out.extend_from_slice(&0u32.to_le_bytes());
                out.extend_from_slice(&(body.len() as u32).to_le_bytes());
                out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            }
            central.extend_from_slice(&CENTRAL_SIG.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes());
            central.extend_from_slice(&flags.to_le_bytes());
            central.extend_from_slice(&method.to_le_bytes());
            central.extend_from_slice(&[0; 4]);
            central.extend_from_slice(&0u32.to_le_bytes());
            central.extend_from_slice(&(body.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]); // extra, comment, disk, attrs
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&EOCD_SIG.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn stored_and_deflated_entries() {
        let big = b"hello hello hello hello ".repeat(100);
        for descriptors in [false, true] {
            let z = make_zip(
                &[("a.txt", b"stored", false), ("dir/b.xml", &big, true)],
                descriptors,
            );
            let mut a = Archive::new(&z).unwrap();
            assert_eq!(a.names().collect::<Vec<_>>(), ["a.txt", "dir/b.xml"]);
            assert_eq!(a.read("a.txt").unwrap(), b"stored");
            assert_eq!(a.read("DIR/B.XML").unwrap(), big);
            assert_eq!(a.read("dir\\b.xml").unwrap(), big);
            assert!(a.read("missing").is_err());
        }
    }

    #[test]
    fn bomb_is_capped() {
        let zeros = vec![0u8; 4 << 20];
        let z = make_zip(&[("bomb.xml", &zeros, true)], false);
        assert!(z.len() < 20_000);
        // default budget: 200 × archive size is far below 4 MiB
        let mut a = Archive::new(&z).unwrap();
        let e = a.read("bomb.xml").expect_err("an error").to_string();
        assert!(e.contains("zip bomb"), "{e}");
        // an entry that lies about its size is stopped at the declared size
        let mut lying = z.clone();
        let cd = lying.len() - 22 - (46 + 8);
        lying[cd + 24..cd + 28].copy_from_slice(&1000u32.to_le_bytes());
        let mut a = Archive::with_limit(&lying, 1 << 30).unwrap();
        assert!(a.read("bomb.xml").is_err());
        // the budget is shared by all entries, and charged once per entry
        let z = make_zip(&[("a", &[1u8; 600], true), ("b", &[2u8; 600], true)], false);
        let mut a = Archive::with_limit(&z, 1000).unwrap();
        assert!(a.read("a").is_ok());
        assert!(a.read("a").is_ok());
        assert!(a.read("b").is_err());
    }

    #[test]
    fn damaged_archives_fail_cleanly() {
        let z = make_zip(&[("a.txt", b"some data here", true)], false);
        for cut in 0..z.len() {
            if let Ok(mut a) = Archive::new(&z[..cut]) {
                let _ = a.read("a.txt");
            }
        }
        let mut bad = z.clone();
        bad[30 + 5] ^= 0xFF; // inside the deflate data
        if let Ok(mut a) = Archive::new(&bad) {
            let _ = a.read("a.txt");
        }
        // ZIP64 markers
        let mut z64 = z.clone();
        let n = z64.len();
        z64[n - 12..n - 8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Archive::new(&z64)
            .err()
            .expect("an error")
            .to_string()
            .contains("ZIP64"));
        // encrypted entry
        let mut enc = z.clone();
        let cd = enc.len() - 22 - (46 + 5);
        enc[cd + 8] |= 1;
        let mut a = Archive::new(&enc).unwrap();
        assert!(a
            .read("a.txt")
            .expect_err("an error")
            .to_string()
            .contains("encrypted"));
        // unknown method
        let mut m = z;
        let cd = m.len() - 22 - (46 + 5);
        m[cd + 10] = 12;
        let mut a = Archive::new(&m).unwrap();
        assert!(a
            .read("a.txt")
            .expect_err("an error")
            .to_string()
            .contains("method 12"));
    }
}
