//! Changes into steps: the one place a `diff::Change` becomes steps, for specs and whole
//! schemas alike. One exhaustive match: a new kind of change does not compile until it is
//! planned here.

use super::{ops, requirements::add_requirements, Key, PlanError, Step};
use crate::diff::Change;
use crate::model::{QualName, Schema, Target};

/// Creation before alteration before removal, so that ties in the graph keep a natural
/// order (schemas, extensions, types, sequences, functions, tables, ...).
fn rank(c: &Change) -> u8 {
    match c {
        Change::Aggregate(a) => crate::kinds::aggregate::rank(a),
        Change::Function(f) => crate::kinds::function::rank(f),
        Change::CreateSchema { .. } => 0,
        Change::CreateExtension { .. } => 1,
        Change::CreateCollation { .. } => 2,
        Change::CreateEnum { .. }
        | Change::CreateDomain { .. }
        | Change::CreateComposite { .. }
        | Change::AddEnumValues { .. } => 3,
        Change::CreateSequence { .. } => 4,
        Change::CreateTable { .. } => 6,
        Change::AddColumn { .. } | Change::AlterColumn { .. } => 7,
        Change::AddConstraint { .. } | Change::ReplaceConstraint { .. } | Change::ValidateConstraint { .. } => 8,
        Change::CreateIndex { .. } | Change::ReplaceIndex { .. } => 9,
        Change::CreateView { .. } | Change::RecreateView { .. } | Change::ReplaceView { .. } => 10,
        Change::CreateTrigger { .. } | Change::CreatePolicy { .. } => 11,
        Change::Grant { .. } | Change::DefaultGrant { .. } => 12,
        Change::DropSchema { .. }
        | Change::DropExtension { .. }
        | Change::AlterExtension { .. }
        | Change::RecreateEnum { .. }
        | Change::DropEnum { .. }
        | Change::AlterDomain { .. }
        | Change::DropDomain { .. }
        | Change::AlterComposite { .. }
        | Change::DropComposite { .. }
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
    changes.sort_by_key(rank);
    let start = steps.len();
    for change in changes {
        plan_one(from, to, target, change, steps)?;
    }
    for s in &mut steps[start..] {
        add_requirements(s, from, to);
        sequences_first(s, to);
        after_renames(s, target);
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
        Change::Function(c) => crate::kinds::function::plan(c, from, to, steps),
        Change::Aggregate(c) => crate::kinds::aggregate::plan(c, from, steps),
        Change::CreateSchema { name } => ops::schema::create(name, steps),
        Change::DropSchema { name } => ops::schema::drop(name, steps),
        Change::Comment { on, from, to } => ops::schema::comment(on, from, to, steps),
        Change::CreateExtension { ext } => ops::extension::create(ext, steps),
        Change::DropExtension { ext } => ops::extension::drop(ext, steps),
        Change::AlterExtension { from, to } => ops::extension::update(from, to, steps),
        Change::CreateCollation { c } => ops::types::create_collation(c, steps),
        Change::DropCollation { c } => ops::types::drop_collation(c, steps),
        Change::CreateEnum { e } => ops::types::create_enum(e, steps),
        Change::AddEnumValues { name, values } => ops::types::add_enum_values(name, values, steps),
        Change::RecreateEnum { from, to, columns } => ops::types::recreate_enum(from, to, columns, steps),
        Change::DropEnum { e } => ops::types::drop_enum(e, steps),
        Change::CreateDomain { d } => ops::types::create_domain(d, steps),
        Change::AlterDomain { from, to } => ops::types::alter_domain(from, to, steps),
        Change::DropDomain { d } => ops::types::drop_domain(d, steps),
        Change::CreateComposite { c } => ops::types::create_composite(c, steps),
        Change::AlterComposite { from, to } => ops::types::alter_composite(from, to, steps),
        Change::DropComposite { c } => ops::types::drop_composite(c, steps),
        Change::CreateSequence { s } => ops::sequence::create(s, steps),
        Change::AlterSequence { from, to } => ops::sequence::alter(from, to, steps),
        Change::DropSequence { s } => ops::sequence::drop(s, steps),
        Change::CreateTable { table } => ops::table::create(table, steps),
        Change::DropTable { table } => ops::table_changes::drop_table(table, steps),
        Change::RecreateTable { from, to } => ops::table_changes::recreate_table(from, to, steps),
        Change::SetTableComment { table, from, to } => ops::table::comment(table, from, to, steps),
        Change::SetTableOptions { from, to } => ops::table_changes::set_options(from, to, steps),
        Change::AddColumn { table, column } => ops::column::add(from, table, column, steps),
        Change::AlterColumn { table, from, to } => {
            let conv = target.conversions.get(&(table.clone(), to.name.clone())).cloned().unwrap_or_default();
            ops::column::alter(table, from, to, conv, steps)?
        }
        Change::DropColumn { table, column, only } => ops::table_changes::drop_column(table, column, only, steps),
        Change::AddConstraint { table, constraint, new_table } => {
            ops::constraint::add(from, table, constraint, new_table, steps)
        }
        Change::ReplaceConstraint { table, from, to } => ops::constraint::replace(table, from, to, steps),
        Change::ValidateConstraint { table, constraint } => ops::constraint::validate(table, constraint, steps),
        Change::DropConstraint { table, constraint } => ops::table_changes::drop_constraint(table, constraint, steps),
        Change::CreateIndex { index, new_table } => {
            // CONCURRENTLY is not possible on a partitioned table.
            let partitioned = to.tables.get(&index.table).is_some_and(|t| t.partition_by.is_some());
            ops::index::create(index, new_table || partitioned, steps)
        }
        Change::ReplaceIndex { from, to } => ops::index::replace(from, to, steps),
        Change::DropIndex { index } => {
            let partitioned = from.tables.get(&index.table).is_some_and(|t| t.partition_by.is_some());
            ops::table_changes::drop_index(index, partitioned, steps)
        }
        Change::CreateView { view } => ops::view::create(view, steps),
        Change::ReplaceView { from, to } => ops::view::replace(from, to, steps),
        Change::RecreateView { from, to } => ops::view::recreate(from, to, steps),
        Change::DropView { view } => ops::view::drop(view, steps),
        Change::DetachPartition { table, parent } => ops::table_changes::detach(table, parent, steps),
        Change::AttachPartition { table, parent, bound } => {
            let mut cols = Vec::new();
            for t in [&parent, &table] {
                if let Some(tt) = to.tables.get(t) {
                    cols.extend(tt.columns.iter().map(|c| Key::Column(t.clone(), c.name.clone())));
                }
            }
            ops::table_changes::attach(table, parent, bound, cols, steps)
        }
        Change::SetInherits { table, add, remove } => ops::table_changes::set_inherits(table, add, remove, steps),
        Change::CreateTrigger { t } => {
            let again = from.triggers.contains_key(&(t.table.clone(), t.name.clone()));
            ops::trigger::create(t, again, steps)
        }
        Change::ReplaceTrigger { from: _, to } => ops::trigger::create(to, true, steps),
        Change::DropTrigger { t } => ops::trigger::drop(t, false, steps),
        Change::CreatePolicy { p } => ops::trigger::create_policy(p, false, steps),
        Change::ReplacePolicy { from, to } => {
            ops::trigger::drop_policy(from, true, steps);
            ops::trigger::create_policy(to, true, steps)
        }
        Change::DropPolicy { p } => ops::trigger::drop_policy(p, false, steps),
        Change::Grant { g } => ops::grant::grant(g, steps),
        Change::Revoke { g } => ops::grant::revoke(g, steps),
        Change::DefaultGrant { g } => ops::grant::default_privilege(g, true, steps),
        Change::DefaultRevoke { g } => ops::grant::default_privilege(g, false, steps),
    }
    Ok(())
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
