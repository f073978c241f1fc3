//! LatticePolicy's shared crate: the HTTP API types and the pure domain rules
//! (no I/O), used by the server and by the desktop app alike.

pub mod api;
pub mod customer;
pub mod error;
pub mod expr;
pub mod money;
pub mod password;
pub mod policy;
pub mod product;
pub mod rating;
pub mod rbac;
pub mod underwriting;

pub use error::ApiErrorBody;
