//! Model against model: the list of changes that turns `from` into `to`.
//!
//! In spec mode (`Scope::Declared`) only what the target declares is compared and nothing
//! is dropped: a spec does not touch what it does not name; it retires objects explicitly.

mod full;

pub use full::{diff_full, Filter};

use crate::model::{
    Collation, Column, CompositeType, Constraint, DefaultGrant, Domain, EnumType, Extension, Grant, Index, Policy,
    QualName, Schema, Sequence, Table, Trigger, View,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Everything about aggregates (see `kinds::aggregate`).
    Aggregate(crate::kinds::aggregate::Change),
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
    AddEnumValues {
        name: QualName,
        values: Vec<(String, Option<String>)>,
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
    DetachPartition {
        table: QualName,
        parent: QualName,
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

/// What a comment is on (for objects whose comments the table-level changes do not cover).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommentOn {
    Schema { name: String },
    View { name: QualName, materialized: bool },
    Column { table: QualName, column: String },
    Type { name: QualName, domain: bool },
    Sequence { name: QualName },
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
            | Change::SetTableComment { table, .. } => format!("table {table}"),
            Change::CreateIndex { index, .. } | Change::ReplaceIndex { to: index, .. } => {
                format!("index {}", index.name)
            }
            Change::CreateView { view } | Change::ReplaceView { to: view, .. } => {
                format!("view {}", view.name)
            }
            other => full::object_of(other),
        }
    }
}

/// Changes that bring `from` to what `to` declares. `to` may be partial: tables list only
/// the columns and constraints to manage.
pub fn diff_declared(from: &Schema, to: &Schema) -> Vec<Change> {
    let mut out = Vec::new();
    // Sequences a spec implies (serial columns) are created when missing.
    for (q, s) in &to.sequences {
        if !from.sequences.contains_key(q) {
            out.push(Change::CreateSequence { s: s.clone() });
        }
    }
    for (q, want) in &to.tables {
        match from.tables.get(q) {
            None => {
                // Constraints that do not depend on other tables go inline; foreign keys are
                // added after all tables exist, which also breaks reference cycles.
                let (fks, inline): (Vec<Constraint>, Vec<Constraint>) = want
                    .constraints
                    .iter()
                    .cloned()
                    .partition(|c| matches!(c.kind, crate::model::ConstraintKind::ForeignKey(_)));
                let mut t = want.clone();
                t.constraints = inline;
                out.push(Change::CreateTable { table: t });
                for c in fks {
                    out.push(Change::AddConstraint { table: q.clone(), constraint: c, new_table: true });
                }
            }
            Some(have) => {
                for c in &want.columns {
                    match have.column(&c.name) {
                        None => out.push(Change::AddColumn { table: q.clone(), column: c.clone() }),
                        Some(hc) => {
                            // What a spec leaves unsaid (collation, comment) stays as it is.
                            let mut c = c.clone();
                            if c.collation.is_none() {
                                c.collation = hc.collation.clone();
                            }
                            if c.comment.is_none() {
                                c.comment = hc.comment.clone();
                            } else if c.comment.as_deref() == Some("") {
                                // Said to have none: compared as none.
                                c.comment = None;
                            }
                            if c.identity_options.is_none() && c.identity == hc.identity {
                                c.identity_options = hc.identity_options.clone();
                            }
                            let mut hc = hc.clone();
                            hc.inherited = false;
                            if !same_column(&hc, &c) {
                                out.push(Change::AlterColumn { table: q.clone(), from: hc, to: c })
                            }
                        }
                    }
                }
                for c in &want.constraints {
                    match have.constraints.iter().find(|h| h.name == c.name) {
                        None => out.push(Change::AddConstraint {
                            table: q.clone(),
                            constraint: c.clone(),
                            new_table: false,
                        }),
                        Some(h) if h.kind != c.kind => {
                            out.push(Change::ReplaceConstraint { table: q.clone(), from: h.clone(), to: c.clone() })
                        }
                        Some(h) if !h.validated && c.validated => {
                            out.push(Change::ValidateConstraint { table: q.clone(), constraint: h.clone() })
                        }
                        Some(_) => {}
                    }
                }
                if let Some(w) = &want.comment {
                    let w = (!w.is_empty()).then(|| w.clone());
                    if w != have.comment {
                        out.push(Change::SetTableComment { table: q.clone(), from: have.comment.clone(), to: w });
                    }
                }
            }
        }
    }
    for (q, want) in &to.indexes {
        match from.indexes.get(q) {
            None => {
                out.push(Change::CreateIndex { index: want.clone(), new_table: !from.tables.contains_key(&want.table) })
            }
            Some(have) if !same_index(have, want) => {
                out.push(Change::ReplaceIndex { from: have.clone(), to: want.clone() })
            }
            Some(_) => {}
        }
    }
    for (q, want) in &to.views {
        match from.views.get(q) {
            None => out.push(Change::CreateView { view: want.clone() }),
            Some(have) if normalize_ws(&have.query) != normalize_ws(&want.query) => {
                out.push(Change::ReplaceView { from: have.clone(), to: want.clone() })
            }
            Some(_) => {}
        }
    }
    out
}

/// Equal but for name and inheritance.
pub(super) fn same_column(a: &Column, b: &Column) -> bool {
    a.data_type == b.data_type
        && a.not_null == b.not_null
        && a.default == b.default
        && a.identity == b.identity
        && a.identity_options == b.identity_options
        && a.generated == b.generated
        && a.collation == b.collation
        && a.comment == b.comment
}

pub(super) fn same_index(a: &Index, b: &Index) -> bool {
    a.table == b.table
        && a.unique == b.unique
        && a.method == b.method
        && a.keys == b.keys
        && a.include == b.include
        && a.predicate == b.predicate
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(';').to_string()
}
