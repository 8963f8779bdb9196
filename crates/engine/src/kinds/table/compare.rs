//! Tables compared: created (foreign keys as separate changes), recreated between plain
//! and partitioned, altered, dropped.

use crate::diff::compare::Remade;
use crate::diff::Change;
use crate::model::{QualName, Schema, Table};

pub(crate) fn tables(from: &Schema, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    for (q, t) in &to.tables {
        let Some(f) = from.tables.get(q) else {
            remade.tables.insert(q.clone());
            create_table(t, out);
            crate::kinds::column::compare::created_settings(t, to, out);
            continue;
        };
        if f.partition_by != t.partition_by {
            remade.tables.insert(q.clone());
            remade.gone_relations.insert(q.clone());
            out.push(Change::RecreateTable { from: f.clone(), to: t.clone() });
            constraint_comments(t, out);
            continue;
        }
        alter_table(from, f, t, to, remade, out);
    }
    for (q, t) in &from.tables {
        if !to.tables.contains_key(q) {
            remade.gone_relations.insert(q.clone());
            // Its foreign keys to other tables dropped here go first, on their own: tables
            // that reference each other could not be dropped one after the other.
            for c in &t.constraints {
                let crate::model::ConstraintKind::ForeignKey(fk) = &c.kind else { continue };
                if &fk.ref_table != q
                    && from.tables.contains_key(&fk.ref_table)
                    && !to.tables.contains_key(&fk.ref_table)
                {
                    out.push(Change::DropConstraint { table: q.clone(), constraint: c.clone() });
                }
            }
            out.push(Change::DropTable { table: t.clone() });
        }
    }
}

pub(crate) fn create_table(t: &Table, out: &mut Vec<Change>) {
    // Foreign keys (after both tables exist) and what the target has NOT VALID are added
    // on their own.
    let (fks, inline): (Vec<_>, Vec<_>) = t
        .constraints
        .iter()
        .cloned()
        .partition(|c| matches!(c.kind, crate::model::ConstraintKind::ForeignKey(_)) || !c.validated);
    let mut table = t.clone();
    table.constraints = inline;
    out.push(Change::CreateTable { table });
    for c in fks {
        out.push(Change::AddConstraint { table: t.name.clone(), constraint: c, new_table: true });
    }
    constraint_comments(t, out);
    if t.replica_identity.is_some() || t.cluster_on.is_some() {
        let created = Table { replica_identity: None, cluster_on: None, ..t.clone() };
        out.push(Change::SetTableOptions { from: created, to: t.clone() });
    }
}

/// The comments of a created table's constraints (each after its constraint).
fn constraint_comments(t: &Table, out: &mut Vec<Change>) {
    for c in t.constraints.iter().filter(|c| c.comment.is_some()) {
        let on = crate::diff::CommentOn::Constraint { table: t.name.clone(), name: c.name.clone() };
        out.push(Change::Comment { on, from: None, to: c.comment.clone() });
    }
}

/// A table on both sides: its columns, constraints, options, place among partitions and
/// parents, and comment.
fn alter_table(from: &Schema, f: &Table, t: &Table, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    let q = &t.name;
    let same_type = t.of_type.as_ref().filter(|_| f.of_type == t.of_type);
    if let Some(ty) = same_type.and_then(|ty| to.composites.get(ty)) {
        // A typed table gains and loses columns with its type's attributes (`ALTER TYPE ...
        // CASCADE`): compared as the type's change leaves it, what is left are the
        // columns' own settings (and any column the type does not have, which PostgreSQL
        // refuses: the planner refuses it first, `column::plan::refuse_on_typed_table`).
        let mut after_type = f.clone();
        after_type.columns.retain(|c| ty.attributes.iter().any(|(a, _)| a == &c.name));
        for (a, data_type) in &ty.attributes {
            if f.column(a).is_none() {
                after_type.columns.push(crate::model::Column::new(a, data_type));
            }
        }
        crate::kinds::column::compare::columns(from, &after_type, t, to, remade, out);
    } else {
        crate::kinds::column::compare::columns(from, f, t, to, remade, out);
    }
    crate::kinds::constraint::compare::constraints(from, to, f, t, &remade.retyped, out);
    // (Tables are cloned only for a change: there are thousands of them.)
    let clustered = (clustered_after(from, to, f, t, remade), t.cluster_on.clone().filter(|i| index_of(to, t, i)));
    if f.unlogged != t.unlogged
        || f.row_security != t.row_security
        || f.force_row_security != t.force_row_security
        || f.options != t.options
        || f.replica_identity != t.replica_identity
        || f.of_type != t.of_type
        || clustered.0 != clustered.1
    {
        let (from, to) =
            (Table { cluster_on: clustered.0, ..f.clone() }, Table { cluster_on: clustered.1, ..t.clone() });
        out.push(Change::SetTableOptions { from, to });
    }
    if f.partition_of != t.partition_of {
        if let Some((parent, bound)) = &f.partition_of {
            out.push(Change::DetachPartition { table: q.clone(), parent: parent.clone(), bound: bound.clone() });
        }
        if let Some((parent, bound)) = &t.partition_of {
            out.push(Change::AttachPartition { table: q.clone(), parent: parent.clone(), bound: bound.clone() });
        }
    }
    if f.inherits != t.inherits {
        let add = t.inherits.iter().filter(|p| !f.inherits.contains(p)).cloned().collect();
        let remove = f.inherits.iter().filter(|p| !t.inherits.contains(p)).cloned().collect();
        out.push(Change::SetInherits { table: q.clone(), add, remove });
    }
    if f.comment != t.comment {
        out.push(Change::SetTableComment { table: q.clone(), from: f.comment.clone(), to: t.comment.clone() });
    }
}

/// Whether `to` has an index named `name` (its own or a key's) on table `t`.
fn index_of(to: &Schema, t: &Table, name: &str) -> bool {
    to.indexes.get(&QualName::new(t.name.schema.clone(), name.to_string())).is_some_and(|i| i.table == t.name)
}

/// The index table `f` is clustered on, by the name it has after the diff: its own when it
/// stays, its new one when it (or the key it belongs to) is only renamed (which keeps the
/// table clustered on it); none when it is dropped, which leaves the table clustered on
/// nothing (and whose rollback clusters it again).
fn clustered_after(from: &Schema, to: &Schema, f: &Table, t: &Table, remade: &Remade) -> Option<String> {
    let name = f.cluster_on.as_ref()?;
    if index_of(to, t, name) {
        return Some(name.clone());
    }
    let q = QualName::new(f.name.schema.clone(), name.clone());
    let index = crate::kinds::index::compare::renamed(from, to, remade).into_iter().find(|(old, _)| old.name == q);
    let key = crate::kinds::constraint::compare::renamed(f, t).into_iter().find(|(old, _)| &old.name == name);
    index.map(|(_, new)| new.name.name.clone()).or(key.map(|(_, new)| new.name.clone())).filter(|n| index_of(to, t, n))
}
