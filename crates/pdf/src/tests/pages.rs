//! Long receipts go on to further pages, each numbered, with every line on one of them.

use crate::sample;
use crate::tests::poppler;

#[test]
fn eighty_lines_take_more_than_one_page_and_keep_every_line() {
    for (receipt, name) in [
        (sample::arabic(80), "receipt-ar-80.pdf"),
        (sample::english(80), "receipt-en-80.pdf"),
    ] {
        let pdf = crate::receipt_pdf(&receipt).unwrap();
        let pages = poppler::pages(&pdf, name);
        assert!(pages > 1, "{name}: {pages} page");
        let text = poppler::text(&pdf, name);
        assert!(text.contains(&format!("{pages}/{pages}")), "{text}");
        assert!(text.contains(&receipt.total), "{text}");
        let last = &receipt.lines[79].total;
        assert!(text.contains(last.as_str()), "{last} missing");
    }
}
