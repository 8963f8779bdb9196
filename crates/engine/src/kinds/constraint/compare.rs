//! Constraints compared, within a table on both sides: added, replaced when their
//! definition changes, validated when only that differs, dropped.

use crate::diff::{Change, CommentOn};
use crate::model::Table;

pub(crate) fn constraints(f: &Table, t: &Table, out: &mut Vec<Change>) {
    let q = &t.name;
    for c in &t.constraints {
        // A constraint added again has no comment yet.
        let had_comment = match f.constraint(&c.name) {
            None => {
                out.push(Change::AddConstraint { table: q.clone(), constraint: c.clone(), new_table: false });
                None
            }
            Some(old) if old.kind != c.kind => {
                out.push(Change::ReplaceConstraint { table: q.clone(), from: old.clone(), to: c.clone() });
                None
            }
            Some(old) => {
                if !old.validated && c.validated {
                    out.push(Change::ValidateConstraint { table: q.clone(), constraint: old.clone() });
                }
                old.comment.clone()
            }
        };
        if had_comment != c.comment {
            let on = CommentOn::Constraint { table: q.clone(), name: c.name.clone() };
            out.push(Change::Comment { on, from: had_comment, to: c.comment.clone() });
        }
    }
    for c in &f.constraints {
        if t.constraint(&c.name).is_none() {
            out.push(Change::DropConstraint { table: q.clone(), constraint: c.clone() });
        }
    }
}
