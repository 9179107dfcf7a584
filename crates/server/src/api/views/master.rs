//! Answers about master data: branches, warehouses, cash registers, customers, products, and
//! what a scanned code names.

use mizan_store::{self as store, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Percent, Quantity};

#[derive(Debug, Serialize, ToSchema)]
pub struct Branch {
    pub id: i64,
    pub name: String,
}

impl From<&store::Branch> for Branch {
    fn from(b: &store::Branch) -> Self {
        Self {
            id: b.id.0,
            name: b.name.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Warehouse {
    pub id: i64,
    /// `null`: not tied to a branch.
    #[schema(required)]
    pub branch_id: Option<i64>,
    pub code: String,
    pub name: String,
}

impl From<&store::Warehouse> for Warehouse {
    fn from(w: &store::Warehouse) -> Self {
        Self {
            id: w.id.0,
            branch_id: w.branch_id.map(|b| b.0),
            code: w.code.clone(),
            name: w.name.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CashRegister {
    pub id: i64,
    /// `null`: not tied to a branch.
    #[schema(required)]
    pub branch_id: Option<i64>,
    pub name: String,
    /// The register's own cash account.
    pub account_id: i64,
}

impl From<&store::CashRegister> for CashRegister {
    fn from(r: &store::CashRegister) -> Self {
        Self {
            id: r.id.0,
            branch_id: r.branch_id.map(|b| b.0),
            name: r.name.clone(),
            account_id: r.account_id.0,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    #[schema(required)]
    pub phone: Option<String>,
    /// Most the customer may owe; `null` for no limit.
    #[schema(required)]
    pub credit_limit: Option<Money>,
    /// What the customer owes from credit sales.
    pub balance: Money,
}

impl Customer {
    pub fn of(t: &Tenant, c: &store::Customer) -> Self {
        Self {
            id: c.id.0,
            name: c.name.clone(),
            phone: c.phone.clone(),
            credit_limit: c.credit_limit.map(|l| Money::of(t, l)),
            balance: Money::of(t, c.balance),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Product {
    pub id: i64,
    pub code: String,
    #[schema(required)]
    pub barcode: Option<String>,
    /// Price look-up code: the item code inside scale barcodes.
    #[schema(required)]
    pub plu: Option<String>,
    pub name_en: String,
    pub name_ar: String,
    pub unit: String,
    pub sale_price: Money,
    pub vat_rate: Percent,
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    /// `null` until the product has a cost.
    #[schema(required)]
    pub cost_price: Option<Money>,
    /// A fabric kept in rolls.
    pub in_rolls: bool,
}

impl Product {
    pub fn of(t: &Tenant, p: &store::Product) -> Self {
        Self {
            id: p.id.0,
            code: p.code.clone(),
            barcode: p.barcode.clone(),
            plu: p.plu.clone(),
            name_en: p.name_en.clone(),
            name_ar: p.name_ar.clone(),
            unit: p.unit.clone(),
            sale_price: Money::of(t, p.sale_price),
            vat_rate: Percent::of_bp(p.vat_bp),
            tracks_stock: p.tracks_stock,
            allow_negative_stock: p.allow_negative_stock,
            cost_price: p.cost_price.map(|c| Money::of(t, c)),
            in_rolls: p.in_rolls,
        }
    }
}

/// What the variable part of a scale barcode carries.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Embedded {
    Weight,
    Price,
}

/// The product a scanned code names; a scale barcode also carries a weight or a price.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductLookup {
    pub product: Product,
    /// Whether the code was a scale barcode (then the fields below are present).
    pub scale: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub plu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub embedded: Option<Embedded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub quantity: Option<Quantity>,
    /// What the label is worth before VAT; a sale line sends it as its `label_amount` (with
    /// this `quantity`) to sell at exactly it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub amount: Option<Money>,
}
