//! Production guardrails: with `NODE_ENV=production` the server refuses to start on
//! missing, short, placeholder or reused secrets, or on an unsafe CORS allowlist.

/// Secrets that must be present, at least [`MIN_SECRET_LENGTH`] long, and distinct.
const SECRETS: &[&str] = &["JWT_SECRET", "CUSTOMER_DATA_KEY", "MFA_TOKEN_SECRET"];
const MIN_SECRET_LENGTH: usize = 32;
/// Values (or fragments) that mark a secret as an unchanged example.
const PLACEHOLDERS: &[&str] = &[
    "change-me",
    "changeme",
    "change_me",
    "dev-secret",
    "jwt-secret",
    "customer-data-key",
    "lattice-policy-customer-dev-key",
    "mfa-token-secret",
    "not-for-production",
    "placeholder",
    "example",
];
const PLACEHOLDER_VALUES: &[&str] = &["password", "secret", "test"];

/// Production is `NODE_ENV=production`, or `DEPLOYMENT_ENV`/`APP_ENV` naming a managed
/// stage; `DEPLOYMENT_ENV=local` always means a developer machine.
pub(super) fn is_production(var: &impl Fn(&str) -> Option<String>) -> bool {
    let stage = var("DEPLOYMENT_ENV")
        .or_else(|| var("APP_ENV"))
        .map(|v| v.to_ascii_lowercase());
    if stage.as_deref() == Some("local") {
        return false;
    }
    var("NODE_ENV").is_some_and(|v| v.eq_ignore_ascii_case("production"))
        || matches!(
            stage.as_deref(),
            Some("test" | "validation" | "staging" | "production")
        )
}

/// Every production rule the environment breaks, each naming its variable.
pub(super) fn check(var: &impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut problems = Vec::new();
    if var("DATABASE_URL").is_none() {
        problems.push(
            "DATABASE_URL is required in production (the embedded database is for development)"
                .to_owned(),
        );
    }
    let mut seen: Vec<(&str, String)> = Vec::new();
    for name in SECRETS {
        let Some(value) = var(name) else {
            problems.push(format!("{name} is required in production"));
            continue;
        };
        if value.chars().count() < MIN_SECRET_LENGTH {
            problems.push(format!(
                "{name} must be at least {MIN_SECRET_LENGTH} characters in production"
            ));
        }
        if is_placeholder(&value) {
            problems.push(format!(
                "{name} looks like a placeholder; generate a random value"
            ));
        }
        if let Some((other, _)) = seen.iter().find(|(_, v)| *v == value) {
            problems.push(format!("{name} must differ from {other}"));
        }
        seen.push((name, value));
    }
    for origin in var("ALLOWED_ORIGINS")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        if !origin_is_public_https(origin) {
            problems.push(format!(
                "ALLOWED_ORIGINS entry {origin:?} must be an https origin that is not local or *"
            ));
        }
    }
    let cache_flag = var("CACHE_ENABLED").map(|v| v.to_ascii_lowercase());
    if matches!(cache_flag.as_deref(), Some("1" | "true" | "yes" | "on"))
        && var("REDIS_URL").is_none()
    {
        problems.push("CACHE_ENABLED is on but REDIS_URL is not set".to_owned());
    }
    problems
}

fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PLACEHOLDER_VALUES.contains(&lower.as_str()) || PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

fn origin_is_public_https(origin: &str) -> bool {
    let Some(host) = origin.strip_prefix("https://") else {
        return false;
    };
    let host = host.split(['/', ':']).next().unwrap_or_default();
    !(host.is_empty()
        || host == "*"
        || host.contains('*')
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const GOOD: [(&str, &str); 5] = [
        ("NODE_ENV", "production"),
        ("DATABASE_URL", "postgres://app@db.internal/lattice"),
        ("JWT_SECRET", "Qm9yZWFsaXMtNzQxLWdyZWVuLWxpZ2h0LXN0YWlycw"),
        (
            "CUSTOMER_DATA_KEY",
            "c2lsdmVyLWZveC1ydW5zLWFjcm9zcy10aGUtdHVuZHJh",
        ),
        (
            "MFA_TOKEN_SECRET",
            "b3JjaGFyZC1yYWluLTkwMi1jb3BwZXIta2V0dGxlLWhpbGw",
        ),
    ];

    fn problems(overrides: &[(&str, Option<&str>)]) -> Vec<String> {
        let mut vars: HashMap<String, String> = GOOD
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        for (k, v) in overrides {
            match v {
                Some(v) => vars.insert((*k).to_owned(), (*v).to_owned()),
                None => vars.remove(*k),
            };
        }
        check(&|name: &str| vars.get(name).cloned())
    }

    #[test]
    fn a_complete_production_environment_passes() {
        assert!(problems(&[]).is_empty(), "{:?}", problems(&[]));
    }

    #[test]
    fn missing_secrets_and_database_are_named() {
        let p = problems(&[("JWT_SECRET", None), ("DATABASE_URL", None)]);
        assert!(p.iter().any(|m| m.starts_with("JWT_SECRET is required")));
        assert!(p.iter().any(|m| m.starts_with("DATABASE_URL is required")));
    }

    #[test]
    fn short_placeholder_and_reused_secrets_are_refused() {
        let short = problems(&[("MFA_TOKEN_SECRET", Some("tiny"))]);
        assert_eq!(
            short,
            vec!["MFA_TOKEN_SECRET must be at least 32 characters in production"]
        );
        let placeholder = problems(&[(
            "CUSTOMER_DATA_KEY",
            Some("please-change-me-before-going-live-ok"),
        )]);
        assert_eq!(
            placeholder,
            vec!["CUSTOMER_DATA_KEY looks like a placeholder; generate a random value"]
        );
        let reused = problems(&[("MFA_TOKEN_SECRET", Some(GOOD[2].1))]);
        assert_eq!(reused, vec!["MFA_TOKEN_SECRET must differ from JWT_SECRET"]);
    }

    #[test]
    fn origins_must_be_public_https() {
        assert!(problems(&[("ALLOWED_ORIGINS", Some("https://app.example.org"))]).is_empty());
        for bad in [
            "http://app.example.org",
            "https://localhost:5173",
            "*",
            "https://*.example.org",
        ] {
            let p = problems(&[("ALLOWED_ORIGINS", Some(bad))]);
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
            assert!(p[0].starts_with("ALLOWED_ORIGINS"));
        }
    }

    #[test]
    fn cache_flag_requires_redis() {
        let p = problems(&[("CACHE_ENABLED", Some("1"))]);
        assert_eq!(p, vec!["CACHE_ENABLED is on but REDIS_URL is not set"]);
    }

    #[test]
    fn stage_variables_decide_production() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(is_production(&env(&[("NODE_ENV", "production")])));
        assert!(is_production(&env(&[("DEPLOYMENT_ENV", "staging")])));
        assert!(!is_production(&env(&[
            ("NODE_ENV", "production"),
            ("DEPLOYMENT_ENV", "local")
        ])));
        assert!(!is_production(&env(&[("NODE_ENV", "development")])));
    }
}
