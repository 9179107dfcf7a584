//! The workshop's rules, worked by hand and under any sequence of receiving rolls, reserving,
//! cutting and cancelling: on hand = the rolls' remaining lengths, reserved never above on
//! hand, a cancelled cut puts back exactly the length and value it took (on the same roll),
//! every entry balances and the inventory account equals the stock's value.

use mizan_domain::refusal::Refusal;
use mizan_domain::stock::StockLevel;
use mizan_domain::workshop::{
    Action, Curtain, DepositAccounts, Fabric, FabricStock, ItemState, Roll, RollCut, Step,
    WorkshopAccounts, choose_roll, final_invoice,
};
use mizan_domain::{AccountId, ProductId, WarehouseId};
use proptest::prelude::*;

const INVENTORY: AccountId = AccountId(1);
const WIP: AccountId = AccountId(2);
const ACCOUNTS: WorkshopAccounts = WorkshopAccounts {
    inventory: INVENTORY,
    charge_to: WIP,
};
const KOYA: Fabric<'static> = Fabric {
    product: ProductId(7),
    code: "KOYA/C1",
    warehouse: WarehouseId(2000),
};
/// The tenant's minimum useful length: 1.5 m.
const MIN_USEFUL: i64 = 1_500;

fn roll(id: i64, remaining: i64) -> Roll {
    Roll {
        id,
        label: format!("R{id}"),
        remaining,
        offcut: false,
    }
}

#[test]
fn a_curtain_takes_whole_widths_cut_to_the_pattern_repeat() {
    // A 3.00 m track at 2.5 fullness of a 1.40 m fabric: 7.5 / 1.4 = 5.36 → 6 widths; a 2.60 m
    // drop with 0.30 m of hems is 2.90 m, rounded up to the 0.64 m repeat: 5 × 0.64 = 3.20 m;
    // 6 × 3.20 = 19.20 m.
    let c = Curtain {
        track_width: 3_000,
        drop: 2_600,
        fullness: 250,
        hems: 300,
        pattern_repeat: 640,
    };
    let cut = c.cut(1_400).unwrap();
    assert_eq!((cut.widths, cut.cut_length, cut.length), (6, 3_200, 19_200));
    // Plain fabric 2.80 m wide, twice the 2.00 m track: 4.00 / 2.80 → 2 widths of 2.50 + 0.20.
    let plain = Curtain {
        track_width: 2_000,
        drop: 2_500,
        fullness: 200,
        hems: 200,
        pattern_repeat: 0,
    };
    let cut = plain.cut(2_800).unwrap();
    assert_eq!((cut.widths, cut.cut_length, cut.length), (2, 2_700, 5_400));
    // Exactly whole widths stay whole: 2.80 m track at 1.0 fullness of 1.40 m fabric = 2.
    let exact = Curtain {
        fullness: 100,
        track_width: 2_800,
        ..plain
    };
    assert_eq!(exact.cut(1_400).unwrap().widths, 2);
    // Bad measures are named.
    let e = Curtain {
        fullness: 50,
        ..plain
    }
    .cut(1_400)
    .unwrap_err();
    assert_eq!(e.code(), "invalid_field");
    assert_eq!(e.details()[0].0, "field");
    assert!(format!("{e}").starts_with("fullness"));
    assert!(format!("{}", plain.cut(0).unwrap_err()).starts_with("fabric_width"));
}

#[test]
fn a_cut_comes_from_the_shortest_roll_that_holds_it_and_leaves_an_offcut() {
    let rolls = vec![roll(1, 50_000), roll(2, 4_000), roll(3, 3_000)];
    // 3.20 m: roll 2 (4.00 m) is the shortest that holds it; 0.80 m left is an offcut.
    let r = choose_roll(&rolls, 3_200, None, KOYA.code, KOYA.warehouse).unwrap();
    assert_eq!(r.id, 2);
    let cut = r.cut(3_200, MIN_USEFUL);
    assert_eq!(
        (cut.remaining, cut.offcut, cut.was_offcut),
        (800, true, false)
    );
    // Cancelled, the roll is back as it was: 4.00 m and no offcut.
    let mut cut_roll = r.clone();
    cut_roll.remaining = cut.remaining;
    cut_roll.offcut = cut.offcut;
    assert_eq!(cut_roll.uncut(&cut, MIN_USEFUL), *r);
    // A named roll must hold the cut; nothing holds 60 m in one piece.
    let e = choose_roll(&rolls, 3_200, Some(3), KOYA.code, KOYA.warehouse).unwrap_err();
    assert_eq!(e.code(), "roll_too_short");
    assert_eq!(format!("{e}"), "roll R3 has 3000 left, less than 3200");
    let e = choose_roll(&rolls, 60_000, None, KOYA.code, KOYA.warehouse).unwrap_err();
    assert_eq!(e.code(), "no_roll_long_enough");
    let e = choose_roll(&rolls, 100, Some(9), KOYA.code, KOYA.warehouse).unwrap_err();
    assert_eq!(e.code(), "invalid_field");
    // Cut to nothing: used up, not an offcut.
    assert!(!roll(4, 2_000).cut(2_000, MIN_USEFUL).offcut);
}

#[test]
fn a_cutting_item_is_reserved_before_it_is_cut_and_repeats_answer_again() {
    use {Action as A, ItemState as S};
    assert_eq!(
        S::Pending.step(A::Reserve).unwrap(),
        Step::Move(S::Reserved)
    );
    assert_eq!(S::Reserved.step(A::Cut).unwrap(), Step::Move(S::Cut));
    assert_eq!(S::Cut.step(A::Cancel).unwrap(), Step::Move(S::Cancelled));
    assert_eq!(
        S::Pending.step(A::Cancel).unwrap(),
        Step::Move(S::Cancelled)
    );
    for (s, a) in [
        (S::Reserved, A::Reserve),
        (S::Cut, A::Cut),
        (S::Cancelled, A::Cancel),
    ] {
        assert_eq!(s.step(a).unwrap(), Step::Repeat);
    }
    for (s, a) in [
        (S::Pending, A::Cut),
        (S::Cut, A::Reserve),
        (S::Cancelled, A::Reserve),
        (S::Cancelled, A::Cut),
    ] {
        let e = s.step(a).unwrap_err();
        assert_eq!(e.code(), "cutting_item_state", "{s:?} {a:?}");
    }
    assert_eq!(
        format!("{}", S::Pending.step(A::Cut).unwrap_err()),
        "the cutting item is pending: it cannot be cut"
    );
    for s in [S::Pending, S::Reserved, S::Cut, S::Cancelled] {
        assert_eq!(S::parse(s.as_str()).unwrap(), s);
    }
}

#[test]
fn reserving_checks_what_is_available_and_cutting_moves_cost_into_work_in_progress() {
    // 10 m of KOYA/C1 at 30.00 a metre.
    let stock = FabricStock {
        level: StockLevel {
            qty: 10_000,
            value: 30_000,
        },
        reserved: 0,
    };
    let stock = stock.reserve(KOYA, 6_000).unwrap();
    // A second reservation cannot take what the first holds.
    let e = stock.reserve(KOYA, 5_000).unwrap_err();
    assert_eq!(e.code(), "insufficient_stock");
    let d = e.details();
    assert!(d.iter().any(|(k, _)| *k == "warehouse_id"));
    assert_eq!(stock.available(), 4_000);
    let cut = RollCut {
        roll: 1,
        length: 6_000,
        remaining: 4_000,
        offcut: false,
        was_offcut: false,
    };
    let taken = stock.cut(KOYA, &ACCOUNTS, cut).unwrap();
    assert_eq!(taken.value, 18_000);
    assert_eq!(taken.stock.reserved, 0);
    assert_eq!(
        taken.stock.level,
        StockLevel {
            qty: 4_000,
            value: 12_000
        }
    );
    let lines = taken.entry.as_ref().unwrap().lines().to_vec();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l.account == WIP && l.amount == 18_000));
    // Cancelled: the same length at the same value.
    let (back, entry) = taken.stock.uncut(&ACCOUNTS, 6_000, taken.value).unwrap();
    assert_eq!(back.level, stock.level);
    assert_eq!(entry.unwrap().total(), 18_000);
}

#[test]
fn the_final_invoice_nets_the_deposit_and_takes_the_cost_out_of_work_in_progress() {
    let a = DepositAccounts {
        deposits: AccountId(10),
        customers: AccountId(11),
        wip: WIP,
        cogs: AccountId(12),
    };
    // An order of 2,280.00 (2,000.00 net) with 1,000.00 deposit; its cuts put 1,200.00 in WIP.
    let f = final_invoice(&a, 228_000, 200_000, 100_000, 120_000).unwrap();
    assert_eq!((f.netted, f.owed, f.deposit_left), (100_000, 128_000, 0));
    assert_eq!(f.gross_profit, 80_000);
    assert_eq!(f.entry.unwrap().total(), 220_000);
    // A deposit above the invoice: the rest stays held, to refund.
    let f = final_invoice(&a, 50_000, 50_000, 80_000, 0).unwrap();
    assert_eq!((f.netted, f.owed, f.deposit_left), (50_000, 0, 30_000));
    assert_eq!(
        final_invoice(&a, -1, 0, 0, 0).unwrap_err().code(),
        "invalid_field"
    );
}

/// One step of the workshop's life.
#[test]
fn an_installation_moves_forward_and_is_archived_when_completed() {
    use mizan_domain::workshop::installation::window;
    use mizan_domain::workshop::{InstallState as S, InstallStep};
    let archived = |from: S, to: S| {
        from.step(to)
            .map(|s| s == InstallStep::Move { archive: true })
    };
    assert_eq!(
        S::Scheduled.step(S::InProgress),
        Ok(InstallStep::Move { archive: false })
    );
    assert_eq!(archived(S::InProgress, S::Completed), Ok(true));
    assert_eq!(archived(S::Completed, S::ModificationRequired), Ok(false));
    assert_eq!(
        archived(S::ModificationRequired, S::ModificationCompleted),
        Ok(true)
    );
    assert_eq!(
        archived(S::ModificationCompleted, S::ModificationRequired),
        Ok(false)
    );
    assert_eq!(S::Completed.step(S::Completed), Ok(InstallStep::Repeat));
    let e = S::Scheduled.step(S::Completed).unwrap_err();
    assert_eq!(e.code(), "installation_state");
    assert!(S::Completed.step(S::Scheduled).is_err());
    assert!(S::ModificationRequired.step(S::Completed).is_err());
    for s in S::ALL {
        assert_eq!(S::parse(s.as_str()), Ok(s));
    }
    assert_eq!(window(600, 720), Ok((600, 720)));
    assert!(window(720, 600).is_err() && window(0, 1441).is_err());
}

#[derive(Debug, Clone)]
enum Op {
    /// A roll of this length arrives at this cost per metre.
    Receive(i64, i64),
    /// A new cutting item of this length is reserved.
    Reserve(i64),
    /// The n-th open item is cut (from the roll it names, if any).
    Cut(usize, Option<usize>),
    /// The n-th item is cancelled.
    Cancel(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (500i64..60_000, 100i64..10_000).prop_map(|(l, c)| Op::Receive(l, c)),
        (1i64..20_000).prop_map(Op::Reserve),
        (0usize..8, proptest::option::of(0usize..6)).prop_map(|(i, r)| Op::Cut(i, r)),
        (0usize..8).prop_map(Op::Cancel),
    ]
}

#[derive(Debug, Clone)]
struct Item {
    state: ItemState,
    length: i64,
    /// The cut it took: the roll and the value.
    taken: Option<(RollCut, i64)>,
}

proptest! {
    #[test]
    fn rolls_reservations_and_cuts_keep_stock_and_books_exact(
        ops in proptest::collection::vec(op(), 1..60)
    ) {
        let mut rolls: Vec<Roll> = Vec::new();
        let mut stock = FabricStock::default();
        let mut items: Vec<Item> = Vec::new();
        // Inventory and WIP as the entries leave them (receipts debit inventory).
        let (mut inventory, mut wip) = (0i64, 0i64);
        for op in ops {
            match op {
                Op::Receive(length, per_metre) => {
                    let value = length * per_metre / 1_000;
                    let (level, variance) = stock.level.receive(length, value).unwrap();
                    prop_assert_eq!(variance, 0);
                    stock.level = level;
                    inventory += value;
                    rolls.push(roll(i64::try_from(rolls.len()).unwrap() + 1, length));
                }
                Op::Reserve(length) => {
                    let before = stock;
                    match stock.reserve(KOYA, length) {
                        Ok(s) => {
                            stock = s;
                            items.push(Item { state: ItemState::Reserved, length, taken: None });
                        }
                        Err(e) => {
                            prop_assert_eq!(e.code(), "insufficient_stock");
                            prop_assert!(length > before.available());
                        }
                    }
                }
                Op::Cut(i, named) => {
                    let Some(item) = items.get_mut(i) else { continue };
                    let step = item.state.step(Action::Cut);
                    if step != Ok(Step::Move(ItemState::Cut)) {
                        continue;
                    }
                    let preferred = named.and_then(|n| rolls.get(n)).map(|r| r.id);
                    let Ok(r) = choose_roll(&rolls, item.length, preferred, KOYA.code, KOYA.warehouse)
                    else {
                        continue;
                    };
                    let cut = r.cut(item.length, MIN_USEFUL);
                    let taken = stock.cut(KOYA, &ACCOUNTS, cut).unwrap();
                    let entry_total = taken.entry.as_ref().map_or(0, |e| e.total());
                    prop_assert_eq!(entry_total, taken.value);
                    inventory -= taken.value;
                    wip += taken.value;
                    stock = taken.stock;
                    let r = rolls.iter_mut().find(|r| r.id == cut.roll).unwrap();
                    r.remaining = cut.remaining;
                    r.offcut = cut.offcut;
                    item.state = ItemState::Cut;
                    item.taken = Some((cut, taken.value));
                }
                Op::Cancel(i) => {
                    let Some(item) = items.get_mut(i) else { continue };
                    if item.state.step(Action::Cancel) != Ok(Step::Move(ItemState::Cancelled)) {
                        continue;
                    }
                    match item.taken {
                        Some((cut, value)) => {
                            let r = rolls.iter_mut().find(|r| r.id == cut.roll).unwrap();
                            let back = r.uncut(&cut, MIN_USEFUL);
                            prop_assert_eq!(back.remaining, r.remaining + cut.length);
                            prop_assert!(!back.offcut || cut.was_offcut || back.remaining < MIN_USEFUL);
                            *r = back;
                            let (s, entry) = stock.uncut(&ACCOUNTS, cut.length, value).unwrap();
                            prop_assert_eq!(entry.map_or(0, |e| e.total()), value);
                            stock = s;
                            inventory += value;
                            wip -= value;
                        }
                        None => stock = stock.release(item.length),
                    }
                    item.state = ItemState::Cancelled;
                }
            }
            let on_rolls: i64 = rolls.iter().map(|r| r.remaining).sum();
            prop_assert_eq!(stock.level.qty, on_rolls);
            prop_assert!(stock.reserved <= stock.level.qty);
            prop_assert!(rolls.iter().all(|r| r.remaining >= 0));
            let reserved: i64 = items
                .iter()
                .filter(|i| i.state == ItemState::Reserved)
                .map(|i| i.length)
                .sum();
            prop_assert_eq!(stock.reserved, reserved);
            prop_assert_eq!(inventory, stock.level.value);
            let in_wip: i64 = items.iter().filter(|i| i.state == ItemState::Cut)
                .map(|i| i.taken.map_or(0, |t| t.1)).sum();
            prop_assert_eq!(wip, in_wip);
        }
    }
}
