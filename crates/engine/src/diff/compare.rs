//! The comparison: everything in `from` that `to` lacks is dropped, everything new is
//! created, and what exists on both sides is altered in place wherever PostgreSQL can.
//! Views that depend on something that changes are dropped and created again. A spec's
//! target reaches here completed (see `declared`), so for a spec nothing is dropped.

use super::{same_column, same_index, same_view, Change, CommentOn};
use crate::model::{GrantOn, ObjRef, QualName, RoutineKind, Schema, Table};
use std::collections::{BTreeMap, BTreeSet};

/// Which schemas take part in a diff.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these schemas (all when empty).
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Compare extension versions too (ALTER EXTENSION ... UPDATE).
    pub extension_versions: bool,
}

impl Filter {
    pub fn keeps(&self, schema: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|s| s == schema))
            && !self.exclude.iter().any(|s| s == schema)
    }

    /// `s` without the objects outside the filter.
    pub fn apply(&self, s: &Schema) -> Schema {
        let mut s = s.clone();
        if self.include.is_empty() && self.exclude.is_empty() {
            return s;
        }
        let k = |q: &QualName| self.keeps(&q.schema);
        s.schemas.retain(|n| self.keeps(n));
        s.tables.retain(|q, _| k(q));
        s.views.retain(|q, _| k(q));
        s.indexes.retain(|q, _| k(q));
        s.extensions.retain(|_, e| self.keeps(&e.schema));
        s.enums.retain(|q, _| k(q));
        s.domains.retain(|q, _| k(q));
        s.composites.retain(|q, _| k(q));
        s.collations.retain(|q, _| k(q));
        s.sequences.retain(|q, _| k(q));
        s.functions.retain(|_, f| k(&f.name));
        s.triggers.retain(|_, t| k(&t.table));
        s.policies.retain(|_, p| k(&p.table));
        s.grants.retain(|g| match &g.on {
            GrantOn::Schema { name } => self.keeps(name),
            GrantOn::Table { name }
            | GrantOn::Column { table: name, .. }
            | GrantOn::Sequence { name }
            | GrantOn::Type { name }
            | GrantOn::Routine { name, .. } => k(name),
        });
        s.default_grants.retain(|g| g.schema.as_deref().is_none_or(|n| self.keeps(n)));
        s.schema_comments.retain(|n, _| self.keeps(n));
        s.view_deps.retain(|q, _| k(q));
        s
    }
}

/// A short label of what a whole-schema change is about.
pub(super) fn object_of(c: &Change) -> String {
    match c {
        Change::CreateSchema { name } | Change::DropSchema { name } => format!("schema {name}"),
        Change::CreateExtension { ext } | Change::DropExtension { ext } | Change::AlterExtension { to: ext, .. } => {
            format!("extension {}", ext.name)
        }
        Change::CreateEnum { e } | Change::DropEnum { e } | Change::RecreateEnum { to: e, .. } => {
            format!("type {}", e.name)
        }
        Change::AddEnumValues { name, .. } => format!("type {name}"),
        Change::CreateDomain { d } | Change::DropDomain { d } | Change::AlterDomain { to: d, .. } => {
            format!("domain {}", d.name)
        }
        Change::CreateComposite { c } | Change::DropComposite { c } | Change::AlterComposite { to: c, .. } => {
            format!("type {}", c.name)
        }
        Change::CreateCollation { c } | Change::DropCollation { c } => format!("collation {}", c.name),
        Change::CreateSequence { s } | Change::DropSequence { s } | Change::AlterSequence { to: s, .. } => {
            format!("sequence {}", s.name)
        }
        Change::DropTable { table }
        | Change::RecreateTable { to: table, .. }
        | Change::SetTableOptions { to: table, .. } => {
            format!("table {}", table.name)
        }
        Change::DropColumn { table, .. }
        | Change::DropConstraint { table, .. }
        | Change::AttachPartition { table, .. }
        | Change::DetachPartition { table, .. }
        | Change::SetInherits { table, .. } => format!("table {table}"),
        Change::DropIndex { index } => format!("index {}", index.name),
        Change::DropView { view } | Change::RecreateView { to: view, .. } => format!("view {}", view.name),
        Change::Function(c) => c.object(),
        Change::Aggregate(c) => c.object(),
        Change::CreateTrigger { t } | Change::DropTrigger { t } | Change::ReplaceTrigger { to: t, .. } => {
            format!("table {}", t.table)
        }
        Change::CreatePolicy { p } | Change::DropPolicy { p } | Change::ReplacePolicy { to: p, .. } => {
            format!("table {}", p.table)
        }
        Change::Grant { g } | Change::Revoke { g } => format!("privileges on {}", g.on.acl_object()),
        Change::DefaultGrant { g } | Change::DefaultRevoke { g } => format!("default privileges of {}", g.role),
        Change::Comment { on, .. } => match on {
            CommentOn::Schema { name } => format!("schema {name}"),
            CommentOn::View { name, .. } => format!("view {name}"),
            CommentOn::Column { table, .. } => format!("table {table}"),
            CommentOn::Type { name, .. } => format!("type {name}"),
            CommentOn::Sequence { name } => format!("sequence {name}"),
        },
        _ => "schema".to_string(),
    }
}

/// Is column type `data_type` (as format_type prints it, arrays included) the type `t`?
fn is_type(data_type: &str, t: &QualName) -> bool {
    QualName::parse(data_type.trim_end_matches("[]"), "pg_catalog") == *t
}

/// How the scope asks some changes to be made.
pub(super) struct Rules {
    /// Compare extension versions (ALTER EXTENSION ... UPDATE).
    pub extension_versions: bool,
    /// A view whose definition changed is replaced in place (CREATE OR REPLACE) rather than
    /// dropped and created again.
    pub replace_views: bool,
}

/// What earlier sections of a whole-schema diff decided that later ones need: objects
/// dropped and created again (their dependents and privileges follow), new tables.
#[derive(Default)]
struct Remade {
    types: BTreeSet<QualName>,
    dropped_types: BTreeSet<QualName>,
    functions: BTreeSet<String>,
    tables: BTreeSet<QualName>,
    affected_columns: BTreeSet<(QualName, String)>,
    gone_relations: BTreeSet<QualName>,
    views: BTreeSet<QualName>,
}

/// Every change that turns `from` into `to`.
pub(super) fn compare(from: &Schema, to: &Schema, rules: &Rules) -> Vec<Change> {
    let mut out = Vec::new();
    let mut remade = Remade::default();
    schemas_extensions_collations(from, to, rules, &mut out);
    types(from, to, &mut remade, &mut out);
    sequences(from, to, &mut out);
    crate::kinds::function::diff(from, to, &mut out, &mut remade.functions);
    crate::kinds::aggregate::diff(from, to, &mut out, &mut remade.functions);
    tables(from, to, &mut remade, &mut out);
    indexes(from, to, rules, &mut remade, &mut out);
    views(from, to, rules, &remade, &mut out);
    triggers_and_policies(from, to, &remade, &mut out);
    privileges(from, to, &remade, &mut out);
    out
}

fn schemas_extensions_collations(from: &Schema, to: &Schema, rules: &Rules, out: &mut Vec<Change>) {
    for name in to.schemas.difference(&from.schemas) {
        out.push(Change::CreateSchema { name: name.clone() });
    }
    for name in from.schemas.difference(&to.schemas) {
        out.push(Change::DropSchema { name: name.clone() });
    }
    for name in from.schemas.union(&to.schemas) {
        let (a, b) = (from.schema_comments.get(name), to.schema_comments.get(name));
        if a != b && to.schemas.contains(name) {
            out.push(Change::Comment {
                on: CommentOn::Schema { name: name.clone() },
                from: a.cloned(),
                to: b.cloned(),
            });
        }
    }
    for (n, e) in &to.extensions {
        match from.extensions.get(n) {
            None => out.push(Change::CreateExtension { ext: e.clone() }),
            Some(f) if f.schema != e.schema => {
                out.push(Change::DropExtension { ext: f.clone() });
                out.push(Change::CreateExtension { ext: e.clone() });
            }
            Some(f) if rules.extension_versions && f.version != e.version => {
                out.push(Change::AlterExtension { from: f.clone(), to: e.clone() })
            }
            Some(_) => {}
        }
    }
    for (n, e) in &from.extensions {
        if !to.extensions.contains_key(n) {
            out.push(Change::DropExtension { ext: e.clone() });
        }
    }
    for (q, c) in &to.collations {
        match from.collations.get(q) {
            None => out.push(Change::CreateCollation { c: c.clone() }),
            Some(f) if f != c => {
                out.push(Change::DropCollation { c: f.clone() });
                out.push(Change::CreateCollation { c: c.clone() });
            }
            Some(_) => {}
        }
    }
    for (q, c) in &from.collations {
        if !to.collations.contains_key(q) {
            out.push(Change::DropCollation { c: c.clone() });
        }
    }
}

fn types(from: &Schema, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    let recreated_types = &mut remade.types;
    let dropped_types = &mut remade.dropped_types;
    // Types. An enum that loses or reorders values is replaced by a new type.
    for (q, e) in &to.enums {
        match from.enums.get(q) {
            None => out.push(Change::CreateEnum { e: e.clone() }),
            Some(f) if f.values != e.values => {
                let mut it = e.values.iter();
                let kept_in_order = f.values.iter().all(|v| it.any(|x| x == v));
                if kept_in_order {
                    let values = e
                        .values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| !f.values.contains(v))
                        .map(|(i, v)| (v.clone(), e.values[i + 1..].iter().find(|n| f.values.contains(n)).cloned()))
                        .collect();
                    out.push(Change::AddEnumValues { name: q.clone(), values });
                } else {
                    let columns = from
                        .tables
                        .values()
                        .flat_map(|t| {
                            t.columns.iter().filter(|c| !c.inherited && is_type(&c.data_type, q)).map(|c| {
                                let new_default = to
                                    .tables
                                    .get(&t.name)
                                    .and_then(|nt| nt.column(&c.name))
                                    .and_then(|nc| nc.default.clone());
                                crate::diff::RetypedColumn {
                                    table: t.name.clone(),
                                    column: c.name.clone(),
                                    old_default: c.default.clone(),
                                    new_default,
                                }
                            })
                        })
                        .collect();
                    recreated_types.insert(q.clone());
                    out.push(Change::RecreateEnum { from: f.clone(), to: e.clone(), columns });
                }
            }
            Some(_) => {}
        }
        if let Some(f) = from.enums.get(q) {
            if f.comment != e.comment {
                out.push(Change::Comment {
                    on: CommentOn::Type { name: q.clone(), domain: false },
                    from: f.comment.clone(),
                    to: e.comment.clone(),
                });
            }
        }
    }
    for (q, d) in &to.domains {
        match from.domains.get(q) {
            None => out.push(Change::CreateDomain { d: d.clone() }),
            Some(f) if f != d => out.push(Change::AlterDomain { from: f.clone(), to: d.clone() }),
            Some(_) => {}
        }
    }
    for (q, c) in &to.composites {
        match from.composites.get(q) {
            None => out.push(Change::CreateComposite { c: c.clone() }),
            Some(f) if f != c => out.push(Change::AlterComposite { from: f.clone(), to: c.clone() }),
            Some(_) => {}
        }
    }
    for (q, e) in &from.enums {
        if !to.enums.contains_key(q) {
            dropped_types.insert(q.clone());
            out.push(Change::DropEnum { e: e.clone() });
        }
    }
    for (q, d) in &from.domains {
        if !to.domains.contains_key(q) {
            dropped_types.insert(q.clone());
            out.push(Change::DropDomain { d: d.clone() });
        }
    }
    for (q, c) in &from.composites {
        if !to.composites.contains_key(q) {
            dropped_types.insert(q.clone());
            out.push(Change::DropComposite { c: c.clone() });
        }
    }
}

fn sequences(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for (q, s) in &to.sequences {
        match from.sequences.get(q) {
            None => out.push(Change::CreateSequence { s: s.clone() }),
            Some(f) if f != s => out.push(Change::AlterSequence { from: f.clone(), to: s.clone() }),
            Some(_) => {}
        }
    }
    for (q, s) in &from.sequences {
        if !to.sequences.contains_key(q) {
            out.push(Change::DropSequence { s: s.clone() });
        }
    }
}

fn tables(from: &Schema, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    let Remade { types: recreated_types, tables: new_tables, affected_columns, gone_relations, .. } = remade;
    // Tables.
    for (q, t) in &to.tables {
        let Some(f) = from.tables.get(q) else {
            new_tables.insert(q.clone());
            create_table(t, out);
            continue;
        };
        if f.partition_by != t.partition_by {
            new_tables.insert(q.clone());
            gone_relations.insert(q.clone());
            out.push(Change::RecreateTable { from: f.clone(), to: t.clone() });
            continue;
        }
        alter_table(f, t, to, recreated_types, affected_columns, out);
    }
    for (q, t) in &from.tables {
        if !to.tables.contains_key(q) {
            gone_relations.insert(q.clone());
            out.push(Change::DropTable { table: t.clone() });
        }
    }
}

fn indexes(from: &Schema, to: &Schema, rules: &Rules, remade: &mut Remade, out: &mut Vec<Change>) {
    // Indexes (those behind constraints come and go with their constraints).
    remade.views = views_to_recreate(from, to, rules, remade);
    let Remade { tables: new_tables, gone_relations, views: recreated_views, .. } = remade;
    for (q, ix) in to.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let table_new =
            new_tables.contains(&ix.table) || recreated_views.contains(&ix.table) || !from.has_relation(&ix.table);
        match from.indexes.get(q).filter(|i| !i.constraint_backed) {
            Some(_) if table_new => out.push(Change::CreateIndex { index: ix.clone(), new_table: true }),
            None => out.push(Change::CreateIndex { index: ix.clone(), new_table: table_new }),
            Some(old) if !same_index(old, ix) => out.push(Change::ReplaceIndex { from: old.clone(), to: ix.clone() }),
            Some(_) => {}
        }
    }
    for (q, ix) in from.indexes.iter().filter(|(_, i)| !i.constraint_backed) {
        let kept = to.indexes.get(q).is_some_and(|i| !i.constraint_backed);
        if !kept && !gone_relations.contains(&ix.table) && to.has_relation(&ix.table) {
            out.push(Change::DropIndex { index: ix.clone() });
        }
    }
}

fn views(from: &Schema, to: &Schema, rules: &Rules, remade: &Remade, out: &mut Vec<Change>) {
    let recreated_views = &remade.views;
    for (q, v) in &from.views {
        if !to.views.contains_key(q) {
            out.push(Change::DropView { view: v.clone() });
        }
    }
    for (q, v) in &to.views {
        match from.views.get(q) {
            None => out.push(Change::CreateView { view: v.clone() }),
            Some(old) if recreated_views.contains(q) => {
                out.push(Change::RecreateView { from: old.clone(), to: v.clone() })
            }
            Some(old) if rules.replace_views && !same_view(old, v) => {
                out.push(Change::ReplaceView { from: old.clone(), to: v.clone() })
            }
            Some(old) if old.comment != v.comment => out.push(Change::Comment {
                on: CommentOn::View { name: q.clone(), materialized: v.materialized },
                from: old.comment.clone(),
                to: v.comment.clone(),
            }),
            Some(_) => {}
        }
    }
}

fn triggers_and_policies(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    let (new_tables, recreated_views, gone_relations) = (&remade.tables, &remade.views, &remade.gone_relations);
    // Triggers and policies (those on dropped tables go with them).
    let remade = |t: &QualName| new_tables.contains(t) || recreated_views.contains(t);
    for (k, t) in &to.triggers {
        match from.triggers.get(k) {
            Some(_) if remade(&t.table) => out.push(Change::CreateTrigger { t: t.clone() }),
            None => out.push(Change::CreateTrigger { t: t.clone() }),
            Some(old) if old != t => out.push(Change::ReplaceTrigger { from: old.clone(), to: t.clone() }),
            Some(_) => {}
        }
    }
    for (k, t) in &from.triggers {
        if !to.triggers.contains_key(k) && !gone_relations.contains(&t.table) && to.has_relation(&t.table) {
            out.push(Change::DropTrigger { t: t.clone() });
        }
    }
    for (k, p) in &to.policies {
        match from.policies.get(k) {
            Some(_) if remade(&p.table) => out.push(Change::CreatePolicy { p: p.clone() }),
            None => out.push(Change::CreatePolicy { p: p.clone() }),
            Some(old) if old != p => out.push(Change::ReplacePolicy { from: old.clone(), to: p.clone() }),
            Some(_) => {}
        }
    }
    for (k, p) in &from.policies {
        if !to.policies.contains_key(k) && !gone_relations.contains(&p.table) && to.has_relation(&p.table) {
            out.push(Change::DropPolicy { p: p.clone() });
        }
    }
}

fn privileges(from: &Schema, to: &Schema, remade: &Remade, out: &mut Vec<Change>) {
    let (new_tables, recreated_views, recreated_functions) = (&remade.tables, &remade.views, &remade.functions);
    // Privileges: recreated objects lose theirs, so grant them all again.
    let remade_object = |on: &GrantOn| match on {
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => {
            new_tables.contains(name) || recreated_views.contains(name)
        }
        GrantOn::Routine { .. } => on.signature().is_some_and(|s| recreated_functions.contains(&s)),
        _ => false,
    };
    for g in &to.grants {
        if !from.grants.contains(g) || remade_object(&g.on) {
            out.push(Change::Grant { g: g.clone() });
        }
    }
    for g in &from.grants {
        if !to.grants.contains(g) && object_survives(to, &g.on) && !remade_object(&g.on) {
            out.push(Change::Revoke { g: g.clone() });
        }
    }
    for g in to.default_grants.difference(&from.default_grants) {
        out.push(Change::DefaultGrant { g: g.clone() });
    }
    for g in from.default_grants.difference(&to.default_grants) {
        out.push(Change::DefaultRevoke { g: g.clone() });
    }
}

/// Whether the object a grant is on still exists in `to` (revoking on a dropped object is
/// pointless and would fail).
fn object_survives(to: &Schema, on: &GrantOn) -> bool {
    match on {
        GrantOn::Schema { name } => to.schemas.contains(name),
        GrantOn::Routine { kind: RoutineKind::Aggregate, .. } => {
            on.signature().is_some_and(|s| to.aggregates.contains_key(&s))
        }
        GrantOn::Routine { .. } => on.signature().is_some_and(|s| to.functions.contains_key(&s)),
        GrantOn::Sequence { name } => to.sequences.contains_key(name),
        GrantOn::Type { name } => {
            to.enums.contains_key(name) || to.domains.contains_key(name) || to.composites.contains_key(name)
        }
        GrantOn::Table { name } | GrantOn::Column { table: name, .. } => to.has_relation(name),
    }
}

fn create_table(t: &Table, out: &mut Vec<Change>) {
    let (fks, inline): (Vec<_>, Vec<_>) =
        t.constraints.iter().cloned().partition(|c| matches!(c.kind, crate::model::ConstraintKind::ForeignKey(_)));
    let mut table = t.clone();
    table.constraints = inline;
    out.push(Change::CreateTable { table });
    for c in fks {
        out.push(Change::AddConstraint { table: t.name.clone(), constraint: c, new_table: true });
    }
}

fn alter_table(
    f: &Table,
    t: &Table,
    to: &Schema,
    recreated_types: &BTreeSet<QualName>,
    affected: &mut BTreeSet<(QualName, String)>,
    out: &mut Vec<Change>,
) {
    let q = &t.name;
    // A table about to be attached to a parent (partition or inheritance) must already
    // have the parent's columns, which the target shows as inherited.
    let joining = (t.partition_of.is_some() && f.partition_of != t.partition_of)
        || t.inherits.iter().any(|p| !f.inherits.contains(p));
    for c in t.columns.iter().filter(|c| joining || !c.inherited) {
        match f.column(&c.name) {
            None => out.push(Change::AddColumn { table: q.clone(), column: c.clone() }),
            Some(old) => {
                let mut old = old.clone();
                old.inherited = false;
                let mut c = c.clone();
                c.inherited = false;
                let c = &c;
                if !same_column(&old, c) {
                    if old.data_type != c.data_type || old.generated != c.generated || old.collation != c.collation {
                        affected.insert((q.clone(), c.name.clone()));
                    }
                    out.push(Change::AlterColumn { table: q.clone(), from: old, to: c.clone() });
                }
            }
        }
    }
    for c in f.columns.iter().filter(|c| !c.inherited) {
        if t.column(&c.name).is_none() {
            affected.insert((q.clone(), c.name.clone()));
            // Inheritance children that keep the column as their own: drop it from the
            // parent ONLY, which leaves theirs in place.
            let only = to
                .tables
                .values()
                .any(|child| child.inherits.contains(q) && child.column(&c.name).is_some_and(|cc| !cc.inherited));
            out.push(Change::DropColumn { table: q.clone(), column: c.clone(), only });
            if only {
                // Children that had it only by inheritance and lose it: drop theirs after.
                for child in to.tables.values().filter(|ch| ch.inherits.contains(q) && ch.column(&c.name).is_none()) {
                    out.push(Change::DropColumn { table: child.name.clone(), column: c.clone(), only: false });
                }
            }
        }
    }
    for c in f.columns.iter() {
        if recreated_types.iter().any(|ty| is_type(&c.data_type, ty)) {
            affected.insert((q.clone(), c.name.clone()));
        }
    }
    for c in &t.constraints {
        match f.constraint(&c.name) {
            None => out.push(Change::AddConstraint { table: q.clone(), constraint: c.clone(), new_table: false }),
            Some(old) if old.kind != c.kind => {
                out.push(Change::ReplaceConstraint { table: q.clone(), from: old.clone(), to: c.clone() })
            }
            Some(old) if !old.validated && c.validated => {
                out.push(Change::ValidateConstraint { table: q.clone(), constraint: old.clone() })
            }
            Some(_) => {}
        }
    }
    for c in &f.constraints {
        if t.constraint(&c.name).is_none() {
            out.push(Change::DropConstraint { table: q.clone(), constraint: c.clone() });
        }
    }
    if f.unlogged != t.unlogged || f.row_security != t.row_security || f.force_row_security != t.force_row_security {
        out.push(Change::SetTableOptions { from: f.clone(), to: t.clone() });
    }
    if f.partition_of != t.partition_of {
        if let Some((parent, _)) = &f.partition_of {
            out.push(Change::DetachPartition { table: q.clone(), parent: parent.clone() });
        }
        if let Some((parent, bound)) = &t.partition_of {
            out.push(Change::AttachPartition { table: q.clone(), parent: parent.clone(), bound: bound.clone() });
        }
    }
    if f.inherits != t.inherits {
        let add = t.inherits.iter().filter(|p| !f.inherits.contains(p)).cloned().collect();
        let remove = f.inherits.iter().filter(|p| !t.inherits.contains(p)).cloned().collect();
        out.push(Change::SetInherits { table: q.clone(), add, remove });
    }
    if f.comment != t.comment {
        out.push(Change::SetTableComment { table: q.clone(), from: f.comment.clone(), to: t.comment.clone() });
    }
}

/// Views (existing on both sides) that must be dropped and created again: their definition
/// changed, or something they read is changing, or a view they read is being recreated.
fn views_to_recreate(from: &Schema, to: &Schema, rules: &Rules, remade: &Remade) -> BTreeSet<QualName> {
    let Remade { types, dropped_types, functions, affected_columns, gone_relations, .. } = remade;
    let mut set: BTreeSet<QualName> = BTreeSet::new();
    let mut dropped: BTreeSet<QualName> = BTreeSet::new();
    for (q, v) in &from.views {
        match to.views.get(q) {
            Some(t) if !rules.replace_views && !same_view(t, v) => {
                set.insert(q.clone());
            }
            None => {
                dropped.insert(q.clone());
            }
            _ => {}
        }
    }
    let touches = |deps: &BTreeSet<ObjRef>, set: &BTreeSet<QualName>, dropped: &BTreeSet<QualName>| {
        deps.iter().any(|d| match d {
            ObjRef::Relation(r) => gone_relations.contains(r) || set.contains(r) || dropped.contains(r),
            ObjRef::Column(t, c) => {
                gone_relations.contains(t)
                    || set.contains(t)
                    || dropped.contains(t)
                    || affected_columns.contains(&(t.clone(), c.clone()))
            }
            ObjRef::Function(f) => functions.contains(f),
            ObjRef::Type(t) => types.contains(t) || dropped_types.contains(t),
        })
    };
    // Propagate until nothing more changes (views over views).
    loop {
        let before = set.len();
        let deps: &BTreeMap<QualName, BTreeSet<ObjRef>> = &from.view_deps;
        for (q, d) in deps {
            if to.views.contains_key(q) && !set.contains(q) && touches(d, &set, &dropped) {
                set.insert(q.clone());
            }
        }
        if set.len() == before {
            break;
        }
    }
    set.retain(|q| to.views.contains_key(q) && from.views.contains_key(q));
    set
}
