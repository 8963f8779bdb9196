//! Adding columns and changing them in place (type, default, NOT NULL, identity, comment).

use crate::model::{Column, Constraint, ConstraintKind, Index, Policy, QualName, Schema, Sequence, Trigger};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, ConstraintOp, IndexOp, PolicyOp, TriggerOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, PlanError, Step};

use crate::model::volatile_default as volatile;

/// A column the target adds to a table that stays typed (`OF type`) that its type does not
/// have: PostgreSQL refuses it (a typed table's columns are its type's attributes).
pub fn refuse_on_typed_table(from: &Schema, to: &Schema, table: &QualName, column: &Column) -> Result<(), PlanError> {
    let typed = |s: &Schema| s.tables.get(table).and_then(|t| t.of_type.clone());
    let Some(ty) = typed(to).filter(|ty| typed(from).as_ref() == Some(ty)) else { return Ok(()) };
    if to.composites.get(&ty).is_some_and(|c| c.attributes.iter().any(|(a, _)| a == &column.name)) {
        return Ok(());
    }
    Err(PlanError::Unsupported(format!(
        "column {} cannot be added to {table}: it is a typed table (OF {ty}), whose columns are the attributes of \
         its type, and PostgreSQL refuses a column of its own; add the attribute to the type ({ty}) instead, which \
         adds the column to every table of that type, or make {table} an ordinary table first (drop `OF {ty}`)",
        column.name
    )))
}

/// `filled`: a backfill in place fills the column's existing rows (a per-row default is then
/// set after the column is added, for new rows alone, so nothing is rewritten).
pub fn add(before: &Schema, filled: bool, table: QualName, column: Column, steps: &mut Vec<Step>) {
    let has_rows_maybe = before.tables.contains_key(&table);
    let mut col = column.clone();
    let mut step_ops = Vec::new();
    let mut later = None;
    let mut default_after = None;
    if filled && has_rows_maybe && col.default.as_deref().is_some_and(volatile) {
        default_after = col.default.take();
    }
    // NOT NULL without a default fails on a table with rows: add it nullable, then prove it.
    if col.not_null && col.default.is_none() && col.identity.is_none() && col.generated.is_none() && has_rows_maybe {
        col.not_null = false;
        later = Some(column.name.clone());
    }
    step_ops.push(Op::Column(ColumnOp::AddColumn { table: table.clone(), column: col.clone() }));
    if let Some(d) = &default_after {
        step_ops.push(Op::Column(ColumnOp::SetDefault {
            only: false,
            table: table.clone(),
            column: column.name.clone(),
            default: Some(d.clone()),
        }));
    }
    if let Some(c) = &column.comment {
        step_ops.push(Op::Column(ColumnOp::CommentOnColumn {
            table: table.clone(),
            column: column.name.clone(),
            comment: Some(c.clone()),
        }));
    }
    let mut step = Step::new(
        PhaseKind::Expand,
        format!("add column {} to {table}", column.name),
        step_ops,
        vec![Op::Column(ColumnOp::DropColumn { table: table.clone(), column: column.name.clone() })],
        Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
    )
    .provides([Key::Column(table.clone(), column.name.clone())])
    .requires([Key::Table(table.clone())]);
    if col.default.as_deref().is_some_and(volatile) || column.generated.is_some() || column.identity.is_some() {
        step.lock = Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Rewrite).into();
        step = step.hazard(
            HazardKind::TableRewrite,
            format!("adding {}.{} with a per-row value rewrites the table under ACCESS EXCLUSIVE", table, column.name),
        );
    }
    steps.push(step);
    if let Some(c) = later {
        set_not_null(table, c, steps);
    }
}

/// NOT NULL on an existing column without a long lock: a NOT VALID check (expand), then
/// VALIDATE, SET NOT NULL (which trusts the validated check) and drop the check (validate).
pub fn set_not_null(table: QualName, column: String, steps: &mut Vec<Step>) {
    let check = crate::model::make_object_name(&table.name, Some(&column), "not_null");
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("add NOT VALID check {check} on {table}"),
            vec![Op::Constraint(ConstraintOp::AddNotNullCheck {
                table: table.clone(),
                column: column.clone(),
                name: check.clone(),
            })],
            vec![Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: check.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::NoScan),
        )
        .provides([Key::Constraint(table.clone(), check.clone())])
        .requires([Key::Column(table.clone(), column.clone())]),
    );
    steps.push(
        Step::new(
            PhaseKind::Validate,
            format!("set {table}.{column} NOT NULL through validated check {check}"),
            vec![
                Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: check.clone() }),
                Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: column.clone() }),
                Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: check.clone() }),
            ],
            vec![Op::Column(ColumnOp::DropNotNull { table: table.clone(), column: column.clone() })],
            Locks(vec![
                Lock::table(LockMode::ShareUpdateExclusive, &table, Hold::Scan),
                Lock::table(LockMode::AccessExclusive, &table, Hold::Brief),
            ]),
        )
        .requires([Key::Constraint(table, check)]),
    );
}

/// What reads a column and keeps PostgreSQL from changing its type, or that it would
/// rebuild from a definition written for the old type: triggers (`WHEN`, `UPDATE OF`) and
/// row-level security policies of its table, indexes with expressions or predicates over
/// it, and checks on it; each as it is before and (if it stays) after. And generated
/// columns computed from it, and the indexes that have it only as a plain key or INCLUDE
/// column (which a type change rebuilds by itself, but dropping the column drops).
#[derive(Debug, Default, Clone)]
pub struct Readers {
    triggers: Vec<(Trigger, Option<Trigger>)>,
    policies: Vec<(Policy, Option<Policy>)>,
    indexes: Vec<(Index, Option<Index>)>,
    checks: Vec<(QualName, Constraint, Option<Constraint>)>,
    generated: Vec<String>,
    plain_indexes: Vec<(Index, Option<Index>)>,
    /// Inheritance children and partitions (at any depth) with a default of their own on
    /// the column, other than the table's: a type change's default goes off and on for
    /// them too, so its rollback sets theirs back after.
    own_defaults: Vec<(QualName, String, Option<String>)>,
}

/// A reader as it is in the target (`after`: none if the target drops it), or as it was.
fn pick<T: Clone>(was: &T, kept: &Option<T>, after: bool) -> Option<T> {
    if after {
        kept.clone()
    } else {
        Some(was.clone())
    }
}

/// The [`Readers`] of `table.column` in `from`, with what they become in `to`.
pub fn readers(from: &Schema, to: &Schema, table: &QualName, column: &str) -> Readers {
    let mut r = Readers::default();
    r.add(from, to, table, column);
    r
}

impl Readers {
    /// Adds the readers of `table.column` (several columns change together).
    pub fn add(&mut self, from: &Schema, to: &Schema, table: &QualName, column: &str) {
        let mentions = |e: &str| crate::sqlparse::mentions(e, column);
        let mentions_opt = |e: &Option<String>| e.as_deref().is_some_and(mentions);
        for (k, t) in from.triggers.iter().filter(|(_, t)| &t.table == table) {
            if crate::kinds::trigger::plan::reads(t, column) && !self.triggers.iter().any(|(x, _)| x == t) {
                self.triggers.push((t.clone(), to.triggers.get(k).cloned()));
            }
        }
        for (k, p) in from.policies.iter().filter(|(_, p)| &p.table == table) {
            if (mentions_opt(&p.using) || mentions_opt(&p.check)) && !self.policies.iter().any(|(x, _)| x == p) {
                self.policies.push((p.clone(), to.policies.get(k).cloned()));
            }
        }
        for (k, ix) in from.indexes.iter().filter(|(_, ix)| &ix.table == table && !ix.constraint_backed) {
            let seen = |list: &[(Index, Option<Index>)]| list.iter().any(|(x, _)| x == ix);
            if ix.reads_in_expressions(column) {
                if !seen(&self.indexes) {
                    self.indexes.push((ix.clone(), to.indexes.get(k).cloned()));
                }
            } else if ix.reads(column) && !seen(&self.plain_indexes) {
                self.plain_indexes.push((ix.clone(), to.indexes.get(k).cloned()));
            }
        }
        if let Some(t) = from.tables.get(table) {
            for c in &t.constraints {
                let ConstraintKind::Check { expr } = &c.kind else { continue };
                if mentions(expr) && !self.checks.iter().any(|(q, x, _)| q == table && x == c) {
                    let kept = to.tables.get(table).and_then(|t| t.constraint(&c.name)).cloned();
                    self.checks.push((table.clone(), c.clone(), kept));
                }
            }
            for c in t.columns.iter().filter(|c| c.name != column && mentions_opt(&c.generated)) {
                if !self.generated.contains(&c.name) {
                    self.generated.push(c.name.clone());
                }
            }
            let default = t.column(column).and_then(|c| c.default.as_ref());
            let mut below = vec![table];
            while let Some(q) = below.pop() {
                for child in from.tables.values().filter(|c| c.parents().any(|p| p == q)) {
                    let Some(c) = child.column(column).filter(|c| c.inherited) else { continue };
                    if c.default.as_ref() != default
                        && !self.own_defaults.iter().any(|(t, n, _)| t == &child.name && n == column)
                    {
                        self.own_defaults.push((child.name.clone(), column.to_string(), c.default.clone()));
                    }
                    below.push(&child.name);
                }
            }
        }
    }

    /// The defaults of their own that children had (see `own_defaults`), set again.
    fn own_defaults_back(&self) -> impl Iterator<Item = ColumnOp> + '_ {
        self.own_defaults.iter().map(|(table, column, default)| ColumnOp::SetDefault {
            only: true,
            table: table.clone(),
            column: column.clone(),
            default: default.clone(),
        })
    }

    /// `inner` (a type change) between the readers' drops and their return: as they are in
    /// the target (`after`), or as they were (not `after`, for the rollback).
    pub fn around(&self, inner: Vec<Op>, after: bool) -> Vec<Op> {
        let mut ops = Vec::new();
        for (t, _) in &self.triggers {
            ops.push(Op::Trigger(TriggerOp::DropTrigger { table: t.table.clone(), name: t.name.clone() }));
        }
        for (p, _) in &self.policies {
            ops.push(Op::Policy(PolicyOp::DropPolicy { table: p.table.clone(), name: p.name.clone() }));
        }
        for (ix, _) in &self.indexes {
            ops.push(Op::Index(IndexOp::DropIndex { index: ix.name.clone(), concurrently: false }));
        }
        for (q, c, _) in &self.checks {
            ops.push(Op::Constraint(ConstraintOp::DropConstraint { table: q.clone(), name: c.name.clone() }));
        }
        ops.extend(inner);
        for (q, c, kept) in &self.checks {
            if let Some(constraint) = pick(c, kept, after) {
                // (NOT VALID where that side has it.)
                let not_valid = !constraint.validated;
                ops.push(Op::Constraint(ConstraintOp::AddConstraint { table: q.clone(), constraint, not_valid }));
            }
        }
        for (ix, kept) in &self.indexes {
            if let Some(index) = pick(ix, kept, after) {
                ops.push(Op::Index(IndexOp::CreateIndex { index, concurrently: false }));
            }
        }
        for (p, kept) in &self.policies {
            if let Some(p) = pick(p, kept, after) {
                ops.push(Op::Policy(PolicyOp::CreatePolicy { p }));
            }
        }
        for (t, kept) in &self.triggers {
            if let Some(t) = pick(t, kept, after) {
                ops.push(Op::Trigger(TriggerOp::CreateTrigger { t }));
            }
        }
        ops
    }

    /// The keys of what the readers' return needs first (a trigger's function).
    pub fn requires(&self) -> Vec<Key> {
        self.triggers.iter().map(|(t, _)| Key::FunctionName(t.function.clone())).collect()
    }

    /// Generated columns computed from the columns, which keep PostgreSQL from changing
    /// their type.
    pub fn generated(&self) -> &[String] {
        &self.generated
    }
}

/// The sequence a serial column of `s` takes its default from (`nextval(...)`): as the
/// schema has it, or (a schema read in part) with the options `CREATE SEQUENCE` gives.
pub fn serial_sequence(s: &Schema, table: &QualName, column: &Column) -> Option<Sequence> {
    let name = column.nextval_sequence(&table.schema)?;
    if let Some(seq) = s.sequences.get(&name) {
        return Some(seq.clone());
    }
    Some(Sequence::serial(name, &column.data_type, (table.clone(), column.name.clone())))
}

/// `conversion`: the spec's `using` (old value to new) and `down` (new to old, for the
/// rollback) expressions for a type change; plain casts when absent. `readers`: what reads
/// the column (dropped around a type change and made again after it, in its transaction).
/// `serial`: the sequences the column takes its default from, before and after.
pub fn alter(
    table: QualName,
    from: Column,
    to: Column,
    conversion: (Option<String>, Option<String>),
    readers: Readers,
    serial: (Option<Sequence>, Option<Sequence>),
    steps: &mut Vec<Step>,
) -> Result<(), PlanError> {
    let c = Changed { table, from, to, readers, serial };
    if c.from.generated != c.to.generated {
        steps.push(c.generated());
        return Ok(());
    }
    let retyped = c.from.data_type != c.to.data_type || c.from.collation != c.to.collation;
    if retyped && !c.readers.generated().is_empty() {
        return Err(PlanError::Unsupported(format!(
            "the type of {}.{} cannot change while generated column(s) {} are computed from it: PostgreSQL refuses it, and \
             dropping and adding them again would take their indexes and the views that read them along; change them in \
             separate steps: make them ordinary (or drop them) first, then change the type",
            c.table,
            c.to.name,
            c.readers.generated().join(", ")
        )));
    }
    if retyped {
        steps.push(c.retype(conversion));
    }
    if c.from.identity != c.to.identity {
        steps.push(c.identity());
    }
    // (Also when it changes from BY DEFAULT to ALWAYS or back.)
    if c.from.identity.is_some() && c.to.identity.is_some() {
        let set = |table, column, options: &Option<String>| ColumnOp::SetIdentityOptions {
            table,
            column,
            options: options.clone(),
        };
        steps.extend(c.setting(PhaseKind::Switch, "set identity options of", |x| &x.identity_options, set));
    }
    if c.from.identity == c.to.identity {
        // A retyped column's default changes with its type, in the same step.
        if !retyped {
            let set = |table, column, default: &Option<String>| ColumnOp::SetDefault {
                only: true,
                table,
                column,
                default: default.clone(),
            };
            steps.extend(c.setting(PhaseKind::Expand, "set default of", |x| &x.default, set));
        }
        if c.from.not_null && !c.to.not_null {
            let (t, col) = (c.table.clone(), c.to.name.clone());
            let d = format!("allow NULL in {t}.{col}");
            let drop = ColumnOp::DropNotNull { table: t.clone(), column: col.clone() };
            steps.push(c.step(PhaseKind::Expand, d, drop, ColumnOp::SetNotNull { table: t, column: col }));
        } else if !c.from.not_null && c.to.not_null {
            set_not_null(c.table.clone(), c.to.name.clone(), steps);
        }
    }
    // Storage applies to values written from now on; the statistics target, to the next
    // ANALYZE. Neither rewrites anything.
    let storage = |table, column, storage: &Option<crate::model::Storage>| ColumnOp::SetStorage {
        table,
        column,
        storage: *storage,
    };
    steps.extend(c.setting(PhaseKind::Expand, "set storage of", |x| &x.storage, storage));
    let target = |table, column, target: &Option<i32>| ColumnOp::SetStatistics { table, column, target: *target };
    if let Some(mut step) = c.setting(PhaseKind::Expand, "set statistics target of", |x| &x.statistics, target) {
        step.lock = Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(c.table.clone())], Hold::Brief).into();
        steps.push(step);
    }
    // Compression applies to values written from now on.
    let compression =
        |table, column, c: &Option<String>| ColumnOp::SetCompression { table, column, compression: c.clone() };
    steps.extend(c.setting(PhaseKind::Expand, "set compression of", |x| &x.compression, compression));
    let options = |table, column, after: &Vec<String>| {
        // (The rollback's are the other way: each side resets what the other has not.)
        let before = if after == &c.to.options { &c.from.options } else { &c.to.options };
        ColumnOp::SetOptions { table, column, set: after.clone(), reset: crate::plan::storage_reset(before, after) }
    };
    if let Some(mut step) = c.setting(PhaseKind::Expand, "set attribute options of", |x| &x.options, options) {
        step.lock = Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(c.table.clone())], Hold::Brief).into();
        steps.push(step);
    }
    let set =
        |table, column, comment: &Option<String>| ColumnOp::CommentOnColumn { table, column, comment: comment.clone() };
    if let Some(mut step) = c.setting(PhaseKind::Expand, "comment on column", |x| &x.comment, set) {
        step.lock = Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(c.table.clone())], Hold::Brief).into();
        steps.push(step);
    }
    Ok(())
}

/// A column that exists on both sides and differs.
struct Changed {
    table: QualName,
    from: Column,
    to: Column,
    readers: Readers,
    serial: (Option<Sequence>, Option<Sequence>),
}

impl Changed {
    fn key(&self) -> Key {
        Key::Column(self.table.clone(), self.to.name.clone())
    }

    fn lock(&self, hold: Hold) -> Lock {
        Lock::new(LockMode::AccessExclusive, [Locked::Table(self.table.clone())], hold)
    }

    fn ops(&self, ops: impl IntoIterator<Item = ColumnOp>) -> Vec<Op> {
        ops.into_iter().map(Op::Column).collect()
    }

    /// One operation and the one that undoes it, under a brief ACCESS EXCLUSIVE lock.
    fn step(&self, phase: PhaseKind, description: String, op: ColumnOp, undo: ColumnOp) -> Step {
        Step::new(phase, description, self.ops([op]), self.ops([undo]), self.lock(Hold::Brief)).requires([self.key()])
    }

    /// One setting of the column (`get` reads it) going from its value before to its value
    /// after: one step of `op` for the new value, undone by `op` for the old; none when they
    /// are equal.
    fn setting<T: PartialEq>(
        &self,
        phase: PhaseKind,
        what: &str,
        get: impl Fn(&Column) -> &T,
        op: impl Fn(QualName, String, &T) -> ColumnOp,
    ) -> Option<Step> {
        let (before, after) = (get(&self.from), get(&self.to));
        if before == after {
            return None;
        }
        let set = |v| op(self.table.clone(), self.to.name.clone(), v);
        Some(self.step(phase, format!("{what} {}.{}", self.table, self.to.name), set(after), set(before)))
    }

    fn drop_and_add(&self, column: &Column) -> Vec<Op> {
        let (table, name) = (self.table.clone(), self.to.name.clone());
        self.ops([
            ColumnOp::DropColumn { table: table.clone(), column: name },
            ColumnOp::AddColumn { table, column: column.clone() },
        ])
    }

    fn set_type(&self, c: &Column, using: Option<String>) -> ColumnOp {
        ColumnOp::SetType {
            table: self.table.clone(),
            column: self.to.name.clone(),
            data_type: c.data_type.clone(),
            collation: c.collation.clone(),
            using,
            generated: c.generated.is_some(),
        }
    }

    /// A generated column made ordinary, or a column made generated (recreated).
    fn generated(&self) -> Step {
        let (table, col) = (&self.table, &self.to.name);
        if self.from.generated.is_some() && self.to.generated.is_none() {
            let mut ops = vec![ColumnOp::DropExpression { table: table.clone(), column: col.clone() }];
            if self.from.data_type != self.to.data_type {
                ops.push(self.set_type(&self.to, None));
            }
            return Step::new(
                PhaseKind::Switch,
                format!("make {table}.{col} an ordinary column"),
                self.ops(ops),
                self.drop_and_add(&self.from),
                self.lock(Hold::Brief),
            )
            .requires([self.key()]);
        }
        // A column cannot become generated (or change its expression) in place. What reads
        // it goes before the drop (which would take indexes and checks along, and is
        // refused under policies and triggers) and comes back after, in the transaction.
        let r = &self.readers;
        let mut indexes = r.indexes.clone();
        indexes.extend(r.plain_indexes.iter().cloned());
        let readers = Readers { indexes, generated: Vec::new(), plain_indexes: Vec::new(), ..r.clone() };
        let step = Step::new(
            PhaseKind::Switch,
            format!("recreate {table}.{col} as a generated column"),
            readers.around(self.drop_and_add(&self.to), true),
            readers.around(self.drop_and_add(&self.from), false),
            self.lock(Hold::Rewrite),
        )
        .requires(std::iter::once(self.key()).chain(readers.requires()))
        .hazard(HazardKind::TableRewrite, format!("{table}.{col} is dropped and added again, rewriting the table"));
        if self.from.generated.is_some() {
            return step;
        }
        step.hazard(
            HazardKind::DataLoss,
            format!("the stored values of {table}.{col} are replaced by the generated ones"),
        )
    }

    /// A type or collation change, in the catalog alone where PostgreSQL can.
    fn retype(&self, (using, down): (Option<String>, Option<String>)) -> Step {
        let (table, col) = (&self.table, &self.to.name);
        let in_catalog = self.from.collation == self.to.collation
            && using.is_none()
            && catalog_only_type_change(&self.from.data_type, &self.to.data_type);
        // A default written for the old type may not cast to the new one: off before the
        // change, the target's after it.
        let around = |set: ColumnOp, off: &Column, on: &Column| {
            let default = |d: &Option<String>| ColumnOp::SetDefault {
                only: false,
                table: table.clone(),
                column: col.clone(),
                default: d.clone(),
            };
            let mut ops = Vec::new();
            if off.default.is_some() {
                ops.push(default(&None));
            }
            ops.push(set);
            if on.default.is_some() {
                ops.push(default(&on.default));
            }
            ops
        };
        // What reads the column goes before the change and comes back after it, in its
        // transaction (no moment without a policy). Indexes and checks are rebuilt by a
        // rewrite anyway, from their definitions for the old type: built again from the
        // target's instead. (A change in the catalog alone rebuilds nothing.)
        let r = &self.readers;
        let readers = if in_catalog {
            // (Those that change are made again all the same: they have no step of
            // their own, see `Remade::retyped`.)
            Readers {
                triggers: r.triggers.clone(),
                policies: r.policies.clone(),
                indexes: r.indexes.iter().filter(|(a, b)| b.as_ref() != Some(a)).cloned().collect(),
                checks: r.checks.iter().filter(|(_, a, b)| b.as_ref() != Some(a)).cloned().collect(),
                generated: Vec::new(),
                plain_indexes: Vec::new(),
                own_defaults: Vec::new(),
            }
        } else {
            Readers { generated: Vec::new(), plain_indexes: Vec::new(), ..r.clone() }
        };
        let forward = readers.around(self.ops(around(self.set_type(&self.to, using), &self.from, &self.to)), true);
        let mut back_ops = around(self.set_type(&self.from, down), &self.to, &self.from);
        if self.to.default.is_some() || self.from.default.is_some() {
            back_ops.extend(self.readers.own_defaults_back());
        }
        let back = readers.around(self.ops(back_ops), false);
        let step = Step::new(
            PhaseKind::Switch,
            format!("change type of {table}.{col} from {} to {}", self.from.data_type, self.to.data_type),
            forward,
            back,
            self.lock(if in_catalog { Hold::Brief } else { Hold::Rewrite }),
        )
        .requires([self.key()])
        .provides([Key::Retyped(table.clone(), col.clone())])
        // (Created again here: a trigger's function is there before.)
        .requires(r.triggers.iter().map(|(t, _)| Key::FunctionName(t.function.clone())));
        if in_catalog {
            return step;
        }
        step.hazard(HazardKind::TableRewrite, format!("changing the type of {table}.{col} rewrites the table under ACCESS EXCLUSIVE; values that do not fit the new type fail the step"))
    }

    /// Identity added, removed or changed in kind. Identity needs NOT NULL and no default;
    /// both are adjusted in the same step.
    fn identity(&self) -> Step {
        let (table, column) = (self.table.clone(), self.to.name.clone());
        let (from, to) = (&self.from, &self.to);
        let t = || table.clone();
        let c = || column.clone();
        let serial_to_identity = |seq: &Sequence, identity, options: &Option<String>| ColumnOp::SerialToIdentity {
            table: t(),
            column: c(),
            sequence: seq.name.clone(),
            identity,
            options: options.clone(),
        };
        let identity_to_serial =
            |seq: &Sequence| ColumnOp::IdentityToSerial { table: t(), column: c(), sequence: seq.clone() };
        let (ops, rb) = match (from.identity, to.identity) {
            // Serial to identity and back: the values go on from where the sequence stood.
            (None, Some(i)) if self.serial.0.is_some() => {
                let seq = self.serial.0.as_ref().expect("checked");
                let (mut ops, mut rb) = (Vec::new(), Vec::new());
                if !from.not_null {
                    ops.push(ColumnOp::SetNotNull { table: t(), column: c() });
                }
                ops.push(serial_to_identity(seq, i, &to.identity_options));
                rb.push(identity_to_serial(seq));
                if !from.not_null {
                    rb.push(ColumnOp::DropNotNull { table: t(), column: c() });
                }
                (ops, rb)
            }
            (Some(was), None) if self.serial.1.is_some() => {
                let seq = self.serial.1.as_ref().expect("checked");
                let mut ops = vec![identity_to_serial(seq)];
                if !to.not_null {
                    ops.push(ColumnOp::DropNotNull { table: t(), column: c() });
                }
                let mut rb = Vec::new();
                if !to.not_null {
                    rb.push(ColumnOp::SetNotNull { table: t(), column: c() });
                }
                rb.push(serial_to_identity(seq, was, &from.identity_options));
                (ops, rb)
            }
            (Some(was), Some(i)) => (
                vec![ColumnOp::SetIdentityKind { table: t(), column: c(), identity: i }],
                vec![ColumnOp::SetIdentityKind { table: t(), column: c(), identity: was }],
            ),
            (Some(was), None) => {
                let mut ops = vec![ColumnOp::DropIdentity { table: t(), column: c() }];
                if !to.not_null {
                    ops.push(ColumnOp::DropNotNull { table: t(), column: c() });
                }
                if let Some(d) = &to.default {
                    ops.push(ColumnOp::SetDefault { only: false, table: t(), column: c(), default: Some(d.clone()) });
                }
                let rb = vec![
                    ColumnOp::SetDefault { only: false, table: t(), column: c(), default: None },
                    ColumnOp::SetNotNull { table: t(), column: c() },
                    ColumnOp::AddIdentity {
                        table: t(),
                        column: c(),
                        options: from.identity_options.clone(),
                        identity: was,
                    },
                ];
                (ops, rb)
            }
            (None, Some(i)) => {
                let mut ops = Vec::new();
                let mut rb = vec![ColumnOp::DropIdentity { table: t(), column: c() }];
                if from.default.is_some() {
                    ops.push(ColumnOp::SetDefault { only: false, table: t(), column: c(), default: None });
                }
                if !from.not_null {
                    ops.push(ColumnOp::SetNotNull { table: t(), column: c() });
                    rb.push(ColumnOp::DropNotNull { table: t(), column: c() });
                }
                ops.push(ColumnOp::AddIdentity {
                    table: t(),
                    column: c(),
                    identity: i,
                    options: to.identity_options.clone(),
                });
                if from.default.is_some() {
                    rb.push(ColumnOp::SetDefault {
                        only: false,
                        table: t(),
                        column: c(),
                        default: from.default.clone(),
                    });
                }
                (ops, rb)
            }
            (None, None) => (Vec::new(), Vec::new()),
        };
        Step::new(
            PhaseKind::Switch,
            format!("change identity of {table}.{column}"),
            self.ops(ops),
            self.ops(rb),
            self.lock(Hold::Brief),
        )
        .requires([self.key()])
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

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    const BEFORE: &str =
        "version: 1\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\n      a: { type: int }\n";

    #[test]
    fn add_not_null_column_goes_through_a_check() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      b: { type: text, not_null: true }\n");
        assert_eq!(
            p,
            vec![
                "expand: add column b to public.t",
                "expand: add NOT VALID check t_b_not_null on public.t",
                "validate: set public.t.b NOT NULL through validated check t_b_not_null",
            ]
        );
    }

    #[test]
    fn type_change_is_a_switch_with_a_hazard() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      a: { type: bigint }\n");
        assert_eq!(p, vec!["switch: change type of public.t.a from integer to bigint"]);
    }

    #[test]
    fn unchanged_column_plans_nothing() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      a: { type: int4 }\n");
        assert!(p.is_empty(), "{p:?}");
    }
}

/// Whether PostgreSQL changes a column from `from` to `to` (types as the catalog prints
/// them) in the catalog alone, without rewriting the table or checking its values: the
/// binary-coercible widenings (a longer or unbounded `varchar`, `text`, an unconstrained
/// `numeric` or one with more digits at the same scale, a longer `bit varying`, `cidr` to
/// `inet`).
pub fn catalog_only_type_change(from: &str, to: &str) -> bool {
    fn split(t: &str) -> (&str, Vec<u32>) {
        match t.split_once('(') {
            Some((base, rest)) => {
                let args = rest.trim_end_matches(')').split(',').filter_map(|a| a.trim().parse().ok()).collect();
                (base.trim(), args)
            }
            None => (t.trim(), Vec::new()),
        }
    }
    let (fb, fa) = split(from);
    let (tb, ta) = split(to);
    match (fb, tb) {
        ("character varying", "text") | ("text", "character varying") => ta.is_empty(),
        ("character varying", "character varying") | ("bit varying", "bit varying") => {
            ta.is_empty() || (fa.len() == 1 && ta.len() == 1 && ta[0] >= fa[0])
        }
        ("numeric", "numeric") => ta.is_empty() || (fa.len() == 2 && ta.len() == 2 && ta[1] == fa[1] && ta[0] >= fa[0]),
        ("cidr", "inet") => true,
        _ => false,
    }
}

#[cfg(test)]
mod type_change_tests {
    use super::catalog_only_type_change as c;

    #[test]
    fn binary_coercible_widenings_do_not_rewrite() {
        assert!(c("character varying(20)", "text"));
        assert!(c("character varying(20)", "character varying(40)"));
        assert!(c("character varying(20)", "character varying"));
        assert!(c("text", "character varying"));
        assert!(c("numeric(10,2)", "numeric(12,2)"));
        assert!(c("numeric(10,2)", "numeric"));
        assert!(c("bit varying(8)", "bit varying(16)"));
        assert!(c("cidr", "inet"));
        assert!(!c("character varying(40)", "character varying(20)"));
        assert!(!c("text", "character varying(20)"));
        assert!(!c("numeric(10,2)", "numeric(12,3)"));
        assert!(!c("integer", "bigint"));
        assert!(!c("inet", "cidr"));
    }
}
