//! Schemas (namespaces): created, dropped, and the comments on objects without a module
//! of their own.

use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{CommentOp, SchemaOp};
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
        vec![Op::Comment(CommentOp::Comment { on: on.clone(), comment: to })],
        vec![Op::Comment(CommentOp::Comment { on, comment: from })],
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
