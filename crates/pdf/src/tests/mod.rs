//! The receipt PDF's tests: real shaping, text that `pdftotext` reads back, pages.

mod arabic;
mod latin;
mod pages;
mod poppler;
