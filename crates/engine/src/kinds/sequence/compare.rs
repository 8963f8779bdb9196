//! Sequences compared.

use crate::diff::compare::{matched, Matched};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn sequences(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for m in matched(&from.sequences, &to.sequences) {
        match m {
            Matched::New(s) => out.push(Change::CreateSequence { s: s.clone() }),
            Matched::Both(f, s) if f != s => out.push(Change::AlterSequence { from: f.clone(), to: s.clone() }),
            Matched::Both(..) => {}
            Matched::Gone(s) => out.push(Change::DropSequence { s: s.clone() }),
        }
    }
}
