//! The operations a plan is made of. Each is one idempotent change; the `sql` module
//! renders them. Rollbacks are lists of operations too.

use crate::model::{
    Collation, Column, CompositeType, Constraint, DefaultGrant, Domain, EnumType, Extension, Grant, Index, Policy,
    QualName, Sequence, Table, Trigger, View,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "op", rename_all = "snake_case")]
pub enum Op {
    /// Operations on aggregates (see `kinds::aggregate`).
    Aggregate(crate::kinds::aggregate::Op),
    /// Operations on functions and procedures (see `kinds::function`).
    Function(crate::kinds::function::Op),
    /// Schemas (namespaces).
    Schema(SchemaOp),
    /// Tables as a whole: create, drop, rename, move, options, partitions, inheritance.
    Table(TableOp),
    /// Columns of a table.
    Column(ColumnOp),
    /// Table constraints.
    Constraint(ConstraintOp),
    /// Indexes.
    Index(IndexOp),
    /// Views and materialized views.
    View(ViewOp),
    /// Extensions.
    Extension(ExtensionOp),
    /// Enums, domains, composite types and collations.
    Type(TypeOp),
    /// Sequences.
    Sequence(SequenceOp),
    /// Triggers.
    Trigger(TriggerOp),
    /// Row-level security policies.
    Policy(PolicyOp),
    /// Privileges and default privileges.
    Privilege(PrivilegeOp),
    /// Comments on objects without a kind of their own here.
    Comment(CommentOp),
    /// Data movement: sync triggers, backfills, checks, compatibility views, seeds.
    Data(DataOp),
}

/// Schemas (namespaces).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SchemaOp {
    CreateSchema {
        schema: String,
    },
    /// Drops the schema only if nothing is left in it.
    DropSchemaIfEmpty {
        schema: String,
    },
    DropSchema {
        schema: String,
    },
}

/// Tables as a whole: create, drop, rename, move, options, partitions, inheritance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TableOp {
    CreateTable {
        table: Table,
    },
    DropTable {
        table: QualName,
    },
    RenameTable {
        from: QualName,
        to: QualName,
    },
    /// Moves a table to another schema and/or name (retire to the archive, and back).
    MoveTable {
        from: QualName,
        to: QualName,
    },
    CommentOnTable {
        table: QualName,
        comment: Option<String>,
    },
    SetLogged {
        table: QualName,
        unlogged: bool,
    },
    SetRowSecurity {
        table: QualName,
        enabled: bool,
    },
    SetForceRowSecurity {
        table: QualName,
        forced: bool,
    },
    AttachPartition {
        table: QualName,
        parent: QualName,
        bound: String,
    },
    DetachPartition {
        table: QualName,
        parent: QualName,
    },
    Inherit {
        table: QualName,
        parent: QualName,
        inherit: bool,
    },
}

/// Columns of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ColumnOp {
    AddColumn {
        table: QualName,
        column: Column,
    },
    DropColumn {
        table: QualName,
        column: String,
    },
    /// Drops a column from a parent table only; inheritance children keep theirs.
    DropColumnOnly {
        table: QualName,
        column: String,
    },
    /// `using: None` converts with a plain cast to the new type.
    SetType {
        table: QualName,
        column: String,
        data_type: String,
        collation: Option<String>,
        using: Option<String>,
    },
    SetDefault {
        table: QualName,
        column: String,
        default: Option<String>,
    },
    SetNotNull {
        table: QualName,
        column: String,
    },
    DropNotNull {
        table: QualName,
        column: String,
    },
    AddIdentity {
        table: QualName,
        column: String,
        identity: crate::model::Identity,
        options: Option<String>,
    },
    SetIdentityOptions {
        table: QualName,
        column: String,
        options: Option<String>,
    },
    /// ALWAYS <-> BY DEFAULT, keeping the sequence.
    SetIdentityKind {
        table: QualName,
        column: String,
        identity: crate::model::Identity,
    },
    DropIdentity {
        table: QualName,
        column: String,
    },
    /// Turns a generated column into an ordinary one.
    DropExpression {
        table: QualName,
        column: String,
    },
    RenameColumn {
        table: QualName,
        from: String,
        to: String,
    },
    /// Copies a column's values (with the primary key) into an archive table.
    ArchiveColumn {
        table: QualName,
        column: String,
        key: Vec<String>,
        archive: QualName,
    },
    /// Puts archived values back and drops the archive table.
    RestoreColumn {
        table: QualName,
        column: String,
        key: Vec<String>,
        archive: QualName,
    },
    CommentOnColumn {
        table: QualName,
        column: String,
        comment: Option<String>,
    },
}

/// Table constraints.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ConstraintOp {
    AddConstraint {
        table: QualName,
        constraint: Constraint,
        not_valid: bool,
    },
    /// `CHECK (column IS NOT NULL) NOT VALID`, the first half of an online SET NOT NULL.
    AddNotNullCheck {
        table: QualName,
        column: String,
        name: String,
    },
    ValidateConstraint {
        table: QualName,
        name: String,
    },
    DropConstraint {
        table: QualName,
        name: String,
    },
    /// Turns a unique index into a primary key or unique constraint of the same name.
    ConstraintUsingIndex {
        table: QualName,
        name: String,
        primary: bool,
    },
}

/// Indexes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum IndexOp {
    CreateIndex { index: Index, concurrently: bool },
    DropIndex { index: QualName, concurrently: bool },
}

/// Views and materialized views.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ViewOp {
    CreateView {
        view: View,
    },
    /// Replaces a view's definition; drops and recreates it when its columns change.
    ReplaceView {
        view: View,
    },
    DropView {
        view: QualName,
    },
    DropMaterializedView {
        view: QualName,
    },
}

/// Extensions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ExtensionOp {
    CreateExtension { ext: Extension },
    DropExtension { name: String },
    UpdateExtension { name: String, version: String },
}

/// Enums, domains, composite types and collations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TypeOp {
    CreateEnum {
        e: EnumType,
    },
    /// `ALTER TYPE ... ADD VALUE IF NOT EXISTS` (placed before `before`, else last).
    AddEnumValue {
        name: QualName,
        value: String,
        before: Option<String>,
    },
    RenameType {
        from: QualName,
        to: String,
    },
    /// Points a column at another type through text (`USING col::text::type`).
    RetypeColumnViaText {
        table: QualName,
        column: String,
        type_name: QualName,
    },
    DropType {
        name: QualName,
    },
    CreateDomain {
        d: Domain,
    },
    DropDomain {
        name: QualName,
    },
    SetDomainDefault {
        name: QualName,
        default: Option<String>,
    },
    SetDomainNotNull {
        name: QualName,
        not_null: bool,
    },
    AddDomainCheck {
        name: QualName,
        constraint: String,
        definition: String,
    },
    DropDomainCheck {
        name: QualName,
        constraint: String,
    },
    CreateComposite {
        c: CompositeType,
    },
    AddAttribute {
        name: QualName,
        attribute: String,
        data_type: String,
    },
    DropAttribute {
        name: QualName,
        attribute: String,
    },
    AlterAttributeType {
        name: QualName,
        attribute: String,
        data_type: String,
    },
    CreateCollation {
        c: Collation,
    },
    DropCollation {
        name: QualName,
    },
}

/// Sequences.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum SequenceOp {
    CreateSequence { s: Sequence },
    AlterSequence { s: Sequence },
    SetSequenceOwner { name: QualName, owner: Option<(QualName, String)> },
    DropSequence { name: QualName },
}

/// Triggers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TriggerOp {
    /// `CREATE OR REPLACE FUNCTION` from its full definition.
    CreateTrigger {
        t: Trigger,
    },
    DropTrigger {
        table: QualName,
        name: String,
    },
}

/// Row-level security policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PolicyOp {
    CreatePolicy { p: Policy },
    DropPolicy { table: QualName, name: String },
}

/// Privileges and default privileges.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PrivilegeOp {
    Grant { g: Grant },
    Revoke { g: Grant },
    DefaultPrivilege { g: DefaultGrant, grant: bool },
}

/// Comments on objects without a kind of their own here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CommentOp {
    Comment { on: crate::diff::CommentOn, comment: Option<String> },
}

/// Data movement: sync triggers, backfills, checks, compatibility views, seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DataOp {
    /// The trigger (and its function) that keeps the targets of `backfills` (all reading
    /// `source`) in step with every write to `source`.
    CreateSyncTrigger {
        source: QualName,
        backfills: Vec<crate::model::Backfill>,
    },
    DropSyncTrigger {
        table: QualName,
        source: QualName,
    },
    /// Copies rows in keyset batches (run by the executor; a DO loop in scripts).
    Backfill {
        b: crate::model::Backfill,
    },
    /// Forgets a backfill's checkpoint (its rows stay until the expand phase is undone).
    ForgetBackfill {
        b: crate::model::Backfill,
    },
    /// Undoing a backfill: the rows it copied go (a target only this source fills), so that
    /// a later backfill starts from an empty target and no row deleted from the source
    /// while no sync trigger ran stays behind.
    ClearBackfill {
        b: crate::model::Backfill,
    },
    /// Undoing a backfill that rewrote existing columns in place: their original values
    /// come back; the table of originals is emptied, or dropped with `drop`.
    RestoreOriginals {
        b: crate::model::Backfill,
        drop: bool,
    },
    /// Counts and checksums of source against target; fails when they disagree.
    CheckBackfill {
        b: crate::model::Backfill,
    },
    /// The compatibility view and the INSTEAD OF trigger that routes its writes to the
    /// archived old table.
    CreateCompatView {
        c: crate::model::Compat,
        archived: QualName,
    },
    DropCompatView {
        c: crate::model::Compat,
    },
    /// Undoing contract: rows the new application wrote to the new tables after contract
    /// (no trigger carried them back then) are carried back to the archived old table by
    /// key; without a key to match them by, the undo is refused when the new tables hold
    /// more rows than the old one.
    CarryBack {
        c: crate::model::Compat,
        archived: QualName,
    },
    /// After contract: triggers on the new tables that log the old keys of rows the new
    /// application writes, for [`Op::Data(DataOp::CarryBack)`].
    CreateContractLog {
        c: crate::model::Compat,
        archived: QualName,
    },
    DropContractLog {
        c: crate::model::Compat,
    },
    /// Inserts fixed rows if absent.
    Seed {
        s: crate::model::Seed,
    },
    /// Deletes the fixed rows again (by their key).
    Unseed {
        s: crate::model::Seed,
    },
}

impl Op {
    /// False for statements PostgreSQL refuses inside a transaction block.
    pub fn transactional(&self) -> bool {
        !matches!(
            self,
            Op::Index(IndexOp::CreateIndex { concurrently: true, .. })
                | Op::Index(IndexOp::DropIndex { concurrently: true, .. })
                | Op::Data(DataOp::Backfill { .. })
        )
    }
}
