//! What each subcommand does: open the database (embedded when `DATABASE_URL` is unset),
//! then serve, migrate, run the worker or provision a tenant.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;
use sqlx::PgPool;

use crate::cli::{Command, TenantCommand};
use crate::config::Config;
use crate::db;
use crate::embedded_pg::EmbeddedPostgres;
use crate::services;
use crate::startup::{Application, shutdown_signal};

/// The database of the embedded server.
const EMBEDDED_DATABASE: &str = "lattice";

pub async fn run(command: Option<Command>, config: Config) -> anyhow::Result<()> {
    match command.unwrap_or(Command::Serve { migrate: false }) {
        Command::Serve { migrate } => serve(config, migrate).await,
        Command::Migrate => {
            with_database(&config, |pool| async move {
                db::migrate::migrate(&pool).await?;
                tracing::info!("migrations applied");
                Ok(())
            })
            .await
        }
        Command::Worker => worker(config).await,
        Command::Reencrypt => {
            let cipher = crate::crypto::FieldCipher::new(
                &config.customer_data_key,
                &config.customer_data_previous_keys,
            );
            with_database(&config, |pool| async move {
                require_current_schema(&pool).await?;
                let report = services::customers::pii::reencrypt(&pool, &cipher).await?;
                println!(
                    "re-encrypted {} value(s) in {} tenant(s) under key {}",
                    report.values,
                    report.tenants,
                    cipher.current_key_id()
                );
                Ok(())
            })
            .await
        }
        Command::Tenant(TenantCommand::Create {
            id,
            name,
            admin_username,
        }) => {
            let password = admin_password()?;
            let embedded = config.database_url.is_none();
            with_database(&config, |pool| async move {
                if embedded {
                    db::migrate::migrate(&pool).await?;
                }
                require_current_schema(&pool).await?;
                let new = services::tenants::NewTenant {
                    tenant_id: id.clone(),
                    name,
                    admin_username,
                    admin_password: password,
                };
                services::tenants::create_tenant(&pool, new).await?;
                println!("tenant {id} created");
                Ok(())
            })
            .await
        }
        Command::Openapi => crate::routes::openapi::print(),
        // `main` runs these before reading any configuration.
        Command::Smoke(_) | Command::Healthcheck => {
            bail!("this command runs without the server's configuration")
        }
    }
}

async fn serve(config: Config, migrate: bool) -> anyhow::Result<()> {
    let embedded = config.database_url.is_none();
    let run_migrations = embedded || migrate || config.migrate_on_start;
    with_database(&config.clone(), |pool| async move {
        if run_migrations {
            db::migrate::migrate(&pool).await?;
        }
        require_current_schema(&pool).await?;
        let demo = !config.production && config.seed_demo;
        if demo {
            services::demo::ensure_demo_tenant(&pool).await?;
        }
        let app = Application::build(config, pool).await?;
        if demo {
            // The sample book is a convenience: a failure is reported, not fatal.
            if let Err(e) = services::demo_book::ensure_sample_book(app.state()).await {
                tracing::warn!(error = %format!("{e:#}"), "the demo's sample book could not be written");
            }
            tracing::info!(
                tenant.id = services::demo::DEMO_TENANT,
                "demo users admin, uw1, agent1, actuary1 and customer1 sign in with the demo password"
            );
        }
        tracing::info!(address = %app.local_addr(), "listening");
        app.run_until(shutdown_signal()).await?;
        Ok(())
    })
    .await
}

/// Runs the outbox push worker on its own (for deployments that scale it apart from the
/// API), until Ctrl-C or SIGTERM.
async fn worker(config: Config) -> anyhow::Result<()> {
    let settings = config.async_push.clone();
    with_database(&config, |pool| async move {
        require_current_schema(&pool).await?;
        let worker = crate::outbox::Worker::new(pool, settings)?;
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let running = tokio::spawn(worker.run(stopped));
        shutdown_signal().await;
        let _ = stop.send(true);
        let _ = running.await;
        Ok(())
    })
    .await
}

/// Opens the configured database (starting the embedded one if needed), runs `work`,
/// then closes the pool and stops the embedded server whatever the outcome.
async fn with_database<F, Fut>(config: &Config, work: F) -> anyhow::Result<()>
where
    F: FnOnce(PgPool) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let wait = Duration::from_secs(30);
    let (pool, embedded) = match &config.database_url {
        Some(url) => (
            db::connect(url.expose_secret(), config.database_pool_size, wait).await?,
            None,
        ),
        None => {
            let dir = config
                .embedded_db_dir
                .clone()
                .unwrap_or_else(EmbeddedPostgres::default_data_dir);
            let pg = EmbeddedPostgres::start(&dir, None).await?;
            pg.ensure_database(EMBEDDED_DATABASE).await?;
            let pool =
                db::connect(&pg.url(EMBEDDED_DATABASE), config.database_pool_size, wait).await?;
            (pool, Some(pg))
        }
    };
    let outcome = work(pool.clone()).await;
    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop().await?;
    }
    outcome
}

async fn require_current_schema(pool: &PgPool) -> anyhow::Result<()> {
    let pending = db::migrate::pending_migrations(pool).await?;
    if pending > 0 {
        bail!(
            "the database schema is {pending} migration(s) behind this server: \
             run `lattice-server migrate` first (or set MIGRATE_ON_START=1)"
        );
    }
    Ok(())
}

/// `TENANT_ADMIN_PASSWORD`, else the first line of stdin (never a command-line argument).
fn admin_password() -> anyhow::Result<String> {
    if let Some(password) = std::env::var("TENANT_ADMIN_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password for the first administrator: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password given: set TENANT_ADMIN_PASSWORD or pipe it on stdin");
    }
    Ok(password)
}
