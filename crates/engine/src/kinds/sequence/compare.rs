//! Sequences compared.

use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn sequences(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for (q, s) in &to.sequences {
        match from.sequences.get(q) {
            None => out.push(Change::CreateSequence { s: s.clone() }),
            Some(f) if f != s => out.push(Change::AlterSequence { from: f.clone(), to: s.clone() }),
            Some(_) => {}
        }
    }
    for (q, s) in &from.sequences {
        if !to.sequences.contains_key(q) {
            out.push(Change::DropSequence { s: s.clone() });
        }
    }
}
