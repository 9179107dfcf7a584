//! English and Russian receipts read back with their words, number and amounts.

use crate::sample;
use crate::tests::poppler;

#[test]
fn an_english_receipt_reads_back_with_its_words_and_amounts() {
    let receipt = sample::english(10);
    let pdf = crate::receipt_pdf(&receipt).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(poppler::pages(&pdf, "receipt-en.pdf"), 1);
    let text = poppler::text(&pdf, "receipt-en.pdf");
    for s in [
        "Mizan Fabrics",
        "Receipt",
        "Cashier",
        "Cash received",
        "Thank you",
        "Egyptian cotton fabric",
        "second line",
        receipt.number.as_str(),
        receipt.total.as_str(),
        receipt.change.as_deref().unwrap(),
    ] {
        assert!(text.contains(s), "{s} missing from:\n{text}");
    }
    assert!(!text.contains("Customer"), "no customer, no label:\n{text}");
    poppler::png(&pdf, "receipt-a4-en");
}

#[test]
fn a_russian_receipt_reads_back_in_cyrillic() {
    let receipt = sample::russian(10);
    let pdf = crate::receipt_pdf(&receipt).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(poppler::pages(&pdf, "receipt-ru.pdf"), 1);
    let text = poppler::text(&pdf, "receipt-ru.pdf");
    for s in [
        "Мизан Ткани",
        "Чек",
        "Итого",
        "Получено наличными",
        "Гостиница Нил",
        "Египетский хлопок",
        receipt.number.as_str(),
        receipt.total.as_str(),
    ] {
        assert!(text.contains(s), "{s} missing from:\n{text}");
    }
    poppler::png(&pdf, "receipt-a4-ru");
}
