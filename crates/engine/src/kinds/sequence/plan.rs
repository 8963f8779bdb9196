//! Sequences (whole-schema diffs). A sequence owned by a column is created first and
//! attached to its column once the column exists.

use crate::model::Sequence;
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{Edits, SequenceOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub fn create(s: Sequence, steps: &mut Vec<Step>) {
    let n = s.name.clone();
    let mut plain = s.clone();
    plain.owned_by = None;
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create sequence {n}"),
            std::iter::once(Op::Sequence(SequenceOp::CreateSequence { s: plain }))
                .chain(s.comment.clone().map(|comment| {
                    let on = crate::diff::CommentOn::Sequence { name: n.clone() };
                    Op::Comment(crate::plan::CommentOp::Comment { on, comment: Some(comment) })
                }))
                .collect(),
            vec![Op::Sequence(SequenceOp::DropSequence { name: n.clone() })],
            Locks::none(),
        )
        .provides([Key::Sequence(n.clone())])
        .requires([Key::Schema(n.schema.clone()), Key::Sequence(n.clone()).gone()]),
    );
    if let Some((t, c)) = s.owned_by {
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("make {t}.{c} own sequence {n}"),
                vec![Op::Sequence(SequenceOp::SetSequenceOwner {
                    name: n.clone(),
                    owner: Some((t.clone(), c.clone())),
                })],
                vec![Op::Sequence(SequenceOp::SetSequenceOwner { name: n.clone(), owner: None })],
                Locks::none(),
            )
            .requires([Key::Sequence(n), Key::Column(t, c)]),
        );
    }
}

pub fn alter(from: Sequence, to: Sequence, steps: &mut Vec<Step>) {
    let n = to.name.clone();
    let mut e = Edits::default();
    // Ownership and comment are set by operations of their own.
    let settings = |s: &Sequence| Sequence { owned_by: None, comment: None, ..s.clone() };
    if settings(&from) != settings(&to) {
        e.push(SequenceOp::AlterSequence { s: to.clone() }, SequenceOp::AlterSequence { s: from.clone() });
    }
    e.set(&from.owned_by, &to.owned_by, |owner| SequenceOp::SetSequenceOwner { name: n.clone(), owner: owner.clone() });
    e.comment(crate::diff::CommentOn::Sequence { name: n.clone() }, &from.comment, &to.comment);
    if e.is_empty() {
        return;
    }
    let mut requires = vec![Key::Sequence(n.clone())];
    if from.owned_by != to.owned_by {
        requires.extend(to.owned_by.iter().map(|(t, c)| Key::Column(t.clone(), c.clone())));
    }
    let (ops, rb) = e.into_parts();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("alter sequence {n}"),
            ops,
            rb,
            Lock::new(LockMode::RowExclusive, [Locked::Sequence(n.clone())], Hold::Brief),
        )
        .requires(requires),
    );
}

/// `to`: the schema after. The rollback gives the sequence back its owner when that column
/// stays (one that goes comes back later in the rollback, after it).
pub fn drop(s: Sequence, to: &crate::model::Schema, steps: &mut Vec<Step>) {
    let n = s.name.clone();
    let mut plain = s.clone();
    plain.owned_by = None;
    let owner = s.owned_by.clone().filter(|(t, c)| to.tables.get(t).is_some_and(|t| t.column(c).is_some()));
    let mut undo = vec![Op::Sequence(SequenceOp::CreateSequence { s: plain })];
    if owner.is_some() {
        undo.push(Op::Sequence(SequenceOp::SetSequenceOwner { name: n.clone(), owner }));
    }
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop sequence {n}"),
            vec![Op::Sequence(SequenceOp::DropSequence { name: n.clone() })],
            undo,
            Lock::new(LockMode::AccessExclusive, [Locked::Sequence(n.clone())], Hold::Brief),
        )
        .provides([Key::Sequence(n).gone(), Key::Level(2)])
        .requires([Key::Level(1)])
        .hazard(HazardKind::DataLoss, format!("the current value of sequence {} is lost", s.name)),
    );
}
