//! Request and response types of the HTTP API, with the reference's camelCase field names.

pub mod admin;
pub mod auth;
pub mod health;
pub mod page;
pub mod products;
pub mod rating;

pub use page::Page;
