//! Extensions (whole-schema diffs).

use crate::model::Extension;
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::ExtensionOp;
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub fn create(ext: Extension, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create extension {}", ext.name),
            vec![Op::Extension(ExtensionOp::CreateExtension { ext: ext.clone() })],
            vec![Op::Extension(ExtensionOp::DropExtension { name: ext.name.clone() })],
            Locks::none(),
        )
        .provides([Key::Extension(ext.name.clone())])
        .requires([Key::Schema(ext.schema.clone()), Key::Extension(ext.name).gone()]),
    );
}

pub fn drop(ext: Extension, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop extension {}", ext.name),
            vec![Op::Extension(ExtensionOp::DropExtension { name: ext.name.clone() })],
            vec![Op::Extension(ExtensionOp::CreateExtension { ext: ext.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Extension(ext.name.clone())], Hold::Brief),
        )
        .provides([Key::Extension(ext.name.clone()).gone(), Key::Level(3)])
        .requires([Key::Level(1), Key::Level(2)])
        .hazard(
            HazardKind::DataLoss,
            format!("dropping extension {} removes its types, functions and operators", ext.name),
        ),
    );
}

pub fn update(from: Extension, to: Extension, steps: &mut Vec<Step>) {
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("update extension {} from {} to {}", to.name, from.version, to.version),
            vec![Op::Extension(ExtensionOp::UpdateExtension { name: to.name.clone(), version: to.version.clone() })],
            vec![Op::Extension(ExtensionOp::UpdateExtension { name: from.name.clone(), version: from.version })],
            // What the update script locks is its own; assume the worst.
            Lock::new(LockMode::AccessExclusive, [Locked::Extension(to.name.clone())], Hold::Script),
        )
        .provides([Key::Extension(to.name)]),
    );
}
