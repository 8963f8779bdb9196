//! Model against model: the list of changes that turns `from` into `to`.
//!
//! There is one comparison (`compare`). What differs between a spec and a whole schema is
//! the [`Scope`]: a spec declares part of the schema, so its target is first completed from
//! the schema it starts from (nothing it does not name changes, nothing is dropped; a spec
//! retires objects explicitly); a whole schema is compared as it is, within a filter of
//! schemas, and what it lacks is dropped.

pub(crate) mod compare;
mod declared;

pub use compare::Filter;

use crate::model::{
    Collation, Column, CompositeType, Constraint, DefaultGrant, Domain, EnumType, Extension, Grant, Index,
    OwnerRevoked, Policy, QualName, RangeType, Schema, Sequence, Table, Trigger, View,
};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Everything about aggregates (see `kinds::aggregate`).
    Aggregate(crate::kinds::aggregate::Change),
    Statistics(crate::kinds::statistics::Change),
    /// Everything about event triggers (see `kinds::event_trigger`).
    EventTrigger(crate::kinds::event_trigger::Change),
    /// Everything about publications (see `kinds::publication`).
    Publication(crate::kinds::publication::Change),
    /// Objects of kinds phaseshift does not migrate (see `kinds::unmanaged`).
    Unmanaged(crate::kinds::unmanaged::Change),
    /// Everything about rewrite rules (see `kinds::rule`).
    Rule(crate::kinds::rule::Change),
    /// Everything about functions and procedures (see `kinds::function`).
    Function(crate::kinds::function::Change),
    CreateTable {
        table: Table,
    },
    AddColumn {
        table: QualName,
        column: Column,
    },
    AlterColumn {
        table: QualName,
        from: Column,
        to: Column,
    },
    AddConstraint {
        table: QualName,
        constraint: Constraint,
        new_table: bool,
    },
    ReplaceConstraint {
        table: QualName,
        from: Constraint,
        to: Constraint,
        /// Foreign keys that reference the key being replaced: dropped before it and added
        /// again after, in the same step.
        foreign_keys: Vec<ReferencingKey>,
    },
    /// A constraint that stays as it is under a new name (a key's index takes the name too).
    RenameConstraint {
        table: QualName,
        from: String,
        to: String,
    },
    /// The constraint exists as declared but was added NOT VALID and never validated.
    ValidateConstraint {
        table: QualName,
        constraint: Constraint,
    },
    CreateIndex {
        index: Index,
        new_table: bool,
    },
    ReplaceIndex {
        from: Index,
        to: Index,
    },
    /// An index that stays as it is under a new name.
    RenameIndex {
        table: QualName,
        from: QualName,
        to: QualName,
    },
    /// The index of `partition` attached to `parent` named `to`: it was `from`, or is made
    /// in this plan under the name PostgreSQL gives it.
    NamePartitionIndex {
        parent: QualName,
        partition: QualName,
        from: Option<String>,
        to: String,
    },
    CreateView {
        view: View,
    },
    ReplaceView {
        from: View,
        to: View,
    },
    SetTableComment {
        table: QualName,
        from: Option<String>,
        to: Option<String>,
    },

    // Whole-schema diffs (`phaseshift diff`, SQL targets) also create, alter and drop these.
    CreateSchema {
        name: String,
    },
    DropSchema {
        name: String,
    },
    CreateExtension {
        ext: Extension,
    },
    DropExtension {
        ext: Extension,
    },
    AlterExtension {
        from: Extension,
        to: Extension,
    },
    CreateEnum {
        e: EnumType,
    },
    /// New values, each placed before the value it precedes in the target (None: last).
    /// PostgreSQL cannot drop a value: the undo makes the type again as it was (`from`),
    /// converting `columns`.
    AddEnumValues {
        name: QualName,
        values: Vec<(String, Option<String>)>,
        from: EnumType,
        to: EnumType,
        columns: Vec<RetypedColumn>,
    },
    /// Values removed or reordered: a new type replaces the old one in every column.
    RecreateEnum {
        from: EnumType,
        to: EnumType,
        columns: Vec<RetypedColumn>,
    },
    DropEnum {
        e: EnumType,
    },
    CreateDomain {
        d: Domain,
    },
    AlterDomain {
        from: Domain,
        to: Domain,
        /// The columns of the domain, when it is created again (a new base type).
        columns: Vec<RetypedColumn>,
    },
    DropDomain {
        d: Domain,
    },
    CreateComposite {
        c: CompositeType,
    },
    AlterComposite {
        from: CompositeType,
        to: CompositeType,
    },
    DropComposite {
        c: CompositeType,
    },
    CreateRange {
        r: RangeType,
    },
    /// A range type defined otherwise: dropped and created again, which PostgreSQL allows
    /// only while nothing uses it.
    ReplaceRange {
        from: RangeType,
        to: RangeType,
    },
    DropRange {
        r: RangeType,
    },
    CreateCollation {
        c: Collation,
    },
    DropCollation {
        c: Collation,
    },
    CreateSequence {
        s: Sequence,
    },
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    DropSequence {
        s: Sequence,
    },
    DropTable {
        table: Table,
    },
    /// Partitioned <-> plain: PostgreSQL cannot convert a table in place.
    RecreateTable {
        from: Table,
        to: Table,
    },
    DropColumn {
        table: QualName,
        column: Column,
        /// Keep the column in inheritance children (ALTER TABLE ONLY).
        only: bool,
    },
    DropConstraint {
        table: QualName,
        constraint: Constraint,
    },
    DropIndex {
        index: Index,
    },
    DropView {
        view: View,
    },
    /// Dropped and created again (definition or columns changed, or something it depends
    /// on is changing).
    RecreateView {
        from: View,
        to: View,
    },
    SetTableOptions {
        from: Table,
        to: Table,
    },
    AttachPartition {
        table: QualName,
        parent: QualName,
        bound: String,
    },
    /// `bound`: the partition's bound, to attach it again on rollback.
    DetachPartition {
        table: QualName,
        parent: QualName,
        bound: String,
    },
    SetInherits {
        table: QualName,
        add: Vec<QualName>,
        remove: Vec<QualName>,
    },
    CreateTrigger {
        t: Trigger,
    },
    ReplaceTrigger {
        from: Trigger,
        to: Trigger,
    },
    DropTrigger {
        t: Trigger,
    },
    CreatePolicy {
        p: Policy,
    },
    ReplacePolicy {
        from: Policy,
        to: Policy,
    },
    DropPolicy {
        p: Policy,
    },
    Grant {
        g: Grant,
    },
    Revoke {
        g: Grant,
    },
    /// A privilege PostgreSQL gives an object it creates (PUBLIC's EXECUTE on a routine,
    /// USAGE on a type) that the target does not have: revoked right after the creation,
    /// in the same phase.
    RevokeDefault {
        g: Grant,
    },
    /// A privilege the object's owner is to lack (revoked from the owner, whoever it is).
    OwnerRevoke {
        r: OwnerRevoked,
    },
    /// A privilege the owner had revoked from itself, given back.
    OwnerGrant {
        r: OwnerRevoked,
    },
    DefaultGrant {
        g: DefaultGrant,
    },
    DefaultRevoke {
        g: DefaultGrant,
    },
    Comment {
        on: CommentOn,
        from: Option<String>,
        to: Option<String>,
    },
}

/// A column moved to a recreated type, with the defaults to take off and put back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetypedColumn {
    pub table: QualName,
    pub column: String,
    pub old_default: Option<String>,
    pub new_default: Option<String>,
}

/// A foreign key that references a key being replaced, as it is (`from`) and as the
/// target has it (`to`; none when the target drops it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferencingKey {
    pub table: QualName,
    pub from: Constraint,
    pub to: Option<Constraint>,
}

/// What a comment is on (for objects whose comments the table-level changes do not cover).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommentOn {
    Schema { name: String },
    View { name: QualName, materialized: bool },
    Column { table: QualName, column: String },
    Type { name: QualName, domain: bool },
    Sequence { name: QualName },
    Index { table: QualName, name: QualName },
    Constraint { table: QualName, name: String },
    Trigger { table: QualName, name: String },
    Policy { table: QualName, name: String },
}

impl Change {
    /// The object the change is about, for grouping output.
    pub fn object(&self) -> String {
        match self {
            Change::CreateTable { table } => format!("table {}", table.name),
            Change::AddColumn { table, .. }
            | Change::AlterColumn { table, .. }
            | Change::AddConstraint { table, .. }
            | Change::ReplaceConstraint { table, .. }
            | Change::ValidateConstraint { table, .. }
            | Change::RenameConstraint { table, .. }
            | Change::SetTableComment { table, .. } => format!("table {table}"),
            Change::CreateIndex { index, .. } | Change::ReplaceIndex { to: index, .. } => {
                format!("index {}", index.name)
            }
            Change::CreateView { view } | Change::ReplaceView { to: view, .. } => {
                format!("view {}", view.name)
            }
            Change::CreateSchema { name } | Change::DropSchema { name } => format!("schema {name}"),
            Change::CreateExtension { ext }
            | Change::DropExtension { ext }
            | Change::AlterExtension { to: ext, .. } => {
                format!("extension {}", ext.name)
            }
            Change::CreateEnum { e } | Change::DropEnum { e } | Change::RecreateEnum { to: e, .. } => {
                format!("type {}", e.name)
            }
            Change::AddEnumValues { name, .. } => format!("type {name}"),
            Change::CreateDomain { d } | Change::DropDomain { d } | Change::AlterDomain { to: d, .. } => {
                format!("domain {}", d.name)
            }
            Change::CreateComposite { c } | Change::DropComposite { c } | Change::AlterComposite { to: c, .. } => {
                format!("type {}", c.name)
            }
            Change::CreateRange { r } | Change::DropRange { r } | Change::ReplaceRange { to: r, .. } => {
                format!("type {}", r.name)
            }
            Change::CreateCollation { c } | Change::DropCollation { c } => format!("collation {}", c.name),
            Change::CreateSequence { s } | Change::DropSequence { s } | Change::AlterSequence { to: s, .. } => {
                format!("sequence {}", s.name)
            }
            Change::DropTable { table }
            | Change::RecreateTable { to: table, .. }
            | Change::SetTableOptions { to: table, .. } => {
                format!("table {}", table.name)
            }
            Change::DropColumn { table, .. }
            | Change::DropConstraint { table, .. }
            | Change::AttachPartition { table, .. }
            | Change::DetachPartition { table, .. }
            | Change::SetInherits { table, .. } => format!("table {table}"),
            Change::DropIndex { index } => format!("index {}", index.name),
            Change::RenameIndex { to, .. } => format!("index {to}"),
            Change::NamePartitionIndex { partition, to, .. } => {
                format!("index {}", QualName::new(partition.schema.clone(), to.clone()))
            }
            Change::DropView { view } | Change::RecreateView { to: view, .. } => format!("view {}", view.name),
            Change::Function(c) => c.object(),
            Change::Aggregate(c) => c.object(),
            Change::Statistics(c) => c.object(),
            Change::Rule(c) => c.object(),
            Change::Unmanaged(c) => c.object(),
            Change::Publication(c) => c.object(),
            Change::EventTrigger(c) => c.object(),
            Change::CreateTrigger { t } | Change::DropTrigger { t } | Change::ReplaceTrigger { to: t, .. } => {
                format!("table {}", t.table)
            }
            Change::CreatePolicy { p } | Change::DropPolicy { p } | Change::ReplacePolicy { to: p, .. } => {
                format!("table {}", p.table)
            }
            Change::Grant { g } | Change::Revoke { g } | Change::RevokeDefault { g } => {
                format!("privileges on {}", g.on.acl_object())
            }
            Change::OwnerRevoke { r } | Change::OwnerGrant { r } => format!("privileges on {}", r.on),
            Change::DefaultGrant { g } | Change::DefaultRevoke { g } => format!("default privileges of {}", g.role),
            Change::Comment { on, .. } => match on {
                CommentOn::Schema { name } => format!("schema {name}"),
                CommentOn::View { name, .. } => format!("view {name}"),
                CommentOn::Column { table, .. } => format!("table {table}"),
                CommentOn::Type { name, .. } => format!("type {name}"),
                CommentOn::Sequence { name } => format!("sequence {name}"),
                CommentOn::Index { name, .. } => format!("index {name}"),
                CommentOn::Constraint { table, name } => format!("constraint {name} on {table}"),
                CommentOn::Trigger { table, name } => format!("trigger {name} on {table}"),
                CommentOn::Policy { table, name } => format!("policy {name} on {table}"),
            },
        }
    }
}

/// What a diff compares and what it may drop.
#[derive(Debug, Clone)]
pub enum Scope {
    /// A spec: the target names some tables, columns, constraints, indexes, views and the
    /// sequences of serial columns; everything else stays as it is and nothing is dropped
    /// but the privileges the spec takes away.
    Declared { revoked: std::collections::BTreeSet<crate::model::Grant> },
    /// A whole schema (SQL files, a dump, a live database): everything within the filter is
    /// compared, and what the target lacks is dropped.
    Whole(Filter),
}

impl Scope {
    /// The two schemas the comparison sees: for a spec, the target completed from `from`;
    /// for a whole schema, both sides within the filter.
    pub fn sides<'a>(&self, from: &'a Schema, to: &'a Schema) -> (Cow<'a, Schema>, Cow<'a, Schema>) {
        match self {
            Scope::Declared { revoked } => (Cow::Borrowed(from), Cow::Owned(declared::complete(from, to, revoked))),
            Scope::Whole(filter) => (filter.apply(from), filter.apply(to)),
        }
    }

    fn rules(&self) -> compare::Rules {
        match self {
            // A spec's view is replaced in place (CREATE OR REPLACE), so the old
            // application's queries keep their view through the switch.
            Scope::Declared { .. } => compare::Rules { extension_versions: false, replace_views: true },
            Scope::Whole(filter) => {
                compare::Rules { extension_versions: filter.extension_versions, replace_views: false }
            }
        }
    }
}

/// Every change that turns `from` into `to` within `scope`.
pub fn diff(from: &Schema, to: &Schema, scope: &Scope) -> Vec<Change> {
    let (from, to) = scope.sides(from, to);
    diff_sides(&from, &to, scope)
}

/// The comparison of two sides [`Scope::sides`] already made.
pub fn diff_sides(from: &Schema, to: &Schema, scope: &Scope) -> Vec<Change> {
    compare::compare(from, to, &scope.rules())
}

/// Equal but for name and inheritance. The fields are named whole, so that an attribute
/// added to the model is a compile error here until it is compared.
pub(crate) fn same_column(a: &Column, b: &Column) -> bool {
    let Column {
        name: _,
        inherited: _,
        data_type,
        not_null,
        default,
        identity,
        identity_options,
        generated,
        collation,
        comment,
        storage,
        statistics,
        compression,
        options,
    } = a;
    *storage == b.storage
        && *statistics == b.statistics
        && *compression == b.compression
        && *options == b.options
        && *data_type == b.data_type
        && *not_null == b.not_null
        && *default == b.default
        && *identity == b.identity
        && *identity_options == b.identity_options
        && *generated == b.generated
        && *collation == b.collation
        && *comment == b.comment
}

/// Equal but for name, comment (compared on its own) and whether a constraint owns it;
/// named whole, as above.
pub(crate) fn same_index(a: &Index, b: &Index) -> bool {
    let Index {
        name: _,
        comment: _,
        constraint_backed: _,
        // (Compared apart: a partition's index renamed is not the index made again.)
        partition_indexes: _,
        table,
        unique,
        method,
        keys,
        include,
        predicate,
        nulls_not_distinct,
        options,
    } = a;
    *table == b.table
        && *unique == b.unique
        && *method == b.method
        && *keys == b.keys
        && *include == b.include
        && *predicate == b.predicate
        && *nulls_not_distinct == b.nulls_not_distinct
        && *options == b.options
}

/// Same view definition, whitespace aside.
pub(crate) fn same_view(a: &View, b: &View) -> bool {
    a.materialized == b.materialized && a.options == b.options && normalize_ws(&a.query) == normalize_ws(&b.query)
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(';').to_string()
}
