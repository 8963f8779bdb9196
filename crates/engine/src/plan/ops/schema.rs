//! Creating the schemas (namespaces) a spec's objects live in.

use crate::model::{Schema, Target};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{Key, Op, PhaseKind, Step};
use std::collections::BTreeSet;

pub fn plan(before: &Schema, target: &Target, steps: &mut Vec<Step>) {
    let wanted: BTreeSet<&String> = target
        .schema
        .tables
        .keys()
        .chain(target.schema.views.keys())
        .chain(target.table_renames.iter().map(|(_, n)| n))
        .map(|q| &q.schema)
        .collect();
    for s in wanted {
        if !before.schemas.contains(s) {
            steps.push(
                Step::new(
                    PhaseKind::Expand,
                    format!("create schema {s}"),
                    vec![Op::CreateSchema { schema: s.clone() }],
                    vec![Op::DropSchemaIfEmpty { schema: s.clone() }],
                    Locks::none(),
                )
                .provides([Key::Schema(s.clone())]),
            );
        }
    }
}

/// A schema the target has and the database does not (whole-schema diffs).
pub fn create(name: String, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create schema {name}"),
            vec![Op::CreateSchema { schema: name.clone() }],
            vec![Op::DropSchemaIfEmpty { schema: name.clone() }],
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
            vec![Op::DropSchema { schema: name.clone() }],
            vec![Op::CreateSchema { schema: name.clone() }],
            Locks::none(),
        )
        .requires([Key::Level(1), Key::Level(2), Key::Level(3)])
        .provides([Key::Schema(name).gone()]),
    );
}

/// COMMENT ON takes SHARE UPDATE EXCLUSIVE on the relation it is about.
fn comment_lock(on: &crate::diff::CommentOn) -> Locks {
    use crate::diff::CommentOn;
    let on = match on {
        CommentOn::Column { table, .. } => Locked::Table(table.clone()),
        CommentOn::View { name, .. } => Locked::View(name.clone()),
        CommentOn::Sequence { name } => Locked::Sequence(name.clone()),
        CommentOn::Schema { .. } | CommentOn::Type { .. } => return Locks::none(),
    };
    Lock::new(LockMode::ShareUpdateExclusive, [on], Hold::Brief).into()
}

/// A comment set, changed or removed.
pub fn comment(on: crate::diff::CommentOn, from: Option<String>, to: Option<String>, steps: &mut Vec<Step>) {
    let lock = comment_lock(&on);
    steps.push(Step::new(
        PhaseKind::Expand,
        format!("comment on {}", crate::diff::Change::Comment { on: on.clone(), from: None, to: None }.object()),
        vec![Op::Comment { on: on.clone(), comment: to }],
        vec![Op::Comment { on, comment: from }],
        lock,
    ));
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
