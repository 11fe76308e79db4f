//! Browser side effects, kept out of components and the reducer: reading files, downloads, the engine's
//! Web Worker and, as its fallback, slicing long work so the page stays responsive, the opt-in local memory, and the embed height message.

pub mod download;
pub mod embed;
pub mod files;
pub mod keep;
pub mod storage;
pub mod tasks;
pub mod worker;
