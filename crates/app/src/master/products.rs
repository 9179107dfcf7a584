//! Products: created and changed under `catalog.manage` (unit, prices, VAT, scale item code),
//! read under `catalog.read`.

use mizan_domain::ProductId;
use mizan_domain::staff::perm;
use mizan_store::{Command, Idempotency, NewProduct, Page, Product, ProductChanges, ProductKey};

use super::{found, optional_text, text, written};
use crate::{AppError, Grant, Mizan};

/// A product as a client asks to create it: amounts in minor units, the VAT rate in basis
/// points; `None` takes the default.
#[derive(Debug, Clone, Default)]
pub struct NewProductInput {
    pub code: String,
    pub barcode: Option<String>,
    /// Item code printed in scale barcodes (digits only).
    pub plu: Option<String>,
    pub name_en: String,
    /// The English name by default.
    pub name_ar: Option<String>,
    /// `piece`, `metre`, `kg` or `hour`.
    pub unit: String,
    pub sale_price: i64,
    /// 0 by default.
    pub vat_bp: Option<i64>,
    /// By default every unit but `hour` tracks stock.
    pub tracks_stock: Option<bool>,
    pub allow_negative_stock: Option<bool>,
    pub cost_price: Option<i64>,
    /// A fabric kept in rolls (unit `metre`); `false` by default.
    pub in_rolls: Option<bool>,
}

fn sale_price(p: i64) -> Result<i64, AppError> {
    if p < 0 {
        return Err(AppError::invalid("sale_price", "must not be negative"));
    }
    Ok(p)
}

fn vat_bp(bp: i64) -> Result<i64, AppError> {
    if !(0..=10_000).contains(&bp) {
        return Err(AppError::invalid(
            "vat_rate",
            "must be a percentage from 0 to 100",
        ));
    }
    Ok(bp)
}

fn cost_price(c: i64) -> Result<i64, AppError> {
    if c <= 0 {
        return Err(AppError::invalid("cost_price", "must be positive"));
    }
    Ok(c)
}

impl NewProductInput {
    /// The product to write, its fields checked in the order a client reads refusals.
    fn validate(self) -> Result<NewProduct, AppError> {
        let unit = self.unit.trim().to_owned();
        if !matches!(unit.as_str(), "piece" | "metre" | "hour" | "kg") {
            return Err(AppError::invalid(
                "unit",
                "must be piece, metre, kg or hour",
            ));
        }
        let sale_price = sale_price(self.sale_price)?;
        let vat_bp = vat_bp(self.vat_bp.unwrap_or(0))?;
        let cost_price = self.cost_price.map(cost_price).transpose()?;
        let name_en = text(&self.name_en, "name_en", 200)?;
        let plu = optional_text(self.plu.as_deref(), "plu", 7)?;
        if plu
            .as_deref()
            .is_some_and(|p| !p.bytes().all(|c| c.is_ascii_digit()))
        {
            return Err(AppError::invalid(
                "plu",
                "digits only (the item code of scale barcodes)",
            ));
        }
        Ok(NewProduct {
            plu,
            code: text(&self.code, "code", 64)?,
            barcode: optional_text(self.barcode.as_deref(), "barcode", 64)?,
            name_ar: optional_text(self.name_ar.as_deref(), "name_ar", 200)?
                .unwrap_or_else(|| name_en.clone()),
            name_en,
            tracks_stock: self.tracks_stock.unwrap_or(unit != "hour"),
            unit,
            sale_price,
            vat_bp,
            allow_negative_stock: self.allow_negative_stock.unwrap_or(false),
            cost_price,
            in_rolls: self.in_rolls.unwrap_or(false),
        })
    }
}

impl Mizan {
    /// Creates a product.
    ///
    /// # Errors
    /// An unknown unit, a negative price, a VAT rate beyond 0–100 %, a non-positive cost, an
    /// invalid text or scale item code, or the store's refusal (a code already used).
    pub async fn create_product(
        &self,
        g: &Grant<perm::CatalogManage>,
        idempotency: Option<Idempotency>,
        input: NewProductInput,
    ) -> Result<Product, AppError> {
        let cmd = Command::CreateProduct(input.validate()?);
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.product(g.scope(), ProductId(w.id)).await?,
            "product",
        )
    }

    /// Changes a product's prices, VAT rate or negative-stock switch.
    ///
    /// # Errors
    /// A negative price, a VAT rate beyond 0–100 %, a non-positive cost, or the store's
    /// refusal (an unknown product).
    pub async fn update_product(
        &self,
        g: &Grant<perm::CatalogManage>,
        idempotency: Option<Idempotency>,
        product: ProductId,
        changes: ProductChanges,
    ) -> Result<Product, AppError> {
        let changes = ProductChanges {
            sale_price: changes.sale_price.map(sale_price).transpose()?,
            vat_bp: changes.vat_bp.map(vat_bp).transpose()?,
            cost_price: changes.cost_price.map(cost_price).transpose()?,
            ..changes
        };
        let cmd = Command::UpdateProduct { product, changes };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.product(g.scope(), ProductId(w.id)).await?,
            "product",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn product(
        &self,
        g: &Grant<perm::CatalogRead>,
        id: ProductId,
    ) -> Result<Product, AppError> {
        found(self.store.product(g.scope(), id).await?, "product")
    }

    /// The product whose own code, or else barcode, is `code`: what a person types on a
    /// document's line.
    ///
    /// # Errors
    /// A blank or overlong code (`invalid_field` on `field`), no such product (`not_found`),
    /// or a store failure.
    pub async fn product_coded(
        &self,
        g: &Grant<perm::CatalogRead>,
        code: &str,
        field: &str,
    ) -> Result<Product, AppError> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 64 {
            return Err(AppError::invalid(field, "a product code or barcode"));
        }
        for key in [ProductKey::Code(code), ProductKey::Barcode(code)] {
            if let Some(p) = self.store.product_by_code(g.scope(), key).await? {
                return Ok(p);
            }
        }
        Err(AppError::NotFound {
            what: "product with this code",
        })
    }

    /// A page of products in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn products(
        &self,
        g: &Grant<perm::CatalogRead>,
        page: Page,
    ) -> Result<Vec<Product>, AppError> {
        Ok(self.store.products(g.scope(), page).await?)
    }
}

impl Mizan {
    /// Stocked products that cannot be sold until they have a cost (no cost price and nothing
    /// on hand with a value), with their quantity on hand: receive them or set their cost.
    ///
    /// # Errors
    /// A store failure.
    pub async fn products_without_cost(
        &self,
        g: &Grant<perm::CatalogRead>,
    ) -> Result<Vec<(Product, i64)>, AppError> {
        Ok(self.store.products_without_cost(g.scope()).await?)
    }
}

impl Mizan {
    /// Up to `limit` (at most 500) products whose code or name (English or Arabic) contains
    /// `text`, in code order: what a cashier finds by typing part of a name.
    ///
    /// # Errors
    /// `text` empty or longer than 100 characters (`invalid_field`), or a store failure.
    pub async fn find_products(
        &self,
        g: &Grant<perm::CatalogRead>,
        text: &str,
        limit: i64,
    ) -> Result<Vec<Product>, AppError> {
        let text = crate::master::search_text(text)?;
        let limit = limit.clamp(1, Page::MAX);
        Ok(self.store.products_named(g.scope(), text, limit).await?)
    }
}
