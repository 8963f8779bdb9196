//! The engine: compare ([`diff`]), plan ([`plan`], pure) and render ([`sql`], the only place
//! SQL text for changes is made). No I/O.

pub mod diff;
pub mod kinds;
pub mod plan;
pub mod sql;

mod flow;

use phaseshift_model as model;
use phaseshift_pg::sqlparse;
