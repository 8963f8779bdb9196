//! A spec's target, completed from the schema it starts from.
//!
//! A spec names only what it manages: some columns of a table, some of its constraints, a
//! comment or not. Whatever it leaves unsaid (other columns and constraints, a column's
//! collation or comment, identity options, every other kind of object) is taken from the
//! current schema, so the one comparison finds nothing to change or drop there.

use crate::model::{Column, Grant, Schema, Table};
use std::collections::BTreeSet;

/// Grants whose routine is named by its argument types as written (`add_item(bigint,
/// text)`), named as `from` has the routine, its parameters' names included, when it has one
/// by those types. (Planning on a live server has the server name them first.)
fn routines_named(from: &Schema, grants: &BTreeSet<Grant>) -> Vec<Grant> {
    use crate::model::GrantOn;
    let named = |on: &GrantOn| -> Option<GrantOn> {
        let GrantOn::Routine { name, identity_args, .. } = on else { return None };
        if let Some(f) = from.functions.values().find(|f| &f.name == name && &f.arg_types == identity_args) {
            return Some(GrantOn::Routine {
                name: name.clone(),
                kind: f.kind,
                identity_args: f.identity_args.clone(),
                grant_args: f.identity_args.clone(),
            });
        }
        None
    };
    grants.iter().map(|g| Grant { on: named(&g.on).unwrap_or_else(|| g.on.clone()), ..g.clone() }).collect()
}

/// `from` with what `declared` says laid over it.
pub(super) fn complete(from: &Schema, declared: &Schema, revoked: &BTreeSet<Grant>) -> Schema {
    let mut to = from.clone();
    // Sequences a spec implies (serial columns) are created when missing, never altered.
    for (q, s) in &declared.sequences {
        to.sequences.entry(q.clone()).or_insert_with(|| s.clone());
    }
    for (q, want) in &declared.tables {
        match to.tables.get_mut(q) {
            None => {
                to.tables.insert(q.clone(), want.clone());
            }
            Some(have) => overlay_table(have, want),
        }
    }
    for (q, ix) in &declared.indexes {
        let mut ix = ix.clone();
        // A spec does not say what an index's comment is: it stays.
        if ix.comment.is_none() {
            ix.comment = from.indexes.get(q).and_then(|old| old.comment.clone());
        }
        to.indexes.insert(q.clone(), ix);
    }
    for (q, v) in &declared.views {
        let mut v = v.clone();
        if v.comment.is_none() {
            v.comment = from.views.get(q).and_then(|old| old.comment.clone());
        }
        // A spec does not say a view's options: they stay.
        if v.options.is_empty() {
            v.options = from.views.get(q).map(|old| old.options.clone()).unwrap_or_default();
        }
        to.views.insert(q.clone(), v);
        // What the old definition read says nothing of the new one.
        to.view_deps.remove(q);
    }
    // Policies and grants a spec names are added (or changed); the others stay.
    for (k, p) in &declared.policies {
        let mut p = p.clone();
        // A spec does not say what a policy's comment is: it stays.
        if p.comment.is_none() {
            p.comment = from.policies.get(k).and_then(|old| old.comment.clone());
        }
        to.policies.insert(k.clone(), p);
    }
    to.grants.extend(routines_named(from, &declared.grants));
    // Privileges the spec takes away go, whoever granted them.
    let revoked = routines_named(from, revoked);
    to.grants.retain(|g| !revoked.contains(g));
    // A role's first database-wide default privilege replaces PostgreSQL's built-in ones:
    // those stay, the new one is added to them.
    for g in declared.default_grants.iter().filter(|g| g.schema.is_none()) {
        let had = |d: &crate::model::DefaultGrant| d.schema.is_none() && d.role == g.role && d.objects == g.objects;
        if !from.default_grants.iter().any(had) {
            to.default_grants.extend(crate::kinds::grant::compare::builtin_defaults(&g.role, &g.objects));
        }
    }
    to.default_grants.extend(declared.default_grants.iter().cloned());
    // Types: a declared one is whole (its labels or attributes); its comment, if the spec
    // says none, stays.
    for (q, e) in &declared.enums {
        let mut e = e.clone();
        if e.comment.is_none() {
            e.comment = from.enums.get(q).and_then(|old| old.comment.clone());
        }
        e.comment = e.comment.filter(|c| !c.is_empty());
        to.enums.insert(q.clone(), e);
    }
    for (q, c) in &declared.composites {
        let mut c = c.clone();
        if c.comment.is_none() {
            c.comment = from.composites.get(q).and_then(|old| old.comment.clone());
        }
        c.comment = c.comment.filter(|c| !c.is_empty());
        to.composites.insert(q.clone(), c);
    }
    // Every relation lives in a schema that exists (a new table's, a renamed table's).
    let used: Vec<String> = to
        .tables
        .keys()
        .chain(to.views.keys())
        .chain(to.enums.keys())
        .chain(to.composites.keys())
        .chain(to.ranges.keys())
        .map(|q| q.schema.clone())
        .collect();
    to.schemas.extend(used);
    to
}

fn overlay_table(have: &mut Table, want: &Table) {
    for c in &want.columns {
        match have.columns.iter_mut().find(|x| x.name == c.name) {
            None => have.columns.push(c.clone()),
            Some(hc) => *hc = overlay_column(hc, c),
        }
    }
    for c in &want.constraints {
        match have.constraints.iter_mut().find(|x| x.name == c.name) {
            None => have.constraints.push(c.clone()),
            Some(hc) => {
                // Nor a constraint's comment.
                let comment = hc.comment.take();
                *hc = c.clone();
                hc.comment = hc.comment.take().or(comment);
            }
        }
    }
    if let Some(w) = &want.comment {
        // Said to have none (an empty comment): none.
        have.comment = (!w.is_empty()).then(|| w.clone());
    }
    // Row-level security as declared (a spec that leaves it out declares it as it is).
    have.row_security = want.row_security;
    have.force_row_security = want.force_row_security;
    // Storage parameters and replica identity, when the spec says them.
    if !want.options.is_empty() {
        have.options = want.options.clone();
    }
    if want.replica_identity.is_some() {
        have.replica_identity = want.replica_identity.clone();
    }
    if want.cluster_on.is_some() {
        have.cluster_on = want.cluster_on.clone();
    }
}

/// A declared column over the one that exists: what the spec leaves unsaid stays.
fn overlay_column(have: &Column, want: &Column) -> Column {
    let mut c = want.clone();
    if c.collation.is_none() {
        c.collation = have.collation.clone();
    }
    match c.comment.as_deref() {
        None => c.comment = have.comment.clone(),
        Some("") => c.comment = None,
        Some(_) => {}
    }
    if c.identity_options.is_none() && c.identity == have.identity {
        c.identity_options = have.identity_options.clone();
    }
    // A spec does not state storage, a statistics target, compression or attribute
    // options: they stay.
    c.storage = have.storage;
    c.statistics = have.statistics;
    c.compression = have.compression.clone();
    c.options = have.options.clone();
    // Declared, so the table's own.
    c.inherited = false;
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QualName;

    fn column(name: &str, ty: &str) -> Column {
        Column::new(name, ty)
    }

    #[test]
    fn unsaid_columns_constraints_and_attributes_stay() {
        let q = QualName::new("public", "t");
        let mut from = Schema::empty_database();
        let mut t = Table::new(q.clone());
        let mut a = column("a", "integer");
        a.collation = None;
        a.comment = Some("kept".into());
        t.columns = vec![a, column("b", "text")];
        t.comment = Some("table comment".into());
        from.tables.insert(q.clone(), t);
        let mut declared = Schema::default();
        let mut w = Table::new(q.clone());
        w.columns = vec![column("a", "bigint"), column("c", "text")];
        declared.tables.insert(q.clone(), w);
        let to = complete(&from, &declared, &BTreeSet::new());
        let t = &to.tables[&q];
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(t.columns[0].data_type, "bigint");
        assert_eq!(t.columns[0].comment.as_deref(), Some("kept"));
        assert_eq!(t.comment.as_deref(), Some("table comment"));
    }

    #[test]
    fn an_empty_comment_means_none() {
        let q = QualName::new("public", "t");
        let mut from = Schema::empty_database();
        let mut t = Table::new(q.clone());
        t.comment = Some("old".into());
        from.tables.insert(q.clone(), t);
        let mut declared = Schema::default();
        let mut w = Table::new(q.clone());
        w.comment = Some(String::new());
        declared.tables.insert(q.clone(), w);
        assert_eq!(complete(&from, &declared, &BTreeSet::new()).tables[&q].comment, None);
    }
}
