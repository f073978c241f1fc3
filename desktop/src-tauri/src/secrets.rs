//! Where the session token lives: the OS keychain (Secret Service on Linux, through
//! keyring-core), or memory in tests and where no keychain is reachable.

use std::collections::HashMap;
use std::sync::Mutex;

/// The keychain service name of every entry the app writes.
pub const SERVICE: &str = "org.latticepolicy.desktop";

#[derive(Debug, thiserror::Error)]
#[error("the keychain failed: {0}")]
pub struct SecretError(pub String);

/// A small key-value store for secrets.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError>;
    /// Removes the entry; removing a missing entry is not an error.
    fn delete(&self, account: &str) -> Result<(), SecretError>;
    /// Where the secrets go, for the settings screen.
    fn describe(&self) -> &'static str;
}

/// The OS keychain, through keyring-core's default store.
pub struct KeychainStore;

impl KeychainStore {
    /// Connects to the Secret Service (Linux). Fails without a D-Bus session.
    pub fn connect() -> Result<Self, SecretError> {
        let store = zbus_secret_service_keyring_store::Store::new()
            .map_err(|e| SecretError(e.to_string()))?;
        keyring_core::set_default_store(store);
        Ok(Self)
    }

    fn entry(account: &str) -> Result<keyring_core::Entry, SecretError> {
        keyring_core::Entry::new(SERVICE, account).map_err(|e| SecretError(e.to_string()))
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        match Self::entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretError(e.to_string())),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        Self::entry(account)?
            .set_password(secret)
            .map_err(|e| SecretError(e.to_string()))
    }

    fn delete(&self, account: &str) -> Result<(), SecretError> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(SecretError(e.to_string())),
        }
    }

    fn describe(&self) -> &'static str {
        "the system keychain"
    }
}

/// Secrets in memory only: gone when the app closes.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, String>>,
}

impl MemoryStore {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        Ok(self.entries().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        self.entries().insert(account.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), SecretError> {
        self.entries().remove(account);
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "memory (no keychain was reachable: you sign in again after a restart)"
    }
}
