//! Writes: every change to a tenant's data is one `Command`, applied in one transaction together
//! with its idempotency record.

use mizan_domain::sales::SaleDraft;
use mizan_domain::{BranchId, ProductId, SaleId, WarehouseId};

/// A new product (amounts already parsed to minor units / thousandths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub code: String,
    pub barcode: Option<String>,
    pub name_en: String,
    pub name_ar: String,
    pub unit: String,
    pub sale_price: i64,
    pub vat_bp: i64,
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    pub cost_price: Option<i64>,
}

/// Changes to a product; `None` leaves a field as it is. Code, unit and stock tracking cannot
/// change once stock may have moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductChanges {
    pub sale_price: Option<i64>,
    pub vat_bp: Option<i64>,
    pub allow_negative_stock: Option<bool>,
    pub cost_price: Option<i64>,
}

/// One write.
#[derive(Debug, Clone)]
pub enum Command {
    CreateBranch {
        name: String,
    },
    CreateWarehouse {
        branch_id: Option<BranchId>,
        code: String,
        name: String,
    },
    CreateCashRegister {
        branch_id: Option<BranchId>,
        name: String,
    },
    CreateCustomer {
        name: String,
        phone: Option<String>,
    },
    CreateProduct(NewProduct),
    UpdateProduct {
        product: ProductId,
        changes: ProductChanges,
    },
    /// Receives opening stock at a cost: Dr Inventory / Cr Opening balance equity.
    PostOpeningStock {
        warehouse: WarehouseId,
        product: ProductId,
        qty: i64,
        unit_cost: i64,
        now_ms: i64,
    },
    /// Creates a sale; posts it at once when `post`.
    CreateSale {
        draft: SaleDraft,
        post: bool,
        now_ms: i64,
    },
    /// Posts a draft sale; posting a posted sale returns it and writes nothing.
    PostSale {
        sale: SaleId,
        now_ms: i64,
    },
}

/// What kind of resource a write produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Branch,
    Warehouse,
    CashRegister,
    Customer,
    Product,
    OpeningStock,
    Sale,
}

impl ResourceKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Branch => "branch",
            Self::Warehouse => "warehouse",
            Self::CashRegister => "cash_register",
            Self::Customer => "customer",
            Self::Product => "product",
            Self::OpeningStock => "opening_stock",
            Self::Sale => "sale",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "branch" => Self::Branch,
            "warehouse" => Self::Warehouse,
            "cash_register" => Self::CashRegister,
            "customer" => Self::Customer,
            "product" => Self::Product,
            "opening_stock" => Self::OpeningStock,
            "sale" => Self::Sale,
            _ => return None,
        })
    }
}

/// The result of a write: the resource it produced, and whether this answer is a replay of an
/// earlier write (same idempotency key, or a document that was already posted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub kind: ResourceKind,
    pub id: i64,
    pub replayed: bool,
}

impl Written {
    #[must_use]
    pub fn created(kind: ResourceKind, id: i64) -> Self {
        Self {
            kind,
            id,
            replayed: false,
        }
    }

    #[must_use]
    pub fn replayed(kind: ResourceKind, id: i64) -> Self {
        Self {
            kind,
            id,
            replayed: true,
        }
    }
}

/// A client's `Idempotency-Key` and a hash of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

impl Idempotency {
    /// The answer to a request whose key was stored before with `stored_hash` for the resource
    /// (`kind`, `id`): the first result when the request is the same, a refusal otherwise.
    pub(crate) fn replay(
        &self,
        stored_hash: &str,
        kind: &str,
        id: i64,
    ) -> Result<Written, crate::WriteError> {
        if stored_hash != self.request_hash {
            return Err(crate::WriteError::IdempotencyKeyReused);
        }
        let kind = ResourceKind::parse(kind)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("resource kind {kind}")))?;
        Ok(Written::replayed(kind, id))
    }
}
