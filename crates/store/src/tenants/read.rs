//! Reading tenants: one tenant, and every tenant (for the operator).

use mizan_domain::cafe::OpeningHours;
use mizan_domain::{Currency, TenantId};

use crate::tx::{Row, Tx, args};
use crate::{StoreError, Tenant, TenantScope};

type R<T> = Result<T, StoreError>;

const TENANT: &str =
    "SELECT id, name, currency, exponent, require_open_session, utc_offset_minutes, scale_layouts,
            require_registered_devices, lock_day, cafe_opens, cafe_closes, roll_min_useful
     FROM tenants";

fn tenant_row(r: &dyn Row) -> R<Tenant> {
    let exponent = r.i64(3)?;
    Ok(Tenant {
        id: TenantId(r.i64(0)?),
        name: r.text(1)?,
        currency: Currency {
            code: r.text(2)?,
            exponent: u32::try_from(exponent)
                .map_err(|_| StoreError::Corrupt(format!("currency exponent {exponent}")))?,
        },
        require_open_session: r.bool(4)?,
        utc_offset_minutes: r.i32(5)?,
        scale_layouts: super::scale_layouts::decode(&r.text(6)?),
        require_registered_devices: r.bool(7)?,
        lock_day: r.opt_i64(8)?.and_then(|d| i32::try_from(d).ok()),
        cafe_hours: OpeningHours::new(r.i64(9)?, r.i64(10)?)
            .map_err(|e| StoreError::Corrupt(format!("café opening hours: {e}")))?,
        roll_min_useful: r.i64(11)?,
    })
}

pub(crate) fn tenant(tx: &mut dyn Tx, s: TenantScope) -> R<Tenant> {
    tx.one(
        &format!("{TENANT} WHERE id = $1"),
        args![s.id()],
        tenant_row,
    )
}

pub(crate) fn operator_tenants(tx: &mut dyn Tx) -> R<Vec<(TenantScope, Tenant)>> {
    tx.rows(&format!("{TENANT} ORDER BY id"), args![], |r| {
        let t = tenant_row(r)?;
        Ok((TenantScope::new(t.id), t))
    })
}
