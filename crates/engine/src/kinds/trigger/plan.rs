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

/// Whether trigger `t` reads `column` of its table: in its `WHEN` condition, or as one of
/// the columns of `UPDATE OF` (read from its definition as PostgreSQL prints it).
pub fn reads(t: &Trigger, column: &str) -> bool {
    let def = &t.definition;
    let of = def.find(" UPDATE OF ").and_then(|i| {
        let rest = &def[i + " UPDATE OF ".len()..];
        rest.find(" ON ").map(|j| &rest[..j])
    });
    let listed = of.is_some_and(|cols| {
        cols.split(" OR ").next().unwrap_or(cols).split(',').any(|c| {
            let c = c.trim();
            c.trim_matches('"') == column && (c.starts_with('"') || c.to_lowercase() == c)
        })
    });
    let when = def.find(" WHEN (").and_then(|i| def.rfind(" EXECUTE ").filter(|j| *j > i).map(|j| &def[i + 6..j]));
    listed || when.is_some_and(|w| crate::sqlparse::mentions(w, column))
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
