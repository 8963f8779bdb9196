//! What a migration changes, for telling whether two migrations in flight may advance side
//! by side: relations and types by name, and for a table whose spec says only how some of
//! its columns are, those columns.

use super::load::Spec;
use crate::model::{volatile_default, QualName, Schema, Table};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touches {
    /// These relations and types (by name), each whole or by some of its columns.
    Objects(BTreeMap<QualName, Touch>),
    /// Anything (SQL of the user's own, whose objects are not read from it).
    Anything,
}

/// How a migration changes one relation or type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// Anything of it (created, renamed, retired, data moved into or out of it, or
    /// table-level settings: keys, constraints, indexes, partitions, policies, grants...).
    Whole,
    /// These columns of an existing table (added, changed, renamed, retired), and nothing
    /// else of it.
    Columns {
        columns: BTreeSet<String>,
        /// Some of them are filled by a trigger on the table (changed online with `up`, or
        /// added with a per-row default): one such migration per table at a time.
        filled: bool,
        /// The migration shows the table to the new application through a view of its
        /// own (columns changed online, renamed, or retired with `down`), which reads every
        /// column the table has: another migration may only add columns to it meanwhile.
        viewed: bool,
    },
}

impl Touch {
    fn merge(&mut self, other: Touch) {
        match (&mut *self, other) {
            (Touch::Whole, _) => {}
            (_, Touch::Whole) => *self = Touch::Whole,
            (Touch::Columns { columns, filled, viewed }, Touch::Columns { columns: c, filled: f, viewed: v }) => {
                columns.extend(c);
                *filled |= f;
                *viewed |= v;
            }
        }
    }

    /// Why two migrations' changes to one relation (`live`: the table as it is now) cannot
    /// run side by side, if they cannot.
    fn conflict(&self, other: &Touch, live: Option<&Table>) -> Option<String> {
        let (
            Touch::Columns { columns: a, filled: fa, viewed: va },
            Touch::Columns { columns: b, filled: fb, viewed: vb },
        ) = (self, other)
        else {
            return Some(String::new());
        };
        let common: Vec<&str> = a.intersection(b).map(String::as_str).collect();
        if !common.is_empty() {
            return Some(format!(" (column {})", common.join(", ")));
        }
        if *fa && *fb {
            return Some(" (columns filled by a trigger on it)".into());
        }
        // Columns that exist already, which a version's view reads: changing one (its type,
        // say) would have to drop and create that view again.
        let existing = |cols: &BTreeSet<String>| -> Vec<String> {
            cols.iter().filter(|c| live.is_some_and(|t| t.column(c).is_some())).cloned().collect()
        };
        for (viewed, cols) in [(*va, b), (*vb, a)] {
            let read = existing(cols);
            if viewed && !read.is_empty() {
                return Some(format!(" (column {}, which a new version's view reads)", read.join(", ")));
            }
        }
        None
    }
}

impl Touches {
    /// What both touch (the conflict), if anything; `live`, the schema as it is now (which
    /// columns exist already).
    pub fn overlap(&self, other: &Touches, live: Option<&Schema>) -> Option<Vec<String>> {
        match (self.with_referencing(live), other.with_referencing(live)) {
            (Touches::Objects(a), Touches::Objects(b)) => {
                let common: Vec<String> = a
                    .iter()
                    .filter_map(|(q, t)| {
                        let table = live.and_then(|s| s.tables.get(q));
                        b.get(q).and_then(|u| t.conflict(u, table)).map(|why| format!("{q}{why}"))
                    })
                    .collect();
                (!common.is_empty()).then_some(common)
            }
            _ => Some(vec!["anything (SQL of its own)".to_string()]),
        }
    }

    /// These touches with the tables (of `live`) whose foreign keys point at a column
    /// changed online (its new column among the touched ones), taken whole: the migration
    /// adds a key on each that follows the new column, and moves its name at contract.
    fn with_referencing(&self, live: Option<&Schema>) -> Touches {
        let (Touches::Objects(objects), Some(live)) = (self, live) else {
            return self.clone();
        };
        let changed = |q: &QualName, c: &str| {
            matches!(objects.get(q), Some(Touch::Columns { columns, .. })
                if columns.contains(&super::versioned::shadow_name(c)))
        };
        let mut out = objects.clone();
        for (q, t) in &live.tables {
            let points = t.constraints.iter().any(|k| {
                matches!(&k.kind, crate::model::ConstraintKind::ForeignKey(f)
                    if f.ref_columns.iter().any(|c| changed(&f.ref_table, c)))
            });
            if points {
                out.insert(q.clone(), Touch::Whole);
            }
        }
        Touches::Objects(out)
    }

    /// Whether telling a conflict needs the live schema (some table is shown through a
    /// version's view).
    pub fn viewed(&self) -> bool {
        matches!(self, Touches::Objects(o) if o.values().any(|t| matches!(t, Touch::Columns { viewed: true, .. })))
    }
}

impl Spec {
    /// What this spec changes (see [`Touches`]); anything, when it runs SQL of its own.
    pub fn touches(&self) -> Touches {
        let b = &self.body;
        if !b.sql.is_empty() {
            return Touches::Anything;
        }
        let q = |n: &str| QualName::parse(n, &b.schema);
        let mut out: BTreeMap<QualName, Touch> = BTreeMap::new();
        let mut add = |q: QualName, t: Touch| match out.get_mut(&q) {
            Some(have) => have.merge(t),
            None => {
                out.insert(q, t);
            }
        };
        for (name, t) in &b.tables {
            if let Some(old) = &t.renamed_from {
                add(q(old), Touch::Whole);
            }
            if !columns_only(t) {
                add(q(name), Touch::Whole);
                continue;
            }
            let mut columns = BTreeSet::new();
            let (mut filled, mut viewed) = (false, false);
            for (c, cs) in &t.columns {
                columns.insert(c.clone());
                if let Some(old) = &cs.renamed_from {
                    columns.insert(old.clone());
                    viewed = true;
                }
                if cs.up.is_some() {
                    columns.insert(super::versioned::shadow_name(c));
                    filled = true;
                    viewed = true;
                }
                filled |= cs.default.as_ref().is_some_and(|d| volatile_default(&d.to_sql()));
            }
            add(q(name), Touch::Columns { columns, filled, viewed });
        }
        for name in b.views.keys().chain(b.types.keys()) {
            add(q(name), Touch::Whole);
        }
        for r in &b.retire {
            match (&r.table, &r.column) {
                (Some(t), Some(c)) => add(
                    q(t),
                    Touch::Columns { columns: BTreeSet::from([c.clone()]), filled: false, viewed: r.down.is_some() },
                ),
                _ => {
                    for n in [&r.table, &r.view, &r.index].into_iter().flatten() {
                        add(q(n), Touch::Whole);
                    }
                }
            }
        }
        for x in &b.backfill {
            add(q(&x.into), Touch::Whole);
            add(q(&x.from), Touch::Whole);
        }
        for c in &b.compat {
            add(q(&c.view), Touch::Whole);
            if let Some(r) = &c.replaces {
                add(q(r), Touch::Whole);
            }
        }
        for s in &b.seed {
            add(q(&s.into), Touch::Whole);
        }
        Touches::Objects(out)
    }
}

/// Whether a table's spec says nothing but how some of its columns are (compared as the
/// serialized spec, so that a setting added to the format later counts as table-level).
fn columns_only(t: &super::format::TableSpec) -> bool {
    let rest = super::format::TableSpec { columns: Default::default(), ..t.clone() };
    serde_json::to_value(&rest).ok() == serde_json::to_value(super::format::TableSpec::default()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn touches(yaml: &str) -> Touches {
        let text = format!("version: 1\n{yaml}");
        super::super::load::load_str(Path::new("t.yaml"), &text).unwrap_or_else(|d| panic!("{d}")).touches()
    }

    fn overlap(a: &str, b: &str) -> Option<Vec<String>> {
        touches(a).overlap(&touches(b), None)
    }

    #[test]
    fn columns_of_one_table_conflict_only_where_they_meet() {
        let up = "tables:\n  a:\n    columns:\n      x: { type: int, up: \"x::int\" }\n";
        let add = "tables:\n  a:\n    columns:\n      w: { type: int }\n";
        assert_eq!(overlap(up, add), None);
        let same = "tables:\n  a:\n    columns:\n      x: { type: bigint }\n";
        assert_eq!(overlap(up, same), Some(vec!["public.a (column x)".to_string()]));
        // Two fill triggers on one table.
        let filled = "tables:\n  a:\n    columns:\n      u: { type: uuid, default: gen_random_uuid() }\n";
        assert_eq!(overlap(up, filled), Some(vec!["public.a (columns filled by a trigger on it)".to_string()]));
        assert_eq!(overlap(add, filled), None);
        // A renamed column's old name is taken too.
        let rename = "tables:\n  a:\n    columns:\n      y: { type: int, renamed_from: w }\n";
        assert_eq!(overlap(add, rename), Some(vec!["public.a (column w)".to_string()]));
    }

    #[test]
    fn the_tables_whose_keys_point_at_a_changed_column_are_taken_whole() {
        use crate::model::{Constraint, ConstraintKind, ForeignKey};
        let mut live = Schema::default();
        for t in ["a", "b", "c"] {
            live.tables.insert(QualName::new("public", t), Table::new(QualName::new("public", t)));
        }
        let fk = ForeignKey {
            columns: vec!["a_id".into()],
            ref_table: QualName::new("public", "a"),
            ref_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
            deferrable: false,
            initially_deferred: false,
            match_full: false,
            on_delete_columns: Vec::new(),
        };
        live.tables.get_mut(&QualName::new("public", "b")).unwrap().constraints.push(Constraint {
            name: "b_a_id_fkey".into(),
            kind: ConstraintKind::ForeignKey(fk),
            validated: true,
            comment: None,
        });
        let widen = touches("tables:\n  a:\n    columns:\n      id: { type: bigint, up: \"id::bigint\" }\n");
        let index_b = touches("tables:\n  b:\n    indexes:\n      - { columns: [a_id] }\n");
        let index_c = touches("tables:\n  c:\n    indexes:\n      - { columns: [x] }\n");
        assert_eq!(widen.overlap(&index_b, Some(&live)), Some(vec!["public.b".to_string()]));
        assert_eq!(index_b.overlap(&widen, Some(&live)), Some(vec!["public.b".to_string()]));
        assert_eq!(widen.overlap(&index_c, Some(&live)), None);
        // (Without the live schema, nothing is known of b's key.)
        assert_eq!(widen.overlap(&index_b, None), None);
    }

    #[test]
    fn anything_else_of_a_table_takes_it_whole() {
        let add = "tables:\n  a:\n    columns:\n      w: { type: int }\n";
        let index = "tables:\n  a:\n    indexes:\n      - { columns: [v] }\n";
        assert_eq!(overlap(add, index), Some(vec!["public.a".to_string()]));
        let retire_table = "retire:\n  - { table: a }\n";
        assert_eq!(overlap(add, retire_table), Some(vec!["public.a".to_string()]));
        let retire_column = "retire:\n  - { table: a, column: v }\n";
        assert_eq!(overlap(add, retire_column), None);
        let sql = "sql:\n  - { up: \"SELECT 1\", down: \"SELECT 1\" }\n";
        assert!(overlap(add, sql).is_some());
    }
}
