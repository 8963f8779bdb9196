//! phaseshift's own state: a database written by an earlier release is upgraded in place
//! and its migration carries on; state from a newer release, or a state schema changed by
//! hand, is refused; upgrades are idempotent and serialized.

use crate::harness::{phaseshift, rt, TestDb};
use phaseshift::exec;
use phaseshift::sql::state::STATE_MIGRATIONS;

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

fn ok(out: std::process::Output) -> (String, String) {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
}

async fn one<T: for<'a> tokio_postgres::types::FromSql<'a>>(c: &tokio_postgres::Client, sql: &str) -> T {
    c.query_one(sql, &[]).await.unwrap_or_else(|e| panic!("{sql}: {}", exec::pg_message(&e))).get(0)
}

/// The state phaseshift 0.1.0 left (tests/state/): posts_normalization applied to phase 5
/// of 6, then a row inserted and one updated through the old shape. This release reads it,
/// upgrades it on its first write, finishes the migration with every row, and rolls it all
/// back to the starting schema.
#[test]
fn state_of_release_0_1_0_is_upgraded_and_its_migration_finishes_and_rolls_back() {
    rt().block_on(async {
        let db = TestDb::new("state_upgrade").await;
        let c = db.client().await;
        let dump = std::fs::read_to_string(root("tests/state/release-0.1.0-posts-at-phase-5.sql")).unwrap();
        exec::run_script(&c, &dump).await.unwrap();
        let c = db.client().await; // the dump emptied the session's search_path
        let has_versions = "SELECT to_regclass('phaseshift.state_version') IS NOT NULL";
        assert!(!one::<bool>(&c, has_versions).await, "the old release kept no state version");

        // Reading needs no upgrade and writes nothing.
        let (status, _) = ok(phaseshift(&["status", "--database-url", &db.url]));
        assert!(status.contains("split_posts") && status.contains("5/6"), "{status}");
        assert!(!one::<bool>(&c, has_versions).await, "status wrote to the state");

        // The first write upgrades the state, then the stored plan carries on to contract.
        let spec = root("specs/examples/posts_normalization");
        let (_, err) = ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        let all: Vec<String> = STATE_MIGRATIONS.iter().map(|m| m.version.to_string()).collect();
        assert!(err.contains(&format!("state schema: version {} applied", all.join(", "))), "{err}");
        let versions: Vec<i32> = c
            .query("SELECT version FROM phaseshift.state_version ORDER BY version", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(versions, STATE_MIGRATIONS.iter().map(|m| m.version).collect::<Vec<_>>());
        assert_eq!(one::<i32>(&c, "SELECT applied_phase FROM phaseshift.migrations").await, 6);
        let kept = "SELECT count(*) FROM posts_content WHERE title = 'written at phase 5 by the old application'";
        assert_eq!(one::<i64>(&c, kept).await, 1);
        assert_eq!(one::<i32>(&c, "SELECT likes FROM post_insights WHERE post_id = 1").await, 1000);

        // A second apply finds nothing to upgrade and nothing to do.
        let (_, err) = ok(phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]));
        assert!(!err.contains("state schema"), "{err}");

        // Rolled back through the contract to phase 0: the old table has every row again, and
        // the schema is the one the migration started from.
        ok(phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]));
        assert_eq!(one::<i64>(&c, "SELECT count(*) FROM posts").await, 121);
        let kept = "SELECT count(*) FROM posts WHERE title = 'written at phase 5 by the old application'";
        assert_eq!(one::<i64>(&c, kept).await, 1);
        assert_eq!(one::<i32>(&c, "SELECT likes FROM posts WHERE id = 1").await, 1000);
        let start = TestDb::new("state_upgrade_start").await;
        let sc = start.client().await;
        exec::run_script(&sc, &std::fs::read_to_string(root("sql/examples/posts_normalization.sql")).unwrap())
            .await
            .unwrap();
        assert_eq!(db.schema().await, start.schema().await);
    });
}

async fn with_current_state(tag: &str) -> TestDb {
    let db = TestDb::new(tag).await;
    let mut c = db.client().await;
    exec::state::upgrade(&mut c).await.unwrap();
    db
}

#[test]
fn state_written_by_a_newer_release_is_refused() {
    rt().block_on(async {
        let db = with_current_state("state_newer").await;
        let c = db.client().await;
        c.batch_execute(
            "INSERT INTO phaseshift.state_version (version, description, checksum, release) \
             VALUES (99, 'from the future', 'x', 'phaseshift 9.0.0')",
        )
        .await
        .unwrap();
        let spec = root("specs/examples/storefront");
        for args in [vec!["status", "--database-url", &db.url], vec!["apply", &spec, "--database-url", &db.url]] {
            let out = phaseshift(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?} went ahead on newer state");
            assert!(err.contains("at version 99, newer than this phaseshift knows"), "{err}");
        }
    });
}

#[test]
fn a_state_schema_changed_by_hand_is_refused() {
    rt().block_on(async {
        let db = with_current_state("state_edited").await;
        let c = db.client().await;
        c.batch_execute("UPDATE phaseshift.state_version SET checksum = 'abc' WHERE version = 1").await.unwrap();
        let mut c = db.client().await;
        let err = exec::state::upgrade(&mut c).await.unwrap_err().to_string();
        assert!(err.contains("state version 1 (initial state schema)") && err.contains("changed outside"), "{err}");
    });
}

/// Every state migration can run again on state that has it (how state written before
/// versions were kept is adopted), and two upgrades at once apply each version once.
#[test]
fn state_upgrades_are_idempotent_and_serialized() {
    rt().block_on(async {
        let db = with_current_state("state_idempotent").await;
        let c = db.client().await;
        for m in STATE_MIGRATIONS {
            c.batch_execute(m.sql)
                .await
                .unwrap_or_else(|e| panic!("version {} again: {}", m.version, exec::pg_message(&e)));
        }
        let fresh = TestDb::new("state_race").await;
        let (mut a, mut b) = (fresh.client().await, fresh.client().await);
        let (ra, rb) = tokio::join!(exec::state::upgrade(&mut a), exec::state::upgrade(&mut b));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        let all: Vec<i32> = STATE_MIGRATIONS.iter().map(|m| m.version).collect();
        assert!((ra == all && rb.is_empty()) || (rb == all && ra.is_empty()), "{ra:?} {rb:?}");
        assert_eq!(one::<i64>(&a, "SELECT count(*) FROM phaseshift.state_version").await, all.len() as i64);
    });
}
