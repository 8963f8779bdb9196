//! Row-level security policies: created and dropped.

use crate::diff::CommentOn;
use crate::model::Policy;
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::CommentOp;
use crate::plan::PolicyOp;
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn create_policy(p: Policy, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create policy {} on {}", p.name, p.table),
            vec![Op::Policy(PolicyOp::CreatePolicy { p: p.clone() })],
            vec![Op::Policy(PolicyOp::DropPolicy { table: p.table.clone(), name: p.name.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(p.table.clone())], Hold::Brief),
        )
        .requires([Key::Table(p.table.clone()), Key::Policy(p.table.clone(), p.name.clone()).gone()]),
    );
}

pub fn drop_policy(p: Policy, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop policy {} on {}", p.name, p.table),
            vec![Op::Policy(PolicyOp::DropPolicy { table: p.table.clone(), name: p.name.clone() })],
            vec![Op::Policy(PolicyOp::CreatePolicy { p: p.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(p.table.clone())], Hold::Brief),
        )
        .provides([Key::Policy(p.table.clone(), p.name.clone()).gone()]),
    );
}

/// A policy that changed, in one step, so that there is no moment without it: `ALTER
/// POLICY` when the command and kind stay and no clause goes away (ALTER cannot remove
/// one), else dropped and created again in the same transaction.
pub fn replace(from: Policy, to: Policy, steps: &mut Vec<Step>) {
    let change = |a: &Policy, b: &Policy| {
        let alterable = a.command == b.command
            && a.permissive == b.permissive
            && (b.using.is_some() || a.using.is_none())
            && (b.check.is_some() || a.check.is_none());
        if alterable {
            // (ALTER keeps the comment the policy had.)
            let on = CommentOn::Policy { table: b.table.clone(), name: b.name.clone() };
            let comment =
                (a.comment != b.comment).then(|| Op::Comment(CommentOp::Comment { on, comment: b.comment.clone() }));
            std::iter::once(Op::Policy(PolicyOp::AlterPolicy { p: b.clone() })).chain(comment).collect()
        } else {
            vec![
                Op::Policy(PolicyOp::DropPolicy { table: a.table.clone(), name: a.name.clone() }),
                Op::Policy(PolicyOp::CreatePolicy { p: b.clone() }),
            ]
        }
    };
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("change policy {} on {}", to.name, to.table),
            change(&from, &to),
            change(&to, &from),
            Lock::new(LockMode::AccessExclusive, [Locked::Table(to.table.clone())], Hold::Brief),
        )
        .requires([Key::Table(to.table.clone())]),
    );
}
