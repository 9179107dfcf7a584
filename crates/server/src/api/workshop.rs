//! The workshop over HTTP: rolls (and writing one off) and the shortage list, cutting orders,
//! and the steps of their items (reserve, cut, cancel). Handlers only parse and answer; the
//! rules are the domain's.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::workshop::{ItemState, NewRoll};
use mizan_domain::{AccountId, Currency, ProductId, WarehouseId};
use mizan_store::{MAX_CUTTING_ITEMS, NewCuttingItem, NewCuttingOrder, RollFilter};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{CuttingItem, CuttingOrder, Roll, Shortage};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest};

/// A roll as it is received.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRollBody {
    #[schema(max_length = 60)]
    label: String,
    /// Metres, up to 3 decimals.
    length: Decimal,
    width_mm: Option<i64>,
}

/// The rolls of a receipt, parsed; `field` names the list in refusals.
pub(crate) fn new_rolls(
    rolls: &[NewRollBody],
    field: &str,
    currency: &Currency,
) -> Result<Vec<NewRoll>, ApiError> {
    rolls
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let length = r.length.qty(&format!("{field}[{i}].length"))?;
            NewRoll::new(&r.label, length, r.width_mm)
                .map_err(|e| ApiError::refusal(&e, Some(currency)))
        })
        .collect()
}

/// `?product_id=&warehouse_id=&offcuts=&empty=` of the rolls list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollsQuery {
    product_id: Option<i64>,
    warehouse_id: Option<i64>,
    /// Only offcuts.
    offcuts: Option<bool>,
    /// Used-up rolls too.
    empty: Option<bool>,
}

/// Rolls by fabric, warehouse and id (at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/workshop/rolls",
    tag = "Workshop",
    params(RollsQuery),
    responses((status = 200, description = "OK", body = [Roll]), Unauthorized, Forbidden, Invalid, Unavailable),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn list_rolls(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    q: Result<Query<RollsQuery>, QueryRejection>,
) -> Result<Json<Vec<Roll>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = RollFilter {
        product: q.product_id.map(ProductId),
        warehouse: q.warehouse_id.map(WarehouseId),
        offcuts: q.offcuts.unwrap_or(false),
        empty: q.empty.unwrap_or(false),
    };
    let rolls = app.rolls(auth.grant(), filter).await?;
    Ok(Json(rolls.iter().map(Roll::of).collect()))
}

/// A roll with every length taken from it.
#[utoipa::path(
    get,
    path = "/api/v1/workshop/rolls/{id}",
    tag = "Workshop",
    params(Id),
    responses((status = 200, description = "OK", body = Roll), Unauthorized, Forbidden, NotFound, Unavailable),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn get_roll(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
    Id(id): Id,
) -> Result<Json<Roll>, ApiError> {
    Ok(Json(Roll::of(&app.roll(auth.grant(), id).await?)))
}

/// Fabrics that pending cutting items need more of than their warehouse has free (on hand
/// less what reserved items hold), most short first.
#[utoipa::path(
    get,
    path = "/api/v1/workshop/shortages",
    tag = "Workshop",
    responses((status = 200, description = "OK", body = [Shortage]), Unauthorized, Forbidden, Unavailable),
    extensions(("x-permission" = json!("stock.read")))
)]
pub async fn shortages(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::StockRead>,
) -> Result<Json<Vec<Shortage>>, ApiError> {
    let found = app.shortages(auth.grant()).await?;
    Ok(Json(found.iter().map(Shortage::of).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CuttingItemBody {
    /// A fabric kept in rolls.
    product_id: i64,
    warehouse_id: i64,
    /// Metres, up to 3 decimals.
    length: Decimal,
    /// The roll to cut from; by default the shortest that holds the length.
    roll_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCuttingOrderBody {
    #[schema(max_length = 200)]
    note: Option<String>,
    /// For the shop's own use or stock: the account the cut fabric's cost goes to (by
    /// default work in progress, 11052, until the order is invoiced).
    charge_account_id: Option<i64>,
    #[schema(min_items = 1, max_items = 200)]
    items: Vec<CuttingItemBody>,
}

/// Make a cutting order; its items start pending.
#[utoipa::path(
    post,
    path = "/api/v1/workshop/cutting-orders",
    tag = "Workshop",
    params(IdempotencyKey),
    request_body = NewCuttingOrderBody,
    responses(
        (status = 201, description = "Created", body = CuttingOrder),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("workshop.manage")))
)]
pub async fn create_cutting_order(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::WorkshopManage>,
) -> Result<(StatusCode, Json<CuttingOrder>), ApiError> {
    let b: NewCuttingOrderBody = req.parse()?;
    if b.items.len() > MAX_CUTTING_ITEMS {
        return Err(ApiError::invalid("items", "at most 200 items"));
    }
    if b.note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::invalid("note", "at most 200 characters"));
    }
    let items = b
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            Ok(NewCuttingItem {
                product: ProductId(it.product_id),
                warehouse: WarehouseId(it.warehouse_id),
                length: it.length.qty(&format!("items[{i}].length"))?,
                roll: it.roll_id,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let order = NewCuttingOrder {
        note: b.note.filter(|n| !n.trim().is_empty()),
        charge_to: b.charge_account_id.map(AccountId),
        items,
        by: String::new(),
        now_ms: 0,
    };
    let t = &req.auth.tenant;
    let o = app
        .create_cutting_order(req.auth.grant(), req.idempotency.clone(), order)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(CuttingOrder::of(t, &o))))
}

/// A cutting order with its items.
#[utoipa::path(
    get,
    path = "/api/v1/workshop/cutting-orders/{id}",
    tag = "Workshop",
    params(Id),
    responses((status = 200, description = "OK", body = CuttingOrder), Unauthorized, Forbidden, NotFound, Unavailable),
    extensions(("x-permission" = json!("workshop.cut")))
)]
pub async fn get_cutting_order(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::WorkshopCut>,
    Id(id): Id,
) -> Result<Json<CuttingOrder>, ApiError> {
    let o = app.cutting_order(auth.grant(), id).await?;
    Ok(Json(CuttingOrder::of(&auth.tenant, &o)))
}

/// `?status=&limit=` of the cutting items list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemsQuery {
    /// `pending`, `reserved` (the default: the cutting queue), `cut` or `cancelled`.
    status: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

/// Cutting items in one state, oldest first: by default the reserved ones, next to cut.
#[utoipa::path(
    get,
    path = "/api/v1/workshop/cutting-items",
    tag = "Workshop",
    params(ItemsQuery),
    responses((status = 200, description = "OK", body = [CuttingItem]), Unauthorized, Forbidden, Invalid, Unavailable),
    extensions(("x-permission" = json!("workshop.cut")))
)]
pub async fn list_items(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::WorkshopCut>,
    q: Result<Query<ItemsQuery>, QueryRejection>,
) -> Result<Json<Vec<CuttingItem>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let state = ItemState::parse(q.status.as_deref().unwrap_or("reserved"))
        .map_err(|e| ApiError::refusal(&e, None))?;
    let items = app
        .cutting_items(auth.grant(), state, q.limit.unwrap_or(100))
        .await?;
    Ok(Json(
        items
            .iter()
            .map(|i| CuttingItem::of(&auth.tenant, i))
            .collect(),
    ))
}

type Stepped = Result<Json<CuttingItem>, ApiError>;

/// Reserve an item's length (refused with `insufficient_stock` beyond on hand less what other
/// items hold). Repeating it answers the same.
#[utoipa::path(
    post,
    path = "/api/v1/workshop/cutting-items/{id}/reserve",
    tag = "Workshop",
    params(Id, IdempotencyKey),
    responses(
        (status = 200, description = "Reserved", body = CuttingItem),
        Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("workshop.cut")))
)]
pub async fn reserve_item(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::WorkshopCut>,
) -> Stepped {
    work(&app, &req, id, false).await
}

/// Cut a reserved item off its roll (the one it names, or the shortest that holds it): the
/// length leaves the roll and the warehouse at cost into work in progress, in one posting.
/// Repeating it answers the same.
#[utoipa::path(
    post,
    path = "/api/v1/workshop/cutting-items/{id}/cut",
    tag = "Workshop",
    params(Id, IdempotencyKey),
    responses(
        (status = 200, description = "Cut", body = CuttingItem),
        Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("workshop.cut")))
)]
pub async fn cut_item(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::WorkshopCut>,
) -> Stepped {
    work(&app, &req, id, true).await
}

async fn work(app: &Mizan, req: &WriteRequest<perm::WorkshopCut>, id: i64, cut: bool) -> Stepped {
    let t = &req.auth.tenant;
    let item = app
        .work_cutting_item(req.auth.grant(), req.idempotency.clone(), id, cut)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(CuttingItem::of(t, &item)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct CancelBody {
    /// Required when the item was cut.
    #[schema(max_length = 200)]
    reason: Option<String>,
}

/// Cancel an item: a reservation is let go; a cut goes back onto the same roll at the value it
/// took (a reason is required).
#[utoipa::path(
    post,
    path = "/api/v1/workshop/cutting-items/{id}/cancel",
    tag = "Workshop",
    params(Id, IdempotencyKey),
    request_body = CancelBody,
    responses(
        (status = 200, description = "Cancelled", body = CuttingItem),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("workshop.manage")))
)]
pub async fn cancel_item(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::WorkshopManage>,
) -> Stepped {
    let b: CancelBody = req.parse()?;
    if b.reason.as_ref().is_some_and(|r| r.chars().count() > 200) {
        return Err(ApiError::invalid("reason", "at most 200 characters"));
    }
    let t = &req.auth.tenant;
    let item = app
        .cancel_cutting_item(req.auth.grant(), req.idempotency.clone(), id, b.reason)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(CuttingItem::of(t, &item)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct WriteOffBody {
    #[schema(max_length = 200)]
    reason: String,
}

/// Write off what is left of a roll (an offcut too short to use, a damaged roll), with the
/// reason: it leaves the stock at the moving average, Dr damaged goods (52010) / Cr inventory;
/// never the length cutting items hold reserved.
#[utoipa::path(
    post,
    path = "/api/v1/workshop/rolls/{id}/write-off",
    tag = "Workshop",
    params(Id, IdempotencyKey),
    request_body = WriteOffBody,
    responses(
        (status = 200, description = "Written off", body = Roll),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("workshop.manage")))
)]
pub async fn write_off_roll(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::WorkshopManage>,
) -> Result<Json<Roll>, ApiError> {
    let b: WriteOffBody = req.parse()?;
    let t = &req.auth.tenant;
    let roll = app
        .write_off_roll(req.auth.grant(), req.idempotency.clone(), id, b.reason)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Roll::of(&roll)))
}
