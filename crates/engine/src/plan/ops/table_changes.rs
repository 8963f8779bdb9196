//! Whole-schema changes to tables: drops, partitioning and inheritance, table options.

use crate::model::{Column, Constraint, ConstraintKind, Index, QualName, Table};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, ConstraintOp, IndexOp, TableOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub fn drop_table(t: Table, steps: &mut Vec<Step>) {
    let q = t.name.clone();
    let mut restore = t.clone();
    restore.constraints.retain(|c| !matches!(c.kind, ConstraintKind::ForeignKey(_)));
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop table {q}"),
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            vec![Op::Table(TableOp::CreateTable { table: restore })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Brief),
        )
        .provides([Key::Table(q.clone()).gone()])
        .hazard(HazardKind::DataLoss, format!("dropping table {q} deletes its rows; the rollback recreates it empty")),
    );
}

/// Plain <-> partitioned: PostgreSQL cannot convert in place, so the table is dropped and
/// created again (its rows are lost).
pub fn recreate_table(from: Table, to: Table, steps: &mut Vec<Step>) {
    let q = to.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("drop table {q} to recreate it {}", if to.partition_by.is_some() { "partitioned" } else { "unpartitioned" }),
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            vec![Op::Table(TableOp::CreateTable { table: from })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Brief),
        )
        .provides([Key::Table(q.clone()).gone()])
        .hazard(HazardKind::DataLoss, format!("{q} cannot change between plain and partitioned in place: it is dropped and created again, and its rows are lost")),
    );
    let (fks, inline): (Vec<Constraint>, Vec<Constraint>) =
        to.constraints.iter().cloned().partition(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)));
    let mut table = to.clone();
    table.constraints = inline;
    super::table::create(table, steps);
    if let Some(last) = steps.last_mut() {
        last.kind = PhaseKind::Switch;
    }
    for c in fks {
        super::constraint::add(&crate::model::Schema::default(), q.clone(), c, true, steps);
    }
}

pub fn drop_column(table: QualName, column: Column, only: bool, steps: &mut Vec<Step>) {
    let c = column.name.clone();
    let mut restore = column.clone();
    restore.not_null = false;
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop column {table}.{c}"),
            vec![if only {
                Op::Column(ColumnOp::DropColumnOnly { table: table.clone(), column: c.clone() })
            } else {
                Op::Column(ColumnOp::DropColumn { table: table.clone(), column: c.clone() })
            }],
            vec![Op::Column(ColumnOp::AddColumn { table: table.clone(), column: restore })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .provides([Key::Column(table.clone(), c.clone()).gone()])
        .requires([Key::Detached(table.clone())])
        .hazard(
            HazardKind::DataLoss,
            format!("dropping {table}.{c} deletes its values; the rollback restores the column empty"),
        ),
    );
}

pub fn drop_constraint(table: QualName, c: Constraint, steps: &mut Vec<Step>) {
    let name = c.name.clone();
    let not_valid = matches!(c.kind, ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_));
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop {} {name} on {table}", c.kind.label()),
            vec![Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: name.clone() })],
            vec![Op::Constraint(ConstraintOp::AddConstraint {
                table: table.clone(),
                constraint: c.clone(),
                not_valid,
            })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .provides([Key::Constraint(table, name).gone()]),
    );
}

pub fn drop_index(ix: Index, partitioned: bool, steps: &mut Vec<Step>) {
    let concurrently = !partitioned;
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop index {}", ix.name),
            vec![Op::Index(IndexOp::DropIndex { index: ix.name.clone(), concurrently })],
            vec![Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently })],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(ix.table.clone())], Hold::Online),
        )
        .provides([Key::Index(ix.name.clone()).gone()]),
    );
}

pub fn set_options(from: Table, to: Table, steps: &mut Vec<Step>) {
    let q = to.name.clone();
    let mut ops = Vec::new();
    let mut rb = Vec::new();
    let mut rewrite = false;
    if from.unlogged != to.unlogged {
        ops.push(Op::Table(TableOp::SetLogged { table: q.clone(), unlogged: to.unlogged }));
        rb.push(Op::Table(TableOp::SetLogged { table: q.clone(), unlogged: from.unlogged }));
        rewrite = true;
    }
    if from.row_security != to.row_security {
        ops.push(Op::Table(TableOp::SetRowSecurity { table: q.clone(), enabled: to.row_security }));
        rb.push(Op::Table(TableOp::SetRowSecurity { table: q.clone(), enabled: from.row_security }));
    }
    if from.force_row_security != to.force_row_security {
        ops.push(Op::Table(TableOp::SetForceRowSecurity { table: q.clone(), forced: to.force_row_security }));
        rb.push(Op::Table(TableOp::SetForceRowSecurity { table: q.clone(), forced: from.force_row_security }));
    }
    let mut step = Step::new(
        PhaseKind::Switch,
        format!("set options of table {q}"),
        ops,
        rb,
        Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::Rewrite),
    )
    .requires([Key::Table(q.clone())]);
    if rewrite {
        step =
            step.hazard(HazardKind::TableRewrite, format!("SET LOGGED/UNLOGGED rewrites {q} under ACCESS EXCLUSIVE"));
    }
    steps.push(step);
}

pub fn detach(table: QualName, parent: QualName, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("detach partition {table} from {parent}"),
            vec![Op::Table(TableOp::DetachPartition { table: table.clone(), parent: parent.clone() })],
            Vec::new(),
            Lock::new(
                LockMode::AccessExclusive,
                [Locked::Table(parent.clone()), Locked::Table(table.clone())],
                Hold::Brief,
            ),
        )
        .provides([Key::Detached(parent), Key::Detached(table).gone()]),
    );
}

pub fn attach(table: QualName, parent: QualName, bound: String, columns: Vec<Key>, steps: &mut Vec<Step>) {
    let mut requires = vec![Key::Table(parent.clone()), Key::Table(table.clone()), Key::Detached(table.clone()).gone()];
    requires.extend(columns);
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("attach {table} to {parent} as a partition"),
            vec![Op::Table(TableOp::AttachPartition {
                table: table.clone(),
                parent: parent.clone(),
                bound: bound.clone(),
            })],
            vec![Op::Table(TableOp::DetachPartition { table: table.clone(), parent: parent.clone() })],
            Locks(vec![
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(parent.clone())], Hold::Brief),
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Scan),
            ]),
        )
        .requires(requires)
        .hazard(HazardKind::BlockingScan, format!("attaching {table} scans it to check the partition bound")),
    );
}

pub fn set_inherits(table: QualName, add: Vec<QualName>, remove: Vec<QualName>, steps: &mut Vec<Step>) {
    let mut ops = Vec::new();
    let mut rb = Vec::new();
    let mut provides = Vec::new();
    let mut requires = vec![Key::Table(table.clone())];
    for p in &remove {
        ops.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: false }));
        rb.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: true }));
        provides.push(Key::Detached(p.clone()));
    }
    for p in &add {
        ops.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: true }));
        rb.push(Op::Table(TableOp::Inherit { table: table.clone(), parent: p.clone(), inherit: false }));
        requires.push(Key::Table(p.clone()));
    }
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("change the parents of {table}"),
            ops,
            rb,
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .provides(provides)
        .requires(requires),
    );
}
