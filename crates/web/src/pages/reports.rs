//! The reports as pages: the index of every report, profit and loss for a period, and the
//! other reports (trial balance, balance sheet, stock valuation, aging, daily sales, gross
//! profit by month) as one [`ReportPage`] each: its filters, an optional chart, and tables
//! whose cells carry both what people read and the plain value a CSV or XLSX export writes
//! ([`Download`]).

use std::borrow::Cow;

use askama::Template;

use super::Ctx;

/// One row of a statement: a label, an amount as read, and whether it is a total.
#[derive(Debug, Clone)]
pub struct StatementRow {
    pub label: String,
    pub amount: String,
    pub total: bool,
}

/// Profit and loss for a period, printable.
#[derive(Template)]
#[template(path = "profit_and_loss.html")]
pub struct ProfitLossPage {
    pub c: Ctx,
    pub from: String,
    pub to: String,
    pub rows: Vec<StatementRow>,
    pub margin: String,
    pub error: Option<String>,
    /// The same statement as CSV, and as XLSX.
    pub csv_href: String,
    pub xlsx_href: String,
}

/// A link of the reports index.
#[derive(Debug, Clone)]
pub struct ReportLink {
    pub id: String,
    pub href: String,
    pub title: String,
    pub hint: String,
}

/// Every report the person's role may read.
#[derive(Template)]
#[template(path = "reports_index.html")]
pub struct ReportsIndexPage {
    pub c: Ctx,
    pub links: Vec<ReportLink>,
}

/// A table cell: what the page shows, the plain value a CSV holds (amounts as plain
/// decimals, no grouping, no currency), whether it is a number (aligned to the end) and
/// whether it reads left to right (numbers, codes, dates: isolated so Arabic never reorders
/// them).
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub plain: String,
    pub num: bool,
    pub ltr: bool,
    /// Where the cell links to (a record of a list).
    pub href: Option<String>,
}

impl Cell {
    /// Words or a name.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            plain: text.clone(),
            text,
            num: false,
            ltr: false,
            href: None,
        }
    }

    /// A code or a date: left to right, at the start of its column.
    #[must_use]
    pub fn code(text: impl Into<String>) -> Self {
        Self {
            ltr: true,
            ..Self::text(text)
        }
    }

    /// A count, or a number already written: left to right, at the end of its column.
    #[must_use]
    pub fn ltr(text: impl Into<String>) -> Self {
        Self {
            num: true,
            ..Self::code(text)
        }
    }

    /// An amount in the tenant's currency.
    #[must_use]
    pub fn money(c: &Ctx, minor: i64) -> Self {
        Self {
            text: c.money(minor),
            plain: c.plain(minor),
            num: true,
            ltr: true,
            href: None,
        }
    }

    /// A quantity in thousandths.
    #[must_use]
    pub fn qty(thousandths: i64) -> Self {
        Self::ltr(crate::format::qty(thousandths))
    }

    /// The same cell, linking to `href`.
    #[must_use]
    pub fn link(self, href: impl Into<String>) -> Self {
        Self {
            href: Some(href.into()),
            ..self
        }
    }

    /// Nothing (a blank cell).
    #[must_use]
    pub fn blank() -> Self {
        Self::text("")
    }
}

/// A table row; totals are bold.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub cells: Vec<Cell>,
    pub total: bool,
}

impl TableRow {
    #[must_use]
    pub fn of(cells: Vec<Cell>) -> Self {
        Self {
            cells,
            total: false,
        }
    }

    #[must_use]
    pub fn total(cells: Vec<Cell>) -> Self {
        Self { cells, total: true }
    }
}

/// One table of a report: its id (for tests and links), an optional caption, the column
/// heads in the page's language, and the rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub caption: Option<String>,
    pub head: Vec<Cell>,
    pub rows: Vec<TableRow>,
}

/// A filter of a report's form: a date, or a choice.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: String,
    pub label: String,
    pub value: String,
    /// (value, label) to choose from; empty for a date.
    pub options: Vec<(String, String)>,
}

/// A line under the tables that says whether the report agrees with itself (debits =
/// credits, assets = liabilities + equity, stock = the inventory account).
#[derive(Debug, Clone)]
pub struct Check {
    pub id: String,
    pub text: String,
    pub ok: bool,
}

/// A chart of a report: its id, its caption, and the SVG [`crate::charts`] drew (every label
/// escaped there).
#[derive(Debug, Clone)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
}

/// A report: title, filters, what it covers, its charts, tables and checks, and the CSV of
/// the same.
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub c: Ctx,
    /// The page's id, e.g. `trial-balance`.
    pub id: String,
    pub title: String,
    /// The form's action: the page's own path.
    pub action: String,
    pub filters: Vec<Filter>,
    /// What the report covers, e.g. `2026-12-02` or `2026-01-01 — 2026-12-02`.
    pub covers: String,
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
    pub checks: Vec<Check>,
    pub error: Option<String>,
    pub csv_href: String,
    pub xlsx_href: String,
}

/// A page whose tables download as a file: CSV ([`crate::csv`]) or XLSX ([`crate::xlsx`]).
pub trait Download: Template {
    /// The page's language and currency.
    fn ctx(&self) -> &Ctx;
    /// What the sheet is called.
    fn sheet_title(&self) -> &str;
    /// The tables a download holds, in order.
    fn download_tables(&self) -> Cow<'_, [Table]>;

    /// The tables as CSV.
    fn csv(&self) -> String {
        crate::csv::tables(&self.download_tables())
    }

    /// The tables as an .xlsx file.
    ///
    /// # Errors
    /// The workbook could not be written.
    fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let sheet = crate::xlsx::Sheet::of(self.ctx(), self.sheet_title());
        crate::xlsx::tables(&sheet, &self.download_tables())
    }
}

impl Download for ReportPage {
    fn ctx(&self) -> &Ctx {
        &self.c
    }

    fn sheet_title(&self) -> &str {
        &self.title
    }

    fn download_tables(&self) -> Cow<'_, [Table]> {
        Cow::Borrowed(&self.tables)
    }
}
