//! What a person may do: one variant per permission with its stable name, and the same list as
//! types (`perm::Sell`, ...) that capability proofs are made for. The list is written once.

/// A permission as a type, for capability proofs (the app's `Grant<P>`). `NEEDS` is `None`
/// for what any signed-in person may do (their own tokens, signing out).
pub trait Perm {
    const NEEDS: Option<Permission>;
}

macro_rules! permissions {
    ($($(#[doc = $doc:expr])* $name:ident => $text:literal,)*) => {
        /// One permission. A role is a set of them; app functions take proof of one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Permission {
            $($(#[doc = $doc])* $name,)*
        }

        impl Permission {
            /// Every permission, in a stable order.
            pub const ALL: &'static [Self] = &[$(Self::$name,)*];

            /// The permission's stable name, as refusals and role listings show it.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$name => $text,)*
                }
            }
        }

        /// The permissions as types, one per [`Permission`], and `Anyone`.
        pub mod perm {
            use super::{Perm, Permission};

            $(
                $(#[doc = $doc])*
                #[derive(Debug)]
                pub struct $name;
                impl Perm for $name {
                    const NEEDS: Option<Permission> = Some(Permission::$name);
                }
            )*

            /// What every signed-in person may do.
            #[derive(Debug)]
            pub struct Anyone;
            impl Perm for Anyone {
                const NEEDS: Option<Permission> = None;
            }
        }
    };
}

permissions! {
    /// Create, change and deactivate staff users.
    UsersManage => "users.manage",
    /// Change the tenant's settings.
    SettingsManage => "settings.manage",
    /// Read the tenant's settings (the till needs its scale layouts).
    SettingsRead => "settings.read",
    /// Read branches, warehouses, registers, customers and products.
    CatalogRead => "catalog.read",
    /// Create branches, warehouses and registers; create and change products and prices.
    CatalogManage => "catalog.manage",
    /// Create customers and change their credit limits.
    CustomersManage => "customers.manage",
    /// Read stock levels.
    StockRead => "stock.read",
    /// Post opening stock.
    StockManage => "stock.manage",
    /// Read suppliers, purchases, purchase returns and supplier payments.
    PurchasesRead => "purchases.read",
    /// Create suppliers, receive goods from them and send goods back.
    PurchasesManage => "purchases.manage",
    /// Pay suppliers (from the safe, a drawer or the bank).
    SuppliersPay => "suppliers.pay",
    /// Take a customer's payment on their debt.
    PaymentsReceive => "payments.receive",
    /// Create, post and complete sales.
    Sell => "sales.sell",
    /// Take back sold goods and refund them (without it, a manager's approval at the till).
    SalesReturn => "sales.return",
    /// Void a completed sale while its cashier session is open (the return of all of it).
    SalesVoid => "sales.void",
    /// Read every sale, not only one's own.
    SalesReadAll => "sales.read_all",
    /// Open a cashier session and close one's own.
    SessionsOperate => "sessions.operate",
    /// Read every cashier session, not only one's own.
    SessionsReadAll => "sessions.read_all",
    /// Close anyone's cashier session (and sell into it).
    SessionsCloseAny => "sessions.close_any",
    /// Register and revoke the tills and PCs of a branch.
    DevicesManage => "devices.manage",
    /// Pay cash into or out of a drawer.
    CashMove => "cash.move",
    /// Read the daily sales report.
    ReportsRead => "reports.read",
    /// Read the chart of accounts, balances and the journal.
    BooksRead => "books.read",
    /// Run the consistency check.
    BooksCheck => "books.check",
    /// Post manual journal entries, opening balances of customers and suppliers, and lock
    /// periods.
    BooksPost => "books.post",
    /// Add accounts to the chart and rename accounts.
    AccountsManage => "accounts.manage",
    /// Read the audit and security log.
    AuditRead => "audit.read",
    /// See the café floor and its bills; add orders to tables and sessions; start, pause,
    /// resume and stop play sessions.
    CafeOrder => "cafe.order",
    /// Take payments on café bills; link sessions to tables, merge and split bills.
    CafeSettle => "cafe.settle",
    /// Void an order before it is served.
    CafeVoid => "cafe.void",
    /// Set up the floor: tables, stations and their rate plans.
    CafeManage => "cafe.manage",
    /// See the workshop's cutting items and rolls; reserve and cut items.
    WorkshopCut => "workshop.cut",
    /// Make cutting orders, cancel cut items, set up fabrics kept in rolls.
    WorkshopManage => "workshop.manage",
    /// See and move along the installations of one's own team.
    InstallationsWork => "installations.work",
    /// Schedule installations, make teams, see and move every installation.
    InstallationsManage => "installations.manage",
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
