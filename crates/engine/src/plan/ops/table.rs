//! Creating tables (and commenting on them).

use crate::model::{ConstraintKind, QualName, Table};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::TableOp;
use crate::plan::{Key, Op, PhaseKind, Step};

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
