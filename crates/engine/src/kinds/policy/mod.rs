//! Row-level security policies: created, dropped, and dropped and created again to change.
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
    CreatePolicy { p: Policy },
    DropPolicy { table: QualName, name: String },
}
