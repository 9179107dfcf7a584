//! Writes: every change to a tenant's data is one `Command`, applied in one transaction together
//! with its idempotency record.

use mizan_domain::barcode::ScaleLayout;
use mizan_domain::cafe::OpeningHours;
use mizan_domain::journal::ManualEntry;
use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_domain::opening::balances::OpeningBalance;
use mizan_domain::payments::{CustomerPayment, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseReturnDraft};
use mizan_domain::returns::ReturnDraft;
use mizan_domain::sales::{Payments, SaleDraft, SellerTerms, Settlement};
use mizan_domain::sessions::{CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::transfers::{StockCount, Transfer};
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{
    AccountId, BillId, BranchId, CashRegisterId, CashierSessionId, CustomerId, DeviceId, OrderId,
    PlaceId, PlaySessionId, ProductId, PurchaseId, SaleId, TokenId, UserId, WarehouseId,
};

use crate::cafe::{NewPlace, OrderTarget, PlaceChanges, PlayAction, SplitPart, TabMethod};
use crate::staff::{FailedSignIn, NewDevice, NewToken, NewUser, UserChanges};
use crate::workshop::{InstallationMove, NewCuttingOrder, NewInstallation};

/// A new product (amounts already parsed to minor units / thousandths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub code: String,
    pub barcode: Option<String>,
    /// Item code printed in scale barcodes.
    pub plu: Option<String>,
    pub name_en: String,
    pub name_ar: String,
    pub unit: String,
    pub sale_price: i64,
    pub vat_bp: i64,
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    pub cost_price: Option<i64>,
    /// A fabric kept in rolls (unit metre, stock tracked, never below zero).
    pub in_rolls: bool,
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

/// Changes to a tenant's settings; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsChanges {
    pub require_open_session: Option<bool>,
    pub utc_offset_minutes: Option<i32>,
    pub scale_layouts: Option<Vec<ScaleLayout>>,
    pub require_registered_devices: Option<bool>,
    pub cafe_hours: Option<OpeningHours>,
    /// Thousandths of a metre (above zero).
    pub roll_min_useful: Option<i64>,
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
        credit_limit: Option<i64>,
    },
    /// Sets (or with `None`, removes) a customer's credit limit.
    SetCreditLimit {
        customer: CustomerId,
        credit_limit: Option<i64>,
    },
    UpdateSettings(SettingsChanges),
    CreateProduct(NewProduct),
    UpdateProduct {
        product: ProductId,
        changes: ProductChanges,
    },
    /// Receives opening stock at a cost: Dr Inventory / Cr Opening balance equity. A fabric
    /// kept in rolls comes in as `rolls`, which add up to `qty`.
    PostOpeningStock {
        warehouse: WarehouseId,
        product: ProductId,
        qty: i64,
        unit_cost: i64,
        rolls: Vec<NewRoll>,
        now_ms: i64,
    },
    /// Creates a sale rung up by `cashier`; completes (posts) it at once when `complete` says
    /// how it is paid.
    CreateSale {
        draft: SaleDraft,
        complete: Option<Settlement>,
        cashier: String,
        /// What the seller may do to its prices, checked against the list prices it reads.
        terms: SellerTerms,
        now_ms: i64,
    },
    /// Completes (posts) a draft sale with `payments`, or without them as a whole by the
    /// draft's payment method. Completing a completed sale without payments returns it and
    /// writes nothing; with payments it is refused (`sale_already_completed`).
    CompleteSale {
        sale: SaleId,
        payments: Option<Payments>,
        /// Completes the sale in this session instead of the one the draft named (a draft
        /// parked in a shift that has closed since).
        session: Option<CashierSessionId>,
        now_ms: i64,
    },
    /// Throws a parked draft away (the reason goes in the audit row); a completed sale is
    /// corrected by a return instead.
    DiscardSale {
        sale: SaleId,
    },
    /// Opens a cashier session on a register with a float taken from the safe.
    OpenSession {
        register: CashRegisterId,
        float: OpeningFloat,
        user: String,
        now_ms: i64,
    },
    /// A pay-in or payout in an open session; the other side is `account` (by default the
    /// main cash account, the safe).
    MoveCash {
        session: CashierSessionId,
        movement: NewCashMovement,
        account: Option<AccountId>,
        user: String,
        now_ms: i64,
    },
    /// Closes a session with the counted cash; closing a closed session returns it.
    CloseSession {
        session: CashierSessionId,
        counted: CountedCash,
        user: String,
        now_ms: i64,
    },
    CreateUser(NewUser),
    UpdateUser {
        user: UserId,
        changes: UserChanges,
    },
    IssueToken(NewToken),
    /// Revokes a token; of `owner` only, when given (a user revoking one of their own).
    RevokeToken {
        token: TokenId,
        owner: Option<UserId>,
        now_ms: i64,
    },
    /// Records a token's last use.
    TouchToken {
        token: TokenId,
        now_ms: i64,
    },
    /// A good sign-in: clears the failure count and issues `token`, revoking the session
    /// whose hash is `replaces`.
    SignedIn {
        token: NewToken,
        replaces: Option<String>,
    },
    FailedSignIn(FailedSignIn),
    /// Takes back lines of a completed sale (`return_exceeds_sale` beyond what is left).
    CreateReturn {
        sale: SaleId,
        draft: ReturnDraft,
        returned_by: String,
        now_ms: i64,
    },
    /// Voids a completed sale in its still open session: the return of every line, refunded
    /// the way it was paid (`void_session_closed`, `sale_already_returned`).
    VoidSale {
        sale: SaleId,
        reason: String,
        voided_by: String,
        now_ms: i64,
    },
    CreateSupplier {
        name: String,
        phone: Option<String>,
        tax_number: Option<String>,
    },
    /// Receives goods from a supplier at their cost: Dr Inventory, Dr VAT input / Cr Suppliers.
    CreatePurchase {
        draft: PurchaseDraft,
        received_by: String,
        now_ms: i64,
    },
    /// Sends lines of a receipt back (`return_exceeds_purchase` beyond what is left).
    CreatePurchaseReturn {
        purchase: PurchaseId,
        draft: PurchaseReturnDraft,
        returned_by: String,
        now_ms: i64,
    },
    /// Pays a supplier from the safe, a drawer's open session or the bank.
    PaySupplier {
        payment: SupplierPayment,
        paid_by: String,
        now_ms: i64,
    },
    /// A customer pays on their debt; allocated to their open credit sales.
    ReceiveCustomerPayment {
        payment: CustomerPayment,
        received_by: String,
        now_ms: i64,
    },
    /// Moves goods between warehouses at cost.
    TransferStock {
        transfer: Transfer,
        moved_by: String,
        now_ms: i64,
    },
    /// Sets a warehouse's stock to what was counted (shrinkage and found stock).
    CountStock {
        count: StockCount,
        counted_by: String,
        now_ms: i64,
    },
    /// An accountant's balanced entry on a date in an open period.
    PostManualEntry {
        entry: ManualEntry,
        posted_by: String,
        now_ms: i64,
    },
    /// Adds an account to the chart under one of the default groups (`account_code_taken`).
    CreateAccount(NewAccount),
    /// Renames an account; its code and group never change.
    RenameAccount {
        account: AccountId,
        names: AccountNames,
    },
    /// A customer's or supplier's opening balance against opening balance equity, on its own
    /// day in an open period (`opening_balance_exists` for a second one).
    PostOpeningBalance {
        balance: OpeningBalance,
        posted_by: String,
        now_ms: i64,
    },
    /// Locks the books up to a business day (`None`: unlocks them).
    SetLockDay {
        lock_day: Option<i32>,
    },
    /// Registers a till or PC to a branch.
    RegisterDevice(NewDevice),
    /// Revokes a device: sign-ins at it stop at once.
    RevokeDevice {
        device: DeviceId,
        now_ms: i64,
    },
    /// Adds a table or a play station to the floor.
    CreatePlace(NewPlace),
    UpdatePlace {
        place: PlaceId,
        changes: PlaceChanges,
    },
    /// Starts a play session on a free station, with a bill of its own.
    StartPlay {
        station: PlaceId,
        by: String,
        now_ms: i64,
    },
    /// Pauses, resumes or stops a play session; stopping posts what the plan bills.
    TimePlay {
        session: PlaySessionId,
        action: PlayAction,
        by: String,
        now_ms: i64,
    },
    /// Opens a bill at a table, or answers its newest unpaid one.
    OpenTab {
        table: PlaceId,
        by: String,
        now_ms: i64,
    },
    /// Adds an order line to a bill, a table or a session; `served` serves (posts) it at once.
    AddOrder {
        target: OrderTarget,
        product: ProductId,
        qty: i64,
        served: bool,
        note: Option<String>,
        by: String,
        now_ms: i64,
    },
    /// Serves a pending order: its charge, stock and cost post.
    ServeOrder {
        order: OrderId,
        now_ms: i64,
    },
    /// Voids an order not yet served, with the reason.
    VoidOrder {
        order: OrderId,
        reason: String,
        by: String,
    },
    /// Pays part or all of what a bill has open.
    PayBill {
        bill: BillId,
        amount: i64,
        method: TabMethod,
        by: String,
        now_ms: i64,
    },
    /// Links a play session to a table: its bill merges into the table's unpaid bill, or is
    /// attached to the table.
    LinkSession {
        session: PlaySessionId,
        table: PlaceId,
        by: String,
        now_ms: i64,
    },
    /// Merges one bill into another; the merged bill is kept, closed into it.
    MergeBills {
        from: BillId,
        into: BillId,
        by: String,
        now_ms: i64,
    },
    /// Splits charges or an amount off a bill into a new one.
    SplitBill {
        bill: BillId,
        part: SplitPart,
        by: String,
        now_ms: i64,
    },
    /// Sets when a kept tab is due (`Some(None)`: not due) and adds a note.
    UpdateBill {
        bill: BillId,
        due_ms: Option<Option<i64>>,
        note: Option<String>,
    },
    /// Makes a cutting order with its items pending.
    CreateCuttingOrder(NewCuttingOrder),
    /// Reserves, cuts or cancels a cutting item (a cut's cancel needs a reason); repeating the
    /// step that was done answers it again.
    StepCuttingItem {
        item: i64,
        action: Action,
        reason: Option<String>,
        by: String,
        now_ms: i64,
    },
    /// Writes off what is left of a roll, with the reason: Dr damaged goods / Cr inventory.
    WriteOffRoll {
        roll: i64,
        reason: String,
        now_ms: i64,
    },
    /// A team of installers (`duplicate_name`).
    CreateInstallationTeam {
        name: String,
        members: Vec<UserId>,
        now_ms: i64,
    },
    /// Schedules a team's visit.
    ScheduleInstallation(NewInstallation),
    /// Moves an installation to another state; reaching completed or modification completed
    /// writes its archive record (created once, its notes appended after that).
    MoveInstallation(InstallationMove),
    /// Writes nothing but the audit row of a refusal of permission: who was refused (the
    /// author) what (the author's detail: the permission or limit).
    RecordRefusal {
        now_ms: i64,
    },
}

impl Command {
    /// The command's name in the audit trail; `None` for bookkeeping that is not audited (a
    /// token's last use, a failed sign-in, which is a security event of its own).
    #[must_use]
    pub fn action(&self) -> Option<&'static str> {
        Some(match self {
            Self::CreateBranch { .. } => "create_branch",
            Self::CreateWarehouse { .. } => "create_warehouse",
            Self::CreateCashRegister { .. } => "create_cash_register",
            Self::CreateCustomer { .. } => "create_customer",
            Self::SetCreditLimit { .. } => "set_credit_limit",
            Self::UpdateSettings(_) => "update_settings",
            Self::CreateProduct(_) => "create_product",
            Self::UpdateProduct { .. } => "update_product",
            Self::PostOpeningStock { .. } => "post_opening_stock",
            Self::CreateSale { .. } => "create_sale",
            Self::CompleteSale { .. } => "complete_sale",
            Self::DiscardSale { .. } => "discard_sale",
            Self::OpenSession { .. } => "open_session",
            Self::MoveCash { .. } => "move_cash",
            Self::CloseSession { .. } => "close_session",
            Self::CreateUser(_) => "create_user",
            Self::UpdateUser { .. } => "update_user",
            Self::IssueToken(_) => "issue_token",
            Self::RevokeToken { .. } => "revoke_token",
            Self::SignedIn { .. } => "sign_in",
            Self::FailedSignIn(_) => "security_event",
            Self::RegisterDevice(_) => "register_device",
            Self::CreateReturn { .. } => "create_return",
            Self::VoidSale { .. } => "void_sale",
            Self::CreateSupplier { .. } => "create_supplier",
            Self::CreatePurchase { .. } => "create_purchase",
            Self::CreatePurchaseReturn { .. } => "create_purchase_return",
            Self::PaySupplier { .. } => "pay_supplier",
            Self::ReceiveCustomerPayment { .. } => "receive_customer_payment",
            Self::TransferStock { .. } => "transfer_stock",
            Self::CountStock { .. } => "count_stock",
            Self::PostManualEntry { .. } => "post_manual_entry",
            Self::SetLockDay { .. } => "set_lock_day",
            Self::CreateAccount(_) => "create_account",
            Self::RenameAccount { .. } => "rename_account",
            Self::PostOpeningBalance { .. } => "post_opening_balance",
            Self::RevokeDevice { .. } => "revoke_device",
            Self::RecordRefusal { .. } => "refused",
            Self::CreatePlace(_) => "create_place",
            Self::UpdatePlace { .. } => "update_place",
            Self::StartPlay { .. } => "start_play",
            Self::TimePlay { .. } => "time_play",
            Self::OpenTab { .. } => "open_tab",
            Self::AddOrder { .. } => "add_order",
            Self::ServeOrder { .. } => "serve_order",
            Self::VoidOrder { .. } => "void_order",
            Self::PayBill { .. } => "pay_bill",
            Self::LinkSession { .. } => "link_session",
            Self::MergeBills { .. } => "merge_bills",
            Self::SplitBill { .. } => "split_bill",
            Self::UpdateBill { .. } => "update_bill",
            Self::CreateCuttingOrder(_) => "create_cutting_order",
            Self::WriteOffRoll { .. } => "write_off_roll",
            Self::CreateInstallationTeam { .. } => "create_installation_team",
            Self::ScheduleInstallation(_) => "schedule_installation",
            Self::MoveInstallation(_) => "move_installation",
            Self::StepCuttingItem { action, .. } => match action {
                Action::Reserve => "reserve_cutting_item",
                Action::Cut => "cut_cutting_item",
                Action::Cancel => "cancel_cutting_item",
            },
            Self::TouchToken { .. } => return None,
        })
    }

    /// Whether the command reads posted sales' rows (their lines and payments), which the
    /// sales of a batch append as it commits (PostgreSQL): it then runs in a batch of its own.
    #[must_use]
    pub fn reads_posted_sales(&self) -> bool {
        matches!(
            self,
            Self::CreateReturn { .. } | Self::VoidSale { .. } | Self::ReceiveCustomerPayment { .. }
        )
    }

    /// When the command posts to the books (and so must fall in an open period), the moment
    /// it posts at. A manual entry names its own day and is checked by its rule.
    #[must_use]
    pub fn posts_at(&self) -> Option<i64> {
        match self {
            Self::CreateSale {
                complete: Some(_),
                now_ms,
                ..
            }
            | Self::CompleteSale { now_ms, .. }
            | Self::PostOpeningStock { now_ms, .. }
            | Self::OpenSession { now_ms, .. }
            | Self::MoveCash { now_ms, .. }
            | Self::CloseSession { now_ms, .. }
            | Self::CreateReturn { now_ms, .. }
            | Self::VoidSale { now_ms, .. }
            | Self::CreatePurchase { now_ms, .. }
            | Self::CreatePurchaseReturn { now_ms, .. }
            | Self::PaySupplier { now_ms, .. }
            | Self::ReceiveCustomerPayment { now_ms, .. }
            | Self::TransferStock { now_ms, .. }
            | Self::CountStock { now_ms, .. }
            | Self::ServeOrder { now_ms, .. }
            | Self::PayBill { now_ms, .. } => Some(*now_ms),
            Self::StepCuttingItem {
                action: Action::Cut | Action::Cancel,
                now_ms,
                ..
            }
            | Self::WriteOffRoll { now_ms, .. } => Some(*now_ms),
            Self::AddOrder {
                served: true,
                now_ms,
                ..
            }
            | Self::TimePlay {
                action: PlayAction::Stop,
                now_ms,
                ..
            } => Some(*now_ms),
            _ => None,
        }
    }

    /// The time the command carries, when it carries one.
    #[must_use]
    pub fn at_ms(&self) -> Option<i64> {
        match self {
            Self::PostOpeningStock { now_ms, .. }
            | Self::CreateSale { now_ms, .. }
            | Self::CompleteSale { now_ms, .. }
            | Self::OpenSession { now_ms, .. }
            | Self::MoveCash { now_ms, .. }
            | Self::CloseSession { now_ms, .. }
            | Self::RevokeToken { now_ms, .. }
            | Self::RevokeDevice { now_ms, .. }
            | Self::RecordRefusal { now_ms, .. }
            | Self::CreateReturn { now_ms, .. }
            | Self::VoidSale { now_ms, .. }
            | Self::CreatePurchase { now_ms, .. }
            | Self::CreatePurchaseReturn { now_ms, .. }
            | Self::PaySupplier { now_ms, .. }
            | Self::ReceiveCustomerPayment { now_ms, .. }
            | Self::TransferStock { now_ms, .. }
            | Self::CountStock { now_ms, .. }
            | Self::PostManualEntry { now_ms, .. }
            | Self::PostOpeningBalance { now_ms, .. }
            | Self::TouchToken { now_ms, .. }
            | Self::StartPlay { now_ms, .. }
            | Self::TimePlay { now_ms, .. }
            | Self::AddOrder { now_ms, .. }
            | Self::OpenTab { now_ms, .. }
            | Self::ServeOrder { now_ms, .. }
            | Self::PayBill { now_ms, .. }
            | Self::LinkSession { now_ms, .. }
            | Self::MergeBills { now_ms, .. }
            | Self::SplitBill { now_ms, .. }
            | Self::StepCuttingItem { now_ms, .. }
            | Self::WriteOffRoll { now_ms, .. }
            | Self::CreateInstallationTeam { now_ms, .. } => Some(*now_ms),
            Self::CreateCuttingOrder(o) => Some(o.now_ms),
            Self::ScheduleInstallation(n) => Some(n.now_ms),
            Self::MoveInstallation(m) => Some(m.now_ms),
            Self::RegisterDevice(d) => Some(d.now_ms),
            Self::CreateUser(u) => Some(u.now_ms),
            Self::IssueToken(k) | Self::SignedIn { token: k, .. } => Some(k.now_ms),
            Self::FailedSignIn(f) => Some(f.now_ms),
            _ => None,
        }
    }
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
    CashierSession,
    CashMovement,
    Tenant,
    User,
    Token,
    SecurityEvent,
    Device,
    Refusal,
    SaleReturn,
    Supplier,
    Purchase,
    PurchaseReturn,
    SupplierPayment,
    CustomerPayment,
    StockTransfer,
    StockCount,
    ManualEntry,
    Account,
    OpeningBalance,
    Place,
    Bill,
    PlaySession,
    Order,
    BillPayment,
    CuttingOrder,
    CuttingItem,
    Roll,
    Installation,
    InstallationTeam,
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
            Self::CashierSession => "cashier_session",
            Self::CashMovement => "cash_movement",
            Self::Tenant => "tenant",
            Self::User => "user",
            Self::Token => "token",
            Self::SecurityEvent => "security_event",
            Self::Device => "device",
            Self::Refusal => "refusal",
            Self::SaleReturn => "sale_return",
            Self::Supplier => "supplier",
            Self::Purchase => "purchase",
            Self::PurchaseReturn => "purchase_return",
            Self::SupplierPayment => "supplier_payment",
            Self::CustomerPayment => "customer_payment",
            Self::StockTransfer => "stock_transfer",
            Self::StockCount => "stock_count",
            Self::ManualEntry => "manual_entry",
            Self::Account => "account",
            Self::OpeningBalance => "opening_balance",
            Self::Place => "cafe_place",
            Self::Bill => "cafe_bill",
            Self::PlaySession => "play_session",
            Self::Order => "cafe_order",
            Self::BillPayment => "cafe_payment",
            Self::CuttingOrder => "cutting_order",
            Self::CuttingItem => "cutting_item",
            Self::Roll => "fabric_roll",
            Self::Installation => "installation",
            Self::InstallationTeam => "installation_team",
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
            "cashier_session" => Self::CashierSession,
            "cash_movement" => Self::CashMovement,
            "tenant" => Self::Tenant,
            "user" => Self::User,
            "token" => Self::Token,
            "security_event" => Self::SecurityEvent,
            "device" => Self::Device,
            "refusal" => Self::Refusal,
            "sale_return" => Self::SaleReturn,
            "supplier" => Self::Supplier,
            "purchase" => Self::Purchase,
            "purchase_return" => Self::PurchaseReturn,
            "supplier_payment" => Self::SupplierPayment,
            "customer_payment" => Self::CustomerPayment,
            "stock_transfer" => Self::StockTransfer,
            "stock_count" => Self::StockCount,
            "manual_entry" => Self::ManualEntry,
            "account" => Self::Account,
            "opening_balance" => Self::OpeningBalance,
            "cafe_place" => Self::Place,
            "cafe_bill" => Self::Bill,
            "play_session" => Self::PlaySession,
            "cafe_order" => Self::Order,
            "cafe_payment" => Self::BillPayment,
            "cutting_order" => Self::CuttingOrder,
            "cutting_item" => Self::CuttingItem,
            "fabric_roll" => Self::Roll,
            "installation" => Self::Installation,
            "installation_team" => Self::InstallationTeam,
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
