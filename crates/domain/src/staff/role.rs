//! Roles: a named set of permissions with limits. Owner, manager, cashier and accountant are
//! built in, and the café's waiter and the workshop's cutter and installer to [`BUILT_IN_ROLES`].

use super::Permission::{self, *};

/// What a role may do within a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest discount a person of this role may give, in basis points (`None`: any).
    pub max_discount_bp: Option<i64>,
    /// Refunds and returns need a manager's approval at the till.
    pub refunds_need_approval: bool,
}

/// A role: its stable name, its permissions and its limits.
#[derive(Debug, PartialEq, Eq)]
pub struct Role {
    pub name: &'static str,
    pub permissions: &'static [Permission],
    pub limits: Limits,
}

const UNLIMITED: Limits = Limits {
    max_discount_bp: None,
    refunds_need_approval: false,
};

/// The roles every tenant has.
pub static BUILT_IN_ROLES: [Role; 7] = [
    Role {
        name: "owner",
        permissions: Permission::ALL,
        limits: UNLIMITED,
    },
    Role {
        name: "manager",
        permissions: &[
            SettingsRead,
            CatalogRead,
            CatalogManage,
            CustomersManage,
            StockRead,
            StockManage,
            PurchasesRead,
            PurchasesManage,
            SuppliersPay,
            PaymentsReceive,
            Sell,
            SalesReturn,
            SalesVoid,
            SalesReadAll,
            SessionsOperate,
            SessionsReadAll,
            SessionsCloseAny,
            CashMove,
            ReportsRead,
            DevicesManage,
            CafeOrder,
            CafeSettle,
            CafeVoid,
            CafeManage,
            WorkshopCut,
            WorkshopManage,
            InstallationsWork,
            InstallationsManage,
        ],
        limits: UNLIMITED,
    },
    Role {
        name: "cashier",
        permissions: &[
            SettingsRead,
            CatalogRead,
            StockRead,
            Sell,
            SessionsOperate,
            PaymentsReceive,
            CafeOrder,
            CafeSettle,
        ],
        limits: Limits {
            max_discount_bp: Some(1_000),
            refunds_need_approval: true,
        },
    },
    Role {
        name: "accountant",
        permissions: &[
            SettingsRead,
            CatalogRead,
            StockRead,
            PurchasesRead,
            SuppliersPay,
            PaymentsReceive,
            SalesReadAll,
            SessionsReadAll,
            ReportsRead,
            BooksRead,
            BooksCheck,
            BooksPost,
            AccountsManage,
            AuditRead,
        ],
        limits: Limits {
            max_discount_bp: Some(0),
            refunds_need_approval: true,
        },
    },
    Role {
        name: "waiter",
        permissions: &[SettingsRead, CatalogRead, CafeOrder],
        limits: Limits {
            max_discount_bp: Some(0),
            refunds_need_approval: true,
        },
    },
    Role {
        name: "cutter",
        permissions: &[SettingsRead, CatalogRead, StockRead, WorkshopCut],
        limits: Limits {
            max_discount_bp: Some(0),
            refunds_need_approval: true,
        },
    },
    Role {
        name: "installer",
        permissions: &[SettingsRead, CatalogRead, InstallationsWork],
        limits: Limits {
            max_discount_bp: Some(0),
            refunds_need_approval: true,
        },
    },
];

impl Role {
    /// The built-in role called `name`.
    #[must_use]
    pub fn named(name: &str) -> Option<&'static Self> {
        BUILT_IN_ROLES.iter().find(|r| r.name == name)
    }

    /// The owner's role.
    #[must_use]
    pub fn owner() -> &'static Self {
        &BUILT_IN_ROLES[0]
    }

    #[must_use]
    pub fn grants(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_may_do_everything_and_the_others_only_their_part() {
        let named = |n| Role::named(n).map(|r: &Role| r.name);
        assert_eq!(named("owner"), Some("owner"));
        assert_eq!(named("driver"), None);
        let installer = Role::named("installer").unwrap_or_else(Role::owner);
        assert!(installer.grants(InstallationsWork) && !installer.grants(InstallationsManage));
        // A cutter reserves and cuts; making orders and cancelling cuts is a manager's.
        let cutter = Role::named("cutter").unwrap_or_else(Role::owner);
        assert!(cutter.grants(WorkshopCut) && !cutter.grants(WorkshopManage));
        // A waiter works the floor: orders and sessions, no payments, no merges, no till.
        let waiter = Role::named("waiter").unwrap_or_else(Role::owner);
        assert!(waiter.grants(CafeOrder));
        assert!(!waiter.grants(CafeSettle) && !waiter.grants(CafeVoid) && !waiter.grants(Sell));
        assert!(Permission::ALL.iter().all(|p| Role::owner().grants(*p)));
        let cashier = Role::named("cashier").unwrap_or_else(Role::owner);
        assert!(cashier.grants(Sell));
        assert!(!cashier.grants(CatalogManage) && !cashier.grants(BooksRead));
        let accountant = Role::named("accountant").unwrap_or_else(Role::owner);
        assert!(accountant.grants(BooksRead) && !accountant.grants(Sell));
        let manager = Role::named("manager").unwrap_or_else(Role::owner);
        assert!(manager.grants(SessionsCloseAny) && !manager.grants(UsersManage));
        // A cashier gives at most 10% off a line; owners and managers any discount.
        assert_eq!(cashier.limits.max_discount_bp, Some(1_000));
        assert_eq!(manager.limits.max_discount_bp, None);
    }
}
