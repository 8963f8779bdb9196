//! Triggers compared. A trigger on a table or view that is created again is created again
//! with it; one on a dropped relation goes with it.

use crate::diff::compare::Remade;
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn triggers(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for (k, t) in &to.triggers {
        match from.triggers.get(k) {
            Some(_) if remade.relation(&t.table) => out.push(Change::CreateTrigger { t: t.clone() }),
            None => out.push(Change::CreateTrigger { t: t.clone() }),
            Some(old) if old != t => out.push(Change::ReplaceTrigger { from: old.clone(), to: t.clone() }),
            Some(_) => {}
        }
    }
    for (k, t) in &from.triggers {
        if !to.triggers.contains_key(k) && remade.survives(to, &t.table) {
            out.push(Change::DropTrigger { t: t.clone() });
        }
    }
}
