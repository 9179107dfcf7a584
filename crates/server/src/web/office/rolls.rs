//! The rolls of fabrics kept in rolls in the back office (`stock.read`): each roll with its
//! fabric, warehouse, width, length and what is left, offcuts marked; `?kind=offcuts` shows
//! only offcuts.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_store::RollFilter;
use mizan_web::{Cell, Filter, TableRow};

use super::{ListQuery, answer_list, list_failed, list_page, paged};
use crate::web::Signed;

/// `GET /office/rolls[?kind=offcuts][&format=csv]`.
pub async fn list(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::StockRead>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = [
        "product",
        "warehouse",
        "workshop_roll",
        "workshop_width",
        "workshop_length",
        "workshop_remaining",
        "status",
    ];
    let mut page = list_page(c, "rolls", None, &q, &head);
    let offcuts = q.kind.as_deref() == Some("offcuts");
    page.filters = vec![Filter {
        name: "kind".to_owned(),
        label: c.t("status"),
        value: if offcuts { "offcuts" } else { "" }.to_owned(),
        options: vec![
            (String::new(), c.t("workshop_all_rolls")),
            ("offcuts".to_owned(), c.t("workshop_offcuts")),
        ],
    }];
    let filter = RollFilter {
        offcuts,
        ..RollFilter::default()
    };
    let rolls = match app.rolls(&g, filter).await {
        Ok(r) => r,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let rows = rolls
        .iter()
        .map(|r| {
            TableRow::of(vec![
                Cell::ltr(r.product_code.clone()),
                Cell::ltr(r.warehouse_code.clone()),
                Cell::ltr(r.label.clone()),
                Cell::ltr(r.width_mm.map(|w| format!("{w} mm")).unwrap_or_default()),
                Cell::qty(r.length),
                Cell::qty(r.remaining),
                Cell::text(c.t(if r.offcut {
                    "workshop_offcut"
                } else {
                    "workshop_full_roll"
                })),
            ])
        })
        .collect();
    paged(&mut page, rows, "after", None, &q);
    answer_list(&page, q.export())
}
