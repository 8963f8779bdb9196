//! The tier that needs no database: each fixture's specs planned against its catalog
//! snapshot (tests/catalogs/NAME.json, the starting schema as the catalog read it, kept
//! current by the database tier), the plan out as a snapshot. Runs in seconds:
//! `cargo test --test plans`, or one fixture: `cargo test --test plans constructs`.
//!
//! Without a server, expressions and types are compared as written rather than as the
//! server prints them, so these plans may differ from the database tier's in such details.

use phaseshift::exec::plan_against;
use phaseshift::model::Schema;
use phaseshift::spec;
use std::path::PathBuf;

#[path = "common/plan_text.rs"]
mod plan_text;
use plan_text::plan_text;

// `fixture_cases!`: one test per fixture directory (build.rs).
include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn specs_dir(name: &str) -> PathBuf {
    match name.strip_prefix("example_") {
        Some(example) => root().join("specs/examples").join(example),
        None => root().join("tests/cases").join(name).join("specs"),
    }
}

fn check(name: &str) {
    let catalog = root().join("tests/catalogs").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&catalog).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with PHASESHIFT_UPDATE_CATALOGS=1 cargo test --test it cases::{name}",
            catalog.display()
        )
    });
    let before: Schema = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", catalog.display()));
    let specs = spec::load_path(&specs_dir(name)).unwrap_or_else(|d| panic!("{name}: {d}"));
    let planned = plan_against(before, &specs, true).unwrap_or_else(|e| panic!("{name}: plan: {e}"));
    assert!(planned.iter().any(|m| !m.plan.phases.is_empty()), "{name}: nothing planned");
    insta::assert_snapshot!(name, plan_text(&planned));
    swap_stops_syncing(name, &planned);
}

/// Where columns changed online take their places, the trigger that keeps them in step
/// with the old ones goes in that same step: a write between the two (a script stopped
/// by a lock timeout, run again later) would reach the old column only, and be lost.
fn swap_stops_syncing(name: &str, planned: &[phaseshift::exec::PlannedMigration]) {
    for m in planned {
        for s in m.plan.phases.iter().flat_map(|p| &p.steps) {
            let sql = |st: &phaseshift::sql::Statement| st.sql.clone();
            let text: Vec<String> = s.statements.iter().map(sql).collect();
            let stops = text.iter().any(|t| t.contains("DROP TRIGGER IF EXISTS phaseshift_fill_"));
            let fill = m
                .plan
                .phases
                .iter()
                .flat_map(|p| &p.steps)
                .any(|o| o.statements.iter().any(|t| t.sql.contains("RENAME COLUMN _ps_new_")));
            let swaps = text.iter().any(|t| t.contains("RENAME COLUMN _ps_new_"));
            assert!(
                !(stops && fill) || swaps,
                "{name}: step \"{}\" stops syncing apart from the step that swaps the columns",
                s.description
            );
        }
    }
}

macro_rules! plan_test {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            check($dir);
        }
    };
}

fixture_cases!(plan_test);

/// An invalid spec (tests/invalid/NAME.yaml): every problem reported at once, each with its
/// place and help, as a snapshot.
fn check_invalid(name: &str) {
    let path = root().join("tests/invalid").join(format!("{name}.yaml"));
    let diags = match spec::load_path(&path) {
        Ok(_) => panic!("{name}: the spec was accepted"),
        Err(d) => d,
    };
    let prefix = format!("{}/", root().display());
    insta::assert_snapshot!(format!("invalid_{name}"), diags.to_string().replace(&prefix, ""));
}

macro_rules! invalid_test {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            check_invalid($file);
        }
    };
}

mod invalid {
    use super::check_invalid;
    fixture_invalid!(invalid_test);
}
