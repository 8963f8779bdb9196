//! Indexes compared (those behind constraints come and go with their constraints).

use crate::diff::compare::{Remade, Rules};
use crate::diff::{same_index, Change};
use crate::model::Schema;

pub(crate) fn indexes(from: &Schema, to: &Schema, rules: &Rules, remade: &mut Remade, out: &mut Vec<Change>) {
    // Indexes (those behind constraints come and go with their constraints).
    remade.views = crate::kinds::view::compare::views_to_recreate(from, to, rules, remade);
    let Remade { tables: new_tables, gone_relations, views: recreated_views, .. } = remade;
    for (q, ix) in to.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let table_new =
            new_tables.contains(&ix.table) || recreated_views.contains(&ix.table) || !from.has_relation(&ix.table);
        match from.indexes.get(q).filter(|i| !i.constraint_backed) {
            Some(_) if table_new => out.push(Change::CreateIndex { index: ix.clone(), new_table: true }),
            None => out.push(Change::CreateIndex { index: ix.clone(), new_table: table_new }),
            Some(old) if !same_index(old, ix) => out.push(Change::ReplaceIndex { from: old.clone(), to: ix.clone() }),
            Some(_) => {}
        }
    }
    for (q, ix) in from.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let kept = to.indexes.get(q).is_some_and(|i| !i.constraint_backed);
        if !kept && !gone_relations.contains(&ix.table) && to.has_relation(&ix.table) {
            out.push(Change::DropIndex { index: ix.clone() });
        }
    }
}
