//! The server under test: the release `lattice-server` binary as a child process on a
//! free loopback port, with its log in a file; killed when dropped.

use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use hyper::StatusCode;

use crate::client::{Call, Connection};

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `binary serve --migrate` with `env` and waits (up to a minute, the demo book
    /// included) until `/health` answers 200.
    pub async fn start(binary: &Path, env: &[(&str, &str)], log: &Path) -> anyhow::Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(binary)
            .args(["serve", "--migrate"])
            .envs(env.iter().copied())
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut server = Self { child, addr };
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut conn = Connection::new(addr);
        loop {
            if let Some(status) = server.child.try_wait()? {
                bail!("the server exited ({status}); see {}", log.display());
            }
            match conn.send(Call::get("/health", None)).await {
                Ok(answer) if answer.status == StatusCode::OK => return Ok(server),
                _ if Instant::now() > deadline => {
                    server.child.kill()?;
                    bail!("no healthy /health within 60 s; see {}", log.display());
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `binary tenant create` for a tenant whose first admin is `admin` / `password`.
pub fn create_tenant(
    binary: &Path,
    database_url: &str,
    id: &str,
    password: &str,
) -> anyhow::Result<()> {
    let output = Command::new(binary)
        .args(["tenant", "create", "--id", id, "--name", id])
        .env("DATABASE_URL", database_url)
        .env("TENANT_ADMIN_PASSWORD", password)
        .env("LOG_LEVEL", "warn")
        .stdin(Stdio::null())
        .output()
        .context("running tenant create")?;
    if !output.status.success() {
        bail!(
            "tenant create {id} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}
