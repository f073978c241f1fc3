//! Argon2id password hashes, computed off the async runtime.

use std::sync::LazyLock;

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// A hash of a random value, verified against when the username is unknown so that a
/// missing account takes as long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).unwrap_or_default());

/// Hashes `password` with Argon2id (default parameters, random salt) as a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .context("password hashing task failed")?
}

/// Whether `password` matches the PHC string `hash`; `None` verifies against a dummy hash
/// and always fails.
pub async fn verify(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let matched = verify_blocking(&password, hash.as_deref().unwrap_or(&DUMMY_HASH));
        matched && hash.is_some()
    })
    .await
    .context("password verification task failed")
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hashed = hash("Correct-Horse-9".to_owned()).await.expect("hash");
        assert!(hashed.starts_with("$argon2id$"));
        assert!(
            verify("Correct-Horse-9".to_owned(), Some(hashed.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify("correct-horse-9".to_owned(), Some(hashed))
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn unknown_accounts_and_garbage_hashes_never_verify() {
        assert!(!verify("anything".to_owned(), None).await.expect("verify"));
        assert!(
            !verify("x".to_owned(), Some("not-a-phc-string".to_owned()))
                .await
                .expect("verify")
        );
    }
}
