//! Row-level security policies: created and dropped.

use crate::model::Policy;
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::PolicyOp;
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn create_policy(p: Policy, replaced: bool, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            if replaced { PhaseKind::Switch } else { PhaseKind::Expand },
            format!("create policy {} on {}", p.name, p.table),
            vec![Op::Policy(PolicyOp::CreatePolicy { p: p.clone() })],
            vec![Op::Policy(PolicyOp::DropPolicy { table: p.table.clone(), name: p.name.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(p.table.clone())], Hold::Brief),
        )
        .requires([Key::Table(p.table.clone()), Key::Policy(p.table.clone(), p.name.clone()).gone()]),
    );
}

pub fn drop_policy(p: Policy, replaced: bool, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            if replaced { PhaseKind::Switch } else { PhaseKind::Contract },
            format!("drop policy {} on {}", p.name, p.table),
            vec![Op::Policy(PolicyOp::DropPolicy { table: p.table.clone(), name: p.name.clone() })],
            vec![Op::Policy(PolicyOp::CreatePolicy { p: p.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(p.table.clone())], Hold::Brief),
        )
        .provides([Key::Policy(p.table.clone(), p.name.clone()).gone()]),
    );
}

/// A policy that changed: PostgreSQL can alter only some of it, so it is dropped and
/// created again, in one step each.
pub fn replace(from: Policy, to: Policy, steps: &mut Vec<Step>) {
    drop_policy(from, true, steps);
    create_policy(to, true, steps);
}
