//! Tables as a whole: created, commented on, dropped, recreated between plain and
//! partitioned, their options (row security), partitions attached and detached, and
//! inheritance.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{QualName, Table};
use serde::Serialize;

/// Tables as a whole: create, drop, rename, move, options, partitions, inheritance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TableOp {
    CreateTable {
        table: Box<Table>,
    },
    /// `LOCK TABLE` (those there), at the start of a step's transaction: the order in which
    /// its statements take their locks otherwise (a foreign key's table before the one it
    /// references) would deadlock with applications that write parents before children.
    Lock {
        tables: Vec<QualName>,
        mode: crate::plan::lock::LockMode,
    },
    DropTable {
        table: QualName,
    },
    RenameTable {
        from: QualName,
        to: QualName,
    },
    /// Moves a table to another schema and/or name (retire to the archive, and back).
    MoveTable {
        from: QualName,
        to: QualName,
    },
    CommentOnTable {
        table: QualName,
        comment: Option<String>,
    },
    SetLogged {
        table: QualName,
        unlogged: bool,
    },
    SetRowSecurity {
        table: QualName,
        enabled: bool,
    },
    SetForceRowSecurity {
        table: QualName,
        forced: bool,
    },
    /// `ALTER TABLE ... SET (...)` and `RESET (...)`: storage parameters.
    SetStorage {
        table: QualName,
        set: Vec<String>,
        reset: Vec<String>,
    },
    SetReplicaIdentity {
        table: QualName,
        identity: Option<crate::model::ReplicaIdentity>,
    },
    /// `ALTER TABLE ... OF type` (its columns are the type's), or `NOT OF` for none.
    SetOfType {
        table: QualName,
        of_type: Option<QualName>,
    },
    /// `ALTER TABLE ... CLUSTER ON index`, or `SET WITHOUT CLUSTER` for none.
    SetClusterOn {
        table: QualName,
        index: Option<String>,
    },
    AttachPartition {
        table: QualName,
        parent: QualName,
        bound: String,
    },
    /// `concurrently`: without blocking the parent's readers and writers (outside a
    /// transaction; not allowed while the parent has a default partition).
    DetachPartition {
        table: QualName,
        parent: QualName,
        #[serde(default)]
        concurrently: bool,
    },
    Inherit {
        table: QualName,
        parent: QualName,
        inherit: bool,
    },
    /// Drops the check constraints of `table` not named in `keep`: the one a concurrent
    /// detach adds (its partition bound, under a name of PostgreSQL's choosing).
    DropChecksNotIn {
        table: QualName,
        keep: Vec<String>,
    },
}
