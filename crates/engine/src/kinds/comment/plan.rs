//! Comments: set, changed or removed in one step whose undo puts the old one back.

use crate::diff::CommentOn;
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::CommentOp;
use crate::plan::{Op, PhaseKind, Step};

/// COMMENT ON takes SHARE UPDATE EXCLUSIVE on the relation it is about.
fn comment_lock(on: &CommentOn) -> Locks {
    let on = match on {
        CommentOn::Column { table, .. } => Locked::Table(table.clone()),
        CommentOn::View { name, .. } => Locked::View(name.clone()),
        CommentOn::Sequence { name } => Locked::Sequence(name.clone()),
        CommentOn::Schema { .. } | CommentOn::Type { .. } => return Locks::none(),
    };
    Lock::new(LockMode::ShareUpdateExclusive, [on], Hold::Brief).into()
}

/// A comment set, changed or removed.
pub fn comment(on: CommentOn, from: Option<String>, to: Option<String>, steps: &mut Vec<Step>) {
    let lock = comment_lock(&on);
    steps.push(Step::new(
        PhaseKind::Expand,
        format!("comment on {}", crate::diff::Change::Comment { on: on.clone(), from: None, to: None }.object()),
        vec![Op::Comment(CommentOp::Comment { on: on.clone(), comment: to })],
        vec![Op::Comment(CommentOp::Comment { on, comment: from })],
        lock,
    ));
}
