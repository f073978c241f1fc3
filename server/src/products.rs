//! The product catalog: the packs built into the binary, extended (or replaced) by the
//! packs in `PRODUCTS_DIR`, with tenant overrides from `PRODUCTS_DIR/tenants/`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use lattice_shared::product::{Catalog, CatalogBuilder};

/// Loads the catalog. Any unreadable or invalid file stops start-up with its name, line
/// and problem.
pub fn load_catalog(dir: Option<&Path>) -> anyhow::Result<Catalog> {
    let mut builder = CatalogBuilder::with_builtins()?;
    if let Some(dir) = dir {
        for path in toml_files(dir)? {
            let text = read(&path)?;
            let name = path.display().to_string();
            if let Some(replaced) = builder.add_pack(&name, &text)? {
                tracing::info!(pack = %name, replaced = %replaced, "product pack replaces a built-in");
            } else {
                tracing::info!(pack = %name, "product pack loaded");
            }
        }
        let tenants = dir.join("tenants");
        if tenants.is_dir() {
            for path in toml_files(&tenants)? {
                builder.add_overrides(&path.display().to_string(), &read(&path)?)?;
            }
        }
    }
    Ok(builder.build()?)
}

fn toml_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading PRODUCTS_DIR {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
