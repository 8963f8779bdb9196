//! Objects beyond tables, indexes and views: what a whole-schema diff covers.

use super::QualName;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualName,
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub name: QualName,
    pub base_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub collation: Option<String>,
    /// (name, `CHECK (...)` as pg_get_constraintdef prints it)
    pub checks: Vec<(String, String)>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeType {
    pub name: QualName,
    /// (attribute, type)
    pub attributes: Vec<(String, String)>,
    pub comment: Option<String>,
}

/// A range type (`CREATE TYPE name AS RANGE`). PostgreSQL makes its multirange type and
/// constructor functions with it: they come and go with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeType {
    pub name: QualName,
    /// The element type, as `format_type` prints it.
    pub subtype: String,
    /// Operator class, collation, canonical and difference functions, when not the defaults.
    pub subtype_opclass: Option<String>,
    pub collation: Option<String>,
    pub canonical: Option<String>,
    pub subtype_diff: Option<String>,
    /// The multirange type's name.
    pub multirange: QualName,
    pub comment: Option<String>,
}

/// An extended statistics object (`CREATE STATISTICS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsObject {
    pub name: QualName,
    pub table: QualName,
    /// The plain columns it covers (expressions aside): it goes with any of them.
    pub columns: Vec<String>,
    /// `pg_get_statisticsobjdef`: `CREATE STATISTICS ... ON ... FROM ...`.
    pub definition: String,
    /// `ALTER STATISTICS ... SET STATISTICS n`, when not the default.
    pub target: Option<i32>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collation {
    pub name: QualName,
    pub provider: String,
    pub locale: Option<String>,
    pub lc_collate: Option<String>,
    pub lc_ctype: Option<String>,
    pub deterministic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub name: QualName,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cache: i64,
    pub cycle: bool,
    /// The column that owns the sequence (serial columns, OWNED BY).
    pub owned_by: Option<(QualName, String)>,
    pub comment: Option<String>,
}

impl Sequence {
    /// The largest value a sequence of `data_type` gives by default.
    pub fn type_max(data_type: &str) -> i64 {
        match data_type {
            "smallint" => i16::MAX as i64,
            "integer" => i32::MAX as i64,
            _ => i64::MAX,
        }
    }

    /// The sequence a serial column of `data_type` owns, as `CREATE TABLE` makes it.
    pub fn serial(name: QualName, data_type: &str, owner: (QualName, String)) -> Sequence {
        let max = Sequence::type_max(data_type);
        Sequence {
            name,
            data_type: data_type.to_string(),
            start: 1,
            increment: 1,
            min: 1,
            max,
            cache: 1,
            cycle: false,
            owned_by: Some(owner),
            comment: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualName,
    /// `pg_get_function_identity_arguments`: what tells overloads apart.
    pub identity_args: String,
    /// The input argument types alone (`oidvectortypes`): two definitions with the same
    /// are the same routine to PostgreSQL, whatever their parameters are called.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub arg_types: String,
    /// A SQL-standard body (`BEGIN ATOMIC`, `RETURN`): checked when it is created, so
    /// what it names must exist by then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sql_body: bool,
    /// The routines a SQL-standard body calls, by signature: they cannot be dropped while
    /// it stands, so one created again takes this one with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<String>,
    pub kind: RoutineKind,
    /// `pg_get_functiondef` (CREATE OR REPLACE ...).
    pub definition: String,
    /// The result type, to know when CREATE OR REPLACE cannot change it.
    pub result: String,
    pub comment: Option<String>,
}

impl Function {
    /// `schema.name(args)`, the key of a function in the model.
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.identity_args)
    }

    /// Whether `other` is the same routine to PostgreSQL under another signature (its
    /// parameters renamed): CREATE OR REPLACE cannot do that, it is dropped first.
    pub fn renamed_parameters_of(&self, other: &Function) -> bool {
        !self.arg_types.is_empty()
            && self.name == other.name
            && self.arg_types == other.arg_types
            && self.identity_args != other.identity_args
    }
}

/// An aggregate function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub name: QualName,
    /// `pg_get_function_identity_arguments`: what tells overloads apart.
    pub identity_args: String,
    /// The argument list CREATE AGGREGATE takes (`*` for none; `... ORDER BY ...` for
    /// ordered-set aggregates).
    pub arguments: String,
    pub kind: AggregateKind,
    pub result: String,
    /// What CREATE AGGREGATE says inside the parentheses after the arguments, options at
    /// their defaults left out (`SFUNC = ..., STYPE = ...`).
    pub definition: String,
    /// The functions outside pg_catalog it calls (transition, final, combine, ...).
    pub support: Vec<QualName>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateKind {
    Normal,
    OrderedSet,
    Hypothetical,
}

impl Aggregate {
    /// `schema.name(args)`, its key in the model (the same form as a function's).
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.identity_args)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub table: QualName,
    pub name: String,
    /// `pg_get_triggerdef`
    pub definition: String,
    /// The function it executes.
    pub function: QualName,
    /// `O` origin (enabled), `D` disabled, `R` replica, `A` always.
    pub enabled: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A publication (logical replication): what it publishes, from which tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub name: String,
    /// `FOR ALL TABLES`.
    pub all_tables: bool,
    /// The operations it publishes: `insert`, `update`, `delete`, `truncate`, in that order.
    pub publish: Vec<String>,
    /// `publish_via_partition_root`.
    pub via_root: bool,
    /// The tables it lists, in name order.
    pub tables: Vec<PublishedTable>,
    /// Schemas it publishes whole (`FOR TABLES IN SCHEMA`, PostgreSQL 15 on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A table a publication lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedTable {
    pub table: QualName,
    /// Its row filter (`WHERE`), as PostgreSQL prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Its column list, quoted and comma-separated, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
}

/// An event trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventTrigger {
    pub name: String,
    /// `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, ...
    pub event: String,
    /// The function it executes (it takes no arguments).
    pub function: QualName,
    /// `O` origin (enabled), `D` disabled, `R` replica, `A` always.
    pub enabled: String,
    /// The command tags it fires for (`WHEN TAG IN`), all when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An object of a kind phaseshift does not migrate (a publication, an event trigger, a
/// foreign table, an operator, ...): read so that a difference in it is reported, never
/// passed over.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unmanaged {
    /// `publication`, `event trigger`, `foreign table`, ... as PostgreSQL's documentation
    /// names the kind.
    pub kind: String,
    /// Its schema, for the kinds that live in one.
    pub schema: Option<String>,
    pub name: String,
    /// A text that differs when its definition does (what could hold secrets aside).
    pub definition: String,
    /// A digest of the options that can hold passwords (servers, user mappings): compared,
    /// never shown or written out.
    #[serde(skip_serializing, default)]
    pub secret_digest: Option<String>,
}

impl Unmanaged {
    /// What identifies it on both sides.
    pub fn key(&self) -> (String, Option<String>, String) {
        (self.kind.clone(), self.schema.clone(), self.name.clone())
    }
}

impl std::fmt::Display for Unmanaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{} {s}.{}", self.kind, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// A rewrite rule (`CREATE RULE`) on a table or view, other than the one that makes a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub table: QualName,
    pub name: String,
    /// `pg_get_ruledef`, without its final semicolon: `CREATE RULE ... AS ON ... DO ...`.
    pub definition: String,
    /// `O` origin (enabled), `D` disabled, `R` replica, `A` always.
    pub enabled: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// What its condition and actions read or write (other than its own table).
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub deps: std::collections::BTreeSet<ObjRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub table: QualName,
    pub name: String,
    pub permissive: bool,
    /// `ALL`, `SELECT`, `INSERT`, `UPDATE`, `DELETE`
    pub command: String,
    /// Role names; `PUBLIC` for everyone.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub check: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One privilege granted on one object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub on: GrantOn,
    /// Role name (quoted as needed), or `PUBLIC`.
    pub grantee: String,
    pub privilege: String,
    pub grantable: bool,
}

/// A privilege the owner of an object does not have. Owners hold every privilege on what
/// they own until they revoke some from themselves (`REVOKE UPDATE, DELETE ON audit FROM
/// its owner`, to keep a table append-only even for the role that owns it). Kept apart from
/// grants: it names no role, so that schemas owned by different roles compare alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OwnerRevoked {
    /// A table, sequence, schema, routine or type (never a column: owners' rights are on
    /// the whole object).
    pub on: GrantOn,
    pub privilege: String,
}

/// What a privilege is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum GrantOn {
    /// A table, view, materialized view or foreign table.
    Table {
        name: QualName,
    },
    Column {
        table: QualName,
        column: String,
    },
    Sequence {
        name: QualName,
    },
    Schema {
        name: String,
    },
    /// A function, procedure or aggregate: `identity_args` tell overloads apart (the key of
    /// its signature), `grant_args` are what GRANT names it by.
    Routine {
        name: QualName,
        kind: RoutineKind,
        identity_args: String,
        grant_args: String,
    },
    Type {
        name: QualName,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    Function,
    Procedure,
    Aggregate,
    Window,
}

impl GrantOn {
    /// The object whose privileges a REVOKE on it resets (a column's are its table's).
    pub fn acl_object(&self) -> GrantOn {
        match self {
            GrantOn::Column { table, .. } => GrantOn::Table { name: table.clone() },
            other => other.clone(),
        }
    }

    /// The schema the object is in (a schema's own name for a schema).
    pub fn schema(&self) -> &str {
        match self {
            GrantOn::Table { name } | GrantOn::Sequence { name } | GrantOn::Type { name } => &name.schema,
            GrantOn::Column { table, .. } => &table.schema,
            GrantOn::Routine { name, .. } => &name.schema,
            GrantOn::Schema { name } => name,
        }
    }

    /// `schema.name(args)` of a routine: its key among functions and aggregates.
    pub fn signature(&self) -> Option<String> {
        match self {
            GrantOn::Routine { name, identity_args, .. } => Some(format!("{name}({identity_args})")),
            _ => None,
        }
    }
}

impl std::fmt::Display for GrantOn {
    /// How messages name it: `table public.t`, `function public.f(integer)`, ...
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GrantOn::Table { name } => write!(f, "table {name}"),
            GrantOn::Column { table, column } => write!(f, "column {table}.{column}"),
            GrantOn::Sequence { name } => write!(f, "sequence {name}"),
            GrantOn::Schema { name } => write!(f, "schema {name}"),
            GrantOn::Routine { name, kind, identity_args, .. } => {
                let k = match kind {
                    RoutineKind::Function | RoutineKind::Window => "function",
                    RoutineKind::Procedure => "procedure",
                    RoutineKind::Aggregate => "aggregate",
                };
                write!(f, "{k} {name}({identity_args})")
            }
            GrantOn::Type { name } => write!(f, "type {name}"),
        }
    }
}

/// A default privilege: `ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] GRANT ...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DefaultGrant {
    pub role: String,
    pub schema: Option<String>,
    /// `TABLES`, `SEQUENCES`, `FUNCTIONS`, `TYPES`, `SCHEMAS`
    pub objects: String,
    pub grantee: String,
    pub privilege: String,
    pub grantable: bool,
}

/// An object that a view, materialized view or function body depends on, as the
/// catalog records it (pg_depend through rewrite rules).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ObjRef {
    Relation(QualName),
    Column(QualName, String),
    Function(String),
    Type(QualName),
}
