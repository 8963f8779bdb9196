//! Conformance runner for schema-diff cases: folders holding `a.sql` (the current schema)
//! and `b.sql` (the desired one). For each case it checks, on a real PostgreSQL:
//!
//! 1. `a.sql` loads into a fresh database A and `b.sql` into B;
//! 2. `phaseshift diff A b.sql --sql` produces a script;
//! 3. the script runs cleanly on A with `psql -v ON_ERROR_STOP=1`;
//! 4. `pg_dump --schema-only --no-owner` of A and B describe the same schema (comment
//!    lines, statement order and column order inside a table ignored);
//! 5. tables present in both a.sql and b.sql keep their identity (pg_class.oid);
//! 6. `phaseshift diff A b.sql` then finds nothing.
//!
//! A case may also hold `desired.sql`: the desired state as phaseshift is given it (in any
//! order, say, which psql could not load), `b.sql` then being only what it must come to.
//!
//! Usage: cargo run --example conformance -- [--known FILE] DIR [CASE...]
//! DIR holds one folder per case. Uses $DATABASE_URL, or starts a throwaway server.
//! `--known FILE` lists cases that cannot pass, one `name: reason` a line; they are
//! reported as XFAIL (and XPASS if they pass after all). Exits 1 when any other case fails.

use phaseshift::exec;
use phaseshift_testkit::TempServer;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    admin_url: String,
    bindir: PathBuf,
    phaseshift: PathBuf,
    _server: Option<TempServer>,
}

fn tool(env: &Env, name: &str) -> Command {
    Command::new(env.bindir.join(name))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Statements of a schema dump, normalized for comparison.
fn normalized_dump(env: &Env, url: &str) -> Result<Vec<String>, String> {
    let o = run(tool(env, "pg_dump").args(["--schema-only", "--no-owner", "-d", url]));
    if !o.status.success() {
        return Err(format!("pg_dump failed: {}", text(&o)));
    }
    let dump = String::from_utf8_lossy(&o.stdout).to_string();
    let mut statements = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in dump.lines() {
        if line.starts_with("--") || line.trim().is_empty() || line.starts_with('\\') {
            continue;
        }
        cur.push(line.to_string());
        if line.ends_with(';') {
            statements.push(normalize_statement(&cur));
            cur.clear();
        }
    }
    statements.retain(|s| !s.starts_with("SET ") && !s.starts_with("SELECT pg_catalog.set_config"));
    statements.sort();
    Ok(statements)
}

/// Sorts the column lines of a CREATE TABLE (column order is not significant).
fn normalize_statement(lines: &[String]) -> String {
    if lines.first().is_some_and(|l| l.starts_with("CREATE TABLE") || l.starts_with("CREATE UNLOGGED TABLE"))
        && lines.len() > 2
    {
        if let Some(close) = lines.iter().rposition(|l| l.starts_with(')')) {
            let mut inner: Vec<String> =
                lines[1..close].iter().map(|l| l.trim().trim_end_matches(',').to_string()).collect();
            inner.sort();
            let mut out = vec![lines[0].clone()];
            out.extend(inner);
            out.extend(lines[close..].iter().cloned());
            return out.join("\n");
        }
    }
    lines.join("\n")
}

async fn table_oids(url: &str) -> BTreeMap<String, u32> {
    let c = exec::connect(url).await.expect("connect");
    c.query(
        "SELECT n.nspname || '.' || c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'",
        &[],
    )
    .await
    .expect("read oids")
    .iter()
    .map(|r| (r.get::<_, String>(0), r.get::<_, u32>(1)))
    .collect()
}

async fn check_case(env: &Env, dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let admin = exec::connect(&env.admin_url).await.map_err(|e| e.to_string())?;
    let (a, b) = (format!("conf_{name}_a"), format!("conf_{name}_b"));
    for db in [&a, &b] {
        exec::create_database(&admin, db, true).await.map_err(|e| e.to_string())?;
    }
    let (url_a, url_b) = (
        exec::with_database(&env.admin_url, &a).expect("connection string"),
        exec::with_database(&env.admin_url, &b).expect("connection string"),
    );
    let result = async {
        for (url, file) in [(&url_a, "a.sql"), (&url_b, "b.sql")] {
            let o =
                run(tool(env, "psql").args(["-v", "ON_ERROR_STOP=1", "-q", "-X", "-f"]).arg(dir.join(file)).arg(url));
            if !o.status.success() {
                return Err(format!("loading {file} failed: {}", text(&o)));
            }
        }
        let before = table_oids(&url_a).await;
        let in_b = table_oids(&url_b).await;
        // (What phaseshift is given: `desired.sql` when the case has one.)
        let b_sql = Some(dir.join("desired.sql")).filter(|p| p.exists()).unwrap_or_else(|| dir.join("b.sql"));
        let o = run(Command::new(&env.phaseshift).args(["diff", &url_a]).arg(&b_sql).arg("--sql"));
        if o.status.code() == Some(2) {
            return Err(format!("phaseshift diff --sql failed: {}", text(&o)));
        }
        let script = std::env::temp_dir().join(format!("conformance-{name}-{}.sql", std::process::id()));
        std::fs::write(&script, &o.stdout).map_err(|e| e.to_string())?;
        let o = run(tool(env, "psql").args(["-v", "ON_ERROR_STOP=1", "-q", "-X", "-f"]).arg(&script).arg(&url_a));
        if !o.status.success() {
            return Err(format!("the script failed on A: {}\n  script: {}", text(&o).trim(), script.display()));
        }
        let (da, db) = (normalized_dump(env, &url_a)?, normalized_dump(env, &url_b)?);
        if da != db {
            let only_a: Vec<&String> = da.iter().filter(|s| !db.contains(s)).collect();
            let only_b: Vec<&String> = db.iter().filter(|s| !da.contains(s)).collect();
            return Err(format!(
                "schemas differ after the script\n  only in A:\n{}\n  only in B:\n{}",
                indent(&only_a),
                indent(&only_b)
            ));
        }
        let after = table_oids(&url_a).await;
        for (t, oid) in &before {
            if in_b.contains_key(t) && after.get(t) != Some(oid) {
                return Err(format!("table {t} was recreated (oid {oid} -> {:?}) instead of altered", after.get(t)));
            }
        }
        let o = run(Command::new(&env.phaseshift).args(["diff", &url_a]).arg(&b_sql));
        if o.status.code() != Some(0) {
            return Err(format!("a second diff still finds differences:\n{}", text(&o)));
        }
        let _ = std::fs::remove_file(&script);
        Ok(())
    }
    .await;
    for db in [&a, &b] {
        let _ = admin.batch_execute(&phaseshift::sql::drop_database(db)).await;
    }
    result
}

fn indent(lines: &[&String]) -> String {
    lines.iter().map(|l| format!("    {}", l.replace('\n', "\n    "))).collect::<Vec<_>>().join("\n")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut known: BTreeMap<String, String> = BTreeMap::new();
    if args.first().map(String::as_str) == Some("--known") && args.len() > 1 {
        let file = args[1].clone();
        args.drain(..2);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            if let Some((name, reason)) = line.split_once(':') {
                known.insert(name.trim().to_string(), reason.trim().to_string());
            }
        }
    }
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: conformance [--known FILE] DIR [CASE...]");
        std::process::exit(2);
    };
    let only: Vec<&String> = args[1..].iter().collect();
    let exe = std::env::current_exe().expect("current exe");
    let phaseshift = exe.parent().and_then(|p| p.parent()).map(|p| p.join("phaseshift")).expect("target dir");
    if !phaseshift.exists() {
        eprintln!("{} not found: build it first (cargo build)", phaseshift.display());
        std::process::exit(2);
    }
    let (server, admin_url) = match std::env::var("DATABASE_URL") {
        Ok(u) if !u.is_empty() => (None, u),
        _ => {
            let s = TempServer::start().unwrap_or_else(|e| panic!("{e}"));
            let u = s.url("postgres");
            (Some(s), u)
        }
    };
    let bindir = phaseshift_testkit::find_bindir().expect("PostgreSQL binaries (psql, pg_dump)");
    let env = Env { admin_url, bindir, phaseshift, _server: server };
    // Roles some cases expect.
    let admin = exec::connect(&env.admin_url).await.expect("connect");
    admin
        .batch_execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schemainspect_test_role') THEN CREATE ROLE schemainspect_test_role; END IF; END $$")
        .await
        .expect("create role");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("a.sql").exists() && p.join("b.sql").exists())
        .filter(|p| {
            only.is_empty() || only.iter().any(|o| p.file_name().is_some_and(|n| n.to_string_lossy() == o.as_str()))
        })
        .collect();
    cases.sort();
    let (mut passed, mut failed, mut xfail) = (0, 0, 0);
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let started = std::time::Instant::now();
        let result = check_case(&env, case).await;
        let ms = started.elapsed().as_millis();
        match (result, known.get(&name)) {
            (Ok(()), None) => {
                passed += 1;
                println!("PASS {name} ({ms} ms)");
            }
            (Ok(()), Some(_)) => {
                passed += 1;
                println!("XPASS {name} ({ms} ms): listed as unable to pass, but passed; remove it from the list");
            }
            (Err(e), Some(reason)) => {
                xfail += 1;
                println!("XFAIL {name}: {reason}\n  {}", e.lines().next().unwrap_or(""));
            }
            (Err(e), None) => {
                failed += 1;
                println!("FAIL {name}: {e}");
            }
        }
    }
    if xfail > 0 {
        println!("known failures (listed with their reasons): {xfail}");
    }
    println!("conformance: {passed} passed, {failed} failed");
    std::process::exit(if failed > 0 { 1 } else { 0 });
}
