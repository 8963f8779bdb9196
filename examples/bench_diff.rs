//! Benchmark of schema reading and diffing on a real server.
//!
//! Builds two databases of N tables (default 1000): each table with a primary key, a
//! foreign key, two indexes (one partial) and a check; plus a view and a policy for every
//! tenth table. The second database differs slightly. Then measures, best of R runs:
//! - live introspection of one database (two sessions on one snapshot),
//! - live vs live: reading both and planning the migration,
//! - `pg_dump --schema-only` of one database,
//!
//! and the peak memory of this process.
//!
//! Usage: cargo run --release --example bench_diff -- [TABLES] [RUNS]
//! Uses $DATABASE_URL's server, or starts a throwaway one.

use phaseshift::diff::{diff_full, Filter};
use phaseshift::exec::{self, server::TempServer};
use phaseshift::plan::plan_full;
use std::time::{Duration, Instant};

fn schema_sql(tables: usize, changed: bool) -> String {
    let mut s = String::from("CREATE TABLE t0 (id bigint PRIMARY KEY, name text);\n");
    for i in 1..tables {
        let extra = if changed && i % 100 == 0 { ", extra text" } else { "" };
        s.push_str(&format!(
            "CREATE TABLE t{i} (id bigint PRIMARY KEY, parent_id bigint REFERENCES t{p} (id), name text NOT NULL, \
             status integer NOT NULL DEFAULT 0, created timestamptz NOT NULL DEFAULT now(){extra}, \
             CONSTRAINT t{i}_status_check CHECK (status >= 0));\n\
             CREATE INDEX t{i}_name_idx ON t{i} (name);\n",
            p = i - 1
        ));
        if !(changed && i % 200 == 0) {
            s.push_str(&format!("CREATE INDEX t{i}_live_idx ON t{i} (created) WHERE status = 1;\n"));
        }
        if i % 10 == 0 {
            let filter = if changed && i % 100 == 0 { "status > 1" } else { "status > 0" };
            s.push_str(&format!(
                "CREATE VIEW v{i} AS SELECT id, name FROM t{i} WHERE {filter};\n\
                 ALTER TABLE t{i} ENABLE ROW LEVEL SECURITY;\n\
                 CREATE POLICY t{i}_own ON t{i} USING (name = current_user);\n"
            ));
        }
    }
    s
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tables: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let (_server, admin_url) = match std::env::var("DATABASE_URL") {
        Ok(u) if !u.is_empty() => (None, u),
        _ => {
            let s = TempServer::start().unwrap_or_else(|e| panic!("{e}"));
            let u = s.url("postgres");
            (Some(s), u)
        }
    };
    let admin = exec::connect(&admin_url).await.expect("connect");
    let (a, b) = ("bench_diff_a", "bench_diff_b");
    for (db, changed) in [(a, false), (b, true)] {
        exec::create_database(&admin, db, true).await.expect("create database");
        let c = exec::connect(&exec::with_database(&admin_url, db).expect("connection string")).await.expect("connect");
        let started = Instant::now();
        exec::run_script(&c, &schema_sql(tables, changed)).await.expect("build schema");
        eprintln!("built {db}: {tables} tables in {:.0} ms", ms(started.elapsed()));
    }
    let (url_a, url_b) = (
        exec::with_database(&admin_url, a).expect("connection string"),
        exec::with_database(&admin_url, b).expect("connection string"),
    );
    let mut ca = exec::connect(&url_a).await.expect("connect");
    let mut cb = exec::connect(&url_b).await.expect("connect");
    let mut ha = exec::connect(&url_a).await.expect("connect");
    let mut hb = exec::connect(&url_b).await.expect("connect");

    let mut intro = Vec::new();
    let mut live_vs_live = Vec::new();
    let mut diff_only = Vec::new();
    let mut changes = 0;
    let mut steps = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let sa = exec::read_live_parallel(&mut ca, &mut ha, None).await.expect("read");
        intro.push(t.elapsed());
        let t = Instant::now();
        let (ra, rb) = tokio::join!(
            exec::read_live_parallel(&mut ca, &mut ha, None),
            exec::read_live_parallel(&mut cb, &mut hb, None)
        );
        let (sa2, sb) = (ra.expect("read a"), rb.expect("read b"));
        let t2 = Instant::now();
        changes = diff_full(&sa2, &sb, &Filter::default()).len();
        let plan = plan_full(&sa2, &sb, &Filter::default()).expect("plan");
        steps = plan.steps().count();
        diff_only.push(t2.elapsed());
        live_vs_live.push(t.elapsed());
        assert_eq!(sa.tables.len(), tables);
    }
    let bindir = exec::server::find_bindir().expect("pg_dump");
    let mut dump = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let o = std::process::Command::new(bindir.join("pg_dump"))
            .args(["--schema-only", "-d", &url_a])
            .output()
            .expect("pg_dump");
        assert!(o.status.success());
        dump.push(t.elapsed());
    }
    let best = |v: &Vec<Duration>| v.iter().min().copied().unwrap_or_default();
    let median = |v: &Vec<Duration>| {
        let mut s = v.clone();
        s.sort();
        s[s.len() / 2]
    };
    println!("tables: {tables}, runs: {runs} (best / median)");
    println!("live introspection (one database): {:.1} / {:.1} ms", ms(best(&intro)), ms(median(&intro)));
    println!(
        "live vs live (read both + diff + plan): {:.1} / {:.1} ms  ({changes} changes, {steps} steps)",
        ms(best(&live_vs_live)),
        ms(median(&live_vs_live))
    );
    println!("  of which diff + plan: {:.1} / {:.1} ms", ms(best(&diff_only)), ms(median(&diff_only)));
    println!("pg_dump --schema-only (one database): {:.1} / {:.1} ms", ms(best(&dump)), ms(median(&dump)));
    println!(
        "pg_dump / introspection: {:.1}x; pg_dump / live-vs-live: {:.1}x",
        best(&dump).as_secs_f64() / best(&intro).as_secs_f64(),
        best(&dump).as_secs_f64() / best(&live_vs_live).as_secs_f64()
    );
    println!("peak memory of this process: {:.1} MB", peak_rss_mb());
    for db in [a, b] {
        let _ = admin.batch_execute(&phaseshift::sql::drop_database(db)).await;
    }
}
