//! Structured JSON logs on stdout at `LOG_LEVEL`, quiet for chatty dependencies, and the
//! process-wide TLS provider for outgoing requests.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Accepts pino's level names (`fatal`, `silent`) too.
pub fn init(log_level: &str) {
    let level = match log_level.to_ascii_lowercase().as_str() {
        "trace" => "trace",
        "debug" => "debug",
        "warn" | "warning" => "warn",
        "error" | "fatal" => "error",
        "silent" | "off" => "off",
        _ => "info",
    };
    let filter = EnvFilter::new(format!(
        "{level},sqlx=warn,hyper=warn,hyper_util=warn,h2=warn,tower=warn,reqwest=warn"
    ));
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .try_init();
}

/// Makes `ring` the TLS crypto provider of the process (for outgoing HTTPS: webhooks,
/// error tracking). Safe to call more than once.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
