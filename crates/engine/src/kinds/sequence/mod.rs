//! Sequences: created, altered to the target's options, dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{QualName, Sequence};
use serde::Serialize;

/// Sequences.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SequenceOp {
    CreateSequence { s: Sequence },
    AlterSequence { s: Sequence },
    SetSequenceOwner { name: QualName, owner: Option<(QualName, String)> },
    DropSequence { name: QualName },
}
