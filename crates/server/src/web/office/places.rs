//! The café's tables and play stations in the back office (`cafe.manage`): the list (retired
//! ones marked), a form that adds one (a station with its rate plan: per hour, minimum, rounding
//! step, an optional peak and prepaid block), and a form that changes or retires one. The
//! checks are the API's and the store's.

use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mizan_app::{Mizan, perm};
use mizan_domain::cafe::hours::clock_text;
use mizan_domain::cafe::{Peak, Prepaid, RatePlan};
use mizan_domain::decimal::format_scaled;
use mizan_domain::staff::Permission;
use mizan_domain::{PlaceId, WarehouseId};
use mizan_store::{NewPlace, Place, PlaceChanges, PlaceKind};
use mizan_web::{Cell, FormField, FormPage, TableRow, render};

use super::forms::{field, key, optional, posted, refused};
use super::{ListQuery, answer_list, list_failed, list_page, paged};
use crate::ApiError;
use crate::api::cafe::{place_text, seats};
use crate::json::{Decimal, time_of_day};
use crate::web::form::Form;
use crate::web::{Signed, html, see_other};

/// The rate plan's fields, filled from `plan` when there is one.
fn plan_fields(s: &Signed, plan: Option<&RatePlan>, vat_bp: i64) -> Vec<FormField> {
    let c = &s.c;
    let e = s.tenant.currency.exponent;
    let money = |v: i64| format_scaled(v, e);
    let filled = |name: &str, kind: &'static str, value: Option<String>| {
        let mut f = field(c, name, kind, false);
        f.value = value.unwrap_or_default();
        f
    };
    let peak = plan.and_then(|p| p.peak);
    let prepaid = plan.and_then(|p| p.prepaid);
    vec![
        filled("hourly", "number", plan.map(|p| money(p.hourly))),
        filled(
            "minimum_minutes",
            "number",
            plan.map(|p| p.minimum_minutes.to_string()),
        ),
        filled(
            "step_minutes",
            "number",
            Some(plan.map_or(1, |p| p.step_minutes).to_string()),
        ),
        filled("peak_from", "text", peak.map(|k| clock_text(k.from_minute))),
        filled("peak_to", "text", peak.map(|k| clock_text(k.to_minute))),
        filled("peak_hourly", "number", peak.map(|k| money(k.hourly))),
        filled(
            "prepaid_minutes",
            "number",
            prepaid.map(|k| k.minutes.to_string()),
        ),
        filled("prepaid_price", "number", prepaid.map(|k| money(k.price))),
        filled(
            "overtime_hourly",
            "number",
            prepaid.map(|k| money(k.overtime_hourly)),
        ),
        filled("vat_rate", "number", Some(format_scaled(vat_bp, 2))),
    ]
}

/// A whole number typed in `name` (blank: `None`).
fn whole(form: &Form, name: &str) -> Result<Option<i64>, ApiError> {
    optional(form, name)
        .map(|v| {
            v.trim()
                .parse::<i64>()
                .map_err(|_| ApiError::invalid(name, "a whole number"))
        })
        .transpose()
}

/// The rate plan typed in the form: none when the hourly price is blank.
fn typed_plan(s: &Signed, form: &Form) -> Result<Option<RatePlan>, ApiError> {
    let c = &s.tenant.currency;
    let money = |name: &str| Decimal::typed(form.get(name)).money(c, name);
    if optional(form, "hourly").is_none() {
        return Ok(None);
    }
    let peak = match optional(form, "peak_hourly") {
        None => None,
        Some(_) => Some(Peak {
            from_minute: time_of_day("peak_from", form.get("peak_from"))?,
            to_minute: time_of_day("peak_to", form.get("peak_to"))?,
            hourly: money("peak_hourly")?,
        }),
    };
    let prepaid = match whole(form, "prepaid_minutes")? {
        None => None,
        Some(minutes) => Some(Prepaid {
            minutes,
            price: money("prepaid_price")?,
            overtime_hourly: money("overtime_hourly")?,
        }),
    };
    Ok(Some(RatePlan {
        hourly: money("hourly")?,
        peak,
        minimum_minutes: whole(form, "minimum_minutes")?.unwrap_or(0),
        step_minutes: whole(form, "step_minutes")?.unwrap_or(1),
        prepaid,
    }))
}

fn vat_bp(form: &Form) -> Result<Option<i64>, ApiError> {
    optional(form, "vat_rate")
        .map(|v| Decimal::typed(v).percent_bp("vat_rate"))
        .transpose()
}

/// `GET /office/places[?format=csv]`: every table and station, retired ones marked.
pub async fn list(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let g = match s.grant::<perm::CafeOrder>() {
        Ok(g) => g,
        Err(page) => return page,
    };
    let c = &s.c;
    let head = ["name", "area", "kind", "seats", "hourly", "status"];
    let mut page = list_page(c, "places", None, &q, &head);
    super::new_button(&s, &mut page, Permission::CafeManage, "new_place");
    let places = match app.places(&g).await {
        Ok(p) => p,
        Err(e) => return list_failed(&s, page, q.export(), &s.error(e)),
    };
    let manage = s.actor.can(Permission::CafeManage);
    let rows = places
        .iter()
        .map(|p| {
            let name = Cell::text(p.name.clone());
            TableRow::of(vec![
                if manage {
                    name.link(format!("/office/places/{}", p.id.0))
                } else {
                    name
                },
                Cell::text(p.area.clone()),
                Cell::text(c.word("place", p.kind.as_str())),
                Cell::ltr(p.seats.map(|n| n.to_string()).unwrap_or_default()),
                p.rate_plan
                    .map_or_else(|| Cell::text(String::new()), |r| Cell::money(c, r.hourly)),
                Cell::text(c.t(if p.retired { "retired" } else { "active" })),
            ])
        })
        .collect();
    paged(&mut page, rows, "after", None, &q);
    answer_list(&page, q.export())
}

/// The new place form: what it is, where, and a station's plan.
async fn new_page(app: &Mizan, s: &Signed) -> Result<FormPage, ApiError> {
    let c = &s.c;
    let catalog = s.grant::<perm::CatalogRead>().map_err(|_| {
        ApiError::from(mizan_app::AppError::Forbidden {
            permission: Permission::CatalogRead,
        })
    })?;
    let mut kind = field(c, "kind", "select", true);
    kind.options = ["table", "station"]
        .iter()
        .map(|k| ((*k).to_owned(), c.word("place", k)))
        .collect();
    kind.value = "table".to_owned();
    let mut warehouse = field(c, "warehouse", "select", true);
    warehouse.options = app
        .warehouses(&catalog, mizan_store::Page::first(mizan_store::Page::MAX))
        .await
        .map_err(|e| s.error(e))?
        .into_iter()
        .map(|w| (w.id.0.to_string(), format!("{} · {}", w.code, w.name)))
        .collect();
    let mut fields = vec![
        kind,
        field(c, "name", "text", true),
        field(c, "area", "text", true),
        field(c, "seats", "number", false),
        warehouse,
    ];
    fields.extend(plan_fields(s, None, 0));
    Ok(super::forms::page(c, "places", "new_place", fields))
}

/// `GET /office/places/new`.
pub async fn new_form(State(app): State<Arc<Mizan>>, s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::CafeManage>() {
        return p;
    }
    match new_page(&app, &s).await {
        Ok(p) => html(StatusCode::OK, render(&p)),
        Err(e) => s.refused_api(&e),
    }
}

/// `POST /office/places/new`: adds the table or station and shows the list.
pub async fn create(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::CafeManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = match new_page(&app, &s).await {
        Ok(p) => p,
        Err(e) => return s.refused_api(&e),
    };
    let parsed = (|| {
        let kind = match form.get("kind") {
            "station" => PlaceKind::Station,
            "table" => PlaceKind::Table,
            _ => return Err(ApiError::invalid("kind", "a table or a station")),
        };
        let warehouse = form
            .get("warehouse")
            .parse()
            .map_err(|_| ApiError::invalid("warehouse", "a warehouse"))?;
        let place = NewPlace {
            kind,
            area: place_text("area", form.get("area"))?,
            name: place_text("name", form.get("name"))?,
            seats: seats(whole(&form, "seats")?)?,
            warehouse: WarehouseId(warehouse),
            rate_plan: typed_plan(&s, &form)?,
            vat_bp: vat_bp(&form)?.unwrap_or(0),
        };
        Ok::<_, ApiError>((place, key(&s, &form, "/office/places/new")?))
    })();
    let (place, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    match app.create_place(&g, Some(key), place).await {
        Ok(_) => see_other(&parts, "/office/places"),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}

/// The form that changes `place`, filled as it is now.
fn edit_page(s: &Signed, place: &Place) -> FormPage {
    let c = &s.c;
    let filled = |name: &str, kind: &'static str, value: String| {
        let mut f = field(c, name, kind, matches!(name, "name" | "area"));
        f.value = value;
        f
    };
    let mut fields = vec![
        filled("name", "text", place.name.clone()),
        filled("area", "text", place.area.clone()),
        filled(
            "seats",
            "number",
            place.seats.map(|n| n.to_string()).unwrap_or_default(),
        ),
    ];
    if place.kind == PlaceKind::Station {
        fields.extend(plan_fields(s, place.rate_plan.as_ref(), place.vat_bp));
    }
    fields.push(filled(
        "retired",
        "checkbox",
        if place.retired { "on" } else { "" }.to_owned(),
    ));
    let mut page = super::forms::page(c, "places", "edit_place", fields);
    page.title = format!("{}: {}", c.t("edit_place"), place.name);
    page.id = "edit-place".to_owned();
    page.action = format!("/office/places/{}", place.id.0);
    page
}

/// `GET /office/places/{id}`.
pub async fn edit_form(State(app): State<Arc<Mizan>>, s: Signed, Path(id): Path<i64>) -> Response {
    let Ok(g) = s.grant::<perm::CafeOrder>() else {
        return s.refused(mizan_app::AppError::Forbidden {
            permission: Permission::CafeOrder,
        });
    };
    if let Err(p) = s.grant::<perm::CafeManage>() {
        return p;
    }
    match app.place(&g, PlaceId(id)).await {
        Ok(p) => html(StatusCode::OK, render(&edit_page(&s, &p))),
        Err(e) => s.refused(e),
    }
}

/// `POST /office/places/{id}`: changes what the form changed (retiring it too) and shows the
/// list.
pub async fn update(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, g, form) = match posted::<perm::CafeManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let Ok(read) = s.grant::<perm::CafeOrder>() else {
        return s.refused(mizan_app::AppError::Forbidden {
            permission: Permission::CafeOrder,
        });
    };
    let now = match app.place(&read, PlaceId(id)).await {
        Ok(p) => p,
        Err(e) => return s.refused(e),
    };
    let p = edit_page(&s, &now);
    let path = format!("/office/places/{id}");
    let station = now.kind == PlaceKind::Station;
    let parsed = (|| {
        let changes = PlaceChanges {
            area: Some(place_text("area", form.get("area"))?),
            name: Some(place_text("name", form.get("name"))?),
            seats: seats(whole(&form, "seats")?)?,
            rate_plan: if station {
                typed_plan(&s, &form)?
            } else {
                None
            },
            vat_bp: if station { vat_bp(&form)? } else { None },
            retired: Some(form.get("retired") == "on"),
        };
        Ok::<_, ApiError>((changes, key(&s, &form, &path)?))
    })();
    let (changes, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    match app.update_place(&g, Some(key), now.id, changes).await {
        Ok(_) => see_other(&parts, "/office/places"),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}
