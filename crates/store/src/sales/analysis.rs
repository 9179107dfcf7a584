//! Sales analysis over a range of business days, read from the posted sales' and returns' own
//! lines (each carries the net, VAT and the cost it took): by product, by cashier, by month and
//! by payment method. A return counts on its own business day, at its own lines, and takes off
//! what it gave back; a return's cashier is the person who took it back. One query per report,
//! written once for both databases.

use mizan_domain::ProductId;
use serde::Serialize;

use crate::tx::{Row, Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// What the sales analysis groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesBy {
    Product,
    Cashier,
    PaymentMethod,
    /// Calendar month of the business day (`YYYYMM` keys).
    Month,
}

/// One group of the analysis: its sales less its returns in the range.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SalesGroup {
    /// The product's code, the cashier's user name, the payment method, or the month `YYYYMM`.
    pub key: String,
    /// The product's English name; otherwise the key.
    pub name: String,
    pub product_id: Option<ProductId>,
    /// Sales with a line (or a payment) in the group, and returns.
    pub sales_count: i64,
    pub returns_count: i64,
    /// Quantity sold less returned (thousandths).
    pub qty: i64,
    /// Net, VAT and cost of the sales less the returns (zero by payment method: a payment is
    /// not split into them).
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
    /// What the sales came to with VAT (by payment method: what was paid that way).
    pub sales_total: i64,
    /// What the returns gave back with VAT (by payment method: refunded that way).
    pub returns_total: i64,
}

/// Sales and returns of the range grouped by `sale_key` / `return_key` (SQL over `s`/`l` and
/// `r`/`rl`), with `outer` the first three columns (id, key, name) over the grouped `x`.
fn by_lines(sale_key: &str, return_key: &str, outer: &str, join: &str, order: &str) -> String {
    format!(
        "SELECT {outer},
                CAST(SUM(x.sales_n) AS BIGINT), CAST(SUM(x.returns_n) AS BIGINT),
                CAST(SUM(x.qty) AS BIGINT), CAST(SUM(x.net) AS BIGINT),
                CAST(SUM(x.vat) AS BIGINT), CAST(SUM(x.cost) AS BIGINT),
                CAST(SUM(x.sales_total) AS BIGINT), CAST(SUM(x.returns_total) AS BIGINT)
         FROM (
             SELECT {sale_key} AS k, COUNT(DISTINCT s.id) AS sales_n, 0 AS returns_n,
                    SUM(l.qty) AS qty, SUM(l.net) AS net, SUM(l.vat) AS vat, SUM(l.cost) AS cost,
                    SUM(l.net + l.vat) AS sales_total, 0 AS returns_total
             FROM sales s JOIN sale_lines l ON l.sale_id = s.id AND l.tenant_id = s.tenant_id
             WHERE s.tenant_id = $1 AND s.status = 'posted' AND s.business_day BETWEEN $2 AND $3
             GROUP BY {sale_key}
             UNION ALL
             SELECT {return_key}, 0, COUNT(DISTINCT r.id), -SUM(rl.qty), -SUM(rl.net),
                    -SUM(rl.vat), -SUM(rl.cost), 0, SUM(rl.net + rl.vat)
             FROM sale_returns r
             JOIN sale_return_lines rl ON rl.tenant_id = r.tenant_id AND rl.return_id = r.id
             WHERE r.tenant_id = $1 AND r.business_day BETWEEN $2 AND $3
             GROUP BY {return_key}
         ) x {join}
         GROUP BY {order}
         ORDER BY {order}"
    )
}

const BY_PAYMENT_METHOD: &str = "SELECT CAST(NULL AS BIGINT), x.k, x.k,
        CAST(SUM(x.sales_n) AS BIGINT), CAST(SUM(x.returns_n) AS BIGINT),
        CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT),
        CAST(SUM(x.paid) AS BIGINT), CAST(SUM(x.refunded) AS BIGINT)
 FROM (
     SELECT p.method AS k, COUNT(DISTINCT s.id) AS sales_n, 0 AS returns_n,
            SUM(p.amount) AS paid, 0 AS refunded
     FROM sales s JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
     WHERE s.tenant_id = $1 AND s.status = 'posted' AND s.business_day BETWEEN $2 AND $3
     GROUP BY p.method
     UNION ALL
     SELECT r.refund_method, 0, COUNT(*), 0, SUM(r.total)
     FROM sale_returns r
     WHERE r.tenant_id = $1 AND r.business_day BETWEEN $2 AND $3
     GROUP BY r.refund_method
 ) x
 GROUP BY x.k
 ORDER BY x.k";

fn group_row(r: &dyn Row) -> R<SalesGroup> {
    Ok(SalesGroup {
        product_id: r.opt_i64(0)?.map(ProductId),
        key: r.text(1)?,
        name: r.text(2)?,
        sales_count: r.i64(3)?,
        returns_count: r.i64(4)?,
        qty: r.i64(5)?,
        net: r.i64(6)?,
        vat: r.i64(7)?,
        cost: r.i64(8)?,
        sales_total: r.i64(9)?,
        returns_total: r.i64(10)?,
    })
}

/// The sales of business days `from..=to` (`YYYYMMDD`) less their returns, grouped `by`, in
/// key order (products by code). Months without sales are not in the answer.
pub(crate) fn sales_analysis(
    tx: &mut dyn Tx,
    s: TenantScope,
    by: SalesBy,
    from: i32,
    to: i32,
) -> R<Vec<SalesGroup>> {
    let sql = match by {
        SalesBy::Product => by_lines(
            "l.product_id",
            "rl.product_id",
            "x.k, p.code, p.name_en",
            "JOIN products p ON p.tenant_id = $1 AND p.id = x.k",
            "x.k, p.code, p.name_en",
        ),
        SalesBy::Cashier => by_lines(
            "s.cashier",
            "r.returned_by",
            "CAST(NULL AS BIGINT), x.k, x.k",
            "",
            "x.k",
        ),
        SalesBy::Month => by_lines(
            "s.business_day / 100",
            "r.business_day / 100",
            "CAST(NULL AS BIGINT), CAST(x.k AS TEXT), CAST(x.k AS TEXT)",
            "",
            "x.k",
        ),
        SalesBy::PaymentMethod => BY_PAYMENT_METHOD.to_owned(),
    };
    let mut rows = tx.rows(&sql, args![s.id(), from, to], group_row)?;
    if by == SalesBy::Product {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    }
    Ok(rows)
}
