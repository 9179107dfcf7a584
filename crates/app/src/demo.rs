//! The demo tenant a newcomer can click through: a fabric and curtain workshop (DOMAIN.md §2)
//! with fabrics in metres, pieces and a fitting service, two warehouses (one numbered 2000), a
//! till, customers, opening stock with costs, and a few posted sales.

use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft};
use mizan_domain::{BranchId, CashRegisterId, CustomerId, ProductId, WarehouseId};
use mizan_store::{Command, NewProduct, Tenant, TenantScope};

use crate::{AppError, Mizan};

/// Name of the demo tenant.
pub const DEMO_TENANT: &str = "El-Khawaga Fabrics (demo)";

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
    let w = |cmd| app.write(&scope, None, cmd);
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
    let mut customers = Vec::new();
    for (name, phone) in [
        ("Mona Hassan", "+20 100 000 0001"),
        ("Cairo Hotels Co.", "+20 2 2222 0000"),
    ] {
        let id = w(Command::CreateCustomer {
            name: name.into(),
            phone: Some(phone.into()),
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
                name_en: p.name_en.into(),
                name_ar: p.name_ar.into(),
                unit: p.unit.into(),
                sale_price: p.price,
                vat_bp: p.vat_bp,
                tracks_stock: p.tracks_stock,
                allow_negative_stock: false,
                cost_price: None,
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
            })
            .await?;
        }
        products.push(id);
    }
    let line = |p: usize, wh: usize, qty: i64| NewSaleLine {
        product: products[p],
        warehouse: warehouses[wh],
        qty,
        unit_price: PRODUCTS[p].price,
        discount: 0,
    };
    let sales = [
        (
            vec![line(0, 0, 12_500), line(3, 0, 24_000), line(5, 0, 2_000)],
            Payment::Cash {
                cash_register_id: till,
            },
        ),
        (
            vec![line(1, 1, 1_750)],
            Payment::Cash {
                cash_register_id: till,
            },
        ),
        (
            vec![line(0, 1, 30_000), line(2, 0, 30_000), line(4, 0, 6_000)],
            Payment::Credit {
                customer_id: customers[1],
            },
        ),
    ];
    for (lines, payment) in sales {
        let draft = SaleDraft::new(lines, payment, None)
            .map_err(|e| AppError::invalid("demo sale", &e.to_string()))?;
        w(Command::CreateSale {
            draft,
            post: true,
            now_ms: app.now_ms(),
        })
        .await?;
    }
    Ok((scope, tenant, token))
}
