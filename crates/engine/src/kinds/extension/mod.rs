//! Extensions: created, updated to the version the target names, dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::Extension;
use serde::Serialize;

/// Extensions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ExtensionOp {
    CreateExtension { ext: Extension },
    DropExtension { name: String },
    UpdateExtension { name: String, version: String },
}
