//! API tests: each starts the real server on a random port against its own PostgreSQL
//! database (`#[sqlx::test]` makes one per test) and talks to it over HTTP.

mod admin_users;
mod atomicity;
mod auth;
mod binary;
mod bind;
mod cache;
mod cancel;
mod customers;
mod demo;
mod documents;
mod endorse;
mod errors;
mod faults;
mod health;
mod helpers;
mod idempotency;
mod matrix;
mod mfa;
mod outages;
mod outbox;
mod portal;
mod products;
mod quotes;
mod reference;
mod referrals;
mod rls;
mod search;
mod sessions;
mod smoke;
mod tenancy;
mod terms;
mod web;
