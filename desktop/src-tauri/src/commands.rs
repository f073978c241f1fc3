//! The commands the UI may call (each allowed by name in `capabilities/main.json`).
//! Errors reach the UI as plain messages.
#![expect(
    clippy::needless_pass_by_value,
    reason = "Tauri hands command arguments over by value"
)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::AppState;
use crate::preview::{self, OfflinePreview};
use crate::server_url;
use crate::session::{ApiRequest, ApiResponse};
use crate::settings::Settings;

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerSettings {
    pub server_url: Option<String>,
    /// Where the session token is kept.
    pub secret_store: String,
}

#[tauri::command]
#[specta::specta]
pub fn server_settings(state: State<'_, AppState>) -> ServerSettings {
    ServerSettings {
        server_url: state.session.server().map(String::from),
        secret_store: state.session.store_description().to_owned(),
    }
}

/// Checks, saves and switches to a server address; returns it normalised.
#[tauri::command]
#[specta::specta]
pub fn set_server_url(state: State<'_, AppState>, url: String) -> Result<String, String> {
    let url = server_url::parse(&url)?;
    state
        .settings
        .save(&Settings {
            server_url: Some(url.to_string()),
        })
        .map_err(|e| format!("The setting could not be saved: {e}"))?;
    state.session.set_server(url.clone());
    Ok(url.into())
}

#[tauri::command]
#[specta::specta]
pub async fn api_request(
    state: State<'_, AppState>,
    request: ApiRequest,
) -> Result<ApiResponse, String> {
    state
        .session
        .request(request)
        .await
        .map_err(|e| e.to_string())
}

/// The user of a session that survived a restart, if any.
#[tauri::command]
#[specta::specta]
pub fn restore_session(state: State<'_, AppState>) -> Result<Option<Value>, String> {
    state.session.restore().map_err(|e| e.to_string())
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(state: State<'_, AppState>) -> Result<(), String> {
    state.session.sign_out().map_err(|e| e.to_string())
}

/// Asks where to save a downloaded document and writes it; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn save_file(
    app: tauri::AppHandle,
    name: String,
    content_base64: String,
) -> Result<Option<String>, String> {
    let bytes = BASE64
        .decode(content_base64)
        .map_err(|_| "The document arrived damaged".to_owned())?;
    let Some(path) = app
        .dialog()
        .file()
        .set_file_name(&name)
        .blocking_save_file()
    else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|_| "That location cannot be written to".to_owned())?;
    std::fs::write(&path, bytes).map_err(|e| format!("Saving {}: {e}", path.display()))?;
    Ok(Some(path.display().to_string()))
}

/// Rates the quote being edited on this machine (a preview; see `preview`).
#[tauri::command]
#[specta::specta]
pub fn preview_premium(tenant: String, payload: Value) -> Result<OfflinePreview, String> {
    preview::preview(&tenant, &payload)
}
