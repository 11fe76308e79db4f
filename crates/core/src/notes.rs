//! A file's reading notices and combining notes (English in the reports, as data) in the
//! reader's language, for the page and the command line alike.

use crate::Lang;

/// A file's reading notices (English, from the core) in Italian; others as they are.
fn notice_it(note: &str) -> Option<String> {
    // "A{x}B{y}C" → (x, y)
    let two = |a: &str, b: &str, c: &str| -> Option<(String, String)> {
        let r = note.strip_prefix(a)?;
        let (x, r) = r.split_once(b)?;
        let y = r.strip_suffix(c)?;
        Some((x.to_owned(), y.to_owned()))
    };
    let one = |a: &str, c: &str| -> Option<String> {
        note.strip_prefix(a)?.strip_suffix(c).map(str::to_owned)
    };
    if let Some(k) = one("column ", " has no name and no values; it was dropped") {
        return Some(format!(
            "la colonna {k} non ha nome né valori: è stata tolta"
        ));
    }
    if let Some(k) = one("columns ", " have no name and no values; they were dropped") {
        return Some(format!(
            "le colonne {k} non hanno nome né valori: sono state tolte"
        ));
    }
    if let Some((n, m)) = two(
        "",
        " rows end with extra empty fields beyond the header's ",
        " columns; the empty fields were ignored",
    ) {
        return Some(format!("{n} righe finiscono con campi vuoti oltre le {m} colonne dell'intestazione: i campi vuoti sono stati ignorati"));
    }
    if let Some(c) = one(
        "“",
        "” holds Excel's serial day numbers (e.g. 45352 = 2024-03-01): read as dates",
    ) {
        return Some(format!("«{c}» contiene i numeri di giorno di Excel (per es. 45352 = 2024-03-01): letti come date"));
    }
    if let Some(c) = one(
        "“",
        "” holds years and months as YYYYMM (e.g. 202403 = March 2024): read as months",
    ) {
        return Some(format!(
            "«{c}» contiene anni e mesi come AAAAMM (per es. 202403 = marzo 2024): letti come mesi"
        ));
    }
    if let Some(c) = one(
        "“",
        "” holds dates and hours as YYYYMMDDHH (e.g. 2024030113 = 2024-03-01, 13:00): read as dates, the hour dropped",
    ) {
        return Some(format!("«{c}» contiene date e ore come AAAAMMGGHH (per es. 2024030113 = 2024-03-01, ore 13): lette come date, senza l'ora"));
    }
    for (en, it) in [
        (
            " give each row's month (its first day): read as dates",
            "danno il mese di ogni riga (il suo primo giorno): lette come date",
        ),
        (
            " give each row's date: read as dates",
            "danno la data di ogni riga: lette come date",
        ),
        (
            " give each row's ISO week (its Monday): read as dates",
            "danno la settimana ISO di ogni riga (il suo lunedì): lette come date",
        ),
        (
            " gives each row's year (its first day): read as dates",
            "dà l'anno di ogni riga (il suo primo giorno): letta come data",
        ),
    ] {
        if let Some(cols) = note.strip_suffix(en) {
            let cols = cols
                .replace('“', "«")
                .replace('”', "»")
                .replace(" and ", " e ");
            return Some(format!("{cols} {it}"));
        }
    }
    if let Some(c) = one(
        "“",
        "” holds Unix times (seconds since 1970): read as dates in UTC",
    ) {
        return Some(format!(
            "«{c}» contiene orari Unix (secondi dal 1970): letti come date in UTC"
        ));
    }
    if let Some(lines) = one(
        "line ",
        " is the report's summary (its range covers every other row's and it names no campaign): left out, so its totals are not counted again",
    ) {
        return Some(format!("la riga {lines} è il riepilogo del report (il suo intervallo copre quello di ogni altra riga e non nomina una campagna): esclusa, così i suoi totali non si contano due volte"));
    }
    if let Some((column, rest)) = two(
        "“",
        "” holds overlapping groups of the same visits: only “",
        "; to analyse another, export it on its own",
    ) {
        let (chosen, others) = rest.split_once("” is read (adding ")?;
        let others = others.strip_suffix(" would count visits twice)")?;
        return Some(format!("«{column}» contiene gruppi sovrapposti delle stesse visite: si legge solo «{chosen}» (sommare {} conterebbe due volte le visite); per analizzarne un altro, esportalo da solo", others.replace('“', "«").replace('”', "»")));
    }
    if let Some(c) = one(
        "“",
        "” has values written with K, M or B (14.7K = 14,700): read as the rounded numbers shown",
    ) {
        return Some(format!("«{c}» ha valori scritti con K, M o B (14.7K = 14.700): letti come i numeri arrotondati mostrati"));
    }
    if let Some(c) = one(
        "“",
        "” holds ranges of dates (a week's first and last day): each row is dated by its first day",
    ) {
        return Some(format!("«{c}» contiene intervalli di date (primo e ultimo giorno di una settimana): ogni riga ha la data del suo primo giorno"));
    }
    if let Some((others, used)) = note
        .split_once(" also hold")
        .and_then(|(o, r)| Some((o, r.split_once(" dates: “")?.1)))
        .and_then(|(o, r)| {
            Some((
                o,
                r.strip_suffix(
                    "” is the date column used (another can be chosen as the file's date column)",
                )?,
            ))
        })
    {
        let others = others.replace('“', "«").replace('”', "»");
        let verb = if others.contains(", ") {
            "contengono"
        } else {
            "contiene"
        };
        return Some(format!("anche {others} {verb} date: la colonna delle date usata è «{used}» (se ne può scegliere un'altra come colonna delle date del file)"));
    }
    for (en, it) in [(" of this file (", " di questo file (")] {
        let Some((n_what, rest)) = note.split_once(en) else {
            continue;
        };
        let Some((span, tail)) = rest.split_once(") ") else {
            continue;
        };
        let (n, what) = n_what.split_once(' ').unwrap_or((n_what, ""));
        let what_it = match what {
            "day" => "giorno",
            "days" => "giorni",
            "week" => "settimana",
            "weeks" => "settimane",
            "month" => "mese",
            "months" => "mesi",
            _ => continue,
        };
        let span = span.replace(" to ", " – ");
        let fem = what_it.starts_with("settiman");
        if tail.starts_with("is not in every file") {
            let e = if fem { "esclusa" } else { "escluso" };
            return Some(format!("1 {what_it}{it}{span}) non è in tutti i file, quindi l'unione sulle date comuni l'ha {e}"));
        }
        if tail.starts_with("are not in every file") {
            let e = if fem {
                "le ha escluse"
            } else {
                "li ha esclusi"
            };
            return Some(format!("{n} {what_it}{it}{span}) non sono in tutti i file, quindi l'unione sulle date comuni {e}"));
        }
    }
    if let Some(rest) = note.strip_prefix("the dates run across the header (") {
        let (span, rest) = rest.split_once(") and each row is a series: the table was turned, one row per date and one column per “")?;
        let (label, left) = rest.split_once('”')?;
        let mut it = format!("le date scorrono nell'intestazione ({span}) e ogni riga è una serie: la tabella è stata girata, una riga per data e una colonna per ogni «{label}»");
        if let Some(list) = left
            .strip_prefix("; ")
            .and_then(|l| l.strip_suffix(" left out (not a date)"))
        {
            it.push_str(&format!(
                "; {} esclus{} (non è una data)",
                list.replace('“', "«").replace('”', "»"),
                if list.contains(", ") { "e" } else { "a" }
            ));
        }
        return Some(it);
    }
    if let Some((a, b)) = two("the dates have no year: ", " to ", ", as chosen") {
        return Some(format!(
            "le date non hanno l'anno: dal {a} al {b}, come scelto"
        ));
    }
    if let Some((a, b)) = two(
        "the dates have no year: taken as ",
        " to ",
        ", the latest years that keep them on or before today",
    ) {
        return Some(format!("le date non hanno l'anno: prese come {a}–{b}, gli anni più recenti che non le portano oltre oggi"));
    }
    if let Some(n) = one("", " rows without a date continue the row above them (an order's further items); their order-level cells are on the first row") {
        return Some(format!("{n} righe senza data continuano la riga sopra (altri articoli dello stesso ordine); i dati dell'ordine sono sulla prima riga"));
    }
    if let Some(n) = one(
        "",
        " duplicate rows (same date, identical values) were dropped",
    ) {
        return Some(format!(
            "{n} righe doppie (stessa data, stessi valori) sono state tolte"
        ));
    }
    if let Some(n) = one("", " invalid UTF-16 code units were replaced by U+FFFD") {
        return Some(format!(
            "{n} unità UTF-16 non valide sono state sostituite da U+FFFD"
        ));
    }
    if let Some(n) = one("", " formula cells have no saved result (the program that wrote the file does not compute formulas), so they are empty here: open the file in Excel or LibreOffice and save it again to compute them") {
        return Some(format!("{n} celle con formula non hanno un risultato salvato (il programma che ha scritto il file non calcola le formule), quindi qui sono vuote: apri il file in Excel o LibreOffice e salvalo di nuovo per calcolarle"));
    }
    if let Some((r, n)) = two(
        "row ",
        " has values beyond the header's ",
        " columns; they were ignored",
    ) {
        return Some(format!(
            "la riga {r} ha valori oltre le {n} colonne dell'intestazione: sono stati ignorati"
        ));
    }
    if let Some((sheet, rest)) = two("sheet \"", "\" could not be read (", "") {
        let (why, read) = rest.split_once("), so \"")?;
        let read = read.split_once('"')?.0;
        return Some(format!("il foglio «{sheet}» non si può leggere ({why}), quindi è stato letto «{read}»: se i dati sono in «{sheet}», salva di nuovo il file (o scegli il foglio)"));
    }
    if let Some((days, cols)) = two("each row covers a range of dates (up to ", " days, ", ") and is counted on its first day: for a series per day or week, export with a breakdown by day") {
        let cols = cols.replacen('"', "«", 1).replacen('"', "»", 1).replacen('"', "«", 1).replacen('"', "»", 1).replace(" to ", " – ");
        return Some(format!("ogni riga copre un intervallo di date (fino a {days} giorni, {cols}) ed è contata nel suo primo giorno: per una serie per giorno o settimana, esporta con la suddivisione per giorno"));
    }
    None
}

/// The core's notes (English) in Italian: "9 orders left out by their status (voided, cancelled, failed or not completed)".
pub fn note_text(lang: Lang, note: &str) -> String {
    if lang == Lang::En {
        return note.to_owned();
    }
    if let Some(it) = notice_it(note) {
        return it;
    }
    if let Some((n, list)) = note
        .strip_prefix("amounts in ")
        .and_then(|r| r.split_once(" currencies ("))
        .and_then(|(n, r)| Some((n, r.split_once(')')?.0)))
    {
        return format!("importi in {n} valute ({list}) sommati così come sono, senza conversione: esporta in una sola valuta, o un file per valuta");
    }
    // a daily file's part weeks or months at its edges
    for (en, it) in [
        (
            "the week it covers only in part (",
            "la settimana coperta solo in parte (",
        ),
        (
            "the weeks it covers only in part (",
            "le settimane coperte solo in parte (",
        ),
        (
            "the month it covers only in part (",
            "il mese coperto solo in parte (",
        ),
        (
            "the months it covers only in part (",
            "i mesi coperti solo in parte (",
        ),
    ] {
        if let Some(list) = note
            .strip_prefix(en)
            .and_then(|r| Some(r.split_once(") left out of its sums")?.0))
        {
            let list = list.replace(" of ", " su ").replace(" days", " giorni");
            return format!("{it}{list}) escluse dalle sue somme: una parte di periodo accanto ai periodi interi degli altri file conterebbe come intera");
        }
    }
    if let Some((cols, rest)) = note.split_once(" summed per ") {
        if rest.contains("people reached on several days") {
            let per = if rest.starts_with("week") {
                "settimana"
            } else {
                "mese"
            };
            let cols: Vec<String> = cols
                .split(", ")
                .map(|c| format!("«{}»", c.trim_matches('"')))
                .collect();
            let cols = cols.join(", ");
            return format!("{cols} sommata per {per}: chi è raggiunto in più giorni conta una volta per giorno (la cifra della piattaforma per l'intero periodo sarebbe più bassa)");
        }
    }
    if let Some(day) = note
        .strip_prefix("weekly rows dated on ")
        .and_then(|r| r.split_once(" taken as the Monday-to-Sunday week"))
        .map(|(d, _)| d)
    {
        let giorno = match day {
            "Tuesdays" => "di martedì",
            "Wednesdays" => "di mercoledì",
            "Thursdays" => "di giovedì",
            "Fridays" => "di venerdì",
            "Saturdays" => "di sabato",
            _ => "di domenica",
        };
        return format!("righe settimanali datate {giorno} prese come la settimana da lunedì a domenica che contiene quel giorno, per incontrare gli altri file");
    }
    if let Some((unit, period, asked)) =
        note.split_once(" rows combined per ").and_then(|(u, r)| {
            match r.split_once(" to meet the other files") {
                Some((p, _)) => Some((u, p, false)),
                None => Some((u, r.split_once(", as asked")?.0, true)),
            }
        })
    {
        let unit = match unit {
            "daily" => "giornaliere",
            "weekly" => "settimanali",
            _ => "mensili",
        };
        let (per, its) = match period {
            "week" => ("settimana", "l'ultimo valore della settimana"),
            "month" => ("mese", "l'ultimo valore del mese"),
            _ => ("giorno", "l'ultimo valore del giorno"),
        };
        let why = if asked {
            ", come richiesto"
        } else {
            " per incontrare gli altri file"
        };
        return format!("righe {unit} combinate per {per}{why} (sommate; un totale progressivo di follower prende {its}, un margine la media pesata sul fatturato, un tasso o una media la media)");
    }
    let (n, rest) = note.split_once(' ').unwrap_or(("", note));
    let table = [
        (
            "orders left out by their status (voided, cancelled, failed or not completed)",
            "ordini esclusi per il loro stato (annullati, non riusciti o non completati)",
        ),
        (
            "paid orders have no amount (the cell is empty or not a number): they count as orders, but their revenue is unknown and not added",
            "ordini pagati non hanno un importo (la cella è vuota o non è un numero): contano come ordini, ma il loro fatturato non è noto e non è sommato",
        ),
        (
            "pending orders counted as orders, not as revenue",
            "ordini in sospeso contati come ordini, non come ricavi",
        ),
        (
            "rows that are not sales (fees, payouts, withdrawals, holds, reversals, memos) left out",
            "righe che non sono vendite (commissioni, bonifici, prelievi, blocchi, storni, promemoria) escluse",
        ),
        (
            "partly refunded orders without the amount refunded (the export has no refunded-amount column): counted at their full total",
            "ordini rimborsati in parte senza l'importo rimborsato (l'esportazione non ha la colonna dell'importo rimborsato): contati per il totale pieno",
        ),
        (
            "guest orders (no customer) counted as orders, not customers",
            "ordini come ospite (senza cliente) contati come ordini, non come clienti",
        ),
    ];
    match table.iter().find(|(en, _)| *en == rest) {
        Some((_, it)) if n.parse::<u64>().is_ok() => format!("{n} {it}"),
        _ => note
            .strip_prefix("the dates have no year: moved to ")
            .map(|r| {
                format!(
                    "le date non hanno l'anno: spostate agli anni {}",
                    r.replace(" to ", "–").replace(
                        ", the years of the other files",
                        ", quelli degli altri file"
                    )
                )
            })
            .unwrap_or_else(|| note.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_in_italian() {
        assert_eq!(
            note_text(
                Lang::It,
                "9 orders left out by their status (voided, cancelled, failed or not completed)"
            ),
            "9 ordini esclusi per il loro stato (annullati, non riusciti o non completati)"
        );
        assert_eq!(
            note_text(
                Lang::It,
                "the dates have no year: moved to 2024 to 2025, the years of the other files"
            ),
            "le date non hanno l'anno: spostate agli anni 2024–2025, quelli degli altri file"
        );
        assert_eq!(note_text(Lang::En, "x y"), "x y");
        assert_eq!(note_text(Lang::It, "something new"), "something new");
        // the notes of this session's fixes, as the core writes them
        for (en, it) in [
            ("amounts in 2 currencies (EUR, USD) added as they are, without conversion: export in one currency, or one file per currency", "importi in 2 valute (EUR, USD)"),
            ("daily rows combined per week to meet the other files (summed; a running follower total takes the week's last value, a margin its revenue-weighted mean, a rate or an average its mean)", "righe giornaliere combinate per settimana"),
            ("weekly rows dated on Sundays taken as the Monday-to-Sunday week holding that day, to meet the other files", "righe settimanali datate di domenica"),
            ("5 partly refunded orders without the amount refunded (the export has no refunded-amount column): counted at their full total", "5 ordini rimborsati in parte"),
            ("column 3 has no name and no values; it was dropped", "la colonna 3 non ha nome"),
            (
                "columns 2\u{2013}5, 9 have no name and no values; they were dropped",
                "le colonne 2\u{2013}5, 9 non hanno nome",
            ),
            ("4 rows end with extra empty fields beyond the header's 3 columns; the empty fields were ignored", "4 righe finiscono con campi vuoti"),
            ("“Day” holds Excel's serial day numbers (e.g. 45352 = 2024-03-01): read as dates", "«Day» contiene i numeri di giorno di Excel"),
            ("line 2 is the report's summary (its range covers every other row's and it names no campaign): left out, so its totals are not counted again", "la riga 2 è il riepilogo del report"),
            ("“Comparison” holds overlapping groups of the same visits: only “All Users” is read (adding “Mobile traffic” would count visits twice); to analyse another, export it on its own", "«Comparison» contiene gruppi sovrapposti delle stesse visite: si legge solo «All Users» (sommare «Mobile traffic» conterebbe"),
            ("“Views” has values written with K, M or B (14.7K = 14,700): read as the rounded numbers shown", "«Views» ha valori scritti con K, M o B"),
            ("“Week” holds ranges of dates (a week's first and last day): each row is dated by its first day", "«Week» contiene intervalli di date"),
            ("2 paid orders have no amount (the cell is empty or not a number): they count as orders, but their revenue is unknown and not added", "2 ordini pagati non hanno un importo"),
            ("“Data spedizione” also holds dates: “Data ordine” is the date column used (another can be chosen as the file's date column)", "anche «Data spedizione» contiene date: la colonna delle date usata è «Data ordine»"),
            ("2 weeks of this file (2024-06-03 to 2024-06-10) are not in every file, so the join on common dates left them out", "2 settimane di questo file (2024-06-03 – 2024-06-10) non sono in tutti i file"),
            ("the dates run across the header (gen-24 … dic-24) and each row is a series: the table was turned, one row per date and one column per “Voce”; “Totale” left out (not a date)", "le date scorrono nell'intestazione (gen-24 … dic-24) e ogni riga è una serie: la tabella è stata girata, una riga per data e una colonna per ogni «Voce»; «Totale» esclusa"),
            ("“Year month” holds years and months as YYYYMM (e.g. 202403 = March 2024): read as months", "«Year month» contiene anni e mesi come AAAAMM"),
            ("“Date + hour” holds dates and hours as YYYYMMDDHH (e.g. 2024030113 = 2024-03-01, 13:00): read as dates, the hour dropped", "«Date + hour» contiene date e ore"),
            ("“ts” holds Unix times (seconds since 1970): read as dates in UTC", "«ts» contiene orari Unix"),
            ("“Anno” and “Mese” give each row's month (its first day): read as dates", "«Anno» e «Mese» danno il mese di ogni riga"),
            ("“Year” gives each row's year (its first day): read as dates", "«Year» dà l'anno di ogni riga"),
            ("3 rows that are not sales (fees, payouts, withdrawals, holds, reversals, memos) left out", "3 righe che non sono vendite (commissioni, bonifici"),
            ("the dates have no year: 2024 to 2025, as chosen", "le date non hanno l'anno: dal 2024 al 2025"),
            ("the dates have no year: taken as 2025 to 2026, the latest years that keep them on or before today", "le date non hanno l'anno: prese come 2025–2026"),
            ("12 rows without a date continue the row above them (an order's further items); their order-level cells are on the first row", "12 righe senza data continuano la riga sopra"),
            ("2 duplicate rows (same date, identical values) were dropped", "2 righe doppie"),
            ("3 invalid UTF-16 code units were replaced by U+FFFD", "3 unità UTF-16 non valide"),
            ("5 formula cells have no saved result (the program that wrote the file does not compute formulas), so they are empty here: open the file in Excel or LibreOffice and save it again to compute them", "5 celle con formula non hanno un risultato salvato"),
            ("row 7 has values beyond the header's 4 columns; they were ignored", "la riga 7 ha valori oltre le 4 colonne"),
            ("sheet \"Data\" could not be read (bad cell reference \"D/c\"), so \"Notes\" was read: if the data are in \"Data\", save the file again (or choose the sheet)", "il foglio «Data» non si può leggere (bad cell reference \"D/c\"), quindi è stato letto «Notes»"),
            ("each row covers a range of dates (up to 14 days, \"Reporting starts\" to \"Reporting ends\") and is counted on its first day: for a series per day or week, export with a breakdown by day", "ogni riga copre un intervallo di date (fino a 14 giorni, «Reporting starts» – «Reporting ends»)"),
            ("the weeks it covers only in part (2024-01-01: 4 of 7 days; 2024-01-15: 1 of 7 days) left out of its sums: part of a week beside the other files' whole weeks would count as a whole one", "le settimane coperte solo in parte (2024-01-01: 4 su 7 giorni; 2024-01-15: 1 su 7 giorni) escluse"),
            ("\"Daily Total Reach\" summed per week: people reached on several days count once per day (the platform's own week figure would be lower)", "«Daily Total Reach» sommata per settimana"),
        ] {
            assert!(note_text(Lang::It, en).starts_with(it), "{en}");
        }
    }
}
