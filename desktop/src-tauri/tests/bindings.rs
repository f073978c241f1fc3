//! The UI's command bindings (`desktop/ui/src/platform/commands.gen.ts`) match the Rust
//! commands: this test renders them afresh and fails on any difference.

use lattice_desktop::bindings;

#[test]
fn typescript_bindings_match_the_commands() {
    let committed =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(bindings::TYPESCRIPT_PATH);
    let fresh = std::env::temp_dir().join(format!("lattice-commands-{}.ts", std::process::id()));
    bindings::builder()
        .export(bindings::typescript(), &fresh)
        .expect("bindings render");
    let rendered = std::fs::read_to_string(&fresh).expect("rendered bindings");
    let _ = std::fs::remove_file(&fresh);

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &rendered).expect("bindings written");
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == rendered,
        "{} is out of date with the desktop commands: run \
         `UPDATE_BINDINGS=1 cargo test -p lattice-desktop --test bindings` and commit it",
        committed.display()
    );
}
