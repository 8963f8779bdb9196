//! Rendering: Sequences.

use super::*;
use crate::plan::SequenceOp;

pub(super) fn render(op: &SequenceOp) -> Vec<Statement> {
    match op {
        SequenceOp::CreateSequence { s } => {
            vec![Statement::tx(format!("CREATE SEQUENCE IF NOT EXISTS {} {}", qual(&s.name), sequence_options(s)))]
        }
        SequenceOp::AlterSequence { s } => {
            vec![Statement::tx(format!("ALTER SEQUENCE {} {}", qual(&s.name), sequence_options(s)))]
        }
        SequenceOp::SetSequenceOwner { name, owner } => vec![Statement::tx(match owner {
            Some((t, c)) => format!("ALTER SEQUENCE {} OWNED BY {}.{}", qual(name), qual(t), ident(c)),
            None => format!("ALTER SEQUENCE {} OWNED BY NONE", qual(name)),
        })],
        SequenceOp::DropSequence { name } => vec![Statement::tx(format!("DROP SEQUENCE IF EXISTS {}", qual(name)))],
    }
}
