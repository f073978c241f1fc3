//! The set of products a server offers, with each tenant's overridden versions resolved
//! once at load time.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use super::Product;
use super::load::{PackError, load_overrides, load_pack};
use super::overrides::ProductOverrides;

/// The packs compiled into every build: `(file name, text)`.
const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "personal-auto.toml",
        include_str!("../../packs/personal-auto.toml"),
    ),
    (
        "homeowners.toml",
        include_str!("../../packs/homeowners.toml"),
    ),
    (
        "commercial-auto.toml",
        include_str!("../../packs/commercial-auto.toml"),
    ),
    ("cyber.toml", include_str!("../../packs/cyber.toml")),
    (
        "professional-liability.toml",
        include_str!("../../packs/professional-liability.toml"),
    ),
    (
        "identity-protection.toml",
        include_str!("../../packs/identity-protection.toml"),
    ),
];
const BUILTIN_TENANTS: &[(&str, &str)] = &[(
    "tenants/sample-carrier.toml",
    include_str!("../../packs/tenants/sample-carrier.toml"),
)];

/// Products by code, and per-tenant variants.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    products: IndexMap<String, Arc<Product>>,
    tenants: HashMap<String, HashMap<String, Arc<Product>>>,
}

/// Collects packs and overrides, then resolves them into a [`Catalog`].
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    products: IndexMap<String, (String, Product)>,
    overrides: Vec<(String, IndexMap<String, ProductOverrides>)>,
}

impl CatalogBuilder {
    /// A builder holding the built-in packs and tenant overrides.
    pub fn with_builtins() -> Result<Self, PackError> {
        let mut builder = Self::default();
        for (name, text) in BUILTIN_PACKS {
            builder.add_pack(name, text)?;
        }
        for (name, text) in BUILTIN_TENANTS {
            builder.add_overrides(name, text)?;
        }
        Ok(builder)
    }

    /// Adds a pack. A pack whose code is already present replaces it; the name of the
    /// replaced source is returned.
    pub fn add_pack(&mut self, source: &str, text: &str) -> Result<Option<String>, PackError> {
        let product = load_pack(source, text)?;
        Ok(self
            .products
            .insert(product.code.clone(), (source.to_owned(), product))
            .map(|(old, _)| old))
    }

    /// Adds a tenant's overrides file.
    pub fn add_overrides(&mut self, source: &str, text: &str) -> Result<(), PackError> {
        self.overrides.push(load_overrides(source, text)?);
        Ok(())
    }

    /// Applies every tenant's overrides; an override of an unknown product is an error.
    pub fn build(self) -> Result<Catalog, PackError> {
        let products: IndexMap<String, Arc<Product>> = self
            .products
            .into_iter()
            .map(|(code, (_, product))| (code, Arc::new(product)))
            .collect();
        let mut tenants: HashMap<String, HashMap<String, Arc<Product>>> = HashMap::new();
        for (tenant, overrides) in self.overrides {
            for (code, o) in overrides {
                let base = products.get(&code).ok_or_else(|| PackError {
                    source: o.source.clone(),
                    line: None,
                    message: format!("tenant {tenant} overrides unknown product {code:?}"),
                })?;
                let merged = base.with_overrides(&o)?;
                tenants
                    .entry(tenant.clone())
                    .or_default()
                    .insert(code, Arc::new(merged));
            }
        }
        Ok(Catalog { products, tenants })
    }
}

impl Catalog {
    /// The built-in catalog.
    pub fn builtin() -> Result<Catalog, PackError> {
        CatalogBuilder::with_builtins()?.build()
    }

    /// Every product, as packed (without tenant overrides), in load order.
    pub fn products(&self) -> impl Iterator<Item = &Arc<Product>> {
        self.products.values()
    }

    /// The product `code` as `tenant` sells it.
    pub fn product(&self, tenant: &str, code: &str) -> Option<Arc<Product>> {
        self.tenants
            .get(tenant)
            .and_then(|products| products.get(code))
            .or_else(|| self.products.get(code))
            .cloned()
    }
}
