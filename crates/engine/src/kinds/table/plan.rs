//! Tables as a whole: created, commented on, dropped, recreated between plain and
//! partitioned, their options, partitions attached and detached, inheritance.

use crate::model::{Constraint, ConstraintKind, QualName, Schema, Table};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::TableOp;
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub fn create(table: Table, steps: &mut Vec<Step>) {
    let q = table.name.clone();
    let mut provides = vec![Key::Table(q.clone())];
    provides.extend(table.columns.iter().map(|c| Key::Column(q.clone(), c.name.clone())));
    for c in &table.constraints {
        provides.push(Key::Constraint(q.clone(), c.name.clone()));
        if matches!(c.kind, ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. }) {
            provides.push(Key::UniqueOn(q.clone()));
        }
    }
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create table {q}"),
            vec![Op::Table(TableOp::CreateTable { table })],
            vec![Op::Table(TableOp::DropTable { table: q.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], Hold::New),
        )
        .provides(provides)
        .requires([Key::Schema(q.schema.clone())]),
    );
}

pub fn comment(table: QualName, from: Option<String>, to: Option<String>, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("comment on table {table}"),
            vec![Op::Table(TableOp::CommentOnTable { table: table.clone(), comment: to })],
            vec![Op::Table(TableOp::CommentOnTable { table: table.clone(), comment: from })],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .requires([Key::Table(table)]),
    );
}

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
        to.constraints.iter().cloned().partition(|c| matches!(c.kind, ConstraintKind::ForeignKey(_)) || !c.validated);
    let mut table = to.clone();
    table.constraints = inline;
    create(table, steps);
    if let Some(last) = steps.last_mut() {
        last.kind = PhaseKind::Switch;
    }
    for c in fks {
        crate::kinds::constraint::plan::add(&crate::model::Schema::default(), q.clone(), c, true, steps);
    }
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
    if from.options != to.options {
        let set = |a: &Table, b: &Table| {
            let reset = crate::plan::storage_reset(&a.options, &b.options);
            Op::Table(TableOp::SetStorage { table: q.clone(), set: b.options.clone(), reset })
        };
        ops.push(set(&from, &to));
        rb.push(set(&to, &from));
    }
    let mut requires = vec![Key::Table(q.clone())];
    if from.replica_identity != to.replica_identity {
        let set = |identity: &Option<crate::model::ReplicaIdentity>| {
            Op::Table(TableOp::SetReplicaIdentity { table: q.clone(), identity: identity.clone() })
        };
        ops.push(set(&to.replica_identity));
        rb.push(set(&from.replica_identity));
        if let Some(crate::model::ReplicaIdentity::Index(i)) = &to.replica_identity {
            requires.push(Key::Index(QualName::new(q.schema.clone(), i.clone())));
        }
    }
    let hold = if rewrite { Hold::Rewrite } else { Hold::Brief };
    let mut step = Step::new(
        PhaseKind::Switch,
        format!("set options of table {q}"),
        ops,
        rb,
        Lock::new(LockMode::AccessExclusive, [Locked::Table(q.clone())], hold),
    )
    .requires(requires);
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
            vec![Op::Table(TableOp::DetachPartition {
                table: table.clone(),
                parent: parent.clone(),
                concurrently: false,
            })],
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

/// `to`: the schema after; the partition needs the columns of both tables in place.
pub fn attach(table: QualName, parent: QualName, bound: String, to: &Schema, steps: &mut Vec<Step>) {
    let mut requires = vec![Key::Table(parent.clone()), Key::Table(table.clone()), Key::Detached(table.clone()).gone()];
    for t in [&parent, &table].into_iter().filter_map(|q| to.tables.get(q)) {
        requires.extend(t.columns.iter().map(|c| Key::Column(t.name.clone(), c.name.clone())));
    }
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("attach {table} to {parent} as a partition"),
            vec![Op::Table(TableOp::AttachPartition {
                table: table.clone(),
                parent: parent.clone(),
                bound: bound.clone(),
            })],
            vec![Op::Table(TableOp::DetachPartition {
                table: table.clone(),
                parent: parent.clone(),
                concurrently: false,
            })],
            Locks(vec![
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(parent.clone())], Hold::Brief),
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Scan),
            ]),
        )
        .provides([Key::Attached(table.clone())])
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

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn new_tables_then_foreign_keys() {
        let p = plan_yaml(
            "",
            "version: 1\ntables:\n  a:\n    columns:\n      id: { type: int, primary_key: true }\n      b_id: { type: int, references: { table: b } }\n  b:\n    columns:\n      id: { type: int, primary_key: true }\n      a_id: { type: int, references: { table: a } }\n",
        );
        assert_eq!(
            p,
            vec![
                "expand: create table public.a",
                "expand: create table public.b",
                "expand: add foreign key a_b_id_fkey on public.a",
                "expand: add foreign key b_a_id_fkey on public.b",
            ]
        );
    }
}
