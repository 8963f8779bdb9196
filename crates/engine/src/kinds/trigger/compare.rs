//! Triggers compared. A trigger on a table or view that is created again is created again
//! with it; one on a dropped relation goes with it.

use crate::diff::compare::{on_relation, OnRelation, Remade};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn triggers(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for c in on_relation(&from.triggers, &to.triggers, to, remade, |x| &x.table) {
        out.push(match c {
            OnRelation::Create(t) => Change::CreateTrigger { t: t.clone() },
            OnRelation::Replace(f, t) => Change::ReplaceTrigger { from: f.clone(), to: t.clone() },
            OnRelation::Drop(t) => Change::DropTrigger { t: t.clone() },
        });
    }
}
