//! An Arabic receipt: joined letters, right to left, and text that reads back.

use crate::layout::plan;
use crate::sample;
use crate::shape::shape;
use crate::tests::poppler;

fn glyph_ids(text: &str) -> Vec<u32> {
    shape(text, true, false)
        .unwrap()
        .pieces
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.glyph_id.to_u32()))
        .collect()
}

#[test]
fn an_arabic_word_is_drawn_with_its_joined_forms_not_its_isolated_letters() {
    let word = "ميزان";
    let joined = glyph_ids(word);
    // The letters one by one, each isolated, in visual (right-to-left) order.
    let mut isolated: Vec<u32> = word
        .chars()
        .flat_map(|c| glyph_ids(&c.to_string()))
        .collect();
    isolated.reverse();
    assert_eq!(joined.len(), isolated.len(), "{joined:?} vs {isolated:?}");
    // م (initial), ي (medial) and ز (final) take other forms than alone; ا after ز does not
    // join (ز is right-joining) and ن is final after ا, so it stays isolated too.
    let differ = joined.iter().zip(&isolated).filter(|(a, b)| a != b).count();
    assert!(differ >= 3, "{joined:?} vs {isolated:?}");
}

#[test]
fn the_receipt_page_draws_the_shop_name_with_the_shaped_glyphs() {
    let receipt = sample::arabic(10);
    let pages = plan(&receipt).unwrap();
    let expected = glyph_ids("ميزان");
    let drawn: Vec<Vec<u32>> = pages[0]
        .texts
        .iter()
        .flat_map(|t| &t.shaped.pieces)
        .filter(|p| p.text.contains("ميزان"))
        .map(|p| p.glyphs.iter().map(|g| g.glyph_id.to_u32()).collect())
        .collect();
    assert!(!drawn.is_empty(), "no piece holds ميزان");
    // The first word in logical order is the rightmost: the last glyphs of the piece.
    assert!(
        drawn.iter().any(|g| g.ends_with(&expected)),
        "{drawn:?} does not end with {expected:?}"
    );
}

#[test]
fn numbers_inside_arabic_text_stay_left_to_right() {
    let shaped = shape("قضيب ستارة 250 سم", true, false).unwrap();
    let texts: Vec<&str> = shaped.pieces.iter().map(|p| p.text.as_str()).collect();
    // Visually from the left: "سم", then 250 read left to right, then "قضيب ستارة" on the right.
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(
        texts[0].contains("سم") && texts[2].contains("قضيب"),
        "{texts:?}"
    );
    let number = &shaped.pieces[1];
    assert_eq!(number.text, "250");
    let starts: Vec<usize> = number.glyphs.iter().map(|g| g.text_range.start).collect();
    assert_eq!(starts, [0, 1, 2], "digits drawn in reading order");
    // An amount is its own left-to-right cell: one piece, in order.
    let amount = shape("1,234.50 EGP", false, false).unwrap();
    assert_eq!(amount.pieces.len(), 1);
    assert_eq!(amount.pieces[0].text, "1,234.50 EGP");
}

#[test]
fn an_arabic_receipt_is_a_pdf_whose_text_reads_back() {
    let receipt = sample::arabic(10);
    let pdf = crate::receipt_pdf(&receipt).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(poppler::pages(&pdf, "receipt-ar.pdf"), 1);
    let text = poppler::text(&pdf, "receipt-ar.pdf");
    for word in [
        "ميزان",
        "إيصال",
        "الإجمالي",
        "الكاشير",
        "شكراً",
        "فندق",
        "قماش",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    for value in [
        receipt.number.as_str(),
        receipt.total.as_str(),
        receipt.vat.as_str(),
        receipt.lines[0].unit_price.as_str(),
        "2026-12-02 14:05",
    ] {
        assert!(text.contains(value), "{value} missing from:\n{text}");
    }
    let png = poppler::png(&pdf, "receipt-a4-ar");
    assert!(png.exists());
}
