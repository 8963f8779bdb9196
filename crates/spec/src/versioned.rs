//! Lowering columns changed online (`up`): each becomes a new column (the new type, NOT NULL
//! and default) filled from the old one by a backfill in place whose trigger keeps the two
//! in step both ways, and a schema of views that shows the new shape to the new
//! application until contract. New columns with a per-row default are filled the same way
//! (`filled_defaults`), so that adding them rewrites nothing.

use super::format::ColumnSpec;
use super::load::Spec;
use crate::model::{
    normalize_type, volatile_default, Backfill, Column, ConstraintKind, Filling, InvalidRows, Mapping, QualName,
    RepointedKey, Retire, Reverse, Schema, SwappedKey, Table, Target, Version, VersionView, Versioned,
};
use std::collections::BTreeMap;

/// The name of the new version of `column` until contract (cut to 63 bytes).
pub fn shadow_name(column: &str) -> String {
    let mut name = format!("_ps_new_{column}");
    while name.len() > crate::model::MAX_IDENT_BYTES {
        name.pop();
    }
    name
}

/// The schema of views of migration `name`: `{schema}_{name}`, cut to the 63 bytes of a
/// PostgreSQL name (as the server would cut it).
pub fn version_schema(spec: &Spec) -> String {
    cut(format!("{}_{}", spec.body.schema, spec.name))
}

/// The schema of views of the version before migration `name`: `{schema}_before_{name}`.
pub fn old_version_schema(spec: &Spec) -> String {
    cut(format!("{}_before_{}", spec.body.schema, spec.name))
}

fn cut(mut name: String) -> String {
    while name.len() > crate::model::MAX_IDENT_BYTES {
        name.pop();
    }
    name
}

/// Adds the columns `spec` changes online to `target` (see the module's documentation). A
/// column that already has the declared shape is left as declared: there is nothing to do.
pub fn lower_versioned(spec: &Spec, before: &Schema, target: &mut Target) {
    let mut fills: BTreeMap<QualName, Vec<Mapping>> = BTreeMap::new();
    for (tname, ts) in &spec.body.tables {
        let q = QualName::parse(tname, &spec.body.schema);
        let Some(live) = before.tables.get(&q) else {
            continue;
        };
        for (cname, cs) in ts.columns.iter() {
            if let Some(m) = version_column(target, live, cname, cs) {
                fills.entry(q.clone()).or_default().push(m);
            }
        }
    }
    swap_keys(before, target);
    repoint_keys(before, target);
    // The old name of a column renamed as it changes is gone once contracted: the `down` of
    // the table's other columns (which the rollback of contract computes) cannot read it.
    let renamed: Vec<(QualName, String)> = target
        .versioned
        .iter()
        .filter(|v| v.renamed_to.is_some())
        .map(|v| (v.table.clone(), v.column.clone()))
        .collect();
    let gone = |q: &QualName, c: &str| renamed.iter().any(|(t, n)| t == q && n == c);
    for v in &mut target.versioned {
        v.reverse.row.retain(|c| !gone(&v.table, c));
    }
    for (q, mappings) in &mut fills {
        for r in mappings.iter_mut().filter_map(|m| m.reverse.as_mut()) {
            r.row.retain(|c| !gone(q, c));
        }
    }
    filled_defaults(spec, before, target, &mut fills);
    for (q, mappings) in fills {
        let live = &before.tables[&q];
        let key = primary_key(live);
        match target.backfills.iter_mut().find(|b| b.in_place() && b.target == q) {
            Some(b) => b.mappings.extend(mappings),
            None => target.backfills.push(Backfill {
                target: q.clone(),
                source: q.clone(),
                key: key
                    .iter()
                    .map(|k| (k.clone(), live.column(k).map(|c| c.data_type.clone()).unwrap_or_default()))
                    .collect(),
                conflict: key,
                mappings,
                filter: None,
                on_invalid: InvalidRows::Fail,
                sole_source: false,
                migration: spec.name.clone(),
            }),
        }
    }
    // Columns renamed in a table that keeps its name are renamed at contract: the old
    // application keeps the old name until then.
    let renames: Vec<(QualName, String, String)> =
        target.column_renames.iter().filter(|(t, _, _)| before.tables.contains_key(t)).cloned().collect();
    // Retired columns with a `down`: the new version no longer sees them, and the old one
    // reads `down` in them for the new version's rows.
    let mut fills: BTreeMap<QualName, Vec<(String, String)>> = BTreeMap::new();
    for r in &spec.body.retire {
        if let (Some(t), Some(c), Some(down)) = (&r.table, &r.column, &r.down) {
            let q = QualName::parse(t, &spec.body.schema);
            if before.tables.get(&q).is_some_and(|t| t.column(c).is_some()) {
                fills.entry(q).or_default().push((c.clone(), down.clone()));
            }
        }
    }
    let tables: std::collections::BTreeSet<&QualName> = target
        .versioned
        .iter()
        .map(|v| &v.table)
        .chain(renames.iter().map(|(t, _, _)| t))
        .chain(fills.keys())
        .collect();
    if tables.is_empty() {
        return;
    }
    let views = tables
        .into_iter()
        .map(|q| VersionView {
            fills: fills.get(q).cloned().unwrap_or_default(),
            ..version_view(target, &before.tables[q])
        })
        .collect();
    target.version =
        Some(Version { schema: version_schema(spec), old_schema: old_version_schema(spec), views, renames });
}

/// The unique constraints and primary keys the spec declares again on columns changed online
/// (by the name the table has them under) leave the target's table, whose comparison would replace them in one
/// blocking step, for [`SwappedKey`]: their index is built on the new columns beside the
/// old constraint, which the old application keeps until contract.
fn swap_keys(before: &Schema, target: &mut Target) {
    let shadows: Vec<(QualName, String)> =
        target.versioned.iter().map(|v| (v.table.clone(), v.shadow.clone())).collect();
    for (q, t) in target.schema.tables.iter_mut() {
        let Some(live) = before.tables.get(q) else { continue };
        let mut kept = Vec::new();
        for c in std::mem::take(&mut t.constraints) {
            let old = live.constraints.iter().find(|l| l.name == c.name);
            let swapped = match (&c.kind, old.map(|o| &o.kind)) {
                (ConstraintKind::Unique { columns }, Some(ConstraintKind::Unique { .. }))
                | (ConstraintKind::PrimaryKey { columns }, Some(ConstraintKind::PrimaryKey { .. })) => {
                    columns.iter().any(|col| shadows.iter().any(|(st, s)| st == q && s == col))
                }
                _ => false,
            };
            match old {
                Some(old) if swapped => {
                    target.swapped_keys.push(SwappedKey { table: q.clone(), old: old.clone(), new: c })
                }
                _ => kept.push(c),
            }
        }
        t.constraints = kept;
    }
}

/// The foreign keys (of any table) that point at columns changed online follow the new
/// columns: each gets a twin on them (see [`RepointedKey`]). One the spec declares again
/// leaves the target's table, whose comparison would replace it where it points now.
fn repoint_keys(before: &Schema, target: &mut Target) {
    let shadow = |t: &QualName, c: &str| {
        target.versioned.iter().find(|v| v.table == *t && v.column == c).map(|v| v.shadow.clone())
    };
    let mut found = Vec::new();
    for (q, t) in &before.tables {
        for old in &t.constraints {
            let ConstraintKind::ForeignKey(fk) = &old.kind else { continue };
            if !fk.ref_columns.iter().any(|c| shadow(&fk.ref_table, c).is_some()) {
                continue;
            }
            // As declared (already on the new columns of its own table), or as it is.
            let declared = target.schema.tables.get(q).and_then(|t| t.constraints.iter().find(|c| c.name == old.name));
            let mut new = declared.cloned().unwrap_or_else(|| old.clone());
            if let ConstraintKind::ForeignKey(f) = &mut new.kind {
                if declared.is_none() {
                    for c in &mut f.columns {
                        if let Some(s) = shadow(q, c) {
                            *c = s;
                        }
                    }
                }
                for c in &mut f.ref_columns {
                    if let Some(s) = shadow(&f.ref_table, c) {
                        *c = s;
                    }
                }
            }
            new.name = crate::model::make_object_name(&old.name, None, "ps_new");
            new.validated = true;
            found.push(RepointedKey { table: q.clone(), old: old.clone(), new });
        }
    }
    for k in &found {
        if let Some(t) = target.schema.tables.get_mut(&k.table) {
            t.constraints.retain(|c| c.name != k.old.name);
        }
    }
    target.repointed_keys = found;
}

/// New columns of existing tables whose default differs row by row (`gen_random_uuid()`,
/// `clock_timestamp()`, `nextval(...)`): adding them with it would rewrite the table, so
/// they are added without, the default set for new rows, and existing rows filled in
/// batches.
fn filled_defaults(spec: &Spec, before: &Schema, target: &Target, fills: &mut BTreeMap<QualName, Vec<Mapping>>) {
    for (tname, ts) in &spec.body.tables {
        let q = QualName::parse(tname, &spec.body.schema);
        let (Some(live), Some(declared)) = (before.tables.get(&q), target.schema.tables.get(&q)) else {
            continue;
        };
        if live.primary_key().is_none() {
            continue;
        }
        for c in &declared.columns {
            let Some(default) = c.default.as_deref().filter(|d| volatile_default(d)) else {
                continue;
            };
            let mapped = |b: &Backfill| b.in_place() && b.target == q && b.mappings.iter().any(|m| m.column == c.name);
            // A new column; or one added earlier (a run cut short, or by hand) that is to be
            // NOT NULL and is not yet: its rows may still wait for their values.
            let unfilled = match live.column(&c.name) {
                None => true,
                Some(lc) => c.not_null && !lc.not_null,
            };
            if !unfilled || !ts.columns.contains_key(&c.name) || target.backfills.iter().any(mapped) {
                continue;
            }
            fills.entry(q.clone()).or_default().push(Mapping {
                column: c.name.clone(),
                expr: default.to_string(),
                raw: default.to_string(),
                cast: None,
                target_type: c.data_type.clone(),
                sanitize: Vec::new(),
                rules: Vec::new(),
                volatile: true,
                keep_original: false,
                reverse: None,
            });
        }
    }
}

/// One column changed online: its declared version becomes the shadow column of the target,
/// and the mapping that fills it is returned.
/// A column renamed as it changes (`renamed_from` with `up`) keeps its old name for the old
/// application and the old column; its new version is seen under the new name by the new
/// one, and takes that name at contract (rather than being renamed there).
fn version_column(target: &mut Target, live: &Table, cname: &str, cs: &ColumnSpec) -> Option<Mapping> {
    let up = cs.up.as_ref()?;
    let old_name = cs.renamed_from.as_deref().unwrap_or(cname);
    let old = live.column(old_name)?;
    let t = target.schema.tables.get_mut(&live.name)?;
    let at = t.columns.iter().position(|c| c.name == cname)?;
    let declared = t.columns[at].clone();
    // (A type of the database's own is read back with its schema.)
    let declared_type = normalize_type(&declared.data_type);
    let live_type = normalize_type(&old.data_type);
    let same_type = declared_type == live_type || format!("{}.{declared_type}", live.name.schema) == live_type;
    // A constraint declared on the column that the table lacks is a change too: the new
    // version's values (`up`) must pass it, the old ones need not.
    let new_constraint = t
        .constraints
        .iter()
        .filter(|c| on_column(&c.kind, cname))
        .any(|c| !live.constraints.iter().any(|l| l.name == c.name));
    let same = same_type
        && declared.not_null == old.not_null
        && same_default(declared.default.as_deref(), old.default.as_deref(), &old.data_type)
        && !new_constraint;
    if same {
        return None;
    }
    if old_name != cname {
        target.column_renames.retain(|(t, from, to)| !(t == &live.name && from == old_name && to == cname));
    }
    let shadow = shadow_name(cname);
    // (No default nor identity until contract: the old column gives new rows their values.)
    t.columns[at] = Column {
        name: shadow.clone(),
        default: None,
        identity: None,
        identity_options: None,
        comment: None,
        ..declared.clone()
    };
    // The constraints the spec declares on the column hold for its new version: on the new
    // column until contract (under their final names), then on the column itself.
    for c in &mut t.constraints {
        let on =
            |cols: &mut Vec<String>| cols.iter_mut().filter(|x| x.as_str() == cname).for_each(|x| *x = shadow.clone());
        match &mut c.kind {
            ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns } => on(columns),
            ConstraintKind::ForeignKey(fk) => on(&mut fk.columns),
            ConstraintKind::Check { expr } => {
                if let Some(renamed) = crate::sqlparse::rename_column_refs(expr, cname, &shadow) {
                    *expr = renamed;
                }
            }
            ConstraintKind::Raw { .. } => {}
        }
    }
    let reverse = Reverse {
        column: old_name.to_string(),
        expr: cs.down.clone(),
        old_type: old.data_type.clone(),
        row: live.columns.iter().filter(|c| c.name != old_name).map(|c| c.name.clone()).collect(),
        read_as: (old_name != cname).then(|| cname.to_string()),
    };
    target.versioned.push(Versioned {
        table: live.name.clone(),
        column: old_name.to_string(),
        shadow: shadow.clone(),
        old: old.clone(),
        default: declared.default.clone(),
        identity: declared.identity,
        identity_options: declared.identity_options.clone(),
        key: primary_key(live),
        reverse: reverse.clone(),
        renamed_to: (old_name != cname).then(|| cname.to_string()),
    });
    Some(Mapping {
        column: shadow,
        expr: up.clone(),
        raw: up.clone(),
        cast: None,
        target_type: declared.data_type.clone(),
        sanitize: Vec::new(),
        rules: Vec::new(),
        // The new application's writes are not computed from the old column: the check
        // asks for presence, not for the value `up` would give.
        volatile: true,
        keep_original: false,
        reverse: Some(reverse),
    })
}

/// The table as the new version sees it: its columns (those the spec adds too, not those it
/// retires), each changed one read from its shadow, with the new version's defaults.
fn version_view(target: &Target, live: &Table) -> VersionView {
    let q = &live.name;
    let retired = |c: &str| {
        target.retire.iter().any(|r| matches!(r, Retire::Column { table, column } if table == q && column == c))
    };
    let versioned: Vec<&Versioned> = target.versioned.iter().filter(|v| &v.table == q).collect();
    let mut columns = Vec::new();
    let mut defaults = Vec::new();
    let renamed = |c: &str| target.column_renames.iter().find(|(t, old, _)| t == q && old == c).map(|(_, _, n)| n);
    for c in live.columns.iter().filter(|c| !retired(&c.name)) {
        if let Some(new) = renamed(&c.name) {
            columns.push((new.clone(), c.name.clone()));
            continue;
        }
        match versioned.iter().find(|v| v.column == c.name) {
            Some(v) => {
                columns.push((v.name().to_string(), v.shadow.clone()));
                if let Some(d) = &v.default {
                    defaults.push((v.name().to_string(), d.clone()));
                }
            }
            None => columns.push((c.name.clone(), c.name.clone())),
        }
    }
    if let Some(t) = target.schema.tables.get(q) {
        let shadows: Vec<&str> = versioned.iter().map(|v| v.shadow.as_str()).collect();
        let new_name = |c: &str| target.column_renames.iter().any(|(t, _, n)| t == q && n == c);
        for c in t
            .columns
            .iter()
            .filter(|c| live.column(&c.name).is_none() && !shadows.contains(&c.name.as_str()) && !new_name(&c.name))
        {
            columns.push((c.name.clone(), c.name.clone()));
        }
    }
    let filling = filling(target, live, &versioned, &columns, &defaults);
    let old_columns = live.columns.iter().map(|c| c.name.clone()).collect();
    VersionView { table: q.clone(), columns, defaults, fills: Vec::new(), old_columns, filling }
}

/// How the view of a table with columns changed online stands in for them until they are
/// filled (see [`Filling`]).
fn filling(
    target: &Target,
    live: &Table,
    versioned: &[&Versioned],
    columns: &[(String, String)],
    defaults: &[(String, String)],
) -> Option<Filling> {
    let first = versioned.first()?;
    let q = &live.name;
    let declared = target.schema.tables.get(q);
    let shown = |from: &str| columns.iter().find(|(_, f)| f == from).map(|(s, _)| s.clone());
    let mapping = |shadow: &str| {
        target
            .backfills
            .iter()
            .filter(|b| b.in_place() && &b.target == q)
            .flat_map(|b| &b.mappings)
            .find(|m| m.column == shadow && m.reverse.is_some())
    };
    let mut computed = Vec::new();
    for v in versioned {
        let m = mapping(&v.shadow)?;
        computed.push((v.name().to_string(), m.expr.clone(), m.target_type.clone()));
    }
    // (A key column changed online is shown under its name, from its new column; the row
    // is found by the old one, through `down`.)
    let changed_key = |k: &String| versioned.iter().find(|v| v.column == *k);
    let key = first
        .key
        .iter()
        .map(|k| changed_key(k).map(|v| Some(v.name().to_string())).unwrap_or_else(|| shown(k)))
        .collect::<Option<Vec<String>>>()?;
    let key_reverse =
        first.key.iter().filter_map(changed_key).map(|v| (v.name().to_string(), v.reverse.clone())).collect();
    let mut filling = Filling {
        computed,
        key,
        key_reverse,
        defaults: Vec::new(),
        identity: None,
        identity_always: false,
        generated: Vec::new(),
    };
    for (name, from) in columns {
        // (The table as it is, or a column the spec adds.)
        let Some(c) = live.column(from).or_else(|| declared.and_then(|t| t.column(from))) else {
            continue;
        };
        if c.generated.is_some() {
            filling.generated.push(name.clone());
        } else if let Some(kind) = &c.identity {
            filling.identity = Some(name.clone());
            filling.identity_always = matches!(kind, crate::model::Identity::Always);
        } else if let Some(d) = c.default.as_ref().filter(|_| !defaults.iter().any(|(n, _)| n == name)) {
            if !versioned.iter().any(|v| v.shadow == *from) {
                filling.defaults.push((name.clone(), d.clone()));
            }
        }
    }
    Some(filling)
}

/// Whether a constraint is on `column` (one of its columns, or named in its check).
fn on_column(kind: &ConstraintKind, column: &str) -> bool {
    match kind {
        ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns } => {
            columns.iter().any(|c| c == column)
        }
        ConstraintKind::ForeignKey(fk) => fk.columns.iter().any(|c| c == column),
        ConstraintKind::Check { expr } => crate::sqlparse::rename_column_refs(expr, column, "_").is_some(),
        _ => false,
    }
}

/// A declared default against the catalog's text of it, which casts a literal to the
/// column's type (`'draft'` is kept as `'draft'::text`).
fn same_default(declared: Option<&str>, live: Option<&str>, data_type: &str) -> bool {
    let bare = |d: &str| d.trim().strip_suffix(&format!("::{data_type}")).unwrap_or(d.trim()).to_string();
    declared.map(bare) == live.map(bare)
}

fn primary_key(t: &Table) -> Vec<String> {
    match t.primary_key().map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
        _ => Vec::new(),
    }
}
