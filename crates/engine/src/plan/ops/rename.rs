//! Renaming tables and columns (data kept), in the switch phase; a column of a table that
//! keeps its name is renamed at contract instead (`versioned`).

use crate::model::Target;
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::{ColumnOp, ConstraintOp, TableOp};
use crate::plan::{Key, Op, PhaseKind, Step};

pub fn plan(target: &Target, steps: &mut Vec<Step>) {
    // A constraint's name is not the application's business: renamed in expand.
    for (table, from, to) in &target.constraint_renames {
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("rename constraint {from} on {table} to {to}"),
                vec![Op::Constraint(ConstraintOp::RenameConstraint {
                    table: table.clone(),
                    from: from.clone(),
                    to: to.clone(),
                })],
                vec![Op::Constraint(ConstraintOp::RenameConstraint {
                    table: table.clone(),
                    from: to.clone(),
                    to: from.clone(),
                })],
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
            )
            .provides([Key::Constraint(table.clone(), to.clone())])
            .requires([Key::Table(table.clone())]),
        );
    }
    for (from, to) in &target.table_renames {
        let mut requires = Vec::new();
        if from.schema != to.schema {
            requires.push(Key::Schema(to.schema.clone()));
        }
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("rename table {from} to {to}"),
                vec![Op::Table(TableOp::RenameTable { from: from.clone(), to: to.clone() })],
                vec![Op::Table(TableOp::RenameTable { from: to.clone(), to: from.clone() })],
                Lock::new(LockMode::AccessExclusive, [Locked::Table(from.clone())], Hold::Brief),
            )
            .provides([Key::Table(to.clone())])
            .requires(requires),
        );
    }
    // (Those of a table that keeps its name wait for contract: see `versioned`.)
    let deferred = target.version.as_ref().map(|v| v.renames.as_slice()).unwrap_or_default();
    for (table, from, to) in target.column_renames.iter().filter(|r| !deferred.contains(r)) {
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("rename column {table}.{from} to {to}"),
                vec![Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: from.clone(), to: to.clone() })],
                vec![Op::Column(ColumnOp::RenameColumn { table: table.clone(), from: to.clone(), to: from.clone() })],
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
            )
            .provides([Key::Column(table.clone(), to.clone())])
            .requires([Key::Table(table.clone())]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn changes_to_a_renamed_table_wait_for_the_rename() {
        let before = "version: 1\ntables:\n  items:\n    columns:\n      name: { type: text }\n";
        let p = plan_yaml(before, "version: 1\ntables:\n  products:\n    renamed_from: items\n    columns:\n      title: { type: text, renamed_from: name }\n      price: { type: numeric }\n");
        assert_eq!(
            p,
            vec![
                "switch: rename table public.items to public.products",
                "switch: rename column public.products.name to title",
                "switch: add column price to public.products",
            ]
        );
    }
}
