//! Rendering: Triggers.

use crate::plan::TriggerOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &TriggerOp) -> Vec<Statement> {
    match op {
        TriggerOp::CreateTrigger { t } => {
            let mut out = Vec::new();
            if let Some(rest) = t.definition.strip_prefix("CREATE TRIGGER ") {
                out.push(Statement::tx(format!("CREATE OR REPLACE TRIGGER {rest}")));
            } else {
                out.push(guarded(
                    &format!(
                        "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = {} AND tgname = {})",
                        regclass(&t.table),
                        literal(&t.name)
                    ),
                    &t.definition,
                ));
            }
            let state = match t.enabled.as_str() {
                "D" => Some("DISABLE TRIGGER"),
                "R" => Some("ENABLE REPLICA TRIGGER"),
                "A" => Some("ENABLE ALWAYS TRIGGER"),
                _ => None,
            };
            if let Some(state) = state {
                out.push(Statement::tx(format!("ALTER TABLE {} {state} {}", qual(&t.table), ident(&t.name))));
            }
            out
        }
        TriggerOp::DropTrigger { table, name } => {
            vec![Statement::tx(format!("DROP TRIGGER IF EXISTS {} ON {}", ident(name), qual(table)))]
        }
    }
}
