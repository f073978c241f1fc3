//! The book under test: a fresh database, and real policies (quoted, bound and issued
//! through the API) cloned row by row in SQL into as large a book as asked, with their
//! transactions, versions, risk units, coverages and timeline segments. Clones get new
//! ids, numbers in their product's series and varied insured names; their documents and
//! ledger events are not cloned (reads and searches never need them).

use anyhow::Context;
use sqlx::{Executor, PgPool};

/// The tables a policy's rows live in, parents first, and the columns holding ids that a
/// clone must remap.
const TABLES: &[&str] = &[
    "policy",
    "policy_transaction",
    "policy_version",
    "risk_unit",
    "coverage_selection",
    "policy_timeline_segment",
];
const REMAPPED: &[&str] = &[
    "policy_id",
    "transaction_id",
    "version_id",
    "risk_unit_id",
    "source_version_id",
];
/// Clones per statement: bounds the memory of one insert.
const CHUNK: i64 = 10_000;

/// Drops and creates `name` on the server of `admin_url`; returns the new database's URL.
pub async fn fresh_database(admin_url: &str, name: &str) -> anyhow::Result<String> {
    let admin = PgPool::connect(admin_url)
        .await
        .with_context(|| format!("connecting to {admin_url}"))?;
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "drop database if exists {name} with (force)"
        )))
        .await?;
    admin
        .execute(sqlx::AssertSqlSafe(format!("create database {name}")))
        .await?;
    admin.close().await;
    let (server, _) = admin_url
        .rsplit_once('/')
        .context("DATABASE_URL names no database")?;
    Ok(format!("{server}/{name}"))
}

/// Clones the policy `source` of `from_tenant` `count` times into `to_tenant`, numbering
/// the clones `first..first+count` (kept apart from other clones of the same product).
pub async fn clone_policy(
    pool: &PgPool,
    source: &str,
    from_tenant: &str,
    to_tenant: &str,
    first: i64,
    count: i64,
) -> anyhow::Result<()> {
    let mut start = first;
    let end = first + count;
    while start < end {
        let stop = (start + CHUNK).min(end);
        let mut tx = pool.begin().await?;
        for table in TABLES {
            let sql = clone_statement(pool, table).await?;
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(from_tenant)
                .bind(source)
                .bind(start)
                .bind(stop - 1)
                .bind(to_tenant)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("cloning into {table}"))?;
        }
        tx.commit().await?;
        start = stop;
    }
    Ok(())
}

/// `insert into TABLE (...) select ...` copying the rows of policy `$2` of tenant `$1` once
/// for each `i` in `$3..=$4`, into tenant `$5`.
async fn clone_statement(pool: &PgPool, table: &str) -> anyhow::Result<String> {
    // Generated columns (the search text, sequence numbers) are left to the database.
    let columns: Vec<String> = sqlx::query_scalar(
        "select column_name::text from information_schema.columns
         where table_schema = 'public' and table_name = $1
           and is_generated = 'NEVER' and coalesce(identity_generation, '') <> 'ALWAYS'
         order by ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    let mut overrides = vec!["'tenant_id', $5::text".to_owned()];
    for column in REMAPPED.iter().filter(|c| columns.iter().any(|k| k == *c)) {
        overrides.push(format!("'{column}', {}", clone_id(column)));
    }
    if table == "policy" {
        overrides.extend(POLICY_OVERRIDES.iter().map(|s| (*s).to_owned()));
    }
    let list = columns.join(", ");
    Ok(format!(
        "insert into {table} ({list})
         select {list} from (
             select (jsonb_populate_record(null::{table}, to_jsonb(t) || jsonb_build_object({}))).*
             from {table} t cross join generate_series($3::bigint, $4::bigint) as i
             where t.tenant_id = $1 and t.policy_id = $2::uuid
         ) as clone",
        overrides.join(", ")
    ))
}

/// A clone's number continues its product's series (`PC-`, `HO-`...) with `L` and its
/// index; its insured is one of 600 names; creation times spread over the past.
const POLICY_OVERRIDES: &[&str] = &[
    "'policy_number', split_part(t.policy_number, '-', 1) || '-L' || to_char(i, 'FM0000000')",
    "'insured_name', (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','John',
        'Margaret','Ken','Dennis','Linus','Guido','Bjarne','Niklaus','Tony','Leslie','Robin',
        'Fran','Radia'])[1 + i % 20] || ' ' || (array['Lovelace','Hopper','Turing','Dijkstra',
        'Liskov','Knuth','Allen','Backus','Hamilton','Thompson','Ritchie','Torvalds','Rossum',
        'Stroustrup','Wirth','Hoare','Lamport','Milner','Perlman','Kay','Smith','Jones','Garcia',
        'Nguyen','Patel','Okafor','Kowalski','Novak','Rossi','Muller'])[1 + (i / 20) % 30]",
    "'source_quote_id', null",
    "'created_at', now() - make_interval(mins => i::int)",
];

/// A clone's id: a UUID from the source id, the target tenant and the clone's index, so
/// every table maps the same source id to the same clone id without a lookup.
fn clone_id(column: &str) -> String {
    format!("md5(t.{column}::text || ':' || $5::text || ':' || i)::uuid")
}

/// Statistics current and the visibility map set, as autovacuum leaves a steady table.
pub async fn settle(pool: &PgPool) -> anyhow::Result<()> {
    for table in TABLES {
        pool.execute(sqlx::AssertSqlSafe(format!("vacuum analyze {table}")))
            .await?;
    }
    Ok(())
}
