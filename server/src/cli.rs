//! The command line: `serve` (default), `migrate`, `worker`, `reencrypt`, `tenant create`
//! and `openapi`.

use clap::{Parser, Subcommand};

use crate::config::ENV_HELP;

#[derive(Debug, Parser)]
#[command(name = "lattice-server", version, about = "LatticePolicy API server", after_help = ENV_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default command).
    Serve {
        /// Apply pending migrations before serving (as MIGRATE_ON_START=1 does).
        #[arg(long)]
        migrate: bool,
    },
    /// Apply pending migrations under an advisory lock, then exit. Safe to run concurrently.
    Migrate,
    /// Run the background worker (outbox delivery) until stopped.
    Worker,
    /// Re-encrypt every customer secret and MFA secret under the current
    /// CUSTOMER_DATA_KEY (run after rotating it, with the old key still listed in
    /// CUSTOMER_DATA_PREVIOUS_KEYS), then exit.
    Reencrypt,
    /// Manage tenants (carriers).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Print the OpenAPI document (JSON) and exit; needs no configuration or database.
    Openapi,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Provision a tenant with its system roles and a first administrator. The password is
    /// read from TENANT_ADMIN_PASSWORD, else from the first line of standard input.
    Create {
        /// Tenant id (slug): 2-63 of a-z, 0-9 and '-'.
        #[arg(long)]
        id: String,
        /// Display name of the carrier.
        #[arg(long)]
        name: String,
        /// Username of the first administrator.
        #[arg(long, default_value = "admin")]
        admin_username: String,
    },
}
