//! The policy list (search, filters, sort, paging), its CSV export, and the dashboard.

use std::collections::HashMap;

use lattice_shared::api::Page;
use lattice_shared::api::page::PageQuery;
use lattice_shared::api::policies::{
    DashboardSummary, PolicyListItem, PolicySearch, Term, TrendPoint,
};
use lattice_shared::api::rating::Money;
use lattice_shared::policy::status::{StatusFilter, derive_workflow_status};
use lattice_shared::policy::term::add_months;
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;
use time::{Date, OffsetDateTime, Time};

use super::quotes::parse_date;
use super::{csv_line, rfc3339};
use crate::db;
use crate::db::search::{PolicyFilter, PolicyListRow};
use crate::error::{FieldErrors, Result};
use crate::state::App;

pub async fn search(
    app: &App,
    tenant_id: &str,
    search: &PolicySearch,
) -> Result<Page<PolicyListItem>> {
    let paging = PageQuery {
        page: search.page,
        page_size: search.page_size,
    };
    let today = OffsetDateTime::now_utc().date();
    let filter = filter(search, &paging, today)?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, total) = db::search::search_policies(&mut tx, tenant_id, &filter, true).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.into_iter().map(|r| item(r, today)).collect(),
        page: paging.page(),
        page_size: paging.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// Every match (up to 50,000) as CSV, with the latest underwriting decision.
pub async fn export_csv(app: &App, tenant_id: &str, search: &PolicySearch) -> Result<String> {
    let today = OffsetDateTime::now_utc().date();
    let mut filter = filter(search, &PageQuery::default(), today)?;
    filter.limit = 50_000;
    filter.offset = 0;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, _) = db::search::search_policies(&mut tx, tenant_id, &filter, false).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.policy_id).collect();
    let uw: HashMap<_, _> = db::search::latest_uw(&mut tx, tenant_id, &ids)
        .await?
        .into_iter()
        .map(|(id, decision, overridden)| (id, (decision, overridden)))
        .collect();
    tx.commit().await?;
    let mut out = String::from(
        "policyNumber,policyId,productCode,status,effectiveDate,expirationDate,uwDecision,uwOverride\n",
    );
    for row in rows {
        let (decision, overridden) = uw.get(&row.policy_id).cloned().unwrap_or((None, false));
        out.push_str(&csv_line(&[
            row.policy_number.clone(),
            row.policy_id.to_string(),
            row.product_code.clone(),
            derive_workflow_status(
                &row.status,
                row.term_effective_date,
                row.term_expiration_date,
                today,
            ),
            row.term_effective_date.to_string(),
            row.term_expiration_date.to_string(),
            decision.unwrap_or_default(),
            overridden.to_string(),
        ]));
    }
    Ok(out)
}

/// The dashboard key of a tenant; every successful write request drops it.
pub fn dashboard_key(tenant_id: &str) -> String {
    crate::cache::key(&["dashboard", tenant_id])
}

/// Counts for the dashboard, read through the cache for up to a minute.
pub async fn dashboard(app: &App, tenant_id: &str) -> Result<DashboardSummary> {
    crate::cache::read_through(
        app.cache.as_ref(),
        &dashboard_key(tenant_id),
        std::time::Duration::from_secs(60),
        || load_dashboard(app, tenant_id),
    )
    .await
}

/// Counts for the dashboard: totals, status distribution, product mix, six-month trend.
async fn load_dashboard(app: &App, tenant_id: &str) -> Result<DashboardSummary> {
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let first_of_month = Date::from_calendar_date(today.year(), today.month(), 1).unwrap_or(today);
    let since_day = add_months(first_of_month, -5);
    let since = since_day.with_time(Time::MIDNIGHT).assume_utc();
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let counts = db::search::status_and_product_counts(&mut tx, tenant_id, today).await?;
    let trend_rows = db::search::monthly_trend(&mut tx, tenant_id, since).await?;
    let (open_quotes, open_referrals) = db::search::open_counts(&mut tx, tenant_id).await?;
    tx.commit().await?;
    let mut status_distribution = serde_json::Map::new();
    let mut product_mix = serde_json::Map::new();
    let mut total = 0;
    for (status, product, count) in &counts {
        total += count;
        let add = |map: &mut serde_json::Map<String, serde_json::Value>, key: &str| {
            let current = map
                .get(key)
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0);
            map.insert(key.to_owned(), json!(current + count));
        };
        add(&mut status_distribution, status);
        add(&mut product_mix, product);
    }
    let in_force = status_distribution
        .get("Inforced")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    let trend = (0..6)
        .map(|i| {
            let month = add_months(since_day, i);
            let key = format!("{:04}-{:02}", month.year(), u8::from(month.month()));
            let row = trend_rows.iter().find(|r| r.0 == key);
            TrendPoint {
                new_policies: row.map_or(0, |r| r.1),
                written_premium: row.and_then(|r| r.2.to_f64()).unwrap_or(0.0),
                new_quotes: row.map_or(0, |r| r.3),
                month: key,
            }
        })
        .collect();
    Ok(DashboardSummary {
        total_policies: total,
        in_force_policies: in_force,
        open_quotes,
        open_referrals,
        customers: 0,
        status_distribution,
        product_mix,
        trend,
    })
}

fn filter(search: &PolicySearch, paging: &PageQuery, today: Date) -> Result<PolicyFilter> {
    let mut fields = FieldErrors::new();
    let mut date = |name: &str, text: &Option<String>| {
        let parsed = text
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(parse_date);
        if parsed == Some(None) {
            fields.add(name, "must be a date (YYYY-MM-DD)");
        }
        parsed.flatten()
    };
    let effective_from = date("effectiveFrom", &search.effective_from);
    let effective_to = date("effectiveTo", &search.effective_to);
    let sort_column = match search.sort_by.as_deref().unwrap_or("createdAt") {
        "effectiveDate" => "term_effective_date",
        "expirationDate" => "term_expiration_date",
        "policyNumber" => "policy_number",
        "productCode" => "product_code",
        "status" => "status",
        "createdAt" => "created_at",
        "updatedAt" => "updated_at",
        "updatedBy" => "updated_by",
        _ => {
            fields.add(
                "sortBy",
                "must be effectiveDate, expirationDate, policyNumber, productCode, status, createdAt, updatedAt or updatedBy",
            );
            "created_at"
        }
    };
    fields.into_result()?;
    Ok(PolicyFilter {
        q: search
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        products: search
            .product
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect(),
        // Unknown status values are ignored, as the reference does.
        status: search.status.as_deref().and_then(StatusFilter::parse),
        effective_from,
        effective_to,
        today,
        sort_column,
        descending: !search
            .sort_dir
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("asc")),
        limit: i64::from(paging.page_size()),
        offset: i64::try_from(paging.offset()).unwrap_or(0),
    })
}

fn item(r: PolicyListRow, today: Date) -> PolicyListItem {
    PolicyListItem {
        status: derive_workflow_status(
            &r.status,
            r.term_effective_date,
            r.term_expiration_date,
            today,
        ),
        policy_id: r.policy_id,
        policy_number: r.policy_number,
        product_code: r.product_code,
        internal_status: r.status,
        term: Term {
            effective_date: r.term_effective_date.to_string(),
            expiration_date: r.term_expiration_date.to_string(),
        },
        term_count: r.term_count,
        insured_name: r.insured_name,
        state: r.state,
        agent_name: r.agent_name,
        annual_premium: Money {
            amount: r.premium_total,
            currency: r.currency,
        },
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
        updated_by: r.updated_by,
    }
}
