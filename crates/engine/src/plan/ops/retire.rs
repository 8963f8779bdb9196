//! Retiring objects in the contract phase. Nothing is thrown away: tables move to the
//! `phaseshift_archive` schema, a retired column's values are copied there first, and every
//! retirement has a rollback that puts the object back.

use crate::model::{make_object_name, ConstraintKind, QualName, Retire, Schema, Target};
use crate::plan::lock::{Hold, Lock, LockMode, Locked};
use crate::plan::{ColumnOp, ConstraintOp, IndexOp, SchemaOp, TableOp, ViewOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

pub use crate::model::ARCHIVE_SCHEMA;

/// Where a retired table goes.
pub fn archive_name(table: &QualName) -> QualName {
    let name = if table.schema == "public" {
        table.name.clone()
    } else {
        make_object_name(&table.schema, Some(&table.name), "").trim_end_matches('_').to_string()
    };
    QualName::new(ARCHIVE_SCHEMA, name)
}

pub fn plan(before: &Schema, target: &Target, steps: &mut Vec<Step>) {
    // Dependents before what they depend on: views, constraints, indexes, columns, tables.
    let rank = |r: &Retire| match r {
        Retire::View { .. } => 0,
        Retire::Constraint { .. } => 1,
        Retire::Index { .. } => 2,
        Retire::Column { .. } => 3,
        Retire::Table { .. } => 4,
    };
    let mut retire: Vec<&Retire> = target.retire.iter().collect();
    retire.sort_by_key(|r| rank(r));
    for r in retire {
        match r {
            Retire::View { view } => retire_view(before, view, steps),
            Retire::Index { index } => retire_index(before, index, steps),
            Retire::Constraint { table, constraint } => retire_constraint(before, table, constraint, steps),
            Retire::Column { table, column } => {
                // A column the new version's trigger fills goes once that trigger has, and
                // comes back with `down` for the rows written since.
                let filled = target.version.as_ref().and_then(|v| {
                    let view = v.views.iter().find(|view| &view.table == table)?;
                    let (_, down) = view.fills.iter().find(|(c, _)| c == column)?;
                    Some((v.schema.clone(), down.clone()))
                });
                let Some(mut step) = retire_column(before, table, column, filled.as_ref().map(|(_, d)| d.clone()))
                else {
                    continue;
                };
                if let Some((schema, _)) = filled {
                    step.requires.push(Key::Schema(schema).gone());
                }
                steps.push(step);
            }
            Retire::Table { table } => retire_table(before, table, steps),
        }
    }
}

fn retire_view(before: &Schema, view: &QualName, steps: &mut Vec<Step>) {
    let Some(v) = before.views.get(view) else {
        return;
    };
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop view {view}"),
            vec![Op::View(ViewOp::DropView { view: view.clone() })],
            vec![Op::View(ViewOp::CreateView { view: v.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::View(view.clone())], Hold::Brief),
        )
        .provides([Key::View(view.clone())]),
    );
}

fn retire_index(before: &Schema, index: &QualName, steps: &mut Vec<Step>) {
    let Some(ix) = before.indexes.get(index) else {
        return;
    };
    steps.push(Step::new(
        PhaseKind::Contract,
        format!("drop index {index} concurrently"),
        vec![Op::Index(IndexOp::DropIndex { index: index.clone(), concurrently: true })],
        vec![Op::Index(IndexOp::CreateIndex { index: ix.clone(), concurrently: true })],
        Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(ix.table.clone())], Hold::Online),
    ));
}

fn retire_constraint(before: &Schema, table: &QualName, constraint: &String, steps: &mut Vec<Step>) {
    let Some(c) = before.tables.get(table).and_then(|t| t.constraint(constraint)) else {
        return;
    };
    let mut rollback = vec![Op::Constraint(ConstraintOp::AddConstraint {
        table: table.clone(),
        constraint: c.clone(),
        not_valid: matches!(c.kind, ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_)),
    })];
    if matches!(c.kind, ConstraintKind::Check { .. } | ConstraintKind::ForeignKey(_)) {
        rollback
            .push(Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: constraint.clone() }));
    }
    steps.push(Step::new(
        PhaseKind::Contract,
        format!("drop {} {constraint} on {table}", c.kind.label()),
        vec![Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: constraint.clone() })],
        rollback,
        Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
    ));
}

fn retire_column(before: &Schema, table: &QualName, column: &String, down: Option<String>) -> Option<Step> {
    let t = before.tables.get(table)?;
    let col = t.column(column)?;
    let key: Vec<String> = match t.primary_key().map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
        _ => Vec::new(),
    };
    let mut added = col.clone();
    added.not_null = false;
    let mut rollback = vec![Op::Column(ColumnOp::AddColumn { table: table.clone(), column: added })];
    let mut ops = Vec::new();
    let archive = QualName::new(ARCHIVE_SCHEMA, make_object_name(&table.name, Some(column), "col"));
    if !key.is_empty() && !key.contains(column) {
        ops.push(Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }));
        ops.push(Op::Column(ColumnOp::ArchiveColumn {
            table: table.clone(),
            column: column.clone(),
            key: key.clone(),
            archive: archive.clone(),
        }));
        rollback.push(Op::Column(ColumnOp::RestoreColumn {
            table: table.clone(),
            column: column.clone(),
            key: key.clone(),
            archive: archive.clone(),
            down,
        }));
        rollback.push(Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: ARCHIVE_SCHEMA.into() }));
    }
    if col.not_null {
        rollback.push(Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: column.clone() }));
    }
    if let Some(d) = &col.default {
        rollback.insert(
            1,
            Op::Column(ColumnOp::SetDefault {
                only: false,
                table: table.clone(),
                column: column.clone(),
                default: Some(d.clone()),
            }),
        );
    }
    ops.push(Op::Column(ColumnOp::DropColumn { table: table.clone(), column: column.clone() }));
    let mut step = Step::new(
        PhaseKind::Contract,
        format!("drop column {table}.{column}"),
        ops,
        rollback,
        Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
    )
    .provides([Key::Column(table.clone(), column.clone())]);
    step = if key.is_empty() {
        step.hazard(HazardKind::DataLoss, format!("{table} has no primary key, so the values of {column} cannot be archived; a rollback restores the column empty"))
    } else {
        step.hazard(HazardKind::DataLoss, format!("the values of {table}.{column} are kept in {archive} until purged"))
    };
    Some(step)
}

fn retire_table(before: &Schema, table: &QualName, steps: &mut Vec<Step>) {
    if !before.tables.contains_key(table) {
        return;
    }
    let to = archive_name(table);
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("retire table {table} to {to}"),
            vec![
                Op::Schema(SchemaOp::CreateSchema { schema: ARCHIVE_SCHEMA.into() }),
                Op::Table(TableOp::MoveTable { from: table.clone(), to: to.clone() }),
            ],
            vec![
                Op::Table(TableOp::MoveTable { from: to.clone(), to: table.clone() }),
                Op::Schema(SchemaOp::DropSchemaIfEmpty { schema: ARCHIVE_SCHEMA.into() }),
            ],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
        )
        .provides([Key::Table(table.clone())]),
    );
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    #[test]
    fn retirements_are_ordered_dependents_first() {
        let before = "version: 1\ntables:\n  old:\n    columns:\n      id: { type: int, primary_key: true }\n      x: { type: int }\nviews:\n  v:\n    query: SELECT id FROM old\n";
        let p = plan_yaml(before, "version: 1\nretire:\n  - table: old\n  - { table: old, column: x }\n  - view: v\n");
        assert_eq!(
            p,
            vec![
                "contract: drop view public.v",
                "contract: drop column public.old.x",
                "contract: retire table public.old to phaseshift_archive.old",
            ]
        );
    }
}
