//! Use cases. Each owns its transaction; none knows about HTTP.

pub mod auth;
pub mod demo;
pub mod quote_contract;
pub mod rating;
pub mod tenants;
pub mod users;
