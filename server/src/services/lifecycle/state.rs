//! The policy as it stands on a date: the segment of the persisted timeline that covers
//! it (derived from the versions when none is persisted).

use lattice_shared::api::lifecycle::PolicyState;
use lattice_shared::policy::term::day_before;
use lattice_shared::policy::timeline::at;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Context, parse_date};
use crate::db;
use crate::error::Result;
use crate::state::App;

/// `as_of` defaults to today and is clamped into the term.
pub async fn state(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
    as_of: Option<&str>,
) -> Result<PolicyState> {
    let asked = parse_date("asOf", as_of)?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let ctx = Context::load(app, &mut tx, tenant_id, policy_id, false).await?;
    let policy = &ctx.policy;
    let segments =
        db::timeline::list_segments(&mut tx, tenant_id, policy_id, policy.timeline_version).await?;
    tx.commit().await?;
    let (effective, expiration) = ctx.term();
    let last_day = day_before(expiration).max(effective);
    let date = asked
        .unwrap_or_else(|| OffsetDateTime::now_utc().date())
        .clamp(effective, last_day);
    let view = |start, end: time::Date, in_force, payload, premium| PolicyState {
        policy_id,
        policy_number: policy.policy_number.clone(),
        as_of: date.to_string(),
        timeline_version: policy.timeline_version,
        segment_start: start,
        segment_end: end.to_string(),
        in_force,
        payload,
        premium,
    };
    if let Some(s) = at(&segments, date, |s| s.segment_start) {
        return Ok(view(
            s.segment_start.to_string(),
            s.segment_end,
            s.in_force,
            s.payload.clone(),
            s.premium.clone(),
        ));
    }
    let timeline = ctx.timeline()?;
    let (s, premium) = timeline.at(date);
    Ok(view(
        s.start.to_string(),
        s.end,
        s.in_force,
        s.payload.clone(),
        json!(premium),
    ))
}
