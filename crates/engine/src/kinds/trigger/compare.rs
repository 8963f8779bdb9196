//! Triggers compared. A trigger on a table or view that is created again is created again
//! with it; one on a dropped relation goes with it.

use crate::diff::compare::{matched, Matched, Remade};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn triggers(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for m in matched(&from.triggers, &to.triggers) {
        match m {
            Matched::New(t) => out.push(Change::CreateTrigger { t: t.clone() }),
            Matched::Both(_, t) if remade.relation(&t.table) => out.push(Change::CreateTrigger { t: t.clone() }),
            Matched::Both(f, t) if f != t => out.push(Change::ReplaceTrigger { from: f.clone(), to: t.clone() }),
            Matched::Both(..) => {}
            Matched::Gone(t) if remade.survives(to, &t.table) => out.push(Change::DropTrigger { t: t.clone() }),
            Matched::Gone(_) => {}
        }
    }
}
