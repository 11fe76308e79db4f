//! Browser side effects, kept out of components and the reducer: reading files, downloads.

pub mod files;
