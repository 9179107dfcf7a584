//! Realistic receipts in Arabic, English and Russian, for the tests and `mizan bench
//! receipt-pdf`: a fabric shop's sale with `n` lines, amounts already formatted.

use crate::{Labels, Line, Receipt};

const AR_ITEMS: [&str; 5] = [
    "قماش قطن مصري",
    "ستارة كتان مطرزة",
    "قضيب ستارة معدني ٢ متر",
    "خدمة تركيب ستائر",
    "بطانة حرير صناعي",
];
const EN_ITEMS: [&str; 5] = [
    "Egyptian cotton fabric",
    "Embroidered linen curtain",
    "Metal curtain rod 2 m",
    "Curtain fitting service",
    "Satin lining with a very long name that has to wrap onto a second line",
];
const RU_ITEMS: [&str; 5] = [
    "Египетский хлопок",
    "Льняная штора с вышивкой",
    "Карниз металлический 2 м",
    "Монтаж штор",
    "Подкладка атласная",
];

/// `12,345.67 EGP` of a whole number of piastres (the caller formats money; so does this).
fn egp(minor: i64) -> String {
    let whole = minor / 100;
    let (th, rest) = (whole / 1000, whole % 1000);
    let grouped = if th > 0 {
        format!("{th},{rest:03}")
    } else {
        rest.to_string()
    };
    format!("{grouped}.{:02} EGP", minor % 100)
}

fn lines(names: &[&str; 5], n: usize) -> (Vec<Line>, i64) {
    let mut sum = 0;
    let lines = (0..n)
        .map(|i| {
            let halves = 2 + (i % 4) as i64 + i64::from(i % 3 == 0);
            let price = 12_500 + 3_750 * (i % 7) as i64;
            let total = halves * price / 2;
            sum += total;
            let qty = if halves % 2 == 0 {
                (halves / 2).to_string()
            } else {
                format!("{}.5", halves / 2)
            };
            Line {
                name: names[i % names.len()].to_owned(),
                qty,
                unit_price: egp(price),
                total: egp(total),
            }
        })
        .collect();
    (lines, sum)
}

fn fill(mut r: Receipt, names: &[&str; 5], n: usize, cash: &str, card: &str) -> Receipt {
    let (lines, total) = lines(names, n);
    let vat = total * 14 / 114;
    r.lines = lines;
    r.net = egp(total - vat);
    r.vat = egp(vat);
    r.total = egp(total);
    let received = (total / 100_000 + 1) * 100_000;
    r.payments = vec![(cash.to_owned(), egp(total))];
    if n > 3 {
        r.payments = vec![
            (card.to_owned(), egp(10_000)),
            (cash.to_owned(), egp(total - 10_000)),
        ];
    }
    r.received = Some(egp(received));
    r.change = Some(egp(received - (total - if n > 3 { 10_000 } else { 0 })));
    r.number = "R-1-000123".to_owned();
    r.time = "2026-12-02 14:05".to_owned();
    r
}

/// An Arabic receipt with `n` lines.
#[must_use]
pub fn arabic(n: usize) -> Receipt {
    let r = Receipt {
        rtl: true,
        lang: "ar".to_owned(),
        branch: "ميزان للأقمشة — فرع القاهرة".to_owned(),
        title: "إيصال".to_owned(),
        register: "الصندوق ١".to_owned(),
        cashier: "أحمد".to_owned(),
        customer: "فندق النيل".to_owned(),
        footer: "شكراً لزيارتكم".to_owned(),
        labels: Labels {
            time: "التاريخ".to_owned(),
            register: "الصندوق".to_owned(),
            cashier: "الكاشير".to_owned(),
            customer: "العميل".to_owned(),
            item: "الصنف".to_owned(),
            qty: "الكمية".to_owned(),
            unit_price: "السعر".to_owned(),
            line_total: "الإجمالي".to_owned(),
            net: "الصافي".to_owned(),
            vat: "ضريبة القيمة المضافة".to_owned(),
            total: "الإجمالي".to_owned(),
            received: "النقد المستلم".to_owned(),
            change: "الباقي".to_owned(),
            page: "صفحة".to_owned(),
        },
        ..Receipt::default()
    };
    fill(r, &AR_ITEMS, n, "نقدي", "بطاقة")
}

/// An English receipt with `n` lines.
#[must_use]
pub fn english(n: usize) -> Receipt {
    let r = Receipt {
        rtl: false,
        lang: "en".to_owned(),
        branch: "Mizan Fabrics — Cairo branch".to_owned(),
        title: "Receipt".to_owned(),
        register: "Till 1".to_owned(),
        cashier: "Ahmed".to_owned(),
        customer: String::new(),
        footer: "Thank you".to_owned(),
        labels: Labels {
            time: "Date".to_owned(),
            register: "Register".to_owned(),
            cashier: "Cashier".to_owned(),
            customer: "Customer".to_owned(),
            item: "Product".to_owned(),
            qty: "Quantity".to_owned(),
            unit_price: "Price".to_owned(),
            line_total: "Total".to_owned(),
            net: "Net".to_owned(),
            vat: "VAT".to_owned(),
            total: "Total".to_owned(),
            received: "Cash received".to_owned(),
            change: "Change".to_owned(),
            page: "Page".to_owned(),
        },
        ..Receipt::default()
    };
    fill(r, &EN_ITEMS, n, "Cash", "Card")
}

/// A Russian receipt with `n` lines.
#[must_use]
pub fn russian(n: usize) -> Receipt {
    let r = Receipt {
        rtl: false,
        lang: "ru".to_owned(),
        branch: "Мизан Ткани — филиал Каир".to_owned(),
        title: "Чек".to_owned(),
        register: "Касса 1".to_owned(),
        cashier: "Ахмед".to_owned(),
        customer: "Гостиница Нил".to_owned(),
        footer: "Спасибо за покупку".to_owned(),
        labels: Labels {
            time: "Дата".to_owned(),
            register: "Касса".to_owned(),
            cashier: "Кассир".to_owned(),
            customer: "Покупатель".to_owned(),
            item: "Товар".to_owned(),
            qty: "Количество".to_owned(),
            unit_price: "Цена".to_owned(),
            line_total: "Сумма".to_owned(),
            net: "Без НДС".to_owned(),
            vat: "НДС".to_owned(),
            total: "Итого".to_owned(),
            received: "Получено наличными".to_owned(),
            change: "Сдача".to_owned(),
            page: "Страница".to_owned(),
        },
        ..Receipt::default()
    };
    fill(r, &RU_ITEMS, n, "Наличные", "Карта")
}
