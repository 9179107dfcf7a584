//! The café floor over HTTP: tables and stations, the floor, play sessions (start, pause,
//! resume, stop, link to a table), orders (add, serve, void) and bills (payments, merges,
//! splits, a due date for a kept tab). Handlers only parse and answer; the rules are the
//! domain's and the app's.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use mizan_app::{Mizan, OrderInput, perm};
use mizan_domain::cafe::{Peak, Prepaid, RatePlan};
use mizan_domain::{
    BillId, CashRegisterId, Currency, CustomerId, OrderId, PlaceId, PlaySessionId, ProductId,
    WarehouseId,
};
use mizan_store::{
    NewPlace, OrderTarget, PlaceChanges, PlaceKind, PlayAction, SplitPart, TabMethod,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Bill, BillSummary, CafeReport, Floor, Place, PlaySession};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, Id, WriteRequest, query_day};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PeakBody {
    /// Minutes after local midnight (0 to 1440); the peak may wrap past midnight.
    from_minute: i64,
    to_minute: i64,
    hourly: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PrepaidBody {
    minutes: i64,
    price: Decimal,
    overtime_hourly: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct RatePlanBody {
    /// Per hour, before VAT.
    hourly: Decimal,
    peak: Option<PeakBody>,
    #[serde(default)]
    minimum_minutes: i64,
    /// Billed time is rounded up to these minutes (1: per started minute).
    #[serde(default = "one")]
    step_minutes: i64,
    prepaid: Option<PrepaidBody>,
}

fn one() -> i64 {
    1
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum KindBody {
    Table,
    Station,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewPlaceBody {
    kind: KindBody,
    #[schema(max_length = 100)]
    area: String,
    #[schema(max_length = 100)]
    name: String,
    seats: Option<i64>,
    /// Where orders served here are issued from.
    warehouse_id: i64,
    /// A station's plan.
    rate_plan: Option<RatePlanBody>,
    /// VAT on play time, percent (default 0).
    vat_rate: Option<Decimal>,
}

/// A place's name or area: 1 to 100 characters, trimmed.
pub(crate) fn place_text(field: &str, s: &str) -> Result<String, ApiError> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > 100 {
        return Err(ApiError::invalid(field, "1 to 100 characters"));
    }
    Ok(s.to_owned())
}

fn rate_plan(c: &Currency, r: RatePlanBody) -> Result<RatePlan, ApiError> {
    Ok(RatePlan {
        hourly: r.hourly.money(c, "rate_plan.hourly")?,
        peak: r
            .peak
            .map(|k| {
                Ok::<_, ApiError>(Peak {
                    from_minute: k.from_minute,
                    to_minute: k.to_minute,
                    hourly: k.hourly.money(c, "rate_plan.peak.hourly")?,
                })
            })
            .transpose()?,
        minimum_minutes: r.minimum_minutes,
        step_minutes: r.step_minutes,
        prepaid: r
            .prepaid
            .map(|k| {
                Ok::<_, ApiError>(Prepaid {
                    minutes: k.minutes,
                    price: k.price.money(c, "rate_plan.prepaid.price")?,
                    overtime_hourly: k
                        .overtime_hourly
                        .money(c, "rate_plan.prepaid.overtime_hourly")?,
                })
            })
            .transpose()?,
    })
}

/// Seats at a table: 1 to 1000.
pub(crate) fn seats(seats: Option<i64>) -> Result<Option<i64>, ApiError> {
    if seats.is_some_and(|s| !(1..=1000).contains(&s)) {
        return Err(ApiError::invalid("seats", "1 to 1000"));
    }
    Ok(seats)
}

/// Add a table or a play station (with its rate plan) to the floor.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/places",
    tag = "Café",
    params(IdempotencyKey),
    request_body = NewPlaceBody,
    responses(
        (status = 201, description = "Added", body = Place),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("cafe.manage")))
)]
pub async fn create_place(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CafeManage>,
) -> Result<(StatusCode, Json<Place>), ApiError> {
    let b: NewPlaceBody = req.parse()?;
    let t = &req.auth.tenant;
    let c = &t.currency;
    let rate_plan = b.rate_plan.map(|r| rate_plan(c, r)).transpose()?;
    let seats = seats(b.seats)?;
    let place = NewPlace {
        kind: match b.kind {
            KindBody::Table => PlaceKind::Table,
            KindBody::Station => PlaceKind::Station,
        },
        area: place_text("area", &b.area)?,
        name: place_text("name", &b.name)?,
        seats,
        warehouse: WarehouseId(b.warehouse_id),
        rate_plan,
        vat_bp: b
            .vat_rate
            .map(|v| v.percent_bp("vat_rate"))
            .transpose()?
            .unwrap_or(0),
    };
    let p = app
        .create_place(req.auth.grant(), req.idempotency.clone(), place)
        .await
        .map_err(|e| ApiError::app_in(e, c))?;
    Ok((StatusCode::CREATED, Json(Place::of(t, &p))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PlaceChangesBody {
    #[schema(max_length = 100)]
    area: Option<String>,
    #[schema(max_length = 100)]
    name: Option<String>,
    seats: Option<i64>,
    /// A station's plan from its next session on (a running session keeps the plan it started
    /// with).
    rate_plan: Option<RatePlanBody>,
    /// VAT on play time, percent.
    vat_rate: Option<Decimal>,
    /// `true` takes it off the floor (`place_in_use` while a bill is open on it or a session
    /// plays); `false` puts it back.
    retired: Option<bool>,
}

/// Change a table or station, or retire it; a field left out stays as it is.
#[utoipa::path(
    patch,
    path = "/api/v1/cafe/places/{id}",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = PlaceChangesBody,
    responses(
        (status = 200, description = "Changed", body = Place),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("cafe.manage")))
)]
pub async fn update_place(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeManage>,
) -> Result<Json<Place>, ApiError> {
    let b: PlaceChangesBody = req.parse()?;
    let t = &req.auth.tenant;
    let c = &t.currency;
    let changes = PlaceChanges {
        area: b.area.map(|a| place_text("area", &a)).transpose()?,
        name: b.name.map(|n| place_text("name", &n)).transpose()?,
        seats: seats(b.seats)?,
        rate_plan: b.rate_plan.map(|r| rate_plan(c, r)).transpose()?,
        vat_bp: b.vat_rate.map(|v| v.percent_bp("vat_rate")).transpose()?,
        retired: b.retired,
    };
    let p = app
        .update_place(
            req.auth.grant(),
            req.idempotency.clone(),
            PlaceId(id),
            changes,
        )
        .await
        .map_err(|e| ApiError::app_in(e, c))?;
    Ok(Json(Place::of(t, &p)))
}

/// The floor's tables and stations.
#[utoipa::path(
    get,
    path = "/api/v1/cafe/places",
    tag = "Café",
    responses((status = 200, description = "OK", body = [Place]), Unauthorized, Forbidden, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn list_places(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CafeOrder>,
) -> Result<Json<Vec<Place>>, ApiError> {
    let places = app.places(auth.grant()).await?;
    Ok(Json(
        places.iter().map(|p| Place::of(&auth.tenant, p)).collect(),
    ))
}

/// Every table and station, free or busy, with running timers and the open amount.
#[utoipa::path(
    get,
    path = "/api/v1/cafe/floor",
    tag = "Café",
    responses((status = 200, description = "OK", body = Floor), Unauthorized, Forbidden, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn floor(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CafeOrder>,
) -> Result<Json<Floor>, ApiError> {
    let f = app.floor(auth.grant()).await?;
    Ok(Json(Floor::of(&auth.tenant, &f)))
}

/// Start a play session on a free station (`station_busy` otherwise), with a bill of its own.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/stations/{id}/sessions",
    tag = "Café",
    params(Id, IdempotencyKey),
    responses(
        (status = 201, description = "Started", body = PlaySession),
        Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn start_session(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<(StatusCode, Json<PlaySession>), ApiError> {
    let t = &req.auth.tenant;
    let s = app
        .start_play(req.auth.grant(), req.idempotency.clone(), PlaceId(id))
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(PlaySession::of(t, &s))))
}

/// A play session with its events.
#[utoipa::path(
    get,
    path = "/api/v1/cafe/sessions/{id}",
    tag = "Café",
    params(Id),
    responses((status = 200, description = "OK", body = PlaySession), Unauthorized, Forbidden, NotFound, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn get_session(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CafeOrder>,
    Id(id): Id,
) -> Result<Json<PlaySession>, ApiError> {
    let s = app.play_session(auth.grant(), PlaySessionId(id)).await?;
    Ok(Json(PlaySession::of(&auth.tenant, &s)))
}

async fn time(
    app: &Mizan,
    id: i64,
    req: &WriteRequest<perm::CafeOrder>,
    action: PlayAction,
) -> Result<Json<PlaySession>, ApiError> {
    let t = &req.auth.tenant;
    let s = app
        .time_play(
            req.auth.grant(),
            req.idempotency.clone(),
            PlaySessionId(id),
            action,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(PlaySession::of(t, &s)))
}

/// Pause a running session (a paused one answers as it is).
#[utoipa::path(
    post,
    path = "/api/v1/cafe/sessions/{id}/pause",
    tag = "Café",
    params(Id, IdempotencyKey),
    responses((status = 200, description = "Paused", body = PlaySession), Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn pause_session(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<Json<PlaySession>, ApiError> {
    time(&app, id, &req, PlayAction::Pause).await
}

/// Resume a paused session.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/sessions/{id}/resume",
    tag = "Café",
    params(Id, IdempotencyKey),
    responses((status = 200, description = "Resumed", body = PlaySession), Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn resume_session(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<Json<PlaySession>, ApiError> {
    time(&app, id, &req, PlayAction::Resume).await
}

/// Stop a session: the plan bills the recorded time and the charge posts to its bill (Dr open
/// café tabs / Cr revenue, VAT). Stopping twice answers the first stop.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/sessions/{id}/stop",
    tag = "Café",
    params(Id, IdempotencyKey),
    responses((status = 200, description = "Stopped", body = PlaySession), Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn stop_session(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<Json<PlaySession>, ApiError> {
    time(&app, id, &req, PlayAction::Stop).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    table_id: i64,
}

/// Link a session to a table: its bill (with its payments) merges into the table's newest
/// unpaid bill, noted `[merged bill BILL-…]`; or, when the table has none, is attached to the
/// table and named after it. The merged bill is kept, closed into the other.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/sessions/{id}/link",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = LinkBody,
    responses((status = 200, description = "The bill the session is on", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.settle")))
)]
pub async fn link_session(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeSettle>,
) -> Result<Json<Bill>, ApiError> {
    let b: LinkBody = req.parse()?;
    let t = &req.auth.tenant;
    let v = app
        .link_session(
            req.auth.grant(),
            req.idempotency.clone(),
            PlaySessionId(id),
            PlaceId(b.table_id),
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Bill::of(t, &v)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewOrderBody {
    /// Exactly one of `bill_id`, `table_id` (its newest unpaid bill, or a new one) and
    /// `session_id`.
    bill_id: Option<i64>,
    table_id: Option<i64>,
    session_id: Option<i64>,
    product_id: i64,
    quantity: Decimal,
    /// Served at once: the charge posts now.
    #[serde(default)]
    served: bool,
    #[schema(max_length = 200)]
    note: Option<String>,
}

/// Add an order line; when `served`, its charge posts at once (with its stock and cost for a
/// stock-tracked item). Answers the bill it joined.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/orders",
    tag = "Café",
    params(IdempotencyKey),
    request_body = NewOrderBody,
    responses((status = 201, description = "Ordered", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn create_order(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<(StatusCode, Json<Bill>), ApiError> {
    let b: NewOrderBody = req.parse()?;
    let t = &req.auth.tenant;
    let target = match (b.bill_id, b.table_id, b.session_id) {
        (Some(x), None, None) => OrderTarget::Bill(BillId(x)),
        (None, Some(x), None) => OrderTarget::Table(PlaceId(x)),
        (None, None, Some(x)) => OrderTarget::Session(PlaySessionId(x)),
        _ => {
            return Err(ApiError::invalid(
                "bill_id",
                "give exactly one of bill_id, table_id and session_id",
            ));
        }
    };
    if b.note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::invalid("note", "at most 200 characters"));
    }
    let o = OrderInput {
        target,
        product: ProductId(b.product_id),
        qty: b.quantity.qty("quantity")?,
        served: b.served,
        note: b
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
    };
    let v = app
        .add_order(req.auth.grant(), req.idempotency.clone(), o)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(Bill::of(t, &v))))
}

/// Serve a pending order: its charge, stock and cost post. Serving twice answers the bill.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/orders/{id}/serve",
    tag = "Café",
    params(Id, IdempotencyKey),
    responses((status = 200, description = "Served", body = Bill), Unauthorized, Forbidden, NotFound, TimedOut, Conflict, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn serve_order(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeOrder>,
) -> Result<Json<Bill>, ApiError> {
    let t = &req.auth.tenant;
    let v = app
        .serve_order(req.auth.grant(), req.idempotency.clone(), OrderId(id))
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Bill::of(t, &v)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct VoidOrderBody {
    #[schema(max_length = 200)]
    reason: String,
}

/// Void an order before it is served, with the reason (`order_not_pending` once served).
#[utoipa::path(
    post,
    path = "/api/v1/cafe/orders/{id}/void",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = VoidOrderBody,
    responses((status = 200, description = "Voided", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.void")))
)]
pub async fn void_order(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeVoid>,
) -> Result<Json<Bill>, ApiError> {
    let b: VoidOrderBody = req.parse()?;
    let t = &req.auth.tenant;
    if b.reason.chars().count() > 200 {
        return Err(ApiError::invalid("reason", "at most 200 characters"));
    }
    let v = app
        .void_order(
            req.auth.grant(),
            req.idempotency.clone(),
            OrderId(id),
            b.reason,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Bill::of(t, &v)))
}

/// `?open=&before=&limit=` of the bills list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BillsQuery {
    /// Only bills still open (not merged, not closed).
    open: Option<bool>,
    before: Option<i64>,
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

/// Bills newest first (at most 100 a page unless `limit` says otherwise).
#[utoipa::path(
    get,
    path = "/api/v1/cafe/bills",
    tag = "Café",
    params(BillsQuery),
    responses((status = 200, description = "OK", body = [BillSummary]), Unauthorized, Forbidden, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn list_bills(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CafeOrder>,
    q: Result<Query<BillsQuery>, QueryRejection>,
) -> Result<Json<Vec<BillSummary>>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let bills = app
        .bills(
            auth.grant(),
            q.open.unwrap_or(false),
            q.before,
            q.limit.unwrap_or(100),
        )
        .await?;
    Ok(Json(
        bills
            .iter()
            .map(|(b, s)| BillSummary::of(&auth.tenant, b, s.as_str()))
            .collect(),
    ))
}

/// A bill with its charges, orders, payments, sessions and merge trail.
#[utoipa::path(
    get,
    path = "/api/v1/cafe/bills/{id}",
    tag = "Café",
    params(Id),
    responses((status = 200, description = "OK", body = Bill), Unauthorized, Forbidden, NotFound, Unavailable),
    extensions(("x-permission" = json!("cafe.order")))
)]
pub async fn get_bill(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CafeOrder>,
    Id(id): Id,
) -> Result<Json<Bill>, ApiError> {
    let v = app.bill(auth.grant(), BillId(id)).await?;
    Ok(Json(Bill::of(&auth.tenant, &v)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct BillChangesBody {
    /// The business day (`YYYY-MM-DD`) a kept tab is due by; `""` clears it.
    due_on: Option<String>,
    #[schema(max_length = 200)]
    note: Option<String>,
}

/// Keep a tab open for a regular until a day (it is overdue after it), or add a note.
#[utoipa::path(
    patch,
    path = "/api/v1/cafe/bills/{id}",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = BillChangesBody,
    responses((status = 200, description = "Changed", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.settle")))
)]
pub async fn update_bill(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeSettle>,
) -> Result<Json<Bill>, ApiError> {
    let b: BillChangesBody = req.parse()?;
    let t = &req.auth.tenant;
    let due = match b.due_on.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(d) => {
            let day = query_day("due_on", Some(d))?.unwrap_or_default();
            Some(Some(mizan_domain::calendar::end_of_day_ms(
                day,
                t.utc_offset_minutes,
            )))
        }
    };
    if b.note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(ApiError::invalid("note", "at most 200 characters"));
    }
    let v = app
        .update_bill(
            req.auth.grant(),
            req.idempotency.clone(),
            BillId(id),
            due,
            b.note,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Bill::of(t, &v)))
}

/// How part of a bill is paid.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
enum TabMethodBody {
    /// Into this register's drawer (its open session counts it as a pay-in).
    Cash {
        cash_register_id: i64,
    },
    Card,
    /// On the customer's account.
    Customer {
        customer_id: i64,
    },
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct BillPaymentBody {
    amount: Decimal,
    paid: TabMethodBody,
}

/// Pay part or all of what a bill has open (`payment_exceeds_remaining` beyond it): Dr drawer,
/// card clearing or customers / Cr open café tabs. A bill paid in full, with nothing playing
/// or waiting to be served, closes.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/bills/{id}/payments",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = BillPaymentBody,
    responses((status = 201, description = "Paid", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.settle")))
)]
pub async fn pay_bill(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeSettle>,
) -> Result<(StatusCode, Json<Bill>), ApiError> {
    let b: BillPaymentBody = req.parse()?;
    let t = &req.auth.tenant;
    let method = match b.paid {
        TabMethodBody::Cash { cash_register_id } => {
            TabMethod::Cash(CashRegisterId(cash_register_id))
        }
        TabMethodBody::Card => TabMethod::Card,
        TabMethodBody::Customer { customer_id } => TabMethod::Customer(CustomerId(customer_id)),
    };
    let amount = b.amount.money(&t.currency, "amount")?;
    let v = app
        .pay_bill(
            req.auth.grant(),
            req.idempotency.clone(),
            BillId(id),
            amount,
            method,
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(Bill::of(t, &v))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MergeBody {
    into_bill_id: i64,
}

/// Merge this bill into another: every charge, order, payment and session moves; this bill
/// is kept, closed as merged into the other, with a link both ways. Answers the other bill.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/bills/{id}/merge",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = MergeBody,
    responses((status = 200, description = "Merged", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.settle")))
)]
pub async fn merge_bill(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeSettle>,
) -> Result<Json<Bill>, ApiError> {
    let b: MergeBody = req.parse()?;
    let t = &req.auth.tenant;
    let v = app
        .merge_bills(
            req.auth.grant(),
            req.idempotency.clone(),
            BillId(id),
            BillId(b.into_bill_id),
        )
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok(Json(Bill::of(t, &v)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SplitBody {
    /// The charges to move, by id; or else
    charge_ids: Option<Vec<i64>>,
    /// an amount of what is open.
    amount: Option<Decimal>,
}

/// Split charges (by id) or an amount off this bill into a new bill on the same table.
/// Answers the new bill.
#[utoipa::path(
    post,
    path = "/api/v1/cafe/bills/{id}/split",
    tag = "Café",
    params(Id, IdempotencyKey),
    request_body = SplitBody,
    responses((status = 201, description = "Split", body = Bill), BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid, Unavailable),
    extensions(("x-permission" = json!("cafe.settle")))
)]
pub async fn split_bill(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::CafeSettle>,
) -> Result<(StatusCode, Json<Bill>), ApiError> {
    let b: SplitBody = req.parse()?;
    let t = &req.auth.tenant;
    let part = match (b.charge_ids, b.amount) {
        (Some(ids), None) if ids.len() <= 500 => SplitPart::Charges(ids),
        (None, Some(a)) => SplitPart::Amount(a.money(&t.currency, "amount")?),
        _ => {
            return Err(ApiError::invalid(
                "charge_ids",
                "give either charge_ids (at most 500) or amount",
            ));
        }
    };
    let v = app
        .split_bill(req.auth.grant(), req.idempotency.clone(), BillId(id), part)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(Bill::of(t, &v))))
}

/// `?from=&to=&opens=&closes=` of the café report.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CafeReportQuery {
    /// First business day, `YYYY-MM-DD` (today by default).
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD` (today by default).
    to: Option<String>,
    /// Opening time `HH:MM` (the café's setting by default).
    opens: Option<String>,
    /// Closing time `HH:MM` (the café's setting by default); at or before `opens`: after
    /// midnight.
    closes: Option<String>,
}

/// The café over a period: per station the sessions, time played and billed, utilisation of
/// the opening hours and play revenue; per menu item what was served, its revenue and cost.
#[utoipa::path(
    get,
    path = "/api/v1/reports/cafe",
    tag = "Café",
    params(CafeReportQuery),
    responses((status = 200, description = "OK", body = CafeReport), Unauthorized, Forbidden, Invalid, Unavailable),
    extensions(("x-permission" = json!("reports.read")))
)]
pub async fn report(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::ReportsRead>,
    q: Result<Query<CafeReportQuery>, QueryRejection>,
) -> Result<Json<CafeReport>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let from = query_day("from", q.from.as_deref())?;
    let to = query_day("to", q.to.as_deref())?;
    let t = &auth.tenant;
    let hours = crate::json::opening_hours(
        ["opens", "closes"],
        q.opens.as_deref(),
        q.closes.as_deref(),
        t.cafe_hours,
    )?
    .unwrap_or(t.cafe_hours);
    let r = app.cafe_report(auth.grant(), t, from, to, hours).await?;
    Ok(Json(CafeReport::of(t, &r)))
}
