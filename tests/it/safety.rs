//! Defects that lost data or left a state nobody could move from: each test fails without
//! its fix, on a real server.

use crate::harness::{phaseshift, rt, TestDb};
use phaseshift::exec;
use phaseshift_testkit::{ServerOptions, TempServer};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

const POSTS_SPEC: &str = "specs/examples/posts_normalization";

async fn posts_db(tag: &str) -> TestDb {
    let db = TestDb::new(tag).await;
    let c = db.client().await;
    exec::run_script(&c, &std::fs::read_to_string(root("sql/examples/posts_normalization.sql")).unwrap())
        .await
        .unwrap();
    db
}

fn ok(out: std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn count(c: &tokio_postgres::Client, sql: &str) -> i64 {
    c.query_one(sql, &[]).await.unwrap_or_else(|e| panic!("{sql}: {}", exec::pg_message(&e))).get(0)
}

/// Applies expand and sync, then starts the backfill slowly and kills it midway.
pub(crate) async fn kill_backfill_midway(db: &TestDb, spec: &str) -> i64 {
    ok(phaseshift(&["apply", spec, "--database-url", &db.url, "--to-phase", "2"]));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
        .args(["apply", spec, "--database-url", &db.url, "--to-phase", "3", "--max-rate", "2000"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let c = db.client().await;
    let mut partial = 0;
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        partial = count(&c, "SELECT count(*) FROM posts_core").await;
        if partial > 500 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(partial > 0 && partial < 3000, "killed at {partial} rows: not midway");
    partial
}

/// Issue 7.2: a checkpoint left by a killed backfill must not survive a rollback, or the
/// next apply skips the rows before it.
#[test]
fn rollback_after_a_killed_backfill_forgets_its_checkpoint() {
    rt().block_on(async {
        let db = posts_db("ckpt").await;
        let spec = root(POSTS_SPEC);
        kill_backfill_midway(&db, &spec).await;
        let c = db.client().await;
        assert!(count(&c, "SELECT count(*) FROM phaseshift.backfill_progress").await > 0);
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.backfill_progress").await, 0, "checkpoints left");
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.quarantine").await, 0, "quarantine left");
        assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename = 'posts_core'").await, 0);
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        for t in ["posts_core", "posts_content", "post_insights"] {
            assert_eq!(count(&c, &format!("SELECT count(*) FROM {t}")).await, 3000, "{t} after apply again");
        }
    });
}

/// Issue 7.1: a sync write that meets a lock (or a deadlock) must fail the application's
/// statement, not commit into the old table alone with a note in the quarantine.
#[test]
fn a_sync_write_that_cannot_get_its_lock_fails_instead_of_being_lost() {
    rt().block_on(async {
        let db = posts_db("synclock").await;
        let spec = root(POSTS_SPEC);
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "2"]));
        let holder = db.client().await;
        holder.batch_execute("BEGIN; LOCK TABLE posts_core IN ACCESS EXCLUSIVE MODE").await.unwrap();
        let app = db.client().await;
        app.batch_execute("SET lock_timeout = '300ms'").await.unwrap();
        let insert = "INSERT INTO posts (user_id, title) VALUES (1, 'racing write') RETURNING id";
        let err = app.query_one(insert, &[]).await.expect_err("the write must fail while the new table is locked");
        assert_eq!(err.as_db_error().map(|d| d.code().code()), Some("55P03"), "{}", exec::pg_message(&err));
        assert_eq!(count(&app, "SELECT count(*) FROM posts WHERE title = 'racing write'").await, 0);
        assert_eq!(count(&app, "SELECT count(*) FROM phaseshift.quarantine").await, 0, "nothing quarantined");
        holder.batch_execute("COMMIT").await.unwrap();
        // The application retries, and the row reaches both shapes.
        let id: i64 = app.query_one(insert, &[]).await.unwrap().get(0);
        assert_eq!(count(&app, &format!("SELECT count(*) FROM posts_core WHERE id = {id}")).await, 1);
    });
}

/// Issue 7.1: contract never completes while writes of the old application wait in the
/// quarantine; the sync trigger tags its rows with the migration.
#[test]
fn contract_waits_for_unresolved_sync_failures() {
    rt().block_on(async {
        let db = posts_db("gate").await;
        let spec = root(POSTS_SPEC);
        let c = db.client().await;
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "5"]));
        // A write the new shape refuses (a title the old table takes and the new one does
        // not): the old application's write succeeds, the row is quarantined.
        c.batch_execute(
            "ALTER TABLE posts_content ADD CONSTRAINT no_shouting CHECK (title <> upper(title)) NOT VALID;
             UPDATE phaseshift_archive.posts SET title = 'SHOUT' WHERE id = 7;",
        )
        .await
        .unwrap();
        let q: String = c.query_one("SELECT migration || '/' || rule FROM phaseshift.quarantine", &[]).await.unwrap().get(0);
        assert_eq!(q, "split_posts/sync");
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("contract refused") && err.contains("key 7"), "{err}");
        assert_eq!(count(&c, "SELECT count(*) FROM pg_views WHERE viewname = 'posts'").await, 1, "contract ran");
        // Written again once the cause is gone, the row is judged again and leaves the
        // quarantine; contract then goes through.
        c.batch_execute("ALTER TABLE posts_content DROP CONSTRAINT no_shouting; UPDATE phaseshift_archive.posts SET title = 'Calm' WHERE id = 7")
            .await
            .unwrap();
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.quarantine").await, 0);
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM posts_content WHERE post_id = 7 AND title = 'Calm'").await, 1);
    });
}

/// Issue 7.6: undoing a CONCURRENTLY step is recorded only once it ran, and lock timeouts
/// are retried.
#[test]
fn a_concurrent_undo_is_recorded_only_after_it_ran() {
    rt().block_on(async {
        let db = TestDb::new("concundo").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t SELECT g, g FROM generate_series(1, 100) g")
            .await
            .unwrap();
        let dir = std::env::temp_dir().join(format!("phaseshift-concundo-{:08x}", fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("001_index.yaml");
        std::fs::write(
            &spec,
            "version: 1\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\n      v: { type: int }\n    indexes:\n      - { name: t_v_idx, columns: [v] }\n",
        )
        .unwrap();
        let spec = spec.display().to_string();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url]));
        let has_index = "SELECT count(*) FROM pg_indexes WHERE indexname = 't_v_idx'";
        assert_eq!(count(&c, has_index).await, 1);
        let holder = db.client().await;
        holder.batch_execute("BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE").await.unwrap();
        let out = phaseshift(&[
            "rollback", "--database-url", &db.url, "--to-phase", "0", "--lock-timeout", "100", "--retries", "1",
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(count(&c, has_index).await, 1);
        let applied = count(&c, "SELECT applied_phase::bigint FROM phaseshift.migrations").await;
        assert_eq!(applied, 1, "the state must still say the index is there");
        // Retried while the lock goes away: the rollback finishes.
        let release = async {
            tokio::time::sleep(Duration::from_millis(400)).await;
            holder.batch_execute("COMMIT").await.unwrap();
        };
        let url = db.url.clone();
        let undo = tokio::task::spawn_blocking(move || {
            phaseshift(&["rollback", "--database-url", &url, "--to-phase", "0", "--lock-timeout", "100", "--retries", "8"])
        });
        let (_, out) = tokio::join!(release, undo);
        let out = out.unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(count(&c, has_index).await, 0);
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.migrations").await, 0);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.3: purge leaves alone what an unfinished migration still writes through.
#[test]
fn purge_refuses_archived_tables_an_unfinished_migration_uses() {
    rt().block_on(async {
        let db = posts_db("purge").await;
        let spec = root(POSTS_SPEC);
        let c = db.client().await;
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "5"]));
        let archived = "SELECT count(*) FROM pg_tables WHERE schemaname = 'phaseshift_archive' AND tablename = 'posts'";
        for args in [
            vec!["purge", "--database-url", &db.url, "--yes"],
            vec!["purge", "posts", "--database-url", &db.url, "--yes"],
        ] {
            let out = phaseshift(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(err.contains("posts (migration split_posts)"), "{err}");
            assert_eq!(count(&c, archived).await, 1, "purged while in use");
        }
        // The old application still writes through it.
        c.batch_execute("INSERT INTO posts (user_id, title) VALUES (1, 'still here')").await.unwrap();
        let out = phaseshift(&["purge", "nosuchtable", "--database-url", &db.url, "--yes"]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("not in the archive: nosuchtable"));
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        let logs = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'phaseshift_log_%'";
        assert_eq!(count(&c, logs).await, 3, "after contract, writes to the new tables are logged");
        ok(phaseshift(&["purge", "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, archived).await, 0);
        assert_eq!(count(&c, logs).await, 0, "the logs go with the archive");
    });
}

/// Issue 7.4: rolling back a migration that later ones build on is refused, naming them;
/// with --cascade the chain goes back latest first.
#[test]
fn rollback_under_later_migrations_is_refused_or_cascades() {
    rt().block_on(async {
        let db = TestDb::new("chain").await;
        let c = db.client().await;
        let start = db.schema().await;
        let dir = std::env::temp_dir().join(format!("phaseshift-chain-{:08x}", fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("001_accounts.yaml"),
            "version: 1\ntables:\n  accounts:\n    columns:\n      id: { type: int, primary_key: true }\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("002_email.yaml"),
            "version: 1\ntables:\n  accounts:\n    columns:\n      id: { type: int, primary_key: true }\n      email: { type: text }\n",
        )
        .unwrap();
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        let out = phaseshift(&["rollback", "001_accounts", "--database-url", &db.url, "--to-phase", "0", "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("later migrations are applied on top of it: 002_email"), "{err}");
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.migrations").await, 2, "nothing rolled back");
        assert_eq!(count(&c, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'").await, 1);
        // Issue 7.25: a phase beyond the applied ones is an error, not a silent no-op.
        let out = phaseshift(&["rollback", "002_email", "--database-url", &db.url, "--to-phase", "7"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("002_email is at phase 1: there is no phase 7"), "{err}");
        let out = ok(phaseshift(&[
            "rollback", "001_accounts", "--database-url", &db.url, "--to-phase", "0", "--yes", "--cascade", "--format", "json",
        ]));
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["cascaded"], serde_json::json!(["002_email"]));
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.migrations").await, 0);
        assert_eq!(db.schema().await, start);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.5: what the new application writes after contract (inserts, updates, deletes)
/// survives a rollback of the contract: logged by key, carried back to the old table.
#[test]
fn rows_written_after_contract_survive_its_rollback() {
    rt().block_on(async {
        let db = posts_db("aftercontract").await;
        let spec = root(POSTS_SPEC);
        let c = db.client().await;
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        let id: i64 = c
            .query_one(
                "WITH core AS (INSERT INTO posts_core (id, user_id, status, created_at) \
                   VALUES (nextval(pg_get_serial_sequence('phaseshift_archive.posts', 'id')), 3, 'draft', now()) RETURNING id), \
                 t AS (INSERT INTO posts_content (post_id, title, body) SELECT id, 'after contract', 'new' FROM core), \
                 i AS (INSERT INTO post_insights (post_id) SELECT id FROM core) \
                 SELECT id FROM core",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        // An update and a delete after contract too.
        c.batch_execute("UPDATE posts_content SET title = 'edited after contract' WHERE post_id = 10; DELETE FROM posts_core WHERE id = 20")
            .await
            .unwrap();
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        let title: String =
            c.query_one(&format!("SELECT title FROM posts WHERE id = {id}"), &[]).await.unwrap().get(0);
        assert_eq!(title, "after contract");
        let edited: String = c.query_one("SELECT title FROM posts WHERE id = 10", &[]).await.unwrap().get(0);
        assert_eq!(edited, "edited after contract");
        assert_eq!(count(&c, "SELECT count(*) FROM posts WHERE id = 20").await, 0, "deleted after contract, back again");
        assert_eq!(count(&c, "SELECT count(*) FROM posts").await, 3000);
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.after_contract").await, 0);
    });
}

/// Issue 7.18: widening varchar(n) to text changes the catalog only: no hazard to allow, and
/// the table keeps its file (no rewrite).
#[test]
fn widening_a_varchar_is_applied_without_a_rewrite() {
    rt().block_on(async {
        let db = TestDb::new("widen").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE notes (id int PRIMARY KEY, body varchar(20)); INSERT INTO notes VALUES (1, 'short')")
            .await
            .unwrap();
        let file = "SELECT relfilenode::bigint FROM pg_class WHERE relname = 'notes'";
        let before = count(&c, file).await;
        let dir = std::env::temp_dir().join(format!("phaseshift-widen-{:08x}", fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("001_widen.yaml");
        std::fs::write(
            &spec,
            "version: 1\ntables:\n  notes:\n    columns:\n      id: { type: int, primary_key: true }\n      body: { type: text }\n",
        )
        .unwrap();
        ok(phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url]));
        let t: String = c
            .query_one("SELECT data_type::text FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'body'", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(t, "text");
        assert_eq!(count(&c, file).await, before, "the table was rewritten");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.20: hazards stop only the phases they are in: a data-loss drop in contract does
/// not block applying the phases before it.
#[test]
fn hazards_gate_only_the_phases_being_applied() {
    rt().block_on(async {
        let db = TestDb::new("hazgate").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int)").await.unwrap();
        let dir = std::env::temp_dir().join(format!("phaseshift-hazgate-{:08x}", fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("schema.sql");
        std::fs::write(&target, "CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE TABLE u (id int PRIMARY KEY);\n")
            .unwrap();
        let target = target.display().to_string();
        let out = phaseshift(&["apply", &target, "--database-url", &db.url, "--to-phase", "1", "--yes"]);
        assert!(out.status.success(), "phase 1 has no hazard: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename = 'u'").await, 1);
        let out = phaseshift(&["apply", &target, "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("data_loss"), "{err}");
        assert_eq!(
            count(&c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b'")
                .await,
            1
        );
        ok(phaseshift(&["apply", &target, "--database-url", &db.url, "--yes", "--allow-hazards", "data_loss"]));
        assert_eq!(
            count(&c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'b'")
                .await,
            0
        );
        let _ = std::fs::remove_dir_all(&dir);
    });
}

fn spec_dir(tag: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("phaseshift-{tag}-{:08x}", fastrand::u32(..)));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// Issue 7.9: a value filled in place stays current when the old application updates the
/// column it comes from, so validate passes.
#[test]
fn an_in_place_fill_follows_updates_of_its_source() {
    rt().block_on(async {
        let db = TestDb::new("fillstale").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
             INSERT INTO accounts SELECT g, 'user' || g || '@old.example' FROM generate_series(1, 500) g",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "fillstale",
            &[(
                "001_domain.yaml",
                "version: 1\ntables:\n  accounts:\n    columns:\n      domain: { type: text }\nbackfill:\n  - into: accounts\n    from: accounts\n    key: id\n    columns: { domain: \"split_part(email, '@', 2)\" }\n",
            )],
        );
        let spec = dir.display().to_string();
        // Through the backfill, then the old application moves some addresses.
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3"]));
        c.batch_execute("UPDATE accounts SET email = 'moved' || id || '@new.example' WHERE id <= 10").await.unwrap();
        c.batch_execute("INSERT INTO accounts VALUES (501, 'fresh@new.example')").await.unwrap();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM accounts WHERE domain = 'new.example'").await, 11);
        assert_eq!(count(&c, "SELECT count(*) FROM accounts WHERE domain IS DISTINCT FROM split_part(email, '@', 2)").await, 0);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.9: a row made invalid leaves the new shape, a quarantined row fixed later comes
/// back, and a check that fails is recorded as failed with its reason.
#[test]
fn rows_that_change_validity_are_judged_again_and_failed_checks_are_recorded() {
    rt().block_on(async {
        let db = TestDb::new("validity").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE people (id int PRIMARY KEY, email text);
             INSERT INTO people SELECT g, 'p' || g || '@example.com' FROM generate_series(1, 300) g;
             UPDATE people SET email = 'broken' WHERE id = 5",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "validity",
            &[(
                "001_contacts.yaml",
                "version: 1\ntables:\n  contacts:\n    columns:\n      id: { type: int, primary_key: true }\n      email: { type: text, not_null: true }\nbackfill:\n  - into: contacts\n    from: people\n    key: id\n    columns: { id: id, email: email }\n    validate: { email: email }\n    on_invalid: quarantine\n",
            )],
        );
        let spec = dir.display().to_string();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3"]));
        assert_eq!(count(&c, "SELECT count(*) FROM contacts").await, 299);
        // A valid row made invalid, and the invalid one fixed.
        c.batch_execute("UPDATE people SET email = 'nope' WHERE id = 7; UPDATE people SET email = 'five@example.com' WHERE id = 5")
            .await
            .unwrap();
        assert_eq!(count(&c, "SELECT count(*) FROM contacts WHERE id = 7").await, 0, "invalid row still in the new shape");
        assert_eq!(count(&c, "SELECT count(*) FROM contacts WHERE id = 5").await, 1, "fixed row not back");
        let keys: String = c.query_one("SELECT string_agg(source_key, ',') FROM phaseshift.quarantine", &[]).await.unwrap().get(0);
        assert_eq!(keys, "7");
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "4"]));
        // A write around the sync (straight into the new table) makes the check fail: the
        // state says failed, and why.
        ok(phaseshift(&["rollback", "--database-url", &db.url]));
        c.batch_execute("INSERT INTO contacts VALUES (9999, 'stray@example.com')").await.unwrap();
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "4"]);
        assert_eq!(out.status.code(), Some(2));
        let (status, err): (String, Option<String>) = {
            let r = c.query_one("SELECT status, last_error FROM phaseshift.migrations", &[]).await.unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!(status, "failed");
        assert!(err.as_deref().unwrap_or("").contains("check of public.contacts failed"), "{err:?}");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

const REFUSING_SPEC: &str = "version: 1\ntables:\n  dst:\n    columns:\n      id: { type: int, primary_key: true }\n      v: { type: int, check: \"v >= 0\" }\nbackfill:\n  - into: dst\n    from: src\n    key: id\n    columns: { id: id, v: v }\n    on_invalid: quarantine\n";

/// Issue 7.11: the statement of every batch after the first keeps an index range scan as
/// its generic plan (the form a prepared statement settles on after five runs).
#[test]
fn later_batches_keep_an_index_scan_in_their_generic_plan() {
    rt().block_on(async {
        let db = TestDb::new("genplan").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE src (id int PRIMARY KEY, v int); INSERT INTO src SELECT g, g FROM generate_series(1, 100000) g;
             CREATE TABLE dst (id int PRIMARY KEY, v int); ANALYZE src; ANALYZE dst;",
        )
        .await
        .unwrap();
        let specs = vec![phaseshift::spec::load_str(std::path::Path::new("r.yaml"), REFUSING_SPEC).unwrap()];
        let planned = exec::plan_online(&mut db.client().await, &specs).await.unwrap();
        let b = planned[0]
            .plan
            .phases
            .iter()
            .flat_map(|p| p.steps.iter())
            .find_map(|s| s.backfill.clone())
            .expect("a backfill step");
        for upsert in [false, true] {
            let sql = phaseshift::sql::data::batch(&b, upsert, true, true);
            c.batch_execute("SET plan_cache_mode = force_generic_plan").await.unwrap();
            c.batch_execute(&format!("PREPARE b AS {sql}")).await.unwrap();
            let plan: Vec<String> = c
                .query("EXPLAIN EXECUTE b('{50000}', 1000, '{100000}')", &[])
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            let plan = plan.join("\n");
            assert!(!plan.contains("Seq Scan on src"), "upsert {upsert}: {plan}");
            // The key bound is where the index scan starts, not a filter over every row before it.
            assert!(plan.lines().any(|l| l.contains("Index Cond") && l.contains(">")), "upsert {upsert}: {plan}");
            c.batch_execute("DEALLOCATE b; RESET plan_cache_mode").await.unwrap();
        }
    });
}

/// Issue 7.11: rows PostgreSQL refuses are found by halving, and the batch size comes back
/// afterwards: 10 refused rows among 20,000 cost a few dozen extra batches, not thousands.
#[test]
fn refused_rows_do_not_shrink_the_batches_after_them() {
    rt().block_on(async {
        let db = TestDb::new("shrink").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE src (id int PRIMARY KEY, v int);
             INSERT INTO src SELECT g, CASE WHEN g % 2000 = 1000 THEN -1 ELSE g END FROM generate_series(1, 20000) g;",
        )
        .await
        .unwrap();
        let specs = vec![phaseshift::spec::load_str(std::path::Path::new("r.yaml"), REFUSING_SPEC).unwrap()];
        let mut client = db.client().await;
        let mut batches = Vec::new();
        let opts = exec::ApplyOptions::default();
        exec::apply(&mut client, &specs, &opts, &mut |_, _| true, &mut |e| {
            if let exec::Event::BackfillProgress { batch_rows, .. } = e {
                batches.push(batch_rows);
            }
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 19990);
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.quarantine").await, 10);
        assert!(batches.len() < 250, "{} batches: {batches:?}", batches.len());
        let last = *batches.last().unwrap();
        assert!(last >= 1000, "the batch size did not come back: {batches:?}");
    });
}

/// Issue 7.15: specs without `tables` (a retirement alone, a backfill into a table the spec
/// does not declare) plan and apply against a database; offline, a backfill whose target's
/// key cannot be known is refused with the reason instead of printing broken SQL.
#[test]
fn specs_without_tables_apply() {
    rt().block_on(async {
        let db = TestDb::new("notables").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE legacy (id int PRIMARY KEY);
             CREATE TABLE people (id int PRIMARY KEY, email text);
             INSERT INTO people SELECT g, 'p' || g || '@example.com' FROM generate_series(1, 50) g;
             CREATE TABLE accounts (id int PRIMARY KEY, email text);",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "notables",
            &[
                ("001_retire.yaml", "version: 1\nretire:\n  - table: legacy\n"),
                (
                    "002_copy.yaml",
                    "version: 1\nbackfill:\n  - into: accounts\n    from: people\n    key: id\n    columns: { id: id, email: email }\n",
                ),
            ],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["plan", &specs, "--database-url", &db.url]));
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM accounts").await, 50);
        assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'phaseshift_archive' AND tablename = 'legacy'").await, 1);
        let out = phaseshift(&["plan", &dir.join("002_copy.yaml").display().to_string()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("accounts") && err.contains("--database-url"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.16: implicit names that truncate to the same 63 bytes get PostgreSQL's numbered
/// labels (`_key1`), on a new table and on an existing one, and applying again is a no-op.
#[test]
fn implicit_names_that_collide_are_numbered_like_postgres() {
    rt().block_on(async {
        let db = TestDb::new("longnames").await;
        let c = db.client().await;
        let a = format!("{}_a", "x".repeat(60));
        let b = format!("{}_b", "x".repeat(60));
        c.batch_execute(&format!("CREATE TABLE existing (id int PRIMARY KEY, {a} text, {b} text)")).await.unwrap();
        let spec = format!(
            "version: 1\ntables:\n  fresh:\n    columns:\n      id: {{ type: int, primary_key: true }}\n      {a}: {{ type: text, unique: true }}\n      {b}: {{ type: text, unique: true }}\n  existing:\n    columns:\n      id: {{ type: int, primary_key: true }}\n      {a}: {{ type: text, unique: true }}\n      {b}: {{ type: text, unique: true }}\n"
        );
        let dir = spec_dir("longnames", &[("001_unique.yaml", &spec)]);
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        for t in ["fresh", "existing"] {
            let names: Vec<String> = c
                .query(
                    &format!("SELECT conname::text FROM pg_constraint WHERE conrelid = '{t}'::regclass AND contype = 'u' ORDER BY 1"),
                    &[],
                )
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert_eq!(names.len(), 2, "{t}: {names:?}");
            assert!(names.iter().any(|n| n.ends_with("_key1")) && names.iter().any(|n| n.ends_with("_key")), "{t}: {names:?}");
        }
        // What PostgreSQL itself would name them.
        c.batch_execute(&format!("CREATE TABLE pg_named (id int, {a} text UNIQUE, {b} text UNIQUE)")).await.unwrap();
        let pg: i64 = count(&c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'pg_named'::regclass AND conname::text LIKE '%_key1'").await;
        assert_eq!(pg, 1);
        let out = ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes", "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["statements_executed"], 0, "{out}");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.14: serial and bigserial columns get their sequences, owned by the column, on a
/// new table and as a new column of an existing one; applying again changes nothing and
/// rolling back removes them.
#[test]
fn serial_columns_get_their_sequences() {
    rt().block_on(async {
        let db = TestDb::new("serial").await;
        let c = db.client().await;
        let start = db.schema().await;
        c.batch_execute("CREATE TABLE events (name text); INSERT INTO events VALUES ('a'), ('b')").await.unwrap();
        let start_with_events = db.schema().await;
        let dir = spec_dir(
            "serial",
            &[(
                "001_serial.yaml",
                "version: 1\ntables:\n  tickets:\n    columns:\n      id: { type: serial, primary_key: true }\n      big: { type: bigserial }\n      title: { type: text }\n  events:\n    columns:\n      seq: { type: bigserial }\n",
            )],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes", "--allow-hazards", "table_rewrite"]));
        c.batch_execute("INSERT INTO tickets (title) VALUES ('one'), ('two')").await.unwrap();
        assert_eq!(count(&c, "SELECT max(id)::bigint FROM tickets").await, 2);
        assert_eq!(count(&c, "SELECT max(big) FROM tickets").await, 2);
        assert_eq!(count(&c, "SELECT count(DISTINCT seq) FROM events").await, 2);
        assert_eq!(count(&c, "SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid WHERE s.relkind = 'S' AND d.deptype = 'a'").await, 3, "owned by their columns");
        let out = ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes", "--format", "json"]));
        assert!(out.contains("\"statements_executed\": 0"), "{out}");
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        assert_eq!(db.schema().await, start_with_events);
        assert_ne!(start, start_with_events);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.19: `comment: null` and `comment: ""` both remove a comment, and verify then
/// finds no drift.
#[test]
fn null_and_empty_comments_remove_comments_for_good() {
    rt().block_on(async {
        let db = TestDb::new("comments").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE notes (id int PRIMARY KEY, body text);
             COMMENT ON TABLE notes IS 'old table comment'; COMMENT ON COLUMN notes.body IS 'old column comment';",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "comments",
            &[(
                "001_comments.yaml",
                "version: 1\ntables:\n  notes:\n    comment: null\n    columns:\n      id: { type: int, primary_key: true }\n      body: { type: text, comment: \"\" }\n",
            )],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM pg_description WHERE objoid = 'notes'::regclass").await, 0);
        let out = phaseshift(&["verify", &specs, "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.23: a step or backfill that cannot get its lock names the session in the way,
/// the backfill's waits follow --lock-timeout and --retries, and the state says failed.
#[test]
fn lock_timeouts_name_the_blocking_session() {
    rt().block_on(async {
        let db = posts_db("blockers").await;
        let spec = root(POSTS_SPEC);
        let c = db.client().await;
        let holder = db.client().await;
        holder
            .batch_execute("SET application_name = 'blocker-app'; BEGIN; LOCK TABLE users IN ROW EXCLUSIVE MODE; SELECT 'held by the test'")
            .await
            .unwrap();
        // Expand adds a foreign key to users: it waits for the holder.
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "1", "--lock-timeout", "300", "--retries", "1"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("blocked by: pid") && err.contains("blocker-app") && err.contains("held by the test"), "{err}");
        holder.batch_execute("COMMIT").await.unwrap();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "2"]));
        // A writer's open transaction holds a row of the first batch: the backfill gives up
        // after --lock-timeout x (--retries + 1), naming it, and the state says failed.
        holder
            .batch_execute("SET application_name = 'writer-app'; BEGIN; UPDATE posts SET likes = likes WHERE id = 1")
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3", "--lock-timeout", "200", "--retries", "2"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10), "waited {:?}", started.elapsed());
        assert!(err.contains("could not lock the rows of its next batch in public.posts") && err.contains("writer-app"), "{err}");
        let status: String = c.query_one("SELECT status FROM phaseshift.migrations", &[]).await.unwrap().get(0);
        assert_eq!(status, "failed");
        holder.batch_execute("COMMIT").await.unwrap();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3"]));
        assert_eq!(count(&c, "SELECT count(*) FROM posts_core").await, 3000);
    });
}

/// Issue 7.12: quarantined rows carry their migration and can be listed, retried once the
/// source is fixed, and discarded.
#[test]
fn quarantine_can_be_listed_retried_and_discarded() {
    rt().block_on(async {
        let db = TestDb::new("qtools").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE people (id int PRIMARY KEY, email text);
             INSERT INTO people SELECT g, 'p' || g || '@example.com' FROM generate_series(1, 100) g;
             UPDATE people SET email = 'bad' || id WHERE id IN (3, 4, 5)",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "qtools",
            &[(
                "001_contacts.yaml",
                "version: 1\ntables:\n  contacts:\n    columns:\n      id: { type: int, primary_key: true }\n      email: { type: text, not_null: true }\nbackfill:\n  - into: contacts\n    from: people\n    key: id\n    columns: { id: id, email: email }\n    validate: { email: email }\n    on_invalid: quarantine\n",
            )],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--to-phase", "3"]));
        let out = ok(phaseshift(&["quarantine", "list", "001_contacts", "--database-url", &db.url, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{out}");
        assert!(rows.iter().all(|r| r["migration"] == "001_contacts" && r["rule"] == "email: email"), "{out}");
        let text = ok(phaseshift(&["quarantine", "list", "--database-url", &db.url]));
        assert!(text.contains("key 3") && text.contains("3 row(s)"), "{text}");
        // Two rows fixed at the source (with the trigger off, as a bulk fix might be), then
        // retried: they reach the new table; the third is judged again and stays.
        c.batch_execute(
            "ALTER TABLE people DISABLE TRIGGER USER; UPDATE people SET email = 'fixed' || id || '@example.com' WHERE id IN (3, 4); ALTER TABLE people ENABLE TRIGGER USER",
        )
        .await
        .unwrap();
        let out = ok(phaseshift(&["quarantine", "retry", "001_contacts", "--database-url", &db.url, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["retried"], 3, "{out}");
        assert_eq!(v["still_quarantined"], 1, "{out}");
        assert_eq!(count(&c, "SELECT count(*) FROM contacts WHERE id IN (3, 4)").await, 2);
        // Discarding needs confirmation, then leaves the quarantine empty; validate passes.
        let out = phaseshift(&["quarantine", "discard", "001_contacts", "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        ok(phaseshift(&["quarantine", "discard", "001_contacts", "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.quarantine").await, 0);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.25: a contract nobody confirmed stops `apply` and `rollback` alike with exit
/// code 3, and errors come as JSON when JSON was asked for.
#[test]
fn exit_codes_and_json_errors_are_the_same_everywhere() {
    rt().block_on(async {
        let db = posts_db("exits").await;
        let spec = root(POSTS_SPEC);
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--format", "json"]);
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["needs_confirmation"], true);
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        let out = phaseshift(&["rollback", "--database-url", &db.url, "--format", "json"]);
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], "needs_confirmation", "{v}");
        let out = phaseshift(&["status", "--database-url", "host=127.0.0.1 port=1 user=x", "--format", "json"]);
        assert_eq!(out.status.code(), Some(2));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], "connect", "{v}");
        assert_eq!(v["error"]["exit_code"], 2, "{v}");
    });
}

fn psql(url: &str, file: &std::path::Path) -> std::process::Output {
    let psql = crate::harness::harness()
        .bindir()
        .map(|b| b.join("psql"))
        .filter(|p| p.exists())
        .expect("psql is needed: install PostgreSQL's client or set PHASESHIFT_PG_BINDIR");
    std::process::Command::new(psql)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"])
        .arg(file)
        .output()
        .unwrap()
}

/// Issue 7.21: the psql scripts of the examples that move data run on a database that has
/// never seen phaseshift, follow on_invalid as apply does (same rows copied, same rows
/// quarantined), and run twice forward and twice back, ending at the starting schema.
#[test]
fn sql_scripts_of_data_examples_run_twice_both_ways() {
    rt().block_on(async {
        for (ex, targets) in [
            ("posts_normalization", &["posts_core", "posts_content", "post_insights"][..]),
            ("kv_to_relational", &["clients", "catalogs", "products", "orders"][..]),
            ("multi_tenancy", &["organizations"][..]),
        ] {
            let setup = |tag: &'static str| async move {
                let db = TestDb::new(tag).await;
                let c = db.client().await;
                exec::run_script(&c, &std::fs::read_to_string(root(&format!("sql/examples/{ex}.sql"))).unwrap())
                    .await
                    .unwrap();
                db
            };
            let db = setup("script").await;
            let reference = setup("scriptref").await;
            let start = db.schema().await;
            let spec = root(&format!("specs/examples/{ex}"));
            let dir = spec_dir("script", &[]);
            let fwd = dir.join("forward.sql");
            let back = dir.join("rollback.sql");
            std::fs::write(&fwd, ok(phaseshift(&["sql", &spec, "--database-url", &db.url]))).unwrap();
            std::fs::write(&back, ok(phaseshift(&["sql", &spec, "--database-url", &db.url, "--rollback"]))).unwrap();
            for run in 1..=2 {
                let out = psql(&db.url, &fwd);
                assert!(out.status.success(), "{ex} forward run {run}: {}", String::from_utf8_lossy(&out.stderr));
            }
            ok(phaseshift(&["apply", &spec, "--database-url", &reference.url, "--yes"]));
            let (c, r) = (db.client().await, reference.client().await);
            for t in targets {
                let q = format!("SELECT count(*) FROM {t}");
                assert_eq!(count(&c, &q).await, count(&r, &q).await, "{ex}: rows in {t}, script against apply");
            }
            let q = "SELECT count(*) FROM phaseshift.quarantine";
            assert_eq!(count(&c, q).await, count(&r, q).await, "{ex}: quarantined rows, script against apply");
            for run in 1..=2 {
                let out = psql(&db.url, &back);
                assert!(out.status.success(), "{ex} rollback run {run}: {}", String::from_utf8_lossy(&out.stderr));
            }
            assert_eq!(db.schema().await, start, "{ex}: the rollback script did not restore the schema");
            let _ = std::fs::remove_dir_all(&dir);
        }
    });
}

/// Issue 9: the psql scripts of migrations that change columns online, keys among them,
/// run twice forward and twice back: the second rollback finds the old columns back and
/// leaves them (it took them for the new ones, and the rollback of expand then dropped
/// them), ending at the starting schema with every value as it was.
#[test]
fn sql_scripts_of_columns_changed_online_run_twice_both_ways() {
    rt().block_on(async {
        for (case, tables) in [
            ("versioned_columns", &["accounts"][..]),
            ("versioned_referenced_key", &["users", "orders", "audit"][..]),
            ("versioned_identity_key", &["tickets"][..]),
            ("versioned_redeclared", &["accounts", "orgs"][..]),
            ("versioned_rename", &["users"][..]),
        ] {
            let db = TestDb::new(&format!("script_{case}")).await;
            let c = db.client().await;
            exec::run_script(&c, &std::fs::read_to_string(root(&format!("tests/cases/{case}/before.sql"))).unwrap())
                .await
                .unwrap();
            // Every row, by column name (a column given back at contract's rollback comes
            // last), in one order.
            let rows = async |c: &tokio_postgres::Client| {
                let mut out = Vec::new();
                for t in tables {
                    let q = format!(
                        "SELECT coalesce(string_agg(to_jsonb(t)::text, ' ' ORDER BY to_jsonb(t)::text), '') FROM {t} AS t"
                    );
                    out.push(c.query_one(&q, &[]).await.unwrap().get::<_, String>(0));
                }
                out
            };
            let (start, start_rows) = (db.schema().await, rows(&c).await);
            let spec = root(&format!("tests/cases/{case}/specs"));
            let dir = spec_dir(&format!("script_{case}"), &[]);
            let (fwd, back) = (dir.join("forward.sql"), dir.join("rollback.sql"));
            std::fs::write(&fwd, ok(phaseshift(&["sql", &spec, "--database-url", &db.url]))).unwrap();
            std::fs::write(&back, ok(phaseshift(&["sql", &spec, "--database-url", &db.url, "--rollback"]))).unwrap();
            for (file, what) in [(&fwd, "forward"), (&fwd, "forward"), (&back, "rollback"), (&back, "rollback")] {
                let out = psql(&db.url, file);
                assert!(out.status.success(), "{case} {what}: {}", String::from_utf8_lossy(&out.stderr));
            }
            assert_eq!(db.schema().await, start, "{case}: the rollback script did not restore the schema");
            assert_eq!(rows(&c).await, start_rows, "{case}: the rollback script did not restore every value");
            let _ = std::fs::remove_dir_all(&dir);
        }
    });
}

/// Issue 7.10: backfills with expressions that give a new value each time (a random uuid,
/// now(), a sequence) pass validate: what was written is checked by count and presence.
#[test]
fn volatile_backfill_expressions_pass_validate() {
    rt().block_on(async {
        let db = TestDb::new("volatile").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE events (id int PRIMARY KEY, name text);
             INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 400) g;
             CREATE SEQUENCE ticket_numbers;",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "volatile",
            &[(
                "001_tokens.yaml",
                "version: 1\ntables:\n  event_tokens:\n    columns:\n      id: { type: int, primary_key: true }\n      token: { type: uuid, not_null: true }\n      copied_at: { type: timestamptz, not_null: true }\n      ticket: { type: bigint }\n  events:\n    columns:\n      ref: { type: uuid }\nbackfill:\n  - into: event_tokens\n    from: events\n    key: id\n    columns: { id: id, token: gen_random_uuid(), copied_at: now(), ticket: \"nextval('ticket_numbers')\" }\n  - into: events\n    from: events\n    key: id\n    columns: { ref: gen_random_uuid() }\n",
            )],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(DISTINCT token) FROM event_tokens").await, 400);
        assert_eq!(count(&c, "SELECT count(*) FROM events WHERE ref IS NULL").await, 0);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 7.10: a backfill that rewrites an existing column from its own values keeps the
/// originals: validate compares with what was written, the old application's own writes
/// are taken as originals too, and a rollback gives every original back.
#[test]
fn rewriting_an_existing_column_keeps_the_originals() {
    rt().block_on(async {
        let db = TestDb::new("rewrite").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE prices (id int PRIMARY KEY, cents int); INSERT INTO prices SELECT g, g FROM generate_series(1, 300) g")
            .await
            .unwrap();
        let start = db.schema().await;
        let dir = spec_dir(
            "rewrite",
            &[(
                "001_scale.yaml",
                "version: 1\nbackfill:\n  - into: prices\n    from: prices\n    key: id\n    columns: { cents: cents * 100 }\n",
            )],
        );
        let specs = dir.display().to_string();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--to-phase", "2"]));
        // The old application writes the old form while the rewrite runs.
        c.batch_execute("UPDATE prices SET cents = 7 WHERE id = 5; INSERT INTO prices VALUES (301, 3)").await.unwrap();
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT sum(cents)::bigint FROM prices").await, (45150 - 5 + 7 + 3) * 100);
        // Applied again: nothing is rewritten twice.
        ok(phaseshift(&["apply", &specs, "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT cents::bigint FROM prices WHERE id = 5").await, 700);
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        assert_eq!(count(&c, "SELECT sum(cents)::bigint FROM prices").await, 45150 - 5 + 7 + 3);
        assert_eq!(count(&c, "SELECT cents::bigint FROM prices WHERE id = 5").await, 7);
        assert_eq!(db.schema().await, start);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

const RACE_SPEC: &str = "version: 1\ntables:\n  dst:\n    columns:\n      id: { type: int, primary_key: true }\n      v: { type: int }\n      w: { type: text }\nbackfill:\n  - into: dst\n    from: src\n    key: id\n    columns: { id: id, v: v, w: w }\n";

/// `spec` applied through its sync phase (2) in the library: the specs, and options that
/// go on to the backfill (phase 3).
async fn synced(db: &TestDb, spec: &str) -> (Vec<phaseshift::spec::Spec>, exec::ApplyOptions) {
    let specs = vec![phaseshift::spec::load_str(std::path::Path::new("synced.yaml"), spec).unwrap()];
    let mut opts = exec::ApplyOptions { to_phase: Some(2), ..exec::ApplyOptions::default() };
    exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
    opts.to_phase = Some(3);
    (specs, opts)
}

/// `src (id, v, w)` with `rows` rows: the source `RACE_SPEC` copies.
async fn make_src(c: &tokio_postgres::Client, rows: i64) {
    c.batch_execute(&format!(
        "CREATE TABLE src (id int PRIMARY KEY, v int, w text);
         INSERT INTO src SELECT g, g, md5(g::text) FROM generate_series(1, {rows}) g;"
    ))
    .await
    .unwrap();
}

/// `RACE_SPEC` as `file`.yaml in a directory of its own, applied to `db` up to `phase`: the
/// directory, and its path as the command line takes it.
fn race_applied(db: &TestDb, tag: &str, file: &str, phase: &str) -> (std::path::PathBuf, String) {
    let dir = spec_dir(tag, &[(&format!("{file}.yaml"), RACE_SPEC)]);
    let spec = dir.display().to_string();
    ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", phase]));
    (dir, spec)
}

/// The application's writes on `src` (one key parameter each): deletes, inserts (or
/// upserts of rows that are there), updates of both copied columns (twice as often).
const SRC_WRITES: [&str; 4] = [
    "DELETE FROM src WHERE id = $1",
    "INSERT INTO src VALUES ($1, -($1::int), 'again') ON CONFLICT (id) DO UPDATE SET w = 'upserted'",
    "UPDATE src SET v = v + 1, w = md5(random()::text) WHERE id = $1",
    "UPDATE src SET v = v + 1, w = md5(random()::text) WHERE id = $1",
];

/// Rows of `src` that `dst` lacks (or has otherwise), and rows of `dst` that `src` lacks.
async fn src_dst_differences(c: &tokio_postgres::Client) -> (i64, i64) {
    let missing = count(c, "SELECT count(*) FROM (SELECT id, v, w FROM src EXCEPT SELECT id, v, w FROM dst) x").await;
    let extra = count(c, "SELECT count(*) FROM (SELECT id, v, w FROM dst EXCEPT SELECT id, v, w FROM src) x").await;
    (missing, extra)
}

/// Applies `spec` through sync, then runs its backfill in small, short batches on a thread
/// of its own while this session writes (`writes`, one key parameter each, chosen at
/// random) exactly the rows just ahead of the last checkpoint: the batch in flight and the
/// next. Returns how many writes it made and how many rows they changed.
async fn write_ahead_of_the_batches(db: &TestDb, spec: &'static str, writes: &[&str]) -> (u64, u64) {
    let c = db.client().await;
    let specs = vec![phaseshift::spec::load_str(std::path::Path::new("race.yaml"), spec).unwrap()];
    let mut opts = exec::ApplyOptions { to_phase: Some(2), ..exec::ApplyOptions::default() };
    exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
    opts.to_phase = Some(3);
    // Short batches, never pausing: the race is the point here, not making room.
    opts.backfill = exec::BackfillOptions {
        target_batch_ms: 2,
        initial_batch: 50,
        yielding: exec::Yielding::Rest(0.0),
        ..Default::default()
    };
    let done = Arc::new(AtomicBool::new(false));
    let (url, flag) = (db.url.clone(), done.clone());
    let backfill = std::thread::spawn(move || {
        let r = rt().block_on(async {
            let mut client = exec::connect(&url).await.unwrap();
            exec::apply(&mut client, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.map(|_| ())
        });
        flag.store(true, Ordering::SeqCst);
        r
    });
    let (mut made, mut changed) = (0u64, 0u64);
    while !done.load(Ordering::SeqCst) {
        let last: Option<i32> = c
            .query_opt("SELECT (last_key[1])::int FROM phaseshift.backfill_progress", &[])
            .await
            .unwrap()
            .and_then(|r| r.get(0));
        let Some(last) = last else {
            tokio::time::sleep(Duration::from_millis(1)).await;
            continue;
        };
        for _ in 0..20 {
            let k = last + 1 + fastrand::i32(0..150);
            changed += c.execute(writes[fastrand::usize(..writes.len())], &[&k]).await.unwrap();
            made += 1;
        }
    }
    backfill.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
    assert!(made > 300 && changed > 200, "{made} writes changed {changed} rows: too few to race the batches");
    (made, changed)
}

/// Issue 10: a backfill locks only the rows of its batch, never the table, and still no
/// copy races a write: updates, deletes and inserts of exactly the rows of the batch in
/// flight all end up in the target, row for row. (Without the batch's row locks this
/// fails: copies of rows read before a write land after it.)
#[test]
fn writes_to_the_rows_of_the_batch_in_flight_are_never_lost() {
    rt().block_on(async {
        let db = TestDb::new("race").await;
        let c = db.client().await;
        make_src(&c, 200000).await;
        let (made, _) = write_ahead_of_the_batches(&db, RACE_SPEC, &SRC_WRITES).await;
        assert_eq!(src_dst_differences(&c).await, (0, 0), "rows differ after {made} writes ahead of the batches");
    });
}

/// Issue 10: while the batches copy, the sync trigger only notes the keys written, and the
/// notes are carried over between batches and, at the end, while the trigger goes back to
/// writing the target itself. Writers on every row of the source that keep going from
/// before the backfill until after it ends lose nothing, whenever their writes land: in the
/// log, in its last carry, or after it. Five rounds on a small table, so that the end of the
/// log meets the writes each time.
#[test]
fn writes_while_the_sync_log_ends_are_never_lost() {
    rt().block_on(async {
        for round in 0..5 {
            let db = TestDb::new(&format!("logend{round}")).await;
            let c = db.client().await;
            make_src(&c, 3000).await;
            let (specs, mut opts) = synced(&db, RACE_SPEC).await;
            let stop = Arc::new(AtomicBool::new(false));
            let writers: Vec<_> = (0..2)
                .map(|_| {
                    let (url, stop) = (db.url.clone(), stop.clone());
                    tokio::spawn(async move {
                        let w = exec::connect(&url).await.unwrap();
                        let mut made = 0u64;
                        while !stop.load(Ordering::SeqCst) {
                            let k = fastrand::i32(1..3300);
                            // Another writer may hold the row: a failed write is the
                            // application's to retry, and changed nothing.
                            if w.execute(SRC_WRITES[fastrand::usize(..SRC_WRITES.len())], &[&k]).await.is_ok() {
                                made += 1;
                            }
                        }
                        made
                    })
                })
                .collect();
            tokio::time::sleep(Duration::from_millis(100)).await;
            opts.backfill = exec::BackfillOptions {
                target_batch_ms: 5,
                initial_batch: 200,
                yielding: exec::Yielding::Rest(0.0),
                ..Default::default()
            };
            exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
            let log_ended = count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%'").await == 0;
            tokio::time::sleep(Duration::from_millis(150)).await;
            stop.store(true, Ordering::SeqCst);
            let mut made = 0;
            for w in writers {
                made += w.await.unwrap();
            }
            assert!(made > 200 && log_ended, "round {round}: {made} writes, log ended: {log_ended}");
            assert_eq!(src_dst_differences(&c).await, (0, 0), "round {round}: rows differ after {made} writes");
        }
    });
}

/// Issue 10: an application transaction that noted a key while the batches copied and is
/// still open when the log ends: the end waits for it (without holding up other writers),
/// then carries its write over. (Dropping the log as soon as the marker is there loses it.)
#[test]
fn a_transaction_open_across_the_end_of_the_sync_log_loses_nothing() {
    rt().block_on(async {
        let db = TestDb::new("logopen").await;
        let c = db.client().await;
        make_src(&c, 20000).await;
        let (specs, mut opts) = synced(&db, RACE_SPEC).await;
        opts.backfill = exec::BackfillOptions { target_batch_ms: 5, initial_batch: 100, ..Default::default() };
        let url = db.url.clone();
        let backfill = std::thread::spawn(move || {
            rt().block_on(async {
                let mut client = exec::connect(&url).await.unwrap();
                exec::apply(&mut client, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.map(|_| ())
            })
        });
        while count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%'").await == 0 {
            assert!(!backfill.is_finished(), "the backfill ended without a sync log");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let app = db.client().await;
        // A new row: past the last key the batches copy, so that none waits for it.
        app.batch_execute("BEGIN; INSERT INTO src VALUES (50000, 1, 'open across the end')").await.unwrap();
        // Another writer meanwhile is not held up.
        c.batch_execute("UPDATE src SET w = 'meanwhile' WHERE id = 2").await.unwrap();
        while count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%end'").await == 0 {
            assert!(!backfill.is_finished(), "the backfill ended before its log did");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        c.batch_execute("UPDATE src SET w = 'while ending' WHERE id = 3").await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.batch_execute("COMMIT").await.unwrap();
        backfill.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(src_dst_differences(&c).await, (0, 0));
        assert_eq!(
            count(&c, "SELECT count(*) FROM dst WHERE w IN ('open across the end', 'meanwhile', 'while ending')").await,
            3
        );
    });
}

/// Issue 10: a backfill killed while its trigger notes keys leaves the log behind, and the
/// application's writes while nobody carries them over are noted there: `apply` resumes,
/// carries them over and ends the log; `rollback` instead drops the log with the copies.
#[test]
fn a_backfill_killed_while_keys_are_noted_resumes_or_rolls_back_cleanly() {
    rt().block_on(async {
        for resume in [true, false] {
            let tag = if resume { "lognoted_resume" } else { "lognoted_back" };
            let db = TestDb::new(tag).await;
            let c = db.client().await;
            make_src(&c, 20000).await;
            let start = db.schema().await;
            let (dir, spec) = race_applied(&db, tag, "001_copy", "2");
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
                .args(["apply", &spec, "--database-url", &db.url, "--to-phase", "3", "--max-rate", "5000"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            while count(&c, "SELECT count(*) FROM dst").await < 3000 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%'").await, 1);
            // Behind the checkpoint and ahead of it, while nobody carries the notes over.
            for k in [5, 1500, 2999, 15000, 19999] {
                c.execute(SRC_WRITES[2], &[&k]).await.unwrap();
            }
            for k in [6, 16000] {
                c.execute(SRC_WRITES[0], &[&k]).await.unwrap();
            }
            c.execute(SRC_WRITES[1], &[&30000]).await.unwrap();
            if resume {
                ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3"]));
                assert_eq!(src_dst_differences(&c).await, (0, 0));
                assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%'").await, 0);
                // From now on the trigger writes the target itself.
                c.execute(SRC_WRITES[2], &[&7]).await.unwrap();
                assert_eq!(src_dst_differences(&c).await, (0, 0));
            } else {
                ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
                assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'synclog%'").await, 0);
                assert_eq!(db.schema().await, start);
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    });
}

/// Issue 10: the same for a column filled in place: a value the application changes while
/// its row's batch runs is computed from what it wrote, never from what the batch read.
#[test]
fn an_in_place_fill_never_keeps_a_value_read_before_a_write() {
    rt().block_on(async {
        let db = TestDb::new("racefill").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE accounts (id int PRIMARY KEY, email text NOT NULL);
             INSERT INTO accounts SELECT g, 'user' || g || '@old.example' FROM generate_series(1, 200000) g;",
        )
        .await
        .unwrap();
        let spec = "version: 1\ntables:\n  accounts:\n    columns:\n      domain: { type: text }\nbackfill:\n  - into: accounts\n    from: accounts\n    key: id\n    columns: { domain: \"split_part(email, '@', 2)\" }\n";
        let writes = [
            "UPDATE accounts SET email = 'moved' || id || '@' || md5(random()::text) || '.example' WHERE id = $1",
            "DELETE FROM accounts WHERE id = $1",
            "INSERT INTO accounts VALUES ($1, 'back' || $1::int || '@again.example') ON CONFLICT (id) DO NOTHING",
        ];
        let (made, _) = write_ahead_of_the_batches(&db, spec, &writes).await;
        let stale = count(&c, "SELECT count(*) FROM accounts WHERE domain IS DISTINCT FROM split_part(email, '@', 2)").await;
        assert_eq!(stale, 0, "rows with a stale domain after {made} writes ahead of the batches");
    });
}

/// Issue 10: `status`, from another process, shows a running backfill's progress: rows,
/// the total it expects (estimated by the planner even on a table never analyzed), its
/// rate; a resumed backfill's rate counts only its own rows; and apply's summary says how
/// many rows it copied.
#[test]
fn status_shows_a_running_backfill_from_another_process() {
    rt().block_on(async {
        let db = TestDb::new("bfstatus").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE src (id int PRIMARY KEY, v int, w text) WITH (autovacuum_enabled = off);
             INSERT INTO src SELECT g, g, md5(g::text) FROM generate_series(1, 20000) g;",
        )
        .await
        .unwrap();
        let never_analyzed: f32 =
            c.query_one("SELECT reltuples FROM pg_class WHERE oid = 'src'::regclass", &[]).await.unwrap().get(0);
        assert!(never_analyzed < 0.0, "the table was analyzed ({never_analyzed}): the estimate is not put to the test");
        let (dir, spec) = race_applied(&db, "bfstatus", "001_race", "2");
        let metrics = dir.join("phaseshift.prom");
        let metrics_s = metrics.display().to_string();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["apply", &spec, "--database-url", &db.url, "--to-phase", "3", "--max-rate", "4000"])
            .args(["--metrics-file", &metrics_s])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let (mut seen, mut last) = (None, String::new());
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let out = phaseshift(&["status", "--database-url", &db.url, "--format", "json"]);
            last = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            let b = &st["migrations"][0]["backfills"][0];
            if b["rows"].as_i64().unwrap_or(0) > 2000 {
                seen = Some(b.clone());
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let b = seen.unwrap_or_else(|| panic!("status never showed the backfill running; last:\n{last}"));
        assert_eq!((&b["done"], &b["running"]), (&serde_json::json!(false), &serde_json::json!(true)), "{b}");
        let estimate = b["estimate"].as_i64().unwrap();
        assert!((10_000..=40_000).contains(&estimate), "estimate {estimate} for 20,000 rows: {b}");
        let rate = b["rows_per_sec"].as_i64().unwrap();
        assert!((1000..=8000).contains(&rate), "rate {rate} under --max-rate 4000: {b}");
        // Killed: once its session is gone, the backfill reads as stopped.
        let mut text = String::new();
        for _ in 0..50 {
            text = ok(phaseshift(&["status", "--database-url", &db.url]));
            if text.contains("stopped at") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            text.contains("backfill public.dst:") && text.contains("of ~") && text.contains("stopped at"),
            "{text}"
        );
        // The metrics file the run kept says the same, in Prometheus's text format.
        let prom = std::fs::read_to_string(&metrics).unwrap();
        let copied: f64 = prom
            .lines()
            .find_map(|l| l.strip_prefix("phaseshift_backfill_rows{migration=\"001_race\",target=\"public.dst\"} "))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no rows gauge in:\n{prom}"));
        assert!(copied > 0.0, "{prom}");
        // Resumed: the rate is this run's, and the summary says what was copied in all.
        let out = ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "3", "--format", "json"]));
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let done = &report["migrations"][0]["backfills"][0];
        assert_eq!((done["rows"].as_i64(), done["done"].as_bool()), (Some(20_000), Some(true)), "{report}");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 10: with `--max-replica-lag`, a backfill waits before each batch while a streaming
/// replica (started from a throwaway primary with pg_basebackup) is behind in its replay,
/// says why, and carries on once the replica catches up.
#[test]
fn a_backfill_waits_for_a_replica_that_falls_behind() {
    rt().block_on(async {
        let primary = TempServer::start().unwrap_or_else(|e| panic!("cannot start a primary: {e}"));
        let replica =
            primary.start_replica(&ServerOptions::default()).unwrap_or_else(|e| panic!("cannot start a replica: {e}"));
        let url = primary.url("postgres");
        let c = exec::connect(&url).await.unwrap();
        make_src(&c, 20000).await;
        let streaming =
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND replay_lsn = pg_current_wal_lsn()";
        let mut caught_up = false;
        for _ in 0..100 {
            if count(&c, streaming).await == 1 {
                caught_up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(caught_up, "the replica never caught up");
        let dir = spec_dir("replica", &[("001_copy.yaml", RACE_SPEC)]);
        let spec = dir.display().to_string();
        ok(phaseshift(&["apply", &spec, "--database-url", &url, "--to-phase", "2"]));
        // The replica stops replaying, and the primary writes on.
        let r = exec::connect(&replica.url("postgres")).await.unwrap();
        r.batch_execute("SELECT pg_wal_replay_pause()").await.unwrap();
        c.batch_execute("CREATE TABLE filler AS SELECT g, md5(g::text) AS m FROM generate_series(1, 20000) g")
            .await
            .unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["apply", &spec, "--database-url", &url, "--to-phase", "3", "--max-replica-lag", "64kB"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 0, "a batch ran while the replica was behind");
        r.batch_execute("SELECT pg_wal_replay_resume()").await.unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(err.contains("waits: replica") && err.contains("over --max-replica-lag 65536"), "{err}");
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 20000);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// A server that crashes in the middle of a backfill (its batches commit without waiting
/// for their WAL to reach the disk) loses whole batches with their checkpoints, never a
/// checkpoint without its rows: `apply` resumes and the target matches the source row for
/// row. The crash comes while the batches run, on a durable server.
#[test]
fn a_server_crash_in_the_middle_of_a_backfill_loses_nothing_and_apply_resumes() {
    rt().block_on(async {
        let durable = ServerOptions { durable: true, ..Default::default() };
        let mut server = TempServer::start_with(&durable).unwrap_or_else(|e| panic!("cannot start a server: {e}"));
        let c = exec::connect(&server.url("postgres")).await.unwrap();
        make_src(&c, 200_000).await;
        let dir = spec_dir("crash", &[("001_copy.yaml", RACE_SPEC)]);
        let spec = dir.display().to_string();
        let url = server.url("postgres");
        ok(phaseshift(&["apply", &spec, "--database-url", &url, "--to-phase", "2"]));
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["apply", &spec, "--database-url", &url, "--to-phase", "3", "--max-rate", "40000"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut copied = 0;
        for _ in 0..400 {
            tokio::time::sleep(Duration::from_millis(25)).await;
            copied = count(&c, "SELECT count(*) FROM dst").await;
            if copied > 20_000 {
                break;
            }
        }
        assert!(copied > 0 && copied < 200_000, "crashed at {copied} rows: not in the middle");
        drop(c);
        server.crash_and_restart(&durable).unwrap_or_else(|e| panic!("cannot restart the server: {e}"));
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "the apply went on through a crash");
        let url = server.url("postgres");
        let c = exec::connect(&url).await.unwrap();
        let kept = count(&c, "SELECT count(*) FROM dst").await;
        let saved = count(&c, "SELECT coalesce(sum(rows_done), 0)::bigint FROM phaseshift.backfill_progress").await;
        // Every row a surviving checkpoint counts survived with it.
        assert!(saved <= kept, "a checkpoint counts {saved} rows, the target kept {kept}");
        ok(phaseshift(&["apply", &spec, "--database-url", &url, "--to-phase", "3"]));
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 200_000);
        let differ = count(
            &c,
            "SELECT count(*) FROM ((SELECT * FROM src EXCEPT SELECT * FROM dst) UNION ALL (SELECT * FROM dst EXCEPT SELECT * FROM src)) x",
        )
        .await;
        assert_eq!(differ, 0, "rows differ between source and target after the resumed backfill");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// A backfill keyed on a column that may be NULL is refused before anything runs: its
/// batches walk the key in order and would never reach a row whose key is NULL.
#[test]
fn a_backfill_key_that_may_be_null_is_refused() {
    rt().block_on(async {
        let db = TestDb::new("nullkey").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE src (id int PRIMARY KEY, code text UNIQUE, v int, w text);
             INSERT INTO src VALUES (1, 'a', 1, 'x'), (2, NULL, 2, 'y');",
        )
        .await
        .unwrap();
        let spec = RACE_SPEC.replace("key: id\n    columns: { id: id,", "key: code\n    columns: { id: id,");
        assert!(spec.contains("key: code"), "{spec}");
        let dir = spec_dir("nullkey", &[("001_copy.yaml", &spec)]);
        let specs = dir.display().to_string();
        let out = phaseshift(&["apply", &specs, "--database-url", &db.url]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("key column `code` of `public.src` may be NULL") && err.contains("NOT NULL first"),
            "{err}"
        );
        assert_eq!(count(&c, "SELECT count(*) FROM pg_tables WHERE tablename = 'dst'").await, 0, "something ran");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// A backfill of `RACE_SPEC`'s 20,000 rows while another session, in a transaction `app`
/// begins and leaves open, is at work: every progress report must give `reason` for
/// holding back, and the target ends with `rows` rows.
fn makes_room(name: &str, app: &'static str, reason: &str, rows: i64) {
    rt().block_on(async {
        let db = TestDb::new(name).await;
        let c = db.client().await;
        make_src(&c, 20000).await;
        let (specs, mut opts) = synced(&db, RACE_SPEC).await;
        let other = db.client().await;
        other.batch_execute(app).await.unwrap();
        opts.backfill = exec::BackfillOptions { target_batch_ms: 20, initial_batch: 500, ..Default::default() };
        let mut reasons = Vec::new();
        exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |e| {
            if let exec::Event::BackfillProgress { throttle, .. } = e {
                reasons.push(throttle);
            }
        })
        .await
        .unwrap();
        other.batch_execute("COMMIT").await.unwrap();
        assert!(!reasons.is_empty() && reasons.iter().all(|r| r.as_deref() == Some(reason)), "{reasons:?}");
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, rows);
    });
}

/// Issue 10: a backfill that finds another session at work on its source takes no table
/// lock (its `NOWAIT` is refused), locks rows instead, says it holds back, and still copies
/// every row.
#[test]
fn a_backfill_makes_room_when_another_session_writes_its_source() {
    // An application transaction that has written the source and stays open: it holds
    // ROW EXCLUSIVE on it, and no row of the backfill's range. (Its insert was copied by
    // the sync trigger before the log existed: the backfill cannot wait for it, so its
    // batches lock their rows, and are short while they make room.)
    makes_room(
        "yield",
        "BEGIN; INSERT INTO src VALUES (100000, 0, 'open')",
        "other sessions are at work: batches of at most 25 ms, each followed by a pause as long",
        20001,
    );
}

/// Issue 10: while the sync trigger notes keys, a batch locks no row, so a backfill that
/// makes room for another session keeps its batches' length (fewer batches cost the
/// application less) and pauses as long after each.
#[test]
fn a_backfill_that_locks_no_row_makes_room_with_pauses_alone() {
    // Another session at work, in a transaction that has written nothing.
    makes_room(
        "yieldlogged",
        "BEGIN; SELECT count(*) FROM src",
        "other sessions are at work: a pause as long as each batch after it",
        20000,
    );
}

/// Issue 10: a session that waits for a lock on the source (an `ALTER TABLE` queued behind
/// an open transaction) holds the backfill back: no batch runs, and takes its lock behind
/// the waiter's, until the waiter has had its turn; the wait is said, with what is waited for.
#[test]
fn a_backfill_holds_back_while_sessions_wait_for_its_tables() {
    rt().block_on(async {
        let db = TestDb::new("lockqueue").await;
        let c = db.client().await;
        make_src(&c, 20000).await;
        let (dir, spec) = race_applied(&db, "lockqueue", "001_copy", "2");
        // A reader holds the source open; a DDL queues behind it for ACCESS EXCLUSIVE.
        let reader = db.client().await;
        reader.batch_execute("BEGIN; SELECT count(*) FROM src").await.unwrap();
        let ddl = db.client().await;
        let queued = tokio::spawn(async move {
            ddl.batch_execute("ALTER TABLE src ADD COLUMN IF NOT EXISTS note text").await.map(|_| ddl)
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["apply", &spec, "--database-url", &db.url, "--to-phase", "3"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 0, "a batch ran while a session waited for the source");
        reader.batch_execute("COMMIT").await.unwrap();
        queued.await.unwrap().expect("the DDL gets its lock");
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(err.contains("1 session(s) wait for a lock on its tables (AccessExclusiveLock on src (pid"), "{err}");
        assert_eq!(count(&c, "SELECT count(*) FROM dst").await, 20000);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 10: `--jobs 3` splits a backfill into three key ranges copied at once, each in a
/// session of its own with its own checkpoint; killed midway, `apply` resumes every range
/// where it stopped (within the same bounds); the application writing all over the table
/// meanwhile loses nothing, and `status` sums the ranges into one backfill.
#[test]
fn parallel_workers_copy_disjoint_ranges_and_resume_each() {
    rt().block_on(async {
        let db = TestDb::new("jobs").await;
        let c = db.client().await;
        make_src(&c, 60000).await;
        let (dir, spec) = race_applied(&db, "jobs", "001_race", "2");
        let apply = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
                .args([
                    "apply",
                    &spec,
                    "--database-url",
                    &db.url,
                    "--to-phase",
                    "3",
                    "--jobs",
                    "3",
                    "--max-rate",
                    "9000",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let write = async || {
            for _ in 0..20 {
                let k = fastrand::i32(1..60001);
                c.execute(SRC_WRITES[fastrand::usize(..SRC_WRITES.len())], &[&k]).await.unwrap();
            }
        };
        let bounds = async || -> Vec<Option<Vec<String>>> {
            let sql =
                "SELECT upper_key FROM phaseshift.backfill_progress WHERE backfill LIKE '%#part%' ORDER BY backfill";
            c.query(sql, &[]).await.unwrap().iter().map(|r| r.get(0)).collect()
        };
        let parts = "SELECT count(*) FILTER (WHERE rows_done > 0), count(*) FILTER (WHERE upper_key IS NOT NULL), \
                     count(*) FILTER (WHERE done) FROM phaseshift.backfill_progress WHERE backfill LIKE '%#part%'";
        // First run: killed once every range has made progress (they run at once).
        let mut child = apply();
        let mut started = 0;
        for _ in 0..400 {
            write().await;
            tokio::time::sleep(Duration::from_millis(10)).await;
            started = c.query_opt(parts, &[]).await.unwrap().map_or(0, |r| r.get::<_, i64>(0));
            if started == 3 {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(started, 3, "the three ranges were never all under way at once");
        let row = c.query_one(parts, &[]).await.unwrap();
        let (bounded, done): (i64, i64) = (row.get(1), row.get(2));
        assert_eq!(bounded, 3, "each range keeps its last key");
        assert!(done < 3, "the run was killed after every range was done: nothing left to resume");
        let before = bounds().await;
        // Second run: resumes the three ranges, the writer still at work.
        let child = apply();
        let resumed = async {
            for _ in 0..50 {
                write().await;
            }
        };
        let (out, _) = tokio::join!(async { child.wait_with_output().unwrap() }, resumed);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(before, bounds().await, "a resumed range keeps its bounds");
        let row = c.query_one(parts, &[]).await.unwrap();
        assert_eq!(row.get::<_, i64>(2), 3, "every range is done");
        assert_eq!(src_dst_differences(&c).await, (0, 0), "rows differ after parallel workers and a kill");
        let out = phaseshift(&["status", "--database-url", &db.url, "--format", "json"]);
        let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let b = &st["migrations"][0]["backfills"];
        assert_eq!(b.as_array().map(Vec::len), Some(1), "one backfill, its ranges summed: {b}");
        assert_eq!(b[0]["done"], serde_json::json!(true), "{b}");
        assert!(b[0]["rows"].as_i64().unwrap() >= 50_000, "{b}");
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// The sync trigger skips the delete in the new table when an update keeps the row's key
/// (the common write, made cheaper); an update that changes the key still moves the row,
/// and a delete still removes it.
#[test]
fn a_synced_update_that_changes_the_key_moves_the_row() {
    rt().block_on(async {
        let db = TestDb::new("movekey").await;
        let c = db.client().await;
        make_src(&c, 100).await;
        let (dir, _) = race_applied(&db, "movekey", "001_race", "3");
        c.batch_execute(
            "UPDATE src SET id = 1005 WHERE id = 5;
             UPDATE src SET v = -7 WHERE id = 7;
             UPDATE src SET id = id + 2000, v = 0 WHERE id BETWEEN 10 AND 12;
             DELETE FROM src WHERE id = 20;
             INSERT INTO src VALUES (5, 55, 'new five');",
        )
        .await
        .unwrap();
        assert_eq!(src_dst_differences(&c).await, (0, 0));
        assert_eq!(count(&c, "SELECT count(*) FROM dst WHERE id IN (1005, 2010, 2011, 2012)").await, 4);
        assert_eq!(count(&c, "SELECT count(*) FROM dst WHERE id IN (10, 11, 12, 20)").await, 0);
        assert_eq!(count(&c, "SELECT v::bigint FROM dst WHERE id = 5").await, 55);
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Issue 9: a primary key widened online, with a foreign key of another table pointing at
/// it, while the old application inserts parents and children and updates rows the whole
/// time, through every phase to contract: no write of the application fails, every row it
/// wrote is there with its key, and the key goes on from where it stood.
#[test]
fn a_key_widened_online_under_a_writer_loses_nothing() {
    rt().block_on(async {
        let db = TestDb::new("widen_busy").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE events (id serial PRIMARY KEY, kind text NOT NULL, payload text);
             INSERT INTO events (kind, payload) SELECT 'k', 'p' || g FROM generate_series(1, 20000) g;
             CREATE TABLE marks (id serial PRIMARY KEY, event_id integer NOT NULL REFERENCES events);
             INSERT INTO marks (event_id) SELECT g FROM generate_series(1, 20000, 7) g;",
        )
        .await
        .unwrap();
        let spec = "version: 1\nname: widen\ntables:\n  events:\n    columns:\n      id: { type: bigserial, primary_key: true, up: \"id::bigint\", down: \"id::integer\" }\n";
        let specs = vec![phaseshift::spec::load_str(std::path::Path::new("widen.yaml"), spec).unwrap()];
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (stop, app) = (stop.clone(), db.client().await);
            tokio::spawn(async move {
                // (Text results: the key's type changes under the application at contract.)
                let (mut written, mut failed) = (0u64, Vec::new());
                while !stop.load(Ordering::Relaxed) {
                    let q = "WITH e AS (INSERT INTO events (kind, payload) VALUES ('app', 'w') RETURNING id) \
                             INSERT INTO marks (event_id) SELECT id FROM e; \
                             UPDATE events SET payload = 'updated' WHERE id = 1 + (random() * 19999)::int;";
                    match app.simple_query(q).await {
                        Ok(_) => written += 1,
                        Err(e) => failed.push(exec::pg_message(&e)),
                    }
                }
                (written, failed)
            })
        };
        let opts = exec::ApplyOptions {
            allow_hazards: phaseshift::plan::HazardKind::ALL.to_vec(),
            backfill: exec::BackfillOptions { initial_batch: 500, ..Default::default() },
            ..Default::default()
        };
        let report = exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        stop.store(true, Ordering::Relaxed);
        let (written, failed) = writer.await.unwrap();
        assert!(report.stopped.is_none(), "{:?}", report.stopped);
        assert!(failed.is_empty(), "the application's writes failed: {failed:?}");
        assert!(written > 10, "the writer wrote {written} times");
        assert_eq!(count(&c, "SELECT count(*) FROM events WHERE kind = 'app'").await, written as i64);
        assert_eq!(count(&c, "SELECT count(*) FROM marks m JOIN events e ON e.id = m.event_id").await, 2858 + written as i64);
        assert_eq!(
            count(&c, "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'id' AND atttypid = 'int8'::regtype").await,
            1
        );
        assert_eq!(
            count(&c, "SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = 'marks'::regclass AND contype = 'f' AND convalidated").await,
            1
        );
        let next = count(&c, "INSERT INTO events (kind) VALUES ('after') RETURNING id").await;
        assert!(next > 20000 + written as i64, "the key went back to {next}");
    });
}

/// A table of 50 items whose `qty` (1..50) the spec `WIDE_QTY` changes online.
async fn items_db(tag: &str) -> (TestDb, tokio_postgres::Client) {
    let db = TestDb::new(tag).await;
    let c = db.client().await;
    c.batch_execute(
        "CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL);
         INSERT INTO items SELECT g, g FROM generate_series(1, 50) g;",
    )
    .await
    .unwrap();
    (db, c)
}

const WIDE_QTY: &str = "version: 1\nname: wide_qty\ntables:\n  items:\n    columns:\n      qty: { type: bigint, not_null: true, up: \"qty::bigint\", down: \"qty::integer\" }\n";

/// Issue 9: once the archive of a contract of columns changed online is purged, rolling
/// that contract back would give the old columns back empty (the new ones were then
/// dropped with the rest of the rollback): it is refused before anything is undone.
#[test]
fn a_contract_whose_archive_was_purged_is_not_rolled_back() {
    rt().block_on(async {
        let (db, c) = items_db("purged_contract").await;
        let spec = spec_dir("purged_contract", &[("001_qty.yaml", WIDE_QTY)]);
        let spec = spec.to_str().unwrap();
        ok(phaseshift(&["apply", spec, "--database-url", &db.url, "--yes"]));
        ok(phaseshift(&["purge", "--database-url", &db.url, "--yes"]));
        let end = db.schema().await;
        let out = phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(err.contains("was purged, and what it kept cannot be given back"), "{err}");
        assert_eq!(db.schema().await, end);
        assert_eq!(count(&c, "SELECT sum(qty)::bigint FROM items").await, 1275);
    });
}

/// Issue 9: a contract that cannot have its table (a reader holds it) changes nothing, and
/// a write of the old application meanwhile reaches the new column that takes its place
/// when the contract runs again. (The executor runs the phase's steps in one transaction;
/// the triggers now also go in the step that swaps the columns, for scripts, whose steps
/// commit one by one: tests/plans.rs, `swap_stops_syncing`.)
#[test]
fn a_write_while_a_contract_waits_is_not_lost() {
    rt().block_on(async {
        let (db, c) = items_db("contract_wait").await;
        let specs = vec![phaseshift::spec::load_str(std::path::Path::new("wide_qty.yaml"), WIDE_QTY).unwrap()];
        let all = phaseshift::plan::HazardKind::ALL.to_vec();
        let upto = |p: u32| exec::ApplyOptions {
            to_phase: Some(p),
            allow_hazards: all.clone(),
            lock_timeout_ms: 200,
            retries: 1,
            ..Default::default()
        };
        exec::apply(&mut db.client().await, &specs, &upto(5), &mut |_, _| true, &mut |_| {}).await.unwrap();
        // A reader holds the table (ACCESS SHARE): the swap cannot have it.
        let reader = db.client().await;
        reader.batch_execute("BEGIN; SELECT count(*) FROM items").await.unwrap();
        let failed = exec::apply(&mut db.client().await, &specs, &upto(6), &mut |_, _| true, &mut |_| {}).await;
        assert!(failed.is_err() || failed.as_ref().is_ok_and(|r| r.stopped.is_some()), "{failed:?}");
        reader.batch_execute("COMMIT").await.unwrap();
        // The old application writes meanwhile, then the contract runs again.
        c.batch_execute("UPDATE items SET qty = 4242 WHERE id = 7").await.unwrap();
        let report =
            exec::apply(&mut db.client().await, &specs, &upto(6), &mut |_, _| true, &mut |_| {}).await.unwrap();
        assert!(report.stopped.is_none(), "{:?}", report.stopped);
        assert_eq!(count(&c, "SELECT qty FROM items WHERE id = 7").await, 4242);
    });
}

/// Adding a foreign key takes the referenced table's lock before its own table's, as an
/// application writing a parent, then its child, in one transaction does: such a
/// transaction is never the victim of a deadlock with the migration. Before, the key's
/// table was locked first; the application's child write then waited for it while the
/// migration waited for the parent, and the application's write failed (its
/// deadlock_timeout is the shorter here, so that it is the one that finds the cycle).
#[test]
fn adding_a_foreign_key_does_not_deadlock_a_writer_of_parent_then_child() {
    rt().block_on(async {
        let db = TestDb::new("fk_order").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE p (id int PRIMARY KEY);
             CREATE TABLE ch (id int PRIMARY KEY, p_id int);
             INSERT INTO p SELECT generate_series(1, 10);
             INSERT INTO ch SELECT g, g FROM generate_series(1, 10) g;",
        )
        .await
        .unwrap();
        let app = db.client().await;
        app.batch_execute("SET deadlock_timeout = '100ms'; BEGIN; INSERT INTO p VALUES (11)").await.unwrap();
        let spec = "version: 1\nname: fk\ntables:\n  ch:\n    columns:\n      p_id: { type: int, references: { table: p } }\n";
        let specs = vec![phaseshift::spec::load_str(std::path::Path::new("fk.yaml"), spec).unwrap()];
        let writer = tokio::spawn(async move {
            // By then the migration waits for this transaction.
            tokio::time::sleep(Duration::from_millis(700)).await;
            let child = app.batch_execute("INSERT INTO ch VALUES (11, 11)").await.map_err(|e| exec::pg_message(&e));
            app.batch_execute("COMMIT").await.unwrap();
            child
        });
        let opts = exec::ApplyOptions { lock_timeout_ms: 10_000, ..Default::default() };
        let report = exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
        let child = writer.await.unwrap();
        assert!(child.is_ok(), "the application's child write failed: {child:?}");
        assert!(report.stopped.is_none(), "{:?}", report.stopped);
        assert_eq!(count(&c, "SELECT count(*) FROM ch WHERE id = 11").await, 1);
        assert_eq!(
            count(&c, "SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = 'ch'::regclass AND contype = 'f' AND convalidated").await,
            1
        );
    });
}

/// Issue 10: the application writes its table as a role of its own, which may write the
/// source and nothing else. The sync trigger writes the new table, the sync log and the
/// quarantine with its owner's rights, so nothing is granted to the role: no write of the
/// application fails at any phase, and none is lost.
#[test]
fn an_application_role_that_may_write_only_its_table_keeps_writing() {
    let grants = "GRANT SELECT, INSERT, DELETE ON src TO ps_app; GRANT UPDATE (v, w) ON src TO ps_app;";
    copies_as_an_application_role("approle", grants, Granted::Before);
}

/// `src` copied into `dst` (`RACE_SPEC`) while role `ps_app`, given `grants` on `src` when
/// `granted` says, writes it: every write passes, the tables end up alike, and nothing else
/// was opened to the role.
fn copies_as_an_application_role(tag: &str, grants: &str, granted: Granted) {
    rt().block_on(async {
        let db = TestDb::new(tag).await;
        let c = db.client().await;
        make_src(&c, 3000).await;
        let made = writes_as_an_application_role(&db, grants, granted, RACE_SPEC, &SRC_WRITES).await;
        assert_eq!(src_dst_differences(&c).await, (0, 0), "rows differ after {made} writes");
        assert_nothing_else_opened(&c).await;
    });
}

/// The triggers write with their owner's rights: nothing of phaseshift's, nor the new
/// table, was opened to `ps_app` (whose rights are on `src` alone).
async fn assert_nothing_else_opened(c: &tokio_postgres::Client) {
    let opened = count(
        c,
        "SELECT (SELECT count(*) FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
                 WHERE a.grantee = 'ps_app'::regrole AND c.relname <> 'src')
              + (SELECT count(*) FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
                 WHERE a.grantee = 'ps_app'::regrole)",
    )
    .await;
    assert_eq!(opened, 0, "ps_app was granted rights on tables or schemas other than its own");
}

/// The same for a column filled in place from itself (the trigger keeps the originals of
/// what the application writes, in a table of phaseshift's).
#[test]
fn an_application_role_keeps_writing_a_column_filled_in_place() {
    fills_as_an_application_role("approle_fill", Granted::Before);
}

/// `src.w` filled in place with `upper(w)` while role `ps_app`, given its rights on `src`
/// when `granted` says, writes it: every write passes, every row ends up filled, and
/// nothing else was opened to the role.
fn fills_as_an_application_role(tag: &str, granted: Granted) {
    rt().block_on(async {
        let db = TestDb::new(tag).await;
        let c = db.client().await;
        make_src(&c, 3000).await;
        let spec =
            "version: 1\nbackfill:\n  - into: src\n    from: src\n    key: id\n    columns: { w: \"upper(w)\" }\n";
        let grants = "GRANT SELECT, INSERT, UPDATE, DELETE ON src TO ps_app;";
        writes_as_an_application_role(&db, grants, granted, spec, &SRC_WRITES).await;
        let lower = count(&c, "SELECT count(*) FROM src WHERE w <> upper(w)").await;
        assert_eq!(lower, 0, "rows not filled");
        assert_nothing_else_opened(&c).await;
    });
}

/// A role given its rights on the source only once the sync trigger is there (a role made
/// mid-migration) writes as freely, and its writes reach the new table: the trigger writes
/// with its owner's rights, not the writer's.
#[test]
fn a_role_granted_its_rights_after_the_sync_began_keeps_writing() {
    copies_as_an_application_role(
        "approle_late",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON src TO ps_app;",
        Granted::AfterSync,
    );
}

/// The same for a column filled in place (the trigger keeps the originals in a table of
/// phaseshift's).
#[test]
fn a_role_granted_its_rights_after_a_fill_began_keeps_writing() {
    fills_as_an_application_role("approle_late_fill", Granted::AfterSync);
}

/// When the application's role gets its rights on the source.
#[derive(Clone, Copy, PartialEq)]
enum Granted {
    /// Before the migration begins.
    Before,
    /// Once the sync trigger is in place (a role made while the migration runs, as a
    /// secrets manager makes one for each new credential).
    AfterSync,
}

/// Writes `writes` (one key parameter each) as role `ps_app` (given `grants` when `granted`
/// says) from before `spec`'s sync phase (or from the grant) to after its backfill: every
/// write must pass. How many were made.
async fn writes_as_an_application_role(
    db: &TestDb,
    grants: &str,
    granted: Granted,
    spec: &str,
    writes: &'static [&'static str],
) -> u64 {
    let c = db.client().await;
    c.batch_execute(
        "DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;",
    )
    .await
    .unwrap();
    let synced_first = match granted {
        Granted::Before => {
            c.batch_execute(grants).await.unwrap();
            None
        }
        Granted::AfterSync => {
            let s = synced(db, spec).await;
            c.batch_execute(grants).await.unwrap();
            Some(s)
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (url, stop) = (db.url.clone(), stop.clone());
        tokio::spawn(async move {
            let w = exec::connect(&url).await.unwrap();
            w.batch_execute("SET ROLE ps_app").await.unwrap();
            let (mut made, mut refused) = (0u64, Vec::new());
            while !stop.load(Ordering::SeqCst) {
                let k = fastrand::i32(1..3300);
                match w.execute(writes[fastrand::usize(..writes.len())], &[&k]).await {
                    Ok(_) => made += 1,
                    Err(e) => refused.push(exec::pg_message(&e)),
                }
            }
            (made, refused)
        })
    };
    let (specs, mut opts) = match synced_first {
        Some(s) => s,
        None => synced(db, spec).await,
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    opts.backfill = exec::BackfillOptions {
        target_batch_ms: 5,
        initial_batch: 100,
        yielding: exec::Yielding::Rest(0.0),
        ..Default::default()
    };
    exec::apply(&mut db.client().await, &specs, &opts, &mut |_, _| true, &mut |_| {}).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    stop.store(true, Ordering::SeqCst);
    let (made, refused) = writer.await.unwrap();
    let all = made as usize + refused.len();
    assert!(refused.is_empty(), "{} of {all} writes refused, the first: {}", refused.len(), refused[0]);
    assert!(made > 100, "{made} writes");
    made
}

/// The old and the new application each as a role with rights on its table alone (and a
/// role that only reads): through the switch (the old name a view over the new table, its
/// writes going to the archived table), after the contract (the new application's writes
/// logged for a rollback) and back, none of their statements is refused and nothing they
/// wrote is lost.
#[test]
fn application_roles_keep_working_through_switch_contract_and_rollback() {
    rt().block_on(async {
        let db = TestDb::new("approle_switch").await;
        let c = db.client().await;
        c.batch_execute(include_str!("../cases/partition_table/before.sql")).await.unwrap();
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             DO $$ BEGIN CREATE ROLE ps_ro; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT SELECT, INSERT, UPDATE, DELETE ON metrics TO ps_app; GRANT USAGE ON SEQUENCE metrics_id_seq TO ps_app;
             GRANT SELECT ON metrics TO ps_ro;",
        )
        .await
        .unwrap();
        let spec = root("tests/cases/partition_table/specs");
        let as_role = |role: &'static str, sql: &'static str| {
            let url = db.url.clone();
            async move {
                let w = exec::connect(&url).await.unwrap();
                w.batch_execute(&format!("SET ROLE {role}")).await.unwrap();
                w.batch_execute(sql).await.unwrap_or_else(|e| panic!("{role}: {sql}: {}", exec::pg_message(&e)));
            }
        };
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "4"]));
        // The new application's role, given its new table (as a spec's grants would).
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_new; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT SELECT, INSERT, UPDATE, DELETE ON metrics_p TO ps_new;",
        )
        .await
        .unwrap();
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "5"]));
        // The old application through the view; the new one on the new table; a reader.
        as_role("ps_app", "INSERT INTO metrics (id, recorded_at, value) VALUES (5001, '2026-01-05', 1); UPDATE metrics SET value = -1 WHERE id = 1; DELETE FROM metrics WHERE id = 3").await;
        as_role("ps_new", "INSERT INTO metrics_p (id, recorded_at, value) VALUES (5002, '2026-01-06', 2); UPDATE metrics_p SET value = -2 WHERE id = 2").await;
        as_role("ps_ro", "SELECT count(*) FROM metrics").await;
        // A role given the new table only now, after the reverse sync was made on it.
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_late; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT SELECT, INSERT, UPDATE, DELETE ON metrics_p TO ps_late;",
        )
        .await
        .unwrap();
        as_role("ps_late", "INSERT INTO metrics_p (id, recorded_at, value) VALUES (5004, '2026-01-08', 4)").await;
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        as_role("ps_new", "INSERT INTO metrics_p (id, recorded_at, value) VALUES (5003, '2026-01-07', 3); UPDATE metrics_p SET value = -4 WHERE id = 4; DELETE FROM metrics_p WHERE id = 5").await;
        as_role("ps_late", "UPDATE metrics_p SET value = -6 WHERE id = 6").await;
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        let rows = |sql: &'static str| count(&c, sql);
        assert_eq!(rows("SELECT count(*) FROM metrics WHERE id IN (5001, 5002, 5003, 5004)").await, 4);
        assert_eq!(rows("SELECT count(*) FROM metrics WHERE id IN (1, 2, 4, 6) AND value < 0").await, 4);
        assert_eq!(rows("SELECT count(*) FROM metrics WHERE id IN (3, 5)").await, 0);
        assert_eq!(rows("SELECT count(*) FROM metrics").await, 1401 + 4 - 2);
    });
}

/// Undoing the switch takes back what the compatibility view's step granted the old
/// application's roles (USAGE on the archive schema, SELECT on a table the view reads that
/// was there before), and nothing a role held already. The archive schema holds another
/// table, so the rollback does not drop it (which would take its grants along).
#[test]
fn a_rollback_of_the_switch_revokes_what_the_view_granted() {
    rt().block_on(async {
        let db = TestDb::new("compat_revoke").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE regions (id integer PRIMARY KEY, name text NOT NULL);
             INSERT INTO regions VALUES (1, 'north'), (2, 'south');
             CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL, region integer);
             INSERT INTO people SELECT g, 'p' || g, 1 + g % 2 FROM generate_series(1, 50) g;
             CREATE SCHEMA IF NOT EXISTS phaseshift_archive;
             CREATE TABLE phaseshift_archive.kept_from_before (id integer);
             DO $$ BEGIN CREATE ROLE ps_old; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             DO $$ BEGIN CREATE ROLE ps_had; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT SELECT, INSERT, UPDATE, DELETE ON people TO ps_old, ps_had;
             GRANT SELECT ON regions TO ps_had;
             GRANT USAGE ON SCHEMA phaseshift_archive TO ps_had;",
        )
        .await
        .unwrap();
        let dir = spec_dir(
            "compat_revoke",
            &[(
                "001_people.yaml",
                "version: 1
name: people_regions
tables:
  people_v2:
    columns:
      id: { type: bigint, primary_key: true }
      name: { type: text, not_null: true }
      region: { type: integer }
backfill:
  - { into: people_v2, from: people, key: id, columns: { id: id, name: name, region: region } }
compat:
  - view: people
    query: SELECT p.id, p.name, p.region FROM people_v2 p LEFT JOIN regions r ON r.id = p.region
",
            )],
        );
        let spec = dir.join("001_people.yaml").display().to_string();
        // Direct grants only (not through PUBLIC or membership): what the step grants.
        let held = |sql: &'static str| {
            let c = &c;
            async move { c.query_one(sql, &[]).await.unwrap().get::<_, bool>(0) }
        };
        const OLD_READS_REGIONS: &str = "SELECT EXISTS (SELECT 1 FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = 'regions'::regclass AND a.grantee = 'ps_old'::regrole AND a.privilege_type = 'SELECT')";
        const OLD_USES_ARCHIVE: &str = "SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'phaseshift_archive' AND a.grantee = 'ps_old'::regrole AND a.privilege_type = 'USAGE')";
        const HAD_READS_REGIONS: &str = "SELECT has_table_privilege('ps_had', 'regions', 'SELECT')";
        const HAD_USES_ARCHIVE: &str = "SELECT has_schema_privilege('ps_had', 'phaseshift_archive', 'USAGE')";
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "5"]));
        assert!(held(OLD_READS_REGIONS).await && held(OLD_USES_ARCHIVE).await, "the switch grants the old role what the view needs");
        // The old application keeps working through the view.
        let w = exec::connect(&db.url).await.unwrap();
        w.batch_execute("SET ROLE ps_old; UPDATE people SET name = 'renamed' WHERE id = 7; SELECT count(*) FROM people")
            .await
            .unwrap_or_else(|e| panic!("{}", exec::pg_message(&e)));
        drop(w);
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        assert!(!held(OLD_READS_REGIONS).await, "the rollback leaves ps_old reading regions");
        assert!(!held(OLD_USES_ARCHIVE).await, "the rollback leaves ps_old using the archive schema");
        assert!(held(HAD_READS_REGIONS).await && held(HAD_USES_ARCHIVE).await, "a role's own grants are kept");
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.compat_grants").await, 0);
        assert_eq!(count(&c, "SELECT count(*) FROM people WHERE name = 'renamed'").await, 1);
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift_archive.kept_from_before").await, 0);
        // Through contract and purge: the roles keep what the view's step granted (the new
        // application may use it), and its record goes with the archived table.
        ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        assert!(count(&c, "SELECT count(*) FROM phaseshift.compat_grants").await > 0);
        ok(phaseshift(&["purge", "--database-url", &db.url, "--yes"]));
        assert_eq!(count(&c, "SELECT count(*) FROM phaseshift.compat_grants").await, 0);
        assert!(held(OLD_READS_REGIONS).await, "purge takes back what the switch granted");
    });
}
