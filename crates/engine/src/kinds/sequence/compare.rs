//! Sequences compared.

use crate::diff::compare::{matched, Matched};
use crate::diff::Change;
use crate::model::{Schema, Sequence};

pub(crate) fn sequences(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for m in matched(&from.sequences, &to.sequences) {
        match m {
            // A serial column made identity, or back: the column's change makes or drops
            // its sequence, carrying its position (see `ColumnOp::SerialToIdentity`).
            Matched::New(s) if serial_of(s, to, from) => {}
            Matched::Gone(s) if serial_of(s, from, to) => {}
            Matched::New(s) => out.push(Change::CreateSequence { s: s.clone() }),
            Matched::Both(f, s) if f != s => out.push(Change::AlterSequence { from: f.clone(), to: s.clone() }),
            Matched::Both(..) => {}
            Matched::Gone(s) => out.push(Change::DropSequence { s: s.clone() }),
        }
    }
}

/// Whether `s` of schema `here` is the sequence a serial column owns and takes its default
/// from, the column being an identity column in `there`.
fn serial_of(s: &Sequence, here: &Schema, there: &Schema) -> bool {
    let Some((t, c)) = &s.owned_by else {
        return false;
    };
    let column = |x: &Schema| x.tables.get(t).and_then(|tb| tb.column(c)).cloned();
    let (Some(mine), Some(other)) = (column(here), column(there)) else {
        return false;
    };
    let default_from = mine.nextval_sequence(&t.schema).as_ref() == Some(&s.name);
    mine.identity.is_none() && other.identity.is_some() && default_from
}
