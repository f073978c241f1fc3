//! Use cases. Each owns its transaction; none knows about HTTP.

pub mod auth;
pub mod bind;
pub mod customers;
pub mod demo;
pub mod demo_book;
pub mod documents;
pub mod events;
pub mod lifecycle;
pub mod notifications;
pub mod outbox_admin;
pub mod policies;
pub mod portal;
pub mod quote_contract;
pub mod quotes;
pub mod rating;
pub mod reference;
pub mod referrals;
pub mod search;
pub mod security;
pub mod tenants;
pub mod users;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::db::idempotency::HeldKey;

/// `{amount, currency}` with the amount as a JSON number.
pub fn money_json(amount: rust_decimal::Decimal, currency: &str) -> serde_json::Value {
    serde_json::json!({"amount": lattice_shared::expr::decimal_json(amount), "currency": currency})
}

/// Stores `answer` as the reply to replay for the request's Idempotency-Key, inside the
/// write's own transaction (see [`HeldKey`]); without a key, does nothing. Every write
/// answers 201 Created here.
pub async fn store_answer<T: serde::Serialize>(
    tx: &mut crate::db::Tx,
    held: Option<&HeldKey>,
    answer: &T,
) -> crate::error::Result<()> {
    if let Some(held) = held {
        let body = serde_json::to_vec(answer).map_err(anyhow::Error::from)?;
        held.complete_with(tx, 201, &body).await?;
    }
    Ok(())
}

/// An RFC 3339 UTC timestamp.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// One CSV record: fields quoted when they hold a comma, quote or line break; a leading
/// `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it as a formula.
pub fn csv_line(fields: &[String]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '@'])
                || (f.starts_with('-') && f.parse::<f64>().is_err())
            {
                format!("'{f}")
            } else {
                f.clone()
            };
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    format!("{}\n", cells.join(","))
}
