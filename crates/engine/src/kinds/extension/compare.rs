//! Extensions compared: created, moved (dropped and created in the new schema),
//! updated when the scope compares versions, dropped.

use crate::diff::compare::{matched, Matched, Rules};
use crate::diff::Change;
use crate::model::Schema;

pub(crate) fn extensions(from: &Schema, to: &Schema, rules: &Rules, out: &mut Vec<Change>) {
    for m in matched(&from.extensions, &to.extensions) {
        match m {
            Matched::New(e) => out.push(Change::CreateExtension { ext: e.clone() }),
            Matched::Both(f, e) if f.schema != e.schema => {
                out.push(Change::DropExtension { ext: f.clone() });
                out.push(Change::CreateExtension { ext: e.clone() });
            }
            Matched::Both(f, e) if rules.extension_versions && f.version != e.version => {
                out.push(Change::AlterExtension { from: f.clone(), to: e.clone() })
            }
            Matched::Both(..) => {}
            Matched::Gone(e) => out.push(Change::DropExtension { ext: e.clone() }),
        }
    }
}
