//! Small text helpers shared by ingestion, analysis and the app.

/// Lower case for the letters that column names, month names and labels use in practice: ASCII,
/// Latin-1 (`À`–`Þ`) and Latin Extended-A pairs (`Č`, `Ł`, `Ő`, `Ÿ`…); other characters are kept.
///
/// Hand-written because `str::to_lowercase` pulls Unicode's full case tables (about 10 KB) into
/// the page's wasm, for text that is Latin in every export we read.
pub fn lowercase(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// One character of [`lowercase`].
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A => u + 0x20,
        0xC0..=0xDE if u != 0xD7 => u + 0x20,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// Levenshtein distance over chars (names a user typed against a file's column names; short).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_unicode_on_latin_text() {
        for s in [
            "Attributed REVENUE (€)",
            "MARGINALITÀ",
            "ÉLAN Ørsted ÇA",
            "Łódź ŚWIĘTO Čech ŐRÜLT Ÿ",
            "Dicembre GEN",
            "ß×÷",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
        // Every Latin character maps as Unicode does (or is left alone where Unicode differs).
        for u in 0..0x180u32 {
            let c = char::from_u32(u).unwrap();
            let uni: String = c.to_lowercase().collect();
            let ours = lower_char(c).to_string();
            assert!(
                ours == uni || ours == c.to_string(),
                "{c:?}: {ours} vs {uni}"
            );
        }
    }
}
