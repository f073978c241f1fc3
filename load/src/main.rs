//! `lattice-load`: seeds a book of policies, starts the release server on it, drives its
//! HTTP API with named scenarios (wrk-style: closed loop, warm-up, then a measured
//! window) and reports throughput, latency, errors and the server's memory as Markdown.
//! Exits 1 when any scenario saw an error.

mod client;
mod report;
mod runner;
mod scenarios;
mod seed;
mod server;
mod setup;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use sqlx::PgPool;

use crate::client::Connection;
use crate::report::{Goal, Report, Row};
use crate::runner::{Measured, Plan};
use crate::scenarios::{Endorse, GetEach, Health, Login, QuoteRate, QuoteToIssue};
use crate::server::Server;
use crate::setup::{SMALL_PASSWORD, SMALL_TENANT, TENANT};

const SCENARIOS: &[&str] = &[
    "health",
    "login",
    "policy-get",
    "search-small",
    "search-large",
    "quote",
    "quote-256",
    "quote-to-issue",
    "endorse",
    "portal",
    "rating",
];

#[derive(Debug, Parser)]
#[command(
    name = "lattice-load",
    about = "Load harness for the LatticePolicy API"
)]
struct Args {
    /// Policies in the main book (sample-carrier).
    #[arg(long, default_value_t = 200_000)]
    policies: i64,
    /// Personal auto policies in the small book (tenant small-book).
    #[arg(long, default_value_t = 1_000)]
    small_book: i64,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Warm-up seconds per scenario (not measured).
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// The server binary (a release build); default: lattice-server beside this binary.
    #[arg(long)]
    server: Option<PathBuf>,
    /// The PostgreSQL server to create the load database on (any database of it).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    database_url: String,
    /// Name of the database to (re)create for the run.
    #[arg(long, default_value = "lattice_load")]
    database: String,
    /// Redis for the server's cache; "" runs without one.
    #[arg(long, env = "REDIS_URL", default_value = "redis://127.0.0.1:6379")]
    redis_url: String,
    /// Run only these scenarios (repeatable); default all.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(SCENARIOS))]
    only: Vec<String>,
    /// A Markdown file to write the report into (between its lattice-load markers).
    #[arg(long)]
    write: Option<PathBuf>,
    /// The command line to print in the report as the one that reproduces it.
    #[arg(long, default_value = "bash scripts/load")]
    command_line: String,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(clean) if clean => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("lattice-load: some scenarios saw errors (see the table)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("lattice-load: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything; returns whether every scenario ran without errors.
async fn run(args: Args) -> anyhow::Result<bool> {
    let binary = match &args.server {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("lattice-server"),
    };
    let wanted = |name: &str| args.only.is_empty() || args.only.iter().any(|o| o == name);
    let plan = |connections| Plan {
        connections,
        warmup: Duration::from_secs(args.warmup),
        measure: Duration::from_secs(args.seconds),
    };

    let started = Instant::now();
    let url = seed::fresh_database(&args.database_url, &args.database).await?;
    let log = std::env::temp_dir().join("lattice-load-server.log");
    let mut env = vec![
        ("DATABASE_URL", url.as_str()),
        ("RATE_LIMIT_MAX", "0"),
        ("LOGIN_RATE_LIMIT_MAX", "0"),
        ("MFA_RATE_LIMIT_MAX", "0"),
        ("SEED_DEMO", "1"),
        ("CACHE_PREFIX", "lattice-load:"),
    ];
    if args.redis_url.is_empty() {
        env.push(("CACHE_ENABLED", "0"));
    } else {
        env.push(("REDIS_URL", args.redis_url.as_str()));
    }
    let server = Server::start(&binary, &env, &log).await?;
    server::create_tenant(&binary, &url, SMALL_TENANT, SMALL_PASSWORD)?;
    let pool = PgPool::connect(&url).await?;
    let mut conn = Connection::new(server.addr);
    let admin = setup::token(&mut conn, TENANT, "admin", setup::DEMO_PASSWORD).await?;
    let agent = setup::token(&mut conn, TENANT, "agent1", setup::DEMO_PASSWORD).await?;
    let customer = setup::token(&mut conn, TENANT, "customer1", setup::DEMO_PASSWORD).await?;
    let small_admin = setup::token(&mut conn, SMALL_TENANT, "admin", SMALL_PASSWORD).await?;
    let today = time::OffsetDateTime::now_utc().date();
    setup::book(
        &mut conn,
        &pool,
        &agent,
        today,
        args.policies,
        args.small_book,
    )
    .await?;
    println!(
        "book ready: {} + {} policies in {:.0} s",
        args.policies,
        args.small_book,
        started.elapsed().as_secs_f64()
    );

    let addr = server.addr;
    let pid = Some(server.pid());
    let mut rows = Vec::new();
    let mut add = |name: String, connections: usize, goal: Goal, measured: Measured| {
        println!(
            "{name} ({connections} connections): {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms, {} errors{}",
            measured.per_second(),
            measured.percentile_ms(50.0),
            measured.percentile_ms(99.0),
            measured.max_ms(),
            measured.errors,
            measured
                .first_error
                .as_deref()
                .map(|e| format!(" (first: {e})"))
                .unwrap_or_default()
        );
        rows.push(Row {
            name,
            connections: connections.to_string(),
            goal,
            measured,
        });
    };
    let goal = |rate: Option<f64>, p99: Option<f64>| Goal {
        min_per_second: rate,
        max_p99_ms: p99,
    };

    if wanted("health") {
        let m = runner::run(Arc::new(Health), addr, plan(32), pid).await;
        add("health".into(), 32, goal(Some(15_000.0), None), m);
    }
    if wanted("login") {
        let login = Login::new(TENANT, "agent1", setup::DEMO_PASSWORD);
        let m = runner::run(Arc::new(login), addr, plan(4), pid).await;
        add("login (Argon2id)".into(), 4, goal(None, None), m);
    }
    if wanted("policy-get") {
        let get = GetEach {
            token: admin.clone(),
            paths: setup::policy_paths(&pool, TENANT, 20_000).await?,
        };
        let m = runner::run(Arc::new(get), addr, plan(32), pid).await;
        add(
            "GET one policy".into(),
            32,
            goal(Some(2_000.0), Some(27.0)),
            m,
        );
    }
    let search = "/api/v1/policies?q=pc-";
    if wanted("search-small") {
        let total = setup::search_total(&mut conn, &small_admin, search).await?;
        let get = GetEach {
            token: small_admin.clone(),
            paths: vec![search.to_owned()],
        };
        let m = runner::run(Arc::new(get), addr, plan(32), pid).await;
        let name = format!("search `q=pc-`, {} matches of {}", total, args.small_book);
        add(name, 32, goal(Some(700.0), None), m);
    }
    if wanted("search-large") {
        let total = setup::search_total(&mut conn, &admin, search).await?;
        for connections in [1, 8] {
            let get = GetEach {
                token: admin.clone(),
                paths: vec![search.to_owned()],
            };
            let m = runner::run(Arc::new(get), addr, plan(connections), pid).await;
            let name = format!("search `q=pc-`, {} matches of {}", total, args.policies);
            let p99 = (connections == 1).then_some(50.0);
            add(name, connections, goal(None, p99), m);
        }
    }
    let quote = Arc::new(QuoteRate {
        token: agent.clone(),
        effective: today,
    });
    if wanted("quote") {
        let m = runner::run(quote.clone(), addr, plan(8), pid).await;
        add("quote create + rate".into(), 8, goal(Some(800.0), None), m);
    }
    if wanted("quote-256") {
        let m = runner::run(quote.clone(), addr, plan(256), pid).await;
        add("quote create + rate".into(), 256, goal(None, None), m);
    }
    let flow = Arc::new(QuoteToIssue {
        token: agent.clone(),
        effective: today,
    });
    if wanted("quote-to-issue") {
        let m = runner::run(flow.clone(), addr, plan(8), pid).await;
        add("quote → bind → issue".into(), 8, goal(Some(190.0), None), m);
    }
    if wanted("endorse") {
        let policies = setup::issued_policies(addr, flow.clone(), 400).await?;
        let endorse = Endorse {
            token: agent.clone(),
            policies: Arc::new(policies),
            effective: today,
        };
        let m = runner::run(Arc::new(endorse), addr, plan(8), pid).await;
        add("endorse (out of sequence)".into(), 8, goal(None, None), m);
    }
    if wanted("portal") {
        let get = GetEach {
            token: customer.clone(),
            paths: vec!["/api/v1/customer-portal/summary".to_owned()],
        };
        let m = runner::run(Arc::new(get), addr, plan(32), pid).await;
        add("portal summary".into(), 32, goal(None, None), m);
    }
    if wanted("rating") {
        let m = rating_in_process(Duration::from_secs(args.seconds.clamp(1, 5)))?;
        rows.push(Row {
            name: "rating, in process (personal auto)".into(),
            connections: "1 core".into(),
            goal: goal(Some(200_000.0), None),
            measured: m,
        });
    }

    let peak = runner::rss_high_water_kib(server.pid());
    let clean = rows.iter().all(|r| r.measured.errors == 0);
    let report = Report {
        heading: format!("### Load run of {}", time::OffsetDateTime::now_utc().date()),
        preamble: describe_run(&args, &pool).await?,
        rows,
        footer: vec![format!(
            "Server peak resident memory over the whole run (VmHWM): {} MiB (goal: under 60 MB).",
            peak.map_or("–".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0))
        )],
    };
    println!("\n{}", report.markdown());
    if let Some(path) = &args.write {
        report.write_into(path)?;
        println!("written into {}", path.display());
    }
    pool.close().await;
    drop(server);
    Ok(clean)
}

/// The machine and the run, for the report's first lines.
async fn describe_run(args: &Args, pool: &PgPool) -> anyhow::Result<Vec<String>> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_owned(), |(_, v)| v.trim().to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or("?".to_owned(), |kib| {
            format!("{:.0}", kib / 1024.0 / 1024.0)
        });
    let postgres: String = sqlx::query_scalar("show server_version")
        .fetch_one(pool)
        .await
        .context("asking PostgreSQL its version")?;
    Ok(vec![
        format!(
            "Machine: {cores} cores ({cpu}), {memory} GiB; PostgreSQL {postgres}{} and the load \
             generator on the same host.",
            if args.redis_url.is_empty() {
                ""
            } else {
                ", Redis"
            }
        ),
        format!(
            "Command: `{}` (release build; {} s warm-up, then {} s measured per scenario; \
             the generator runs 2 threads, one keep-alive connection per simulated client).",
            args.command_line, args.warmup, args.seconds
        ),
        format!(
            "Book: {} policies in `sample-carrier` over five products (cloned in SQL from \
             policies issued through the API), {} personal auto policies in `small-book`.",
            args.policies, args.small_book
        ),
    ])
}

/// Ratings per second on one core: the shared engine, no HTTP.
fn rating_in_process(duration: Duration) -> anyhow::Result<Measured> {
    let catalog = lattice_shared::product::Catalog::builtin()?;
    let product = catalog
        .product(TENANT, "personal-auto")
        .context("no personal-auto product")?;
    let payload = scenarios::auto_quote(time::OffsetDateTime::now_utc().date(), 1);
    let started = Instant::now();
    let mut completed = 0u64;
    while started.elapsed() < duration {
        for _ in 0..1000 {
            std::hint::black_box(lattice_shared::rating::rate(
                std::hint::black_box(&product),
                std::hint::black_box(&payload),
            ))?;
        }
        completed += 1000;
    }
    Ok(Measured {
        completed,
        seconds: started.elapsed().as_secs_f64(),
        ..Measured::default()
    })
}
