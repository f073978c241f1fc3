//! Building the HTTP application and running it until a shutdown signal.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;
use crate::outbox::Worker;
use crate::routes;
use crate::state::{App, AppState};

/// A bound listener, the router that will serve it, and the outbox worker when
/// `ASYNC_PUSH_ENABLED`.
pub struct Application {
    listener: TcpListener,
    router: Router,
    worker: Option<Worker>,
    state: AppState,
}

impl Application {
    /// Binds `HOST:PORT` (port 0 picks a free one) and assembles the router.
    pub async fn build(config: Config, db: PgPool) -> anyhow::Result<Self> {
        let address = format!("{}:{}", config.host, config.port);
        let listener = TcpListener::bind(&address)
            .await
            .with_context(|| format!("binding {address}"))?;
        let worker = config
            .async_push
            .enabled
            .then(|| Worker::new(db.clone(), config.async_push.clone()))
            .transpose()?;
        let state = AppState(Arc::new(App::new(config, db)?));
        Ok(Self {
            listener,
            router: routes::router(state.clone()),
            worker,
            state,
        })
    }

    /// The state handlers see (start-up tasks use it, as the demo's sample book does).
    pub fn state(&self) -> &App {
        &self.state
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)))
    }

    /// Serves (and runs the outbox worker) until `shutdown` completes, then finishes the
    /// requests and deliveries in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let worker = self.worker.map(|w| tokio::spawn(w.run(stopped)));
        let served = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop.send(true);
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        if let Some(tracker) = &self.state.error_tracker {
            tracker.flush(std::time::Duration::from_secs(2));
        }
        served
    }
}

/// Completes on Ctrl-C or SIGTERM (what container runtimes send).
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received; finishing requests in flight");
}
