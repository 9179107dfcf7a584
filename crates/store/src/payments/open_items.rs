//! What is still open on each credit sale: its credit part, less the credit refunds of its
//! returns and the payments allocated to it. One query, used by customer payments (to
//! allocate) and by the aging report (to age), so the two can never disagree. A customer's
//! opening balance is an open item too, less what payments settled of it (`OPEN_OPENINGS`).

/// (business day, customer id, open amount) of every customer opening balance of the tenant
/// (`$1`) as of business day `$2` or earlier, less what payments up to that day settled of it.
pub(crate) const OPEN_OPENINGS: &str = "SELECT o.business_day, o.customer_id,
        CAST(o.amount - COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x
                                  JOIN customer_payments cp ON cp.tenant_id = x.tenant_id AND cp.id = x.payment_id
                                  WHERE x.tenant_id = $1 AND x.opening_id = o.id AND cp.business_day <= $2), 0)
             AS BIGINT)
     FROM opening_balances o
     WHERE o.tenant_id = $1 AND o.customer_id IS NOT NULL AND o.business_day <= $2";

/// (sale id, business day, customer id, open amount) of every posted sale of the tenant (`$1`)
/// with a customer and anything open on it at the end of business day `$2` (counting only
/// sales, returns and payments up to that day), oldest first; with `one_customer`, of customer
/// `$3` only.
pub(crate) fn open_sales_sql(one_customer: bool) -> String {
    let customer = if one_customer {
        "AND s.customer_id = $3"
    } else {
        ""
    };
    format!(
        "SELECT id, business_day, customer_id, open FROM (
             SELECT s.id, COALESCE(s.business_day, 0) AS business_day, s.customer_id,
                 CAST(COALESCE((SELECT SUM(p.amount) FROM sale_payments p
                                WHERE p.tenant_id = $1 AND p.sale_id = s.id AND p.method = 'credit'), 0)
                    - COALESCE((SELECT SUM(r.total) FROM sale_returns r
                                WHERE r.tenant_id = $1 AND r.sale_id = s.id AND r.refund_method = 'credit'
                                  AND r.business_day <= $2), 0)
                    - COALESCE((SELECT SUM(a.amount) FROM customer_payment_allocations a
                                JOIN customer_payments cp ON cp.tenant_id = a.tenant_id AND cp.id = a.payment_id
                                WHERE a.tenant_id = $1 AND a.sale_id = s.id AND cp.business_day <= $2), 0)
                    AS BIGINT) AS open
             FROM sales s
             WHERE s.tenant_id = $1 AND s.customer_id IS NOT NULL AND s.status = 'posted'
               AND COALESCE(s.business_day, 0) <= $2 {customer}
         ) o WHERE open <> 0 ORDER BY id"
    )
}
