//! Tauri's build step: the app's command list becomes permissions that capabilities grant.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "server_settings",
            "set_server_url",
            "api_request",
            "restore_session",
            "sign_out",
            "save_file",
            "preview_premium",
        ]),
    ))
    .expect("tauri build step");
}
