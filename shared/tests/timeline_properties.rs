//! Properties of the effective-dated timeline over random endorsements, cancellations and
//! reinstatements: processing order does not matter, a same-day cancel and reinstate
//! restores the premium, and each segment's premium is its payload's rating.

mod common;

use common::product;
use lattice_shared::policy::patch::Change;
use lattice_shared::policy::timeline::{Entry, Kind, derive, price};
use lattice_shared::rating::rate;
use proptest::prelude::*;
use serde_json::{Value, json};
use time::{Date, Duration, macros::date};

const EFF: Date = date!(2026 - 07 - 01);
const EXP: Date = date!(2027 - 07 - 01);

fn base() -> Value {
    common::personal_auto(
        json!(35),
        json!({}),
        json!([{"code": "BI", "selected": true, "limit": 100000}, {"code": "PD", "selected": true, "limit": 50000}]),
    )
}

#[derive(Debug, Clone)]
enum Event {
    Age(i64),
    Limit(u64),
    Cancel,
    Reinstate,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (16i64..90).prop_map(Event::Age),
        prop::sample::select(vec![25_000u64, 50_000, 100_000, 300_000]).prop_map(Event::Limit),
        Just(Event::Cancel),
        Just(Event::Reinstate),
    ]
}

/// Up to six events on distinct days of the term, and a processing order for them.
fn events() -> impl Strategy<Value = (Vec<(i64, Event)>, Vec<usize>)> {
    prop::collection::btree_set(1i64..364, 1..=6)
        .prop_flat_map(|days| {
            let n = days.len();
            (
                prop::collection::vec(event(), n),
                Just(days),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            )
        })
        .prop_map(|(events, days, order)| (days.into_iter().zip(events).collect(), order))
}

fn entry(id: usize, day: i64, event: &Event, sequence: i64) -> Entry<usize> {
    let effective = EFF + Duration::days(day);
    let (kind, changes) = match event {
        Event::Age(age) => (
            Kind::Endorse,
            vec![change("/uwAnswers/driverAge", json!(age))],
        ),
        Event::Limit(limit) => (
            Kind::Endorse,
            vec![change("/coverages/0/limit", json!(limit))],
        ),
        Event::Cancel => (Kind::Cancel, vec![]),
        Event::Reinstate => (Kind::Reinstate, vec![]),
    };
    Entry {
        id,
        kind,
        effective,
        sequence,
        payload: None,
        changes,
    }
}

fn change(path: &str, value: Value) -> Change {
    Change {
        op: "replace".into(),
        path: path.into(),
        value: Some(value),
    }
}

fn timeline(events: &[(i64, Event)], order: &[usize]) -> Vec<Entry<usize>> {
    let mut entries = vec![Entry {
        id: 0,
        kind: Kind::Start,
        effective: EFF,
        sequence: 0,
        payload: Some(base()),
        changes: vec![],
    }];
    for (position, &index) in order.iter().enumerate() {
        let (day, event) = &events[index];
        entries.push(entry(
            index + 1,
            *day,
            event,
            i64::try_from(position).expect("small") + 1,
        ));
    }
    entries
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_timeline_does_not_depend_on_processing_order((events, order) in events()) {
        let in_date_order: Vec<usize> = (0..events.len()).collect();
        let processed_late = derive(&timeline(&events, &order), EFF, EXP);
        let processed_in_order = derive(&timeline(&events, &in_date_order), EFF, EXP);
        prop_assert_eq!(processed_late, processed_in_order);
    }

    #[test]
    fn every_segment_premium_is_the_rating_of_its_payload((events, order) in events()) {
        let product = product("sample-carrier", "personal-auto");
        let segments = derive(&timeline(&events, &order), EFF, EXP);
        let premiums = price(&product, &segments).expect("rates");
        prop_assert_eq!(segments.len(), premiums.len());
        for (segment, premium) in segments.iter().zip(&premiums) {
            prop_assert_eq!(premium, &rate(&product, &segment.payload).expect("rates"));
        }
        // Segments tile the term without gaps or overlaps.
        prop_assert_eq!(segments.first().map(|s| s.start), Some(EFF));
        prop_assert_eq!(segments.last().map(|s| s.end), Some(EXP - Duration::days(1)));
        for pair in segments.windows(2) {
            prop_assert_eq!(pair[0].end + Duration::days(1), pair[1].start);
        }
    }

    #[test]
    fn a_same_day_cancel_and_reinstate_restores_the_premium((events, order) in events(), day in 1i64..364) {
        let product = product("sample-carrier", "personal-auto");
        let plain: Vec<(i64, Event)> = events.into_iter().filter(|(d, _)| *d != day).collect();
        let order: Vec<usize> = order.into_iter().filter(|i| *i < plain.len()).collect();
        let order = if order.len() == plain.len() { order } else { (0..plain.len()).collect() };
        let before = derive(&timeline(&plain, &order), EFF, EXP);
        let on = EFF + Duration::days(day);
        // Only a policy in force on the day can be cancelled and reinstated on it.
        prop_assume!(before.iter().any(|s| s.start <= on && on <= s.end && s.in_force));
        let mut entries = timeline(&plain, &order);
        let next = i64::try_from(entries.len()).expect("small");
        entries.push(entry(100, day, &Event::Cancel, next));
        entries.push(entry(101, day, &Event::Reinstate, next + 1));
        let after = derive(&entries, EFF, EXP);
        let premium_on = |segments: &[lattice_shared::policy::timeline::Segment<usize>]| {
            let s = segments.iter().find(|s| s.start <= on && on <= s.end).expect("covered");
            (s.in_force, rate(&product, &s.payload).expect("rates").total)
        };
        prop_assert_eq!(premium_on(&before), premium_on(&after));
        let payloads = |segments: &[lattice_shared::policy::timeline::Segment<usize>]| {
            segments.iter().map(|s| (s.payload.clone(), s.in_force)).collect::<Vec<_>>()
        };
        let mut merged_after = payloads(&after);
        merged_after.dedup();
        let mut merged_before = payloads(&before);
        merged_before.dedup();
        prop_assert_eq!(merged_before, merged_after);
    }
}
