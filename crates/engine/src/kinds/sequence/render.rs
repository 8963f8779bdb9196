//! Rendering: Sequences.

use crate::plan::SequenceOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &SequenceOp) -> Vec<Statement> {
    match op {
        SequenceOp::CreateSequence { s } => {
            vec![Statement::tx(format!("CREATE SEQUENCE IF NOT EXISTS {} {}", qual(&s.name), sequence_options(s)))]
        }
        SequenceOp::AlterSequence { s } => {
            // A new MINVALUE above the sequence's current value (MAXVALUE below, counting
            // down) is refused: the sequence first moves on to it, the way it counts, so
            // that no value it gave comes again.
            let (past, bound) = if s.increment < 0 { (">", &s.max) } else { ("<", &s.min) };
            vec![
                guarded(
                    &format!("(SELECT last_value FROM {}) {past} {bound}", qual(&s.name)),
                    &format!("ALTER SEQUENCE {} RESTART WITH {bound}", qual(&s.name)),
                ),
                Statement::tx(format!("ALTER SEQUENCE {} {}", qual(&s.name), sequence_options(s))),
            ]
        }
        SequenceOp::SetSequenceOwner { name, owner } => vec![Statement::tx(match owner {
            Some((t, c)) => format!("ALTER SEQUENCE {} OWNED BY {}.{}", qual(name), qual(t), ident(c)),
            None => format!("ALTER SEQUENCE {} OWNED BY NONE", qual(name)),
        })],
        SequenceOp::DropSequence { name } => vec![Statement::tx(format!("DROP SEQUENCE IF EXISTS {}", qual(name)))],
    }
}

pub(crate) fn sequence_options(s: &crate::model::Sequence) -> String {
    format!(
        "AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
        s.data_type,
        s.increment,
        s.min,
        s.max,
        s.start,
        s.cache,
        if s.cycle { "CYCLE" } else { "NO CYCLE" }
    )
}
