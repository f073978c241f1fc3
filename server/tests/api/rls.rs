//! Row-level security as the second wall: even SQL without a tenant filter, run in a
//! tenant transaction, sees and writes nothing of another tenant.

use lattice_server::db;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrations = false)]
async fn a_query_without_a_tenant_filter_sees_only_its_tenant(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.new_tenant("acme").await;
    let everyone: i64 = sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&app.pool)
        .await
        .expect("count as owner");
    assert_eq!(everyone, 5, "4 demo users and acme's admin exist");

    let mut tx = db::begin_tenant(&app.pool, "acme").await.expect("tx");
    let visible: i64 = sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    let others: i64 =
        sqlx::query_scalar("select count(*) from app_user where tenant_id = 'sample-carrier'")
            .fetch_one(&mut *tx)
            .await
            .expect("count");
    let roles: Vec<String> = sqlx::query_scalar("select distinct tenant_id from rbac_role")
        .fetch_all(&mut *tx)
        .await
        .expect("roles");
    tx.rollback().await.expect("rollback");

    assert_eq!(visible, 1);
    assert_eq!(others, 0);
    assert_eq!(roles, ["acme"]);
}

#[sqlx::test(migrations = false)]
async fn writes_into_another_tenant_are_rejected(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    app.new_tenant("acme").await;

    let mut tx = db::begin_tenant(&app.pool, "acme").await.expect("tx");
    let insert = sqlx::query(
        "insert into app_user (tenant_id, username, password_hash) values ('sample-carrier', 'mole', 'x')",
    )
    .execute(&mut *tx)
    .await;
    let error = insert.expect_err("row-level security refuses the row");
    assert!(error.to_string().contains("row-level security"), "{error}");
    tx.rollback().await.expect("rollback");

    let mut tx = db::begin_tenant(&app.pool, "acme").await.expect("tx");
    let updated = sqlx::query("update app_user set disabled = true where username = 'admin'")
        .execute(&mut *tx)
        .await
        .expect("update");
    tx.commit().await.expect("commit");
    assert_eq!(updated.rows_affected(), 1, "only acme's admin is touched");
    let sample_admin_disabled: bool = sqlx::query_scalar(
        "select disabled from app_user where tenant_id = 'sample-carrier' and username = 'admin'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("read");
    assert!(!sample_admin_disabled);
}

#[sqlx::test(migrations = false)]
async fn without_a_tenant_the_application_role_sees_nothing(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let mut tx = app.pool.begin().await.expect("tx");
    sqlx::query("select set_config('role', 'lattice_app', true)")
        .execute(&mut *tx)
        .await
        .expect("role");
    let visible: i64 = sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&mut *tx)
        .await
        .expect("count");
    tx.rollback().await.expect("rollback");

    assert_eq!(visible, 0);
}

/// Any table with a `tenant_id` column must have RLS enabled and forced, so a table added
/// later without its policy fails here.
#[sqlx::test(migrations = false)]
async fn every_tenant_table_forces_row_level_security(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let unprotected: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c
         join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
         where c.relkind = 'r'
           and exists (select 1 from information_schema.columns col
                       where col.table_schema = 'public' and col.table_name = c.relname
                         and col.column_name = 'tenant_id')
           and not (c.relrowsecurity and c.relforcerowsecurity)",
    )
    .fetch_all(&app.pool)
    .await
    .expect("catalog query");
    let protected: i64 = sqlx::query_scalar(
        "select count(*) from pg_class where relrowsecurity and relforcerowsecurity",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");

    assert!(
        unprotected.is_empty(),
        "tables without forced RLS: {unprotected:?}"
    );
    assert!(protected >= 5);
}

/// The role and tenant a tenant transaction runs with.
async fn settings(tx: &mut db::Tx) -> (String, String) {
    sqlx::query_as("select current_user::text, current_setting('app.tenant_id')")
        .fetch_one(&mut **tx)
        .await
        .expect("settings")
}

#[sqlx::test(migrations = false)]
async fn tenant_transactions_run_as_the_app_role_with_any_tenant_id_verbatim(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    // A slug takes the one-round-trip way; anything else is bound as a parameter.
    for tenant in [
        "sample-carrier",
        "x'; reset role; select '",
        "Mixed Case",
        "t\\'q",
    ] {
        let mut tx = db::begin_tenant(&app.pool, tenant).await.expect("tx");
        assert_eq!(
            settings(&mut tx).await,
            ("lattice_app".to_owned(), tenant.to_owned()),
            "{tenant}"
        );
        let users: i64 = sqlx::query_scalar("select count(*) from app_user")
            .fetch_one(&mut *tx)
            .await
            .expect("count");
        assert_eq!(users, if tenant == "sample-carrier" { 4 } else { 0 });
        tx.rollback().await.expect("rollback");
    }
    // The settings are the transaction's own: the connection goes back as it was.
    let mut conn = app.pool.acquire().await.expect("connection");
    let user: String = sqlx::query_scalar("select current_user::text")
        .fetch_one(&mut *conn)
        .await
        .expect("user");
    assert_ne!(user, "lattice_app");
}
