//! The back office's pages: its index of sections, a list (a search box, filters, one table,
//! paging and its CSV or XLSX) and a record (a product, a customer, a supplier, a session, a
//! document: its facts, then its tables — lines, journal entry, stock moves, cash moves).

use std::borrow::Cow;

use askama::Template;

use super::{Cell, Check, Ctx, Download, Filter, ReportLink, Table};

/// The sections of the back office the person's role may open.
#[derive(Template)]
#[template(path = "office/index.html")]
pub struct OfficeIndexPage {
    pub c: Ctx,
    pub links: Vec<ReportLink>,
}

/// The search box of a list.
#[derive(Debug, Clone)]
pub struct SearchBox {
    pub name: String,
    pub label: String,
    pub value: String,
}

/// A list: what it searches and filters, one table, links to the first and the next page,
/// and the CSV of the same rows.
#[derive(Template)]
#[template(path = "office/list.html")]
pub struct ListPage {
    pub c: Ctx,
    /// The page's id, e.g. `products`.
    pub id: String,
    pub title: String,
    /// The form's action: the list's own path.
    pub action: String,
    pub search: Option<SearchBox>,
    /// Choices (each with options).
    pub filters: Vec<Filter>,
    pub table: Table,
    /// (id, href, label) of buttons beside the list (a form that adds to it).
    pub actions: Vec<(String, String, String)>,
    pub first_href: Option<String>,
    pub next_href: Option<String>,
    pub csv_href: String,
    pub xlsx_href: String,
    pub error: Option<String>,
}

/// A list downloads its rows.
impl Download for ListPage {
    fn ctx(&self) -> &Ctx {
        &self.c
    }

    fn sheet_title(&self) -> &str {
        &self.title
    }

    fn download_tables(&self) -> Cow<'_, [Table]> {
        Cow::Borrowed(std::slice::from_ref(&self.table))
    }
}

/// One labelled value of a record.
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: String,
    pub label: String,
    pub value: Cell,
}

/// A record: its title, the list it belongs to, its facts, links (a statement, the trace),
/// checks, and its tables.
#[derive(Template)]
#[template(path = "office/record.html")]
pub struct RecordPage {
    pub c: Ctx,
    pub id: String,
    pub title: String,
    /// (href, label) of the list the record belongs to.
    pub back: (String, String),
    pub facts: Vec<Fact>,
    /// (id, href, label).
    pub links: Vec<(String, String, String)>,
    pub checks: Vec<Check>,
    pub tables: Vec<Table>,
    pub csv_href: Option<String>,
    pub xlsx_href: Option<String>,
}

/// A record downloads its facts (captioned by its title), then its tables.
impl Download for RecordPage {
    fn ctx(&self) -> &Ctx {
        &self.c
    }

    fn sheet_title(&self) -> &str {
        &self.title
    }

    fn download_tables(&self) -> Cow<'_, [Table]> {
        let facts = Table {
            id: "facts".to_owned(),
            caption: Some(self.title.clone()),
            head: Vec::new(),
            rows: self
                .facts
                .iter()
                .map(|f| super::TableRow::of(vec![Cell::text(f.label.clone()), f.value.clone()]))
                .collect(),
        };
        let mut tables = vec![facts];
        tables.extend(self.tables.iter().cloned());
        Cow::Owned(tables)
    }
}

/// One field of a back-office form: what it is called, how it is typed, what it holds, and
/// the refusal that names it.
#[derive(Debug, Clone)]
pub struct FormField {
    pub name: String,
    pub label: String,
    /// `text`, `number` (typed as the shop writes amounts), `select` or `checkbox`.
    pub kind: &'static str,
    pub value: String,
    /// (value, label) of a select.
    pub options: Vec<(String, String)>,
    pub required: bool,
    pub error: Option<String>,
}

impl FormField {
    /// The id of the element that holds the field: `field-lines-0-quantity` for
    /// `lines[0].quantity`.
    #[must_use]
    pub fn dom_id(&self) -> String {
        let id: String = self
            .name
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || ch == '_' {
                    ch
                } else {
                    '-'
                }
            })
            .collect();
        format!("field-{}", id.replace("--", "-"))
    }
}

/// A form that creates one record or posts one document: its fields, for a document its
/// lines (one row of fields per line, under the column heads), the key that makes a double
/// submit post once, the refusal that names no field, and what the last submit posted.
#[derive(Template)]
#[template(path = "office/form.html")]
pub struct FormPage {
    pub c: Ctx,
    pub id: String,
    pub title: String,
    /// (href, label) of the list the record joins.
    pub back: (String, String),
    pub action: String,
    pub key: String,
    pub fields: Vec<FormField>,
    /// The lines' column heads; empty for a form without lines.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<FormField>>,
    pub error: Option<String>,
    /// What the last submit posted: its words and, for a role that may open it, its page.
    pub notice: Option<(String, Option<String>)>,
}
