//! The sales reports and the old system's tools through the store, on every backend: sales by
//! product, cashier, payment method and month come from the lines, returns taking off what
//! they gave back; a posted sale's trace agrees with itself, COGS covers every sale and
//! reconciles three ways; and when a row is broken behind the store's back, the sale's verdict,
//! the coverage and the reconciliation each name the document and the difference.

use std::sync::Arc;

use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::sales::{
    NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement, sale_problems,
};
use mizan_domain::{ProductId, SaleId};
use mizan_store::{Command, SalesBy, SalesGroup, Store};

use crate::support::{self, Fixture, NOW};

/// 2026-11-22, the fixture's business day.
const DAY: i32 = 20_261_122;

async fn sell(
    store: &Arc<dyn Store>,
    f: &Fixture,
    cashier: &str,
    lines: &[(ProductId, i64, i64)],
    payment: Payment,
) -> SaleId {
    let lines = lines
        .iter()
        .map(|&(product, qty, price)| NewSaleLine {
            product,
            warehouse: f.warehouse,
            qty,
            unit_price: Some(price),
            discount: 0,
            label_amount: None,
        })
        .collect();
    let customer = matches!(payment, Payment::Credit { .. }).then_some(f.customer);
    let draft = SaleDraft::new(lines, payment, customer).unwrap();
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                complete: draft.default_method().map(Settlement::Whole),
                draft,
                cashier: cashier.into(),
                terms: SellerTerms::ANY,
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
    SaleId(w.id)
}

/// (key, sales, returns, qty, net, vat, cost, sales total, returns total).
type Row = (String, i64, i64, i64, i64, i64, i64, i64, i64);

/// Each group as a [`Row`].
fn rows(groups: &[SalesGroup]) -> Vec<Row> {
    groups
        .iter()
        .map(|g| {
            (
                g.key.clone(),
                g.sales_count,
                g.returns_count,
                g.qty,
                g.net,
                g.vat,
                g.cost,
                g.sales_total,
                g.returns_total,
            )
        })
        .collect()
}

contract!(
    sales_reports_read_the_lines_and_the_tools_name_a_broken_row,
    |store| {
        let f = Fixture::new(&store).await;
        // Sara: 3 rings at 10.00 (+14% VAT, cost 7.00 each) and a metre of fabric at
        // 1,000.00 (cost 600.00), in cash. Mona: 2 rings on credit. One ring of Sara's comes
        // back into the warehouse, refunded by card.
        let cash = Payment::Cash {
            cash_register_id: f.register,
        };
        let s1 = sell(
            &store,
            &f,
            "sara",
            &[(f.rings, 3_000, 1_000), (f.fabric, 1_000, 100_000)],
            cash,
        )
        .await;
        let credit = Payment::Credit {
            customer_id: f.customer,
        };
        let s2 = sell(&store, &f, "mona", &[(f.rings, 2_000, 1_000)], credit).await;
        let back = ReturnDraft::new(
            vec![ReturnLine {
                line: 0,
                qty: 1_000,
            }],
            Restock::Warehouse(f.warehouse),
            Refund::Card,
            "scratched",
        )
        .unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::CreateReturn {
                    sale: s1,
                    draft: back,
                    returned_by: "manager".into(),
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let by = |by| store.sales_analysis(&f.scope, by, DAY, DAY);
        let s = |k: &str| k.to_owned();
        assert_eq!(
            rows(&by(SalesBy::Product).await.unwrap()),
            [
                (s("KOYA/C1"), 1, 0, 1_000, 100_000, 0, 60_000, 100_000, 0),
                (s("RING-28"), 2, 1, 4_000, 4_000, 560, 2_800, 5_700, 1_140),
            ]
        );
        assert_eq!(
            rows(&by(SalesBy::Cashier).await.unwrap()),
            [
                (s("manager"), 0, 1, -1_000, -1_000, -140, -700, 0, 1_140),
                (s("mona"), 1, 0, 2_000, 2_000, 280, 1_400, 2_280, 0),
                (s("sara"), 1, 0, 4_000, 103_000, 420, 62_100, 103_420, 0),
            ]
        );
        assert_eq!(
            rows(&by(SalesBy::PaymentMethod).await.unwrap()),
            [
                (s("card"), 0, 1, 0, 0, 0, 0, 0, 1_140),
                (s("cash"), 1, 0, 0, 0, 0, 0, 103_420, 0),
                (s("credit"), 1, 0, 0, 0, 0, 0, 2_280, 0),
            ]
        );
        assert_eq!(
            rows(&by(SalesBy::Month).await.unwrap()),
            [(
                s("202611"),
                2,
                1,
                5_000,
                104_000,
                560,
                62_800,
                105_700,
                1_140
            )]
        );
        // Another period holds nothing.
        let later = store
            .sales_analysis(&f.scope, SalesBy::Product, DAY + 1, DAY + 30)
            .await
            .unwrap();
        assert!(later.is_empty());

        // On Mizan's own postings every tool agrees.
        let trace = store.sale_trace(&f.scope, s1).await.unwrap().unwrap();
        assert_eq!(sale_problems(&trace.figures()), []);
        assert_eq!(trace.business_day, Some(DAY));
        assert_eq!(trace.entries.len(), 1);
        assert_eq!(trace.stock_moves.len(), 2);
        assert_eq!(trace.returns.len(), 1);
        assert_eq!(trace.cash_moves.iter().map(|c| c.1).sum::<i64>(), 103_420);
        let number = trace.sale.number.clone().unwrap();
        assert_eq!(
            store.sale_by_number(&f.scope, &number).await.unwrap(),
            Some(s1)
        );
        let c = store.cogs_coverage(&f.scope, DAY, DAY).await.unwrap();
        assert_eq!(
            (c.sales, c.sales_with_cogs, c.sales_with_stocked_goods),
            (2, 2, 2)
        );
        assert_eq!(
            (c.returns, c.returns_with_cogs, c.returns_with_cost),
            (1, 1, 1)
        );
        assert_eq!((c.qty_sold, c.qty_with_cost), (6_000, 6_000));
        assert!(c.missing.is_empty());
        let r = store.cogs_reconcile(&f.scope, DAY, DAY).await.unwrap();
        assert_eq!((r.sales, r.returns), (2, 1));
        assert_eq!((r.journal, r.lines, r.stock), (62_800, 62_800, 62_800));
        assert!(r.differing.is_empty() && r.faulty == 0);

        // Break Mona's COGS line and a stock move of Sara's.
        let t = f.scope.tenant().0;
        support::tamper(
            &store,
            t,
            &format!(
                "UPDATE journal_lines SET amount = 0
                 WHERE tenant_id = $1
                   AND entry_id = (SELECT id FROM journal_entries
                                   WHERE tenant_id = $1 AND doc_kind = 'sale' AND doc_id = {})
                   AND account_id = (SELECT id FROM accounts WHERE tenant_id = $1 AND role = 'cogs')",
                s2.0
            ),
        )
        .await;
        support::tamper(
            &store,
            t,
            &format!(
                "UPDATE stock_moves SET value = value + 5
                 WHERE tenant_id = $1 AND doc_kind = 'sale' AND doc_id = {} AND line_no = 0",
                s1.0
            ),
        )
        .await;
        let broken = store.sale_trace(&f.scope, s2).await.unwrap().unwrap();
        let problems = sale_problems(&broken.figures());
        let named: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.expected, p.actual))
            .collect();
        assert_eq!(
            named,
            [
                ("entry_unbalanced", 0, -1_400),
                ("cogs_vs_line_costs", 1_400, 0)
            ]
        );
        let moved = store.sale_trace(&f.scope, s1).await.unwrap().unwrap();
        let problems = sale_problems(&moved.figures());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].code, problems[0].expected, problems[0].actual),
            ("stock_value_vs_line_costs", 62_100, 62_095)
        );
        let c = store.cogs_coverage(&f.scope, DAY, DAY).await.unwrap();
        assert_eq!(c.sales_with_cogs, 1);
        assert_eq!(c.missing, [broken.sale.number.clone().unwrap()]);
        let r = store.cogs_reconcile(&f.scope, DAY, DAY).await.unwrap();
        assert_eq!(r.faulty, 2);
        let found: Vec<_> = r
            .differing
            .iter()
            .map(|(d, p)| (d.number.clone(), p[0].code, p[0].expected, p[0].actual))
            .collect();
        assert_eq!(
            found,
            [
                (number, "stock_vs_lines", 62_100, 62_095),
                (
                    broken.sale.number.clone().unwrap(),
                    "journal_vs_lines",
                    1_400,
                    0
                ),
            ]
        );
    }
);
