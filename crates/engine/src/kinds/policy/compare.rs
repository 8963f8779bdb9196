//! Row-level security policies compared. A policy on a table that is created again is
//! created again with it; one on a dropped table goes with it.

use crate::diff::compare::Remade;
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn policies(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for (k, p) in &to.policies {
        match from.policies.get(k) {
            Some(_) if remade.relation(&p.table) => out.push(Change::CreatePolicy { p: p.clone() }),
            None => out.push(Change::CreatePolicy { p: p.clone() }),
            Some(old) if old != p => out.push(Change::ReplacePolicy { from: old.clone(), to: p.clone() }),
            Some(_) => {}
        }
    }
    for (k, p) in &from.policies {
        if !to.policies.contains_key(k) && remade.survives(to, &p.table) {
            out.push(Change::DropPolicy { p: p.clone() });
        }
    }
}
