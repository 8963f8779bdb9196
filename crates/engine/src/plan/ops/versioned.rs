//! Columns changed online (`up`), for two application versions at once. The new column, its
//! fill trigger (both ways) and its backfill come from the ordinary column and backfill
//! planning; this adds the new version's schema of views (in sync, computing the columns
//! not filled yet; in switch, once they are filled and checked, reading them) and, at
//! contract, the new column taking the old one's place.

use super::retire::ARCHIVE_SCHEMA;
use crate::model::{make_object_name, Column, QualName, Target, Version, Versioned};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, DataOp, HazardKind, SchemaOp};
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn plan(target: &Target, steps: &mut Vec<Step>) {
    let Some(version) = &target.version else {
        return;
    };
    let tables: Vec<QualName> = version.views.iter().map(|v| v.table.clone()).collect();
    let lock = || Lock::new(LockMode::AccessShare, tables.iter().cloned().map(Locked::Table), Hold::Brief);
    let mut requires: Vec<Key> = Vec::new();
    for v in &version.views {
        requires.extend(v.columns.iter().map(|(_, c)| Key::Column(v.table.clone(), c.clone())));
    }
    // The old version's schema of views, from expand: the tables as they are (the old
    // application may keep using them directly).
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create schema {} with the old version of {}", version.old_schema, names(&tables)),
            vec![Op::Data(DataOp::CreateOldVersion { version: version.clone() })],
            vec![Op::Data(DataOp::DropOldVersion { version: version.clone() })],
            lock(),
        )
        .provides([Key::Schema(version.old_schema.clone())]),
    );
    let create = |filling: bool| Op::Data(DataOp::CreateVersion { version: version.clone(), filling });
    let drop = || Op::Data(DataOp::DropVersion { version: version.clone() });
    if target.versioned.is_empty() {
        // Renames and retired columns alone: the new version is there from expand.
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("create schema {} with the new version of {}", version.schema, names(&tables)),
                vec![create(false)],
                vec![drop()],
                lock(),
            )
            .provides([Key::Schema(version.schema.clone())])
            .requires(requires),
        );
    } else {
        // Columns changed online: the new version comes with the trigger that keeps both
        // versions in step (sync), reading the columns not filled yet as `up` computes
        // them; once they are filled and checked (switch), it reads them as they are.
        requires.extend(target.versioned.iter().map(|v| Key::Synced(v.table.clone())));
        steps.push(
            Step::new(
                PhaseKind::Sync,
                format!(
                    "create schema {} with the new version of {} (columns not filled yet computed by `up`)",
                    version.schema,
                    names(&tables)
                ),
                vec![create(true)],
                vec![drop()],
                lock(),
            )
            .provides([Key::Schema(version.schema.clone())])
            .requires(requires),
        );
        let filled = target.versioned.iter().map(|v| Key::Checked(v.table.clone()));
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("the new version of {} in {} reads its filled columns", names(&tables), version.schema),
                vec![create(false)],
                vec![create(true)],
                lock(),
            )
            .requires(filled)
            .requires([Key::Schema(version.schema.clone())]),
        );
    }
    steps.push(contract(target, version, &tables));
}

/// At contract, in one transaction: renamed columns take their new names, new versions of
/// columns take the old ones' places, and the schema of views goes; the new application,
/// whose views read those columns, finds them in the tables under the names it uses.
fn contract(target: &Target, version: &Version, tables: &[QualName]) -> Step {
    // The old version goes first: its views read the old columns.
    let mut ops = vec![Op::Data(DataOp::DropOldVersion { version: version.clone() })];
    let mut undo = Vec::new();
    let mut provides = Vec::new();
    let mut done = Vec::new();
    for (table, from, to) in &version.renames {
        ops.push(Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: from.clone(), to: to.clone() }));
        undo.push(Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: to.clone(), to: from.clone() }));
        provides.push(Key::Column(table.clone(), to.clone()));
        done.push(format!("{table}.{from} is renamed {to}"));
    }
    let mut requires = Vec::new();
    for v in &target.versioned {
        ops.extend(take_place(v));
        undo.extend(give_back(v));
        requires.push(Key::Synced(v.table.clone()).gone());
        provides.push(Key::Column(v.table.clone(), v.name().to_string()));
        done.push(match &v.renamed_to {
            Some(to) => format!("the new {}.{to} takes the place of {}", v.table, v.column),
            None => format!("the new {}.{} takes the old one's place", v.table, v.column),
        });
    }
    ops.push(Op::Data(DataOp::DropVersion { version: version.clone() }));
    undo.push(Op::Data(DataOp::CreateVersion { version: version.clone(), filling: false }));
    undo.push(Op::Data(DataOp::CreateOldVersion { version: version.clone() }));
    let mut step = Step::new(
        PhaseKind::Contract,
        format!("{}; drop schemas {} and {}", done.join(", "), version.schema, version.old_schema),
        ops,
        undo,
        Locks(vec![Lock::new(LockMode::AccessExclusive, tables.iter().cloned().map(Locked::Table), Hold::Brief)]),
    )
    .requires(requires)
    .provides(provides)
    // (Retired columns that the version's triggers fill go after this.)
    .provides([Key::Schema(version.schema.clone()).gone(), Key::Schema(version.old_schema.clone()).gone()]);
    if !target.versioned.is_empty() {
        let archived: Vec<String> = target.versioned.iter().map(|v| format!("{}.{}", v.table, v.column)).collect();
        step = step.hazard(
            HazardKind::DataLoss,
            format!("the old values of {} are kept in {ARCHIVE_SCHEMA} until purged", archived.join(", ")),
        );
    }
    step
}

fn names(tables: &[QualName]) -> String {
    tables.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

fn archive(v: &Versioned) -> QualName {
    QualName::new(ARCHIVE_SCHEMA, make_object_name(&v.table.name, Some(&v.column), "col"))
}

/// The old column goes to the archive, the new one takes its name (or the new name it is
/// renamed to) and its default.
fn take_place(v: &Versioned) -> Vec<Op> {
    let (table, column, name) = (v.table.clone(), v.column.clone(), v.name().to_string());
    let mut ops = vec![
        Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }),
        Op::Data(DataOp::ArchiveVersioned { v: Box::new(v.clone()), archive: archive(v) }),
        Op::Column(ColumnOp::DropColumn { table: table.clone(), column }),
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: v.shadow.clone(), to: name.clone() }),
    ];
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { table, column: name, default: v.default.clone() }));
    }
    ops
}

/// Undoes [`take_place`]: the new column back under its shadow name, the old one back with
/// its archived values (and, for rows written since, computed from the new one).
fn give_back(v: &Versioned) -> Vec<Op> {
    let (table, column, name) = (v.table.clone(), v.column.clone(), v.name().to_string());
    let mut ops = Vec::new();
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { table: table.clone(), column: name.clone(), default: None }));
    }
    let bare = Column { not_null: false, default: None, ..v.old.clone() };
    ops.extend([
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: name, to: v.shadow.clone() }),
        Op::Column(ColumnOp::AddColumn { table: table.clone(), column: bare }),
        Op::Data(DataOp::RestoreVersioned { v: Box::new(v.clone()), archive: archive(v) }),
    ]);
    if v.old.not_null {
        ops.push(Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: column.clone() }));
    }
    if v.old.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { table, column, default: v.old.default.clone() }));
    }
    ops.push(Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: ARCHIVE_SCHEMA.into() }));
    ops
}
