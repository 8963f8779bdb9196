//! Comments on objects that have no comment operation of their own (schemas, views,
//! columns, types, sequences): one COMMENT ON, its rollback the comment before. They are
//! compared with the objects they are on.
//!
//! `plan` turns their changes into steps, `render` their operations into SQL.

pub mod plan;
pub mod render;

use serde::Serialize;

/// Comments on objects without a kind of their own here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CommentOp {
    Comment { on: crate::diff::CommentOn, comment: Option<String> },
}
