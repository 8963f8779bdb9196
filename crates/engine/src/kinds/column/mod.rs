//! Columns: added, changed in place (type, default, NOT NULL through a NOT VALID check
//! validated later, generation, identity, storage, statistics target, compression,
//! attribute options, comment), dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Column, QualName};
use serde::Serialize;

/// Columns of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ColumnOp {
    /// `SET STORAGE`; `None`: back to the type's own.
    SetStorage {
        table: QualName,
        column: String,
        storage: Option<crate::model::Storage>,
    },
    /// `SET STATISTICS`; `None`: back to the default.
    SetStatistics {
        table: QualName,
        column: String,
        target: Option<i32>,
    },
    /// `SET COMPRESSION`; `None`: back to the server's default.
    SetCompression {
        table: QualName,
        column: String,
        compression: Option<String>,
    },
    /// `RESET (...)` then `SET (...)`: attribute options (`n_distinct`).
    SetOptions {
        table: QualName,
        column: String,
        set: Vec<String>,
        reset: Vec<String>,
    },
    AddColumn {
        table: QualName,
        column: Column,
    },
    DropColumn {
        table: QualName,
        column: String,
    },
    /// Drops a column from a parent table only; inheritance children keep theirs.
    DropColumnOnly {
        table: QualName,
        column: String,
    },
    /// `using: None` converts with a plain cast to the new type.
    SetType {
        table: QualName,
        column: String,
        data_type: String,
        collation: Option<String>,
        using: Option<String>,
        /// A generated column (computed again: no USING).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        generated: bool,
    },
    SetDefault {
        table: QualName,
        column: String,
        default: Option<String>,
        /// The table's own default only (`ALTER TABLE ONLY`): its inheritance children and
        /// partitions keep theirs, each set by a step of its own where it changes (so that
        /// a rollback gives each its own back). Without it PostgreSQL sets theirs too, as a
        /// type change, whose default goes off and on around it, needs.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        only: bool,
    },
    SetNotNull {
        table: QualName,
        column: String,
    },
    DropNotNull {
        table: QualName,
        column: String,
    },
    AddIdentity {
        table: QualName,
        column: String,
        identity: crate::model::Identity,
        options: Option<String>,
    },
    SetIdentityOptions {
        table: QualName,
        column: String,
        options: Option<String>,
    },
    /// ALWAYS <-> BY DEFAULT, keeping the sequence.
    SetIdentityKind {
        table: QualName,
        column: String,
        identity: crate::model::Identity,
    },
    DropIdentity {
        table: QualName,
        column: String,
    },
    /// A serial column (its default taken from `sequence`, which it owns) made an identity
    /// column: the default and the sequence go, and the identity's own sequence goes on
    /// from where that one stood (no value is given twice).
    SerialToIdentity {
        table: QualName,
        column: String,
        sequence: QualName,
        identity: crate::model::Identity,
        options: Option<String>,
    },
    /// The identity of column `from` moves to column `to` (of the same table, NOT NULL): `to`
    /// becomes an identity column whose sequence goes on from where `from`'s stood, and
    /// `from` an ordinary one. Nothing when `to` is one already.
    MoveIdentity {
        table: QualName,
        from: String,
        to: String,
        identity: crate::model::Identity,
        options: Option<String>,
    },
    /// An identity column made serial: `sequence` created, owned by the column and its
    /// default, going on from where the identity's sequence stood.
    IdentityToSerial {
        table: QualName,
        column: String,
        sequence: crate::model::Sequence,
    },
    /// Turns a generated column into an ordinary one.
    DropExpression {
        table: QualName,
        column: String,
    },
    RenameColumn {
        table: QualName,
        from: String,
        to: String,
    },
    /// Copies a column's values (with the primary key) into an archive table.
    ArchiveColumn {
        table: QualName,
        column: String,
        key: Vec<String>,
        archive: QualName,
    },
    /// Puts archived values back and drops the archive table.
    RestoreColumn {
        table: QualName,
        column: String,
        key: Vec<String>,
        archive: QualName,
        /// For rows the archive lacks (written after the drop): the value, as an SQL
        /// expression over the row (a retired column's `down`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        down: Option<String>,
    },
    CommentOnColumn {
        table: QualName,
        column: String,
        comment: Option<String>,
    },
}
