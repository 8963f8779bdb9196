//! Triggers compared. A trigger on a table or view that is created again is created again
//! with it; one on a dropped relation goes with it.

use crate::diff::compare::{on_relation, OnRelation, Remade};
use crate::diff::{Change, CommentOn};
use crate::model::{Schema, Trigger};

pub(crate) fn triggers(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    // A trigger whose comment alone changed keeps the trigger.
    let same =
        |a: &Trigger, b: &Trigger| Trigger { comment: None, ..a.clone() } == Trigger { comment: None, ..b.clone() };
    for c in on_relation(&from.triggers, &to.triggers, to, remade, |x| &x.table, same) {
        // The comment the trigger has once the change above is made (a created trigger has
        // none), and the one it should have.
        let (had, t) = match c {
            OnRelation::Create(t) => {
                out.push(Change::CreateTrigger { t: t.clone() });
                (None, t)
            }
            OnRelation::Replace(f, t) => {
                // CREATE OR REPLACE keeps the trigger, comment and all.
                out.push(Change::ReplaceTrigger { from: f.clone(), to: t.clone() });
                (f.comment.clone(), t)
            }
            OnRelation::Drop(t) => {
                out.push(Change::DropTrigger { t: t.clone() });
                continue;
            }
            OnRelation::Keep(f, t) => (f.comment.clone(), t),
        };
        if had != t.comment {
            let on = CommentOn::Trigger { table: t.table.clone(), name: t.name.clone() };
            out.push(Change::Comment { on, from: had, to: t.comment.clone() });
        }
    }
}
