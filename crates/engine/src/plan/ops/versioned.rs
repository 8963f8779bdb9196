//! Columns changed online (`up`), for two application versions at once. The new column, its
//! fill trigger (both ways) and its backfill come from the ordinary column and backfill
//! planning; this adds the new version's schema of views (switch phase, once the new columns
//! are filled and checked) and, at contract, the new column taking the old one's place.

use super::retire::ARCHIVE_SCHEMA;
use crate::model::{make_object_name, Column, QualName, Target, Versioned};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, DataOp, HazardKind, SchemaOp};
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn plan(target: &Target, steps: &mut Vec<Step>) {
    let Some(version) = &target.version else {
        return;
    };
    let tables: Vec<QualName> = version.views.iter().map(|v| v.table.clone()).collect();
    let mut requires: Vec<Key> = Vec::new();
    for v in &version.views {
        // The new version sees complete columns: its schema comes once they are filled and
        // checked.
        requires.push(Key::Checked(v.table.clone()));
        requires.extend(v.columns.iter().map(|(_, c)| Key::Column(v.table.clone(), c.clone())));
    }
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("create schema {} with the new version of {}", version.schema, names(&tables)),
            vec![Op::Data(DataOp::CreateVersion { version: version.clone() })],
            vec![Op::Data(DataOp::DropVersion { version: version.clone() })],
            Lock::new(LockMode::AccessShare, tables.iter().cloned().map(Locked::Table), Hold::Brief),
        )
        .provides([Key::Schema(version.schema.clone())])
        .requires(requires),
    );
    // At contract, in one transaction: the new application, whose views read the new
    // columns, finds them in the tables under the old names.
    let mut ops = Vec::new();
    let mut rollback = vec![Op::Data(DataOp::CreateVersion { version: version.clone() })];
    let mut step_requires = Vec::new();
    for v in &target.versioned {
        ops.extend(take_place(v));
        let mut undo = give_back(v);
        undo.append(&mut rollback);
        rollback = undo;
        step_requires.push(Key::Synced(v.table.clone()).gone());
    }
    ops.push(Op::Data(DataOp::DropVersion { version: version.clone() }));
    let archived: Vec<String> = target.versioned.iter().map(|v| format!("{}.{}", v.table, v.column)).collect();
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("new versions take the place of {}; drop schema {}", archived.join(", "), version.schema),
            ops,
            rollback,
            Locks(vec![Lock::new(LockMode::AccessExclusive, tables.iter().cloned().map(Locked::Table), Hold::Brief)]),
        )
        .requires(step_requires)
        .hazard(
            HazardKind::DataLoss,
            format!("the old values of {} are kept in {ARCHIVE_SCHEMA} until purged", archived.join(", ")),
        ),
    );
}

fn names(tables: &[QualName]) -> String {
    tables.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
}

fn archive(v: &Versioned) -> QualName {
    QualName::new(ARCHIVE_SCHEMA, make_object_name(&v.table.name, Some(&v.column), "col"))
}

/// The old column goes to the archive, the new one takes its name and its default.
fn take_place(v: &Versioned) -> Vec<Op> {
    let (table, column) = (v.table.clone(), v.column.clone());
    let mut ops = vec![
        Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }),
        Op::Data(DataOp::ArchiveVersioned { v: v.clone(), archive: archive(v) }),
        Op::Column(ColumnOp::DropColumn { table: table.clone(), column: column.clone() }),
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: v.shadow.clone(), to: column.clone() }),
    ];
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { table, column, default: v.default.clone() }));
    }
    ops
}

/// Undoes [`take_place`]: the new column back under its shadow name, the old one back with
/// its archived values (and, for rows written since, computed from the new one).
fn give_back(v: &Versioned) -> Vec<Op> {
    let (table, column) = (v.table.clone(), v.column.clone());
    let mut ops = Vec::new();
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { table: table.clone(), column: column.clone(), default: None }));
    }
    let bare = Column { not_null: false, default: None, ..v.old.clone() };
    ops.extend([
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: column.clone(), to: v.shadow.clone() }),
        Op::Column(ColumnOp::AddColumn { table: table.clone(), column: bare }),
        Op::Data(DataOp::RestoreVersioned { v: v.clone(), archive: archive(v) }),
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
