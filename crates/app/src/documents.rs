//! The posted documents of every kind as the back office lists and opens them: a page newest
//! first (of one kind, or the one with a number), and one document with everything it wrote —
//! its journal entry, its stock moves and its cash moves (the `check sale` trace, for any kind).

use mizan_domain::staff::perm;
use mizan_domain::{ProductId, PurchaseId, SaleId};
use mizan_store::{DocumentMoves, DocumentQuery, JournalEntryView};

use crate::{AppError, Grant, Mizan};

/// Every kind of document that posts, as the journal names it.
pub const DOCUMENT_KINDS: &[&str] = &[
    "sale",
    "return",
    "purchase",
    "purchase_return",
    "customer_payment",
    "supplier_payment",
    "transfer",
    "count",
    "opening_stock",
    "opening_balance",
    "manual",
    "session_open",
    "cash_movement",
    "session_close",
];

/// Most documents in one page.
pub const MAX_DOCUMENT_PAGE: i64 = 200;

/// A posted document: its own lines, its journal entry and what it moved.
#[derive(Debug, Clone)]
pub struct PostedDocument {
    pub lines: Vec<DocumentLine>,
    pub entry: JournalEntryView,
    pub moves: DocumentMoves,
}

/// One line of a sale, a return or a purchase as it was written: the product and quantity,
/// the list price (a sale) or cost (a purchase) per unit, the net (after a sale line's
/// discount) and VAT, and for a sale or a return the cost it took or gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub product_id: ProductId,
    pub qty: i64,
    pub unit: Option<i64>,
    pub net: i64,
    pub vat: i64,
    pub cost: Option<i64>,
}

impl Mizan {
    /// A page of posted documents newest first: of `kind`, the one numbered `number`, older than
    /// entry `before`, `limit` (1 to [`MAX_DOCUMENT_PAGE`]) at a time.
    ///
    /// # Errors
    /// A kind that is not one of [`DOCUMENT_KINDS`] (`invalid_field`), or a store failure.
    pub async fn documents(
        &self,
        g: &Grant<perm::BooksRead>,
        kind: Option<&str>,
        number: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<JournalEntryView>, AppError> {
        let kind = kind.map(document_kind).transpose()?;
        let number = number.map(str::trim).filter(|n| !n.is_empty());
        if number.is_some_and(|n| n.chars().count() > 64) {
            return Err(AppError::invalid("number", "at most 64 characters"));
        }
        let query = DocumentQuery {
            kind: kind.map(str::to_owned),
            number: number.map(str::to_owned),
            before,
            limit: limit.clamp(1, MAX_DOCUMENT_PAGE),
        };
        Ok(self.store.documents(g.scope(), query).await?)
    }

    /// Document `id` of `kind` with its journal entry, stock moves and cash moves.
    ///
    /// # Errors
    /// An unknown kind (`invalid_field`), `not_found` for a document that posted nothing, or a
    /// store failure.
    pub async fn posted_document(
        &self,
        g: &Grant<perm::BooksRead>,
        kind: &str,
        id: i64,
    ) -> Result<PostedDocument, AppError> {
        let kind = document_kind(kind)?;
        let entry = match self.store.journal_entry_of(g.scope(), kind, id).await? {
            Some(e) => e,
            None => self.entryless(g, kind, id).await?,
        };
        let moves = self.store.document_moves(g.scope(), kind, id).await?;
        let lines = self.document_lines(g, kind, id).await?;
        Ok(PostedDocument {
            lines,
            entry,
            moves,
        })
    }
}

impl Mizan {
    /// The lines of a sale, a return or a purchase; none for other kinds (their stock moves
    /// are their lines).
    async fn document_lines(
        &self,
        g: &Grant<perm::BooksRead>,
        kind: &str,
        id: i64,
    ) -> Result<Vec<DocumentLine>, AppError> {
        let (store, scope) = (&self.store, g.scope());
        Ok(match kind {
            "sale" => store
                .sale(scope, SaleId(id))
                .await?
                .map(|sale| {
                    sale.lines
                        .iter()
                        .map(|l| DocumentLine {
                            product_id: l.product_id,
                            qty: l.qty,
                            unit: Some(l.unit_price),
                            net: l.net,
                            vat: l.vat,
                            cost: Some(l.cost),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            "return" => store
                .sale_return(scope, id)
                .await?
                .map(|r| {
                    r.lines
                        .iter()
                        .map(|l| DocumentLine {
                            product_id: l.product_id,
                            qty: l.qty,
                            unit: None,
                            net: l.net,
                            vat: l.vat,
                            cost: Some(l.cost),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            "purchase" => store
                .purchase(scope, PurchaseId(id))
                .await?
                .map(|p| {
                    p.lines
                        .iter()
                        .map(|l| DocumentLine {
                            product_id: l.product_id,
                            qty: l.qty,
                            unit: Some(l.unit_cost),
                            net: l.net,
                            vat: l.vat,
                            cost: None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        })
    }

    /// The header of a stock document that moved no value between accounts (a transfer
    /// between warehouses on one inventory account, a count that found what was on hand):
    /// it wrote no journal entry, so its page shows an entry without lines.
    async fn entryless(
        &self,
        g: &Grant<perm::BooksRead>,
        kind: &str,
        id: i64,
    ) -> Result<JournalEntryView, AppError> {
        let doc = match kind {
            "transfer" | "count" => self.store.stock_document(g.scope(), kind, id).await?,
            _ => None,
        }
        .ok_or(AppError::NotFound { what: "document" })?;
        Ok(JournalEntryView {
            id: 0,
            number: doc.number,
            doc_kind: doc.kind,
            doc_id: doc.id,
            posted_at_ms: doc.created_at_ms,
            business_day: doc.business_day,
            memo: doc.note.unwrap_or_default(),
            lines: Vec::new(),
        })
    }
}

/// `kind` as one of [`DOCUMENT_KINDS`].
fn document_kind(kind: &str) -> Result<&'static str, AppError> {
    DOCUMENT_KINDS
        .iter()
        .copied()
        .find(|k| *k == kind)
        .ok_or_else(|| AppError::invalid("kind", "a kind of document (sale, return, ...)"))
}
