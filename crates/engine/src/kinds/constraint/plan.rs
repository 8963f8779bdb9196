//! Adding and replacing constraints. On existing tables checks and foreign keys are added
//! NOT VALID (brief lock) and validated in the validate phase (no write lock held for the
//! scan); unique and primary keys are built as a concurrent unique index first.

use super::rebound_on_rollback;
use crate::model::{Constraint, ConstraintKind, Index, IndexKey, KeyExpr, QualName, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ConstraintOp, IndexOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

/// `schemas`, before and after: the table as it is, and which foreign keys that stay may be
/// bound to a key added here by the time it is rolled back.
pub fn add(schemas: (&Schema, &Schema), table: QualName, c: Constraint, new_table: bool, steps: &mut Vec<Step>) {
    let before = schemas.0;
    let adding = Adding::new(table, c);
    match &adding.c.kind {
        // Added as they are: on a new (empty) table anything; on an existing one exclusion
        // constraints and deferrable keys, which cannot be added NOT VALID.
        _ if new_table => steps.push(adding.in_one_statement(false)),
        ConstraintKind::Raw { .. } => steps.push(adding.in_one_statement(true)),
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns }
            if before.is_partitioned(&adding.table) =>
        {
            let columns = columns.clone();
            match kept_plain_partitions(schemas, &adding.table) {
                Some(parts) => adding.over_partition_keys(before, parts, &columns, steps),
                None => steps.push(adding.in_one_statement(true)),
            }
        }
        ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
            let columns = columns.clone();
            adding.over_index(schemas, &columns, steps)
        }
        // PostgreSQL refuses NOT VALID foreign keys on partitioned tables.
        ConstraintKind::ForeignKey(_) if before.tables.get(&adding.table).is_some_and(|t| t.partition_by.is_some()) => {
            steps.push(adding.in_one_statement(true))
        }
        ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. } => adding.not_valid_then_validate(steps),
    }
}

/// The partitions `table` has before that stay its partitions after, when each is a plain
/// table (none is partitioned itself); `None` otherwise.
fn kept_plain_partitions(schemas: (&Schema, &Schema), table: &QualName) -> Option<Vec<QualName>> {
    let (before, after) = schemas;
    let of = |s: &Schema, q: &QualName| {
        s.tables.get(q).and_then(|t| t.partition_of.as_ref()).is_some_and(|(p, _)| p == table)
    };
    let parts: Vec<&crate::model::Table> = before.tables.values().filter(|t| of(before, &t.name)).collect();
    parts
        .iter()
        .all(|t| t.partition_by.is_none())
        .then(|| parts.iter().filter(|t| of(after, &t.name)).map(|t| t.name.clone()).collect())
}

/// A constraint being added, with what its steps need and give.
struct Adding {
    table: QualName,
    c: Constraint,
    /// `primary key`, `foreign key`, ... as the descriptions say it.
    what: &'static str,
    requires: Vec<Key>,
    provides: Vec<Key>,
    /// The lock of adding it without a scan: foreign keys lock both tables.
    lock: Lock,
}

impl Adding {
    fn new(table: QualName, c: Constraint) -> Adding {
        let mut requires = vec![Key::Table(table.clone())];
        let mut provides = vec![Key::Constraint(table.clone(), c.name.clone())];
        let mut lock = Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::NoScan);
        match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                requires.extend(columns.iter().map(|col| Key::Column(table.clone(), col.clone())));
                provides.push(Key::UniqueOn(table.clone()));
            }
            ConstraintKind::ForeignKey(fk) => {
                requires.extend(fk.columns.iter().map(|col| Key::Column(table.clone(), col.clone())));
                requires.push(Key::Table(fk.ref_table.clone()));
                requires.push(Key::UniqueOn(fk.ref_table.clone()));
                lock = Lock::new(
                    LockMode::ShareRowExclusive,
                    [Locked::Table(table.clone()), Locked::Table(fk.ref_table.clone())],
                    Hold::NoScan,
                );
            }
            ConstraintKind::Check { .. } | ConstraintKind::Raw { .. } => {}
        }
        Adding { what: c.kind.label(), table, c, requires, provides, lock }
    }

    fn drop(&self) -> Vec<Op> {
        vec![Op::Constraint(ConstraintOp::DropConstraint { table: self.table.clone(), name: self.c.name.clone() })]
    }

    fn add(&self, not_valid: bool) -> Vec<Op> {
        vec![Op::Constraint(ConstraintOp::AddConstraint {
            table: self.table.clone(),
            constraint: self.c.clone(),
            not_valid,
        })]
    }

    /// In one statement; `scans` when the table has rows and the constraint's index is built
    /// while writes wait.
    fn in_one_statement(self, scans: bool) -> Step {
        let (name, table) = (&self.c.name, &self.table);
        let lock = if scans {
            let hold = match self.c.kind {
                ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. } => Hold::Scan,
                _ => Hold::IndexBuild,
            };
            Lock::new(LockMode::ShareRowExclusive, [Locked::Table(table.clone())], hold)
        } else {
            self.lock.clone()
        };
        // A foreign key or check the target has NOT VALID is added so.
        let not_valid =
            !self.c.validated && matches!(self.c.kind, ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. });
        let step = Step::new(
            PhaseKind::Expand,
            format!("add {} {name} on {table}", self.what),
            self.add(not_valid),
            self.drop(),
            lock,
        )
        .provides(self.provides.clone())
        .requires(self.requires.clone());
        if scans {
            step.hazard(
                HazardKind::BlockingScan,
                match self.c.kind {
                    ConstraintKind::ForeignKey(_) | ConstraintKind::Check { .. } => {
                        format!("adding {name} checks every row of {table} while writes to it wait")
                    }
                    _ => format!("adding {name} builds its index while writes to {table} wait"),
                },
            )
        } else {
            step
        }
    }

    /// A unique or primary key: its unique index built concurrently (expand), then the
    /// constraint added using it (validate). Foreign keys that stay may be bound to it by
    /// the time it is rolled back (when the plan drops the index they were bound to): the
    /// rollback binds them to another key around dropping it.
    fn over_index(self, schemas: (&Schema, &Schema), columns: &[String], steps: &mut Vec<Step>) {
        let (before, after) = schemas;
        let table = &self.table;
        steps.push(self.build_unique(table, &self.c.name, columns, ""));
        let undo = rebind_back(before, &rebound_on_rollback(before, after, table, columns), self.drop());
        let step = self.key_using_index(table, &self.c.name, "", undo).provides(self.provides.clone());
        steps.push(self.with_nullable_hazard(step, before, columns));
    }

    /// A unique or primary key of an existing partitioned table, where PostgreSQL builds no
    /// index CONCURRENTLY: each partition's key first (its unique index built concurrently
    /// in expand, made its constraint in validate under a brief lock), then the parent's,
    /// which takes them as its partitions' (nothing built, nothing scanned). Each partition's
    /// is named as PostgreSQL names the one it makes for a partition.
    fn over_partition_keys(self, before: &Schema, parts: Vec<QualName>, columns: &[String], steps: &mut Vec<Step>) {
        let mut made = Vec::new();
        for p in parts {
            let name = if self.primary() {
                crate::model::make_object_name(&p.name, None, "pkey")
            } else {
                crate::model::default_constraint_name(&p.name, columns, "key")
            };
            steps.push(self.build_unique(&p, &name, columns, "partition "));
            let undo = vec![Op::Constraint(ConstraintOp::DropConstraint { table: p.clone(), name: name.clone() })];
            steps.push(
                self.key_using_index(&p, &name, "partition ", undo)
                    .provides([Key::Constraint(p.clone(), name.clone())]),
            );
            made.push(Key::Constraint(p, name));
        }
        let (name, table) = (&self.c.name, &self.table);
        let step = Step::new(
            PhaseKind::Validate,
            format!("add {} {name} on {table}, taking its partitions' as theirs", self.what),
            self.add(false),
            self.drop(),
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .requires(made)
        .provides(self.provides.clone());
        steps.push(self.with_nullable_hazard(step, before, columns));
    }

    fn primary(&self) -> bool {
        matches!(self.c.kind, ConstraintKind::PrimaryKey { .. })
    }

    /// The step that builds the unique index `name` of a key on `table` (a partition, as
    /// `label` says) concurrently, in expand.
    fn build_unique(&self, table: &QualName, name: &str, columns: &[String], label: &str) -> Step {
        let index = unique_index(table, name, columns);
        Step::new(
            PhaseKind::Expand,
            format!("build unique index {name} on {label}{table} concurrently"),
            vec![Op::Index(IndexOp::CreateIndex { index: index.clone(), concurrently: true })],
            vec![Op::Index(IndexOp::DropIndex { index: index.name.clone(), concurrently: true })],
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Online),
        )
        .provides([Key::Index(index.name)])
        .requires(self.requires.clone())
    }

    /// The step that makes unique index `name` of `table` its key of that name, in validate,
    /// undone by `undo`.
    fn key_using_index(&self, table: &QualName, name: &str, label: &str, undo: Vec<Op>) -> Step {
        Step::new(
            PhaseKind::Validate,
            format!("add {} {name} on {label}{table} using its index", self.what),
            vec![Op::Constraint(ConstraintOp::ConstraintUsingIndex {
                table: table.clone(),
                name: name.to_string(),
                index: name.to_string(),
                primary: self.primary(),
            })],
            undo,
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .requires([Key::Index(QualName::new(table.schema.clone(), name.to_string()))])
    }

    /// `step`, adding a primary key on columns of which some may be NULL, with the hazard of
    /// the scan that SET NOT NULL makes.
    fn with_nullable_hazard(&self, step: Step, before: &Schema, columns: &[String]) -> Step {
        let table = &self.table;
        let nullable: Vec<&String> = columns
            .iter()
            .filter(|col| before.tables.get(table).and_then(|t| t.column(col)).is_some_and(|c| !c.not_null))
            .collect();
        if !self.primary() || nullable.is_empty() {
            return step;
        }
        step.hazard(
            HazardKind::BlockingScan,
            format!("primary key on nullable column(s) {:?}: SET NOT NULL scans {table} under ACCESS EXCLUSIVE; declare them not_null first", nullable),
        )
    }

    /// A check or foreign key: added NOT VALID under a brief lock (expand), validated without
    /// blocking writes (validate).
    fn not_valid_then_validate(self, steps: &mut Vec<Step>) {
        let (name, table) = (&self.c.name, &self.table);
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("add {} {name} on {table} NOT VALID", self.what),
                self.add(true),
                self.drop(),
                self.lock.clone(),
            )
            .provides(self.provides.clone())
            .requires(self.requires.clone()),
        );
        // A target that has it NOT VALID keeps it so.
        if !self.c.validated {
            return;
        }
        steps.push(
            Step::new(
                PhaseKind::Validate,
                format!("validate {} {name} on {table}", self.what),
                vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: name.clone() })],
                Vec::new(),
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Online),
            )
            .requires([Key::Constraint(table.clone(), name.clone())]),
        );
    }
}

/// `dropping`, ops that drop the key or unique index the foreign keys `fks` are bound to,
/// with those keys dropped before and added back after, bound to another key of the same
/// columns. Added back `NOT VALID` (they held all along), to be validated after the
/// transaction ([`revalidate`], [`validate_rebound`]); a foreign key of a partitioned table,
/// which PostgreSQL cannot add so, is checked in the statement.
pub(crate) fn rebind(before: &Schema, fks: &[(QualName, Constraint)], dropping: Vec<Op>) -> Vec<Op> {
    // The referenced table first, as applications writing parents before children do.
    let referenced: Vec<QualName> = fks
        .iter()
        .filter_map(|(_, c)| match &c.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk.ref_table.clone()),
            _ => None,
        })
        .take(1)
        .collect();
    let mut ops = vec![Op::Table(crate::plan::TableOp::Lock { tables: referenced, mode: LockMode::AccessExclusive })];
    ops.extend(
        fks.iter()
            .map(|(t, c)| Op::Constraint(ConstraintOp::DropConstraint { table: t.clone(), name: c.name.clone() })),
    );
    ops.extend(dropping);
    ops.extend(fks.iter().map(|(t, c)| {
        Op::Constraint(ConstraintOp::AddConstraint {
            table: t.clone(),
            constraint: c.clone(),
            not_valid: !before.is_partitioned(t),
        })
    }));
    ops
}

/// The foreign keys [`rebind`] added back `NOT VALID` that were valid.
fn rebound_unchecked<'a>(
    before: &'a Schema,
    fks: &'a [(QualName, Constraint)],
) -> impl Iterator<Item = &'a (QualName, Constraint)> {
    fks.iter().filter(|(t, c)| c.validated && !before.is_partitioned(t))
}

/// [`rebind`] in a rollback: followed by the validation of the keys, once its transaction
/// is committed.
pub(crate) fn rebind_back(before: &Schema, fks: &[(QualName, Constraint)], dropping: Vec<Op>) -> Vec<Op> {
    let mut ops = rebind(before, fks, dropping);
    ops.extend(
        rebound_unchecked(before, fks)
            .map(|(t, c)| Op::Constraint(ConstraintOp::Revalidate { table: t.clone(), name: c.name.clone() })),
    );
    ops
}

/// The lock of a step that [`rebind`]s foreign keys around dropping a key or index of
/// `table`: dropping and adding a foreign key locks its table and the referenced one.
pub(crate) fn rebind_lock(table: &QualName, fks: &[(QualName, Constraint)]) -> Lock {
    let mut tables: Vec<Locked> = vec![Locked::Table(table.clone())];
    for (t, _) in fks {
        if !tables.contains(&Locked::Table(t.clone())) {
            tables.push(Locked::Table(t.clone()));
        }
    }
    Lock::new(LockMode::AccessExclusive, tables, Hold::Brief)
}

/// The foreign keys `fks` as descriptions name them: `name on table, ...`.
pub(crate) fn foreign_key_names<'a>(fks: impl IntoIterator<Item = &'a (QualName, Constraint)>) -> String {
    fks.into_iter().map(|(q, c)| format!("{} on {q}", c.name)).collect::<Vec<_>>().join(", ")
}

/// Pushes `step`, which [`rebind`]s `fks` in `phase`: it gives their keys, has the hazard
/// of those of partitioned tables (added valid, they are checked while writes wait), and
/// is followed by the validation of the others.
pub(crate) fn push_rebinding(
    step: Step,
    before: &Schema,
    fks: &[(QualName, Constraint)],
    phase: PhaseKind,
    steps: &mut Vec<Step>,
) {
    let mut step = step.provides(fks.iter().map(|(q, c)| Key::Constraint(q.clone(), c.name.clone())));
    let partitioned: Vec<&(QualName, Constraint)> = fks.iter().filter(|(q, _)| before.is_partitioned(q)).collect();
    if !partitioned.is_empty() {
        step = step.hazard(
            HazardKind::BlockingScan,
            format!(
                "foreign keys of partitioned tables cannot be added NOT VALID: {} checked while writes wait",
                foreign_key_names(partitioned)
            ),
        );
    }
    steps.push(step);
    validate_rebound(before, fks, phase, steps);
}

/// A step of `phase` validating each foreign key a [`rebind`] step (which provides their
/// keys) added back `NOT VALID`: a scan no writer waits for.
fn validate_rebound(before: &Schema, fks: &[(QualName, Constraint)], phase: PhaseKind, steps: &mut Vec<Step>) {
    for (t, c) in rebound_unchecked(before, fks) {
        steps.push(
            Step::new(
                phase,
                format!("validate foreign key {} on {t}", c.name),
                vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: t.clone(), name: c.name.clone() })],
                Vec::new(),
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(t.clone())], Hold::Online),
            )
            .requires([Key::Constraint(t.clone(), c.name.clone())]),
        );
    }
}

/// The plain unique btree index a key constraint is built over.
pub(crate) fn unique_index(table: &QualName, name: &str, columns: &[String]) -> Index {
    let keys = columns
        .iter()
        .map(|col| IndexKey {
            expr: KeyExpr::Column(col.clone()),
            opclass: None,
            desc: false,
            nulls_first: false,
            collation: None,
        })
        .collect();
    let name = QualName::new(table.schema.clone(), name.to_string());
    Index { unique: true, keys, ..Index::btree(name, table.clone()) }
}

/// A constraint that stays as it is under a new name: renamed (a key's index with it),
/// under a brief lock, after whatever went under that name.
pub fn rename(table: QualName, from: String, to: String, steps: &mut Vec<Step>) {
    let op = |a: &String, b: &String| {
        Op::Constraint(ConstraintOp::RenameConstraint { table: table.clone(), from: a.clone(), to: b.clone() })
    };
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("rename constraint {from} on {table} to {to}"),
            vec![op(&from, &to)],
            vec![op(&to, &from)],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .requires([Key::Table(table.clone()), Key::Constraint(table.clone(), to.clone()).gone()])
        .provides([Key::Constraint(table.clone(), from).gone(), Key::Constraint(table, to)]),
    );
}

/// A constraint that exists as declared but NOT VALID (added so by hand, or by an earlier
/// interrupted run): validated; the rollback makes it `NOT VALID` again (dropped and added
/// back so, under a brief lock, checking nothing).
pub fn validate(table: QualName, c: Constraint, steps: &mut Vec<Step>) {
    let back = vec![
        Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: c.name.clone() }),
        Op::Constraint(ConstraintOp::AddConstraint { table: table.clone(), constraint: c.clone(), not_valid: true }),
    ];
    steps.push(
        Step::new(
            PhaseKind::Validate,
            format!("validate {} {} on {table}", c.kind.label(), c.name),
            vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: c.name.clone() })],
            back,
            Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Online),
        )
        .requires([Key::Table(table)]),
    );
}

/// A constraint whose definition changed: dropped and added again in one step, with the
/// foreign keys that reference it (when it is a key) dropped before and added after. A
/// check or foreign key is added back `NOT VALID` in that step (a brief lock) and validated
/// in a step of its own, which no writer waits for (not a foreign key of a partitioned table,
/// which PostgreSQL cannot add NOT VALID); keys are validated under the lock.
pub fn replace(
    (before, after): (&Schema, &Schema),
    table: QualName,
    from: Constraint,
    to: Constraint,
    foreign_keys: Vec<crate::diff::ReferencingKey>,
    steps: &mut Vec<Step>,
) {
    let name = to.name.clone();
    let partitioned = before.tables.get(&table).is_some_and(|t| t.partition_by.is_some());
    let online = match to.kind {
        ConstraintKind::Check { .. } => true,
        ConstraintKind::ForeignKey(_) => !partitioned,
        _ => false,
    };
    if online && foreign_keys.is_empty() {
        let label = to.kind.label();
        let swap = |a: &Constraint, b: &Constraint| {
            vec![
                Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: a.name.clone() }),
                Op::Constraint(ConstraintOp::AddConstraint {
                    table: table.clone(),
                    constraint: b.clone(),
                    not_valid: true,
                }),
            ]
        };
        let mut back = swap(&to, &from);
        if from.validated {
            // (Validated again after the rollback's transaction, blocking no writer.)
            back.push(Op::Constraint(ConstraintOp::Revalidate { table: table.clone(), name: from.name.clone() }));
        }
        // (A foreign key's referenced tables, old and new, get their triggers changed too.)
        let mut locks = vec![Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::NoScan)];
        let referenced: std::collections::BTreeSet<&QualName> = [&from, &to]
            .into_iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::ForeignKey(fk) if fk.ref_table != table => Some(&fk.ref_table),
                _ => None,
            })
            .collect();
        if !referenced.is_empty() {
            locks.push(Lock::new(
                LockMode::ShareRowExclusive,
                referenced.into_iter().cloned().map(Locked::Table),
                Hold::NoScan,
            ));
        }
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("replace {label} {name} on {table} (NOT VALID)"),
                swap(&from, &to),
                back,
                Locks(locks),
            )
            .requires([Key::Table(table.clone())])
            .provides([Key::Constraint(table.clone(), name.clone())]),
        );
        if to.validated {
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("validate {label} {name} on {table}"),
                    vec![Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: name.clone() })],
                    Vec::new(),
                    Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Online),
                )
                .requires([Key::Constraint(table, name)]),
            );
        }
        return;
    }
    let drop = |t: &QualName, c: &Constraint| {
        Op::Constraint(ConstraintOp::DropConstraint { table: t.clone(), name: c.name.clone() })
    };
    // (A check or foreign key the side has NOT VALID is added so.)
    let add = |t: &QualName, c: &Constraint| {
        let not_valid = !c.validated && matches!(c.kind, ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_));
        Op::Constraint(ConstraintOp::AddConstraint { table: t.clone(), constraint: c.clone(), not_valid })
    };
    // (What rests on the key's index is set again: see `resting_on_index`.)
    let again = |s: &Schema, c: &Constraint| crate::kinds::table::plan::resting_on_index(s, &table, &c.name);
    let mut ops: Vec<Op> = foreign_keys.iter().map(|k| drop(&k.table, &k.from)).collect();
    ops.extend([drop(&table, &from), add(&table, &to)]);
    ops.extend(again(after, &to));
    ops.extend(foreign_keys.iter().filter_map(|k| k.to.as_ref().map(|c| add(&k.table, c))));
    let mut rollback: Vec<Op> =
        foreign_keys.iter().filter(|k| k.to.is_some()).map(|k| drop(&k.table, &k.from)).collect();
    rollback.extend([drop(&table, &to), add(&table, &from)]);
    rollback.extend(again(before, &from));
    rollback.extend(foreign_keys.iter().map(|k| add(&k.table, &k.from)));
    let mut locked = vec![Locked::Table(table.clone())];
    locked.extend(foreign_keys.iter().map(|k| Locked::Table(k.table.clone())));
    let mut requires = vec![Key::Table(table.clone())];
    requires.extend(foreign_keys.iter().map(|k| Key::Table(k.table.clone())));
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("replace {} {name} on {table}", to.kind.label()),
            ops,
            rollback,
            Lock::new(LockMode::AccessExclusive, locked, Hold::Scan),
        )
        .requires(requires)
        // Foreign keys added in this plan that reference the table wait for its key.
        .provides(to.kind.key_columns().map(|_| Key::UniqueOn(table.clone())))
        .provides([Key::Constraint(table.clone(), name.clone())])
        // (A key replaced by one of another name is gone.)
        .provides((from.name != name).then(|| Key::Constraint(table.clone(), from.name.clone()).gone()))
        .hazard(HazardKind::BlockingScan, format!("replacing {name} checks every row of {table} while writes wait")),
    );
}

/// `schemas`, before and after: a key that foreign keys which stay are bound to goes with
/// them dropped before and added back after, bound to the key that takes its place (see
/// [`rebind`]).
pub fn drop_constraint(schemas: (&Schema, &Schema), table: QualName, c: Constraint, steps: &mut Vec<Step>) {
    let name = c.name.clone();
    // (Added back NOT VALID and validated apart, but for a foreign key of a partitioned
    // table, which PostgreSQL cannot add NOT VALID.)
    let not_valid = match c.kind {
        ConstraintKind::Check { .. } => true,
        ConstraintKind::ForeignKey(_) => !schemas.0.is_partitioned(&table),
        _ => false,
    };
    let fks =
        c.kind.key_columns().map(|cols| super::resting_on(schemas.0, schemas.1, &table, cols)).unwrap_or_default();
    let drop = vec![Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: name.clone() })];
    let (ops, lock, requires) = if fks.is_empty() {
        (drop, Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief), Vec::new())
    } else {
        (rebind(schemas.0, &fks, drop), rebind_lock(&table, &fks), vec![Key::UniqueOn(table.clone())])
    };
    let description = if fks.is_empty() {
        format!("drop {} {name} on {table}", c.kind.label())
    } else {
        format!(
            "drop {} {name} on {table}, binding the foreign keys on it to another key: {}",
            c.kind.label(),
            foreign_key_names(&fks)
        )
    };
    let step = Step::new(
        PhaseKind::Contract,
        description,
        ops,
        std::iter::once(Op::Constraint(ConstraintOp::AddConstraint {
            table: table.clone(),
            constraint: c.clone(),
            not_valid,
        }))
        .chain(
            (not_valid && c.validated)
                .then(|| Op::Constraint(ConstraintOp::Revalidate { table: table.clone(), name: name.clone() })),
        )
        .chain(crate::kinds::table::plan::resting_on_index(schemas.0, &table, &name))
        .collect(),
        lock,
    )
    .requires(requires)
    .provides([Key::Constraint(table, name).gone()]);
    push_rebinding(step, schemas.0, &fks, PhaseKind::Contract, steps);
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    const BEFORE: &str = "version: 1\ntables:\n  p:\n    columns:\n      id: { type: int, primary_key: true }\n  t:\n    columns:\n      id: { type: int, not_null: true }\n      p_id: { type: int }\n";

    #[test]
    fn checks_and_foreign_keys_on_existing_tables_are_validated_later() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      p_id: { type: int, references: { table: p } }\n    constraints:\n      - { check: \"id > 0\" }\n");
        assert_eq!(
            p,
            vec![
                "expand: add foreign key t_p_id_fkey on public.t NOT VALID",
                "expand: add check t_id_check on public.t NOT VALID",
                "validate: validate foreign key t_p_id_fkey on public.t",
                "validate: validate check t_id_check on public.t",
            ]
        );
    }

    #[test]
    fn primary_key_on_existing_table_uses_a_concurrent_index() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    primary_key: [id]\n");
        assert_eq!(
            p,
            vec![
                "expand: build unique index t_pkey on public.t concurrently",
                "validate: add primary key t_pkey on public.t using its index",
            ]
        );
    }
}
