//! The policy lifecycle on its effective-dated timeline: endorse, cancel, reinstate,
//! renew, rewrite and non-renew. Each transaction locks the policy, derives the timeline
//! from the versions (see `lattice_shared::policy::timeline`), re-rates it, and writes the
//! transaction, its version, the new timeline, the projection, ledger events and the
//! document packet in one database transaction.

pub mod cancel;
pub mod endorse;
pub mod non_renew;
pub mod renew;
pub mod state;
pub mod write;

use std::sync::Arc;

use lattice_shared::api::lifecycle::{RebasedTransaction, TransactionPremium};
use lattice_shared::api::rating::{Money, Premium};
use lattice_shared::policy::numbering::transaction_number;
use lattice_shared::policy::patch::Change;
use lattice_shared::policy::status::{Action, check_action};
use lattice_shared::policy::term::day_before;
use lattice_shared::policy::timeline::{self, Entry, Kind, Segment};
use lattice_shared::product::Product;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::format_description::well_known::Iso8601;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::bind::policy_not_found;
use crate::db::policies::{PolicyRow, VersionRow};
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

/// A policy as a lifecycle transaction sees it.
pub struct Context {
    pub policy: PolicyRow,
    /// Every version, in processing order.
    pub versions: Vec<VersionRow>,
    pub product: Arc<Product>,
}

impl Context {
    /// Loads the policy (locked when `lock`), its versions and its product.
    pub async fn load(
        app: &App,
        tx: &mut Tx,
        tenant_id: &str,
        id: Uuid,
        lock: bool,
    ) -> Result<Self> {
        let policy = if lock {
            db::policies::lock_policy(tx, tenant_id, id).await?
        } else {
            db::policies::find_policy(tx, tenant_id, id).await?
        }
        .ok_or_else(|| policy_not_found(id))?;
        let versions = db::policies::list_versions(tx, tenant_id, id).await?;
        let product = app
            .catalog
            .product(tenant_id, &policy.product_code)
            .ok_or_else(|| {
                Error::api(
                    422,
                    "PRODUCT_NOT_FOUND",
                    format!("Product {} is no longer offered", policy.product_code),
                )
            })?;
        Ok(Self {
            policy,
            versions,
            product,
        })
    }

    /// 400 `INVALID_STATE` unless the policy's status allows `action`.
    pub fn check(&self, action: Action) -> Result<()> {
        check_action(action, &self.policy.status)
            .map_err(|m| Error::bad_request("INVALID_STATE", m))
    }

    pub fn term(&self) -> (Date, Date) {
        (
            self.policy.term_effective_date,
            self.policy.term_expiration_date,
        )
    }

    /// The timeline entries of the versions.
    pub fn entries(&self) -> Vec<Entry<Uuid>> {
        self.versions.iter().map(entry).collect()
    }

    /// The timeline of the current term as the versions make it.
    pub fn timeline(&self) -> Result<Timeline> {
        Timeline::build(&self.product, &self.entries(), self.term())
    }

    /// Versions of the current term dated after `date` that change cover: the ones an
    /// out-of-sequence transaction on `date` is slotted in front of.
    pub fn rebased_after(&self, date: Date) -> Vec<RebasedTransaction> {
        let (effective, expiration) = self.term();
        self.versions
            .iter()
            .filter(|v| {
                matches!(
                    kind(&v.transaction_type),
                    Kind::Endorse | Kind::Cancel | Kind::Reinstate
                )
            })
            .filter(|v| {
                v.effective_date > date
                    && v.effective_date >= effective
                    && v.effective_date < expiration
            })
            .map(|v| RebasedTransaction {
                version_id: v.version_id,
                transaction_id: v.transaction_id,
                transaction_type: v.transaction_type.clone(),
                transaction_number: v.transaction_number.clone(),
                effective_date: v.effective_date.to_string(),
            })
            .collect()
    }

    /// The latest cancellation of the current term.
    pub fn last_cancellation(&self) -> Option<&VersionRow> {
        self.versions.iter().rev().find(|v| {
            v.transaction_type == "CANCEL" && v.effective_date >= self.policy.term_effective_date
        })
    }
}

/// How a version's transaction type acts on the timeline.
pub fn kind(transaction_type: &str) -> Kind {
    match transaction_type {
        "ENDORSE" => Kind::Endorse,
        "CANCEL" => Kind::Cancel,
        "REINSTATE" => Kind::Reinstate,
        "NON_RENEWAL" => Kind::Marker,
        _ => Kind::Start,
    }
}

fn entry(v: &VersionRow) -> Entry<Uuid> {
    let kind = kind(&v.transaction_type);
    Entry {
        id: v.version_id,
        kind,
        effective: v.effective_date,
        sequence: v.seq,
        payload: (kind == Kind::Start).then(|| v.payload.clone()),
        changes: if kind == Kind::Endorse {
            serde_json::from_value::<Vec<Change>>(v.changes.clone()).unwrap_or_default()
        } else {
            Vec::new()
        },
    }
}

/// A new entry that is processed after every existing one.
pub fn pending(
    kind: Kind,
    effective: Date,
    payload: Option<Value>,
    changes: Vec<Change>,
) -> Entry<Uuid> {
    Entry {
        id: Uuid::nil(),
        kind,
        effective,
        sequence: i64::MAX,
        payload,
        changes,
    }
}

/// The segments of a term with the full-term premium of each.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub segments: Vec<Segment<Uuid>>,
    pub premiums: Vec<Premium>,
    pub term: (Date, Date),
}

impl Timeline {
    pub fn build(product: &Product, entries: &[Entry<Uuid>], term: (Date, Date)) -> Result<Self> {
        let segments = timeline::derive(entries, term.0, term.1);
        if segments.is_empty() {
            return Err(anyhow::anyhow!("the policy has no version that starts its term").into());
        }
        let premiums = timeline::price(product, &segments).map_err(|e| {
            Error::api(
                422,
                "RATING_FAILED",
                format!("The policy cannot be rated: {e}"),
            )
        })?;
        Ok(Self {
            segments,
            premiums,
            term,
        })
    }

    /// A term with one payload throughout, already rated (a new policy).
    pub fn whole_term(payload: Value, premium: Premium, source: Uuid, term: (Date, Date)) -> Self {
        Self {
            segments: vec![Segment {
                start: term.0,
                end: day_before(term.1).max(term.0),
                payload,
                in_force: true,
                source,
            }],
            premiums: vec![premium],
            term,
        }
    }

    /// The segment covering `date`, clamped into the term.
    pub fn at(&self, date: Date) -> (&Segment<Uuid>, &Premium) {
        let index = self
            .segments
            .iter()
            .rposition(|s| s.start <= date)
            .unwrap_or(0);
        (&self.segments[index], &self.premiums[index])
    }

    /// The segment in force today (clamped into the term): the policy's projection.
    pub fn current(&self) -> (&Segment<Uuid>, &Premium) {
        let today = OffsetDateTime::now_utc().date();
        self.at(today.clamp(self.term.0, day_before(self.term.1).max(self.term.0)))
    }

    pub fn priced(&self) -> Vec<timeline::Priced> {
        timeline::priced(&self.segments, &self.premiums)
    }

    /// The premium change from `from` on when this timeline becomes `new`.
    pub fn retro_to(&self, new: &Timeline, from: Date) -> timeline::Retro {
        timeline::retro(
            &self.priced(),
            &new.priced(),
            from,
            self.term.0,
            self.term.1,
        )
    }

    /// Names the pending entry's segments after the version that was written for it.
    pub fn settle(&mut self, version_id: Uuid) {
        for s in &mut self.segments {
            if s.source.is_nil() {
                s.source = version_id;
            }
        }
    }
}

/// Parses an optional `YYYY-MM-DD` field (a timestamp keeps its date).
pub fn parse_date(field: &str, text: Option<&str>) -> Result<Option<Date>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let day = text.get(..10).unwrap_or(text);
    Date::parse(day, &Iso8601::DATE)
        .map(Some)
        .map_err(|_| FieldErrors::single(field, "must be a date (YYYY-MM-DD)"))
}

/// A required date field.
pub fn required_date(field: &str, text: Option<&str>) -> Result<Date> {
    parse_date(field, text)?.ok_or_else(|| FieldErrors::single(field, "is required"))
}

/// 422 `EFFECTIVE_DATE_OUT_OF_TERM` unless `date` falls within the term.
pub fn within_term(ctx: &Context, date: Date) -> Result<()> {
    let (effective, expiration) = ctx.term();
    if date < effective || date >= expiration {
        return Err(Error::api(
            422,
            "EFFECTIVE_DATE_OUT_OF_TERM",
            format!(
                "The effective date {date} is outside the policy term {effective} to {expiration}"
            ),
        )
        .with_details(json!({"effectiveDate": date.to_string(),
            "termEffectiveDate": effective.to_string(), "termExpirationDate": expiration.to_string()})));
    }
    Ok(())
}

/// The caller's reserved number, or a new `<prefix>-YYYYMMDD-XXXX`.
pub fn number_for(prefix: &str, given: Option<&str>) -> Result<String> {
    match given.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n)
            if n.len() <= 40
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) =>
        {
            Ok(n.to_owned())
        }
        Some(_) => Err(FieldErrors::single(
            "transactionNumber",
            "must be at most 40 letters, digits, '-', '_' or '.'",
        )),
        None => Ok(new_number(prefix)),
    }
}

fn new_number(prefix: &str) -> String {
    transaction_number(
        prefix,
        OffsetDateTime::now_utc().date(),
        &rand::random::<[u8; 4]>(),
    )
}

/// Reserves a transaction number for a later transaction of `mode`, after the same state
/// check that transaction will make.
pub async fn reserve_number(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
    mode: Option<&str>,
) -> Result<String> {
    let mode = mode
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let (action, prefix) = match mode.as_str() {
        "endorse" => (Action::Endorse, "EN"),
        "cancel" => (Action::Cancel, "CN"),
        "reinstate" => (Action::Reinstate, "RI"),
        "rewrite" => (Action::Rewrite, "RW"),
        "renew" => (Action::Renew, "RN"),
        _ => {
            return Err(Error::bad_request(
                "INVALID_MODE",
                "mode must be endorse, cancel, reinstate, rewrite or renew",
            ));
        }
    };
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let policy = db::policies::find_policy(&mut tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    tx.commit().await?;
    check_action(action, &policy.status).map_err(|m| Error::bad_request("INVALID_STATE", m))?;
    Ok(new_number(prefix))
}

pub fn money(amount: Decimal, currency: &str) -> Money {
    Money {
        amount,
        currency: currency.to_owned(),
    }
}

/// A transaction premium of total, fees and taxes with coverage lines.
pub fn transaction_premium(
    by_coverage: Vec<Value>,
    (total, fees, taxes): (Decimal, Decimal, Decimal),
    currency: &str,
) -> TransactionPremium {
    TransactionPremium {
        by_coverage,
        fees: money(fees, currency),
        taxes: money(taxes, currency),
        total: money(total, currency),
    }
}

/// The change of each coverage's premium between two ratings, times `factor`: positive
/// lines are ADD, negative RETURN, unchanged FLAT.
pub fn coverage_deltas(old: &Premium, new: &Premium, factor: Decimal) -> Vec<Value> {
    let currency = &new.total.currency;
    let mut lines: Vec<Value> = new
        .by_coverage
        .iter()
        .map(|n| {
            let before = old
                .by_coverage
                .iter()
                .find(|o| o.code == n.code)
                .map_or(Decimal::ZERO, |o| o.amount.amount);
            delta_line(&n.code, before, n.amount.amount, factor, currency)
        })
        .collect();
    for o in &old.by_coverage {
        if !new.by_coverage.iter().any(|n| n.code == o.code) {
            lines.push(delta_line(
                &o.code,
                o.amount.amount,
                Decimal::ZERO,
                factor,
                currency,
            ));
        }
    }
    lines
}

fn delta_line(code: &str, old: Decimal, new: Decimal, factor: Decimal, currency: &str) -> Value {
    let delta = lattice_shared::money::round2((new - old) * factor);
    let kind = match delta.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => "ADD",
        std::cmp::Ordering::Less => "RETURN",
        std::cmp::Ordering::Equal => "FLAT",
    };
    json!({"code": code, "deltaType": kind,
           "amount": super::money_json(delta, currency),
           "fullTermOld": super::money_json(old, currency),
           "fullTermNew": super::money_json(new, currency)})
}

/// Sets `key` of a JSON object (anything else is left alone).
pub fn set_field(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

pub fn remove_field(object: &mut Value, key: &str) {
    if let Some(map) = object.as_object_mut() {
        map.remove(key);
    }
}
