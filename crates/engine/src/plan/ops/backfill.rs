//! Moving data: sync triggers (sync phase), keyset-batched backfills (backfill phase),
//! their checks (validate phase), compatibility views over the new tables (switch phase),
//! and their removal once the application has moved (contract phase).

use super::retire::{archive_name, ARCHIVE_SCHEMA};
use crate::model::{Backfill, Compat, ConstraintKind, QualName, Schema, Target};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{DataOp, SchemaOp, TableOp};
use crate::plan::{Key, Op, PhaseKind, Step};
use std::collections::BTreeMap;

pub fn plan(after: &Schema, target: &Target, steps: &mut Vec<Step>) {
    seeds(target, steps);
    // One sync trigger per source table, for all the backfills reading it.
    let mut by_source: BTreeMap<&QualName, Vec<Backfill>> = BTreeMap::new();
    for b in fk_order(after, &target.backfills) {
        by_source.entry(&b.source).or_default().push(b.clone());
    }
    sync(target, &by_source, steps);
    for b in &target.backfills {
        backfill(after, b, steps);
    }
    for c in &target.compat {
        switch(c, steps);
    }
    contract(target, &by_source, steps);
}

/// Seed rows (expand), before any sync trigger copies rows that may refer to them.
fn seeds(target: &Target, steps: &mut Vec<Step>) {
    for sd in &target.seeds {
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("seed {} row(s) into {}", sd.rows.len(), sd.table),
                vec![Op::Data(DataOp::Seed { s: sd.clone() })],
                vec![Op::Data(DataOp::Unseed { s: sd.clone() })],
                Lock::new(LockMode::RowExclusive, [Locked::Table(sd.table.clone())], Hold::Brief),
            )
            .provides([Key::Seeded(sd.table.clone())])
            .requires([Key::Table(sd.table.clone())]),
        );
    }
}

/// Sync: a trigger on each source table writes its changes through to the new tables.
fn sync(target: &Target, by_source: &BTreeMap<&QualName, Vec<Backfill>>, steps: &mut Vec<Step>) {
    let seeded: Vec<Key> = target.seeds.iter().map(|s| Key::Seeded(s.table.clone())).collect();
    for (source, list) in by_source {
        let mut requires: Vec<Key> = vec![Key::Table((*source).clone())];
        for b in list {
            requires.push(Key::Table(b.target.clone()));
            requires.extend(b.mappings.iter().map(|m| Key::Column(b.target.clone(), m.column.clone())));
        }
        let targets: Vec<String> = list.iter().map(|b| b.target.to_string()).collect();
        steps.push(
            Step::new(
                PhaseKind::Sync,
                format!("sync writes on {source} to {}", targets.join(", ")),
                vec![Op::Data(DataOp::CreateSyncTrigger { source: (*source).clone(), backfills: list.clone() })],
                // With the trigger gone, the copies would go stale (rows deleted from the
                // source stay): they go in the same transaction, children first.
                std::iter::once(Op::Data(DataOp::DropSyncTrigger {
                    table: (*source).clone(),
                    source: (*source).clone(),
                }))
                .chain(list.iter().rev().map(|b| Op::Data(DataOp::ClearBackfill { b: b.clone() })))
                .chain(list.iter().rev().map(|b| Op::Data(DataOp::RestoreOriginals { b: b.clone(), drop: true })))
                .collect(),
                Lock::new(LockMode::ShareRowExclusive, [Locked::Table((*source).clone())], Hold::Brief),
            )
            .provides([Key::Synced((*source).clone())])
            .requires(requires)
            .requires(seeded.clone()),
        );
    }
}

/// The backfill (after the sync trigger is in place, parents before children by foreign
/// key) and its check.
fn backfill(after: &Schema, b: &Backfill, steps: &mut Vec<Step>) {
    let mut requires = vec![Key::Synced(b.source.clone()), Key::Table(b.target.clone())];
    requires.extend(referenced(after, b).into_iter().map(Key::Backfilled));
    steps.push(
        Step::new(
            PhaseKind::Backfill,
            format!("backfill {} from {}", b.target, b.source),
            vec![Op::Data(DataOp::Backfill { b: b.clone() })],
            vec![
                Op::Data(DataOp::ForgetBackfill { b: b.clone() }),
                Op::Data(DataOp::ClearBackfill { b: b.clone() }),
                Op::Data(DataOp::RestoreOriginals { b: b.clone(), drop: false }),
            ],
            batch_locks(b),
        )
        .provides([Key::Backfilled(b.target.clone())])
        .requires(requires),
    );
    steps.push(
        Step::new(
            PhaseKind::Validate,
            format!("check {} against {} (counts, checksums)", b.target, b.source),
            vec![Op::Data(DataOp::CheckBackfill { b: b.clone() })],
            Vec::new(),
            Lock::new(LockMode::AccessShare, [Locked::Table(b.target.clone())], Hold::Scan),
        )
        .provides([Key::Checked(b.source.clone())])
        .requires([Key::Backfilled(b.target.clone())]),
    );
}

/// A batch locks only the source rows it reads (ROW SHARE on the table, which no writer
/// waits for), then writes the target.
fn batch_locks(b: &Backfill) -> Locks {
    let write = Lock::new(LockMode::RowExclusive, [Locked::Table(b.target.clone())], Hold::Batches);
    if b.in_place() {
        return write.into();
    }
    Locks(vec![Lock::new(LockMode::RowShare, [Locked::Table(b.source.clone())], Hold::Batches), write])
}

/// Switch: the old table goes to the archive, a view takes its name.
fn switch(c: &Compat, steps: &mut Vec<Step>) {
    let to = archive_name(&c.replaces);
    let mut requires = vec![Key::Checked(c.replaces.clone())];
    for rel in crate::sqlparse::relations(&c.query).unwrap_or_default() {
        let q = QualName::parse(&rel, &c.view.schema);
        requires.push(Key::Table(q.clone()));
        requires.push(Key::View(q));
    }
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("move {} to {to}; view {} takes its place", c.replaces, c.view),
            vec![
                Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }),
                Op::Table(TableOp::MoveTable { from: c.replaces.clone(), to: to.clone() }),
                Op::Data(DataOp::CreateCompatView { c: c.clone(), archived: to.clone() }),
            ],
            vec![
                Op::Data(DataOp::DropCompatView { c: c.clone() }),
                Op::Data(DataOp::RevokeCompatGrants { archived: to.clone() }),
                Op::Table(TableOp::MoveTable { from: to.clone(), to: c.replaces.clone() }),
                Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: ARCHIVE_SCHEMA.into() }),
            ],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(c.replaces.clone())], Hold::Brief),
        )
        .provides([Key::View(c.view.clone())])
        .requires(requires),
    );
}

/// Contract: the compatibility views and sync triggers go.
fn contract(target: &Target, by_source: &BTreeMap<&QualName, Vec<Backfill>>, steps: &mut Vec<Step>) {
    let archived: BTreeMap<&QualName, QualName> =
        target.compat.iter().map(|c| (&c.replaces, archive_name(&c.replaces))).collect();
    for c in &target.compat {
        let to = archive_name(&c.replaces);
        steps.push(Step::new(
            PhaseKind::Contract,
            format!("drop compatibility view {}", c.view),
            vec![
                Op::Data(DataOp::DropCompatView { c: c.clone() }),
                Op::Data(DataOp::CreateContractLog { c: c.clone(), archived: to.clone() }),
            ],
            vec![
                Op::Data(DataOp::CreateCompatView { c: c.clone(), archived: to.clone() }),
                Op::Data(DataOp::CarryBack { c: c.clone(), archived: to }),
                Op::Data(DataOp::DropContractLog { c: c.clone() }),
            ],
            Lock::new(LockMode::AccessExclusive, [Locked::View(c.view.clone())], Hold::Brief),
        ));
    }
    // (A table with columns changed online stops syncing in the step where they take their
    // places, in one transaction: a write between would reach the old column only, and be
    // lost with it.)
    for source in by_source.keys().filter(|s| !target.versioned.iter().any(|v| v.table == ***s)) {
        let table = archived.get(source).cloned().unwrap_or_else(|| (*source).clone());
        let list = by_source[source].clone();
        steps.push(
            Step::new(
                PhaseKind::Contract,
                format!("stop syncing {source}"),
                vec![Op::Data(DataOp::DropSyncTrigger { table: table.clone(), source: (*source).clone() })],
                vec![Op::Data(DataOp::CreateSyncTrigger { source: table, backfills: list })],
                Lock::new(LockMode::ShareRowExclusive, [Locked::Table((*source).clone())], Hold::Brief),
            )
            .provides([Key::Synced((*source).clone()).gone()]),
        );
    }
}

/// The other tables the backfill's target refers to by foreign key.
fn referenced(after: &Schema, b: &Backfill) -> Vec<QualName> {
    let Some(t) = after.tables.get(&b.target) else {
        return Vec::new();
    };
    t.constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) if fk.ref_table != b.target => Some(fk.ref_table.clone()),
            _ => None,
        })
        .collect()
}

/// Backfills ordered so that a target referenced by another's foreign key comes first.
fn fk_order<'a>(after: &Schema, list: &'a [Backfill]) -> Vec<&'a Backfill> {
    let refs = |b: &Backfill| referenced(after, b);
    let mut out: Vec<&Backfill> = Vec::new();
    let mut left: Vec<&Backfill> = list.iter().collect();
    while !left.is_empty() {
        let before = left.len();
        let mut i = 0;
        while i < left.len() {
            let waiting =
                refs(left[i]).iter().any(|r| left.iter().any(|o| &o.target == r && o.target != left[i].target));
            if waiting {
                i += 1;
            } else {
                out.push(left.remove(i));
            }
        }
        if left.len() == before {
            // A cycle of foreign keys: keep the spec's order for the rest.
            out.append(&mut left);
        }
    }
    out
}
