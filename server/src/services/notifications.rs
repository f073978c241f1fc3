//! Notifications to policyholders: an intent for POLICY_ISSUED, POLICY_CANCELLED and
//! POLICY_NON_RENEWAL, rendered from the tenant's template (or the built-in one) with
//! `{{path}}` merge fields, written in the transaction of the change; a queued intent
//! reaches the webhook through the outbox. Without an email address it is Suppressed.

use lattice_shared::api::notifications::{TemplateRequest, TemplateView};
use serde_json::{Value, json};
use uuid::Uuid;

use super::rfc3339;
use crate::auth::AuthUser;
use crate::db::notifications::{NewIntent, TemplateRow};
use crate::db::policies::PolicyRow;
use crate::db::{self, Tx};
use crate::error::{FieldErrors, Result};
use crate::state::App;

pub const EVENTS: &[&str] = &["POLICY_ISSUED", "POLICY_CANCELLED", "POLICY_NON_RENEWAL"];

/// The built-in subject and body of an event.
fn default_template(event_type: &str) -> (&'static str, &'static str) {
    match event_type {
        "POLICY_CANCELLED" => (
            "Policy {{policyNumber}} cancellation notice",
            "Policy {{policyNumber}} is cancelled effective {{effectiveDate}}. Reason: {{reason}}. Transaction {{transactionNumber}}.",
        ),
        "POLICY_NON_RENEWAL" => (
            "Policy {{policyNumber}} non-renewal notice",
            "Policy {{policyNumber}} will not renew at expiration on {{expirationDate}}. Notice date: {{noticeDate}}. Reason: {{reason}}.",
        ),
        _ => (
            "Policy {{policyNumber}} issued",
            "Policy {{policyNumber}} was issued effective {{effectiveDate}}. Transaction {{transactionNumber}} is complete.",
        ),
    }
}

/// What the notification is about.
pub struct Notification<'a> {
    pub event_type: &'static str,
    pub transaction_id: Option<Uuid>,
    pub transaction_type: &'a str,
    pub transaction_number: &'a str,
    pub effective_date: String,
    pub notice_date: Option<String>,
    pub reason: Option<String>,
    pub premium_impact: Option<Value>,
    /// The payload in force, for the recipient and `{{payload.*}}` fields.
    pub payload: &'a Value,
}

/// Records the notification intent (queued or suppressed) in the caller's transaction.
pub async fn notify(tx: &mut Tx, policy: &PolicyRow, n: Notification<'_>) -> Result<Uuid> {
    let template =
        db::notifications::find_template(tx, &policy.tenant_id, n.event_type, &policy.product_code)
            .await?;
    let (subject, body) = template.as_ref().map_or_else(
        || {
            let (s, b) = default_template(n.event_type);
            (s.to_owned(), b.to_owned())
        },
        |t| (t.subject.clone(), t.body.clone()),
    );
    let (email, name) = recipient(n.payload);
    let context = json!({
        "tenantId": policy.tenant_id,
        "policyId": policy.policy_id,
        "policyNumber": policy.policy_number,
        "productCode": policy.product_code,
        "transactionId": n.transaction_id,
        "transactionType": n.transaction_type,
        "transactionNumber": n.transaction_number,
        "effectiveDate": n.effective_date,
        "expirationDate": policy.term_expiration_date.to_string(),
        "noticeDate": n.notice_date,
        "reason": n.reason,
        "premiumImpact": n.premium_impact,
        "recipient": {"email": email, "name": name},
        "payload": n.payload,
    });
    let subject = render(&subject, &context);
    let body = render(&body, &context);
    let id = db::notifications::insert_intent(
        tx,
        NewIntent {
            tenant_id: &policy.tenant_id,
            event_type: n.event_type,
            policy_id: policy.policy_id,
            transaction_id: n.transaction_id,
            recipient_email: email.as_deref(),
            recipient_name: name.as_deref(),
            subject: &subject,
            body: &body,
            status: if email.is_some() {
                "Queued"
            } else {
                "Suppressed"
            },
            template_id: template.map(|t| t.template_id),
        },
    )
    .await?;
    Ok(id)
}

/// The policyholder's email (lower case; must hold an `@`) and name, from the applicant,
/// the primary named insured or the customer of the payload.
pub fn recipient(payload: &Value) -> (Option<String>, Option<String>) {
    let people = ["/applicant", "/insureds/primary", "/customer", "/contact"];
    let email = people.iter().find_map(|p| {
        payload
            .pointer(p)
            .and_then(|v| v.get("email"))
            .and_then(Value::as_str)
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.contains('@'))
    });
    let name = people.iter().find_map(|p| {
        let person = payload.pointer(p)?;
        let first = person
            .get("firstName")
            .and_then(Value::as_str)
            .unwrap_or("");
        let last = person.get("lastName").and_then(Value::as_str).unwrap_or("");
        let name = format!("{first} {last}").trim().to_owned();
        (!name.is_empty()).then_some(name)
    });
    (email, name)
}

/// Replaces every `{{dotted.path}}` with the value at that path of `context` (text as is,
/// numbers and booleans printed, anything missing or null as nothing).
pub fn render(template: &str, context: &Value) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let path = after[..end].trim();
        let pointer = format!("/{}", path.replace('.', "/"));
        match context.pointer(&pointer) {
            Some(Value::String(s)) => out.push_str(s),
            Some(Value::Number(n)) => out.push_str(&n.to_string()),
            Some(Value::Bool(b)) => out.push_str(&b.to_string()),
            Some(Value::Object(o)) if o.contains_key("amount") => {
                out.push_str(&o["amount"].to_string());
            }
            _ => {}
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn view(t: TemplateRow) -> TemplateView {
    TemplateView {
        template_id: t.template_id,
        event_type: t.event_type,
        channel: t.channel,
        product_code: t.product_code,
        subject: t.subject,
        body: t.body,
        active: t.active,
        updated_at: rfc3339(t.updated_at),
        updated_by: t.updated_by,
    }
}

pub async fn list_templates(app: &App, tenant_id: &str) -> Result<Vec<TemplateView>> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let rows = db::notifications::list_templates(&mut tx, tenant_id).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(view).collect())
}

/// Creates or replaces the tenant's template for an event (and product).
pub async fn put_template(app: &App, actor: &AuthUser, r: TemplateRequest) -> Result<TemplateView> {
    let mut fields = FieldErrors::new();
    let event_type = r.event_type.trim().to_ascii_uppercase();
    if !EVENTS.contains(&event_type.as_str()) {
        fields.add("eventType", format!("must be one of {}", EVENTS.join(", ")));
    }
    if r.subject.trim().is_empty() {
        fields.add("subject", "must not be empty");
    }
    if r.body.trim().is_empty() {
        fields.add("body", "must not be empty");
    }
    fields.into_result()?;
    let mut tx = db::begin_tenant(&app.db, &actor.tenant_id).await?;
    let saved = db::notifications::upsert_template(
        &mut tx,
        &actor.tenant_id,
        &TemplateRow {
            template_id: Uuid::nil(),
            event_type,
            channel: "EMAIL".into(),
            product_code: r
                .product_code
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
            subject: r.subject.trim().to_owned(),
            body: r.body.trim().to_owned(),
            active: r.active.unwrap_or(true),
            updated_at: time::OffsetDateTime::now_utc(),
            updated_by: actor.username.clone(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(saved))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_fields_follow_dotted_paths() {
        let context = json!({"policyNumber": "PC-1", "payload": {"risks": {"0": {"make": "Subaru"}}},
                             "premiumImpact": {"amount": -12.5, "currency": "USD"}, "n": 3});
        assert_eq!(
            render(
                "{{ policyNumber }}: {{payload.risks.0.make}} {{premiumImpact}} {{n}} [{{missing}}] {{open",
                &context
            ),
            "PC-1: Subaru -12.5 3 [] {{open"
        );
    }

    #[test]
    fn the_recipient_comes_from_the_applicant_or_insured() {
        let payload = json!({"applicant": {"firstName": "Ada", "lastName": "Lovelace", "email": " ADA@Example.org "}});
        assert_eq!(
            recipient(&payload),
            (Some("ada@example.org".into()), Some("Ada Lovelace".into()))
        );
        assert_eq!(
            recipient(&json!({"applicant": {"email": "nope"}})),
            (None, None)
        );
    }
}
