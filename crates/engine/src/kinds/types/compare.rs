//! Collations, enums, domains and composite types compared. An enum that only gains
//! values gets them added in place; one that loses or reorders values is recreated, with
//! the columns of that type converted.

use crate::diff::compare::{matched, Matched, Remade};
use crate::diff::{Change, CommentOn, RetypedColumn};
use crate::model::{EnumType, QualName, RangeType, Schema};

pub(crate) fn collations(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for m in matched(&from.collations, &to.collations) {
        match m {
            Matched::New(c) => out.push(Change::CreateCollation { c: c.clone() }),
            Matched::Both(f, c) if f != c => {
                out.push(Change::DropCollation { c: f.clone() });
                out.push(Change::CreateCollation { c: c.clone() });
            }
            Matched::Both(..) => {}
            Matched::Gone(c) => out.push(Change::DropCollation { c: c.clone() }),
        }
    }
}

/// Enums, domains, composite and range types. Those dropped, or (enums, ranges) created again, are noted
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
    let mut dropped = Vec::new();
    for m in matched(&from.domains, &to.domains) {
        match m {
            Matched::New(d) => out.push(Change::CreateDomain { d: d.clone() }),
            Matched::Both(f, d) if f != d => {
                // A new base type (or collation) takes creating the domain again: its
                // columns are converted, and the views over them follow.
                let columns = if f.base_type != d.base_type || f.collation != d.collation {
                    remade.types.insert(d.name.clone());
                    retyped_columns(from, to, &d.name)
                } else {
                    Vec::new()
                };
                out.push(Change::AlterDomain { from: f.clone(), to: d.clone(), columns })
            }
            Matched::Both(..) => {}
            Matched::Gone(d) => dropped.push((d.name.clone(), Change::DropDomain { d: d.clone() })),
        }
    }
    for m in matched(&from.composites, &to.composites) {
        match m {
            Matched::New(c) => out.push(Change::CreateComposite { c: c.clone() }),
            Matched::Both(f, c) if f != c => out.push(Change::AlterComposite { from: f.clone(), to: c.clone() }),
            Matched::Both(..) => {}
            Matched::Gone(c) => dropped.push((c.name.clone(), Change::DropComposite { c: c.clone() })),
        }
    }
    for m in matched(&from.ranges, &to.ranges) {
        match m {
            Matched::New(r) => out.push(Change::CreateRange { r: r.clone() }),
            Matched::Both(f, r)
                if (RangeType { comment: None, ..f.clone() }) != (RangeType { comment: None, ..r.clone() }) =>
            {
                remade.types.insert(r.name.clone());
                out.push(Change::ReplaceRange { from: f.clone(), to: r.clone() });
            }
            Matched::Both(f, r) if f.comment != r.comment => out.push(Change::Comment {
                on: CommentOn::Type { name: r.name.clone(), domain: false },
                from: f.comment.clone(),
                to: r.comment.clone(),
            }),
            Matched::Both(..) => {}
            Matched::Gone(r) => dropped.push((r.name.clone(), Change::DropRange { r: r.clone() })),
        }
    }
    for (q, e) in from.enums.iter().filter(|(q, _)| !to.enums.contains_key(*q)) {
        remade.dropped_types.insert(q.clone());
        out.push(Change::DropEnum { e: e.clone() });
    }
    // Domains and composite types go after the enums, noted as gone.
    for (q, c) in dropped {
        remade.dropped_types.insert(q);
        out.push(c);
    }
}

/// An enum whose values differ. Values only added (the old ones kept, in order) go in
/// place, each before the value that follows it; otherwise the type is created again
/// and the columns of that type converted.
fn enum_values(from: &Schema, to: &Schema, f: &EnumType, e: &EnumType, remade: &mut Remade, out: &mut Vec<Change>) {
    let q = &e.name;
    let columns = retyped_columns(from, to, q);
    let mut it = e.values.iter();
    if f.values.iter().all(|v| it.any(|x| x == v)) {
        let values = e
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| !f.values.contains(v))
            // Before the value that follows it in the target, new or old: added last ones
            // first, that one exists by then.
            .map(|(i, v)| (v.clone(), e.values.get(i + 1).cloned()))
            .collect();
        out.push(Change::AddEnumValues { name: q.clone(), values, from: f.clone(), to: e.clone(), columns });
        return;
    }
    remade.types.insert(q.clone());
    out.push(Change::RecreateEnum { from: f.clone(), to: e.clone(), columns });
}

/// The columns of type `q` (a type created again), with their defaults before and after.
fn retyped_columns(from: &Schema, to: &Schema, q: &QualName) -> Vec<RetypedColumn> {
    from.tables
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
        .collect()
}

/// Is column type `data_type` (as format_type prints it, arrays included) the type `t`?
pub(crate) fn is_type(data_type: &str, t: &QualName) -> bool {
    QualName::parse(data_type.trim_end_matches("[]"), "pg_catalog") == *t
}
