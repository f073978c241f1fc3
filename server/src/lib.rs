//! LatticePolicy server: the HTTP API and system of record for P&C policies, over
//! PostgreSQL. `routes` is the HTTP edge, `services` the use cases, `db` the SQL.
#![forbid(unsafe_code)]

pub mod auth;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod crypto;
pub mod db;
pub mod documents;
pub mod embedded_pg;
pub mod error;
pub mod error_tracking;
pub mod liveness;
pub mod outbox;
pub mod products;
pub mod routes;
pub mod services;
pub mod smoke;
pub mod startup;
pub mod state;
pub mod telemetry;
