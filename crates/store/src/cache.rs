//! The writer's caches: rows that postings read on every write (role accounts, product
//! policies, warehouse and register branches, posting settings), keyed by (tenant, id). Each
//! writer thread owns one. Whoever changes a cached row invalidates its entry; the writer
//! clears everything when a transaction fails, so no cache can hold a row that was not
//! committed. A writer that shares its database with other processes' writers (PostgreSQL)
//! keeps only what never changes across batches (`begin_batch`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use mizan_domain::sales::ProductPolicy;

use crate::StoreError;
use crate::tx::{Tx, args};

/// What postings need of a tenant's settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TenantSettings {
    pub require_open_session: bool,
    pub utc_offset_minutes: i32,
    /// Decimals of the tenant's currency (for amounts written in memos).
    pub exponent: u32,
    /// Nothing posts on or before this business day.
    pub lock_day: Option<i32>,
    /// What is left of a roll below this length is an offcut.
    pub roll_min_useful: i64,
}

#[derive(Default)]
pub(crate) struct WriterState {
    /// Role accounts per tenant (they never change once a tenant exists).
    pub role_accounts: HashMap<i64, HashMap<String, i64>>,
    pub products: HashMap<(i64, i64), ProductPolicy>,
    /// Branch of each warehouse.
    pub warehouses: HashMap<(i64, i64), Option<i64>>,
    /// Cash account and branch of each register.
    pub registers: HashMap<(i64, i64), (i64, Option<i64>)>,
    pub settings: HashMap<i64, TenantSettings>,
    /// What the batch's writes leave to be written as it commits.
    pub pending: crate::pending::Pending,
    /// Other processes may write the same database: master data is cached for one batch only.
    shared: bool,
}

impl WriterState {
    /// A writer's state; `shared` when other processes may change the rows it caches.
    pub(crate) fn new(shared: bool) -> Self {
        Self {
            shared,
            ..Self::default()
        }
    }

    pub(crate) fn clear(&mut self) {
        *self = Self::new(self.shared);
    }

    /// Called before each batch.
    pub(crate) fn begin_batch(&mut self) {
        if self.shared {
            self.products.clear();
            self.warehouses.clear();
            self.registers.clear();
            self.settings.clear();
        }
    }

    /// The account id of each role of tenant `t`, loaded once.
    pub(crate) fn role_accounts(
        &mut self,
        tx: &mut dyn Tx,
        t: i64,
    ) -> Result<&HashMap<String, i64>, StoreError> {
        match self.role_accounts.entry(t) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => {
                let map = tx
                    .rows(
                        "SELECT role, id FROM accounts WHERE tenant_id = $1 AND role IS NOT NULL",
                        args![t],
                        |r| Ok((r.text(0)?, r.i64(1)?)),
                    )?
                    .into_iter()
                    .collect();
                Ok(slot.insert(map))
            }
        }
    }

    /// The account of `role`, which every tenant's chart has.
    pub(crate) fn role(
        &mut self,
        tx: &mut dyn Tx,
        t: i64,
        role: &str,
    ) -> Result<mizan_domain::AccountId, StoreError> {
        self.role_accounts(tx, t)?
            .get(role)
            .copied()
            .map(mizan_domain::AccountId)
            .ok_or_else(|| StoreError::Corrupt(format!("the chart of accounts lacks {role}")))
    }

    /// The tenant's posting settings, cached until they change.
    pub(crate) fn settings(
        &mut self,
        tx: &mut dyn Tx,
        t: i64,
    ) -> Result<TenantSettings, StoreError> {
        if let Some(s) = self.settings.get(&t) {
            return Ok(*s);
        }
        let s = tx.one(
            "SELECT require_open_session, utc_offset_minutes, exponent, lock_day, roll_min_useful
             FROM tenants
             WHERE id = $1",
            args![t],
            |r| {
                let exponent = r.i64(2)?;
                Ok(TenantSettings {
                    require_open_session: r.bool(0)?,
                    utc_offset_minutes: r.i32(1)?,
                    exponent: u32::try_from(exponent).map_err(|_| {
                        StoreError::Corrupt(format!("currency exponent {exponent}"))
                    })?,
                    lock_day: r.opt_i64(3)?.and_then(|d| i32::try_from(d).ok()),
                    roll_min_useful: r.i64(4)?,
                })
            },
        )?;
        self.settings.insert(t, s);
        Ok(s)
    }
}
