//! The route table: every route of the API, written once. The router is built from it and
//! [`routes`] lists it, so tests and tools (the authorization matrix, the OpenAPI check)
//! cover exactly what is served.

use axum::Router;

use super::{
    admin, auth, health, lifecycle, me, openapi, policies, portal, products, quotes, rating,
    reference, referrals,
};
use crate::state::AppState;

/// Declares a table: `method "path" => handler;` lines become a router function and a
/// constant listing `(METHOD, path)`.
macro_rules! route_table {
    ($(#[$doc:meta])* $list:ident, $build:ident { $($method:ident $path:literal => $handler:path;)* }) => {
        $(#[$doc])*
        pub const $list: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        pub(super) fn $build() -> Router<AppState> {
            Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}

route_table! {
    /// Routes at the root: the ones open without a token, and the API description.
    PUBLIC, public {
        get "/health" => health::health;
        post "/auth/login" => auth::login;
        post "/auth/mfa/verify" => auth::mfa_verify;
        post "/auth/mfa/setup/confirm" => auth::mfa_setup_confirm;
        get "/openapi.json" => openapi::openapi_json;
    }
}

route_table! {
    /// Routes under [`API_PREFIX`], every one behind a token.
    API, api {
        get "/me" => me::get_me;
        get "/products" => products::list_products;
        get "/products/{code}/config" => products::get_config;
        get "/products/{code}/form" => products::get_form;
        get "/products/{code}/field-meta" => products::get_field_meta;
        post "/rating/preview" => rating::preview;
        get "/quotes" => quotes::list_quotes;
        post "/quotes" => quotes::rate_quote;
        get "/quotes/export" => quotes::export_quotes;
        post "/quotes/draft" => quotes::create_draft;
        get "/quotes/{id}" => quotes::get_quote;
        patch "/quotes/{id}/draft" => quotes::update_draft;
        post "/quotes/{id}/copy" => quotes::copy_quote;
        post "/quotes/{id}/bind" => quotes::bind_quote;
        get "/policies" => policies::list_policies;
        get "/policies/export" => policies::export_policies;
        get "/policies/{id}" => policies::get_policy;
        get "/policies/{id}/full" => policies::get_full;
        get "/policies/{id}/versions" => policies::list_versions;
        get "/policies/{id}/versions/{vid}/details" => policies::version_details;
        get "/policies/{id}/versions/{vid}/rating-worksheet" => policies::rating_worksheet;
        get "/policies/{id}/timeline" => policies::timeline;
        post "/policies/{id}/issue" => policies::issue;
        get "/policies/{id}/state" => lifecycle::state;
        get "/policies/{id}/notifications" => lifecycle::notifications;
        get "/policies/{id}/documents" => lifecycle::documents;
        get "/policies/{id}/documents/{doc}/content" => lifecycle::document_content;
        post "/policies/{id}/endorse" => lifecycle::endorse;
        post "/policies/{id}/endorse/preview" => lifecycle::endorse_preview;
        post "/policies/{id}/endorse/reserve-number" => lifecycle::reserve_endorse_number;
        post "/policies/{id}/transactions/reserve-number" => lifecycle::reserve_number;
        post "/policies/{id}/cancel" => lifecycle::cancel;
        post "/policies/{id}/reinstate" => lifecycle::reinstate;
        post "/policies/{id}/renew" => lifecycle::renew;
        post "/policies/{id}/renew/preview" => lifecycle::renew_preview;
        post "/policies/{id}/rewrite" => lifecycle::rewrite;
        post "/policies/{id}/non-renew" => lifecycle::non_renew;
        get "/dashboard/summary" => policies::dashboard;
        get "/customer-portal/summary" => portal::summary;
        get "/customer-portal/policies/{id}" => portal::policy;
        get "/customer-portal/policies/{id}/documents" => portal::documents;
        get "/customer-portal/policies/{id}/documents/{doc}/content" => portal::document_content;
        get "/uw/referrals" => referrals::list;
        get "/uw/referrals/{id}" => referrals::get;
        patch "/uw/referrals/{id}/assign" => referrals::assign;
        post "/uw/referrals/{id}/comments" => referrals::comment;
        patch "/uw/referrals/{id}/decide" => referrals::decide;
        patch "/uw/referrals/{id}/approve" => referrals::approve;
        patch "/uw/referrals/{id}/decline" => referrals::decline;
        get "/reference/cancellation-reason-codes" => reference::cancellation_reasons;
        get "/reference/state-eligibility" => reference::state_eligibility;
        get "/underwriting-companies" => reference::companies;
        get "/tenant/preferences" => reference::preferences;
        // Administration: every one of these first requires `menu.admin.view`.
        get "/admin/users" => admin::users::list_users;
        post "/admin/users" => admin::users::create_user;
        patch "/admin/users/{id}" => admin::users::update_user;
        delete "/admin/users/{id}" => admin::users::delete_user;
        post "/admin/users/{id}/mfa/reset" => admin::users::reset_mfa;
        post "/admin/customers" => admin::customers::create;
        get "/admin/customers/search" => admin::customers::search;
        post "/admin/customers/policy-links/assign" => admin::customers::assign_policy;
        get "/admin/customers/{id}" => admin::customers::get;
        patch "/admin/customers/{id}" => admin::customers::update;
        post "/admin/customers/{id}/reveal" => admin::customers::reveal;
        get "/admin/customers/{id}/audit" => admin::customers::audit;
        get "/admin/customers/{id}/policies" => admin::customers::policies;
        get "/admin/outbox" => admin::outbox::list;
        post "/admin/outbox/{id}/retry" => admin::outbox::retry;
        get "/admin/notification-templates" => admin::outbox::templates;
        put "/admin/notification-templates" => admin::outbox::put_template;
        get "/admin/security/permissions" => admin::security::list_permissions;
        get "/admin/security/events" => admin::security::list_events;
        get "/admin/security/roles" => admin::security::list_roles;
        get "/admin/tenant" => reference::tenant_settings;
        patch "/admin/tenant" => reference::update_tenant_settings;
        get "/admin/underwriting-companies" => reference::admin_companies;
        post "/admin/underwriting-companies" => reference::create_company;
        patch "/admin/underwriting-companies/{id}" => reference::update_company;
        delete "/admin/underwriting-companies/{id}" => reference::delete_company;
        post "/admin/compliance/eligibility" => reference::set_eligibility;
    }
}

/// Where the [`API`] routes are mounted.
pub const API_PREFIX: &str = "/api/v1";

/// Every route the server answers, as `(METHOD, full path)` in axum's `{param}` syntax.
pub fn routes() -> Vec<(String, String)> {
    let public = PUBLIC.iter().map(|(m, p)| (*m, (*p).to_owned()));
    let api = API.iter().map(|(m, p)| (*m, format!("{API_PREFIX}{p}")));
    public
        .chain(api)
        .map(|(m, p)| (m.to_ascii_uppercase(), p))
        .collect()
}
