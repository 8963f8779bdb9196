//! Constraints compared, within a table on both sides: added, replaced when their
//! definition changes, validated (or made NOT VALID) when only that differs, dropped.

use crate::diff::ReferencingKey;
use crate::diff::{Change, CommentOn};
use crate::model::{Constraint, ConstraintKind, QualName, Schema, Table};
use std::collections::BTreeSet;

/// `retyped`: columns whose type changes, which take the checks that read them along.
pub(crate) fn constraints(
    from: &Schema,
    to: &Schema,
    f: &Table,
    t: &Table,
    retyped: &BTreeSet<(QualName, String)>,
    out: &mut Vec<Change>,
) {
    let q = &t.name;
    let reads_retyped = |c: &Constraint| match &c.kind {
        ConstraintKind::Check { expr } => {
            crate::sqlparse::identifiers(expr).iter().any(|col| retyped.contains(&(q.clone(), col.clone())))
        }
        _ => false,
    };
    let renamed = renamed(f, t);
    // A primary key that gives way to another under another name (a table has one: the new
    // one cannot be added beside the old) replaces it in one step.
    let swapped_key = match (f.primary_key(), t.primary_key()) {
        (Some(old), Some(new))
            if old.name != new.name
                && t.constraint(&old.name).is_none()
                && f.constraint(&new.name).is_none()
                && !renamed.iter().any(|(o, _)| o.name == old.name) =>
        {
            let foreign_keys = referencing(from, to, q, old);
            out.push(Change::ReplaceConstraint { table: q.clone(), from: old.clone(), to: new.clone(), foreign_keys });
            if new.comment.is_some() {
                let on = CommentOn::Constraint { table: q.clone(), name: new.name.clone() };
                out.push(Change::Comment { on, from: None, to: new.comment.clone() });
            }
            Some((old.name.clone(), new.name.clone()))
        }
        _ => None,
    };
    let swapped = |name: &str| swapped_key.as_ref().is_some_and(|(o, n)| o == name || n == name);
    for c in t.constraints.iter().filter(|c| !swapped(&c.name)) {
        // A constraint added again has no comment yet.
        let had_comment = match f.constraint(&c.name) {
            None => match renamed.iter().find(|(_, new)| new.name == c.name) {
                Some((old, _)) => {
                    out.push(Change::RenameConstraint { table: q.clone(), from: old.name.clone(), to: c.name.clone() });
                    old.comment.clone()
                }
                None => {
                    out.push(Change::AddConstraint { table: q.clone(), constraint: c.clone(), new_table: false });
                    None
                }
            },
            // (Made again by the column's type change.)
            Some(old) if old.kind != c.kind && reads_retyped(old) => None,
            // A foreign key moved from a table that goes to another: dropped (before that
            // table) and added (after the key it references), as two changes.
            Some(old) if moved_off_dropped_table(from, to, old, c) => {
                out.push(Change::DropConstraint { table: q.clone(), constraint: old.clone() });
                out.push(Change::AddConstraint { table: q.clone(), constraint: c.clone(), new_table: false });
                None
            }
            // (A valid one the target has NOT VALID is added back so, checking nothing.)
            Some(old) if old.kind != c.kind || (old.validated && !c.validated) => {
                let foreign_keys = referencing(from, to, q, old);
                out.push(Change::ReplaceConstraint {
                    table: q.clone(),
                    from: old.clone(),
                    to: c.clone(),
                    foreign_keys,
                });
                None
            }
            Some(old) => {
                if !old.validated && c.validated {
                    out.push(Change::ValidateConstraint { table: q.clone(), constraint: old.clone() });
                }
                old.comment.clone()
            }
        };
        if had_comment != c.comment {
            let on = CommentOn::Constraint { table: q.clone(), name: c.name.clone() };
            out.push(Change::Comment { on, from: had_comment, to: c.comment.clone() });
        }
    }
    for c in f.constraints.iter().filter(|c| !swapped(&c.name)) {
        let gone = t.constraint(&c.name).is_none() && !renamed.iter().any(|(old, _)| old.name == c.name);
        if gone && !taken_by_parent(to, f, t, c) {
            out.push(Change::DropConstraint { table: q.clone(), constraint: c.clone() });
        }
    }
}

/// Whether foreign key `old` references a table that `to` drops, and `new` another: no
/// step can replace one with the other (the old table goes only once the old key is gone,
/// the new key may wait for that table's names to be free).
fn moved_off_dropped_table(from: &Schema, to: &Schema, old: &Constraint, new: &Constraint) -> bool {
    match (&old.kind, &new.kind) {
        (ConstraintKind::ForeignKey(a), ConstraintKind::ForeignKey(b)) => {
            a.ref_table != b.ref_table
                && from.tables.contains_key(&a.ref_table)
                && !to.tables.contains_key(&a.ref_table)
        }
        _ => false,
    }
}

/// The constraints of `f` that `t` has under another name, unchanged otherwise (a table
/// has one primary key: one declared under a new name cannot be added beside the old), each
/// with its new self; each new name taken once, in order.
pub(crate) fn renamed<'a>(f: &'a Table, t: &'a Table) -> Vec<(&'a Constraint, &'a Constraint)> {
    let mut out: Vec<(&Constraint, &Constraint)> = Vec::new();
    for old in f.constraints.iter().filter(|c| t.constraint(&c.name).is_none()) {
        let new = t.constraints.iter().find(|c| {
            f.constraint(&c.name).is_none()
                && c.kind == old.kind
                && c.validated == old.validated
                && !out.iter().any(|(_, taken)| taken.name == c.name)
        });
        if let Some(new) = new {
            out.push((old, new));
        }
    }
    out
}

/// Whether key or foreign key `c` of table `f`, which becomes a partition as `t`, is one its
/// new parent in `to` has too: attaching the partition makes it the parent's (inherited,
/// no longer the table's own), so it is not dropped.
fn taken_by_parent(to: &Schema, f: &Table, t: &Table, c: &Constraint) -> bool {
    let Some(parent) = crate::diff::compare::new_parent(f, t) else { return false };
    let same = |k: &Constraint| match (&k.kind, &c.kind) {
        (ConstraintKind::PrimaryKey { columns: a }, ConstraintKind::PrimaryKey { columns: b })
        | (ConstraintKind::Unique { columns: a }, ConstraintKind::Unique { columns: b }) => a == b,
        (ConstraintKind::ForeignKey(a), ConstraintKind::ForeignKey(b)) => a == b,
        _ => false,
    };
    to.tables.get(parent).is_some_and(|p| p.constraints.iter().any(same))
}

/// The foreign keys (of any table) that reference key `key` of `table`: PostgreSQL will not
/// drop a key they depend on.
fn referencing(from: &Schema, to: &Schema, table: &QualName, key: &Constraint) -> Vec<ReferencingKey> {
    let Some(key_columns) = key.kind.key_columns() else { return Vec::new() };
    super::referencing(from, table, key_columns)
        .into_iter()
        .map(|(q, c)| {
            let again = to.tables.get(q).and_then(|t| t.constraint(&c.name)).cloned();
            ReferencingKey { table: q.clone(), from: c.clone(), to: again }
        })
        .collect()
}
