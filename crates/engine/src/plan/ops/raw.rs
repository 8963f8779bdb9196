//! SQL of the user's own (a spec's `sql` entries): each one step of its phase, undone by its
//! `down`. In expand it runs after the objects the spec declares; at contract, after the
//! rest of the contract.

use crate::model::{RawPhase, Target};
use crate::plan::lock::Locks;
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn plan(target: &Target, steps: &mut Vec<Step>) {
    // Everything the spec declares, which the statements may use.
    let declared: Vec<Key> = target
        .schema
        .tables
        .values()
        .flat_map(|t| {
            std::iter::once(Key::Table(t.name.clone()))
                .chain(t.columns.iter().map(|c| Key::Column(t.name.clone(), c.name.clone())))
        })
        .chain(target.schema.views.keys().map(|v| Key::View(v.clone())))
        .chain(target.schema.indexes.keys().map(|i| Key::Index(i.clone())))
        .collect();
    let contract_start = steps.len();
    let others: Vec<usize> = (0..contract_start).filter(|&i| steps[i].kind == PhaseKind::Contract).collect();
    for (i, raw) in target.raw.iter().enumerate() {
        let kind = match raw.at {
            RawPhase::Expand => PhaseKind::Expand,
            RawPhase::Switch => PhaseKind::Switch,
            RawPhase::Contract => PhaseKind::Contract,
        };
        let description = raw.description.clone().unwrap_or_else(|| format!("run SQL step {}", i + 1));
        let mut step = Step::new(
            kind,
            description,
            vec![Op::Sql { sql: raw.up.clone() }],
            raw.down.iter().map(|d| Op::Sql { sql: d.clone() }).collect(),
            Locks::none(),
        )
        .requires(declared.clone())
        .provides([Key::Raw(i)]);
        if i > 0 {
            // In the order written.
            step = step.requires([Key::Raw(i - 1)]);
        }
        steps.push(step);
    }
    // Contract SQL runs last: every other contract step comes before it.
    let first_contract = target.raw.iter().position(|r| r.at == RawPhase::Contract);
    if let Some(first) = first_contract {
        for &o in &others {
            steps[o].provides.push(Key::RawAfter(first));
        }
        steps[contract_start + first].requires.push(Key::RawAfter(first));
    }
}
