//! The back office's forms that create master data (a product, a customer, a supplier) and
//! change a product's prices. Each form carries an idempotency key made when it is shown, so a double submit creates one
//! record; a refusal shows the form again with what was typed, the message next to the field
//! it names (or at the top), in the person's language. The use cases are the API's.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{Grant, Mizan, NewProductInput, Perm, SupplierInput, perm};
use mizan_domain::ProductId;
use mizan_domain::decimal::format_scaled;
use mizan_domain::staff::Permission;
use mizan_store::ProductChanges;
use mizan_web::{Ctx, FormField, FormPage, render};

use crate::ApiError;
use crate::json::Decimal;
use crate::web::form::Form;
use crate::web::{Signed, html, message, see_other};

/// A field of kind `kind` named `name`, labelled by the word of the same name.
pub(super) fn field(c: &Ctx, name: &str, kind: &'static str, required: bool) -> FormField {
    FormField {
        name: name.to_owned(),
        label: c.t(name),
        kind,
        value: String::new(),
        options: Vec::new(),
        required,
        error: None,
    }
}

/// The product form's fields.
fn product_fields(c: &Ctx) -> Vec<FormField> {
    let mut unit = field(c, "unit", "select", true);
    unit.options = ["piece", "metre", "kg", "hour"]
        .iter()
        .map(|u| ((*u).to_owned(), c.word("unit", u)))
        .collect();
    unit.value = "piece".to_owned();
    vec![
        field(c, "code", "text", true),
        field(c, "name_en", "text", true),
        field(c, "name_ar", "text", false),
        unit,
        field(c, "sale_price", "number", true),
        field(c, "vat_rate", "number", false),
        field(c, "cost_price", "number", false),
        field(c, "barcode", "text", false),
        field(c, "plu", "text", false),
        field(c, "allow_negative_stock", "checkbox", false),
    ]
}

fn customer_fields(c: &Ctx) -> Vec<FormField> {
    vec![
        field(c, "name", "text", true),
        field(c, "phone", "text", false),
        field(c, "credit_limit", "number", false),
    ]
}

fn supplier_fields(c: &Ctx) -> Vec<FormField> {
    vec![
        field(c, "name", "text", true),
        field(c, "phone", "text", false),
        field(c, "tax_number", "text", false),
    ]
}

/// The form page `/office/{list}/new` titled by the word `title`.
pub(super) fn page(c: &Ctx, list: &str, title: &str, fields: Vec<FormField>) -> FormPage {
    FormPage {
        c: c.clone(),
        id: format!("new-{list}"),
        title: c.t(title),
        back: (format!("/office/{list}"), c.t(list)),
        action: format!("/office/{list}/new"),
        key: mizan_app::new_token(),
        fields,
        columns: Vec::new(),
        rows: Vec::new(),
        error: None,
        notice: None,
    }
}

/// The form again with what was typed (its fields and its lines' cells) and the refusal
/// placed next to the field or cell it names, else at the top.
pub(super) fn refused(s: &Signed, mut page: FormPage, form: &Form, e: &ApiError) -> Response {
    let text = message(&s.c, e);
    kept(&mut page, form);
    let named = e.details["field"].as_str().unwrap_or_default();
    let cells = page.fields.iter_mut().chain(page.rows.iter_mut().flatten());
    match cells.into_iter().find(|f| f.name == named) {
        Some(f) => f.error = Some(text),
        None => page.error = Some(text),
    }
    html(e.status, render(&page))
}

/// The form with its key and what was typed in each field and cell.
pub(super) fn kept(page: &mut FormPage, form: &Form) {
    page.key = form.get("key").to_owned();
    for f in page.fields.iter_mut().chain(page.rows.iter_mut().flatten()) {
        f.value = form.get(&f.name).to_owned();
    }
}

/// A form's post: the grant of `P` and the fields, or the page refusing it (no right, a body
/// too large or cut off); the request's parts answer with the redirect.
pub(super) async fn posted<P: Perm>(
    s: &Signed,
    req: Request,
) -> Result<(Parts, Grant<P>, Form), Response> {
    let (parts, body) = req.into_parts();
    let g = s.grant::<P>()?;
    let form = Form::read(body).await.map_err(|e| s.refused_api(&e))?;
    Ok((parts, g, form))
}

/// An optional field: `None` when blank.
pub(super) fn optional<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    Some(form.get(name)).filter(|v| !v.is_empty())
}

/// An optional amount typed in the shop's currency.
pub(super) fn optional_money(s: &Signed, form: &Form, name: &str) -> Result<Option<i64>, ApiError> {
    optional(form, name)
        .map(|v| Decimal::typed(v).money(&s.tenant.currency, name))
        .transpose()
}

/// The form's idempotency key for a post to `path` of the form's fields.
pub(super) fn key(
    s: &Signed,
    form: &Form,
    path: &str,
) -> Result<mizan_store::Idempotency, ApiError> {
    form.key(s, path)
}

/// `GET /office/products/new`.
pub async fn product_form(s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::CatalogManage>() {
        return p;
    }
    let p = page(&s.c, "products", "new_product", product_fields(&s.c));
    html(StatusCode::OK, render(&p))
}

/// `POST /office/products/new`: creates the product and opens its page.
pub async fn create_product(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::CatalogManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = page(&s.c, "products", "new_product", product_fields(&s.c));
    let parsed = (|| {
        let input = NewProductInput {
            code: form.get("code").to_owned(),
            barcode: optional(&form, "barcode").map(str::to_owned),
            plu: optional(&form, "plu").map(str::to_owned),
            name_en: form.get("name_en").to_owned(),
            name_ar: optional(&form, "name_ar").map(str::to_owned),
            unit: form.get("unit").to_owned(),
            sale_price: Decimal::typed(form.get("sale_price"))
                .money(&s.tenant.currency, "sale_price")?,
            vat_bp: optional(&form, "vat_rate")
                .map(|v| Decimal::typed(v).percent_bp("vat_rate"))
                .transpose()?,
            tracks_stock: None,
            allow_negative_stock: Some(form.get("allow_negative_stock") == "on"),
            cost_price: optional_money(&s, &form, "cost_price")?,
            in_rolls: Some(form.get("in_rolls") == "on"),
        };
        Ok::<_, ApiError>((input, key(&s, &form, "/office/products/new")?))
    })();
    let (input, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    match app.create_product(&g, Some(key), input).await {
        Ok(product) => see_other(&parts, &format!("/office/products/{}", product.id.0)),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}

/// The form that changes product `p`: its prices, VAT rate and negative-stock switch, filled
/// as they are now (amounts as the shop types them).
fn product_edit_page(s: &Signed, p: &mizan_store::Product) -> FormPage {
    let c = &s.c;
    let exponent = s.tenant.currency.exponent;
    let filled = |name: &str, kind: &'static str, value: String| {
        let mut f = field(c, name, kind, name == "sale_price");
        f.value = value;
        f
    };
    let fields = vec![
        filled(
            "sale_price",
            "number",
            format_scaled(p.sale_price, exponent),
        ),
        filled("vat_rate", "number", format_scaled(p.vat_bp, 2)),
        filled(
            "cost_price",
            "number",
            p.cost_price
                .map(|v| format_scaled(v, exponent))
                .unwrap_or_default(),
        ),
        filled(
            "allow_negative_stock",
            "checkbox",
            if p.allow_negative_stock { "on" } else { "" }.to_owned(),
        ),
    ];
    let mut page = page(c, "products", "edit_product", fields);
    page.title = format!(
        "{}: {} {}",
        c.t("edit_product"),
        p.code,
        c.name(&p.name_en, &p.name_ar, "")
    );
    page.id = "edit-product".to_owned();
    page.action = format!("/office/products/{}/edit", p.id.0);
    page
}

/// `GET /office/products/{id}/edit`.
pub async fn product_edit_form(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
) -> Response {
    let Ok(catalog) = s.grant::<perm::CatalogRead>() else {
        return s.refused(mizan_app::AppError::Forbidden {
            permission: Permission::CatalogRead,
        });
    };
    if let Err(p) = s.grant::<perm::CatalogManage>() {
        return p;
    }
    match app.product(&catalog, ProductId(id)).await {
        Ok(p) => html(StatusCode::OK, render(&product_edit_page(&s, &p))),
        Err(e) => s.refused(e),
    }
}

/// `POST /office/products/{id}/edit`: changes what the form changed and opens the product.
pub async fn update_product(
    State(app): State<Arc<Mizan>>,
    s: Signed,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, g, form) = match posted::<perm::CatalogManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let Ok(catalog) = s.grant::<perm::CatalogRead>() else {
        return s.refused(mizan_app::AppError::Forbidden {
            permission: Permission::CatalogRead,
        });
    };
    let now = match app.product(&catalog, ProductId(id)).await {
        Ok(p) => p,
        Err(e) => return s.refused(e),
    };
    let p = product_edit_page(&s, &now);
    let path = format!("/office/products/{id}/edit");
    let parsed = (|| {
        let changes = ProductChanges {
            sale_price: Some(
                Decimal::typed(form.get("sale_price")).money(&s.tenant.currency, "sale_price")?,
            ),
            vat_bp: optional(&form, "vat_rate")
                .map(|v| Decimal::typed(v).percent_bp("vat_rate"))
                .transpose()?,
            allow_negative_stock: Some(form.get("allow_negative_stock") == "on"),
            cost_price: optional_money(&s, &form, "cost_price")?,
        };
        Ok::<_, ApiError>((changes, key(&s, &form, &path)?))
    })();
    let (changes, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    match app.update_product(&g, Some(key), now.id, changes).await {
        Ok(product) => see_other(&parts, &format!("/office/products/{}", product.id.0)),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}

/// `GET /office/customers/new`.
pub async fn customer_form(s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::CustomersManage>() {
        return p;
    }
    let p = page(&s.c, "customers", "new_customer", customer_fields(&s.c));
    html(StatusCode::OK, render(&p))
}

/// `POST /office/customers/new`: creates the customer and opens their page.
pub async fn create_customer(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::CustomersManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = page(&s.c, "customers", "new_customer", customer_fields(&s.c));
    let parsed = optional_money(&s, &form, "credit_limit")
        .and_then(|limit| Ok((limit, key(&s, &form, "/office/customers/new")?)));
    let (limit, key) = match parsed {
        Ok(v) => v,
        Err(e) => return refused(&s, p, &form, &e),
    };
    let created = app
        .create_customer(
            &g,
            Some(key),
            form.get("name"),
            optional(&form, "phone"),
            limit,
        )
        .await;
    match created {
        Ok(c) => see_other(&parts, &format!("/office/customers/{}", c.id.0)),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}

/// `GET /office/suppliers/new`.
pub async fn supplier_form(s: Signed) -> Response {
    if let Err(p) = s.grant::<perm::PurchasesManage>() {
        return p;
    }
    let p = page(&s.c, "suppliers", "new_supplier", supplier_fields(&s.c));
    html(StatusCode::OK, render(&p))
}

/// `POST /office/suppliers/new`: creates the supplier and opens their page.
pub async fn create_supplier(State(app): State<Arc<Mizan>>, s: Signed, req: Request) -> Response {
    let (parts, g, form) = match posted::<perm::PurchasesManage>(&s, req).await {
        Ok(v) => v,
        Err(p) => return p,
    };
    let p = page(&s.c, "suppliers", "new_supplier", supplier_fields(&s.c));
    let key = match key(&s, &form, "/office/suppliers/new") {
        Ok(k) => k,
        Err(e) => return refused(&s, p, &form, &e),
    };
    let input = SupplierInput {
        name: form.get("name"),
        phone: optional(&form, "phone"),
        tax_number: optional(&form, "tax_number"),
    };
    match app.create_supplier(&g, Some(key), input).await {
        Ok(x) => see_other(&parts, &format!("/office/suppliers/{}", x.id.0)),
        Err(e) => refused(&s, p, &form, &s.error(e)),
    }
}
