//! Rendering: Comments.

use crate::plan::CommentOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &CommentOp) -> Vec<Statement> {
    match op {
        CommentOp::Comment { on, comment } => vec![Statement::tx(format!(
            "COMMENT ON {} IS {}",
            comment_target(on),
            comment.as_deref().map_or_else(|| "NULL".to_string(), literal)
        ))],
    }
}

pub(crate) fn comment_target(on: &CommentOn) -> String {
    match on {
        CommentOn::Schema { name } => format!("SCHEMA {}", ident(name)),
        CommentOn::View { name, materialized } => {
            format!("{}VIEW {}", if *materialized { "MATERIALIZED " } else { "" }, qual(name))
        }
        CommentOn::Column { table, column } => format!("COLUMN {}.{}", qual(table), ident(column)),
        CommentOn::Type { name, domain } => format!("{} {}", if *domain { "DOMAIN" } else { "TYPE" }, qual(name)),
        CommentOn::Sequence { name } => format!("SEQUENCE {}", qual(name)),
        CommentOn::Index { name, .. } => format!("INDEX {}", qual(name)),
        CommentOn::Constraint { table, name } => format!("CONSTRAINT {} ON {}", ident(name), qual(table)),
        CommentOn::Trigger { table, name } => format!("TRIGGER {} ON {}", ident(name), qual(table)),
        CommentOn::Policy { table, name } => format!("POLICY {} ON {}", ident(name), qual(table)),
    }
}
