//! Semantic checks on specs: what structure alone does not catch.

use super::diagnostic::Diagnostic;
use super::format::{
    BackfillSpec, ColumnSpec, CompatSpec, ConstraintSpec, IndexSpec, ReferenceSpec, RetireSpec, SpecFile, TableSpec,
    ViewSpec,
};
use super::load::{suggest, Spec};
use super::positions::Seg;
use crate::model::{QualName, Schema, MAX_IDENT_BYTES};
use crate::sqlparse;
use std::collections::{BTreeMap, BTreeSet};

fn k(s: &str) -> Seg {
    Seg::Key(s.to_string())
}

fn path(parts: &[&str]) -> Vec<Seg> {
    parts.iter().map(|p| k(p)).collect()
}

/// Checks one spec on its own.
pub fn validate(spec: &Spec) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let body = &spec.body;
    if body.version != 1 {
        d.push(spec.at_value(
            &path(&["version"]),
            format!("unsupported spec version {}", body.version),
            Some("this phaseshift reads version: 1".into()),
        ));
    }
    check_name(spec, &path(&["schema"]), &body.schema, "schema", &mut d);
    let mut seen: BTreeMap<QualName, String> = BTreeMap::new();
    for (tname, table) in &body.tables {
        check_table(spec, tname, table, &mut seen, &mut d);
    }
    check_renamed_tables(spec, &mut d);
    for (vname, view) in &body.views {
        check_view(spec, vname, view, &seen, &mut d);
    }
    check_view_cycles(spec, &mut d);
    for (i, b) in body.backfill.iter().enumerate() {
        check_backfill(spec, i, b, &mut d);
    }
    for (i, q) in body.sql.iter().enumerate() {
        check_sql(spec, i, q, &mut d);
    }
    for (name, t) in &body.types {
        check_type(spec, name, t, &mut d);
    }
    for (i, g) in body.grants.iter().enumerate() {
        check_privileges(spec, &[k("grants"), Seg::Index(i)], grant_privileges(g.on), &g.privileges, &mut d);
        check_grant_name(spec, i, g, &mut d);
    }
    for (i, p) in body.default_privileges.iter().enumerate() {
        let valid = default_privileges(p.on);
        check_privileges(spec, &[k("default_privileges"), Seg::Index(i)], valid, &p.privileges, &mut d);
    }
    for (i, sd) in body.seed.iter().enumerate() {
        for (j, row) in sd.rows.iter().enumerate() {
            for (col, expr) in row {
                check_expr(
                    spec,
                    &[vec![k("seed"), Seg::Index(i), k("rows"), Seg::Index(j)], vec![k(col)]].concat(),
                    expr,
                    &mut d,
                );
            }
        }
    }
    for (i, c) in body.compat.iter().enumerate() {
        check_compat(spec, i, c, &seen, &mut d);
    }
    for (i, r) in body.retire.iter().enumerate() {
        check_retire(spec, i, r, &seen, &mut d);
    }
    d
}

/// A renamed column's old name stays in use until contract (the old application reads and
/// writes it): no other column of the spec may take it, nor be renamed from it too.
fn check_renamed_columns(spec: &Spec, tp: &[Seg], table: &TableSpec, d: &mut Vec<Diagnostic>) {
    let mut from: BTreeMap<&str, &str> = BTreeMap::new();
    for (cname, col) in &table.columns {
        let Some(old) = col.renamed_from.as_deref().filter(|o| *o != cname) else {
            continue;
        };
        let at = [tp.to_vec(), path(&["columns", cname, "renamed_from"])].concat();
        if let Some(first) = from.insert(old, cname) {
            d.push(spec.at_value(
                &at,
                format!("`{old}` is renamed twice: to `{first}` and to `{cname}`"),
                Some("a column is renamed to one name".into()),
            ));
        }
        if table.columns.contains_key(old) {
            d.push(spec.at_value(
                &at,
                format!("`{old}` is renamed to `{cname}`, and this spec declares a column `{old}` too"),
                Some(format!(
                    "the old application keeps using `{old}` until this migration is contracted: add the new `{old}` in a later migration"
                )),
            ));
        }
    }
}

/// The same for tables: a renamed table keeps its old name for the old application (a
/// compatibility view) until contract.
fn check_renamed_tables(spec: &Spec, d: &mut Vec<Diagnostic>) {
    let body = &spec.body;
    let declared: std::collections::BTreeSet<QualName> =
        body.tables.keys().map(|t| QualName::parse(t, &body.schema)).collect();
    let mut from: BTreeMap<QualName, QualName> = BTreeMap::new();
    for (tname, table) in &body.tables {
        let q = QualName::parse(tname, &body.schema);
        let Some(old) = table.renamed_from.as_deref().map(|o| QualName::parse(o, &q.schema)).filter(|o| *o != q) else {
            continue;
        };
        let at = path(&["tables", tname, "renamed_from"]);
        if let Some(first) = from.insert(old.clone(), q.clone()) {
            d.push(spec.at_value(
                &at,
                format!("`{old}` is renamed twice: to `{first}` and to `{q}`"),
                Some("a table is renamed to one name".into()),
            ));
        }
        if declared.contains(&old) {
            d.push(spec.at_value(
                &at,
                format!("`{old}` is renamed to `{q}`, and this spec declares a table `{old}` too"),
                Some(format!(
                    "the old application keeps using `{old}` until this migration is contracted: create the new `{old}` in a later migration"
                )),
            ));
        }
    }
}

/// A table: its name, renames, columns, primary key, constraints and indexes.
fn check_table(
    spec: &Spec,
    tname: &str,
    table: &TableSpec,
    seen: &mut BTreeMap<QualName, String>,
    d: &mut Vec<Diagnostic>,
) {
    let body = &spec.body;
    let tp = path(&["tables", tname]);
    let q = QualName::parse(tname, &body.schema);
    check_name(spec, &tp, &q.name, "table", d);
    if let Some(prev) = seen.insert(q.clone(), tname.to_string()) {
        d.push(spec.at_key(&tp, format!("table `{q}` is declared twice (also as `{prev}`)"), None));
    }
    if let Some(old) = &table.renamed_from {
        if QualName::parse(old, &q.schema) == q {
            d.push(spec.at_value(
                &[tp.clone(), path(&["renamed_from"])].concat(),
                "a table cannot be renamed from its own name".into(),
                Some("remove renamed_from".into()),
            ));
        }
    }
    let mut pk_cols = Vec::new();
    for (cname, col) in &table.columns {
        let cp = [tp.clone(), path(&["columns", cname])].concat();
        check_name(spec, &cp, cname, "column", d);
        check_column(spec, &cp, col, d);
        if col.primary_key {
            pk_cols.push(cname.clone());
        }
        if col.renamed_from.as_deref() == Some(cname.as_str()) {
            d.push(spec.at_value(
                &[cp.clone(), path(&["renamed_from"])].concat(),
                "a column cannot be renamed from its own name".into(),
                Some("remove renamed_from".into()),
            ));
        }
    }
    check_renamed_columns(spec, &tp, table, d);
    let table_pk =
        table.constraints.iter().filter(|c| c.primary_key.is_some()).count() + usize::from(table.primary_key.is_some());
    if table_pk + usize::from(!pk_cols.is_empty()) > 1 || pk_cols.len() > 1 && table_pk > 0 {
        d.push(spec.at_key(
            &tp,
            format!("table `{tname}` declares more than one primary key"),
            Some("declare one: `primary_key: true` on a column, or `primary_key: [a, b]` on the table".into()),
        ));
    } else if pk_cols.len() > 1 {
        d.push(spec.at_key(
            &tp,
            format!("`primary_key: true` is set on several columns of `{tname}` ({})", pk_cols.join(", ")),
            Some(format!("for a composite key write `primary_key: [{}]` on the table", pk_cols.join(", "))),
        ));
    }
    for (i, c) in table.constraints.iter().enumerate() {
        check_constraint(spec, [tp.clone(), vec![k("constraints"), Seg::Index(i)]].concat(), c, d);
    }
    check_partitioning(spec, &tp, table, d);
    for (name, p) in &table.policies {
        for (key, e) in [("using", &p.using), ("check", &p.check)] {
            if let Some(e) = e {
                check_expr(spec, &[tp.clone(), path(&["policies", name, key])].concat(), e, d);
            }
        }
    }
    for (i, ix) in table.indexes.iter().enumerate() {
        check_index(spec, [tp.clone(), vec![k("indexes"), Seg::Index(i)]].concat(), ix, d);
    }
}

/// Listed range partitions whose bounds are dates or whole numbers neither overlap nor
/// leave gaps (a gap is allowed when a default partition takes what falls in it).
fn check_ranges(spec: &Spec, tp: &[Seg], table: &TableSpec, d: &mut Vec<Diagnostic>) {
    #[derive(PartialEq, PartialOrd, Clone, Copy)]
    enum Bound {
        Date(time::Date),
        Int(i64),
    }
    let value = |v: &str| {
        let v = v.trim().trim_matches('\'');
        crate::partitions::parse_date(v).map(Bound::Date).or_else(|| v.parse().ok().map(Bound::Int))
    };
    let mut ranges = Vec::new();
    for (name, bound) in &table.partitions {
        let Some((from, to)) =
            bound.trim().strip_prefix("FROM (").and_then(|b| b.strip_suffix(')')).and_then(|b| b.split_once(") TO ("))
        else {
            continue;
        };
        let (Some(from), Some(to)) = (value(from), value(to)) else { return };
        ranges.push((from, to, name));
    }
    let has_default = table.partitions.values().any(|b| b.trim().eq_ignore_ascii_case("default"));
    ranges.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    for w in ranges.windows(2) {
        let ((_, prev_to, prev), (next_from, _, next)) = (&w[0], &w[1]);
        let problem = if next_from < prev_to {
            Some(format!("partitions `{prev}` and `{next}` overlap"))
        } else if next_from > prev_to && !has_default {
            Some(format!("between partitions `{prev}` and `{next}` lies a range no partition takes"))
        } else {
            None
        };
        if let Some(message) = problem {
            d.push(spec.at_value(
                &[tp.to_vec(), path(&["partitions", next])].concat(),
                message,
                Some("make each range start where the one before it ends, or add a default partition".into()),
            ));
        }
    }
}

/// Partitions go with a partition key; an interval's start is a date.
fn check_partitioning(spec: &Spec, tp: &[Seg], table: &TableSpec, d: &mut Vec<Diagnostic>) {
    if table.partition_by.is_none() {
        for key in ["partitions", "partition_every"] {
            let given =
                if key == "partitions" { !table.partitions.is_empty() } else { table.partition_every.is_some() };
            if given {
                d.push(spec.at_key(
                    &[tp.to_vec(), path(&[key])].concat(),
                    format!("`{key}` needs `partition_by`"),
                    Some("add partition_by: range (COLUMN), say".into()),
                ));
            }
        }
    }
    // PostgreSQL requires a partitioned table's keys to hold its partition key's columns.
    if let Some(by) = &table.partition_by {
        let key_cols: Vec<String> = by
            .split_once('(')
            .map(|(_, r)| {
                r.trim_end().trim_end_matches(')').split(',').map(|c| c.trim().trim_matches('"').to_string()).collect()
            })
            .unwrap_or_default();
        let plain = key_cols.iter().all(|c| sqlparse::is_bare_identifier(c));
        let pk: Vec<String> = match &table.primary_key {
            Some(pk) => pk.clone(),
            None => table.columns.iter().filter(|(_, c)| c.primary_key).map(|(n, _)| n.clone()).collect(),
        };
        let missing: Vec<&String> = key_cols.iter().filter(|c| !pk.contains(c)).collect();
        if plain && !pk.is_empty() && !missing.is_empty() {
            let at = match &table.primary_key {
                Some(_) => [tp.to_vec(), path(&["primary_key"])].concat(),
                None => [tp.to_vec(), path(&["partition_by"])].concat(),
            };
            let mut cols = pk.clone();
            cols.extend(missing.iter().map(|c| c.to_string()));
            d.push(spec.at_value(
                &at,
                format!(
                    "the primary key of a partitioned table must hold its partition key's columns: {} is missing",
                    missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
                Some(format!("write primary_key: [{}] on the table", cols.join(", "))),
            ));
        }
    }
    check_ranges(spec, tp, table, d);
    if let Some(every) = &table.partition_every {
        if crate::partitions::parse_date(&every.start).is_none() {
            d.push(spec.at_value(
                &[tp.to_vec(), path(&["partition_every", "start"])].concat(),
                format!("`{}` is not a date", every.start),
                Some("write it as YYYY-MM-DD".into()),
            ));
        }
    }
}

fn check_constraint(spec: &Spec, ccp: Vec<Seg>, c: &ConstraintSpec, d: &mut Vec<Diagnostic>) {
    let kinds =
        [c.check.is_some(), c.unique.is_some(), c.primary_key.is_some(), c.foreign_key.is_some(), c.exclude.is_some()];
    let n = kinds.iter().filter(|b| **b).count();
    if n != 1 {
        d.push(spec.at_value(
            &ccp,
            "a constraint needs exactly one of check, unique, primary_key, foreign_key, exclude".into(),
            Some("split it into one entry per constraint".into()),
        ));
    }
    if !c.include.is_empty() && c.unique.is_none() && c.primary_key.is_none() {
        d.push(spec.at_value(
            &[ccp.clone(), vec![k("include")]].concat(),
            "`include` goes with `unique` or `primary_key`".into(),
            None,
        ));
    }
    if c.exclude.is_some() && c.name.is_none() {
        d.push(spec.at_value(
            &[ccp.clone(), vec![k("exclude")]].concat(),
            "an exclusion constraint needs a `name`".into(),
            Some("add name: TABLE_COLUMNS_excl, say".into()),
        ));
    }
    if c.renamed_from.is_some() && c.name.is_none() {
        d.push(spec.at_value(
            &[ccp.clone(), vec![k("renamed_from")]].concat(),
            "a renamed constraint needs its new `name`".into(),
            None,
        ));
    }
    if let Some(name) = &c.name {
        check_name(spec, &[ccp.clone(), vec![k("name")]].concat(), name, "constraint", d);
    }
    if let Some(expr) = &c.check {
        check_expr(spec, &[ccp.clone(), vec![k("check")]].concat(), expr, d);
    }
    match (&c.foreign_key, &c.references) {
        (Some(cols), Some(r)) => {
            check_reference(spec, &[ccp.clone(), vec![k("references")]].concat(), r, cols.len(), d)
        }
        (Some(_), None) => d.push(spec.at_value(
            &ccp,
            "a foreign_key constraint needs `references: { table: ..., columns: [...] }`".into(),
            None,
        )),
        (None, Some(_)) => d.push(spec.at_value(&ccp, "`references` goes with `foreign_key: [columns]`".into(), None)),
        _ => {}
    }
    for cols in [&c.unique, &c.primary_key, &c.foreign_key].into_iter().flatten() {
        if cols.is_empty() {
            d.push(spec.at_value(&ccp, "the column list is empty".into(), None));
        }
    }
}

fn check_index(spec: &Spec, ip: Vec<Seg>, ix: &IndexSpec, d: &mut Vec<Diagnostic>) {
    if ix.columns.is_empty() {
        d.push(spec.at_value(&ip, "an index needs at least one entry in `columns`".into(), None));
    }
    for (j, key) in ix.columns.iter().enumerate() {
        if let Err(e) = sqlparse::index_key(key) {
            d.push(spec.at_value(
                &[ip.clone(), vec![k("columns"), Seg::Index(j)]].concat(),
                format!("index key does not parse: {e}"),
                Some("write a column name, an expression, optionally followed by ASC/DESC and NULLS FIRST/LAST".into()),
            ));
        }
    }
    if let Some(w) = &ix.predicate {
        check_expr(spec, &[ip.clone(), vec![k("where")]].concat(), w, d);
    }
    if let Some(m) = &ix.method {
        const METHODS: [&str; 6] = ["btree", "hash", "gin", "gist", "brin", "spgist"];
        if !METHODS.contains(&m.as_str()) {
            let all: Vec<String> = METHODS.iter().map(|s| s.to_string()).collect();
            d.push(
                spec.at_value(
                    &[ip.clone(), vec![k("method")]].concat(),
                    format!("unknown index method `{m}`"),
                    Some(
                        suggest(m, &all).map_or_else(
                            || format!("use one of {}", all.join(", ")),
                            |s| format!("did you mean `{s}`?"),
                        ),
                    ),
                ),
            );
        }
    }
    if let Some(name) = &ix.name {
        check_name(spec, &[ip.clone(), vec![k("name")]].concat(), name, "index", d);
    }
}

fn check_view(spec: &Spec, vname: &str, view: &ViewSpec, seen: &BTreeMap<QualName, String>, d: &mut Vec<Diagnostic>) {
    let body = &spec.body;
    let vp = path(&["views", vname]);
    let q = QualName::parse(vname, &body.schema);
    check_name(spec, &vp, &q.name, "view", d);
    if seen.contains_key(&q) {
        d.push(spec.at_key(&vp, format!("`{q}` is declared both as a table and as a view"), None));
    }
    if let Err(e) = sqlparse::query(&view.query) {
        d.push(spec.at_value(
            &[vp.clone(), vec![k("query")]].concat(),
            format!("view query does not parse: {e}"),
            None,
        ));
    }
}

fn check_backfill(spec: &Spec, i: usize, b: &BackfillSpec, d: &mut Vec<Diagnostic>) {
    let bp = vec![k("backfill"), Seg::Index(i)];
    if b.columns.is_empty() {
        d.push(spec.at_value(
            &bp,
            "a backfill maps no columns".into(),
            Some("add `columns: { target_column: source_expression }`".into()),
        ));
    }
    if b.key.to_vec().is_empty() {
        d.push(spec.at_value(
            &[bp.clone(), vec![k("key")]].concat(),
            "a backfill needs a key to page through the source".into(),
            None,
        ));
    }
    for (col, expr) in &b.columns {
        check_expr(spec, &[bp.clone(), vec![k("columns"), k(col)]].concat(), expr, d);
    }
    if let Some(f) = &b.filter {
        check_expr(spec, &[bp.clone(), vec![k("where")]].concat(), f, d);
    }
    for col in b.validate.keys() {
        if !b.columns.contains_key(col) {
            let cand: Vec<String> = b.columns.keys().cloned().collect();
            d.push(spec.at_key(
                &[bp.clone(), vec![k("validate"), k(col)]].concat(),
                format!("`validate` names `{col}`, which `columns` does not map"),
                suggest(col, &cand).map(|s| format!("did you mean `{s}`?")),
            ));
        }
        if let Some(super::format::Rule::Matches { matches }) = b.validate.get(col) {
            if matches.is_empty() {
                d.push(spec.at_value(
                    &[bp.clone(), vec![k("validate"), k(col)]].concat(),
                    "empty pattern".into(),
                    None,
                ));
            }
        }
    }
}

fn check_compat(spec: &Spec, i: usize, c: &CompatSpec, seen: &BTreeMap<QualName, String>, d: &mut Vec<Diagnostic>) {
    let body = &spec.body;
    let cp = vec![k("compat"), Seg::Index(i)];
    if let Err(e) = sqlparse::query(&c.query) {
        d.push(spec.at_value(
            &[cp.clone(), vec![k("query")]].concat(),
            format!("compatibility view query does not parse: {e}"),
            None,
        ));
    }
    let q = QualName::parse(&c.view, &body.schema);
    if seen.contains_key(&q) {
        d.push(spec.at_value(
            &cp,
            format!("`{q}` is declared as a table and as a compatibility view"),
            Some("a compatibility view takes the name of a table that goes away".into()),
        ));
    }
}

fn check_retire(spec: &Spec, i: usize, r: &RetireSpec, seen: &BTreeMap<QualName, String>, d: &mut Vec<Diagnostic>) {
    let body = &spec.body;
    let rp = vec![k("retire"), Seg::Index(i)];
    let what = [
        r.table.is_some() && r.column.is_none() && r.constraint.is_none(),
        r.view.is_some(),
        r.column.is_some(),
        r.index.is_some(),
        r.constraint.is_some(),
    ];
    if what.iter().filter(|b| **b).count() != 1 {
        d.push(
            spec.at_value(
                &rp,
                "a retire entry names exactly one of: table, view, index, column (with table), constraint (with table)"
                    .into(),
                Some("for example `- { table: legacy }` or `- { table: users, column: old_flag }`".into()),
            ),
        );
    } else if (r.column.is_some() || r.constraint.is_some()) && r.table.is_none() {
        d.push(spec.at_value(&rp, "retiring a column or constraint needs `table:` too".into(), None));
    }
    if let Some(down) = &r.down {
        if r.column.is_none() {
            d.push(spec.at_value(
                &[rp.clone(), vec![k("down")]].concat(),
                "`down` goes with a retired column".into(),
                Some("what the old application reads in the column for rows the new one writes".into()),
            ));
        }
        check_expr(spec, &[rp.clone(), vec![k("down")]].concat(), down, d);
    }
    if let Some(t) = &r.table {
        let q = QualName::parse(t, &body.schema);
        if r.column.is_none() && r.constraint.is_none() && seen.contains_key(&q) {
            d.push(spec.at_value(
                &rp,
                format!("table `{q}` is both declared and retired"),
                Some("remove one of the two".into()),
            ));
        }
    }
}

fn check_name(spec: &Spec, p: &[Seg], name: &str, what: &str, d: &mut Vec<Diagnostic>) {
    if name.is_empty() {
        d.push(spec.at_key(p, format!("empty {what} name"), None));
    } else if name.len() > MAX_IDENT_BYTES {
        d.push(spec.at_key(
            p,
            format!("{what} name `{name}` is {} bytes; PostgreSQL truncates names to {MAX_IDENT_BYTES}", name.len()),
            Some("choose a shorter name".into()),
        ));
    }
}

fn check_expr(spec: &Spec, p: &[Seg], expr: &str, d: &mut Vec<Diagnostic>) {
    if let Err(e) = sqlparse::expr(expr) {
        d.push(spec.at_value(p, format!("SQL expression does not parse: {e}"), None));
    }
}

/// Columns changed online (`up`) need an existing column of an existing table with a
/// primary key (the batches that fill the new column walk it).
fn validate_versioned_against(spec: &Spec, before: &Schema) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let body: &SpecFile = &spec.body;
    for (tname, t) in &body.tables {
        for (cname, c) in t.columns.iter().filter(|(_, c)| c.up.is_some()) {
            let at = path(&["tables", tname, "columns", cname, "up"]);
            let q = QualName::parse(tname, &body.schema);
            let table = before.tables.get(&q);
            // (A column renamed as it changes is the one it was, until it is renamed.)
            let cname = match &c.renamed_from {
                Some(old) if table.is_some_and(|tb| tb.column(old).is_some()) => old,
                _ => cname,
            };
            let problem = match table {
                _ if t.renamed_from.is_some() => {
                    Some((format!("`{q}` is renamed by this spec"), "rename the table in a migration of its own"))
                }
                None => Some((
                    format!("table `{q}` does not exist"),
                    "`up` changes an existing column; drop `up` to create it",
                )),
                Some(tb) if tb.column(cname).is_none() => Some((
                    format!("`{q}` has no column `{cname}` to change"),
                    "`up` computes the new column from the existing one; drop `up` to add a column",
                )),
                // (The new column takes the identity, and its sequence's position, at contract.)
                Some(tb) if tb.column(cname).is_some_and(|l| l.identity.is_some()) && c.identity.is_none() => Some((
                    format!("`{q}.{cname}` is an identity column, and the spec does not declare it one"),
                    "declare `identity: by_default` (or `always`) to keep it: the new column takes its sequence's place \
                     at contract",
                )),
                Some(tb) if tb.column(cname).is_some_and(|l| l.identity.is_none()) && c.identity.is_some() => Some((
                    format!("`{q}.{cname}` is not an identity column"),
                    "make it one in a migration of its own, before or after the one that changes it online",
                )),
                Some(tb) if tb.primary_key().is_none() => Some((
                    format!("`{q}` has no primary key"),
                    "the batches that fill the new column walk the primary key: add one first",
                )),
                Some(_) => None,
            };
            if let Some((message, hint)) = problem {
                d.push(spec.at_value(&at, message, Some(hint.into())));
            } else if let Some(tb) = table {
                carried(spec, before, (&q, tb), (cname, c, t), &at, &mut d);
            }
        }
    }
    d
}

/// What stands on a column changed online and would go with the old column at contract:
/// its table's constraints on it that the spec neither declares again nor retires, and
/// foreign keys of other tables that reference it, which follow it only when the key they
/// point at is declared again.
fn carried(
    spec: &Spec,
    before: &Schema,
    (q, tb): (&QualName, &crate::model::Table),
    (cname, c, t): (&str, &super::format::ColumnSpec, &super::format::TableSpec),
    at: &[Seg],
    d: &mut Vec<Diagnostic>,
) {
    use crate::model::ConstraintKind as K;
    // Whether the spec declares the table's constraint `k` again: by its name, or as what
    // the column says (or the table, `primary_key: [a, b]`, for its primary key).
    let declared_again = |k: &crate::model::Constraint| {
        t.constraints.iter().any(|x| x.name.as_deref() == Some(k.name.as_str()))
            || match &k.kind {
                K::PrimaryKey { .. } => c.primary_key || t.primary_key.is_some(),
                K::Unique { columns } => c.unique && columns.len() == 1,
                K::Check { .. } => c.check.is_some(),
                K::ForeignKey(_) => c.references.is_some(),
                K::Raw { .. } => false,
            }
    };
    for (other, ot) in &before.tables {
        for fk in &ot.constraints {
            let K::ForeignKey(f) = &fk.kind else { continue };
            if &f.ref_table != q || !f.ref_columns.iter().any(|r| r == cname) {
                continue;
            }
            // The key it points at, declared again, gets its index on the new column: the
            // foreign key is added again there, and takes its name at contract.
            let key_declared = tb.constraints.iter().any(|k| {
                matches!(&k.kind, K::PrimaryKey { columns } | K::Unique { columns } if *columns == f.ref_columns)
                    && declared_again(k)
            });
            if !key_declared {
                d.push(spec.at_value(
                    at,
                    format!(
                        "`{q}.{cname}` is referenced by foreign key `{}` of `{other}`, and the key it points at is not declared again",
                        fk.name
                    ),
                    Some(
                        "declare the column's primary key or unique constraint in this spec (`primary_key: true` or \
                         `unique: true`): the foreign keys that point at it then follow the new column"
                            .into(),
                    ),
                ));
            }
        }
    }
    let retired = |name: &str| {
        spec.body.retire.iter().any(|r| {
            r.constraint.as_deref() == Some(name)
                && r.table.as_deref().map(|x| QualName::parse(x, &spec.body.schema)).as_ref() == Some(q)
        })
    };
    for k in &tb.constraints {
        let (on, kind) = match &k.kind {
            K::PrimaryKey { columns } => (columns.iter().any(|x| x == cname), "primary key"),
            K::Unique { columns } => (columns.iter().any(|x| x == cname), "unique"),
            K::Check { expr } => (crate::sqlparse::mentions(expr, cname), "check"),
            K::ForeignKey(f) => (f.columns.iter().any(|x| x == cname), "foreign key"),
            K::Raw { .. } => (false, ""),
        };
        if on && !declared_again(k) && !retired(&k.name) {
            d.push(spec.at_value(
                at,
                format!(
                    "{kind} `{}` is on `{q}.{cname}`, which changes online: it would go with the old column at contract",
                    k.name
                ),
                Some(format!(
                    "declare it in this spec for the new column (`{}`), or retire it (`retire: [{{ table: {}, constraint: {} }}]`)",
                    match &k.kind {
                        K::PrimaryKey { .. } => "primary_key: true".to_string(),
                        K::Unique { columns } if columns.len() == 1 => "unique: true".to_string(),
                        K::Unique { columns } =>
                            format!("constraints: [{{ name: {}, unique: [{}] }}]", k.name, columns.join(", ")),
                        K::Check { .. } => "check: ...".to_string(),
                        _ => "references: ...".to_string(),
                    },
                    q.name,
                    k.name
                )),
            ));
        }
    }
}

/// A type: an enum with distinct labels, or a composite type with attributes of types that
/// parse.
fn check_type(spec: &Spec, name: &str, t: &super::format::TypeSpec, d: &mut Vec<Diagnostic>) {
    let tp = path(&["types", name]);
    check_name(spec, &tp, &QualName::parse(name, &spec.body.schema).name, "type", d);
    match (&t.labels, &t.attributes) {
        (Some(labels), None) => {
            if labels.is_empty() {
                d.push(spec.at_value(&[tp.clone(), path(&["enum"])].concat(), "an enum needs labels".into(), None));
            }
            for (i, l) in labels.iter().enumerate() {
                if labels[..i].contains(l) {
                    d.push(spec.at_value(
                        &[tp.clone(), vec![k("enum"), Seg::Index(i)]].concat(),
                        format!("label `{l}` is listed twice"),
                        None,
                    ));
                }
            }
        }
        (None, Some(attributes)) => {
            for (a, ty) in attributes {
                if let Err(e) = sqlparse::data_type(ty) {
                    d.push(spec.at_value(
                        &[tp.clone(), path(&["attributes", a])].concat(),
                        format!("type `{ty}` does not parse: {e}"),
                        None,
                    ));
                }
            }
        }
        _ => d.push(spec.at_key(
            &tp,
            "a type is exactly one of `enum: [labels]` or `attributes: { name: type }`".into(),
            None,
        )),
    }
}

/// A grant's object named as its kind needs: a column with its table, a routine with its
/// argument types.
fn check_grant_name(spec: &Spec, i: usize, g: &super::format::GrantSpec, d: &mut Vec<Diagnostic>) {
    use super::format::GrantTarget;
    let at = [k("grants"), Seg::Index(i), k("name")];
    match g.on {
        GrantTarget::Column if !g.name.contains('.') => {
            d.push(spec.at_value(&at, format!("`{}` names no column: write table.column", g.name), None));
        }
        GrantTarget::Function | GrantTarget::Procedure => match crate::lower::routine_name(&g.name) {
            Some((name, _)) if !name.is_empty() => {}
            _ => d.push(
                spec.at_value(
                    &at,
                    format!("`{}` does not give the argument types of the routine", g.name),
                    Some(
                        "name it as PostgreSQL tells overloads apart: `app.add_item(bigint, text)`, or `app.now_utc()`"
                            .into(),
                    ),
                ),
            ),
        },
        _ => {}
    }
}

/// The privileges each kind of object takes.
fn grant_privileges(on: super::format::GrantTarget) -> &'static [&'static str] {
    use super::format::GrantTarget;
    match on {
        GrantTarget::Table | GrantTarget::View => {
            &["select", "insert", "update", "delete", "truncate", "references", "trigger"]
        }
        GrantTarget::Function | GrantTarget::Procedure => &["execute"],
        GrantTarget::Column => &["select", "insert", "update", "references"],
        GrantTarget::Sequence => &["usage", "select", "update"],
        GrantTarget::Schema => &["usage", "create"],
    }
}

fn default_privileges(on: super::format::DefaultObjects) -> &'static [&'static str] {
    use super::format::DefaultObjects;
    match on {
        DefaultObjects::Tables => &["select", "insert", "update", "delete", "truncate", "references", "trigger"],
        DefaultObjects::Sequences => &["usage", "select", "update"],
        DefaultObjects::Functions => &["execute"],
        DefaultObjects::Types => &["usage"],
        DefaultObjects::Schemas => &["usage", "create"],
    }
}

fn check_privileges(spec: &Spec, at: &[Seg], valid: &[&str], given: &[String], d: &mut Vec<Diagnostic>) {
    for (j, p) in given.iter().enumerate() {
        if !valid.contains(&p.to_lowercase().as_str()) {
            d.push(spec.at_value(
                &[at.to_vec(), vec![k("privileges"), Seg::Index(j)]].concat(),
                format!("`{p}` is not a privilege of this kind of object"),
                Some(format!("privileges here are: {}", valid.join(", "))),
            ));
        }
    }
}

/// A raw SQL step: statements PostgreSQL's grammar reads, and a way back (but at contract,
/// which is not undone as a rule).
fn check_sql(spec: &Spec, i: usize, q: &super::format::SqlSpec, d: &mut Vec<Diagnostic>) {
    let at = |key: &str| vec![k("sql"), Seg::Index(i), k(key)];
    for (key, text) in [("up", Some(&q.up)), ("down", q.down.as_ref())] {
        if let Some(Err(e)) = text.map(|t| sqlparse::statements(t)) {
            d.push(spec.at_value(&at(key), format!("the SQL does not parse: {e}"), None));
        }
    }
    if q.down.is_none() && q.at != super::format::SqlPhase::Contract {
        d.push(spec.at_key(
            &[k("sql"), Seg::Index(i)],
            "this SQL step has no `down`: a rollback could not undo it".into(),
            Some("add down: the statements that undo `up` (or run it `at: contract`)".into()),
        ));
    }
}

/// A column changed online with `up`: what it may not be combined with (yet).
fn check_versioned(spec: &Spec, at: &dyn Fn(&str) -> Vec<Seg>, col: &ColumnSpec, d: &mut Vec<Diagnostic>) {
    let others = [
        ("using", col.using.is_some(), "`using` rewrites the column in place; `up` keeps both versions"),
        ("generated", col.generated.is_some(), "a generated column is computed, it needs no `up`"),
    ];
    for (key, present, hint) in others {
        if present {
            d.push(spec.at_value(
                &at(key),
                format!("`{key}` cannot be combined with `up` (a column changed online)"),
                Some(hint.into()),
            ));
        }
    }
}

fn check_column(spec: &Spec, cp: &[Seg], col: &ColumnSpec, d: &mut Vec<Diagnostic>) {
    let at = |key: &str| [cp.to_vec(), vec![k(key)]].concat();
    if let Err(e) = sqlparse::data_type(&col.data_type) {
        d.push(spec.at_value(
            &at("type"),
            format!("type `{}` does not parse: {e}", col.data_type),
            Some("write a PostgreSQL type such as text, integer, numeric(10,2), timestamptz, uuid[]".into()),
        ));
    }
    if let Some(def) = &col.default {
        let text = def.to_sql();
        match sqlparse::expr(&text) {
            Err(e) => d.push(spec.at_value(&at("default"), format!("default does not parse: {e}"), None)),
            Ok(())
                if sqlparse::is_bare_identifier(&text)
                    && !matches!(
                        text.to_ascii_lowercase().as_str(),
                        "true"
                            | "false"
                            | "null"
                            | "current_timestamp"
                            | "current_date"
                            | "current_time"
                            | "localtimestamp"
                            | "current_user"
                            | "session_user"
                    ) =>
            {
                d.push(spec.at_value(
                    &at("default"),
                    format!("default `{text}` reads as a column name, which a default cannot use"),
                    Some(format!("for a text value write default: \"'{text}'\"")),
                ));
            }
            Ok(()) => {}
        }
    }
    if let Some(c) = &col.check {
        check_expr(spec, &at("check"), c, d);
    }
    for (key, e) in [("using", &col.using), ("down", &col.down), ("up", &col.up)] {
        if let Some(e) = e {
            check_expr(spec, &at(key), e, d);
        }
    }
    if col.up.is_some() {
        check_versioned(spec, &at, col, d);
    }
    if let Some(g) = &col.generated {
        check_expr(spec, &at("generated"), g, d);
        if col.default.is_some() || col.identity.is_some() {
            d.push(spec.at_value(
                &at("generated"),
                "a generated column cannot also have a default or identity".into(),
                None,
            ));
        }
    }
    if col.identity.is_some() && col.default.is_some() {
        d.push(spec.at_value(
            &at("identity"),
            "an identity column cannot also have a default".into(),
            Some("remove `default`".into()),
        ));
    }
    if let Some(r) = &col.references {
        check_reference(spec, &at("references"), r, 1, d);
    }
}

fn check_reference(spec: &Spec, p: &[Seg], r: &ReferenceSpec, ncols: usize, d: &mut Vec<Diagnostic>) {
    if r.column.is_some() && r.columns.is_some() {
        d.push(spec.at_value(p, "write `column` or `columns`, not both".into(), None));
    }
    let n = r.columns.as_ref().map_or(1, Vec::len);
    if (r.column.is_some() || r.columns.is_some()) && n != ncols {
        d.push(spec.at_value(
            p,
            format!("{ncols} referencing column(s) but {n} referenced column(s)"),
            Some("list as many referenced columns as referencing ones".into()),
        ));
    }
}

/// A view that (through other views of the spec) selects from itself cannot be created.
fn check_view_cycles(spec: &Spec, d: &mut Vec<Diagnostic>) {
    let schema = &spec.body.schema;
    let names: BTreeMap<QualName, &String> = spec.body.views.keys().map(|v| (QualName::parse(v, schema), v)).collect();
    let mut graph = petgraph::graphmap::DiGraphMap::<&QualName, ()>::new();
    for (q, raw) in &names {
        graph.add_node(q);
        for dep in sqlparse::relations(&spec.body.views[*raw].query).unwrap_or_default() {
            let dq = QualName::parse(&dep, schema);
            if let Some((key, _)) = names.get_key_value(&dq) {
                graph.add_edge(key, q, ());
            }
        }
    }
    for scc in petgraph::algo::tarjan_scc(&graph) {
        let cyclic = scc.len() > 1 || scc.first().is_some_and(|n| graph.contains_edge(n, n));
        if cyclic {
            let members: Vec<String> = scc.iter().map(|q| q.to_string()).collect();
            let first = names[scc[0]];
            d.push(spec.at_key(
                &path(&["views", first]),
                format!("views depend on each other in a cycle: {}", members.join(" -> ")),
                Some("a view cannot select from itself, directly or through other views".into()),
            ));
        }
    }
}

/// Checks across the specs of one directory (applied in order).
pub fn validate_set(specs: &[Spec]) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    // A table renamed in one spec and still used under its old name by a later spec.
    let mut renamed: BTreeMap<QualName, (QualName, usize)> = BTreeMap::new();
    for (i, spec) in specs.iter().enumerate() {
        for (tname, t) in &spec.body.tables {
            let q = QualName::parse(tname, &spec.body.schema);
            if let Some((new, j)) = renamed.get(&q) {
                if *j < i && t.renamed_from.is_none() {
                    d.push(spec.at_key(
                        &path(&["tables", tname]),
                        format!("`{q}` was renamed to `{new}` by {}", specs[*j].file.display()),
                        Some(format!("refer to it as `{new}`")),
                    ));
                }
            }
            if let Some(old) = &t.renamed_from {
                renamed.insert(QualName::parse(old, &q.schema), (q.clone(), i));
            }
        }
    }
    d
}

/// Checks that need to know what already exists (`before`: the live schema, or the model
/// after the earlier specs of a directory): references resolve, named columns exist.
/// Without a database (`complete` false) only what the specs alone settle is checked:
/// a reference to an undeclared table is reported only when it looks like a typo of a
/// declared one.
pub fn validate_against(spec: &Spec, before: &Schema, complete: bool) -> Vec<Diagnostic> {
    let body: &SpecFile = &spec.body;
    let mut check = TableCheck { spec, before, tables: columns_after(before, body), complete, d: Vec::new() };
    if !complete {
        check.type_typos();
    }
    for (tname, t) in &body.tables {
        check.table(tname, t);
    }
    // Retiring what is already gone is not an error: the plan skips it, so that a spec
    // applied again, or to a database that already lost the object, converges.
    check.d
}

/// The columns each table will have: the spec's columns plus the live ones it keeps, under
/// their new names.
fn columns_after(before: &Schema, body: &SpecFile) -> BTreeMap<QualName, BTreeSet<String>> {
    let mut tables: BTreeMap<QualName, BTreeSet<String>> =
        before.tables.iter().map(|(q, t)| (q.clone(), t.columns.iter().map(|c| c.name.clone()).collect())).collect();
    for (tname, t) in &body.tables {
        let q = QualName::parse(tname, &body.schema);
        let mut cols: BTreeSet<String> = match &t.renamed_from {
            Some(old) => tables.remove(&QualName::parse(old, &q.schema)).unwrap_or_default(),
            None => tables.get(&q).cloned().unwrap_or_default(),
        };
        for (cname, c) in &t.columns {
            if let Some(old) = &c.renamed_from {
                cols.remove(old);
            }
            cols.insert(cname.clone());
        }
        tables.insert(q, cols);
    }
    tables
}

/// The checks of a spec's tables against the schema it applies to (`complete`: all of it,
/// read from a database; otherwise only what the spec names is known).
struct TableCheck<'a> {
    spec: &'a Spec,
    before: &'a Schema,
    tables: BTreeMap<QualName, BTreeSet<String>>,
    complete: bool,
    d: Vec<Diagnostic>,
}

impl TableCheck<'_> {
    /// Without a database, types cannot be checked by the server: a name one letter away
    /// from a built-in one is taken for a typo (with one, the server judges every type).
    fn type_typos(&mut self) {
        for (tname, t) in &self.spec.body.tables {
            for (cname, c) in &t.columns {
                if let Some(meant) = crate::model::likely_type_typo(&c.data_type) {
                    self.d.push(self.spec.at_value(
                        &path(&["tables", tname, "columns", cname, "type"]),
                        format!("unknown type `{}`", c.data_type),
                        Some(format!(
                            "did you mean `{meant}`? (a type of the database's own is checked with --database-url)"
                        )),
                    ));
                }
            }
        }
    }

    fn table(&mut self, tname: &str, t: &TableSpec) {
        let q = QualName::parse(tname, &self.spec.body.schema);
        let tp = path(&["tables", tname]);
        if let (Some(_), Some(live)) = (&t.partition_by, self.before.tables.get(&q)) {
            if live.partition_by.is_none() {
                self.d.push(self.spec.at_value(
                    &[tp.clone(), path(&["partition_by"])].concat(),
                    format!("`{q}` exists and is not partitioned: PostgreSQL cannot partition a table in place"),
                    Some("declare a new partitioned table, backfill it from this one, and give the old name a `compat` view (tests/cases/partition_table)".into()),
                ));
            }
        }
        if let Some(old) = &t.renamed_from {
            let oq = QualName::parse(old, &q.schema);
            let (has_old, has_new) = (self.before.tables.contains_key(&oq), self.before.tables.contains_key(&q));
            if self.complete && !has_old && !has_new {
                self.d.push(self.spec.at_value(
                    &[tp.clone(), path(&["renamed_from"])].concat(),
                    format!("table `{oq}` (renamed_from) does not exist"),
                    None,
                ));
            }
            if has_old && has_new {
                self.d.push(self.spec.at_value(
                    &[tp.clone(), path(&["renamed_from"])].concat(),
                    format!("`{oq}` cannot be renamed `{q}`: a table of that name exists already"),
                    Some(format!("retire or rename `{q}` first, in a migration of its own")),
                ));
            }
        }
        if let Some(pk) = &t.primary_key {
            self.columns_exist(&q, pk, [tp.clone(), path(&["primary_key"])].concat());
        }
        for (i, c) in t.constraints.iter().enumerate() {
            let cp = [tp.clone(), vec![k("constraints"), Seg::Index(i)]].concat();
            for cols in [&c.unique, &c.primary_key, &c.foreign_key].into_iter().flatten() {
                self.columns_exist(&q, cols, cp.clone());
            }
            if let Some(r) = &c.references {
                self.reference(&[cp.clone(), vec![k("references")]].concat(), r);
            }
        }
        for (cname, c) in &t.columns {
            if let Some(r) = &c.references {
                self.reference(&[tp.clone(), path(&["columns", cname, "references"])].concat(), r);
            }
            if let Some(old) = &c.renamed_from {
                self.renamed_column(&q, t, cname, old, &tp);
            }
        }
        if let Some(name) = &t.cluster_on {
            self.cluster_index(&q, t, name, [tp.clone(), path(&["cluster_on"])].concat());
        }
        for (i, ix) in t.indexes.iter().enumerate() {
            let ip = [tp.clone(), vec![k("indexes"), Seg::Index(i)]].concat();
            let plain: Vec<String> = ix
                .columns
                .iter()
                .filter(|c| sqlparse::is_bare_identifier(c))
                .map(|c| c.trim_matches('"').to_string())
                .collect();
            self.columns_exist(&q, &plain, [ip.clone(), vec![k("columns")]].concat());
            self.columns_exist(&q, &ix.include, [ip.clone(), vec![k("include")]].concat());
        }
    }

    /// The index a table is to be clustered on is one it has or the spec names (known only
    /// with a database).
    fn cluster_index(&mut self, q: &QualName, t: &TableSpec, name: &str, at: Vec<Seg>) {
        if !self.complete {
            return;
        }
        let pkey = t.primary_key.as_ref().map(|_| crate::model::default_constraint_name(&q.name, &[], "pkey"));
        let known: Vec<String> = (t.indexes.iter().filter_map(|ix| ix.name.clone()))
            .chain(t.constraints.iter().filter(|c| c.check.is_none()).filter_map(|c| c.name.clone()))
            .chain(pkey)
            .chain(self.before.indexes.values().filter(|ix| &ix.table == q).map(|ix| ix.name.name.clone()))
            .collect();
        if !known.iter().any(|k| k == name) {
            self.d.push(self.spec.at_value(
                &at,
                format!("`{name}` is not an index of table `{q}`"),
                Some(match suggest(name, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "name one of its indexes or keys (an index the spec declares needs a `name`)".into(),
                }),
            ));
        }
    }

    fn reference(&mut self, at: &[Seg], r: &ReferenceSpec) {
        let schema = &self.spec.body.schema;
        check_ref_target(self.spec, at, r, &self.tables, schema, self.complete, &mut self.d);
    }

    /// The columns a key or index names exist in the table (known only with a database).
    fn columns_exist(&mut self, q: &QualName, cols: &[String], at: Vec<Seg>) {
        if !self.complete {
            return;
        }
        let have = &self.tables[q];
        for c in cols.iter().filter(|c| !have.contains(*c)) {
            let cand: Vec<String> = have.iter().cloned().collect();
            self.d.push(self.spec.at_value(
                &at,
                format!("column `{c}` does not exist in table `{q}`"),
                suggest(c, &cand).map(|s| format!("did you mean `{s}`?")),
            ));
        }
    }

    /// A renamed column's old name exists in the table (under its old name, if renamed too),
    /// unless the rename happened already.
    fn renamed_column(&mut self, q: &QualName, t: &TableSpec, cname: &str, old: &str, tp: &[Seg]) {
        let before = self.before;
        let existed = before
            .tables
            .get(q)
            .or_else(|| t.renamed_from.as_ref().and_then(|o| before.tables.get(&QualName::parse(o, &q.schema))));
        if let Some(bt) = existed {
            let at = [tp.to_vec(), path(&["columns", cname, "renamed_from"])].concat();
            match (bt.column(old).is_some(), bt.column(cname).is_some()) {
                (false, false) => self.d.push(self.spec.at_value(
                    &at,
                    format!("column `{old}` (renamed_from) does not exist in `{}`", bt.name),
                    None,
                )),
                (true, true) => self.d.push(self.spec.at_value(
                    &at,
                    format!("`{old}` cannot be renamed `{cname}`: `{}` has a column `{cname}` already", bt.name),
                    Some(format!("retire or rename `{cname}` first, in a migration of its own")),
                )),
                _ => {}
            }
        }
    }
}

/// Checks of backfills and compatibility views against the database they will run on:
/// sources and keys exist and keys are unique, targets exist with the mapped columns, a
/// view shows every column of the table it replaces.
pub fn validate_data_against(spec: &Spec, before: &Schema) -> Vec<Diagnostic> {
    let body: &SpecFile = &spec.body;
    let mut tables: BTreeMap<QualName, BTreeSet<String>> =
        before.tables.iter().map(|(q, t)| (q.clone(), t.columns.iter().map(|c| c.name.clone()).collect())).collect();
    for (tname, t) in &body.tables {
        let q = QualName::parse(tname, &body.schema);
        let cols = tables.entry(q).or_default();
        cols.extend(t.columns.keys().cloned());
    }
    let mut check = DataCheck { spec, before, tables, d: validate_versioned_against(spec, before) };
    for (i, b) in body.backfill.iter().enumerate() {
        check.backfill(i, b);
    }
    for (i, sd) in body.seed.iter().enumerate() {
        check.seed(i, sd);
    }
    for (i, c) in body.compat.iter().enumerate() {
        check.compat(i, c);
    }
    check.d
}

/// The checks of a spec's data movement against the schema it applies to.
struct DataCheck<'a> {
    spec: &'a Spec,
    before: &'a Schema,
    /// The columns each table will have: the live ones and those the spec declares.
    tables: BTreeMap<QualName, BTreeSet<String>>,
    d: Vec<Diagnostic>,
}

impl DataCheck<'_> {
    fn qual(&self, name: &str) -> QualName {
        QualName::parse(name, &self.spec.body.schema)
    }

    fn backfill(&mut self, i: usize, b: &super::format::BackfillSpec) {
        let bp = vec![k("backfill"), Seg::Index(i)];
        let (source, into) = (self.qual(&b.from), self.qual(&b.into));
        match self.before.tables.get(&source) {
            None => self.d.push(self.spec.at_value(
                &[bp.clone(), vec![k("from")]].concat(),
                format!("source table `{source}` does not exist"),
                None,
            )),
            Some(t) => self.backfill_key(&bp, t, &b.key.to_vec()),
        }
        let declared = self.spec.body.tables.keys().any(|t| self.qual(t) == into);
        if !declared && !self.before.tables.contains_key(&into) {
            self.d.push(self.spec.at_value(
                &[bp.clone(), vec![k("into")]].concat(),
                format!("target table `{into}` does not exist and is not declared"),
                Some("declare it under `tables:`".into()),
            ));
        }
        if let Some(cols) = self.tables.get(&into) {
            for c in b.columns.keys().filter(|c| !cols.contains(*c)) {
                let cand: Vec<String> = cols.iter().cloned().collect();
                self.d.push(self.spec.at_key(
                    &[bp.clone(), vec![k("columns"), k(c)]].concat(),
                    format!("column `{c}` does not exist in target `{into}`"),
                    suggest(c, &cand).map(|s| format!("did you mean `{s}`?")),
                ));
            }
        }
    }

    /// The key that pages a backfill's batches: existing columns, NOT NULL, unique.
    fn backfill_key(&mut self, bp: &[Seg], t: &crate::model::Table, key: &[String]) {
        let at = [bp.to_vec(), vec![k("key")]].concat();
        let source = &t.name;
        for c in key {
            match t.column(c) {
                None => {
                    self.d.push(self.spec.at_value(&at, format!("key column `{c}` does not exist in `{source}`"), None))
                }
                // Batches walk the key in order: a row whose key is NULL is never reached,
                // and would be left behind.
                Some(col) if !col.not_null => self.d.push(self.spec.at_value(
                    &at,
                    format!("key column `{c}` of `{source}` may be NULL: rows with a NULL key could not be copied"),
                    Some(format!("make `{c}` NOT NULL first, or use the primary key")),
                )),
                Some(_) => {}
            }
        }
        if is_unique_key(self.before, t, key) {
            return;
        }
        let pk = t.primary_key().and_then(|c| match &c.kind {
            crate::model::ConstraintKind::PrimaryKey { columns } => Some(columns.join(", ")),
            _ => None,
        });
        self.d.push(self.spec.at_value(
            &at,
            format!("`{}` is not a unique key of `{source}`: batches could skip or repeat rows", key.join(", ")),
            Some(match pk {
                Some(pk) => format!("use its primary key: `key: [{pk}]`"),
                None => format!(
                    "add a unique index on `{source}` ({}) first, or choose columns that are unique",
                    key.join(", ")
                ),
            }),
        ));
    }

    /// The primary key a table will have: declared by the spec, or the live one.
    fn primary_key_after(&self, q: &QualName) -> Option<Vec<String>> {
        let declared = self.spec.body.tables.iter().find(|(t, _)| self.qual(t) == *q).map(|(_, t)| t);
        if let Some(t) = declared {
            if let Some(pk) = &t.primary_key {
                return Some(pk.clone());
            }
            if let Some((c, _)) = t.columns.iter().find(|(_, c)| c.primary_key) {
                return Some(vec![c.clone()]);
            }
        }
        self.before.tables.get(q).and_then(|t| match &t.primary_key()?.kind {
            crate::model::ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
            _ => None,
        })
    }

    /// Seeded rows are found again by the table's primary key: each row gives it.
    fn seed(&mut self, i: usize, sd: &super::format::SeedSpec) {
        let sp = vec![k("seed"), Seg::Index(i)];
        let q = self.qual(&sd.into);
        let Some(pk) = self.primary_key_after(&q) else {
            self.d.push(self.spec.at_value(
                &[sp.clone(), vec![k("into")]].concat(),
                format!("`{q}` has no primary key: seeded rows could not be found again to undo them"),
                Some("give the table a primary key".into()),
            ));
            return;
        };
        for (j, row) in sd.rows.iter().enumerate() {
            let missing: Vec<&str> = pk.iter().filter(|c| !row.contains_key(*c)).map(|c| c.as_str()).collect();
            if !missing.is_empty() {
                self.d.push(self.spec.at_value(
                    &[sp.clone(), vec![k("rows"), Seg::Index(j)]].concat(),
                    format!("the row gives no value for key column(s) {}", missing.join(", ")),
                    None,
                ));
            }
        }
    }

    /// A compatibility view replaces an existing table and shows every column it had.
    fn compat(&mut self, i: usize, c: &super::format::CompatSpec) {
        let cp = vec![k("compat"), Seg::Index(i)];
        let (before, body) = (self.before, &self.spec.body);
        let replaces = self.qual(c.replaces.as_deref().unwrap_or(&c.view));
        if !before.tables.contains_key(&replaces)
            && !before.tables.contains_key(&QualName::new(crate::model::ARCHIVE_SCHEMA, replaces.name.clone()))
            // (or it was renamed, by this spec, already)
            && !body.tables.iter().any(|(t, ts)| {
                ts.renamed_from.as_ref().is_some_and(|r| self.qual(r) == replaces)
                    && before.tables.contains_key(&self.qual(t))
            })
        {
            self.d.push(self.spec.at_value(
                &cp,
                format!("table `{replaces}` that the view replaces does not exist"),
                None,
            ));
        }
        // The view must give the old application every column it had.
        if let (Some(t), Some(cols)) = (before.tables.get(&replaces), sqlparse::output_columns(&c.query)) {
            let lost: Vec<&str> =
                t.columns.iter().map(|c| c.name.as_str()).filter(|n| !cols.iter().any(|c| c == n)).collect();
            if !lost.is_empty() {
                self.d.push(self.spec.at_value(
                    &[cp.clone(), vec![k("query")]].concat(),
                    format!(
                        "the view does not show column(s) {} of `{replaces}`: the old application would lose them",
                        lost.join(", ")
                    ),
                    Some("select them in the view (as NULL::type AS name if the new shape has no such data)".into()),
                ));
            }
        }
    }
}

/// Whether `key` is a unique key of `t`: its primary key, a unique constraint, or a unique
/// index without a predicate, on exactly those columns.
fn is_unique_key(before: &Schema, t: &crate::model::Table, key: &[String]) -> bool {
    let mut want = key.to_vec();
    want.sort();
    let same = |cols: &[String]| {
        let mut cols = cols.to_vec();
        cols.sort();
        cols == want
    };
    t.constraints.iter().any(|c| match &c.kind {
        crate::model::ConstraintKind::PrimaryKey { columns } | crate::model::ConstraintKind::Unique { columns } => {
            same(columns)
        }
        _ => false,
    }) || before.indexes_on(&t.name).any(|ix| {
        let cols: Vec<String> = ix
            .keys
            .iter()
            .filter_map(|k| match &k.expr {
                crate::model::KeyExpr::Column(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        ix.unique && ix.predicate.is_none() && ix.keys.len() == cols.len() && same(&cols)
    })
}

fn check_ref_target(
    spec: &Spec,
    p: &[Seg],
    r: &ReferenceSpec,
    tables: &BTreeMap<QualName, BTreeSet<String>>,
    schema: &str,
    complete: bool,
    d: &mut Vec<Diagnostic>,
) {
    let q = QualName::parse(&r.table, schema);
    match tables.get(&q) {
        None => {
            let cand: Vec<String> = tables.keys().filter(|t| t.schema == q.schema).map(|t| t.name.clone()).collect();
            if !complete && suggest(&q.name, &cand).is_none() {
                return;
            }
            d.push(
                spec.at_value(
                    &[p.to_vec(), vec![k("table")]].concat(),
                    format!("referenced table `{q}` does not exist in the spec or the database"),
                    suggest(&q.name, &cand)
                        .map(|s| format!("did you mean `{s}`?"))
                        .or(Some("declare it in this spec or an earlier one".into())),
                ),
            );
        }
        Some(_) if !complete => {}
        Some(cols) => {
            let named: Vec<String> = r.columns.clone().unwrap_or_else(|| r.column.iter().cloned().collect());
            for c in named {
                if !cols.contains(&c) {
                    d.push(spec.at_value(
                        &[p.to_vec(), vec![k("column")]].concat(),
                        format!("referenced column `{c}` does not exist in `{q}`"),
                        None,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Index, QualName, Schema, Table};
    use std::path::Path;

    fn diagnostics(yaml: &str, before: &Schema) -> String {
        let spec = super::super::load::load_str(Path::new("t.yaml"), yaml).unwrap_or_else(|d| panic!("{d}"));
        super::validate_against(&spec, before, true).iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_table_is_clustered_only_on_an_index_it_has() {
        let q = QualName::new("public", "t");
        let mut before = Schema::default();
        before.tables.insert(q.clone(), Table::new(q.clone()));
        let ix = Index::btree(QualName::new("public", "t_code"), q.clone());
        before.indexes.insert(ix.name.clone(), ix);
        let spec = |on: &str| {
            format!(
                "version: 1\nname: c\ntables:\n  t:\n    columns:\n      code: {{ type: text }}\n    indexes:\n      - {{ name: t_at, columns: [code] }}\n    cluster_on: {on}\n"
            )
        };
        for ok in ["t_code", "t_at"] {
            assert_eq!(diagnostics(&spec(ok), &before), "", "{ok}");
        }
        let d = diagnostics(&spec("t_cod"), &before);
        assert!(d.contains("`t_cod` is not an index of table `public.t`"), "{d}");
        assert!(d.contains("did you mean `t_code`?"), "{d}");
        let d = diagnostics(&spec("elsewhere"), &before);
        assert!(d.contains("an index the spec declares needs a `name`"), "{d}");
    }
}
