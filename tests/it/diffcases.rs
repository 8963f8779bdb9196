//! Whole-schema diff cases: tests/diff/NAME/{before.sql, after.sql}, one per family of
//! objects. Each is checked by the conformance rules: the script from before to after
//! runs under psql on a database holding `before`; the result dumps like a database
//! loaded with `after`; tables keep their identity; a second diff finds nothing. The
//! script is kept as a snapshot, and `phaseshift apply after.sql` must converge too. A
//! case's `check.sql` holds queries that must give true after each (see [`run_checks`]).

use crate::harness::{harness, phaseshift, rt, TestDb};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin(name: &str) -> PathBuf {
    let dir = harness()
        .bindir()
        .unwrap_or_else(|| panic!("{name} is needed: install PostgreSQL's binaries or set PHASESHIFT_PG_BINDIR"));
    dir.join(name)
}

/// pg_dump statements, comment lines dropped, columns and statements sorted.
fn dump(url: &str) -> Vec<String> {
    dump_without(url, &[])
}

/// [`dump`], leaving out more schemas.
fn dump_without(url: &str, schemas: &[&str]) -> Vec<String> {
    let o = Command::new(bin("pg_dump"))
        .args(["--schema-only", "--no-owner", "--exclude-schema=phaseshift"])
        .args(schemas.iter().map(|s| format!("--exclude-schema={s}")))
        .args(["-d", url])
        .output()
        .expect("pg_dump");
    assert!(o.status.success(), "pg_dump: {}", String::from_utf8_lossy(&o.stderr));
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        if line.starts_with("--") || line.trim().is_empty() || line.starts_with('\\') {
            continue;
        }
        cur.push(line.to_string());
        if line.ends_with(';') {
            let st = crate::harness::normalize_dump(&cur.join("\n"));
            if !st.starts_with("SET ") && !st.starts_with("SELECT pg_catalog.set_config") {
                out.push(st);
            }
            cur.clear();
        }
    }
    out.sort();
    out
}

async fn oids(db: &TestDb) -> BTreeMap<String, u32> {
    let c = db.client().await;
    c.query(
        "SELECT n.nspname || '.' || c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'phaseshift')",
        &[],
    )
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

fn psql_file(url: &str, file: &Path) {
    let o = Command::new(bin("psql"))
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-X", "-f"])
        .arg(file)
        .arg(url)
        .output()
        .unwrap();
    assert!(o.status.success(), "psql -f {}: {}", file.display(), String::from_utf8_lossy(&o.stderr));
}

/// The case's `check.sql`, if it has one: each query gives one row whose one column must be
/// true (run after the script, after `apply` and after the rollback: what the schema alone
/// does not show, such as where a sequence stands).
async fn run_checks(dir: &Path, db: &TestDb, when: &str) {
    let Ok(text) = std::fs::read_to_string(dir.join("check.sql")) else {
        return;
    };
    let c = db.client().await;
    let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
    for q in code.join("\n").split(";\n").map(str::trim).filter(|q| !q.is_empty()) {
        let q = q.trim_end_matches(';');
        let row = c.query_one(q, &[]).await.unwrap_or_else(|e| panic!("{}: {when}: {q}: {e:?}", dir.display()));
        assert_eq!(row.get::<_, Option<bool>>(0), Some(true), "{}: {when}, this does not hold: {q}", dir.display());
    }
}

fn check(dir: &Path) {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let (before, after) = (dir.join("before.sql"), dir.join("after.sql"));
    rt().block_on(async {
        let a = TestDb::new(&format!("d_{name}_a")).await;
        let b = TestDb::new(&format!("d_{name}_b")).await;
        psql_file(&a.url, &before);
        psql_file(&b.url, &after);
        let start = oids(&a).await;
        let kept = oids(&b).await;
        let out = phaseshift(&["diff", &a.url, after.to_str().unwrap(), "--sql"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: diff --sql (1: differences): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8_lossy(&out.stdout).to_string();
        insta::assert_snapshot!(format!("diff_{name}"), script.lines().skip(1).collect::<Vec<_>>().join("\n"));
        let file = std::env::temp_dir().join(format!("phaseshift-diff-{name}-{}.sql", fastrand::u32(..)));
        std::fs::write(&file, &script).unwrap();
        psql_file(&a.url, &file);
        let _ = std::fs::remove_file(&file);
        assert_eq!(dump(&a.url), dump(&b.url), "{name}: the schemas differ after the script");
        run_checks(dir, &a, "after the script").await;
        let now = oids(&a).await;
        for (t, oid) in &start {
            if kept.contains_key(t) {
                assert_eq!(now.get(t), Some(oid), "{name}: table {t} was recreated");
            }
        }
        let again = phaseshift(&["diff", &a.url, after.to_str().unwrap()]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{name}: a second diff finds: {}",
            String::from_utf8_lossy(&again.stdout)
        );

        // The same target through `apply`, on a fresh copy of `before`.
        let c = TestDb::new(&format!("d_{name}_c")).await;
        psql_file(&c.url, &before);
        let start = dump_without(&c.url, &["phaseshift_archive"]);
        let out = phaseshift(&[
            "apply",
            after.to_str().unwrap(),
            "--database-url",
            &c.url,
            "--yes",
            "--allow-hazards",
            "all",
        ]);
        assert!(out.status.success(), "{name}: apply: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(dump(&c.url), dump(&b.url), "{name}: apply did not reach the target");
        run_checks(dir, &c, "after apply").await;
        let again =
            phaseshift(&["apply", after.to_str().unwrap(), "--database-url", &c.url, "--yes", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
        assert_eq!(report["statements_executed"], 0, "{name}: applying again ran statements");
        // And back: every step's rollback gives the starting schema again (dropped tables
        // come back from the archive), unless the case says why it cannot
        // (`rollback_differs`); the rollback itself must succeed either way.
        let out = phaseshift(&["rollback", "--database-url", &c.url, "--to-phase", "0", "--yes"]);
        assert!(out.status.success(), "{name}: rollback: {}", String::from_utf8_lossy(&out.stderr));
        if !dir.join("rollback_differs").exists() {
            let back = dump_without(&c.url, &["phaseshift_archive"]);
            assert_eq!(back, start, "{name}: rollback did not restore the schema");
        }
        run_checks(dir, &c, "after the rollback").await;
    });
}

macro_rules! diff_test {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            check(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join($dir));
        }
    };
}

// One test per fixture (the list is made by build.rs from the directories).
fixture_diffs!(diff_test);

#[test]
fn a_pg_dump_reads_back_with_no_differences() {
    rt().block_on(async {
        let db = TestDb::new("roundtrip").await;
        // Every case's target in one database: a rich schema.
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
        for case in
            ["columns", "constraints", "indexes", "types", "sequences", "functions", "triggers", "rls", "partitions"]
        {
            let schema = format!("rt_{case}");
            let c = db.client().await;
            c.batch_execute(&format!("CREATE SCHEMA {schema}; SET search_path = {schema}, public")).await.unwrap();
            let sql = std::fs::read_to_string(root.join(case).join("after.sql")).unwrap();
            c.batch_execute(&sql.replace(
                "CREATE EXTENSION IF NOT EXISTS btree_gist;",
                "CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;",
            ))
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        }
        let o = Command::new(bin("pg_dump")).args(["--schema-only", "-d", &db.url]).output().unwrap();
        assert!(o.status.success());
        let file = std::env::temp_dir().join(format!("phaseshift-roundtrip-{}.sql", fastrand::u32(..)));
        std::fs::write(&file, &o.stdout).unwrap();
        let out = phaseshift(&["diff", &db.url, file.to_str().unwrap()]);
        let _ = std::fs::remove_file(&file);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no differences");
    });
}
