//! Purchases from suppliers: a receipt brings goods into a warehouse at their cost with input
//! VAT (Dr Inventory, Dr VAT input / Cr Suppliers), moving the average cost; a purchase return
//! sends some of a receipt's goods back at the cost they leave with, and the supplier owes back
//! what the receipt charged for them.

mod document;
mod error;
mod posting;
mod returns;

pub use document::{MAX_LINES, MAX_REF, PurchaseDraft, PurchaseLine, PurchaseReturnDraft};
pub use error::PurchaseError;
pub use posting::{
    PurchaseAccounts, PurchaseEffects, PurchaseSnapshot, PurchasedLine, PurchasedProduct,
    post_purchase,
};
pub use returns::{
    BoughtLine, PurchaseReturnEffects, PurchaseReturnSnapshot, ReturnedPurchaseLine,
    post_purchase_return,
};
