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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub name: QualName,
    /// `pg_get_function_identity_arguments`: what tells overloads apart.
    pub identity_args: String,
    /// `f` function, `p` procedure, `a` aggregate, `w` window.
    pub kind: String,
    /// `pg_get_functiondef` (CREATE OR REPLACE ...), empty for aggregates.
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub table: QualName,
    pub name: String,
    /// `pg_get_triggerdef`
    pub definition: String,
    /// `O` origin (enabled), `D` disabled, `R` replica, `A` always.
    pub enabled: String,
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
}

/// One privilege granted on one object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Grant {
    /// `TABLE`, `SEQUENCE`, `SCHEMA`, `FUNCTION`, `PROCEDURE`, `TYPE`, or `COLUMN`.
    pub object_kind: String,
    /// The object as SQL names it (quoted, qualified; a function with its arguments).
    pub object: String,
    /// For column privileges, the column (quoted).
    pub column: Option<String>,
    /// Role name, or `PUBLIC`.
    pub grantee: String,
    pub privilege: String,
    pub grantable: bool,
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
