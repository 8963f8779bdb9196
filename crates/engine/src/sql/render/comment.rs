//! Rendering: Comments.

use super::*;
use crate::plan::CommentOp;

pub(super) fn render(op: &CommentOp) -> Vec<Statement> {
    match op {
        CommentOp::Comment { on, comment } => vec![Statement::tx(format!(
            "COMMENT ON {} IS {}",
            comment_target(on),
            comment.as_deref().map_or_else(|| "NULL".to_string(), literal)
        ))],
    }
}
