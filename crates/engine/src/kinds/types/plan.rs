//! Enums, domains, composite types and collations (whole-schema diffs).

use crate::model::{Collation, CompositeType, Domain, EnumType, QualName, RangeType, Schema};
use crate::plan::lock::{Hold, Lock, LockMode, Locked, Locks};
use crate::plan::{ColumnOp, Edits, TypeOp};
use crate::plan::{HazardKind, Key, Op, PhaseKind, Step};

fn type_key(q: &QualName) -> Key {
    Key::Type(q.clone())
}

fn create_step(what: &str, name: &QualName, op: Op, rollback: Op) -> Step {
    Step::new(PhaseKind::Expand, format!("create {what} {name}"), vec![op], vec![rollback], Locks::none())
        .provides([type_key(name)])
        .requires([Key::Schema(name.schema.clone()), type_key(name).gone()])
}

/// The comment a type is created with (a new type has none).
fn comment_on(name: &QualName, domain: bool, comment: &Option<String>) -> Option<Op> {
    let on = crate::diff::CommentOn::Type { name: name.clone(), domain };
    comment.clone().map(|c| Op::Comment(crate::plan::CommentOp::Comment { on, comment: Some(c) }))
}

fn drop_step(what: &str, name: &QualName, op: Op, rollback: Op) -> Step {
    Step::new(PhaseKind::Contract, format!("drop {what} {name}"), vec![op], vec![rollback], Locks::none())
        .provides([type_key(name).gone(), Key::Level(2)])
        .requires([Key::Level(1)])
}

pub fn create_enum(e: EnumType, steps: &mut Vec<Step>) {
    let mut step = create_step(
        "type",
        &e.name.clone(),
        Op::Type(TypeOp::CreateEnum { e: e.clone() }),
        Op::Type(TypeOp::DropType { name: e.name.clone() }),
    );
    step.ops.extend(comment_on(&e.name, false, &e.comment));
    steps.push(step);
}

pub fn drop_enum(e: EnumType, steps: &mut Vec<Step>) {
    steps.push(drop_step(
        "type",
        &e.name.clone(),
        Op::Type(TypeOp::DropType { name: e.name.clone() }),
        Op::Type(TypeOp::CreateEnum { e }),
    ));
}

/// New values go in place with ALTER TYPE ... ADD VALUE (which cannot be undone: the
/// rollback leaves them).
/// New values go in place (nothing is rewritten); PostgreSQL cannot drop a value, so the
/// undo makes the type again as it was, converting the columns that use it (a rewrite, which
/// fails on rows that hold a new value: they would have no value to go back to).
pub fn add_enum_values(
    name: QualName,
    values: Vec<(String, Option<String>)>,
    (from, to, columns): (EnumType, EnumType, Vec<crate::diff::RetypedColumn>),
    steps: &mut Vec<Step>,
) {
    let list: Vec<String> = values.iter().map(|(v, _)| v.clone()).collect();
    // Last ones first, so that every BEFORE names a value that exists by then.
    let ops = values
        .into_iter()
        .rev()
        .map(|(value, before)| Op::Type(TypeOp::AddEnumValue { name: name.clone(), value, before }))
        .collect();
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("add values {} to type {name}", list.join(", ")),
            ops,
            remake_enum(&to, &from, &columns, true),
            Locks::none(),
        )
        .provides([type_key(&name)]),
    );
}

/// The operations that turn enum `from` into `to`: the old type renamed aside, the new one
/// created, each column converted through text (its default off before and on after), the
/// old type dropped. `back`: the columns go from their new defaults to their old ones.
fn remake_enum(from: &EnumType, to: &EnumType, columns: &[crate::diff::RetypedColumn], back: bool) -> Vec<Op> {
    let aside = format!("{}__phaseshift_old", from.name.name);
    let mut ops = vec![
        Op::Type(TypeOp::RenameType { from: from.name.clone(), to: aside.clone() }),
        Op::Type(TypeOp::CreateEnum { e: to.clone() }),
    ];
    ops.extend(comment_on(&to.name, false, &to.comment));
    ops.extend(convert_columns(columns, &to.name, back));
    ops.push(Op::Type(TypeOp::DropType { name: QualName::new(from.name.schema.clone(), aside) }));
    ops
}

/// Each column converted to type `to` through text, its default off before and on after
/// (`back`: the old default, on the way back).
fn convert_columns(columns: &[crate::diff::RetypedColumn], to: &QualName, back: bool) -> Vec<Op> {
    let mut ops = Vec::new();
    for c in columns {
        let on = if back { &c.old_default } else { &c.new_default };
        // Off whichever default the column holds now: on the way back, the undo of the
        // step that changed the default may have put the old one back already.
        if c.old_default.is_some() || c.new_default.is_some() {
            ops.push(Op::Column(ColumnOp::SetDefault {
                only: false,
                table: c.table.clone(),
                column: c.column.clone(),
                default: None,
            }));
        }
        ops.push(Op::Type(TypeOp::RetypeColumnViaText {
            table: c.table.clone(),
            column: c.column.clone(),
            type_name: to.clone(),
        }));
        if on.is_some() {
            ops.push(Op::Column(ColumnOp::SetDefault {
                only: false,
                table: c.table.clone(),
                column: c.column.clone(),
                default: on.clone(),
            }));
        }
    }
    ops
}

/// Values removed or reordered: rename the old type aside, create the new one, convert each
/// column through text, drop the old type.
/// `readers`: what reads those columns (dropped before and made again after, in the step).
pub fn recreate_enum(
    from: EnumType,
    to: EnumType,
    columns: Vec<crate::diff::RetypedColumn>,
    readers: crate::kinds::column::plan::Readers,
    steps: &mut Vec<Step>,
) {
    let ops = readers.around(remake_enum(&from, &to, &columns, false), true);
    let rollback = readers.around(remake_enum(&to, &from, &columns, true), false);
    let mut provides = vec![type_key(&to.name)];
    provides.extend(columns.iter().map(|c| Key::Column(c.table.clone(), c.column.clone())));
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("recreate type {} with values {}", to.name, to.values.join(", ")),
            ops,
            rollback,
            Lock::new(LockMode::AccessExclusive, [Locked::TablesUsing(from.name.clone())], Hold::Rewrite),
        )
        .provides(provides)
        .requires(readers.requires())
        .hazard(
            HazardKind::TableRewrite,
            format!("columns of type {} are rewritten; rows holding a removed value fail the step", to.name),
        ),
    );
}

pub fn create_domain(d: Domain, steps: &mut Vec<Step>) {
    let mut step = create_step(
        "domain",
        &d.name.clone(),
        Op::Type(TypeOp::CreateDomain { d: d.clone() }),
        Op::Type(TypeOp::DropDomain { name: d.name.clone() }),
    );
    step.ops.extend(comment_on(&d.name, true, &d.comment));
    steps.push(step);
}

pub fn drop_domain(d: Domain, steps: &mut Vec<Step>) {
    steps.push(drop_step(
        "domain",
        &d.name.clone(),
        Op::Type(TypeOp::DropDomain { name: d.name.clone() }),
        Op::Type(TypeOp::CreateDomain { d }),
    ));
}

/// `columns`: the domain's columns, converted to it when it is created again (a new base
/// type), with `readers`, what reads them (made again around the conversion).
pub fn alter_domain(
    from: Domain,
    to: Domain,
    columns: Vec<crate::diff::RetypedColumn>,
    readers: crate::kinds::column::plan::Readers,
    steps: &mut Vec<Step>,
) {
    let n = &to.name;
    let mut e = Edits::default();
    e.set(&from.default, &to.default, |d| TypeOp::SetDomainDefault { name: n.clone(), default: d.clone() });
    e.set(&from.not_null, &to.not_null, |&not_null| TypeOp::SetDomainNotNull { name: n.clone(), not_null });
    let add = |(cn, def): &(String, String)| TypeOp::AddDomainCheck {
        name: n.clone(),
        constraint: cn.clone(),
        definition: def.clone(),
    };
    let drop = |(cn, _): &(String, String)| TypeOp::DropDomainCheck { name: n.clone(), constraint: cn.clone() };
    for c in from.checks.iter().filter(|c| !to.checks.contains(c)) {
        e.push(drop(c), add(c));
    }
    for c in to.checks.iter().filter(|c| !from.checks.contains(c)) {
        e.push(add(c), drop(c));
    }
    let remade = from.base_type != to.base_type || from.collation != to.collation;
    if remade && !columns.is_empty() {
        // A domain's base type cannot change in place: the old domain aside, the new one
        // created, each column converted through text, the old one dropped.
        let remake = |was: &Domain, will: &Domain, back: bool| {
            let aside = format!("{}__phaseshift_old", was.name.name);
            let mut ops = vec![
                Op::Type(TypeOp::RenameType { from: was.name.clone(), to: aside.clone() }),
                Op::Type(TypeOp::CreateDomain { d: will.clone() }),
            ];
            ops.extend(comment_on(n, true, &will.comment));
            ops.extend(convert_columns(&columns, &will.name, back));
            ops.push(Op::Type(TypeOp::DropType { name: QualName::new(was.name.schema.clone(), aside) }));
            ops
        };
        let mut provides = vec![type_key(n)];
        provides.extend(columns.iter().map(|c| Key::Column(c.table.clone(), c.column.clone())));
        steps.push(
            Step::new(
                PhaseKind::Switch,
                format!("recreate domain {n} over {}", to.base_type),
                readers.around(remake(&from, &to, false), true),
                readers.around(remake(&to, &from, true), false),
                Lock::new(LockMode::AccessExclusive, [Locked::TablesUsing(from.name.clone())], Hold::Rewrite),
            )
            .provides(provides)
            .requires(readers.requires())
            .hazard(
                HazardKind::TableRewrite,
                format!("columns of domain {n} are rewritten; values that do not fit the new one fail the step"),
            ),
        );
        return;
    }
    if remade {
        // A domain's base type cannot change in place; nothing uses it.
        let remake = |d: &Domain| {
            let mut ops =
                vec![TypeOp::DropDomain { name: n.clone() }.into(), TypeOp::CreateDomain { d: d.clone() }.into()];
            ops.extend(comment_on(n, true, &d.comment));
            ops
        };
        e.only(remake(&to), remake(&from));
    }
    e.comment(crate::diff::CommentOn::Type { name: n.clone(), domain: true }, &from.comment, &to.comment);
    let (ops, rb) = e.into_parts();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("alter domain {n}"),
            ops,
            rb,
            Lock::new(LockMode::Share, [Locked::TablesUsing(n.clone())], Hold::Scan),
        )
        .provides([type_key(n)]),
    );
}

pub fn create_composite(c: CompositeType, steps: &mut Vec<Step>) {
    let mut step = create_step(
        "type",
        &c.name.clone(),
        Op::Type(TypeOp::CreateComposite { c: c.clone() }),
        Op::Type(TypeOp::DropType { name: c.name.clone() }),
    );
    step.ops.extend(comment_on(&c.name, false, &c.comment));
    steps.push(step);
}

pub fn drop_composite(c: CompositeType, steps: &mut Vec<Step>) {
    steps.push(drop_step(
        "type",
        &c.name.clone(),
        Op::Type(TypeOp::DropType { name: c.name.clone() }),
        Op::Type(TypeOp::CreateComposite { c }),
    ));
}

pub fn create_range(r: RangeType, steps: &mut Vec<Step>) {
    let mut step = create_step(
        "type",
        &r.name.clone(),
        Op::Type(TypeOp::CreateRange { r: r.clone() }),
        Op::Type(TypeOp::DropType { name: r.name.clone() }),
    );
    step.ops.extend(comment_on(&r.name, false, &r.comment));
    // Its canonical and difference functions exist first.
    let functions = [&r.canonical, &r.subtype_diff].into_iter().flatten();
    steps.push(step.requires(functions.map(|f| Key::FunctionName(QualName::parse(f, &r.name.schema)))));
}

pub fn drop_range(r: RangeType, steps: &mut Vec<Step>) {
    let name = r.name.clone();
    let mut step = drop_step(
        "type",
        &name,
        Op::Type(TypeOp::DropType { name: name.clone() }),
        Op::Type(TypeOp::CreateRange { r: r.clone() }),
    );
    step.rollback.extend(comment_on(&name, false, &r.comment));
    steps.push(step);
}

/// A range type defined otherwise. PostgreSQL cannot alter one: it is dropped and created
/// again, which it refuses while a column, function or other object uses it, so such a
/// change is refused here first, saying what to do.
pub fn replace_range(
    from: RangeType,
    to: RangeType,
    before: &Schema,
    steps: &mut Vec<Step>,
) -> Result<(), crate::plan::PlanError> {
    let name = to.name.to_string();
    let users: Vec<String> = before
        .tables
        .values()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
        .filter(|(_, c)| c.data_type.trim_end_matches("[]") == name || c.data_type == from.multirange.to_string())
        .map(|(t, c)| format!("{}.{}", t.name, c.name))
        .collect();
    if !users.is_empty() {
        return Err(crate::plan::PlanError::Unsupported(format!(
            "range type {name} is defined otherwise, and PostgreSQL cannot change a range type that columns use ({}): create a range type under a new name, move the columns to it, then drop this one",
            users.join(", ")
        )));
    }
    // `old` dropped, `new` created with its comment.
    let remake = |old: &RangeType, new: &RangeType| {
        let mut ops = vec![
            Op::Type(TypeOp::DropType { name: old.name.clone() }),
            Op::Type(TypeOp::CreateRange { r: new.clone() }),
        ];
        ops.extend(comment_on(&new.name, false, &new.comment));
        ops
    };
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("recreate type {name}"),
            remake(&from, &to),
            remake(&to, &from),
            Locks::none(),
        )
        .provides([type_key(&to.name)]),
    );
    Ok(())
}

/// `schema`: the schema before, whose columns of the type keep PostgreSQL from changing
/// an attribute's type (refused, with the reason).
pub fn alter_composite(
    from: CompositeType,
    to: CompositeType,
    schema: &Schema,
    steps: &mut Vec<Step>,
) -> Result<(), crate::plan::PlanError> {
    let n = &to.name;
    let retyped: Vec<&String> = from
        .attributes
        .iter()
        .filter(|(a, t)| to.attributes.iter().any(|(b, u)| b == a && u != t))
        .map(|(a, _)| a)
        .collect();
    let mut users: Vec<String> = schema
        .tables
        .values()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| !c.inherited && crate::kinds::types::compare::is_type(&c.data_type, n))
                .map(move |c| format!("{}.{}", t.name, c.name))
        })
        .collect();
    // Tables of the type (`CREATE TABLE ... OF`): its attributes are their columns.
    let mut typed: Vec<QualName> =
        schema.tables.values().filter(|t| t.of_type.as_ref() == Some(n)).map(|t| t.name.clone()).collect();
    users.extend(typed.iter().map(|t| format!("{t} (a table of the type)")));
    // Their partitions, at any depth, gain and lose the columns with them.
    let mut i = 0;
    while i < typed.len() {
        let parent = typed[i].clone();
        let partitions = schema.tables.values().filter(|t| t.partition_of.as_ref().is_some_and(|(p, _)| *p == parent));
        typed.extend(partitions.map(|t| t.name.clone()));
        i += 1;
    }
    if !retyped.is_empty() && !users.is_empty() {
        return Err(crate::plan::PlanError::Unsupported(format!(
            "the type of attribute(s) {} of composite type {n} cannot change while columns use the type ({}): \
             PostgreSQL refuses it, and the values stored in those columns would have to be rebuilt; add a new \
             attribute (or a new type) instead, and move the values in a migration of their own",
            retyped.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "),
            users.join(", ")
        )));
    }
    let mut e = Edits::default();
    let add =
        |a: &String, t: &String| TypeOp::AddAttribute { name: n.clone(), attribute: a.clone(), data_type: t.clone() };
    let drop = |a: &String| TypeOp::DropAttribute { name: n.clone(), attribute: a.clone() };
    let (mut added, mut dropped) = (Vec::new(), Vec::new());
    for (a, t) in &from.attributes {
        match to.attributes.iter().find(|(b, _)| b == a) {
            None => {
                e.push(drop(a), add(a, t));
                dropped.push(a.as_str());
            }
            Some((_, nt)) => e.set(t, nt, |data_type| TypeOp::AlterAttributeType {
                name: n.clone(),
                attribute: a.clone(),
                data_type: data_type.clone(),
            }),
        }
    }
    for (a, t) in to.attributes.iter().filter(|(a, _)| !from.attributes.iter().any(|(b, _)| b == a)) {
        e.push(add(a, t), drop(a));
        added.push(a.as_str());
    }
    e.comment(crate::diff::CommentOn::Type { name: n.clone(), domain: false }, &from.comment, &to.comment);
    let (ops, rb) = e.into_parts();
    let locked = std::iter::once(Locked::Type(n.clone())).chain(typed.iter().map(|t| Locked::Table(t.clone())));
    // The typed tables' new columns come with the type's new attributes.
    let columns = typed.iter().flat_map(|t| added.iter().map(move |a| Key::Column(t.clone(), a.to_string())));
    let mut step = Step::new(
        PhaseKind::Switch,
        format!("alter type {n}"),
        ops,
        rb,
        Lock::new(LockMode::AccessExclusive, locked, Hold::Brief),
    )
    .provides(std::iter::once(type_key(n)).chain(columns));
    if !typed.is_empty() && !dropped.is_empty() {
        step = step.hazard(
            HazardKind::DataLoss,
            format!(
                "dropping attribute(s) {} of {n} drops the column(s) of that name of {}, with their values",
                dropped.join(", "),
                typed.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    steps.push(step);
    Ok(())
}

pub fn create_collation(c: Collation, steps: &mut Vec<Step>) {
    let n = c.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("create collation {n}"),
            vec![Op::Type(TypeOp::CreateCollation { c })],
            vec![Op::Type(TypeOp::DropCollation { name: n.clone() })],
            Locks::none(),
        )
        .provides([Key::Collation(n.clone())])
        .requires([Key::Schema(n.schema.clone()), Key::Collation(n).gone()]),
    );
}

pub fn drop_collation(c: Collation, steps: &mut Vec<Step>) {
    let n = c.name.clone();
    steps.push(
        Step::new(
            PhaseKind::Contract,
            format!("drop collation {n}"),
            vec![Op::Type(TypeOp::DropCollation { name: n.clone() })],
            vec![Op::Type(TypeOp::CreateCollation { c })],
            Locks::none(),
        )
        .provides([Key::Collation(n).gone(), Key::Level(2)])
        .requires([Key::Level(1)]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Column, Table};

    fn range(subtype: &str) -> RangeType {
        RangeType {
            name: QualName::new("app", "span"),
            subtype: subtype.into(),
            subtype_opclass: None,
            collation: None,
            canonical: None,
            subtype_diff: None,
            multirange: QualName::new("app", "spanmultirange"),
            comment: None,
        }
    }

    #[test]
    fn a_range_type_columns_use_is_not_replaced_but_refused_with_what_to_do() {
        let mut before = Schema::default();
        let mut steps = Vec::new();
        replace_range(range("integer"), range("bigint"), &before, &mut steps).expect("nothing uses it");
        assert_eq!(steps.len(), 1);
        let mut t = Table::new(QualName::new("app", "bookings"));
        t.columns.push(Column::new("during", "app.span"));
        before.tables.insert(t.name.clone(), t);
        let err = replace_range(range("integer"), range("bigint"), &before, &mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("columns use (app.bookings.during)"), "{err}");
    }
}
