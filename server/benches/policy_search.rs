//! Policy search at scale: seeds 200,000 policies into a fresh database, starts the real
//! server in-process, and measures `GET /api/v1/policies` latency per scenario.
//!
//! Run on a release build: `cargo bench -p lattice-server --bench policy_search`
//! (`POLICIES=50000` to seed fewer; `DATABASE_URL` picks the PostgreSQL server).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use lattice_server::config::Config;
use lattice_server::startup::Application;
use lattice_server::{db, services};
use serde_json::{Value, json};

const DATABASE: &str = "lattice_bench_search";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let base = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let count: i64 = std::env::var("POLICIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let admin = db::connect(&base, 1, Duration::from_secs(10)).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "drop database if exists {DATABASE} with (force)"
    )))
    .execute(&admin)
    .await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("create database {DATABASE}")))
        .execute(&admin)
        .await?;
    let (server, _) = base.rsplit_once('/').expect("a database path");
    let pool = db::connect(&format!("{server}/{DATABASE}"), 16, Duration::from_secs(10)).await?;
    db::migrate::migrate(&pool).await?;
    services::demo::ensure_demo_tenant(&pool).await?;

    let started = Instant::now();
    seed(&pool, count).await?;
    println!(
        "seeded {count} policies in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let vars: HashMap<String, String> = [
        ("HOST", "127.0.0.1"),
        ("PORT", "0"),
        ("RATE_LIMIT_MAX", "0"),
        ("LOG_LEVEL", "error"),
        ("DATABASE_POOL_SIZE", "16"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let app = Application::build(Config::from_map(&vars)?, pool.clone()).await?;
    let address = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until(std::future::pending()));
    lattice_server::telemetry::install_crypto_provider();
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{address}/auth/login"))
        .json(&json!({"tenantId": "sample-carrier", "username": "admin", "password": "password"}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().expect("token").to_owned();

    let scenarios = [
        ("number prefix q=pc-", "q=pc-"),
        ("insured name q=hopper", "q=hopper"),
        ("rare text q=zz9999", "q=zz9999"),
        ("status=inforced, newest first", "status=inforced"),
        (
            "product + status + sort by number",
            "product=cyber&status=cancelled&sortBy=policyNumber&sortDir=asc",
        ),
        (
            "effective range, page 50",
            "effectiveFrom=2025-06-01&effectiveTo=2025-06-30&page=50",
        ),
        ("no filter, page 1", ""),
    ];
    println!("\n| scenario | matches | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
    for (name, query) in scenarios {
        let url = format!("{address}/api/v1/policies?{query}");
        let mut total = 0;
        for _ in 0..20 {
            let page: Value = client
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await?
                .json()
                .await?;
            total = page["total"].as_u64().unwrap_or(0);
        }
        let mut times = Vec::with_capacity(300);
        for _ in 0..300 {
            let t = Instant::now();
            let response = client.get(&url).bearer_auth(&token).send().await?;
            assert!(
                response.status().is_success(),
                "{name}: {}",
                response.status()
            );
            response.bytes().await?;
            times.push(t.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {name} | {total} | {:.1} | {:.1} | {:.1} |",
            ms(times[times.len() / 2]),
            ms(times[times.len() * 99 / 100]),
            ms(times[times.len() - 1])
        );
    }
    pool.close().await;
    if std::env::var_os("KEEP_DATABASE").is_none() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "drop database if exists {DATABASE} with (force)"
        )))
        .execute(&admin)
        .await?;
    }
    Ok(())
}

/// Inserts `count` policies spread over products, statuses, states, names and dates.
async fn seed(pool: &sqlx::PgPool, count: i64) -> anyhow::Result<()> {
    let mut tx = db::begin_tenant(pool, "sample-carrier").await?;
    sqlx::query(
        "insert into policy (policy_id, tenant_id, policy_number, product_code, product_version, status,
             term_effective_date, term_expiration_date, term_months, currency, state, insured_name,
             premium_total, premium_fees, premium_taxes, premium, created_by, updated_by, created_at)
         select gen_random_uuid(), 'sample-carrier',
                (array['PC','HO','CA','CY','PL'])[1 + i % 5] || '-' || upper(substr(md5(i::text), 1, 2)) || to_char(i, 'FM000000'),
                (array['personal-auto','homeowners','commercial-auto','cyber','professional-liability'])[1 + i % 5],
                '1.0.0',
                (array['Bound','Issued','Issued','Issued','Cancelled'])[1 + (i / 5) % 5],
                d, (d + interval '12 months')::date, 12, 'USD',
                (array['CA','NY','TX','FL','IL','WA'])[1 + i % 6],
                (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','John','Margaret','Ken',
                       'Dennis','Linus','Guido','Bjarne','Niklaus','Tony','Leslie','Robin','Fran','Radia'])[1 + i % 20]
                  || ' ' ||
                (array['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Backus','Hamilton','Thompson',
                       'Ritchie','Torvalds','Rossum','Stroustrup','Wirth','Hoare','Lamport','Milner','Perlman','Kay',
                       'Smith','Jones','Garcia','Nguyen','Patel','Okafor','Kowalski','Novak','Rossi','Muller'])[1 + (i / 20) % 30],
                500 + (i % 1000), 25, 15, '{}'::jsonb, 'seed', 'seed', now() - make_interval(mins => i::int)
         from generate_series(1, $1) as i
         cross join lateral (select (date '2025-01-01' + (i % 700)::int) as d) as x",
    )
    .bind(count)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // A steady-state table: statistics current and the visibility map set, as autovacuum
    // leaves it.
    sqlx::query("vacuum analyze policy").execute(pool).await?;
    Ok(())
}
