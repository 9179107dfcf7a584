//! JSON views of records: amounts as decimal strings in the tenant's currency, quantities with
//! three decimals, times as RFC 3339.

use mizan_domain::QTY_SCALE;
use mizan_domain::calendar::rfc3339;
use mizan_domain::decimal::format_scaled;
use mizan_store::{
    AccountBalance, Branch, CashRegister, CashierSession, Customer, DailySales, OpeningStock,
    Product, Sale, SalePaymentRecord, SaleStatus, StockLevelRow, Tenant, Warehouse,
};
use serde_json::{Value, json};

pub fn money(t: &Tenant, minor: i64) -> String {
    t.currency.format(minor)
}

pub fn qty(thousandths: i64) -> String {
    format_scaled(thousandths, QTY_SCALE)
}

pub fn branch(b: &Branch) -> Value {
    json!({ "id": b.id, "name": b.name })
}

pub fn warehouse(w: &Warehouse) -> Value {
    json!({ "id": w.id, "branch_id": w.branch_id, "code": w.code, "name": w.name })
}

pub fn cash_register(r: &CashRegister) -> Value {
    json!({ "id": r.id, "branch_id": r.branch_id, "name": r.name, "account_id": r.account_id })
}

pub fn customer(c: &Customer) -> Value {
    json!({ "id": c.id, "name": c.name, "phone": c.phone })
}

pub fn customer_in(t: &Tenant, c: &Customer) -> Value {
    let mut v = customer(c);
    v["credit_limit"] = json!(c.credit_limit.map(|l| money(t, l)));
    v["balance"] = json!(money(t, c.balance));
    v
}

pub fn product(t: &Tenant, p: &Product) -> Value {
    json!({
        "id": p.id, "code": p.code, "barcode": p.barcode, "plu": p.plu,
        "name_en": p.name_en, "name_ar": p.name_ar, "unit": p.unit,
        "sale_price": money(t, p.sale_price),
        "vat_rate": format_scaled(p.vat_bp, 2),
        "tracks_stock": p.tracks_stock,
        "allow_negative_stock": p.allow_negative_stock,
        "cost_price": p.cost_price.map(|c| money(t, c)),
    })
}

pub fn opening_stock(t: &Tenant, o: &OpeningStock) -> Value {
    json!({
        "id": o.id, "number": o.number, "warehouse_id": o.warehouse_id,
        "product_id": o.product_id, "quantity": qty(o.qty),
        "unit_cost": money(t, o.unit_cost), "value": money(t, o.value),
        "posted_at": rfc3339(o.posted_at_ms),
    })
}

/// `completed` or `draft`, as shop APIs name a sale's state.
pub fn sale_status(s: &Sale) -> &'static str {
    match s.status {
        SaleStatus::Posted => "completed",
        SaleStatus::Draft => "draft",
    }
}

pub fn sale(t: &Tenant, s: &Sale) -> Value {
    let payment = match (s.payment_method.as_str(), s.cash_register_id, s.customer_id) {
        ("cash", Some(r), _) => json!({ "method": "cash", "cash_register_id": r }),
        ("credit", _, Some(c)) => json!({ "method": "credit", "customer_id": c }),
        _ => Value::Null,
    };
    let lines: Vec<Value> = s
        .lines
        .iter()
        .map(|l| {
            json!({
                "line_no": l.line_no, "product_id": l.product_id, "warehouse_id": l.warehouse_id,
                "quantity": qty(l.qty), "unit_price": money(t, l.unit_price),
                "discount": money(t, l.discount), "net_amount": money(t, l.net),
                "vat_amount": money(t, l.vat), "cost_amount": money(t, l.cost),
            })
        })
        .collect();
    let change: i64 = s.payments.iter().map(|p| p.change).sum();
    json!({
        "id": s.id, "number": s.number, "status": sale_status(s), "currency": t.currency.code,
        "cash_register_id": s.cash_register_id, "customer_id": s.customer_id,
        "cashier_session_id": s.session_id, "branch_id": s.branch_id, "cashier": s.cashier,
        "payment_method": (s.payment_method != "none").then_some(&s.payment_method),
        "payment": payment,
        "net_amount": money(t, s.net), "vat_amount": money(t, s.vat),
        "total_amount": money(t, s.total), "cost_amount": money(t, s.cost),
        "change_amount": money(t, change),
        "created_at": rfc3339(s.created_at_ms),
        "posted_at": s.posted_at_ms.map(rfc3339),
        "lines": lines,
        "payments": s.payments.iter().map(|p| sale_payment(t, p)).collect::<Vec<_>>(),
    })
}

fn sale_payment(t: &Tenant, p: &SalePaymentRecord) -> Value {
    json!({
        "payment_method": p.method, "amount": money(t, p.amount),
        "received_amount": money(t, p.received), "change_amount": money(t, p.change),
    })
}

/// The local time of a moment for the tenant, `YYYY-MM-DD HH:MM` (what a receipt prints).
pub fn local_time(t: &Tenant, ms: i64) -> String {
    let local = ms.saturating_add(i64::from(t.utc_offset_minutes) * 60_000);
    let text = rfc3339(local);
    format!("{} {}", &text[..10], &text[11..16])
}

/// What a receipt prints, in the order it prints it.
pub fn receipt(
    t: &Tenant,
    s: &Sale,
    branch: Option<&Branch>,
    register: Option<&CashRegister>,
    customer: Option<&Customer>,
    products: &[Option<Product>],
) -> Value {
    let mut taxes: Vec<(i64, i64, i64)> = Vec::new();
    let lines: Vec<Value> = s
        .lines
        .iter()
        .zip(products)
        .map(|(l, p)| {
            let rate = p.as_ref().map_or(0, |p| p.vat_bp);
            match taxes.iter_mut().find(|(r, _, _)| *r == rate) {
                Some(row) => {
                    row.1 += l.net;
                    row.2 += l.vat;
                }
                None => taxes.push((rate, l.net, l.vat)),
            }
            json!({
                "code": p.as_ref().map(|p| &p.code),
                "name_en": p.as_ref().map(|p| &p.name_en),
                "name_ar": p.as_ref().map(|p| &p.name_ar),
                "unit": p.as_ref().map(|p| &p.unit),
                "quantity": qty(l.qty), "unit_price": money(t, l.unit_price),
                "discount": money(t, l.discount), "net_amount": money(t, l.net),
                "vat_rate": format_scaled(rate, 2), "vat_amount": money(t, l.vat),
                "total_amount": money(t, l.net + l.vat),
            })
        })
        .collect();
    taxes.sort_unstable_by_key(|(rate, _, _)| *rate);
    let change: i64 = s.payments.iter().map(|p| p.change).sum();
    let paid: i64 = s.payments.iter().map(|p| p.received).sum();
    json!({
        "shop": t.name,
        "branch": branch.map(|b| &b.name),
        "cash_register": register.map(|r| &r.name),
        "cashier": s.cashier,
        "customer": customer.map(|c| &c.name),
        "sale_id": s.id,
        "number": s.number,
        "date": s.posted_at_ms.map(|ms| local_time(t, ms)),
        "currency": t.currency.code,
        "lines": lines,
        "taxes": taxes.iter().map(|(rate, base, vat)| json!({
            "vat_rate": format_scaled(*rate, 2), "net_amount": money(t, *base),
            "vat_amount": money(t, *vat),
        })).collect::<Vec<_>>(),
        "net_amount": money(t, s.net), "vat_amount": money(t, s.vat),
        "total_amount": money(t, s.total),
        "payments": s.payments.iter().map(|p| sale_payment(t, p)).collect::<Vec<_>>(),
        "paid_amount": money(t, paid),
        "change_amount": money(t, change),
    })
}

pub fn cashier_session(t: &Tenant, s: &CashierSession) -> Value {
    json!({
        "id": s.id, "number": s.number, "cash_register_id": s.cash_register_id,
        "branch_id": s.branch_id, "status": s.status, "opened_by": s.opened_by,
        "opened_at": rfc3339(s.opened_at_ms), "opening_float": money(t, s.totals.opening_float),
        "closed_by": s.closed_by, "closed_at": s.closed_at_ms.map(rfc3339),
        "counted_amount": s.counted.map(|c| money(t, c)),
        "denominations": s.denominations.iter().map(|(v, c)| json!({
            "value": money(t, *v), "count": c,
        })).collect::<Vec<_>>(),
        "report": session_report(t, s),
    })
}

/// The X report of an open session or the Z report of a closed one.
pub fn session_report(t: &Tenant, s: &CashierSession) -> Value {
    let r = mizan_domain::sessions::session_report(&s.totals, s.counted);
    let x = &r.totals;
    json!({
        "kind": r.kind,
        "cashier_session_id": s.id,
        "number": s.number,
        "opening_float": money(t, x.opening_float),
        "sales_count": x.sales_count,
        "sales_total": money(t, x.sales_total),
        "cash_received": money(t, x.cash_received),
        "change_given": money(t, x.change_given),
        "cash_sales": money(t, r.cash_sales),
        "cash_refunds": money(t, x.cash_refunds),
        "pay_ins": money(t, x.pay_ins),
        "payouts": money(t, x.payouts),
        "expected_cash": money(t, r.expected_cash),
        "counted_cash": r.counted_cash.map(|c| money(t, c)),
        "difference": r.difference.map(|d| money(t, d)),
        "by_payment_method": r.by_method.iter()
            .map(|(m, v)| json!({ "payment_method": m, "amount": money(t, *v) }))
            .collect::<Vec<_>>(),
    })
}

pub fn daily_sales(t: &Tenant, date: &str, d: &DailySales) -> Value {
    json!({
        "date": date, "branch_id": d.branch_id,
        "sales_count": d.sales_count, "total_amount": money(t, d.total),
        "net_amount": money(t, d.net), "vat_amount": money(t, d.vat),
        "payments_by_method": {
            "cash": money(t, d.cash), "card": money(t, d.card),
            "bank_transfer": money(t, d.bank_transfer), "credit": money(t, d.credit),
        },
        "unique_customers": d.unique_customers,
        "returns_count": d.returns_count, "returns_amount": money(t, d.returns_total),
        "sessions_opened": d.sessions_opened, "sessions_closed": d.sessions_closed,
    })
}

pub fn settings(t: &Tenant) -> Value {
    json!({
        "require_open_session": t.require_open_session,
        "utc_offset_minutes": t.utc_offset_minutes,
        "scale_barcodes": t.scale_layouts,
        "require_registered_devices": t.require_registered_devices,
    })
}

pub fn stock_level(t: &Tenant, l: &StockLevelRow) -> Value {
    json!({
        "warehouse_id": l.warehouse_id, "product_id": l.product_id,
        "quantity": qty(l.qty), "value": money(t, l.value),
    })
}

pub fn account(t: &Tenant, a: &AccountBalance) -> Value {
    json!({
        "id": a.id, "code": a.code, "name_en": a.name_en, "name_ar": a.name_ar,
        "kind": a.kind, "balance": money(t, a.balance),
    })
}
