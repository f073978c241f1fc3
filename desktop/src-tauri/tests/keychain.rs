//! The real OS keychain (Secret Service). `scripts/test` runs the tests inside a D-Bus
//! session with gnome-keyring unlocked, as a desktop login provides.

use lattice_desktop::secrets::{KeychainStore, SecretStore};

#[test]
fn the_keychain_keeps_replaces_and_forgets_a_secret() {
    let store = KeychainStore::connect().expect("a Secret Service (run under scripts/test)");
    let account = format!("test:{}", std::process::id());

    store.set(&account, "first").expect("stored");
    store.set(&account, "second").expect("replaced");
    let read = store.get(&account).expect("read");
    store.delete(&account).expect("deleted");

    assert_eq!(read.as_deref(), Some("second"));
    assert_eq!(store.get(&account).expect("read again"), None);
    store
        .delete(&account)
        .expect("deleting a missing entry is fine");
}
