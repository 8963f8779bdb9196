//! Creating and replacing views.

use crate::model::{QualName, View};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::ViewOp;
use crate::plan::{Key, Op, PhaseKind, Step};

/// Relations the view reads, as keys (tables or views of the same names).
fn requires(view: &View) -> Vec<Key> {
    let mut r = vec![Key::Schema(view.name.schema.clone())];
    for rel in crate::sqlparse::relations(&view.query).unwrap_or_default() {
        let q = QualName::parse(&rel, &view.name.schema);
        r.push(Key::Table(q.clone()));
        r.push(Key::View(q));
    }
    r
}

pub fn create(view: View, steps: &mut Vec<Step>) {
    let q = view.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create view {q}"),
            vec![Op::View(ViewOp::CreateView { view: view.clone() })],
            vec![Op::View(ViewOp::DropView { view: q.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::View(q.clone())], Hold::New),
        )
        .provides([Key::View(q)])
        .requires(requires(&view)),
    );
}

pub fn replace(from: View, to: View, steps: &mut Vec<Step>) {
    let q = to.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("replace view {q}"),
            vec![Op::View(ViewOp::ReplaceView { view: to.clone() })],
            vec![Op::View(ViewOp::ReplaceView { view: from })],
            Lock::new(LockMode::AccessExclusive, [Locked::View(q.clone())], Hold::Brief),
        )
        .provides([Key::View(q)])
        .requires(requires(&to)),
    );
}

/// Drops a view that the target does not have.
pub fn drop(view: View, steps: &mut Vec<Step>) {
    steps.push(drop_step(&view, PhaseKind::Contract));
}

fn drop_step(view: &View, phase: PhaseKind) -> Step {
    let q = view.name.clone();
    let op = if view.materialized {
        Op::View(ViewOp::DropMaterializedView { view: q.clone() })
    } else {
        Op::View(ViewOp::DropView { view: q.clone() })
    };
    Step::new(
        phase,
        format!("drop {}view {q}", if view.materialized { "materialized " } else { "" }),
        vec![op],
        vec![Op::View(ViewOp::CreateView { view: view.clone() })],
        Lock::new(LockMode::AccessExclusive, [Locked::View(q.clone())], Hold::Brief),
    )
    .provides([Key::View(q).gone()])
}

/// Drops a view and creates it again (its definition changed, or something it reads is
/// changing underneath it).
pub fn recreate(from: View, to: View, steps: &mut Vec<Step>) {
    steps.push(drop_step(&from, PhaseKind::Switch));
    let q = to.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("create {}view {q}", if to.materialized { "materialized " } else { "" }),
            vec![Op::View(ViewOp::CreateView { view: to.clone() })],
            vec![if to.materialized {
                Op::View(ViewOp::DropMaterializedView { view: q.clone() })
            } else {
                Op::View(ViewOp::DropView { view: q.clone() })
            }],
            Lock::new(LockMode::AccessExclusive, [Locked::View(q.clone())], Hold::New),
        )
        .provides([Key::View(q.clone())])
        .requires(requires(&to))
        .requires([Key::View(q).gone()]),
    );
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn views_come_after_their_tables() {
        let p = plan_yaml("", "version: 1\nviews:\n  v:\n    query: SELECT * FROM t\ntables:\n  t:\n    columns:\n      a: { type: int }\n");
        assert_eq!(p, vec!["expand: create table public.t", "expand: create view public.v"]);
    }
}
