//! Operation -> idempotent SQL. Every statement can run again on a database where it
//! already took effect: IF [NOT] EXISTS where PostgreSQL has it, catalog-guarded DO
//! blocks where it does not, CREATE OR REPLACE for views.
//! Each kind renders its own operations (`kinds::<kind>::render`); this module holds what
//! they share, the rendering of data movement, and the one dispatch.

mod data;

/// What a kind's `render` module needs: the shared helpers and the quoting functions.
pub(crate) mod prelude {
    pub(crate) use super::*;
    pub(crate) use crate::diff::CommentOn;
    pub(crate) use crate::model::{
        Column, Constraint, ConstraintKind, DefaultGrant, Grant, GrantOn, Identity, Index, KeyExpr, QualName,
        RoutineKind,
    };
    pub(crate) use crate::sql::{
        column_definition, constraint_definition, dollar, ident, idents, literal, qual, Statement,
    };
}

/// `ALTER {object} RESET (...)` then `SET (...)`: storage parameters of a table or index
/// (`object`: `TABLE name`, `INDEX name`).
pub(crate) fn storage_parameters(object: &str, set: &[String], reset: &[String]) -> Vec<Statement> {
    let mut out = Vec::new();
    if !reset.is_empty() {
        out.push(Statement::tx(format!("ALTER {object} RESET ({})", reset.join(", "))));
    }
    if !set.is_empty() {
        out.push(Statement::tx(format!("ALTER {object} SET ({})", set.join(", "))));
    }
    out
}

use super::Statement;
use super::{dollar, literal, qual};
use crate::model::QualName;
use crate::plan::Op;

/// `LOCK TABLE <q> IN <mode> MODE`.
pub(crate) fn lock_table(q: &QualName, mode: crate::plan::lock::LockMode) -> String {
    format!("LOCK TABLE {} IN {} MODE", qual(q), mode.as_sql())
}

/// `DO $$ BEGIN IF <cond> THEN <body>; END IF; END $$`
pub(crate) fn guarded(cond: &str, body: &str) -> Statement {
    Statement::tx(format!("DO {}", dollar(&format!("\nBEGIN\n  IF {cond} THEN\n    {body};\n  END IF;\nEND\n"))))
}

pub(crate) fn regclass(q: &QualName) -> String {
    format!("to_regclass({})", literal(&qual(q)))
}

pub(crate) fn comment(target: String, comment: &Option<String>) -> String {
    let value = comment.as_deref().map_or_else(|| "NULL".to_string(), literal);
    format!("COMMENT ON {target} IS {value}")
}

/// The name the sync trigger's functions are keyed by: the original source table, which
/// stays the same when the table moves to the archive.
pub(crate) fn original_source(backfills: &[crate::model::Backfill], fallback: &QualName) -> QualName {
    backfills.first().map_or_else(|| fallback.clone(), |b| b.source.clone())
}

/// The statements for one operation: each kind renders its own.
pub fn render(op: &Op) -> Vec<Statement> {
    match op {
        Op::Aggregate(op) => crate::kinds::aggregate::render(op),
        Op::Statistics(op) => crate::kinds::statistics::render(op),
        Op::Rule(op) => crate::kinds::rule::render(op),
        Op::Publication(op) => crate::kinds::publication::render(op),
        Op::EventTrigger(op) => crate::kinds::event_trigger::render(op),
        Op::Function(op) => crate::kinds::function::render(op),
        Op::Schema(op) => crate::kinds::schema::render::render(op),
        Op::Table(op) => crate::kinds::table::render::render(op),
        Op::Column(op) => crate::kinds::column::render::render(op),
        Op::Constraint(op) => crate::kinds::constraint::render::render(op),
        Op::Index(op) => crate::kinds::index::render::render(op),
        Op::View(op) => crate::kinds::view::render::render(op),
        Op::Data(op) => data::render(op),
        Op::Sql { sql } => vec![Statement::tx(sql.clone())],
        Op::Extension(op) => crate::kinds::extension::render::render(op),
        Op::Type(op) => crate::kinds::types::render::render(op),
        Op::Sequence(op) => crate::kinds::sequence::render::render(op),
        Op::Trigger(op) => crate::kinds::trigger::render::render(op),
        Op::Policy(op) => crate::kinds::policy::render::render(op),
        Op::Privilege(op) => crate::kinds::grant::render::render(op),
        Op::Comment(op) => crate::kinds::comment::render::render(op),
    }
}

pub(crate) fn regtype(q: &QualName) -> String {
    format!("to_regtype({})", literal(&qual(q)))
}
