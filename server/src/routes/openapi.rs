//! `GET /openapi.json`: the API description generated from the handlers, for admins only.

use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::json::Json;
use super::openapi_complete::Complete;
use super::query::Query;
use super::{
    admin, auth, health, lifecycle, me, policies, portal, products, quotes, rating, reference,
    referrals,
};
use crate::auth::extract::{authenticate, bearer_token, header_tenant};
use crate::error::{Error, Result};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "LatticePolicy API", description = "Policy administration: the system of record for P&C policies."),
    paths(
        health::health,
        auth::login,
        auth::mfa_verify,
        auth::mfa_setup_confirm,
        admin::users::reset_mfa,
        admin::users::update_user,
        admin::users::delete_user,
        admin::outbox::list,
        admin::outbox::retry,
        admin::outbox::templates,
        admin::outbox::put_template,
        lifecycle::notifications,
        admin::customers::create,
        admin::customers::search,
        admin::customers::get,
        admin::customers::update,
        admin::customers::reveal,
        admin::customers::audit,
        admin::customers::policies,
        admin::customers::assign_policy,
        admin::security::list_events,
        me::get_me,
        admin::users::list_users,
        admin::users::create_user,
        admin::security::list_permissions,
        admin::security::list_roles,
        products::list_products,
        products::get_config,
        products::get_form,
        products::get_field_meta,
        rating::preview,
        quotes::rate_quote,
        quotes::create_draft,
        quotes::update_draft,
        quotes::get_quote,
        quotes::copy_quote,
        quotes::list_quotes,
        quotes::export_quotes,
        quotes::bind_quote,
        policies::list_policies,
        policies::export_policies,
        policies::get_policy,
        policies::get_full,
        policies::list_versions,
        policies::version_details,
        policies::rating_worksheet,
        policies::timeline,
        policies::issue,
        policies::dashboard,
        lifecycle::endorse_preview,
        lifecycle::endorse,
        lifecycle::cancel,
        lifecycle::reinstate,
        lifecycle::renew_preview,
        lifecycle::renew,
        lifecycle::rewrite,
        lifecycle::non_renew,
        lifecycle::reserve_endorse_number,
        lifecycle::reserve_number,
        lifecycle::state,
        lifecycle::documents,
        lifecycle::document_content,
        portal::summary,
        portal::policy,
        portal::documents,
        portal::document_content,
        referrals::list,
        referrals::get,
        referrals::assign,
        referrals::comment,
        referrals::decide,
        referrals::approve,
        referrals::decline,
        reference::cancellation_reasons,
        reference::state_eligibility,
        reference::set_eligibility,
        reference::companies,
        reference::admin_companies,
        reference::create_company,
        reference::update_company,
        reference::delete_company,
        reference::preferences,
        reference::tenant_settings,
        reference::update_tenant_settings,
    ),
    modifiers(&BearerScheme, &Complete)
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// Writes the document as pretty JSON to standard output (`lattice-server openapi`; the
/// UI's types are generated from it).
pub fn print() -> anyhow::Result<()> {
    use std::io::Write;
    let json = ApiDoc::openapi().to_pretty_json()?;
    writeln!(std::io::stdout().lock(), "{json}")?;
    Ok(())
}

/// The OpenAPI 3.1 document. The token may also come as `?token=` so a browser can open it.
pub async fn openapi_json(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Result<Json<utoipa::openapi::OpenApi>> {
    let token = bearer_token(&headers)
        .map(str::to_owned)
        .or(query.token)
        .ok_or_else(|| Error::unauthenticated("Login required"))?;
    let user = authenticate(&app, &token, header_tenant(&headers).as_deref()).await?;
    if !user.is_admin() {
        return Err(Error::forbidden("Admin user required for API docs"));
    }
    Ok(Json(ApiDoc::openapi()))
}
