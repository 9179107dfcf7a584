//! Reports as CSV: the same tables a page shows, one header row in the page's language, amounts
//! as plain decimals (no grouping, no currency), UTF-8 with a byte-order mark so spreadsheets
//! read Arabic and Cyrillic. Text that a spreadsheet would run as a formula is written quoted
//! after an apostrophe.

use crate::pages::{Cell, Table};

/// One field, quoted when it must be.
fn field(out: &mut String, cell: &Cell) {
    let mut v = cell.plain.as_str();
    let guarded;
    if !cell.num && v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{v}");
        v = &guarded;
    }
    if v.contains([',', '"', '\n', '\r']) || v.starts_with('\'') {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

fn line(out: &mut String, cells: &[Cell]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

/// `tables` one after another; when there are several, each starts with its caption and a
/// blank line parts them.
#[must_use]
pub fn tables(tables: &[Table]) -> String {
    let mut out = String::from("\u{feff}");
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        if tables.len() > 1
            && let Some(caption) = &t.caption
        {
            line(&mut out, &[Cell::text(caption.clone())]);
        }
        if !t.head.is_empty() {
            line(&mut out, &t.head);
        }
        for r in &t.rows {
            line(&mut out, &r.cells);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::TableRow;

    #[test]
    fn fields_are_quoted_and_formulas_disarmed() {
        let amount = Cell {
            text: "1,234.50 EGP".into(),
            plain: "-1234.50".into(),
            num: true,
            ltr: true,
            href: None,
        };
        let t = Table {
            id: "t".into(),
            caption: None,
            head: vec![Cell::text("Name"), Cell::text("Amount")],
            rows: vec![
                TableRow::of(vec![Cell::text("Ali, \"the\" tailor"), amount]),
                TableRow::total(vec![Cell::text("=1+1"), Cell::ltr("2")]),
            ],
        };
        assert_eq!(
            tables(&[t]),
            "\u{feff}Name,Amount\r\n\"Ali, \"\"the\"\" tailor\",-1234.50\r\n\"'=1+1\",2\r\n"
        );
    }
}
