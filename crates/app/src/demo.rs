//! The demo tenant a newcomer can click through: a fabric and curtain workshop (DOMAIN.md §2)
//! with fabrics in metres, pieces and a fitting service, two warehouses (one numbered 2000), a
//! till with an open cashier session, customers (one with a credit limit), opening stock with
//! costs, a few completed sales (cash with change, card and cash together, on credit), a
//! customers' lounge (two tables, one with tea served, and a PlayStation with a session
//! playing), the workshop (velvet in rolls and a cutting order: `demo_workshop`), and a user
//! for each built-in role.

use mizan_domain::PlaceId;
use mizan_domain::barcode::ScaleLayout;
use mizan_domain::cafe::{OpeningHours, RatePlan};
use mizan_domain::payments::{CustomerPayment, PaidFrom, ReceivedBy, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SellerTerms,
};
use mizan_domain::sessions::{CashMovementKind, NewCashMovement, OpeningFloat};
use mizan_domain::{
    BranchId, CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, SupplierId,
    WarehouseId,
};
use mizan_store::{
    Command, NewPlace, NewProduct, OrderTarget, PlaceKind, SettingsChanges, Tenant, TenantScope,
};

use crate::{AppError, Grant, Mizan, NewStaff, StaffChanges, perm};

/// Name of the demo tenant.
pub const DEMO_TENANT: &str = "El-Khawaga Fabrics (demo)";

/// The demo's staff: (user name, role, password). The owner exists with the tenant; the
/// cashier rings up the demo sales and holds the open session.
pub const DEMO_USERS: [(&str, &str, &str); 7] = [
    ("owner", "owner", "owner-demo"),
    ("manager", "manager", "manager-demo"),
    ("cashier", "cashier", "cashier-demo"),
    ("accountant", "accountant", "accountant-demo"),
    ("waiter", "waiter", "waiter-demo"),
    ("cutter", "cutter", "cutter-demo"),
    ("installer", "installer", "installer-demo"),
];

/// Makes sure the demo's staff exist with their passwords (a demo loaded before staff existed
/// gets them on its next start).
///
/// # Errors
/// A store failure.
pub async fn ensure_staff(app: &Mizan, scope: TenantScope) -> Result<(), AppError> {
    let g = Grant::<perm::UsersManage>::operator(scope);
    let users = app.users(&g).await?;
    for (username, role, password) in DEMO_USERS {
        match users.iter().find(|u| u.username == username) {
            Some(u) if u.has_password => {}
            Some(u) => {
                let changes = StaffChanges {
                    password: Some(password.to_owned()),
                    ..StaffChanges::default()
                };
                app.update_user(&g, None, u.id, changes).await?;
            }
            None => {
                let new = NewStaff {
                    username: username.to_owned(),
                    password: Some(password.to_owned()),
                    role: role.to_owned(),
                    language: Some("ar".to_owned()),
                    branches: Vec::new(),
                };
                app.create_user(&g, None, new).await?;
            }
        }
    }
    Ok(())
}

struct DemoProduct {
    code: &'static str,
    name_en: &'static str,
    name_ar: &'static str,
    unit: &'static str,
    /// Minor units per unit.
    price: i64,
    vat_bp: i64,
    /// (warehouse index, thousandths, unit cost in minor units)
    opening: &'static [(usize, i64, i64)],
    tracks_stock: bool,
}

const PRODUCTS: &[DemoProduct] = &[
    DemoProduct {
        code: "KOYA/C1",
        name_en: "Koya curtain fabric C1",
        name_ar: "قماش ستائر كويا C1",
        unit: "metre",
        price: 18_500,
        vat_bp: 1400,
        opening: &[(0, 180_000, 11_000), (1, 40_000, 11_500)],
        tracks_stock: true,
    },
    DemoProduct {
        code: "COIN-2/C BEIGE",
        name_en: "Coin-2 fabric beige",
        name_ar: "قماش كوين ٢ بيج",
        unit: "metre",
        price: 9_900,
        vat_bp: 1400,
        opening: &[(1, 2_000, 6_000)],
        tracks_stock: true,
    },
    DemoProduct {
        code: "BLACKOUT-W",
        name_en: "Blackout lining white",
        name_ar: "بطانة بلاك أوت بيضاء",
        unit: "metre",
        price: 7_500,
        vat_bp: 1400,
        opening: &[(0, 95_500, 4_250)],
        tracks_stock: true,
    },
    DemoProduct {
        code: "RING-28",
        name_en: "Curtain ring 28 mm",
        name_ar: "حلقة ستارة ٢٨ مم",
        unit: "piece",
        price: 350,
        vat_bp: 1400,
        opening: &[(0, 1_200_000, 120)],
        tracks_stock: true,
    },
    DemoProduct {
        code: "ROD-2M",
        name_en: "Curtain rod 2 m",
        name_ar: "ماسورة ستارة ٢ م",
        unit: "piece",
        price: 42_000,
        vat_bp: 1400,
        opening: &[(0, 35_000, 26_000)],
        tracks_stock: true,
    },
    DemoProduct {
        code: "FIT-HOUR",
        name_en: "Installation (per hour)",
        name_ar: "تركيب (بالساعة)",
        unit: "hour",
        price: 25_000,
        vat_bp: 0,
        opening: &[],
        tracks_stock: false,
    },
];

/// Loads the demo tenant; returns it, its scope and an owner token.
///
/// # Errors
/// A refusal or store failure while loading (none is expected on a working database).
pub async fn load(app: &Mizan) -> Result<(TenantScope, Tenant, String), AppError> {
    let (scope, tenant, token) = app.create_tenant(DEMO_TENANT, "EGP").await?;
    ensure_staff(app, scope).await?;
    let g = Grant::<perm::Anyone>::operator(scope);
    let w = |cmd| app.write(&g, None, cmd);
    let branch = BranchId(
        w(Command::CreateBranch {
            name: "Nasr City".into(),
        })
        .await?
        .id,
    );
    let mut warehouses = Vec::new();
    for (code, name) in [("MAIN", "Main showroom"), ("2000", "Warehouse 2000")] {
        let id = w(Command::CreateWarehouse {
            branch_id: Some(branch),
            code: code.into(),
            name: name.into(),
        })
        .await?
        .id;
        warehouses.push(WarehouseId(id));
    }
    let till = CashRegisterId(
        w(Command::CreateCashRegister {
            branch_id: Some(branch),
            name: "Till 1".into(),
        })
        .await?
        .id,
    );
    w(Command::UpdateSettings(SettingsChanges {
        require_open_session: Some(true),
        // Cairo: business days run on local time.
        utc_offset_minutes: Some(120),
        scale_layouts: Some(vec![
            ScaleLayout::parse("21PPPPPWWWWWC")
                .map_err(|e| AppError::invalid("demo scale layout", &e.to_string()))?,
        ]),
        require_registered_devices: None,
        cafe_hours: Some(
            OpeningHours::new(9 * 60, 60)
                .map_err(|e| AppError::invalid("demo opening hours", &e.to_string()))?,
        ),
        roll_min_useful: None,
    }))
    .await?;
    let session = w(Command::OpenSession {
        register: till,
        float: OpeningFloat::new(50_000)
            .map_err(|e| AppError::invalid("demo float", &e.to_string()))?,
        user: "cashier".into(),
        now_ms: app.now_ms(),
    })
    .await?
    .id;
    let mut customers = Vec::new();
    for (name, phone, limit) in [
        ("Mona Hassan", "+20 100 000 0001", None),
        ("Cairo Hotels Co.", "+20 2 2222 0000", Some(50_000_000)),
    ] {
        let id = w(Command::CreateCustomer {
            name: name.into(),
            phone: Some(phone.into()),
            credit_limit: limit,
        })
        .await?
        .id;
        customers.push(CustomerId(id));
    }
    let mut products = Vec::new();
    for (i, p) in PRODUCTS.iter().enumerate() {
        let id = ProductId(
            w(Command::CreateProduct(NewProduct {
                code: p.code.into(),
                barcode: Some(format!("62200000{:05}", i + 1)),
                plu: Some(format!("{:05}", i + 1)),
                name_en: p.name_en.into(),
                name_ar: p.name_ar.into(),
                unit: p.unit.into(),
                sale_price: p.price,
                vat_bp: p.vat_bp,
                tracks_stock: p.tracks_stock,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            }))
            .await?
            .id,
        );
        for &(wh, qty, unit_cost) in p.opening {
            w(Command::PostOpeningStock {
                warehouse: warehouses[wh],
                product: id,
                qty,
                unit_cost,
                now_ms: app.now_ms(),
                rolls: Vec::new(),
            })
            .await?;
        }
        products.push(id);
    }
    let line = |p: usize, wh: usize, qty: i64| NewSaleLine {
        product: products[p],
        warehouse: warehouses[wh],
        qty,
        unit_price: None,
        discount: 0,
        label_amount: None,
    };
    let pay = |method, amount, received| NewPayment {
        method,
        amount,
        received,
    };
    // Cash with change, then card and cash together, then on the hotel's account.
    let sales = [
        (
            vec![line(0, 0, 12_500), line(3, 0, 24_000), line(5, 0, 2_000)],
            None,
            PaymentMethod::Cash,
        ),
        (vec![line(1, 1, 1_750)], None, PaymentMethod::Card),
        (
            vec![line(0, 1, 30_000), line(2, 0, 30_000), line(4, 0, 6_000)],
            Some(customers[1]),
            PaymentMethod::Credit,
        ),
    ];
    for (lines, customer, method) in sales {
        let draft = SaleDraft::at(lines, Some(till), customer, None, Some(method))
            .map_err(|e| AppError::invalid("demo sale", &e.to_string()))?;
        let id = SaleId(
            w(Command::CreateSale {
                draft,
                complete: None,
                cashier: "cashier".into(),
                terms: SellerTerms::ANY,
                now_ms: app.now_ms(),
            })
            .await?
            .id,
        );
        let total = app
            .store()
            .sale(&scope, id)
            .await?
            .map(|s| s.total)
            .ok_or_else(|| AppError::invalid("demo sale", "vanished"))?;
        let payments = match method {
            // The customer hands over the next round 100 pounds.
            PaymentMethod::Cash => vec![pay(method, total, Some((total / 10_000 + 1) * 10_000))],
            PaymentMethod::Card => {
                let cash = total / 3;
                vec![
                    pay(PaymentMethod::Cash, cash, None),
                    pay(method, total - cash, None),
                ]
            }
            _ => vec![pay(method, total, None)],
        };
        let payments = Payments::new(payments)
            .map_err(|e| AppError::invalid("demo payments", &e.to_string()))?;
        w(Command::CompleteSale {
            sale: id,
            payments: Some(payments),
            session: None,
            now_ms: app.now_ms(),
        })
        .await?;
    }
    w(Command::MoveCash {
        session: CashierSessionId(session),
        movement: NewCashMovement::new(CashMovementKind::Payout, 3_000, "Tea for the workshop")
            .map_err(|e| AppError::invalid("demo payout", &e.to_string()))?,
        account: None,
        user: "manager".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    buy_and_settle(app, &w, &warehouses, &products, customers[1]).await?;
    lounge(app, &w, warehouses[0]).await?;
    crate::demo_workshop::load(app, &w, scope, warehouses[0]).await?;
    Ok((scope, tenant, token))
}

/// The customers' lounge: two tables (tea served at the first) and a PlayStation playing.
async fn lounge<F, Fut>(app: &Mizan, w: &F, warehouse: WarehouseId) -> Result<(), AppError>
where
    F: Fn(Command) -> Fut,
    Fut: std::future::Future<Output = Result<mizan_store::Written, mizan_store::WriteError>>,
{
    let tea = ProductId(
        w(Command::CreateProduct(NewProduct {
            code: "TEA".into(),
            barcode: None,
            plu: None,
            name_en: "Tea".into(),
            name_ar: "شاي".into(),
            unit: "cup".into(),
            sale_price: 1_500,
            vat_bp: 1_400,
            tracks_stock: false,
            allow_negative_stock: false,
            cost_price: None,
            in_rolls: false,
        }))
        .await?
        .id,
    );
    let place = |name: &str, plan: Option<RatePlan>| {
        Command::CreatePlace(NewPlace {
            kind: if plan.is_some() {
                PlaceKind::Station
            } else {
                PlaceKind::Table
            },
            area: "Lounge".into(),
            name: name.into(),
            seats: plan.is_none().then_some(4),
            warehouse,
            rate_plan: plan,
            vat_bp: 1_400,
        })
    };
    let table = PlaceId(w(place("Table 1", None)).await?.id);
    w(place("Table 2", None)).await?;
    let plan = RatePlan {
        hourly: 6_000,
        peak: None,
        minimum_minutes: 30,
        step_minutes: 15,
        prepaid: None,
    };
    let station = PlaceId(w(place("PS5 #1", Some(plan))).await?.id);
    w(Command::AddOrder {
        target: OrderTarget::Table(table),
        product: tea,
        qty: 2_000,
        served: true,
        note: None,
        by: "waiter".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    w(Command::StartPlay {
        station,
        by: "waiter".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    Ok(())
}

/// A supplier who delivered fabric, paid in part from the bank; the hotel pays part of its
/// credit sale by bank transfer.
async fn buy_and_settle<F, Fut>(
    app: &Mizan,
    w: &F,
    warehouses: &[WarehouseId],
    products: &[ProductId],
    hotel: CustomerId,
) -> Result<(), AppError>
where
    F: Fn(Command) -> Fut,
    Fut: std::future::Future<Output = Result<mizan_store::Written, mizan_store::WriteError>>,
{
    let invalid = |what: &str, e: &dyn std::fmt::Display| AppError::invalid(what, &e.to_string());
    let supplier = SupplierId(
        w(Command::CreateSupplier {
            name: "Nile Textiles".into(),
            phone: Some("+20 2 3333 0000".into()),
            tax_number: Some("300-456-789".into()),
        })
        .await?
        .id,
    );
    let line = PurchaseLine {
        product: products[0],
        qty: 40_000,
        unit_cost: 11_800,
        vat_bp: None,
    };
    let draft = PurchaseDraft::new(supplier, warehouses[0], Some("NT-2291"), vec![line])
        .map_err(|e| invalid("demo purchase", &e))?;
    w(Command::CreatePurchase {
        draft,
        received_by: "manager".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    let payment = SupplierPayment::new(supplier, 250_000, PaidFrom::Bank, Some("First half"))
        .map_err(|e| invalid("demo supplier payment", &e))?;
    w(Command::PaySupplier {
        payment,
        paid_by: "manager".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    let payment = CustomerPayment::new(hotel, 100_000, ReceivedBy::Bank, vec![], None)
        .map_err(|e| invalid("demo customer payment", &e))?;
    w(Command::ReceiveCustomerPayment {
        payment,
        received_by: "accountant".into(),
        now_ms: app.now_ms(),
    })
    .await?;
    Ok(())
}
