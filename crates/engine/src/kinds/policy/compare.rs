//! Row-level security policies compared. A policy on a table that is created again is
//! created again with it; one on a dropped table goes with it.

use crate::diff::compare::{on_relation, OnRelation, Remade};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn policies(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for c in on_relation(&from.policies, &to.policies, to, remade, |x| &x.table, |a, b| a == b) {
        out.push(match c {
            OnRelation::Create(p) => Change::CreatePolicy { p: p.clone() },
            OnRelation::Replace(f, p) => Change::ReplacePolicy { from: f.clone(), to: p.clone() },
            OnRelation::Drop(p) => Change::DropPolicy { p: p.clone() },
            OnRelation::Keep(..) => continue,
        });
    }
}
