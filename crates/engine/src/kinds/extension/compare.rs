//! Extensions compared: created, moved (dropped and created in the new schema),
//! updated when the scope compares versions, dropped.

use crate::diff::compare::Rules;
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn extensions(from: &Schema, to: &Schema, rules: &Rules, out: &mut Vec<Change>) {
    for (n, e) in &to.extensions {
        match from.extensions.get(n) {
            None => out.push(Change::CreateExtension { ext: e.clone() }),
            Some(f) if f.schema != e.schema => {
                out.push(Change::DropExtension { ext: f.clone() });
                out.push(Change::CreateExtension { ext: e.clone() });
            }
            Some(f) if rules.extension_versions && f.version != e.version => {
                out.push(Change::AlterExtension { from: f.clone(), to: e.clone() })
            }
            Some(_) => {}
        }
    }
    for (n, e) in &from.extensions {
        if !to.extensions.contains_key(n) {
            out.push(Change::DropExtension { ext: e.clone() });
        }
    }
}
