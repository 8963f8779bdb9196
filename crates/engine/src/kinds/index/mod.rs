//! Indexes: built CONCURRENTLY on existing tables (inside the transaction on tables the
//! migration creates), dropped and built again when their definition changes, dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Index, QualName};
use serde::Serialize;

/// Indexes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum IndexOp {
    CreateIndex {
        index: Index,
        concurrently: bool,
    },
    /// The index of a partitioned table on the table alone (`ON ONLY`): invalid until an
    /// index of each partition is attached to it.
    CreateIndexOnParent {
        index: Index,
    },
    /// A partition's index attached to its parent table's.
    AttachIndex {
        parent: QualName,
        child: QualName,
    },
    /// `ALTER INDEX ... SET (...)` and `RESET (...)`: storage parameters.
    SetIndexOptions {
        index: QualName,
        set: Vec<String>,
        reset: Vec<String>,
    },
    DropIndex {
        index: QualName,
        concurrently: bool,
    },
    /// `ALTER INDEX ... RENAME TO`, if the index is there.
    RenameIndex {
        index: QualName,
        to: String,
    },
    /// The index of `partition` attached to `parent` renamed `to`, whatever its name now
    /// (PostgreSQL names the index it makes for a partition itself), if there is one.
    NamePartitionIndex {
        parent: QualName,
        partition: QualName,
        to: String,
    },
}
