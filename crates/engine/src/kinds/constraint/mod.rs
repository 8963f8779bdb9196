//! Table constraints: added online (checks and foreign keys NOT VALID, then validated;
//! unique and primary keys over a unique index built concurrently), replaced, validated,
//! dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Constraint, QualName};
use serde::Serialize;

/// Table constraints.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ConstraintOp {
    AddConstraint {
        table: QualName,
        constraint: Constraint,
        not_valid: bool,
    },
    /// `CHECK (column IS NOT NULL) NOT VALID`, the first half of an online SET NOT NULL.
    AddNotNullCheck {
        table: QualName,
        column: String,
        name: String,
    },
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    /// A constraint a rollback put back `NOT VALID` (added back, it cannot fail on rows
    /// written meanwhile), validated again once the rollback's transaction is committed,
    /// so that its scan blocks no writer; rows that break it leave it `NOT VALID`.
    Revalidate {
        table: QualName,
        name: String,
    },
    DropConstraint {
        table: QualName,
        name: String,
    },
    /// Renames a constraint (and the index of a key with it), unless done already.
    RenameConstraint {
        table: QualName,
        from: String,
        to: String,
    },
    /// Turns the unique index `index` into a primary key or unique constraint `name` (the
    /// index takes the constraint's name).
    ConstraintUsingIndex {
        table: QualName,
        name: String,
        index: String,
        primary: bool,
    },
}
