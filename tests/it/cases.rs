//! Data-driven cases: a starting schema (before.sql) and specs in; the plan and the final
//! schema out, as snapshots; and for every case the properties every migration must have:
//! applying again executes nothing, planning the same specs again finds nothing to do, a
//! half-applied database converges, and rolling back from every phase gives back exactly
//! the starting schema.

use crate::harness::{rt, TestDb};
use phaseshift::exec::{self, ApplyOptions, MigrationState, RollbackOptions};
use phaseshift::spec;
use std::path::{Path, PathBuf};

#[path = "../common/plan_text.rs"]
mod plan_text;
use plan_text::plan_text;

struct Case {
    name: String,
    before: PathBuf,
    specs: PathBuf,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture by its name: tests/cases/NAME/{before.sql,specs/}, or `example_NAME` for
/// specs/examples/NAME with sql/examples/NAME.sql.
fn case(name: &str) -> Case {
    match name.strip_prefix("example_") {
        Some(example) => Case {
            name: name.into(),
            before: root().join("sql/examples").join(format!("{example}.sql")),
            specs: root().join("specs/examples").join(example),
        },
        None => {
            let dir = root().join("tests/cases").join(name);
            Case { name: name.into(), before: dir.join("before.sql"), specs: dir.join("specs") }
        }
    }
}

fn allow_all() -> ApplyOptions {
    ApplyOptions { allow_hazards: phaseshift::plan::HazardKind::ALL.to_vec(), ..ApplyOptions::default() }
}

async fn setup(case: &Case, tag: &str) -> (TestDb, tokio_postgres::Client, Vec<spec::Spec>) {
    let db = TestDb::new(&format!("{}_{tag}", case.name)).await;
    let client = db.client().await;
    exec::run_script(&client, &std::fs::read_to_string(&case.before).expect("before.sql"))
        .await
        .expect("load before.sql");
    let specs = spec::load_path(&case.specs).unwrap_or_else(|d| panic!("{}: {d}", case.name));
    (db, client, specs)
}

async fn apply_all(
    client: &mut tokio_postgres::Client,
    specs: &[spec::Spec],
    opts: &ApplyOptions,
) -> exec::ApplyReport {
    exec::apply(client, specs, opts, &mut |_, _| true, &mut |_| {}).await.unwrap_or_else(|e| panic!("apply: {e}"))
}

async fn rollback_all(client: &mut tokio_postgres::Client, specs: &[spec::Spec]) {
    for s in specs.iter().rev() {
        let opts = RollbackOptions {
            migration: Some(s.name.clone()),
            to_phase: Some(0),
            lock_timeout_ms: 2000,
            retries: 3,
            cascade: false,
            monitor: None,
        };
        match exec::rollback(client, &opts, &mut |_| {}).await {
            Ok(_) | Err(exec::ExecError::UnknownMigration(_)) => {}
            Err(e) => panic!("rollback {}: {e}", s.name),
        }
    }
}

/// The starting schema as the catalog reads it, kept in tests/catalogs/NAME.json for the
/// tier that plans without a database (tests/plans.rs): checked here against the server,
/// rewritten with PHASESHIFT_UPDATE_CATALOGS=1.
async fn check_catalog_snapshot(case: &Case, client: &mut tokio_postgres::Client) {
    let live = exec::read_live(client, None).await.expect("read the starting schema");
    let json = serde_json::to_string_pretty(&live).unwrap() + "\n";
    let path = root().join("tests/catalogs").join(format!("{}.json", case.name));
    if std::env::var_os("PHASESHIFT_UPDATE_CATALOGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &json).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == json,
        "{}: {} is not the schema before.sql gives; rewrite it with PHASESHIFT_UPDATE_CATALOGS=1 cargo test --test it cases::{}",
        case.name,
        path.display(),
        case.name
    );
}

/// The statements of a case's file (`;` ends one at the end of a line; `--` lines are
/// comments), or None when the case has no such file.
fn statements(case: &Case, file: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(case.specs.parent()?.join(file)).ok()?;
    let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
    Some(
        code.join("\n")
            .split(";\n")
            .map(|s| s.trim().trim_end_matches(';').to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Runs the application queries of `app_{who}.sql` (the new version with its schema first
/// on the search path), each of which must succeed, after the checks of `reads_{who}.sql`
/// (what that version reads, before its writes); false when the case has no application.
async fn run_app(case: &Case, client: &tokio_postgres::Client, who: &str, version: Option<&str>, phase: u32) -> bool {
    let Some(list) = statements(case, &format!("app_{who}.sql")) else {
        return false;
    };
    let path = match version {
        Some(v) => format!("SET search_path TO {}, public", phaseshift::sql::ident(v)),
        None => "SET search_path TO public".to_string(),
    };
    client.batch_execute(&path).await.expect("set search_path");
    check_file(case, client, &format!("reads_{who}.sql"), &format!("through the {who} version after phase {phase}"))
        .await;
    for q in &list {
        if let Err(e) = client.simple_query(q).await {
            panic!("{}: the {who} application failed after phase {phase}: {q}: {e:?}", case.name);
        }
    }
    client.batch_execute("SET search_path TO public").await.expect("reset search_path");
    true
}

/// The relations of `schema` with their columns in order.
async fn columns_of(client: &tokio_postgres::Client, schema: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let rows = client
        .query(
            "SELECT c.relname::text, array_agg(a.attname::text ORDER BY a.attnum)
             FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v')
             GROUP BY c.relname",
            &[&schema],
        )
        .await
        .expect("read columns");
    rows.iter().map(|r| (r.get(0), r.get(1))).collect()
}

/// Each query of `check_{who}.sql` gives one row whose one column must be true.
async fn run_checks(case: &Case, client: &tokio_postgres::Client, who: &str, phase: u32) {
    check_file(case, client, &format!("check_{who}.sql"), &format!("after rolling back from phase {phase}")).await;
}

/// Each query of the case's `file` (if it has one) gives one row whose one column must be
/// true `when`.
async fn check_file(case: &Case, client: &tokio_postgres::Client, file: &str, when: &str) {
    for q in statements(case, file).unwrap_or_default() {
        let row = client.query_one(&q, &[]).await.unwrap_or_else(|e| panic!("{}: {q}: {e:?}", case.name));
        assert_eq!(row.get::<_, Option<bool>>(0), Some(true), "{}: {when}, this does not hold: {q}", case.name);
    }
}

/// A case with a `hazards.txt` (the hazard kinds its plan may have, one a line; empty for
/// none) fails on a step with any other: what a migration does online stays online.
fn check_hazards(case: &Case, planned: &[exec::PlannedMigration]) {
    let Some(allowed) = case.specs.parent().and_then(|d| std::fs::read_to_string(d.join("hazards.txt")).ok()) else {
        return;
    };
    let allowed: Vec<&str> = allowed.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    for m in planned {
        for s in m.plan.phases.iter().flat_map(|p| &p.steps) {
            for h in &s.hazards {
                assert!(
                    allowed.contains(&h.kind.as_str()),
                    "{}: step \"{}\" has a {} hazard, which hazards.txt does not allow: {}",
                    case.name,
                    s.description,
                    h.kind.as_str(),
                    h.message
                );
            }
        }
    }
}

fn check_case(case: &Case) {
    rt().block_on(async {
        // Plan, apply, snapshot.
        let (db, mut client, specs) = setup(case, "main").await;
        check_catalog_snapshot(case, &mut client).await;
        let start = db.schema().await;
        let planned =
            exec::plan_online(&mut client, &specs).await.unwrap_or_else(|e| panic!("{}: plan: {e}", case.name));
        for m in &planned {
            for p in &m.plan.phases {
                for s in &p.steps {
                    assert!(!s.sql.is_empty(), "{}: step without SQL: {}", case.name, s.description);
                }
            }
        }
        insta::assert_snapshot!(format!("{}__plan", case.name), plan_text(&planned));
        check_hazards(case, &planned);
        check_file(case, &client, "check_start.sql", "before apply").await;
        let report = apply_all(&mut client, &specs, &allow_all()).await;
        assert!(report.stopped.is_none(), "{}: {:?}", case.name, report.stopped);
        let end = db.schema().await;
        insta::assert_snapshot!(format!("{}__schema_after", case.name), end);
        check_file(case, &client, "check_applied.sql", "after apply").await;

        // Applying again executes nothing.
        let again = apply_all(&mut client, &specs, &allow_all()).await;
        assert_eq!(again.statements_executed, 0, "{}: second apply executed statements", case.name);

        // The last spec planned afresh against the result finds nothing left to do (earlier
        // specs may have been overridden by later ones, so only the last one is checked).
        // (A spec that moves data cannot run again once its source is archived: `verify`
        // covers it instead.)
        // (Nor can SQL of the user's own be judged done by looking at the schema.)
        if let Some(s) =
            specs.last().filter(|s| s.body.backfill.is_empty() && s.body.compat.is_empty() && s.body.sql.is_empty())
        {
            let fresh = spec::load_str(
                Path::new(&format!("fresh_{}.yaml", s.name)),
                // (The spec's own `name:` line only: other names may begin alike.)
                &s.text.replacen(&format!("\nname: {}\n", s.name), &format!("\nname: fresh_{}\n", s.name), 1),
            )
            .expect("reload");
            let replanned = exec::plan_online(&mut client, std::slice::from_ref(&fresh)).await.expect("replan");
            assert!(matches!(replanned[0].state, MigrationState::Pending));
            let steps: Vec<String> =
                replanned[0].plan.phases.iter().flat_map(|p| p.steps.iter().map(|s| s.description.clone())).collect();
            assert!(
                steps.is_empty(),
                "{}: planning {} again against its own result still wants: {steps:#?}",
                case.name,
                s.name
            );
        }

        let online = |s: &&spec::Spec| s.body.tables.values().any(|t| t.columns.values().any(|c| c.up.is_some()));
        if let Some(s) = specs.last().filter(|s| !s.body.backfill.is_empty() || !s.body.compat.is_empty() || online(s))
        {
            let out = crate::harness::phaseshift(&["verify", s.file.to_str().unwrap(), "--database-url", &db.url]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: verify after apply: {}",
                case.name,
                String::from_utf8_lossy(&out.stdout)
            );
        }

        // Back to the start, migration by migration.
        rollback_all(&mut client, &specs).await;
        assert_eq!(db.schema().await, start, "{}: rollback to phase 0 did not restore the schema", case.name);
        check_file(case, &client, "check_start.sql", "after rolling back").await;
        drop(client);

        // Rollback from every phase of the first migration, after both application versions
        // (where the case has them) wrote while it stood there.
        let phases = planned[0].plan.phases.len() as u32;
        for p in 1..=phases {
            let (db, mut client, specs) = setup(case, &format!("p{p}")).await;
            let start = db.schema().await;
            let start_columns = columns_of(&client, "public").await;
            let opts = ApplyOptions { to_phase: Some(p), ..allow_all() };
            apply_all(&mut client, &specs[..1], &opts).await;
            let contracted = planned[0].plan.phases[p as usize - 1].kind == phaseshift::plan::PhaseKind::Contract;
            let version = spec::version_schema(&specs[0]);
            let has_version: bool = client
                .query_one("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)", &[&version])
                .await
                .expect("look for the version schema")
                .get(0);
            // The old application: on the tables, or (every other phase, where the migration
            // has one) through the old version's views, which show the tables as they were.
            let old_version = spec::old_version_schema(&specs[0]);
            let old_views = columns_of(&client, &old_version).await;
            for (table, columns) in &old_views {
                assert_eq!(
                    Some(columns),
                    start_columns.get(table),
                    "{}: after phase {p}, the old version's view of {table} does not show the table as it was",
                    case.name
                );
            }
            let through = (!old_views.is_empty() && p % 2 == 0).then_some(old_version.as_str());
            let old_ran = !contracted && run_app(case, &client, "old", through, p).await;
            let new_ran = (has_version || contracted) && run_app(case, &client, "new", Some(&version), p).await;
            let rb = RollbackOptions { to_phase: Some(0), lock_timeout_ms: 2000, retries: 3, ..Default::default() };
            exec::rollback(&mut client, &rb, &mut |_| {})
                .await
                .unwrap_or_else(|e| panic!("{}: rollback from phase {p}: {e}", case.name));
            assert_eq!(db.schema().await, start, "{}: rollback from phase {p} did not restore the schema", case.name);
            if old_ran {
                run_checks(case, &client, "old", p).await;
            }
            if new_ran {
                run_checks(case, &client, "new", p).await;
            }
        }

        // A database where part of the first phase was already done by hand converges.
        let (db, mut client, specs) = setup(case, "half").await;
        if let Some(first) = planned[0].plan.phases.first() {
            for st in first.steps.iter().take(first.steps.len().div_ceil(2)) {
                for s in &st.statements {
                    client
                        .batch_execute(&s.sql)
                        .await
                        .unwrap_or_else(|e| panic!("{}: by hand: {}: {e}", case.name, s.sql));
                }
            }
        }
        apply_all(&mut client, &specs, &allow_all()).await;
        assert_eq!(db.schema().await, end, "{}: half-applied database did not converge to the same schema", case.name);
    });
}

macro_rules! case_test {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            check_case(&case($dir));
        }
    };
}

// One test per fixture (the list is made by build.rs from the directories).
fixture_cases!(case_test);
