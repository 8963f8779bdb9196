//! Triggers and row-level security policies (whole-schema diffs).

use crate::diff::CommentOn;
use crate::model::{QualName, Schema, Trigger};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::CommentOp;
use crate::plan::TriggerOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// The function a trigger definition executes.
pub fn called_function(t: &Trigger) -> &QualName {
    &t.function
}

fn trigger_key(t: &Trigger) -> Key {
    Key::Trigger(t.table.clone(), t.name.clone())
}

/// `old`: the trigger as it was, when it is created again with its relation: dropped by
/// itself first, so that the rollback creates it again on the old relation.
pub fn create(t: Trigger, old: Option<Trigger>, steps: &mut Vec<Step>) {
    let replaced = old.is_some();
    if let Some(old) = old {
        drop(old, true, steps);
    }
    // (On a table or a view: whichever of the two the relation is, created first.)
    let mut requires = vec![Key::Table(t.table.clone()), Key::View(t.table.clone()), trigger_key(&t).gone()];
    requires.push(Key::FunctionName(called_function(&t).clone()));
    steps.push(
        Step::new(
            if replaced { PhaseKind::Switch } else { PhaseKind::Expand },
            format!("create trigger {} on {}", t.name, t.table),
            vec![Op::Trigger(TriggerOp::CreateTrigger { t: t.clone() })],
            vec![Op::Trigger(TriggerOp::DropTrigger { table: t.table.clone(), name: t.name.clone() })],
            Lock::new(LockMode::ShareRowExclusive, [Locked::Table(t.table.clone())], Hold::Brief),
        )
        .provides([trigger_key(&t)])
        .requires(requires),
    );
}

/// A trigger changed in place (CREATE OR REPLACE), and back to `from` on rollback.
pub fn replace(from: Trigger, to: Trigger, steps: &mut Vec<Step>) {
    let requires =
        [Key::Table(to.table.clone()), Key::View(to.table.clone()), Key::FunctionName(called_function(&to).clone())];
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("replace trigger {} on {}", to.name, to.table),
            vec![Op::Trigger(TriggerOp::CreateTrigger { t: to.clone() })],
            vec![Op::Trigger(TriggerOp::CreateTrigger { t: from })],
            Lock::new(LockMode::ShareRowExclusive, [Locked::Table(to.table.clone())], Hold::Brief),
        )
        .provides([trigger_key(&to)])
        .requires(requires),
    );
}

/// The triggers of `from` on `relation`: gone before it goes.
pub fn on(from: &Schema, relation: &QualName) -> Vec<Key> {
    from.triggers.values().filter(|t| &t.table == relation).map(|t| trigger_key(t).gone()).collect()
}

/// The trigger dropped (and on rollback created again, with its comment).
pub fn drop(t: Trigger, replaced: bool, steps: &mut Vec<Step>) {
    let mut undo = vec![Op::Trigger(TriggerOp::CreateTrigger { t: t.clone() })];
    if t.comment.is_some() {
        let on = CommentOn::Trigger { table: t.table.clone(), name: t.name.clone() };
        undo.push(Op::Comment(CommentOp::Comment { on, comment: t.comment.clone() }));
    }
    steps.push(
        Step::new(
            if replaced { PhaseKind::Switch } else { PhaseKind::Contract },
            format!("drop trigger {} on {}", t.name, t.table),
            vec![Op::Trigger(TriggerOp::DropTrigger { table: t.table.clone(), name: t.name.clone() })],
            undo,
            Lock::new(LockMode::AccessExclusive, [Locked::Table(t.table.clone())], Hold::Brief),
        )
        .provides([trigger_key(&t).gone()]),
    );
}
