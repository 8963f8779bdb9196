//! Row-level security policies: created, dropped, and changed in one step (`ALTER POLICY`
//! where it can, else dropped and created again in the same transaction).
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Policy, QualName};
use serde::Serialize;

/// Row-level security policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PolicyOp {
    CreatePolicy {
        p: Policy,
    },
    /// `ALTER POLICY` to `p`'s roles and expressions (same command and kind).
    AlterPolicy {
        p: Policy,
    },
    DropPolicy {
        table: QualName,
        name: String,
    },
}
