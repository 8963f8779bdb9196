//! Rendering: Views and materialized views.

use crate::plan::ViewOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &ViewOp) -> Vec<Statement> {
    match op {
        ViewOp::CreateView { view } => {
            let q = view.query.trim().trim_end_matches(';');
            let with = with_options(&view.options);
            let mut out = vec![Statement::tx(if view.materialized {
                format!("CREATE MATERIALIZED VIEW IF NOT EXISTS {}{with} AS\n{q}", qual(&view.name))
            } else {
                format!("CREATE OR REPLACE VIEW {}{with} AS\n{q}", qual(&view.name))
            })];
            if view.comment.is_some() {
                let kind = if view.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
                out.push(Statement::tx(comment(format!("{kind} {}", qual(&view.name)), &view.comment)));
            }
            for (c, text) in &view.column_comments {
                out.push(Statement::tx(comment(
                    format!("COLUMN {}.{}", qual(&view.name), ident(c)),
                    &Some(text.clone()),
                )));
            }
            out
        }
        ViewOp::ReplaceView { view } => {
            let q = view.query.trim().trim_end_matches(';');
            let name = qual(&view.name);
            // OR REPLACE sets the options to those given (none: none).
            let with = with_options(&view.options);
            let mut out = vec![Statement::tx(format!(
                "DO {}",
                dollar(&format!(
                    "\nBEGIN\n  CREATE OR REPLACE VIEW {name}{with} AS\n{q};\nEXCEPTION WHEN invalid_table_definition THEN\n  -- the columns changed: CREATE OR REPLACE cannot do that\n  DROP VIEW {name};\n  CREATE VIEW {name}{with} AS\n{q};\nEND\n"
                ))
            ))];
            out.push(Statement::tx(comment(format!("VIEW {name}"), &view.comment)));
            out
        }
        ViewOp::DropView { view } => vec![Statement::tx(format!("DROP VIEW IF EXISTS {}", qual(view)))],
        ViewOp::DropMaterializedView { view } => {
            vec![Statement::tx(format!("DROP MATERIALIZED VIEW IF EXISTS {}", qual(view)))]
        }
    }
}

/// ` WITH (a=b, ...)`, or nothing.
fn with_options(options: &[String]) -> String {
    if options.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", options.join(", "))
    }
}
