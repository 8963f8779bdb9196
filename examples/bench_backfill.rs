//! Benchmark of backfills on a real server.
//!
//! Creates a source table of N rows (default 1,000,000), then in one run:
//! - copies them with one `INSERT ... SELECT` into a scratch table (the baseline);
//! - copies them with phaseshift (expand, sync, backfill and validate phases of a spec),
//!   reporting the backfill's throughput, its longest batch transaction and this process's
//!   peak memory;
//! - runs the same apply again on a fresh database while a writer, on a thread and a
//!   connection of its own, alternates single-row UPDATEs of old rows and INSERTs of new
//!   ones in a closed loop: first alone for a few seconds (idle), then with the sync
//!   trigger in place and no backfill yet, then during the backfill, then with the
//!   trigger still in place once the new table is full. It reports the
//!   writer's throughput in each window, the share of idle throughput kept, and its
//!   latency p50, p99 and max;
//! - when copying into a new table, does the same copy the way other online migration
//!   tools do (a plain trigger and batches of no-op UPDATEs of 1,000 rows), alone and with
//!   the writer, for comparison on the same machine in the same run.
//!
//! Usage: cargo run --release --example bench_backfill -- [ROWS [BATCH_MS [REST [JOBS [in-place]]]]]
//! (`auto` as REST: the automatic yielding; `in-place`: fill a new column of the source)
//! Uses $DATABASE_URL's server, or starts a throwaway one with durable settings (fsync,
//! synchronous_commit and full_page_writes on).
//! With PHASESHIFT_BENCH_TRACE=DIR, writes DIR/ops.txt (each operation of the writer during
//! the backfill: when it ended and how long it took, in microseconds from the backfill's
//! start, and its kind) and DIR/batches.txt (when each batch was reported, its duration in
//! ms and its rows), to see which of the writer's operations were slow and when.

use phaseshift::exec::{self, ApplyOptions, Event};
use phaseshift::plan::PhaseKind;
use phaseshift::spec;
use phaseshift_testkit::{ServerOptions, TempServer};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SPEC: &str = "version: 1
name: copy_events
tables:
  events_copy:
    columns:
      id: { type: bigint, primary_key: true }
      account: { type: integer, not_null: true }
      kind: { type: text, not_null: true }
      payload: { type: text }
      at: { type: timestamptz, not_null: true }
backfill:
  - into: events_copy
    from: events
    key: id
    columns: { id: id, account: account, kind: kind, payload: payload, at: at }
";

/// The in-place variant: a new column of the source itself, filled from its other columns.
const SPEC_IN_PLACE: &str = "version: 1
name: fill_events
tables:
  events:
    columns:
      label: { type: text }
backfill:
  - into: events
    from: events
    key: id
    columns: { label: \"kind || ':' || account\" }
";

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn fresh(admin: &tokio_postgres::Client, admin_url: &str, name: &str, rows: i64) -> String {
    exec::create_database(admin, name, true).await.expect("create database");
    let url = exec::with_database(admin_url, name).expect("connection string");
    let c = exec::connect(&url).await.expect("connect");
    let t = Instant::now();
    c.batch_execute(&format!(
        "CREATE TABLE events (id bigint PRIMARY KEY, account integer NOT NULL, kind text NOT NULL, payload text, at timestamptz NOT NULL);
         INSERT INTO events SELECT g, g % 1000, 'kind' || (g % 7), repeat('x', 20 + g % 50), timestamptz '2025-01-01' + g * interval '1 second'
         FROM generate_series(1, {rows}) g;"
    ))
    .await
    .expect("build source");
    c.batch_execute("VACUUM ANALYZE events").await.expect("vacuum");
    // Writing the table's pages out now: otherwise the checkpoint its building started
    // goes on writing during the writer's idle window, which then reads low.
    c.batch_execute("CHECKPOINT").await.expect("checkpoint");
    eprintln!("built {name}: {rows} rows in {:.1} s", t.elapsed().as_secs_f64());
    url
}

/// The application: a thread and a connection of its own (nothing of the migration's process
/// slows it down), alternating a single-row UPDATE of an old row and an INSERT of a new row
/// in a closed loop until `stop`; returns when each statement ended and how long it took.
fn spawn_writer(url: String, rows: i64, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<(Instant, Duration)>> {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            let c = exec::connect(&url).await.expect("connect");
            let mut done: Vec<(Instant, Duration)> = Vec::new();
            let mut n: i64 = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let t = Instant::now();
                if n % 2 == 0 {
                    let id = 1 + (n * 7919) % rows;
                    c.execute("UPDATE events SET payload = 'w' || $2::bigint WHERE id = $1", &[&id, &n])
                        .await
                        .expect("update");
                } else {
                    c.execute("INSERT INTO events VALUES ($1, 1, 'w', 'writer', now())", &[&(rows + n)])
                        .await
                        .expect("insert");
                }
                done.push((Instant::now(), t.elapsed()));
            }
            done
        })
    })
}

/// The writer's operations that ended between `from` and `to`: their rate and latencies,
/// sorted.
fn window(ops: &[(Instant, Duration)], from: Instant, to: Instant) -> (f64, Vec<Duration>) {
    let mut lat: Vec<Duration> = ops.iter().filter(|(at, _)| *at >= from && *at <= to).map(|(_, l)| *l).collect();
    lat.sort();
    (lat.len() as f64 / (to - from).as_secs_f64(), lat)
}

/// The `p` quantile of sorted latencies, in ms.
fn pct(lat: &[Duration], p: f64) -> f64 {
    lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// One line on the writer in a window, against its idle rate and p99.
fn against_idle(label: &str, rate: f64, lat: &[Duration], idle_rate: f64, idle_lat: &[Duration]) {
    println!(
        "writer {label}: {rate:.0} ops/s ({:.0}% of idle), p50 {:.2} ms, p99 {:.2} ms ({:.1}x idle), max {:.1} ms",
        100.0 * rate / idle_rate,
        pct(lat, 0.5),
        pct(lat, 0.99),
        pct(lat, 0.99) / pct(idle_lat, 0.99).max(1e-9),
        pct(lat, 1.0)
    )
}

/// The batch-and-trigger technique of other online migration tools, for comparison (issue
/// 10's table): a plain trigger that upserts every written row of `events` into
/// `events_copy`, and batches of no-op UPDATEs of 1,000 rows in key order (each its own
/// transaction) that make the trigger copy them, up to the last key when it starts. Returns
/// how long the batches took.
async fn batch_and_trigger(url: &str) -> f64 {
    let c = exec::connect(url).await.expect("connect");
    c.batch_execute(
        "CREATE TABLE events_copy (id bigint PRIMARY KEY, account integer NOT NULL, kind text NOT NULL, payload text, at timestamptz NOT NULL);
         CREATE FUNCTION copy_row() RETURNS trigger LANGUAGE plpgsql AS $f$
         BEGIN
           IF TG_OP = 'DELETE' THEN
             DELETE FROM events_copy WHERE id = OLD.id;
           ELSE
             INSERT INTO events_copy VALUES (NEW.id, NEW.account, NEW.kind, NEW.payload, NEW.at)
             ON CONFLICT (id) DO UPDATE SET account = EXCLUDED.account, kind = EXCLUDED.kind,
               payload = EXCLUDED.payload, at = EXCLUDED.at;
           END IF;
           RETURN NULL;
         END $f$;
         CREATE TRIGGER copy_row AFTER INSERT OR UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION copy_row();",
    )
    .await
    .expect("trigger");
    let upper: i64 = c.query_one("SELECT max(id) FROM events", &[]).await.expect("upper").get(0);
    let batch = c
        .prepare(
            "WITH b AS (UPDATE events SET id = id WHERE id IN (SELECT id FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT 1000) RETURNING id)
             SELECT max(id) FROM b",
        )
        .await
        .expect("prepare");
    let t = Instant::now();
    let mut last = 0i64;
    while let Some(next) = c.query_one(&batch, &[&last, &upper]).await.expect("batch").get::<_, Option<i64>>(0) {
        last = next;
    }
    t.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rows: i64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let (_server, admin_url) = match std::env::var("DATABASE_URL") {
        Ok(u) if !u.is_empty() => (None, u),
        _ => {
            let s = TempServer::start_with(&ServerOptions { durable: true, ..Default::default() })
                .unwrap_or_else(|e| panic!("{e}"));
            let u = s.url("postgres");
            (Some(s), u)
        }
    };
    let admin = exec::connect(&admin_url).await.expect("connect");
    let settings: String = admin
        .query_one("SELECT current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') || ', full_page_writes ' || current_setting('full_page_writes')", &[])
        .await
        .expect("settings")
        .get(0);
    println!("server: fsync {settings}");
    // A fifth argument `in-place`: fill a new column of the source instead of copying it.
    let in_place = std::env::args().nth(5).is_some_and(|a| a == "in-place");
    let spec_text = if in_place { SPEC_IN_PLACE } else { SPEC };
    let specs = vec![spec::load_str(Path::new("events.yaml"), spec_text).expect("spec")];

    // Baseline: one statement.
    let url = fresh(&admin, &admin_url, "bench_backfill", rows).await;
    let c = exec::connect(&url).await.expect("connect");
    let single = if in_place {
        // The same fill as one UPDATE of every row, then the column dropped and the table
        // vacuumed, so that the backfill starts from a table as large as the others'.
        c.batch_execute("ALTER TABLE events ADD COLUMN baseline_label text").await.unwrap();
        let t = Instant::now();
        c.batch_execute("UPDATE events SET baseline_label = kind || ':' || account").await.unwrap();
        let single = t.elapsed();
        c.batch_execute("ALTER TABLE events DROP COLUMN baseline_label").await.unwrap();
        c.batch_execute("VACUUM events").await.unwrap();
        single
    } else {
        c.batch_execute("CREATE TABLE baseline (id bigint PRIMARY KEY, account integer NOT NULL, kind text NOT NULL, payload text, at timestamptz NOT NULL)")
            .await
            .unwrap();
        let t = Instant::now();
        c.batch_execute("INSERT INTO baseline SELECT id, account, kind, payload, at FROM events").await.unwrap();
        let single = t.elapsed();
        c.batch_execute("DROP TABLE baseline").await.unwrap();
        single
    };

    // phaseshift, alone.
    let mut client = exec::connect(&url).await.expect("connect");
    let mut done: Option<(f64, u64)> = None;
    let mut batches = 0u64;
    let mut opts = ApplyOptions { to_phase: Some(4), ..ApplyOptions::default() };
    // `--batch-ms`, as apply's: the batch duration the backfill aims for.
    if let Some(ms) = std::env::args().nth(2).and_then(|a| a.parse().ok()) {
        opts.backfill.target_batch_ms = ms;
    }
    // `--rest`, as apply's: a pause after each batch, in batch durations, always (without
    // it: automatic, making room only while other sessions are at work).
    if let Some(r) = std::env::args().nth(3).and_then(|a| a.parse().ok()) {
        opts.backfill.yielding = exec::Yielding::Rest(r);
    }
    // `--jobs`, as apply's: parallel workers, each in a session of its own.
    if let Some(n) = std::env::args().nth(4).and_then(|a| a.parse().ok()) {
        opts.backfill.jobs = n;
        opts.monitor = Some(url.clone());
    }
    println!(
        "target batch duration: {} ms, yielding {:?}, workers {}, {}",
        opts.backfill.target_batch_ms,
        opts.backfill.yielding,
        opts.backfill.jobs,
        if in_place { "filling a new column in place" } else { "copying into a new table" }
    );
    exec::apply(&mut client, &specs, &opts, &mut |_, _| true, &mut |e| match e {
        Event::BackfillProgress { .. } => batches += 1,
        Event::BackfillDone { secs, longest_batch_ms, .. } => done = Some((secs, longest_batch_ms)),
        _ => {}
    })
    .await
    .expect("apply");
    let (secs, longest) = done.expect("backfill ran");
    let ours = rows as f64 / secs;
    let theirs = rows as f64 / single.as_secs_f64();
    println!("rows: {rows}");
    let statement = if in_place { "UPDATE" } else { "INSERT ... SELECT" };
    println!("{statement}: {:.2} s, {:.0} rows/s", single.as_secs_f64(), theirs);
    println!("phaseshift backfill: {secs:.2} s, {ours:.0} rows/s, {batches} batches, longest batch {longest} ms");
    println!("throughput ratio (phaseshift / single statement): {:.2}", ours / theirs);
    println!("peak memory of this process: {:.1} MB", peak_rss_mb());

    // phaseshift with a writer on the source, on a fresh database.
    let url = fresh(&admin, &admin_url, "bench_backfill_w", rows).await;
    if opts.monitor.is_some() {
        opts.monitor = Some(url.clone());
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writer = spawn_writer(url.clone(), rows, stop.clone());
    let idle_from = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let idle_to = Instant::now();
    let mut client = exec::connect(&url).await.expect("connect");
    // Expand and sync, then the writer with the sync trigger in place and no backfill yet.
    let sync_opts = ApplyOptions { to_phase: Some(2), ..ApplyOptions::default() };
    exec::apply(&mut client, &specs, &sync_opts, &mut |_, _| true, &mut |_| {}).await.expect("apply sync");
    let sync_from = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let sync_to = Instant::now();
    // Then with the trigger noting keys in the sync log, as it does while the batches copy
    // (the backfill adopts the log and carries the notes over).
    let mut logged = None;
    if !in_place {
        let b = phaseshift::model::Backfill {
            target: phaseshift::model::QualName::new("public", "events_copy"),
            source: phaseshift::model::QualName::new("public", "events"),
            key: vec![("id".into(), "bigint".into())],
            conflict: vec!["id".into()],
            mappings: Vec::new(),
            filter: None,
            on_invalid: phaseshift::model::InvalidRows::Fail,
            sole_source: true,
            migration: String::new(),
        };
        client.batch_execute(&phaseshift::sql::data::create_log(&b)).await.expect("sync log");
        let from = Instant::now();
        tokio::time::sleep(Duration::from_secs(5)).await;
        logged = Some((from, Instant::now()));
    }
    let (mut bf_from, mut bf_to) = (None, None);
    let mut copy_secs = 0.0;
    let mut batch_ends: Vec<(Instant, u64, i64)> = Vec::new();
    exec::apply(&mut client, &specs, &opts, &mut |_, _| true, &mut |e| match e {
        Event::BackfillProgress { batch_ms, batch_rows, .. } => batch_ends.push((Instant::now(), batch_ms, batch_rows)),
        Event::PhaseStarted { kind: PhaseKind::Backfill, .. } => bf_from = Some(Instant::now()),
        Event::PhaseApplied { kind: PhaseKind::Backfill, .. } => bf_to = Some(Instant::now()),
        Event::BackfillDone { secs, .. } => copy_secs = secs,
        _ => {}
    })
    .await
    .expect("apply with writer");
    // The sync trigger still in place, the new table full: what the trigger costs the
    // writer once the copy is over (its upserts now update rows instead of inserting them).
    let after_from = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after_to = Instant::now();
    stop.store(true, Ordering::Relaxed);
    let ops = writer.join().expect("writer");
    let (bf_from, bf_to) = (bf_from.expect("backfill started"), bf_to.expect("backfill ended"));
    // (With PHASESHIFT_BENCH_TRACE=DIR: the writer's operations and the batches' ends during
    // the backfill, in microseconds from its start, to see which operations were slow when.)
    if let Some(dir) = std::env::var_os("PHASESHIFT_BENCH_TRACE") {
        let dir = Path::new(&dir);
        let us = |t: Instant| t.saturating_duration_since(bf_from).as_micros();
        let ops_text: String = ops
            .iter()
            .enumerate()
            .filter(|(_, (at, _))| *at >= bf_from && *at <= bf_to)
            .map(|(i, (at, l))| {
                format!("{} {} {}\n", us(*at), l.as_micros(), if i % 2 == 0 { "insert" } else { "update" })
            })
            .collect();
        std::fs::write(dir.join("ops.txt"), ops_text).expect("trace");
        let batches_text: String =
            batch_ends.iter().map(|(at, ms, rows)| format!("{} {} {}\n", us(*at), ms, rows)).collect();
        std::fs::write(dir.join("batches.txt"), batches_text).expect("trace");
    }
    let (idle_rate, idle_lat) = window(&ops, idle_from, idle_to);
    let (sync_rate, sync_lat) = window(&ops, sync_from, sync_to);
    let (bf_rate, bf_lat) = window(&ops, bf_from, bf_to);
    let (after_rate, after_lat) = window(&ops, after_from, after_to);
    println!(
        "with a concurrent writer: backfill {copy_secs:.2} s, copy ratio (single statement / phaseshift time) {:.2}",
        single.as_secs_f64() / copy_secs
    );
    println!(
        "writer idle: {idle_rate:.0} ops/s, p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms",
        pct(&idle_lat, 0.5),
        pct(&idle_lat, 0.99),
        pct(&idle_lat, 1.0)
    );
    against_idle("with the sync trigger, no backfill", sync_rate, &sync_lat, idle_rate, &idle_lat);
    if let Some((from, to)) = logged {
        let (rate, lat) = window(&ops, from, to);
        against_idle("with the sync trigger noting keys, no batches", rate, &lat, idle_rate, &idle_lat);
    }
    against_idle("during the backfill", bf_rate, &bf_lat, idle_rate, &idle_lat);
    against_idle("with the sync trigger, after the backfill", after_rate, &after_lat, idle_rate, &idle_lat);
    if !in_place {
        // The batch-and-trigger technique, alone, then with the writer (idle first).
        let url = fresh(&admin, &admin_url, "bench_backfill_t", rows).await;
        let alone = batch_and_trigger(&url).await;
        println!("batch-and-trigger technique alone: {alone:.2} s, ratio {:.2}", single.as_secs_f64() / alone);
        let url = fresh(&admin, &admin_url, "bench_backfill_tw", rows).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writer = spawn_writer(url.clone(), rows, stop.clone());
        let idle_from = Instant::now();
        tokio::time::sleep(Duration::from_secs(5)).await;
        let idle_to = Instant::now();
        let from = Instant::now();
        let copy = batch_and_trigger(&url).await;
        let to = Instant::now();
        stop.store(true, Ordering::Relaxed);
        let ops = writer.join().expect("writer");
        let (idle_rate, idle_lat) = window(&ops, idle_from, idle_to);
        let (rate, lat) = window(&ops, from, to);
        println!(
            "batch-and-trigger technique with the writer: {copy:.2} s, copy ratio {:.2}; writer idle {idle_rate:.0} ops/s, p99 {:.2} ms",
            single.as_secs_f64() / copy,
            pct(&idle_lat, 0.99)
        );
        against_idle("during the batch-and-trigger copy", rate, &lat, idle_rate, &idle_lat);
    }
    for db in ["bench_backfill", "bench_backfill_w", "bench_backfill_t", "bench_backfill_tw"] {
        let _ = admin.batch_execute(&phaseshift::sql::drop_database(db)).await;
    }
}
