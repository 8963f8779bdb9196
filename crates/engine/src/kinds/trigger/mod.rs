//! Triggers: created after the function they call, dropped before it.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{QualName, Trigger};
use serde::Serialize;

/// Triggers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TriggerOp {
    /// `CREATE OR REPLACE FUNCTION` from its full definition.
    CreateTrigger {
        t: Trigger,
    },
    DropTrigger {
        table: QualName,
        name: String,
    },
}
