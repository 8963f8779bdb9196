//! Comments: set, changed or removed in one step whose undo puts the old one back.

use crate::diff::CommentOn;
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::CommentOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// COMMENT ON takes SHARE UPDATE EXCLUSIVE on the relation it is about.
fn comment_lock(on: &CommentOn) -> Locks {
    let on = match on {
        CommentOn::Column { table, .. } => Locked::Table(table.clone()),
        CommentOn::View { name, .. } => Locked::View(name.clone()),
        CommentOn::Sequence { name } => Locked::Sequence(name.clone()),
        CommentOn::Constraint { table, .. }
        | CommentOn::Trigger { table, .. }
        | CommentOn::Index { table, .. }
        | CommentOn::Policy { table, .. } => Locked::Table(table.clone()),
        CommentOn::Schema { .. } | CommentOn::Type { .. } => return Locks::none(),
    };
    Lock::new(LockMode::ShareUpdateExclusive, [on], Hold::Brief).into()
}

/// The object a comment is on, for those a comment may come with when they are created
/// in the same plan: the comment waits for the creation.
/// (The index of a key comes with its constraint, named alike.)
fn commented(on: &CommentOn) -> Vec<Key> {
    match on {
        CommentOn::Index { table, name } => {
            vec![Key::Index(name.clone()), Key::Constraint(table.clone(), name.name.clone())]
        }
        CommentOn::Constraint { table, name } => vec![Key::Constraint(table.clone(), name.clone())],
        CommentOn::Trigger { table, name } => vec![Key::Trigger(table.clone(), name.clone())],
        CommentOn::Policy { table, name } => vec![Key::Policy(table.clone(), name.clone())],
        CommentOn::Schema { .. }
        | CommentOn::View { .. }
        | CommentOn::Column { .. }
        | CommentOn::Type { .. }
        | CommentOn::Sequence { .. } => Vec::new(),
    }
}

/// A comment set, changed or removed.
pub fn comment(on: CommentOn, from: Option<String>, to: Option<String>, steps: &mut Vec<Step>) {
    let lock = comment_lock(&on);
    let requires = commented(&on);
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("comment on {}", crate::diff::Change::Comment { on: on.clone(), from: None, to: None }.object()),
            vec![Op::Comment(CommentOp::Comment { on: on.clone(), comment: to })],
            vec![Op::Comment(CommentOp::Comment { on, comment: from })],
            lock,
        )
        .requires(requires),
    );
}
