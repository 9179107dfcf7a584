//! One struct per page (or htmx fragment), each bound to its template: what the page shows,
//! already written as people read it. Every page carries a [`Ctx`]: its language, who is
//! signed in and what their role may open.

mod cafe;
mod office;
mod reports;
mod returns;
mod sign_in;
mod till;
mod workshop;

use askama::Template;
use mizan_domain::Currency;

pub use cafe::{BillLine, BillPage, FloorPage, FloorTile, LineTable, PlaySessionPage};
pub use office::{Fact, FormField, FormPage, ListPage, OfficeIndexPage, RecordPage, SearchBox};
pub use reports::{
    Cell, Chart, Check, Download, Filter, ProfitLossPage, ReportLink, ReportPage, ReportsIndexPage,
    StatementRow, Table, TableRow,
};
pub use returns::{
    ReturnFindPage, ReturnFormPage, ReturnInput, ReturnLineView, ReturnReceiptLine,
    ReturnReceiptPage,
};
pub use sign_in::{HomePage, SignInPage};
pub use till::{
    CartFragment, CartLineView, CartView, OpenSessionPage, ReceiptLine, ReceiptPage,
    SessionReportPage, TenderInput, TillPage,
};
pub use workshop::{CutCard, CuttingPage, InstallCard, InstallationsPage};

use crate::Tr;

/// Who is signed in, and which parts of Mizan their role opens.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub username: String,
    pub role: String,
    pub till: bool,
    pub reports: bool,
    /// `books.read`: the trial balance and the balance sheet.
    pub books: bool,
    /// Any section of the back office.
    pub office: bool,
    /// `cafe.order`: the café floor.
    pub cafe: bool,
    /// `workshop.cut`: the cutting page.
    pub workshop: bool,
    /// `installations.work`: the installations page.
    pub installations: bool,
}

/// What every page knows: its language, its own path (for the language switch) and who is
/// signed in.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub path: String,
    pub nav: Option<Nav>,
    pub currency: Currency,
}

impl Ctx {
    /// The word `key` in the page's language.
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// The word for `name` of a kind (`unit`, `role`), or `name` itself when there is none.
    #[must_use]
    pub fn word(&self, kind: &str, name: &str) -> String {
        let key = format!("{kind}_{name}");
        let w = self.tr.t(&key);
        if w == key { name.to_owned() } else { w }
    }

    /// An amount in the tenant's currency as people read it.
    #[must_use]
    pub fn money(&self, minor: i64) -> String {
        crate::format::money(&self.currency, minor)
    }

    /// An amount without its currency, for an input.
    #[must_use]
    pub fn amount(&self, minor: i64) -> String {
        crate::format::amount(&self.currency, minor).replace(',', "")
    }

    /// An amount as a plain decimal (`-1234.50`), for a CSV.
    #[must_use]
    pub fn plain(&self, minor: i64) -> String {
        mizan_domain::decimal::format_scaled(minor, self.currency.exponent)
    }

    /// A name kept in English, Arabic and Russian, in the page's language (English when the
    /// page's is blank).
    #[must_use]
    pub fn name<'a>(&self, en: &'a str, ar: &'a str, ru: &'a str) -> &'a str {
        let local = match self.tr.lang {
            mizan_domain::staff::Language::Ar => ar,
            mizan_domain::staff::Language::Ru => ru,
            mizan_domain::staff::Language::En => en,
        };
        if local.trim().is_empty() { en } else { local }
    }
}

/// A refusal or a missing page, in the reader's language.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub c: Ctx,
    pub title: String,
    pub message: String,
}

/// Renders a page; a template that fails to render (it cannot, short of a bug) becomes a
/// plain message rather than a panic.
#[must_use]
pub fn render(page: &impl Template) -> String {
    page.render()
        .unwrap_or_else(|e| format!("<!doctype html><p>page failed to render: {e}</p>"))
}
