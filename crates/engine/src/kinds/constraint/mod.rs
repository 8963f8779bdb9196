//! Table constraints: added online (checks and foreign keys NOT VALID, then validated;
//! unique and primary keys over a unique index built concurrently), replaced, validated,
//! dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Constraint, QualName};
use serde::Serialize;

/// Table constraints.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ConstraintOp {
    AddConstraint {
        table: QualName,
        constraint: Constraint,
        not_valid: bool,
    },
    /// `CHECK (column IS NOT NULL) NOT VALID`, the first half of an online SET NOT NULL.
    AddNotNullCheck {
        table: QualName,
        column: String,
        name: String,
    },
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    /// A constraint a rollback put back `NOT VALID` (added back, it cannot fail on rows
    /// written meanwhile), validated again once the rollback's transaction is committed,
    /// so that its scan blocks no writer; rows that break it leave it `NOT VALID`.
    Revalidate {
        table: QualName,
        name: String,
    },
    DropConstraint {
        table: QualName,
        name: String,
    },
    /// Renames a constraint (and the index of a key with it), unless done already.
    RenameConstraint {
        table: QualName,
        from: String,
        to: String,
    },
    /// Turns the unique index `index` into a primary key or unique constraint `name` (the
    /// index takes the constraint's name).
    ConstraintUsingIndex {
        table: QualName,
        name: String,
        index: String,
        primary: bool,
    },
}

/// The foreign keys of `s`, of any table, that reference exactly `columns` of `table` (in
/// any order): PostgreSQL binds each to one unique index or key of those columns, and will
/// not drop that one under it.
pub(crate) fn referencing<'a>(
    s: &'a crate::model::Schema,
    table: &QualName,
    columns: &[String],
) -> Vec<(&'a QualName, &'a Constraint)> {
    let mut out = Vec::new();
    for (q, t) in &s.tables {
        for c in &t.constraints {
            let crate::model::ConstraintKind::ForeignKey(fk) = &c.kind else { continue };
            if &fk.ref_table == table && same_columns(&fk.ref_columns, columns) {
                out.push((q, c));
            }
        }
    }
    out
}

/// Whether `a` and `b` name the same columns, in any order.
fn same_columns(a: &[String], b: &[String]) -> bool {
    fn sorted(x: &[String]) -> Vec<&String> {
        let mut v: Vec<&String> = x.iter().collect();
        v.sort_unstable();
        v
    }
    sorted(a) == sorted(b)
}

/// The foreign keys that reference exactly `columns` of `table` and stand as they are from
/// `from` to `to`: a step that drops the key or unique index they are bound to drops them
/// first and adds them back after (see [`plan::rebind`]), bound to another.
pub(crate) fn resting_on(
    from: &crate::model::Schema,
    to: &crate::model::Schema,
    table: &QualName,
    columns: &[String],
) -> Vec<(QualName, Constraint)> {
    referencing(from, table, columns)
        .into_iter()
        .filter(|(q, c)| to.tables.get(*q).and_then(|t| t.constraint(&c.name)).is_some_and(|k| k.kind == c.kind))
        .map(|(q, c)| (q.clone(), c.clone()))
        .collect()
}

/// The foreign keys [`resting_on`] `columns` of `table` that a rollback of the key or unique
/// index added there must bind to another around its drop: none when an index of those
/// columns stays from `from` to `to` (they stay bound to theirs), else all, since the plan
/// may have dropped the one they were bound to.
pub(crate) fn rebound_on_rollback(
    from: &crate::model::Schema,
    to: &crate::model::Schema,
    table: &QualName,
    columns: &[String],
) -> Vec<(QualName, Constraint)> {
    let kept = from.indexes.iter().any(|(name, ix)| {
        &ix.table == table
            && ix.referenceable_columns().is_some_and(|c| same_columns(&c, columns))
            && to.indexes.get(name).is_some_and(|after| crate::diff::same_index(ix, after))
    });
    if kept {
        Vec::new()
    } else {
        resting_on(from, to, table, columns)
    }
}
