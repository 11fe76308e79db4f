//! Built-in sample datasets, so a first-time visitor can try the calculator at once. They are the
//! project's reference cases, embedded at build time (no request ever fetches them).

use social_roi_core::Lang;

pub struct Sample {
    pub id: &'static str,
    pub file_name: &'static str,
    pub title_en: &'static str,
    pub title_it: &'static str,
    pub bytes: &'static [u8],
}

impl Sample {
    pub fn title(&self, lang: Lang) -> &'static str {
        crate::i18n::tr(lang, self.title_en, self.title_it)
    }
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "weekly",
        file_name: "weekly-shop-and-social.csv",
        title_en: "Online shop + social, weekly, 2 years",
        title_it: "Negozio online + social, settimanale, 2 anni",
        bytes: include_bytes!("../tests/fixtures/weekly_marketing_iso_csv/input.csv"),
    },
    Sample {
        id: "italian",
        file_name: "negozio-italiano.csv",
        title_en: "Italian shop (Excel CSV: € 1.234,56, dd/mm/yyyy)",
        title_it: "Negozio italiano (CSV di Excel: € 1.234,56, gg/mm/aaaa)",
        bytes: include_bytes!("../tests/fixtures/italian_semicolon_decimal_comma/input.csv"),
    },
    Sample {
        id: "ads",
        file_name: "daily-ads-paste.tsv",
        title_en: "Daily ad campaign pasted from Excel (US $, margin)",
        title_it: "Campagna giornaliera incollata da Excel ($ USA, margine)",
        bytes: include_bytes!("../tests/fixtures/tsv_us_excel_paste/input.tsv"),
    },
];
