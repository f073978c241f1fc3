//! `lattice-server`: parse the command line and the environment, then run the command.

use std::process::ExitCode;

use clap::Parser;
use lattice_server::cli::{Cli, Command, SmokeArgs};
use lattice_server::config::Config;
use lattice_server::smoke::{Outcome, SmokeTarget};
use lattice_server::{commands, routes, smoke, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // TLS (reqwest, sqlx) needs its crypto provider before any client is built.
    telemetry::install_crypto_provider();
    // These need no configuration: run them before reading any.
    match cli.command {
        Some(Command::Openapi) => {
            return match routes::openapi::print() {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            };
        }
        Some(Command::Smoke(args)) => return smoke(args).await,
        Some(Command::Healthcheck) => {
            let port = std::env::var("PORT")
                .ok()
                .and_then(|p| p.parse().ok())
                .unwrap_or(lattice_server::config::DEFAULT_PORT);
            return match lattice_server::smoke::healthcheck(port).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("unhealthy: {e:#}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lattice-server: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_level);
    match commands::run(cli.command, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "lattice-server failed");
            eprintln!("lattice-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the smoke checks, one line per step, and exits 1 when any failed.
async fn smoke(args: SmokeArgs) -> ExitCode {
    let target = SmokeTarget {
        base_url: args.base_url,
        tenant: args.tenant,
        username: args.username,
        password: args.password,
        totp_secret: args.totp_secret,
        state: args.state,
        customer: args.customer_username.zip(args.customer_password),
    };
    println!("smoke test of {}", target.base_url);
    let report = smoke::run(&target, |line| {
        let (word, detail) = match &line.outcome {
            Outcome::Pass(detail) => ("PASS", detail),
            Outcome::Fail(detail) => ("FAIL", detail),
            Outcome::Skip(detail) => ("SKIP", detail),
        };
        println!(
            "{word} {:<15} {:>6} ms  {detail}",
            line.step,
            line.elapsed.as_millis()
        );
    })
    .await;
    if smoke::passed(&report) {
        println!("smoke test passed");
        ExitCode::SUCCESS
    } else {
        println!("smoke test FAILED");
        ExitCode::FAILURE
    }
}
