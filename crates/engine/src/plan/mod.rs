//! Pure planning: changes and refactor operations into a dependency graph of steps, then
//! numbered phases, each step with its rollback, lock and hazards. No I/O, no SQL text.

mod changes;
mod graph;
pub mod lock;
mod op;
pub mod ops;
mod requirements;

pub use op::{
    ColumnOp, CommentOp, ConstraintOp, DataOp, Edits, ExtensionOp, Guard, IndexOp, Op, PolicyOp, PrivilegeOp, SchemaOp,
    SequenceOp, TableOp, TriggerOp, TypeOp, ViewOp,
};

use crate::diff::{Filter, Scope};
use crate::model::{QualName, Schema, Target};
use serde::Serialize;

/// Phases in the order they run. A migration uses the kinds it needs, numbered from 1.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Create what is new; nothing old changes.
    Expand,
    /// Keep the new shape in step with writes to the old one.
    Sync,
    /// Copy existing data into the new shape.
    Backfill,
    /// Prove constraints hold (VALIDATE, SET NOT NULL through a validated check).
    Validate,
    /// Point names at the new shape (renames, replaced definitions).
    Switch,
    /// Retire what is no longer needed. Needs explicit confirmation.
    Contract,
}

impl PhaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Expand => "expand",
            PhaseKind::Sync => "sync",
            PhaseKind::Backfill => "backfill",
            PhaseKind::Validate => "validate",
            PhaseKind::Switch => "switch",
            PhaseKind::Contract => "contract",
        }
    }

    pub fn parse(s: &str) -> Option<PhaseKind> {
        [
            PhaseKind::Expand,
            PhaseKind::Sync,
            PhaseKind::Backfill,
            PhaseKind::Validate,
            PhaseKind::Switch,
            PhaseKind::Contract,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// Something a step does that a user should know before allowing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hazard {
    pub kind: HazardKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HazardKind {
    /// Data is removed (kept in the archive where the rollback can restore it).
    DataLoss,
    /// The table is rewritten while an ACCESS EXCLUSIVE lock blocks reads and writes.
    TableRewrite,
    /// A lock that blocks writes is held for a scan of the table.
    BlockingScan,
}

impl HazardKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: [HazardKind; 3] = [HazardKind::TableRewrite, HazardKind::BlockingScan, HazardKind::DataLoss];

    pub fn as_str(self) -> &'static str {
        match self {
            HazardKind::DataLoss => "data_loss",
            HazardKind::TableRewrite => "table_rewrite",
            HazardKind::BlockingScan => "blocking_scan",
        }
    }
}

impl std::fmt::Display for HazardKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for HazardKind {
    type Err = String;

    /// A kind by its name; an unknown name is an error that lists the valid ones.
    fn from_str(s: &str) -> Result<HazardKind, String> {
        HazardKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = HazardKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown hazard kind `{s}`; the kinds are {}, or all", names.join(", "))
        })
    }
}

/// What a step makes exist, or needs to exist: the edges of the plan's graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Schema(String),
    Table(QualName),
    Column(QualName, String),
    /// A column whose type changes, changed (what needs the new type comes after).
    Retyped(QualName, String),
    /// A column's settings that PostgreSQL carries down to partitions and inheritance
    /// children (NOT NULL, default, storage, statistics target), set: a child's own come after.
    ColumnSet(QualName, String),
    /// Some unique or primary key on the table (what a foreign key needs).
    UniqueOn(QualName),
    Constraint(QualName, String),
    Index(QualName),
    View(QualName),
    Type(QualName),
    Function(String),
    /// Any overload of a function, by name (what a trigger calls).
    FunctionName(QualName),
    Sequence(QualName),
    Collation(QualName),
    Extension(String),
    /// A partition or inheritance child leaving this parent.
    Detached(QualName),
    /// A table attached as a partition.
    Attached(QualName),
    Trigger(QualName, String),
    Policy(QualName, String),
    /// An extended statistics object.
    Statistics(QualName),
    /// An event trigger, by name.
    EventTrigger(String),
    /// A publication, by name.
    Publication(String),
    /// A rewrite rule, by table and name.
    Rule(QualName, String),
    /// A role's privileges on an object (a REVOKE takes only the grantee's own).
    Acl(crate::model::GrantOn, String),
    /// A table's rows copied in (by a backfill), and checked.
    Backfilled(QualName),
    Checked(QualName),
    /// Sync triggers on a source table.
    Synced(QualName),
    Seeded(QualName),
    /// The object is gone (what a drop provides, and what dropping what it depends on needs).
    Gone(Box<Key>),
    /// Ordering barriers for whole-schema drops: 1 after every table-level step, 2 after
    /// types, collations and sequences, 3 after extensions.
    Level(u8),
    /// A spec's raw SQL step, by its position; and the barrier before the first one at
    /// contract (every other contract step provides it).
    Raw(usize),
    RawAfter(usize),
}

impl Key {
    pub fn gone(self) -> Key {
        Key::Gone(Box::new(self))
    }
}

/// One unit of work: operations applied together, and the operations that undo them.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub description: String,
    pub ops: Vec<Op>,
    pub rollback: Vec<Op>,
    pub lock: lock::Locks,
    pub hazards: Vec<Hazard>,
    /// The earliest phase this step may run in; dependencies may push it later.
    #[serde(skip)]
    pub kind: PhaseKind,
    #[serde(skip)]
    pub provides: Vec<Key>,
    #[serde(skip)]
    pub requires: Vec<Key>,
}

/// Storage parameters (`name=value`, as the catalog keeps them) going from `from` to `to`:
/// the names to reset (set in `from`, not in `to`).
pub fn storage_reset(from: &[String], to: &[String]) -> Vec<String> {
    let name = |o: &String| o.split('=').next().unwrap_or("").to_string();
    let kept: Vec<String> = to.iter().map(name).collect();
    from.iter().map(name).filter(|n| !kept.contains(n)).collect()
}

impl Step {
    pub fn new(
        kind: PhaseKind,
        description: impl Into<String>,
        ops: Vec<Op>,
        rollback: Vec<Op>,
        lock: impl Into<lock::Locks>,
    ) -> Step {
        Step {
            description: description.into(),
            ops,
            rollback,
            lock: lock.into(),
            hazards: Vec::new(),
            kind,
            provides: Vec::new(),
            requires: Vec::new(),
        }
    }

    pub fn provides(mut self, keys: impl IntoIterator<Item = Key>) -> Step {
        self.provides.extend(keys);
        self
    }

    pub fn requires(mut self, keys: impl IntoIterator<Item = Key>) -> Step {
        self.requires.extend(keys);
        self
    }

    pub fn hazard(mut self, kind: HazardKind, message: impl Into<String>) -> Step {
        self.hazards.push(Hazard { kind, message: message.into() });
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub number: u32,
    pub kind: PhaseKind,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub phases: Vec<Phase>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.phases.is_empty()
    }

    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.phases.iter().flat_map(|p| p.steps.iter())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot order these steps, they depend on each other in a cycle:\n  {}", .0.join("\n  "))]
    Cycle(Vec<String>),
    #[error("{0}")]
    Unsupported(String),
}

/// Plans one migration: `before` is the schema it starts from, `target` what it asks for.
pub fn plan(before: &Schema, target: &Target) -> Result<Plan, PlanError> {
    let mut steps = Vec::new();
    ops::rename::plan(target, &mut steps);
    let renamed = rename_only(before, target);
    let scope = Scope::Declared { revoked: target.revoked.clone() };
    let (from, to) = scope.sides(&renamed, &target.schema);
    let changes = crate::diff::diff_sides(&from, &to, &scope);
    changes::plan_changes(&from, &to, target, changes, &mut steps)?;
    ops::retire::plan(&renamed, target, &mut steps);
    ops::backfill::plan(&target.apply_to(before), target, &mut steps);
    ops::versioned::plan(before, target, &mut steps)?;
    ops::raw::plan(target, &mut steps);
    // Seeded rows go in before the foreign keys that point at them (so a rollback removes
    // those keys before the rows).
    for sd in &target.seeds {
        for s in &mut steps {
            let points = s.ops.iter().any(|o| {
                matches!(o, Op::Constraint(ConstraintOp::AddConstraint { constraint, .. })
                    if matches!(&constraint.kind, crate::model::ConstraintKind::ForeignKey(fk) if fk.ref_table == sd.table))
            });
            if points {
                s.requires.push(Key::Seeded(sd.table.clone()));
            }
        }
    }
    // NOT NULL checks (added NOT VALID, still enforced on new rows) on columns a backfill
    // fills in place wait for the trigger that fills them, so old writers keep working.
    for b in target.backfills.iter().filter(|b| b.in_place()) {
        for s in &mut steps {
            let guards = s.ops.iter().any(|o| match o {
                Op::Constraint(ConstraintOp::AddNotNullCheck { table, column, .. }) => {
                    table == &b.target && b.mappings.iter().any(|m| &m.column == column)
                }
                _ => false,
            });
            if guards {
                s.requires.push(Key::Synced(b.source.clone()));
            }
        }
    }
    let ordered = graph::order(steps)?;
    Ok(number(ordered))
}

/// Plans the changes that turn the whole schema `from` into `to`, within `filter`.
pub fn plan_full(from: &Schema, to: &Schema, filter: &Filter) -> Result<Plan, PlanError> {
    let scope = Scope::Whole(filter.clone());
    let (from, to) = scope.sides(from, to);
    let changes = crate::diff::diff_sides(&from, &to, &scope);
    let mut steps = Vec::new();
    changes::plan_changes(&from, &to, &Target::default(), changes, &mut steps)?;
    Ok(number(graph::order(steps)?))
}

/// `before` with only the renames of `target` applied.
fn rename_only(before: &Schema, target: &Target) -> Schema {
    let renames = Target {
        table_renames: target.table_renames.clone(),
        column_renames: target.column_renames.clone(),
        constraint_renames: target.constraint_renames.clone(),
        ..Target::default()
    };
    renames.apply_to(before)
}

/// Groups ordered steps into phases numbered from 1.
pub(crate) fn number(steps: Vec<(PhaseKind, Step)>) -> Plan {
    let mut phases: Vec<Phase> = Vec::new();
    for (kind, step) in steps {
        match phases.last_mut() {
            Some(p) if p.kind == kind => p.steps.push(step),
            _ => phases.push(Phase { number: phases.len() as u32 + 1, kind, steps: vec![step] }),
        }
    }
    Plan { phases }
}
