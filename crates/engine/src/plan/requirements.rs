//! The dependencies steps have on each other that come from the two schemas rather than
//! from the change itself: views over columns, foreign keys between dropped tables, the
//! types, sequences and collations a column uses. They are added as graph keys.

use super::{Key, Op, Step};
use crate::model::{ConstraintKind, ObjRef, QualName, Schema};
use crate::plan::{ColumnOp, ConstraintOp, IndexOp, TableOp, ViewOp};

/// Views of `s` that read `what`.
fn dependent_views<'a>(s: &'a Schema, what: impl Fn(&ObjRef) -> bool + 'a) -> impl Iterator<Item = &'a QualName> + 'a {
    s.view_deps.iter().filter(move |(_, deps)| deps.iter().any(&what)).map(|(v, _)| v)
}

/// The rules and triggers of `from` on `relation`: gone before it goes. (Those that go with
/// it have no step of their own; one created again with the relation is dropped by itself
/// first, so that the rollback creates it again on the old relation.)
fn on_relation(from: &Schema, relation: &QualName) -> Vec<Key> {
    let mut keys = crate::kinds::rule::on(from, relation);
    keys.extend(crate::kinds::trigger::plan::on(from, relation));
    keys
}

/// Keys for the user-defined types, sequences and collations a column uses.
fn column_keys(s: &Schema, c: &crate::model::Column) -> Vec<Key> {
    let mut keys = Vec::new();
    let ty = QualName::parse(c.data_type.trim_end_matches("[]"), "pg_catalog");
    if s.has_type(&ty) {
        keys.push(Key::Type(ty));
    }
    keys.extend(c.nextval_sequence("public").map(Key::Sequence));
    if let Some(coll) = &c.collation {
        keys.push(Key::Collation(QualName::parse(coll, "pg_catalog")));
    }
    keys
}

pub(super) fn add_requirements(step: &mut Step, from: &Schema, to: &Schema) {
    let mut req: Vec<Key> = Vec::new();
    let mut prov: Vec<Key> = Vec::new();
    // (A step that changes a column's type adds back the checks that read it itself.)
    let retyping = step.ops.iter().any(|op| matches!(op, Op::Column(ColumnOp::SetType { .. })));
    for op in &step.ops {
        match op {
            Op::Table(op) => table(op, from, to, &mut req, &mut prov),
            Op::Column(op) => column(op, from, to, &mut req, &mut prov),
            Op::View(op) => view(op, from, to, &mut req),
            Op::Index(op) => index(op, from, &mut req),
            Op::Constraint(op) => constraint(op, from, to, retyping, &mut req),
            Op::Type(crate::plan::TypeOp::CreateDomain { d }) => {
                domain(d, to, &mut req);
                req.extend(user_type(to, &d.base_type));
            }
            Op::Type(crate::plan::TypeOp::CreateComposite { c }) => {
                req.extend(c.attributes.iter().filter_map(|(_, t)| user_type(to, t)));
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

fn table(op: &TableOp, from: &Schema, to: &Schema, req: &mut Vec<Key>, prov: &mut Vec<Key>) {
    match op {
        TableOp::CreateTable { table } => {
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
            req.extend(table.of_type.iter().filter(|t| to.has_type(t)).map(|t| Key::Type(t.clone())));
            req.push(Key::Table(table.name.clone()).gone());
            req.push(Key::View(table.name.clone()).gone());
        }
        TableOp::SetOfType { of_type: Some(t), .. } => req.push(Key::Type(t.clone())),
        TableOp::DropTable { table } => {
            // Its indexes go with it (an index of the same name may be created after).
            prov.extend(
                from.indexes.values().filter(|ix| &ix.table == table).map(|ix| Key::Index(ix.name.clone()).gone()),
            );
            req.extend(crate::kinds::statistics::on(from, table, None));
            let on = |d: &ObjRef| matches!(d, ObjRef::Relation(r) | ObjRef::Column(r, _) if r == table);
            req.extend(dependent_views(from, on).map(|v| Key::View(v.clone()).gone()));
            req.extend(crate::kinds::rule::reading(from, on));
            req.extend(on_relation(from, table));
            // A partition carries its parents' share of the foreign keys that reference
            // them, and a partitioned table its partitions, which go with it (PostgreSQL
            // will not drop them under those foreign keys).
            let mut related = from.partition_ancestors(table);
            related.extend(from.tables.keys().filter(|q| from.partition_ancestors(q).contains(table)).cloned());
            for (q, other) in &from.tables {
                for c in &other.constraints {
                    if let ConstraintKind::ForeignKey(fk) = &c.kind {
                        if related.contains(&fk.ref_table) && q != table {
                            req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
                        }
                    }
                }
            }
            for (q, other) in &from.tables {
                if q == table {
                    continue;
                }
                if other.inherits.contains(table) {
                    req.push(Key::Table(q.clone()).gone());
                    req.push(Key::Detached(table.clone()));
                }
                // Its partitions that go are dropped first, each by itself (their rollbacks
                // then find it there to attach to).
                if other.partition_of.as_ref().is_some_and(|(p, _)| p == table) {
                    req.push(Key::Table(q.clone()).gone());
                }
                for c in &other.constraints {
                    if let ConstraintKind::ForeignKey(fk) = &c.kind {
                        if &fk.ref_table == table {
                            req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
                            // A referencing table dropped too has its foreign key dropped
                            // first (tables may reference each other); one that stays may
                            // also lose the key by going first.
                            if to.tables.contains_key(q) {
                                req.push(Key::Table(q.clone()).gone());
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn column(op: &ColumnOp, from: &Schema, to: &Schema, req: &mut Vec<Key>, prov: &mut Vec<Key>) {
    match op {
        ColumnOp::AddColumn { table, column } => {
            req.extend(column_keys(to, column));
            req.push(Key::Detached(table.clone()));
            req.push(Key::Column(table.clone(), column.name.clone()).gone());
            prov.push(Key::Column(table.clone(), column.name.clone()));
        }
        ColumnOp::SetType { table, column, .. } | ColumnOp::DropExpression { table, column } => {
            if let Some(c) = to.tables.get(table).and_then(|t| t.column(column)) {
                req.extend(column_keys(to, c));
            }
            req.push(Key::Detached(table.clone()));
            req.extend(crate::kinds::statistics::on(from, table, Some(column)));
            let col = ObjRef::Column(table.clone(), column.clone());
            req.extend(crate::kinds::rule::reading(from, |d| *d == col));
            req.extend(dependent_views(from, move |d| *d == col).map(|v| Key::View(v.clone()).gone()));
            // A check on the column written for its old type, which the target drops,
            // goes first (it could not be kept through the change).
            if let (Some(f), Some(t)) = (from.tables.get(table), to.tables.get(table)) {
                for c in &f.constraints {
                    let ConstraintKind::Check { expr } = &c.kind else { continue };
                    if t.constraint(&c.name).is_none() && crate::sqlparse::mentions(expr, column) {
                        req.push(Key::Constraint(table.clone(), c.name.clone()).gone());
                    }
                }
            }
            prov.push(Key::Column(table.clone(), column.clone()));
        }
        ColumnOp::SetDefault { table, column, .. } => {
            if let Some(c) = to.tables.get(table).and_then(|t| t.column(column)) {
                req.extend(column_keys(to, c));
            }
            carried_down(to, table, column, req, prov);
        }
        ColumnOp::SetStorage { table, column, .. }
        | ColumnOp::SetStatistics { table, column, .. }
        | ColumnOp::SetNotNull { table, column } => {
            carried_down(to, table, column, req, prov);
        }
        ColumnOp::DropNotNull { table, column } => {
            carried_down(to, table, column, req, prov);
            // A primary key column stays NOT NULL until the key is gone, or replaced by one
            // of the same name without it.
            if let Some(t) = from.tables.get(table) {
                for c in &t.constraints {
                    if matches!(&c.kind, ConstraintKind::PrimaryKey { columns } if columns.contains(column)) {
                        req.push(Key::Constraint(table.clone(), c.name.clone()).gone());
                        if to.tables.get(table).and_then(|t| t.constraint(&c.name)).is_some() {
                            req.push(Key::Constraint(table.clone(), c.name.clone()));
                        }
                    }
                }
            }
        }
        ColumnOp::DropColumn { table, column } => {
            // A column inherited from a parent goes after the parent's (ONLY) drop.
            for t in [from.tables.get(table), to.tables.get(table)].into_iter().flatten() {
                for p in &t.inherits {
                    req.push(Key::Column(p.clone(), column.clone()).gone());
                }
            }
            req.extend(crate::kinds::statistics::on(from, table, Some(column)));
            let col = ObjRef::Column(table.clone(), column.clone());
            req.extend(crate::kinds::rule::reading(from, |d| *d == col));
            req.extend(dependent_views(from, move |d| *d == col).map(|v| Key::View(v.clone()).gone()));
            // Policies and triggers that read it and go (PostgreSQL refuses to drop a
            // column under them; those that stay change first, in an earlier phase).
            let mentions = |e: &Option<String>| e.as_deref().is_some_and(|e| crate::sqlparse::mentions(e, column));
            for (k, p) in from.policies.iter().filter(|(k, p)| &p.table == table && !to.policies.contains_key(*k)) {
                if mentions(&p.using) || mentions(&p.check) {
                    req.push(Key::Policy(table.clone(), k.1.clone()).gone());
                }
            }
            for (_, t) in from.triggers.iter().filter(|(k, t)| &t.table == table && !to.triggers.contains_key(*k)) {
                if crate::kinds::trigger::plan::reads(t, column) {
                    req.push(Key::Trigger(table.clone(), t.name.clone()).gone());
                }
            }
            for (q, t) in &from.tables {
                for c in &t.constraints {
                    if let ConstraintKind::ForeignKey(fk) = &c.kind {
                        if &fk.ref_table == table && fk.ref_columns.contains(column) && q != table {
                            req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
                        }
                    }
                }
            }
            // The table's own constraints and indexes on it that go: dropping the column
            // would take them along, and their rollback (before the column's) would find
            // no column.
            let kept = to.tables.get(table);
            for c in from.tables.get(table).map(|t| t.constraints.as_slice()).unwrap_or_default() {
                let reads = match &c.kind {
                    ConstraintKind::ForeignKey(fk) => fk.columns.contains(column),
                    ConstraintKind::Check { expr } => crate::sqlparse::mentions(expr, column),
                    k => k.key_columns().is_some_and(|cols| cols.contains(column)),
                };
                if reads && kept.is_none_or(|t| t.constraint(&c.name).is_none()) {
                    req.push(Key::Constraint(table.clone(), c.name.clone()).gone());
                }
            }
            for (q, ix) in from.indexes.iter().filter(|(q, ix)| &ix.table == table && !to.indexes.contains_key(*q)) {
                if !ix.constraint_backed && ix.reads(column) {
                    req.push(Key::Index(q.clone()).gone());
                }
            }
        }
        _ => {}
    }
}

/// A setting PostgreSQL carries down from a parent to its partitions and children: set on
/// the parent first, so that a child's own value is set after it (and not overwritten).
fn carried_down(to: &Schema, table: &QualName, column: &str, req: &mut Vec<Key>, prov: &mut Vec<Key>) {
    prov.push(Key::ColumnSet(table.clone(), column.to_string()));
    if let Some(t) = to.tables.get(table) {
        for p in t.parents() {
            req.push(Key::ColumnSet(p.clone(), column.to_string()));
        }
    }
}

fn view(op: &ViewOp, from: &Schema, to: &Schema, req: &mut Vec<Key>) {
    match op {
        ViewOp::DropView { view } | ViewOp::DropMaterializedView { view } => {
            let on = |d: &ObjRef| matches!(d, ObjRef::Relation(r) | ObjRef::Column(r, _) if r == view);
            req.extend(crate::kinds::rule::reading(from, on));
            req.extend(on_relation(from, view));
            req.extend(dependent_views(from, on).filter(|w| *w != view).map(|w| Key::View(w.clone()).gone()));
        }
        ViewOp::CreateView { view } => {
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
        _ => {}
    }
}

fn index(op: &IndexOp, from: &Schema, req: &mut Vec<Key>) {
    match op {
        IndexOp::CreateIndex { index, .. } => {
            // On a partitioned table the index reaches every partition: let the ones
            // that leave go first.
            req.push(Key::Detached(index.table.clone()));
            req.push(Key::View(index.table.clone()));
            req.push(Key::Index(index.name.clone()).gone());
        }
        // A unique index that foreign keys rest on (they reference its columns) goes
        // after those that go.
        IndexOp::DropIndex { index, .. } => {
            let Some((ix, columns)) = from.indexes.get(index).and_then(|ix| Some((ix, ix.referenceable_columns()?)))
            else {
                return;
            };
            for (q, c) in crate::kinds::constraint::referencing(from, &ix.table, &columns) {
                req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
            }
        }
        _ => {}
    }
}

fn constraint(op: &ConstraintOp, from: &Schema, to: &Schema, retyping: bool, req: &mut Vec<Key>) {
    match op {
        ConstraintOp::AddConstraint { table, constraint, .. } => {
            req.push(Key::Constraint(table.clone(), constraint.name.clone()).gone());
            // A check comes after the columns it reads are added or take their new type.
            if let (ConstraintKind::Check { expr }, false) = (&constraint.kind, retyping) {
                let read = crate::sqlparse::identifiers(expr);
                let columns = to.tables.get(table).map(|t| t.columns.as_slice()).unwrap_or_default();
                for c in columns.iter().filter(|c| read.contains(&c.name)) {
                    req.push(Key::Column(table.clone(), c.name.clone()));
                }
            }
        }
        // A key that foreign keys rest on goes after those that go (as a unique index).
        ConstraintOp::DropConstraint { table, name } => {
            let key = from.tables.get(table).and_then(|t| t.constraint(name));
            let Some(columns) = key.and_then(|c| c.kind.key_columns()) else { return };
            for (q, c) in crate::kinds::constraint::referencing(from, table, columns) {
                req.push(Key::Constraint(q.clone(), c.name.clone()).gone());
            }
        }
        _ => {}
    }
}

/// The functions a domain's checks and default call wait for their creation (a domain may
/// be declared before them).
fn domain(d: &crate::model::Domain, to: &Schema, req: &mut Vec<Key>) {
    let texts: Vec<&str> = d.checks.iter().map(|(_, c)| c.as_str()).chain(d.default.as_deref()).collect();
    for (sig, f) in &to.functions {
        let call = format!("{}(", f.name.name);
        if texts.iter().any(|t| t.contains(&call)) {
            req.push(Key::Function(sig.clone()));
        }
    }
}

/// The key of a type of the target's own (enum, domain, composite) named as a column or
/// attribute type, arrays included.
fn user_type(s: &Schema, data_type: &str) -> Option<Key> {
    let ty = QualName::parse(data_type.trim_end_matches("[]"), "pg_catalog");
    s.has_type(&ty).then_some(Key::Type(ty))
}
