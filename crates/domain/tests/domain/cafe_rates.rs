//! A station's rate plan, worked by hand: minimum, rounding to a step, pauses, the peak
//! boundary, past midnight, a prepaid block with overtime; refused event sequences; and, for
//! any events, a bill that never counts less than was played, never goes negative, and never
//! falls when the session runs longer.

use mizan_domain::cafe::{Peak, Prepaid, RatePlan, SessionEvent, played};
use proptest::prelude::*;

use SessionEvent::{Pause, Resume, Start, Stop};

/// 2026-12-01 00:00 UTC in Unix milliseconds.
const DAY: i64 = 1_796_083_200_000;
const MIN: i64 = 60_000;

/// `h:m` on 2026-12-01, UTC.
fn at(h: i64, m: i64) -> i64 {
    DAY + (h * 60 + m) * MIN
}

/// 60.00 an hour, at least 30 minutes, per started 15 minutes.
fn plan() -> RatePlan {
    RatePlan {
        hourly: 6_000,
        peak: None,
        minimum_minutes: 30,
        step_minutes: 15,
        prepaid: None,
    }
    .checked()
    .unwrap()
}

/// (played minutes, billed minutes, amount) of `events` under `plan`, read at `now`.
fn bill(plan: &RatePlan, events: &[SessionEvent], now: i64, offset: i32) -> (i64, i64, i64) {
    let b = plan.bill(&played(events, now).unwrap(), offset).unwrap();
    (b.played_minutes, b.billed_minutes, b.amount)
}

#[test]
fn sixteen_minutes_bill_the_thirty_minute_minimum_and_thirty_one_bill_forty_five() {
    let p = plan();
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(10, 16))], 0, 0),
        (16, 30, 3_000)
    );
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(10, 5))], 0, 0),
        (5, 30, 3_000)
    );
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(10, 31))], 0, 0),
        (31, 45, 4_500)
    );
    // A started minute counts: 45 minutes and one second bill 46 minutes, rounded to 60.
    let stop = at(10, 45) + 1_000;
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(stop)], 0, 0),
        (46, 60, 6_000)
    );
    // Nothing played bills nothing, whatever the minimum.
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(10, 0))], 0, 0),
        (0, 0, 0)
    );
}

#[test]
fn a_pause_is_not_billed() {
    // 10:00–10:20 and 10:50–11:05: 35 minutes played, 45 billed.
    let events = [
        Start(at(10, 0)),
        Pause(at(10, 20)),
        Resume(at(10, 50)),
        Stop(at(11, 5)),
    ];
    assert_eq!(bill(&plan(), &events, 0, 0), (35, 45, 4_500));
    // A session still running is billed to the moment it is read; a paused one to its pause.
    assert_eq!(bill(&plan(), &events[..3], at(11, 0), 0), (30, 30, 3_000));
    assert_eq!(bill(&plan(), &events[..2], at(12, 0), 0), (20, 30, 3_000));
}

#[test]
fn the_peak_rate_starts_at_its_minute_of_the_shops_day() {
    // 60.00 an hour, 90.00 from 18:00 to 23:00 local; per started minute, no minimum.
    let p = RatePlan {
        hourly: 6_000,
        peak: Some(Peak {
            from_minute: 18 * 60,
            to_minute: 23 * 60,
            hourly: 9_000,
        }),
        minimum_minutes: 0,
        step_minutes: 1,
        prepaid: None,
    }
    .checked()
    .unwrap();
    // 17:30–18:30: 30 minutes at 60.00 and 30 at 90.00 = 30.00 + 45.00.
    let events = [Start(at(17, 30)), Stop(at(18, 30))];
    assert_eq!(bill(&p, &events, 0, 0), (60, 60, 7_500));
    // The same UTC times in a shop at UTC+02:00 are 19:30–20:30 local: all peak.
    assert_eq!(bill(&p, &events, 0, 120), (60, 60, 9_000));
    // 22:50–23:10: 10 minutes of peak, 10 of base = 15.00 + 10.00.
    assert_eq!(
        bill(&p, &[Start(at(22, 50)), Stop(at(23, 10))], 0, 0),
        (20, 20, 2_500)
    );
}

#[test]
fn a_session_past_midnight_is_billed_by_the_plan_and_rounding_is_at_the_last_rate() {
    // 23:30 to 00:45 the next day: 75 minutes at 60.00.
    let events = [Start(at(23, 30)), Stop(at(24, 45))];
    assert_eq!(bill(&plan(), &events, 0, 0), (75, 75, 7_500));
    // A peak from 22:00 to 02:00 runs past midnight: 23:50–00:07 all at 90.00, 17 minutes
    // rounded to 30 at 90.00 = 45.00.
    let p = RatePlan {
        peak: Some(Peak {
            from_minute: 22 * 60,
            to_minute: 2 * 60,
            hourly: 9_000,
        }),
        ..plan()
    }
    .checked()
    .unwrap();
    assert_eq!(
        bill(&p, &[Start(at(23, 50)), Stop(at(24, 7))], 0, 0),
        (17, 30, 4_500)
    );
}

#[test]
fn a_prepaid_hour_bills_its_price_and_the_minutes_after_it_at_the_overtime_rate() {
    // One hour for 50.00, then 80.00 an hour, per started 15 minutes.
    let p = RatePlan {
        prepaid: Some(Prepaid {
            minutes: 60,
            price: 5_000,
            overtime_hourly: 8_000,
        }),
        ..plan()
    }
    .checked()
    .unwrap();
    // 70 minutes: 75 billed, 50.00 + 15 minutes at 80.00 = 70.00.
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(11, 10))], 0, 0),
        (70, 75, 7_000)
    );
    // 20 minutes still bill the whole block.
    assert_eq!(
        bill(&p, &[Start(at(10, 0)), Stop(at(10, 20))], 0, 0),
        (20, 60, 5_000)
    );
}

#[test]
fn sequences_that_could_bill_a_negative_or_doubled_time_are_refused() {
    let refused = |events: &[SessionEvent]| played(events, at(23, 0)).is_err();
    assert!(refused(&[]));
    assert!(refused(&[Pause(at(10, 0))]));
    assert!(refused(&[Start(at(10, 0)), Start(at(10, 5))]));
    assert!(refused(&[
        Start(at(10, 0)),
        Pause(at(10, 5)),
        Pause(at(10, 6))
    ]));
    assert!(refused(&[Start(at(10, 0)), Resume(at(10, 5))]));
    assert!(refused(&[
        Start(at(10, 0)),
        Stop(at(10, 5)),
        Stop(at(10, 6))
    ]));
    assert!(refused(&[Start(at(10, 0)), Stop(at(9, 0))]));
    // A running session read before it started.
    assert!(played(&[Start(at(10, 0))], at(9, 0)).is_err());
    // A plan out of range.
    assert!(
        RatePlan {
            step_minutes: 0,
            ..plan()
        }
        .checked()
        .is_err()
    );
    assert!(
        RatePlan {
            hourly: -1,
            ..plan()
        }
        .checked()
        .is_err()
    );
}

/// Any valid events: a start, then pauses and resumes, maybe a stop, minutes apart.
fn events() -> impl Strategy<Value = Vec<SessionEvent>> {
    (prop::collection::vec(0i64..600_000, 1..12), any::<bool>()).prop_map(|(gaps, stop)| {
        let mut t = at(9, 0);
        let mut out = vec![Start(t)];
        for (i, g) in gaps.iter().enumerate() {
            t += g;
            out.push(if i % 2 == 0 { Pause(t) } else { Resume(t) });
        }
        if stop {
            t += 1;
            out.push(Stop(t));
        }
        out
    })
}

fn plans() -> impl Strategy<Value = RatePlan> {
    (
        0i64..20_000,
        prop::option::of((0i64..1_440, 0i64..1_440, 0i64..30_000)),
        0i64..120,
        1i64..60,
        prop::option::of((1i64..240, 0i64..20_000, 0i64..20_000)),
    )
        .prop_filter_map("a valid plan", |(hourly, peak, minimum, step, prepaid)| {
            RatePlan {
                hourly,
                peak: peak.map(|(from_minute, to_minute, hourly)| Peak {
                    from_minute,
                    to_minute,
                    hourly,
                }),
                minimum_minutes: minimum,
                step_minutes: step,
                prepaid: prepaid.map(|(minutes, price, overtime_hourly)| Prepaid {
                    minutes,
                    price,
                    overtime_hourly,
                }),
            }
            .checked()
            .ok()
        })
}

proptest! {
    #[test]
    fn a_bill_counts_every_played_minute_once_and_grows_with_the_time_played(
        events in events(),
        plan in plans(),
        later in 0i64..7_200_000,
        offset in -720i32..840,
    ) {
        let now = events.last().map_or(0, |e| e.at_ms()) + 1;
        let p = played(&events, now).unwrap();
        let stretches: i64 = p.stretches.iter().map(|(a, b)| b - a).sum();
        prop_assert!(p.stretches.iter().all(|(a, b)| b > a));
        prop_assert!(p.stretches.windows(2).all(|w| w[0].1 <= w[1].0), "no time counted twice");
        let b = plan.bill(&p, offset).unwrap();
        prop_assert_eq!(b.played_minutes, (stretches + MIN - 1) / MIN);
        prop_assert!(b.billed_minutes >= b.played_minutes);
        prop_assert!(b.amount >= 0);
        // Read later, a running session bills no less.
        if p.running {
            let again = plan.bill(&played(&events, now + later).unwrap(), offset).unwrap();
            prop_assert!(again.billed_minutes >= b.billed_minutes);
            if plan.peak.is_none() {
                prop_assert!(again.amount >= b.amount);
            }
        }
        // Never more than the dearest rate for every billed minute (or the block and overtime).
        let dearest = plan.hourly.max(plan.peak.map_or(0, |x| x.hourly));
        let cap = match plan.prepaid {
            Some(x) => x.price + (b.billed_minutes * x.overtime_hourly).div_euclid(60) + 1,
            None => (b.billed_minutes * dearest).div_euclid(60) + 1,
        };
        prop_assert!(b.amount <= cap, "{} > {}", b.amount, cap);
    }
}

#[test]
fn utilisation_is_billed_time_over_the_opening_hours() {
    use mizan_domain::cafe::OpeningHours;
    // Open 10:00 to 02:00: 16 hours a day. 48 billed hours over 7 days: 48 / 112 = 42.86%.
    let hours = OpeningHours::new(600, 120).unwrap();
    assert_eq!(hours.minutes(), 960);
    assert_eq!(hours.utilisation_bp(48 * 60, 7), 4_286);
    assert_eq!(OpeningHours::ALL_DAY.utilisation_bp(720, 1), 5_000);
    assert!(OpeningHours::new(600, 600).is_err());
    assert!(OpeningHours::new(1440, 10).is_err());
}
