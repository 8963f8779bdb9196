//! Creating and replacing indexes: CONCURRENTLY on existing tables, inside the
//! transaction on tables this migration creates.

use crate::model::{Index, KeyExpr, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::IndexOp;
use crate::plan::{Key, Op, PhaseKind, Step};

fn requires(index: &Index) -> Vec<Key> {
    let mut r = vec![Key::Table(index.table.clone())];
    for k in &index.keys {
        if let KeyExpr::Column(c) = &k.expr {
            r.push(Key::Column(index.table.clone(), c.clone()));
        }
    }
    r.extend(index.include.iter().map(|c| Key::Column(index.table.clone(), c.clone())));
    r
}

/// `to`: the schema after, which says whether the table is partitioned (CONCURRENTLY is
/// not possible there).
pub fn create(index: Index, new_table: bool, to: &Schema, steps: &mut Vec<Step>) {
    let concurrently = !new_table && !to.is_partitioned(&index.table);
    let t = index.table.clone();
    let lock = if concurrently {
        Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Online)
    } else {
        Lock::new(LockMode::Share, [Locked::Table(t.clone())], Hold::New)
    };
    let mut provides = vec![Key::Index(index.name.clone())];
    if index.unique && index.predicate.is_none() {
        provides.push(Key::UniqueOn(t.clone()));
    }
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!(
                "create {}index {} on {t}{}",
                if index.unique { "unique " } else { "" },
                index.name.name,
                if concurrently { " concurrently" } else { "" }
            ),
            vec![Op::Index(IndexOp::CreateIndex { index: index.clone(), concurrently })],
            vec![Op::Index(IndexOp::DropIndex { index: index.name.clone(), concurrently })],
            lock,
        )
        .provides(provides)
        .requires(requires(&index)),
    );
}

/// An index whose definition changed: dropped and built again, both concurrently.
pub fn replace(from: Index, to: Index, steps: &mut Vec<Step>) {
    let t = to.table.clone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("rebuild index {} on {t} with its new definition", to.name.name),
            vec![
                Op::Index(IndexOp::DropIndex { index: from.name.clone(), concurrently: true }),
                Op::Index(IndexOp::CreateIndex { index: to.clone(), concurrently: true }),
            ],
            vec![
                Op::Index(IndexOp::DropIndex { index: to.name.clone(), concurrently: true }),
                Op::Index(IndexOp::CreateIndex { index: from, concurrently: true }),
            ],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Online),
        )
        .provides([Key::Index(to.name.clone())])
        .requires(requires(&to)),
    );
}

/// `from`: the schema before, which says whether the table is partitioned.
pub fn drop_index(ix: Index, from: &Schema, steps: &mut Vec<Step>) {
    let concurrently = !from.is_partitioned(&ix.table);
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

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn concurrently_only_on_existing_tables() {
        let before = "version: 1\ntables:\n  t:\n    columns:\n      a: { type: int }\n";
        let p = plan_yaml(before, "version: 1\ntables:\n  t:\n    indexes:\n      - { columns: [a] }\n  n:\n    columns:\n      b: { type: int }\n    indexes:\n      - { columns: [b], where: \"b > 0\" }\n");
        assert_eq!(
            p,
            vec![
                "expand: create table public.n",
                "expand: create index n_b_idx on public.n",
                "expand: create index t_a_idx on public.t concurrently",
            ]
        );
    }
}
