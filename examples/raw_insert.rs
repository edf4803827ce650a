//! The baseline of the issuance load test (scripts/bench-http.sh): the raw durable single-row
//! insert rate of a database, through the service's own connection code. Each thread takes one
//! connection from `kartu::store::pool` (so SQLite gets the service's pragmas: WAL,
//! synchronous = NORMAL, busy timeout, foreign keys) and inserts one row per write transaction
//! with `kartu::store::write` (`BEGIN IMMEDIATE` on SQLite, `BEGIN` on PostgreSQL), for a fixed
//! time. It creates its own table and drops it afterwards.
//!
//! ```text
//! cargo run --release --example raw_insert -- --database-url URL --threads 8 --seconds 10
//! ```
//! Prints one line: `raw_insert backend=… threads=… rows=… seconds=… rows_per_s=… p50_ms=… p99_ms=…`.

// A benchmark helper may stop on the first surprise: it is not production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::RunQueryDsl;
use kartu::store::{self as db, DbConnection};

#[derive(Debug, Parser)]
struct Args {
    /// `postgres://…` or a SQLite path, as for `kartu serve`.
    #[arg(long)]
    database_url: String,
    /// Concurrent writers, each with its own connection.
    #[arg(long, default_value_t = 1)]
    threads: u32,
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Bytes of payload per row (a card row's QR text is ~180 bytes).
    #[arg(long, default_value_t = 200)]
    payload_bytes: usize,
}

const TABLE: &str = "bench_raw_rows";

fn insert(conn: &mut DbConnection, id: &str, payload: &str) -> diesel::QueryResult<usize> {
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query(format!("INSERT INTO {TABLE} (id, payload) VALUES (?, ?)"))
                .bind::<Text, _>(id)
                .bind::<Text, _>(payload)
                .execute(c)
        }
        DbConnection::Postgres(c) => {
            diesel::sql_query(format!("INSERT INTO {TABLE} (id, payload) VALUES ($1, $2)"))
                .bind::<Text, _>(id)
                .bind::<Text, _>(payload)
                .execute(c)
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

fn main() {
    let args = Args::parse();
    let backend = db::Backend::from_url(&args.database_url)
        .expect("database URL")
        .name();
    let pool = db::pool(&args.database_url, args.threads).expect("open the database");
    {
        let mut conn = pool.get().expect("a connection");
        conn.batch_execute(&format!(
            "DROP TABLE IF EXISTS {TABLE}; CREATE TABLE {TABLE} (id TEXT PRIMARY KEY, payload TEXT NOT NULL)"
        ))
        .expect("create the table");
    }
    let payload: String = "x".repeat(args.payload_bytes);
    let stop = Arc::new(AtomicBool::new(false));
    // Every thread holds its connection before the clock starts.
    let barrier = Arc::new(std::sync::Barrier::new(args.threads as usize + 1));
    let handles: Vec<_> = (0..args.threads)
        .map(|t| {
            let pool = pool.clone();
            let stop = Arc::clone(&stop);
            let barrier = Arc::clone(&barrier);
            let payload = payload.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("a connection");
                let mut latencies = Vec::with_capacity(100_000);
                barrier.wait();
                let mut i: u64 = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("{t}-{i}");
                    let started = Instant::now();
                    let n =
                        db::write(&mut conn, |c| insert(c, &id, &payload)).expect("insert one row");
                    assert_eq!(n, 1);
                    latencies.push(started.elapsed());
                    i += 1;
                }
                latencies
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs_f64(args.seconds));
    stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("a writer thread"))
        .collect();
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();

    let mut conn = pool.get().expect("a connection");
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let counted = match &mut *conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {TABLE}")).get_result::<Count>(c)
        }
        DbConnection::Postgres(c) => {
            diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {TABLE}")).get_result::<Count>(c)
        }
    }
    .expect("count the rows")
    .n;
    assert_eq!(
        counted,
        i64::try_from(latencies.len()).expect("fits"),
        "every committed row is in the table"
    );
    conn.batch_execute(&format!("DROP TABLE {TABLE}"))
        .expect("drop the table");

    println!(
        "raw_insert backend={backend} threads={} rows={} seconds={elapsed:.2} rows_per_s={:.1} p50_ms={:.3} p99_ms={:.3}",
        args.threads,
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
    );
}
