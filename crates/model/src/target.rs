//! What one migration asks for: the objects it declares, renames, and retirements.

use super::{QualName, Schema, Table};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Retire {
    Table { table: QualName },
    View { view: QualName },
    Column { table: QualName, column: String },
    Index { index: QualName },
    Constraint { table: QualName, constraint: String },
}

/// A migration's target. Tables in `schema` hold only the columns, constraints and indexes
/// the spec names: what a spec does not name is left alone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Target {
    pub schema: Schema,
    /// (old, new) table names.
    pub table_renames: Vec<(QualName, QualName)>,
    /// (table, by its new name; old column; new column).
    pub column_renames: Vec<(QualName, String, String)>,
    /// (table, by its new name; old constraint name; new name).
    pub constraint_renames: Vec<(QualName, String, String)>,
    pub retire: Vec<Retire>,
    pub backfills: Vec<Backfill>,
    pub compat: Vec<Compat>,
    pub seeds: Vec<Seed>,
    /// Type changes with their own conversions: (table, column) -> (using, down).
    pub conversions: std::collections::BTreeMap<(QualName, String), (Option<String>, Option<String>)>,
    /// Columns changed online (`up`), and the schema of views of the new version.
    pub versioned: Vec<Versioned>,
    /// Unique constraints and primary keys on columns changed online that the spec declares
    /// again.
    pub swapped_keys: Vec<SwappedKey>,
    /// Foreign keys that point at columns changed online, to follow the new columns.
    pub repointed_keys: Vec<RepointedKey>,
    pub version: Option<Version>,
    /// SQL of the user's own, in the spec's order.
    pub raw: Vec<RawSql>,
    /// Privileges the spec takes away.
    pub revoked: std::collections::BTreeSet<crate::Grant>,
}

/// Statements of the user's own, run as one step of a phase, and what undoes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawSql {
    pub at: RawPhase,
    pub up: String,
    pub down: Option<String>,
    pub description: Option<String>,
}

/// The phases raw SQL may run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RawPhase {
    Expand,
    Switch,
    Contract,
}

/// Fixed rows for a table: (column, SQL expression) pairs, and the key that identifies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Seed {
    pub table: QualName,
    pub rows: Vec<Vec<(String, String)>>,
    pub key: Vec<String>,
}

/// How an invalid source row is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvalidRows {
    Fail,
    Skip,
    Quarantine,
}

/// A check on a mapped value before it is cast and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Required,
    Uuid,
    Email,
    Slug,
    Matches(String),
}

/// One mapped column: the target column and the SQL expression that fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Mapping {
    pub column: String,
    /// The expression as written (what is stored when nothing is sanitized).
    pub expr: String,
    /// The expression without its outer cast, if it had one: what rules check.
    pub raw: String,
    /// The type of the outer cast (`uuid` in `(value->>'id')::uuid`), if any.
    pub cast: Option<String>,
    /// The target column's type (what a sanitized value is cast to).
    pub target_type: String,
    /// Cleanups, in the order applied: `strip_nul`, `trim`, `lower`, `empty_to_null`.
    pub sanitize: Vec<String>,
    pub rules: Vec<RuleKind>,
    /// The expression gives another value each time (`gen_random_uuid()`, `now()`,
    /// `nextval(...)`: not immutable, as the server judged it): the check compares what was
    /// written by count and presence, not by computing it again.
    #[serde(default)]
    pub volatile: bool,
    /// A backfill in place that rewrites an existing column from its own value: each
    /// original value is kept (and what was written for it), for the check and the rollback.
    #[serde(default)]
    pub keep_original: bool,
    /// A column changed online: writes that set this (new) column compute the old one back.
    #[serde(default)]
    pub reverse: Option<Reverse>,
}

/// How the old column of a column changed online is computed from the new one, when the
/// new application writes it: `expr` over the row, with the new value under the old
/// column's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Reverse {
    /// The old column.
    pub column: String,
    /// `down` as written; none: a cast back to `old_type`.
    pub expr: Option<String>,
    pub old_type: String,
    /// The row's other columns, which `expr` may read too.
    pub row: Vec<String>,
    /// The name `expr` reads the new value under when it is not the old column's (a column
    /// renamed as it changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
}

impl Reverse {
    /// The name `down` reads the new value under.
    pub fn new_name(&self) -> &str {
        self.read_as.as_deref().unwrap_or(&self.column)
    }
}

/// A column changed online: the new version lives in `shadow` until contract, when it takes
/// the old column's place (whose values go to the archive).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versioned {
    pub table: QualName,
    pub column: String,
    pub shadow: String,
    /// The old column as it is.
    pub old: super::Column,
    /// The new version's default (on its view until contract, then on the column).
    pub default: Option<String>,
    /// The new version's identity, taken from the old column at contract (with its
    /// sequence's position), and its options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<super::Identity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_options: Option<String>,
    /// The table's primary key (the archive of the old values is keyed by it).
    pub key: Vec<String>,
    /// How the old value is computed from the new one.
    pub reverse: Reverse,
    /// The name the column takes at contract when the spec renames it as it changes it
    /// (`renamed_from` with `up`); the new version sees it under that name before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_to: Option<String>,
}

impl Versioned {
    /// The column's name once contracted (and in the new version's views before).
    pub fn name(&self) -> &str {
        self.renamed_to.as_deref().unwrap_or(&self.column)
    }
}

/// A unique constraint or primary key the table has on a column changed online, declared
/// again by the spec: until contract the old one holds on the old column for the old
/// application, and a unique index on the new column(s) ([`SwappedKey::index`]) for the new
/// one; at contract the old one goes with the old column and that index becomes the
/// constraint, under its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwappedKey {
    pub table: QualName,
    /// As the table has it.
    pub old: super::Constraint,
    /// As declared, on the new column(s).
    pub new: super::Constraint,
}

impl SwappedKey {
    /// The unique index built on the new column(s): `<name>_ps_new`.
    pub fn index(&self) -> QualName {
        QualName::new(self.table.schema.clone(), super::make_object_name(&self.new.name, None, "ps_new"))
    }

    /// The new column(s) it is on.
    pub fn columns(&self) -> &[String] {
        match &self.new.kind {
            super::ConstraintKind::Unique { columns } | super::ConstraintKind::PrimaryKey { columns } => columns,
            _ => &[],
        }
    }

    pub fn primary(&self) -> bool {
        matches!(self.new.kind, super::ConstraintKind::PrimaryKey { .. })
    }
}

/// A foreign key that points at a column changed online (of any table; the table's own
/// columns may change too): a twin of it on the new columns (`new`, named `<name>_ps_new`)
/// is added `NOT VALID` and validated once both tables are filled, and takes the key's
/// place and name at contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepointedKey {
    /// The table that has the key.
    pub table: QualName,
    /// As the table has it.
    pub old: super::Constraint,
    /// The twin, as declared (or as it was), on the new columns.
    pub new: super::Constraint,
}

/// The schema of views that shows a migration's new shape to the new application while the
/// old one keeps using the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Version {
    pub schema: String,
    /// The schema of views that shows the old version (each table as it is before the
    /// migration, without the columns it adds), for an application that picks its version
    /// by search_path too.
    #[serde(default)]
    pub old_schema: String,
    pub views: Vec<VersionView>,
    /// Columns renamed at contract (table, old name, new name): until then the old
    /// application keeps the old name, and the new one sees the new name in the views.
    #[serde(default)]
    pub renames: Vec<(QualName, String, String)>,
}

/// One table as the new version sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct VersionView {
    pub table: QualName,
    /// (name in the view, column of the table), in order.
    pub columns: Vec<(String, String)>,
    /// Defaults of the view's columns that differ from the table's: (name in the view, SQL).
    pub defaults: Vec<(String, String)>,
    /// Retired columns the new version does not see, each with what the old application
    /// reads in it for rows the new version writes: (column, SQL over the row).
    #[serde(default)]
    pub fills: Vec<(String, String)>,
    /// The table's columns as the old version sees them (in the old version's view).
    #[serde(default)]
    pub old_columns: Vec<String>,
    /// How the view stands in for columns changed online until they are filled (see
    /// [`Filling`]); none when the table has no such column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filling: Option<Filling>,
}

/// From sync to switch, the new version's view of a table with columns changed online reads
/// each such column as `up` computes it for rows not filled yet, and takes writes through
/// INSTEAD OF triggers (a view column that is an expression cannot be written otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Filling {
    /// Each changed column: its name in the view, `up` over the table's row, the new type.
    pub computed: Vec<(String, String, String)>,
    /// The primary key (names in the view) by which the triggers find the row they change.
    pub key: Vec<String>,
    /// Key columns changed online (names in the view), with the way back to the old column,
    /// by which the row is found: the new column is not filled in every row yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_reverse: Vec<(String, Reverse)>,
    /// The table's defaults of the view's other columns, copied to the view while the
    /// triggers stand (a trigger gets NULL for a column an insert leaves out, not the
    /// table's default): (name in the view, SQL).
    pub defaults: Vec<(String, String)>,
    /// The identity column (name in the view), left out of an insert that gives it no value.
    pub identity: Option<String>,
    /// The identity column is `GENERATED ALWAYS`: an update may not set it.
    pub identity_always: bool,
    /// Generated columns (names in the view): never written.
    pub generated: Vec<String>,
}

/// Rows copied from `source` into `target` in keyset batches (and kept in step by a sync
/// trigger until switch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Backfill {
    pub target: QualName,
    pub source: QualName,
    /// Source key columns (unique), with their types.
    pub key: Vec<(String, String)>,
    /// Target columns of its primary key or unique constraint: the upsert's conflict target.
    pub conflict: Vec<String>,
    pub mappings: Vec<Mapping>,
    pub filter: Option<String>,
    pub on_invalid: InvalidRows,
    /// No other backfill writes this target: its row count must equal the source's.
    pub sole_source: bool,
    /// The migration it belongs to (its quarantined rows and checkpoints carry it).
    #[serde(default)]
    pub migration: String,
}

impl Backfill {
    /// Filling columns of the same table's existing rows (UPDATE, not INSERT).
    pub fn in_place(&self) -> bool {
        self.source == self.target
    }

    /// A short stable id for names of triggers, functions and checkpoints.
    pub fn id(&self) -> String {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in format!("{}>{}", self.source, self.target).bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        format!("{:08x}", h as u32)
    }
}

/// A view with an old table's name and shape over the new tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Compat {
    pub view: QualName,
    /// The old table, moved to the archive schema at switch.
    pub replaces: QualName,
    pub query: String,
    /// The new tables whose direct writes are carried back to the old table (through the
    /// view) after the switch, each with how its columns give the old key.
    #[serde(default)]
    pub reverse: Vec<ReverseSync>,
    /// The migration it belongs to (writes after its contract are logged under it).
    #[serde(default)]
    pub migration: String,
}

/// A target table whose rows name the old key: (old key column, target column) pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ReverseSync {
    pub target: QualName,
    pub keys: Vec<(String, String)>,
}

impl Target {
    /// The declared tables as they stand once the migration is contracted: each column
    /// changed online under its own name again, with the new version's default.
    pub fn final_tables(&self) -> std::collections::BTreeMap<QualName, Table> {
        let mut tables = self.schema.tables.clone();
        // (Keys declared again are the table's again once the old ones are gone.)
        for u in &self.swapped_keys {
            if let Some(t) = tables.get_mut(&u.table) {
                t.constraints.push(u.new.clone());
            }
        }
        // (Foreign keys that follow new columns are under their names again, pointing at
        // the columns by theirs; those of tables the spec declares.)
        for k in &self.repointed_keys {
            if let Some(t) = tables.get_mut(&k.table) {
                let mut c = k.new.clone();
                c.name = k.old.name.clone();
                if let super::ConstraintKind::ForeignKey(fk) = &mut c.kind {
                    for r in &mut fk.ref_columns {
                        if let Some(v) = self.versioned.iter().find(|v| v.table == fk.ref_table && v.shadow == *r) {
                            *r = v.name().to_string();
                        }
                    }
                }
                t.constraints.push(c);
            }
        }
        for v in &self.versioned {
            let Some(t) = tables.get_mut(&v.table) else {
                continue;
            };
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == v.shadow) {
                c.name = v.name().to_string();
                c.default = v.default.clone();
            }
            for c in &mut t.constraints {
                let back = |cols: &mut Vec<String>| {
                    cols.iter_mut().filter(|x| **x == v.shadow).for_each(|x| *x = v.name().to_string())
                };
                match &mut c.kind {
                    super::ConstraintKind::Unique { columns } | super::ConstraintKind::PrimaryKey { columns } => {
                        back(columns)
                    }
                    super::ConstraintKind::ForeignKey(fk) => back(&mut fk.columns),
                    super::ConstraintKind::Check { expr } => {
                        if let Some(e) = phaseshift_pg::sqlparse::rename_column_refs(expr, &v.shadow, v.name()) {
                            *expr = e;
                        }
                    }
                    super::ConstraintKind::Raw { .. } => {}
                }
            }
        }
        tables
    }

    /// The schema after this target is applied to `before` (and contracted: columns
    /// changed online under their own names again).
    pub fn apply_to(&self, before: &Schema) -> Schema {
        let mut s = self.apply_before_contract(before);
        // A column changed online ends as its new version, in the old one's place.
        for v in &self.versioned {
            if let Some(t) = s.tables.get_mut(&v.table) {
                if let Some(at) = t.columns.iter().position(|c| c.name == v.shadow) {
                    let mut new = t.columns.remove(at);
                    new.name = v.name().to_string();
                    new.default = v.default.clone();
                    match t.columns.iter_mut().find(|c| c.name == v.column) {
                        Some(c) => *c = new,
                        None => t.columns.push(new),
                    }
                }
            }
        }
        s
    }

    /// The schema after this target is applied to `before`, with the new versions of columns
    /// changed online beside the old ones, as they are until contract.
    pub fn apply_before_contract(&self, before: &Schema) -> Schema {
        let mut s = before.clone();
        for (old, new) in &self.table_renames {
            if let Some(mut t) = s.tables.remove(old) {
                t.name = new.clone();
                for ix in s.indexes.values_mut().filter(|i| &i.table == old) {
                    ix.table = new.clone();
                }
                s.tables.insert(new.clone(), t);
            }
        }
        for (table, old, new) in &self.column_renames {
            if let Some(t) = s.tables.get_mut(table) {
                if let Some(c) = t.columns.iter_mut().find(|c| &c.name == old) {
                    c.name = new.clone();
                }
            }
        }
        for (table, old, new) in &self.constraint_renames {
            if let Some(c) = s.tables.get_mut(table).and_then(|t| t.constraints.iter_mut().find(|c| &c.name == old)) {
                c.name = new.clone();
            }
            // A key's index has the constraint's name, and takes the new one with it.
            if let Some(mut ix) = s.indexes.remove(&QualName::new(table.schema.clone(), old.clone())) {
                ix.name = QualName::new(table.schema.clone(), new.clone());
                s.indexes.insert(ix.name.clone(), ix);
            }
        }
        for q in self.schema.tables.keys().chain(self.schema.views.keys()) {
            s.schemas.insert(q.schema.clone());
        }
        for (q, want) in &self.schema.tables {
            let t = s.tables.entry(q.clone()).or_insert_with(|| Table::new(q.clone()));
            merge_table(t, want);
        }
        for (q, ix) in &self.schema.indexes {
            s.indexes.insert(q.clone(), ix.clone());
        }
        for (q, v) in &self.schema.views {
            s.views.insert(q.clone(), v.clone());
        }
        for r in &self.retire {
            match r {
                Retire::Table { table } => {
                    s.tables.remove(table);
                    s.indexes.retain(|_, i| &i.table != table);
                }
                Retire::View { view } => {
                    s.views.remove(view);
                }
                Retire::Column { table, column } => {
                    if let Some(t) = s.tables.get_mut(table) {
                        t.columns.retain(|c| &c.name != column);
                    }
                }
                Retire::Index { index } => {
                    s.indexes.remove(index);
                }
                Retire::Constraint { table, constraint } => {
                    if let Some(t) = s.tables.get_mut(table) {
                        t.constraints.retain(|c| &c.name != constraint);
                    }
                }
            }
        }
        s
    }
}

fn merge_table(t: &mut Table, want: &Table) {
    for c in &want.columns {
        match t.columns.iter_mut().find(|x| x.name == c.name) {
            Some(x) => *x = c.clone(),
            None => t.columns.push(c.clone()),
        }
    }
    for c in &want.constraints {
        match t.constraints.iter_mut().find(|x| x.name == c.name) {
            Some(x) => *x = c.clone(),
            None => t.constraints.push(c.clone()),
        }
    }
    if want.comment.is_some() {
        t.comment = want.comment.clone();
    }
    // What else a spec declares of a table (it lowers unsaid settings as they are).
    if want.partition_by.is_some() {
        t.partition_by = want.partition_by.clone();
    }
    if want.partition_of.is_some() {
        t.partition_of = want.partition_of.clone();
    }
    (t.row_security, t.force_row_security) = (want.row_security, want.force_row_security);
    if !want.options.is_empty() {
        t.options = want.options.clone();
    }
    if want.replica_identity.is_some() {
        t.replica_identity = want.replica_identity.clone();
    }
    if want.cluster_on.is_some() {
        t.cluster_on = want.cluster_on.clone();
    }
}
