//! The one normalized schema model that specs, live databases and SQL files lower into.
//!
//! Everything in here is plain data: no I/O, no SQL text generation. Names are stored
//! unquoted (exactly as PostgreSQL stores them in the catalog); expressions are stored in
//! the canonical form PostgreSQL prints (`pg_get_expr`, `pg_get_viewdef`, `format_type`)
//! whenever they come from, or were canonicalized by, a server.

mod name;
pub use name::{
    default_constraint_name, default_index_name, make_object_name, numbered_index_name, QualName, MAX_IDENT_BYTES,
};
mod objects;
pub use objects::*;
mod types;
pub use types::likely_type_typo;
pub use types::{normalize_type, serial_base, volatile_default};
mod target;
pub use target::{
    Backfill, Compat, Filling, InvalidRows, Mapping, RawPhase, RawSql, RepointedKey, Retire, Reverse, ReverseSync,
    RuleKind, Seed, SwappedKey, Target, Version, VersionView, Versioned,
};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema phaseshift keeps its own state in.
pub const STATE_SCHEMA: &str = "phaseshift";
/// The schema retired and replaced tables move to until they are purged.
pub const ARCHIVE_SCHEMA: &str = "phaseshift_archive";

/// Maps keyed by qualified names, serialized as lists of `[key, value]` pairs (JSON keys
/// are strings only): how a schema is written as a catalog snapshot.
mod entries {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(m: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.iter())
    }

    pub fn deserialize<'de, K, V, D>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}

/// A whole schema (or the part of one a spec names).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Schemas (namespaces) that exist, other than system ones.
    pub schemas: std::collections::BTreeSet<String>,
    #[serde(with = "entries")]
    pub tables: BTreeMap<QualName, Table>,
    #[serde(with = "entries")]
    pub views: BTreeMap<QualName, View>,
    /// Indexes keyed by their qualified name (schema of the table, index name).
    #[serde(with = "entries")]
    pub indexes: BTreeMap<QualName, Index>,
    pub extensions: BTreeMap<String, Extension>,
    #[serde(with = "entries")]
    pub enums: BTreeMap<QualName, EnumType>,
    #[serde(with = "entries")]
    pub domains: BTreeMap<QualName, Domain>,
    #[serde(with = "entries")]
    pub composites: BTreeMap<QualName, CompositeType>,
    /// (Left out when empty, so that a schema written before these were read serializes
    /// the same.)
    #[serde(with = "entries", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: BTreeMap<QualName, RangeType>,
    /// Extended statistics objects.
    #[serde(with = "entries", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub statistics: BTreeMap<QualName, StatisticsObject>,
    #[serde(with = "entries")]
    pub collations: BTreeMap<QualName, Collation>,
    #[serde(with = "entries")]
    pub sequences: BTreeMap<QualName, Sequence>,
    /// Keyed by signature: `schema.name(identity args)`.
    pub functions: BTreeMap<String, Function>,
    /// Keyed by signature, like functions.
    #[serde(default)]
    pub aggregates: BTreeMap<String, Aggregate>,
    /// Keyed by table and name.
    #[serde(with = "entries")]
    pub triggers: BTreeMap<(QualName, String), Trigger>,
    /// Event triggers, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub event_triggers: BTreeMap<String, EventTrigger>,
    /// Publications, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub publications: BTreeMap<String, Publication>,
    /// Objects of kinds phaseshift does not migrate, keyed by kind, schema and name.
    #[serde(with = "entries", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unmanaged: BTreeMap<(String, Option<String>, String), Unmanaged>,
    /// Rewrite rules, keyed by table and name.
    #[serde(with = "entries", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<(QualName, String), Rule>,
    /// Keyed by table and name.
    #[serde(with = "entries")]
    pub policies: BTreeMap<(QualName, String), Policy>,
    pub grants: std::collections::BTreeSet<Grant>,
    /// Privileges owners revoked from themselves.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub owner_revoked: std::collections::BTreeSet<OwnerRevoked>,
    pub default_grants: std::collections::BTreeSet<DefaultGrant>,
    pub schema_comments: BTreeMap<String, String>,
    /// What each view and materialized view depends on.
    #[serde(with = "entries")]
    pub view_deps: BTreeMap<QualName, std::collections::BTreeSet<ObjRef>>,
}

/// The entries of `x` that `y` does not have as they are, and the other way round.
fn differing_entries<K: Ord + Clone, V: PartialEq + Clone>(
    x: &BTreeMap<K, V>,
    y: &BTreeMap<K, V>,
) -> (BTreeMap<K, V>, BTreeMap<K, V>) {
    let own = |m: &BTreeMap<K, V>, o: &BTreeMap<K, V>| -> BTreeMap<K, V> {
        m.iter().filter(|(k, v)| o.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    (own(x, y), own(y, x))
}

fn differing_items<T: Ord + Clone>(
    x: &std::collections::BTreeSet<T>,
    y: &std::collections::BTreeSet<T>,
) -> (std::collections::BTreeSet<T>, std::collections::BTreeSet<T>) {
    (x.difference(y).cloned().collect(), y.difference(x).cloned().collect())
}

impl Schema {
    /// The objects of `self` and `other` that are not the same on both sides, each side's
    /// own (what a text diff of two schemas has to show; the rest reads the same on both).
    /// What views read is kept whole. The fields are named whole, so that a kind added to
    /// the model is a compile error here until it is taken.
    pub fn differing(&self, other: &Schema) -> (Schema, Schema) {
        let Schema {
            schemas,
            tables,
            views,
            indexes,
            extensions,
            enums,
            domains,
            composites,
            ranges,
            statistics,
            collations,
            sequences,
            functions,
            aggregates,
            triggers,
            event_triggers,
            publications,
            unmanaged,
            rules,
            policies,
            grants,
            owner_revoked,
            default_grants,
            schema_comments,
            view_deps,
        } = self;
        let (mut a, mut b) = (Schema::default(), Schema::default());
        (a.schemas, b.schemas) = differing_items(schemas, &other.schemas);
        (a.tables, b.tables) = differing_entries(tables, &other.tables);
        (a.views, b.views) = differing_entries(views, &other.views);
        (a.indexes, b.indexes) = differing_entries(indexes, &other.indexes);
        (a.extensions, b.extensions) = differing_entries(extensions, &other.extensions);
        (a.enums, b.enums) = differing_entries(enums, &other.enums);
        (a.domains, b.domains) = differing_entries(domains, &other.domains);
        (a.composites, b.composites) = differing_entries(composites, &other.composites);
        (a.ranges, b.ranges) = differing_entries(ranges, &other.ranges);
        (a.statistics, b.statistics) = differing_entries(statistics, &other.statistics);
        (a.collations, b.collations) = differing_entries(collations, &other.collations);
        (a.sequences, b.sequences) = differing_entries(sequences, &other.sequences);
        (a.functions, b.functions) = differing_entries(functions, &other.functions);
        (a.aggregates, b.aggregates) = differing_entries(aggregates, &other.aggregates);
        (a.triggers, b.triggers) = differing_entries(triggers, &other.triggers);
        (a.event_triggers, b.event_triggers) = differing_entries(event_triggers, &other.event_triggers);
        (a.publications, b.publications) = differing_entries(publications, &other.publications);
        (a.unmanaged, b.unmanaged) = differing_entries(unmanaged, &other.unmanaged);
        (a.rules, b.rules) = differing_entries(rules, &other.rules);
        (a.policies, b.policies) = differing_entries(policies, &other.policies);
        (a.grants, b.grants) = differing_items(grants, &other.grants);
        (a.owner_revoked, b.owner_revoked) = differing_items(owner_revoked, &other.owner_revoked);
        (a.default_grants, b.default_grants) = differing_items(default_grants, &other.default_grants);
        (a.schema_comments, b.schema_comments) = differing_entries(schema_comments, &other.schema_comments);
        (a.view_deps, b.view_deps) = (view_deps.clone(), other.view_deps.clone());
        (a, b)
    }

    /// What a freshly created database has: an empty `public` schema.
    pub fn empty_database() -> Schema {
        Schema { schemas: ["public".to_string()].into_iter().collect(), ..Schema::default() }
    }

    pub fn table(&self, name: &QualName) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Indexes defined on one table, in name order.
    pub fn indexes_on<'a>(&'a self, table: &'a QualName) -> impl Iterator<Item = &'a Index> + 'a {
        self.indexes.values().filter(move |i| &i.table == table)
    }

    /// Does any relation (table or view) have this name?
    pub fn has_relation(&self, name: &QualName) -> bool {
        self.tables.contains_key(name) || self.views.contains_key(name)
    }

    /// Is this a type of the schema's own (enum, domain, composite or range type)?
    pub fn has_type(&self, name: &QualName) -> bool {
        self.enums.contains_key(name)
            || self.domains.contains_key(name)
            || self.composites.contains_key(name)
            || self.ranges.contains_key(name)
    }

    /// Is this a partitioned table?
    pub fn is_partitioned(&self, name: &QualName) -> bool {
        self.tables.get(name).is_some_and(|t| t.partition_by.is_some())
    }

    /// The tables `name` is a partition of, nearest first (sub-partitions have several).
    pub fn partition_ancestors(&self, name: &QualName) -> Vec<QualName> {
        let mut out = Vec::new();
        let mut at = name;
        while let Some((parent, _)) = self.tables.get(at).and_then(|t| t.partition_of.as_ref()) {
            out.push(parent.clone());
            at = parent;
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QualName,
    /// Columns in their physical order; order is not significant for equality of schemas.
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub comment: Option<String>,
    pub unlogged: bool,
    /// `PARTITION BY ...` of a partitioned table (pg_get_partkeydef).
    pub partition_by: Option<String>,
    /// The parent and bound (`FOR VALUES ...`) of a partition.
    pub partition_of: Option<(QualName, String)>,
    /// Parents of an inheritance child (not partitions).
    pub inherits: Vec<QualName>,
    pub row_security: bool,
    pub force_row_security: bool,
    /// Storage parameters (`fillfactor=80`), as the catalog keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// `REPLICA IDENTITY`, when not the default (the primary key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replica_identity: Option<ReplicaIdentity>,
    /// The index `CLUSTER` orders the table by (`ALTER TABLE ... CLUSTER ON`), by its name
    /// in the table's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_on: Option<String>,
    /// The composite type a typed table takes its columns from (`CREATE TABLE ... OF type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_type: Option<QualName>,
}

/// What a table's row changes carry to logical replication besides the new row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaIdentity {
    /// The whole old row.
    Full,
    /// Nothing.
    Nothing,
    /// The columns of this unique index (its name, in the table's schema).
    Index(String),
}

impl Table {
    pub fn new(name: QualName) -> Self {
        Table {
            name,
            columns: Vec::new(),
            constraints: Vec::new(),
            comment: None,
            unlogged: false,
            partition_by: None,
            partition_of: None,
            inherits: Vec::new(),
            row_security: false,
            force_row_security: false,
            options: Vec::new(),
            replica_identity: None,
            cluster_on: None,
            of_type: None,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The tables it takes columns from: the one it is a partition of, or its inheritance
    /// parents.
    pub fn parents(&self) -> impl Iterator<Item = &QualName> {
        self.partition_of.iter().map(|(p, _)| p).chain(&self.inherits)
    }

    pub fn constraint(&self, name: &str) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.iter().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// Canonical type as `format_type` prints it (`character varying(20)`, `integer[]`).
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// Sequence options of an identity column that differ from the defaults
    /// (`START WITH 100 CACHE 10`).
    #[serde(default)]
    pub identity_options: Option<String>,
    /// Expression of a `GENERATED ALWAYS AS (...) STORED` column.
    pub generated: Option<String>,
    /// Collation when it differs from the type's default.
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// Inherited from a parent (inheritance or partitioning), not declared on this table.
    #[serde(default)]
    pub inherited: bool,
    /// `SET STORAGE` when not the type's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
    /// `SET STATISTICS n` when not the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistics: Option<i32>,
    /// `SET COMPRESSION` (`pglz`, `lz4`) when set; none is the server's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
    /// Attribute options (`n_distinct=100`), as the catalog keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// How a column's values are stored (`ALTER TABLE ... ALTER COLUMN ... SET STORAGE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    Plain,
    External,
    Extended,
    Main,
}

impl Storage {
    /// From `pg_attribute.attstorage`.
    pub fn from_catalog(letter: &str) -> Option<Storage> {
        Some(match letter {
            "p" => Storage::Plain,
            "e" => Storage::External,
            "x" => Storage::Extended,
            "m" => Storage::Main,
            _ => return None,
        })
    }

    /// As SET STORAGE takes it.
    pub fn keyword(self) -> &'static str {
        match self {
            Storage::Plain => "PLAIN",
            Storage::External => "EXTERNAL",
            Storage::Extended => "EXTENDED",
            Storage::Main => "MAIN",
        }
    }
}

impl Column {
    /// The sequence the column's default draws from (`nextval('name'::regclass)`), named
    /// as the default writes it (`schema` for an unqualified name).
    pub fn nextval_sequence(&self, schema: &str) -> Option<QualName> {
        let rest = self.default.as_deref()?.strip_prefix("nextval('")?;
        let name = rest.split("'::regclass").next()?;
        Some(QualName::parse(&name.replace("''", "'"), schema))
    }

    pub fn new(name: impl Into<String>, data_type: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            data_type: data_type.into(),
            not_null: false,
            default: None,
            identity: None,
            identity_options: None,
            generated: None,
            collation: None,
            comment: None,
            inherited: false,
            storage: None,
            statistics: None,
            compression: None,
            options: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    /// False for a constraint added `NOT VALID` and not validated yet.
    pub validated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
    },
    Check {
        expr: String,
    },
    ForeignKey(ForeignKey),
    /// Exclusion constraints and deferrable keys, kept whole as pg_get_constraintdef
    /// prints them (`EXCLUDE USING gist (c WITH &&)`, `UNIQUE (a) DEFERRABLE`).
    Raw {
        definition: String,
        /// The key's columns, for a primary key or unique constraint kept whole (what
        /// foreign keys reference).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        columns: Vec<String>,
    },
}

impl ConstraintKind {
    /// The columns a foreign key may reference through this constraint: a primary key's or
    /// unique constraint's, structured or kept whole.
    pub fn key_columns(&self) -> Option<&[String]> {
        match self {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => Some(columns),
            ConstraintKind::Raw { columns, .. } if !columns.is_empty() => Some(columns),
            _ => None,
        }
    }

    /// Short label used in messages and default names.
    pub fn label(&self) -> &'static str {
        match self {
            ConstraintKind::PrimaryKey { .. } => "primary key",
            ConstraintKind::Unique { .. } => "unique",
            ConstraintKind::Check { .. } => "check",
            ConstraintKind::ForeignKey(_) => "foreign key",
            ConstraintKind::Raw { .. } => "constraint",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub ref_table: QualName,
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// `MATCH FULL`: all referencing columns NULL, or none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub match_full: bool,
    /// The columns `ON DELETE SET NULL (...)` or `SET DEFAULT (...)` sets, when not all
    /// of them (PostgreSQL 15).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_delete_columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }

    /// From `pg_constraint.confdeltype` / `confupdtype`.
    pub fn from_catalog(c: &str) -> FkAction {
        match c {
            "r" => FkAction::Restrict,
            "c" => FkAction::Cascade,
            "n" => FkAction::SetNull,
            "d" => FkAction::SetDefault,
            _ => FkAction::NoAction,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: QualName,
    pub table: QualName,
    pub unique: bool,
    /// Access method (`btree`, `gin`, `gist`, `hash`, `brin`, ...).
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<String>,
    /// True when the index backs a primary key or unique constraint; such indexes
    /// are managed through their constraint.
    pub constraint_backed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `NULLS NOT DISTINCT` (a unique index).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// Storage parameters (`fillfactor=70`), as the catalog keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The index of a partitioned table: the name of each partition's index attached to it,
    /// by partition, as read (PostgreSQL names those it makes itself; a partition attached
    /// with an index of its own keeps that one's). Empty where nobody said (a spec): any
    /// name will do.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub partition_indexes: BTreeMap<QualName, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexKey {
    pub expr: KeyExpr,
    /// Operator class, when not the type's default.
    pub opclass: Option<String>,
    pub desc: bool,
    /// NULLS FIRST; PostgreSQL's default is true exactly when `desc`.
    pub nulls_first: bool,
    /// `COLLATE`, when not the column's own (quoted as needed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyExpr {
    /// A plain column, by its (unquoted) name.
    Column(String),
    /// An SQL expression.
    Expr(String),
}

impl Index {
    /// A btree index of nothing yet, not unique, of no constraint (fields to fill).
    pub fn btree(name: QualName, table: QualName) -> Self {
        Index {
            name,
            table,
            unique: false,
            method: "btree".into(),
            keys: Vec::new(),
            include: Vec::new(),
            predicate: None,
            constraint_backed: false,
            comment: None,
            nulls_not_distinct: false,
            options: Vec::new(),
            partition_indexes: BTreeMap::new(),
        }
    }

    /// The names of its columns as PostgreSQL joins them into a name it makes up (an
    /// expression is `expr`; INCLUDE columns count).
    pub fn name_parts(&self) -> String {
        let parts: Vec<String> =
            self.keys.iter().map(IndexKey::name_part).chain(self.include.iter().cloned()).collect();
        parts.join("_")
    }

    /// The name PostgreSQL gives the index of `partition` it makes for this one (not for a
    /// key's), as its `ChooseIndexName` does, without the number it adds when it is taken.
    pub fn partition_index_name(&self, partition: &str) -> String {
        make_object_name(partition, Some(&self.name_parts()), "idx")
    }

    /// The columns of a unique index a foreign key can reference (no predicate, no
    /// expression among its keys), in key order; `None` for any other index.
    pub fn referenceable_columns(&self) -> Option<Vec<String>> {
        if !self.unique || self.predicate.is_some() {
            return None;
        }
        self.keys
            .iter()
            .map(|k| match &k.expr {
                KeyExpr::Column(c) => Some(c.clone()),
                KeyExpr::Expr(_) => None,
            })
            .collect()
    }

    /// Whether an expression among its keys, or its predicate, mentions `column`.
    pub fn reads_in_expressions(&self, column: &str) -> bool {
        let mentions = |e: &str| phaseshift_pg::sqlparse::mentions(e, column);
        self.keys.iter().any(|k| matches!(&k.expr, KeyExpr::Expr(e) if mentions(e)))
            || self.predicate.as_deref().is_some_and(mentions)
    }

    /// Whether it reads `column`: as a key, an included column, in an expression or its
    /// predicate.
    pub fn reads(&self, column: &str) -> bool {
        self.keys.iter().any(|k| matches!(&k.expr, KeyExpr::Column(c) if c == column))
            || self.include.iter().any(|c| c == column)
            || self.reads_in_expressions(column)
    }
}

impl IndexKey {
    /// Splits a key as written in a spec (`created_at DESC NULLS LAST`, `name text_pattern_ops`,
    /// `code COLLATE "C"`, `lower(email)`) into its parts.
    pub fn parse(text: &str) -> IndexKey {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        let mut desc = false;
        let mut nulls: Option<bool> = None;
        let mut opclass = None;
        let mut collation = None;
        loop {
            let n = words.len();
            if n >= 3 && words[n - 2].eq_ignore_ascii_case("nulls") {
                nulls = Some(words[n - 1].eq_ignore_ascii_case("first"));
                words.truncate(n - 2);
            } else if n >= 2 && (words[n - 1].eq_ignore_ascii_case("desc") || words[n - 1].eq_ignore_ascii_case("asc"))
            {
                desc = words[n - 1].eq_ignore_ascii_case("desc");
                words.truncate(n - 1);
            } else if n >= 2 && words[n - 1].to_ascii_lowercase().ends_with("_ops") && !words[n - 1].contains(')') {
                opclass = Some(words[n - 1].to_string());
                words.truncate(n - 1);
            } else if n >= 3 && words[n - 2].eq_ignore_ascii_case("collate") {
                collation = Some(words[n - 1].to_string());
                words.truncate(n - 2);
            } else {
                break;
            }
        }
        let body = words.join(" ");
        let expr = if is_plain_name(&body) {
            KeyExpr::Column(body.trim_matches('"').to_string())
        } else {
            KeyExpr::Expr(body)
        };
        IndexKey { expr, opclass, desc, nulls_first: nulls.unwrap_or(desc), collation }
    }

    /// The name part PostgreSQL uses for a key in a default index name.
    pub fn name_part(&self) -> String {
        match &self.expr {
            KeyExpr::Column(c) => c.clone(),
            KeyExpr::Expr(_) => "expr".to_string(),
        }
    }
}

fn is_plain_name(s: &str) -> bool {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        return true;
    }
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: QualName,
    #[serde(default)]
    pub materialized: bool,
    /// The query, as `pg_get_viewdef` prints it when read from a server.
    pub query: String,
    pub comment: Option<String>,
    /// Options (`security_barrier=true`, `security_invoker=true`, `check_option=cascaded`;
    /// storage parameters of a materialized view), as the catalog keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Comments on its columns: (column, comment), in column order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub column_comments: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_keeps_each_sides_own_objects_only() {
        let mut a = Schema::empty_database();
        let mut b = Schema::empty_database();
        let t = QualName::new("public", "t");
        a.tables.insert(t.clone(), Table::new(t.clone()));
        b.tables.insert(t.clone(), Table::new(t.clone()));
        let u = QualName::new("public", "u");
        b.tables.insert(u.clone(), Table::new(u.clone()));
        b.schema_comments.insert("public".into(), "standard".into());
        let (da, db) = a.differing(&b);
        assert!(da.tables.is_empty() && da.schemas.is_empty() && da.schema_comments.is_empty());
        assert_eq!(db.tables.keys().collect::<Vec<_>>(), vec![&u]);
        assert_eq!(db.schema_comments.len(), 1);
        assert_eq!(a.differing(&a), (Schema::default(), Schema::default()));
    }
}
