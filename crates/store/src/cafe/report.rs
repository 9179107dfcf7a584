//! The café's figures over business days: per station the sessions, minutes played and
//! billed and the play revenue; per menu item the quantity served and its revenue; and the
//! totals (also what the daily report shows of the café).

use mizan_domain::{PlaceId, ProductId};
use serde::Serialize;

use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope};

/// One station over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationFigures {
    pub station_id: PlaceId,
    pub name: String,
    pub sessions: i64,
    pub played_minutes: i64,
    pub billed_minutes: i64,
    /// Play revenue before VAT.
    pub revenue: i64,
}

/// One menu item over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemFigures {
    pub product_id: ProductId,
    pub name: String,
    /// Thousandths served.
    pub qty: i64,
    /// Revenue before VAT.
    pub revenue: i64,
    pub cost: i64,
}

/// The café over business days `from..=to` (`YYYYMMDD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CafeFigures {
    pub from: i32,
    pub to: i32,
    /// Every station, those without sessions too.
    pub stations: Vec<StationFigures>,
    pub items: Vec<ItemFigures>,
    /// Play and menu revenue before VAT, and the VAT on both.
    pub play_revenue: i64,
    pub item_revenue: i64,
    pub vat: i64,
    pub sessions: i64,
    pub billed_minutes: i64,
}

pub(crate) fn figures(
    tx: &mut dyn Tx,
    s: TenantScope,
    from: i32,
    to: i32,
) -> Result<CafeFigures, StoreError> {
    let t = s.id();
    let stations = tx.rows(
        "SELECT p.id, p.name, CAST(COUNT(x.session_id) AS BIGINT),
             CAST(COALESCE(SUM(x.played), 0) AS BIGINT),
             CAST(COALESCE(SUM(x.billed), 0) AS BIGINT),
             CAST(COALESCE(SUM(x.net), 0) AS BIGINT)
         FROM cafe_places p LEFT JOIN (
             SELECT se.station_id, se.id AS session_id, se.played_minutes AS played,
                 se.billed_minutes AS billed, c.net
             FROM cafe_charges c
             JOIN cafe_sessions se ON se.tenant_id = c.tenant_id AND se.id = c.session_id
             WHERE c.tenant_id = $1 AND c.kind = 'play' AND c.business_day BETWEEN $2 AND $3
         ) x ON x.station_id = p.id
         WHERE p.tenant_id = $1 AND p.kind = 'station'
         GROUP BY p.id, p.name ORDER BY p.name",
        args![t, from, to],
        |r| {
            Ok(StationFigures {
                station_id: PlaceId(r.i64(0)?),
                name: r.text(1)?,
                sessions: r.i64(2)?,
                played_minutes: r.i64(3)?,
                billed_minutes: r.i64(4)?,
                revenue: r.i64(5)?,
            })
        },
    )?;
    let items = tx.rows(
        "SELECT o.product_id, pr.name_en, CAST(SUM(o.qty) AS BIGINT), CAST(SUM(c.net) AS BIGINT),
             CAST(SUM(c.cost) AS BIGINT)
         FROM cafe_charges c
         JOIN cafe_orders o ON o.tenant_id = c.tenant_id AND o.id = c.order_id
         JOIN products pr ON pr.tenant_id = o.tenant_id AND pr.id = o.product_id
         WHERE c.tenant_id = $1 AND c.kind = 'order' AND c.business_day BETWEEN $2 AND $3
         GROUP BY o.product_id, pr.name_en ORDER BY SUM(c.net) DESC, o.product_id",
        args![t, from, to],
        |r| {
            Ok(ItemFigures {
                product_id: ProductId(r.i64(0)?),
                name: r.text(1)?,
                qty: r.i64(2)?,
                revenue: r.i64(3)?,
                cost: r.i64(4)?,
            })
        },
    )?;
    let vat = tx.one(
        "SELECT CAST(COALESCE(SUM(vat), 0) AS BIGINT) FROM cafe_charges
         WHERE tenant_id = $1 AND business_day BETWEEN $2 AND $3",
        args![t, from, to],
        |r| r.i64(0),
    )?;
    let play_revenue = stations.iter().map(|x| x.revenue).sum();
    Ok(CafeFigures {
        from,
        to,
        play_revenue,
        item_revenue: items.iter().map(|x| x.revenue).sum(),
        vat,
        sessions: stations.iter().map(|x| x.sessions).sum(),
        billed_minutes: stations.iter().map(|x| x.billed_minutes).sum(),
        stations,
        items,
    })
}
