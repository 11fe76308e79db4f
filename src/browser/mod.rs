//! Browser side effects, kept out of components and the reducer: reading files, downloads, slicing
//! long work so the page stays responsive.

pub mod download;
pub mod files;
pub mod tasks;
