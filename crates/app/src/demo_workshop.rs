//! The demo's workshop: velvet kept in rolls in the main showroom (two rolls and an offcut),
//! a cutting order for a customer's living-room curtains — one item cut off a roll into work
//! in progress, one reserved and waiting for the cutter — and their installation tomorrow by
//! the North team (the demo's installer).

use mizan_domain::calendar::business_day;
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{ProductId, WarehouseId};
use mizan_store::{
    Command, NewCuttingItem, NewCuttingOrder, NewInstallation, NewProduct, TenantScope, WriteError,
    Written,
};

use crate::{AppError, Mizan};

fn roll(label: &str, length: i64) -> Result<NewRoll, AppError> {
    NewRoll::new(label, length, Some(2_800))
        .map_err(|e| AppError::invalid("demo roll", &e.to_string()))
}

/// Loads the workshop part of the demo through `w` (the demo's writes).
pub(crate) async fn load<F, Fut>(
    app: &Mizan,
    w: &F,
    scope: TenantScope,
    warehouse: WarehouseId,
) -> Result<(), AppError>
where
    F: Fn(Command) -> Fut,
    Fut: std::future::Future<Output = Result<Written, WriteError>>,
{
    let velvet = ProductId(
        w(Command::CreateProduct(NewProduct {
            code: "VELVET-R".into(),
            barcode: None,
            plu: None,
            name_en: "Velvet curtain fabric, in rolls".into(),
            name_ar: "قماش ستائر قطيفة، لفات".into(),
            unit: "metre".into(),
            sale_price: 32_000,
            vat_bp: 1_400,
            tracks_stock: true,
            allow_negative_stock: false,
            cost_price: None,
            in_rolls: true,
        }))
        .await?
        .id,
    );
    let rolls = vec![
        roll("R-101", 30_000)?,
        roll("R-102", 25_000)?,
        roll("R-077", 800)?,
    ];
    w(Command::PostOpeningStock {
        warehouse,
        product: velvet,
        qty: 55_800,
        unit_cost: 19_000,
        rolls,
        now_ms: app.now_ms(),
    })
    .await?;
    let item = |length| NewCuttingItem {
        product: velvet,
        warehouse,
        length,
        roll: None,
    };
    let order = w(Command::CreateCuttingOrder(NewCuttingOrder {
        note: Some("Mona Hassan: living-room curtains, 2 panels".into()),
        charge_to: None,
        items: vec![item(7_200), item(4_800)],
        by: "manager".into(),
        now_ms: app.now_ms(),
    }))
    .await?
    .id;
    let items: Vec<i64> = app
        .store()
        .cutting_order(&scope, order)
        .await?
        .map(|o| o.items.iter().map(|i| i.id).collect())
        .unwrap_or_default();
    install(app, w, scope, order).await?;
    for (i, item) in items.iter().enumerate() {
        let actions: &[Action] = if i == 0 {
            &[Action::Reserve, Action::Cut]
        } else {
            &[Action::Reserve]
        };
        for &action in actions {
            w(Command::StepCuttingItem {
                item: *item,
                action,
                reason: None,
                by: "cutter".into(),
                now_ms: app.now_ms(),
            })
            .await?;
        }
    }
    Ok(())
}

/// The North team (the demo's installer) and its visit tomorrow, 10:00 to 12:00.
async fn install<F, Fut>(app: &Mizan, w: &F, scope: TenantScope, order: i64) -> Result<(), AppError>
where
    F: Fn(Command) -> Fut,
    Fut: std::future::Future<Output = Result<Written, WriteError>>,
{
    let installer = app
        .store()
        .users(&scope)
        .await?
        .into_iter()
        .find(|u| u.username == "installer")
        .map(|u| u.id);
    let team = w(Command::CreateInstallationTeam {
        name: "North".into(),
        members: installer.into_iter().collect(),
        now_ms: app.now_ms(),
    })
    .await?
    .id;
    let offset = app.store().tenant(&scope).await?.utc_offset_minutes;
    let tomorrow = business_day(app.now_ms() + 86_400_000, offset);
    w(Command::ScheduleInstallation(NewInstallation {
        team,
        customer: None,
        cutting_order: Some(order),
        address: "14 Abbas El-Akkad St, Nasr City".into(),
        day: tomorrow,
        window: (600, 720),
        note: Some("Two panels, living room; bring the 2 m rod".into()),
        by: "manager".into(),
        now_ms: app.now_ms(),
    }))
    .await?;
    Ok(())
}
