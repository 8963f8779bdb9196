//! Rendering: Constraints.

use super::*;
use crate::plan::ConstraintOp;

pub(super) fn render(op: &ConstraintOp) -> Vec<Statement> {
    match op {
        ConstraintOp::AddConstraint { table, constraint, not_valid } => {
            let nv = if *not_valid { " NOT VALID" } else { "" };
            vec![guarded(
                &format!("NOT {}", constraint_exists(table, &constraint.name)),
                &format!("ALTER TABLE {} ADD CONSTRAINT {} {}{nv}", qual(table), ident(&constraint.name), constraint_definition(constraint)),
            )]
        }
        ConstraintOp::AddNotNullCheck { table, column, name } => vec![guarded(
            &format!("NOT {}", constraint_exists(table, name)),
            &format!("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", qual(table), ident(name), ident(column)),
        )],
        ConstraintOp::ValidateConstraint { table, name } => vec![guarded(
            &format!(
                "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = {} AND conname = {} AND NOT convalidated)",
                regclass(table),
                literal(name)
            ),
            &format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", qual(table), ident(name)),
        )],
        ConstraintOp::DropConstraint { table, name } => vec![Statement::tx(format!("ALTER TABLE IF EXISTS {} DROP CONSTRAINT IF EXISTS {}", qual(table), ident(name)))],
        ConstraintOp::ConstraintUsingIndex { table, name, primary } => vec![guarded(
            &format!("NOT {}", constraint_exists(table, name)),
            &format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {} USING INDEX {}",
                qual(table),
                ident(name),
                if *primary { "PRIMARY KEY" } else { "UNIQUE" },
                ident(name)
            ),
        )],
    }
}
