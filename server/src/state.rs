//! The shared application state handed to every handler.

use std::ops::Deref;
use std::sync::Arc;

use lattice_shared::product::Catalog;
use sqlx::PgPool;

use crate::auth::jwt::{JwtKeys, MfaKeys};
use crate::auth::rate_limit::RateLimiter;
use crate::auth::sessions::SessionCache;
use crate::cache::Cache;
use crate::config::Config;
use crate::crypto::FieldCipher;
use crate::error_tracking::ErrorTracker;
use crate::liveness::Liveness;
use crate::products::load_catalog;
use crate::routes::health::HealthProbe;
use crate::routes::web::WebApp;
use crate::services::quote_contract::QuoteContract;

/// Cheap to clone; derefs to [`App`].
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}

/// Everything a request may need: configuration, the database, the cache, the product
/// catalog with its quote contract, and the limiters.
pub struct App {
    pub config: Config,
    pub db: PgPool,
    pub cache: Option<Cache>,
    /// Sentry, when `SENTRY_DSN` is set.
    pub error_tracker: Option<ErrorTracker>,
    pub catalog: Catalog,
    pub contract: QuoteContract,
    pub jwt: JwtKeys,
    pub mfa: MfaKeys,
    /// Encrypts customer-sensitive fields and MFA secrets.
    pub cipher: FieldCipher,
    pub login_limiter: RateLimiter,
    pub mfa_limiter: RateLimiter,
    pub global_limiter: RateLimiter,
    /// The web UI build, when `WEB_ROOT` is set.
    pub web: Option<WebApp>,
    /// This process's liveness lock, recorded on the idempotency keys it claims.
    pub liveness: Liveness,
    /// The shared probe behind `/health`.
    pub health: HealthProbe,
    /// Sessions read from the database, reused while PostgreSQL says they are current.
    pub sessions: Arc<SessionCache>,
}

impl App {
    pub fn new(config: Config, db: PgPool) -> anyhow::Result<Self> {
        let cache = config
            .cache_url()
            .map(|url| Cache::open(url, &config.cache_prefix))
            .transpose()?;
        let catalog = load_catalog(config.products_dir.as_deref())?;
        let environment = if config.production {
            "production"
        } else {
            "development"
        };
        let error_tracker = config
            .sentry_dsn
            .as_ref()
            .map(|dsn| ErrorTracker::new(dsn, environment))
            .transpose()?;
        let contract = QuoteContract::new(&catalog)?;
        let web = config.web_root.as_deref().map(WebApp::new).transpose()?;
        let limits = config.rate_limits;
        Ok(Self {
            jwt: JwtKeys::new(&config.jwt_secret),
            mfa: MfaKeys::new(&config.mfa_token_secret),
            cipher: FieldCipher::new(
                &config.customer_data_key,
                &config.customer_data_previous_keys,
            ),
            login_limiter: RateLimiter::new(limits.login_max, limits.window),
            mfa_limiter: RateLimiter::new(limits.mfa_max, limits.window),
            global_limiter: RateLimiter::new(limits.global_max, limits.window),
            web,
            liveness: Liveness::start(&db),
            health: HealthProbe::default(),
            sessions: {
                let sessions = Arc::new(SessionCache::new(config.session_cache));
                sessions.start(&db);
                sessions
            },
            cache,
            error_tracker,
            catalog,
            contract,
            db,
            config,
        })
    }
}
