//! The names a string field of a request or answer may hold, as enums for the document only:
//! the fields stay strings, so that the app's own checks answer an unknown name with their
//! codes (`unknown_payment_method`, `invalid_field`, ...).

#![allow(
    dead_code,
    reason = "the variants are never built: they only name the values"
)]

use utoipa::ToSchema;

/// A payment method's name.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum PaymentMethodName {
    Cash,
    Card,
    BankTransfer,
    Credit,
}

/// A product's unit.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum Unit {
    Piece,
    Metre,
    Kg,
    Hour,
}

/// `pay_in` or `payout`.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum CashMoveKind {
    PayIn,
    Payout,
}

/// `session` or `token`.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum SignInKind {
    Session,
    Token,
}

/// How a customer paid.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum ReceivedByName {
    Cash,
    Card,
    BankTransfer,
}

/// Where a supplier payment came from.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum PaidFromName {
    Safe,
    Drawer,
    Bank,
}
