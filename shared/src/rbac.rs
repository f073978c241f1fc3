//! Role-based access control as data: the permission catalog (menu, page and api
//! permissions) and the system roles every tenant starts with.

use std::sync::LazyLock;

/// Permission codes the server checks by name.
pub mod perm {
    pub const MENU_ADMIN_VIEW: &str = "menu.admin.view";
    pub const ADMIN_USERS_READ: &str = "admin.users.read";
    pub const ADMIN_USERS_MANAGE: &str = "admin.users.manage";
    pub const ADMIN_SECURITY_READ: &str = "admin.security.read";
}

/// The role that passes every permission check.
pub const ADMIN_ROLE: &str = "admin";

/// One permission of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionDef {
    pub code: String,
    /// `menu`, `page` or `api`.
    pub scope: &'static str,
    pub resource_key: String,
    pub action_key: String,
    pub label: String,
    pub description: String,
    pub sort_order: i32,
}

/// Top-level navigation entries (`menu.<x>.view`).
const MENUS: &[&str] = &[
    "search",
    "portal",
    "rating",
    "uw_queue",
    "placements",
    "admin",
];
/// Top-level pages (`page.<x>.view`).
const PAGES: &[&str] = &[
    "search",
    "portal",
    "rating",
    "wizard",
    "policy",
    "uw_queue",
    "placements",
];
/// Administration areas: each has `menu.admin.<x>.view` and `page.admin.<x>.view`.
const ADMIN_AREAS: &[&str] = &[
    "forms",
    "uw_company",
    "users",
    "tenant",
    "security",
    "customers",
    "onboarding",
    "notifications",
    "compliance",
    "import",
    "dashboard",
    "jobs",
    "reinsurance",
    "bordereaux",
    "exposure",
];
/// Permissions that guard API operations.
const API_PERMISSIONS: &[&str] = &[
    "admin.forms.read",
    "admin.forms.manage",
    "admin.forms.approve",
    "admin.uw_company.read",
    "admin.uw_company.manage",
    "admin.users.read",
    "admin.users.manage",
    "admin.tenant.read",
    "admin.tenant.manage",
    "admin.security.read",
    "admin.security.manage",
    "uw.referrals.read",
    "uw.referrals.decide",
    "admin.customers.read",
    "admin.customers.manage",
    "admin.customers.contact.manage",
    "admin.customers.approve",
    "admin.customers.merge",
    "admin.customers.deactivate",
    "admin.customers.import",
    "admin.customers.export",
    "admin.customers.pii_reveal",
    "admin.onboarding.read",
    "admin.onboarding.manage",
    "admin.onboarding.upload",
    "admin.onboarding.service",
    "admin.onboarding.approve",
    "rating.models.read",
    "rating.models.manage",
    "rating.models.publish",
    "customer.portal.read",
    "admin.notifications.read",
    "admin.notifications.manage",
    "admin.compliance.read",
    "admin.compliance.manage",
    "admin.import.read",
    "admin.import.manage",
    "admin.dashboard.read",
    "admin.jobs.read",
    "admin.jobs.manage",
    "admin.reinsurance.read",
    "admin.reinsurance.manage",
    "admin.bordereaux.read",
    "admin.bordereaux.manage",
    "placement.read",
    "placement.manage",
    "admin.exposure.read",
];

static CATALOG: LazyLock<Vec<PermissionDef>> = LazyLock::new(build_catalog);

/// The full permission catalog, in display order.
pub fn catalog() -> &'static [PermissionDef] {
    &CATALOG
}

/// Whether `code` names a permission of the catalog.
pub fn is_known_permission(code: &str) -> bool {
    CATALOG.iter().any(|p| p.code == code)
}

fn build_catalog() -> Vec<PermissionDef> {
    let menus = MENUS
        .iter()
        .map(|m| format!("menu.{m}.view"))
        .chain(ADMIN_AREAS.iter().map(|a| format!("menu.admin.{a}.view")));
    let pages = PAGES
        .iter()
        .map(|p| format!("page.{p}.view"))
        .chain(ADMIN_AREAS.iter().map(|a| format!("page.admin.{a}.view")));
    let apis = API_PERMISSIONS.iter().map(|a| (*a).to_owned());
    menus
        .map(|c| ("menu", c))
        .chain(pages.map(|c| ("page", c)))
        .chain(apis.map(|c| ("api", c)))
        .zip(1..)
        .map(|((scope, code), order)| describe(scope, code, order * 10))
        .collect()
}

fn describe(scope: &'static str, code: String, sort_order: i32) -> PermissionDef {
    let (resource, action) = code.rsplit_once('.').unwrap_or((code.as_str(), ""));
    // Menu and page codes carry their scope as the first segment; the resource follows it.
    let resource = match scope {
        "api" => resource,
        _ => resource.split_once('.').map_or(resource, |(_, rest)| rest),
    };
    let title = humanize(resource);
    let (label, description) = match scope {
        "menu" => (
            format!("{title} menu"),
            format!("Shows {title} in the navigation"),
        ),
        "page" => (format!("{title} page"), format!("Opens the {title} page")),
        _ => (
            format!("{title}: {action}"),
            format!("Allows the {action} operation on {title}"),
        ),
    };
    PermissionDef {
        scope,
        resource_key: resource.to_owned(),
        action_key: action.to_owned(),
        label,
        description,
        sort_order,
        code,
    }
}

/// `admin.uw_company` becomes `Admin / Uw company`.
fn humanize(key: &str) -> String {
    key.split('.')
        .map(|part| {
            let spaced = part.replace('_', " ");
            let mut chars = spaced.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// A role that every tenant is given and that cannot be deleted.
#[derive(Debug, Clone, Copy)]
pub struct SystemRole {
    pub code: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// The default permissions; empty for `admin`, which passes every check.
    pub permissions: &'static [&'static str],
}

const AGENT: &[&str] = &[
    "menu.search.view",
    "page.search.view",
    "page.wizard.view",
    "page.policy.view",
];

/// The system roles, seeded for every tenant.
pub const SYSTEM_ROLES: &[SystemRole] = &[
    SystemRole {
        code: ADMIN_ROLE,
        name: "Administrator",
        description: "Full access to every area of the tenant",
        permissions: &[],
    },
    SystemRole {
        code: "agent",
        name: "Agent",
        description: "Quotes, binds and services policies",
        permissions: AGENT,
    },
    SystemRole {
        code: "underwriter",
        name: "Underwriter",
        description: "Agent work plus referral decisions and placements",
        permissions: &[
            "menu.search.view",
            "page.search.view",
            "page.wizard.view",
            "page.policy.view",
            "menu.uw_queue.view",
            "page.uw_queue.view",
            "uw.referrals.read",
            "uw.referrals.decide",
            "menu.placements.view",
            "page.placements.view",
            "placement.read",
            "placement.manage",
        ],
    },
    SystemRole {
        code: "customer",
        name: "Customer",
        description: "A policyholder using the customer portal",
        permissions: &[
            "menu.portal.view",
            "page.portal.view",
            "customer.portal.read",
        ],
    },
    SystemRole {
        code: "actuary",
        name: "Actuary",
        description: "Maintains and publishes rating models",
        permissions: &[
            "menu.rating.view",
            "page.rating.view",
            "rating.models.read",
            "rating.models.manage",
            "rating.models.publish",
        ],
    },
    SystemRole {
        code: "forms_admin",
        name: "Forms administrator",
        description: "Maintains policy forms",
        permissions: &[
            "menu.admin.view",
            "menu.admin.forms.view",
            "page.admin.forms.view",
            "admin.forms.read",
            "admin.forms.manage",
        ],
    },
    SystemRole {
        code: "compliance_admin",
        name: "Compliance administrator",
        description: "Approves forms and manages state eligibility and sanctions screening",
        permissions: &[
            "menu.admin.view",
            "menu.admin.forms.view",
            "menu.admin.compliance.view",
            "page.admin.forms.view",
            "page.admin.compliance.view",
            "admin.forms.read",
            "admin.forms.manage",
            "admin.forms.approve",
            "admin.compliance.read",
            "admin.compliance.manage",
        ],
    },
    SystemRole {
        code: "jobs_admin",
        name: "Jobs administrator",
        description: "Watches and retries background jobs",
        permissions: &[
            "menu.admin.view",
            "menu.admin.jobs.view",
            "page.admin.jobs.view",
            "admin.jobs.read",
            "admin.jobs.manage",
        ],
    },
    SystemRole {
        code: "exposure_admin",
        name: "Exposure analyst",
        description: "Reads exposure accumulations",
        permissions: &[
            "menu.admin.view",
            "menu.admin.exposure.view",
            "page.admin.exposure.view",
            "admin.exposure.read",
        ],
    },
    SystemRole {
        code: "reinsurance_admin",
        name: "Reinsurance administrator",
        description: "Manages treaties and facultative placements",
        permissions: &[
            "menu.admin.view",
            "menu.admin.reinsurance.view",
            "page.admin.reinsurance.view",
            "admin.reinsurance.read",
            "admin.reinsurance.manage",
        ],
    },
    SystemRole {
        code: "bordereaux_admin",
        name: "Bordereaux administrator",
        description: "Generates and corrects bordereaux",
        permissions: &[
            "menu.admin.view",
            "menu.admin.bordereaux.view",
            "page.admin.bordereaux.view",
            "admin.bordereaux.read",
            "admin.bordereaux.manage",
        ],
    },
    SystemRole {
        code: "data_import_admin",
        name: "Data import administrator",
        description: "Stages and commits data migrations",
        permissions: &[
            "menu.admin.view",
            "menu.admin.import.view",
            "page.admin.import.view",
            "admin.import.read",
            "admin.import.manage",
        ],
    },
    SystemRole {
        code: "security_admin",
        name: "Security administrator",
        description: "Manages users, roles and permissions",
        permissions: &[
            "menu.admin.view",
            "menu.admin.security.view",
            "menu.admin.customers.view",
            "menu.admin.users.view",
            "page.admin.security.view",
            "page.admin.customers.view",
            "page.admin.users.view",
            "admin.security.read",
            "admin.security.manage",
            "admin.users.read",
            "admin.users.manage",
        ],
    },
    SystemRole {
        code: "customer_admin",
        name: "Customer administrator",
        description: "Maintains the customer master",
        permissions: &[
            "menu.search.view",
            "menu.admin.view",
            "menu.admin.customers.view",
            "page.search.view",
            "page.policy.view",
            "page.admin.customers.view",
            "admin.customers.read",
            "admin.customers.manage",
            "admin.customers.approve",
            "admin.customers.merge",
            "admin.customers.deactivate",
            "admin.customers.import",
            "admin.customers.export",
        ],
    },
    SystemRole {
        code: "customer_service",
        name: "Customer service",
        description: "Updates customer contact details",
        permissions: &[
            "menu.search.view",
            "menu.admin.view",
            "menu.admin.customers.view",
            "page.search.view",
            "page.policy.view",
            "page.admin.customers.view",
            "admin.customers.read",
            "admin.customers.contact.manage",
            "admin.customers.export",
        ],
    },
    SystemRole {
        code: "restricted_pii",
        name: "Restricted PII reader",
        description: "May reveal encrypted customer identifiers, with a reason",
        permissions: &[
            "menu.admin.view",
            "menu.admin.customers.view",
            "page.admin.customers.view",
            "admin.customers.read",
            "admin.customers.pii_reveal",
        ],
    },
    SystemRole {
        code: "notification_admin",
        name: "Notification administrator",
        description: "Maintains notification templates",
        permissions: &[
            "menu.admin.view",
            "menu.admin.notifications.view",
            "page.admin.notifications.view",
            "admin.notifications.read",
            "admin.notifications.manage",
        ],
    },
    SystemRole {
        code: "onboarding_admin",
        name: "Onboarding administrator",
        description: "Onboards agencies and producers",
        permissions: &[
            "menu.admin.view",
            "menu.admin.onboarding.view",
            "page.admin.onboarding.view",
            "admin.onboarding.read",
            "admin.onboarding.manage",
            "admin.onboarding.upload",
            "admin.onboarding.service",
        ],
    },
    SystemRole {
        code: "read_only",
        name: "Read only",
        description: "Searches and reads policies",
        permissions: &["menu.search.view", "page.search.view", "page.policy.view"],
    },
];

/// The system role with this code, if any.
pub fn system_role(code: &str) -> Option<&'static SystemRole> {
    SYSTEM_ROLES.iter().find(|r| r.code == code)
}

/// The default permission codes of a system role (`admin` gets the whole catalog).
pub fn default_permissions(role: &SystemRole) -> Vec<&'static str> {
    if role.code == ADMIN_ROLE {
        CATALOG.iter().map(|p| p.code.as_str()).collect()
    } else {
        role.permissions.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalog_has_90_unique_codes_in_three_scopes() {
        let codes: HashSet<_> = catalog().iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes.len(), 90);
        let count = |scope| catalog().iter().filter(|p| p.scope == scope).count();
        assert_eq!((count("menu"), count("page"), count("api")), (21, 22, 47));
    }

    #[test]
    fn catalog_entries_are_described() {
        let users = catalog()
            .iter()
            .find(|p| p.code == "menu.admin.users.view")
            .expect("menu.admin.users.view");
        assert_eq!(users.resource_key, "admin.users");
        assert_eq!(users.action_key, "view");
        assert_eq!(users.label, "Admin / Users menu");
        let contact = catalog()
            .iter()
            .find(|p| p.code == "admin.customers.contact.manage")
            .expect("contact.manage");
        assert_eq!(contact.resource_key, "admin.customers.contact");
        assert_eq!(contact.label, "Admin / Customers / Contact: manage");
        let orders: Vec<_> = catalog().iter().map(|p| p.sort_order).collect();
        assert!(orders.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn there_are_19_system_roles_using_only_catalog_permissions() {
        assert_eq!(SYSTEM_ROLES.len(), 19);
        let codes: HashSet<_> = SYSTEM_ROLES.iter().map(|r| r.code).collect();
        assert_eq!(codes.len(), 19);
        for role in SYSTEM_ROLES {
            for p in role.permissions {
                assert!(is_known_permission(p), "{} grants unknown {p}", role.code);
            }
        }
    }

    #[test]
    fn admin_defaults_to_everything_and_underwriter_extends_agent() {
        let admin = system_role("admin").expect("admin");
        assert_eq!(default_permissions(admin).len(), 90);
        let uw = system_role("underwriter").expect("underwriter");
        assert!(AGENT.iter().all(|p| uw.permissions.contains(p)));
        assert!(uw.permissions.contains(&"uw.referrals.decide"));
        assert!(
            !system_role("agent")
                .expect("agent")
                .permissions
                .contains(&"uw.referrals.decide")
        );
    }
}
