//! Planning a whole-schema diff: every change between two schemas into ordered steps.
//! The dependencies that drops and re-creations need (views over columns, foreign keys
//! between dropped tables, functions called by triggers) come from the catalog's record
//! of both schemas and are added here as graph keys.

use super::{graph, number, ops, plan_change, Key, Op, Plan, PlanError, Step};
use crate::diff::{diff_full, Change, Filter};
use crate::model::{ConstraintKind, ObjRef, QualName, Schema, Target};

/// Creation before alteration before removal, so that ties in the graph keep a natural
/// order (schemas, extensions, types, sequences, functions, tables, ...).
fn rank(c: &Change) -> u8 {
    match c {
        Change::Aggregate(a) => crate::kinds::aggregate::rank(a),
        Change::CreateSchema { .. } => 0,
        Change::CreateExtension { .. } => 1,
        Change::CreateCollation { .. } => 2,
        Change::CreateEnum { .. }
        | Change::CreateDomain { .. }
        | Change::CreateComposite { .. }
        | Change::AddEnumValues { .. } => 3,
        Change::CreateSequence { .. } => 4,
        Change::Function(f) => crate::kinds::function::rank(f),
        Change::CreateTable { .. } => 6,
        Change::AddColumn { .. } | Change::AlterColumn { .. } => 7,
        Change::AddConstraint { .. } | Change::ReplaceConstraint { .. } | Change::ValidateConstraint { .. } => 8,
        Change::CreateIndex { .. } | Change::ReplaceIndex { .. } => 9,
        Change::CreateView { .. } | Change::RecreateView { .. } => 10,
        Change::CreateTrigger { .. } | Change::CreatePolicy { .. } => 11,
        Change::Grant { .. } | Change::DefaultGrant { .. } => 12,
        _ => 13,
    }
}

/// Plans the changes that turn `from` into `to`.
pub fn plan_full(from: &Schema, to: &Schema, filter: &Filter) -> Result<Plan, PlanError> {
    let mut changes = diff_full(from, to, filter);
    changes.sort_by_key(rank);
    let mut steps: Vec<Step> = Vec::new();
    let none = Target::default();
    for change in changes {
        match change {
            Change::CreateSchema { name } => ops::schema::create(name, &mut steps),
            Change::DropSchema { name } => ops::schema::drop(name, &mut steps),
            Change::Comment { on, from, to } => ops::schema::comment(on, from, to, &mut steps),
            Change::CreateExtension { ext } => ops::extension::create(ext, &mut steps),
            Change::DropExtension { ext } => ops::extension::drop(ext, &mut steps),
            Change::AlterExtension { from, to } => ops::extension::update(from, to, &mut steps),
            Change::CreateCollation { c } => ops::types::create_collation(c, &mut steps),
            Change::DropCollation { c } => ops::types::drop_collation(c, &mut steps),
            Change::CreateEnum { e } => ops::types::create_enum(e, &mut steps),
            Change::AddEnumValues { name, values } => ops::types::add_enum_values(name, values, &mut steps),
            Change::RecreateEnum { from, to, columns } => ops::types::recreate_enum(from, to, columns, &mut steps),
            Change::DropEnum { e } => ops::types::drop_enum(e, &mut steps),
            Change::CreateDomain { d } => ops::types::create_domain(d, &mut steps),
            Change::AlterDomain { from, to } => ops::types::alter_domain(from, to, &mut steps),
            Change::DropDomain { d } => ops::types::drop_domain(d, &mut steps),
            Change::CreateComposite { c } => ops::types::create_composite(c, &mut steps),
            Change::AlterComposite { from, to } => ops::types::alter_composite(from, to, &mut steps),
            Change::DropComposite { c } => ops::types::drop_composite(c, &mut steps),
            Change::CreateSequence { s } => ops::sequence::create(s, &mut steps),
            Change::AlterSequence { from, to } => ops::sequence::alter(from, to, &mut steps),
            Change::DropSequence { s } => ops::sequence::drop(s, &mut steps),
            Change::Function(c) => crate::kinds::function::plan(c, from, to, &mut steps),
            Change::Aggregate(c) => crate::kinds::aggregate::plan(c, from, &mut steps),
            Change::DropTable { table } => ops::table_changes::drop_table(table, &mut steps),
            Change::RecreateTable { from, to } => ops::table_changes::recreate_table(from, to, &mut steps),
            Change::DropColumn { table, column, only } => {
                ops::table_changes::drop_column(table, column, only, &mut steps)
            }
            Change::DropConstraint { table, constraint } => {
                ops::table_changes::drop_constraint(table, constraint, &mut steps)
            }
            Change::DropIndex { index } => {
                let partitioned = from.tables.get(&index.table).is_some_and(|t| t.partition_by.is_some());
                ops::table_changes::drop_index(index, partitioned, &mut steps)
            }
            Change::CreateIndex { index, new_table } => {
                // CONCURRENTLY is not possible on a partitioned table.
                let partitioned = to.tables.get(&index.table).is_some_and(|t| t.partition_by.is_some());
                ops::index::create(index, new_table || partitioned, &mut steps)
            }
            Change::DropView { view } => ops::view::drop(view, &mut steps),
            Change::RecreateView { from, to } => ops::view::recreate(from, to, &mut steps),
            Change::SetTableOptions { from, to } => ops::table_changes::set_options(from, to, &mut steps),
            Change::DetachPartition { table, parent } => ops::table_changes::detach(table, parent, &mut steps),
            Change::AttachPartition { table, parent, bound } => {
                let mut cols = Vec::new();
                for t in [&parent, &table] {
                    if let Some(tt) = to.tables.get(t) {
                        cols.extend(tt.columns.iter().map(|c| Key::Column(t.clone(), c.name.clone())));
                    }
                }
                ops::table_changes::attach(table, parent, bound, cols, &mut steps)
            }
            Change::SetInherits { table, add, remove } => {
                ops::table_changes::set_inherits(table, add, remove, &mut steps)
            }
            Change::CreateTrigger { t } => {
                let again = from.triggers.contains_key(&(t.table.clone(), t.name.clone()));
                ops::trigger::create(t, again, &mut steps)
            }
            Change::ReplaceTrigger { from: _, to } => ops::trigger::create(to, true, &mut steps),
            Change::DropTrigger { t } => ops::trigger::drop(t, false, &mut steps),
            Change::CreatePolicy { p } => ops::trigger::create_policy(p, false, &mut steps),
            Change::ReplacePolicy { from, to } => {
                ops::trigger::drop_policy(from, true, &mut steps);
                ops::trigger::create_policy(to, true, &mut steps)
            }
            Change::DropPolicy { p } => ops::trigger::drop_policy(p, false, &mut steps),
            Change::Grant { g } => ops::grant::grant(g, &mut steps),
            Change::Revoke { g } => ops::grant::revoke(g, &mut steps),
            Change::DefaultGrant { g } => ops::grant::default_privilege(g, true, &mut steps),
            Change::DefaultRevoke { g } => ops::grant::default_privilege(g, false, &mut steps),
            // The kinds a spec can declare too: planned the same way in both modes.
            other @ (Change::CreateTable { .. }
            | Change::AddColumn { .. }
            | Change::AlterColumn { .. }
            | Change::AddConstraint { .. }
            | Change::ReplaceConstraint { .. }
            | Change::ValidateConstraint { .. }
            | Change::ReplaceIndex { .. }
            | Change::CreateView { .. }
            | Change::ReplaceView { .. }
            | Change::SetTableComment { .. }) => plan_change(from, &none, other, &mut steps)?,
        }
    }
    for s in &mut steps {
        add_requirements(s, from, to);
    }
    Ok(number(graph::order(steps)?))
}

/// Views of `s` that read `what`.
fn dependent_views<'a>(s: &'a Schema, what: impl Fn(&ObjRef) -> bool + 'a) -> impl Iterator<Item = &'a QualName> + 'a {
    s.view_deps.iter().filter(move |(_, deps)| deps.iter().any(&what)).map(|(v, _)| v)
}

/// Keys for the user-defined types, sequences and collations a column uses.
fn column_keys(s: &Schema, c: &crate::model::Column) -> Vec<Key> {
    let mut keys = Vec::new();
    let ty = QualName::parse(c.data_type.trim_end_matches("[]"), "pg_catalog");
    if s.enums.contains_key(&ty) || s.domains.contains_key(&ty) || s.composites.contains_key(&ty) {
        keys.push(Key::Type(ty));
    }
    if let Some(d) = &c.default {
        if let Some(rest) = d.strip_prefix("nextval('") {
            if let Some(name) = rest.split("'::regclass").next() {
                keys.push(Key::Sequence(QualName::parse(&name.replace("''", "'"), "public")));
            }
        }
    }
    if let Some(coll) = &c.collation {
        keys.push(Key::Collation(QualName::parse(coll, "pg_catalog")));
    }
    keys
}

fn add_requirements(step: &mut Step, from: &Schema, to: &Schema) {
    let mut req: Vec<Key> = Vec::new();
    let mut prov: Vec<Key> = Vec::new();
    for op in &step.ops {
        match op {
            Op::CreateTable { table } => {
                for c in &table.columns {
                    req.extend(column_keys(to, c));
                }
                if let Some((parent, _)) = &table.partition_of {
                    req.push(Key::Table(parent.clone()));
                    if let Some(p) = to.tables.get(parent) {
                        req.extend(p.columns.iter().map(|c| Key::Column(parent.clone(), c.name.clone())));
                    }
                }
                req.extend(table.inherits.iter().map(|p| Key::Table(p.clone())));
                req.push(Key::Table(table.name.clone()).gone());
                req.push(Key::View(table.name.clone()).gone());
            }
            Op::AddColumn { table, column } => {
                req.extend(column_keys(to, column));
                req.push(Key::Detached(table.clone()));
                req.push(Key::Column(table.clone(), column.name.clone()).gone());
                prov.push(Key::Column(table.clone(), column.name.clone()));
            }
            Op::SetType { table, column, .. } | Op::DropExpression { table, column } => {
                if let Some(c) = to.tables.get(table).and_then(|t| t.column(column)) {
                    req.extend(column_keys(to, c));
                }
                req.push(Key::Detached(table.clone()));
                let col = ObjRef::Column(table.clone(), column.clone());
                req.extend(dependent_views(from, move |d| *d == col).map(|v| Key::View(v.clone()).gone()));
                prov.push(Key::Column(table.clone(), column.clone()));
            }
            Op::SetDefault { table, column, .. } => {
                if let Some(c) = to.tables.get(table).and_then(|t| t.column(column)) {
                    req.extend(column_keys(to, c));
                }
            }
            Op::DropNotNull { table, column } => {
                // A primary key column stays NOT NULL until the key is gone.
                if let Some(t) = from.tables.get(table) {
                    for c in &t.constraints {
                        if matches!(&c.kind, ConstraintKind::PrimaryKey { columns } if columns.contains(column)) {
                            req.push(Key::Constraint(table.clone(), c.name.clone()).gone());
                        }
                    }
                }
            }
            Op::DropColumn { table, column } => {
                // A column inherited from a parent goes after the parent's (ONLY) drop.
                for t in [from.tables.get(table), to.tables.get(table)].into_iter().flatten() {
                    for p in &t.inherits {
                        req.push(Key::Column(p.clone(), column.clone()).gone());
                    }
                }
                let col = ObjRef::Column(table.clone(), column.clone());
                req.extend(dependent_views(from, move |d| *d == col).map(|v| Key::View(v.clone()).gone()));
                for (q, t) in &from.tables {
                    for c in &t.constraints {
                        if let ConstraintKind::ForeignKey(fk) = &c.kind {
                            if &fk.ref_table == table && fk.ref_columns.contains(column) && q != table {
                                req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
                            }
                        }
                    }
                }
            }
            Op::DropTable { table } => {
                let t = table.clone();
                req.extend(
                    dependent_views(from, move |d| matches!(d, ObjRef::Relation(r) | ObjRef::Column(r, _) if *r == t))
                        .map(|v| Key::View(v.clone()).gone()),
                );
                for (q, other) in &from.tables {
                    if q == table {
                        continue;
                    }
                    if other.inherits.contains(table) {
                        req.push(Key::Table(q.clone()).gone());
                        req.push(Key::Detached(table.clone()));
                    }
                    for c in &other.constraints {
                        if let ConstraintKind::ForeignKey(fk) = &c.kind {
                            if &fk.ref_table == table {
                                req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
                                req.push(Key::Table(q.clone()).gone());
                            }
                        }
                    }
                }
            }
            Op::DropView { view } | Op::DropMaterializedView { view } => {
                let v = view.clone();
                req.extend(
                    dependent_views(from, move |d| matches!(d, ObjRef::Relation(r) | ObjRef::Column(r, _) if *r == v))
                        .filter(|w| *w != view)
                        .map(|w| Key::View(w.clone()).gone()),
                );
            }
            Op::CreateView { view } => {
                req.push(Key::Table(view.name.clone()).gone());
                req.push(Key::View(view.name.clone()).gone());
                if let Some(deps) = to.view_deps.get(&view.name) {
                    for d in deps {
                        match d {
                            ObjRef::Relation(r) => {
                                req.push(Key::Table(r.clone()));
                                req.push(Key::View(r.clone()));
                            }
                            ObjRef::Column(t, c) => {
                                req.push(Key::Column(t.clone(), c.clone()));
                                req.push(Key::View(t.clone()));
                            }
                            ObjRef::Function(f) => req.push(Key::Function(f.clone())),
                            ObjRef::Type(t) => req.push(Key::Type(t.clone())),
                        }
                    }
                }
            }
            Op::CreateIndex { index, .. } => {
                // On a partitioned table the index reaches every partition: let the ones
                // that leave go first.
                req.push(Key::Detached(index.table.clone()));
                req.push(Key::View(index.table.clone()));
                req.push(Key::Index(index.name.clone()).gone());
            }
            Op::AddConstraint { table, constraint, .. } => {
                req.push(Key::Constraint(table.clone(), constraint.name.clone()).gone());
            }
            _ => {}
        }
    }
    let barrier = step.provides.iter().chain(step.requires.iter()).any(|k| matches!(k, Key::Level(_)));
    if !barrier {
        prov.push(Key::Level(1));
    }
    step.requires.extend(req);
    step.provides.extend(prov);
}
