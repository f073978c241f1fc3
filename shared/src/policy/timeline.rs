//! The effective-dated timeline of a policy term. Versions are ordered by effective date,
//! then by processing order; a term starts from a full payload (new business, renewal,
//! rewrite); an endorsement re-applies only its change set, so an endorsement processed
//! late but dated early flows into everything after it; cancellation and reinstatement
//! switch cover off and on without touching the payload. The result is a list of segments,
//! each a stretch of days with one payload.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

use super::patch::{Change, apply};
use super::term::{day_before, days_between};
use crate::money::round2;

/// What a version does to the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// New business, renewal or rewrite: a whole payload.
    Start,
    /// A change set on the payload in force.
    Endorse,
    Cancel,
    Reinstate,
    /// No effect on cover within the term (non-renewal).
    Marker,
}

/// One version, as the timeline sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<Id> {
    pub id: Id,
    pub kind: Kind,
    pub effective: Date,
    /// Processing order: among versions of one effective date the later processed wins.
    pub sequence: i64,
    /// The whole payload, for `Start`.
    pub payload: Option<Value>,
    /// The change set, for `Endorse`.
    pub changes: Vec<Change>,
}

/// A stretch of the term with one payload. `end` is inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<Id> {
    pub start: Date,
    pub end: Date,
    pub payload: Value,
    pub in_force: bool,
    /// The last version applied before this segment began.
    pub source: Id,
}

/// Derives the segments of the term `[term_effective, term_expiration)`.
pub fn derive<Id: Clone>(
    entries: &[Entry<Id>],
    term_effective: Date,
    term_expiration: Date,
) -> Vec<Segment<Id>> {
    let mut ordered: Vec<&Entry<Id>> = entries
        .iter()
        .filter(|e| e.effective < term_expiration)
        .collect();
    ordered.sort_by_key(|e| (e.effective, e.sequence));
    // The state after each distinct effective date.
    let mut states: Vec<(Date, Value, bool, Id)> = Vec::new();
    let mut payload: Option<Value> = None;
    let mut in_force = true;
    let mut i = 0;
    while i < ordered.len() {
        let date = ordered[i].effective;
        let mut last = ordered[i].id.clone();
        while i < ordered.len() && ordered[i].effective == date {
            let e = ordered[i];
            match e.kind {
                Kind::Start => {
                    payload = e.payload.clone();
                    in_force = true;
                }
                Kind::Endorse => {
                    if let Some(p) = payload.as_mut() {
                        apply(p, &e.changes);
                    }
                }
                Kind::Cancel => in_force = false,
                Kind::Reinstate => in_force = true,
                Kind::Marker => {}
            }
            last = e.id.clone();
            i += 1;
        }
        if let Some(p) = &payload {
            states.push((date, p.clone(), in_force, last));
        }
    }
    let mut segments = Vec::new();
    for (k, (date, payload, in_force, source)) in states.iter().enumerate() {
        let start = (*date).max(term_effective);
        let next = states
            .get(k + 1)
            .map_or(term_expiration, |s| s.0)
            .min(term_expiration);
        if start >= next {
            continue;
        }
        segments.push(Segment {
            start,
            end: day_before(next),
            payload: payload.clone(),
            in_force: *in_force,
            source: source.clone(),
        });
    }
    segments
}

/// The segment covering `date` (before the first: the first; after the last: the last).
pub fn at<T>(segments: &[T], date: Date, start: impl Fn(&T) -> Date) -> Option<&T> {
    segments
        .iter()
        .rev()
        .find(|s| start(s) <= date)
        .or_else(|| segments.first())
}

/// A segment's full-term premium parts and whether it is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priced {
    pub start: Date,
    pub end: Date,
    pub in_force: bool,
    pub total: Decimal,
    pub fees: Decimal,
    pub taxes: Decimal,
}

/// A stretch whose premium changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    pub from: Date,
    pub to: Date,
    pub total: Decimal,
    pub fees: Decimal,
    pub taxes: Decimal,
}

/// The premium to charge (or return) when the timeline changes from `old` to `new` from
/// `from` on: for each stretch with one old and one new segment, the difference of their
/// full-term premiums (zero where cover is off) times the stretch's share of the term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retro {
    pub total: Decimal,
    pub fees: Decimal,
    pub taxes: Decimal,
    pub impacted: Vec<Impact>,
}

pub fn retro(
    old: &[Priced],
    new: &[Priced],
    from: Date,
    term_effective: Date,
    term_expiration: Date,
) -> Retro {
    let first = from.max(term_effective);
    let mut bounds = vec![first, term_expiration];
    for s in old.iter().chain(new) {
        for d in [s.start, s.end + time::Duration::days(1)] {
            if d > first && d < term_expiration {
                bounds.push(d);
            }
        }
    }
    bounds.sort();
    bounds.dedup();
    let term_days = Decimal::from(days_between(term_effective, term_expiration).max(1));
    let amount = |segments: &[Priced], day: Date| {
        at(segments, day, |s| s.start)
            .filter(|s| s.in_force && s.start <= day && day <= s.end)
            .map_or((Decimal::ZERO, Decimal::ZERO, Decimal::ZERO), |s| {
                (s.total, s.fees, s.taxes)
            })
    };
    let (mut total, mut fees, mut taxes) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut impacted = Vec::new();
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >= b {
            continue;
        }
        let share = Decimal::from(days_between(a, b)) / term_days;
        let (ot, of, ox) = amount(old, a);
        let (nt, nf, nx) = amount(new, a);
        let (dt, df, dx) = ((nt - ot) * share, (nf - of) * share, (nx - ox) * share);
        total += dt;
        fees += df;
        taxes += dx;
        if dt.abs() >= Decimal::new(1, 4) || dx.abs() >= Decimal::new(1, 4) {
            impacted.push(Impact {
                from: a,
                to: day_before(b),
                total: round2(dt),
                fees: round2(df),
                taxes: round2(dx),
            });
        }
    }
    Retro {
        total: round2(total),
        fees: round2(fees),
        taxes: round2(taxes),
        impacted,
    }
}

/// Rates every segment's payload with `product` (consecutive segments with the same
/// payload, such as those split by a cancellation, share one rating).
pub fn price<Id: Clone>(
    product: &crate::product::Product,
    segments: &[Segment<Id>],
) -> Result<Vec<crate::api::rating::Premium>, crate::rating::RatingError> {
    let mut out: Vec<crate::api::rating::Premium> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let reuse = i
            .checked_sub(1)
            .filter(|p| segments[*p].payload == segment.payload)
            .map(|p| out[p].clone());
        out.push(match reuse {
            Some(premium) => premium,
            None => crate::rating::rate(product, &segment.payload)?,
        });
    }
    Ok(out)
}

/// The priced view [`retro`] works on.
pub fn priced<Id>(
    segments: &[Segment<Id>],
    premiums: &[crate::api::rating::Premium],
) -> Vec<Priced> {
    segments
        .iter()
        .zip(premiums)
        .map(|(s, p)| Priced {
            start: s.start,
            end: s.end,
            in_force: s.in_force,
            total: p.total.amount,
            fees: p.fees.amount,
            taxes: p.taxes.amount,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;
    use time::macros::date;

    const EFF: Date = date!(2026 - 07 - 01);
    const EXP: Date = date!(2027 - 07 - 01);

    fn start(payload: Value) -> Entry<u32> {
        Entry {
            id: 0,
            kind: Kind::Start,
            effective: EFF,
            sequence: 0,
            payload: Some(payload),
            changes: vec![],
        }
    }

    fn endorse(id: u32, effective: Date, sequence: i64, path: &str, value: Value) -> Entry<u32> {
        Entry {
            id,
            kind: Kind::Endorse,
            effective,
            sequence,
            payload: None,
            changes: vec![Change {
                op: "replace".into(),
                path: path.into(),
                value: Some(value),
            }],
        }
    }

    #[test]
    fn an_early_endorsement_processed_late_flows_into_later_segments() {
        let base = start(json!({"a": 1, "b": 1}));
        let later = endorse(1, date!(2027 - 01 - 01), 1, "/a", json!(2));
        let earlier = endorse(2, date!(2026 - 10 - 01), 2, "/b", json!(3));
        let segments = derive(&[base, later, earlier], EFF, EXP);
        let summary: Vec<_> = segments
            .iter()
            .map(|s| (s.start, s.end, s.payload.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (EFF, date!(2026 - 09 - 30), json!({"a": 1, "b": 1})),
                (
                    date!(2026 - 10 - 01),
                    date!(2026 - 12 - 31),
                    json!({"a": 1, "b": 3})
                ),
                (
                    date!(2027 - 01 - 01),
                    date!(2027 - 06 - 30),
                    json!({"a": 2, "b": 3})
                ),
            ]
        );
    }

    #[test]
    fn cancellation_turns_cover_off_and_a_same_day_reinstatement_back_on() {
        let cancel = Entry {
            id: 1,
            kind: Kind::Cancel,
            effective: date!(2027 - 01 - 01),
            sequence: 1,
            payload: None,
            changes: vec![],
        };
        let reinstate = Entry {
            id: 2,
            kind: Kind::Reinstate,
            effective: date!(2027 - 01 - 01),
            sequence: 2,
            payload: None,
            changes: vec![],
        };
        let cancelled = derive(&[start(json!({})), cancel.clone()], EFF, EXP);
        assert_eq!(
            cancelled.iter().map(|s| s.in_force).collect::<Vec<_>>(),
            [true, false]
        );
        let restored = derive(&[start(json!({})), cancel, reinstate], EFF, EXP);
        assert_eq!(
            restored
                .iter()
                .map(|s| (s.in_force, s.source))
                .collect::<Vec<_>>(),
            [(true, 0), (true, 2)]
        );
    }

    #[test]
    fn the_reference_endorsement_delta() {
        let whole = Priced {
            start: EFF,
            end: day_before(EXP),
            in_force: true,
            total: dec!(516.93),
            fees: dec!(25),
            taxes: dec!(14.33),
        };
        let before = Priced {
            end: date!(2026 - 09 - 30),
            ..whole
        };
        let after = Priced {
            start: date!(2026 - 10 - 01),
            total: dec!(652.47),
            taxes: dec!(18.28),
            ..whole
        };
        let r = retro(&[whole], &[before, after], date!(2026 - 10 - 01), EFF, EXP);
        assert_eq!(
            (r.total, r.fees, r.taxes),
            (dec!(101.38), dec!(0), dec!(2.95))
        );
        assert_eq!(r.impacted.len(), 1);
        assert_eq!(r.impacted[0].from, date!(2026 - 10 - 01));
    }

    #[test]
    fn at_picks_the_covering_segment_and_clamps() {
        let segments = [(EFF, 1), (date!(2026 - 10 - 01), 2)];
        assert_eq!(
            at(&segments, date!(2026 - 09 - 30), |s| s.0).map(|s| s.1),
            Some(1)
        );
        assert_eq!(
            at(&segments, date!(2026 - 10 - 01), |s| s.0).map(|s| s.1),
            Some(2)
        );
        assert_eq!(
            at(&segments, date!(2020 - 01 - 01), |s| s.0).map(|s| s.1),
            Some(1)
        );
    }
}
