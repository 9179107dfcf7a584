//! Opening balances of customers and suppliers in the store: the party is read locked (a
//! customer's payments take turns with it), the pure rule posts it against opening balance
//! equity, and it is written with its journal entry (dated at noon of its as-of day in the
//! shop's time, in an open period) and the party's running balance, so the sub-ledger equals
//! its control account and aging and statements show it. One per party.

use mizan_domain::journal::check_period;
use mizan_domain::opening::balances::{
    OpeningBalance, OpeningBalanceAccounts, Party, PartySnapshot, post_opening_balance,
};
use mizan_domain::{CustomerId, OpeningBalanceId, SupplierId};

use super::manual::noon_of;
use super::subledgers::{add_to_customer_debt, add_to_supplier_debt};
use super::write::{Entry, next_number, write_entry};
use crate::tx::{Tx, args};
use crate::write::Posting;
use crate::{OpeningBalanceRecord, ResourceKind, StoreError, TenantScope, WriteError, Written};

pub(crate) fn post(
    p: &mut Posting<'_>,
    b: &OpeningBalance,
    posted_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let settings = p.settings()?;
    check_period(b.day(), settings.lock_day)?;
    let party = b.party();
    let (lock, has) = match party {
        Party::Customer(_) => (
            "SELECT id FROM customers WHERE tenant_id = $1 AND id = $2",
            "SELECT 1 FROM opening_balances WHERE tenant_id = $1 AND customer_id = $2",
        ),
        Party::Supplier(_) => (
            "SELECT id FROM suppliers WHERE tenant_id = $1 AND id = $2",
            "SELECT 1 FROM opening_balances WHERE tenant_id = $1 AND supplier_id = $2",
        ),
    };
    let exists =
        p.tx.lock_row(lock, args![t, party.id()], |r| r.i64(0))?
            .is_some();
    let has_opening_balance = exists && p.tx.exists(has, args![t, party.id()])?;
    let accounts = OpeningBalanceAccounts {
        customers: p.role("customers")?,
        suppliers: p.role("suppliers")?,
        opening_equity: p.role("opening_equity")?,
    };
    let entry = post_opening_balance(
        b,
        PartySnapshot {
            exists,
            has_opening_balance,
        },
        accounts,
    )?;
    let at = noon_of(b.day(), settings.utc_offset_minutes);
    let number = next_number(p, "OBL", at)?;
    let (customer, supplier) = match party {
        Party::Customer(c) => (Some(c.0), None),
        Party::Supplier(s) => (None, Some(s.0)),
    };
    let id = p.tx.insert_id(
        "INSERT INTO opening_balances (tenant_id, number, party, customer_id, supplier_id, amount,
             business_day, posted_at_ms, posted_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            party = party.kind(),
            customer_id = customer,
            supplier_id = supplier,
            amount = b.amount(),
            business_day = b.day(),
            posted_at_ms = at,
            posted_by = posted_by,
            created_at_ms = now_ms,
        ],
    )?;
    match party {
        Party::Customer(c) => add_to_customer_debt(p, c.0, b.amount())?,
        Party::Supplier(s) => add_to_supplier_debt(p, s.0, b.amount())?,
    }
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "opening_balance",
            doc: id,
            number: &number,
            memo: &format!("Opening balance {number}"),
            lines: &entry,
            now_ms: at,
        },
    )?;
    Ok(Written::created(ResourceKind::OpeningBalance, id))
}

/// (id, what is still open) of customer `$2`'s opening balance in tenant `$1`: its amount less
/// what payments settled of it.
pub(crate) const CUSTOMER_OPENING_OPEN: &str = "SELECT o.id,
        CAST(o.amount - COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x
                                  WHERE x.tenant_id = $1 AND x.opening_id = o.id), 0) AS BIGINT)
     FROM opening_balances o WHERE o.tenant_id = $1 AND o.customer_id = $2";

pub(crate) fn opening_balance(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: OpeningBalanceId,
) -> Result<Option<OpeningBalanceRecord>, StoreError> {
    tx.opt(
        "SELECT id, number, customer_id, supplier_id, amount, business_day, posted_at_ms,
                posted_by
         FROM opening_balances WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id.0],
        |r| {
            let party = match (r.opt_i64(2)?, r.opt_i64(3)?) {
                (Some(c), None) => Party::Customer(CustomerId(c)),
                (None, Some(s)) => Party::Supplier(SupplierId(s)),
                _ => return Err(StoreError::Corrupt(format!("opening balance {id}: party"))),
            };
            Ok(OpeningBalanceRecord {
                id: OpeningBalanceId(r.i64(0)?),
                number: r.text(1)?,
                party,
                amount: r.i64(4)?,
                business_day: r.i32(5)?,
                posted_at_ms: r.i64(6)?,
                posted_by: r.text(7)?,
            })
        },
    )
}
