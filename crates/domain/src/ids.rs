//! Typed identifiers, so that a warehouse id can never be passed where a product id is expected.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

id_type!(
    TenantId,
    BranchId,
    WarehouseId,
    CashRegisterId,
    CustomerId,
    ProductId,
    AccountId,
    SaleId,
    OpeningStockId,
    CashierSessionId,
    CashMovementId,
    JournalEntryId,
    UserId,
    TokenId,
    DeviceId,
    SupplierId,
    PurchaseId,
    OpeningBalanceId,
    PlaceId,
    BillId,
    PlaySessionId,
    OrderId,
);
