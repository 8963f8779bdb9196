//! Helpers for the planner's unit tests: schemas written as specs, plans read as
//! `phase: description` lines.

use crate::model::Schema;
use phaseshift_spec::{load_str, lower};
use std::path::Path;

/// The schema a spec creates on an empty database.
pub fn schema_of(yaml: &str) -> Schema {
    let empty = Schema::empty_database();
    if yaml.is_empty() {
        return empty;
    }
    let spec = load_str(Path::new("before.yaml"), yaml).unwrap_or_else(|e| panic!("{e}"));
    lower(&spec, &empty).apply_to(&empty)
}

/// Plans `spec` against the schema `before` creates; one line per step.
pub fn plan_yaml(before: &str, spec: &str) -> Vec<String> {
    let before = schema_of(before);
    let spec = load_str(Path::new("spec.yaml"), spec).unwrap_or_else(|e| panic!("{e}"));
    let target = lower(&spec, &before);
    let plan = crate::plan::plan(&before, &target).unwrap_or_else(|e| panic!("{e}"));
    plan.phases
        .iter()
        .flat_map(|p| p.steps.iter().map(move |s| format!("{}: {}", p.kind.as_str(), s.description)))
        .collect()
}
