//! Creating and replacing indexes: CONCURRENTLY on existing tables, inside the
//! transaction on tables this migration creates.

use crate::kinds::constraint::plan::{foreign_key_names, push_rebinding, rebind, rebind_back, rebind_lock};
use crate::kinds::constraint::{rebound_on_rollback, resting_on};
use crate::model::{Constraint, Index, KeyExpr, QualName, Schema};
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
    // Foreign keys that stay may be bound to it by the time it is rolled back (when the
    // plan drops the index they were bound to): bound to another key around its drop.
    let fks = index.referenceable_columns().map(|cols| rebound_on_rollback(from, to, &t, &cols)).unwrap_or_default();
    let drop =
        Op::Index(IndexOp::DropIndex { index: index.name.clone(), concurrently: concurrently && fks.is_empty() });
    let undo = if fks.is_empty() { vec![drop] } else { rebind_back(from, &fks, vec![drop]) };
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
            undo,
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
pub(crate) fn plain_partitions<'a>(
    from: &'a Schema,
    to: &'a Schema,
    index: &Index,
) -> Option<Vec<&'a crate::model::Table>> {
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
        // (The name the target gives it, else the one PostgreSQL would.)
        let name =
            index.partition_indexes.get(&p.name).cloned().unwrap_or_else(|| index.partition_index_name(&p.name.name));
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
    let fks = from.referenceable_columns().map(|cols| resting_on(schemas.0, schemas.1, &t, &cols)).unwrap_or_default();
    if !fks.is_empty() {
        return replace_under_foreign_keys(from, to, schemas, fks, steps);
    }
    let again = |s: &Schema| settings_again(s, &to);
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("rebuild index {} on {t} with its new definition", to.name.name),
            [
                Op::Index(IndexOp::DropIndex { index: from.name.clone(), concurrently: true }),
                Op::Index(IndexOp::CreateIndex { index: to.clone(), concurrently: true }),
            ]
            .into_iter()
            .chain(again(schemas.1))
            .collect(),
            [
                Op::Index(IndexOp::DropIndex { index: to.name.clone(), concurrently: true }),
                Op::Index(IndexOp::CreateIndex { index: from, concurrently: true }),
            ]
            .into_iter()
            .chain(again(schemas.0))
            .collect(),
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Online),
        )
        .provides([Key::Index(to.name.clone())])
        .requires(requires(&to)),
    );
}

/// An index that stays as it is under a new name: renamed (no rebuild), after whatever
/// went under that name.
pub fn rename(table: QualName, from: QualName, to: QualName, steps: &mut Vec<Step>) {
    let op = |a: &QualName, b: &QualName| Op::Index(IndexOp::RenameIndex { index: a.clone(), to: b.name.clone() });
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("rename index {from} to {}", to.name),
            vec![op(&from, &to)],
            vec![op(&to, &from)],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table)], Hold::Brief),
        )
        .requires([Key::Index(to.clone()).gone()])
        .provides([Key::Index(from).gone(), Key::Index(to)]),
    );
}

/// The index of `partition` attached to `parent` named `to` (it was `from`; `None` where
/// this plan makes it, under a name PostgreSQL chooses), once both are there.
pub fn name_partition_index(
    parent: QualName,
    partition: QualName,
    from: Option<String>,
    to: String,
    steps: &mut Vec<Step>,
) {
    let op = |name: &str| {
        Op::Index(IndexOp::NamePartitionIndex {
            parent: parent.clone(),
            partition: partition.clone(),
            to: name.to_string(),
        })
    };
    let new = QualName::new(partition.schema.clone(), to.clone());
    let mut step = Step::new(
        PhaseKind::Expand,
        format!("rename the index of partition {partition} attached to {} to {to}", parent.name),
        vec![op(&to)],
        from.iter().map(|f| op(f)).collect(),
        Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(partition.clone())], Hold::Brief),
    )
    .requires([Key::Index(parent.clone()), Key::Table(partition.clone()), Key::Attached(partition.clone())])
    .requires([Key::Index(new.clone()).gone()]);
    if let Some(f) = &from {
        step = step.provides([Key::Index(QualName::new(partition.schema.clone(), f.clone())).gone()]);
    }
    steps.push(step);
}

/// `schemas`, before and after: whether the table is partitioned, and which foreign keys
/// that stay are bound to the index.
pub fn drop_index(ix: Index, schemas: (&Schema, &Schema), steps: &mut Vec<Step>) {
    let (from, to) = schemas;
    let fks = ix.referenceable_columns().map(|cols| resting_on(from, to, &ix.table, &cols)).unwrap_or_default();
    if !fks.is_empty() {
        return drop_under_foreign_keys(ix, from, fks, steps);
    }
    let concurrently = !from.is_partitioned(&ix.table);
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop index {}", ix.name),
            vec![Op::Index(IndexOp::DropIndex { index: ix.name.clone(), concurrently })],
            std::iter::once(Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently }))
                .chain(settings_again(from, &ix))
                .collect(),
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(ix.table.clone())], Hold::Online),
        )
        .provides([Key::Index(ix.name.clone()).gone()]),
    );
}

/// A unique index that foreign keys which stay are bound to (PostgreSQL will not drop it
/// under them): dropped in one brief transaction, with them dropped before and added back
/// `NOT VALID` after, bound to the key that takes its place (built before: the target has
/// one, or it could not have them), then validated without blocking writes. The rollback
/// builds it again concurrently; the foreign keys stay where they are bound.
fn drop_under_foreign_keys(ix: Index, from: &Schema, fks: Vec<(QualName, Constraint)>, steps: &mut Vec<Step>) {
    let t = ix.table.clone();
    let step = Step::new(
        PhaseKind::Contract,
        format!("drop index {}, binding the foreign keys on it to another key: {}", ix.name, foreign_key_names(&fks)),
        rebind(from, &fks, vec![Op::Index(IndexOp::DropIndex { index: ix.name.clone(), concurrently: false })]),
        std::iter::once(Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently: !from.is_partitioned(&t) }))
            .chain(settings_again(from, &ix))
            .collect(),
        rebind_lock(&t, &fks),
    )
    .requires([Key::UniqueOn(t.clone())])
    .provides([Key::Index(ix.name.clone()).gone()]);
    push_rebinding(step, from, &fks, PhaseKind::Contract, steps);
}

/// What of its table rests on `index` in `s`, set again (see [`crate::kinds::table::plan::resting_on_index`]).
fn settings_again(s: &Schema, index: &Index) -> Vec<Op> {
    crate::kinds::table::plan::resting_on_index(s, &index.table, &index.name.name)
}

/// A unique index that foreign keys which stay are bound to, with a new definition: the new
/// one built concurrently under a name of its own, then in one brief transaction the old
/// one dropped and the new one given its name, the foreign keys dropped before and added
/// back `NOT VALID` after, then validated without blocking writes. The rollback does the
/// same the other way, statement by statement.
fn replace_under_foreign_keys(
    from: Index,
    to: Index,
    schemas: (&Schema, &Schema),
    fks: Vec<(QualName, Constraint)>,
    steps: &mut Vec<Step>,
) {
    let before = schemas.0;
    let t = to.table.clone();
    let aside = |ix: &Index, label: &str| Index {
        name: QualName::new(ix.name.schema.clone(), crate::model::make_object_name(&ix.name.name, None, label)),
        ..ix.clone()
    };
    let (new, old) = (aside(&to, "ps_new"), aside(&from, "ps_old"));
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("build the new definition of index {} on {t} concurrently, as {}", to.name.name, new.name.name),
            vec![Op::Index(IndexOp::CreateIndex { index: new.clone(), concurrently: true })],
            vec![Op::Index(IndexOp::DropIndex { index: new.name.clone(), concurrently: true })],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Online),
        )
        .provides([Key::Index(new.name.clone())])
        .requires(requires(&to)),
    );
    let swap = |gone: &Index, built: &Index| {
        vec![
            Op::Index(IndexOp::DropIndex { index: gone.name.clone(), concurrently: false }),
            Op::Index(IndexOp::RenameIndex { index: built.name.clone(), to: gone.name.name.clone() }),
        ]
    };
    let mut back = vec![Op::Index(IndexOp::CreateIndex { index: old.clone(), concurrently: true })];
    back.extend(rebind_back(before, &fks, swap(&to, &old).into_iter().chain(settings_again(before, &from)).collect()));
    let step = Step::new(
        PhaseKind::Switch,
        format!(
            "put index {} in place of the old {}, binding the foreign keys on it to the new one: {}",
            new.name.name,
            to.name.name,
            foreign_key_names(&fks)
        ),
        rebind(before, &fks, swap(&from, &new).into_iter().chain(settings_again(schemas.1, &to)).collect()),
        back,
        rebind_lock(&t, &fks),
    )
    .requires([Key::Index(new.name.clone())])
    .provides([Key::Index(to.name.clone())]);
    push_rebinding(step, before, &fks, PhaseKind::Switch, steps);
}

/// A rollback that creates a table or materialized view again (one the step dropped or
/// replaced) builds the indexes `from` had on it too (those of its keys come with it), and
/// sets again what of the table rests on them, in its transaction (nobody reads it before
/// it commits).
pub fn restore_on_rollback(step: &mut Step, from: &Schema) {
    let relations: Vec<QualName> = step
        .rollback
        .iter()
        .filter_map(|op| match op {
            Op::View(crate::plan::ViewOp::CreateView { view }) if view.materialized => Some(view.name.clone()),
            Op::Table(crate::plan::TableOp::CreateTable { table }) => Some(table.name.clone()),
            _ => None,
        })
        .collect();
    for r in relations {
        let indexes: Vec<&Index> = from.indexes.values().filter(|ix| ix.table == r && !ix.constraint_backed).collect();
        for ix in indexes {
            step.rollback.push(Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently: false }));
            step.rollback.extend(settings_again(from, ix));
        }
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
