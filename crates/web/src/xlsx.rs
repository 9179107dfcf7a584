//! Reports as XLSX: the same tables a page shows, on one sheet named after the page. Amounts and
//! quantities are numbers (grouped, with as many decimals as their plain value has: the
//! currency's for amounts), everything else is a text cell (never a formula, whatever it
//! starts with); heads, captions and totals are bold, columns as wide as what they hold, and an
//! Arabic page's sheet runs right to left.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::pages::{Cell, Ctx, Table};

/// The sheet a page's tables are written on.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name (cut to what a spreadsheet allows).
    pub title: String,
    pub rtl: bool,
}

impl Sheet {
    /// The sheet of a page titled `title`, in the page's direction.
    #[must_use]
    pub fn of(c: &Ctx, title: &str) -> Self {
        Self {
            title: title.to_owned(),
            rtl: c.tr.lang == mizan_domain::staff::Language::Ar,
        }
    }
}

/// A plain decimal (`-1234.50`, `3`, `2.5`) read exactly: its digits as an integer and how
/// many of them follow the point. Anything else (blank, `14%`, `—`, a grouped number, a code
/// with a leading zero) is not one and stays text.
fn decimal(plain: &str) -> Option<(i64, usize)> {
    let digits = plain.strip_prefix('-').unwrap_or(plain);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || (whole.len() > 1 && whole.starts_with('0'))
        || (digits.contains('.') && frac.is_empty())
        || !all_digits(whole)
        || !all_digits(frac)
    {
        return None;
    }
    let units: i64 = format!("{whole}{frac}").parse().ok()?;
    let units = if digits.len() < plain.len() {
        -units
    } else {
        units
    };
    Some((units, frac.len()))
}

/// The number a spreadsheet holds for `units` × 10^-`scale`.
///
/// This is the one place a float appears: the cell's value must be an `f64`. `units` is exact
/// as an `f64` up to 2^53 (every amount a shop has), so is 10^`scale` (up to 10^22), and one
/// IEEE division of two exact values rounds correctly: the cell holds the double nearest the
/// decimal, the same one a spreadsheet reads from the text `1234.50`.
#[allow(clippy::cast_precision_loss)]
fn number(units: i64, scale: usize) -> f64 {
    let scale = i32::try_from(scale).unwrap_or(i32::MAX);
    units as f64 / 10f64.powi(scale)
}

/// `#,##0` with `decimals` zeros after the point.
fn number_format(decimals: usize) -> String {
    if decimals == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    }
}

/// How wide a column of `chars` characters is drawn (in characters), within reason.
fn width(chars: usize) -> f64 {
    let chars = u32::try_from(chars.clamp(6, 60)).unwrap_or(60);
    f64::from(chars + 2)
}

/// `title` as a sheet may be named: without any of `[]:*?/\`, at most 31 UTF-16 units, not
/// starting or ending with an apostrophe or a space (blank: the sheet keeps its default name).
fn sheet_name(title: &str) -> String {
    let mut name = String::new();
    let mut units = 0;
    for ch in title.chars().filter(|c| !"[]:*?/\\".contains(*c)) {
        units += ch.len_utf16();
        if units > 31 {
            break;
        }
        name.push(ch);
    }
    name.trim_matches(['\'', ' ']).to_owned()
}

fn write(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell, bold: bool) -> Result<(), XlsxError> {
    let base = if bold {
        Format::new().set_bold()
    } else {
        Format::new()
    };
    match decimal(&cell.plain).filter(|_| cell.num) {
        Some((units, scale)) => {
            let f = base.set_num_format(number_format(scale));
            ws.write_number_with_format(row, col, number(units, scale), &f)?;
        }
        None if cell.plain.is_empty() => {
            if bold {
                ws.write_blank(row, col, &base)?;
            }
        }
        // A string cell: `=1+1` stays the text it is.
        None => {
            ws.write_string_with_format(row, col, cell.plain.as_str(), &base)?;
        }
    }
    Ok(())
}

/// `tables` one under another on one sheet, each after its caption (bold), a blank row
/// between them; the bytes of the .xlsx file.
///
/// # Errors
/// The workbook could not be written (a sheet too large for a spreadsheet).
pub fn tables(sheet: &Sheet, tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name = sheet_name(&sheet.title);
    if !name.is_empty() {
        ws.set_name(name)?;
    }
    ws.set_right_to_left(sheet.rtl);
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = Vec::new();
    let mut row: u32 = 0;
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            row += 1;
        }
        if let Some(caption) = &t.caption {
            ws.write_string_with_format(row, 0, caption.as_str(), &bold)?;
            row += 1;
        }
        let lines = std::iter::once((&t.head, true))
            .filter(|(h, _)| !h.is_empty())
            .chain(t.rows.iter().map(|r| (&r.cells, r.total)));
        for (cells, strong) in lines {
            for (col, cell) in cells.iter().enumerate() {
                let Ok(c) = u16::try_from(col) else {
                    break;
                };
                write(ws, row, c, cell, strong)?;
                if widths.len() <= col {
                    widths.resize(col + 1, 0);
                }
                let shown = if cell.num { &cell.text } else { &cell.plain };
                widths[col] = widths[col].max(shown.chars().count());
            }
            row += 1;
        }
    }
    for (col, w) in widths.iter().enumerate() {
        if let Ok(c) = u16::try_from(col) {
            ws.set_column_width(c, width(*w))?;
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::pages::TableRow;

    fn amount(plain: &str, text: &str) -> Cell {
        Cell {
            text: text.into(),
            plain: plain.into(),
            num: true,
            ltr: true,
            href: None,
        }
    }

    fn book(rtl: bool) -> Vec<u8> {
        let t = Table {
            id: "t".into(),
            caption: Some("Sales".into()),
            head: vec![Cell::text("Name"), Cell::text("Qty"), Cell::text("Amount")],
            rows: vec![
                TableRow::of(vec![
                    Cell::text("=1+1"),
                    Cell::qty(2500),
                    amount("-1234.50", "-1,234.50 EGP"),
                ]),
                TableRow::of(vec![
                    Cell::code("00123"),
                    Cell::ltr("0123"),
                    amount("9007199254740.99", "9,007,199,254,740.99 EGP"),
                ]),
                TableRow::total(vec![Cell::text("Total"), Cell::blank(), amount("0.10", "")]),
            ],
        };
        let sheet = Sheet {
            title: "Sales: by product / day".into(),
            rtl,
        };
        tables(&sheet, &[t]).unwrap_or_default()
    }

    #[test]
    fn numbers_are_numbers_and_text_stays_text() {
        let bytes = book(false);
        let mut x: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(x.sheet_names(), ["Sales by product  day"]);
        let range = x.worksheet_range_at(0).unwrap().unwrap();
        let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(0, 0), Data::String("Sales".into()));
        assert_eq!(at(1, 2), Data::String("Amount".into()));
        assert_eq!(
            at(2, 0),
            Data::String("=1+1".into()),
            "a name, not a formula"
        );
        assert_eq!(at(2, 1), Data::Float(2.5));
        assert_eq!(at(2, 2), Data::Float(-1234.5));
        assert_eq!(at(3, 0), Data::String("00123".into()));
        assert_eq!(
            at(3, 1),
            Data::String("0123".into()),
            "a leading zero is kept"
        );
        assert_eq!(at(3, 2), Data::Float(9_007_199_254_740.99));
        assert_eq!(at(4, 2), Data::Float(0.1));
        let formulas = x.worksheet_formula("Sales by product  day").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }

    #[test]
    fn amounts_carry_their_decimals_and_arabic_runs_right_to_left() {
        let part = |bytes: Vec<u8>, name: &str| {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let sheet = part(book(true), "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("rightToLeft=\"1\""), "{sheet}");
        let styles = part(book(true), "xl/styles.xml");
        assert!(styles.contains("formatCode=\"#,##0.00\""), "{styles}");
        assert!(styles.contains("<b/>"), "bold heads and totals");
        let ltr = part(book(false), "xl/worksheets/sheet1.xml");
        assert!(!ltr.contains("rightToLeft"));
    }

    #[test]
    fn only_plain_decimals_are_numbers() {
        assert_eq!(decimal("-1234.50"), Some((-123_450, 2)));
        assert_eq!(decimal("3"), Some((3, 0)));
        assert_eq!(decimal("0.125"), Some((125, 3)));
        for not in [
            "", "-", "1,234.50", "14%", "—", "1.", ".5", "01", "1e3", "--1",
        ] {
            assert_eq!(decimal(not), None, "{not}");
        }
        assert!((number(-123_450, 2) - -1234.5).abs() < f64::EPSILON);
    }
}
