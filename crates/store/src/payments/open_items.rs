//! What is still open on each credit sale: its credit part, less the credit refunds of its
//! returns and the payments allocated to it. One query, used by customer payments (to
//! allocate) and by the aging report (to age), so the two can never disagree.

/// (sale id, business day, customer id, open amount) of every posted sale of the tenant (`$1`)
/// with a customer and anything open on it, oldest first. `{customer}` narrows it to one
/// customer (`$2`) or to none.
pub(crate) fn open_sales_sql(one_customer: bool) -> String {
    let customer = if one_customer {
        "AND s.customer_id = $2"
    } else {
        ""
    };
    format!(
        "SELECT id, business_day, customer_id, open FROM (
             SELECT s.id, COALESCE(s.business_day, 0) AS business_day, s.customer_id,
                 CAST(COALESCE((SELECT SUM(p.amount) FROM sale_payments p
                                WHERE p.tenant_id = $1 AND p.sale_id = s.id AND p.method = 'credit'), 0)
                    - COALESCE((SELECT SUM(r.total) FROM sale_returns r
                                WHERE r.tenant_id = $1 AND r.sale_id = s.id AND r.refund_method = 'credit'), 0)
                    - COALESCE((SELECT SUM(a.amount) FROM customer_payment_allocations a
                                WHERE a.tenant_id = $1 AND a.sale_id = s.id), 0) AS BIGINT) AS open
             FROM sales s
             WHERE s.tenant_id = $1 AND s.customer_id IS NOT NULL AND s.status = 'posted' {customer}
         ) o WHERE open <> 0 ORDER BY id"
    )
}
