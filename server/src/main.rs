//! `lattice-server`: parse the command line and the environment, then run the command.

use std::process::ExitCode;

use clap::Parser;
use lattice_server::cli::{Cli, Command};
use lattice_server::config::Config;
use lattice_server::{commands, routes, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // The API description needs no configuration: print it before reading any.
    if matches!(cli.command, Some(Command::Openapi)) {
        return match routes::openapi::print() {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lattice-server: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_level);
    telemetry::install_crypto_provider();
    match commands::run(cli.command, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "lattice-server failed");
            eprintln!("lattice-server: {e:#}");
            ExitCode::FAILURE
        }
    }
}
