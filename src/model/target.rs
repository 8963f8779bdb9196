//! What one migration asks for: the objects it declares, renames, and retirements.

use super::{QualName, Schema, Table};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Retire {
    Table { table: QualName },
    View { view: QualName },
    Column { table: QualName, column: String },
    Index { index: QualName },
    Constraint { table: QualName, constraint: String },
}

/// A migration's target. Tables in `schema` hold only the columns, constraints and indexes
/// the spec names: what a spec does not name is left alone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Target {
    pub schema: Schema,
    /// (old, new) table names.
    pub table_renames: Vec<(QualName, QualName)>,
    /// (table, by its new name; old column; new column).
    pub column_renames: Vec<(QualName, String, String)>,
    pub retire: Vec<Retire>,
}

impl Target {
    /// The schema after this target is applied to `before`.
    pub fn apply_to(&self, before: &Schema) -> Schema {
        let mut s = before.clone();
        for (old, new) in &self.table_renames {
            if let Some(mut t) = s.tables.remove(old) {
                t.name = new.clone();
                for ix in s.indexes.values_mut().filter(|i| &i.table == old) {
                    ix.table = new.clone();
                }
                s.tables.insert(new.clone(), t);
            }
        }
        for (table, old, new) in &self.column_renames {
            if let Some(t) = s.tables.get_mut(table) {
                if let Some(c) = t.columns.iter_mut().find(|c| &c.name == old) {
                    c.name = new.clone();
                }
            }
        }
        for q in self.schema.tables.keys().chain(self.schema.views.keys()) {
            s.schemas.insert(q.schema.clone());
        }
        for (q, want) in &self.schema.tables {
            let t = s.tables.entry(q.clone()).or_insert_with(|| Table::new(q.clone()));
            merge_table(t, want);
        }
        for (q, ix) in &self.schema.indexes {
            s.indexes.insert(q.clone(), ix.clone());
        }
        for (q, v) in &self.schema.views {
            s.views.insert(q.clone(), v.clone());
        }
        for r in &self.retire {
            match r {
                Retire::Table { table } => {
                    s.tables.remove(table);
                    s.indexes.retain(|_, i| &i.table != table);
                }
                Retire::View { view } => {
                    s.views.remove(view);
                }
                Retire::Column { table, column } => {
                    if let Some(t) = s.tables.get_mut(table) {
                        t.columns.retain(|c| &c.name != column);
                    }
                }
                Retire::Index { index } => {
                    s.indexes.remove(index);
                }
                Retire::Constraint { table, constraint } => {
                    if let Some(t) = s.tables.get_mut(table) {
                        t.constraints.retain(|c| &c.name != constraint);
                    }
                }
            }
        }
        s
    }
}

fn merge_table(t: &mut Table, want: &Table) {
    for c in &want.columns {
        match t.columns.iter_mut().find(|x| x.name == c.name) {
            Some(x) => *x = c.clone(),
            None => t.columns.push(c.clone()),
        }
    }
    for c in &want.constraints {
        match t.constraints.iter_mut().find(|x| x.name == c.name) {
            Some(x) => *x = c.clone(),
            None => t.constraints.push(c.clone()),
        }
    }
    if want.comment.is_some() {
        t.comment = want.comment.clone();
    }
}
