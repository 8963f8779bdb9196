//! Adding columns and changing them in place (type, default, NOT NULL, identity, comment).

use crate::model::{Column, QualName, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, ConstraintOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, PlanError, Step};

/// Defaults PostgreSQL evaluates once per row (forcing a rewrite when a column is added).
fn volatile(expr: &str) -> bool {
    let e = expr.to_lowercase();
    ["random(", "gen_random_uuid(", "uuid_generate", "clock_timestamp(", "nextval(", "timeofday("]
        .iter()
        .any(|f| e.contains(f))
}

pub fn add(before: &Schema, table: QualName, column: Column, steps: &mut Vec<Step>) {
    let has_rows_maybe = before.tables.contains_key(&table);
    let mut col = column.clone();
    let mut step_ops = Vec::new();
    let mut later = None;
    // NOT NULL without a default fails on a table with rows: add it nullable, then prove it.
    if col.not_null && col.default.is_none() && col.identity.is_none() && col.generated.is_none() && has_rows_maybe {
        col.not_null = false;
        later = Some(column.name.clone());
    }
    step_ops.push(Op::Column(ColumnOp::AddColumn { table: table.clone(), column: col }));
    if let Some(c) = &column.comment {
        step_ops.push(Op::Column(ColumnOp::CommentOnColumn {
            table: table.clone(),
            column: column.name.clone(),
            comment: Some(c.clone()),
        }));
    }
    let mut step = Step::new(
        PhaseKind::Expand,
        format!("add column {} to {table}", column.name),
        step_ops,
        vec![Op::Column(ColumnOp::DropColumn { table: table.clone(), column: column.name.clone() })],
        Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
    )
    .provides([Key::Column(table.clone(), column.name.clone())])
    .requires([Key::Table(table.clone())]);
    if column.default.as_deref().is_some_and(volatile) || column.generated.is_some() || column.identity.is_some() {
        step.lock = Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Rewrite).into();
        step = step.hazard(
            HazardKind::TableRewrite,
            format!("adding {}.{} with a per-row value rewrites the table under ACCESS EXCLUSIVE", table, column.name),
        );
    }
    steps.push(step);
    if let Some(c) = later {
        set_not_null(table, c, steps);
    }
}

/// NOT NULL on an existing column without a long lock: a NOT VALID check (expand), then
/// VALIDATE, SET NOT NULL (which trusts the validated check) and drop the check (validate).
pub fn set_not_null(table: QualName, column: String, steps: &mut Vec<Step>) {
    let check = crate::model::make_object_name(&table.name, Some(&column), "not_null");
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("add NOT VALID check {check} on {table}"),
            vec![Op::Constraint(ConstraintOp::AddNotNullCheck {
                table: table.clone(),
                column: column.clone(),
                name: check.clone(),
            })],
            vec![Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: check.clone() })],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::NoScan),
        )
        .provides([Key::Constraint(table.clone(), check.clone())])
        .requires([Key::Column(table.clone(), column.clone())]),
    );
    steps.push(
        Step::new(
            PhaseKind::Validate,
            format!("set {table}.{column} NOT NULL through validated check {check}"),
            vec![
                Op::Constraint(ConstraintOp::ValidateConstraint { table: table.clone(), name: check.clone() }),
                Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: column.clone() }),
                Op::Constraint(ConstraintOp::DropConstraint { table: table.clone(), name: check.clone() }),
            ],
            vec![Op::Column(ColumnOp::DropNotNull { table: table.clone(), column: column.clone() })],
            Locks(vec![
                Lock::table(LockMode::ShareUpdateExclusive, &table, Hold::Scan),
                Lock::table(LockMode::AccessExclusive, &table, Hold::Brief),
            ]),
        )
        .requires([Key::Constraint(table, check)]),
    );
}

/// `conversion`: the spec's `using` (old value to new) and `down` (new to old, for the
/// rollback) expressions for a type change; plain casts when absent.
pub fn alter(
    table: QualName,
    from: Column,
    to: Column,
    conversion: (Option<String>, Option<String>),
    steps: &mut Vec<Step>,
) -> Result<(), PlanError> {
    let col = to.name.clone();
    let key = Key::Column(table.clone(), col.clone());
    if from.generated != to.generated {
        if from.generated.is_some() && to.generated.is_none() {
            let mut ops = vec![Op::Column(ColumnOp::DropExpression { table: table.clone(), column: col.clone() })];
            if from.data_type != to.data_type {
                ops.push(Op::Column(ColumnOp::SetType {
                    table: table.clone(),
                    column: col.clone(),
                    data_type: to.data_type.clone(),
                    collation: to.collation.clone(),
                    using: None,
                }));
            }
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("make {table}.{col} an ordinary column"),
                    ops,
                    vec![
                        Op::Column(ColumnOp::DropColumn { table: table.clone(), column: col.clone() }),
                        Op::Column(ColumnOp::AddColumn { table: table.clone(), column: from.clone() }),
                    ],
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
                )
                .requires([key.clone()]),
            );
            return Ok(());
        }
        // A column cannot become generated (or change its expression) in place.
        let mut step = Step::new(
            PhaseKind::Switch,
            format!("recreate {table}.{col} as a generated column"),
            vec![
                Op::Column(ColumnOp::DropColumn { table: table.clone(), column: col.clone() }),
                Op::Column(ColumnOp::AddColumn { table: table.clone(), column: to.clone() }),
            ],
            vec![
                Op::Column(ColumnOp::DropColumn { table: table.clone(), column: col.clone() }),
                Op::Column(ColumnOp::AddColumn { table: table.clone(), column: from.clone() }),
            ],
            Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Rewrite),
        )
        .requires([key.clone()])
        .hazard(HazardKind::TableRewrite, format!("{table}.{col} is dropped and added again, rewriting the table"));
        if from.generated.is_none() {
            step = step.hazard(
                HazardKind::DataLoss,
                format!("the stored values of {table}.{col} are replaced by the generated ones"),
            );
        }
        steps.push(step);
        return Ok(());
    }
    if from.data_type != to.data_type || from.collation != to.collation {
        let in_catalog = from.collation == to.collation
            && conversion.0.is_none()
            && catalog_only_type_change(&from.data_type, &to.data_type);
        let step = Step::new(
            PhaseKind::Switch,
            format!("change type of {table}.{col} from {} to {}", from.data_type, to.data_type),
            vec![Op::Column(ColumnOp::SetType {
                table: table.clone(),
                column: col.clone(),
                data_type: to.data_type.clone(),
                collation: to.collation.clone(),
                using: conversion.0.clone(),
            })],
            vec![Op::Column(ColumnOp::SetType {
                table: table.clone(),
                column: col.clone(),
                data_type: from.data_type.clone(),
                collation: from.collation.clone(),
                using: conversion.1.clone(),
            })],
            if in_catalog {
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief)
            } else {
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Rewrite)
            },
        )
        .requires([key.clone()]);
        steps.push(if in_catalog {
            step
        } else {
            step.hazard(HazardKind::TableRewrite, format!("changing the type of {table}.{col} rewrites the table under ACCESS EXCLUSIVE; values that do not fit the new type fail the step"))
        });
    }
    if from.identity != to.identity {
        // Identity needs NOT NULL and no default; both are adjusted in the same step.
        let mut ops = Vec::new();
        let mut rb = Vec::new();
        match (from.identity, to.identity) {
            (Some(_), Some(i)) => {
                ops.push(Op::Column(ColumnOp::SetIdentityKind {
                    table: table.clone(),
                    column: col.clone(),
                    identity: i,
                }));
                rb.push(Op::Column(ColumnOp::SetIdentityKind {
                    table: table.clone(),
                    column: col.clone(),
                    identity: from.identity.unwrap_or(i),
                }));
            }
            (Some(_), None) => {
                ops.push(Op::Column(ColumnOp::DropIdentity { table: table.clone(), column: col.clone() }));
                if !to.not_null {
                    ops.push(Op::Column(ColumnOp::DropNotNull { table: table.clone(), column: col.clone() }));
                }
                if let Some(d) = &to.default {
                    ops.push(Op::Column(ColumnOp::SetDefault {
                        table: table.clone(),
                        column: col.clone(),
                        default: Some(d.clone()),
                    }));
                }
                rb.push(Op::Column(ColumnOp::SetDefault { table: table.clone(), column: col.clone(), default: None }));
                rb.push(Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: col.clone() }));
                rb.push(Op::Column(ColumnOp::AddIdentity {
                    table: table.clone(),
                    column: col.clone(),
                    options: from.identity_options.clone(),
                    identity: from.identity.unwrap_or(crate::model::Identity::ByDefault),
                }));
            }
            (None, Some(i)) => {
                if from.default.is_some() {
                    ops.push(Op::Column(ColumnOp::SetDefault {
                        table: table.clone(),
                        column: col.clone(),
                        default: None,
                    }));
                }
                if !from.not_null {
                    ops.push(Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: col.clone() }));
                }
                ops.push(Op::Column(ColumnOp::AddIdentity {
                    table: table.clone(),
                    column: col.clone(),
                    identity: i,
                    options: to.identity_options.clone(),
                }));
                rb.push(Op::Column(ColumnOp::DropIdentity { table: table.clone(), column: col.clone() }));
                if !from.not_null {
                    rb.push(Op::Column(ColumnOp::DropNotNull { table: table.clone(), column: col.clone() }));
                }
                if from.default.is_some() {
                    rb.push(Op::Column(ColumnOp::SetDefault {
                        table: table.clone(),
                        column: col.clone(),
                        default: from.default.clone(),
                    }));
                }
            }
            (None, None) => {}
        }
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("change identity of {table}.{col}"),
                ops,
                rb,
                Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
            )
            .requires([key.clone()]),
        );
    } else {
        if from.identity.is_some() && from.identity_options != to.identity_options {
            steps.push(
                Step::new(
                    PhaseKind::Switch,
                    format!("set identity options of {table}.{col}"),
                    vec![Op::Column(ColumnOp::SetIdentityOptions {
                        table: table.clone(),
                        column: col.clone(),
                        options: to.identity_options.clone(),
                    })],
                    vec![Op::Column(ColumnOp::SetIdentityOptions {
                        table: table.clone(),
                        column: col.clone(),
                        options: from.identity_options.clone(),
                    })],
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
                )
                .requires([key.clone()]),
            );
        }
        if from.default != to.default {
            steps.push(
                Step::new(
                    PhaseKind::Expand,
                    format!("set default of {table}.{col}"),
                    vec![Op::Column(ColumnOp::SetDefault {
                        table: table.clone(),
                        column: col.clone(),
                        default: to.default.clone(),
                    })],
                    vec![Op::Column(ColumnOp::SetDefault {
                        table: table.clone(),
                        column: col.clone(),
                        default: from.default.clone(),
                    })],
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
                )
                .requires([key.clone()]),
            );
        }
        if from.not_null && !to.not_null {
            steps.push(
                Step::new(
                    PhaseKind::Expand,
                    format!("allow NULL in {table}.{col}"),
                    vec![Op::Column(ColumnOp::DropNotNull { table: table.clone(), column: col.clone() })],
                    vec![Op::Column(ColumnOp::SetNotNull { table: table.clone(), column: col.clone() })],
                    Lock::new(LockMode::AccessExclusive, [Locked::Table(table.clone())], Hold::Brief),
                )
                .requires([key.clone()]),
            );
        } else if !from.not_null && to.not_null {
            set_not_null(table.clone(), col.clone(), steps);
        }
    }
    if from.comment != to.comment {
        steps.push(
            Step::new(
                PhaseKind::Expand,
                format!("comment on column {table}.{col}"),
                vec![Op::Column(ColumnOp::CommentOnColumn {
                    table: table.clone(),
                    column: col.clone(),
                    comment: to.comment.clone(),
                })],
                vec![Op::Column(ColumnOp::CommentOnColumn {
                    table: table.clone(),
                    column: col.clone(),
                    comment: from.comment.clone(),
                })],
                Lock::new(LockMode::ShareUpdateExclusive, [Locked::Table(table.clone())], Hold::Brief),
            )
            .requires([key]),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::plan::ops::testutil::plan_yaml;

    const BEFORE: &str =
        "version: 1\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\n      a: { type: int }\n";

    #[test]
    fn add_not_null_column_goes_through_a_check() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      b: { type: text, not_null: true }\n");
        assert_eq!(
            p,
            vec![
                "expand: add column b to public.t",
                "expand: add NOT VALID check t_b_not_null on public.t",
                "validate: set public.t.b NOT NULL through validated check t_b_not_null",
            ]
        );
    }

    #[test]
    fn type_change_is_a_switch_with_a_hazard() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      a: { type: bigint }\n");
        assert_eq!(p, vec!["switch: change type of public.t.a from integer to bigint"]);
    }

    #[test]
    fn unchanged_column_plans_nothing() {
        let p = plan_yaml(BEFORE, "version: 1\ntables:\n  t:\n    columns:\n      a: { type: int4 }\n");
        assert!(p.is_empty(), "{p:?}");
    }
}

/// Whether PostgreSQL changes a column from `from` to `to` (types as the catalog prints
/// them) in the catalog alone, without rewriting the table or checking its values: the
/// binary-coercible widenings (a longer or unbounded `varchar`, `text`, an unconstrained
/// `numeric` or one with more digits at the same scale, a longer `bit varying`, `cidr` to
/// `inet`).
pub fn catalog_only_type_change(from: &str, to: &str) -> bool {
    fn split(t: &str) -> (&str, Vec<u32>) {
        match t.split_once('(') {
            Some((base, rest)) => {
                let args = rest.trim_end_matches(')').split(',').filter_map(|a| a.trim().parse().ok()).collect();
                (base.trim(), args)
            }
            None => (t.trim(), Vec::new()),
        }
    }
    let (fb, fa) = split(from);
    let (tb, ta) = split(to);
    match (fb, tb) {
        ("character varying", "text") | ("text", "character varying") => ta.is_empty(),
        ("character varying", "character varying") | ("bit varying", "bit varying") => {
            ta.is_empty() || (fa.len() == 1 && ta.len() == 1 && ta[0] >= fa[0])
        }
        ("numeric", "numeric") => ta.is_empty() || (fa.len() == 2 && ta.len() == 2 && ta[1] == fa[1] && ta[0] >= fa[0]),
        ("cidr", "inet") => true,
        _ => false,
    }
}

#[cfg(test)]
mod type_change_tests {
    use super::catalog_only_type_change as c;

    #[test]
    fn binary_coercible_widenings_do_not_rewrite() {
        assert!(c("character varying(20)", "text"));
        assert!(c("character varying(20)", "character varying(40)"));
        assert!(c("character varying(20)", "character varying"));
        assert!(c("text", "character varying"));
        assert!(c("numeric(10,2)", "numeric(12,2)"));
        assert!(c("numeric(10,2)", "numeric"));
        assert!(c("bit varying(8)", "bit varying(16)"));
        assert!(c("cidr", "inet"));
        assert!(!c("character varying(40)", "character varying(20)"));
        assert!(!c("text", "character varying(20)"));
        assert!(!c("numeric(10,2)", "numeric(12,3)"));
        assert!(!c("integer", "bigint"));
        assert!(!c("inet", "cidr"));
    }
}
