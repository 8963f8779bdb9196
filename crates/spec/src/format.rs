//! The spec format, version 1: what users write. Deserialized with yaml_serde; the JSON
//! Schema printed by `phaseshift schema` is derived from these types.

use crate::model::{FkAction, Identity};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One migration: the target state of the objects it names.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct SpecFile {
    /// Spec format version; only 1 exists.
    pub version: u32,
    /// Migration id; defaults to the file stem.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Default schema for unqualified names.
    #[serde(default = "default_schema")]
    pub schema: String,
    /// Tables by name (`name` or `schema.name`), in the order they are written.
    #[serde(default)]
    pub tables: IndexMap<String, TableSpec>,
    /// Views by name.
    #[serde(default)]
    pub views: IndexMap<String, ViewSpec>,
    /// Enum and composite types by name (`name` or `schema.name`).
    #[serde(default)]
    pub types: IndexMap<String, TypeSpec>,
    /// Objects removed in the contract phase.
    #[serde(default)]
    pub retire: Vec<RetireSpec>,
    /// Data to copy from the old shape into the new one (kept in sync until switch).
    #[serde(default)]
    pub backfill: Vec<BackfillSpec>,
    /// Views that keep the old names and shapes working over the new tables.
    #[serde(default)]
    pub compat: Vec<CompatSpec>,
    /// Fixed rows a new table needs (a default organization...), inserted in the expand phase.
    #[serde(default)]
    pub seed: Vec<SeedSpec>,
    /// SQL of your own, run in a phase, with the SQL that undoes it.
    #[serde(default)]
    pub sql: Vec<SqlSpec>,
    /// Privileges on views, sequences, schemas, columns, functions and procedures (a table's
    /// go under the table), and privileges taken away (`revoke: true`).
    #[serde(default)]
    pub grants: Vec<GrantSpec>,
    /// Privileges on objects a role creates from now on.
    #[serde(default)]
    pub default_privileges: Vec<DefaultPrivilegeSpec>,
}

/// `GRANT privileges ON <on> name TO role`, or with `revoke: true`, `REVOKE privileges ON
/// <on> name FROM role`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct GrantSpec {
    pub on: GrantTarget,
    /// The object (`schema.name`, or `name` in the spec's schema; `table.column` for a column;
    /// a function or procedure with its argument types, `app.add_item(bigint, text)`).
    pub name: String,
    /// A role, or `public`.
    pub to: String,
    /// `select`, `insert`, `update`, `delete`, `truncate`, `references`, `trigger` (tables,
    /// views, columns), `usage`, `select`, `update` (sequences), `usage`, `create` (schemas),
    /// `execute` (functions and procedures).
    pub privileges: Vec<String>,
    /// Take the privileges away instead: from a role, or from `public` (PostgreSQL lets
    /// everyone execute a new function until its EXECUTE is revoked from `public`).
    #[serde(default)]
    pub revoke: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantTarget {
    Table,
    View,
    Sequence,
    Schema,
    Column,
    Function,
    Procedure,
}

/// `ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT privileges ON objects TO to`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct DefaultPrivilegeSpec {
    /// The role whose new objects get the privileges.
    pub for_role: String,
    /// Only objects created in this schema (default: anywhere).
    #[serde(default)]
    pub schema: Option<String>,
    pub on: DefaultObjects,
    pub to: String,
    pub privileges: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DefaultObjects {
    Tables,
    Sequences,
    Functions,
    Types,
    Schemas,
}

/// A type: exactly one of `enum` (its labels, in order) and `attributes` (a composite
/// type's, in order). New enum labels are added in place at their position; a label that
/// goes, or a changed attribute, makes the type be created again.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct TypeSpec {
    #[serde(default, rename = "enum")]
    pub labels: Option<Vec<String>>,
    /// Attribute name -> SQL type.
    #[serde(default)]
    pub attributes: Option<IndexMap<String, String>>,
    /// `null` or `""` removes the comment; left out, the comment is left as it is.
    #[serde(default, deserialize_with = "null_is_empty")]
    pub comment: Option<String>,
}

/// Statements run as one step of the migration (in one transaction), and those that undo it
/// on rollback.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct SqlSpec {
    /// The statements.
    pub up: String,
    /// What undoes them; required but at contract.
    #[serde(default)]
    pub down: Option<String>,
    /// The phase they run in: `expand` (default: after the objects the spec declares),
    /// `switch`, or `contract` (after everything else, once the old application is gone).
    #[serde(default)]
    pub at: SqlPhase,
    /// What the step does, as the plan shows it.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SqlPhase {
    #[default]
    Expand,
    Switch,
    Contract,
}

/// Rows inserted (if absent) when the table is created, removed by the rollback.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct SeedSpec {
    pub into: String,
    /// Each row: column -> SQL expression (`"'Default'"`, `"'0000...'::uuid"`).
    pub rows: Vec<IndexMap<String, String>>,
}

/// One or more column names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Columns {
    One(String),
    Many(Vec<String>),
}

impl Columns {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Columns::One(c) => vec![c.clone()],
            Columns::Many(v) => v.clone(),
        }
    }
}

/// Copies rows of a source table into a target table, mapping columns with SQL
/// expressions over the source row, in keyset batches.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct BackfillSpec {
    /// Target table (created in this spec or existing). It needs a primary key or unique
    /// constraint on the mapped columns, so that batches are idempotent upserts.
    pub into: String,
    /// Source table. The target itself to fill a new column of existing rows.
    pub from: String,
    /// Source columns that order and page the batches (a unique key); one or a list.
    pub key: Columns,
    /// Target column -> SQL expression over the source row's columns.
    pub columns: IndexMap<String, String>,
    /// Only the source rows matching this SQL condition.
    #[serde(default, rename = "where")]
    pub filter: Option<String>,
    /// Cleanups applied to each mapped value before it is checked and cast.
    #[serde(default)]
    pub sanitize: Vec<Sanitize>,
    /// Target column -> rule its (uncast) value must satisfy.
    #[serde(default)]
    pub validate: IndexMap<String, Rule>,
    /// What happens to rows that break a rule or the target's constraints.
    #[serde(default)]
    pub on_invalid: OnInvalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sanitize {
    /// Remove leading and trailing white space.
    Trim,
    /// Remove escaped NUL characters (`\u0000`) that text values cannot hold.
    StripNul,
    /// Lower-case the value.
    Lower,
    /// Turn empty strings into NULL.
    EmptyToNull,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Rule {
    Named(NamedRule),
    /// The value matches this regular expression.
    Matches {
        matches: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NamedRule {
    Required,
    Uuid,
    Email,
    Slug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnInvalid {
    /// Stop the backfill at the first invalid row, naming it.
    #[default]
    Fail,
    /// Leave invalid rows out (counted and reported).
    Skip,
    /// Leave them out and record each in phaseshift.quarantine with the reason.
    Quarantine,
}

/// A view that takes an old table's name (and shape) over the new tables. Writes through
/// it reach the old table, now in the archive, whose sync trigger keeps the new tables
/// current, so the old table stays complete and a rollback loses nothing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct CompatSpec {
    /// The view's name: the old table's name.
    pub view: String,
    /// The old table the view stands in for (default: the view's name). It moves to
    /// `phaseshift_archive` in the switch phase.
    #[serde(default)]
    pub replaces: Option<String>,
    /// SELECT presenting the old columns over the new tables.
    pub query: String,
}

fn default_schema() -> String {
    "public".to_string()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct TableSpec {
    /// The table's previous name; the table is renamed (data kept) in the switch phase.
    #[serde(default)]
    pub renamed_from: Option<String>,
    /// `null` or `""` removes the comment; left out, the comment is left as it is.
    #[serde(default, deserialize_with = "null_is_empty")]
    pub comment: Option<String>,
    /// Columns in order. Columns of an existing table that are not named are left alone.
    #[serde(default)]
    pub columns: IndexMap<String, ColumnSpec>,
    /// Composite primary key (use `primary_key: true` on a column for a single one).
    #[serde(default)]
    pub primary_key: Option<Vec<String>>,
    /// Table-level constraints.
    #[serde(default)]
    pub constraints: Vec<ConstraintSpec>,
    #[serde(default)]
    pub indexes: Vec<IndexSpec>,
    /// Storage parameters (`fillfactor: 70`, `autovacuum_vacuum_scale_factor: 0.01`); left
    /// out, they stay as they are.
    #[serde(default, rename = "with")]
    pub storage: IndexMap<String, Scalar>,
    /// What row changes carry to logical replication: `full`, `nothing`, or `{ index: NAME }`
    /// (a unique index's columns); left out, it stays as it is.
    #[serde(default)]
    pub replica_identity: Option<ReplicaIdentitySpec>,
    /// The index `CLUSTER` orders the table by (`ALTER TABLE ... CLUSTER ON`): the name of
    /// one of its indexes or keys; left out, it stays as it is.
    #[serde(default)]
    pub cluster_on: Option<String>,
    /// Partitioned: the key as PostgreSQL writes it after PARTITION BY: `range (created_at)`,
    /// `list (region)`, `hash (id)`. Indexes, constraints and policies declared on the table
    /// hold for its partitions.
    #[serde(default)]
    pub partition_by: Option<String>,
    /// Partitions by name -> their bound as it follows FOR VALUES (`FROM ('2026-01-01') TO
    /// ('2026-02-01')`, `IN ('eu', 'us')`, `WITH (MODULUS 4, REMAINDER 0)`), or `default`.
    #[serde(default)]
    pub partitions: IndexMap<String, String>,
    /// Range partitions made from an interval (named `<table>_<first day>`), from `start` to
    /// `ahead` intervals past today; `phaseshift partitions` makes the upcoming ones as time
    /// goes by.
    #[serde(default)]
    pub partition_every: Option<PartitionEvery>,
    /// Row-level security: `on`, `force` (the table's owner too), or `off`; left out, as it is.
    #[serde(default)]
    pub row_security: Option<RowSecuritySpec>,
    /// Row-level security policies by name. Policies of the table the spec does not name
    /// are left alone.
    #[serde(default)]
    pub policies: IndexMap<String, PolicySpec>,
    /// Privileges to grant: role (or `public`) -> `[select, insert, update, delete, truncate,
    /// references, trigger]` or `[all]`. Privileges the spec does not name are left alone.
    #[serde(default)]
    pub grants: IndexMap<String, Vec<Privilege>>,
}

/// Range partitions every day, week, month or year.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct PartitionEvery {
    pub interval: Interval,
    /// The first partition's first day (`2026-01-01`).
    pub start: String,
    /// How many intervals past the current one exist ahead of time (default 3).
    #[serde(default = "three")]
    pub ahead: u32,
    /// A default partition for rows outside every range (`<table>_default`).
    #[serde(default)]
    pub default: bool,
    /// Partitions whose range ended more than this many intervals ago are detached by
    /// `phaseshift partitions`, then dropped or archived (`retired`); left out, they stay.
    #[serde(default)]
    pub retain: Option<u32>,
    /// What happens to a partition past retention once detached: `drop` (the default; its
    /// rows go with it) or `archive` (moved to `phaseshift_archive`, rows kept until purged).
    #[serde(default)]
    pub retired: Retired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Retired {
    #[default]
    Drop,
    Archive,
}

fn three() -> u32 {
    3
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowSecuritySpec {
    On,
    Force,
    Off,
}

/// A row-level security policy.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct PolicySpec {
    /// The statements it applies to (default `all`).
    #[serde(default)]
    pub command: PolicyCommand,
    /// The roles it applies to (default: everyone).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Which existing rows are visible (SQL boolean expression).
    #[serde(default)]
    pub using: Option<String>,
    /// Which new rows may be written (SQL boolean expression).
    #[serde(default)]
    pub check: Option<String>,
    /// Restrictive: must pass as well as some permissive policy (default: permissive).
    #[serde(default)]
    pub restrictive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    #[default]
    All,
    Select,
    Insert,
    Update,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    All,
    Select,
    Insert,
    Update,
    Delete,
    Truncate,
    References,
    Trigger,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentitySpec {
    Full,
    Nothing,
    Index(String),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct ColumnSpec {
    /// SQL type (`text`, `varchar(20)`, `numeric(10,2)`, `uuid[]`, an enum's name...).
    #[serde(rename = "type")]
    pub data_type: String,
    #[serde(default)]
    pub not_null: bool,
    /// SQL expression; write text literals quoted: `"'draft'"`.
    #[serde(default)]
    pub default: Option<Scalar>,
    #[serde(default)]
    pub primary_key: bool,
    #[serde(default)]
    pub unique: bool,
    /// SQL boolean expression.
    #[serde(default)]
    pub check: Option<String>,
    /// The referenced table (`accounts`, `app.accounts`), with its column (`accounts(id)`),
    /// or in full (`{ table: accounts, on_delete: cascade }`).
    #[serde(default, deserialize_with = "reference")]
    #[schemars(with = "Option<ReferenceForm>")]
    pub references: Option<ReferenceSpec>,
    #[serde(default)]
    pub identity: Option<Identity>,
    /// Expression of a stored generated column.
    #[serde(default)]
    pub generated: Option<String>,
    #[serde(default)]
    pub collation: Option<String>,
    /// `null` or `""` removes the comment; left out, the comment is left as it is.
    #[serde(default, deserialize_with = "null_is_empty")]
    pub comment: Option<String>,
    /// The column's previous name. Renamed at contract (the old application keeps the old
    /// name until then; the new one sees the new name in the migration's schema of views),
    /// or at switch with its table when the table is renamed too.
    #[serde(default)]
    pub renamed_from: Option<String>,
    /// When the type changes: how to compute the new value from the old (`USING`), default
    /// a cast.
    #[serde(default)]
    pub using: Option<String>,
    /// When the type changes: how the rollback computes the old value from the new. With
    /// `up`: how the old column's value is computed from the new one's (written by the new
    /// application) while both versions run; default a cast back to the old type.
    #[serde(default)]
    pub down: Option<String>,
    /// Changes an existing column online, for two application versions at once: the new
    /// type, NOT NULL and default go to a new column computed from the old one with this
    /// expression (in the column's old name: `lower(email)`, `coalesce(status, 'draft')`),
    /// kept in step both ways until contract, when it takes the old column's place. The new
    /// application sees it under the column's name through the migration's schema of views
    /// (`phaseshift search-path`).
    #[serde(default)]
    pub up: Option<String>,
}

/// A YAML scalar used as SQL: strings are expressions, numbers and booleans literals.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    pub fn to_sql(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct ReferenceSpec {
    /// Referenced table (`name` or `schema.name`).
    pub table: String,
    /// Referenced column; defaults to the referenced table's primary key.
    #[serde(default)]
    pub column: Option<String>,
    /// Referenced columns, for a composite key.
    #[serde(default)]
    pub columns: Option<Vec<String>>,
    #[serde(default)]
    pub on_delete: Option<FkAction>,
    #[serde(default)]
    pub on_update: Option<FkAction>,
    #[serde(default)]
    pub deferrable: bool,
    #[serde(default)]
    pub initially_deferred: bool,
}

/// One table-level constraint: exactly one of `check`, `unique`, `primary_key`, `foreign_key`,
/// `exclude`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct ConstraintSpec {
    /// Constraint name; PostgreSQL's default naming is used when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The constraint's previous name (with `name`): renamed in place, nothing checked again.
    #[serde(default)]
    pub renamed_from: Option<String>,
    #[serde(default)]
    pub check: Option<String>,
    #[serde(default)]
    pub unique: Option<Vec<String>>,
    #[serde(default)]
    pub primary_key: Option<Vec<String>>,
    /// Referencing columns; goes with `references`.
    #[serde(default)]
    pub foreign_key: Option<Vec<String>>,
    /// An exclusion constraint, as it follows `EXCLUDE`: `USING gist (room WITH =, during
    /// WITH &&)`; needs a `name`.
    #[serde(default)]
    pub exclude: Option<String>,
    /// With `unique` or `primary_key`: non-key columns stored in its index.
    #[serde(default)]
    pub include: Vec<String>,
    /// With `foreign_key`: the referenced table, as a column's `references` takes it.
    #[serde(default, deserialize_with = "reference")]
    #[schemars(with = "Option<ReferenceForm>")]
    pub references: Option<ReferenceSpec>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct IndexSpec {
    /// Index name; PostgreSQL's default naming is used when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// Key parts: column names, or expressions such as `lower(email)` or `created_at DESC`.
    pub columns: Vec<String>,
    #[serde(default)]
    pub unique: bool,
    /// Access method: btree (default), hash, gin, gist, brin, spgist.
    #[serde(default)]
    pub method: Option<String>,
    /// Partial index predicate.
    #[serde(default, rename = "where")]
    pub predicate: Option<String>,
    /// Non-key columns stored in the index.
    #[serde(default)]
    pub include: Vec<String>,
    /// Storage parameters (`fillfactor: 70`).
    #[serde(default, rename = "with")]
    pub storage: IndexMap<String, Scalar>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct ViewSpec {
    /// The view's SELECT.
    pub query: String,
    /// `null` or `""` removes the comment; left out, the comment is left as it is.
    #[serde(default, deserialize_with = "null_is_empty")]
    pub comment: Option<String>,
}

/// Something to remove in the contract phase: exactly one of table, view, column (with
/// table), index, constraint (with table).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
pub struct RetireSpec {
    #[serde(default)]
    pub table: Option<String>,
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub view: Option<String>,
    #[serde(default)]
    pub index: Option<String>,
    #[serde(default)]
    pub constraint: Option<String>,
    /// With `column`: what the old application reads in the column for rows the new one
    /// writes until contract (an SQL expression over the row), since the new one no longer
    /// sees the column.
    #[serde(default)]
    pub down: Option<String>,
}

/// A key given as `null` is read as `""` (absent stays `None`): for comments, both say
/// "no comment", where leaving the key out says nothing.
/// What `references` may be written as (for the JSON Schema).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ReferenceForm {
    /// `accounts`, `app.accounts`, `accounts(id)`, `accounts(tenant, id)`.
    Short(String),
    Full(ReferenceSpec),
}

impl ReferenceSpec {
    /// `table`, `schema.table`, `table(column)` or `table(column, column)`.
    fn short(text: &str) -> Option<ReferenceSpec> {
        let text = text.trim();
        let (table, columns) = match text.split_once('(') {
            Some((t, rest)) => {
                let list: Vec<String> = rest.strip_suffix(')')?.split(',').map(|c| c.trim().to_string()).collect();
                if list.iter().any(String::is_empty) {
                    return None;
                }
                (t.trim(), list)
            }
            None => (text, Vec::new()),
        };
        if table.is_empty() {
            return None;
        }
        let (column, columns) = match columns.len() {
            0 => (None, None),
            1 => (columns.into_iter().next(), None),
            _ => (None, Some(columns)),
        };
        Some(ReferenceSpec { table: table.to_string(), column, columns, ..ReferenceSpec::default() })
    }
}

/// `references`, short or in full.
fn reference<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ReferenceSpec>, D::Error> {
    struct Form;
    impl<'de> serde::de::Visitor<'de> for Form {
        type Value = Option<ReferenceSpec>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(
                "a table (`accounts`), a table and its column (`accounts(id)`), or `{ table: ..., column: ... }`",
            )
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            ReferenceSpec::short(v)
                .map(Some)
                .ok_or_else(|| E::custom(format!("`{v}` is not a table, `table(column)` or `table(column, column)`")))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            ReferenceSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Form)
}

fn null_is_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<String> = Option::deserialize(d)?;
    Ok(Some(v.unwrap_or_default()))
}
