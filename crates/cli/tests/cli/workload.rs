//! A seeded random workload through the app on a fresh tenant: opening stock, sales in cash, by
//! card and on credit, returns of them, purchases and purchase returns, supplier and customer
//! payments, transfers, stock counts, a payout, a manual entry and the session's close, spread
//! over several days of a shop in Cairo (UTC+2) so that postings fall near midnight.

use std::collections::BTreeMap;
use std::sync::Arc;

use mizan_app::{FixedClock, Grant, Mizan, perm};
use mizan_domain::journal::ManualEntry;
use mizan_domain::payments::{CustomerPayment, PaidFrom, ReceivedBy, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine, PurchaseReturnDraft};
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::sales::{NewSaleLine, PaymentMethod, SaleDraft, SellerTerms, Settlement};
use mizan_domain::sessions::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::transfers::{CountLine, StockCount, Transfer, TransferLine};
use mizan_domain::{
    CashRegisterId, CashierSessionId, CustomerId, ProductId, PurchaseId, Refusal, SaleId,
    SupplierId, WarehouseId,
};
use mizan_store::{Command, NewProduct, SettingsChanges, TenantScope, WriteError};

/// 2026-11-20T08:00:00Z
pub const START: i64 = 1_795_161_600_000;

/// A database for a test: a fresh SQLite file, or the PostgreSQL test database (`None` when
/// `MIZAN_TEST_POSTGRES_URL` is not set; refused under CI).
pub fn database(postgres: bool) -> Option<(String, Option<tempfile::TempDir>)> {
    if postgres {
        match std::env::var("MIZAN_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => Some((url, None)),
            _ => {
                assert!(
                    std::env::var("CI").is_err(),
                    "MIZAN_TEST_POSTGRES_URL must be set under CI"
                );
                eprintln!("skipping: MIZAN_TEST_POSTGRES_URL is not set");
                None
            }
        }
    } else {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("books.db").display());
        Some((url, Some(dir)))
    }
}

/// The app on `url` with a clock standing at [`START`].
pub async fn app(url: &str) -> (Arc<Mizan>, Arc<FixedClock>) {
    let store = mizan_store::open(url).await.unwrap();
    let clock = Arc::new(FixedClock::new(START));
    let clock_dyn: Arc<dyn mizan_app::Clock> = clock.clone();
    (Arc::new(Mizan::new(store, clock_dyn)), clock)
}

/// A shop: a tenant in Cairo time with two warehouses, a till with an open session, a
/// customer buying on credit, a supplier, and products with opening stock.
pub struct Shop {
    pub scope: TenantScope,
    pub tenant: i64,
    pub main: WarehouseId,
    pub back: WarehouseId,
    pub till: CashRegisterId,
    pub session: CashierSessionId,
    pub customer: CustomerId,
    pub supplier: SupplierId,
    pub products: Vec<ProductId>,
}

/// Writes `cmd` as the operator of `scope`.
pub async fn write(app: &Mizan, scope: TenantScope, cmd: Command) -> Result<i64, WriteError> {
    app.write(&Grant::<perm::Anyone>::operator(scope), None, cmd)
        .await
        .map(|w| w.id)
}

pub async fn shop(app: &Mizan, currency: &str) -> Shop {
    let (scope, tenant, _) = app.create_tenant("Workload", currency).await.unwrap();
    let w = |cmd| write(app, scope, cmd);
    w(Command::UpdateSettings(SettingsChanges {
        utc_offset_minutes: Some(120),
        ..SettingsChanges::default()
    }))
    .await
    .unwrap();
    let mut warehouses = Vec::new();
    for code in ["MAIN", "BACK"] {
        let cmd = Command::CreateWarehouse {
            branch_id: None,
            code: code.into(),
            name: format!("Warehouse {code}"),
        };
        warehouses.push(WarehouseId(w(cmd).await.unwrap()));
    }
    let till = CashRegisterId(
        w(Command::CreateCashRegister {
            branch_id: None,
            name: "Till 1".into(),
        })
        .await
        .unwrap(),
    );
    let session = CashierSessionId(
        w(Command::OpenSession {
            register: till,
            float: OpeningFloat::new(20_000).unwrap(),
            user: "owner".into(),
            now_ms: app.now_ms(),
        })
        .await
        .unwrap(),
    );
    let customer = CustomerId(
        w(Command::CreateCustomer {
            name: "Cairo Hotels Co.".into(),
            phone: None,
            credit_limit: None,
        })
        .await
        .unwrap(),
    );
    let supplier = SupplierId(
        w(Command::CreateSupplier {
            name: "Nile Textiles".into(),
            phone: None,
            tax_number: None,
        })
        .await
        .unwrap(),
    );
    let mut products = Vec::new();
    for (i, (price, vat_bp, cost)) in [(1_850, 1400, 1_100), (995, 1400, 613), (4_200, 0, 2_600)]
        .into_iter()
        .enumerate()
    {
        let id = ProductId(
            w(Command::CreateProduct(NewProduct {
                code: format!("P{i}"),
                barcode: None,
                plu: None,
                name_en: format!("Product {i}"),
                name_ar: format!("منتج {i}"),
                unit: "piece".into(),
                sale_price: price,
                vat_bp,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            }))
            .await
            .unwrap(),
        );
        w(Command::PostOpeningStock {
            warehouse: warehouses[0],
            product: id,
            qty: 400_000,
            unit_cost: cost,
            now_ms: app.now_ms(),
            rolls: Vec::new(),
        })
        .await
        .unwrap();
        products.push(id);
    }
    Shop {
        scope,
        tenant: tenant.id.0,
        main: warehouses[0],
        back: warehouses[1],
        till,
        session,
        customer,
        supplier,
        products,
    }
}

/// A small deterministic generator.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
    fn qty(&mut self) -> i64 {
        1_000 * (1 + i64::try_from(self.below(3)).unwrap())
    }
}

/// Posts `docs` random documents (and then a payout, a manual entry and the session's close);
/// returns how many of each kind posted. A refusal the books are right to give (a return of
/// more than is left, a transfer of more than is on hand) is skipped; any other fails the test.
pub async fn run(
    app: &Mizan,
    clock: &FixedClock,
    shop: &Shop,
    seed: u64,
    docs: usize,
) -> BTreeMap<&'static str, usize> {
    let mut rng = Rng(seed);
    let mut posted: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut sales: Vec<(SaleId, PaymentMethod)> = Vec::new();
    let mut purchases: Vec<PurchaseId> = Vec::new();
    let g = Grant::<perm::Anyone>::operator(shop.scope);
    for _ in 0..docs {
        clock.set(app.now_ms() + 60_000 * (5 + i64::try_from(rng.below(240)).unwrap()));
        let now_ms = app.now_ms();
        let product = shop.products[usize::try_from(rng.below(3)).unwrap()];
        let (kind, cmd) = match rng.below(12) {
            0..=4 => {
                let method = [
                    PaymentMethod::Cash,
                    PaymentMethod::Card,
                    PaymentMethod::Credit,
                ][usize::try_from(rng.below(3)).unwrap()];
                let mut lines = Vec::new();
                for p in &shop.products {
                    if lines.is_empty() || rng.below(2) == 0 {
                        lines.push(NewSaleLine {
                            product: *p,
                            warehouse: shop.main,
                            qty: rng.qty(),
                            unit_price: None,
                            discount: 0,
                            label_amount: None,
                        });
                    }
                }
                let customer = (method == PaymentMethod::Credit).then_some(shop.customer);
                let draft =
                    SaleDraft::at(lines, Some(shop.till), customer, None, Some(method)).unwrap();
                let cmd = Command::CreateSale {
                    draft,
                    complete: Some(Settlement::Whole(method)),
                    cashier: "owner".into(),
                    terms: SellerTerms::ANY,
                    now_ms,
                };
                match write(app, shop.scope, cmd).await {
                    Ok(id) => {
                        sales.push((SaleId(id), method));
                        *posted.entry("sale").or_default() += 1;
                    }
                    Err(e) => panic!("sale refused: {e}"),
                }
                continue;
            }
            5 if !sales.is_empty() => {
                let (sale, method) = sales[usize::try_from(rng.below(sales.len() as u64)).unwrap()];
                let refund = match method {
                    PaymentMethod::Cash => Refund::Cash(shop.till),
                    PaymentMethod::Card => Refund::Card,
                    _ => Refund::Credit,
                };
                let restock = if rng.below(3) == 0 {
                    Restock::WriteOff
                } else {
                    Restock::Warehouse(shop.main)
                };
                let line = ReturnLine {
                    line: 0,
                    qty: 1_000,
                };
                let draft =
                    ReturnDraft::new(vec![line], restock, refund, "customer changed mind").unwrap();
                (
                    "return",
                    Command::CreateReturn {
                        sale,
                        draft,
                        returned_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            6 => {
                let line = PurchaseLine {
                    product,
                    qty: rng.qty() * 10,
                    unit_cost: 577 + i64::try_from(rng.below(900)).unwrap(),
                    vat_bp: None,
                };
                let draft =
                    PurchaseDraft::new(shop.supplier, shop.main, Some("NT-1"), vec![line]).unwrap();
                (
                    "purchase",
                    Command::CreatePurchase {
                        draft,
                        received_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            7 if !purchases.is_empty() => {
                let purchase =
                    purchases[usize::try_from(rng.below(purchases.len() as u64)).unwrap()];
                let line = ReturnLine {
                    line: 0,
                    qty: 1_000,
                };
                let draft = PurchaseReturnDraft::new(vec![line], "damaged in transit").unwrap();
                (
                    "purchase_return",
                    Command::CreatePurchaseReturn {
                        purchase,
                        draft,
                        returned_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            8 => {
                let owed = app
                    .store()
                    .supplier(&shop.scope, shop.supplier)
                    .await
                    .unwrap()
                    .unwrap()
                    .balance;
                if owed <= 1 {
                    continue;
                }
                let from = if rng.below(2) == 0 {
                    PaidFrom::Bank
                } else {
                    PaidFrom::Safe
                };
                let payment = SupplierPayment::new(shop.supplier, owed / 2, from, None).unwrap();
                (
                    "supplier_payment",
                    Command::PaySupplier {
                        payment,
                        paid_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            9 => {
                let owes = app
                    .store()
                    .customer(&shop.scope, shop.customer)
                    .await
                    .unwrap()
                    .unwrap()
                    .balance;
                if owes <= 1 {
                    continue;
                }
                let by = if rng.below(2) == 0 {
                    ReceivedBy::Bank
                } else {
                    ReceivedBy::Cash(shop.till)
                };
                let payment =
                    CustomerPayment::new(shop.customer, owes / 2, by, vec![], None).unwrap();
                (
                    "customer_payment",
                    Command::ReceiveCustomerPayment {
                        payment,
                        received_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            10 => {
                let (from, to) = if rng.below(3) == 0 {
                    (shop.back, shop.main)
                } else {
                    (shop.main, shop.back)
                };
                let line = TransferLine {
                    product,
                    qty: rng.qty(),
                };
                let transfer =
                    Transfer::new(from, to, vec![line], Some("restock the back")).unwrap();
                (
                    "transfer",
                    Command::TransferStock {
                        transfer,
                        moved_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            11 => {
                let on_hand = app
                    .store()
                    .stock_levels(&shop.scope)
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|l| l.warehouse_id == shop.main && l.product_id == product)
                    .map_or(0, |l| l.qty);
                let counted = if rng.below(2) == 0 {
                    (on_hand - 1_000).max(0)
                } else {
                    on_hand + 2_000
                };
                let count = StockCount::new(
                    shop.main,
                    vec![CountLine { product, counted }],
                    "monthly count",
                )
                .unwrap();
                (
                    "count",
                    Command::CountStock {
                        count,
                        counted_by: "owner".into(),
                        now_ms,
                    },
                )
            }
            _ => continue,
        };
        match app.write(&g, None, cmd).await {
            Ok(w) => {
                if kind == "purchase" {
                    purchases.push(PurchaseId(w.id));
                }
                *posted.entry(kind).or_default() += 1;
            }
            Err(e)
                if matches!(
                    e.code(),
                    "return_exceeds_sale"
                        | "return_exceeds_purchase"
                        | "insufficient_stock"
                        | "insufficient_cash"
                ) => {}
            Err(e) => panic!("{kind} refused: {} {e}", e.code()),
        }
    }
    finish(app, shop).await;
    *posted.entry("payout, manual entry, close").or_default() += 1;
    posted
}

/// A payout for tea, the month's rent from the bank by manual entry, and the close of the
/// session with 5.00 (in the currency's minor units: 500) less than expected.
async fn finish(app: &Mizan, shop: &Shop) {
    let now_ms = app.now_ms();
    let movement = NewCashMovement::new(CashMovementKind::Payout, 300, "tea").unwrap();
    write(
        app,
        shop.scope,
        Command::MoveCash {
            session: shop.session,
            movement,
            account: None,
            user: "owner".into(),
            now_ms,
        },
    )
    .await
    .unwrap();
    let accounts = app
        .accounts(&Grant::<perm::BooksRead>::operator(shop.scope))
        .await
        .unwrap();
    let id = |code: &str| accounts.iter().find(|a| a.code == code).unwrap().id;
    let tenant = app.store().tenant(&shop.scope).await.unwrap();
    let entry = ManualEntry::new(
        app.today(&tenant),
        "Rent; November \"showroom\"",
        vec![(id("54010"), 150_000), (id("11020"), -150_000)],
    )
    .unwrap();
    write(
        app,
        shop.scope,
        Command::PostManualEntry {
            entry,
            posted_by: "owner".into(),
            now_ms,
        },
    )
    .await
    .unwrap();
    let session = app
        .store()
        .cashier_session(&shop.scope, shop.session)
        .await
        .unwrap()
        .unwrap();
    let counted = CountedCash::new(Some(session.totals.expected_cash() - 500), vec![]).unwrap();
    write(
        app,
        shop.scope,
        Command::CloseSession {
            session: shop.session,
            counted,
            user: "owner".into(),
            now_ms,
        },
    )
    .await
    .unwrap();
}
