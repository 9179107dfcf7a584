//! What a batch's writes leave to be written once, as the batch commits: the latest value of
//! every stock level and number series they changed (each row was locked when first read or
//! bumped, so the batch's later writes take it from here, not from the database), the sums they
//! add to the daily report, and the idempotency keys they recorded. Each is one statement per
//! batch instead of one per write. A refused write's part is undone with its savepoint.

use std::collections::BTreeMap;

use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, ProductId, WarehouseId};

use crate::StoreError;
use crate::tx::Col::{Int, Text};
use crate::tx::{Arg, Table, Tx};

/// A level's key: (tenant, warehouse, product).
type LevelKey = (i64, WarehouseId, ProductId);

/// A daily report row's key: (tenant, branch or 0, day).
type DayKey = (i64, i64, i32);

/// What sales add to a day's row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DailySums {
    pub sales_count: i64,
    pub total: i64,
    pub net: i64,
    pub vat: i64,
    pub cash: i64,
    pub card: i64,
    pub bank_transfer: i64,
    pub credit: i64,
    pub unique_customers: i64,
}

impl DailySums {
    /// Adds (`sign` 1) or takes away (-1) `o`; a batch's sums cannot come near `i64::MAX`
    /// (each sale's amounts are `i64`, a batch holds at most a few hundred), and would saturate
    /// rather than make a posting fail.
    fn add(&mut self, o: &Self, sign: i64) {
        let f = |a: &mut i64, b: i64| *a = a.saturating_add(b.saturating_mul(sign));
        f(&mut self.sales_count, o.sales_count);
        f(&mut self.total, o.total);
        f(&mut self.net, o.net);
        f(&mut self.vat, o.vat);
        f(&mut self.cash, o.cash);
        f(&mut self.card, o.card);
        f(&mut self.bank_transfer, o.bank_transfer);
        f(&mut self.credit, o.credit);
        f(&mut self.unique_customers, o.unique_customers);
    }
}

/// An account's day key: (tenant, account, day).
type AccountDayKey = (i64, AccountId, i32);

/// What a batch adds to an account's day: (debits, credits), both positive.
type Turnover = (i64, i64);

/// A number series' key: (tenant, series).
type SeriesKey = (i64, String);

enum Undo {
    /// The level's value before the write (`None`: it was not pending).
    Level(LevelKey, Option<StockLevel>),
    Day(DayKey, DailySums),
    AccountDay(AccountDayKey, Turnover),
    /// The series' last value before the write (`None`: the write bumped its row first).
    Number(SeriesKey, Option<i64>),
    Key(i64, String),
}

#[derive(Default)]
pub(crate) struct Pending {
    levels: BTreeMap<LevelKey, StockLevel>,
    days: BTreeMap<DayKey, DailySums>,
    /// What the batch's journal lines add to each account's day.
    account_days: BTreeMap<AccountDayKey, Turnover>,
    /// The last value the batch took of each series whose row it bumped (and locked).
    numbers: BTreeMap<SeriesKey, i64>,
    /// Idempotency keys recorded by the batch: (tenant, key) and what it answers.
    keys: BTreeMap<(i64, String), (String, String, i64)>,
    /// How to undo the current write's part.
    undo: Vec<Undo>,
}

impl Pending {
    /// Called before each write of the batch.
    pub(crate) fn begin_write(&mut self) {
        self.undo.clear();
    }

    /// Undoes what the current write left (it was refused).
    pub(crate) fn undo_write(&mut self) {
        while let Some(u) = self.undo.pop() {
            match u {
                Undo::Level(k, Some(v)) => {
                    self.levels.insert(k, v);
                }
                Undo::Level(k, None) => {
                    self.levels.remove(&k);
                }
                Undo::Day(k, sums) => {
                    if let Some(d) = self.days.get_mut(&k) {
                        d.add(&sums, -1);
                    }
                }
                Undo::AccountDay(k, (debit, credit)) => {
                    if let Some(d) = self.account_days.get_mut(&k) {
                        d.0 -= debit;
                        d.1 -= credit;
                    }
                }
                Undo::Number(k, Some(v)) => {
                    self.numbers.insert(k, v);
                }
                Undo::Number(k, None) => {
                    self.numbers.remove(&k);
                }
                Undo::Key(t, key) => {
                    self.keys.remove(&(t, key));
                }
            }
        }
    }

    /// The level the batch left, when one of its writes changed it.
    pub(crate) fn level(&self, t: i64, w: WarehouseId, p: ProductId) -> Option<StockLevel> {
        self.levels.get(&(t, w, p)).copied()
    }

    pub(crate) fn set_level(&mut self, t: i64, w: WarehouseId, p: ProductId, level: StockLevel) {
        let before = self.levels.insert((t, w, p), level);
        self.undo.push(Undo::Level((t, w, p), before));
    }

    pub(crate) fn add_to_day(&mut self, t: i64, branch: i64, day: i32, sums: DailySums) {
        self.days.entry((t, branch, day)).or_default().add(&sums, 1);
        self.undo.push(Undo::Day((t, branch, day), sums));
    }

    /// Adds a journal line of `amount` (debit > 0, credit < 0) to `account`'s day `day`.
    pub(crate) fn add_to_account_day(&mut self, t: i64, account: AccountId, day: i32, amount: i64) {
        let turnover = if amount >= 0 {
            (amount, 0)
        } else {
            (0, amount.saturating_neg())
        };
        let d = self.account_days.entry((t, account, day)).or_default();
        d.0 = d.0.saturating_add(turnover.0);
        d.1 = d.1.saturating_add(turnover.1);
        self.undo
            .push(Undo::AccountDay((t, account, day), turnover));
    }

    /// The next value of a series whose row the batch bumped already.
    pub(crate) fn next_number(&mut self, t: i64, series: &str) -> Option<i64> {
        let key = (t, series.to_owned());
        let last = self.numbers.get_mut(&key)?;
        let before = *last;
        *last += 1;
        let n = *last;
        self.undo.push(Undo::Number(key, Some(before)));
        Some(n)
    }

    /// Records the value `n` the current write took by bumping the series' row.
    pub(crate) fn bumped_number(&mut self, t: i64, series: &str, n: i64) {
        let key = (t, series.to_owned());
        let before = self.numbers.insert(key.clone(), n);
        self.undo.push(Undo::Number(key, before));
    }

    /// Whether the batch recorded idempotency key `key` of tenant `t`.
    pub(crate) fn has_key(&self, t: i64, key: &str) -> bool {
        self.keys.contains_key(&(t, key.to_owned()))
    }

    /// Records an idempotency key and what it answers: (request hash, resource kind, id).
    pub(crate) fn record_key(&mut self, t: i64, key: &str, answer: (String, String, i64)) {
        self.keys.insert((t, key.to_owned()), answer);
        self.undo.push(Undo::Key(t, key.to_owned()));
    }

    /// Writes (appends, see [`Tx::append`]) everything pending, and forgets it.
    pub(crate) fn write(&mut self, tx: &mut dyn Tx) -> Result<(), StoreError> {
        self.undo.clear();
        for ((t, series), last) in std::mem::take(&mut self.numbers) {
            tx.defer(
                "UPDATE number_series SET last_value = $3 WHERE tenant_id = $1 AND series = $2",
                crate::tx::args![tenant = t, series = series.as_str(), last_value = last],
            )?;
        }
        let keys = std::mem::take(&mut self.keys);
        let mut values: Vec<Arg<'_>> = Vec::with_capacity(keys.len() * 5);
        for ((t, key), (hash, kind, id)) in &keys {
            values.extend::<[Arg<'_>; 5]>([
                (*t).into(),
                key.into(),
                hash.into(),
                kind.into(),
                (*id).into(),
            ]);
        }
        tx.append(&KEYS, &values)?;
        let levels = std::mem::take(&mut self.levels);
        let mut values: Vec<Arg<'_>> = Vec::with_capacity(levels.len() * 5);
        for ((t, w, p), l) in &levels {
            values.extend::<[Arg<'_>; 5]>([
                (*t).into(),
                w.0.into(),
                p.0.into(),
                l.qty.into(),
                l.value.into(),
            ]);
        }
        tx.append(&LEVELS, &values)?;
        let days = std::mem::take(&mut self.days);
        let mut values: Vec<Arg<'_>> = Vec::with_capacity(days.len() * 12);
        // A day only refused writes touched adds nothing (and must not make a row).
        for ((t, branch, day), s) in days.iter().filter(|(_, s)| **s != DailySums::default()) {
            values.extend::<[Arg<'_>; 12]>([
                (*t).into(),
                (*branch).into(),
                (*day).into(),
                s.sales_count.into(),
                s.total.into(),
                s.net.into(),
                s.vat.into(),
                s.cash.into(),
                s.card.into(),
                s.bank_transfer.into(),
                s.credit.into(),
                s.unique_customers.into(),
            ]);
        }
        tx.append(&DAYS, &values)?;
        let account_days = std::mem::take(&mut self.account_days);
        let mut values: Vec<Arg<'_>> = Vec::with_capacity(account_days.len() * 5);
        for ((t, account, day), (debit, credit)) in
            account_days.iter().filter(|(_, d)| **d != (0, 0))
        {
            values.extend::<[Arg<'_>; 5]>([
                (*t).into(),
                account.0.into(),
                (*day).into(),
                (*debit).into(),
                (*credit).into(),
            ]);
        }
        tx.append(&ACCOUNT_DAYS, &values)
    }
}

static KEYS: Table = Table {
    head: "INSERT INTO idempotency_keys (tenant_id, key, request_hash, resource_kind,
         resource_id)",
    cols: &[Int, Text, Text, Text, Int],
    tail: "",
};

/// The levels' rows exist (each was locked when first read): this sets them.
static LEVELS: Table = Table {
    head: "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value)",
    cols: &[Int; 5],
    tail: "ON CONFLICT (tenant_id, warehouse_id, product_id)
         DO UPDATE SET qty = excluded.qty, value = excluded.value",
};

static DAYS: Table = Table {
    head: "INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash,
         card, bank_transfer, credit, unique_customers)",
    cols: &[Int; 12],
    tail: "ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
         sales_count = daily_sales.sales_count + excluded.sales_count,
         total = daily_sales.total + excluded.total,
         net = daily_sales.net + excluded.net,
         vat = daily_sales.vat + excluded.vat,
         cash = daily_sales.cash + excluded.cash,
         card = daily_sales.card + excluded.card,
         bank_transfer = daily_sales.bank_transfer + excluded.bank_transfer,
         credit = daily_sales.credit + excluded.credit,
         unique_customers = daily_sales.unique_customers + excluded.unique_customers",
};

/// Accounts' day rows, in (tenant, account, day) order so concurrent batches lock them alike.
static ACCOUNT_DAYS: Table = Table {
    head: "INSERT INTO account_days (tenant_id, account_id, day, debit, credit)",
    cols: &[Int; 5],
    tail: "ON CONFLICT (tenant_id, account_id, day) DO UPDATE SET
         debit = account_days.debit + excluded.debit,
         credit = account_days.credit + excluded.credit",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_write_leaves_nothing_pending() {
        let mut p = Pending::default();
        let (w, pr) = (WarehouseId(1), ProductId(2));
        p.begin_write();
        p.set_level(7, w, pr, StockLevel { qty: 5, value: 50 });
        p.add_to_day(
            7,
            0,
            100,
            DailySums {
                sales_count: 1,
                total: 10,
                ..DailySums::default()
            },
        );
        p.begin_write();
        p.set_level(7, w, pr, StockLevel { qty: 3, value: 30 });
        p.set_level(7, w, ProductId(3), StockLevel { qty: 1, value: 1 });
        p.add_to_day(
            7,
            0,
            100,
            DailySums {
                sales_count: 1,
                total: 4,
                ..DailySums::default()
            },
        );
        p.undo_write();
        assert_eq!(p.level(7, w, pr), Some(StockLevel { qty: 5, value: 50 }));
        assert_eq!(p.level(7, w, ProductId(3)), None);
        assert_eq!(
            p.days.get(&(7, 0, 100)),
            Some(&DailySums {
                sales_count: 1,
                total: 10,
                ..DailySums::default()
            })
        );
    }
}
