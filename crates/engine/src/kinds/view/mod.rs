//! Views and materialized views: created, replaced, dropped and created again when their
//! definition or what they read changes, dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{QualName, View};
use serde::Serialize;

/// Views and materialized views.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ViewOp {
    CreateView {
        view: View,
    },
    /// Replaces a view's definition; drops and recreates it when its columns change.
    ReplaceView {
        view: View,
    },
    DropView {
        view: QualName,
    },
    DropMaterializedView {
        view: QualName,
    },
}
