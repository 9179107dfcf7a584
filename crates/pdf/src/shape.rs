//! One line of text made into positioned glyphs: split into bidi runs in visual order (the
//! paragraph right to left when asked), each run into pieces of one font (Arabic letters in
//! Noto Sans Arabic, the rest in Noto Sans), each piece shaped by rustybuzz in its run's
//! direction. Digits and Latin inside Arabic text stay left to right.

use std::ops::Range;

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};

use crate::PdfError;
use crate::fonts::{FaceId, Fonts, fonts, is_arabic};

/// Glyphs of one font in one direction, with the text they stand for (for copy and paste).
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub(crate) face: FaceId,
    /// The piece's text in logical order (the tests read it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) text: String,
    /// The text the glyphs' ranges point into for the PDF: the same as `text` left to right;
    /// right to left, each cluster's characters reversed (see `visual_clusters`).
    pub(crate) mapped: String,
    /// In visual order, advances and offsets in ems.
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// The width in ems.
    pub(crate) advance: f32,
}

/// A line of text ready to place: its pieces left to right.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    pub(crate) pieces: Vec<Piece>,
    /// The width in ems.
    pub(crate) advance: f32,
}

impl Shaped {
    /// The width at a font size, in points.
    pub(crate) fn width(&self, size: f32) -> f32 {
        self.advance * size
    }
}

/// Shapes `text` as one line whose paragraph direction is right to left when `rtl`.
pub(crate) fn shape(text: &str, rtl: bool, bold: bool) -> Result<Shaped, PdfError> {
    let fonts = fonts()?;
    let mut out = Shaped::default();
    if text.is_empty() {
        return Ok(out);
    }
    let level = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = ParagraphBidiInfo::new(text, Some(level));
    let (levels, runs) = bidi.visual_runs(0..text.len());
    for run in runs {
        let run_rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let mut segments = segments(fonts, text, run, run_rtl, bold);
        if run_rtl {
            segments.reverse();
        }
        for (face, range) in segments {
            let piece = shape_piece(fonts, face, &text[range], run_rtl);
            out.advance += piece.advance;
            out.pieces.push(piece);
        }
    }
    Ok(out)
}

/// Splits a run (logical order) into ranges of one font each. A letter or digit decides by its
/// script; spaces and punctuation keep the font around them.
fn segments(
    fonts: &Fonts,
    text: &str,
    run: Range<usize>,
    rtl: bool,
    bold: bool,
) -> Vec<(FaceId, Range<usize>)> {
    let part = &text[run.clone()];
    let strong = |c: char| c.is_alphanumeric() || is_arabic(c);
    let first = part.chars().find(|c| strong(*c)).map_or(rtl, is_arabic);
    let mut current = FaceId::of(first, bold);
    let mut out: Vec<(FaceId, Range<usize>)> = Vec::new();
    for (i, c) in part.char_indices() {
        let mut face = if strong(c) {
            FaceId::of(is_arabic(c), bold)
        } else {
            current
        };
        if !fonts.has(face, c) && fonts.has(face.other(), c) {
            face = face.other();
        }
        current = face;
        let at = run.start + i;
        match out.last_mut() {
            Some((f, r)) if *f == face => r.end = at + c.len_utf8(),
            _ => out.push((face, at..at + c.len_utf8())),
        }
    }
    out
}

/// Shapes one piece of one font in one direction.
fn shape_piece(fonts: &Fonts, face: FaceId, text: &str, rtl: bool) -> Piece {
    let shaper = &fonts.get(face).shaper;
    let upem = em(shaper.units_per_em().max(1), 1.0);
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let shaped = rustybuzz::shape(shaper, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut advance = 0.0;
    for (info, pos) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let end = starts
            .iter()
            .find(|s| **s > start)
            .copied()
            .unwrap_or(text.len());
        let x_advance = em(pos.x_advance, upem);
        advance += x_advance;
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            x_advance,
            em(pos.x_offset, upem),
            em(pos.y_offset, upem),
            em(pos.y_advance, upem),
            start..end,
            None,
        ));
    }
    let mapped = if rtl {
        visual_clusters(text, &starts)
    } else {
        text.to_owned()
    };
    Piece {
        face,
        text: text.to_owned(),
        mapped,
        glyphs,
        advance,
    }
}

/// The text with each cluster's characters reversed, cluster boundaries kept. Text extractors
/// (poppler's `pdftotext`, pdf.js, `PyMuPDF`) read right-to-left glyphs in visual order and
/// reverse them character by character, so a glyph standing for several characters (the
/// lam-alef ligature لا, a letter with its marks) must map to them in visual order too, or
/// "الإجمالي" reads back as "اإلجمالي".
fn visual_clusters(text: &str, starts: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut bounds: Vec<usize> = starts.iter().copied().filter(|s| *s < text.len()).collect();
    bounds.push(text.len());
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    for pair in bounds.windows(2) {
        if let [a, b] = pair {
            out.extend(text[*a..*b].chars().rev());
        }
    }
    out
}

#[allow(clippy::cast_precision_loss)]
fn em(units: i32, upem: f32) -> f32 {
    units as f32 / upem
}
