//! Authentication and authorization: password hashing, access tokens, the per-request
//! `AuthUser` with its permissions re-read from the database, and per-IP rate limits.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod rate_limit;
pub mod totp;

pub use extract::AuthUser;
