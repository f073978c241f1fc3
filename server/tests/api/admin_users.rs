//! RBAC on the admin routes, user creation rules, and the admin-only OpenAPI document.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, assert_error};

#[sqlx::test(migrations = false)]
async fn admin_routes_need_the_admin_menu_and_the_permission(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let body = assert_error(
        app.get("/api/v1/admin/users", Some(&agent)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_eq!(body["message"], "Permission required: menu.admin.view");
    assert_error(
        app.get("/api/v1/admin/users", None).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;

    // forms_admin has the admin menu but not the users permission.
    let admin = app.demo_token("admin").await;
    app.create_user(&admin, "forms-person", &["forms_admin"])
        .await;
    let forms = app
        .token("sample-carrier", "forms-person", TEST_PASSWORD)
        .await;
    let body = assert_error(
        app.get("/api/v1/admin/users", Some(&forms)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_eq!(body["message"], "Permission required: admin.users.read");

    app.create_user(&admin, "sec-person", &["security_admin"])
        .await;
    let security = app
        .token("sample-carrier", "sec-person", TEST_PASSWORD)
        .await;
    assert_eq!(
        app.get("/api/v1/admin/users", Some(&security))
            .await
            .status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrations = false)]
async fn permission_changes_apply_to_existing_tokens_at_once(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    assert_eq!(
        app.get("/api/v1/admin/users", Some(&agent)).await.status(),
        StatusCode::FORBIDDEN
    );

    sqlx::query(
        "insert into rbac_role_permission (tenant_id, role_code, permission_code)
         values ('sample-carrier', 'agent', 'menu.admin.view'), ('sample-carrier', 'agent', 'admin.users.read')",
    )
    .execute(&app.pool)
    .await
    .expect("grant");
    assert_eq!(
        app.get("/api/v1/admin/users", Some(&agent)).await.status(),
        StatusCode::OK
    );

    sqlx::query("update rbac_role set active = false where tenant_id = 'sample-carrier' and role_code = 'agent'")
        .execute(&app.pool)
        .await
        .expect("deactivate");
    assert_eq!(
        app.get("/api/v1/admin/users", Some(&agent)).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = false)]
async fn the_catalog_and_the_system_roles_are_listed(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let permissions: Value = app
        .get("/api/v1/admin/security/permissions", Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    let roles: Value = app
        .get("/api/v1/admin/security/roles", Some(&admin))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(permissions["total"], 90);
    assert_eq!(
        permissions["items"][0]["permissionCode"],
        "menu.search.view"
    );
    assert_eq!(permissions["items"][0]["scope"], "menu");
    assert_eq!(roles["total"], 19);
    let role = |code: &str| {
        roles["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|r| r["roleCode"] == code)
            .cloned()
            .expect("role")
    };
    assert_eq!(
        role("admin")["permissionCodes"].as_array().map(Vec::len),
        Some(90)
    );
    assert_eq!(role("admin")["userCount"], 1);
    assert_eq!(
        role("agent")["permissionCodes"],
        json!([
            "menu.search.view",
            "page.policy.view",
            "page.search.view",
            "page.wizard.view"
        ])
    );
    assert_eq!(role("read_only")["isSystem"], true);
}

#[sqlx::test(migrations = false)]
async fn an_admin_creates_a_user_who_can_then_sign_in(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let created = app
        .create_user(&admin, "  new.underwriter  ", &["underwriter", "agent"])
        .await;

    assert_eq!(created["username"], "new.underwriter");
    assert_eq!(created["roles"], json!(["agent", "underwriter"]));
    assert_eq!(created["tenantId"], "sample-carrier");
    assert_eq!(created["disabled"], false);
    let token = app
        .token("sample-carrier", "new.underwriter", TEST_PASSWORD)
        .await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["roles"], json!(["agent", "underwriter"]));
}

#[sqlx::test(migrations = false)]
async fn user_creation_enforces_the_password_policy_roles_and_unique_names(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let create = |body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.post_json("/api/v1/admin/users", Some(&admin), &body)
                .await
        }
    };

    let weak = assert_error(
        create(json!({"username": "weak", "password": "Password2026!", "roles": ["agent"]})).await,
        StatusCode::BAD_REQUEST,
        "WEAK_PASSWORD",
    )
    .await;
    assert_eq!(
        weak["details"]["violations"],
        json!(["must not be based on a common password"])
    );
    let short = assert_error(
        create(json!({"username": "weak", "password": "short", "roles": ["agent"]})).await,
        StatusCode::BAD_REQUEST,
        "WEAK_PASSWORD",
    )
    .await;
    assert!(
        short["message"]
            .as_str()
            .expect("message")
            .contains("at least 12 characters")
    );

    let role = assert_error(
        create(json!({"username": "x", "password": TEST_PASSWORD, "roles": ["agent", "wizard", "pilot"]})).await,
        StatusCode::BAD_REQUEST,
        "INVALID_ROLE",
    )
    .await;
    assert_eq!(
        role["message"],
        "Unknown or inactive role(s): pilot, wizard"
    );

    assert_error(
        create(json!({"username": "AGENT1", "password": TEST_PASSWORD, "roles": ["agent"]})).await,
        StatusCode::CONFLICT,
        "USERNAME_EXISTS",
    )
    .await;

    let missing = assert_error(
        create(json!({"username": "x", "password": TEST_PASSWORD})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(
        missing["details"]["fieldErrors"][""],
        json!(["missing field `roles`"])
    );
    let empty = assert_error(
        create(json!({"username": " ", "password": TEST_PASSWORD, "roles": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert!(empty["details"]["fieldErrors"]["username"].is_array());
    assert!(empty["details"]["fieldErrors"]["roles"].is_array());

    let users: Value = app
        .get("/api/v1/admin/users", Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(users["total"], 4, "no failed attempt created a user");
}

#[sqlx::test(migrations = false)]
async fn malformed_bodies_get_the_error_envelope(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let broken = app
        .request(Method::POST, "/api/v1/admin/users", Some(&admin))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .expect("sent");
    assert_error(broken, StatusCode::BAD_REQUEST, "INVALID_JSON").await;

    let not_json = app
        .request(Method::POST, "/api/v1/admin/users", Some(&admin))
        .body("username=x")
        .send()
        .await
        .expect("sent");
    assert_error(
        not_json,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;

    let bad_page = app
        .get("/api/v1/admin/users?page=first", Some(&admin))
        .await;
    let body = assert_error(
        bad_page,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert!(body["details"]["fieldErrors"]["page"].is_array());
}

#[sqlx::test(migrations = false)]
async fn users_are_paged(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;

    let page: Value = app
        .get("/api/v1/admin/users?page=2&pageSize=3", Some(&admin))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(
        (
            page["page"].clone(),
            page["pageSize"].clone(),
            page["total"].clone()
        ),
        (json!(2), json!(3), json!(4))
    );
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["username"], "uw1");
}

#[sqlx::test(migrations = false)]
async fn the_openapi_document_is_for_admins_only(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let agent = app.demo_token("agent1").await;

    let doc: Value = app
        .get("/openapi.json", Some(&admin))
        .await
        .json()
        .await
        .expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/health",
        "/auth/login",
        "/api/v1/me",
        "/api/v1/admin/users",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());

    let by_query = app.get(&format!("/openapi.json?token={admin}"), None).await;
    assert_eq!(by_query.status(), StatusCode::OK);
    assert_error(
        app.get("/openapi.json", Some(&agent)).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_error(
        app.get("/openapi.json", None).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn accounts_are_changed_and_deleted_with_a_trail(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let created = app.create_user(&admin, "temp", &["agent"]).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let own_id = app.get_json("/api/v1/me", &admin).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = format!("/api/v1/admin/users/{id}");

    let promoted: Value = app
        .patch_json(&path, Some(&admin), &json!({"roles": ["underwriter"]}))
        .await
        .json()
        .await
        .expect("json");
    let weak = app
        .patch_json(&path, Some(&admin), &json!({"password": "short"}))
        .await;
    let bad_role = app
        .patch_json(&path, Some(&admin), &json!({"roles": ["wizard"]}))
        .await;
    let disabled = app
        .patch_json(&path, Some(&admin), &json!({"disabled": true}))
        .await;
    let login_while_disabled = app.login("sample-carrier", "temp", TEST_PASSWORD).await;
    let disable_self = app
        .patch_json(
            &format!("/api/v1/admin/users/{own_id}"),
            Some(&admin),
            &json!({"disabled": true}),
        )
        .await;
    let delete_self = app
        .request(
            Method::DELETE,
            &format!("/api/v1/admin/users/{own_id}"),
            Some(&admin),
        )
        .send()
        .await
        .expect("sent");
    let deleted = app
        .request(Method::DELETE, &path, Some(&admin))
        .send()
        .await
        .expect("sent");
    let again = app
        .request(Method::DELETE, &path, Some(&admin))
        .send()
        .await
        .expect("sent");
    let unknown = app
        .patch_json(
            "/api/v1/admin/users/6f1c1a5e-0000-4000-8000-000000000000",
            Some(&admin),
            &json!({"disabled": false}),
        )
        .await;

    assert_eq!(promoted["roles"], json!(["underwriter"]));
    assert_error(weak, StatusCode::BAD_REQUEST, "WEAK_PASSWORD").await;
    assert_error(bad_role, StatusCode::BAD_REQUEST, "INVALID_ROLE").await;
    assert_eq!(disabled.status(), StatusCode::OK);
    assert_eq!(login_while_disabled.status(), StatusCode::UNAUTHORIZED);
    assert_error(disable_self, StatusCode::BAD_REQUEST, "CANNOT_DISABLE_SELF").await;
    assert_error(delete_self, StatusCode::BAD_REQUEST, "CANNOT_DELETE_SELF").await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_error(again, StatusCode::NOT_FOUND, "USER_NOT_FOUND").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "USER_NOT_FOUND").await;
    let events = app
        .get_json(
            &format!("/api/v1/admin/security/events?userId={id}"),
            &admin,
        )
        .await;
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["eventType"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "USER_DELETED",
            "LOGIN_FAILED",
            "USER_UPDATED",
            "ROLES_CHANGED",
            "USER_CREATED"
        ]
    );
    assert_eq!(
        events["items"][3]["details"],
        json!({"before": ["agent"], "after": ["underwriter"]})
    );
}

#[sqlx::test(migrations = false)]
async fn portal_users_carry_their_customer_into_the_session(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let admin = app.demo_token("admin").await;
    let (token, customer) = app.portal_user(&admin, "holder").await;

    let me = app.get_json("/api/v1/me", &token).await;
    let login: Value = app
        .login("sample-carrier", "holder", TEST_PASSWORD)
        .await
        .json()
        .await
        .expect("json");
    let users = app
        .get_json("/api/v1/admin/users?pageSize=100", &admin)
        .await;
    let listed = users["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["username"] == "holder")
        .expect("listed")
        .clone();
    let unlink = app
        .patch_json(
            &format!("/api/v1/admin/users/{}", listed["id"].as_str().expect("id")),
            Some(&admin),
            &json!({"customerRef": null}),
        )
        .await;

    for session in [&me, &login["user"]] {
        assert_eq!(session["customerId"], customer["customerId"]);
        assert_eq!(session["customerKey"], customer["customerKey"]);
        assert_eq!(session["customerName"], "holder Portal");
    }
    assert_eq!(listed["customerKey"], customer["customerKey"]);
    assert_error(unlink, StatusCode::BAD_REQUEST, "CUSTOMER_LINK_REQUIRED").await;
}
