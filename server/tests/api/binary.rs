//! The `lattice-server` binary itself: production guardrails, `migrate`, `tenant create`,
//! and `serve` (JSON logs without secrets, graceful shutdown on SIGTERM).

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use lattice_server::db;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TestApp, database_url, free_port, healthy_within};

const BINARY: &str = env!("CARGO_BIN_EXE_lattice-server");

/// The binary with a clean environment plus `vars`.
pub(crate) fn command(args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BINARY);
    command.args(args).env_clear();
    for key in ["PATH", "HOME"] {
        if let Some(value) = std::env::var_os(key) {
            command.env(key, value);
        }
    }
    command.envs(vars.iter().copied());
    command
}

fn run_with_stdin(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("binary finishes")
}

#[test]
fn production_refuses_weak_configuration_and_names_each_variable() {
    let output = command(
        &["serve"],
        &[
            ("NODE_ENV", "production"),
            ("JWT_SECRET", "short"),
            (
                "CUSTOMER_DATA_KEY",
                "change-me-change-me-change-me-change-me",
            ),
        ],
    )
    .output()
    .expect("binary runs");

    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "DATABASE_URL is required in production",
        "JWT_SECRET must be at least 32 characters",
        "CUSTOMER_DATA_KEY looks like a placeholder",
        "MFA_TOKEN_SECRET is required in production",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in {stderr}"
        );
    }
    assert!(
        !stderr.contains("change-me-change-me"),
        "the secret itself is not echoed"
    );
}

#[sqlx::test(migrations = false)]
async fn migrate_is_safe_to_run_concurrently(pool: PgPool) {
    let url = database_url(&pool);
    let runs: Vec<_> = (0..3)
        .map(|_| {
            command(
                &["migrate"],
                &[("DATABASE_URL", url.as_str()), ("LOG_LEVEL", "error")],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("migrate starts")
        })
        .collect();
    let in_process = futures_join(&pool).await;

    for run in runs {
        let output = run.wait_with_output().expect("migrate finishes");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(in_process.iter().all(Result::is_ok), "{in_process:?}");
    assert_eq!(
        db::migrate::pending_migrations(&pool)
            .await
            .expect("pending"),
        0
    );
    let permissions: i64 = sqlx::query_scalar("select count(*) from rbac_permission")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(permissions, 90);
}

/// Three in-process migrations racing the binaries.
async fn futures_join(pool: &PgPool) -> Vec<anyhow::Result<()>> {
    let (a, b, c) = tokio::join!(
        db::migrate::migrate(pool),
        db::migrate::migrate(pool),
        db::migrate::migrate(pool)
    );
    vec![a, b, c]
}

#[sqlx::test(migrations = false)]
async fn tenant_create_provisions_a_carrier_from_a_password_on_stdin(pool: PgPool) {
    db::migrate::migrate(&pool).await.expect("migrate");
    let url = database_url(&pool);
    let create = |id: &str| {
        command(
            &[
                "tenant",
                "create",
                "--id",
                id,
                "--name",
                "Acme Mutual",
                "--admin-username",
                "root",
            ],
            &[("DATABASE_URL", url.as_str()), ("LOG_LEVEL", "error")],
        )
    };

    let output = run_with_stdin(create("acme"), "Quiet-Harbour-5150!\n");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("tenant acme created"));

    let weak = run_with_stdin(create("weakling"), "password\n");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("WEAK_PASSWORD"));

    let again = run_with_stdin(create("acme"), "Quiet-Harbour-5150!\n");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("TENANT_EXISTS"));

    let app = TestApp::start(pool, &[]).await;
    let token = app.token("acme", "root", "Quiet-Harbour-5150!").await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["roles"], serde_json::json!(["admin"]));
    let roles: Value = app
        .get("/api/v1/admin/security/roles", Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(roles["total"], 19);
}

#[sqlx::test(migrations = false)]
async fn serve_refuses_a_database_that_is_not_migrated(pool: PgPool) {
    let url = database_url(&pool);

    let output = command(&["serve"], &[("DATABASE_URL", url.as_str()), ("PORT", "0")])
        .output()
        .expect("binary runs");

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("run `lattice-server migrate` first"));
}

#[sqlx::test(migrations = false)]
async fn serve_logs_json_without_secrets_and_stops_on_sigterm(pool: PgPool) {
    db::migrate::migrate(&pool).await.expect("migrate");
    let url = database_url(&pool);
    let port = free_port();
    let jwt_secret = "jwt-secret-that-must-never-be-logged-7b1e";
    let child = command(
        &["serve"],
        &[
            ("DATABASE_URL", url.as_str()),
            ("HOST", "127.0.0.1"),
            ("PORT", port.as_str()),
            ("JWT_SECRET", jwt_secret),
            ("LOG_LEVEL", "debug"),
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("serve starts");
    let base = format!("http://127.0.0.1:{port}");
    lattice_server::telemetry::install_crypto_provider();
    let client = reqwest::Client::new();
    assert!(
        healthy_within(&client, &base, Duration::from_secs(10)).await,
        "server answers /health"
    );
    let secret_password = "Velvet-Thunder-8812!";
    let login = |password: &str| {
        client
            .post(format!("{base}/auth/login"))
            .json(&serde_json::json!({"tenantId": "sample-carrier", "username": "admin", "password": password}))
            .send()
    };
    let failed = login(secret_password).await.expect("sent");
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let ok: Value = login("password")
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let token = ok["token"].as_str().expect("token").to_owned();
    let me = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(me.status(), StatusCode::OK);

    kill(
        Pid::from_raw(i32::try_from(child.id()).expect("pid")),
        Signal::SIGTERM,
    )
    .expect("SIGTERM");
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("serve exits");

    assert!(
        output.status.success(),
        "graceful exit: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    assert!(lines.iter().any(|l| l["message"] == "login succeeded"));
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "request" && l["http.route"] == "/api/v1/me")
    );
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "shutdown signal received; finishing requests in flight")
    );
    for secret in [secret_password, token.as_str(), jwt_secret] {
        assert!(!stdout.contains(secret), "a secret reached the log");
    }
}

#[sqlx::test(migrations = false)]
async fn an_invalid_pack_stops_start_up_naming_its_file_and_line(pool: PgPool) {
    db::migrate::migrate(&pool).await.expect("migrate");
    let url = database_url(&pool);
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("broken.toml");
    let text = "code = \"broken\"\nname = \"Broken\"\nversion = \"1\"\n\n[pricing]\nbase = 1\nfee = 0\ntax_rate = 0\n\n\
                [[factors]]\nname = \"f\"\ninput = \"num(risk.x\"\nlookup = \"formula\"\n\n\
                [[coverages]]\ncode = \"X\"\nname = \"X\"\nweight = 1\n\n\
                [risk]\ntype = \"thing\"\n[risk.schema]\ntype = \"object\"\n";
    std::fs::write(&pack, text).expect("write");
    let line = text
        .lines()
        .position(|l| l.starts_with("input"))
        .expect("input line")
        + 1;
    let products_dir = dir.path().display().to_string();

    let output = command(
        &["serve"],
        &[
            ("DATABASE_URL", url.as_str()),
            ("PORT", "0"),
            ("PRODUCTS_DIR", products_dir.as_str()),
        ],
    )
    .output()
    .expect("binary runs");

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("{}:{line}: factor \"f\" input", pack.display());
    assert!(stderr.contains(&expected), "{stderr}");
}
