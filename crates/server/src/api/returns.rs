//! Returns over HTTP: `POST /sales/{id}/returns` takes back lines of a completed sale
//! (restocked into a warehouse or written off; refunded in cash from a register, to card or
//! bank, or as credit; a cashier adds a manager's approval), `GET /returns/{id}` reads one.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Approval, Mizan, perm};
use mizan_domain::calendar::rfc3339;
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::{CashRegisterId, SaleId, WarehouseId};
use mizan_store::{SaleReturn, Tenant};
use serde::Deserialize;
use serde_json::{Value, json};

use super::sales::ApprovalBody;
use super::views::{money, qty};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineBody {
    /// The sale line's `line_no`.
    line: usize,
    quantity: Decimal,
}

#[derive(Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum RefundBody {
    Cash { cash_register_id: i64 },
    Card,
    BankTransfer,
    Credit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewReturnBody {
    lines: Vec<LineBody>,
    /// Restock into this warehouse…
    warehouse_id: Option<i64>,
    /// …or write the goods off as damaged.
    write_off: Option<bool>,
    refund: RefundBody,
    reason: String,
    approval: Option<ApprovalBody>,
}

fn view(t: &Tenant, r: &SaleReturn) -> Value {
    let lines: Vec<Value> = r
        .lines
        .iter()
        .map(|l| {
            json!({
                "line_no": l.line_no, "product_id": l.product_id, "quantity": qty(l.qty),
                "net_amount": money(t, l.net), "vat_amount": money(t, l.vat),
                "cost_amount": money(t, l.cost),
            })
        })
        .collect();
    json!({
        "id": r.id, "number": r.number, "sale_id": r.sale_id, "currency": t.currency.code,
        "warehouse_id": r.warehouse_id, "written_off": r.warehouse_id.is_none(),
        "refund_method": r.refund_method, "cash_register_id": r.cash_register_id,
        "cashier_session_id": r.session_id, "customer_id": r.customer_id,
        "reason": r.reason, "returned_by": r.returned_by,
        "net_amount": money(t, r.net), "vat_amount": money(t, r.vat),
        "total_amount": money(t, r.total), "cost_amount": money(t, r.cost),
        "created_at": rfc3339(r.created_at_ms), "lines": lines,
    })
}

/// `POST /sales/{id}/returns`.
pub async fn create(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b: NewReturnBody = req.parse()?;
    let tenant = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(ReturnLine {
                line: l.line,
                qty: l.quantity.qty(&format!("lines[{i}].quantity"))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let restock = match (b.warehouse_id, b.write_off) {
        (Some(w), None | Some(false)) => Restock::Warehouse(WarehouseId(w)),
        (None, Some(true)) => Restock::WriteOff,
        _ => {
            return Err(ApiError::invalid(
                "warehouse_id",
                "give the warehouse the goods go back to, or write_off: true",
            ));
        }
    };
    let refund = match b.refund {
        RefundBody::Cash { cash_register_id } => Refund::Cash(CashRegisterId(cash_register_id)),
        RefundBody::Card => Refund::Card,
        RefundBody::BankTransfer => Refund::Bank,
        RefundBody::Credit => Refund::Credit,
    };
    let draft = ReturnDraft::new(lines, restock, refund, &b.reason)
        .map_err(|e| ApiError::refusal(&e, Some(&tenant.currency)))?;
    let approval = b.approval.map(Approval::from);
    let r = app
        .return_sale(
            req.auth.grant(),
            req.idempotency.clone(),
            SaleId(id),
            draft,
            approval,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &tenant.currency))?;
    Ok((StatusCode::CREATED, Json(view(tenant, &r))))
}

/// `GET /returns/{id}`.
pub async fn get(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Value>, ApiError> {
    let r = app.sale_return(auth.grant(), id).await?;
    Ok(Json(view(&auth.tenant, &r)))
}
