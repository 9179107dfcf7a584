//! Why a PDF could not be made.

/// A PDF that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An embedded font did not parse (a broken build, never the input's fault).
    #[error("embedded font {0} did not parse")]
    Font(&'static str),
    /// A shape or page the PDF writer refused (e.g. a zero-sized rectangle).
    #[error("invalid geometry: {0}")]
    Geometry(&'static str),
    /// The PDF writer refused the document.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}
