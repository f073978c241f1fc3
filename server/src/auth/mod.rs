//! Authentication and authorization: password hashing, access tokens, the per-request
//! `AuthUser` with its permissions read from the database (or the session cache that
//! PostgreSQL keeps current), and per-IP rate limits.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod rate_limit;
pub mod sessions;
pub mod totp;

pub use extract::AuthUser;
