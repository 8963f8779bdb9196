//! Indexes compared (those behind constraints come and go with their constraints).

use crate::diff::compare::Remade;
use crate::diff::{same_index, Change};
use crate::model::Schema;

pub(crate) fn indexes(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    for (q, ix) in to.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let table_new = remade.relation(&ix.table) || !from.has_relation(&ix.table);
        match from.indexes.get(q).filter(|i| !i.constraint_backed) {
            Some(_) if table_new => out.push(Change::CreateIndex { index: ix.clone(), new_table: true }),
            None => out.push(Change::CreateIndex { index: ix.clone(), new_table: table_new }),
            Some(old) if !same_index(old, ix) => out.push(Change::ReplaceIndex { from: old.clone(), to: ix.clone() }),
            Some(_) => {}
        }
    }
    for (q, ix) in from.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let kept = to.indexes.get(q).is_some_and(|i| !i.constraint_backed);
        if !kept && remade.survives(to, &ix.table) {
            out.push(Change::DropIndex { index: ix.clone() });
        }
    }
}
