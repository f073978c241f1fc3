//! The cloud manifests (`deploy/`) and release workflows (`.github/workflows/`), checked
//! offline: each parses; the API container gets every variable of the deployment guide's
//! table, secrets only by reference; nothing secret is written into any file; health checks
//! ask `/health`; migrations run `lattice-server migrate`; the release runs in the guide's order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lattice_server::config::ENV_HELP;
use serde_json::Value;

/// The API container's variables in the deployment guide's table.
const GUIDE_VARIABLES: &[&str] = &[
    "NODE_ENV",
    "PORT",
    "DATABASE_URL",
    "JWT_SECRET",
    "CUSTOMER_DATA_KEY",
    "MFA_TOKEN_SECRET",
    "MFA_ISSUER",
    "REDIS_URL",
    "CACHE_ENABLED",
    "SENTRY_DSN",
    "ASYNC_PUSH_ENABLED",
    "ASYNC_PUSH_WEBHOOK_URL",
    "ASYNC_PUSH_AUTH_HEADER",
    "LOG_LEVEL",
];

/// Variables whose values are credentials: only ever a reference to a secret store.
const SECRET_VARIABLES: &[&str] = &[
    "DATABASE_URL",
    "JWT_SECRET",
    "CUSTOMER_DATA_KEY",
    "MFA_TOKEN_SECRET",
    "REDIS_URL",
    "SENTRY_DSN",
    "ASYNC_PUSH_WEBHOOK_URL",
    "ASYNC_PUSH_AUTH_HEADER",
    "ASYNC_PUSH_SIGNING_SECRET",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root().join(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn every_file() -> Vec<PathBuf> {
    let mut files = yaml_files("deploy");
    files.extend(yaml_files(".github/workflows"));
    files
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable");
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_rel(path: &str) -> Value {
    load(&root().join(path))
}

/// A container's environment: plain values, and the names given from a secret store.
#[derive(Debug, Default)]
struct Env {
    plain: BTreeMap<String, Value>,
    secret: BTreeSet<String>,
}

impl Env {
    /// Kubernetes-style lists (Azure, GCP): `{name, value}` or `{name, secretRef|valueFrom}`.
    fn from_list(list: &Value) -> Self {
        let mut env = Self::default();
        for item in list.as_array().expect("env is a list") {
            let name = item["name"].as_str().expect("env name").to_owned();
            if let Some(value) = item.get("value") {
                env.plain.insert(name, value.clone());
            } else if item.get("secretRef").is_some()
                || item.pointer("/valueFrom/secretKeyRef/name").is_some()
            {
                env.secret.insert(name);
            } else {
                panic!("{name}: neither a value nor a secret reference");
            }
        }
        env
    }

    /// An ECS container definition: `Environment` and `Secrets`.
    fn from_ecs(container: &Value) -> Self {
        let mut env = Self::default();
        for item in container["Environment"].as_array().into_iter().flatten() {
            let name = item["Name"].as_str().expect("Name").to_owned();
            env.plain.insert(name, item["Value"].clone());
        }
        for item in container["Secrets"].as_array().into_iter().flatten() {
            assert!(item.get("ValueFrom").is_some(), "{item}: no ValueFrom");
            env.secret
                .insert(item["Name"].as_str().expect("Name").to_owned());
        }
        env
    }

    fn names(&self) -> BTreeSet<&str> {
        self.plain
            .keys()
            .chain(&self.secret)
            .map(String::as_str)
            .collect()
    }

    /// Every guide variable present (PORT may come from the platform), secrets by
    /// reference only, and every name one the server reads.
    fn assert_complete(&self, what: &str, port_from_platform: bool) {
        let names = self.names();
        for variable in GUIDE_VARIABLES {
            if *variable == "PORT" && port_from_platform {
                continue;
            }
            assert!(names.contains(variable), "{what}: {variable} is missing");
        }
        for variable in SECRET_VARIABLES {
            assert!(
                self.secret.contains(*variable),
                "{what}: {variable} must come from the secret store"
            );
            assert!(
                !self.plain.contains_key(*variable),
                "{what}: {variable} has a literal value"
            );
        }
        for name in names {
            assert!(
                ENV_HELP.contains(name),
                "{what}: {name} is not a variable the server reads"
            );
        }
        assert_eq!(self.plain["NODE_ENV"], "production", "{what}");
    }
}

/// The AWS template's resources of one type, by logical name.
fn aws_resources<'a>(template: &'a Value, kind: &str) -> Vec<(&'a str, &'a Value)> {
    template["Resources"]
        .as_object()
        .expect("Resources")
        .iter()
        .filter(|(_, resource)| resource["Type"] == kind)
        .map(|(name, resource)| (name.as_str(), &resource["Properties"]))
        .collect()
}

/// ECS containers started from the API image (the service and the migration task, which
/// may name the release's new image).
fn aws_api_containers(template: &Value) -> Vec<(&str, &Value)> {
    aws_resources(template, "AWS::ECS::TaskDefinition")
        .into_iter()
        .flat_map(|(name, task)| {
            task["ContainerDefinitions"]
                .as_array()
                .expect("ContainerDefinitions")
                .iter()
                .map(move |container| (name, container))
        })
        .filter(|(_, container)| container["Image"].to_string().contains("\"ApiImageUri\""))
        .collect()
}

fn first_container<'a>(manifest: &'a Value, pointer: &str) -> &'a Value {
    manifest
        .pointer(pointer)
        .and_then(|containers| containers.get(0))
        .unwrap_or_else(|| panic!("no container at {pointer}"))
}

#[test]
fn every_manifest_and_workflow_parses() {
    let files = every_file();
    let names: BTreeSet<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(root())
                .expect("inside")
                .display()
                .to_string()
        })
        .collect();
    for expected in [
        "deploy/aws/lattice-policy.yaml",
        "deploy/azure/api.yaml",
        "deploy/azure/ui.yaml",
        "deploy/azure/migrate-job.yaml",
        "deploy/gcp/api.service.yaml",
        "deploy/gcp/ui.service.yaml",
        "deploy/gcp/migrate.job.yaml",
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
    ] {
        assert!(names.contains(expected), "{expected} is missing");
    }
    for file in files {
        assert!(
            load(&file).as_object().is_some_and(|map| !map.is_empty()),
            "{} is empty",
            file.display()
        );
    }
}

#[test]
fn aws_api_and_migration_tasks_get_the_guide_variables() {
    let template = load_rel("deploy/aws/lattice-policy.yaml");
    let containers = aws_api_containers(&template);
    assert!(containers.len() >= 2, "an API and a migration task");
    for (task, container) in &containers {
        Env::from_ecs(container).assert_complete(&format!("aws {task}"), false);
    }
    let migrations: Vec<_> = containers
        .iter()
        .filter(|(_, c)| c["Command"] == serde_json::json!(["migrate"]))
        .collect();
    assert_eq!(migrations.len(), 1, "one task runs `migrate`");
    let servers = containers
        .iter()
        .filter(|(_, c)| c["PortMappings"][0]["ContainerPort"] == 3000)
        .count();
    assert_eq!(servers, 1, "one task serves on 3000");
}

#[test]
fn azure_api_and_migration_job_get_the_guide_variables() {
    for (file, kind) in [
        ("deploy/azure/api.yaml", "Microsoft.App/containerApps"),
        ("deploy/azure/migrate-job.yaml", "Microsoft.App/jobs"),
    ] {
        let manifest = load_rel(file);
        assert_eq!(manifest["type"], kind, "{file}");
        let container = first_container(&manifest, "/properties/template/containers");
        let env = Env::from_list(&container["env"]);
        env.assert_complete(file, false);
        // Each secret reference names a Key Vault secret of the app, never a stored value.
        let secrets = manifest
            .pointer("/properties/configuration/secrets")
            .and_then(Value::as_array)
            .expect("secrets");
        for secret in secrets {
            assert!(
                secret.get("value").is_none(),
                "{file}: {secret} has a value"
            );
            assert!(
                secret["keyVaultUrl"]
                    .as_str()
                    .is_some_and(|url| url.contains(".vault.azure.net/secrets/")),
                "{file}: {secret} is not a Key Vault reference"
            );
        }
        let declared: BTreeSet<&str> = secrets.iter().filter_map(|s| s["name"].as_str()).collect();
        for item in container["env"].as_array().expect("env") {
            if let Some(reference) = item["secretRef"].as_str() {
                assert!(
                    declared.contains(reference),
                    "{file}: {reference} undeclared"
                );
            }
        }
    }
    let job = load_rel("deploy/azure/migrate-job.yaml");
    let job_container = first_container(&job, "/properties/template/containers");
    let invocation = [&job_container["command"], &job_container["args"]];
    assert!(
        invocation
            .iter()
            .any(|v| v.as_array().is_some_and(|a| a.contains(&"migrate".into()))),
        "the job runs `migrate`: {job_container}"
    );
}

#[test]
fn gcp_api_service_and_migration_job_get_the_guide_variables() {
    let service = load_rel("deploy/gcp/api.service.yaml");
    let container = first_container(&service, "/spec/template/spec/containers");
    // Cloud Run sets PORT itself, from the container port.
    assert_eq!(container["ports"][0]["containerPort"], 3000);
    Env::from_list(&container["env"]).assert_complete("gcp api service", true);

    let job = load_rel("deploy/gcp/migrate.job.yaml");
    assert_eq!(job["kind"], "Job");
    let container = first_container(&job, "/spec/template/spec/template/spec/containers");
    Env::from_list(&container["env"]).assert_complete("gcp migration job", true);
    assert_eq!(container["args"], serde_json::json!(["migrate"]));
}

#[test]
fn health_checks_ask_the_api_for_health() {
    let template = load_rel("deploy/aws/lattice-policy.yaml");
    let groups = aws_resources(&template, "AWS::ElasticLoadBalancingV2::TargetGroup");
    let api_groups: Vec<_> = groups.iter().filter(|(_, g)| g["Port"] == 3000).collect();
    assert_eq!(api_groups.len(), 1, "one API target group");
    assert_eq!(api_groups[0].1["HealthCheckPath"], "/health");
    for (name, group) in &groups {
        assert!(
            group["HealthCheckPath"].is_string(),
            "{name}: no health check"
        );
    }

    let azure = load_rel("deploy/azure/api.yaml");
    let probes = first_container(&azure, "/properties/template/containers")["probes"]
        .as_array()
        .expect("probes")
        .clone();
    assert!(
        probes.len() >= 2,
        "azure: startup and liveness probes at least"
    );
    for probe in probes {
        assert_eq!(probe["httpGet"]["path"], "/health", "azure: {probe}");
    }

    let gcp = load_rel("deploy/gcp/api.service.yaml");
    let container = first_container(&gcp, "/spec/template/spec/containers");
    for probe in ["startupProbe", "livenessProbe"] {
        assert_eq!(
            container[probe]["httpGet"]["path"], "/health",
            "gcp {probe}"
        );
    }

    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).expect("Dockerfile");
    assert!(
        dockerfile
            .lines()
            .any(|l| l.contains("CMD [\"/usr/local/bin/lattice-server\", \"healthcheck\"]")),
        "the API image's HEALTHCHECK runs `lattice-server healthcheck` (GET /health)"
    );
}

#[test]
fn the_load_balancer_sends_api_paths_to_the_api() {
    let template = load_rel("deploy/aws/lattice-policy.yaml");
    let rules = aws_resources(&template, "AWS::ElasticLoadBalancingV2::ListenerRule");
    let api_rule = rules
        .iter()
        .find(|(_, rule)| rule["Actions"][0]["TargetGroupArn"]["Ref"] == "ApiTargetGroup")
        .expect("a rule to the API");
    let paths = &api_rule.1["Conditions"][0]["PathPatternConfig"]["Values"];
    for path in ["/api/*", "/auth/*", "/health"] {
        assert!(
            paths.as_array().is_some_and(|p| p.contains(&path.into())),
            "{path} goes to the API: {paths}"
        );
    }
}

/// Strings that would be a credential written into a file.
fn looks_like_a_credential(text: &str) -> bool {
    let userinfo_password = text.split("://").nth(1).is_some_and(|rest| {
        let authority = rest.split('/').next().unwrap_or_default();
        authority
            .split_once('@')
            .is_some_and(|(user, _)| user.contains(':'))
    });
    let aws_key = text.match_indices("AKIA").any(|(at, _)| {
        let key = &text[at + 4..];
        key.len() >= 16
            && key[..16]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    userinfo_password
        || aws_key
        || text.contains("whsec_")
        || text.contains("-----BEGIN")
        || text.contains("xoxb-")
}

/// Calls `check(key, value)` on every mapping entry of `value`, at any depth.
fn walk(value: &Value, check: &mut impl FnMut(&str, &Value)) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                check(key, item);
                walk(item, check);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk(item, check)),
        _ => {}
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.push(text.clone()),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn no_secret_is_written_into_any_file() {
    let secret_names = |key: &str| {
        SECRET_VARIABLES.contains(&key)
            || key.ends_with("_PASSWORD")
            || key.ends_with("_SECRET")
            || key == "SMOKE_TOTP_SECRET"
    };
    for file in every_file() {
        let manifest = load(&file);
        let mut texts = Vec::new();
        strings(&manifest, &mut texts);
        for text in texts {
            assert!(
                !looks_like_a_credential(&text),
                "{}: a credential is written in: {text}",
                file.display()
            );
        }
        // Any mapping that sets a secret variable sets it from a secret expression.
        walk(&manifest, &mut |key, value| {
            if let (true, Some(text)) = (secret_names(key), value.as_str()) {
                assert!(
                    text.contains("${{ secrets.") || text.contains("${{ steps."),
                    "{}: {key} is set to a literal",
                    file.display()
                );
            }
        });
    }
}

#[test]
fn the_release_follows_the_guide_order_and_ci_runs_the_checks() {
    let release = load_rel(".github/workflows/release.yml");
    let tags = &release["on"]["push"]["tags"];
    assert!(
        tags.as_array().is_some_and(|t| t.contains(&"v*".into())),
        "releases start from a version tag: {tags}"
    );
    let jobs = release["jobs"].as_object().expect("jobs");
    let needs = |job: &str| -> BTreeSet<String> {
        match &jobs[job]["needs"] {
            Value::String(one) => [one.clone()].into(),
            Value::Array(many) => many
                .iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect(),
            _ => BTreeSet::new(),
        }
    };
    let order = [
        "images",
        "migrate",
        "deploy-api",
        "deploy-ui",
        "smoke",
        "promote",
    ];
    for pair in order.windows(2) {
        assert!(jobs.contains_key(pair[1]), "no {} job", pair[1]);
        assert!(
            needs(pair[1]).contains(pair[0]),
            "{} must wait for {}",
            pair[1],
            pair[0]
        );
    }
    let mut texts = Vec::new();
    strings(&release["jobs"]["smoke"], &mut texts);
    assert!(
        texts.iter().any(|t| t.contains("smoke --base-url")),
        "the smoke job runs `lattice-server smoke`"
    );

    let ci = load_rel(".github/workflows/ci.yml");
    assert!(
        ci["on"].get("pull_request").is_some(),
        "checks on pull requests"
    );
    let mut texts = Vec::new();
    strings(&ci["jobs"], &mut texts);
    assert!(
        texts.iter().any(|t| t.contains("bash .ci/run")),
        "CI runs .ci/run"
    );
}

#[test]
fn the_credential_detector_catches_what_it_should() {
    assert!(looks_like_a_credential(
        "postgres://app:hunter2@db.internal:5432/lattice"
    ));
    assert!(looks_like_a_credential(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    ));
    assert!(looks_like_a_credential("AKIAIOSFODNN7EXAMPLE"));
    assert!(!looks_like_a_credential("https://api.example.com/health"));
    assert!(!looks_like_a_credential("postgres://db.internal/lattice"));
    assert!(!looks_like_a_credential("${{ secrets.DATABASE_URL }}"));
}
