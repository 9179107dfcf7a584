//! The back office's forms that post documents: goods received from a supplier, stock moved
//! between warehouses, a stock count, a supplier paid and a customer's payment received. Each
//! form's key makes a double submit post once; the use cases and the domain's checks are the
//! API's. After posting, a role that reads the books sees the document's page (its entry and
//! moves); any other sees the form again with the number it posted.

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{AppError, Grant, Mizan, perm};
use mizan_domain::payments::{CustomerPayment, PaidFrom, ReceivedBy, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::staff::Permission;
use mizan_domain::transfers::{CountLine, StockCount, Transfer, TransferLine};
use mizan_domain::{CashRegisterId, CustomerId, SupplierId, WarehouseId};
use mizan_store::Page;
use mizan_web::{FormField, FormPage, render};
use serde::Deserialize;

use super::forms::{field, kept, key, optional, page, refused};
use super::lines::{self, Column, PRODUCT, quantity};
use super::parties::urlencoding;
use crate::ApiError;
use crate::json::Decimal;
use crate::web::form::Form;
use crate::web::{Signed, html, see_other};

/// A select's (value, label) options.
type Options = Vec<(String, String)>;

const PURCHASE_LINES: &[Column] = &[
    PRODUCT,
    quantity("quantity"),
    Column {
        name: "unit_cost",
        word: "unit_cost",
        kind: "number",
    },
    Column {
        name: "vat_rate",
        word: "vat_rate",
        kind: "number",
    },
];
const TRANSFER_LINES: &[Column] = &[PRODUCT, quantity("quantity")];
const COUNT_LINES: &[Column] = &[PRODUCT, quantity("counted")];

/// What the form shown after a post says it posted.
#[derive(Deserialize)]
pub struct Posted {
    posted: Option<String>,
}

/// Which form.
#[derive(Clone, Copy)]
pub enum Kind {
    Purchase,
    Transfer,
    Count,
    SupplierPayment,
    CustomerPayment,
}

impl Kind {
    /// Its path, title word and the document kind it posts.
    fn path(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Purchase => ("purchases", "receive_goods", "purchase"),
            Self::Transfer => ("transfers", "transfer_stock", "transfer"),
            Self::Count => ("counts", "count_stock", "count"),
            Self::SupplierPayment => ("supplier-payments", "pay_supplier", "supplier_payment"),
            Self::CustomerPayment => ("customer-payments", "receive_payment", "customer_payment"),
        }
    }

    fn columns(self) -> &'static [Column] {
        match self {
            Self::Purchase => PURCHASE_LINES,
            Self::Transfer => TRANSFER_LINES,
            Self::Count => COUNT_LINES,
            Self::SupplierPayment | Self::CustomerPayment => &[],
        }
    }

    /// The permission that opens the form.
    pub fn permission(self) -> Permission {
        match self {
            Self::Purchase => Permission::PurchasesManage,
            Self::Transfer | Self::Count => Permission::StockManage,
            Self::SupplierPayment => Permission::SuppliersPay,
            Self::CustomerPayment => Permission::PaymentsReceive,
        }
    }
}

/// Every form, in the order the back office lists them.
pub const KINDS: [Kind; 5] = [
    Kind::Purchase,
    Kind::Transfer,
    Kind::Count,
    Kind::SupplierPayment,
    Kind::CustomerPayment,
];

/// The forms the signed-in role may use: (id, href, title word).
pub fn links(s: &Signed) -> Vec<(&'static str, String, &'static str)> {
    KINDS
        .iter()
        .filter(|k| s.actor.can(k.permission()) && s.actor.can(Permission::CatalogRead))
        .map(|k| {
            let (path, title, _) = k.path();
            (title, format!("/office/{path}/new"), title)
        })
        .collect()
}

/// A select named `name` of (value, label) options.
fn select(s: &Signed, name: &str, options: Vec<(String, String)>) -> FormField {
    let mut f = field(&s.c, name, "select", true);
    f.options = options;
    f
}

/// The warehouses as a select's options.
async fn warehouses(app: &Mizan, g: &Grant<perm::CatalogRead>) -> Result<Options, AppError> {
    Ok(app
        .warehouses(g, Page::first(Page::MAX))
        .await?
        .into_iter()
        .map(|w| (w.id.0.to_string(), format!("{} · {}", w.code, w.name)))
        .collect())
}

/// The suppliers as a select's options.
async fn suppliers(app: &Mizan, s: &Signed) -> Result<Options, AppError> {
    let g = s.actor.grant::<perm::PurchasesRead>()?;
    Ok(app
        .suppliers(&g, Page::first(Page::MAX))
        .await?
        .into_iter()
        .map(|x| (x.id.0.to_string(), x.name))
        .collect())
}

/// The registers as a select's options: `{prefix}:{id}`, labelled `{word} · {name}`.
async fn registers(
    app: &Mizan,
    s: &Signed,
    g: &Grant<perm::CatalogRead>,
    prefix: &str,
    word: &str,
) -> Result<Options, AppError> {
    Ok(app
        .cash_registers(g, Page::first(Page::MAX))
        .await?
        .into_iter()
        .map(|r| {
            (
                format!("{prefix}:{}", r.id.0),
                format!("{} · {}", s.c.t(word), r.name),
            )
        })
        .collect())
}

/// The header fields of the form of `kind`.
async fn fields(app: &Mizan, s: &Signed, kind: Kind) -> Result<Vec<FormField>, AppError> {
    let g = s.actor.grant::<perm::CatalogRead>()?;
    let c = &s.c;
    Ok(match kind {
        Kind::Purchase => vec![
            select(s, "supplier_id", suppliers(app, s).await?),
            select(s, "warehouse_id", warehouses(app, &g).await?),
            field(c, "supplier_ref", "text", false),
        ],
        Kind::Transfer => {
            let places = warehouses(app, &g).await?;
            vec![
                select(s, "from_warehouse_id", places.clone()),
                select(s, "to_warehouse_id", places),
                field(c, "note", "text", false),
            ]
        }
        Kind::Count => vec![
            select(s, "warehouse_id", warehouses(app, &g).await?),
            field(c, "reason", "text", true),
        ],
        Kind::SupplierPayment => {
            let mut from = vec![
                ("safe".to_owned(), c.t("paid_from_safe")),
                ("bank".to_owned(), c.t("paid_from_bank")),
            ];
            from.extend(registers(app, s, &g, "drawer", "drawer").await?);
            vec![
                select(s, "supplier_id", suppliers(app, s).await?),
                field(c, "amount", "number", true),
                select(s, "paid_from", from),
                field(c, "note", "text", false),
            ]
        }
        Kind::CustomerPayment => {
            let customers = app
                .customers(&g, Page::first(Page::MAX))
                .await?
                .into_iter()
                .map(|x| (x.id.0.to_string(), x.name))
                .collect();
            let mut by = vec![
                ("card".to_owned(), c.t("pay_card")),
                ("bank_transfer".to_owned(), c.t("pay_bank_transfer")),
            ];
            by.extend(registers(app, s, &g, "cash", "pay_cash").await?);
            vec![
                select(s, "customer_id", customers),
                field(c, "amount", "number", true),
                select(s, "method", by),
                field(c, "note", "text", false),
            ]
        }
    })
}

/// The form of `kind`, empty, with `rows` line rows.
async fn blank(app: &Mizan, s: &Signed, kind: Kind, rows: usize) -> Result<FormPage, Response> {
    if !s.actor.can(kind.permission()) {
        return Err(s.refused(AppError::Forbidden {
            permission: kind.permission(),
        }));
    }
    let fields = fields(app, s, kind).await.map_err(|e| s.refused(e))?;
    let (path, title, _) = kind.path();
    let mut p = page(&s.c, path, title, fields);
    let list = match kind {
        Kind::Purchase | Kind::SupplierPayment => "suppliers",
        Kind::Transfer => "transfers",
        Kind::Count => "counts",
        Kind::CustomerPayment => "customers",
    };
    p.back = (format!("/office/{list}"), s.c.t(list));
    if !kind.columns().is_empty() {
        (p.columns, p.rows) = lines::rows(&s.c, kind.columns(), rows);
    }
    Ok(p)
}

/// `GET /office/{form}/new[?posted=NUMBER]`.
async fn show(app: &Mizan, s: &Signed, kind: Kind, posted: Posted) -> Response {
    match blank(app, s, kind, lines::first_rows()).await {
        Ok(mut p) => {
            p.notice = posted
                .posted
                .map(|n| (format!("{}: {n}", s.c.t("posted")), None));
            html(StatusCode::OK, render(&p))
        }
        Err(page) => page,
    }
}

/// `POST /office/{form}/new`: posts the document, or shows the form with more rows.
async fn submit(app: &Mizan, s: &Signed, kind: Kind, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let form = match Form::read(body).await {
        Ok(f) => f,
        Err(e) => return s.refused_api(&e),
    };
    let p = match blank(app, s, kind, lines::row_count(&form)).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    if lines::wants_more(&form) {
        let mut p = p;
        kept(&mut p, &form);
        return html(StatusCode::OK, render(&p));
    }
    let (path, _, doc_kind) = kind.path();
    match post(app, s, kind, &form, &format!("/office/{path}/new")).await {
        Ok((id, number)) => posted(s, &parts, path, doc_kind, id, &number),
        Err(e) => refused(s, p, &form, &e),
    }
}

/// Where a post goes next: the document's page for a role that reads the books, else the
/// form again with the number posted.
fn posted(s: &Signed, parts: &Parts, path: &str, kind: &str, id: i64, number: &str) -> Response {
    if s.actor.can(Permission::BooksRead) {
        see_other(parts, &format!("/office/documents/{kind}/{id}"))
    } else {
        see_other(
            parts,
            &format!("/office/{path}/new?posted={}", urlencoding(number)),
        )
    }
}

/// A select's value as an id.
fn id_of(form: &Form, name: &str) -> Result<i64, ApiError> {
    form.get(name)
        .parse::<i64>()
        .map_err(|_| ApiError::invalid(name, "choose one"))
}

/// Posts the document the form describes: its id and number.
async fn post(
    app: &Mizan,
    s: &Signed,
    kind: Kind,
    form: &Form,
    path: &str,
) -> Result<(i64, String), ApiError> {
    let lines = lines::read(app, s, form, kind.columns()).await?;
    let key = key(s, form, path)?;
    let currency = &s.tenant.currency;
    let domain = |e: &dyn mizan_domain::Refusal| {
        lines::on_rows(ApiError::refusal(e, Some(currency)), &lines)
    };
    let app_err = |e| lines::on_rows(s.error(e), &lines);
    if lines.is_empty() && !kind.columns().is_empty() {
        return Err(ApiError::invalid("lines", s.c.t("no_lines")));
    }
    match kind {
        Kind::Purchase => {
            let g = s.actor.grant::<perm::PurchasesManage>()?;
            let typed = lines
                .iter()
                .map(|l| {
                    Ok(PurchaseLine {
                        product: l.product.id,
                        qty: l.qty("quantity")?,
                        unit_cost: l.money(s, "unit_cost")?,
                        vat_bp: l.percent("vat_rate")?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let draft = PurchaseDraft::new(
                SupplierId(id_of(form, "supplier_id")?),
                WarehouseId(id_of(form, "warehouse_id")?),
                optional(form, "supplier_ref"),
                typed,
            )
            .map_err(|e| domain(&e))?;
            let p = app
                .receive_purchase(&g, Some(key), draft)
                .await
                .map_err(app_err)?;
            Ok((p.id.0, p.number))
        }
        Kind::Transfer => {
            let g = s.actor.grant::<perm::StockManage>()?;
            let typed = lines
                .iter()
                .map(|l| {
                    Ok(TransferLine {
                        product: l.product.id,
                        qty: l.qty("quantity")?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let transfer = Transfer::new(
                WarehouseId(id_of(form, "from_warehouse_id")?),
                WarehouseId(id_of(form, "to_warehouse_id")?),
                typed,
                optional(form, "note"),
            )
            .map_err(|e| domain(&e))?;
            let d = app
                .transfer_stock(&g, Some(key), transfer)
                .await
                .map_err(app_err)?;
            Ok((d.id, d.number))
        }
        Kind::Count => {
            let g = s.actor.grant::<perm::StockManage>()?;
            let typed = lines
                .iter()
                .map(|l| {
                    Ok(CountLine {
                        product: l.product.id,
                        counted: l.qty("counted")?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let count = StockCount::new(
                WarehouseId(id_of(form, "warehouse_id")?),
                typed,
                form.get("reason"),
            )
            .map_err(|e| domain(&e))?;
            let d = app
                .count_stock(&g, Some(key), count)
                .await
                .map_err(app_err)?;
            Ok((d.id, d.number))
        }
        Kind::SupplierPayment => {
            let g = s.actor.grant::<perm::SuppliersPay>()?;
            let from = match form.get("paid_from") {
                "safe" => PaidFrom::Safe,
                "bank" => PaidFrom::Bank,
                other => other
                    .strip_prefix("drawer:")
                    .and_then(|r| r.parse().ok())
                    .map(|r| PaidFrom::Drawer(CashRegisterId(r)))
                    .ok_or_else(|| ApiError::invalid("paid_from", "choose one"))?,
            };
            let amount = Decimal::typed(form.get("amount")).money(currency, "amount")?;
            let payment = SupplierPayment::new(
                SupplierId(id_of(form, "supplier_id")?),
                amount,
                from,
                optional(form, "note"),
            )
            .map_err(|e| domain(&e))?;
            let r = app
                .pay_supplier(&g, Some(key), payment)
                .await
                .map_err(app_err)?;
            Ok((r.id, r.number))
        }
        Kind::CustomerPayment => {
            let g = s.actor.grant::<perm::PaymentsReceive>()?;
            let by = match form.get("method") {
                "card" => ReceivedBy::Card,
                "bank_transfer" => ReceivedBy::Bank,
                other => other
                    .strip_prefix("cash:")
                    .and_then(|r| r.parse().ok())
                    .map(|r| ReceivedBy::Cash(CashRegisterId(r)))
                    .ok_or_else(|| ApiError::invalid("method", "choose one"))?,
            };
            let amount = Decimal::typed(form.get("amount")).money(currency, "amount")?;
            let payment = CustomerPayment::new(
                CustomerId(id_of(form, "customer_id")?),
                amount,
                by,
                Vec::new(),
                optional(form, "note"),
            )
            .map_err(|e| domain(&e))?;
            let r = app
                .receive_customer_payment(&g, Some(key), payment)
                .await
                .map_err(app_err)?;
            Ok((r.id, r.number))
        }
    }
}

macro_rules! form_routes {
    ($($show:ident, $submit:ident, $kind:expr;)*) => {$(
        #[doc = concat!("`GET` of the form that posts a ", stringify!($kind), ".")]
        pub async fn $show(
            State(app): State<Arc<Mizan>>,
            s: Signed,
            Query(q): Query<Posted>,
        ) -> Response {
            show(&app, &s, $kind, q).await
        }

        #[doc = concat!("`POST` of the form that posts a ", stringify!($kind), ".")]
        pub async fn $submit(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
            submit(&app, &s, $kind, req).await
        }
    )*};
}

form_routes! {
    purchase_form, post_purchase, Kind::Purchase;
    transfer_form, post_transfer, Kind::Transfer;
    count_form, post_count, Kind::Count;
    supplier_payment_form, post_supplier_payment, Kind::SupplierPayment;
    customer_payment_form, post_customer_payment, Kind::CustomerPayment;
}
