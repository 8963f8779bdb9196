//! Randomized kill-and-race trials (issue 7): a writer uses the old shape of the
//! posts_normalization example while phaseshift applies and rolls back phases, killed
//! with SIGKILL or `pg_terminate_backend` at random moments, contract and the undo of the
//! switch included. Afterwards every row the writer committed must be there exactly once
//! with its last value, and every row it deleted gone; in the old table after a rollback
//! to phase 0, in the new tables after contract.
//!
//! `PHASESHIFT_TRIALS` sets how many trials (default 4) and `PHASESHIFT_TRIAL_SEED` replays
//! a run; the seed is printed with every failure.

use crate::harness::{rt, TestDb};
use phaseshift::exec;
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

/// What the writer knows it committed: id -> title (None: deleted).
type Written = BTreeMap<i64, Option<String>>;

fn transient(e: &tokio_postgres::Error) -> bool {
    // What an application retries: locks, deadlocks, serialization, and a relation swapped
    // under the statement by the switch (it resolves again on the next try).
    e.as_db_error().is_some_and(|d| {
        let c = d.code().code();
        c.starts_with("40") || c == "55P03" || c == "55006" || c == "42P01"
    })
}

/// Inserts, updates and deletes through the old name until stopped, retrying what an
/// application would retry; returns what it committed and the errors it could not retry.
async fn writer(url: String, stop: Arc<AtomicBool>, seed: u64) -> (Written, Vec<String>) {
    // Named apart from the start: only phaseshift's own sessions are terminated.
    let c = exec::connect(&format!("{url}?application_name=trial-writer")).await.expect("writer connects");
    c.batch_execute("SET lock_timeout = '500ms'").await.unwrap();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut written = Written::new();
    let mut errors = Vec::new();
    let mut n: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let op = rng.u32(0..10);
        let live: Vec<i64> = written.iter().filter(|(_, t)| t.is_some()).map(|(k, _)| *k).collect();
        // Old rows are updated and deleted too, not only the writer's own.
        let pick = if !live.is_empty() && rng.bool() { live[rng.usize(0..live.len())] } else { rng.i64(1..=3000) };
        let result: Result<(), tokio_postgres::Error> = async {
            match op {
                0..=5 => {
                    let title = format!("trial insert {n}");
                    let id: i64 = c
                        .query_one(
                            "INSERT INTO posts (user_id, title, body, status) VALUES (1 + ($1::bigint % 50), $2, 'b', 'draft') RETURNING id",
                            &[&n, &title],
                        )
                        .await?
                        .get(0);
                    written.insert(id, Some(title));
                }
                6..=8 => {
                    let title = format!("trial update {n}");
                    let rows = c.execute("UPDATE posts SET title = $2 WHERE id = $1", &[&pick, &title]).await?;
                    if rows == 1 {
                        written.insert(pick, Some(title));
                    }
                }
                _ => {
                    let rows = c.execute("DELETE FROM posts WHERE id = $1", &[&pick]).await?;
                    if rows == 1 {
                        written.insert(pick, None);
                    }
                }
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            if !transient(&e) {
                errors.push(exec::pg_message(&e));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    (written, errors)
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_phaseshift"))
        .args(args)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run phaseshift")
}

/// Runs phaseshift, killing it (SIGKILL, or its backend with pg_terminate_backend) after a
/// random delay in about half the runs; then runs it again until it succeeds.
async fn run_with_kills(
    admin: &tokio_postgres::Client,
    db: &str,
    args: &[&str],
    rng: &mut fastrand::Rng,
    log: &mut Vec<String>,
) {
    if rng.bool() {
        let mut child = spawn(args);
        tokio::time::sleep(Duration::from_millis(rng.u64(0..600))).await;
        if rng.bool() {
            let _ = child.kill();
            log.push(format!("SIGKILL {}", args[0]));
        } else {
            let n = admin
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'phaseshift' AND pid <> pg_backend_pid()",
                    &[&db],
                )
                .await
                .unwrap_or(0);
            log.push(format!("pg_terminate_backend x{n} {}", args[0]));
        }
        let _ = child.wait();
    }
    for attempt in 0..20 {
        let out =
            Command::new(env!("CARGO_BIN_EXE_phaseshift")).args(args).env_remove("DATABASE_URL").output().unwrap();
        if out.status.success() {
            log.push(format!(
                "{} {} ok",
                args[0],
                args.iter().skip_while(|a| !a.starts_with("--to")).take(2).cloned().collect::<Vec<_>>().join(" ")
            ));
            return;
        }
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        // A killed rollback to phase 0 may have finished before the kill landed.
        if args[0] == "rollback" && args.contains(&"0") && err.contains("nothing to roll back") {
            log.push("rollback had finished before the kill".into());
            return;
        }
        log.push(format!("{} failed: {}", args[0], err.lines().next().unwrap_or("")));
        if attempt == 19 {
            // What is there, for the report.
            let c = exec::connect(args[args.iter().position(|a| *a == "--database-url").unwrap() + 1]).await.unwrap();
            for q in [
                "SELECT string_agg(id::text, ',') FROM (SELECT id FROM posts_core EXCEPT SELECT id FROM posts) x",
                "SELECT string_agg(id::text, ',') FROM (SELECT id FROM posts EXCEPT SELECT id FROM posts_core) x",
                "SELECT string_agg(migration || ' ' || target || ' ' || source_key || ' ' || rule || ': ' || reason, E'\\n') FROM phaseshift.quarantine",
                "SELECT string_agg(migration || ' ' || phase || ' ' || kind || ' ' || action || ' ' || statements, E'\\n' ORDER BY id) FROM phaseshift.history",
            ] {
                let r: Option<String> = c.query_one(q, &[]).await.ok().and_then(|r| r.get(0));
                log.push(format!("{q}: {r:?}"));
            }
        }
        assert!(attempt < 19, "{} never succeeded: {err}\n{}", args[0], log.join("\n"));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Rows compared: the old table (or the new tables joined) against what the writer
/// committed and the untouched rows of the example.
async fn compare(
    c: &tokio_postgres::Client,
    from: &str,
    written: &Written,
    original: &BTreeMap<i64, String>,
) -> (u64, Vec<String>) {
    let rows = c.query(&format!("SELECT id, title FROM {from}"), &[]).await.unwrap();
    let mut seen: BTreeMap<i64, (String, u32)> = BTreeMap::new();
    for r in rows {
        let e = seen.entry(r.get(0)).or_insert((r.get(1), 0));
        e.1 += 1;
    }
    let mut problems = Vec::new();
    let mut compared = 0;
    for (id, (title, n)) in &seen {
        if *n > 1 {
            problems.push(format!("id {id} appears {n} times"));
        }
        let _ = title;
    }
    let mut expected: BTreeMap<i64, Option<String>> = original.iter().map(|(k, v)| (*k, Some(v.clone()))).collect();
    for (k, v) in written {
        expected.insert(*k, v.clone());
    }
    for (id, want) in &expected {
        compared += 1;
        match (want, seen.get(id)) {
            (Some(t), Some((got, _))) if got == t => {}
            (Some(t), Some((got, _))) => problems.push(format!("id {id}: {got:?} where {t:?} was written last")),
            (Some(t), None) => problems.push(format!("id {id} lost (last written {t:?})")),
            (None, Some(_)) => problems.push(format!("id {id} is back after its delete")),
            (None, None) => {}
        }
    }
    for id in seen.keys() {
        if !expected.contains_key(id) {
            problems.push(format!("id {id} appeared from nowhere"));
        }
    }
    (compared, problems)
}

#[test]
fn killed_and_raced_migrations_lose_and_duplicate_nothing() {
    let seed: u64 =
        std::env::var("PHASESHIFT_TRIAL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    let trials: u32 = std::env::var("PHASESHIFT_TRIALS").ok().and_then(|s| s.parse().ok()).unwrap_or(4);
    let mut rng = fastrand::Rng::with_seed(seed);
    let spec = root("specs/examples/posts_normalization");
    let (mut total_compared, mut total_problems) = (0u64, 0usize);
    rt().block_on(async {
        for trial in 0..trials {
            let db = TestDb::new(&format!("trial{trial}")).await;
            // Only phaseshift's own sessions are terminated: the test's are named apart.
            let c = exec::connect(&format!("{}?application_name=trial-check", db.url)).await.unwrap();
            exec::run_script(&c, &std::fs::read_to_string(root("sql/examples/posts_normalization.sql")).unwrap())
                .await
                .unwrap();
            let original: BTreeMap<i64, String> = c
                .query("SELECT id, title FROM posts", &[])
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            let admin = exec::connect(crate::harness::harness().admin_url()).await.unwrap();
            let stop = Arc::new(AtomicBool::new(false));
            let w = tokio::spawn(writer(db.url.clone(), stop.clone(), rng.u64(..)));
            let mut log = vec![format!("trial {trial} (seed {seed})")];
            // Phases 1 to 5 in random steps, with random rollbacks (the switch's undo too).
            let mut at = 0u32;
            while at < 5 {
                let to = rng.u32(at + 1..=5);
                let to_s = to.to_string();
                run_with_kills(
                    &admin,
                    &db.name,
                    &["apply", &spec, "--database-url", &db.url, "--to-phase", &to_s],
                    &mut rng,
                    &mut log,
                )
                .await;
                at = to;
                if rng.u32(0..3) == 0 {
                    let back = rng.u32(0..at);
                    let back_s = back.to_string();
                    run_with_kills(
                        &admin,
                        &db.name,
                        &["rollback", "--database-url", &db.url, "--to-phase", &back_s, "--yes"],
                        &mut rng,
                        &mut log,
                    )
                    .await;
                    at = back;
                }
                tokio::time::sleep(Duration::from_millis(rng.u64(0..200))).await;
            }
            let contract = rng.bool();
            if contract {
                // The old application is retired before contract; contract itself is killed too.
                stop.store(true, Ordering::Relaxed);
            }
            let (written, errors) = if contract {
                let r = w.await.unwrap();
                run_with_kills(
                    &admin,
                    &db.name,
                    &["apply", &spec, "--database-url", &db.url, "--yes"],
                    &mut rng,
                    &mut log,
                )
                .await;
                let (n, problems) =
                    compare(&c, "posts_core pc JOIN posts_content pt ON pt.post_id = pc.id", &r.0, &original).await;
                total_compared += n;
                total_problems += problems.len();
                assert!(problems.is_empty(), "after contract, seed {seed}: {problems:?}\n{}", log.join("\n"));
                r
            } else {
                tokio::time::sleep(Duration::from_millis(200)).await;
                stop.store(true, Ordering::Relaxed);
                w.await.unwrap()
            };
            // Back to the start from wherever it is, killed on the way.
            run_with_kills(
                &admin,
                &db.name,
                &["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"],
                &mut rng,
                &mut log,
            )
            .await;
            let (n, problems) = compare(&c, "posts", &written, &original).await;
            total_compared += n;
            total_problems += problems.len();
            assert!(problems.is_empty(), "after rollback, seed {seed}: {problems:?}\n{}", log.join("\n"));
            assert!(
                errors.is_empty(),
                "the writer met errors an application cannot retry (seed {seed}): {errors:?}\n{}",
                log.join("\n")
            );
            let left: i64 = c.query_one("SELECT count(*) FROM phaseshift.quarantine", &[]).await.unwrap().get(0);
            assert_eq!(left, 0, "quarantine left after rollback (seed {seed})");
        }
    });
    eprintln!("trials: {trials}, seed {seed}, rows compared: {total_compared}, lost or duplicated: {total_problems}");
}
