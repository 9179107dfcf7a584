//! What a person may do: one variant per permission, each with its stable name.

/// One permission. A role is a set of them; app functions take proof of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// Create, change and deactivate staff users.
    UsersManage,
    /// Change the tenant's settings.
    SettingsManage,
    /// Read the tenant's settings (the till needs its scale layouts).
    SettingsRead,
    /// Read branches, warehouses, registers, customers and products.
    CatalogRead,
    /// Create branches, warehouses and registers; create and change products and prices.
    CatalogManage,
    /// Create customers and change their credit limits.
    CustomersManage,
    /// Read stock levels.
    StockRead,
    /// Post opening stock.
    StockManage,
    /// Create, post and complete sales.
    Sell,
    /// Read every sale, not only one's own.
    SalesReadAll,
    /// Open a cashier session and close one's own.
    SessionsOperate,
    /// Read every cashier session, not only one's own.
    SessionsReadAll,
    /// Close anyone's cashier session.
    SessionsCloseAny,
    /// Pay cash into or out of a drawer.
    CashMove,
    /// Read the daily sales report.
    ReportsRead,
    /// Read the chart of accounts, balances and the journal.
    BooksRead,
    /// Run the consistency check.
    BooksCheck,
    /// Read the audit and security log.
    AuditRead,
}

impl Permission {
    /// Every permission, in a stable order.
    pub const ALL: [Self; 18] = [
        Self::UsersManage,
        Self::SettingsManage,
        Self::SettingsRead,
        Self::CatalogRead,
        Self::CatalogManage,
        Self::CustomersManage,
        Self::StockRead,
        Self::StockManage,
        Self::Sell,
        Self::SalesReadAll,
        Self::SessionsOperate,
        Self::SessionsReadAll,
        Self::SessionsCloseAny,
        Self::CashMove,
        Self::ReportsRead,
        Self::BooksRead,
        Self::BooksCheck,
        Self::AuditRead,
    ];

    /// The permission's stable name, as refusals and role listings show it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UsersManage => "users.manage",
            Self::SettingsManage => "settings.manage",
            Self::SettingsRead => "settings.read",
            Self::CatalogRead => "catalog.read",
            Self::CatalogManage => "catalog.manage",
            Self::CustomersManage => "customers.manage",
            Self::StockRead => "stock.read",
            Self::StockManage => "stock.manage",
            Self::Sell => "sales.sell",
            Self::SalesReadAll => "sales.read_all",
            Self::SessionsOperate => "sessions.operate",
            Self::SessionsReadAll => "sessions.read_all",
            Self::SessionsCloseAny => "sessions.close_any",
            Self::CashMove => "cash.move",
            Self::ReportsRead => "reports.read",
            Self::BooksRead => "books.read",
            Self::BooksCheck => "books.check",
            Self::AuditRead => "audit.read",
        }
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
