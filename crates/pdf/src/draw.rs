//! Writes planned pages with krilla: bands, rules, and glyphs with their text attached, so
//! copying or `pdftotext` gives the real words. krilla subsets the fonts and writes ToUnicode.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{Metadata, TextDirection};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::PdfError;
use crate::fonts::fonts;
use crate::layout::{Ink, PAGE_H, PAGE_W, PagePlan};

fn color(ink: Ink) -> rgb::Color {
    match ink {
        Ink::Black => rgb::Color::new(20, 20, 20),
        Ink::Gray => rgb::Color::new(110, 110, 110),
    }
}

/// The PDF of planned pages.
pub(crate) fn write(
    pages: &[PagePlan],
    title: &str,
    lang: &str,
    rtl: bool,
) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let mut doc = Document::new();
    let mut meta = Metadata::new()
        .title(title.to_owned())
        .creator("Mizan".to_owned())
        .text_direction(if rtl {
            TextDirection::RightToLeft
        } else {
            TextDirection::LeftToRight
        });
    if !lang.is_empty() {
        meta = meta.language(lang.to_owned());
    }
    doc.set_metadata(meta);
    for plan in pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Geometry("page"))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        draw_page(&mut surface, plan, fonts)?;
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(e.to_string()))
}

fn draw_page(
    s: &mut Surface<'_>,
    plan: &PagePlan,
    fonts: &crate::fonts::Fonts,
) -> Result<(), PdfError> {
    s.set_stroke(None);
    s.set_fill(Some(Fill {
        paint: rgb::Color::new(236, 236, 236).into(),
        ..Fill::default()
    }));
    for b in &plan.bands {
        let rect = Rect::from_xywh(b.x, b.y, b.w, b.h).ok_or(PdfError::Geometry("band"))?;
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        let path = pb.finish().ok_or(PdfError::Geometry("band"))?;
        s.draw_path(&path);
    }
    s.set_fill(None);
    for r in &plan.rules {
        s.set_stroke(Some(Stroke {
            paint: color(r.ink).into(),
            width: r.width,
            ..Stroke::default()
        }));
        let mut pb = PathBuilder::new();
        pb.move_to(r.left, r.y);
        pb.line_to(r.right, r.y);
        let path = pb.finish().ok_or(PdfError::Geometry("rule"))?;
        s.draw_path(&path);
    }
    s.set_stroke(None);
    for t in &plan.texts {
        s.set_fill(Some(Fill {
            paint: color(t.ink).into(),
            ..Fill::default()
        }));
        let mut x = t.x;
        for piece in &t.shaped.pieces {
            s.draw_glyphs(
                Point::from_xy(x, t.baseline),
                &piece.glyphs,
                fonts.get(piece.face).pdf.clone(),
                &piece.mapped,
                t.size,
                false,
            );
            x += piece.advance * t.size;
        }
    }
    Ok(())
}
