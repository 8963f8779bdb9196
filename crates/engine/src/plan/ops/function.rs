//! Functions and procedures (whole-schema diffs): CREATE OR REPLACE from the full
//! definition; dropped and created again when the result type changes.

use crate::model::Function;
use crate::plan::lock::Locks;
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn create(f: Function, replaced: bool, steps: &mut Vec<Step>) {
    let sig = f.signature();
    steps.push(
        Step::new(
            if replaced { PhaseKind::Switch } else { PhaseKind::Expand },
            format!("create function {sig}"),
            vec![Op::CreateFunction { f: f.clone() }],
            vec![Op::DropFunction { f: f.clone() }],
            Locks::none(),
        )
        .provides([Key::Function(sig.clone()), Key::FunctionName(f.name.clone())])
        .requires([Key::Schema(f.name.schema.clone()), Key::Function(sig).gone()]),
    );
}

pub fn replace(from: Function, to: Function, steps: &mut Vec<Step>) {
    let sig = to.signature();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("replace function {sig}"),
            vec![Op::CreateFunction { f: to.clone() }],
            vec![Op::CreateFunction { f: from }],
            Locks::none(),
        )
        .provides([Key::Function(sig), Key::FunctionName(to.name.clone())]),
    );
}

pub fn drop(f: Function, recreated: bool, steps: &mut Vec<Step>) {
    let sig = f.signature();
    steps.push(
        Step::new(
            if recreated { PhaseKind::Switch } else { PhaseKind::Contract },
            format!("drop function {sig}"),
            vec![Op::DropFunction { f: f.clone() }],
            vec![Op::CreateFunction { f: f.clone() }],
            Locks::none(),
        )
        .provides([Key::Function(sig).gone()]),
    );
}
