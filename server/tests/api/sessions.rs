//! The session cache against a real PostgreSQL: a session is reused while the database
//! says nothing changed, and every change to what it is read from (made by any process,
//! here by plain SQL) reaches the cache through a notification. A lost listener empties
//! it. `stale` changes below bypass the triggers on purpose (replica mode), to show what
//! the cache serves.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::TestApp;

/// How long a change made elsewhere may take to reach the cache in these tests.
const WITHIN: Duration = Duration::from_secs(5);

/// Waits until this database has a session listener (the server's cache is live).
pub async fn listening(app: &TestApp) {
    let deadline = Instant::now() + WITHIN;
    while Instant::now() < deadline {
        if listener_pid(&app.pool).await.is_some() {
            // The cache turns live right after the LISTEN returns.
            tokio::time::sleep(Duration::from_millis(100)).await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no session listener within {WITHIN:?}");
}

async fn listener_pid(pool: &PgPool) -> Option<i32> {
    sqlx::query_scalar(
        "select pid from pg_stat_activity
         where datname = current_database() and query like 'LISTEN \"lattice_session\"%'",
    )
    .fetch_optional(pool)
    .await
    .expect("activity")
}

pub async fn user_id(app: &TestApp, username: &str) -> Uuid {
    sqlx::query_scalar("select user_id from app_user where username = $1")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .expect("user")
}

/// Runs `sql` with the triggers off, so no notification goes out.
async fn stale(pool: &PgPool, sql: &str) {
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("set local session_replication_role = replica")
        .execute(&mut *tx)
        .await
        .expect("replica");
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut *tx)
        .await
        .expect("change");
    tx.commit().await.expect("commit");
}

async fn exec(pool: &PgPool, sql: &str) {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(pool)
        .await
        .expect("change");
}

async fn me(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let response = app.get("/api/v1/me", Some(token)).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Asks `/me` until `done` holds (or fails after [`WITHIN`]).
async fn until(app: &TestApp, token: &str, what: &str, done: impl Fn(StatusCode, &Value) -> bool) {
    let deadline = Instant::now() + WITHIN;
    loop {
        let (status, body) = me(app, token).await;
        if done(status, &body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: still {status} {body}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[sqlx::test(migrations = false)]
async fn a_cached_session_lasts_until_the_database_says_it_changed(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    listening(&app).await;
    let token = app.demo_token("agent1").await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK);

    // Served from the cache: the database changed without telling anyone.
    stale(
        &pool,
        "update app_user set disabled = true where username = 'agent1'",
    )
    .await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK, "cached");

    // A notification for another tenant leaves it alone; one for its tenant drops it.
    exec(
        &pool,
        "select pg_notify('lattice_session', 'another-tenant')",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK, "other tenant");
    exec(
        &pool,
        "select pg_notify('lattice_session', 'sample-carrier')",
    )
    .await;
    until(&app, &token, "evicted", |s, _| {
        s == StatusCode::UNAUTHORIZED
    })
    .await;
}

#[sqlx::test(migrations = false)]
async fn account_role_and_permission_changes_reach_the_cache(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    listening(&app).await;
    let token = app.demo_token("agent1").await;
    let has = |perm: &'static str| {
        move |s: StatusCode, body: &Value| {
            s == StatusCode::OK
                && body["permissions"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|v| v == perm))
        }
    };
    let lacks = |perm: &'static str| move |s: StatusCode, body: &Value| !has(perm)(s, body);
    let (_, body) = me(&app, &token).await;
    let role = body["roles"][0].as_str().expect("a role").to_owned();
    let permission = "admin.security.read";
    assert!(!has(permission)(StatusCode::OK, &body), "{body}");

    // A permission granted to the agent's role.
    exec(
        &pool,
        &format!(
            "insert into rbac_role_permission (tenant_id, role_code, permission_code)
             values ('sample-carrier', '{role}', '{permission}')"
        ),
    )
    .await;
    until(&app, &token, "permission granted", has(permission)).await;
    // ...and taken away again.
    exec(
        &pool,
        &format!("delete from rbac_role_permission where role_code = '{role}' and permission_code = '{permission}'"),
    )
    .await;
    until(&app, &token, "permission revoked", lacks(permission)).await;

    // The role switched off.
    exec(&pool, &format!("update rbac_role set active = false where role_code = '{role}' and tenant_id = 'sample-carrier'")).await;
    until(&app, &token, "role inactive", |s, b| {
        s == StatusCode::OK && b["roles"] == Value::Array(vec![])
    })
    .await;
    exec(&pool, &format!("update rbac_role set active = true where role_code = '{role}' and tenant_id = 'sample-carrier'")).await;
    until(&app, &token, "role active", |s, b| {
        s == StatusCode::OK && b["roles"][0] == role.as_str()
    })
    .await;

    // The user's roles taken away.
    exec(&pool, "delete from user_role where user_id = (select user_id from app_user where username = 'agent1')").await;
    until(&app, &token, "roles removed", |s, b| {
        s == StatusCode::OK && b["roles"] == Value::Array(vec![])
    })
    .await;

    // The account renamed, then disabled.
    exec(
        &pool,
        "update app_user set username = 'agent-one' where username = 'agent1'",
    )
    .await;
    until(&app, &token, "renamed", |s, b| {
        s == StatusCode::OK && b["username"] == "agent-one"
    })
    .await;
    exec(
        &pool,
        "update app_user set disabled = true where username = 'agent-one'",
    )
    .await;
    until(&app, &token, "disabled", |s, _| {
        s == StatusCode::UNAUTHORIZED
    })
    .await;
}

#[sqlx::test(migrations = false)]
async fn a_sign_in_does_not_drop_the_tenants_sessions(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    listening(&app).await;
    let token = app.demo_token("agent1").await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK);
    stale(
        &pool,
        "update app_user set disabled = true where username = 'agent1'",
    )
    .await;
    // Sign-ins (and failed ones) write app_user, but not what a session holds.
    app.demo_token("uw1").await;
    assert_eq!(
        app.login("sample-carrier", "uw1", "wrong").await.status(),
        StatusCode::UNAUTHORIZED
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK, "still cached");
}

#[sqlx::test(migrations = false)]
async fn a_lost_listener_empties_the_cache(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    listening(&app).await;
    let token = app.demo_token("agent1").await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK);
    stale(
        &pool,
        "update app_user set disabled = true where username = 'agent1'",
    )
    .await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK, "cached");

    // Notifications sent while the listener is away are lost: it must start afresh.
    let pid = listener_pid(&pool).await.expect("listener");
    exec(&pool, &format!("select pg_terminate_backend({pid})")).await;
    until(&app, &token, "emptied on reconnect", |s, _| {
        s == StatusCode::UNAUTHORIZED
    })
    .await;
    let deadline = Instant::now() + WITHIN;
    while listener_pid(&pool).await.is_none_or(|p| p == pid) {
        assert!(Instant::now() < deadline, "the listener did not come back");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[sqlx::test(migrations = false)]
async fn with_the_cache_off_every_request_reads_the_database(pool: PgPool) {
    let app = TestApp::spawn_with(pool.clone(), &[("SESSION_CACHE_SECONDS", "0")]).await;
    let token = app.demo_token("agent1").await;
    assert_eq!(me(&app, &token).await.0, StatusCode::OK);
    stale(
        &pool,
        "update app_user set disabled = true where username = 'agent1'",
    )
    .await;
    assert_eq!(me(&app, &token).await.0, StatusCode::UNAUTHORIZED);
    assert!(listener_pid(&pool).await.is_none(), "no listener when off");
}
