//! Mizan's pages, without HTTP: one askama template (compile-time checked, escaped) per page,
//! the UI's words in Arabic, English and Russian (`i18n`), amounts, quantities and times as
//! people read them with bidi isolation (`format`), the assets served from the binary
//! (`assets`: htmx, fonts, CSS), bar charts drawn as SVG (`charts`) and reports as CSV
//! (`csv`) and XLSX (`xlsx`). The server's `web` module parses requests, calls the app and renders these.

pub mod assets;
pub mod charts;
pub mod csv;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod xlsx;

pub use i18n::Tr;
pub use pages::*;
