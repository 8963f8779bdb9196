//! The operations a plan is made of. Each is one idempotent change; the `sql` module
//! renders them. Rollbacks are lists of operations too.

use crate::model::QualName;
use serde::Serialize;

pub use crate::kinds::column::ColumnOp;
pub use crate::kinds::comment::CommentOp;
pub use crate::kinds::constraint::ConstraintOp;
pub use crate::kinds::extension::ExtensionOp;
pub use crate::kinds::grant::PrivilegeOp;
pub use crate::kinds::index::IndexOp;
pub use crate::kinds::policy::PolicyOp;
pub use crate::kinds::schema::SchemaOp;
pub use crate::kinds::sequence::SequenceOp;
pub use crate::kinds::table::TableOp;
pub use crate::kinds::trigger::TriggerOp;
pub use crate::kinds::types::TypeOp;
pub use crate::kinds::view::ViewOp;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "op", rename_all = "snake_case")]
pub enum Op {
    /// Operations on aggregates (see `kinds::aggregate`).
    Aggregate(crate::kinds::aggregate::Op),
    /// Operations on extended statistics objects (see `kinds::statistics`).
    Statistics(crate::kinds::statistics::Op),
    /// Operations on event triggers (see `kinds::event_trigger`).
    EventTrigger(crate::kinds::event_trigger::Op),
    /// Operations on publications (see `kinds::publication`).
    Publication(crate::kinds::publication::Op),
    /// Operations on rewrite rules (see `kinds::rule`).
    Rule(crate::kinds::rule::Op),
    /// Operations on functions and procedures (see `kinds::function`).
    Function(crate::kinds::function::Op),
    /// Schemas (namespaces).
    Schema(SchemaOp),
    /// Tables as a whole: create, drop, rename, move, options, partitions, inheritance.
    Table(TableOp),
    /// Columns of a table.
    Column(ColumnOp),
    /// Table constraints.
    Constraint(ConstraintOp),
    /// Indexes.
    Index(IndexOp),
    /// Views and materialized views.
    View(ViewOp),
    /// Extensions.
    Extension(ExtensionOp),
    /// Enums, domains, composite types and collations.
    Type(TypeOp),
    /// Sequences.
    Sequence(SequenceOp),
    /// Triggers.
    Trigger(TriggerOp),
    /// Row-level security policies.
    Policy(PolicyOp),
    /// Privileges and default privileges.
    Privilege(PrivilegeOp),
    /// Comments on objects without a kind of their own here.
    Comment(CommentOp),
    /// Data movement: sync triggers, backfills, checks, compatibility views, seeds.
    Data(DataOp),
    /// SQL of the user's own (a spec's `sql` steps), run as written.
    Sql { sql: String },
}

/// What must hold for [`DataOp::Guarded`] ops to run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "guard", rename_all = "snake_case")]
pub enum Guard {
    /// The relation is there (the archive a contract made, which undoing it drops).
    Relation { name: QualName },
    /// The table has the column (a new column beside the old one, before contract).
    Column { table: QualName, column: String },
}

/// Data movement: sync triggers, backfills, checks, compatibility views, seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DataOp {
    /// The trigger (and its function) that keeps the targets of `backfills` (all reading
    /// `source`) in step with every write to `source`.
    CreateSyncTrigger {
        source: QualName,
        backfills: Vec<crate::model::Backfill>,
    },
    DropSyncTrigger {
        table: QualName,
        source: QualName,
    },
    /// Copies rows in keyset batches (run by the executor; a DO loop in scripts).
    Backfill {
        b: crate::model::Backfill,
    },
    /// Forgets a backfill's checkpoint (its rows stay until the expand phase is undone).
    ForgetBackfill {
        b: crate::model::Backfill,
    },
    /// Undoing a backfill: the rows it copied go (a target only this source fills), so that
    /// a later backfill starts from an empty target and no row deleted from the source
    /// while no sync trigger ran stays behind.
    ClearBackfill {
        b: crate::model::Backfill,
    },
    /// Undoing a backfill that rewrote existing columns in place: their original values
    /// come back; the table of originals is emptied, or dropped with `drop`.
    RestoreOriginals {
        b: crate::model::Backfill,
        drop: bool,
    },
    /// Counts and checksums of source against target; fails when they disagree.
    CheckBackfill {
        b: crate::model::Backfill,
    },
    /// The compatibility view and the INSTEAD OF trigger that routes its writes to the
    /// archived old table.
    CreateCompatView {
        c: crate::model::Compat,
        archived: QualName,
    },
    DropCompatView {
        c: crate::model::Compat,
    },
    /// Undoing the switch: the privileges the compatibility view's step granted on the
    /// archive and the tables the view reads to roles that lacked them are revoked.
    RevokeCompatGrants {
        archived: QualName,
    },
    /// Undoing contract: rows the new application wrote to the new tables after contract
    /// (no trigger carried them back then) are carried back to the archived old table by
    /// key; without a key to match them by, the undo is refused when the new tables hold
    /// more rows than the old one.
    CarryBack {
        c: crate::model::Compat,
        archived: QualName,
    },
    /// After contract: triggers on the new tables that log the old keys of rows the new
    /// application writes, for [`Op::Data(DataOp::CarryBack)`].
    CreateContractLog {
        c: crate::model::Compat,
        archived: QualName,
    },
    DropContractLog {
        c: crate::model::Compat,
    },
    /// The schema of views that shows a migration's new version (see `model::Version`);
    /// with `filling`, in the form that computes changed columns not filled yet (see
    /// `model::Filling`), otherwise in the one that reads them (replacing the former).
    CreateVersion {
        version: crate::model::Version,
        filling: bool,
    },
    DropVersion {
        version: crate::model::Version,
    },
    /// The schema of views that shows the version before the migration (see
    /// `model::Version::old_schema`).
    CreateOldVersion {
        version: crate::model::Version,
    },
    DropOldVersion {
        version: crate::model::Version,
    },
    /// At the contract of a column changed online: the old column's values, with the new
    /// column's value each was kept beside, into `archive` by key.
    ArchiveVersioned {
        v: Box<crate::model::Versioned>,
        archive: QualName,
    },
    /// Undoing it: the old column (empty again) gets its archived value where the new one
    /// is as it was at contract, and the new one's value computed back with `down` where it
    /// changed since (or the row is new); the archive is dropped.
    RestoreVersioned {
        v: Box<crate::model::Versioned>,
        archive: QualName,
    },
    /// Ops run only while `when` holds, as one statement (those that cannot run in a
    /// transaction after it, unguarded): an undo that a rollback script run a second time
    /// would otherwise run on what it already gave back.
    Guarded {
        when: Guard,
        ops: Vec<Op>,
    },
    /// Inserts fixed rows if absent.
    Seed {
        s: crate::model::Seed,
    },
    /// Deletes the fixed rows again (by their key).
    Unseed {
        s: crate::model::Seed,
    },
}

impl Op {
    /// False for statements PostgreSQL refuses inside a transaction block.
    pub fn transactional(&self) -> bool {
        !matches!(
            self,
            Op::Index(IndexOp::CreateIndex { concurrently: true, .. })
                | Op::Index(IndexOp::DropIndex { concurrently: true, .. })
                | Op::Data(DataOp::Backfill { .. })
                | Op::Table(TableOp::DetachPartition { concurrently: true, .. })
        )
    }
}

macro_rules! op_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        $(impl From<$ty> for Op {
            fn from(op: $ty) -> Op {
                Op::$variant(op)
            }
        })*
    };
}

// The kinds whose operations are collected into `Edits`.
op_from!(Type(TypeOp), Sequence(SequenceOp), Comment(CommentOp));

/// Operations and what undoes each, collected side by side for one step; the undoing runs
/// in reverse order.
#[derive(Debug, Default)]
pub struct Edits {
    ops: Vec<Op>,
    undo: Vec<Op>,
}

impl Edits {
    pub fn push(&mut self, op: impl Into<Op>, undo: impl Into<Op>) {
        self.ops.push(op.into());
        self.undo.push(undo.into());
    }

    /// A setting that goes from `from` to `to`: `set(to)`, undone by `set(from)`; nothing
    /// when they are equal.
    pub fn set<T: PartialEq, O: Into<Op>>(&mut self, from: &T, to: &T, set: impl Fn(&T) -> O) {
        if from != to {
            self.push(set(to), set(from));
        }
    }

    /// The comment on `on` going from `from` to `to`.
    pub fn comment(&mut self, on: crate::diff::CommentOn, from: &Option<String>, to: &Option<String>) {
        self.set(from, to, |c| CommentOp::Comment { on: on.clone(), comment: c.clone() });
    }

    /// Everything collected so far is replaced by this one edit.
    pub fn only(&mut self, ops: Vec<Op>, undo: Vec<Op>) {
        self.ops = ops;
        self.undo = undo;
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The operations, and their rollback (last undone first).
    pub fn into_parts(self) -> (Vec<Op>, Vec<Op>) {
        let mut undo = self.undo;
        undo.reverse();
        (self.ops, undo)
    }
}
