//! Creating and replacing indexes: CONCURRENTLY on existing tables, inside the
//! transaction on tables this migration creates.

use crate::model::{Index, KeyExpr, QualName, Schema};
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
/// not possible there); `from`, the one before, which partitions it has while the index is
/// built.
pub fn create(index: Index, new_table: bool, from: &Schema, to: &Schema, steps: &mut Vec<Step>) {
    if !new_table && to.is_partitioned(&index.table) {
        if let Some(parts) = plain_partitions(from, to, &index) {
            return create_on_partitions(index, parts, PhaseKind::Expand, steps);
        }
    }
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

/// The partitions of `index`'s table when each is a plain table (a partition that is itself
/// partitioned takes the index the blocking way): those of the schema after, and those of
/// the one before that go later in the plan (detached or dropped after the index is built:
/// until then, the parent's index is valid only with one of theirs attached too).
fn plain_partitions<'a>(from: &'a Schema, to: &'a Schema, index: &Index) -> Option<Vec<&'a crate::model::Table>> {
    let of = |s: &'a Schema| {
        s.tables
            .values()
            .filter(|t| t.partition_of.as_ref().is_some_and(|(p, _)| *p == index.table))
            .collect::<Vec<_>>()
    };
    let mut parts = of(to);
    parts.extend(of(from).into_iter().filter(|p| !to.tables.contains_key(&p.name)));
    parts.iter().all(|p| p.partition_by.is_none()).then_some(parts)
}

/// An index on an existing partitioned table without blocking its writes, as PostgreSQL
/// cannot build one CONCURRENTLY there: built CONCURRENTLY on each partition, then created
/// on the parent alone (instant) with each attached to it, which makes it valid. (In
/// `phase`; each step waits for an index of the same name to be gone.)
fn create_on_partitions(index: Index, parts: Vec<&crate::model::Table>, phase: PhaseKind, steps: &mut Vec<Step>) {
    let t = index.table.clone();
    let parent = index.name.clone();
    let mut children = Vec::new();
    for p in parts {
        let part_names: Vec<String> = index.keys.iter().map(crate::model::IndexKey::name_part).collect();
        let name = crate::model::make_object_name(&p.name.name, Some(&part_names.join("_")), "idx");
        let child = Index {
            name: QualName::new(p.name.schema.clone(), name),
            table: p.name.clone(),
            comment: None,
            ..index.clone()
        };
        steps.push(
            Step::new(
                phase,
                format!("create index {} on partition {} concurrently", child.name.name, p.name),
                vec![Op::Index(IndexOp::CreateIndex { index: child.clone(), concurrently: true })],
                vec![Op::Index(IndexOp::DropIndex { index: child.name.clone(), concurrently: true })],
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(p.name.clone())], Hold::Online),
            )
            .provides([Key::Index(child.name.clone())])
            .requires(requires(&child))
            .requires([Key::Index(child.name.clone()).gone(), Key::Index(index.name.clone()).gone()])
            // A table attached in this plan is a partition only then.
            .requires([Key::Attached(p.name.clone())]),
        );
        children.push(child.name);
    }
    let mut provides = vec![Key::Index(parent.clone())];
    if index.unique && index.predicate.is_none() {
        provides.push(Key::UniqueOn(t.clone()));
    }
    let mut ops = vec![Op::Index(IndexOp::CreateIndexOnParent { index: index.clone() })];
    ops.extend(children.iter().map(|c| Op::Index(IndexOp::AttachIndex { parent: parent.clone(), child: c.clone() })));
    steps.push(
        Step::new(
            phase,
            format!("create index {} on {t} alone and attach its partitions' indexes", parent.name),
            ops,
            // Dropping the parent's index drops the attached ones with it.
            vec![Op::Index(IndexOp::DropIndex { index: parent.clone(), concurrently: false })],
            Lock::new(LockMode::Share, [Locked::Table(t.clone())], Hold::Brief),
        )
        .provides(provides)
        .requires(children.iter().map(|c| Key::Index(c.clone())).chain([Key::Table(t.clone())])),
    );
}

/// An index whose definition changed: dropped and built again, both concurrently; when only
/// its storage parameters changed, altered in place. On a partitioned table (`schemas`,
/// before and after, tell), where neither can be done concurrently, the parent's index is
/// dropped (with its partitions') and built again as [`create_on_partitions`] does.
pub fn replace(from: Index, to: Index, schemas: (&Schema, &Schema), steps: &mut Vec<Step>) {
    let t = to.table.clone();
    let only_options = crate::diff::same_index(&from, &Index { options: from.options.clone(), ..to.clone() });
    if schemas.1.is_partitioned(&t) && !only_options {
        if let Some(parts) = plain_partitions(schemas.0, schemas.1, &to) {
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("drop index {} on {t} to build it again", from.name.name),
                    vec![Op::Index(IndexOp::DropIndex { index: from.name.clone(), concurrently: false })],
                    vec![Op::Index(IndexOp::CreateIndex { index: from.clone(), concurrently: false })],
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(t.clone())], Hold::Brief),
                )
                .provides([Key::Index(from.name.clone()).gone()]),
            );
            return create_on_partitions(to, parts, PhaseKind::Switch, steps);
        }
    }
    if only_options {
        let set = |a: &Index, b: &Index| IndexOp::SetIndexOptions {
            index: to.name.clone(),
            set: b.options.clone(),
            reset: crate::plan::storage_reset(&a.options, &b.options),
        };
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("set storage parameters of index {}", to.name.name),
                vec![Op::Index(set(&from, &to))],
                vec![Op::Index(set(&to, &from))],
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Brief),
            )
            .requires([Key::Index(to.name.clone())]),
        );
        return;
    }
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

/// A rollback that creates a materialized view again (one the step dropped or replaced)
/// builds the indexes `from` had on it too, in its transaction (nobody reads the view
/// before it commits).
pub fn restore_on_rollback(step: &mut Step, from: &Schema) {
    let views: Vec<QualName> = step
        .rollback
        .iter()
        .filter_map(|op| match op {
            Op::View(crate::plan::ViewOp::CreateView { view }) if view.materialized => Some(view.name.clone()),
            _ => None,
        })
        .collect();
    for v in views {
        let indexes = from.indexes.values().filter(|ix| ix.table == v);
        let ops: Vec<Op> =
            indexes.map(|ix| Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently: false })).collect();
        step.rollback.extend(ops);
    }
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
