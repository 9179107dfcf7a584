//! A café bill's page — its figures and status, orders (serve, void), charges, payments,
//! sessions and the trail of merges and splits — and its forms: add an order, take a payment,
//! merge into another bill, split an amount off, keep the tab open until a day.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{BillView, Mizan, OrderInput, perm};
use mizan_domain::staff::Permission;
use mizan_domain::{BillId, CashRegisterId, OrderId, ProductId};
use mizan_store::{OrderTarget, Page, SplitPart, TabMethod};
use mizan_web::{BillLine, BillPage, LineTable, format, render};

use crate::ApiError;
use crate::json::Decimal;
use crate::web::form::Form;
use crate::web::{Signed, html, message, see_other};

use super::state_label;

fn lines(s: &Signed, v: &BillView, open: bool, key: &str) -> Vec<LineTable> {
    let c = &s.c;
    let r = &v.record;
    let id = r.head.id.0;
    let void = s.actor.can(Permission::CafeVoid);
    let at = |ms: i64| format::local_time(ms, s.tenant.utc_offset_minutes);
    let orders = r
        .orders
        .iter()
        .map(|o| {
            let pending = o.status == "pending" && open;
            BillLine {
                id: o.id,
                cells: vec![
                    o.product_name.clone(),
                    format::qty(o.qty),
                    c.money(o.unit_price),
                    match &o.void_reason {
                        Some(why) => format!("{} · {why}", c.t("cafe_order_voided")),
                        None => c.t(&format!("cafe_order_{}", o.status)),
                    },
                    o.ordered_by.clone(),
                ],
                actions: if pending {
                    vec![(
                        format!("/cafe/bills/{id}/orders/{}/serve", o.id),
                        c.t("cafe_serve"),
                        format!("serve-{}", o.id),
                        format!("{key}-serve-{}", o.id),
                    )]
                } else {
                    Vec::new()
                },
                void_href: (pending && void)
                    .then(|| format!("/cafe/bills/{id}/orders/{}/void", o.id)),
            }
        })
        .collect();
    let charges = r
        .charges
        .iter()
        .map(|ch| BillLine {
            id: ch.id,
            cells: vec![
                match ch.kind.as_str() {
                    "order" => ch.label.clone(),
                    kind => format!("{} {}", c.t(&format!("cafe_charge_{kind}")), ch.label)
                        .trim()
                        .to_owned(),
                },
                c.money(ch.net),
                c.money(ch.vat),
                c.money(ch.net + ch.vat),
            ],
            actions: Vec::new(),
            void_href: None,
        })
        .collect();
    let payments = r
        .payments
        .iter()
        .map(|p| BillLine {
            id: p.id,
            cells: vec![
                c.t(&format!("cafe_method_{}", p.method)),
                c.money(p.amount),
                p.received_by.clone(),
                at(p.created_at_ms),
            ],
            actions: Vec::new(),
            void_href: None,
        })
        .collect();
    let trail = r
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| BillLine {
            id: i64::try_from(i).unwrap_or(0),
            cells: vec![
                c.t(&format!("cafe_link_{}", l.kind)),
                l.from_number.clone(),
                l.into_number.clone(),
                c.money(l.moved_total),
                l.by.clone(),
                at(l.at_ms),
            ],
            actions: Vec::new(),
            void_href: None,
        })
        .collect();
    let table = |id: &str, caption: &str, head: &[&str], rows| LineTable {
        id: id.to_owned(),
        caption: c.t(caption),
        head: head.iter().map(|h| c.t(h)).collect(),
        rows,
    };
    vec![
        table(
            "orders",
            "cafe_orders",
            &["product", "quantity", "unit_price", "status", "by"],
            orders,
        ),
        table(
            "charges",
            "cafe_charges",
            &["cafe_charge", "net", "vat", "amount"],
            charges,
        ),
        table(
            "payments",
            "cafe_payments",
            &["payment_method", "amount", "by", "cafe_time"],
            payments,
        ),
        table(
            "trail",
            "cafe_trail",
            &[
                "cafe_link_kind",
                "cafe_from",
                "cafe_into",
                "amount",
                "by",
                "cafe_time",
            ],
            trail,
        ),
    ]
}

/// The bill's page, with `error` above it when a form was refused.
async fn page(app: &Mizan, s: &Signed, id: i64, error: Option<&ApiError>) -> Response {
    let g = match s.grant::<perm::CafeOrder>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let v = match app.bill(&g, BillId(id)).await {
        Ok(v) => v,
        Err(e) => return s.refused(e),
    };
    let c = &s.c;
    let h = &v.record.head;
    let open = h.merged_into.is_none() && !h.closed;
    let can_settle = s.actor.can(Permission::CafeSettle);
    let key = mizan_app::new_token();
    let mut facts = vec![
        ("total", "cafe_total", c.money(h.total)),
        ("paid", "cafe_paid", c.money(h.paid)),
        ("remaining", "cafe_remaining", c.money(h.remaining())),
        (
            "opened",
            "cafe_opened",
            format::local_time(h.created_at_ms, s.tenant.utc_offset_minutes),
        ),
    ];
    if let Some(d) = h.due_at_ms {
        facts.push((
            "due",
            "cafe_due",
            format::local_time(d, s.tenant.utc_offset_minutes),
        ));
    }
    let (mut products, mut registers, mut others) = (vec![], vec![], vec![]);
    if open && let Ok(cat) = s.actor.grant::<perm::CatalogRead>() {
        if let Ok(ps) = app.products(&cat, Page::first(Page::MAX)).await {
            products = ps.into_iter().map(|p| (p.id.0, p.name_en)).collect();
        }
        if can_settle && let Ok(rs) = app.cash_registers(&cat, Page::first(Page::MAX)).await {
            registers = rs.into_iter().map(|r| (r.id.0, r.name)).collect();
        }
    }
    if open
        && can_settle
        && let Ok(bills) = app.bills(&g, true, None, 500).await
    {
        others = bills
            .into_iter()
            .filter(|(b, _)| b.id != h.id)
            .map(|(b, _)| (b.id.0, format!("{} · {}", b.number, b.name)))
            .collect();
    }
    let status = v.status.as_str().to_owned();
    let p = BillPage {
        id,
        number: h.number.clone(),
        name: h.name.clone(),
        status_label: state_label(c, &status),
        status,
        facts: facts
            .into_iter()
            .map(|(i, l, v)| (i.to_owned(), c.t(l), v))
            .collect(),
        notes: h.notes.clone(),
        merged_into: v.record.merged_into_number.as_ref().and_then(|n| {
            h.merged_into
                .map(|into| (format!("/cafe/bills/{into}"), n.clone()))
        }),
        tables: lines(s, &v, open, &key),
        sessions: v
            .record
            .sessions
            .iter()
            .map(|x| {
                (
                    format!("/cafe/sessions/{}", x.id),
                    format!("{} · {}", x.station_name, state_label(c, &x.state)),
                )
            })
            .collect(),
        open,
        can_settle,
        products,
        registers,
        others,
        split_choices: v
            .record
            .charges
            .iter()
            .map(|ch| {
                (
                    ch.id,
                    format!("{} · {}", ch.label, c.money(ch.net + ch.vat)),
                )
            })
            .collect(),
        key,
        error: error.map(|e| message(c, e)),
        c: c.clone(),
    };
    let status = error.map_or(StatusCode::OK, |e| e.status);
    html(status, render(&p))
}

/// `GET /cafe/bills/{id}`.
pub async fn show(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    page(&app, &s, id, None).await
}

/// Runs a form's use case; on success goes to the bill it answers, on refusal shows bill `id`
/// with the refusal.
async fn after(
    app: &Mizan,
    s: &Signed,
    parts: &axum::http::request::Parts,
    id: i64,
    done: Result<BillView, ApiError>,
) -> Response {
    match done {
        Ok(v) => see_other(parts, &format!("/cafe/bills/{}", v.record.head.id)),
        Err(e) => page(app, s, id, Some(&e)).await,
    }
}

/// Reads the form of a post to `path` and its key.
async fn read(
    s: &Signed,
    req: Request,
) -> Result<(axum::http::request::Parts, Form, mizan_store::Idempotency), ApiError> {
    let (parts, body) = req.into_parts();
    let form = Form::read(body).await?;
    let k = form.key(s, parts.uri.path())?;
    Ok((parts, form, k))
}

macro_rules! posted {
    ($s:ident, $req:ident, $perm:ty) => {{
        let g = match $s.grant::<$perm>() {
            Ok(g) => g,
            Err(page) => return page,
        };
        match read(&$s, $req).await {
            Ok((parts, form, k)) => (g, parts, form, k),
            Err(e) => return $s.refused_api(&e),
        }
    }};
}

/// `POST /cafe/bills/{id}/orders`: `product_id`, `qty`, `served`.
pub async fn add_order(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeOrder);
    let done = async {
        let product = form
            .get("product_id")
            .parse::<i64>()
            .map_err(|_| ApiError::invalid("product_id", "choose a product"))?;
        let qty = Decimal::typed(form.get("qty")).qty("qty")?;
        let o = OrderInput {
            target: OrderTarget::Bill(BillId(id)),
            product: ProductId(product),
            qty,
            served: form.get("served") == "on",
            note: None,
        };
        app.add_order(&g, Some(k), o).await.map_err(|e| s.error(e))
    }
    .await;
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/orders/{order}/serve`.
pub async fn serve(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path((id, order)): Path<(i64, i64)>,
    req: Request,
) -> Response {
    let (g, parts, _, k) = posted!(s, req, perm::CafeOrder);
    let done = app
        .serve_order(&g, Some(k), OrderId(order))
        .await
        .map_err(|e| s.error(e));
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/orders/{order}/void`: `reason`.
pub async fn void(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path((id, order)): Path<(i64, i64)>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeVoid);
    let done = app
        .void_order(&g, Some(k), OrderId(order), form.get("reason").to_owned())
        .await
        .map_err(|e| s.error(e));
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/pay`: `amount`, `method` (`cash:REGISTER`, `card`).
pub async fn pay(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeSettle);
    let done = async {
        let amount = Decimal::typed(form.get("amount")).money(&s.tenant.currency, "amount")?;
        let method = match form.get("method").split_once(':') {
            None if form.get("method") == "card" => TabMethod::Card,
            Some(("cash", r)) => TabMethod::Cash(CashRegisterId(
                r.parse()
                    .map_err(|_| ApiError::invalid("method", "choose a register"))?,
            )),
            _ => return Err(ApiError::invalid("method", "choose how it is paid")),
        };
        app.pay_bill(&g, Some(k), BillId(id), amount, method)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/merge`: `into`.
pub async fn merge(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeSettle);
    let done = async {
        let into = form
            .get("into")
            .parse::<i64>()
            .map_err(|_| ApiError::invalid("into", "choose a bill"))?;
        app.merge_bills(&g, Some(k), BillId(id), BillId(into))
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/split`: the `charge`s ticked, or else `amount`.
pub async fn split(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeSettle);
    let done = async {
        let charges = form
            .all("charge")
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::invalid("charge", "a charge"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let part = if charges.is_empty() {
            SplitPart::Amount(
                Decimal::typed(form.get("amount")).money(&s.tenant.currency, "amount")?,
            )
        } else {
            SplitPart::Charges(charges)
        };
        app.split_bill(&g, Some(k), BillId(id), part)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    after(&app, &s, &parts, id, done).await
}

/// `POST /cafe/bills/{id}/note`: `due_on` (`YYYY-MM-DD`), `note`.
pub async fn note(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (g, parts, form, k) = posted!(s, req, perm::CafeSettle);
    let done = async {
        let due =
            crate::json::query_day("due_on", Some(form.get("due_on")).filter(|d| !d.is_empty()))?
                .map(|d| {
                    Some(mizan_domain::calendar::end_of_day_ms(
                        d,
                        s.tenant.utc_offset_minutes,
                    ))
                });
        let note = Some(form.get("note").to_owned()).filter(|n| !n.is_empty());
        if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
            return Err(ApiError::invalid("note", "at most 200 characters"));
        }
        app.update_bill(&g, Some(k), BillId(id), due, note)
            .await
            .map_err(|e| s.error(e))
    }
    .await;
    after(&app, &s, &parts, id, done).await
}
