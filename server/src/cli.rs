//! The command line: `serve` (default), `migrate`, `worker`, `reencrypt`, `tenant create`,
//! `openapi`, and the deployment checks `smoke` and `healthcheck`.

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
    /// Run the post-deployment checks (health, login, search, a rated quote, the portal)
    /// against a running deployment; prints PASS/FAIL per step, exits 1 on any failure.
    Smoke(SmokeArgs),
    /// Exit 0 when the server on this host's PORT answers `/health` with 200 (the image's
    /// health check; needs no curl).
    Healthcheck,
}

#[derive(Debug, clap::Args)]
pub struct SmokeArgs {
    /// The deployment's public address, e.g. https://policy.example.com.
    #[arg(long)]
    pub base_url: String,
    /// Tenant of the users below.
    #[arg(long, env = "SMOKE_TENANT")]
    pub tenant: String,
    /// A staff user (agent, underwriter or admin) for login, search and the quote.
    #[arg(long, env = "SMOKE_USERNAME")]
    pub username: String,
    #[arg(long, env = "SMOKE_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// The staff user's authenticator key (base32), when the tenant requires MFA.
    #[arg(long, env = "SMOKE_TOTP_SECRET", hide_env_values = true)]
    pub totp_secret: Option<String>,
    /// The state of the smoke quote (personal auto); the tenant must write it there.
    #[arg(long, env = "SMOKE_STATE", default_value = "CA")]
    pub state: String,
    /// A portal user; without one the portal step checks the web UI's /portal page.
    #[arg(long, env = "SMOKE_CUSTOMER_USERNAME", requires = "customer_password")]
    pub customer_username: Option<String>,
    #[arg(long, env = "SMOKE_CUSTOMER_PASSWORD", hide_env_values = true)]
    pub customer_password: Option<String>,
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
