//! The LatticePolicy desktop app: the shared UI (its desktop build) in a Tauri window.
//! Requests go through Rust, which holds the session token in the OS keychain.

pub mod bindings;
pub mod commands;
pub mod preview;
pub mod secrets;
pub mod server_url;
pub mod session;
pub mod settings;

use std::sync::Arc;

use tauri::Manager;

use crate::secrets::{KeychainStore, MemoryStore, SecretStore};
use crate::session::Session;
use crate::settings::SettingsFile;

/// What every command can reach.
pub struct AppState {
    pub session: Session,
    pub settings: SettingsFile,
}

/// The keychain when one answers, else memory (the user signs in after each start).
fn secret_store() -> Arc<dyn SecretStore> {
    match KeychainStore::connect().and_then(|store| store.get("probe").map(|_| store)) {
        Ok(store) => Arc::new(store),
        Err(e) => {
            eprintln!("lattice-desktop: no keychain ({e}); the session is kept in memory only");
            Arc::new(MemoryStore::default())
        }
    }
}

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let settings = SettingsFile::new(&app.path().app_config_dir()?);
            // LATTICE_SERVER_URL presets the server (first run, tests); the saved setting
            // wins otherwise.
            let server = settings
                .load()
                .server_url
                .or_else(|| std::env::var("LATTICE_SERVER_URL").ok())
                .and_then(|text| server_url::parse(&text).ok());
            app.manage(AppState {
                session: Session::new(secret_store(), server),
                settings,
            });
            Ok(())
        })
        .invoke_handler(bindings::builder().invoke_handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("lattice-desktop: {e}");
        std::process::exit(1);
    }
}
