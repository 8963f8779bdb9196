//! Changes into steps: the one place a `diff::Change` becomes steps, for specs and whole
//! schemas alike. One exhaustive match: a new kind of change does not compile until it is
//! planned here.

use super::{requirements::add_requirements, Key, PlanError, Step};
use crate::diff::Change;
use crate::kinds::{
    aggregate, column, comment, constraint, event_trigger, extension, function, grant, index, policy, publication,
    rule, schema, sequence, statistics, table, trigger, types, unmanaged, view,
};
use crate::model::{QualName, Schema, Target};

/// Creation before alteration before removal, so that ties in the graph keep a natural
/// order (schemas, extensions, types, sequences, functions, tables, ...).
fn rank(c: &Change) -> u8 {
    match c {
        Change::Aggregate(a) => aggregate::rank(a),
        Change::Statistics(c) => statistics::rank(c),
        Change::Rule(c) => rule::rank(c),
        Change::Unmanaged(_) => 13,
        Change::Publication(c) => publication::rank(c),
        Change::EventTrigger(c) => event_trigger::rank(c),
        Change::Function(f) => function::rank(f),
        Change::CreateSchema { .. } => 0,
        Change::CreateExtension { .. } => 1,
        Change::CreateCollation { .. } => 2,
        Change::CreateEnum { .. }
        | Change::CreateDomain { .. }
        | Change::CreateComposite { .. }
        | Change::CreateRange { .. }
        | Change::AddEnumValues { .. } => 3,
        Change::CreateSequence { .. } => 4,
        Change::CreateTable { .. } => 6,
        Change::AddColumn { .. } | Change::AlterColumn { .. } => 7,
        Change::AddConstraint { .. }
        | Change::ReplaceConstraint { .. }
        | Change::ValidateConstraint { .. }
        | Change::RenameConstraint { .. } => 8,
        Change::CreateIndex { .. }
        | Change::ReplaceIndex { .. }
        | Change::RenameIndex { .. }
        | Change::NamePartitionIndex { .. } => 9,
        Change::CreateView { .. } | Change::RecreateView { .. } | Change::ReplaceView { .. } => 10,
        Change::CreateTrigger { .. } | Change::CreatePolicy { .. } => 11,
        Change::Grant { .. }
        | Change::RevokeDefault { .. }
        | Change::DefaultGrant { .. }
        | Change::OwnerGrant { .. } => 12,
        Change::DropSchema { .. }
        | Change::DropExtension { .. }
        | Change::AlterExtension { .. }
        | Change::RecreateEnum { .. }
        | Change::DropEnum { .. }
        | Change::AlterDomain { .. }
        | Change::DropDomain { .. }
        | Change::AlterComposite { .. }
        | Change::DropComposite { .. }
        | Change::ReplaceRange { .. }
        | Change::DropRange { .. }
        | Change::DropCollation { .. }
        | Change::AlterSequence { .. }
        | Change::DropSequence { .. }
        | Change::DropTable { .. }
        | Change::RecreateTable { .. }
        | Change::DropColumn { .. }
        | Change::DropConstraint { .. }
        | Change::DropIndex { .. }
        | Change::DropView { .. }
        | Change::SetTableOptions { .. }
        | Change::SetTableComment { .. }
        | Change::AttachPartition { .. }
        | Change::DetachPartition { .. }
        | Change::SetInherits { .. }
        | Change::ReplaceTrigger { .. }
        | Change::DropTrigger { .. }
        | Change::ReplacePolicy { .. }
        | Change::DropPolicy { .. }
        | Change::Revoke { .. }
        | Change::OwnerRevoke { .. }
        | Change::DefaultRevoke { .. }
        | Change::Comment { .. } => 13,
    }
}

/// Plans `changes`, which turn `from` into `to` (both as the diff's scope saw them).
/// `target` carries what a spec adds beyond the schema (renames, type conversions); a
/// whole-schema diff passes an empty one.
pub(super) fn plan_changes(
    from: &Schema,
    to: &Schema,
    target: &Target,
    mut changes: Vec<Change>,
    steps: &mut Vec<Step>,
) -> Result<(), PlanError> {
    // What phaseshift does not migrate is refused at once, all of it listed.
    let unmanaged: Vec<&unmanaged::Change> =
        changes.iter().filter_map(|c| if let Change::Unmanaged(u) = c { Some(u) } else { None }).collect();
    if !unmanaged.is_empty() {
        return Err(unmanaged::refusal(&unmanaged));
    }
    changes.sort_by_key(rank);
    let start = steps.len();
    for change in changes {
        plan_one(from, to, target, change, steps)?;
    }
    for s in &mut steps[start..] {
        add_requirements(s, from, to);
        sequences_first(s, to);
        after_renames(s, target);
        grant::plan::restore_on_rollback(s, from);
        index::plan::restore_on_rollback(s, from);
    }
    Ok(())
}

fn plan_one(
    from: &Schema,
    to: &Schema,
    target: &Target,
    change: Change,
    steps: &mut Vec<Step>,
) -> Result<(), PlanError> {
    match change {
        Change::Function(c) => function::plan(c, from, to, steps)?,
        Change::Aggregate(c) => aggregate::plan(c, from, steps),
        Change::Statistics(c) => statistics::plan(c, steps),
        Change::Rule(c) => rule::plan(c, steps),
        Change::Publication(c) => publication::plan(c, steps),
        Change::EventTrigger(c) => event_trigger::plan(c, steps),
        // (`plan_changes` refuses these, all listed, before planning any.)
        Change::Unmanaged(c) => return Err(unmanaged::refusal(&[&c])),
        Change::CreateSchema { name } => schema::plan::create(name, steps),
        Change::DropSchema { name } => schema::plan::drop(name, steps),
        Change::Comment { on, from, to } => comment::plan::comment(on, from, to, steps),
        Change::CreateExtension { ext } => extension::plan::create(ext, steps),
        Change::DropExtension { ext } => extension::plan::drop(ext, steps),
        Change::AlterExtension { from, to } => extension::plan::update(from, to, steps),
        Change::CreateCollation { c } => types::plan::create_collation(c, steps),
        Change::DropCollation { c } => types::plan::drop_collation(c, steps),
        Change::CreateEnum { e } => types::plan::create_enum(e, steps),
        Change::AddEnumValues { name, values, from, to, columns } => {
            types::plan::add_enum_values(name, values, (from, to, columns), steps)
        }
        Change::RecreateEnum { from: old, to: new, columns } => {
            let mut readers = column::plan::Readers::default();
            for c in &columns {
                readers.add(from, to, &c.table, &c.column);
            }
            types::plan::recreate_enum(old, new, columns, readers, steps)
        }
        Change::DropEnum { e } => types::plan::drop_enum(e, steps),
        Change::CreateDomain { d } => types::plan::create_domain(d, steps),
        Change::AlterDomain { from: old, to: new, columns } => {
            let mut readers = column::plan::Readers::default();
            for c in &columns {
                readers.add(from, to, &c.table, &c.column);
            }
            types::plan::alter_domain(old, new, columns, readers, steps)
        }
        Change::DropDomain { d } => types::plan::drop_domain(d, steps),
        Change::CreateComposite { c } => types::plan::create_composite(c, steps),
        Change::AlterComposite { from: old, to: new } => types::plan::alter_composite(old, new, from, steps)?,
        Change::DropComposite { c } => types::plan::drop_composite(c, steps),
        Change::CreateRange { r } => types::plan::create_range(r, steps),
        Change::ReplaceRange { from: old, to: new } => types::plan::replace_range(old, new, from, steps)?,
        Change::DropRange { r } => types::plan::drop_range(r, steps),
        Change::CreateSequence { s } => sequence::plan::create(s, steps),
        Change::AlterSequence { from, to } => sequence::plan::alter(from, to, steps),
        Change::DropSequence { s } => sequence::plan::drop(s, to, steps),
        Change::CreateTable { table } => table::plan::create(table, steps),
        Change::DropTable { table } => table::plan::drop_table(table, steps),
        Change::RecreateTable { from, to } => table::plan::recreate_table(from, to, steps),
        Change::SetTableComment { table, from, to } => table::plan::comment(table, from, to, steps),
        Change::SetTableOptions { from, to } => table::plan::set_options(from, to, steps),
        Change::AddColumn { table, column } => {
            column::plan::refuse_on_typed_table(from, to, &table, &column)?;
            column::plan::add(from, filled_in_place(target, &table, &column.name), table, column, steps)
        }
        Change::AlterColumn { table, from: old, to: new } => {
            let conv = target.conversions.get(&(table.clone(), new.name.clone())).cloned().unwrap_or_default();
            let readers = column::plan::readers(from, to, &table, &old.name);
            let serial =
                (column::plan::serial_sequence(from, &table, &old), column::plan::serial_sequence(to, &table, &new));
            column::plan::alter(table, old, new, conv, readers, serial, steps)?
        }
        Change::DropColumn { table, column, only } => column::plan::drop_column(table, column, only, steps),
        Change::AddConstraint { table, constraint, new_table } => {
            constraint::plan::add((from, to), table, constraint, new_table, steps)
        }
        Change::ReplaceConstraint { table, from: old, to: new, foreign_keys } => {
            constraint::plan::replace((from, to), table, old, new, foreign_keys, steps)
        }
        Change::ValidateConstraint { table, constraint } => constraint::plan::validate(table, constraint, steps),
        Change::RenameConstraint { table, from, to } => constraint::plan::rename(table, from, to, steps),
        Change::DropConstraint { table, constraint } => {
            constraint::plan::drop_constraint((from, to), table, constraint, steps)
        }
        Change::CreateIndex { index, new_table } => index::plan::create(index, new_table, from, to, steps),
        Change::ReplaceIndex { from: old, to: new } => index::plan::replace(old, new, (from, to), steps),
        Change::RenameIndex { table, from, to } => index::plan::rename(table, from, to, steps),
        Change::NamePartitionIndex { parent, partition, from, to } => {
            index::plan::name_partition_index(parent, partition, from, to, steps)
        }
        Change::DropIndex { index } => index::plan::drop_index(index, (from, to), steps),
        Change::CreateView { view } => view::plan::create(view, steps),
        Change::ReplaceView { from, to } => view::plan::replace(from, to, steps),
        Change::RecreateView { from, to } => view::plan::recreate(from, to, steps),
        Change::DropView { view } => view::plan::drop(view, steps),
        Change::DetachPartition { table, parent, bound } => table::plan::detach(table, parent, bound, from, to, steps),
        Change::AttachPartition { table, parent, bound } => table::plan::attach(table, parent, bound, from, to, steps),
        Change::SetInherits { table, add, remove } => table::plan::set_inherits(table, add, remove, steps),
        Change::CreateTrigger { t } => {
            let old = from.triggers.get(&(t.table.clone(), t.name.clone())).cloned();
            trigger::plan::create(t, old, steps)
        }
        Change::ReplaceTrigger { from, to } => trigger::plan::replace(from, to, steps),
        Change::DropTrigger { t } => trigger::plan::drop(t, false, steps),
        Change::CreatePolicy { p } => policy::plan::create_policy(p, steps),
        Change::ReplacePolicy { from, to } => policy::plan::replace(from, to, steps),
        Change::DropPolicy { p } => policy::plan::drop_policy(p, steps),
        Change::Grant { g } => grant::plan::grant(g, steps),
        Change::Revoke { g } => grant::plan::revoke(g, steps),
        Change::RevokeDefault { g } => grant::plan::revoke_default(g, steps),
        Change::OwnerRevoke { r } => grant::plan::owner(r, false, steps),
        Change::OwnerGrant { r } => grant::plan::owner(r, true, steps),
        Change::DefaultGrant { g } => grant::plan::default_privilege(g, true, steps),
        Change::DefaultRevoke { g } => grant::plan::default_privilege(g, false, steps),
    }
    Ok(())
}

/// Whether a backfill in place fills `column` of `table` (a new column's existing rows).
fn filled_in_place(target: &Target, table: &QualName, column: &str) -> bool {
    let fills = |b: &crate::model::Backfill| b.mappings.iter().any(|m| m.column == column);
    target.backfills.iter().any(|b| b.in_place() && &b.target == table && fills(b))
}

/// A serial column's default draws from its sequence: the sequence comes first.
fn sequences_first(s: &mut Step, to: &Schema) {
    let owned: Vec<Key> = s
        .provides
        .iter()
        .filter_map(|k| match k {
            Key::Column(t, c) => to
                .sequences
                .values()
                .find(|q| q.owned_by.as_ref() == Some(&(t.clone(), c.clone())))
                .map(|q| Key::Sequence(q.name.clone())),
            _ => None,
        })
        .collect();
    for k in owned {
        if !s.provides.contains(&k) && !s.requires.contains(&k) {
            s.requires.push(k);
        }
    }
}

/// Work on a renamed table waits for its rename.
fn after_renames(s: &mut Step, target: &Target) {
    let touches: Vec<QualName> = s
        .requires
        .iter()
        .chain(s.provides.iter())
        .filter_map(|k| match k {
            Key::Table(t) | Key::Column(t, _) | Key::Constraint(t, _) | Key::UniqueOn(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    for t in touches {
        if target.table_renames.iter().any(|(_, n)| *n == t) && !s.requires.contains(&Key::Table(t.clone())) {
            s.requires.push(Key::Table(t));
        }
    }
}
