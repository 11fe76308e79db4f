//! Spreadsheets through `ingest::read`: sheet choice, title rows, date and number cells, text
//! cells still typed, totals rows, a zip that is not a spreadsheet. The workbooks are tiny files
//! built by hand (hex below) so the test needs no generator.

use social_roi_core::ingest::{self, Loaded, Options};
use social_roi_core::ColumnData;

/// xlsx: sheet "Notes" (one line of text), sheet "Daten" with a title in row 1, the header in row 3,
/// date cells (newest not first), a number written 983.3200000000001, an empty cell, text cells
/// holding `1.234,5`-style numbers and `n.d.`, and a totals row without a date.
const XLSX: &str = concat!(
    "504b03041400000008003dbd7b5de76f8a25040100001e030000130000005b436f6e74656e745f54797065735d2e786d",
    "6cc5924d4ec3301085af62795bc54ebb400825e902e8b2b0280730ce24b1e23f79dc92de1ec72d2c500121556235b2e7",
    "cdfb9ec6aed693d1e4000195b3355db29212b0d2b5caf6357dd96d8a5bba6eaaddd1039224b558d321467fc739ca018c",
    "40e63cd8d4e95c3022a663e8b91772143df05559de70e96c041b8b387bd0a67a804eec75248f53ba3e610368a4e4fe24",
    "9c593515de6b25454c7d7eb0ed174a7126b034993538288f8b24a0fc2261ee7c0f38cf3da53d04d5027916216e85492a",
    "3e69fee6c2f8eadcc87e36b990d2759d92d03ab9376984a10f205a1c00a2d12c576684b28bdff9598c3c97e595837cfa",
    "ff31c7ea9f72603c6ac06bbf4636fd20f3fce19b77504b03041400000008003dbd7b5d1c49f7bea4000000160100000b",
    "0000005f72656c732f2e72656c738dcfc10ec2200c06e05721bd3ba60763ccd82ec66457331f0059c7c80625803adf5e",
    "8ece78f0d8f4ffbfa655b3d8993d3044434ec0b62881a153d41ba7055cbbf3e6004d5d5d70962927e2687c64b9e2a280",
    "31257fe43caa11ad8c057974793350b032e53168eea59aa446be2bcb3d0f9f06ac4dd6f60242db6f81752f8fffd8340c",
    "46e189d4dda24b3f4e7c25b22c83c6246099f993c274239a8a8c02af2bbe7ab07e03504b03041400000008003dbd7b5d",
    "183c5635bb000000360100000f000000786c2f776f726b626f6f6b2e786d6c8d90bb0ec2300c457f25f20e291d10aada",
    "b220241626f880d0ba34a2b12b3b3c3e9ff0926063f2ebe85edbe5f21606734151cf54c16c9a81416ab8f574ac60bf5b",
    "4f16b0accb2bcbe9c07c328926ada08f712cacd5a6c7e074ca23529a742cc1c554cad1ea28e85aed1163186c9e65731b",
    "9c27782914f28f06779d6f70c5cd3920c59788e0e062da557b3f2ad4e5d341dfd1900b58c196232a98676bd3a6abc048",
    "e153229b7606f6175eb988f405e75f70fe80edc7c27ebe50df01504b03041400000008003dbd7b5df878b277bd000000",
    "230200001a000000786c2f5f72656c732f776f726b626f6f6b2e786d6c2e72656c73bd91c90ac23010407f25ccdd4e5b",
    "41448cbd88e055f403423a5db04d42266e7f6f50dc40c483781a667bf360a6c5b1efc49e3cb7d648c8921404196dcbd6",
    "d41236ebc5600cc56cbaa24e8538c14deb58c415c3129a10dc04917543bde2c43a32b15359dfab10535fa3537aab6ac2",
    "3c4d47e89f19f0ca14cb52825f961988f5c9d1376c5b55ada6b9d5bb9e4c7873020fd66fb9210a11aa7c4d41c2bdc478",
    "095912a980ef65f23fcbe49f6486bf94e170ea881f26d7fc761e5fbe3d3b03504b03041400000008003dbd7b5d935b11",
    "d6d30000006b0100000d000000786c2f7374796c65732e786d6c5d90cb6ec32010457f05cdbe1927aaaaaac26467299b",
    "6ed24add127b1c5b820101ae92bf2f905475ba9c7b0ef340ee2fd6886f0a7176dcc276d38020eedd30f3b985cf8feee9",
    "15f64ac67435749c8892c83ec716a694fc1b62ec27b23a6e9c27ce6474c1ea94cb70c6e803e9219647d6e0ae695ed0ea",
    "9941c9d1718aa2770ba73cf21ea09258412e67631e790e2a2f40c9930b43de786ddca2e2dca1923d19732c7b7f8d0fea",
    "652cda9adedc95b6ab9ae0c576361d86161ac07fc9f61984f6de5cdf177ba2d0d5c3cb80dfe6b52ffe7d9cfa01504b03",
    "041400000008003dbd7b5d3fcf4534ac000000ea00000018000000786c2f776f726b7368656574732f7368656574312e",
    "786d6c4d4ecd0e82300c7e956577297a30c68c1113f505d40758a0c222db48d7008f6fe1603cb469bf7e3f35f5120635",
    "21659f62a5f745a915c626b53e76957e3defbb93aead99137d728fc84ae83157ba671ecf00b9e931b85ca411a35cde89",
    "826359a9833c12ba761385010e657984e07cd4d66cd8d5b1b386d2ac4862056dd6e1b2d78a2bede3e0233e9804f7d91a",
    "b6b7654cc4d82a8950dca3229c3cce06d81a5829d048899df43f7ff83d6ebf504b03041400000008003dbd7b5d939912",
    "db730100008704000018000000786c2f776f726b7368656574732f7368656574322e786d6c9554dd6e8320187d15c375",
    "078a7feda236fddbcdeed6f60188b26aa66080b5cd9e7e5457d312319989897e1fe77ce71cc164796d6ae74c85ac384b",
    "81075de05096f3a262a7141c0f6f2f73b0cc920b175fb2a454397a39932928956a5f119279491b22216f29d39d4f2e1a",
    "a2f4ab3821d90a4a8a0ed4d408bb6e841a523190255d6d4b14c912c12f8ed0637535bf3dac3ce0a81454acae18dd2ba1",
    "eb95cc12957dd0960be5601707095259826e6594eb5b530c3cfec0e35b78f4d8efe699a103ac6d80632389fa19416c6c",
    "8877c2483d02d8da002ba6683586d85911b5740ef4aa26a208862802e0c83ee273168478a1033c3f3a0fba8e875d183e",
    "77368165fcbee4ed98c19ec985d820dad9883c88fd60164ed808071ba161031b36c2aeb398fbd0d79bed7e7986a5d096",
    "6821c73e806d39869a7b86a7944783f2c850ee1bcaa3ae131b4aa37f861ffd856f666fe361b08013f2e3bbfc75dcef0f",
    "cf73e1dc087d135bc80f5c9967a067470f871f0d7f95ec17504b010214031400000008003dbd7b5de76f8a2504010000",
    "1e0300001300000000000000000000008001000000005b436f6e74656e745f54797065735d2e786d6c504b0102140314",
    "00000008003dbd7b5d1c49f7bea4000000160100000b00000000000000000000008001350100005f72656c732f2e7265",
    "6c73504b010214031400000008003dbd7b5d183c5635bb000000360100000f0000000000000000000000800102020000",
    "786c2f776f726b626f6f6b2e786d6c504b010214031400000008003dbd7b5df878b277bd000000230200001a00000000",
    "000000000000008001ea020000786c2f5f72656c732f776f726b626f6f6b2e786d6c2e72656c73504b01021403140000",
    "0008003dbd7b5d935b11d6d30000006b0100000d00000000000000000000008001df030000786c2f7374796c65732e78",
    "6d6c504b010214031400000008003dbd7b5d3fcf4534ac000000ea0000001800000000000000000000008001dd040000",
    "786c2f776f726b7368656574732f7368656574312e786d6c504b010214031400000008003dbd7b5d939912db73010000",
    "870400001800000000000000000000008001bf050000786c2f776f726b7368656574732f7368656574322e786d6c504b",
    "05060000000007000700c6010000680700000000",
);

/// ods: one sheet, date cells and float cells.
const ODS: &str = concat!(
    "504b030414000000000000002100856c398a2e0000002e000000080000006d696d65747970656170706c69636174696f",
    "6e2f766e642e6f617369732e6f70656e646f63756d656e742e7370726561647368656574504b030414000000080039bd",
    "7b5d9a0f89df300100007d0400000b000000636f6e74656e742e786d6ccd54416e833010bcf715c8e71a8c55aaca0272",
    "cb0bda0738b0a4968c8db04993df77818440d45669aa48bd807776677776904957fb5a073b689db2262371c84800a6b0",
    "a532db8cbcbdaee90b59e50fa9ad2a5580286dd1d5603c2dacf1f80e906d9c18b319e95a23ac74ca09236b70c217c236",
    "604e2c31af16c3ac11f172a3afa60fc50b36ecfdd564ac1db94715b3d539c94f7b6e6c799802d7b4204bf70ee0d18971",
    "fcf00cc6733f2f236bbbd5cac66459425bfb912f8002b49e864bdd01f58706f9ceb7e8394a1824367929bd4ca3638087",
    "8b16b735dd29a73cfcd836ba547fe33ea81f2697fb800ed98c70c69f28e394c5675d2c8e188ffacc9f57aeb4959e2c32",
    "f87113c6ced3e210c37f62029f99c0ef6cc273ccc3646e03028fc96f8d984358f0c52599c0f11a45dffc3cf24f504b03",
    "0414000000080039bd7b5d7f26d676b700000071010000150000004d4554412d494e462f6d616e69666573742e786d6c",
    "8d50cd0ac2300cbefb1423f7adea498a9d379f401fa0b49916dab4acd9d0b7b71ba81311bce523df5fb23fdc82af46ec",
    "b38ba460d3aca14232d13aba28389f8ef50e0eed6a1f34b90e33cbe750151de5175430f424a3ce2e4bd201b364236342",
    "b2d10c0189e5275fce492fb428b085f69dd6398f7551f7f737b71bbcaf93e6ab02b1b008689daef99e50814ec93ba3b9",
    "588a916c33f76a96759a9c7ad4365f1119c4ff8926124ff272cd8f6cc61b8b695d5cc5d7dbda07504b01021403140000",
    "00000000002100856c398a2e0000002e0000000800000000000000000000008001000000006d696d6574797065504b01",
    "02140314000000080039bd7b5d9a0f89df300100007d0400000b0000000000000000000000800154000000636f6e7465",
    "6e742e786d6c504b0102140314000000080039bd7b5d7f26d676b7000000710100001500000000000000000000008001",
    "ad0100004d4554412d494e462f6d616e69666573742e786d6c504b05060000000003000300b2000000970200000000",
);

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn read(name: &str, bytes: &[u8], o: &Options) -> Loaded {
    ingest::read(name, bytes, o).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn xlsx_first_sheet_with_data_title_rows_types_from_cells() {
    let l = read("t.xlsx", &unhex(XLSX), &Options::default());
    let r = &l.report;
    assert_eq!(r.encoding, "xlsx");
    assert_eq!(r.sheet.as_deref(), Some("Daten"));
    assert_eq!(r.sheets, ["Notes", "Daten"]);
    assert_eq!(r.header_line, Some(3));
    assert_eq!(r.date_column.as_deref(), Some("Datum"));
    let dates: Vec<String> = l
        .table
        .dates()
        .unwrap()
        .iter()
        .map(|d| d.to_iso())
        .collect();
    assert_eq!(dates, ["2024-01-01", "2024-01-02", "2024-01-03"]);
    assert_eq!(r.row_order_in_file, "unordered");
    assert_eq!(l.table.numbers("Umsatz").unwrap(), &[983.32, 7.0, 120.5]);
    let a = l.table.numbers("Anteil").unwrap();
    assert!(a[0].is_nan() && a[1] == 0.5 && a[2] == 0.25);
    let t = l.table.numbers("Als Text").unwrap();
    assert_eq!((t[0], t[2]), (2000.25, 1234.5));
    assert!(t[1].is_nan());
    assert_eq!(r.text_columns_ignored, ["Kanal"]);
    match &l.table.column("Kanal").unwrap().data {
        ColumnData::Text(v) => assert_eq!(v.get(0), Some("Ads")),
        ColumnData::Numeric(_) => panic!("Kanal is text"),
    }
    let ignored: Vec<u64> = r.ignored_lines.iter().map(|i| i.line).collect();
    assert_eq!(ignored, [1, 2, 7]);
    let missing: Vec<(u64, &str, &str)> = r
        .missing_cells
        .iter()
        .map(|m| (m.line, m.column.as_str(), m.raw.as_str()))
        .collect();
    assert_eq!(missing, [(5, "Anteil", ""), (6, "Als Text", "n.d.")]);
    assert_eq!(l.table.sources[0].line, 5);
}

#[test]
fn xlsx_sheet_choice_and_errors() {
    let mut o = Options::default();
    o.sheet = Some("Notes".into());
    let e = ingest::read("t.xlsx", &unhex(XLSX), &o).unwrap_err();
    assert_eq!(e.kind_code(), "no_data_rows");
    o.sheet = Some("Missing".into());
    let e = ingest::read("t.xlsx", &unhex(XLSX), &o).unwrap_err();
    assert_eq!(e.kind_code(), "spreadsheet");
    assert!(e.to_string().contains("Daten"));
    // a truncated workbook is an error, not a panic
    let bytes = unhex(XLSX);
    for cut in [10, 100, 1000, bytes.len() - 10] {
        assert!(ingest::read("t.xlsx", &bytes[..cut], &Options::default()).is_err());
    }
}

#[test]
fn ods_dates_and_numbers() {
    let l = read("t.ods", &unhex(ODS), &Options::default());
    assert_eq!(l.report.encoding, "ods");
    let dates: Vec<String> = l
        .table
        .dates()
        .unwrap()
        .iter()
        .map(|d| d.to_iso())
        .collect();
    assert_eq!(dates, ["2024-02-01", "2024-02-02"]);
    assert_eq!(l.table.numbers("visite").unwrap(), &[1500.0, 1612.5]);
}

#[test]
fn xlsx_reference_case_through_read_job() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xlsx_weekly_marketing/input.xlsx");
    let bytes = std::fs::read(p).unwrap();
    let mut job = ingest::ReadJob::new("input.xlsx".into(), bytes, Options::default());
    let l = loop {
        if let Some(l) = job.step(1024).unwrap() {
            break l;
        }
    };
    assert_eq!(l.table.n_rows(), 104);
    assert_eq!(l.table.numbers("social_spend").unwrap()[0], 983.32);
}

#[test]
fn xlsx_names_under_merged_group_cells_are_joined_to_the_group() {
    // Row 1: Data | Facebook (merged over B:C) | Instagram (merged over D:E); row 2: Follower,
    // Copertura under each. The last merged cell is empty in the file: its column is still read.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/formats/grouped_header.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let l = read("grouped_header.xlsx", &bytes, &Options::default());
    let names: Vec<&str> = l.table.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Facebook Follower",
            "Facebook Copertura",
            "Instagram Follower",
            "Instagram Copertura"
        ]
    );
    assert_eq!(l.table.n_rows(), 4);
    let last = l.table.columns[3].numbers().unwrap();
    assert_eq!(last, [3000.0, 3100.0, 2900.0, 3300.0]);
    assert!(l.report.ignored_lines.iter().any(|i| i.line == 2
        && i.reason
            .starts_with("second header row (names under a group")));
}

#[test]
fn xlsx_a_note_in_the_date_column_under_the_table_is_not_a_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/formats/note_below.xlsx");
    let l = read(
        "note_below.xlsx",
        &std::fs::read(path).unwrap(),
        &Options::default(),
    );
    assert_eq!(l.table.n_rows(), 10);
    assert!(l.report.ignored_lines.iter().any(|i| i.line == 12
        && i.reason
            .starts_with("note row: \"Dati aggiornati al 11/02/2024\"")));
}

#[test]
fn xlsx_the_first_sheet_with_dates_is_read_and_the_one_passed_over_is_said() {
    // Search Console: "Queries" and "Pages" (no dates) before "Dates"
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/formats/search_console.xlsx");
    let bytes = std::fs::read(path).unwrap();
    let l = read("search_console.xlsx", &bytes, &Options::default());
    assert_eq!(l.report.sheet.as_deref(), Some("Dates"));
    assert_eq!(l.table.n_rows(), 14);
    assert!(l
        .report
        .notices
        .iter()
        .any(|n| n.contains("\"Queries\" has no dates")));
    // a sheet asked for by name is read as it is
    let mut o = Options::default();
    o.sheet = Some("Queries".into());
    let l = read("search_console.xlsx", &bytes, &o);
    assert_eq!(
        (l.report.sheet.as_deref(), l.table.n_rows()),
        (Some("Queries"), 2)
    );
    assert!(l.table.dates().is_none());
}
