//! Columns changed online (`up`), for two application versions at once. The new column, its
//! fill trigger (both ways) and its backfill come from the ordinary column and backfill
//! planning; this adds the new version's schema of views (in sync, computing the columns
//! not filled yet; in switch, once they are filled and checked, reading them) and, at
//! contract, the new column taking the old one's place.

use super::retire::ARCHIVE_SCHEMA;
use crate::kinds::constraint::plan::unique_index;
use crate::model::{
    make_object_name, Column, ConstraintKind, GrantOn, Index, KeyExpr, ObjRef, QualName, Schema, Sequence, SwappedKey,
    Target, Version, Versioned, View,
};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, ConstraintOp, DataOp, Guard, HazardKind, SchemaOp, SequenceOp};
use crate::plan::{IndexOp, PlanError, PrivilegeOp, ViewOp};
use crate::plan::{Key, Op, PhaseKind, Step};
use std::collections::BTreeSet;

pub fn plan(before: &Schema, target: &Target, steps: &mut Vec<Step>) -> Result<(), PlanError> {
    let Some(version) = &target.version else {
        return Ok(());
    };
    // Indexes on the old columns, built on the new ones once they are filled: they take
    // the old ones' names at contract.
    let copies = index_copies(before, target)?;
    for (old, new) in &copies {
        steps.push(
            Step::new(
                PhaseKind::Validate,
                format!(
                    "create index {} on {} concurrently, for {} once contracted",
                    new.name.name, new.table, old.name.name
                ),
                vec![Op::Index(IndexOp::CreateIndex { index: new.clone(), concurrently: true })],
                vec![Op::Index(IndexOp::DropIndex { index: new.name.clone(), concurrently: true })],
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(new.table.clone())], Hold::Online),
            )
            .provides([Key::Index(new.name.clone())])
            .requires([Key::Checked(new.table.clone())]),
        );
    }
    // Unique constraints declared again: their index on the new columns, built from the
    // start (the new version's values must be unique as they come, from its writes and the
    // backfill's); it becomes the constraint at contract.
    for u in &target.swapped_keys {
        let index = swapped_index(u);
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!(
                    "build unique index {} on {} concurrently, for {} once contracted",
                    u.index().name,
                    u.table,
                    u.new.name
                ),
                vec![Op::Index(IndexOp::CreateIndex { index: index.clone(), concurrently: true })],
                vec![Op::Index(IndexOp::DropIndex { index: index.name.clone(), concurrently: true })],
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(u.table.clone())], Hold::Online),
            )
            .provides([Key::Index(index.name.clone())])
            .requires(u.columns().iter().map(|c| Key::Column(u.table.clone(), c.clone()))),
        );
    }
    // Foreign keys that point at changed columns: their twins on the new columns, once the
    // tables are filled (an old application's write must not wait on a row not filled yet).
    for k in &target.repointed_keys {
        let ConstraintKind::ForeignKey(fk) = &k.new.kind else { continue };
        let name = k.new.name.clone();
        let mut requires = vec![Key::Checked(fk.ref_table.clone())];
        if target.versioned.iter().any(|v| v.table == k.table) {
            requires.push(Key::Checked(k.table.clone()));
        }
        requires.extend(target.swapped_keys.iter().filter(|u| u.table == fk.ref_table).map(|u| Key::Index(u.index())));
        let both: BTreeSet<QualName> = [k.table.clone(), fk.ref_table.clone()].into_iter().collect();
        steps.push(
            Step::new(
                PhaseKind::Validate,
                format!("add foreign key {name} on {} NOT VALID, for {} once contracted", k.table, k.old.name),
                vec![Op::Constraint(ConstraintOp::AddConstraint {
                    table: k.table.clone(),
                    constraint: k.new.clone(),
                    not_valid: true,
                })],
                vec![Op::Constraint(ConstraintOp::DropConstraint { table: k.table.clone(), name: name.clone() })],
                Lock::new(LockMode::ShareRowExclusive, both.into_iter().map(Locked::Table), Hold::NoScan),
            )
            .provides([Key::Constraint(k.table.clone(), name.clone())])
            .requires(requires),
        );
        steps.push(
            Step::new(
                PhaseKind::Validate,
                format!("validate foreign key {name} on {}", k.table),
                vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: k.table.clone(), name: name.clone() })],
                Vec::new(),
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(k.table.clone())], Hold::Online),
            )
            .requires([Key::Constraint(k.table.clone(), name)]),
        );
    }
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
                // (Its views read the new columns: not once a rollback has dropped them.)
                vec![target.versioned.first().map_or_else(
                    || create(true),
                    |v| {
                        Op::Data(DataOp::Guarded {
                            when: Guard::Column { table: v.table.clone(), column: v.shadow.clone() },
                            ops: vec![create(true)],
                        })
                    },
                )],
                lock(),
            )
            .requires(filled)
            .requires([Key::Schema(version.schema.clone())]),
        );
    }
    steps.push(contract(before, target, version, &tables, &copies));
    Ok(())
}

/// The indexes of `before` on columns changed online (not those of constraints), each with
/// its copy on the new columns (`<name>_ps_new`). One whose expressions or predicate read a
/// column whose type changes cannot be copied (they were written for the old type):
/// refused, with what to do.
fn index_copies(before: &Schema, target: &Target) -> Result<Vec<(Index, Index)>, PlanError> {
    let mut out = Vec::new();
    // (One the spec retires, or declares itself, is not carried over.)
    let kept = |ix: &&Index| {
        !ix.constraint_backed
            && !target.retire.iter().any(|r| matches!(r, crate::model::Retire::Index { index } if *index == ix.name))
            && !target.schema.indexes.contains_key(&ix.name)
    };
    for ix in before.indexes.values().filter(kept) {
        for v in target.versioned.iter().filter(|v| v.table == ix.table) {
            if ix.reads_in_expressions(&v.column) && new_type(target, v).is_some_and(|t| t != v.old.data_type) {
                return Err(PlanError::Unsupported(format!(
                    "index {} reads {}.{} in an expression or its predicate, written for its old type ({}): it cannot \
                     be carried over to the new column; retire it in this spec (`retire: [{{ index: {} }}]`) and \
                     declare the index the new column needs",
                    ix.name, v.table, v.column, v.old.data_type, ix.name.name
                )));
            }
        }
    }
    for ix in before.indexes.values().filter(kept) {
        let on: Vec<&Versioned> =
            target.versioned.iter().filter(|v| v.table == ix.table && ix.reads(&v.column)).collect();
        if on.is_empty() {
            continue;
        }
        let mut copy = Index {
            name: QualName::new(ix.name.schema.clone(), make_object_name(&ix.name.name, None, "ps_new")),
            comment: None,
            ..ix.clone()
        };
        for v in on {
            let rename =
                |e: &str| crate::sqlparse::rename_column_refs(e, &v.column, &v.shadow).unwrap_or_else(|| e.to_string());
            for k in &mut copy.keys {
                match &mut k.expr {
                    KeyExpr::Column(c) if *c == v.column => *c = v.shadow.clone(),
                    KeyExpr::Expr(e) => *e = rename(e),
                    KeyExpr::Column(_) => {}
                }
            }
            for c in copy.include.iter_mut().filter(|c| **c == v.column) {
                *c = v.shadow.clone();
            }
            copy.predicate = copy.predicate.as_deref().map(rename);
        }
        out.push((ix.clone(), copy));
    }
    Ok(out)
}

/// The unique index of a key declared again, on the new columns.
fn swapped_index(u: &SwappedKey) -> Index {
    unique_index(&u.table, &u.index().name, u.columns())
}

/// Whether dependency `d` is on one of the views `names` (whole, or a column of it).
fn reads_view(d: &ObjRef, names: &BTreeSet<QualName>) -> bool {
    matches!(d, ObjRef::Relation(r) | ObjRef::Column(r, _) if names.contains(r))
}

/// The views of `before` that read the old columns (and the views over those), in an order
/// that creates each after those it reads.
fn views_over(before: &Schema, target: &Target) -> Vec<View> {
    let mut names: BTreeSet<QualName> = before
        .view_deps
        .iter()
        .filter(|(_, deps)| {
            deps.iter()
                .any(|d| target.versioned.iter().any(|v| *d == ObjRef::Column(v.table.clone(), v.column.clone())))
        })
        .map(|(q, _)| q.clone())
        .collect();
    loop {
        let more: Vec<QualName> = before
            .view_deps
            .iter()
            .filter(|(q, deps)| !names.contains(*q) && deps.iter().any(|d| reads_view(d, &names)))
            .map(|(q, _)| q.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        names.extend(more);
    }
    let mut ordered: Vec<View> = Vec::new();
    while ordered.len() < names.len() {
        let before_len = ordered.len();
        for q in &names {
            if ordered.iter().any(|v| &v.name == q) {
                continue;
            }
            let waits = before.view_deps.get(q).is_some_and(|deps| {
                deps.iter().any(|d| match d {
                    ObjRef::Relation(r) | ObjRef::Column(r, _) => {
                        names.contains(r) && r != q && !ordered.iter().any(|v| &v.name == r)
                    }
                    _ => false,
                })
            });
            if !waits {
                if let Some(v) = before.views.get(q) {
                    ordered.push(v.clone());
                } else {
                    return ordered;
                }
            }
        }
        if ordered.len() == before_len {
            break;
        }
    }
    ordered
}

/// At contract, in one transaction: renamed columns take their new names, new versions of
/// columns take the old ones' places, and the schema of views goes; the new application,
/// whose views read those columns, finds them in the tables under the names it uses.
fn contract(
    before: &Schema,
    target: &Target,
    version: &Version,
    tables: &[QualName],
    copies: &[(Index, Index)],
) -> Step {
    // The old version goes first: its views read the old columns; so do the application's
    // own views over them, made again after (reading the new columns), with their
    // privileges.
    let views = views_over(before, target);
    let drop_views: Vec<Op> = views
        .iter()
        .rev()
        .map(|v| {
            if v.materialized {
                Op::View(ViewOp::DropMaterializedView { view: v.name.clone() })
            } else {
                Op::View(ViewOp::DropView { view: v.name.clone() })
            }
        })
        .collect();
    let make_views = || {
        let mut ops: Vec<Op> = Vec::new();
        for v in &views {
            ops.push(Op::View(ViewOp::CreateView { view: v.clone() }));
            for g in before.grants.iter().filter(|g| matches!(&g.on, GrantOn::Table { name } if *name == v.name)) {
                ops.push(Op::Privilege(PrivilegeOp::Grant { g: g.clone() }));
            }
        }
        ops
    };
    let mut ops = vec![Op::Data(DataOp::DropOldVersion { version: version.clone() })];
    // The triggers that keep both columns in step go in this same transaction (see
    // `backfill::contract`), and come back last in its rollback.
    let synced: BTreeSet<&QualName> = target.versioned.iter().map(|v| &v.table).collect();
    for t in &synced {
        ops.push(Op::Data(DataOp::DropSyncTrigger { table: (*t).clone(), source: (*t).clone() }));
    }
    ops.extend(drop_views.clone());
    let mut undo: Vec<Op> = drop_views;
    // The indexes on the new columns take their names back first (the old ones come back
    // with the old columns).
    undo.extend(copies.iter().map(|(old, new)| {
        Op::Index(IndexOp::RenameIndex {
            index: QualName::new(old.name.schema.clone(), old.name.name.clone()),
            to: new.name.name.clone(),
        })
    }));
    let mut provides = Vec::new();
    let mut done = Vec::new();
    for (table, from, to) in &version.renames {
        ops.push(Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: from.clone(), to: to.clone() }));
        undo.push(Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: to.clone(), to: from.clone() }));
        provides.push(Key::Column(table.clone(), to.clone()));
        done.push(format!("{table}.{from} is renamed {to}"));
    }
    let mut requires = Vec::new();
    // Foreign keys pointing at old columns go first (the columns could not be dropped under
    // them); their twins, which point at the new ones, take their names at the end. The
    // rollback drops them first (they stand on the keys it drops) and adds both back last.
    for k in &target.repointed_keys {
        ops.push(Op::Constraint(ConstraintOp::DropConstraint { table: k.table.clone(), name: k.old.name.clone() }));
        undo.push(Op::Constraint(ConstraintOp::DropConstraint { table: k.table.clone(), name: k.old.name.clone() }));
        requires.push(Key::Constraint(k.table.clone(), k.new.name.clone()));
    }
    // (The constraints declared again go with their index, which the rollback builds again
    // on the new columns once they have their shadow names back.)
    for u in &target.swapped_keys {
        undo.push(Op::Constraint(ConstraintOp::DropConstraint { table: u.table.clone(), name: u.new.name.clone() }));
        requires.push(Key::Index(u.index()));
    }
    // A key column goes last (the others' archives are keyed by its old values) and comes
    // back first (their restores find the rows by them).
    let (keys, others): (Vec<&Versioned>, Vec<&Versioned>) =
        target.versioned.iter().partition(|v| v.key.contains(&v.column));
    for v in others.iter().chain(&keys) {
        ops.extend(take_place(v, owned_sequence(before, v), new_type(target, v).as_deref()));
    }
    for v in keys.iter().chain(&others) {
        undo.extend(give_back(v, owned_sequence(before, v), new_type(target, v).as_deref()));
    }
    for v in &target.versioned {
        provides.push(Key::Synced(v.table.clone()).gone());
        provides.push(Key::Column(v.table.clone(), v.name().to_string()));
        done.push(match &v.renamed_to {
            Some(to) => format!("the new {}.{to} takes the place of {}", v.table, v.column),
            None => format!("the new {}.{} takes the old one's place", v.table, v.column),
        });
    }
    ops.extend(
        copies
            .iter()
            .map(|(old, new)| Op::Index(IndexOp::RenameIndex { index: new.name.clone(), to: old.name.name.clone() })),
    );
    // The old constraints went with the old columns (dropped here too, should one not be on
    // them); the indexes on the new ones become the constraints.
    for u in &target.swapped_keys {
        ops.push(Op::Constraint(ConstraintOp::DropConstraint { table: u.table.clone(), name: u.old.name.clone() }));
        ops.push(Op::Constraint(ConstraintOp::ConstraintUsingIndex {
            table: u.table.clone(),
            name: u.new.name.clone(),
            index: u.index().name,
            primary: u.primary(),
        }));
        undo.push(Op::Constraint(ConstraintOp::AddConstraint {
            table: u.table.clone(),
            constraint: u.old.clone(),
            not_valid: false,
        }));
        undo.push(Op::Index(IndexOp::CreateIndex { index: swapped_index(u), concurrently: false }));
    }
    for k in &target.repointed_keys {
        ops.push(Op::Constraint(ConstraintOp::RenameConstraint {
            table: k.table.clone(),
            from: k.new.name.clone(),
            to: k.old.name.clone(),
        }));
        for c in [&k.old, &k.new] {
            undo.push(Op::Constraint(ConstraintOp::AddConstraint {
                table: k.table.clone(),
                constraint: c.clone(),
                not_valid: true,
            }));
            undo.push(Op::Constraint(ConstraintOp::Revalidate { table: k.table.clone(), name: c.name.clone() }));
        }
    }
    ops.extend(make_views());
    ops.push(Op::Data(DataOp::DropVersion { version: version.clone() }));
    // (The old indexes built again on the old columns, inside the rollback's transaction.)
    undo.extend(
        copies.iter().map(|(old, _)| Op::Index(IndexOp::CreateIndex { index: old.clone(), concurrently: false })),
    );
    undo.extend(make_views());
    undo.push(Op::Data(DataOp::CreateVersion { version: version.clone(), filling: false }));
    undo.push(Op::Data(DataOp::CreateOldVersion { version: version.clone() }));
    for t in &synced {
        let backfills = target.backfills.iter().filter(|b| b.source == **t).cloned().collect();
        undo.push(Op::Data(DataOp::CreateSyncTrigger { source: (*t).clone(), backfills }));
    }
    // (Only where the contract is in effect: a second run finds the old columns back, and
    // would otherwise take them for the new ones.)
    if let Some(first) = target.versioned.first() {
        undo = vec![Op::Data(DataOp::Guarded { when: Guard::Relation { name: archive(first) }, ops: undo })];
    }
    let mut step = Step::new(
        PhaseKind::Contract,
        format!(
            "{}{}; drop schemas {} and {}",
            if synced.is_empty() {
                String::new()
            } else {
                format!("stop syncing {}; ", synced.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "))
            },
            done.join(", "),
            version.schema,
            version.old_schema
        ),
        ops,
        undo,
        Locks(vec![Lock::new(
            LockMode::AccessExclusive,
            tables
                .iter()
                .chain(target.repointed_keys.iter().map(|k| &k.table))
                .cloned()
                .collect::<BTreeSet<QualName>>()
                .into_iter()
                .map(Locked::Table),
            Hold::Brief,
        )]),
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

/// The sequence a column changed online owns (a serial column's), which must not go with
/// the old column: it follows the new one.
fn owned_sequence<'a>(before: &'a Schema, v: &Versioned) -> Option<&'a Sequence> {
    let name = v.old.nextval_sequence(&v.table.schema)?;
    before.sequences.get(&name).filter(|s| s.owned_by.as_ref().is_some_and(|(t, c)| *t == v.table && *c == v.column))
}

/// The declared type of a column changed online.
fn new_type(target: &Target, v: &Versioned) -> Option<String> {
    target.schema.tables.get(&v.table).and_then(|t| t.column(&v.shadow)).map(|c| c.data_type.clone())
}

/// A serial column's sequence widened with its column (`integer` to `bigint`), when it has
/// the bounds of its old type: the new key would otherwise run out where the old one did.
fn widened(seq: &Sequence, new_type: Option<&str>) -> Option<Sequence> {
    let to = match new_type? {
        t @ ("bigint" | "integer") => t,
        _ => return None,
    };
    let max = Sequence::type_max(to);
    (seq.data_type != to && seq.max == Sequence::type_max(&seq.data_type) && max > seq.max).then(|| Sequence {
        data_type: to.to_string(),
        max,
        ..seq.clone()
    })
}

/// The old column goes to the archive, the new one takes its name (or the new name it is
/// renamed to) and its default; the sequence the old one owned, if any, follows.
fn take_place(v: &Versioned, seq: Option<&Sequence>, new_type: Option<&str>) -> Vec<Op> {
    let (table, column, name) = (v.table.clone(), v.column.clone(), v.name().to_string());
    let mut ops = vec![
        Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }),
        Op::Data(DataOp::ArchiveVersioned { v: Box::new(v.clone()), archive: archive(v) }),
    ];
    if let Some(s) = seq {
        ops.push(Op::Sequence(SequenceOp::SetSequenceOwner { name: s.name.clone(), owner: None }));
    }
    if let Some(identity) = v.identity {
        ops.push(Op::Column(ColumnOp::MoveIdentity {
            table: table.clone(),
            from: column.clone(),
            to: v.shadow.clone(),
            identity,
            options: v.identity_options.clone(),
        }));
    }
    ops.extend([
        Op::Column(ColumnOp::DropColumn { table: table.clone(), column }),
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: v.shadow.clone(), to: name.clone() }),
    ]);
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault {
            only: false,
            table: table.clone(),
            column: name.clone(),
            default: v.default.clone(),
        }));
    }
    if let Some(s) = seq {
        if let Some(w) = widened(s, new_type) {
            ops.push(Op::Sequence(SequenceOp::AlterSequence { s: w }));
        }
        ops.push(Op::Sequence(SequenceOp::SetSequenceOwner { name: s.name.clone(), owner: Some((table, name)) }));
    }
    ops
}

/// Undoes [`take_place`]: the new column back under its shadow name, the old one back with
/// its archived values (and, for rows written since, computed from the new one), and the
/// sequence it owned.
fn give_back(v: &Versioned, seq: Option<&Sequence>, new_type: Option<&str>) -> Vec<Op> {
    let (table, column, name) = (v.table.clone(), v.column.clone(), v.name().to_string());
    let mut ops = Vec::new();
    if v.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault {
            only: false,
            table: table.clone(),
            column: name.clone(),
            default: None,
        }));
    }
    let bare = Column { not_null: false, default: None, identity: None, identity_options: None, ..v.old.clone() };
    ops.extend([
        Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: name, to: v.shadow.clone() }),
        Op::Column(ColumnOp::AddColumn { table: table.clone(), column: bare }),
        Op::Data(DataOp::RestoreVersioned { v: Box::new(v.clone()), archive: archive(v) }),
    ]);
    if v.old.not_null {
        ops.push(Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: column.clone() }));
    }
    // (The identity back on the old column, going on from where the new one's stood.)
    if let Some(identity) = v.old.identity {
        ops.push(Op::Column(ColumnOp::MoveIdentity {
            table: table.clone(),
            from: v.shadow.clone(),
            to: column.clone(),
            identity,
            options: v.old.identity_options.clone(),
        }));
    }
    if let Some(s) = seq {
        if widened(s, new_type).is_some() {
            ops.push(Op::Sequence(SequenceOp::AlterSequence { s: s.clone() }));
        }
        ops.push(Op::Sequence(SequenceOp::SetSequenceOwner {
            name: s.name.clone(),
            owner: Some((table.clone(), column.clone())),
        }));
    }
    if v.old.default.is_some() {
        ops.push(Op::Column(ColumnOp::SetDefault { only: false, table, column, default: v.old.default.clone() }));
    }
    ops.push(Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: ARCHIVE_SCHEMA.into() }));
    ops
}
