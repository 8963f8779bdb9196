//! Rendering: Constraints.

use crate::plan::ConstraintOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &ConstraintOp) -> Vec<Statement> {
    match op {
        ConstraintOp::AddConstraint { table, constraint, not_valid } => {
            let nv = if *not_valid { " NOT VALID" } else { "" };
            let add = format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {}{nv}",
                qual(table),
                ident(&constraint.name),
                constraint_definition(constraint)
            );
            // A foreign key locks its table, then the one it references: the referenced one
            // first, as applications that write a parent, then its child, in one transaction
            // take them, or the two wait for each other (a deadlock, and a failed write).
            let body = match &constraint.kind {
                crate::model::ConstraintKind::ForeignKey(fk) if &fk.ref_table != table => {
                    format!("{};\n    {add}", lock_table(&fk.ref_table, crate::plan::lock::LockMode::ShareRowExclusive))
                }
                _ => add,
            };
            vec![guarded(&format!("NOT {}", constraint_exists(table, &constraint.name)), &body)]
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
        ConstraintOp::Revalidate { table, name } => vec![Statement::outside_tx(format!(
            "DO {}",
            dollar(&format!(
                "\nBEGIN\n  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = {} AND conname = {} AND NOT convalidated) THEN\n    ALTER TABLE {} VALIDATE CONSTRAINT {};\n  END IF;\nEXCEPTION WHEN check_violation OR foreign_key_violation THEN\n  NULL;\nEND\n",
                regclass(table),
                literal(name),
                qual(table),
                ident(name)
            ))
        ))],
        ConstraintOp::DropConstraint { table, name } => vec![Statement::tx(format!("ALTER TABLE IF EXISTS {} DROP CONSTRAINT IF EXISTS {}", qual(table), ident(name)))],
        ConstraintOp::RenameConstraint { table, from, to } => vec![guarded(
            &format!("{} AND NOT {}", constraint_exists(table, from), constraint_exists(table, to)),
            &format!("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", qual(table), ident(from), ident(to)),
        )],
        ConstraintOp::ConstraintUsingIndex { table, name, index, primary } => vec![guarded(
            &format!("NOT {}", constraint_exists(table, name)),
            &format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {} USING INDEX {}",
                qual(table),
                ident(name),
                if *primary { "PRIMARY KEY" } else { "UNIQUE" },
                ident(index)
            ),
        )],
    }
}

/// The part after `CONSTRAINT name`.
pub fn constraint_definition(c: &Constraint) -> String {
    match &c.kind {
        ConstraintKind::PrimaryKey { columns } => format!("PRIMARY KEY ({})", idents(columns)),
        ConstraintKind::Unique { columns } => format!("UNIQUE ({})", idents(columns)),
        ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
        ConstraintKind::Raw { definition, .. } => definition.clone(),
        ConstraintKind::ForeignKey(fk) => {
            let mut s = format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                idents(&fk.columns),
                qual(&fk.ref_table),
                idents(&fk.ref_columns)
            );
            if fk.match_full {
                s.push_str(" MATCH FULL");
            }
            if fk.on_update != crate::model::FkAction::NoAction {
                s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
            }
            if fk.on_delete != crate::model::FkAction::NoAction {
                s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
                if !fk.on_delete_columns.is_empty() {
                    s.push_str(&format!(" ({})", idents(&fk.on_delete_columns)));
                }
            }
            if fk.deferrable {
                s.push_str(" DEFERRABLE");
                if fk.initially_deferred {
                    s.push_str(" INITIALLY DEFERRED");
                }
            }
            s
        }
    }
}

pub(crate) fn constraint_exists(table: &QualName, name: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = {} AND conname = {})",
        regclass(table),
        literal(name)
    )
}
