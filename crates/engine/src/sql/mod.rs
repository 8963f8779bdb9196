//! The only place SQL text is made. Operations in, statements out; one quoting function
//! for identifiers ([`ident`]) and one for literals ([`literal`]).

pub mod copy;
pub mod data;
pub mod probe;
pub(crate) mod render;
mod script;
pub mod state;
mod statement;
pub mod version;

pub use phaseshift_pg::{dollar, ident, idents, literal};
pub use statement::{units, Statement, Unit};

/// `schema.name`, each part quoted as needed.
pub fn qual(q: &crate::model::QualName) -> String {
    phaseshift_pg::qualified(&q.schema, &q.name)
}
pub use crate::kinds::column::render::{column_definition, converts_via_text};
pub use crate::kinds::constraint::render::constraint_definition;
pub use crate::kinds::index::render::index_definition;
pub use render::render;
pub use script::{
    drop_invalid_index, invalid_index_query, render_plan, script, ConcurrentDetach, PlanFormatError, RenderedPhase,
    RenderedPlan, RenderedStep,
};

pub fn create_database(name: &str) -> String {
    format!("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", ident(name))
}

pub fn drop_database(name: &str) -> String {
    format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", ident(name))
}

pub fn count_rows(table: &crate::model::QualName) -> String {
    format!("SELECT count(*) FROM {}", qual(table))
}

pub const SERVER_VERSION: &str = "SELECT current_setting('server_version_num')::int";

pub const CHECK_BODIES_OFF: &str = "SET check_function_bodies = off";
pub const RESET_SESSION: &str = "RESET ALL";

pub const EXPORT_SNAPSHOT: &str = "SELECT pg_catalog.pg_export_snapshot()";

pub fn set_transaction_snapshot(id: &str) -> String {
    format!("SET TRANSACTION SNAPSHOT {}", literal(id))
}

/// Names (unquoted) of the tables in the archive schema.
pub const ARCHIVED_TABLES: &str = "SELECT c.relname::text FROM pg_catalog.pg_class c \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = 'phaseshift_archive' AND c.relkind IN ('r', 'p') ORDER BY 1";

pub fn drop_archived(table: &str) -> String {
    format!("DROP TABLE IF EXISTS {}", qual(&crate::model::QualName::new(crate::model::ARCHIVE_SCHEMA, table)))
}

/// A whole schema as SQL, every object created in dependency order: what `diff` shows as a
/// unified diff, and the text a database given as a desired state is kept and
/// checksummed by.
pub fn schema_text(s: &crate::model::Schema) -> Result<String, crate::plan::PlanError> {
    // Objects phaseshift does not migrate have no SQL of its making: they are listed after.
    let mut s = s.clone();
    let unmanaged = std::mem::take(&mut s.unmanaged);
    let plan =
        render_plan(&crate::plan::plan_full(&crate::model::Schema::default(), &s, &crate::diff::Filter::default())?);
    let mut out = String::new();
    for st in plan.phases.iter().flat_map(|p| &p.steps).flat_map(|st| &st.statements) {
        out.push_str(&st.sql);
        out.push_str(";\n");
    }
    for u in unmanaged.values() {
        out.push_str(&format!("-- not migrated by phaseshift: {u}: {}\n", u.definition));
    }
    Ok(out)
}
