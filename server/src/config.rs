//! Runtime configuration, read from the environment variables of the deployment guide.

mod production;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

/// The listen port when `PORT` is unset.
pub const DEFAULT_PORT: u16 = 3000;

/// Every setting the server reads, with its default. Shown by `lattice-server --help`.
pub const ENV_HELP: &str = "\
Environment variables (deployment guide names; defaults in brackets):
  NODE_ENV=production      production guardrails: secrets required, >= 32 chars, distinct
  PORT [3000]              HTTP listen port;  HOST [0.0.0.0] listen address
  DATABASE_URL             PostgreSQL URL; unset: an embedded PostgreSQL is started
  EMBEDDED_DB_DIR          data directory of the embedded PostgreSQL
  DATABASE_POOL_SIZE [10]  connections in the pool
  MIGRATE_ON_START [0]     run migrations when `serve` starts (always on for the embedded DB)
  JWT_SECRET               HS256 signing secret for access tokens
  CUSTOMER_DATA_KEY        customer-data encryption key [JWT_SECRET]
  CUSTOMER_DATA_PREVIOUS_KEYS  earlier CUSTOMER_DATA_KEY values, comma separated, still
                           accepted for reading until `lattice-server reencrypt` has run
  MFA_TOKEN_SECRET         MFA challenge-token secret [JWT_SECRET-mfa]
  MFA_ISSUER [LatticePolicy]  authenticator-app issuer name
  REDIS_URL, CACHE_ENABLED [1]  Redis read-through cache
  SENTRY_DSN               server-side error tracking
  ASYNC_PUSH_ENABLED [1], ASYNC_PUSH_WEBHOOK_URL, ASYNC_PUSH_AUTH_HEADER  outbox push
  ASYNC_PUSH_SIGNING_SECRET  sign deliveries the Standard Webhooks way (whsec_... or raw)
  ASYNC_PUSH_POLL_MS [1500], ASYNC_PUSH_BATCH_SIZE [25], ASYNC_PUSH_TIMEOUT_MS [5000],
  ASYNC_PUSH_BASE_BACKOFF_SECONDS [10], ASYNC_PUSH_MAX_BACKOFF_SECONDS [600],
  ASYNC_PUSH_MAX_ATTEMPTS [8], ASYNC_PUSH_VISIBILITY_SECONDS [60]
                           worker tuning: retries back off from base doubling to max;
                           a claim not finished within the visibility window is retried
  CACHE_PREFIX [lattice:]  prefix of every Redis key
  SESSION_CACHE_SECONDS [60]  how long a process may reuse a session it read (account,
                           roles, permissions); changes reach it at once through
                           PostgreSQL notifications, this only bounds a missed one (0: off)
  LOG_LEVEL [info]         trace | debug | info | warn | error
  ALLOWED_ORIGINS          CORS allowlist, comma separated
  TRUST_PROXY [0]          take the client IP from X-Forwarded-For (behind a load balancer)
  RATE_LIMIT_MAX [600], LOGIN_RATE_LIMIT_MAX [20], MFA_RATE_LIMIT_MAX [60],
  RATE_LIMIT_WINDOW_SECONDS [900]
                           requests per client IP per window (0 disables a limit)
  PRODUCTS_DIR             extra product packs (*.toml) and tenants/*.toml overrides
  WEB_ROOT                 the web UI build to serve at / (index.html with SPA fallback)
  SEED_DEMO [1]            outside production, ensure the sample-carrier demo tenant
  TENANT_ADMIN_PASSWORD    first admin password for `tenant create` (else read from stdin)";

/// The server's configuration. Secrets are `SecretString`, so `Debug` never prints them.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub database_url: Option<SecretString>,
    pub embedded_db_dir: Option<PathBuf>,
    pub database_pool_size: u32,
    pub migrate_on_start: bool,
    pub jwt_secret: SecretString,
    pub customer_data_key: SecretString,
    pub customer_data_previous_keys: Vec<SecretString>,
    pub mfa_token_secret: SecretString,
    pub mfa_issuer: String,
    pub redis_url: Option<SecretString>,
    pub cache_enabled: bool,
    /// Prefix of every Redis key (several deployments may share one Redis).
    pub cache_prefix: String,
    /// How long a session read from the database may be reused (zero: never).
    pub session_cache: Duration,
    pub sentry_dsn: Option<SecretString>,
    pub async_push: AsyncPush,
    pub log_level: String,
    pub production: bool,
    pub allowed_origins: Vec<String>,
    pub trust_proxy: bool,
    pub rate_limits: RateLimits,
    pub seed_demo: bool,
    pub products_dir: Option<PathBuf>,
    /// The web build (`desktop/ui/dist`) served beside the API, if any.
    pub web_root: Option<PathBuf>,
}

/// Settings of the outbox push worker.
#[derive(Debug, Clone)]
pub struct AsyncPush {
    pub enabled: bool,
    pub webhook_url: Option<SecretString>,
    pub auth_header: Option<SecretString>,
    pub signing_secret: Option<SecretString>,
    pub poll: Duration,
    pub batch_size: u32,
    pub timeout: Duration,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    pub max_attempts: u32,
    pub visibility: Duration,
}

/// Per-client-IP request limits; a `max` of 0 disables that limit.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub window: Duration,
    pub global_max: u32,
    pub login_max: u32,
    /// Per IP on `/auth/mfa/*`.
    pub mfa_max: u32,
}

/// Why the configuration was refused: one line per problem, each naming its variable.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n  {}", .problems.join("\n  "))]
pub struct ConfigError {
    pub problems: Vec<String>,
}

const DEV_JWT_SECRET: &str = "lattice-dev-jwt-secret-not-for-production";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the given variables (tests pass a map here instead of touching the process env).
    pub fn from_map(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        Self::from_lookup(|name| vars.get(name).cloned())
    }

    /// Builds the configuration from a variable lookup. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut problems = Vec::new();
        let production = production::is_production(&var);
        if production {
            problems.extend(production::check(&var));
        }

        let jwt_secret = var("JWT_SECRET").unwrap_or_else(|| DEV_JWT_SECRET.to_owned());
        let customer_data_key = var("CUSTOMER_DATA_KEY").unwrap_or_else(|| jwt_secret.clone());
        let mfa_token_secret =
            var("MFA_TOKEN_SECRET").unwrap_or_else(|| format!("{jwt_secret}-mfa"));
        let mut number = |name: &str, default: u64| -> u64 {
            match var(name).map(|v| v.parse::<u64>()) {
                None => default,
                Some(Ok(n)) => n,
                Some(Err(_)) => {
                    problems.push(format!("{name} must be a whole number"));
                    default
                }
            }
        };
        let port = number("PORT", DEFAULT_PORT.into());
        let pool_size = number("DATABASE_POOL_SIZE", 10);
        let window = number("RATE_LIMIT_WINDOW_SECONDS", 900);
        let global_max = number("RATE_LIMIT_MAX", 600);
        let login_max = number("LOGIN_RATE_LIMIT_MAX", 20);
        let mfa_max = number("MFA_RATE_LIMIT_MAX", 60);
        let push_poll = number("ASYNC_PUSH_POLL_MS", 1500);
        let push_batch = number("ASYNC_PUSH_BATCH_SIZE", 25).clamp(1, 1000);
        let push_timeout = number("ASYNC_PUSH_TIMEOUT_MS", 5000).max(1);
        let push_base = number("ASYNC_PUSH_BASE_BACKOFF_SECONDS", 10);
        let push_max = number("ASYNC_PUSH_MAX_BACKOFF_SECONDS", 600);
        let push_attempts = number("ASYNC_PUSH_MAX_ATTEMPTS", 8).clamp(1, 100);
        let push_visibility = number("ASYNC_PUSH_VISIBILITY_SECONDS", 60).max(1);
        let session_cache = number("SESSION_CACHE_SECONDS", 60);
        if port > u64::from(u16::MAX) {
            problems.push("PORT must be at most 65535".to_owned());
        }
        if pool_size == 0 {
            problems.push("DATABASE_POOL_SIZE must be at least 1".to_owned());
        }

        let config = Config {
            host: var("HOST").unwrap_or_else(|| "0.0.0.0".to_owned()),
            port: u16::try_from(port).unwrap_or(DEFAULT_PORT),
            database_url: var("DATABASE_URL").map(SecretString::from),
            embedded_db_dir: var("EMBEDDED_DB_DIR").map(PathBuf::from),
            database_pool_size: u32::try_from(pool_size).unwrap_or(u32::MAX),
            migrate_on_start: flag(var("MIGRATE_ON_START"), false),
            jwt_secret: jwt_secret.into(),
            customer_data_key: customer_data_key.into(),
            customer_data_previous_keys: var("CUSTOMER_DATA_PREVIOUS_KEYS")
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(|k| SecretString::from(k.to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            mfa_token_secret: mfa_token_secret.into(),
            mfa_issuer: var("MFA_ISSUER").unwrap_or_else(|| "LatticePolicy".to_owned()),
            redis_url: var("REDIS_URL").map(SecretString::from),
            cache_enabled: flag(var("CACHE_ENABLED"), true),
            cache_prefix: var("CACHE_PREFIX").unwrap_or_else(|| "lattice:".to_owned()),
            session_cache: Duration::from_secs(session_cache),
            sentry_dsn: var("SENTRY_DSN").map(SecretString::from),
            async_push: AsyncPush {
                enabled: flag(var("ASYNC_PUSH_ENABLED"), true),
                webhook_url: var("ASYNC_PUSH_WEBHOOK_URL").map(SecretString::from),
                auth_header: var("ASYNC_PUSH_AUTH_HEADER").map(SecretString::from),
                signing_secret: var("ASYNC_PUSH_SIGNING_SECRET").map(SecretString::from),
                poll: Duration::from_millis(push_poll),
                batch_size: u32::try_from(push_batch).unwrap_or(25),
                timeout: Duration::from_millis(push_timeout),
                base_backoff: Duration::from_secs(push_base),
                max_backoff: Duration::from_secs(push_max),
                max_attempts: u32::try_from(push_attempts).unwrap_or(8),
                visibility: Duration::from_secs(push_visibility),
            },
            log_level: var("LOG_LEVEL").unwrap_or_else(|| "info".to_owned()),
            production,
            allowed_origins: var("ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().trim_end_matches('/').to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            trust_proxy: flag(var("TRUST_PROXY"), false),
            rate_limits: RateLimits {
                window: Duration::from_secs(window.max(1)),
                global_max: u32::try_from(global_max).unwrap_or(u32::MAX),
                login_max: u32::try_from(login_max).unwrap_or(u32::MAX),
                mfa_max: u32::try_from(mfa_max).unwrap_or(u32::MAX),
            },
            seed_demo: flag(var("SEED_DEMO"), true),
            products_dir: var("PRODUCTS_DIR").map(PathBuf::from),
            web_root: var("WEB_ROOT").map(PathBuf::from),
        };
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { problems })
        }
    }

    /// Whether the Redis cache should be used.
    pub fn cache_url(&self) -> Option<&str> {
        self.redis_url
            .as_ref()
            .filter(|_| self.cache_enabled)
            .map(ExposeSecret::expose_secret)
    }
}

/// `1`, `true`, `yes` and `on` are true; `0`, `false`, `no` and `off` are false.
fn flag(value: Option<String>, default: bool) -> bool {
    match value.map(|v| v.to_ascii_lowercase()).as_deref() {
        Some("1" | "true" | "yes" | "on") => true,
        Some("0" | "false" | "no" | "off") => false,
        _ => default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_map(&map)
    }

    #[test]
    fn defaults_follow_the_deployment_guide() {
        let c = config(&[]).expect("defaults are valid outside production");
        assert_eq!(c.port, 3000);
        assert!(c.database_url.is_none());
        assert!(c.cache_enabled && c.async_push.enabled && !c.production);
        assert_eq!(c.mfa_issuer, "LatticePolicy");
        assert_eq!(c.log_level, "info");
        assert_eq!(c.rate_limits.login_max, 20);
        assert_eq!(c.rate_limits.global_max, 600);
        assert_eq!(c.rate_limits.mfa_max, 60);
        assert_eq!(c.rate_limits.window, Duration::from_secs(900));
        // The customer key and MFA secret derive from the JWT secret when unset.
        assert_eq!(
            c.customer_data_key.expose_secret(),
            c.jwt_secret.expose_secret()
        );
        assert_eq!(
            c.mfa_token_secret.expose_secret(),
            format!("{}-mfa", c.jwt_secret.expose_secret())
        );
    }

    #[test]
    fn bad_numbers_name_their_variable() {
        let err = config(&[("PORT", "eighty"), ("RATE_LIMIT_MAX", "-1")]).expect_err("invalid");
        assert_eq!(
            err.problems,
            vec![
                "PORT must be a whole number",
                "RATE_LIMIT_MAX must be a whole number"
            ]
        );
    }

    #[test]
    fn cache_needs_both_the_flag_and_a_url() {
        assert_eq!(config(&[]).expect("ok").cache_url(), None);
        let on = config(&[("REDIS_URL", "redis://127.0.0.1:6379")]).expect("ok");
        assert_eq!(on.cache_url(), Some("redis://127.0.0.1:6379"));
        let off = config(&[("REDIS_URL", "redis://x"), ("CACHE_ENABLED", "0")]).expect("ok");
        assert_eq!(off.cache_url(), None);
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let c = config(&[
            ("JWT_SECRET", "super-secret-signing-value"),
            ("DATABASE_URL", "postgres://app:hunter2@db/lattice"),
        ])
        .expect("ok");
        let shown = format!("{c:?}");
        assert!(!shown.contains("super-secret-signing-value"));
        assert!(!shown.contains("hunter2"));
    }
}
