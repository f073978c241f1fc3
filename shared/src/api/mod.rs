//! Request and response types of the HTTP API, with the reference's camelCase field names.

pub mod admin;
pub mod auth;
pub mod customers;
pub mod health;
pub mod lifecycle;
pub mod notifications;
pub mod page;
pub mod policies;
pub mod portal;
pub mod products;
pub mod quotes;
pub mod rating;
pub mod reference;
pub mod referrals;

pub use page::Page;
