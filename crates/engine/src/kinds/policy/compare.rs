//! Row-level security policies compared. A policy on a table that is created again is
//! created again with it; one on a dropped table goes with it.

use crate::diff::compare::{matched, Matched, Remade};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn policies(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for m in matched(&from.policies, &to.policies) {
        match m {
            Matched::New(p) => out.push(Change::CreatePolicy { p: p.clone() }),
            Matched::Both(_, p) if remade.relation(&p.table) => out.push(Change::CreatePolicy { p: p.clone() }),
            Matched::Both(f, p) if f != p => out.push(Change::ReplacePolicy { from: f.clone(), to: p.clone() }),
            Matched::Both(..) => {}
            Matched::Gone(p) if remade.survives(to, &p.table) => out.push(Change::DropPolicy { p: p.clone() }),
            Matched::Gone(_) => {}
        }
    }
}
