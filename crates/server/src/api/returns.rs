//! Returns over HTTP: `POST /sales/{id}/returns` takes back lines of a completed sale
//! (restocked into a warehouse or written off; refunded in cash from a register, to card or
//! bank, or as credit; a cashier adds a manager's approval), `GET /returns/{id}` reads one and
//! `GET /returns/{id}/receipt` what its receipt prints.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Approval, Mizan, perm};
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::{CashRegisterId, SaleId, WarehouseId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::sales::ApprovalBody;
use super::views::{Return, ReturnReceipt};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

/// One line of the sale to take back, and how much of it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReturnLineBody {
    /// The sale line's `line_no`.
    line: usize,
    quantity: Decimal,
}

/// How the customer is refunded.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum RefundBody {
    Cash { cash_register_id: i64 },
    Card,
    BankTransfer,
    Credit,
}

/// Lines of a completed sale to take back; restock them into `warehouse_id` or write them off
/// (`write_off: true`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewReturnBody {
    #[schema(min_items = 1)]
    lines: Vec<ReturnLineBody>,
    /// Restock into this warehouse…
    warehouse_id: Option<i64>,
    /// …or write the goods off as damaged.
    write_off: Option<bool>,
    refund: RefundBody,
    #[schema(max_length = 200)]
    reason: String,
    approval: Option<ApprovalBody>,
}

/// Take back lines of a completed sale at the sale's own prices and cost: restock or write
/// off, refund in cash, card, bank or credit.
///
/// A role without sales.return (a cashier) adds a manager's approval (`approval`: the
/// manager's user name and password, typed at the till); without it the answer is 403
/// forbidden naming sales.return.
#[utoipa::path(
    post,
    path = "/api/v1/sales/{id}/returns",
    tag = "Sales",
    operation_id = "create_return",
    params(Id, IdempotencyKey),
    request_body = NewReturnBody,
    responses(
        (status = 201, description = "Returned", body = Return),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("sales.sell")))
)]
pub async fn create(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::Sell>,
) -> Result<(StatusCode, Json<Return>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(Return::of(tenant, &r))))
}

/// A return with its lines.
#[utoipa::path(
    get,
    path = "/api/v1/returns/{id}",
    tag = "Sales",
    operation_id = "get_return",
    params(Id),
    responses(
        (status = 200, description = "OK", body = Return),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sales.read_all for others' returns)")))
)]
pub async fn get(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<Return>, ApiError> {
    let r = app.sale_return(auth.grant(), id).await?;
    Ok(Json(Return::of(&auth.tenant, &r)))
}

/// What a return's receipt prints: shop, branch, register, who took it back, number, the
/// sale's number, local time, reason, lines, taxes and the refund.
#[utoipa::path(
    get,
    path = "/api/v1/returns/{id}/receipt",
    tag = "Sales",
    operation_id = "return_receipt",
    params(Id),
    responses(
        (status = 200, description = "Receipt", body = ReturnReceipt),
        Unauthorized, Forbidden, NotFound, Unavailable,
    ),
    extensions(("x-permission" = json!("any signed-in user (sales.read_all for others' returns)")))
)]
pub async fn receipt(
    State(app): State<Arc<Mizan>>,
    auth: Auth,
    Id(id): Id,
) -> Result<Json<ReturnReceipt>, ApiError> {
    let r = app.return_receipt(auth.grant(), id).await?;
    Ok(Json(ReturnReceipt::of(&auth.tenant, &r)))
}
