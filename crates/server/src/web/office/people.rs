//! Registers and people in the back office: the cashier sessions of every register (newest
//! first, open ones only when asked, each opening its X or Z report), the staff users and the
//! registered devices (for the owner), and the shop's settings.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::CashierSessionId;
use mizan_domain::staff::Permission;
use mizan_store::Page;
use mizan_web::{Cell, Filter, TableRow, format};

use super::{
    ListQuery, answer_list, answer_record, fact, list_failed, list_page, paged, record, yes_no,
};
use crate::web::Signed;

/// `GET /office/sessions[?kind=open][&before=ID][&format=csv]`.
pub async fn sessions(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::SessionsReadAll>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = [
        "number",
        "register",
        "status",
        "opened_by",
        "opened_at",
        "closed_at",
        "sales",
        "expected_cash",
        "counted_cash",
    ];
    let mut page = list_page(c, "sessions", None, &q, &head);
    let open_only = q.kind.as_deref() == Some("open");
    page.filters = vec![Filter {
        name: "kind".to_owned(),
        label: c.t("status"),
        value: if open_only { "open" } else { "" }.to_owned(),
        options: vec![
            (String::new(), c.t("all_sessions")),
            ("open".to_owned(), c.t("status_open")),
        ],
    }];
    let registers = match s.grant::<perm::CatalogRead>() {
        Ok(catalog) => app
            .cash_registers(&catalog, Page::first(Page::MAX))
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let before = q.before.map(CashierSessionId);
    let found = app.cashier_sessions(&g, None, open_only, before).await;
    let sessions = match found {
        Ok(p) => p,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let offset = s.tenant.utc_offset_minutes;
    let time = |ms: Option<i64>| {
        Cell::code(
            ms.map(|ms| format::local_time(ms, offset))
                .unwrap_or_default(),
        )
    };
    let rows: Vec<TableRow> = sessions
        .iter()
        .take(usize::try_from(super::PAGE_SIZE).unwrap_or(50))
        .map(|x| {
            let register = registers
                .iter()
                .find(|r| r.id == x.cash_register_id)
                .map_or_else(|| x.cash_register_id.0.to_string(), |r| r.name.clone());
            TableRow::of(vec![
                Cell::code(x.number.clone()).link(format!("/till/sessions/{}/report", x.id.0)),
                Cell::text(register),
                Cell::text(c.word("status", &x.status)),
                Cell::text(x.opened_by.clone()),
                time(Some(x.opened_at_ms)),
                time(x.closed_at_ms),
                Cell::ltr(x.totals.sales_count.to_string()),
                Cell::money(c, x.totals.expected_cash()),
                x.counted
                    .map_or_else(|| Cell::ltr(""), |v| Cell::money(c, v)),
            ])
        })
        .collect();
    let last = rows
        .len()
        .checked_sub(1)
        .and_then(|i| sessions.get(i))
        .map(|x| x.id.0);
    paged(&mut page, rows, "before", last, &q);
    answer_list(&page, q.export())
}

/// `GET /office/users[?format=csv]`: every staff user (for a role that manages them).
pub async fn users(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::UsersManage>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = [
        "username",
        "role",
        "language",
        "active",
        "failed_sign_ins",
        "created_at",
    ];
    let mut page = list_page(c, "users", None, &q, &head);
    super::new_button(&s, &mut page, Permission::UsersManage, "new_user");
    let users = match app.users(&g).await {
        Ok(u) => u,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let offset = s.tenant.utc_offset_minutes;
    let rows = users
        .iter()
        .map(|u| {
            TableRow::of(vec![
                Cell::code(u.username.clone()).link(format!("/office/users/{}", u.id.0)),
                Cell::text(c.word("role", &u.role)),
                Cell::code(u.language.clone()),
                yes_no(c, u.active),
                Cell::ltr(u.failed_sign_ins.to_string()),
                Cell::code(format::local_time(u.created_at_ms, offset)),
            ])
        })
        .collect();
    paged(&mut page, rows, "after", None, &q);
    answer_list(&page, q.export())
}

/// `GET /office/devices[?format=csv]`: the registered tills and PCs, revoked ones marked.
pub async fn devices(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::DevicesManage>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = [
        "name",
        "branch",
        "registered_by",
        "registered_at",
        "revoked_at",
    ];
    let mut page = list_page(c, "devices", None, &q, &head);
    let devices = match app.devices(&g).await {
        Ok(d) => d,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let branches = match s.grant::<perm::CatalogRead>() {
        Ok(catalog) => app
            .branches(&catalog, Page::first(Page::MAX))
            .await
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let offset = s.tenant.utc_offset_minutes;
    let rows = devices
        .iter()
        .map(|d| {
            let branch = branches
                .iter()
                .find(|b| b.id == d.branch_id)
                .map_or_else(|| d.branch_id.0.to_string(), |b| b.name.clone());
            TableRow::of(vec![
                Cell::text(d.name.clone()),
                Cell::text(branch),
                Cell::code(d.registered_by.clone()),
                Cell::code(format::local_time(d.registered_at_ms, offset)),
                Cell::code(
                    d.revoked_at_ms
                        .map(|ms| format::local_time(ms, offset))
                        .unwrap_or_default(),
                ),
            ])
        })
        .collect();
    paged(&mut page, rows, "after", None, &q);
    answer_list(&page, q.export())
}

/// `GET /office/settings[?format=csv]`: the shop's settings as they stand.
pub async fn settings(s: Signed, Query(q): Query<ListQuery>) -> Response {
    if let Err(page) = s.grant::<perm::SettingsManage>() {
        return page;
    }
    let c = &s.c;
    let t = &s.tenant;
    let mut page = record(c, "settings", "settings", c.t("settings"));
    page.back = ("/office".to_owned(), c.t("office"));
    let hours = format!(
        "UTC{}",
        super::staff_forms::offset_text(t.utc_offset_minutes)
    );
    let (opens, closes) = t.cafe_hours.clock_texts();
    let cafe_hours = format!("{opens}–{closes}");
    page.links.push((
        "edit".to_owned(),
        "/office/settings/edit".to_owned(),
        c.t("edit_settings"),
    ));
    page.facts = vec![
        fact(c, "shop", Cell::text(t.name.clone())),
        fact(c, "currency", Cell::code(t.currency.code.clone())),
        fact(c, "utc_offset", Cell::code(hours)),
        fact(c, "require_open_session", yes_no(c, t.require_open_session)),
        fact(
            c,
            "require_registered_devices",
            yes_no(c, t.require_registered_devices),
        ),
        fact(c, "scale_barcodes", Cell::code(t.scale_layouts.join(" "))),
        fact(c, "cafe_hours", Cell::ltr(cafe_hours)),
        fact(
            c,
            "lock_day",
            Cell::code(
                t.lock_day
                    .map(mizan_domain::calendar::day_text)
                    .unwrap_or_default(),
            ),
        ),
    ];
    answer_record(&page, "settings", q.export())
}
