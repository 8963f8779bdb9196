//! Schemas (namespaces): created, and dropped once everything in them is gone.

use crate::plan::lock::Locks;
use crate::plan::SchemaOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// A schema the target has and the database does not.
pub fn create(name: String, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create schema {name}"),
            vec![Op::Schema(SchemaOp::CreateSchema { schema: name.clone() })],
            vec![Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: name.clone() })],
            Locks::none(),
        )
        .provides([Key::Schema(name)]),
    );
}

/// A schema the target does not have, dropped once everything in it is gone.
pub fn drop(name: String, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop schema {name}"),
            vec![Op::Schema(SchemaOp::DropSchema { schema: name.clone() })],
            vec![Op::Schema(SchemaOp::CreateSchema { schema: name.clone() })],
            Locks::none(),
        )
        .requires([Key::Level(1), Key::Level(2), Key::Level(3)])
        .provides([Key::Schema(name).gone()]),
    );
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn creates_missing_schema_only() {
        let p = plan_yaml("", "version: 1\nschema: app\ntables:\n  t:\n    columns:\n      id: { type: int }\n");
        assert_eq!(p[0], "expand: create schema app");
        let p = plan_yaml(
            "version: 1\nschema: app\ntables:\n  other:\n    columns:\n      id: { type: int }\n",
            "version: 1\nschema: app\ntables:\n  t:\n    columns:\n      id: { type: int }\n",
        );
        assert!(!p.iter().any(|s| s.contains("create schema")));
    }
}
