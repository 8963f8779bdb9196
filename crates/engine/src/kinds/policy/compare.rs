//! Row-level security policies compared. A policy on a table that is created again is
//! created again with it; one on a dropped table goes with it. A policy whose comment alone
//! changed keeps the policy.

use crate::diff::compare::{on_relation, OnRelation, Remade};
use crate::diff::{Change, CommentOn};
use crate::model::{Policy, Schema};

pub(crate) fn policies(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    let same = |a: &Policy, b: &Policy| Policy { comment: None, ..a.clone() } == Policy { comment: None, ..b.clone() };
    for c in on_relation(&from.policies, &to.policies, to, remade, |x| &x.table, same) {
        out.push(match c {
            // (Created with its comment; changed, with the comment the target gives it.)
            OnRelation::Create(p) => Change::CreatePolicy { p: p.clone() },
            OnRelation::Replace(f, p) => Change::ReplacePolicy { from: f.clone(), to: p.clone() },
            OnRelation::Drop(p) => Change::DropPolicy { p: p.clone() },
            OnRelation::Keep(f, p) if f.comment != p.comment => Change::Comment {
                on: CommentOn::Policy { table: p.table.clone(), name: p.name.clone() },
                from: f.comment.clone(),
                to: p.comment.clone(),
            },
            OnRelation::Keep(..) => continue,
        });
    }
}
