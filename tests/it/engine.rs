//! The executor's promises, on a real server: one runner at a time, edited specs refused,
//! busy tables waited for and then given up on cleanly, failures leave a way forward and
//! back, a killed process resumes, and scripts run under psql.

use crate::harness::{harness_has_own_server, phaseshift, rt, TestDb};
use phaseshift::exec::{self, ApplyOptions, ExecError, RollbackOptions};
use phaseshift::spec;
use std::path::Path;
use std::time::{Duration, Instant};

const STOREFRONT: &str = include_str!("../../sql/examples/storefront.sql");
const STOREFRONT_SPEC: &str = "specs/examples/storefront";

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

async fn storefront(tag: &str) -> (TestDb, tokio_postgres::Client) {
    let db = TestDb::new(tag).await;
    let c = db.client().await;
    exec::run_script(&c, STOREFRONT).await.expect("load storefront");
    (db, c)
}

fn specs_of(yaml: &str) -> Vec<spec::Spec> {
    vec![spec::load_str(Path::new("test.yaml"), yaml).unwrap_or_else(|d| panic!("{d}"))]
}

async fn apply(
    c: &mut tokio_postgres::Client,
    specs: &[spec::Spec],
    opts: &ApplyOptions,
) -> Result<exec::ApplyReport, exec::Error> {
    exec::apply(c, specs, opts, &mut |_, _| true, &mut |_| {}).await
}

/// Issue 7.13: right after a kill, the dead runner's backend may hold the lock a moment
/// longer: the next runner waits for it instead of giving up at once.
#[test]
fn a_runner_waits_briefly_for_the_one_before_it() {
    rt().block_on(async {
        let (db, mut c) = storefront("lockwait").await;
        let holder = db.client().await;
        holder.batch_execute(&format!("SELECT pg_advisory_lock({})", phaseshift::sql::state::LOCK_KEY)).await.unwrap();
        let specs = spec::load_path(Path::new(&root(STOREFRONT_SPEC))).unwrap();
        let release = async {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            drop(holder);
        };
        let opts = ApplyOptions::default();
        let (result, _) = tokio::join!(apply(&mut c, &specs, &opts), release);
        result.unwrap_or_else(|e| panic!("{e}"));
    });
}

#[test]
fn a_second_runner_is_turned_away() {
    rt().block_on(async {
        let (db, mut c) = storefront("runner").await;
        let holder = db.client().await;
        holder.batch_execute(&format!("SELECT pg_advisory_lock({})", phaseshift::sql::state::LOCK_KEY)).await.unwrap();
        let specs = spec::load_path(Path::new(&root(STOREFRONT_SPEC))).unwrap();
        let err = apply(&mut c, &specs, &ApplyOptions::default()).await.unwrap_err();
        assert!(matches!(err, exec::Error::Exec(ExecError::AnotherRunner { .. })), "{err}");
        let out = phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url, "--yes"]);
        assert_eq!(out.status.code(), Some(2));
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains("another phaseshift is applying to this database (waited 10 s for it): pid "), "{msg}");
        // Once the other runner is gone, the lock is free again, and it is released after us.
        drop(holder);
        tokio::time::sleep(Duration::from_millis(200)).await;
        apply(&mut c, &specs, &ApplyOptions::default()).await.expect("apply after the other runner left");
        let free: bool = c.query_one(&phaseshift::sql::state::try_lock(), &[]).await.unwrap().get(0);
        assert!(free, "the advisory lock was not released");
    });
}

#[test]
fn an_edited_spec_is_refused_with_the_difference() {
    rt().block_on(async {
        let (_db, mut c) = storefront("edited").await;
        let v1 = "version: 1\nname: m\ntables:\n  notes:\n    columns:\n      id: { type: int, primary_key: true }\n";
        apply(&mut c, &specs_of(v1), &ApplyOptions::default()).await.unwrap();
        let v2 = v1.replace("type: int,", "type: bigint,");
        let err = apply(&mut c, &specs_of(&v2), &ApplyOptions::default()).await.unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, exec::Error::Exec(ExecError::SpecChanged { .. })), "{msg}");
        assert!(msg.contains("-      id: { type: int, primary_key: true }"), "{msg}");
        assert!(msg.contains("+      id: { type: bigint, primary_key: true }"), "{msg}");
    });
}

#[test]
fn a_busy_table_is_retried_then_given_up_cleanly_and_resumed() {
    rt().block_on(async {
        let (db, mut c) = storefront("busy").await;
        let mut locker = db.client().await;
        let tx = locker.transaction().await.unwrap();
        // Like a long-running query: reads go on, schema changes must wait.
        tx.batch_execute("LOCK TABLE public.clients IN ACCESS SHARE MODE").await.unwrap();
        let specs = specs_of(
            "version: 1\nname: busy\ntables:\n  clients:\n    columns:\n      vip: { type: boolean, default: false }\n",
        );
        let opts = ApplyOptions { lock_timeout_ms: 100, retries: 2, ..ApplyOptions::default() };
        let mut retries = 0;
        let started = Instant::now();
        let err = exec::apply(&mut c, &specs, &opts, &mut |_, _| true, &mut |e| {
            if matches!(e, exec::Event::LockRetry { .. }) {
                retries += 1;
            }
        })
        .await
        .unwrap_err();
        assert!(matches!(err, exec::Error::Exec(ExecError::LockTimeout { attempts: 3, .. })), "{err}");
        assert_eq!(retries, 2);
        assert!(started.elapsed() < Duration::from_secs(20));
        let st = exec::status(&mut c).await.unwrap();
        assert_eq!(st[0].status, phaseshift::sql::state::RunStatus::Failed);
        assert!(st[0].last_error.as_deref().unwrap_or("").contains("lock not available"));
        tx.rollback().await.unwrap();
        let report = apply(&mut c, &specs, &ApplyOptions::default()).await.unwrap();
        assert_eq!(report.migrations[0].status, exec::Outcome::Applied);
        assert_eq!(exec::count_rows(&c, &phaseshift::model::QualName::new("public", "clients")).await.unwrap(), 200);
    });
}

#[test]
fn a_failing_statement_rolls_back_its_phase_and_says_where_it_stopped() {
    rt().block_on(async {
        let (db, mut c) = storefront("failing").await;
        let start = db.schema().await;
        // Every item has a price >= 0, so validating this check fails in phase 2.
        let specs = specs_of(
            "version: 1\nname: failing\ntables:\n  items:\n    columns:\n      sku: { type: text }\n    constraints:\n      - { name: items_negative, check: \"price_cents < 0\" }\n",
        );
        let err = apply(&mut c, &specs, &ApplyOptions::default()).await.unwrap_err();
        let msg = err.to_string();
        assert!(matches!(&err, exec::Error::Exec(ExecError::StepFailed(f)) if f.phase == 2), "{msg}");
        assert!(msg.contains("items_negative") && msg.contains("phaseshift rollback failing --to-phase 1"), "{msg}");
        let st = exec::status(&mut c).await.unwrap();
        assert_eq!((st[0].applied_phase, st[0].status.as_str()), (1, "failed"));
        let rb = RollbackOptions { to_phase: Some(0), lock_timeout_ms: 2000, retries: 2, ..Default::default() };
        exec::rollback(&mut c, &rb, &mut |_| {}).await.unwrap();
        assert_eq!(db.schema().await, start);
    });
}

#[test]
fn contract_waits_for_confirmation_without_a_terminal() {
    rt().block_on(async {
        let (db, _c) = storefront("contract").await;
        let out = phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        // Stopped before contract for confirmation: exit code 3, as for rollback and purge.
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("contract phase 4 needs confirmation"), "{stdout}");
        let out = phaseshift(&["status", "--database-url", &db.url, "--format", "json"]);
        let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(st["migrations"][0]["applied_phase"], 3);
        let out =
            phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url, "--yes", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["migrations"][0]["status"], "applied");
        assert_eq!(report["statements_executed"], 2);
        let out =
            phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url, "--yes", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["statements_executed"], 0);
    });
}

#[test]
fn hazards_are_refused_unless_allowed() {
    rt().block_on(async {
        let (_db, mut c) = storefront("hazard").await;
        let specs =
            specs_of("version: 1\nname: widen\ntables:\n  items:\n    columns:\n      price_cents: { type: bigint }\n");
        let err = apply(&mut c, &specs, &ApplyOptions::default()).await.unwrap_err();
        assert!(err.to_string().contains("--allow-hazards table_rewrite"), "{err}");
        assert!(exec::status(&mut c).await.unwrap().is_empty(), "nothing may be recorded for a refused plan");
        let opts =
            ApplyOptions { allow_hazards: vec![phaseshift::plan::HazardKind::TableRewrite], ..ApplyOptions::default() };
        apply(&mut c, &specs, &opts).await.unwrap();
    });
}

/// Waits until a backend of application `phaseshift` is waiting for a lock.
async fn wait_for_blocked_phaseshift(c: &tokio_postgres::Client) {
    for _ in 0..300 {
        let n: i64 = c
            // In this test's database only: other tests run phaseshift at the same time.
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'phaseshift' \
                 AND wait_event_type = 'Lock' AND datname = current_database()",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if n > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("phaseshift never blocked on the held lock");
}

#[test]
fn a_killed_process_resumes_where_it_stopped() {
    rt().block_on(async {
        let (reference, _r) = storefront("killref").await;
        let out = phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &reference.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let expected = reference.schema().await;

        let (db, c) = storefront("killed").await;
        // Hold the table the switch phase renames, so the run stops there, mid-migration.
        let mut locker = db.client().await;
        let tx = locker.transaction().await.unwrap();
        tx.batch_execute("LOCK TABLE public.items IN ACCESS SHARE MODE").await.unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url, "--yes", "--lock-timeout", "600000"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        wait_for_blocked_phaseshift(&c).await;
        child.kill().unwrap();
        child.wait().unwrap();
        tx.rollback().await.unwrap();
        let mut c = db.client().await;
        let st = exec::status(&mut c).await.unwrap();
        assert!(st[0].applied_phase >= 1 && st[0].applied_phase < st[0].phase_count, "killed mid-way: {:?}", st[0]);
        let out = phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("resuming after phase"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(db.schema().await, expected);
        assert_eq!(exec::count_rows(&c, &phaseshift::model::QualName::new("public", "products")).await.unwrap(), 2000);
    });
}

#[test]
fn an_interrupted_concurrent_index_build_is_rebuilt() {
    rt().block_on(async {
        let (db, mut c) = storefront("invalidix").await;
        // What a crashed CREATE INDEX CONCURRENTLY leaves: an invalid index of that name.
        c.batch_execute("CREATE UNIQUE INDEX clients_expr_idx ON public.clients (lower(email)); UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'public.clients_expr_idx'::regclass").await.unwrap();
        let specs = spec::load_path(Path::new(&root(STOREFRONT_SPEC))).unwrap();
        let mut dropped = Vec::new();
        exec::apply(&mut c, &specs, &ApplyOptions::default(), &mut |_, _| true, &mut |e| {
            if let exec::Event::InvalidIndexDropped { index, .. } = e {
                dropped.push(index);
            }
        })
        .await
        .unwrap();
        assert_eq!(dropped, vec!["public.clients_expr_idx".to_string()]);
        let valid: bool = c.query_one("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.clients_expr_idx'::regclass", &[]).await.unwrap().get(0);
        assert!(valid);
        drop(db);
    });
}

#[test]
fn a_concurrent_detach_left_pending_is_finalized() {
    rt().block_on(async {
        let db = TestDb::new("pendingdetach").await;
        let c = db.client().await;
        let schema = "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);\n\
                      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n";
        c.batch_execute(&format!(
            "{schema}CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n\
             INSERT INTO events VALUES (1, '2025-06-01'), (2, '2026-06-01');"
        ))
        .await
        .unwrap();
        // The desired state: 2025 is a table of its own.
        let desired = std::env::temp_dir().join(format!("phaseshift-pending-{}.sql", fastrand::u32(..)));
        std::fs::write(&desired, format!("{schema}CREATE TABLE events_2025 (id bigint NOT NULL, at date NOT NULL);\n"))
            .unwrap();
        // An interrupted DETACH ... CONCURRENTLY: it waits for an older snapshot to end, and
        // is cancelled meanwhile, which leaves the partition pending detach.
        let mut holder = db.client().await;
        let snapshot = holder.build_transaction().isolation_level(tokio_postgres::IsolationLevel::RepeatableRead).start().await.unwrap();
        snapshot.query_one("SELECT count(*) FROM events", &[]).await.unwrap();
        let detacher = db.client().await;
        let pid: i32 = detacher.query_one("SELECT pg_backend_pid()", &[]).await.unwrap().get(0);
        let running = tokio::spawn(async move {
            detacher.batch_execute("ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY").await
        });
        let start = Instant::now();
        loop {
            let pending: bool = c
                .query_one("SELECT coalesce(bool_or(inhdetachpending), false) FROM pg_inherits WHERE inhrelid = 'events_2025'::regclass", &[])
                .await
                .unwrap()
                .get(0);
            if pending {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "the detach never reached its second transaction");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        c.execute("SELECT pg_cancel_backend($1)", &[&pid]).await.unwrap();
        assert!(running.await.unwrap().is_err(), "the detach was cancelled");
        snapshot.rollback().await.unwrap();

        let out = phaseshift(&["apply", desired.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let _ = std::fs::remove_file(&desired);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(err.contains("finished detaching public.events_2025 from public.events"), "{err}");
        let row = c
            .query_one(
                "SELECT (SELECT count(*) FROM pg_inherits WHERE inhrelid = 'events_2025'::regclass), \
                        (SELECT count(*) FROM pg_constraint WHERE conrelid = 'events_2025'::regclass AND contype = 'c'), \
                        (SELECT count(*) FROM events_2025)",
                &[],
            )
            .await
            .unwrap();
        // Detached, without the check the detach adds, its row kept.
        assert_eq!((row.get::<_, i64>(0), row.get::<_, i64>(1), row.get::<_, i64>(2)), (0, 0, 1));
    });
}

#[test]
fn the_sql_script_runs_under_psql_twice() {
    let psql = crate::harness::harness()
        .bindir()
        .map(|b| b.join("psql"))
        .filter(|p| p.exists())
        .expect("psql is needed: install PostgreSQL's client or set PHASESHIFT_PG_BINDIR");
    rt().block_on(async {
        let (db, _c) = storefront("psql").await;
        let out = phaseshift(&["sql", &root(STOREFRONT_SPEC), "--database-url", &db.url]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let script = std::env::temp_dir().join(format!("phaseshift-test-{}.sql", fastrand::u32(..)));
        std::fs::write(&script, &out.stdout).unwrap();
        for run in 1..=2 {
            let r = std::process::Command::new(&psql)
                .args(["-v", "ON_ERROR_STOP=1", "-q", "-f"])
                .arg(&script)
                .arg(&db.url)
                .output()
                .unwrap();
            assert!(r.status.success(), "psql run {run}: {}", String::from_utf8_lossy(&r.stderr));
        }
        let _ = std::fs::remove_file(&script);
        let (reference, _r) = storefront("psqlref").await;
        let out = phaseshift(&["apply", &root(STOREFRONT_SPEC), "--database-url", &reference.url, "--yes"]);
        assert!(out.status.success());
        assert_eq!(db.schema().await, reference.schema().await);
    });
}

#[test]
fn connection_problems_are_clear_and_never_show_the_password() {
    let out = phaseshift(&["status", "--database-url", "postgresql://someone:hunter2secret@127.0.0.1:1/nowhere"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("cannot connect to host=127.0.0.1 port=1 dbname=nowhere user=someone"), "{err}");
    assert!(!err.contains("hunter2secret"), "{err}");
    if harness_has_own_server() {
        rt().block_on(async {
            let db = TestDb::new("creds").await;
            let at = db.url.find('@').unwrap();
            let colon = db.url[..at].rfind(':').unwrap();
            let wrong = format!("{}:not-the-password{}", &db.url[..colon], &db.url[at..]);
            let out = phaseshift(&["status", "--database-url", &wrong]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2));
            assert!(err.contains("password authentication failed"), "{err}");
            assert!(!err.contains("not-the-password"), "{err}");
        });
    }
}

#[test]
fn a_renamed_table_keeps_its_old_name_working_through_a_view() {
    rt().block_on(async {
        let db = TestDb::new("renamecompat").await;
        let c = db.client().await;
        c.batch_execute(include_str!("../cases/rename_compat/before.sql")).await.unwrap();
        // The old application runs as a role of its own, with rights on its table alone.
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT SELECT, INSERT, UPDATE ON items TO ps_app; GRANT USAGE ON SEQUENCE items_id_seq TO ps_app;",
        )
        .await
        .unwrap();
        let spec = root("tests/cases/rename_compat/specs");
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "1"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        c.batch_execute("SET ROLE ps_app").await.unwrap();
        // The old application, old names: reads, inserts with the old default, updates.
        let id: i32 = c
            .query_one("INSERT INTO items (name, price_cents) VALUES ('old app', 5) RETURNING id", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(id, 101);
        c.execute("UPDATE items SET name = 'old app edited' WHERE id = 101", &[]).await.unwrap();
        let title: String = c.query_one("SELECT title FROM products WHERE id = 101", &[]).await.unwrap().get(0);
        assert_eq!(title, "old app edited");
        let n: i64 = c.query_one("SELECT count(*) FROM items WHERE name LIKE 'item %'", &[]).await.unwrap().get(0);
        assert_eq!(n, 100);
        // What the role may not do on the table, it may not do through the view either.
        let refused = c.execute("DELETE FROM items WHERE id = 1", &[]).await.unwrap_err();
        assert_eq!(refused.code(), Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{refused}");
        c.batch_execute("RESET ROLE").await.unwrap();
    });
}

#[test]
fn a_type_change_converts_with_its_own_expressions_both_ways() {
    rt().block_on(async {
        let db = TestDb::new("conversion").await;
        let c = db.client().await;
        c.batch_execute(include_str!("../cases/type_conversion/before.sql")).await.unwrap();
        let spec = root("tests/cases/type_conversion/specs");
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--allow-hazards", "table_rewrite"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let cents: i32 = c.query_one("SELECT price FROM prices WHERE id = 10", &[]).await.unwrap().get(0);
        assert_eq!(cents, 1250);
        let out = phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text: String = c.query_one("SELECT price FROM prices WHERE id = 10", &[]).await.unwrap().get(0);
        assert_eq!(text, "12.50");
        let same: i64 = c
            .query_one("SELECT count(*) FROM prices WHERE price = to_char(id * 1.25, 'FM999999990.00')", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(same, 200, "every value back as it was");
    });
}

/// Issue 11: a whole-schema desired state converges whatever happened since it was applied:
/// after the live schema drifted (an index dropped by hand), applying the same file again
/// makes a new migration (`NAME.2`) that puts it back, and a third time finds nothing to do.
/// `plan` and `sql` take the file too, and a database can be the desired state.
#[test]
fn a_desired_schema_converges_after_drift_and_may_be_a_database() {
    rt().block_on(async {
        let model = TestDb::new("desired_model").await;
        let schema = "CREATE TABLE t (id integer PRIMARY KEY, n integer);\nCREATE INDEX t_n_idx ON t (n);\n";
        model.client().await.batch_execute(schema).await.unwrap();
        let dir = std::env::temp_dir().join(format!("phaseshift-desired-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("desired.sql");
        std::fs::write(&file, schema).unwrap();
        let desired = file.display().to_string();
        let db = TestDb::new("desired").await;
        let c = db.client().await;
        let apply = |target: &str| {
            let out = phaseshift(&["apply", target, "--database-url", &db.url, "--yes", "--format", "json"]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        };
        apply(&desired);
        let indexes = "SELECT count(*) FROM pg_indexes WHERE indexname = 't_n_idx'";
        let count = |sql: &'static str| {
            let c = &c;
            async move { c.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
        };
        assert_eq!(count(indexes).await, 1);
        c.batch_execute("DROP INDEX t_n_idx").await.unwrap();
        let plan = phaseshift(&["plan", &desired, "--database-url", &db.url]);
        assert!(plan.status.success(), "{}", String::from_utf8_lossy(&plan.stderr));
        assert!(String::from_utf8_lossy(&plan.stdout).contains("t_n_idx"), "{}", String::from_utf8_lossy(&plan.stdout));
        let sql = phaseshift(&["sql", &desired, "--database-url", &db.url]);
        assert!(String::from_utf8_lossy(&sql.stdout).contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_n_idx"));
        let report = apply(&desired);
        let names: Vec<&str> =
            report["migrations"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
        assert!(names.len() == 1 && names[0].ends_with(".2"), "{report}");
        assert_eq!(count(indexes).await, 1, "the dropped index is back");
        let report = apply(&desired);
        assert_eq!(report["migrations"][0]["name"].as_str(), Some(names[0]), "nothing new to apply: {report}");
        assert_eq!(count("SELECT count(*) FROM phaseshift.migrations").await, 2);
        let no_db = phaseshift(&["plan", &desired]);
        assert_eq!(no_db.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&no_db.stderr).contains("pass --database-url"));
        // Another database as the desired state.
        let copy = TestDb::new("desired_copy").await;
        let out = phaseshift(&["apply", &model.url, "--database-url", &copy.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let same = phaseshift(&["diff", &model.url, &copy.url]);
        assert_eq!(same.status.code(), Some(0), "{}", String::from_utf8_lossy(&same.stdout));
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 11: a column type change PostgreSQL has no cast for (bigint to timestamptz) is
/// refused before anything runs, by `diff --sql`, `plan` and `apply` of a SQL target and
/// by `plan` of a spec alike, saying what to do; the database is left as it was.
#[test]
fn a_type_change_without_a_cast_is_refused_before_anything_runs() {
    rt().block_on(async {
        let db = TestDb::new("nocast").await;
        let manifest = |p: &str| format!("{}/{p}", env!("CARGO_MANIFEST_DIR"));
        let (before, after) =
            (manifest("tests/sqlfiles/no_cast/before.sql"), manifest("tests/sqlfiles/no_cast/after.sql"));
        db.client().await.batch_execute(&std::fs::read_to_string(&before).unwrap()).await.unwrap();
        let start = db.schema().await;
        for args in [
            vec!["diff", before.as_str(), after.as_str(), "--sql", "--database-url", &db.url],
            vec!["plan", after.as_str(), "--database-url", &db.url],
            vec!["apply", after.as_str(), "--database-url", &db.url, "--yes", "--allow-hazards", "all"],
        ] {
            let out = phaseshift(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains("public.t.at: PostgreSQL has no cast from bigint to timestamp with time zone"),
                "{err}"
            );
            assert!(err.contains("help: give the conversion"), "{err}");
        }
        // A spec that changes the type without saying how: the same refusal.
        let dir = std::env::temp_dir().join(format!("phaseshift-nocast-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("001_at.yaml");
        std::fs::write(&spec, "version: 1\ntables:\n  t:\n    columns:\n      at: { type: timestamptz }\n").unwrap();
        let out = phaseshift(&["plan", spec.to_str().unwrap(), "--database-url", &db.url]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("no cast from bigint to timestamp with time zone"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(db.schema().await, start);
        // A type the old one casts to is changed as before.
        let castable = manifest("tests/sqlfiles/no_cast/castable.sql");
        let fine = phaseshift(&["diff", &before, &castable, "--sql", "--database-url", &db.url]);
        assert_eq!(fine.status.code(), Some(1), "{}", String::from_utf8_lossy(&fine.stderr));
        let script = String::from_utf8_lossy(&fine.stdout);
        assert!(script.contains("ALTER COLUMN at TYPE numeric USING at::numeric"), "{script}");
    });
}

/// `apply` of `tests/sqlfiles/CASE/after.sql` on a database holding its `before.sql` is
/// refused before anything runs (exit 2), with each of `says` in its message.
fn refused_before_anything_runs(case: &str, says: &[&str]) {
    rt().block_on(async {
        let db = TestDb::new(case).await;
        let file = |f: &str| format!("{}/tests/sqlfiles/{case}/{f}", env!("CARGO_MANIFEST_DIR"));
        db.client().await.batch_execute(&std::fs::read_to_string(file("before.sql")).unwrap()).await.unwrap();
        let start = db.schema().await;
        let after = file("after.sql");
        let out = phaseshift(&["apply", &after, "--database-url", &db.url, "--yes", "--allow-hazards", "all"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        for s in says {
            assert!(err.contains(s), "{case}: expected {s:?} in: {err}");
        }
        assert_eq!(db.schema().await, start, "{case}: something ran");
    });
}

/// Issue 11: a column whose type changes while a generated column is computed from it
/// (PostgreSQL refuses the change) is refused before anything runs, with the reason.
#[test]
fn a_type_change_under_a_generated_column_is_refused_with_the_reason() {
    refused_before_anything_runs(
        "generated_reader",
        &["the type of public.g.a cannot change while generated column(s) b are computed from it"],
    );
}

/// Issue 11: a function whose parameter is renamed is dropped and created again, which
/// PostgreSQL refuses while a default, a check or an index that stays calls it: refused
/// before anything runs, naming them.
#[test]
fn a_function_that_expressions_call_is_not_dropped_under_them() {
    refused_before_anything_runs(
        "function_in_use",
        &[
            "function public.price(amount numeric, rate numeric) cannot be dropped (its parameters are renamed",
            "default of public.inv.amount, check inv_amount_check on public.inv, index public.inv_p",
        ],
    );
}

/// Issue 11: a spec that adds a column of its own to a typed table (`OF type`), which
/// PostgreSQL refuses, is refused by `plan` and `apply` before anything runs, saying what to
/// do instead (the type's new attribute is `tests/diff/typed_tables`).
#[test]
fn a_column_of_its_own_on_a_typed_table_is_refused_with_what_to_do() {
    rt().block_on(async {
        let db = TestDb::new("typedadd").await;
        db.client()
            .await
            .batch_execute("CREATE TYPE pt AS (a integer); CREATE TABLE tt OF pt; INSERT INTO tt VALUES (1);")
            .await
            .unwrap();
        let start = db.schema().await;
        let dir = std::env::temp_dir().join(format!("phaseshift-typedadd-{}", fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("001_b.yaml");
        std::fs::write(&spec, "version: 1\ntables:\n  tt:\n    columns:\n      b: { type: text }\n").unwrap();
        for args in [
            vec!["plan", spec.to_str().unwrap(), "--database-url", &db.url],
            vec!["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"],
        ] {
            let out = phaseshift(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains("column b cannot be added to public.tt: it is a typed table (OF public.pt)")
                    && err.contains("add the attribute to the type (public.pt) instead"),
                "{err}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(db.schema().await, start);
    });
}

/// Issue 11: an attribute of a composite type changing type while a column holds values
/// of the type (PostgreSQL refuses it) is refused before anything runs, with the reason.
#[test]
fn a_composite_attribute_in_use_is_not_retyped() {
    refused_before_anything_runs(
        "composite_in_use",
        &["attribute(s) zip of composite type public.addr cannot change while columns use the type (public.people.home)"],
    );
}

/// Issue 9: a later migration that changes other objects advances while an earlier one
/// waits before its contract (also one that only adds a column to a table whose columns
/// the earlier one changes online); one that changes what the earlier one changes, or
/// reads through its new version, waits, naming it.
#[test]
fn migrations_in_flight_advance_beside_each_other_and_wait_on_conflicts() {
    rt().block_on(async {
        let db = TestDb::new("in_flight").await;
        let mut c = db.client().await;
        c.batch_execute(
            "CREATE TABLE a (id int PRIMARY KEY, x text); INSERT INTO a VALUES (1, NULL), (2, 'two');
             CREATE TABLE b (id int PRIMARY KEY, y text); INSERT INTO b VALUES (1, 'one');",
        )
        .await
        .unwrap();
        let load = |name: &str, yaml: &str| spec::load_str(Path::new(name), yaml).unwrap_or_else(|d| panic!("{d}"));
        let specs = vec![
            load("001_a.yaml", "version: 1\ntables:\n  a:\n    columns:\n      x: { type: text, not_null: true, up: \"coalesce(x, '')\" }\n"),
            load("002_b.yaml", "version: 1\ntables:\n  b:\n    columns:\n      z: { type: int }\nretire:\n  - { table: b, column: y }\n"),
            load("003_a.yaml", "version: 1\ntables:\n  a:\n    columns:\n      w: { type: int }\n"),
            load("004_a.yaml", "version: 1\ntables:\n  a:\n    columns:\n      id: { type: bigint, not_null: true }\n"),
        ];
        let opts = ApplyOptions { allow_hazards: phaseshift::plan::HazardKind::ALL.to_vec(), ..ApplyOptions::default() };
        let mut events = Vec::new();
        let report = exec::apply(&mut c, &specs, &opts, &mut |_, _| false, &mut |e| events.push(format!("{e:?}")))
            .await
            .unwrap();
        // The first two stand before their contracts, the third (a new column) is applied
        // beside the first; the fourth (a column the first's new version reads) waits.
        let outcome: Vec<(String, u32, u32)> =
            report.migrations.iter().map(|m| (m.name.clone(), m.applied_phase, m.phase_count)).collect();
        assert_eq!(outcome.len(), 3, "{outcome:?}");
        assert_eq!(outcome[0].0, "001_a");
        assert_eq!(outcome[0].1 + 1, outcome[0].2, "{outcome:?}");
        assert_eq!(outcome[1].0, "002_b");
        assert_eq!(outcome[1].1 + 1, outcome[1].2, "{outcome:?}");
        assert_eq!(outcome[2].0, "003_a");
        assert_eq!(outcome[2].1, outcome[2].2, "{outcome:?}");
        assert!(report.needs_confirmation);
        let waits = events.iter().find(|e| e.contains("MigrationWaits")).expect("the fourth waits");
        assert!(waits.contains("004_a") && waits.contains("001_a") && waits.contains("public.a (column id"), "{waits}");
        let added: i64 = c
            .query_one(
                "SELECT count(*) FROM information_schema.columns WHERE (table_name, column_name) IN (('b', 'z'), ('a', 'w'))",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(added, 2, "the second and third migrations advanced");
        // Run again as it stands: the third is not held back by the column it added.
        let mut events = Vec::new();
        let again = exec::apply(&mut c, &specs, &opts, &mut |_, _| false, &mut |e| events.push(format!("{e:?}")))
            .await
            .unwrap();
        assert_eq!(again.statements_executed, 0);
        let waits: Vec<&String> = events.iter().filter(|e| e.contains("MigrationWaits")).collect();
        assert!(waits.len() == 1 && waits[0].contains("004_a"), "{waits:?}");
        // Confirmed: all four, in order.
        let report = apply(&mut c, &specs, &opts).await.unwrap();
        assert!(report.stopped.is_none(), "{:?}", report.stopped);
        let applied: Vec<&str> = report.migrations.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(applied, ["001_a", "002_b", "003_a", "004_a"]);
        let x_null: bool = c
            .query_one("SELECT is_nullable = 'NO' FROM information_schema.columns WHERE table_name = 'a' AND column_name = 'x'", &[])
            .await
            .unwrap()
            .get(0);
        assert!(x_null);
    });
}

/// Constraints and indexes give their columns by number, named from the columns read: a
/// key after a dropped column, a foreign key into a schema not read, an index on a
/// materialized view and a key with its own collation all come out by name.
#[test]
fn keys_are_named_from_the_columns_read_whatever_the_scope() {
    rt().block_on(async {
        let db = TestDb::new("keynames").await;
        let c = db.client().await;
        exec::run_script(
            &c,
            "CREATE SCHEMA other;
             CREATE TABLE other.ref (gone int, id int, code text, PRIMARY KEY (id, code));
             ALTER TABLE other.ref DROP COLUMN gone;
             CREATE TABLE child (x int, dropped int, y int, z text COLLATE \"C\");
             ALTER TABLE child DROP COLUMN dropped;
             ALTER TABLE child ADD CONSTRAINT child_fk FOREIGN KEY (y, z) REFERENCES other.ref (id, code);
             ALTER TABLE child ADD CONSTRAINT child_u UNIQUE (z, y);
             CREATE INDEX child_z ON child (z COLLATE \"POSIX\", lower(z)) INCLUDE (x);
             CREATE INDEX child_z_own ON child (z COLLATE \"C\");
             CREATE MATERIALIZED VIEW mv AS SELECT y, z FROM child;
             CREATE INDEX mv_z ON mv (z, y);",
        )
        .await
        .expect("schema");
        let mut c = db.client().await;
        let s = exec::read_live(&mut c, Some(vec!["public".to_string()])).await.expect("read");
        let t = &s.tables[&phaseshift::model::QualName::new("public", "child")];
        let keys = |name: &str| format!("{:?}", t.constraints.iter().find(|k| k.name == name).map(|k| &k.kind));
        let fk = keys("child_fk");
        assert!(fk.contains(r#"columns: ["y", "z"]"#) && fk.contains(r#"ref_columns: ["id", "code"]"#), "{fk}");
        assert!(keys("child_u").contains(r#"columns: ["z", "y"]"#), "{}", keys("child_u"));
        let index = |name: &str| format!("{:?}", s.indexes[&phaseshift::model::QualName::new("public", name)]);
        let z = index("child_z");
        assert!(z.contains(r#"Column("z")"#) && z.contains(r#"collation: Some("\"POSIX\"")"#), "{z}");
        assert!(z.contains(r#"include: ["x"]"#) && z.contains("lower(z)"), "{z}");
        // The column's own collation is no collation of the key's.
        let own = index("child_z_own");
        assert!(own.contains("collation: None") && !own.contains("Some(\"\\\"C\\\"\")"), "{own}");
        let mv = index("mv_z");
        assert!(mv.contains(r#"Column("z")"#) && mv.contains(r#"Column("y")"#), "{mv}");
    });
}
