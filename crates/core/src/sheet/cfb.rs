//! OLE2 / Compound File Binary container (MS-CFB), read-only: header, DIFAT, FAT, directory,
//! mini FAT and mini stream — enough to pull the `Workbook` stream out of an .xls.
//!
//! Every sector id is checked against the file, every chain is walked at most once per sector
//! (a loop ends with an error), and no buffer is sized from a header field: tables grow only with
//! sectors that really exist in the file.

use super::{err, u16_at, u32_at};
use crate::Result;

pub(crate) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const NO_STREAM: u32 = 0xFFFF_FFFF;

pub(crate) struct Cfb<'a> {
    data: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    mini_stream: Vec<u8>,
    dir: Vec<DirEntry>,
}

#[derive(Debug, Clone)]
struct DirEntry {
    name: String,
    kind: u8,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    size: u64,
}

fn damaged(what: &str) -> crate::Error {
    err(format!("the .xls container is damaged ({what})"))
}

impl<'a> Cfb<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Result<Cfb<'a>> {
        if data.len() < 512 || data[..8] != SIGNATURE {
            return Err(damaged("no OLE2 header"));
        }
        let shift = u16_at(data, 30).unwrap_or(0) as u32;
        if shift != 9 && shift != 12 {
            return Err(damaged("bad sector size"));
        }
        let mini_shift = u16_at(data, 32).unwrap_or(0) as u32;
        if mini_shift != 6 {
            return Err(damaged("bad mini sector size"));
        }
        let sector_size = 1usize << shift;
        let n_sectors = (data.len().saturating_sub(sector_size) / sector_size) as u64;
        let mut cfb = Cfb {
            data,
            shift,
            fat: Vec::new(),
            minifat: Vec::new(),
            mini_stream: Vec::new(),
            dir: Vec::new(),
        };
        // DIFAT: 109 ids in the header, then a chain of DIFAT sectors (last u32 = next)
        let n_fat = u32_at(data, 44).unwrap_or(0) as u64;
        let mut fat_sectors: Vec<u32> = Vec::new();
        let push_fat_id = |id: u32, list: &mut Vec<u32>| {
            if id < END_OF_CHAIN - 2 && (list.len() as u64) < n_fat.min(n_sectors) {
                list.push(id);
            }
        };
        for i in 0..109 {
            push_fat_id(u32_at(data, 76 + 4 * i).unwrap_or(FREE), &mut fat_sectors);
        }
        let mut difat = u32_at(data, 68).unwrap_or(END_OF_CHAIN);
        let per = sector_size / 4;
        let mut seen = 0u64;
        while difat < END_OF_CHAIN - 2 && (fat_sectors.len() as u64) < n_fat {
            seen += 1;
            if seen > n_sectors {
                return Err(damaged("DIFAT loop"));
            }
            let s = cfb.sector(difat)?;
            for i in 0..per - 1 {
                push_fat_id(u32_at(s, 4 * i).unwrap_or(FREE), &mut fat_sectors);
            }
            difat = u32_at(s, 4 * (per - 1)).unwrap_or(END_OF_CHAIN);
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            let s = cfb.sector(id)?;
            fat.extend(
                s.chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        cfb.fat = fat;
        // directory
        let dir_bytes = cfb.chain(
            u32_at(data, 48).unwrap_or(END_OF_CHAIN),
            &cfb.fat,
            shift,
            None,
        )?;
        cfb.dir = dir_bytes
            .chunks_exact(128)
            .map(|e| {
                let name_len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
                let units: Vec<u16> = e[..name_len.saturating_sub(2)]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let size = u32_at(e, 120).unwrap_or(0) as u64
                    | if shift == 12 {
                        (u32_at(e, 124).unwrap_or(0) as u64) << 32
                    } else {
                        0 // v3 files may leave garbage in the high half
                    };
                DirEntry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[66],
                    left: u32_at(e, 68).unwrap_or(NO_STREAM),
                    right: u32_at(e, 72).unwrap_or(NO_STREAM),
                    child: u32_at(e, 76).unwrap_or(NO_STREAM),
                    start: u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                    size,
                }
            })
            .collect();
        let root = cfb
            .dir
            .first()
            .cloned()
            .ok_or_else(|| damaged("no root entry"))?;
        if root.kind != 5 {
            return Err(damaged("no root entry"));
        }
        // mini FAT and mini stream (the root entry's data)
        let minifat_bytes = cfb.chain(
            u32_at(data, 60).unwrap_or(END_OF_CHAIN),
            &cfb.fat,
            shift,
            None,
        )?;
        cfb.minifat = minifat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if root.start < END_OF_CHAIN - 2 {
            // lenient on the root's size: only the mini sectors that streams use matter
            let mut mini = cfb.chain(root.start, &cfb.fat, shift, None)?;
            mini.truncate(root.size.min(mini.len() as u64) as usize);
            cfb.mini_stream = mini;
        }
        Ok(cfb)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8]> {
        let size = 1usize << self.shift;
        let start = (id as usize + 1)
            .checked_mul(size)
            .ok_or_else(|| damaged("sector out of range"))?;
        self.data
            .get(start..start + size)
            .ok_or_else(|| damaged("sector out of range (file truncated?)"))
    }

    /// Concatenates a chain of sectors from `table` (FAT: file sectors; mini FAT: mini stream
    /// blocks of 64 bytes), cut to `len` when given.
    fn chain(&self, start: u32, table: &[u32], shift: u32, len: Option<u64>) -> Result<Vec<u8>> {
        let mini = shift == 6;
        let size = 1usize << shift;
        let source_len = if mini {
            self.mini_stream.len()
        } else {
            self.data.len()
        };
        let mut out = Vec::with_capacity(len.unwrap_or(0).min(source_len as u64) as usize);
        let mut id = start;
        let mut visited = vec![false; table.len()];
        while id != END_OF_CHAIN {
            if len.is_some_and(|l| out.len() as u64 >= l) {
                break;
            }
            match visited.get_mut(id as usize) {
                Some(v) if !*v => *v = true,
                Some(_) => return Err(damaged("sector chain loops")),
                None => return Err(damaged("sector id out of range")),
            }
            let block = if mini {
                let at = id as usize * size;
                self.mini_stream
                    .get(at..at + size)
                    .ok_or_else(|| damaged("mini sector out of range"))?
            } else {
                self.sector(id)?
            };
            out.extend_from_slice(block);
            id = *table
                .get(id as usize)
                .ok_or_else(|| damaged("sector id out of range"))?;
            if id == FREE {
                return Err(damaged("free sector in a chain"));
            }
        }
        if let Some(l) = len {
            if (out.len() as u64) < l {
                return Err(damaged("stream shorter than its directory entry"));
            }
            out.truncate(l as usize);
        }
        Ok(out)
    }

    /// Names of the streams and storages directly under the root.
    fn root_children(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![self.dir[0].child];
        let mut visited = vec![false; self.dir.len()];
        while let Some(id) = stack.pop() {
            let i = id as usize;
            if id == NO_STREAM || i >= self.dir.len() || visited[i] {
                continue;
            }
            visited[i] = true;
            out.push(i);
            stack.push(self.dir[i].left);
            stack.push(self.dir[i].right);
        }
        out
    }

    /// Whether a stream or storage with this name (ASCII case-insensitive) is under the root.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.root_children()
            .iter()
            .any(|&i| self.dir[i].name.eq_ignore_ascii_case(name))
    }

    /// The bytes of the stream with this name directly under the root.
    pub(crate) fn stream(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(i) = self
            .root_children()
            .into_iter()
            .find(|&i| self.dir[i].kind == 2 && self.dir[i].name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let e = &self.dir[i];
        let cutoff = u32_at(self.data, 56).unwrap_or(4096) as u64;
        let bytes = if e.size < cutoff {
            self.chain(e.start, &self.minifat, 6, Some(e.size))?
        } else {
            self.chain(e.start, &self.fat, self.shift, Some(e.size))?
        };
        Ok(Some(bytes))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a v3 (512-byte sector) compound file holding root-level streams. Streams under
    /// 4096 bytes go to the mini stream. `scramble` reverses sector order to test chains.
    pub(crate) fn make_cfb(streams: &[(&str, &[u8])], scramble: bool) -> Vec<u8> {
        const S: usize = 512;
        let mut sectors: Vec<Vec<u8>> = Vec::new(); // data sectors, FAT built after
        let mut fat: Vec<u32> = Vec::new();
        let alloc = |data: &[u8], sectors: &mut Vec<Vec<u8>>, fat: &mut Vec<u32>| -> u32 {
            if data.is_empty() {
                return END_OF_CHAIN;
            }
            let n = data.len().div_ceil(S);
            let first = sectors.len() as u32;
            for k in 0..n {
                let mut s = data[k * S..data.len().min((k + 1) * S)].to_vec();
                s.resize(S, 0);
                sectors.push(s);
                fat.push(if k + 1 == n {
                    END_OF_CHAIN
                } else {
                    first + k as u32 + 1
                });
            }
            first
        };
        // mini stream and mini FAT
        let mut mini = Vec::new();
        let mut minifat: Vec<u32> = Vec::new();
        let mut entries: Vec<(String, u32, u64)> = Vec::new();
        let mut big: Vec<(usize, &[u8])> = Vec::new();
        for (i, (name, data)) in streams.iter().enumerate() {
            if data.len() < 4096 {
                let first = (mini.len() / 64) as u32;
                let n = data.len().div_ceil(64).max(1);
                for k in 0..n {
                    minifat.push(if k + 1 == n {
                        END_OF_CHAIN
                    } else {
                        first + k as u32 + 1
                    });
                }
                mini.extend_from_slice(data);
                mini.resize(mini.len().div_ceil(64).max(first as usize + n) * 64, 0);
                entries.push((name.to_string(), first, data.len() as u64));
            } else {
                big.push((i, data));
                entries.push((name.to_string(), 0, data.len() as u64));
            }
        }
        for (i, data) in big {
            entries[i].1 = alloc(data, &mut sectors, &mut fat);
        }
        let mini_start = alloc(&mini, &mut sectors, &mut fat);
        let mf: Vec<u8> = minifat.iter().flat_map(|v| v.to_le_bytes()).collect();
        let minifat_start = alloc(&mf, &mut sectors, &mut fat);
        // directory: root + streams as a right-leaning chain of siblings
        let mut dir = Vec::new();
        let mut entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u64| {
            let mut e = vec![0u8; 128];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[66] = kind;
            e[68..72].copy_from_slice(&NO_STREAM.to_le_bytes());
            e[72..76].copy_from_slice(&right.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&(size as u32).to_le_bytes());
            dir.extend_from_slice(&e);
        };
        entry(
            "Root Entry",
            5,
            NO_STREAM,
            if entries.is_empty() { NO_STREAM } else { 1 },
            mini_start,
            mini.len() as u64,
        );
        for (k, (name, start, size)) in entries.iter().enumerate() {
            let right = if k + 1 < entries.len() {
                k as u32 + 2
            } else {
                NO_STREAM
            };
            entry(name, 2, right, NO_STREAM, *start, *size);
        }
        let dir_start = alloc(&dir, &mut sectors, &mut fat);
        // FAT sectors themselves, marked 0xFFFFFFFD
        let n_fat = (fat.len() + 8).div_ceil(S / 4);
        let fat_first = sectors.len() as u32;
        for _ in 0..n_fat {
            fat.push(0xFFFF_FFFD);
            sectors.push(vec![]);
        }
        fat.resize(n_fat * S / 4, FREE);
        // optional scramble: move every sector to the reverse position, remapping ids
        let n = sectors.len() as u32;
        let map = |id: u32| if scramble && id < n { n - 1 - id } else { id };
        let mut fat2 = vec![FREE; fat.len()];
        for (i, v) in fat.iter().enumerate().take(n as usize) {
            fat2[map(i as u32) as usize] = map(*v);
        }
        let fat_bytes: Vec<u8> = fat2.iter().flat_map(|v| v.to_le_bytes()).collect();
        for k in 0..n_fat {
            sectors[fat_first as usize + k] = fat_bytes[k * S..(k + 1) * S].to_vec();
        }
        // directory entries carry start sectors that must be remapped too
        let dir_first = map(dir_start);
        let mut out = vec![0u8; S];
        out[..8].copy_from_slice(&SIGNATURE);
        out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&(n_fat as u32).to_le_bytes());
        out[48..52].copy_from_slice(&dir_first.to_le_bytes());
        out[56..60].copy_from_slice(&4096u32.to_le_bytes());
        out[60..64].copy_from_slice(&map(minifat_start).to_le_bytes());
        out[64..68].copy_from_slice(&(minifat.len().div_ceil(128) as u32).to_le_bytes());
        out[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for k in 0..109 {
            let v = if k < n_fat {
                map(fat_first + k as u32)
            } else {
                FREE
            };
            out[76 + 4 * k..80 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        let mut body = vec![vec![0u8; S]; n as usize];
        for (i, s) in sectors.into_iter().enumerate() {
            body[map(i as u32) as usize] = s;
        }
        // fix directory start sectors (the directory sectors are now at their mapped place)
        let mut dir_id = dir_first;
        let mut k = 0;
        while dir_id != END_OF_CHAIN {
            for j in 0..4 {
                let e = &mut body[dir_id as usize][j * 128..(j + 1) * 128];
                let kind = e[66];
                let size = u32::from_le_bytes([e[120], e[121], e[122], e[123]]);
                let start = u32::from_le_bytes([e[116], e[117], e[118], e[119]]);
                let is_big = kind == 5 || (kind == 2 && size >= 4096);
                if is_big && start != END_OF_CHAIN {
                    e[116..120].copy_from_slice(&map(start).to_le_bytes());
                }
            }
            dir_id = fat2[dir_id as usize];
            k += 1;
            assert!(k < 100);
        }
        for s in body {
            out.extend_from_slice(&s);
        }
        out
    }

    #[test]
    fn mini_and_regular_streams_in_any_sector_order() {
        let small: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        let large: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        for scramble in [false, true] {
            let f = make_cfb(
                &[("Small", &small), ("Workbook", &large), ("Tiny", b"x")],
                scramble,
            );
            let c = Cfb::new(&f).unwrap();
            assert!(c.has("workbook") && c.has("Small") && !c.has("Book"));
            assert_eq!(c.stream("Small").unwrap().unwrap(), small);
            assert_eq!(c.stream("WORKBOOK").unwrap().unwrap(), large);
            assert_eq!(c.stream("Tiny").unwrap().unwrap(), b"x");
            assert_eq!(c.stream("Book").unwrap(), None);
        }
    }

    #[test]
    fn hostile_containers_fail_cleanly() {
        let large: Vec<u8> = vec![7; 5000];
        let f = make_cfb(&[("Workbook", &large), ("S", b"abc")], false);
        // truncation anywhere
        for cut in (0..f.len()).step_by(97) {
            if let Ok(c) = Cfb::new(&f[..cut]) {
                let _ = c.stream("Workbook");
                let _ = c.stream("S");
            }
        }
        // a FAT chain that loops: point every FAT entry at sector 0
        let mut looped = f.clone();
        let fat_sector = u32::from_le_bytes([f[76], f[77], f[78], f[79]]) as usize;
        for k in 0..128 {
            let at = 512 * (fat_sector + 1) + 4 * k;
            if k != fat_sector {
                looped[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
            }
        }
        if let Ok(c) = Cfb::new(&looped) {
            assert!(c.stream("Workbook").is_err());
        }
        // sector ids out of range, huge sizes
        let mut bad = f.clone();
        bad[48..52].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
        assert!(Cfb::new(&bad).is_err());
        let mut huge = f;
        huge[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        let _ = Cfb::new(&huge).map(|c| c.stream("Workbook"));
    }
}
