//! Browser side effects, kept out of components and the reducer: reading files, downloads, the engine's
//! Web Worker and, as its fallback, slicing long work so the page stays responsive, the opt-in local memory, the embed height message, and text measured for the charts.

pub mod download;
pub mod embed;
pub mod files;
pub mod keep;
pub mod storage;
pub mod tasks;
pub mod text;
pub mod worker;

/// Today's date in the browser's time zone (for dates written without a year).
pub fn today() -> social_roi_core::Date {
    let d = js_sys::Date::new_0();
    social_roi_core::Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or(social_roi_core::Date::from_days(0))
}
