//! Views compared, and the views that must be dropped and created again because
//! something they read changes.

use crate::diff::compare::{Remade, Rules};
use crate::diff::{same_view, Change, CommentOn};
use crate::model::{ObjRef, QualName, Schema};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn views(from: &Schema, to: &Schema, rules: &Rules, remade: &Remade, out: &mut Vec<Change>) {
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
                out.push(Change::ReplaceView { from: old.clone(), to: v.clone() });
                column_comments(old, v, out);
            }
            Some(old) => {
                if old.comment != v.comment {
                    out.push(Change::Comment {
                        on: CommentOn::View { name: q.clone(), materialized: v.materialized },
                        from: old.comment.clone(),
                        to: v.comment.clone(),
                    });
                }
                column_comments(old, v, out);
            }
        }
    }
}

/// The comments on a kept view's columns that differ (`CREATE OR REPLACE VIEW` keeps them).
fn column_comments(from: &crate::model::View, to: &crate::model::View, out: &mut Vec<Change>) {
    let get = |v: &crate::model::View, c: &str| v.column_comments.iter().find(|(n, _)| n == c).map(|(_, t)| t.clone());
    let mut columns: Vec<&String> = from.column_comments.iter().chain(&to.column_comments).map(|(c, _)| c).collect();
    columns.sort();
    columns.dedup();
    for c in columns {
        let (was, will) = (get(from, c), get(to, c));
        if was != will {
            let on = CommentOn::Column { table: to.name.clone(), column: c.clone() };
            out.push(Change::Comment { on, from: was, to: will });
        }
    }
}

/// Views (existing on both sides) that must be dropped and created again: their definition
/// changed, or something they read is changing, or a view they read is being recreated.
pub(crate) fn views_to_recreate(from: &Schema, to: &Schema, rules: &Rules, remade: &Remade) -> BTreeSet<QualName> {
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
