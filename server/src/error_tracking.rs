//! Server-side error tracking with Sentry (`SENTRY_DSN`): every 5xx answer is reported
//! with its trace id (the request id the client saw), method, route, status and the
//! internal cause. Nothing of the request (headers, body, query) is sent.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use sentry::protocol::{Event, Level};

/// The internal cause of an error answer, attached to the response for the reporter.
#[derive(Debug, Clone)]
pub struct ErrorCause(pub String);

/// One 5xx answer.
pub struct Failure<'a> {
    pub status: u16,
    pub method: &'a str,
    pub route: &'a str,
    pub trace_id: &'a str,
    pub cause: Option<&'a str>,
}

/// Reports to one Sentry project. Each report uses its own hub, so servers in one
/// process (tests) never share state.
pub struct ErrorTracker {
    client: Arc<sentry::Client>,
}

impl ErrorTracker {
    pub fn new(dsn: &SecretString, environment: &str) -> anyhow::Result<Self> {
        let dsn: sentry::types::Dsn = dsn
            .expose_secret()
            .parse()
            .context("SENTRY_DSN is not a valid Sentry DSN")?;
        crate::telemetry::install_crypto_provider();
        let mut options = sentry::ClientOptions::default();
        options.dsn = Some(dsn);
        options.release = Some(concat!("lattice-server@", env!("CARGO_PKG_VERSION")).into());
        options.environment = Some(environment.to_owned().into());
        options.send_default_pii = false;
        options.transport = Some(Arc::new(sentry::transports::DefaultTransportFactory));
        Ok(Self {
            client: Arc::new(sentry::Client::from(options)),
        })
    }

    pub fn report(&self, f: &Failure<'_>) {
        let hub = sentry::Hub::new(
            Some(self.client.clone()),
            Arc::new(sentry::Scope::default()),
        );
        let mut event = Event {
            message: Some(format!(
                "{} {} {}: {}",
                f.status,
                f.method,
                f.route,
                f.cause.unwrap_or("server error")
            )),
            level: Level::Error,
            logger: Some("lattice-server".into()),
            ..Default::default()
        };
        for (key, value) in [
            ("trace_id", f.trace_id.to_owned()),
            ("http.method", f.method.to_owned()),
            ("http.route", f.route.to_owned()),
            ("http.status", f.status.to_string()),
        ] {
            event.tags.insert(key.to_owned(), value);
        }
        hub.capture_event(event);
    }

    /// Sends what is queued, waiting at most `timeout` (at shutdown).
    pub fn flush(&self, timeout: Duration) -> bool {
        self.client.flush(Some(timeout))
    }
}
