//! JSON views of records: amounts as decimal strings in the tenant's currency, quantities with
//! three decimals, times as RFC 3339.

use mizan_domain::QTY_SCALE;
use mizan_domain::calendar::rfc3339;
use mizan_domain::decimal::format_scaled;
use mizan_store::{
    AccountBalance, Branch, CashRegister, Customer, OpeningStock, Product, Sale, StockLevelRow,
    Tenant, Warehouse,
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

pub fn product(t: &Tenant, p: &Product) -> Value {
    json!({
        "id": p.id, "code": p.code, "barcode": p.barcode,
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

pub fn sale(t: &Tenant, s: &Sale) -> Value {
    let payment = match (s.payment_method.as_str(), s.cash_register_id, s.customer_id) {
        ("cash", Some(r), _) => json!({ "method": "cash", "cash_register_id": r }),
        (_, _, c) => json!({ "method": "credit", "customer_id": c }),
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
    json!({
        "id": s.id, "number": s.number, "status": s.status, "currency": t.currency.code,
        "payment": payment, "customer_id": s.customer_id,
        "net_amount": money(t, s.net), "vat_amount": money(t, s.vat),
        "total_amount": money(t, s.total), "cost_amount": money(t, s.cost),
        "created_at": rfc3339(s.created_at_ms),
        "posted_at": s.posted_at_ms.map(rfc3339),
        "lines": lines,
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
