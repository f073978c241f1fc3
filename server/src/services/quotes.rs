//! Quotes: drafts that autosave, rating (with state eligibility), reading, copying,
//! listing and CSV export.

use lattice_shared::api::Page;
use lattice_shared::api::page::PageQuery;
use lattice_shared::api::quotes::{
    DraftRequest, HistoryEntry, QuoteListItem, QuoteSearch, QuoteView,
};
use lattice_shared::policy::numbering::quote_number;
use lattice_shared::rating::rate;
use lattice_shared::underwriting::underwrite;
use serde_json::{Value, json};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::rating::normalize;
use super::{csv_line, rfc3339};
use crate::auth::AuthUser;
use crate::db::quotes::{QuoteFilter, QuoteRow};
use crate::db::{self, Tx};
use crate::error::{Error, FieldErrors, Result};
use crate::state::App;

/// The step a rated quote is at.
const RATED_STEP: i32 = 5;
/// How many quote numbers to try before giving up on a (very unlikely) collision.
const NUMBER_ATTEMPTS: usize = 5;

/// Creates a draft quote (status `Draft` unless another non-reserved status is given).
pub async fn create_draft(app: &App, user: &AuthUser, request: DraftRequest) -> Result<QuoteView> {
    let now = OffsetDateTime::now_utc();
    let mut quote = QuoteRow {
        quote_id: Uuid::new_v4(),
        tenant_id: user.tenant_id.clone(),
        quote_number: String::new(),
        product_code: String::new(),
        effective_date: None,
        term_months: None,
        state: None,
        payload: json!({}),
        underwriting: None,
        premium: None,
        status: "Draft".into(),
        progress_step: 1,
        rated_at: None,
        converted_policy_id: None,
        status_history: json!([]),
        step_history: json!([]),
        created_at: now,
        created_by: user.username.clone(),
        updated_at: now,
        updated_by: user.username.clone(),
    };
    apply_draft(app, &mut quote, request, &user.username, now)?;
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    insert_numbered(&mut tx, &mut quote, now.date()).await?;
    let view = view(&mut tx, quote).await?;
    tx.commit().await?;
    Ok(view)
}

/// Updates a draft: fields given replace the stored ones, a non-empty payload replaces
/// the stored payload. Changing a rated quote's payload makes it a draft again.
pub async fn update_draft(
    app: &App,
    user: &AuthUser,
    quote_id: Uuid,
    request: DraftRequest,
) -> Result<QuoteView> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let mut quote = db::quotes::lock_quote(&mut tx, &user.tenant_id, quote_id)
        .await?
        .ok_or_else(|| quote_not_found(quote_id))?;
    refuse_converted(&quote)?;
    let changes_payload = request
        .payload
        .as_ref()
        .is_some_and(|p| p.as_object().is_some_and(|o| !o.is_empty()));
    if changes_payload && quote.status == "Rated" && request.status.is_none() {
        quote.status = "Draft".into();
        quote.premium = None;
        quote.underwriting = None;
        quote.rated_at = None;
        upsert_history(
            &mut quote.status_history,
            json!("Draft"),
            now,
            &user.username,
        );
    }
    apply_draft(app, &mut quote, request, &user.username, now)?;
    quote.updated_at = db::quotes::update_quote(&mut tx, &quote).await?;
    let view = view(&mut tx, quote).await?;
    tx.commit().await?;
    Ok(view)
}

fn apply_draft(
    app: &App,
    quote: &mut QuoteRow,
    r: DraftRequest,
    by: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let mut fields = FieldErrors::new();
    if r.progress_step
        .is_some_and(|step| !(0..=20).contains(&step))
    {
        fields.add("progressStep", "must be between 0 and 20");
    }
    if r.status
        .as_deref()
        .is_some_and(|s| matches!(s.trim(), "Rated" | "Converted" | ""))
    {
        fields.add(
            "status",
            "Rated and Converted are set by rating and binding",
        );
    }
    let payload = r
        .payload
        .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()));
    let from_payload = |key: &str| payload.as_ref().and_then(|p| p.get(key)).cloned();
    let product = r
        .product_code
        .or_else(|| from_payload("productCode").and_then(|v| v.as_str().map(str::to_owned)));
    if let Some(code) = product
        .as_deref()
        .filter(|c| app.catalog.product(&quote.tenant_id, c).is_none())
    {
        fields.add("productCode", format!("unknown product {code}"));
    }
    let effective = r
        .effective_date
        .or_else(|| from_payload("effectiveDate").and_then(|v| v.as_str().map(str::to_owned)));
    let effective = match effective.as_deref().map(parse_date) {
        Some(None) => {
            fields.add("effectiveDate", "must be a date (YYYY-MM-DD)");
            None
        }
        Some(date) => date,
        None => None,
    };
    let term = r.term_months.or_else(|| {
        from_payload("termMonths")
            .and_then(|v| v.as_i64())
            .and_then(|t| i32::try_from(t).ok())
    });
    if term.is_some_and(|t| t <= 0) {
        fields.add("termMonths", "must be a positive number of months");
    }
    let state = r
        .state
        .or_else(|| from_payload("state").and_then(|v| v.as_str().map(str::to_owned)));
    fields.into_result()?;

    if let Some(code) = product {
        quote.product_code = code;
    }
    if quote.product_code.is_empty() {
        return Err(FieldErrors::single(
            "productCode",
            "is required to start a quote",
        ));
    }
    quote.effective_date = effective.or(quote.effective_date);
    quote.term_months = term.or(quote.term_months);
    quote.state = state
        .map(|s| s.trim().to_uppercase())
        .or(quote.state.take());
    if let Some(payload) = payload {
        quote.payload = payload;
    }
    if let Some(status) = r.status {
        quote.status = status.trim().to_owned();
        upsert_history(&mut quote.status_history, json!(quote.status), now, by);
    } else if quote.status_history.as_array().is_none_or(Vec::is_empty) {
        upsert_history(&mut quote.status_history, json!(quote.status), now, by);
    }
    if let Some(step) = r.progress_step {
        quote.progress_step = step.clamp(1, 7);
        upsert_history(&mut quote.step_history, json!(quote.progress_step), now, by);
    }
    quote.updated_by = by.to_owned();
    Ok(())
}

/// Rates a full quote payload: creates a quote, or re-rates `quoteId` when given.
pub async fn rate_quote(app: &App, user: &AuthUser, mut payload: Value) -> Result<QuoteView> {
    let now = OffsetDateTime::now_utc();
    let existing = match payload.as_object_mut().and_then(|o| o.remove("quoteId")) {
        Some(Value::String(id)) => {
            Some(Uuid::parse_str(&id).map_err(|_| quote_not_found_text(&id))?)
        }
        Some(Value::Null) | None => None,
        Some(_) => return Err(FieldErrors::single("quoteId", "must be a quote id")),
    };
    normalize(&mut payload, now.date());
    app.contract.check(&payload)?;
    let code = payload["productCode"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let product = app
        .catalog
        .product(&user.tenant_id, &code)
        .ok_or_else(|| Error::not_found("PRODUCT_NOT_FOUND", format!("No product {code}")))?;
    let state = payload
        .get("state")
        .and_then(Value::as_str)
        .map(|s| s.trim().to_uppercase());

    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    if let Some(state) = &state {
        check_eligibility(&mut tx, &user.tenant_id, &code, state).await?;
    }
    let premium = rate(&product, &payload).map_err(|e| {
        Error::api(
            422,
            "RATING_FAILED",
            format!("The quote cannot be rated: {e}"),
        )
    })?;
    let underwriting = underwrite(&product, &payload);
    let mut quote = match existing {
        Some(id) => {
            let quote = db::quotes::lock_quote(&mut tx, &user.tenant_id, id)
                .await?
                .ok_or_else(|| quote_not_found(id))?;
            refuse_converted(&quote)?;
            quote
        }
        None => QuoteRow {
            quote_id: Uuid::new_v4(),
            tenant_id: user.tenant_id.clone(),
            quote_number: String::new(),
            product_code: code.clone(),
            effective_date: None,
            term_months: None,
            state: None,
            payload: json!({}),
            underwriting: None,
            premium: None,
            status: String::new(),
            progress_step: 1,
            rated_at: None,
            converted_policy_id: None,
            status_history: json!([]),
            step_history: json!([]),
            created_at: now,
            created_by: user.username.clone(),
            updated_at: now,
            updated_by: user.username.clone(),
        },
    };
    quote.product_code = code;
    quote.effective_date = payload
        .get("effectiveDate")
        .and_then(Value::as_str)
        .and_then(parse_date);
    quote.term_months = payload
        .get("termMonths")
        .and_then(Value::as_i64)
        .and_then(|t| i32::try_from(t).ok());
    quote.state = state;
    quote.payload = payload;
    quote.premium = Some(serde_json::to_value(&premium).map_err(anyhow::Error::from)?);
    quote.underwriting = Some(serde_json::to_value(&underwriting).map_err(anyhow::Error::from)?);
    quote.status = "Rated".into();
    quote.progress_step = RATED_STEP;
    quote.rated_at = Some(now);
    quote.updated_by = user.username.clone();
    upsert_history(
        &mut quote.status_history,
        json!("Rated"),
        now,
        &user.username,
    );
    upsert_history(
        &mut quote.step_history,
        json!(RATED_STEP),
        now,
        &user.username,
    );
    if existing.is_some() {
        quote.updated_at = db::quotes::update_quote(&mut tx, &quote).await?;
    } else {
        insert_numbered(&mut tx, &mut quote, now.date()).await?;
    }
    let view = view(&mut tx, quote).await?;
    tx.commit().await?;
    Ok(view)
}

/// 400 `STATE_NOT_ELIGIBLE` unless the product is ACTIVE in the state for this tenant.
async fn check_eligibility(tx: &mut Tx, tenant_id: &str, product: &str, state: &str) -> Result<()> {
    let message = match db::reference::find_eligibility(tx, tenant_id, product, state)
        .await?
        .as_deref()
    {
        Some("ACTIVE") => return Ok(()),
        None => format!(
            "Product '{product}' is not configured for state '{state}'. Contact your underwriting team."
        ),
        Some("SUSPENDED") => format!("Writing of '{product}' in '{state}' is currently suspended."),
        Some("CLOSED") => format!("'{product}' is closed to new business in '{state}'."),
        Some("FILING_PENDING") => {
            format!("Rate/form filing for '{product}' in '{state}' is pending approval.")
        }
        Some(other) => format!("'{product}' is not available in '{state}' ({other})."),
    };
    Err(Error::bad_request("STATE_NOT_ELIGIBLE", message))
}

pub async fn get_quote(app: &App, tenant_id: &str, quote_id: Uuid) -> Result<QuoteView> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let quote = db::quotes::find_quote(&mut tx, tenant_id, quote_id)
        .await?
        .ok_or_else(|| quote_not_found(quote_id))?;
    let view = view(&mut tx, quote).await?;
    tx.commit().await?;
    Ok(view)
}

/// A new draft at step 1 with the same product, dates, state and payload.
pub async fn copy_quote(app: &App, user: &AuthUser, quote_id: Uuid) -> Result<QuoteView> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db::begin_tenant(&app.db, &user.tenant_id).await?;
    let source = db::quotes::find_quote(&mut tx, &user.tenant_id, quote_id)
        .await?
        .ok_or_else(|| quote_not_found(quote_id))?;
    let mut copy = QuoteRow {
        quote_id: Uuid::new_v4(),
        quote_number: String::new(),
        underwriting: None,
        premium: None,
        status: "Draft".into(),
        progress_step: 1,
        rated_at: None,
        converted_policy_id: None,
        status_history: json!([]),
        step_history: json!([]),
        created_at: now,
        created_by: user.username.clone(),
        updated_at: now,
        updated_by: user.username.clone(),
        ..source
    };
    upsert_history(
        &mut copy.status_history,
        json!("Draft"),
        now,
        &user.username,
    );
    upsert_history(&mut copy.step_history, json!(1), now, &user.username);
    insert_numbered(&mut tx, &mut copy, now.date()).await?;
    let view = view(&mut tx, copy).await?;
    tx.commit().await?;
    Ok(view)
}

/// Open quotes (not converted) matching the filters, a page at a time.
pub async fn search(
    app: &App,
    tenant_id: &str,
    search: &QuoteSearch,
) -> Result<Page<QuoteListItem>> {
    let paging = PageQuery {
        page: search.page,
        page_size: search.page_size,
    };
    let filter = filter(search, &paging)?;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, total) = db::quotes::search_quotes(&mut tx, tenant_id, &filter).await?;
    tx.commit().await?;
    Ok(Page {
        items: rows.into_iter().map(list_item).collect(),
        page: paging.page(),
        page_size: paging.page_size(),
        total: u64::try_from(total).unwrap_or(0),
    })
}

/// The same list as CSV (every match, up to 50,000 rows).
pub async fn export_csv(app: &App, tenant_id: &str, search: &QuoteSearch) -> Result<String> {
    let mut filter = filter(search, &PageQuery::default())?;
    filter.limit = 50_000;
    filter.offset = 0;
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let (rows, _) = db::quotes::search_quotes(&mut tx, tenant_id, &filter).await?;
    tx.commit().await?;
    let mut out = String::from(
        "quoteId,quoteNumber,productCode,effectiveDate,status,progressStep,totalPremium,updatedAt,updatedBy\n",
    );
    for row in rows.into_iter().map(list_item) {
        out.push_str(&csv_line(&[
            row.quote_id.to_string(),
            row.quote_number,
            row.product_code,
            row.effective_date.unwrap_or_default(),
            row.status,
            row.progress_step.to_string(),
            row.total_premium
                .map(|t| format!("{t:.2}"))
                .unwrap_or_default(),
            row.updated_at,
            row.updated_by,
        ]));
    }
    Ok(out)
}

fn filter(search: &QuoteSearch, paging: &PageQuery) -> Result<QuoteFilter> {
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
    let sort_column = match search.sort_by.as_deref().unwrap_or("updatedAt") {
        "effectiveDate" => "effective_date",
        "quoteNumber" => "quote_number",
        "updatedAt" => "updated_at",
        "productCode" => "product_code",
        "status" => "status",
        _ => {
            fields.add(
                "sortBy",
                "must be effectiveDate, quoteNumber, updatedAt, productCode or status",
            );
            "updated_at"
        }
    };
    fields.into_result()?;
    Ok(QuoteFilter {
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
        status: search
            .status
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        effective_from,
        effective_to,
        sort_column,
        descending: !search
            .sort_dir
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("asc")),
        limit: i64::from(paging.page_size()),
        offset: i64::try_from(paging.offset()).unwrap_or(0),
    })
}

fn list_item(r: db::quotes::QuoteListRow) -> QuoteListItem {
    QuoteListItem {
        quote_id: r.quote_id,
        quote_number: r.quote_number,
        product_code: r.product_code,
        effective_date: r.effective_date.map(|d| d.to_string()),
        status: r.status,
        progress_step: r.progress_step,
        total_premium: r.total_premium,
        updated_at: rfc3339(r.updated_at),
        updated_by: r.updated_by,
    }
}

/// Inserts `quote` under a fresh quote number, retrying on the rare collision.
async fn insert_numbered(tx: &mut Tx, quote: &mut QuoteRow, today: Date) -> Result<()> {
    for _ in 0..NUMBER_ATTEMPTS {
        quote.quote_number = quote_number(today, &rand::random::<[u8; 4]>());
        let mut savepoint = sqlx::Connection::begin(&mut **tx).await?;
        match db::quotes::insert_quote(&mut savepoint, quote).await {
            Ok(()) => {
                savepoint.commit().await?;
                return Ok(());
            }
            Err(sqlx::Error::Database(e)) if e.constraint() == Some("quote_number_key") => {
                savepoint.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(anyhow::anyhow!("no free quote number after {NUMBER_ATTEMPTS} attempts").into())
}

/// The API view, with the expiry computed from the tenant's quote validity.
pub(super) async fn view(tx: &mut Tx, q: QuoteRow) -> Result<QuoteView> {
    let validity = db::tenants::find_settings(tx, &q.tenant_id)
        .await?
        .map_or(60, |s| s.quote_validity_days);
    Ok(QuoteView {
        expires_at: q
            .rated_at
            .map(|r| rfc3339(r + Duration::days(i64::from(validity)))),
        quote_id: q.quote_id,
        quote_number: q.quote_number,
        product_code: q.product_code,
        effective_date: q.effective_date.map(|d| d.to_string()),
        term_months: q.term_months,
        state: q.state,
        payload: q.payload,
        underwriting: q.underwriting.and_then(|u| serde_json::from_value(u).ok()),
        premium: q.premium.and_then(|p| serde_json::from_value(p).ok()),
        status: q.status,
        progress_step: q.progress_step,
        rated_at: q.rated_at.map(rfc3339),
        converted_policy_id: q.converted_policy_id,
        status_history: serde_json::from_value(q.status_history).unwrap_or_default(),
        step_history: serde_json::from_value(q.step_history).unwrap_or_default(),
        created_at: rfc3339(q.created_at),
        updated_at: rfc3339(q.updated_at),
        updated_by: q.updated_by,
    })
}

/// Records `value` in a history: an entry with the same value is replaced in place.
pub(super) fn upsert_history(history: &mut Value, value: Value, at: OffsetDateTime, by: &str) {
    let entry = HistoryEntry {
        value,
        updated_at: rfc3339(at),
        updated_by: by.to_owned(),
    };
    let entry = serde_json::to_value(&entry).unwrap_or_default();
    if !history.is_array() {
        *history = json!([]);
    }
    if let Some(items) = history.as_array_mut() {
        match items
            .iter_mut()
            .find(|e| e.get("value") == entry.get("value"))
        {
            Some(existing) => *existing = entry,
            None => items.push(entry),
        }
    }
}

pub(super) fn refuse_converted(quote: &QuoteRow) -> Result<()> {
    if quote.status == "Converted" {
        let policy = quote
            .converted_policy_id
            .map(|p| p.to_string())
            .unwrap_or_default();
        return Err(Error::conflict(
            "QUOTE_CONVERTED",
            format!(
                "Quote {} was already bound to policy {policy}",
                quote.quote_number
            ),
        )
        .with_details(json!({"policyId": quote.converted_policy_id})));
    }
    Ok(())
}

pub(super) fn quote_not_found(id: Uuid) -> Error {
    quote_not_found_text(&id.to_string())
}

fn quote_not_found_text(id: &str) -> Error {
    Error::not_found("QUOTE_NOT_FOUND", format!("Quote {id} not found"))
}

/// A `YYYY-MM-DD` date (a timestamp keeps its date part).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let day = text.get(..10).unwrap_or(text);
    Date::parse(day, &time::format_description::well_known::Iso8601::DATE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_entered_history_values_replace_their_entry() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let mut history = json!([]);
        upsert_history(&mut history, json!("Draft"), t, "a");
        upsert_history(&mut history, json!("Rated"), t, "a");
        upsert_history(&mut history, json!("Draft"), t + Duration::hours(1), "b");
        let values: Vec<_> = history
            .as_array()
            .expect("array")
            .iter()
            .map(|e| e["value"].clone())
            .collect();
        assert_eq!(values, [json!("Draft"), json!("Rated")]);
        assert_eq!(history[0]["updatedBy"], "b");
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(crate::db::quotes::escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
