//! The sale posting rule: a pure function from a sale, how it is settled, and a snapshot of
//! stock, products, the till, its cashier session, the customer's credit and the accounts, to
//! all of the sale's effects.

use std::collections::HashMap;

use super::{
    NewPayment, NewSaleLine, PaymentMethod, PaymentTotals, PostedPayment, SaleDraft,
    SalePostingError, Settlement,
};
use crate::decimal::{MAX_AMOUNT, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{IssueError, StockLevel, StockMove};
use crate::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId,
};

/// What posting needs to know about a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPolicy {
    pub code: String,
    /// The list price per whole unit, before VAT: what a line without a price sells at.
    pub sale_price: i64,
    /// VAT rate in basis points (1400 = 14%).
    pub vat_bp: i64,
    /// Services (hours of play, fitting) have no stock and no cost of goods.
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    /// Fallback cost per whole unit, used only for stock issued beyond what is on hand.
    pub cost_price: Option<i64>,
    /// A fabric kept in rolls: its stock is the sum of its rolls, and what leaves comes off one
    /// roll (the workshop's rule); it never goes below zero.
    pub in_rolls: bool,
}

/// The accounts a sale posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleAccounts {
    pub customers: AccountId,
    pub revenue: AccountId,
    pub vat: AccountId,
    pub cogs: AccountId,
    pub inventory: AccountId,
    pub card: AccountId,
    pub bank: AccountId,
}

/// What posting needs to know about the sale's cash register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegisterPolicy {
    /// The register's own cash account (its drawer).
    pub account: AccountId,
}

/// A cashier session as the sale finds it: the one the client named, or else the register's
/// open one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionState {
    pub id: CashierSessionId,
    pub register: CashRegisterId,
    pub open: bool,
}

/// A customer's account as credit sales see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CustomerCredit {
    /// What the customer owes now.
    pub balance: i64,
    /// Most the customer may owe; `None` for no limit.
    pub limit: Option<i64>,
}

/// The state a sale is posted against, loaded in the posting transaction.
#[derive(Debug, Clone, Default)]
pub struct SaleSnapshot {
    pub products: HashMap<ProductId, ProductPolicy>,
    /// Warehouses that exist for the tenant.
    pub warehouses: Vec<WarehouseId>,
    /// Current levels; a missing (warehouse, product) pair is an empty level.
    pub levels: HashMap<(WarehouseId, ProductId), StockLevel>,
    pub accounts: Option<SaleAccounts>,
    /// The sale's register; `None` if it has none or it does not exist.
    pub register: Option<RegisterPolicy>,
    /// The session the client named, or the register's open session.
    pub session: Option<SessionState>,
    /// Whether cash needs an open session (off for kiosks that do not use shifts).
    pub require_open_session: bool,
    /// The sale's customer; `None` if it has none or it does not exist.
    pub customer: Option<CustomerCredit>,
    /// The branch the sale counts for in daily reports.
    pub branch: Option<BranchId>,
}

/// Price, net, VAT and cost of one line, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    /// The price the line sold at: its own, or the product's list price.
    pub unit_price: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
}

/// Everything a posted sale writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleEffects {
    pub lines: Vec<LineAmounts>,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub cost: i64,
    pub stock_moves: Vec<StockMove>,
    /// Final level of every (warehouse, product) the sale touched.
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
    pub payments: Vec<PostedPayment>,
    pub totals: PaymentTotals,
    /// Cash kept in a register's drawer (received minus change), when there is any.
    pub cash: Option<(CashRegisterId, i64)>,
    /// What the sale adds to a customer's debt.
    pub credit: Option<(CustomerId, i64)>,
    /// The open cashier session the sale lands in.
    pub session: Option<CashierSessionId>,
    pub branch: Option<BranchId>,
}

/// Posts a sale.
///
/// Line net = round(qty × unit price) − discount; VAT = round(net × rate) per line; cost per line
/// from the moving average. The entry is Dr each payment's account (cash drawer, card clearing,
/// bank, customers) its amount, Cr Revenue net, Cr VAT vat, Dr COGS cost, Cr Inventory cost
/// (zero lines dropped). Payments must add up to the total; cash needs an open session of the
/// register when the tenant requires one; credit stays within the customer's limit.
///
/// # Errors
/// [`SalePostingError`] naming the offending line, product, warehouse, payment or session.
pub fn post_sale(
    sale: &SaleDraft,
    settlement: &Settlement,
    snapshot: &SaleSnapshot,
) -> Result<SaleEffects, SalePostingError> {
    let unknown = |field: String| SalePostingError::UnknownReference { field };
    let accounts = snapshot
        .accounts
        .ok_or_else(|| unknown("chart of accounts".to_owned()))?;
    let register = match sale.register() {
        Some(r) => Some((
            r,
            snapshot
                .register
                .ok_or_else(|| unknown("cash_register_id".to_owned()))?,
        )),
        None => None,
    };
    let customer = match sale.customer() {
        Some(c) => Some((
            c,
            snapshot
                .customer
                .ok_or_else(|| unknown("customer_id".to_owned()))?,
        )),
        None => None,
    };
    let session = session_of(sale, snapshot)?;

    // Every reference first, so that no error about one line hides an unknown id on another.
    for (i, line) in sale.lines().iter().enumerate() {
        let l = line.get();
        if !snapshot.products.contains_key(&l.product) {
            return Err(unknown(format!("lines[{i}].product_id")));
        }
        if !snapshot.warehouses.contains(&l.warehouse) {
            return Err(unknown(format!("lines[{i}].warehouse_id")));
        }
    }
    let mut levels: crate::stock::Touched = Vec::new();
    let mut moves = Vec::new();
    let mut amounts = Vec::with_capacity(sale.lines().len());
    let (mut net, mut vat, mut cost) = (0i64, 0i64, 0i64);
    for (i, line) in sale.lines().iter().enumerate() {
        let l = line.get();
        let product = snapshot
            .products
            .get(&l.product)
            .ok_or_else(|| unknown(format!("lines[{i}].product_id")))?;
        if !snapshot.warehouses.contains(&l.warehouse) {
            return Err(unknown(format!("lines[{i}].warehouse_id")));
        }
        let (unit_price, line_net, line_vat) = price_line(i, l, product)?;
        let line_cost = if product.tracks_stock {
            let key = (l.warehouse, l.product);
            let idx = crate::stock::touch(&mut levels, &snapshot.levels, key);
            let (next, c) = levels[idx]
                .1
                .issue(l.qty, product.allow_negative_stock, product.cost_price)
                .map_err(|e| match e {
                    IssueError::Insufficient { available } => SalePostingError::InsufficientStock {
                        line: i,
                        product: l.product,
                        product_code: product.code.clone(),
                        warehouse: l.warehouse,
                        available,
                        requested: l.qty,
                    },
                    IssueError::WithoutCost => SalePostingError::ProductWithoutCost {
                        line: i,
                        product: l.product,
                        product_code: product.code.clone(),
                    },
                    IssueError::Overflow => SalePostingError::Overflow,
                })?;
            levels[idx].1 = next;
            moves.push(StockMove {
                warehouse: l.warehouse,
                product: l.product,
                qty: -l.qty,
                value: -c,
            });
            c
        } else {
            0
        };
        net = net
            .checked_add(line_net)
            .ok_or(SalePostingError::Overflow)?;
        vat = vat
            .checked_add(line_vat)
            .ok_or(SalePostingError::Overflow)?;
        cost = cost
            .checked_add(line_cost)
            .ok_or(SalePostingError::Overflow)?;
        amounts.push(LineAmounts {
            unit_price,
            net: line_net,
            vat: line_vat,
            cost: line_cost,
        });
    }
    let total = net.checked_add(vat).ok_or(SalePostingError::Overflow)?;
    if total > MAX_AMOUNT || cost > MAX_AMOUNT {
        return Err(SalePostingError::Overflow);
    }
    let payments = settle(settlement, total, register, customer, &accounts)?;
    let totals = PaymentTotals::of(&payments);
    if let Some((register, _)) = register
        && totals.cash_received > 0
        && session.is_none()
        && snapshot.require_open_session
    {
        return Err(SalePostingError::NoOpenSession { register });
    }
    if let Some((customer, credit)) = customer
        && totals.credit > 0
        && let Some(limit) = credit.limit
        && i128::from(credit.balance) + i128::from(totals.credit) > i128::from(limit)
    {
        return Err(SalePostingError::CreditLimitExceeded {
            customer,
            limit,
            balance: credit.balance,
            requested: totals.credit,
        });
    }
    let entry = BalancedEntry::new(
        payments
            .iter()
            .map(|p| JournalLine::debit(p.account, p.amount))
            .chain([
                JournalLine::credit(accounts.revenue, net),
                JournalLine::credit(accounts.vat, vat),
                JournalLine::debit(accounts.cogs, cost),
                JournalLine::credit(accounts.inventory, cost),
            ]),
    )
    .map_err(|_| SalePostingError::Overflow)?;
    Ok(SaleEffects {
        lines: amounts,
        net,
        vat,
        total,
        cost,
        stock_moves: moves,
        levels,
        entry,
        cash: register
            .filter(|_| totals.cash != 0)
            .map(|(r, _)| (r, totals.cash)),
        credit: customer
            .filter(|_| totals.credit != 0)
            .map(|(c, _)| (c, totals.credit)),
        payments,
        totals,
        session,
        branch: snapshot.branch,
    })
}

/// Price, net and VAT of line `i`: the line's price or else the product's list price,
/// net = round(qty × unit price) − discount (a scale label's amount − discount), VAT =
/// round(net × rate).
pub(super) fn price_line(
    i: usize,
    l: &NewSaleLine,
    product: &ProductPolicy,
) -> Result<(i64, i64, i64), SalePostingError> {
    let unit_price = l.unit_price.unwrap_or(product.sale_price);
    let gross = l.gross(unit_price);
    let net = gross - i128::from(l.discount);
    if net < 0 {
        return Err(SalePostingError::DiscountExceedsAmount { line: i });
    }
    if gross > i128::from(MAX_AMOUNT) {
        return Err(SalePostingError::Overflow);
    }
    let vat = div_round(net * i128::from(product.vat_bp), 10_000);
    Ok((
        unit_price,
        i64::try_from(net).map_err(|_| SalePostingError::Overflow)?,
        i64::try_from(vat).map_err(|_| SalePostingError::Overflow)?,
    ))
}

/// What a draft will cost the customer: each line's net and VAT (cost stays 0 until posting)
/// and the totals, so that a till can show the total before taking payment. A draft must refer
/// only to what exists (register, customer, session, products, warehouses); stock, payments
/// and sessions being open are decided when it is completed.
///
/// # Errors
/// An unknown reference, a discount above its line, or amounts too large.
pub fn quote_sale(
    sale: &SaleDraft,
    snapshot: &SaleSnapshot,
) -> Result<(Vec<LineAmounts>, i64, i64), SalePostingError> {
    let probe = Settlement::Whole(sale.default_method().unwrap_or(PaymentMethod::Card));
    if let Err(e @ SalePostingError::UnknownReference { .. }) = post_sale(sale, &probe, snapshot) {
        return Err(e);
    }
    let lines: Vec<NewSaleLine> = sale.lines().iter().map(|l| *l.get()).collect();
    quote_lines(&lines, |id| snapshot.products.get(&id))
}

/// What lines cost before they are a sale (a till's cart): each line's price, net and VAT
/// (cost 0) and the net and VAT totals, priced as [`post_sale`] prices them.
///
/// # Errors
/// A product `policy` does not know (`lines[i].product_id`), a discount above its line, or
/// amounts too large.
pub fn quote_lines<'a>(
    lines: &[NewSaleLine],
    policy: impl Fn(ProductId) -> Option<&'a ProductPolicy>,
) -> Result<(Vec<LineAmounts>, i64, i64), SalePostingError> {
    let mut out = Vec::with_capacity(lines.len());
    let (mut net, mut vat) = (0i64, 0i64);
    for (i, l) in lines.iter().enumerate() {
        let product = policy(l.product).ok_or_else(|| SalePostingError::UnknownReference {
            field: format!("lines[{i}].product_id"),
        })?;
        let (unit_price, n, v) = price_line(i, l, product)?;
        net = net.checked_add(n).ok_or(SalePostingError::Overflow)?;
        vat = vat.checked_add(v).ok_or(SalePostingError::Overflow)?;
        out.push(LineAmounts {
            unit_price,
            net: n,
            vat: v,
            cost: 0,
        });
    }
    if net.checked_add(vat).is_none_or(|t| t > MAX_AMOUNT) {
        return Err(SalePostingError::Overflow);
    }
    Ok((out, net, vat))
}

/// The open session a sale lands in: the one the client named (which must be open and of the
/// sale's register), or else the register's open session, if any.
fn session_of(
    sale: &SaleDraft,
    snapshot: &SaleSnapshot,
) -> Result<Option<CashierSessionId>, SalePostingError> {
    let Some(register) = sale.register() else {
        return Ok(None);
    };
    match (sale.session(), snapshot.session) {
        (Some(named), Some(s)) if s.id == named => {
            if s.register != register {
                Err(SalePostingError::SessionOfOtherRegister { session: named })
            } else if !s.open {
                Err(SalePostingError::SessionClosed { session: named })
            } else {
                Ok(Some(named))
            }
        }
        (Some(_), _) => Err(SalePostingError::UnknownReference {
            field: "cashier_session_id".to_owned(),
        }),
        (None, Some(s)) if s.open && s.register == register => Ok(Some(s.id)),
        (None, _) => Ok(None),
    }
}

/// The payments that settle `total`, each with its account and change.
fn settle(
    settlement: &Settlement,
    total: i64,
    register: Option<(CashRegisterId, RegisterPolicy)>,
    customer: Option<(CustomerId, CustomerCredit)>,
    accounts: &SaleAccounts,
) -> Result<Vec<PostedPayment>, SalePostingError> {
    let whole;
    let given: &[NewPayment] = match settlement {
        Settlement::Whole(method) => {
            whole = [NewPayment {
                method: *method,
                amount: total,
                received: None,
            }];
            if total == 0 { &[] } else { &whole }
        }
        Settlement::Payments(p) => p.get(),
        Settlement::Unpaid if total == 0 => &[],
        Settlement::Unpaid => return Err(SalePostingError::PaymentsRequired),
    };
    let paid: i128 = given.iter().map(|p| i128::from(p.amount)).sum();
    if paid != i128::from(total) {
        return Err(SalePostingError::PaymentMismatch {
            total,
            paid: i64::try_from(paid).unwrap_or(i64::MAX),
        });
    }
    given
        .iter()
        .map(|p| {
            let account = match p.method {
                PaymentMethod::Cash => {
                    register
                        .ok_or(SalePostingError::MissingParty {
                            method: "a cash",
                            field: "cash_register_id",
                        })?
                        .1
                        .account
                }
                PaymentMethod::Card => accounts.card,
                PaymentMethod::BankTransfer => accounts.bank,
                PaymentMethod::Credit => {
                    customer.ok_or(SalePostingError::MissingParty {
                        method: "a credit",
                        field: "customer_id",
                    })?;
                    accounts.customers
                }
            };
            let received = p.received.unwrap_or(p.amount);
            Ok(PostedPayment {
                method: p.method,
                amount: p.amount,
                received,
                change: received - p.amount,
                account,
            })
        })
        .collect()
}
