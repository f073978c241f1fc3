//! An embedded PostgreSQL for machines without `DATABASE_URL`: the locally installed
//! server binaries run `initdb` once into a data directory that persists between runs,
//! then `pg_ctl` starts and stops the server. As root, each command drops to `postgres`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;

use anyhow::{Context, bail};
use tokio::process::Command;

/// The OS account PostgreSQL runs as when this process is root (initdb refuses root).
const SERVICE_ACCOUNT: &str = "postgres";

/// A running embedded PostgreSQL. Stopped on [`EmbeddedPostgres::stop`] or drop, unless an
/// earlier run had already started it (then it is left running for that run).
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    bin_dir: PathBuf,
    port: u16,
    run_as: Option<String>,
    owned: bool,
}

impl EmbeddedPostgres {
    /// The default data directory: `/var/lib/lattice-policy/pgdata` for root (the
    /// `postgres` account must reach it), else `~/.local/share/lattice-policy/pgdata`.
    pub fn default_data_dir() -> PathBuf {
        if nix::unistd::geteuid().is_root() {
            PathBuf::from("/var/lib/lattice-policy/pgdata")
        } else {
            std::env::var_os("HOME")
                .map_or_else(|| PathBuf::from(".lattice"), PathBuf::from)
                .join(".local/share/lattice-policy/pgdata")
        }
    }

    /// Initialises `data_dir` if needed and starts PostgreSQL on `port` (or a free port),
    /// listening on 127.0.0.1 only, with trust authentication for user `postgres`.
    pub async fn start(data_dir: &Path, port: Option<u16>) -> anyhow::Result<Self> {
        let bin_dir = find_bin_dir()?;
        let run_as = nix::unistd::geteuid()
            .is_root()
            .then(|| SERVICE_ACCOUNT.to_owned());
        let mut pg = Self {
            data_dir: data_dir.to_path_buf(),
            bin_dir,
            port: 0,
            run_as,
            owned: false,
        };
        pg.prepare_dir()?;
        if !data_dir.join("PG_VERSION").exists() {
            tracing::info!(path = %data_dir.display(), "initialising the embedded database");
            let dir = data_dir.display().to_string();
            pg.run(
                "initdb",
                &[
                    "-D",
                    &dir,
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-locale",
                    "--encoding=UTF8",
                ],
            )
            .await?;
        }
        if let Some(running_port) = pg.running_port().await {
            tracing::info!(
                port = running_port,
                "reusing the embedded database already running"
            );
            pg.port = running_port;
            return Ok(pg);
        }
        pg.port = match port {
            Some(p) => p,
            None => free_port()?,
        };
        let dir = data_dir.display().to_string();
        let options = format!("-p {} -k \"{dir}\" -c listen_addresses=127.0.0.1", pg.port);
        let log = data_dir.join("server.log").display().to_string();
        pg.run(
            "pg_ctl",
            &[
                "-D", &dir, "-l", &log, "-o", &options, "-w", "-t", "60", "start",
            ],
        )
        .await
        .with_context(|| format!("starting PostgreSQL (its log: {log})"))?;
        pg.owned = true;
        tracing::info!(port = pg.port, path = %dir, "embedded database started");
        Ok(pg)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection URL for `database` on this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates `database` unless it exists. `database` must be a plain identifier.
    pub async fn ensure_database(&self, database: &str) -> anyhow::Result<()> {
        if database.is_empty()
            || !database
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            bail!("invalid database name {database:?}");
        }
        let admin =
            crate::db::connect(&self.url("postgres"), 1, std::time::Duration::from_secs(10))
                .await?;
        let exists = sqlx::query_scalar!(
            r#"select exists(select 1 from pg_database where datname = $1) as "exists!""#,
            database
        )
        .fetch_one(&admin)
        .await?;
        if !exists {
            // The name was checked above to be a plain identifier.
            let create = format!("create database \"{database}\"");
            sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                .execute(&admin)
                .await?;
        }
        admin.close().await;
        Ok(())
    }

    /// Stops the server (fast shutdown) if this process started it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if self.owned {
            self.owned = false;
            let dir = self.data_dir.display().to_string();
            self.run("pg_ctl", &["-D", &dir, "-m", "fast", "-w", "stop"])
                .await?;
            tracing::info!("embedded database stopped");
        }
        Ok(())
    }

    /// The port of a server already running on this data directory.
    async fn running_port(&self) -> Option<u16> {
        let dir = self.data_dir.display().to_string();
        self.run("pg_ctl", &["-D", &dir, "status"]).await.ok()?;
        let pid_file = std::fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?;
        // postmaster.pid: pid, data directory, start time, port, ...
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    fn prepare_dir(&self) -> anyhow::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = &self.data_dir;
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        if !dir.exists() {
            std::fs::create_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        if let Some(account) = &self.run_as {
            let user = nix::unistd::User::from_name(account)?.with_context(|| {
                format!("the {account} account is needed to run PostgreSQL as root")
            })?;
            std::os::unix::fs::chown(dir, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .with_context(|| format!("giving {} to {account}", dir.display()))?;
            let reachable = std::process::Command::new("runuser")
                .args(["-u", account, "--", "test", "-w"])
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
            if !reachable {
                bail!(
                    "the {account} account cannot reach {}: make its parent directories \
                     traversable (chmod o+x) or set EMBEDDED_DB_DIR elsewhere",
                    dir.display()
                );
            }
        }
        Ok(())
    }

    async fn run(&self, program: &str, args: &[&str]) -> anyhow::Result<Output> {
        let binary = self.bin_dir.join(program);
        let mut command = match &self.run_as {
            Some(account) => {
                let mut c = Command::new("runuser");
                c.args(["-u", account, "--"]).arg(&binary);
                c
            }
            None => Command::new(&binary),
        };
        let output = command
            .args(args)
            // The child must not inherit our cwd if it is unreadable by the service account.
            .current_dir("/")
            .kill_on_drop(true)
            .output()
            .await
            .with_context(|| format!("running {}", binary.display()))?;
        if !output.status.success() {
            bail!(
                "{program} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(output)
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if self.owned {
            let mut command = match &self.run_as {
                Some(account) => {
                    let mut c = std::process::Command::new("runuser");
                    c.args(["-u", account, "--"])
                        .arg(self.bin_dir.join("pg_ctl"));
                    c
                }
                None => std::process::Command::new(self.bin_dir.join("pg_ctl")),
            };
            let _ = command
                .arg("-D")
                .arg(&self.data_dir)
                .args(["-m", "fast", "-w", "stop"])
                .current_dir("/")
                .output();
        }
    }
}

/// `PG_BIN_DIR`, else `pg_config --bindir`, else the newest `/usr/lib/postgresql/*/bin`.
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN_DIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Ok(out) = std::process::Command::new("pg_config")
        .arg("--bindir")
        .output()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir).context(
        "no PostgreSQL server binaries found: install PostgreSQL (apt-get install postgresql), \
         set PG_BIN_DIR, or set DATABASE_URL",
    )
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
