//! Collations, enums, domains and composite types compared. An enum that only gains
//! values gets them added in place; one that loses or reorders values is recreated, with
//! the columns of that type converted.

use crate::diff::compare::Remade;
use crate::diff::{Change, CommentOn, RetypedColumn};
use crate::model::{EnumType, QualName, Schema};

pub(crate) fn collations(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
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

/// Enums, domains and composite types. Those dropped, or (enums) created again, are noted
/// in `remade`: the columns and views that use them follow.
pub(crate) fn types(from: &Schema, to: &Schema, remade: &mut Remade, out: &mut Vec<Change>) {
    for (q, e) in &to.enums {
        match from.enums.get(q) {
            None => out.push(Change::CreateEnum { e: e.clone() }),
            Some(f) => {
                if f.values != e.values {
                    enum_values(from, to, f, e, remade, out);
                }
                if f.comment != e.comment {
                    out.push(Change::Comment {
                        on: CommentOn::Type { name: q.clone(), domain: false },
                        from: f.comment.clone(),
                        to: e.comment.clone(),
                    });
                }
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
    for (q, e) in from.enums.iter().filter(|(q, _)| !to.enums.contains_key(*q)) {
        remade.dropped_types.insert(q.clone());
        out.push(Change::DropEnum { e: e.clone() });
    }
    for (q, d) in from.domains.iter().filter(|(q, _)| !to.domains.contains_key(*q)) {
        remade.dropped_types.insert(q.clone());
        out.push(Change::DropDomain { d: d.clone() });
    }
    for (q, c) in from.composites.iter().filter(|(q, _)| !to.composites.contains_key(*q)) {
        remade.dropped_types.insert(q.clone());
        out.push(Change::DropComposite { c: c.clone() });
    }
}

/// An enum whose values differ. Values only added (the old ones kept, in order) go in
/// place, each before the old value that follows it; otherwise the type is created again
/// and the columns of that type converted.
fn enum_values(from: &Schema, to: &Schema, f: &EnumType, e: &EnumType, remade: &mut Remade, out: &mut Vec<Change>) {
    let q = &e.name;
    let mut it = e.values.iter();
    if f.values.iter().all(|v| it.any(|x| x == v)) {
        let values = e
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| !f.values.contains(v))
            .map(|(i, v)| (v.clone(), e.values[i + 1..].iter().find(|n| f.values.contains(n)).cloned()))
            .collect();
        out.push(Change::AddEnumValues { name: q.clone(), values });
        return;
    }
    let columns = from
        .tables
        .values()
        .flat_map(|t| {
            t.columns.iter().filter(|c| !c.inherited && is_type(&c.data_type, q)).map(|c| {
                let new_default =
                    to.tables.get(&t.name).and_then(|nt| nt.column(&c.name)).and_then(|nc| nc.default.clone());
                RetypedColumn {
                    table: t.name.clone(),
                    column: c.name.clone(),
                    old_default: c.default.clone(),
                    new_default,
                }
            })
        })
        .collect();
    remade.types.insert(q.clone());
    out.push(Change::RecreateEnum { from: f.clone(), to: e.clone(), columns });
}

/// Is column type `data_type` (as format_type prints it, arrays included) the type `t`?
pub(crate) fn is_type(data_type: &str, t: &QualName) -> bool {
    QualName::parse(data_type.trim_end_matches("[]"), "pg_catalog") == *t
}
