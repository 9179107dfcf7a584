//! Mizan's printable documents as PDF, starting with the A4 receipt. The input is plain,
//! already formatted strings (this crate never formats money); the output is PDF bytes. Text is
//! split into bidi runs, each run shaped with rustybuzz in its own font (Noto Sans Arabic for
//! Arabic, Noto Sans for Latin and Cyrillic) and direction, and written with krilla, which
//! subsets the embedded fonts and maps every glyph back to its text.

mod draw;
mod error;
mod fonts;
mod layout;
mod receipt;
pub mod sample;
mod shape;

#[cfg(test)]
mod tests;

pub use error::PdfError;
pub use receipt::{Labels, Line, Receipt};

/// The receipt as an A4 portrait PDF, on as many pages as its lines need.
///
/// # Errors
/// Only if an embedded font does not parse or the PDF writer refuses the document, neither of
/// which a receipt's content can cause.
pub fn receipt_pdf(receipt: &Receipt) -> Result<Vec<u8>, PdfError> {
    let pages = layout::plan(receipt)?;
    let title = format!("{} {}", receipt.title, receipt.number);
    draw::write(&pages, &title, &receipt.lang, receipt.rtl)
}
