//! Records the store returns. Amounts are integers: money in minor units, quantities in
//! thousandths.

use mizan_domain::cafe::OpeningHours;
use mizan_domain::sessions::SessionTotals;
use mizan_domain::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningBalanceId,
    OpeningStockId, ProductId, SaleId, TenantId, WarehouseId,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub currency: Currency,
    /// Whether cash sales need an open cashier session on their register.
    pub require_open_session: bool,
    /// The shop's offset from UTC, deciding which business day a posting falls on.
    pub utc_offset_minutes: i32,
    /// Scale barcode layouts such as `21PPPPPWWWWWC`.
    pub scale_layouts: Vec<String>,
    /// Whether people may sign in only at registered devices.
    pub require_registered_devices: bool,
    /// The books are locked up to this business day (`YYYYMMDD`): nothing posts on or before it.
    pub lock_day: Option<i32>,
    /// The café's opening hours, against which station utilisation is measured.
    pub cafe_hours: OpeningHours,
    /// What is left of a roll below this length (thousandths of a metre) is an offcut.
    pub roll_min_useful: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Branch {
    pub id: BranchId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warehouse {
    pub id: WarehouseId,
    pub branch_id: Option<BranchId>,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CashRegister {
    pub id: CashRegisterId,
    pub branch_id: Option<BranchId>,
    pub name: String,
    pub account_id: AccountId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    pub phone: Option<String>,
    /// Most the customer may owe; `None` for no limit.
    pub credit_limit: Option<i64>,
    /// What the customer owes from credit sales.
    pub balance: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub code: String,
    pub barcode: Option<String>,
    pub plu: Option<String>,
    pub name_en: String,
    pub name_ar: String,
    pub unit: String,
    pub sale_price: i64,
    pub vat_bp: i64,
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    pub cost_price: Option<i64>,
    /// A fabric kept in rolls.
    pub in_rolls: bool,
}

impl Product {
    /// What posting and pricing need to know about the product.
    #[must_use]
    pub fn policy(&self) -> mizan_domain::sales::ProductPolicy {
        mizan_domain::sales::ProductPolicy {
            code: self.code.clone(),
            sale_price: self.sale_price,
            vat_bp: self.vat_bp,
            tracks_stock: self.tracks_stock,
            allow_negative_stock: self.allow_negative_stock,
            cost_price: self.cost_price,
            in_rolls: self.in_rolls,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpeningStock {
    pub id: OpeningStockId,
    pub number: String,
    pub warehouse_id: WarehouseId,
    pub product_id: ProductId,
    pub qty: i64,
    pub unit_cost: i64,
    pub value: i64,
    pub posted_at_ms: i64,
}

/// A customer's or supplier's opening balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningBalanceRecord {
    pub id: OpeningBalanceId,
    pub number: String,
    pub party: mizan_domain::opening::balances::Party,
    /// Positive: the customer owes the shop, or the shop owes the supplier; negative, an advance.
    pub amount: i64,
    /// The business day it is as of.
    pub business_day: i32,
    pub posted_at_ms: i64,
    pub posted_by: String,
}

/// `draft` or `posted`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleStatus {
    Draft,
    Posted,
    /// A parked draft thrown away (it never posted anything).
    Discarded,
}

impl SaleStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Posted => "posted",
            Self::Discarded => "discarded",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "posted" => Some(Self::Posted),
            "discarded" => Some(Self::Discarded),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleLineRecord {
    pub line_no: i64,
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    pub qty: i64,
    pub unit_price: i64,
    pub discount: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
    /// The scale label's amount the line sold at exactly, when it was sold by one.
    pub label_amount: Option<i64>,
}

/// One payment of a posted sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SalePaymentRecord {
    pub method: String,
    pub amount: i64,
    pub received: i64,
    pub change: i64,
    pub account_id: AccountId,
}

/// A sale with its lines and payments. Amounts are zero until the sale is posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sale {
    pub id: SaleId,
    pub number: Option<String>,
    pub status: SaleStatus,
    /// The draft's payment method for the whole sale (`cash`, `credit`), or `none`.
    pub payment_method: String,
    pub cash_register_id: Option<CashRegisterId>,
    pub customer_id: Option<CustomerId>,
    pub session_id: Option<CashierSessionId>,
    pub branch_id: Option<BranchId>,
    pub cashier: String,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub cost: i64,
    pub created_at_ms: i64,
    pub posted_at_ms: Option<i64>,
    /// The tenant's UTC offset when the sale posted: its receipt prints that local time.
    pub utc_offset_minutes: Option<i32>,
    /// The return that voided the sale, when it was voided.
    pub void_return_id: Option<i64>,
    pub lines: Vec<SaleLineRecord>,
    pub payments: Vec<SalePaymentRecord>,
}

/// A cashier session (shift) with its running totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CashierSession {
    pub id: CashierSessionId,
    pub number: String,
    pub cash_register_id: CashRegisterId,
    pub branch_id: Option<BranchId>,
    /// `open` or `closed`.
    pub status: String,
    pub opened_by: String,
    pub opened_at_ms: i64,
    pub totals: SessionTotals,
    pub closed_by: Option<String>,
    pub closed_at_ms: Option<i64>,
    pub counted: Option<i64>,
    /// (value, count) of each denomination counted at close.
    pub denominations: Vec<(i64, i64)>,
}

/// One branch's sales on one business day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct DailySales {
    pub branch_id: Option<BranchId>,
    /// `YYYYMMDD`.
    pub day: i32,
    pub sales_count: i64,
    pub total: i64,
    pub net: i64,
    pub vat: i64,
    pub cash: i64,
    pub card: i64,
    pub bank_transfer: i64,
    pub credit: i64,
    pub unique_customers: i64,
    pub returns_count: i64,
    pub returns_total: i64,
    pub sessions_opened: i64,
    pub sessions_closed: i64,
}

/// One branch's posted sales in one local hour of a business day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct HourlySales {
    pub branch_id: Option<BranchId>,
    /// 0 to 23, in the shop's time.
    pub hour: i32,
    pub sales_count: i64,
    /// What the sales came to with VAT.
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockLevelRow {
    pub warehouse_id: WarehouseId,
    pub product_id: ProductId,
    pub qty: i64,
    pub value: i64,
}

/// An account with its balance (debit positive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountBalance {
    pub id: AccountId,
    pub code: String,
    pub name_en: String,
    pub name_ar: String,
    pub name_ru: String,
    pub kind: String,
    pub balance: i64,
}

/// A journal entry line with its account's code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalLineView {
    pub account_code: String,
    pub account_name: String,
    pub account_kind: String,
    pub amount: i64,
}

/// A journal entry as exports and reports read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntryView {
    pub id: i64,
    pub number: String,
    pub doc_kind: String,
    pub doc_id: i64,
    pub posted_at_ms: i64,
    /// The tenant's business day the entry is counted on (`YYYYMMDD`).
    pub business_day: i32,
    pub memo: String,
    pub lines: Vec<JournalLineView>,
}

/// An account of the chart as an export names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerAccount {
    pub code: String,
    pub name_en: String,
    pub kind: String,
}

/// What an export writes before the entries: the whole chart of accounts (in code order), and
/// the first business day an entry is counted on (`None` without entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerOutline {
    pub accounts: Vec<LedgerAccount>,
    pub first_day: Option<i32>,
}

/// How a product is looked up by what a scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductKey<'a> {
    /// The shop's own code for the product.
    Code(&'a str),
    Barcode(&'a str),
    /// The item code inside a scale barcode.
    Plu(&'a str),
}

impl<'a> ProductKey<'a> {
    /// The products column the key is looked up in, and the value.
    pub(crate) fn column(self) -> (&'static str, &'a str) {
        match self {
            Self::Code(v) => ("code", v),
            Self::Barcode(v) => ("barcode", v),
            Self::Plu(v) => ("plu", v),
        }
    }
}

/// A page of a list: the rows with ids above `after`, at most `limit` of them, in id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub after: i64,
    pub limit: i64,
}

impl Page {
    /// The most rows a page of a list holds.
    pub const MAX: i64 = 500;

    /// The first `limit` rows (capped at [`Page::MAX`]).
    #[must_use]
    pub fn first(limit: i64) -> Self {
        Self::after(0, limit)
    }

    /// The rows after id `after`, at most `limit` (between 1 and [`Page::MAX`]).
    #[must_use]
    pub fn after(after: i64, limit: i64) -> Self {
        Self {
            after,
            limit: limit.clamp(1, Self::MAX),
        }
    }
}
