//! The authorization matrix: every route the router serves (`routes::table::routes()`),
//! called by every kind of caller, answers as its access rule says. The rules below must
//! name exactly the served routes, so a new route cannot ship without a decision.
//!
//! Callers: anonymous; customer B (a portal user) aiming at customer A's policy; the
//! tenant's agent and underwriter; the admin of another tenant aiming at this tenant's
//! objects; and, last, this tenant's admin as the positive control.

use std::collections::BTreeMap;

use lattice_server::routes::table::routes;
use lattice_shared::rbac::ADMIN_ROLE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, auto_quote};
use crate::portal::world;

/// Who may call a route.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// No token needed.
    Open,
    /// Any signed-in user of the tenant, customers included.
    AnyUser,
    /// Admins (of their own tenant) only.
    Admin,
    /// Callers holding, for each group, at least one of its permissions.
    Perms(&'static [&'static [&'static str]]),
    /// Portal users: accounts linked to a customer.
    Portal,
}

const WIZARD: &[&str] = &["page.wizard.view"];
const VIEW: &[&str] = &["page.policy.view"];
const SEARCH: &[&str] = &["page.search.view", "page.policy.view"];
const QUOTE_READ: &[&str] = &["page.wizard.view", "page.search.view", "page.policy.view"];
const STAFF: &[&str] = &["page.wizard.view", "page.policy.view"];
const DOCUMENTS: &[&str] = &["page.policy.view", "customer.portal.read"];
const REFERRALS: &[&str] = &["uw.referrals.read"];
const DECIDE: &[&str] = &["uw.referrals.decide"];
const ADMIN_MENU: &[&str] = &["menu.admin.view"];
const CUSTOMERS: &[&str] = &["admin.customers.read"];
const CUSTOMERS_MANAGE: &[&str] = &["admin.customers.manage"];
const CONTACT: &[&str] = &["admin.customers.manage", "admin.customers.contact.manage"];
const PII: &[&str] = &["admin.customers.pii_reveal"];

/// The access rule of every route, by `METHOD path` as the table writes it.
fn rules() -> BTreeMap<&'static str, Access> {
    use Access::{Admin, AnyUser, Open, Perms, Portal};
    let admin_customers: Access = Perms(&[ADMIN_MENU, CUSTOMERS]);
    [
        ("GET /health", Open),
        ("POST /auth/login", Open),
        ("POST /auth/mfa/verify", Open),
        ("POST /auth/mfa/setup/confirm", Open),
        ("GET /openapi.json", Admin),
        ("GET /api/v1/me", AnyUser),
        ("GET /api/v1/products", AnyUser),
        ("GET /api/v1/products/{code}/config", AnyUser),
        ("GET /api/v1/products/{code}/form", AnyUser),
        ("GET /api/v1/products/{code}/field-meta", AnyUser),
        ("POST /api/v1/rating/preview", Perms(&[WIZARD])),
        ("GET /api/v1/quotes", Perms(&[QUOTE_READ])),
        ("POST /api/v1/quotes", Perms(&[WIZARD])),
        ("GET /api/v1/quotes/export", Perms(&[QUOTE_READ])),
        ("POST /api/v1/quotes/draft", Perms(&[WIZARD])),
        ("GET /api/v1/quotes/{id}", Perms(&[QUOTE_READ])),
        ("PATCH /api/v1/quotes/{id}/draft", Perms(&[WIZARD])),
        ("POST /api/v1/quotes/{id}/copy", Perms(&[WIZARD])),
        ("POST /api/v1/quotes/{id}/bind", Perms(&[WIZARD])),
        ("GET /api/v1/policies", Perms(&[SEARCH])),
        ("GET /api/v1/policies/export", Perms(&[SEARCH])),
        ("GET /api/v1/policies/{id}", Perms(&[VIEW])),
        ("GET /api/v1/policies/{id}/full", Perms(&[VIEW])),
        ("GET /api/v1/policies/{id}/versions", Perms(&[VIEW])),
        (
            "GET /api/v1/policies/{id}/versions/{vid}/details",
            Perms(&[VIEW]),
        ),
        (
            "GET /api/v1/policies/{id}/versions/{vid}/rating-worksheet",
            Perms(&[VIEW]),
        ),
        ("GET /api/v1/policies/{id}/timeline", Perms(&[VIEW])),
        ("POST /api/v1/policies/{id}/issue", Perms(&[STAFF])),
        ("GET /api/v1/policies/{id}/state", Perms(&[VIEW])),
        ("GET /api/v1/policies/{id}/notifications", Perms(&[VIEW])),
        ("GET /api/v1/policies/{id}/documents", Perms(&[DOCUMENTS])),
        (
            "GET /api/v1/policies/{id}/documents/{doc}/content",
            Perms(&[DOCUMENTS]),
        ),
        ("POST /api/v1/policies/{id}/endorse", Perms(&[WIZARD])),
        (
            "POST /api/v1/policies/{id}/endorse/preview",
            Perms(&[WIZARD]),
        ),
        (
            "POST /api/v1/policies/{id}/endorse/reserve-number",
            Perms(&[WIZARD]),
        ),
        (
            "POST /api/v1/policies/{id}/transactions/reserve-number",
            Perms(&[WIZARD]),
        ),
        ("POST /api/v1/policies/{id}/cancel", Perms(&[WIZARD])),
        ("POST /api/v1/policies/{id}/reinstate", Perms(&[WIZARD])),
        ("POST /api/v1/policies/{id}/renew", Perms(&[WIZARD])),
        ("POST /api/v1/policies/{id}/renew/preview", Perms(&[WIZARD])),
        ("POST /api/v1/policies/{id}/rewrite", Perms(&[WIZARD])),
        ("POST /api/v1/policies/{id}/non-renew", Perms(&[WIZARD])),
        ("GET /api/v1/dashboard/summary", Perms(&[SEARCH])),
        ("GET /api/v1/customer-portal/summary", Portal),
        ("GET /api/v1/customer-portal/policies/{id}", Portal),
        (
            "GET /api/v1/customer-portal/policies/{id}/documents",
            Portal,
        ),
        (
            "GET /api/v1/customer-portal/policies/{id}/documents/{doc}/content",
            Portal,
        ),
        ("GET /api/v1/uw/referrals", Perms(&[REFERRALS])),
        ("GET /api/v1/uw/referrals/{id}", Perms(&[REFERRALS])),
        ("PATCH /api/v1/uw/referrals/{id}/assign", Perms(&[DECIDE])),
        (
            "POST /api/v1/uw/referrals/{id}/comments",
            Perms(&[REFERRALS]),
        ),
        ("PATCH /api/v1/uw/referrals/{id}/decide", Perms(&[DECIDE])),
        ("PATCH /api/v1/uw/referrals/{id}/approve", Perms(&[DECIDE])),
        ("PATCH /api/v1/uw/referrals/{id}/decline", Perms(&[DECIDE])),
        (
            "GET /api/v1/reference/cancellation-reason-codes",
            Perms(&[STAFF]),
        ),
        ("GET /api/v1/reference/state-eligibility", Perms(&[STAFF])),
        ("GET /api/v1/underwriting-companies", Perms(&[STAFF])),
        ("GET /api/v1/tenant/preferences", AnyUser),
        ("GET /api/v1/admin/users", Perms(&[ADMIN_MENU])),
        ("POST /api/v1/admin/users", Perms(&[ADMIN_MENU])),
        ("PATCH /api/v1/admin/users/{id}", Perms(&[ADMIN_MENU])),
        ("DELETE /api/v1/admin/users/{id}", Perms(&[ADMIN_MENU])),
        (
            "POST /api/v1/admin/users/{id}/mfa/reset",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "POST /api/v1/admin/customers",
            Perms(&[ADMIN_MENU, CUSTOMERS, CUSTOMERS_MANAGE]),
        ),
        ("GET /api/v1/admin/customers/search", admin_customers),
        (
            "POST /api/v1/admin/customers/policy-links/assign",
            Perms(&[ADMIN_MENU, CUSTOMERS, CUSTOMERS_MANAGE]),
        ),
        ("GET /api/v1/admin/customers/{id}", admin_customers),
        (
            "PATCH /api/v1/admin/customers/{id}",
            Perms(&[ADMIN_MENU, CUSTOMERS, CONTACT]),
        ),
        (
            "POST /api/v1/admin/customers/{id}/reveal",
            Perms(&[ADMIN_MENU, CUSTOMERS, PII]),
        ),
        ("GET /api/v1/admin/customers/{id}/audit", admin_customers),
        ("GET /api/v1/admin/customers/{id}/policies", admin_customers),
        ("GET /api/v1/admin/outbox", Perms(&[ADMIN_MENU])),
        ("POST /api/v1/admin/outbox/{id}/retry", Perms(&[ADMIN_MENU])),
        (
            "GET /api/v1/admin/notification-templates",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "PUT /api/v1/admin/notification-templates",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "GET /api/v1/admin/security/permissions",
            Perms(&[ADMIN_MENU]),
        ),
        ("GET /api/v1/admin/security/events", Perms(&[ADMIN_MENU])),
        ("GET /api/v1/admin/security/roles", Perms(&[ADMIN_MENU])),
        ("GET /api/v1/admin/tenant", Perms(&[ADMIN_MENU])),
        ("PATCH /api/v1/admin/tenant", Perms(&[ADMIN_MENU])),
        (
            "GET /api/v1/admin/underwriting-companies",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "POST /api/v1/admin/underwriting-companies",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "PATCH /api/v1/admin/underwriting-companies/{id}",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "DELETE /api/v1/admin/underwriting-companies/{id}",
            Perms(&[ADMIN_MENU]),
        ),
        (
            "POST /api/v1/admin/compliance/eligibility",
            Perms(&[ADMIN_MENU]),
        ),
    ]
    .into_iter()
    .collect()
}

/// One caller: its token, what its session holds, and whether it belongs to the tenant
/// whose objects the paths name.
struct Caller {
    name: &'static str,
    token: Option<String>,
    roles: Vec<String>,
    permissions: Vec<String>,
    home_tenant: bool,
}

impl Caller {
    async fn signed_in(app: &TestApp, name: &'static str, token: &str, home: bool) -> Self {
        let me = app.get_json("/api/v1/me", token).await;
        let strings = |key: &str| -> Vec<String> {
            me[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        Self {
            name,
            token: Some(token.to_owned()),
            roles: strings("roles"),
            permissions: strings("permissions"),
            home_tenant: home,
        }
    }

    fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == ADMIN_ROLE)
    }

    fn has(&self, permission: &str) -> bool {
        self.is_admin() || self.permissions.iter().any(|p| p == permission)
    }

    /// Whether the account acts for a customer (the portal role, not staff).
    fn is_customer(&self) -> bool {
        self.has("customer.portal.read") && !self.is_admin()
    }

    /// Whether the rule lets this caller in at all.
    fn admitted(&self, access: Access) -> bool {
        match access {
            Access::Open => true,
            Access::AnyUser => self.token.is_some(),
            Access::Admin => self.is_admin(),
            Access::Portal => self.is_customer(),
            Access::Perms(groups) => {
                self.token.is_some() && groups.iter().all(|g| g.iter().any(|p| self.has(p)))
            }
        }
    }
}

/// What a call must answer.
#[derive(Debug, PartialEq)]
enum Want {
    Status(StatusCode),
    /// Let in: neither 401 nor 403 nor 404 nor a 5xx; a GET answers 2xx.
    Admitted,
    /// An open route: any answer but a 5xx.
    Answered,
    /// Someone else's object: exactly what the same call about an id that does not exist
    /// answers (so nothing tells the two apart), and never a success.
    AsIfUnknown,
}

/// The ids the paths name, all of the demo tenant (customer A's where it matters).
struct Ids {
    policy: String,
    version: String,
    document: String,
    quote: String,
    referral: String,
    user: String,
    customer: String,
    message: String,
    company: String,
}

impl Ids {
    fn fill(&self, path: &str) -> String {
        let id = if path.contains("/quotes/") {
            &self.quote
        } else if path.contains("/uw/referrals/") {
            &self.referral
        } else if path.contains("/admin/users/") {
            &self.user
        } else if path.contains("/admin/customers/") {
            &self.customer
        } else if path.contains("/admin/outbox/") {
            &self.message
        } else if path.contains("/underwriting-companies/") {
            &self.company
        } else {
            &self.policy
        };
        self.fill_with(path, id)
    }

    /// As [`Ids::fill`] with a fresh id, of no object, in place of `{id}`.
    fn fill_unknown(&self, path: &str) -> String {
        self.fill_with(path, &Uuid::new_v4().to_string())
    }

    fn fill_with(&self, path: &str, id: &str) -> String {
        let query = if path.ends_with("/state-eligibility") {
            "?productCode=personal-auto&stateCode=CA"
        } else {
            ""
        };
        path.replace("{id}", id)
            .replace("{vid}", &self.version)
            .replace("{doc}", &self.document)
            .replace("{code}", "personal-auto")
            + query
    }
}

fn expected(caller: &Caller, path: &str, access: Access) -> Want {
    if caller.token.is_none() {
        return match access {
            Access::Open => Want::Answered,
            _ => Want::Status(StatusCode::UNAUTHORIZED),
        };
    }
    if matches!(access, Access::Open) {
        return Want::Answered;
    }
    if !caller.admitted(access) {
        return Want::Status(StatusCode::FORBIDDEN);
    }
    // Every object the paths name is of the demo tenant, and its policies are customer A's:
    // to another tenant and to customer B they must look like no object at all.
    if path.contains("{id}") && (!caller.home_tenant || caller.is_customer()) {
        return Want::AsIfUnknown;
    }
    Want::Admitted
}

#[sqlx::test(migrations = false)]
async fn every_route_answers_every_caller_as_its_rule_says(pool: PgPool) {
    let w = world(pool.clone()).await;
    let app = &w.app;
    let admin = app.demo_token("admin").await;
    let uw = app.demo_token("uw1").await;
    let ids = ids(&w, &admin, &pool).await;

    let rules = rules();
    let served: Vec<String> = routes().iter().map(|(m, p)| format!("{m} {p}")).collect();
    let unruled: Vec<&String> = served
        .iter()
        .filter(|r| !rules.contains_key(r.as_str()))
        .collect();
    let unserved: Vec<&&str> = rules
        .keys()
        .filter(|r| !served.iter().any(|s| s == *r))
        .collect();
    assert!(
        unruled.is_empty() && unserved.is_empty(),
        "routes without a rule: {unruled:?}; rules for no route: {unserved:?}"
    );
    assert!(served.len() > 80, "the table lists {} routes", served.len());

    let callers = vec![
        Caller {
            name: "anonymous",
            token: None,
            roles: vec![],
            permissions: vec![],
            home_tenant: false,
        },
        Caller::signed_in(app, "customer B", &w.customer_b, true).await,
        Caller::signed_in(app, "other tenant's admin", &w.other_admin, false).await,
        Caller::signed_in(app, "agent", &w.agent, true).await,
        Caller::signed_in(app, "underwriter", &uw, true).await,
        // Last: the positive control, whose writes may change what the others would see.
        Caller::signed_in(app, "admin", &admin, true).await,
    ];
    assert!(callers[1].is_customer() && !callers[3].is_customer());

    let mut failures = Vec::new();
    let mut calls = 0;
    // Deletions last, so each caller's other calls still find their objects.
    let mut ordered = routes();
    ordered.sort_by_key(|(method, _)| method == "DELETE");
    for caller in &callers {
        for (method, path) in ordered.clone() {
            let access = rules[format!("{method} {path}").as_str()];
            let want = expected(caller, &path, access);
            let url = ids.fill(&path);
            let method = Method::from_bytes(method.as_bytes()).expect("method");
            let call = |url: String| {
                let mut request = app.request(method.clone(), &url, caller.token.as_deref());
                if method != Method::GET && method != Method::DELETE {
                    request = request.json(&json!({}));
                }
                async move {
                    let response = request.send().await.expect("request sent");
                    let status = response.status();
                    (status, response.text().await.unwrap_or_default())
                }
            };
            let (status, body) = call(url.clone()).await;
            calls += 1;
            let ok = match &want {
                Want::Status(s) => status == *s,
                Want::Answered => !status.is_server_error(),
                Want::AsIfUnknown => {
                    let (unknown, _) = call(ids.fill_unknown(&path)).await;
                    status == unknown && !status.is_success()
                }
                Want::Admitted => {
                    ![401, 403, 404].contains(&status.as_u16())
                        && !status.is_server_error()
                        && (method != Method::GET || status.is_success())
                }
            };
            if !ok {
                let body: String = body.chars().take(160).collect();
                failures.push(format!(
                    "{method} {url} as {}: {status}, expected {want:?} ({body})",
                    caller.name
                ));
            }
            if status.is_client_error() {
                let envelope: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                if envelope["code"].as_str().is_none() || envelope["traceId"].as_str().is_none() {
                    failures.push(format!(
                        "{method} {url} as {}: {status} without the error envelope",
                        caller.name
                    ));
                }
            }
            // Customer A's policy never shows outside the tenant's staff.
            let may_see_a = caller.home_tenant && !caller.is_customer();
            if !may_see_a
                && (body.contains(&w.number_a)
                    || body.contains(&w.policy_a) && !url.contains(&w.policy_a))
            {
                failures.push(format!(
                    "{method} {url} as {} shows customer A's policy",
                    caller.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {calls} calls answered wrongly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Real objects of the demo tenant for every kind of `{id}`.
async fn ids(w: &crate::portal::World, admin: &str, pool: &PgPool) -> Ids {
    let app = &w.app;
    let policy = w.policy_a.clone();
    let versions = app
        .get_json(&format!("/api/v1/policies/{policy}/versions"), &w.agent)
        .await;
    let version = first_string(&versions, &["versionId", "policyVersionId", "id"]);
    let documents = app
        .get_json(&format!("/api/v1/policies/{policy}/documents"), &w.agent)
        .await;
    // The packet: a rating worksheet written in the same transaction has no file to download,
    // and both share a creation time, so the list's first item could be either.
    let document = documents["documents"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["type"] == "POLICY_PACKET"))
        .and_then(|d| d["documentId"].as_str())
        .unwrap_or_else(|| panic!("a policy packet in {documents}"))
        .to_owned();
    let referred = app.rated_quote(&w.agent, &auto_quote(17)).await;
    let bound: Value = app
        .bind(
            &w.agent,
            referred["quoteId"].as_str().expect("id"),
            &json!({}),
        )
        .await
        .json()
        .await
        .expect("json");
    let referral = bound["details"]["referralId"]
        .as_str()
        .expect("a referral")
        .to_owned();
    let user = app.create_user(admin, "matrix-throwaway", &["agent"]).await["id"]
        .as_str()
        .expect("user id")
        .to_owned();
    let customer = app
        .get_json("/api/v1/customer-portal/summary", &w.customer_a)
        .await["customer"]["customerKey"]
        .as_str()
        .expect("customer key")
        .to_owned();
    let message: String = sqlx::query_scalar(
        "select message_id::text from outbox_message where tenant_id = 'sample-carrier' limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("an outbox message");
    let company: Value = app
        .post_json(
            "/api/v1/admin/underwriting-companies",
            Some(admin),
            &json!({"name": "Matrix Mutual", "productCode": "personal-auto", "country": "us", "state": "ALL"}),
        )
        .await
        .json()
        .await
        .expect("json");
    let company = company["companyId"]
        .as_str()
        .expect("company id")
        .to_owned();
    Ids {
        policy,
        version,
        document,
        quote: w.quote_a.clone(),
        referral,
        user,
        customer,
        message,
        company,
    }
}

/// The first item's id of a list answer (`items` or a bare array), under any of `keys`.
fn first_string(list: &Value, keys: &[&str]) -> String {
    let first = ["items", "documents", "versions"]
        .iter()
        .find_map(|k| list[*k].get(0))
        .or_else(|| list.get(0))
        .unwrap_or_else(|| panic!("an item in {list}"));
    keys.iter()
        .find_map(|k| first[*k].as_str())
        .unwrap_or_else(|| panic!("an id among {keys:?} in {first}"))
        .to_owned()
}
